r"""``settings`` in ``connector.update`` replaces the connector's whole list of settings.

Source: ``biconnector/lib/Rest/Connector.php``, ``Bitrix\BIConnector\Rest\Connector::updateEntity``
(lines 213-231), and the biconnector.connector.update page of the REST docs ("replaced entirely"):
the new list is stored as it is, not merged, and ``[]`` empties it. Sending only the parameter that
changed deletes all the others; and ``SourceManager::removeUnusedSettings``
(``biconnector/lib/ExternalSource/SourceManager.php`` lines 629-664, called by
``saveConnectionSettings`` at line 472) then deletes each source's stored values for the removed
codes the next time the source is saved. An info when the list is not empty (make sure it is
complete), a warning when it is empty; nothing when the server rejects the list (an item fails
``settings-item-keys``, ``settings-text-length``, ``settings-scalar-values`` or
``settings-type-enum``), since then nothing is replaced.

Pass: ``{"id": 4, "fields": {"title": "Sales"}}``
Fail: ``{"id": 4, "fields": {"settings": [...]}}`` (an info), ``{"id": 4, "fields": {"settings": []}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_UPDATE
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="update-settings-replace",
    codes={
        "BL408": Code(
            "settings replaces the connector's whole list: settings not listed here are deleted, "
            "with their values in existing sources; send the complete list",
            server=False,
            severity=Severity.INFO,
        ),
        "BL409": Code(
            "settings: [] deletes every setting of the connector (and their values in its sources)",
            server=False,
            severity=Severity.WARNING,
        ),
    },
    methods=frozenset({CONNECTOR_UPDATE}),
    stage=Stage.ADVISORY,
    summary="connector.update: settings replaces the whole list ([] empties it)",
    requires=access.settings_sent,
)


def check(request: Request) -> Iterator[Finding]:
    settings = (access.fields(request) or {}).get("settings")
    if not php.is_array(settings):
        return
    # A plain item is accepted: only the others can make the server reject the list.
    if not all(item.accepted for item in access.irregular_setting_items(request)):
        return  # the server rejects the list: nothing is replaced
    yield Finding(("fields", "settings"), "BL408" if settings else "BL409", part=Part.KEY)
