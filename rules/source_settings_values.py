r"""A source's ``settings`` values must not be arrays: the server crashes.

Source: ``biconnector/lib/ExternalSource/SourceManager.php``,
``Bitrix\BIConnector\ExternalSource\SourceManager::prepareConnectionSettings`` (line 537): each
value whose key is one of the connector's setting codes goes to ``trim()``, and ``trim(array)``
throws a ``TypeError`` (https://www.php.net/manual/en/function.trim.php) that nothing catches
(``addConnection`` and ``updateConnection`` catch ``Exception`` only, lines 308 and 430), so **the
server fails without an error code** (read from the code, not seen on a portal). Values under other
keys are dropped without an error. Strings, numbers and booleans are coerced; ``null`` is skipped.
On ``add`` the crash comes after the source row is saved (``source-save-length`` answers first), and
only when ``connectorId`` is sent as its plain digits (``4``, ``"4"``): with ``"04"`` the server
looks for the codes of ``rest_04``, finds none and stores no settings. On ``update`` the settings
are saved before the row.

The connector's codes are stored on the portal (``getFieldsConfig`` reads them from its row,
``biconnector/lib/ExternalSource/SourceManager.php`` lines 30-86, 512-554; ``updateConnection``
saves the settings at line 400, the row at line 409). When the run holds the connector's payload
(as ``source-settings-keys`` finds it), its codes decide; otherwise the predicted answer says that
it depends (``server_error.portal``): ``{"id": 10, "fields": {"title": "x" * 513, "settings":
{"token": ["t"]}}}`` crashes if the connector declares ``token`` as a setting code, and otherwise
answers ``BX_INVALID_VALUE`` for the title.

Pass: ``"settings": {"token": "t"}``   Fail: ``"settings": {"token": ["t"]}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, connectors, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="source-settings-values",
    codes={
        "BL104": Code(
            "The server fails without an error code: trim() throws a TypeError for the array in "
            'settings "{key}" (if "{key}" is one of the connector\'s setting codes).',
            server=False,
        )
    },
    methods=named("source", "add", "update"),
    stage=Stage.SAVE,
    summary="source settings values must not be arrays (the server crashes)",
)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    adding = access.action(request) == "add"
    connector_id = given.get("connectorId")
    if adding and not (php.is_numeric(connector_id) and php.is_canonical_int(connector_id)):
        return
    settings = enumerate(php.items(given.get("settings")))
    arrays = [(position, key) for position, (key, value) in settings if php.is_array(value)]
    if not arrays:
        return
    declared = connectors.find(request).connector
    if declared is not None:  # the run holds the connector's payload: its codes decide
        arrays = [(at, key) for at, key in arrays if php.array_key(str(key)) in declared.settings]
    condition = portal_condition([key for _at, key in arrays]) if declared is None else None
    for position, key in arrays:
        args = {"key": php.to_string(key)}
        order = (1 if adding else 0, position)
        yield Finding(
            ("fields", "settings", key), "BL104", args, order=order, fatal=True, portal=condition
        )


def portal_condition(keys: list[str | int]) -> str:
    """When the server crashes on these keys' arrays: one of them is a code of the connector.

    >>> portal_condition(["token"])
    'the connector declares "token" as a setting code'
    >>> portal_condition(["a", 5, "c"])
    'the connector declares "a", "5" or "c" as a setting code'
    >>> portal_condition(["a", "b", "c", "d", "e"])
    'the connector declares one of "a", "b", "c" (or 2 more keys) as a setting code'
    """
    shown = [f'"{php.to_string(key)}"' for key in keys[:3]]
    named = shown[0] if len(keys) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
    if len(keys) > 3:
        more = len(keys) - 3
        named = f"one of {', '.join(shown)} (or {more} more key{'s' if more > 1 else ''})"
    return f"the connector declares {named} as a setting code"
