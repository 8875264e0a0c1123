"""The shell's quoting rules the lexer applies: backslash-newline joins, balanced ``$(...)``
and ``${...}``, ``$'...'`` escapes, and the leading tabs a ``<<-`` here-document drops."""

from __future__ import annotations

import re
from typing import Final

from bicon_lint.extract.curl.words import _Chars

_ANSI_ESCAPES: Final = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
_ANSI_NUMERIC: Final = re.compile(
    r"[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}"
)


def _joined(text: str, position: int, limit: int) -> int:
    """The length of a backslash-newline at ``position`` (the shell removes it, joining the
    lines; a CRLF line break too), or 0."""
    if text.startswith("\\\n", position, limit):
        return 2
    return 3 if text.startswith("\\\r\n", position, limit) else 0


def _balanced(text: str, position: int, limit: int, opening: str, closing: str) -> int:
    """Where the ``closing`` that matches an already open ``opening`` ends (quotes skipped)."""
    depth = 1
    while position < limit:
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "'":
            close = text.find("'", position + 1, limit)
            position = limit if close == -1 else close + 1
            continue
        if char == '"':
            position += 1
            while position < limit and text[position] != '"':
                position += 2 if text[position] == "\\" else 1
            position += 1
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return limit


def _ansi_c(text: str, position: int, limit: int, chars: _Chars) -> int:
    """Decode ``$'...'`` from ``position`` (after the quote); where the closing quote is, or -1."""
    while position < limit:
        char = text[position]
        if char == "'":
            return position
        if char != "\\" or position + 1 >= limit:
            chars.put(char, position, position + 1)
            position += 1
            continue
        after = text[position + 1]
        if after in _ANSI_ESCAPES:
            chars.put(_ANSI_ESCAPES[after], position, position + 2)
            position += 2
            continue
        number = _ANSI_NUMERIC.match(text, position + 1, limit)
        if number is not None:
            digits = number.group()
            code = int(digits, 8) if digits[0].isdigit() else int(digits[1:], 16)
            chars.put(chr(min(code, 0x10FFFF)), position, number.end())
            position = number.end()
            continue
        chars.put("\\", position, position + 1)  # bash keeps an unknown escape as written
        position += 1
    return -1


def _without_leading_tabs(chars: _Chars) -> _Chars:
    """A ``<<-`` here-document's body: the tabs that start its lines are removed."""
    kept = _Chars(chars.end)
    line_start = True
    for char, start, stop in zip(chars.chars, chars.starts, chars.stops, strict=True):
        if line_start and char == "\t":
            continue
        line_start = char == "\n"
        kept.put(char, start, stop)
    kept.end = chars.end
    return kept
