"""PHP's semantics, once, as pure functions.

The server is PHP 8 without ``strict_types`` (SERVER-SPEC §3), so what a payload *means* is decided by
``is_numeric``, the ``(int)`` cast, ``empty``, ``isset`` and friends, not by JSON types. Every rule asks
this module; no rule re-implements any of it. The doctests are the rows of the spec's tables.

A PHP array is modelled as a Python ``dict`` (JSON object) or ``list`` (JSON list); both are "arrays".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any, Final

INT_MAX: Final = 2**63 - 1
INT_MIN: Final = -(2**63)

# PHP 8 numeric strings: leading and (since 8.0) trailing whitespace, ASCII digits only (§3.3).
_WS: Final = " \t\n\r\v\f"
_NUMERIC: Final = re.compile(
    r"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*\Z"
)
_LEADING_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_CAMEL_BOUNDARY: Final = re.compile(r"(.)([A-Z])")
_ASCII_UPPER: Final = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def is_array(value: object) -> bool:
    """``is_array``: JSON objects and JSON lists both decode to PHP arrays (§3.5).

    >>> is_array({}), is_array([]), is_array("[]"), is_array(None)
    (True, True, False, False)
    """
    return isinstance(value, (dict, list))


def items(value: object) -> Iterator[tuple[str | int, Any]]:
    """``foreach ($value as $key => $item)`` over a PHP array; nothing for a scalar.

    >>> list(items(["a", "b"])), list(items({"x": 1}))
    ([(0, 'a'), (1, 'b')], [('x', 1)])
    """
    if isinstance(value, dict):
        yield from value.items()
    elif isinstance(value, list):
        yield from enumerate(value)


def key_exists(array: object, key: str) -> bool:
    """``array_key_exists``: a key holding ``null`` is present (§3.1).

    >>> key_exists({"id": None}, "id"), key_exists({}, "id"), key_exists("abc", "id")
    (True, False, False)
    """
    return isinstance(array, dict) and key in array


def isset(array: object, *keys: str) -> bool:
    """``isset($a['k1'], $a['k2'], …)``: present and not ``null``; false on non-arrays (§3.1).

    >>> isset({"name": ""}, "name"), isset({"name": None}, "name"), isset("abc", "TYPE")
    (True, False, False)
    """
    return isinstance(array, dict) and all(array.get(key) is not None for key in keys)


def empty(value: object) -> bool:
    """``empty()`` (§3.2).

    >>> [empty(v) for v in (None, [], {}, "", "0", 0, 0.0, False)]
    [True, True, True, True, True, True, True, True]
    >>> [empty(v) for v in (" ", "0.0", ["x"], "a")]
    [False, False, False, False]
    """
    if value is None or value is False:
        return True
    if isinstance(value, (dict, list, str)):
        return len(value) == 0 or value == "0"
    if isinstance(value, (int, float)):
        return value == 0
    return False


def is_numeric(value: object) -> bool:
    """``is_numeric`` of PHP 8 (§3.3): ints and floats, and numeric strings.

    >>> [is_numeric(v) for v in ("4", " 4", "\\t4", "4 ", "4\\n", "4.5", "1e3", "+4", ".5", "5.")]
    [True, True, True, True, True, True, True, True, True, True]
    >>> [is_numeric(v) for v in ("0x1A", "", " ", "1_000", "4abc", "\\u0661", True, None, [4])]
    [False, False, False, False, False, False, False, False, False]
    >>> is_numeric(4), is_numeric(4.5), is_numeric("9999999999999999999")
    (True, True, True)
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and _NUMERIC.match(value) is not None


def _float_to_int(number: float) -> int:
    """PHP 8 ``(int)$float`` on 64-bit: NaN and infinities give 0, out-of-range wraps modulo 2**64."""
    if not math.isfinite(number):
        return 0
    if INT_MIN <= number <= INT_MAX:
        return int(number)
    wrapped = int(math.fmod(number, 2.0**64))
    if wrapped > INT_MAX:
        wrapped -= 2**64
    elif wrapped < INT_MIN:
        wrapped += 2**64
    return wrapped


def _string_to_int(text: str) -> int:
    """``(int)"…"``: the leading number, saturating at the integer limits (§3.3)."""
    match = _LEADING_NUMBER.match(text.lstrip(_WS))
    if match is None:
        return 0
    literal = match.group()
    if any(char in literal for char in ".eE"):
        number = float(literal)
        if math.isnan(number):
            return 0
        if number >= INT_MAX:
            return INT_MAX
        if number <= INT_MIN:
            return INT_MIN
        return int(number)
    return max(INT_MIN, min(INT_MAX, int(literal)))


def int_cast(value: object) -> int:
    """PHP's ``(int)`` cast (§3.3).

    >>> [int_cast(v) for v in ("4", " 4", "4 ", "4.5", "0.5", "1e3", "1e-3", "0x1A", "", "+4", ".5", "5.")]
    [4, 4, 4, 4, 0, 1000, 0, 0, 0, 4, 0, 5]
    >>> [int_cast(v) for v in ("-1", -3, "1_000", "4abc", "00", "-0", True, False, None)]
    [-1, -3, 1, 4, 0, 0, 1, 0, 0]
    >>> int_cast("9999999999999999999"), int_cast(1e19), int_cast(4.5)
    (9223372036854775807, -8446744073709551616, 4)
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _float_to_int(value)
    if isinstance(value, str):
        return _string_to_int(value)
    if value is None:
        return 0
    return 1 if value else 0  # a non-empty array casts to 1


def is_positive_id(value: object) -> bool:
    """The server's ID test: ``is_numeric($id) && (int)$id > 0`` (§3.3).

    >>> [is_positive_id(v) for v in ("4", "4.9", "1e3", " 4", "9999999999999999999", 4.5)]
    [True, True, True, True, True, True]
    >>> [is_positive_id(v) for v in ("0.5", "0x1A", -4, 0, "abc", None, True, [4], 1e19)]
    [False, False, False, False, False, False, False, False, False]
    """
    return is_numeric(value) and int_cast(value) > 0


def float_to_string(number: float) -> str:
    """PHP 8's ``(string)$float``: ``%.14G`` with PHP's own ``.0`` in exponent form (ini ``precision``).

    >>> float_to_string(1.5), float_to_string(1000.0), float_to_string(1e19), float_to_string(-0.0)
    ('1.5', '1000', '1.0E+19', '-0')
    >>> float_to_string(0.0001), float_to_string(1e-05), float_to_string(0.1 + 0.2)
    ('0.0001', '1.0E-5', '0.3')
    """
    if math.isnan(number):
        return "NAN"
    if math.isinf(number):
        return "INF" if number > 0 else "-INF"
    text = format(number, ".14g")
    mantissa, separator, exponent = text.partition("e")
    if not separator:
        return text
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}E{exponent[0]}{int(exponent[1:])}"


def to_string(value: object) -> str:
    """PHP's scalar-to-string conversion: ``true`` → ``"1"``, ``false``/``null`` → ``""`` (§3.7).

    >>> [to_string(v) for v in (5, 1.5, True, False, None, "x")]
    ['5', '1.5', '1', '', '', 'x']
    """
    if isinstance(value, str):
        return value
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_to_string(value)
    return "Array"


def mb_strlen(value: object) -> int:
    """``mb_strlen`` of a scalar, in Unicode code points (§3.6).

    >>> mb_strlen("😀"), mb_strlen("e\\u0301"), mb_strlen(12345), mb_strlen(True), mb_strlen(False)
    (1, 2, 5, 1, 0)
    """
    return len(to_string(value))


def ascii_upper(text: str) -> str:
    """``strtoupper`` of PHP 8.2+: ASCII letters only, whatever the locale.

    >>> ascii_upper("asc"), ascii_upper("désc")
    ('ASC', 'DéSC')
    """
    return text.translate(_ASCII_UPPER)


def camel2snake(key: str) -> str:
    """``StringHelper::camel2snake``: ``mb_strtolower(preg_replace('/(.)([A-Z])/', '$1_$2', $s))``.

    >>> [camel2snake(k) for k in ("urlCheck", "URLCheck", "url_check", "UrlCheck", "NAME", "nAme")]
    ['url_check', 'u_rl_check', 'url_check', 'url_check', 'n_am_e', 'n_ame']
    """
    return _CAMEL_BOUNDARY.sub(r"\1_\2", key).lower()


def convert_key(key: str | int, *, upper: bool = True) -> str | int:
    """One key through ``Converter(KEYS | TO_SNAKE [| TO_UPPER])`` (§3.9); int keys are untouched.

    >>> [convert_key(k) for k in ("urlCheck", "URLCheck", "Name", "NAME", "TYPE", "CODE", 0)]
    ['URL_CHECK', 'U_RL_CHECK', 'NAME', 'N_AM_E', 'T_YP_E', 'C_OD_E', 0]
    >>> convert_key("Name", upper=False), convert_key("NAME", upper=False)
    ('name', 'n_am_e')
    """
    if isinstance(key, int):
        return key
    snake = camel2snake(key)
    return snake.upper() if upper else snake


def convert_keys(value: object, *, upper: bool = True, recursive: bool = True) -> Any:
    """``Converter::process`` on an array's keys; a later key that converts to the same name wins,
    at the first one's position (``$newData[$key] = $item``).

    >>> convert_keys({"name": "a", "Name": "b", "type": "STRING"})
    {'NAME': 'b', 'TYPE': 'STRING'}
    >>> convert_keys([{"code": "c"}])
    [{'CODE': 'c'}]
    """
    if isinstance(value, dict):
        converted: dict[str | int, Any] = {}
        for key, item in value.items():
            converted[convert_key(key, upper=upper)] = (
                convert_keys(item, upper=upper) if recursive else item
            )
        return converted
    if isinstance(value, list) and recursive:
        return [convert_keys(item, upper=upper) for item in value]
    return value


def array_key(key: str) -> str | int:
    """The key PHP stores for a JSON object key: a canonical decimal string becomes an int (§3.5).

    >>> array_key("0"), array_key("12"), array_key("-1"), array_key("01"), array_key("1.5")
    (0, 12, -1, '01', '1.5')
    """
    if key == "0" or re.fullmatch(r"-?[1-9][0-9]*", key):
        number = int(key)
        if INT_MIN <= number <= INT_MAX:
            return number
    return key


def type_name(value: object) -> str:
    """PHP's ``get_debug_type``-like name of a decoded value, for messages.

    >>> [type_name(v) for v in (None, True, 1, 1.5, "s", [], {})]
    ['null', 'bool', 'int', 'float', 'string', 'array', 'array']
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    return "array"
