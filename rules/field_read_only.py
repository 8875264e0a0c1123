r"""Read-only fields must not be sent.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateFields`` (lines
352-357), over the field tables of ``biconnector/lib/Rest/Connector.php`` (``getFields``, lines
56-156), ``biconnector/lib/Rest/Source.php`` (lines 59-159) and ``biconnector/lib/Rest/Dataset.php``
(lines 96-204): a present key (``array_key_exists``, line 342) whose row is ``isReadOnly`` is an
error, even with a ``null`` value. Connectors: ``id``, ``dateCreate``; sources also ``type``,
``code``, ``dateUpdate``, ``createdById``, ``updatedById``; datasets also ``externalId``.

Pass: ``{"fields": {"title": "T"}}``   Fail: ``{"fields": {"id": 5}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage
from bicon_lint.rules import fields_provided

SPEC = RuleSpec(
    name="field-read-only",
    codes={"VALIDATION_READ_ONLY_FIELD": Code('Field "{title}" is read only.')},
    methods=fields_provided.SPEC.methods,
    stage=Stage.FIELDS,
    summary="read-only fields must not be sent",
)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    rows = access.table_rows(request)
    for key in given:
        found = rows.get(key)
        if found is not None and found[1].is_read_only:
            index, row = found
            yield Finding(
                loc=("fields", row.title),
                code="VALIDATION_READ_ONLY_FIELD",
                args={"title": row.title},
                part=Part.KEY,
                order=(2, index, 1),
                group=("field", index),
            )
