"""``biconnector.*`` calls written in Go, with the params as the program writes them.

Call styles
-----------
Any call whose arguments hold a method name, a string literal that is a whole method name
``biconnector.<part>[.<part>...]`` (any case), followed by one more argument, the params. The
official Go SDK, ``github.com/bitrix24/b24gosdk`` (imported as ``b24``), is called that way, and so
are the clients people write themselves:

========================================================  ==========================  ========
shape (``m``: the method, ``p``: the params)              style                       encoding
========================================================  ==========================  ========
``client.Core().Call(ctx, m, p, b24.WithIdempotent())``   ``b24gosdk Core.Call``      json
``client.Core().CallJSON(ctx, m, p)``                     ``b24gosdk Core.CallJSON``  json
``client.Core().Pages(m, p)``, ``.Scan(m, p)``            ``b24gosdk Core.Pages``...  json
``batch.Add(m, p)``                                       ``b24gosdk Batch.Add``      batch
``batch.AddAs("name", m, p)``                             ``b24gosdk Batch.AddAs``    batch
``rest.Do(ctx, m, p)``, ``callMethod(m, p)`` (any other)  ``Go Do()`` (its name)      json
========================================================  ==========================  ========

The method is the literal's value, as written. It may also be a name (a ``const`` or ``var``) bound
once in the file to such a literal, but only as an argument of the SDK's functions above: elsewhere
a name next to another argument is too often something else (``log.Println(method, err)``). A
method that is neither, such as a constant from another file, is never judged. Not calls: those to
``fmt``, ``log``, ``errors`` and the like (``log.Printf("biconnector.source.add", id)``), a method
with no argument after it, a callback after it (``t.Run(m, func...)``), and ``CallMultipart`` (file
uploads), whose multipart body could not be read in the SDK (below), nor the fake portal of the
SDK's ``b24test`` (``p.On(m, ...)``, ``p.OnError(m, code, text)``); nor a method followed by a
string, number or boolean, which no SDK takes as params.

Encodings, and where they come from
-----------------------------------
The SDK's source is not among the stored public copies this was written from (``bitrix24/b24gosdk``
could not be fetched, and no Go module can be downloaded here), so its HTTP call could not be read.
What its official page says instead (``bitrix24/b24restdocs``, ``sdk/b24gosdk/index.md``):

* ``Call``/``CallJSON``/``Pages``/``Scan`` send **JSON** (inferred from the docs, not read in the
  SDK: likely, not certain). ``b24.Params`` "is a short name for ``map[string]any``" (a Go value,
  not a form), the page's ``b24.ID`` "parses both variants and serializes back as a number" (a
  ``json.Marshaler``: only a JSON body keeps that number a number), "files travel as base64 inside
  the request parameters" apart from the separate ``CallMultipart``, and the same page sets the
  *installation event*, which "arrives in the form format rather than as JSON", apart from the SDK's
  own requests. Every Go example of the official docs nests maps, lists, ints and bools in one
  ``b24.Params`` the way a JSON body carries them. Unknown call styles default to JSON for the same
  reason: Go's ``encoding/json`` is how a Go program turns a ``map[string]any`` into a body.
* ``Batch.Add``/``AddAs`` are **batch** commands: the REST ``batch`` method takes each ``cmd`` as a
  ``method?query`` string (``CRestUtil::ParseBatchQuery``, ``rest/classes/general/rest_util.php``,
  and ``settings/how-to-call-rest-api/batch.md`` of the same docs), whatever carries the outer
  request; the page describes ``b24.NewBatch`` with ``$result`` chains (``b24.Ref``) and
  ``CallBatch``.

Params
------
Go values map to JSON the way ``encoding/json`` writes them, which is how the server sees them:

* ``b24.Params{...}``, ``map[string]any{...}``, ``map[string]interface{}{...}``, ``map[string]T{}``
  and types declared in the file as such maps → dict. Keys are string literals or other constant
  strings (a constant concatenation, a name bound once to a string); any other key is computed: the
  map is partial (:meth:`Builder.incomplete`), the member is dropped and members written before it
  become unknown (a run-time key may replace them). A ``Params`` literal with a key that is a bare
  name bound nowhere in the file is a struct literal in disguise: unknown.
* ``[]T{...}`` and ``[...]T{...}`` → list; an element written with an index key → the list is
  unknown. Elided inner literals (``[]b24.Params{{...}}``, ``map[string][]string{"a": {"x"}}``)
  take the element type of their container.
* Interpreted strings with every Go escape (``\\n``, ``\\xHH``, octal ``\\NNN``, ``\\uHHHH``,
  ``\\UHHHHHHHH``, ...), bytes that are not UTF-8 becoming U+FFFD each, as ``encoding/json`` writes
  them; raw strings in backquotes, without their ``\\r``; ``+`` of constant strings.
* Integers in every form (``0x``, ``0o``, ``0b``, a leading ``0`` for octal, ``_`` separators);
  floats, hex floats included. ``encoding/json`` writes a float64 with no fractional part below
  1e21 without a fraction (``100.0`` goes as ``100``), so such a float is the int the server
  decodes. Unary ``-``/``+`` on numbers, ``!`` on booleans.
* The predeclared ``true``, ``false``, ``nil`` (unless the file binds that name); ``nil`` as the
  whole params is an empty map (no params at all).
* A name bound exactly once in the file (``fields := ...``, ``var fields = ...``,
  ``const Title = ...``; parameters, range variables, ``x++`` and every ``=`` count as bindings) is
  followed to its value. A map is a reference, so what the program does to it later counts:
  ``fields["k"] = v`` (a literal key) adds ``k`` with an unknown value and makes the map partial;
  anything else that could change it (``delete``, ``fields[k]``, a deeper index, ``&fields``,
  passing it to a function other than ``fmt``/``log``/``json``-style readers or the call itself,
  aliasing it to another name) makes the whole value unknown.
* A call to a function (or method, by a name declared once in the file) with exactly one
  ``return`` of one value is followed to that value, its parameters being unknown.

Unknown (``b.runtime``): runes, imaginary numbers, ``iota``, conversions, calls to anything else
(``os.Getenv``, ``fmt.Sprintf``), ``x + "/check"`` with an unknown side, struct literals, pointers,
fixed-length arrays, selectors, indexing, and any expression holding a parse error.
"""

from __future__ import annotations

from typing import Final

import tree_sitter_go
from tree_sitter import Language, Parser

from bicon_lint.extract.build import Extracted
from bicon_lint.extract.go.calls import _File

_LANGUAGE: Final = Language(tree_sitter_go.language())


def extract(text: str, kind: str) -> Extracted:
    """Every ``biconnector.*`` call in the Go source ``text``, and its suppression comments.

    >>> text = 'c.Core().Call(ctx, "biconnector.connector.get", b24.Params{"id": 4})'
    >>> [(call.method, call.params, call.encoding) for call in extract(text, "go").calls]
    [('biconnector.connector.get', {'id': 4}, 'json')]
    """
    del kind  # one grammar for every .go file
    source = text.encode("utf-8", "surrogatepass")
    tree = Parser(_LANGUAGE).parse(source)
    return _File(text, tree.root_node).extract()
