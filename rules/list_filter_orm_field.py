"""A filter key whose value is an array must still name a field: the ORM rejects unknown ones.

Source: SERVER-SPEC §4.6 step 6, §2.5, §3.10. ``validateFilter`` never checks the key of an array
value, so ``{"bogus": [1, 2]}`` passes validation; the key is then converted (``BOGUS``) and the
ORM's query chain throws ``SystemException('Unknown field definition `BOGUS` (BOGUS) for … Entity.',
100)``. The answer is a **top-level** error whose code is the string ``"100"`` (HTTP 400). An int key
is a nested condition group and is fine. [INFERRED] from the ORM code: the entity's full name in the
message is derived from its table class; match on the code.

Pass: ``{"filter": {"@id": [9, 11]}}``   Fail: ``{"filter": {"bogus": [1, 2]}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage
from bicon_lint.rules import list_filter

SPEC = RuleSpec(
    name="list-filter-orm-field",
    codes={"100": Code("Unknown field definition `{field}` ({field}) for {entity} Entity.")},
    methods=list_filter.SPEC.methods,
    stage=Stage.QUERY,
    summary="array-valued filter keys must name a field (top-level error 100)",
)

ORM_ENTITIES = {
    "connector": "ExternalSourceRestConnector",
    "source": "ExternalSource",
    "dataset": "ExternalDataset",
    "table": "ExternalDataset",
}


def check(request: Request) -> Iterator[Finding]:
    filter_ = request.params.get("filter") if isinstance(request.params, dict) else None
    if not php.is_array(filter_):
        return
    known = {php.convert_key(row.title) for row in access.field_table(request)}
    entity = (
        f"\\Bitrix\\BIConnector\\ExternalSource\\Internal\\{ORM_ENTITIES[access.entity(request)]}"
    )
    for position, (key, value) in enumerate(php.items(filter_)):
        if key == "logic" or not php.is_array(value) or value == [] or value == {}:
            continue  # prepareFilter drops empty arrays; only array values skip validation
        field = php.convert_key(list_filter.filter_field(key))
        if isinstance(php.array_key(str(field)), int) or field in known:
            continue
        yield Finding(
            loc=("filter", key),
            code="100",
            args={"field": field, "entity": entity, "top_level": True},
            part=Part.KEY,
            order=(1, position),
            returns=True,
        )
