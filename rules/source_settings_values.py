"""A source's ``settings`` values must not be arrays: the server crashes.

Source: SERVER-SPEC §5.2 step 7, §2.5: ``SourceManager::prepareConnectionSettings`` passes each
value whose key is one of the connector's setting codes to ``trim()``, and ``trim(array)`` throws a
``TypeError`` that nothing catches, so **the server fails without an error code** ([INFERRED] in the
spec; the call is in [CODE C8]). Values under other keys are dropped without an error, but
bicon-lint cannot see the connector's codes and assumes the key is one of them. Strings, numbers
and booleans are coerced; ``null`` is skipped. On ``add`` the crash comes after the source row is
saved (``source-save-length`` answers first), and only when ``connectorId`` is sent as its plain
digits (``4``, ``"4"``): with ``"04"`` the server looks for the codes of ``rest_04``, finds none and
stores no settings. On ``update`` the settings are saved before the row.

Pass: ``"settings": {"token": "t"}``   Fail: ``"settings": {"token": ["t"]}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
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
    for position, (key, value) in enumerate(php.items(given.get("settings"))):
        if php.is_array(value):
            yield Finding(
                loc=("fields", "settings", key),
                code="BL104",
                args={"key": php.to_string(key)},
                order=(1 if adding else 0, position),
                fatal=True,
            )
