"""Calls to ``biconnector.*`` methods written in Python, read with the standard library's ``ast``.

Call styles recognised, and how their arguments become the REST params:

* **b24pysdk scopes** (1.3): ``<anything>.biconnector.<entity>.<action>(...)``, with or without
  ``.call()`` / ``.response`` / ``.result`` after it. Entities and actions are those b24pysdk 1.3
  defines (``scopes/biconnector/_base_biconnector.py``, ``dataset/__init__.py``,
  ``dataset/fields.py``): ``connector`` and ``source`` with ``fields add get list update
  delete``; ``dataset`` with ``add get list update delete fields_update`` and the callable
  ``dataset.fields()`` / ``dataset.fields.update(...)``. 1.3 has no ``table`` entity, so
  ``.biconnector.table.add(...)`` fails in the SDK and is not read. The method is the path plus
  the action in camelCase (``scopes/_base_context.py`` ``BaseContext._get_api_method``,
  ``utils/case.py`` ``snake_to_camel``): ``dataset.fields_update`` calls
  ``biconnector.dataset.fieldsUpdate``. Arguments bind as the SDK's signatures do (positional in
  its order, or by keyword; ``timeout`` is no param); ``bitrix_id`` is sent as ``id``; the
  keyword-only ``select filter order page`` and ``add update delete`` are sent only when given
  (the SDK's ``MISSING``; an explicit ``None`` is sent), in the SDK's order; ``select``, ``add``,
  ``update``, ``delete`` go through ``list()``, so only a list or tuple stays known. A call the
  SDK refuses with a ``TypeError`` (unknown keyword, missing or extra argument) sends nothing
  and is not read. Its runtime type checks (``utils/functional.py`` ``type_checker``) are not
  modelled.
* **b24pysdk tokens**: ``<anything>.call_method(api_method, params)``, ``call_list`` (its first
  request is that call) and the keyword-only function ``call_method(..., api_method=, params=)``.
* **Batches**: ``<anything>.call_batch(methods)`` / ``call_batches`` with a list, tuple or dict of
  ``(api_method, params)`` pairs (token level) or of b24pysdk scope calls (client level,
  ``client.call_batch([client.biconnector.connector.add(...)])``): one call per command.
* **Generic clients**: ``<anything>.call("biconnector.…", {...})`` with a dict of params (no
  other arguments than ``params``/``items`` and ``raw``): fast_bitrix24's ``Bitrix.call`` when
  the file imports ``fast_bitrix24``, a JSON client otherwise.
* **Plain HTTP**: ``<x>.post|put|patch|get(url, json= | data= | params=)`` and ``<x>.request(verb,
  url, ...)`` (requests, httpx, sessions) when the URL's literal tail names the method after a
  ``/``: ``f"https://{domain}/rest/biconnector.connector.add"``,
  ``BASE + "/biconnector.source.add.json"``. ``params=`` is the query string: its keys join the
  body's, which win (``array_replace`` in ``CRestUtil::getRequestData``,
  ``rest/classes/general/rest_util.php``). A query string written in the URL makes the params
  partial.

Encodings, from each library's source:

=============================== ======== =========================================================
style                           encoding decided in
=============================== ======== =========================================================
b24pysdk scope call             json     b24pysdk 1.3.2 ``api/requesters/bitrix_api_requester.py``
                                         ``BitrixAPIRequester._request``: ``requests.post(url=…,
                                         json=self._params)``, reached from ``credentials/
                                         bitrix_token.py`` ``BitrixToken.call_method`` →
                                         ``api/callers/call_method.py`` ``call_method`` →
                                         ``api/callers/call.py`` ``call``
b24pysdk ``call_method``        json     the same path
b24pysdk ``call_batch``         batch    ``api/callers/call_batch.py`` ``_BatchCaller._cmd``:
                                         ``f"{api_method}?{encode_params(params)}"``
                                         (``utils/encoding.py`` ``encode_params``); client level:
                                         ``api/requests/bitrix_api_batch_request.py``
                                         ``BitrixAPIBatchRequest._methods`` → the same caller
fast_bitrix24 ``call``          batch    github.com/leshchenko1979/fast_bitrix24, in
                                         ``fast_bitrix24/``: ``user_request.py``
                                         ``CallUserRequest.run`` →
                                         ``mult_request.py`` ``package_batch``: ``f"{method}?
                                         {http_build_query(item)}"`` (``utils.py``); ``raw=True``:
                                         ``RawCallUserRequest`` → ``srh.py`` ``request_attempt``,
                                         ``session.post(url=…, json=…)``: json
other ``.call(method, {...})``  json     a generic client (CALL-STYLES.md)
``.post(json=…)``               json     requests 2.34 ``models.py`` ``prepare_body``
``.post(data=…)``, ``params=``  form     requests 2.34 ``models.py`` ``_encode_params``
=============================== ======== =========================================================

Python's query-string encoders are not PHP's ``http_build_query``. b24pysdk's ``encode_params``
writes ``True`` as ``True``, ``None`` as an empty string and an empty list or dict as
``key[]=``; fast_bitrix24 writes ``str()`` of every scalar (``None`` as ``None``) and nothing for
an empty list or dict; requests writes ``str()`` and leaves ``None`` out. So the params of those
calls hold what the library sends for booleans, ``None``, floats and empty containers
(``_as_query``, ``_form``), and the core's ``batch``/``form`` decoding then sees what the server
sees. What a library would write in a way not modelled (a nested value in a form body, a boolean
in a form body of a client other than requests, a tuple or an empty list or dict in a
fast_bitrix24 batch) is unknown.

Values: ``ast`` literals (strings with implicit concatenation and escapes, f-strings without
substitutions, every int and float form, ``True False None``, dicts, lists, tuples), unary minus
and plus, ``+`` of strings, ``+ - *`` of numbers, ``dict(a=1)``. A name is followed when it is
bound exactly once in the whole file (an assignment, an annotated assignment with a value, a
walrus) and never changed in place (``x[k] = v``, ``x.update(...)``, ...); a call of a function
defined once in the file (or ``self.f()`` / ``cls.f()``), undecorated or with a caching
decorator, whose body ends with its only ``return``, is followed to what it returns. Everything
else is unknown: parameters, attributes, subscripts, other calls, interpolations, environment
reads, bytes, sets, comprehensions, non-finite floats. A ``**spread`` in a dict (or
``dict(**x)``) that is not a followed dict makes that dict partial and its members written
before it unknown; ``**kwargs`` in a call makes its params partial; a ``*spread`` makes a list
unknown; a key that is not a string or an int is dropped and its dict partial. Following is
bounded (nesting depth, names and helpers per call, work per file, the size of a folded constant):
past a bound the value is unknown. A file that does not parse yields no call, and the warning ``BL008`` at the syntax error.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
import warnings

from bicon_lint.extract import build
from bicon_lint.extract.build import Extracted
from bicon_lint.extract.python.calls import _Reader
from bicon_lint.extract.python.scope import _File
from bicon_lint.loaders.document import Problem
from bicon_lint.model import Span


def extract(text: str, kind: str) -> Extracted:
    """Every ``biconnector.*`` call written in the Python ``text``, in order, and the suppression
    comments. A text that does not parse gives no call."""
    ignores: dict[int, tuple[str, ...] | None] = {}
    shift = 1 if text.startswith("\ufeff") else 0  # ``ast`` refuses a byte order mark in a str
    source = text[shift:]
    if re.search("bicon-lint", source, re.IGNORECASE):
        _comments(source, ignores)
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" is the program's business
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except SyntaxError as error:
        return Extracted([], ignores, (_unparsed(text, shift, error),))
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        return Extracted([], ignores, (_unparsed(text, shift, error),))
    file = _File(text, tree, shift)
    return Extracted(_Reader(file).calls(), ignores)


def _unparsed(text: str, shift: int, error: Exception) -> Problem:
    """BL008 at the syntax error (``SyntaxError.lineno``/``.offset``: 1-based, the offset in
    characters of the line) or, for an error without a place, at the start of the file."""
    version = ".".join(map(str, sys.version_info[:2]))
    if isinstance(error, SyntaxError) and error.lineno:
        line = error.lineno
        column = max(error.offset or 1, 1) + (shift if line == 1 else 0)
        reason = error.msg
    else:
        line, column = 1, 1
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    detail = (
        f"Python {version} cannot parse this file ({reason}), so its biconnector.* calls are "
        "not checked."
    )
    return Problem("BL008", detail, Span(line, column, line, column + 1))


def _comments(text: str, into: dict[int, tuple[str, ...] | None]) -> None:
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                build.suppressions(token.string, token.start[0], into)
    except (tokenize.TokenError, SyntaxError):  # the comments before the error still count
        return
