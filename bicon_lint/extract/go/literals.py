"""Go's literal rules, as the compiler reads them: interpreted and raw strings with every
escape (bytes that are not UTF-8 as ``encoding/json`` writes them), integers in every form, and
floats as ``encoding/json`` writes them; and the marker of a value not known where it is
written."""

from __future__ import annotations

from typing import Final

_SIMPLE_ESCAPES: Final = {
    "a": 7,
    "b": 8,
    "f": 12,
    "n": 10,
    "r": 13,
    "t": 9,
    "v": 11,
    "\\": 92,
    '"': 34,
}


class _NotConstant:
    """The marker of an expression whose value is not known where it is written."""

    __slots__ = ()


_NOT_CONSTANT: Final = _NotConstant()


def _go_string(literal: str) -> str | None:
    """The value of a Go string literal (``None``: not a valid one).

    >>> _go_string('"a\\\\tb\\\\x41\\\\101\\\\u0436"'), _go_string('`a\\\\n\\r`')
    ('a\\tbAAж', 'a\\\\n')
    >>> _go_string('"\\\\xff"'), _go_string('"\\\\q"')
    ('\\ufffd', None)
    """
    if len(literal) >= 2 and literal[0] == literal[-1] == "`":
        return literal[1:-1].replace("\r", "")
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        return None
    data = bytearray()
    body = literal[1:-1]
    at = 0
    while at < len(body):
        character = body[at]
        if character != "\\":
            end = body.find("\\", at)
            end = len(body) if end == -1 else end
            try:
                data += body[at:end].encode("utf-8")
            except UnicodeEncodeError:
                return None
            at = end
            continue
        escaped = _escape(body, at)
        if escaped is None:
            return None
        data += escaped[0]
        at = escaped[1]
    return _as_json_writes(bytes(data))


def _escape(body: str, at: int) -> tuple[bytes, int] | None:
    """The bytes of the escape sequence at ``body[at]`` (a backslash) and where it ends."""
    letter = body[at + 1 : at + 2]
    if letter in _SIMPLE_ESCAPES:
        return bytes([_SIMPLE_ESCAPES[letter]]), at + 2
    width = {"x": 2, "u": 4, "U": 8}.get(letter)
    if width is not None:
        digits = body[at + 2 : at + 2 + width]
        if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
            return None
        number = int(digits, 16)
        if letter == "x":
            return bytes([number]), at + 2 + width
        if number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
            return None  # the compiler refuses it
        return chr(number).encode("utf-8"), at + 2 + width
    digits = body[at + 1 : at + 4]
    if len(digits) == 3 and all(c in "01234567" for c in digits) and int(digits, 8) <= 255:
        return bytes([int(digits, 8)]), at + 4
    return None


def _as_json_writes(data: bytes) -> str:
    """A Go string's bytes as ``encoding/json`` writes them: each byte that does not start a valid
    UTF-8 sequence becomes U+FFFD on its own (``utf8.DecodeRuneInString``)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    at = 0
    while at < len(data):
        for width in (1, 2, 3, 4):
            try:
                out.append(data[at : at + width].decode("utf-8"))
            except UnicodeDecodeError:
                continue
            at += width
            break
        else:
            out.append("\ufffd")
            at += 1
    return "".join(out)


def _go_int(literal: str) -> int | _NotConstant:
    """The value of a Go integer literal, in any of its forms.

    >>> _go_int("0x1F"), _go_int("0o17"), _go_int("017"), _go_int("0b101"), _go_int("1_000")
    (31, 15, 15, 5, 1000)
    """
    digits = literal.replace("_", "").lower()
    try:
        if digits[:2] in ("0x", "0o", "0b"):
            return int(digits, 0)
        if len(digits) > 1 and digits[0] == "0":
            return int(digits[1:], 8)  # the old octal form
        return int(digits, 10)
    except ValueError:
        return _NOT_CONSTANT


def _go_float(literal: str) -> int | float | _NotConstant:
    """The number ``encoding/json`` writes for a float literal: without a fraction (an int once
    decoded) when it has none and is below 1e21.

    >>> _go_float("1.5e3"), _go_float(".5"), _go_float("0x1p-2"), _go_float("1e21")
    (1500, 0.5, 0.25, 1e+21)
    """
    digits = literal.replace("_", "").lower()
    try:
        number = float.fromhex(digits) if digits.startswith("0x") else float(digits)
    except (ValueError, OverflowError):
        return _NOT_CONSTANT
    if number != number or number in (float("inf"), float("-inf")):
        return _NOT_CONSTANT  # the compiler refuses an overflowing constant
    if number.is_integer() and abs(number) < 1e21:
        return int(number)
    return number
