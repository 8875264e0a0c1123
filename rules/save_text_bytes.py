"""A connector's ``logo``, ``description`` and stored ``settings`` must fit MySQL ``TEXT`` columns:
65,535 bytes each.

Source: ``biconnector/lib/ExternalSource/Internal/ExternalSourceRestConnectorTable.php`` (``LOGO``,
``DESCRIPTION`` and ``SETTINGS`` have no ORM validator, lines 89-101 and 136-142); the three are
``TEXT`` columns (the module's ``install/db/mysql/install.sql``, biconnector 26.0.100, in the
``alex-jazzman/bitrix24_source`` repository), so the outcome depends on MySQL ``sql_mode``: silent
truncation, or a SQL error that ``rest/lib/restexception.php``
(``RestException::initFromException``, lines 79-87) answers as the top-level ``ERROR_CORE``.
``SETTINGS`` holds ``Json::encode`` of the checked items (``{"name", "code", "type"}``, values as
sent, ``biconnector/lib/Rest/Connector.php`` lines 309-353) with ``main/lib/web/json.php``'s
``DEFAULT_OPTIONS`` (``/``, ``"``, ``<``, ``>``, ``&``, ``'`` escaped, the rest as UTF-8). The
``INSERT``/``UPDATE`` (``Connector.php`` lines 179, 231) comes after every ``save-required`` and
``save-length`` error. Which way it goes is the portal's configuration, so the predicted answer says
that it depends (``server_error.portal``): a strict ``sql_mode`` refuses the value ("Data too
long"), nothing catches the ``SqlQueryException`` and the REST core answers the top-level
``ERROR_CORE`` "SQL query error!" (HTTP 500); otherwise the value is cut to 65,535 bytes and the
call succeeds. An item takes 33 bytes or more, so about 2,000 settings never fit.

Pass: ``"description": "d" * 65535``   Fail: ``"description": "d" * 65536``, 3,000 settings
"""

from __future__ import annotations

from collections.abc import Iterator, Sized
from typing import Any, Final

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="save-text-bytes",
    codes={"ERROR_CORE": Code("SQL query error!")},
    methods=CONNECTOR_WRITE,
    stage=Stage.SAVE,
    summary="logo, description and the settings' JSON <= 65,535 bytes (MySQL TEXT)",
)

TEXT_BYTES: Final = 65_535  # MySQL TEXT
ITEM_BYTES: Final = 33  # {"name":1,"code":1,"type":"INT"} and its comma: the least an item takes
# The most an accepted item takes: name and code of 512 characters escaped to 6 bytes each.
ITEM_MAX_BYTES: Final = len('{"name":,"code":,"type":"STRING"},') + 2 * (2 + 6 * 512)
CONDITION: Final = "the portal's MySQL runs with a strict sql_mode"
PLAIN_KEYS: Final = frozenset({"name", "type", "code"})


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    for key in ("logo", "description"):
        value = given.get(key)
        text = value if isinstance(value, str) and len(value) * 4 > TEXT_BYTES else ""  # or short
        if len(text.encode("utf-8", "surrogatepass")) > TEXT_BYTES:
            yield _finding(key)
    settings = given.get("settings")  # a list, a dict, a CompactArray
    count = len(settings) if isinstance(settings, Sized) and php.is_array(settings) else 0
    if count and _settings_bytes(request, settings, count) > TEXT_BYTES:
        yield _finding("settings")


def _finding(key: str) -> Finding:
    args = {"top_level": True}
    return Finding(("fields", key), "ERROR_CORE", args, order=(2,), returns=True, portal=CONDITION)


def _settings_bytes(request: Request, settings: Any, count: int) -> int:
    """Bytes of the settings' JSON as stored (0 when an item fails its checks: no save then)."""
    if count * ITEM_BYTES > TEXT_BYTES:
        return count * ITEM_BYTES  # more items than the column can hold, whatever they are
    if count * ITEM_MAX_BYTES < TEXT_BYTES:
        return 0  # too few to fill it
    size = count + 1  # the brackets and the commas
    for raw in settings.values() if isinstance(settings, dict) else settings:
        if type(raw) is not dict or raw.keys() != PLAIN_KEYS:
            return _stored_bytes(request)
        name, kind, code = raw.values()  # three strings, as most items: their sizes add up
        if type(name) is not str or type(kind) is not str or type(code) is not str:
            return _stored_bytes(request)
        size += 29 + php.json_encoded_length(name + kind + code)  # {"name":"","code":"",…}
    return size


def _stored_bytes(request: Request) -> int:
    items = access.setting_items(request)
    if not all(item.accepted for item in items):
        return 0
    stored = [{key.lower(): item.value(key) for key in ("NAME", "CODE", "TYPE")} for item in items]
    return php.json_encoded_length(stored)
