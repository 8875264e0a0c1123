r"""A settings item's ``type`` must be exactly ``STRING`` (or ``INT`` from 2026-04).

Source: ``biconnector/lib/Rest/Connector.php``,
``Bitrix\BIConnector\Rest\Connector::checkAndPrepareSettings`` (lines 334-338), against the enum of
``biconnector/lib/ExternalSource/SourceSettingType.php``:
``SourceSettingType::tryFrom($s['TYPE']) === null``
(https://www.php.net/manual/en/backedenum.tryfrom.php). The match is exact and case-sensitive:
``"string"``, ``" STRING"``, ``""`` fail; numbers and booleans are coerced to strings and fail.
``INT`` joined the enum on 2026-04-17; older servers reject it (the biconnector.connector.add page
of the REST docs said "only STRING" until 2026-08). Checked after the name and code lengths of the
same item.

Pass: ``"type": "STRING"``   Fail: ``"type": "string"``, ``"type": 1``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="settings-type-enum",
    codes={"VALIDATION_SETTINGS_INVALID_TYPE": Code('Parameter "type" is not correct.')},
    methods=CONNECTOR_WRITE,
    stage=Stage.CONTENT,
    summary="settings type: STRING, or INT from 2026-04",
    requires=access.irregular_setting_items,
)


def check(request: Request) -> Iterator[Finding]:
    for item in access.irregular_setting_items(request):
        kind = item.kind
        if kind == access.EXTRA_KEYS:
            continue  # a known type
        if kind == access.OTHER_TYPE or (
            item.complete and not php.is_array(item.value("TYPE")) and not item.type_known()
        ):
            yield Finding(
                loc=item.value_loc("TYPE"),
                code="VALIDATION_SETTINGS_INVALID_TYPE",
                order=(item.position, 3),
                group=("setting", item.position),
            )
