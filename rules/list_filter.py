r"""``filter`` must be an array whose keys, minus operator prefixes, are field titles.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateParamsForList``
(lines 424-438) and ``validateFilter`` (lines 462-503). A non-array answers
``VALIDATION_FILTER_TYPE`` (after any select error). For each key: ``logic`` (exactly; ``LOGIC`` is
a field) needs ``strtoupper($value)`` in ``AND``/``OR``, so ``"or"`` passes and ``null`` fails; an
array ``logic`` crashes the server with no code (a ``TypeError`` in ``strtoupper``). An array value
is validated recursively and **its own key is not checked**: ``"@id": [9, 11]`` passes because
numeric values under numeric keys pass, while ``"@title": ["a", "b"]`` fails with ``Field "0"``.
Other keys lose any leading run of ``<>=!@%`` (``ltrim``) and must then be a title, strictly. PHP:
https://www.php.net/manual/en/function.strtoupper.php,
https://www.php.net/manual/en/function.ltrim.php.

Pass: ``{"filter": {">=id": 3, "logic": "or"}}``   Fail: ``{"filter": {"URL_CHECK": "x"}}``
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bicon_lint import access, compact_lists, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Loc, Part, Request, RuleSpec, Stage
from bicon_lint.orm import ORM_PREFIXES

SPEC = RuleSpec(
    name="list-filter",
    codes={
        "VALIDATION_FILTER_TYPE": Code('Parameter "filter" must be array.'),
        "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER": Code(
            'Field "{field}" is not allowed in the "filter".'
        ),
        "VALIDATION_INVALID_FILTER_LOGIC": Code('Field "logic" must be either "AND" or "OR".'),
        "BL102": Code(
            "The server fails without an error code: strtoupper() throws a TypeError for the "
            'array in filter "logic".',
            server=False,
        ),
    },
    methods=named("connector", "list") | named("source", "list") | named("dataset", "list"),
    stage=Stage.FIELDS,
    summary="filter: an array of field conditions; logic AND or OR",
)


def filter_field(key: str | int) -> str:
    """``ltrim($key, '<>=!@%')``: the field a filter key names."""
    return php.to_string(key).lstrip(ORM_PREFIXES)


def passes(key: str | int, value: Any, allowed: set[str]) -> bool:
    """Does ``validateFilter`` let this key through (the key itself, not an array's items)?"""
    if key == "logic":
        return not php.is_array(value) and php.ascii_upper(php.to_string(value)) in ("AND", "OR")
    field = filter_field(key)
    numeric = php.is_numeric(value) and php.is_numeric(field)
    return php.is_array(value) or numeric or field in allowed


def _walk(filter_: Any, loc: Loc, allowed: set[str], counter: list[int]) -> Iterator[Finding]:
    for key, value in compact_lists.unchecked_items(filter_, counter):  # a run of ids passes
        counter[0] += 1
        order = (1, 1, counter[0])
        if key == "logic":
            if php.is_array(value):
                yield Finding(loc=(*loc, key), code="BL102", order=order, fatal=True)
            elif php.ascii_upper(php.to_string(value)) not in ("AND", "OR"):
                yield Finding((*loc, key), "VALIDATION_INVALID_FILTER_LOGIC", order=order)
        elif php.is_array(value):
            yield from _walk(value, (*loc, key), allowed, counter)
        elif not passes(key, value, allowed):
            yield Finding(
                loc=(*loc, key),
                code="VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
                args={"field": filter_field(key)},
                part=Part.KEY,
                order=order,
            )


def check(request: Request) -> Iterator[Finding]:
    if not php.isset(request.params, "filter"):
        return
    filter_ = request.params["filter"]
    if not php.is_array(filter_):
        yield Finding(loc=("filter",), code="VALIDATION_FILTER_TYPE", order=(1, 0), returns=True)
        return
    allowed = {row.title for row in access.field_table(request)}
    yield from _walk(filter_, ("filter",), allowed, [0])
