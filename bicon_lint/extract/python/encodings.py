"""What Python's HTTP and batch encoders write where PHP's ``http_build_query`` would not:
b24pysdk's and fast_bitrix24's batch commands, requests' form bodies and query strings."""

from __future__ import annotations

from typing import Any, Final

from bicon_lint.extract.build import Builder, Unknown
from bicon_lint.extract.python.values import _Values
from bicon_lint.model import Loc

# What b24pysdk and fast_bitrix24 write in a batch command where PHP's http_build_query differs.
_QUERY: Final[dict[str, dict[str, Any]]] = {
    # utils/encoding.py _traverse: _force_str(value), "" for None, "key[]=" for an empty iterable
    "b24pysdk": {"None": "", "empty": [""]},
    # utils.py http_build_query: quote(str(value)) for every scalar, nothing for an empty dict
    "fast_bitrix24": {"None": "None", "empty": None},
}


def _as_query(values: _Values, value: Any, loc: Loc, library: str) -> Any:
    """``value`` as b24pysdk's or fast_bitrix24's batch encoder writes it, where PHP's would not:
    booleans, ``None``, floats and empty containers (``str()`` of a scalar in both)."""
    if isinstance(value, Unknown):
        return value
    written = _QUERY[library]
    if isinstance(value, (dict, list)):
        if loc and not value:
            if written["empty"] is None:
                return values.replaced(loc, value)
            values.b.value((*loc, 0), values.b.index.values[loc])
            return list(written["empty"])
        if library == "fast_bitrix24" and loc in values.tuples:
            return values.replaced(loc, value)  # it writes the tuple's repr
        keys = list(value) if isinstance(value, dict) else range(len(value))
        for key in keys:
            value[key] = _as_query(values, value[key], (*loc, key), library)
        return value
    if value is None:
        return written["None"]
    if isinstance(value, (bool, float)):
        return str(value)
    return value


def _form(values: _Values, params: dict[str, Any], library: str, strings: bool) -> dict[str, Any]:
    """A form body or query as an HTTP library writes it: requests sends ``str()`` of scalars
    and leaves ``None`` out; for other libraries only strings and ints are known. Nested values
    are sent as repeated keys by requests and httpx: unknown. ``strings``: ints as strings too
    (a query merged under a JSON body)."""
    exact = library == "requests"
    for name in list(params):
        value = params[name]
        loc = (name,)
        if isinstance(value, str):  # an Unknown too
            continue
        if isinstance(value, (dict, list)) or (not exact and not _plain_int(value)):
            params[name] = values.replaced(loc, value)
        elif value is None:
            del values.b.index.values[loc]
            values.b.index.keys.pop(loc, None)
            del params[name]
        elif strings or isinstance(value, (bool, float)):
            params[name] = str(value)
    return params


def _plain_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _only(builder: Builder, prefix: Loc) -> Builder:
    """The part of ``builder``'s record at and below ``prefix``."""
    depth = len(prefix)
    part = Builder()
    part.index.values.update((k, v) for k, v in builder.index.values.items() if k[:depth] == prefix)
    part.index.keys.update((k, v) for k, v in builder.index.keys.items() if k[:depth] == prefix)
    part.unknown.update(loc for loc in builder.unknown if loc[:depth] == prefix)
    part.partial.update(loc for loc in builder.partial if loc[:depth] == prefix)
    return part
