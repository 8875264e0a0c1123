"""Places in an editor's text: bicon-lint's and the Language Server Protocol's.

bicon-lint places a diagnostic at a 1-based line and column counting code points, lines ending at
``"\\n"`` (``model.Span``). LSP counts from 0, ends lines at ``"\\n"``, ``"\\r\\n"`` and ``"\\r"``,
and counts a line's characters in the code units of the position encoding agreed at
``initialize``: UTF-16 unless the client offers another (``utf-8``, ``utf-32``). The offset into
the text (code points) is the common ground: :class:`TextIndex` turns either kind of place into an
offset and an offset into an LSP position.

A 30 MB text is never split into lines: line starts are found with ``str.find`` (a list of ints),
and code units are counted by encoding only the stretch between the start of a line and the
offset, continuing from the last offset counted on that line (offsets are converted in order).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import Final

UTF8: Final = "utf-8"
UTF16: Final = "utf-16"
UTF32: Final = "utf-32"
ENCODINGS: Final = (UTF8, UTF16, UTF32)

_LSP_BREAK: Final = re.compile(r"\r\n?|\n")
_QUOTES: Final = "\"'`"
# where a value that bicon-lint gave no end for stops: blanks and the punctuation around values
_TOKEN_END: Final = re.compile(r"[\s,;:\]\}\)\[\{\(]")
_VISIBLE: Final = re.compile(r"[^\s\ufeff]")


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` ``text`` takes (a lone surrogate, as an editor keeps
    an undecodable byte, counts as one UTF-16 unit and three UTF-8 bytes).

    >>> [units("a😀é", encoding) for encoding in ENCODINGS]
    [7, 4, 3]
    """
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text.encode("utf-8", "surrogatepass"))


def code_points(text: str, count: int, encoding: str) -> int:
    """How many code points of ``text`` its first ``count`` code units of ``encoding`` hold (a
    unit inside a character counts that character as not reached; beyond the end: all of it).

    >>> [code_points("a😀é", 3, encoding) for encoding in ENCODINGS]
    [1, 2, 3]
    """
    if count <= 0:
        return 0
    if encoding == UTF32 or text.isascii():
        return min(count, len(text))
    if encoding == UTF16:
        return _utf16_points(text, count)
    data = text.encode("utf-8", "surrogatepass")[:count]
    return len(data.decode("utf-8", "ignore"))


def _utf16_points(text: str, count: int) -> int:
    data = text.encode("utf-16-le", "surrogatepass")
    if 2 * count >= len(data):
        return len(text)
    # a high surrogate cut from its low half is not a character reached
    cut = data[: 2 * count]
    last = int.from_bytes(cut[-2:], "little")
    if 0xD800 <= last <= 0xDBFF and 2 * count + 2 <= len(data):
        following = int.from_bytes(data[2 * count : 2 * count + 2], "little")
        if 0xDC00 <= following <= 0xDFFF:
            cut = cut[:-2]
    return len(cut.decode("utf-16-le", "surrogatepass"))


class TextIndex:
    """Offsets, bicon-lint's places and LSP positions of one text."""

    __slots__ = ("_lines", "_lsp", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[int] | None = None  # where each "\n"-line starts (bicon-lint's lines)
        self._lsp: list[int] | None = None  # where each LSP line starts

    # -- bicon-lint's lines ------------------------------------------------------------------

    def _line_starts(self) -> list[int]:
        if self._lines is None:
            text, starts = self.text, [0]
            found = text.find("\n")
            while found != -1:
                starts.append(found + 1)
                found = text.find("\n", found + 1)
            self._lines = starts
        return self._lines

    def offset(self, line: int, column: int) -> int:
        """The offset of bicon-lint's 1-based ``line`` and ``column``, kept within that line
        (a line beyond the text is its end).

        >>> TextIndex("ab\\ncd").offset(2, 2), TextIndex("ab\\ncd").offset(1, 9)
        (4, 2)
        """
        starts = self._line_starts()
        if line > len(starts):
            return len(self.text)
        start = starts[max(line, 1) - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return max(start, min(start + max(column, 1) - 1, end))

    def line_of(self, offset: int) -> int:
        """bicon-lint's 1-based line of an offset (where a ``bicon-lint: ignore`` mark counts)."""
        return bisect_right(self._line_starts(), offset)

    def line_end(self, line: int) -> int:
        """The offset of the ``"\\n"`` ending bicon-lint's 1-based ``line`` (the text's end
        for the last line); a ``"\\r"`` before it is left out."""
        starts = self._line_starts()
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return end - 1 if end > starts[line - 1] and self.text[end - 1] == "\r" else end

    # -- LSP lines -----------------------------------------------------------------------------

    def _lsp_starts(self) -> list[int]:
        if self._lsp is None:
            if "\r" not in self.text:
                self._lsp = self._line_starts()
            else:
                self._lsp = [0, *(match.end() for match in _LSP_BREAK.finditer(self.text))]
        return self._lsp

    def lsp_line(self, offset: int) -> tuple[int, int, int]:
        """The 0-based LSP line holding ``offset``, where it starts and where its text ends
        (before its line break)."""
        starts = self._lsp_starts()
        number = bisect_right(starts, offset) - 1
        start = starts[number]
        if number + 1 < len(starts):
            end = starts[number + 1] - 1
            if self.text[end] == "\n" and end > start and self.text[end - 1] == "\r":
                end -= 1
        else:
            end = len(self.text)
        return number, start, end

    def positions(self, offsets: Iterable[int], encoding: str) -> dict[int, tuple[int, int]]:
        """Each offset's LSP position ``(line, character)`` in ``encoding``'s code units."""
        found: dict[int, tuple[int, int]] = {}
        last_line, last_offset, last_units = -1, 0, 0
        for offset in sorted(set(offsets)):
            offset = max(0, min(offset, len(self.text)))
            number, start, _ = self.lsp_line(offset)
            if number == last_line:
                counted = last_units + units(self.text[last_offset:offset], encoding)
            else:
                counted = units(self.text[start:offset], encoding)
            found[offset] = (number, counted)
            last_line, last_offset, last_units = number, offset, counted
        return found

    def from_lsp(self, line: int, character: int, encoding: str) -> int:
        """The offset of an LSP position (a character beyond its line: the line's end; a line
        beyond the text: the text's end)."""
        starts = self._lsp_starts()
        if line >= len(starts):
            return len(self.text)
        _, start, end = self.lsp_line(starts[max(line, 0)])
        return start + code_points(self.text[start:end], character, encoding)

    # -- ranges ----------------------------------------------------------------------------------

    def token_end(self, start: int) -> int:
        """Where the value at ``start`` ends when bicon-lint gives no end: a quoted string's
        closing quote on the same line, else the run of characters up to a blank or the
        punctuation around values; at least one character, never past the line.

        >>> text = 'a: "x y", b'
        >>> TextIndex(text).token_end(3), TextIndex(text).token_end(0)
        (8, 1)
        """
        _, _, end = self.lsp_line(start)
        text = self.text
        if start >= end:
            return start
        if text[start] in _QUOTES:
            quote, at = text[start], start + 1
            while at < end:
                if text[at] == "\\":
                    at += 2
                    continue
                if text[at] == quote:
                    return at + 1
                at += 1
            return end
        match = _TOKEN_END.search(text, start, end)
        stop = match.start() if match is not None else end
        return max(stop, start + 1)

    def first_visible(self, offset: int) -> int:
        """The first offset at or after ``offset`` that is not blank (a byte order mark is
        blank here), or ``offset`` when the rest is blank."""
        match = _VISIBLE.search(self.text, offset)
        return match.start() if match is not None else offset
