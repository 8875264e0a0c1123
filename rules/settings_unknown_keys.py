r"""A connector settings item holds only ``name``, ``type`` and ``code``: any other key is dropped.

Source: ``biconnector/lib/Rest/Connector.php``,
``Bitrix\BIConnector\Rest\Connector::checkAndPrepareSettings`` (lines 340-349): after the keys went
through ``camel2snake`` and upper-casing, it stores each item as ``{name, code, type}`` and drops
any other key, without an error. A ``biconnectorId``, a ``description``, a ``placeholder`` or a
``required`` flag never reaches the portal's source form, and an upper-case ``NAME`` next to
``name`` is a different key (``N_AM_E``) that is dropped too. Keys that convert to the same name
(``name`` and ``Name``) are one key: the later wins (``settings-key-collision``). Only items the
server accepts are checked (``settings-item-keys`` reports the others).

Pass: ``{"code": "token", "name": "Token", "type": "STRING"}``
Fail: ``{"code": "token", "name": "Token", "type": "STRING", "biconnectorId": 4}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="settings-unknown-keys",
    codes={
        "BL401": Code(
            'settings item key "{key}" is silently dropped: the server keeps only "name", "type" '
            'and "code" of an item{hint}',
            server=False,
            severity=Severity.WARNING,
        )
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.ADVISORY,
    summary="settings items: keys other than name, type and code are silently dropped",
    requires=access.irregular_setting_items,
)


def check(request: Request) -> Iterator[Finding]:
    upper = access.upper_keys(request.target)
    known = {access.setting_key(key, request.target) for key in access.SETTING_KEYS}
    three = access.THREE
    said: dict[str, dict[str, object]] = {}  # one arguments dict per key (read-only, as all are)
    for item in access.irregular_setting_items(request):
        kind = item.kind
        if kind == access.EXTRA_KEYS:  # lower-case keys: none becomes a known one, no hint
            loc = item.loc
            for key in item.raw:
                if key not in three:
                    args = said.get(key)
                    if args is None:
                        args = said[key] = {"key": key, "hint": ""}
                    yield Finding((*loc, key), "BL401", args, part=Part.KEY)
            continue
        if kind == access.OTHER_TYPE or not item.complete or not isinstance(item.raw, dict):
            continue
        for key in item.raw:
            converted = php.convert_key(key, upper=upper)
            if converted in known:
                continue
            hint = ""
            if isinstance(key, str) and key.lower() in ("name", "type", "code"):
                hint = f' ("{key}" becomes {converted}; write "{key.lower()}")'
            yield Finding((*item.loc, key), "BL401", {"key": key, "hint": hint}, part=Part.KEY)
