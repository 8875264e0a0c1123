"""Source files and docs (PHP, JavaScript/TypeScript, Python, Go, Markdown): a document whose
requests are the ``biconnector.*`` calls written in it (``bicon_lint.extract``).

A file whose bytes do not mention ``biconnector`` (in any case) is neither decoded nor parsed: it
holds no call, and passes silently, whatever its encoding. One that does must be UTF-8.
"""

from __future__ import annotations

from typing import Final

from bicon_lint.extract import MENTION, Extracted, extract
from bicon_lint.loaders.document import Document, Problem
from bicon_lint.model import Span

_WORD: Final = b"biconnector"
_WINDOW: Final = 1 << 20  # a larger file is lowered a window at a time (no copy of it whole)
NOTHING: Final = Extracted([], {})


def mentions(data: str | bytes) -> bool:
    """Could ``data`` hold a call (does it mention ``biconnector`` in any case, ASCII letters)?

    The bytes of a file are searched lowered (``bytes.lower`` and ``find`` run at memory speed,
    several times faster than a case-insensitive regular expression): most files of a tree are
    searched and never decoded.

    >>> mentions(b"CRest::call('BICONNECTOR.connector.add')"), mentions("<?php echo 1;")
    (True, False)
    >>> mentions(b"x" * (1 << 20) + b"BiConnector"), mentions("b\u0131connector")
    (True, False)
    """
    if isinstance(data, str):
        return MENTION.search(data) is not None
    if len(data) <= _WINDOW:
        return data.lower().find(_WORD) != -1
    overlap = len(_WORD) - 1  # a word across two windows is found in the second
    return any(
        data[start : start + _WINDOW + overlap].lower().find(_WORD) != -1
        for start in range(0, len(data), _WINDOW)
    )


MAX_SOURCE_CHARS: Final = 4 * 1024 * 1024
"""A larger program or doc is not read for calls (``BL009``): it is generated, not written."""


def load_source(text: str, path: str, kind: str) -> Document:
    """The document of a source file; its calls are extracted on first use (``source_calls``)."""
    document = Document(path=path, text=text)
    document.memo[load_source] = kind
    if not mentions(text):
        document.memo[source_calls] = NOTHING
    elif len(text) > MAX_SOURCE_CHARS:
        size = len(text.encode("utf-8", "surrogatepass")) / (1024 * 1024)
        detail = (
            f"the file is {size:.1f} MiB, larger than the 4 MiB bicon-lint reads calls from "
            "(a generated file?): its biconnector.* calls are not checked."
        )
        document.memo[source_calls] = Extracted(
            [], {}, (Problem("BL009", detail, Span(1, 1, 1, 2)),)
        )
    return document


def source_calls(document: Document) -> Extracted:
    """The calls written in a source document (extracted once)."""
    known: Extracted | None = document.memo.get(source_calls)
    if known is None:
        known = document.memo[source_calls] = extract(document.text, document.memo[load_source])
    return known


def source_kind_of(document: Document) -> str | None:
    """The language of a source document; ``None`` for a payload file."""
    kind: str | None = document.memo.get(load_source)
    return kind
