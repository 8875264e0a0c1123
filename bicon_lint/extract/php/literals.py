"""PHP's literal rules: single- and double-quoted strings, heredocs and nowdocs with their
escapes, integer and float literals (overflow to float included), the key an array literal stores
for a key, and a scalar's string in a ``.`` concatenation."""

from __future__ import annotations

import math
from typing import Any, Final

from bicon_lint import php

_NOPE: Final[Any] = object()
"""A value the file does not tell (a scalar evaluation's answer, never stored in params)."""

_SIMPLE_ESCAPES: Final = {
    ord("n"): 10,
    ord("t"): 9,
    ord("v"): 11,
    ord("e"): 27,
    ord("f"): 12,
    ord("r"): 13,
    ord("\\"): 92,
    ord("$"): 36,
}
_HEX: Final = frozenset(b"0123456789abcdefABCDEF")
_OCTAL: Final = frozenset(b"01234567")


def _single_quoted(raw: bytes) -> bytes:
    r"""A single-quoted string's bytes: only ``\'`` and ``\\`` are escapes.

    >>> _single_quoted(rb"a\'b\\c\nd")
    b"a'b\\c\\nd"
    """
    out = bytearray()
    at, size = 0, len(raw)
    while at < size:
        if raw[at] == 0x5C and at + 1 < size and raw[at + 1] in (0x5C, 0x27):
            out.append(raw[at + 1])
            at += 2
        else:
            out.append(raw[at])
            at += 1
    return bytes(out)


def _name_start(byte: int) -> bool:
    return byte == 0x5F or 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A or byte >= 0x80


def _interpolates(raw: bytes, at: int) -> bool:
    """Does ``$`` or ``{`` at ``at`` start an interpolation (``$name``, ``${``, ``{$``)?"""
    if at + 1 >= len(raw):
        return False
    follower = raw[at + 1]
    if raw[at] == 0x24:
        return _name_start(follower) or follower == 0x7B
    return raw[at] == 0x7B and follower == 0x24


def _double_quoted(raw: bytes, quote: int | None) -> bytes | None:
    r"""A double-quoted string's (``quote`` ``"``) or a heredoc's (``None``) bytes; ``None`` when it
    interpolates a variable or has an escape PHP refuses (``\u{}``).

    >>> _double_quoted(rb"a\tb\x41\101\u{416}\q\400\"", ord('"'))
    b'a\tbAA\xd0\x96\\q\x00"'
    >>> _double_quoted(rb"\"", None), _double_quoted(rb"$x", 34), _double_quoted(rb"\$x {x", 34)
    (b'\\"', None, b'$x {x')
    """
    out = bytearray()
    at, size = 0, len(raw)
    while at < size:
        byte = raw[at]
        if byte == 0x5C and at + 1 < size:
            escaped = _escape(raw, at, quote, out)
            if escaped is None:
                return None
            at = escaped
            continue
        if byte in (0x24, 0x7B) and _interpolates(raw, at):
            return None
        out.append(byte)
        at += 1
    return bytes(out)


def _escape(raw: bytes, at: int, quote: int | None, out: bytearray) -> int | None:
    """Append the escape sequence at ``at`` (a backslash) to ``out``; where the text goes on."""
    follower = raw[at + 1]
    if follower in _SIMPLE_ESCAPES:
        out.append(_SIMPLE_ESCAPES[follower])
        return at + 2
    if quote is not None and follower == quote:
        out.append(follower)
        return at + 2
    if follower in _OCTAL:
        end = at + 1
        while end < len(raw) and end < at + 4 and raw[end] in _OCTAL:
            end += 1
        out.append(int(raw[at + 1 : end], 8) & 0xFF)  # "\400" overflows to "\000" (a warning)
        return end
    if follower == ord("x") and at + 2 < len(raw) and raw[at + 2] in _HEX:
        end = at + 3 if at + 3 < len(raw) and raw[at + 3] in _HEX else at + 2
        out.append(int(raw[at + 2 : end + 1], 16))
        return end + 1
    if follower == ord("u") and at + 2 < len(raw) and raw[at + 2] == ord("{"):
        close = raw.find(b"}", at + 3)
        digits = raw[at + 3 : close]
        if close == -1 or not digits or not all(byte in _HEX for byte in digits):
            return None  # a compile error in PHP
        point = int(digits, 16)
        if point > 0x10FFFF:
            return None
        out += chr(point).encode("utf-8", "surrogatepass")
        return close + 1
    out.append(0x5C)  # not an escape: the backslash stays
    return at + 1


def _integer(text: str) -> int | float | None:
    """A PHP integer literal's value; beyond ``PHP_INT_MAX`` a float, as PHP's lexer makes it.

    >>> [_integer(t) for t in ("1_000", "0x1F", "0o17", "017", "0b101", "0", "08")]
    [1000, 31, 15, 15, 5, 0, None]
    >>> _integer("9223372036854775808"), _integer("0xFFFFFFFFFFFFFFFF")
    (9.223372036854776e+18, 1.8446744073709552e+19)
    """
    digits = text.replace("_", "")
    prefix = digits[:2].lower()
    base = {"0x": 16, "0b": 2, "0o": 8}.get(prefix)
    if base is not None:
        digits = digits[2:]
    elif len(digits) > 1 and digits[0] == "0":
        base, digits = 8, digits[1:]
    else:
        base = 10
    try:
        value = int(digits, base)
    except ValueError:
        return None  # "08": PHP's "Invalid numeric literal"
    if value <= php.INT_MAX:
        return value
    if base == 10:
        return float(digits)  # zend_strtod: correctly rounded
    number = 0.0  # zend_hex_strtod and friends accumulate in a double, digit by digit
    for digit in digits:
        number = number * base + int(digit, base)
    return number


def _float(text: str) -> float | None:
    try:
        return float(text.replace("_", ""))
    except ValueError:
        return None


def _array_key(key: Any) -> str | int | None:
    """The key PHP stores for ``key`` in an array literal; ``None`` when the file cannot tell.

    >>> [_array_key(k) for k in ("1", "01", True, False, None, 2.9, -0.5, "x")]
    [1, '01', 1, 0, '', 2, 0, 'x']
    """
    if isinstance(key, bool):
        return int(key)
    if isinstance(key, int):
        return key
    if isinstance(key, str):
        return php.array_key(key)
    if key is None:
        return ""
    if isinstance(key, float) and math.isfinite(key) and php.INT_MIN <= key < php.INT_MAX:
        return int(key)  # truncated (a deprecation notice for a fraction)
    return None


def _concat_part(value: Any) -> str | None:
    """A scalar's string in a ``.`` concatenation; ``None`` for what the file cannot tell."""
    if value is _NOPE or isinstance(value, (dict, list)):
        return None  # an array is "Array" with a warning: a bug, not a value to check
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return php.to_string(value)


def _heredoc_lines(raw: bytes, indent: bytes) -> bytes | None:
    """A heredoc's body without the closing marker's indentation (PHP 7.3)."""
    if not indent:
        return raw
    lines = []
    for line in raw.split(b"\n"):
        if line.startswith(indent):
            lines.append(line[len(indent) :])
        elif line.strip(b"\r") == b"":
            lines.append(line)
        else:
            return None  # "Invalid body indentation level": a parse error in PHP
    return b"\n".join(lines)
