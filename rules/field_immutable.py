"""On ``update``, immutable fields must not be sent.

Source: SERVER-SPEC §4.3 C2, §5.3, §6.3: non-strict ``validateFields`` rejects a present key whose
row is ``isImmutable``. No connector field is immutable, so connectors never get this code (the
docs listed it until 2026-08, §9.1 #5); sources have ``connectorId``, datasets and tables
``sourceId``, ``name``, ``externalName`` and ``externalCode``. ``add`` does not check it.

Pass: ``{"id": 10, "fields": {"title": "S"}}``   Fail: ``{"id": 10, "fields": {"connectorId": 5}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="field-immutable",
    codes={"VALIDATION_IMMUTABLE_FIELD": Code('Field "{title}" is immutable.')},
    methods=named("connector", "update") | named("source", "update") | named("dataset", "update"),
    stage=Stage.FIELDS,
    summary="immutable fields must not be sent on update",
)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    rows = access.table_rows(request)
    for key in given:
        found = rows.get(key)
        if found is not None and found[1].is_immutable:
            index, row = found
            yield Finding(
                loc=("fields", row.title),
                code="VALIDATION_IMMUTABLE_FIELD",
                args={"title": row.title},
                part=Part.KEY,
                order=(2, index, 2),
                group=("field", index),
            )
