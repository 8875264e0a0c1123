r"""Each connector settings item must carry ``type``, ``name`` and ``code``, none of them ``null``.

Source: ``biconnector/lib/Rest/Connector.php``,
``Bitrix\BIConnector\Rest\Connector::checkAndPrepareSettings`` (line 316), after
``addEntity``/``updateEntity`` converted the keys (lines 161-167, 196-202) with
``main/lib/engine/response/converter.php`` and ``StringHelper::camel2snake``
(``main/lib/text/stringhelper.php`` lines 44-47): ``isset($s['TYPE'], $s['NAME'], $s['CODE'])``
(https://www.php.net/manual/en/function.isset.php) after the keys went through ``camel2snake`` and
upper-casing. ``name``/``Name`` become ``NAME``; upper-case ``NAME`` becomes ``N_AM_E`` and is
missing (on 25.300.0, keys were only lower-cased: ``Name`` worked and ``NAME`` did not either; the
``Rest/Connector.php`` under ``bitrix/modules/biconnector/lib/`` of biconnector 25.300.0 in the
``alex-jazzman/bitrix24_source`` repository). A ``null`` value is missing; ``""`` is present. An
item that is not an object (a string, a number) is missing all three. ``settings`` sent as one
object instead of a list is iterated value by value (``foreach``), so each value is such a
non-object item.

Pass: ``{"code": "c", "name": "n", "type": "STRING"}``   Fail: ``{"CODE": "c", "NAME": "n", "TYPE": "STRING"}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="settings-item-keys",
    codes={
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS": Code(
            'Settings must include "type", "name" and "code" fields.'
        )
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.CONTENT,
    summary="settings items need non-null type, name and code (after key conversion)",
    requires=access.general_setting_items,
)


def check(request: Request) -> Iterator[Finding]:
    for item in access.general_setting_items(request):
        if not item.complete:
            yield Finding(
                loc=item.loc,
                code="VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
                order=(item.position, 0),
                group=("setting", item.position),
            )
