"""PHP: the ``biconnector.*`` calls of a PHP file, with their params as PHP evaluates the literals.

Call styles recognised (``style`` in brackets):

* CRest (``CRest::call``): ``CRest::call('biconnector.connector.add', $params)``, also through a
  class of the same file that extends ``CRest`` (``self::call``, ``static::call``, ``MyRest::call``).
  The params are the second argument (``[]`` when it is left out).
* CRest batch (``CRest::callBatch``): ``CRest::callBatch([$key => ['method' => ..., 'params' =>
  [...]], ...])``; each ``biconnector.*`` command is a call of its own whose params are its
  ``params`` (``[]`` when absent). CRest sends only the first 50 commands that name a method.
* b24phpsdk core (``b24phpsdk core->call``): ``...->core->call('biconnector...', $params)``; and any
  other ``->call(...)`` / ``->callMethod(...)`` / ``X::call(...)`` whose first argument is the
  method name (``->call``, ``->callMethod``, ``::call``: a generic client).
* b24phpsdk services (``b24phpsdk connector()->add`` ...): ``->connector()``, ``->source()`` and
  ``->dataset()`` of ``->getBiconnectorScope()``, or of a variable or ``$this->property`` that holds
  one (every assignment in the file agreeing), or a parameter or property typed with the SDK class
  (resolved through ``use``). The SDK sends:

  ======================================  ===============================================
  service method                          REST method and params
  ======================================  ===============================================
  ``add(array $fields)``                  ``.add`` ``['fields' => $fields]``
  ``update(int $id, array $fields)``      ``.update`` ``['id' => $id, 'fields' => $fields]``
  ``get(int $id)`` / ``delete(int $id)``  ``.get`` / ``.delete`` ``['id' => $id]``
  ``fields()``                            ``.fields`` ``[]``
  ``list($order = [], $filter = [],``     ``.list`` ``['order', 'filter', 'select']``, and
  ``$select = [], int $page = 1)``        ``'page'`` for connectors only
  ``dataset()->updateFields(int $id,``    ``biconnector.dataset.fields.update`` ``['id' => $id]``
  ``$add = [], $update = [], $delete``    plus ``add``, ``update``, ``delete`` when ``!== []``
  ``= [])``
  ``->batch->add(array $items)``          one ``.add`` command ``['fields' => $item]`` per item
  ``->batch->update(array $items)``       one ``.update`` command per ``$id => ['fields' => ...,
                                          'params' => ...]`` (``id``, ``fields``, ``params``)
  ``->batch->delete(array $ids)``         one ``.delete`` command ``['id' => $id]`` per id
  ======================================  ===============================================

  The SDK throws before sending when a batch item breaks its rules (an id that is not an int, an
  update item without ``fields``): such a batch is not reported. An ``int $id`` argument that is
  not an int literal is unknown (PHP's coercion of it is not modelled); an ``array`` argument that
  is a known non-array is a ``TypeError``: that call is not reported. ``->batch->list()`` and
  ``count()`` page through lists with parameters of the SDK's own and are not reported.
* Raw HTTP (``http_build_query``): ``http_build_query($params)`` whose result is sent to a URL
  naming the method as its last path segment (``.../rest/.../biconnector.connector.add``, optional
  ``.json``, a query string after it), when the URL is in the same statement, or in a variable
  assigned once that the statement uses (``curl_init($url)`` assigned to the handle, or one
  ``curl_setopt($ch, CURLOPT_URL, $url)`` for it), or in the one statement that uses the variable
  the query was assigned to. The URL's known text must show ``/rest/`` before the method, or be a
  literal that starts with the method right after a value only known at run time (``$webhook .
  'biconnector.source.add.json'``). More than one method named there: not reported.

Encodings, from each SDK's own source (repository, file, function; the commit read):

=====================  ========  ==============================================================
style                  encoding  source
=====================  ========  ==============================================================
CRest::call            form      bitrix-tools/crest ``src/crest.php`` ``CRest::callCurl``
                                 (0a3a4d2): ``$sPostFields = http_build_query($arParams
                                 ['params'])``, the POST body (a webhook's URL query)
CRest::callBatch       batch     same file, ``CRest::callBatch``: ``$arDataRest['cmd'][$key] =
                                 $data['method'] . '?' . http_build_query($data['params'])``
                                 for the first ``BATCH_COUNT`` (50) commands naming a method
b24phpsdk core,        json      bitrix24/b24phpsdk ``src/Core/ApiClient.php``
services                         ``ApiClient::getResponse`` (32027b2): ``'json' => $parameters``
                                 (Symfony HttpClient's JSON body); the services call
                                 ``$this->core->call`` in ``src/Services/Biconnector/Connector/
                                 Service/Connector.php`` (788ab03), ``Source/Service/Source.php``
                                 (51fb4bb), ``Dataset/Service/Dataset.php`` (3d867ad), built by
                                 ``BiconnectorServiceBuilder`` (ceaa9cc)
b24phpsdk batch        batch     ``src/Core/Batch.php`` ``Batch::convertToApiCommands``
                                 (32027b2): ``sprintf('%s?%s', $apiMethod, http_build_query(
                                 $command->getParameters()))``; items from ``Biconnector/*/
                                 Service/Batch.php`` (``add``: ``['fields' => $item]``) and
                                 ``Core/Batch::updateEntityItems`` (``id``, ``fields``,
                                 ``params``), ids checked by ``Biconnector/*/Batch.php``
                                 ``deleteEntityItems`` (``is_int``)
generic ->call         json      assumed: a client of unknown source is read as the b24phpsdk
                                 core (JSON keeps types: no finding of form encoding is claimed)
http_build_query       form      PHP's ``http_build_query``
=====================  ========  ==============================================================

``ApiClient::getResponse`` lower-cases the method name (``strtolower($apiMethod)``), so the b24phpsdk
core and services report it lower-cased; the others as written.

Values: PHP's literals exactly (single-quoted, double-quoted and heredoc escapes, nowdoc, every
integer and float form, integer overflow to float, ``true``/``false``/``null`` in any case,
``array()``/``[]`` with PHP's key casts and auto-increment, spreads, ``+`` of two arrays, ``.`` of
constants, unary ``-``/``+``/``!``); a variable assigned exactly once in the file (before the use, in the same
function, or captured by value by a closure), a function or method of the file with exactly one
``return``, and constants (``const``, ``define``, class constants) defined once in the file are
followed. A variable also changed in place (``$a['k'] = ...``, ``$a[] = ...``, ``.=``, ``++``,
``unset``, a ``foreach`` or ``list()`` target, a reference, an argument of a by-reference parameter
of PHP's array functions or of the file's own functions) is not followed. Everything else
(parameters, properties, interpolation, other calls, casts, arithmetic, ``??``, ternaries) is a
value only known at run time, and so are a string that is not UTF-8, an infinite float, an
expression with a syntax error in it, a key written after only negative int keys (PHP 8.3 changed
the next key), a list with a spread only known at run time, and the members an unknown spread
may override (its array is incomplete; a computed key's member is dropped from it). Text without
an open tag (a Markdown code block) is read as PHP code throughout.
"""

from __future__ import annotations

import re
from typing import Final

import tree_sitter_php
from tree_sitter import Language, Parser

from bicon_lint.extract.build import Extracted
from bicon_lint.extract.php.calls import _Calls
from bicon_lint.extract.php.file import _File

_PHP: Final = Language(tree_sitter_php.language_php())
_PHP_ONLY: Final = Language(tree_sitter_php.language_php_only())
_OPEN_TAG: Final = re.compile(r"<\?(?:php|=)", re.IGNORECASE)


def extract(text: str, kind: str) -> Extracted:
    """Every ``biconnector.*`` call written in the PHP ``text``, in order, and the suppression
    comments. Text without an open tag (a Markdown code block) is read as PHP code throughout."""
    source = text.encode("utf-8", "surrogatepass")
    language = _PHP if _OPEN_TAG.search(text) else _PHP_ONLY
    tree = Parser(language).parse(source)
    file = _File(text, source, tree.root_node)
    return Extracted(_Calls(file).run(), file.ignores)
