"""What a connector's ``logo`` holds, decoded as a browser decodes it, without any I/O.

A ``data:`` URL is split and decoded as the WHATWG Fetch standard's "data: URL processor" does
(percent-decoding, then *forgiving-base64*: whitespace ignored, padding optional), so a logo that
renders in a browser is never reported. The image is then recognised by its signature; an SVG is
parsed with expat, refusing any DOCTYPE before an entity could be declared or expanded.
"""

import binascii
import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Final, NamedTuple, TypeVar
from urllib.parse import unquote_to_bytes

from bicon_lint.endpoints import split

SVG: Final = "image/svg+xml"
SVG_NS: Final = "http://www.w3.org/2000/svg"
# The image types every current browser renders in <img> and that are meant for the web (MDN,
# "Image file type and format guide"); the connector.add page of the REST docs uses image/svg+xml.
IMAGE_TYPES: Final = {
    SVG: "SVG",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
}
# LOGO is a MySQL TEXT column: 65,535 bytes (install/db/mysql/install.sql of the biconnector
# module, in alex-jazzman/bitrix24_source; the ORM map has no validator for it).
LOGO_MAX_BYTES: Final = 65_535
CACHED_MAX: Final = 2 * LOGO_MAX_BYTES  # larger logos are analysed afresh each time, never kept
Logo = TypeVar("Logo", str, bytes)
Answer = TypeVar("Answer")

_SIGNATURES: Final = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)
_C0_OR_SPACE: Final = "".join(map(chr, range(0x21)))  # what URL parsers strip around a URL
_BASE64_TAIL: Final = re.compile(r";[ \t]*base64[ \t]*\Z", re.IGNORECASE)
_EXTERNAL: Final = re.compile(r"\s*(?:https?:|//|javascript:)", re.IGNORECASE)
_CSS_EXTERNAL: Final = re.compile(r"@import|url\(\s*['\"]?\s*(?:https?:|//)", re.IGNORECASE)


class DataUrl(NamedTuple):
    """A ``data:`` URL: its MIME type essence, and its bytes or why they cannot be had."""

    mime: str
    data: bytes | None
    problem: str | None = None
    base64_text: str = ""


def _remembered(function: Callable[[Logo], Answer]) -> Callable[[Logo], Answer]:
    """``function`` with its answers for the last 16 logos of at most ``CACHED_MAX`` characters
    (or bytes) remembered: an integration sends the same logo in every connector payload. The
    answers are immutable; larger logos are analysed afresh each time, never kept."""
    cached = lru_cache(maxsize=16)(function)

    @wraps(function)
    def remembered(logo: Logo) -> Answer:
        return cached(logo) if len(logo) <= CACHED_MAX else function(logo)

    return remembered


@_remembered
def parse_data_url(url: str) -> DataUrl | None:
    """``None`` when ``url`` is not a ``data:`` URL. Remembered for logos up to ``CACHED_MAX``
    characters.

    >>> parse_data_url("data:image/png;base64,iVBORw0KGgo=").data[:4]
    b'\\x89PNG'
    >>> parse_data_url("data:image/svg+xml;base64,NEWLOGODATA").data  # forgiving: no padding
    b'4E\\x8b8c\\x83\\x010'
    >>> parse_data_url("data:image/svg+xml,<svg fill='#fff'/>").problem
    "an unescaped '#' starts the URL's fragment, so browsers cut the image there (write %23)"
    >>> parse_data_url("https://example.com/logo.png") is None
    True
    """
    text = url.strip(_C0_OR_SPACE)
    if text[:5].lower() != "data:":
        return None
    header, comma, body = text[5:].partition(",")
    is_base64 = _BASE64_TAIL.search(header) is not None
    mime = (header.split(";", 1)[0].strip().lower() if comma else "") or "text/plain"
    if not comma:
        return DataUrl(mime, None, "there is no ',' between the media type and the data")
    if "#" in body:
        why = "an unescaped '#' starts the URL's fragment, so browsers cut the image there"
        return DataUrl(mime, None, why + (" (write %23)" if not is_base64 else ""))
    raw = unquote_to_bytes(body)
    if not is_base64:
        return DataUrl(mime, raw)
    letters = re.sub(rb"[\t\n\f\r ]", b"", raw).decode("latin-1")
    decoded = _forgiving_base64(letters)
    if decoded is None:
        return DataUrl(mime, None, f"{quote(letters)} is not base64", letters)
    return DataUrl(mime, decoded, None, letters)


def _forgiving_base64(text: str) -> bytes | None:
    """WHATWG Infra "forgiving-base64 decode" (ASCII whitespace already removed)."""
    if len(text) % 4 == 0 and text.endswith("="):
        text = text[:-2] if text.endswith("==") else text[:-1]
    if len(text) % 4 == 1 or re.fullmatch(r"[A-Za-z0-9+/]*", text) is None:
        return None
    try:
        import base64  # only for data: logos

        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def quote(text: str, limit: int = 24) -> str:
    return f'"{text}"' if len(text) <= limit else f'"{text[:limit]}…" ({len(text)} characters)'


def sniff(data: bytes) -> str | None:
    """The raster format ``data`` starts with, by its signature.

    >>> sniff(b"GIF89a..."), sniff(b"RIFF\\x00\\x00\\x00\\x00WEBPVP8 "), sniff(b"<svg/>")
    ('GIF', 'WebP', None)
    """
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    return "WebP" if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else None


class Svg(NamedTuple):
    """What parsing an SVG found: why it cannot render (``problem``), and its ``hazards``."""

    problem: str | None = None
    hazards: tuple[str, ...] = ()


class _Refused(Exception):
    pass


@_remembered
def inspect_svg(data: bytes) -> Svg:
    """Parse ``data`` as namespaced XML; never resolve or expand an entity. Remembered for images
    up to ``CACHED_MAX`` bytes.

    >>> inspect_svg(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    Svg(problem=None, hazards=())
    >>> inspect_svg(b'<svg xmsns="http://www.w3.org/2000/svg"/>').problem
    'its root <svg> has no namespace (the attribute xmsns="http://www.w3.org/2000/svg" looks like a misspelt xmlns)'
    >>> inspect_svg(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><svg>&a;</svg>').problem
    'it has a DOCTYPE (refused: entities are never expanded)'
    >>> inspect_svg(b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script/></svg>').hazards
    ('an event handler attribute onload', 'a <script> element')
    """
    from xml.parsers import expat  # only for SVG logos

    hazards: list[str] = []
    roots: list[tuple[str, str, dict[str, str]]] = []
    styles: list[bool] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*_args: object) -> None:
        raise _Refused("it has a DOCTYPE (refused: entities are never expanded)")

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if not roots:
            roots.append((namespace, local, attributes))
        styles.append(local == "style")
        if local == "script":
            hazards.append("a <script> element")
        for key, value in attributes.items():
            attribute = key.rpartition(" ")[2]
            if attribute.lower().startswith("on"):
                hazards.append(f"an event handler attribute {attribute}")
            elif attribute == "href" and _EXTERNAL.match(value):
                hazards.append(f'an external reference href="{value.strip()[:40]}"')
            elif attribute == "style" and _CSS_EXTERNAL.search(value):
                hazards.append("a style attribute loading an external resource")

    def text(data: str) -> None:
        if styles and styles[-1] and _CSS_EXTERNAL.search(data):
            hazards.append("a <style> loading an external resource")

    def instruction(target: str, data: str) -> None:
        if target == "xml-stylesheet":
            hazards.append("an xml-stylesheet processing instruction")

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _name: styles.pop()
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return Svg(str(refused))
    except expat.ExpatError as error:
        return Svg(
            f"it does not parse as XML ({expat.ErrorString(error.code)}, line {error.lineno})"
        )
    problem = _root_problem(*roots[0]) if roots else "it has no root element"
    return Svg(problem, tuple(hazards))


def _root_problem(namespace: str, local: str, attributes: dict[str, str]) -> str | None:
    if local != "svg":
        return f"its root element is <{local}>, not <svg>"
    if namespace == SVG_NS:
        return None
    if namespace:
        return f'its root <svg> is in the namespace "{namespace}", not "{SVG_NS}"'
    typo = next((key for key, value in attributes.items() if value.strip() == SVG_NS), None)
    hint = f'the attribute {typo}="{SVG_NS}" looks like a misspelt xmlns' if typo else ""
    return "its root <svg> has no namespace (" + (hint or f'add xmlns="{SVG_NS}"') + ")"


def content_problem(found: DataUrl) -> str | None:
    """Why the data of a logo-type ``data:`` URL is not the image it declares, if it is not."""
    data = found.data or b""
    decoded = f"{len(data)} byte{'' if len(data) == 1 else 's'}"
    if found.base64_text:
        decoded = f"{quote(found.base64_text)} decodes to {decoded}"
    if not data:
        return "there is no data"
    if IMAGE_TYPES.get(found.mime) == "SVG":
        problem = inspect_svg(data).problem
        return None if problem is None else f"{decoded}: {problem}"
    return None if sniff(data) else f"{decoded}, without the signature of a raster image"


def url_problem(value: str) -> str | None:
    """Why a logo that is not a ``data:`` URL cannot be shown on the portal's pages, if it cannot.

    >>> url_problem("https://cdn.example.com/logo.png"), url_problem("/img/logo.png")
    (None, "a relative URL is read against the portal's own pages, where no logo is")
    """
    parts = split(value.strip())
    if value != value.strip():
        return "it has leading or trailing whitespace"
    if parts is None or not parts.scheme or not parts.netloc:
        return "a relative URL is read against the portal's own pages, where no logo is"
    if parts.scheme == "http":
        return "on the portal's https pages browsers block or upgrade http images (mixed content)"
    return None if parts.scheme == "https" else f'"{parts.scheme}:" is not a web image URL'
