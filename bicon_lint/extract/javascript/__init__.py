"""``biconnector.*`` calls written in JavaScript and TypeScript (``.js``, ``.mjs``, ``.cjs``,
``.jsx``, ``.ts``, ``.mts``, ``.cts``, ``.tsx``), read with tree-sitter (the javascript grammar,
which accepts JSX; the typescript and tsx grammars).

Call styles recognised (the method must be a literal string, or a ``const`` of this file that
holds one; anything else is skipped, never judged):

* ``BX24.callMethod('biconnector.connector.add', params, callback)`` (also ``window.BX24``, and
  the ``bx24-api`` wrapper, usually imported as ``BX24``) and ``BX24.callBatch(calls, ...)``.
* ``BX.rest.callMethod(method, params, ...)`` and ``BX.rest.callBatch(calls, ...)``.
* b24jssdk (``@bitrix24/b24jssdk``): ``$b24.actions.v2.call.make({method, params, requestId})``,
  ``$b24.actions.v2.batch.make({calls})``, ``$b24.actions.v2.batchByChunk.make({calls})``, and
  the older ``$b24.callMethod(method, params)``, ``$b24.callBatch(calls)``,
  ``$b24.callBatchByChunk(calls)`` (a receiver named ``$b24`` or ``b24``, or any receiver in a
  file that imports the SDK). ``actions.v3`` calls the REST v3 API: not recognised.
* Batch commands, in every batch style: ``['biconnector.x', params]`` or ``{method, params}``, in
  a list or as the values of an object; one :class:`Call` per ``biconnector.*`` command, whose
  span is the command's.
* Any other call ``anything.call('biconnector.connector.add', {...})`` or ``callB24(...)``: a
  literal method that bicon-lint knows (``methods.lookup``) and an object as second argument
  (``console.*`` and ``log``/``info``/``warn``/``error``/``debug`` calls are not calls).
* ``fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'}, body:
  JSON.stringify(params)})`` and ``fetch(url, {method: 'POST', body: new URLSearchParams(params)})``;
  ``axios.post(url, params)`` and ``axios.post(url, new URLSearchParams(params))``. The URL is a
  string or a template literal whose literal end is ``/biconnector.x.y`` (``.json``/``.xml``
  stripped, as the server does), or ``${hook}biconnector.x.y``. A JSON body without a literal JSON
  ``Content-Type`` (fetch sends ``text/plain``), ``axios.post`` with a config of its own, and any
  other body are skipped. A query string in the URL may add params: the root is partial.

Arguments: the params are the second argument (``params`` of the v2 options object, the second
item or ``params`` of a batch command); no params is ``{}``.

Encodings, and what each SDK does to JavaScript values before the server sees them. The core
encodes params by PHP's ``http_build_query`` rules (``transport.as_sent``); where an SDK writes a
value otherwise, this module converts the value itself, so that the core's encoding reproduces
what the SDK sends:

+------------------------+----------+-----------------------------------------------------------+
| style                  | encoding | source (repository, path, function)                       |
+========================+==========+===========================================================+
| ``BX24.callMethod``,   | form,    | BX24.js as served from ``api.bitrix24.com/api/v1/``, a    |
| ``BX24.callBatch``     | batch    | copy: ``aak74/tasks`` ``_api/v1.js``, ``ajax``            |
|                        |          | (``application/x-www-form-urlencoded`` POST) and          |
|                        |          | ``ajax.prepareData``: ``true``/``false`` → ``"true"``/     |
|                        |          | ``"false"``, numbers as JavaScript writes them            |
|                        |          | (``1e+21``), ``undefined`` → ``"undefined"``, ``null``    |
|                        |          | left out, ``[]`` → ``""``, ``{}`` left out, and in each   |
|                        |          | object the scalar members first, then the objects.        |
|                        |          | ``callBatch`` turns each command into                     |
|                        |          | ``method?prepareData(params)``.                           |
+------------------------+----------+-----------------------------------------------------------+
| ``BX.rest.callMethod``,| form,    | ``avshatalov48/bitrix-core-business``                     |
| ``BX.rest.callBatch``  | batch    | ``modules/rest/install/js/rest/client/rest.client.js``,   |
|                        |          | ``ajax.prepareData``: as BX24.js, but booleans → ``1``/   |
|                        |          | ``0``.                                                    |
+------------------------+----------+-----------------------------------------------------------+
| b24jssdk call          | json     | ``bitrix24/b24jssdk``                                     |
| (``actions.v2.call``,  |          | ``packages/jssdk/src/core/http/abstract-http.ts``,        |
| ``callMethod``)        |          | ``_makeAxiosRequest``: ``axios.post(url, params)``, a     |
|                        |          | JSON body (``JSON.stringify``).                           |
+------------------------+----------+-----------------------------------------------------------+
| b24jssdk batch         | batch    | ``bitrix24/b24jssdk`` ``packages/jssdk/src/core/          |
| (``actions.v2.batch``, |          | interaction/batch/processing/v2/abstract-processing.ts``, |
| ``batchByChunk``,      |          | ``_buildRow``: ``method?qs.stringify(params)``            |
| ``callBatch``)         |          | (``payloadcms/qs-esm`` ``lib/stringify.js``): booleans →  |
|                        |          | ``"true"``/``"false"``, ``null`` → ``""``, ``undefined``, |
|                        |          | ``[]`` and ``{}`` left out.                               |
+------------------------+----------+-----------------------------------------------------------+
| ``fetch``/``axios``    | json     | ``JSON.stringify`` (axios stringifies an object itself).  |
| with a JSON body       |          |                                                           |
+------------------------+----------+-----------------------------------------------------------+
| ``new URLSearchParams``| form     | WHATWG URL: each value converted to a string (``true`` →  |
| body                   |          | ``"true"``, ``null`` → ``"null"``, an array joined with   |
|                        |          | ``,``, an object ``"[object Object]"``); a key with       |
|                        |          | ``[``, ``.`` or a space (PHP would nest or rename it)     |
|                        |          | makes the whole params unknown.                           |
+------------------------+----------+-----------------------------------------------------------+
| any other client       | json     | unknown client: the params are judged as written, types   |
|                        |          | kept (a guess of form would report ``true`` as an error   |
|                        |          | the client may never send).                               |
+------------------------+----------+-----------------------------------------------------------+

JSON (``JSON.stringify``): an ``undefined`` member is left out, an ``undefined`` array item is
``null``; an integral number below ``1e21`` is an integer (``1.0`` is written ``1``).

Values: strings with every escape (``\\xHH``, ``\\uHHHH``, ``\\u{...}``, legacy octal, line
continuations; surrogate pairs joined), template literals without substitutions, numbers in every
literal form (separators, hex, octal, binary, legacy octal, exponents, leading dot) as doubles,
unary ``-``/``+``, ``+`` of constants (string concatenation by JavaScript's rules), ``true``,
``false``, ``null``, ``undefined``, objects (quoted, unquoted and numeric keys; the last duplicate
wins in the place of the first, integer keys first as JavaScript orders them, ``__proto__:`` is
not a member), arrays; parentheses, ``await`` and TypeScript's ``as``, ``satisfies``, ``!`` and
``<T>`` are looked through. An identifier (also a shorthand member ``{ title }``) is followed when
the whole file binds that name exactly once, in a declaration with a value (``const``, ``let`` or
``var``), and never writes into it (``x.a = ``, ``x.push(...)``, ``delete x.a``,
``Object.assign(x, ...)``); a call ``makeFields()`` of a function bound once in the file with one
``return``, at the top of its body (or an arrow function's expression body), is followed to what
it returns. The method name is as written (the SDKs strip nothing); a URL's ``.json``/``.xml``
is dropped, as the server does.

Unknown (``Unknown``, never judged): anything else, e.g. parameters, properties, calls, template
literals with substitutions, BigInt, methods in objects, an array with holes or a spread, and any
expression holding a parse error. An object with a spread is partial (its members before the
spread are unknown, those after stay known); a computed key is dropped and makes the object
partial. A mutation through another name, or inside a called function, is not seen.

Guards against hostile files: values and followed names nest at most 64 deep, a constant
concatenation is at most 2**20 characters, and a file evaluates at most 20,000 values plus 4 per
character of its text (values may share parts exponentially); beyond, values are unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Language, Node, Parser

from bicon_lint.extract.build import Extracted, suppressions
from bicon_lint.extract.javascript.calls import _Calls
from bicon_lint.extract.javascript.scope import _Scope
from bicon_lint.extract.javascript.values import _File

_LANGUAGES: Final = {
    "javascript": Language(tree_sitter_javascript.language()),
    "typescript": Language(tree_sitter_typescript.language_typescript()),
    "tsx": Language(tree_sitter_typescript.language_tsx()),
}


def _walk(root: Node) -> Iterator[Node]:
    """Every named node, in the order written."""
    cursor = root.walk()
    while True:
        node = cursor.node
        if node is not None and node.is_named:
            yield node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


def extract(text: str, kind: str) -> Extracted:
    """Every ``biconnector.*`` call written in ``text`` (``kind``: javascript, typescript or tsx),
    in the order written, and the suppression comments."""
    tree = Parser(_LANGUAGES[kind]).parse(text.encode("utf-8", "surrogatepass"))
    scope = _Scope()
    comments: list[Node] = []
    candidates: list[Node] = []
    for node in _walk(tree.root_node):
        if node.type == "comment":
            comments.append(node)
        elif node.type == "call_expression":
            candidates.append(node)
        scope.visit(node)
    file = _File(text, scope)
    ignores: dict[int, tuple[str, ...] | None] = {}
    for comment in comments:
        suppressions(file.source(comment), comment.start_point.row + 1, ignores)
    calls = _Calls(file)
    for candidate in candidates:
        calls.visit(candidate)
    return Extracted(calls.found, ignores)
