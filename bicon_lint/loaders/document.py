"""A loaded payload file: its decoded value, its problems, and a lazy map from paths to positions."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bicon_lint.model import Loc, Part, Span

OffsetSpan = tuple[int, int]
"""Start and end (exclusive) character offsets into the text."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the file itself (syntax, encoding, duplicate keys), with its place."""

    code: str
    message: str
    span: Span | None
    loc: Loc = ()


@dataclass(slots=True)
class PositionIndex:
    """Where each path's key and value stand in the text, as character offsets."""

    values: dict[Loc, OffsetSpan] = field(default_factory=dict)
    keys: dict[Loc, OffsetSpan] = field(default_factory=dict)


class LineMap:
    """Offsets to 1-based line and column (code points), by binary search over line starts."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        position = text.find("\n")
        while position != -1:
            starts.append(position + 1)
            position = text.find("\n", position + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)


@dataclass(slots=True)
class Document:
    """A payload file after loading. ``value`` is what PHP would decode; ``lintable`` is false when
    the file cannot be read as a payload at all (its ``problems`` then say why)."""

    path: str
    text: str
    value: Any = None
    lintable: bool = True
    problems: list[Problem] = field(default_factory=list)
    server_undecodable: str | None = None  # why PHP's decoder would reject the body, if it would
    _indexer: Callable[[str], PositionIndex] | None = None
    _index: PositionIndex | None = None
    _lines: LineMap | None = None

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

    def locate(self, loc: Loc, part: Part = Part.VALUE) -> Span | None:
        """The span of ``loc``'s key (or value); the nearest located ancestor when it is absent."""
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
