"""Calls to ``biconnector.*`` methods written in source files and docs, with their params.

One extractor per language, each a module of its own that turns its parser's tree into
:class:`~bicon_lint.extract.build.Call` records (``php``, ``javascript`` for JavaScript and
TypeScript, ``python``, ``go``, ``markdown`` with the cURL commands of its shell blocks). None of
them knows about rules. A file whose text does not mention ``biconnector`` (in any case) is never
parsed: most of a repository's source files cost one search of their text.

The parsers are imported only when such a file is read, so a run over JSON files pays nothing
for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import import_module
from typing import Final

from bicon_lint.extract.build import Call, Extracted, Unknown

SOURCE_KINDS: Final = {
    ".php": "php",
    ".phtml": "php",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".py": "python",
    ".go": "go",
    ".md": "markdown",
    ".markdown": "markdown",
}
"""File name extensions of source files and docs, and the language each is read as."""

SOURCE_SUFFIXES: Final = tuple(SOURCE_KINDS)

MENTION: Final = re.compile("biconnector", re.IGNORECASE | re.ASCII)
"""A file that does not match this holds no call to check (a method name, a URL, an SDK chain)."""

_MODULES: Final = {
    "php": "php",
    "javascript": "javascript",
    "typescript": "javascript",
    "tsx": "javascript",
    "python": "python",
    "go": "go",
    "markdown": "markdown",
}


def source_kind(path: str) -> str | None:
    """The language a file is read as, from its name's extension; ``None`` for payload files.

    >>> source_kind("src/Sync.PHP"), source_kind("app.tsx"), source_kind("a.json")
    ('php', 'tsx', None)
    """
    dot = path.rfind(".")
    return None if dot == -1 else SOURCE_KINDS.get(path[dot:].lower())


def extractor(kind: str) -> Callable[[str, str], Extracted]:
    """The function that finds the calls in a text of language ``kind`` (imported on first use)."""
    module = import_module(f"bicon_lint.extract.{_MODULES[kind]}")
    found: Callable[[str, str], Extracted] = module.extract
    return found


def extract(text: str, kind: str) -> Extracted:
    """Every ``biconnector.*`` call written in ``text``, in the order they are written, and the
    suppression comments."""
    if MENTION.search(text) is None:
        return Extracted([], {})
    return extractor(kind)(text, kind)


__all__ = [
    "SOURCE_KINDS",
    "SOURCE_SUFFIXES",
    "Call",
    "Extracted",
    "Unknown",
    "extract",
    "source_kind",
]
