"""Encodings: what each call style's SDK makes of JavaScript values (``JSON.stringify``,
``ajax.prepareData``, ``qs.stringify``, ``URLSearchParams``), and the styles with their encoding
(the table in the package's docstring)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, NamedTuple

from bicon_lint.extract.build import Builder, Unknown
from bicon_lint.extract.javascript.literals import UNDEFINED, to_string
from bicon_lint.extract.javascript.values import _forget
from bicon_lint.model import Loc

_Convert = Callable[[Any, Loc, Builder, str], Any]
"""An encoding's conversion: (value, its loc, the record, the file's text) → the value sent."""


def _members(value: dict[Any, Any] | list[Any]) -> list[tuple[Any, Any]]:
    return list(value.items()) if isinstance(value, dict) else list(enumerate(value))


def _shaped(original: dict[Any, Any] | list[Any], out: dict[Any, Any]) -> Any:
    """A JavaScript array stays a list while its indexes are 0..n-1 in order."""
    if isinstance(original, list) and list(out) == list(range(len(out))):
        return list(out.values())
    return out


def _json(value: Any, loc: Loc, b: Builder, text: str = "") -> Any:
    """``JSON.stringify``, as PHP's ``json_decode`` reads it back."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        for key, item in value.items():
            if item is UNDEFINED:
                _forget(b, (*loc, key))
            else:
                out[key] = _json(item, (*loc, key), b)
        return out
    if isinstance(value, list):
        return [_json(None if v is UNDEFINED else v, (*loc, i), b) for i, v in enumerate(value)]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)  # written without a fraction, read back as an integer
    return value


def _prepare_data(true: str, false: str) -> _Convert:
    """BX24.js's and BX.rest's ``ajax.prepareData``: scalars first, then objects."""

    def scalar(value: Any) -> Any:
        if isinstance(value, Unknown) or not isinstance(value, bool):
            return value if isinstance(value, Unknown) else to_string(value)
        return true if value else false

    def convert(value: Any, loc: Loc, b: Builder, text: str = "") -> Any:
        if not isinstance(value, (dict, list)) or isinstance(value, Unknown):
            return scalar(value)
        out: dict[Any, Any] = {}
        objects: list[tuple[Any, Any]] = []
        for key, item in _members(value):
            if isinstance(item, (dict, list)) or item is None:
                objects.append((key, item))
            else:
                out[key] = scalar(item)
        for key, item in objects:
            child = (*loc, key)
            if item is None or item == {}:  # nothing written for either
                _forget(b, child)
            elif item == []:
                out[key] = ""  # "name=": an empty array is sent as an empty string
            else:
                out[key] = convert(item, child, b)
        return _shaped(value, out)

    return convert


def _qs(value: Any, loc: Loc, b: Builder, text: str = "") -> Any:
    """``qs.stringify`` (b24jssdk batch commands): ``null`` is ``""``, ``undefined`` and empty
    objects are left out."""
    if isinstance(value, Unknown):
        return value
    if value is None:
        return ""
    if not isinstance(value, (dict, list)):
        return to_string(value)
    out: dict[Any, Any] = {}
    for key, item in _members(value):
        child = (*loc, key)
        converted = _qs(item, child, b) if item is not UNDEFINED else None
        if item is UNDEFINED or converted == {} or converted == []:
            _forget(b, child)
        else:
            out[key] = converted
    return _shaped(value, out)


def _joined(value: Any) -> str | None:
    """``Array.prototype.join``/``String()`` of a value, ``None`` if it holds an unknown."""
    if isinstance(value, list):
        parts = ["" if v is None or v is UNDEFINED else _joined(v) for v in value]
        return None if None in parts else ",".join(p for p in parts if p is not None)
    if isinstance(value, dict):
        return "[object Object]"
    return to_string(value)


def _search_params(value: Any, loc: Loc, b: Builder, text: str = "") -> Any:
    """``new URLSearchParams(record)``: every value a string, no nesting. A key that PHP would
    nest or rename (``fields[title]``, ``a.b``) leaves the whole params unknown."""
    if not isinstance(value, dict) or isinstance(value, Unknown):
        return value
    if any(not key or key[0] == " " or any(c in key for c in "[. ") for key in value):
        start, end = b.index.values.get(loc, (0, 0))
        _forget(b, loc)
        return b.runtime(loc, text[start:end], (start, end))
    out: dict[Any, Any] = {}
    for key, item in value.items():
        child = (*loc, key)
        written = _joined(item)
        if isinstance(item, (dict, list)):
            _forget(b, child, keep=True)  # a string now: nothing below it
        if written is None:
            start, end = b.index.values.get(child, (0, 0))
            out[key] = b.runtime(child, text[start:end], (start, end))
        else:
            out[key] = written
    return out


class _Style(NamedTuple):
    name: str
    encoding: str
    convert: _Convert


_BX24: Final = _prepare_data("true", "false")
_BX_REST: Final = _prepare_data("1", "0")
STYLES: Final = {
    "bx24": _Style("BX24.callMethod", "form", _BX24),
    "bx24 batch": _Style("BX24.callBatch", "batch", _BX24),
    "bx.rest": _Style("BX.rest.callMethod", "form", _BX_REST),
    "bx.rest batch": _Style("BX.rest.callBatch", "batch", _BX_REST),
    "b24jssdk v2": _Style("b24jssdk actions.v2.call", "json", _json),
    "b24jssdk v2 batch": _Style("b24jssdk actions.v2.batch", "batch", _qs),
    "b24jssdk callMethod": _Style("b24jssdk callMethod", "json", _json),
    "b24jssdk callBatch": _Style("b24jssdk callBatch", "batch", _qs),
    "client": _Style("client call", "json", _json),
    "fetch json": _Style("fetch JSON.stringify", "json", _json),
    "fetch form": _Style("fetch URLSearchParams", "form", _search_params),
    "axios json": _Style("axios.post", "json", _json),
    "axios form": _Style("axios.post URLSearchParams", "form", _search_params),
}
