r"""On ``add``, every required, writable field must be present.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateFields`` with
``$strictCheck = true`` (called by ``validateParamsForAdd``, lines 249-262; the test at lines
342-350): a key missing by ``array_key_exists``
(https://www.php.net/manual/en/function.array-key-exists.php) with ``isRequired && !isReadOnly`` is
an error, so ``"title": null`` counts as present (and fails the type check instead). The server
walks its own field order (``getFields``, ``biconnector/lib/Rest/Connector.php`` lines 56-156),
which is not the docs' order: for connectors
``urlCheck, urlData, urlTableList, urlTableDescription`` (the REST docs list ``urlTableList``,
``urlTableDescription``, ``urlData``). The biconnector.connector.add page of the REST docs of
2025-05-14 marked only ``title`` as required; the code requires all of them (the page was corrected
on 2025-05-21).

Pass: every required title present   Fail: ``{"fields": {...no "settings"...}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="field-required",
    codes={"VALIDATION_REQUIRED_FIELD_MISSING": Code('Field "{title}" is required.')},
    methods=named("connector", "add") | named("source", "add") | named("dataset", "add"),
    stage=Stage.FIELDS,
    summary="required fields must be present on add",
)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    for index, row in enumerate(access.field_table(request)):
        if row.is_required and not row.is_read_only and row.title not in given:
            yield Finding(
                loc=access.FIELDS,
                code="VALIDATION_REQUIRED_FIELD_MISSING",
                args={"title": row.title},
                part=Part.KEY,
                order=(2, index, 0),
                group=("field", index),
            )
