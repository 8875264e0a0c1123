r"""``source.add``'s ``connectorId`` must name a connector that can exist: ``(int)`` above 0.

Source: ``biconnector/lib/Rest/Source.php``, ``Bitrix\BIConnector\Rest\Source::addEntity`` (lines
161-177): once ``validateFields`` passed (``biconnector/lib/Rest/Base.php`` lines 51-61; its type
check only asks ``is_numeric``, lines 368-377, so ``"abc"`` is ``field-type``), ``addEntity`` looks
the connector up by ``(int)$fields['connector_id']``. ``getById`` filters ``=ID`` on an
``IntegerField`` (``main/lib/orm/data/datamanager.php`` line 339), which ``CSQLWhere`` casts with
``intval`` and writes ``(ID IS NULL OR ID = 0)`` for 0 (``main/classes/general/sqlwhere.php`` lines
466-495); ``ID`` is an auto-increment primary key
(``biconnector/lib/ExternalSource/Internal/ExternalSourceRestConnectorTable.php`` lines 60-67),
never 0 or below. So ``0``, ``-1``, ``"0"``, ``"-0"``, ``0.5``, ``".5"``, ``"0.9"``, ``"1e-3"`` and
``"0e5"`` find nothing on any portal, and the server answers ``CONNECTOR_NOT_FOUND`` before the call
to ``urlCheck`` and before the empty-title check (``source-title``). The float ``1e19`` is outside
PHP's integers: PHP 8 on 64-bit platforms wraps it to -8446744073709551616 (an out-of-range float
has no defined integer, https://www.php.net/manual/en/language.types.integer.php; a saturating
platform would look up 9223372036854775807, which no portal holds either); ``2e19`` wraps to a
positive id and is not reported. A positive id that no connector has, or a connector of another
application, gets the same answer: that depends on the portal and is not predicted
(``bicon-lint rule CONNECTOR_NOT_FOUND``). Same code on every server version that has
``source.add``.

Pass: ``"connectorId": 4``, ``"connectorId": "4.5"``   Fail: ``"connectorId": 0``, ``"connectorId": "0.5"``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="source-connector-exists",
    codes={"CONNECTOR_NOT_FOUND": Code("Connector was not found.")},
    methods=named("source", "add"),
    stage=Stage.STATE,
    summary="source.add connectorId: (int) above 0, or no connector can have it",
)


def check(request: Request) -> Iterator[Finding]:
    value = (access.fields(request) or {}).get("connectorId")
    if php.is_numeric(value) and php.int_cast(value) <= 0:
        yield Finding(("fields", "connectorId"), "CONNECTOR_NOT_FOUND", order=(0,), returns=True)
