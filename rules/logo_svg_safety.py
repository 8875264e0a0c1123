"""An SVG logo must hold no script, no event handler and no external reference.

Source: ``biconnector/lib/ExternalSource/Internal/ExternalSourceRestConnectorTable.php`` (``LOGO``
is stored as sent, no validator, lines 89-95), ``biconnector/lib/Rest/Connector.php``
(``connector.get`` and ``connector.list`` return it, ``getEntity`` and ``getList``, lines 282-307
and 355-395) and ``biconnector/lib/ExternalSource/SourceManager.php`` (``addConnection`` hands it to
the portal's interface as the connection's avatar, lines 276-297). The portal shows the logo to its
users; an SVG is a document, not a picture: ``<script>`` elements, ``on*`` event handler attributes
(``onload``), ``href`` values that leave the image (``http:``, ``https:``, ``//``, ``javascript:``),
an ``xml-stylesheet`` instruction and CSS ``@import``/``url(http…)`` run or load as soon as the SVG
is opened as a page (a "view image" or a download), and they are the classic way to smuggle script
into an image. Browsers ignore them inside ``<img>``, so they never help a logo. Only ``data:``
logos are inspected (a logo URL would need a download, and bicon-lint never uses the network); the
SVG is parsed with expat, a DOCTYPE refused before any entity is declared or expanded.

Pass: ``<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>``
Fail: ``<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>``, ``<script>`` inside
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, logo
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="logo-svg-safety",
    codes={
        "BL307": Code(
            "logo: the SVG contains {hazards}: script and external references are a security "
            "risk and never needed by a logo; remove them",
            server=False,
        )
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.ADVISORY,
    summary="an SVG logo must not hold scripts, event handlers or external references",
    requires=access.logo_sent,
)


def check(request: Request) -> Iterator[Finding]:
    value = (access.fields(request) or {}).get("logo")
    found = logo.parse_data_url(value) if isinstance(value, str) else None
    if found is None or found.mime != logo.SVG or not found.data:
        return
    hazards = list(dict.fromkeys(logo.inspect_svg(found.data).hazards))
    if hazards:
        listed = ", ".join(hazards[:3]) + (
            f" and {len(hazards) - 3} more" if len(hazards) > 3 else ""
        )
        yield Finding(("fields", "logo"), "BL307", {"hazards": listed})
