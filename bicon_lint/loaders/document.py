"""A loaded payload file: its decoded value, its problems, and a lazy map from paths to positions.

Positions are found only when a diagnostic needs one. A loader gives either a full
:class:`PositionIndex` (``_index``, or ``_indexer`` to build one on first use) or a targeted
``_locator`` that finds one path at a time (JSON: cheap for a 30 MB file with one finding).
"""

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol

from bicon_lint.model import Loc, Part, Span

OffsetSpan = tuple[int, int]
"""Start and end (exclusive) character offsets into the text."""

Located = tuple[int, OffsetSpan, OffsetSpan | None]
"""What a locator found for a path: how many of its parts exist in the text, and the value span
and key span (``None`` for the root and for array items) of the deepest part that exists."""


class Locator(Protocol):
    """Finds one path's place in the text without indexing the rest (``json_loader.Locator``)."""

    def place(self, loc: Loc, key: bool) -> OffsetSpan | None:
        """The key's span (``key``, when there is one) or the value's, of the deepest part of
        ``loc`` that exists; ``None`` when it cannot tell (the index is asked instead)."""

    def place_many(self, wanted: Sequence[tuple[Loc, bool]]) -> list[OffsetSpan | None]:
        """``place`` of each, or ``None`` where ``place`` is to be asked."""


class Problem(NamedTuple):
    """Something wrong with the file itself (syntax, encoding, duplicate keys), with its place."""

    code: str
    message: str
    span: Span | None
    loc: Loc = ()


class PositionIndex:
    """Where each path's key and value stand in the text, as character offsets."""

    __slots__ = ("keys", "values")

    def __init__(
        self,
        values: dict[Loc, OffsetSpan] | None = None,
        keys: dict[Loc, OffsetSpan] | None = None,
    ) -> None:
        self.values: dict[Loc, OffsetSpan] = {} if values is None else values
        self.keys: dict[Loc, OffsetSpan] = {} if keys is None else keys


class LineMap:
    """Offsets to 1-based line and column (code points).

    Each offset counts the newlines from the nearest offset already placed (C speed): a file with
    a few findings costs a few ``str.count``, and a 30 MB file is never split into lines. Each
    placed offset keeps where its line starts, so a column is found without searching back to the
    start of a long line (a 30 MB file on one line with 100,000 findings). A text of at most
    ``TABLE_LIMIT`` characters asked for more than ``TABLE_AFTER`` offsets gets a table of line
    starts instead (binary search). ``table`` forces either way (tests compare them).
    """

    __slots__ = ("_asked", "_marks", "_starts", "_text")

    TABLE_LIMIT = 1 << 20  # characters
    TABLE_AFTER = 16  # offsets
    MARK_EVERY = 4096  # characters at least between two marks

    def __init__(self, text: str, *, table: bool | None = None) -> None:
        self._text = text
        self._starts: list[int] | None = None
        # (offset, its line, where that line starts), sorted
        self._marks: list[tuple[int, int, int]] = [(0, 1, 0)]
        # offsets asked so far; a table is made when this passes TABLE_AFTER (never below 0)
        self._asked = 0 if table is None else (self.TABLE_AFTER if table else -(1 << 62))
        if table:
            self._make_table()

    def _make_table(self) -> None:
        text = self._text
        starts = [0]
        position = text.find("\n")
        while position != -1:
            starts.append(position + 1)
            position = text.find("\n", position + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        text = self._text
        offset = max(0, min(offset, len(text)))  # beyond either end: the end (both ways alike)
        if self._starts is None:
            self._asked += 1
            if self._asked > self.TABLE_AFTER and len(text) <= self.TABLE_LIMIT:
                self._make_table()
        if self._starts is not None:
            line = bisect_right(self._starts, offset)
            return line, offset - self._starts[line - 1] + 1
        marks = self._marks
        at = bisect_right(marks, (offset, 1 << 62, 0)) - 1
        mark, line, start = marks[at]
        newlines = text.count("\n", mark, offset)
        if newlines:
            line += newlines
            start = text.rfind("\n", mark, offset) + 1
        # a mark kept at most every MARK_EVERY characters: a flood's thousands of offsets are
        # counted from the nearest, a short count each, without a mark each
        if offset - mark >= self.MARK_EVERY and (
            at == len(marks) - 1 or marks[at + 1][0] != offset
        ):
            marks.insert(at + 1, (offset, line, start))
        return line, offset - start + 1

    def spans(self, pairs: Sequence[OffsetSpan]) -> list[Span]:
        """``span`` of each pair, the offsets placed together: the first from the nearest mark,
        the others in order, each counting from the one before (tests/test_floods.py)."""
        text = self._text
        size = len(text)
        within = all(0 <= start <= end <= size for start, end in pairs)
        if within:
            offsets = sorted({offset for pair in pairs for offset in pair})
        else:
            offsets = sorted({max(0, min(offset, size)) for pair in pairs for offset in pair})
        if not offsets:
            return []
        if self._starts is not None:
            placed = {offset: self.position(offset) for offset in offsets}
        else:
            line, column = self.position(offsets[0])
            start = offsets[0] - column + 1  # where its line starts
            placed = {}
            last = offsets[0]
            for offset in offsets:
                newlines = text.count("\n", last, offset)
                if newlines:
                    line += newlines
                    start = text.rfind("\n", last, offset) + 1
                placed[offset] = (line, offset - start + 1)
                last = offset
        if within:
            return [Span(*placed[start], *placed[end]) for start, end in pairs]
        found: list[Span] = []
        for start_offset, end_offset in pairs:
            line, column = placed[max(0, min(start_offset, size))]
            end_line, end_column = placed[max(0, min(end_offset, size))]
            found.append(Span(line, column, end_line, end_column))
        return found

    def span(self, start: int, end: int) -> Span:
        text = self._text
        if (
            self._starts is None
            and 0 <= start <= end <= len(text)
            and text.find("\n", start, end) < 0
        ):  # a key or a short value, on one line
            if self._asked == 0:  # the first offset asked (most documents ask one): no mark
                self._asked = 1
                line = text.count("\n", 0, start) + 1
                column = start - text.rfind("\n", 0, start)
            else:
                line, column = self.position(start)
            return Span(line, column, line, column + end - start)
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)


class Document:
    """A payload file after loading. ``value`` is what PHP would decode; ``lintable`` is false when
    the file cannot be read as a payload at all (its ``problems`` then say why). In a large JSON
    file a ``fields.settings`` list may be a :class:`~bicon_lint.compact.CompactArray`: a read-only
    sequence of the same items, most of them kept as text until read."""

    __slots__ = (
        "_index",
        "_indexer",
        "_lines",
        "_locator",
        "lintable",
        "memo",
        "path",
        "problems",
        "server_undecodable",
        "text",
        "value",
    )

    def __init__(
        self,
        path: str,
        text: str,
        value: Any = None,
        lintable: bool = True,
        problems: list[Problem] | None = None,
        server_undecodable: str | None = None,  # why PHP's decoder would reject the body, if so
        _indexer: Callable[[str], PositionIndex] | None = None,
        _index: PositionIndex | None = None,
        _lines: LineMap | None = None,
        _locator: Locator | None = None,  # used when there is no full index
    ) -> None:
        self.path = path
        self.text = text
        self.value = value
        self.lintable = lintable
        self.problems: list[Problem] = [] if problems is None else problems
        self.server_undecodable = server_undecodable
        self._indexer = _indexer
        self._index = _index
        self._lines = _lines
        self._locator = _locator
        self.memo: dict[object, Any] = {}  # what analyses of this document computed (read-only)

    def __repr__(self) -> str:
        return (
            f"Document(path={self.path!r}, lintable={self.lintable!r}, problems={self.problems!r})"
        )

    @property
    def lines(self) -> LineMap:
        if self._lines is None:
            self._lines = LineMap(self.text)
        return self._lines

    def span_of(self, start: int, end: int) -> Span:
        return self.lines.span(start, end)

    def index(self) -> PositionIndex:
        if self._index is None:
            self._index = self._indexer(self.text) if self._indexer else PositionIndex()
        return self._index

    def locate_many(self, wanted: Sequence[tuple[Loc, Part]]) -> list[Span | None]:
        """``locate`` of each ``(loc, part)``, placed together where the locator can
        (``Locator.place_many``, ``LineMap.spans``): a flood's findings in one pass."""
        if self._index is not None or self._locator is None:
            return [self.locate(loc, part) for loc, part in wanted]
        placed = self._locator.place_many([(loc, part is Part.KEY) for loc, part in wanted])
        known = [pair for pair in placed if pair is not None]
        spans = iter(self.lines.spans(known))
        return [
            self.locate(loc, part) if pair is None else next(spans)
            for (loc, part), pair in zip(wanted, placed, strict=True)
        ]

    def locate(self, loc: Loc, part: Part = Part.VALUE) -> Span | None:
        """The span of ``loc``'s key (or value); the nearest located ancestor when it is absent
        (its key's span when the key was asked for and the ancestor has one)."""
        if self._index is None and self._locator is not None:
            found = self._locator.place(loc, part is Part.KEY)
            if found is not None:
                return self.span_of(*found)
        index = self.index()
        probe = loc
        while True:
            if part is Part.KEY and probe in index.keys:
                return self.span_of(*index.keys[probe])
            if probe in index.values:
                if part is Part.KEY and probe != loc:
                    key = index.keys.get(probe)
                    if key is not None:
                        return self.span_of(*key)
                return self.span_of(*index.values[probe])
            if not probe:
                return None
            probe = probe[:-1]
