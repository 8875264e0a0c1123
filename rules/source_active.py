"""``active`` on a source is type-checked and then ignored.

Source: SERVER-SPEC §5.2 step 9, §5.3 step 4, §9.1 #19 [CODE C8]: ``validateFields`` demands a
boolean, but ``SourceManager::addConnection`` always writes ``ACTIVE = 'Y'`` and
``updateConnection`` never reads the field. ``"active": false`` creates an active source, whose
data the portal keeps loading (``urlData`` is called only for active sources, §7). A non-boolean
``active`` is already ``field-type``.

Pass: ``{"title": "S", "connectorId": 4, "settings": {}}``   Fail: ``{..., "active": false}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="source-active",
    codes={
        "BL505": Code(
            "active is ignored: the server checks that it is a boolean, then always keeps the "
            "source active ({sent} has no effect)",
            server=False,
            severity=Severity.WARNING,
        )
    },
    methods=named("source", "add", "update"),
    stage=Stage.ADVISORY,
    summary="source active: accepted, then ignored (always active)",
)


def check(request: Request) -> Iterator[Finding]:
    value = (access.fields(request) or {}).get("active")
    if isinstance(value, bool):
        sent = f'"active": {"true" if value else "false"}'
        yield Finding(("fields", "active"), "BL505", {"sent": sent}, part=Part.KEY)
