"""What every extractor shares: values computed at run time, and the record of where each key and
value of a call's params is written in the file.

A parser counts UTF-8 bytes (tree-sitter's ``start_byte``, ``ast``'s ``col_offset``); diagnostics
count characters (code points). :class:`Offsets` turns one into the other, once per file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, Final, NamedTuple

from bicon_lint.loaders.document import OffsetSpan, PositionIndex, Problem
from bicon_lint.model import Loc


class Unknown(str):
    """A value computed at run time (a variable, a call, an interpolation, an environment read).

    It is a string so that every rule can look at it without failing, and it holds the source text
    of the expression, for messages; but no rule's finding on it, or inside it, is ever reported
    (``engine.run``'s ``unknown``), and a predicted answer that hinges on it says so.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Unknown({str.__repr__(self)})"


class Call(NamedTuple):
    """One call to a ``biconnector.*`` method written in a source file or a doc.

    Offsets are character offsets into the text the extractor was given; ``params`` is the value
    as written (dicts for objects and associative arrays, lists for lists, :class:`Unknown` for
    what only the running program knows), before its transport's encoding (``transport.as_sent``).
    """

    method: str  # the method name as written, e.g. "biconnector.connector.add"
    params: Any
    index: PositionIndex  # type: ignore[assignment]  # locs relative to the params: spans
    span: OffsetSpan  # the whole call expression
    method_span: OffsetSpan  # where the method is named (a string, an SDK method name, a URL)
    encoding: str  # how it travels: json | form | batch
    style: str  # the call style, e.g. "CRest::call", "BX24.callMethod", "b24pysdk"
    unknown: frozenset[Loc] = frozenset()  # values computed at run time
    partial: frozenset[Loc] = frozenset()  # objects with members only known at run time (a spread)
    problems: tuple[Problem, ...] = ()


_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]+")


class Offsets:
    """UTF-8 byte offsets (tree-sitter's) to character offsets of ``text``.

    The text is indexed by its runs of non-ASCII characters (found by a regular expression, not
    character by character): a run of characters of one width (Cyrillic: 2 bytes each) is crossed
    by a division, a run of mixed widths by a search in its own table.
    """

    __slots__ = ("_runs", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        # per run: (start byte, start character, end byte, end character, width or its table)
        self._runs: list[tuple[int, int, int, int, int | list[int]]] | None = None

    def char(self, byte: int) -> int:
        """The character offset of the character that starts at byte ``byte``.

        >>> offsets = Offsets("ab\u0436\u0436c\U0001f600\u0436d")
        >>> [offsets.char(b) for b in (0, 1, 2, 4, 6, 7, 11, 13, 14)]
        [0, 1, 2, 3, 4, 5, 6, 7, 8]
        """
        runs = self._runs
        if runs is None:
            runs = self._runs = self._index()
        if not runs:
            return byte
        at = bisect_right(runs, (byte, 1 << 62)) - 1
        if at < 0:
            return byte
        start_byte, start_char, end_byte, end_char, width = runs[at]
        if byte >= end_byte:
            return end_char + (byte - end_byte)
        if isinstance(width, int):
            return start_char + (byte - start_byte) // width
        return start_char + bisect_right(width, byte - start_byte) - 1

    def _index(self) -> list[tuple[int, int, int, int, int | list[int]]]:
        text = self._text
        runs: list[tuple[int, int, int, int, int | list[int]]] = []
        if text.isascii():
            return runs
        extra = 0  # bytes beyond one per character, before the current run
        for match in _NON_ASCII.finditer(text):
            run = match.group()
            size = len(run.encode("utf-8", "surrogatepass"))
            start_char, start_byte = match.start(), match.start() + extra
            width: int | list[int] = _uniform_width(run)
            if not width:  # mixed widths: each character's byte offset within the run
                width = [0]
                for character in run:
                    width.append(width[-1] + len(character.encode("utf-8", "surrogatepass")))
            runs.append((start_byte, start_char, start_byte + size, match.end(), width))
            extra += size - len(run)
        return runs

    def span(self, start_byte: int, end_byte: int) -> OffsetSpan:
        return self.char(start_byte), self.char(end_byte)


def _uniform_width(run: str) -> int:
    """The UTF-8 width of every character of a run of non-ASCII characters; 0 when they differ.

    >>> _uniform_width("\u0436\u044f"), _uniform_width("\u20ac"), _uniform_width("\u0436\u20ac")
    (2, 3, 0)
    """
    low, high = min(run), max(run)
    if high <= "\u07ff":
        return 2
    if low >= "\u0800" and high <= "\uffff":
        return 3
    return 4 if low >= "\U00010000" else 0


class Builder:
    """Collects, while an extractor evaluates a params expression, where each part is written
    and which parts are only known at run time."""

    __slots__ = ("index", "partial", "unknown")

    def __init__(self) -> None:
        self.index = PositionIndex()
        self.unknown: set[Loc] = set()
        self.partial: set[Loc] = set()

    def value(self, loc: Loc, span: OffsetSpan) -> None:
        self.index.values[loc] = span

    def key(self, loc: Loc, span: OffsetSpan) -> None:
        self.index.keys[loc] = span

    def runtime(self, loc: Loc, source: str, span: OffsetSpan) -> Unknown:
        """Record ``loc`` as computed at run time; the stand-in value to put there."""
        self.unknown.add(loc)
        self.index.values[loc] = span
        return Unknown(source)

    def incomplete(self, loc: Loc) -> None:
        """The object at ``loc`` has members only known at run time (a spread, a computed key)."""
        self.partial.add(loc)

    def call(
        self,
        method: str,
        params: Any,
        *,
        span: OffsetSpan,
        method_span: OffsetSpan,
        encoding: str,
        style: str,
        problems: tuple[Problem, ...] = (),
    ) -> Call:
        return Call(
            method,
            params,
            self.index,
            span,
            method_span,
            encoding,
            style,
            frozenset(self.unknown),
            frozenset(self.partial),
            problems,
        )


def moved(call: Call, where: Callable[[int], int]) -> Call:
    """``call`` with every offset mapped through ``where`` (a Markdown block's text to the file's).

    >>> from bicon_lint.loaders.document import PositionIndex
    >>> index = PositionIndex({("fields",): (3, 9)}, {("fields",): (1, 2)})
    >>> c = moved(Call("m", {}, index, (0, 10), (0, 1), "json", "x"), lambda o: o + 100)
    >>> c.span, c.index.values, c.index.keys
    ((100, 110), {('fields',): (103, 109)}, {('fields',): (101, 102)})
    """

    def pair(span: OffsetSpan) -> OffsetSpan:
        return where(span[0]), where(span[1])

    index = PositionIndex(
        {loc: pair(span) for loc, span in call.index.values.items()},
        {loc: pair(span) for loc, span in call.index.keys.items()},
    )
    return call._replace(index=index, span=pair(call.span), method_span=pair(call.method_span))


def prefixed(builder: Builder, prefix: Loc, inner: Builder) -> None:
    """Copy ``inner``'s record into ``builder`` below ``prefix`` (a params value built alone)."""

    def below(loc: Loc) -> Loc:
        return prefix + loc

    for loc, span in inner.index.values.items():
        builder.index.values[below(loc)] = span
    for loc, span in inner.index.keys.items():
        builder.index.keys[below(loc)] = span
    builder.unknown.update(map(below, inner.unknown))
    builder.partial.update(map(below, inner.partial))


SUPPRESSION: Final = re.compile(r"bicon-lint:\s*ignore\b(?:\[([^\]]*)\])?", re.IGNORECASE)
"""``bicon-lint: ignore`` (every code) or ``bicon-lint: ignore[CODE,rule-name,PREFIX]``."""


class Extracted(NamedTuple):
    """What an extractor found in a text: the calls, in the order written, and the suppression
    comments by line (1-based): ``None`` ignores every code on that line, else the selectors."""

    calls: list[Call]
    ignores: dict[int, tuple[str, ...] | None]
    problems: tuple[Problem, ...] = ()  # about the file itself (it does not parse: BL008)


def suppressions(comment: str, line: int, into: dict[int, tuple[str, ...] | None]) -> None:
    """Record the ``bicon-lint: ignore[...]`` marks of one comment, whose text starts on ``line``;
    a mark counts on the line where it is written (a block comment spans several).

    >>> found: dict[int, tuple[str, ...] | None] = {}
    >>> suppressions("// bicon-lint: ignore[BL311, field-type]", 3, found)
    >>> suppressions("/* x\\n bicon-lint: ignore */", 7, found)
    >>> found
    {3: ('BL311', 'field-type'), 8: None}
    """
    for match in SUPPRESSION.finditer(comment):
        where = line + comment.count("\n", 0, match.start())
        listed = match.group(1)
        if listed is None:
            into[where] = None
            continue
        selectors = tuple(part.strip() for part in listed.split(",") if part.strip())
        if where in into and into[where] is None:
            continue  # a bare ignore on the line already covers everything
        into[where] = (*(into.get(where) or ()), *selectors)
