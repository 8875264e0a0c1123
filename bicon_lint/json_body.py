"""A Python value sent as a JSON body, as the server's ``json_decode`` gives it back.

Python callers (:func:`~bicon_lint.api.lint_payload`, ``check_call``, the b24pysdk guard) and the
calls read from programs whose call style sends JSON (``extract.transport``) hand over a value. The
client writes it with a JSON encoder (``requests``' ``json=``, so b24pysdk: ``json.dumps``;
JavaScript: ``JSON.stringify``) and the REST core decodes it with ``Json::decode``, that is
``json_decode($data, true, 512, JSON_THROW_ON_ERROR)`` (``main/lib/web/json.php`` lines 50-62,
read by ``CRestUtil::getRequestData`` in ``rest/classes/general/rest_util.php``;
https://www.php.net/manual/en/function.json-decode.php). On the way:

* an integer outside 64 bits arrives as a float (no big integers without ``JSON_BIGINT_AS_STRING``):
  ``9999999999999999999`` is ``1.0E+19``, which is no valid id (``php.is_positive_id``); an integer
  beyond the float range is ``INF``;
* a tuple is an array; a ``True``/``False``/``None``/float dict key is written as the string
  ``"true"``/``"false"``/``"null"``/``repr``; an int key and the same digits as a string key are
  one PHP key (https://www.php.net/manual/en/language.types.array.php), so the later value wins,
  at the first key's place, as for any key ``json_decode`` meets twice;
* two surrogate code points that form a pair are one character (``json.dumps`` writes
  ``"\\ud83d\\ude00"``, which ``json_decode`` joins).

What makes the whole body undecodable (``Undecodable``, ``sent``): the REST core then ignores the
body (since 2026-05 ``CRestUtil::getRequestData`` catches the decoder's ``SystemException``,
``rest/classes/general/rest_util.php`` lines 63-94; before, a failed decode gave ``[]``), so the
method sees no parameters (BL006, as for files):

* a lone surrogate in a string or a key: ``json.dumps`` writes the escape ``"\\ud800"``, which
  ``json_decode`` rejects ("Single unpaired UTF-16 surrogate in unicode escape");
* arrays and objects nested 512 levels deep: ``json_decode($body, true, 512)`` accepts at most 511
  levels ("Maximum stack depth exceeded"; measured with PHP 8.2: 511 nested arrays decode, 512 do
  not, empty or not: the depth counts the innermost array's contents as a level too);
* a float ``nan``/``inf``: ``json.dumps`` writes ``NaN``/``Infinity``, which ``json_decode``
  rejects ("Syntax error"). ``requests`` (so b24pysdk) refuses to send such a body at all
  (``json.dumps(allow_nan=False)``: ``InvalidJSONError``). Either way the call fails; bicon-lint
  predicts the answer to the body ``json.dumps`` writes.

A value that contains itself has no JSON form (``json.dumps``: "Circular reference detected"), so
nothing is sent (``sent`` is false). Subclasses of ``dict``, ``list``, ``int`` and ``float`` are
written as those; anything else (a value only the running program knows, a ``str`` subclass, a
type the encoder refuses) is passed on as it is.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any, Final, NamedTuple

from bicon_lint.model import Loc
from bicon_lint.php import INT_MAX, INT_MIN, array_key

JSON_DECODE_DEPTH: Final = 512  # Json::decode: json_decode($data, true, 512, ...)
MAX_NESTING: Final = JSON_DECODE_DEPTH - 1  # the levels of arrays and objects it accepts

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_KEY_WORDS: Final = {True: "true", False: "false", None: "null"}  # json.dumps's key spelling
_BODY_IGNORED: Final = "the server ignores the whole body and sees no parameters."


class Undecodable(NamedTuple):
    """Why the server cannot decode the body, and the place (in the params) that makes it so."""

    loc: Loc
    detail: str  # the diagnostic's message
    key: bool = False  # the place is the key at ``loc`` (its last part), not the value
    sent: bool = True  # the body reaches the server, which sees no parameters (else: not sent)


class Decoded(NamedTuple):
    """The params as the method receives them: ``{}`` when the body is undecodable."""

    value: Any
    undecodable: Undecodable | None = None


def decoded_int(number: int) -> int | float:
    """An integer of a JSON text as ``json_decode`` gives it back: beyond 64 bits a float.

    >>> decoded_int(9223372036854775807), decoded_int(9223372036854775808), decoded_int(-(10**400))
    (9223372036854775807, 9.223372036854776e+18, -inf)
    """
    if INT_MIN <= number <= INT_MAX:
        return number
    try:
        return float(number)
    except OverflowError:  # PHP's strtod gives INF
        return math.inf if number > 0 else -math.inf


def joined_text(text: str) -> str | None:
    """``text`` as ``json_decode`` gives back what ``json.dumps`` wrote of it, or ``None`` when it
    holds a lone surrogate (which makes the body undecodable).

    >>> joined_text("ok"), joined_text("\\ud83d\\ude00") == "\\U0001F600", joined_text("a\\ud800")
    ('ok', True, None)
    >>> joined_text("\\ude00\\ud83d"), joined_text("\\ud83d\\ud83d\\ude00")
    (None, None)
    """
    if _SURROGATE.search(text) is None:
        return text
    try:  # UTF-16 pairs the surrogates exactly as json_decode pairs the escapes
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return None


def _surrogate_detail(text: str, what: str) -> str:
    lone = ord(_first_lone(text))
    return (
        f"{what} holds a lone UTF-16 surrogate (U+{lone:04X}), which a JSON encoder writes as the "
        f"escape \\u{lone:04x}: PHP's json_decode rejects it, so {_BODY_IGNORED}"
    )


def _first_lone(text: str) -> str:
    """The first surrogate of ``text`` that has no partner (``joined_text`` found one)."""
    index = 0
    while index < len(text):
        char = text[index]
        if "\ud800" <= char <= "\udbff" and "\udc00" <= text[index + 1 : index + 2] <= "\udfff":
            index += 2
            continue
        if "\ud800" <= char <= "\udfff":
            return char
        index += 1
    raise ValueError("no lone surrogate")


def _float_word(number: float) -> str:
    """How ``json.dumps`` writes a float that is not finite."""
    return "NaN" if math.isnan(number) else ("Infinity" if number > 0 else "-Infinity")


def _float_detail(number: float) -> str:
    written = _float_word(number)
    return (
        f"{written} is not JSON: json.dumps writes {written}, which PHP's json_decode rejects, so "
        f"{_BODY_IGNORED[:-1]}; requests (and so b24pysdk) refuses to send it."
    )


DEPTH_DETAIL: Final = (
    f"arrays and objects nested {JSON_DECODE_DEPTH} levels deep here: PHP's "
    f"json_decode($body, true, {JSON_DECODE_DEPTH}) accepts at most {MAX_NESTING}, so "
    + _BODY_IGNORED
)
CYCLE_DETAIL: Final = (
    "this value contains itself: it has no JSON form (json.dumps raises "
    '"Circular reference detected"), so the call cannot be sent.'
)


class _Stop(Exception):
    def __init__(self, found: Undecodable) -> None:
        super().__init__(found.detail)
        self.found = found


def as_decoded(value: Any) -> Decoded:
    """``json_decode(json.dumps(value), true, 512)``, modelled (see the module's doc).

    >>> as_decoded({"id": 9999999999999999999, "select": ("id",), "x": {1: "a", "1": "b"}}).value
    {'id': 1e+19, 'select': ['id'], 'x': {1: 'b'}}
    >>> found = as_decoded({"fields": {"title": "\\ud800"}}).undecodable
    >>> found.loc, found.key, found.sent
    (('fields', 'title'), False, True)
    >>> as_decoded({"fields": {"title": "\\ud800"}}).value
    {}
    """
    try:
        if _as_sent(value, MAX_NESTING):  # most values: nothing changes on the way, no copy
            return Decoded(value)
    except RecursionError:  # deeper than the interpreter's stack: the walk below decides
        pass
    try:
        return Decoded(_walk(value))
    except _Stop as stop:
        return Decoded({}, stop.found)


def as_is(value: Any) -> bool:
    """Does ``value`` reach the method as it is (``as_decoded(value)`` is ``value`` itself, with
    nothing undecodable)? ``False`` when unsure: :func:`as_decoded` then decides.

    >>> as_is({"id": 4, "select": ["id"]}), as_is({"select": ("id",)}), as_is(2**64)
    (True, False, False)
    """
    try:
        return _as_sent(value, MAX_NESTING)
    except RecursionError:
        return False


def _as_sent(value: Any, levels: int) -> bool:
    """Does ``value`` come back from ``json_decode(json.dumps(value))`` as it is? Only dicts with
    string keys, lists, strings without surrogates, 64-bit ints, finite floats, booleans, ``None``
    and values passed on unchanged; at most ``levels`` levels of containers (so no cycle)."""
    kind = type(value)
    if kind is dict:
        if levels == 0:
            return False
        for key, item in value.items():
            if type(key) is not str or not (key.isascii() or _SURROGATE.search(key) is None):
                return False
            # the usual members judged here, as below, without a call each
            member = type(item)
            if member is str:
                if not (item.isascii() or _SURROGATE.search(item) is None):
                    return False
            elif member is int:
                if not INT_MIN <= item <= INT_MAX:
                    return False
            elif member is not bool and item is not None and not _as_sent(item, levels - 1):
                return False
        return True
    if kind is list:
        if levels == 0:
            return False
        for item in value:
            member = type(item)
            if member is str:
                if not (item.isascii() or _SURROGATE.search(item) is None):
                    return False
            elif member is int:
                if not INT_MIN <= item <= INT_MAX:
                    return False
            elif member is not bool and item is not None and not _as_sent(item, levels - 1):
                return False
        return True
    if kind is str:
        return value.isascii() or _SURROGATE.search(value) is None
    if kind is int:
        return bool(INT_MIN <= value <= INT_MAX)
    if kind is float:
        return math.isfinite(value)
    return kind is bool or value is None or not isinstance(value, (dict, list, tuple, int, float))


def _scalar(value: Any, loc: Loc) -> Any:
    kind = type(value)
    if kind is str:
        joined = joined_text(value)
        if joined is None:
            raise _Stop(Undecodable(loc, _surrogate_detail(value, "this string")))
        return joined
    if kind is float:
        if not math.isfinite(value):
            raise _Stop(Undecodable(loc, _float_detail(value)))
        return value
    if kind is not bool and isinstance(value, int):  # an IntEnum is written as its number
        return decoded_int(int(value))
    if kind is not bool and isinstance(value, float):
        return _scalar(float(value), loc)
    return value


def _key(key: Any, parent: Loc) -> Any:
    """The key as ``json.dumps`` writes it (other types pass: the encoder refuses them)."""
    kind = type(key)
    if kind is str:
        joined = joined_text(key)
        if joined is None:
            what = f"the key {json.dumps(key)}"  # escaped: a lone surrogate cannot be printed
            raise _Stop(Undecodable((*parent, key), _surrogate_detail(key, what), key=True))
        return joined
    if key is None or kind is bool:
        return _KEY_WORDS[key]
    if kind is float:
        return _float_word(key) if not math.isfinite(key) else repr(key)
    if isinstance(key, int):  # digits: an int key of PHP within 64 bits, else a string key
        number = int(key)
        return number if INT_MIN <= number <= INT_MAX else str(number)
    return key


def _php_key(key: Any) -> Any:
    """The PHP array key a JSON object key becomes: ``"1"`` and ``1`` are one key
    (``php.array_key``)."""
    return array_key(key) if type(key) is str else key


_CONTAINERS: Final = (dict, list, tuple)  # and their subclasses: json.dumps writes them alike


def _members(value: Any) -> Iterator[tuple[Any, Any]]:
    return iter(value.items()) if isinstance(value, dict) else enumerate(value)


def _walk(root: Any) -> Any:
    """The decoded copy of ``root``, built depth first without recursion (any depth)."""
    if not isinstance(root, _CONTAINERS):
        return _scalar(root, ())
    top: Any = {} if isinstance(root, dict) else []
    # each frame: the members left to copy, the copy, its loc, its PHP keys -> the kept key
    stack: list[tuple[Iterator[tuple[Any, Any]], Any, Loc, dict[Any, Any]]] = [
        (_members(root), top, (), {})
    ]
    path = [id(root)]  # the containers being copied, root first: a repeat is a cycle
    while stack:
        members, copy, loc, seen = stack[-1]
        member = next(members, None)
        if member is None:
            stack.pop()
            path.pop()
            continue
        key, item = member
        if type(copy) is dict:
            key = _key(key, loc)
            php_key = _php_key(key)
            key = seen.setdefault(php_key, key)  # a later duplicate: at the first key's place
        here = (*loc, key)
        if not isinstance(item, _CONTAINERS):
            converted = _scalar(item, here)
        else:
            if id(item) in path:
                raise _Stop(Undecodable(here, CYCLE_DETAIL, sent=False))
            if len(stack) + 1 > MAX_NESTING:
                raise _Stop(Undecodable(here, DEPTH_DETAIL))
            converted = {} if isinstance(item, dict) else []
            stack.append((_members(item), converted, here, {}))
            path.append(id(item))
        if type(copy) is dict:
            copy[key] = converted
        else:
            copy.append(converted)
    return top
