"""``active`` on a source is type-checked and then ignored.

Source: ``biconnector/lib/Rest/Base.php`` (``validateFields`` demands a boolean, lines 366-377) and
``biconnector/lib/ExternalSource/SourceManager.php``: ``SourceManager::addConnection`` always writes
``ACTIVE = 'Y'`` (line 231) and ``updateConnection`` (lines 347-437) never reads the field. The
biconnector.source.add and biconnector.source.update pages of the REST docs described ``active`` as
settable (default ``true``) until 2026-08; the code wins. ``"active": false`` creates an active
source, whose data the portal keeps loading (``urlData`` is called only for active sources:
``Rest::getData``, ``biconnector/lib/ExternalSource/Source/Rest.php`` lines 249-254). A non-boolean
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
