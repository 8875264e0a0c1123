"""A new connector should declare at least one setting.

Source: ``biconnector/lib/Rest/Connector.php`` (``checkAndPrepareSettings``, lines 309-353) and
``biconnector/lib/ExternalSource/Source/Rest.php`` (``connect``, lines 96-130, and
``fillConnectionSettings``, lines 442-454): ``"settings": []`` is accepted and stored as ``[]``, and
then a source of the connector has no parameters: the portal's form asks for nothing, and the
endpoints receive no ``connection`` field at all (``http_build_query`` leaves an empty array out,
https://www.php.net/manual/en/function.http-build-query.php), so the connector cannot tell its users
apart (no login, no token, no account). A warning: a public, unauthenticated data feed may need
none. Sent form-encoded, an empty list is dropped and the server answers
``Field "settings" is required.`` (``field-required``).

Pass: ``"settings": [{"code": "token", "name": "Token", "type": "STRING"}]``   Fail: ``"settings": []``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_ADD
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="settings-empty",
    codes={
        "BL407": Code(
            "the connector declares no settings: its sources have no parameters and the "
            "endpoints receive no connection[...] fields (no login, no token)",
            server=False,
            severity=Severity.WARNING,
        )
    },
    methods=frozenset({CONNECTOR_ADD}),
    stage=Stage.ADVISORY,
    summary="connector.add: settings declares at least one parameter",
)


def check(request: Request) -> Iterator[Finding]:
    settings = (access.fields(request) or {}).get("settings")
    if php.is_array(settings) and not settings:
        yield Finding(("fields", "settings"), "BL407")
