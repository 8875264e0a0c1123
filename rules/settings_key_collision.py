"""Two keys that the server's key conversion turns into one: the earlier value is lost.

Source: ``biconnector/lib/Rest/Connector.php`` and ``main/lib/engine/response/converter.php``:
``connector.add``/``update`` pass the whole ``fields`` through
``Converter(KEYS | RECURSIVE | TO_SNAKE | TO_UPPER)`` (``Connector.php`` lines 161-167 and 196-202),
so the keys of ``settings`` sent as an object and the keys of each settings item are converted too.
``formatArray`` (``converter.php`` lines 54-91) stores each converted key with
``$newData[$key] = $item``: keys that become one name (``a`` and ``A`` → ``A``, ``name`` and
``Name`` → ``NAME``) are one key, and the later value replaces the earlier one at the earlier key's
place, with no error. On 25.300.0 the keys were only snake-cased (``a``, ``name``), which joins the
same keys (the ``Rest/Connector.php`` under ``bitrix/modules/biconnector/lib/`` of biconnector
25.300.0 in the ``alex-jazzman/bitrix24_source`` repository). The server checks and stores what
survives; the lost item or value is reported here, at its key (an error, as for a key written twice
in JSON: ``duplicate-key``).

Pass: ``"settings": {"login": {...}, "password": {...}}``, ``{"code": "c", "name": "n", "type": "STRING"}``
Fail: ``"settings": {"token": {...}, "Token": {...}}``, ``{"code": "c", "name": "n", "Name": "N", ...}``
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Loc, Part, Request, RuleSpec, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="settings-key-collision",
    codes={
        "BL410": Code(
            '{where} key "{key}" becomes "{converted}" on the server, as the later key "{later}" '
            "does: the {what} here is lost, the server keeps the later one",
            server=False,
        )
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.ADVISORY,
    summary="settings: no two keys that the server's key conversion makes one",
    requires=access.settings_sent,
)


def check(request: Request) -> Iterator[Finding]:
    settings = (access.fields(request) or {}).get("settings")
    target = request.target
    base: Loc = ("fields", "settings")
    if type(settings) is dict:
        yield from _collisions(settings, base, ("settings", "item"), target)
    for item in access.general_setting_items(request):  # a near-plain item's keys never collide
        if type(item.raw) is dict:
            yield from _collisions(item.raw, item.loc, ("settings item", "value"), target)


def _collisions(
    array: dict[Any, Any], loc: Loc, words: tuple[str, str], target: Target
) -> Iterator[Finding]:
    """A finding at each key that a later key of ``array`` overrides after the conversion."""
    upper = access.upper_keys(target)
    keys: dict[str | int, list[Any]] = {}
    for key in array:
        name = php.array_key(key) if isinstance(key, str) else key
        keys.setdefault(php.convert_key(name, upper=upper), []).append(key)
    for converted, same in keys.items():
        for key in same[:-1]:
            args = {"where": words[0], "what": words[1], "key": key, "later": same[-1]}
            args["converted"] = converted
            yield Finding((*loc, key), "BL410", args, part=Part.KEY)
