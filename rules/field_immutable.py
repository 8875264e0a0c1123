r"""On ``update``, immutable fields must not be sent.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateFields`` (lines
310-381; the immutable test at lines 359-364), called with ``$strictCheck = false`` by
``validateParamsForUpdate`` (lines 264-283), over the field tables of
``biconnector/lib/Rest/Connector.php`` (``getFields``, lines 56-156),
``biconnector/lib/Rest/Source.php`` (lines 59-159) and ``biconnector/lib/Rest/Dataset.php`` (lines
96-204): non-strict ``validateFields`` rejects a present key whose row is ``isImmutable``. No
connector field is immutable, so connectors never get this code (the biconnector.connector.add and
biconnector.connector.update pages of the REST docs listed it until 2026-08; the code wins); sources
have ``connectorId``, datasets and tables ``sourceId``, ``name``, ``externalName`` and
``externalCode``. ``add`` does not check it.

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
