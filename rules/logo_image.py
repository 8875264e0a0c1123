"""A connector's ``logo`` must be an image a browser can show: a well-formed ``data:`` URL of a logo
image type whose data really is that image, or an absolute ``https`` URL; and it must fit its
column.

Source: ``biconnector/lib/Rest/Connector.php`` (``getFields``: ``logo`` is a required string, lines
75-82) and ``biconnector/lib/ExternalSource/Internal/ExternalSourceRestConnectorTable.php``
(``LOGO``: required, no validator, lines 89-95; the column is a MySQL ``TEXT``, 65,535 bytes, and an
overlong value is truncated or refused by MySQL: ``save-text-bytes``), and the
biconnector.connector.add page of the REST docs: "a link to an image or a base64 formatted string,
for example ``data:image/svg+xml;base64,PHN2ZyB3...``". The server stores any string, so a broken
logo is accepted and then never renders: ``data:image/svg+xml;base64,NEWLOGODATA`` stood in the
``connector.update`` docs for over a year (it decodes to 8 bytes of noise), and the docs'
``connector.add`` example spells its namespace ``xmsns``, so that SVG has none and shows nothing.
Data is decoded the way browsers decode it (WHATWG Fetch "data: URL processor", forgiving-base64:
unpadded base64 is fine). Logo types: ``image/svg+xml``, ``image/png``, ``image/jpeg``,
``image/gif``, ``image/webp``, the formats every current browser renders and that are made for the
web; another ``image/*`` type is a warning (AVIF, BMP and ICO render in current browsers, TIFF and
HEIC only in Safari), a non-image type an error. A raster logo must start with a PNG, JPEG, GIF or
WebP signature (browsers sniff raster images, so a PNG labelled ``image/jpeg`` still renders); an
SVG must parse as namespaced XML, without a DOCTYPE (refused before any entity is declared), with a
root ``<svg>`` in ``http://www.w3.org/2000/svg``. A ``http`` logo is mixed content on the portal's
``https`` pages; a relative one points into the portal itself.

Pass: ``"logo": "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="``, ``"logo": "https://cdn.example.com/logo.png"``
Fail: ``"logo": "data:image/svg+xml;base64,NEWLOGODATA"``, ``"logo": "/img/logo.png"``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, logo, redact
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

_E, _W = Severity.ERROR, Severity.WARNING
_TYPES = ", ".join(logo.IMAGE_TYPES)
SPEC = RuleSpec(
    name="logo-image",
    codes={
        "BL301": Code("logo: the data: URL is malformed: {reason}; the logo never renders", False),
        "BL302": Code('logo: "{mime}" is not an image type; use {types}', False, _E),
        "BL303": Code(
            "logo: the data is not {kind} image: {reason}; the logo never renders", False
        ),
        "BL304": Code(
            "logo: {size} bytes do not fit the LOGO column (MySQL TEXT, 65,535 bytes): it is "
            "truncated or the save fails",
            False,
        ),
        "BL305": Code("logo: {shown} is not an absolute https URL: {reason}", False),
        "BL306": Code('logo: "{mime}" may not render everywhere; prefer {types}', False, _W),
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.ADVISORY,
    summary="logo: a data: URL of a real logo image (SVG, PNG, JPEG, GIF, WebP) or an https URL",
    requires=access.logo_sent,
)
LOC = ("fields", "logo")


def check(request: Request) -> Iterator[Finding]:
    value = (access.fields(request) or {}).get("logo")
    if not isinstance(value, str) or not value:
        return
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > logo.LOGO_MAX_BYTES:
        yield Finding(LOC, "BL304", {"size": f"{size:,}"})
    found = logo.parse_data_url(value)
    if found is None:
        reason = logo.url_problem(value)
        if reason:
            yield Finding(LOC, "BL305", {"shown": f'"{redact.display(value)}"', "reason": reason})
    elif found.problem or found.data is None:
        yield Finding(LOC, "BL301", {"reason": found.problem})
    elif found.mime not in logo.IMAGE_TYPES:
        code = "BL306" if found.mime.startswith("image/") else "BL302"
        yield Finding(LOC, code, {"mime": found.mime, "types": _TYPES})
    elif reason := logo.content_problem(found):
        kind = logo.IMAGE_TYPES[found.mime]
        yield Finding(
            LOC, "BL303", {"kind": ("an " if kind == "SVG" else "a ") + kind, "reason": reason}
        )
