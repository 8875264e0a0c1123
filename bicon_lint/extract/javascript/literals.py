"""JavaScript's literal rules: string and template escapes (UTF-16 surrogate pairs joined),
numeric literals as doubles, ``Number::toString`` and ``ToString`` of a primitive, the array-index
keys an object lists first, and ``undefined``."""

from __future__ import annotations

import re
from typing import Any, Final

from bicon_lint.extract.build import Unknown


class _Undefined:
    """JavaScript's ``undefined``: each encoding writes it its own way."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED: Final = _Undefined()

_SINGLE_ESCAPES: Final = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}
_HEX2: Final = re.compile(r"[0-9A-Fa-f]{2}")
_HEX4: Final = re.compile(r"[0-9A-Fa-f]{4}")
_HEX: Final = re.compile(r"[0-9A-Fa-f]+")
_HIGH_SURROGATE: Final = re.compile("[\ud800-\udbff]")


def unescape(body: str, *, template: bool = False) -> str | None:
    """The value of a string literal's text between its quotes (or a template's between its
    backquotes); ``None`` for an escape that is a syntax error.

    >>> unescape(r"a\\x41\\u0042\\u{43}\\101\\0\\8\\q"), unescape("a\\\\\\nb"), unescape(r"\\xZ")
    ('aABCA\\x008q', 'ab', None)
    >>> unescape(r"\\uD83D\\uDE00") == "\\U0001F600", unescape("a\\r\\nb", template=True)
    (True, 'a\\nb')
    >>> unescape(r"\\101", template=True) is None
    True
    """
    out: list[str] = []
    index, end = 0, len(body)
    while index < end:
        char = body[index]
        if char != "\\":
            if template and char == "\r":  # a template's CR LF and CR are LF
                index += 2 if body.startswith("\n", index + 1) else 1
                out.append("\n")
            else:
                out.append(char)
                index += 1
            continue
        escaped = _escape(body, index + 1, template)
        if escaped is None:
            return None
        text, index = escaped
        out.append(text)
    return _join_surrogates("".join(out))


def _escape(body: str, at: int, template: bool) -> tuple[str, int] | None:
    """The text of the escape whose letter is at ``at``, and where the text after it starts."""
    if at >= len(body):
        return None
    char = body[at]
    if char in _SINGLE_ESCAPES:
        return _SINGLE_ESCAPES[char], at + 1
    if char == "\r":  # a line continuation
        return "", at + (2 if body.startswith("\n", at + 1) else 1)
    if char in "\n\u2028\u2029":
        return "", at + 1
    if char == "x":
        digits = body[at + 1 : at + 3]
        return (chr(int(digits, 16)), at + 3) if _HEX2.fullmatch(digits) else None
    if char == "u":
        return _unicode_escape(body, at)
    if char == "0" and not body[at + 1 : at + 2].isdigit():
        return "\0", at + 1
    if char in "01234567":
        if template:
            return None
        longest = 3 if char in "0123" else 2
        digits = char
        while len(digits) < longest and _is_octal(body[at + len(digits) : at + len(digits) + 1]):
            digits += body[at + len(digits)]
        return chr(int(digits, 8)), at + len(digits)
    if char in "89":  # \8 and \9 are the digits themselves, outside templates
        return None if template else (char, at + 1)
    return char, at + 1


def _is_octal(char: str) -> bool:
    return len(char) == 1 and char in "01234567"


def _unicode_escape(body: str, at: int) -> tuple[str, int] | None:
    if body.startswith("{", at + 1):
        close = body.find("}", at + 2)
        digits = body[at + 2 : close]
        if close == -1 or not _HEX.fullmatch(digits) or int(digits, 16) > 0x10FFFF:
            return None
        return chr(int(digits, 16)), close + 1
    digits = body[at + 1 : at + 5]
    return (chr(int(digits, 16)), at + 5) if _HEX4.fullmatch(digits) else None


def _join_surrogates(text: str) -> str:
    """A JavaScript string is UTF-16: ``\\uD83D\\uDE00`` is one character."""
    if _HIGH_SURROGATE.search(text) is None:
        return text
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        low = text[index + 1 : index + 2]
        if "\ud800" <= char <= "\udbff" and low and "\udc00" <= low <= "\udfff":
            out.append(chr(0x10000 + ((ord(char) - 0xD800) << 10) + (ord(low) - 0xDC00)))
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def number(text: str) -> float | None:
    """The double a numeric literal stands for; ``None`` for a BigInt or an infinite value.

    >>> [number(t) for t in ("1_000", "0x1F", "0o17", "0b101", "017", "019", ".5", "1e3", "5.")]
    [1000.0, 31.0, 15.0, 5.0, 15.0, 19.0, 0.5, 1000.0, 5.0]
    >>> number("10n"), number("1e400")
    (None, None)
    """
    digits = text.replace("_", "")
    if digits.endswith(("n", "N")):
        return None
    prefix = digits[:2].lower()
    bases = {"0x": 16, "0o": 8, "0b": 2}
    try:
        if prefix in bases:
            value = float(int(digits[2:], bases[prefix]))
        elif len(digits) > 1 and digits[0] == "0" and digits.isdigit():
            legacy_octal = all(d in "01234567" for d in digits)
            value = float(int(digits, 8 if legacy_octal else 10))
        else:
            value = float(digits)
    except (ValueError, OverflowError):
        return None
    return None if value in (float("inf"), float("-inf")) or value != value else value


def number_text(value: float) -> str:
    """``Number::toString``: how JavaScript writes a number (``String(x)``, ``"" + x``).

    >>> [number_text(x) for x in (1.0, -0.0, 1.5, 1e21, 1e20, 0.000001, 1e-7, 123e-20, -2.5e30)]
    ['1', '0', '1.5', '1e+21', '100000000000000000000', '0.000001', '1e-7', '1.23e-18', '-2.5e+30']
    """
    if value == 0:
        return "0"
    if value < 0:
        return "-" + number_text(-value)
    mantissa, _, exponent = repr(value).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    size = len(digits)
    if size <= point <= 21:
        return digits + "0" * (point - size)
    if 0 < point <= 21:
        return f"{digits[:point]}.{digits[point:]}"
    if -6 < point <= 0:
        return "0." + "0" * -point + digits
    sign = "+" if point - 1 >= 0 else "-"
    rest = f".{digits[1:]}" if size > 1 else ""
    return f"{digits[0]}{rest}e{sign}{abs(point - 1)}"


def to_string(value: Any) -> str | None:
    """JavaScript's ``ToString`` of a primitive; ``None`` for anything else."""
    if isinstance(value, Unknown):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    return None


def _is_index(key: str) -> bool:
    """An array index key, which JavaScript lists before the other keys of an object."""
    return key.isdigit() and (key == "0" or key[0] != "0") and int(key) < 4294967295
