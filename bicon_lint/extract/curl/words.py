"""Shell words after quote removal, each character placed where it is written in the
source; an expansion known only at run time is one :data:`HOLE` character."""

from __future__ import annotations

from typing import Final, NamedTuple

from bicon_lint.loaders.document import OffsetSpan

HOLE: Final = "\ue000"
"""The one character that stands, in a word's text, for an expansion known only at run time."""


class Word(NamedTuple):
    """One shell word after quote removal; an expansion is one :data:`HOLE` character."""

    text: str
    offsets: tuple[int, ...]  # where each character is written, then where the last one ends
    stops: tuple[int, ...]  # where each character's writing ends (after a quote boundary, ...)
    span: OffsetSpan  # the word as written, quotes included
    broken: bool = False  # an unterminated quote

    def tail(self, start: int) -> Word:
        """The word from its character ``start`` on (``-dvalue``, ``--data=value``)."""
        span = (self.offsets[start], self.span[1])
        return Word(self.text[start:], self.offsets[start:], self.stops[start:], span)


class _Chars:
    """Characters gathered one by one, each with the place in the source it was read from."""

    __slots__ = ("chars", "end", "starts", "stops")

    def __init__(self, end: int) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.stops: list[int] = []
        self.end = end  # where the last character's source ends

    def put(self, char: str, start: int, stop: int) -> None:
        self.chars.append(char)
        self.starts.append(start)
        self.stops.append(stop)
        self.end = stop

    def verbatim(self, source: str, start: int, stop: int) -> None:
        """The characters ``source[start:stop]``, each written as itself."""
        if start < stop:
            self.chars.extend(source[start:stop])
            self.starts.extend(range(start, stop))
            self.stops.extend(range(start + 1, stop + 1))
            self.end = stop

    def take(self, word: Word, start: int = 0, stop: int | None = None) -> None:
        """Copy ``word.text[start:stop]`` with its places."""
        stop = len(word.text) if stop is None else stop
        if start < stop:
            self.chars.extend(word.text[start:stop])
            self.starts.extend(word.offsets[start:stop])
            self.stops.extend(word.stops[start:stop])
            self.end = word.stops[stop - 1]

    def place(self, span: OffsetSpan) -> OffsetSpan:
        """Where the characters ``span`` of the text are written."""
        start, end = span
        first = self.starts[start] if start < len(self.starts) else self.end
        return first, (self.stops[end - 1] if end > start else first)

    def __len__(self) -> int:
        return len(self.chars)

    def text(self) -> str:
        return "".join(self.chars)

    def offsets(self) -> tuple[int, ...]:
        return (*self.starts, self.end)

    def word(self, span: OffsetSpan, broken: bool = False) -> Word:
        return Word(self.text(), self.offsets(), tuple(self.stops), span, broken)


def _unknown_word(word: Word) -> Word:
    """``word`` whose whole content is only known at run time (one hole)."""
    return Word(HOLE, (word.offsets[0], word.offsets[-1]), (word.offsets[-1],), word.span)
