"""A column's ``type`` must be a type name the portal knows; any other becomes a string column.

Source: ``Rest::mapType()`` (``biconnector/lib/ExternalSource/Source/Rest.php``, lines 236,
413-423). Since 2025-07: ``FieldType::tryFrom(mb_strtolower($type))`` (any case, exact otherwise) of
``int``, ``string``, ``double``, ``date``, ``datetime``, ``money`` (``timezone`` from 2026-04);
anything else silently becomes ``string``: ``integer``, ``float``, ``bool``, ``timestamp``,
``"int "``. 25.300.0 (2025-04, this file in ``alex-jazzman/bitrix24_source``): ``in_array($type,
[...], true)`` of ``STRING``, ``BOOLEAN``, ``DATE``, ``DATETIME``, ``INT``, ``DOUBLE``,
``ARRAY_STRING``, ``MAP_STRING``: ``int`` becomes ``STRING``. ``mapType(string $type)`` without
``strict_types``: ``5`` is made ``"5"`` (a string column); an array, or on 25.300.0 a missing or
``null`` type, throws a ``TypeError``, an ``\\Error`` the controller's ``catch (\\Exception)`` does
not stop: the UI shows PHP's message (``biconnector/lib/controller/externalsource/dataset.php``,
lines 550-559). An empty type is refused first (``answer-description-keys``).

Pass: ``{"code": "ID", "name": "ID", "type": "INT"}`` (2025-07 and later: any case)
Fail: ``{"code": "ID", "name": "ID", "type": "integer"}``, ``"type": ["int"]`` (a TypeError)
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answers, php
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Severity, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="answer-column-type",
    codes={
        "BL723": Code(
            "urlTableDescription: {column}: the type {shown} is none the portal knows{hint}: "
            "the column silently becomes {fallback}",
            server=False,
            severity=Severity.WARNING,
        ),
        "BL724": Code(
            "urlTableDescription: {column}: the type {what}, and Rest::mapType() takes a string: "
            "the portal fails with a PHP TypeError",
            server=False,
        ),
    },
    methods=frozenset({answers.URL_TABLE_DESCRIPTION}),
    stage=Stage.ADVISORY,
    summary="urlTableDescription: column types the portal knows (per version)",
    requires=answers.delivered,
)

OLD = ("STRING", "BOOLEAN", "DATE", "DATETIME", "INT", "DOUBLE", "ARRAY_STRING", "MAP_STRING")
NEW = ("int", "string", "double", "date", "datetime", "money")
SAME = dict.fromkeys(("integer", "bigint"), "int") | {"text": "string", "varchar": "string"}
SAME |= dict.fromkeys(("float", "decimal", "number", "numeric"), "double") | {
    "timestamp": "datetime"
}


def check(request: Request) -> Iterator[Finding]:
    old = request.target < Target.V2025_07
    known = OLD if old else (*NEW, "timezone") if request.target >= Target.V2026_04 else NEW
    for key, item in answers.members(request):
        if not php.is_array(item):
            continue
        item = item if isinstance(item, dict) else {}  # a JSON list has no such key
        column, value = answers.named("column", key), item.get("type")
        if php.is_array(value) and (old or not php.empty(value)):
            yield Finding((key, "type"), "BL724", {"column": column, "what": "is an array"})
        elif value is None and old:
            what = "is null" if "type" in item else "is missing"
            yield Finding((key, "type"), "BL724", {"column": column, "what": what}, part=Part.KEY)
        elif not php.is_array(value) and not (php.empty(value) and not old):
            text = php.to_string(value)
            if (text if old else text.lower()) not in known:
                hint = _hint(value, text, known, old)
                args = {"column": column, "shown": answers.shown(value), "hint": hint}
                fallback = '"STRING"' if old else '"string"'
                yield Finding((key, "type"), "BL723", {**args, "fallback": fallback})


def _hint(value: object, text: str, known: tuple[str, ...], old: bool) -> str:
    said = "" if isinstance(value, str) else f" (PHP reads it as {answers.shown(text)})"
    near = text.strip() if old else text.strip().lower()
    if near != (text if old else text.lower()) and near in known:
        return f"{said} (no trimming: write {answers.shown(near)})"
    if old and text.upper() in known:
        return f"{said} (2025-04 reads only upper-case names: {answers.shown(text.upper())})"
    same = SAME.get(text.strip().lower())
    if same is not None:
        return f"{said} (did you mean {answers.shown(same.upper() if old else same)}?)"
    if not old and text.lower() == "timezone":
        return f"{said} (a type only from 2026-04)"
    return said
