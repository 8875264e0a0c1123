"""What the server receives of a call written in a program: its params after the call style's
encoding (``Call.encoding``), decoded as the REST core decodes it.

* ``json``: a JSON body (``json_encode`` in PHP, ``JSON.stringify``, Python's ``json``), decoded by
  ``json_decode``, as ``bicon_lint.json_body`` models it for ``lint_payload`` too: types are kept;
  an integer beyond 64 bits arrives as a float (no ``JSON_BIGINT_AS_STRING``,
  https://www.php.net/manual/en/function.json-decode.php);
  tuples are arrays. A body the server cannot decode (a lone surrogate escape in a string literal,
  which ``json.dumps`` and ``JSON.stringify`` write as ``"\\ud800"``; nesting 512 levels deep)
  reaches the method as no parameters (``Sent.undecodable`` says why and where: BL006).
* ``form``: an ``application/x-www-form-urlencoded`` body built by ``http_build_query``
  (``php.build_query``: ``true`` → ``"1"``, ``false`` → ``"0"``, ``null`` and empty arrays left
  out, numbers as PHP writes them), decoded by ``parse_str`` (``php.parse_str``: every value a
  string, lists become arrays keyed 0, 1, ...).
* ``batch``: a command's query string, built and decoded the same way
  (``CRestUtil::ParseBatchQuery``, ``rest/classes/general/rest_util.php``).

A string holding a surrogate (a lone one, or a pair written as two escapes in a Python literal) has
no form encoding: ``encodeURIComponent`` (BX24.js) throws, ``URLSearchParams`` writes U+FFFD,
``requests`` fails to encode it; it is a value not known before run time here.

A top-level ``auth`` is the REST core's, taken out before the method sees the params
(``CRestServer::checkAuth``, ``rest/classes/general/rest.php``).
A value computed at run time (:class:`~bicon_lint.extract.build.Unknown`) stays unknown through
every encoding, at the place where it arrives.
"""

from __future__ import annotations

import json
from typing import Any, Final, NamedTuple

from bicon_lint import php
from bicon_lint.extract.build import Call, Unknown
from bicon_lint.json_body import Undecodable, as_decoded, joined_text
from bicon_lint.model import Loc

_PLACEHOLDER: Final = "bicon-lint-run-time-value-{}"


class Sent(NamedTuple):
    """The params as the method receives them, and where their run-time values are now."""

    params: Any
    unknown: frozenset[Loc]
    partial: frozenset[Loc]
    undecodable: Undecodable | None = None  # the body the server cannot decode (params are {})


def as_sent(call: Call) -> Sent:
    """``call``'s params as the server's method receives them.

    >>> from bicon_lint.loaders.document import PositionIndex
    >>> params = {"fields": {"supportMapping": True, "settings": [], "sort": 1.0,
    ...           "urlCheck": Unknown("$base . '/check'")}, "auth": "token"}
    >>> call = Call("biconnector.connector.add", params, PositionIndex(), (0, 0), (0, 0),
    ...             "form", "CRest::call", frozenset({("fields", "urlCheck")}))
    >>> sent = as_sent(call)
    >>> sent.params
    {'fields': {'supportMapping': '1', 'sort': '1', 'urlCheck': Unknown("$base . '/check'")}}
    >>> sorted(sent.unknown)
    [('fields', 'urlCheck')]
    >>> as_sent(call._replace(encoding="json")).params["fields"]["settings"]
    []
    """
    params = call.params
    if isinstance(params, dict) and any(key == "auth" for key in params):
        params = {key: value for key, value in params.items() if key != "auth"}
    if call.encoding == "json":
        value, undecodable = as_decoded(params)
        if undecodable is not None:
            return Sent(value, frozenset(), frozenset(), undecodable)
        return Sent(value, call.unknown, call.partial)
    unknowns: list[Unknown] = []
    query = php.build_query(_with_placeholders(params, unknowns))
    decoded = php.parse_str(query)
    found: set[Loc] = set()
    restored = _restore(decoded, unknowns, (), found)
    partial = frozenset(loc for loc in call.partial if _exists(restored, loc))
    return Sent(restored, frozenset(found), partial)


def _with_placeholders(value: Any, unknowns: list[Unknown]) -> Any:
    """``value`` with each run-time value replaced by a string that survives the encoding."""
    if _unencodable(value):
        value = Unknown(json.dumps(value, default=str))  # what the client does is not modelled
    if isinstance(value, Unknown):
        unknowns.append(value)
        return _PLACEHOLDER.format(len(unknowns) - 1)
    if isinstance(value, dict):
        return {key: _with_placeholders(item, unknowns) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return {index: _with_placeholders(item, unknowns) for index, item in enumerate(value)}
    return value


def _unencodable(value: Any) -> bool:
    """A string (or an object with a key) holding a surrogate: no form encoding writes it."""
    if type(value) is str:
        return joined_text(value) != value
    if isinstance(value, dict):
        return any(type(key) is str and joined_text(key) != key for key in value)
    return False


def _restore(value: Any, unknowns: list[Unknown], loc: Loc, found: set[Loc]) -> Any:
    if isinstance(value, dict):
        return {key: _restore(item, unknowns, (*loc, key), found) for key, item in value.items()}
    if isinstance(value, str) and value.startswith("bicon-lint-run-time-value-"):
        number = value.rpartition("-")[2]
        if number.isdigit() and int(number) < len(unknowns):
            found.add(loc)
            return unknowns[int(number)]
    return value


def _exists(value: Any, loc: Loc) -> bool:
    for key in loc:
        if not isinstance(value, dict) or key not in value:
            return False
        value = value[key]
    return True
