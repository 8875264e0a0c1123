"""PHP's semantics, once, as pure functions.

The server is PHP 8 without ``strict_types`` (no ``declare(strict_types=1)`` in
``biconnector/lib/Rest/Base.php`` or the other REST classes), so what a payload *means* is decided
by ``is_numeric``, the ``(int)`` cast, ``empty``, ``isset`` and friends, not by JSON types. Every
rule asks this module; no rule re-implements any of it. The functions name their PHP manual pages;
the doctests are PHP 8's answers for the values that decide the server's checks.

A PHP array is modelled as a Python ``dict`` (JSON object) or ``list`` (JSON list); both are "arrays",
and so is a :class:`~bicon_lint.compact.CompactArray` (a large ``settings`` list kept as text).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Final
from urllib.parse import quote_plus, unquote_plus

from bicon_lint.compact import CompactArray

INT_MAX: Final = 2**63 - 1
INT_MIN: Final = -(2**63)

# PHP 8 numeric strings: leading and (since 8.0) trailing whitespace, ASCII digits only
# (https://www.php.net/manual/en/language.types.numeric-strings.php).
_WS: Final = " \t\n\r\v\f"
_NUMERIC: Final = re.compile(
    r"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*\Z"
)
_LEADING_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_CAMEL_BOUNDARY: Final = re.compile(r"(.)([A-Z])")
_ASCII_UPPER: Final = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def is_array(value: object) -> bool:
    """``is_array``: JSON objects and JSON lists both decode to PHP arrays
    (https://www.php.net/manual/en/function.is-array.php).

    >>> is_array({}), is_array([]), is_array("[]"), is_array(None)
    (True, True, False, False)
    """
    return isinstance(value, (dict, list, CompactArray))


def items(value: object) -> Iterator[tuple[str | int, Any]]:
    """``foreach ($value as $key => $item)`` over a PHP array; nothing for a scalar.

    >>> list(items(["a", "b"])), list(items({"x": 1}))
    ([(0, 'a'), (1, 'b')], [('x', 1)])
    """
    if isinstance(value, dict):
        return iter(value.items())  # the built-in iterators, not a generator's frame per item
    if isinstance(value, (list, CompactArray)):
        return enumerate(value)
    return iter(())


def key_exists(array: object, key: str) -> bool:
    """``array_key_exists``: a key holding ``null`` is present
    (https://www.php.net/manual/en/function.array-key-exists.php).

    >>> key_exists({"id": None}, "id"), key_exists({}, "id"), key_exists("abc", "id")
    (True, False, False)
    """
    return isinstance(array, dict) and key in array


def isset(array: object, *keys: str) -> bool:
    """``isset($a['k1'], $a['k2'], …)``: present and not ``null``; false on non-arrays
    (https://www.php.net/manual/en/function.isset.php).

    >>> isset({"name": ""}, "name"), isset({"name": None}, "name"), isset("abc", "TYPE")
    (True, False, False)
    """
    return isinstance(array, dict) and all(array.get(key) is not None for key in keys)


def empty(value: object) -> bool:
    """``empty()`` (https://www.php.net/manual/en/function.empty.php).

    >>> [empty(v) for v in (None, [], {}, "", "0", 0, 0.0, False)]
    [True, True, True, True, True, True, True, True]
    >>> [empty(v) for v in (" ", "0.0", ["x"], "a")]
    [False, False, False, False]
    """
    if value is None or value is False:
        return True
    if isinstance(value, (dict, list, str, CompactArray)):
        return len(value) == 0 or value == "0"
    if isinstance(value, (int, float)):
        return value == 0
    return False


def is_numeric(value: object) -> bool:
    """``is_numeric`` of PHP 8: ints and floats, and numeric strings
    (https://www.php.net/manual/en/function.is-numeric.php).

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
    """``(int)"…"``: the leading number, saturating at the integer limits
    (https://www.php.net/manual/en/language.types.integer.php)."""
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
    """PHP's ``(int)`` cast (https://www.php.net/manual/en/language.types.integer.php).

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
    """The server's ID test: ``is_numeric($id) && (int)$id > 0`` (``Base::validateParamsId``,
    ``biconnector/lib/Rest/Base.php``).

    >>> [is_positive_id(v) for v in ("4", "4.9", "1e3", " 4", "9999999999999999999", 4.5)]
    [True, True, True, True, True, True]
    >>> [is_positive_id(v) for v in ("0.5", "0x1A", -4, 0, "abc", None, True, [4], 1e19)]
    [False, False, False, False, False, False, False, False, False]
    """
    return is_numeric(value) and int_cast(value) > 0


def is_canonical_int(value: object) -> bool:
    """Does ``(string)$value`` spell the integer ``(int)$value`` gives? ``'rest_' . $id`` then
    names the row the server looks up (``Source::addEntity``, ``biconnector/lib/Rest/Source.php``).

    >>> [is_canonical_int(v) for v in (4, "4", 4.0, "04", "4.0", " 4", "+4", True)]
    [True, True, True, False, False, False, False, True]
    """
    return to_string(value) == str(int_cast(value))


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
    """PHP's scalar-to-string conversion: ``true`` → ``"1"``, ``false``/``null`` → ``""``
    (https://www.php.net/manual/en/language.types.string.php).

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
    """``mb_strlen`` of a scalar, in Unicode code points
    (https://www.php.net/manual/en/function.mb-strlen.php).

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
    """One key through ``Converter(KEYS | TO_SNAKE [| TO_UPPER])``
    (``main/lib/engine/response/converter.php``); int keys are untouched.

    >>> [convert_key(k) for k in ("urlCheck", "URLCheck", "Name", "NAME", "TYPE", "CODE", 0)]
    ['URL_CHECK', 'U_RL_CHECK', 'NAME', 'N_AM_E', 'T_YP_E', 'C_OD_E', 0]
    >>> convert_key("Name", upper=False), convert_key("NAME", upper=False)
    ('name', 'n_am_e')
    """
    if isinstance(key, int):
        return key
    return _converted(key, upper)


@lru_cache(maxsize=4096)
def _converted(key: str, upper: bool) -> str:
    """``convert_key`` of a string key, remembered: payloads repeat a handful of keys."""
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
    if isinstance(value, (list, CompactArray)) and recursive:
        return [convert_keys(item, upper=upper) for item in value]
    return value


_CANONICAL_INT = re.compile(r"-?[1-9][0-9]*")


def array_key(key: str) -> str | int:
    """The key PHP stores for a JSON object key: a canonical decimal string becomes an int
    (https://www.php.net/manual/en/language.types.array.php).

    >>> array_key("0"), array_key("12"), array_key("-1"), array_key("01"), array_key("1.5")
    (0, 12, -1, '01', '1.5')
    """
    if key == "0" or _CANONICAL_INT.fullmatch(key):
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


# --------------------------------------------------------------------------------------------
# Form bodies: parse_str / $_POST and http_build_query (CRestUtil::getRequestData and
# ParseBatchQuery, rest/classes/general/rest_util.php)
# --------------------------------------------------------------------------------------------

MAX_INPUT_NESTING_LEVEL: Final = 64  # php.ini default of max_input_nesting_level
_C_SPACE: Final = " \t\n\v\f\r"  # C isspace() in the "C" locale
FORGED_PREFIXES: Final = ("__Host-", "__Secure-")
_MANGLED: Final = re.compile(r"[ .\[]")


def parse_str(query: str) -> dict[str | int, Any]:
    """Decode an ``application/x-www-form-urlencoded`` body as PHP's ``parse_str`` and ``$_POST``
    do (``php_default_treat_data``, ``add_post_var`` and ``php_register_variable_ex`` in
    ``main/php_variables.c``). Every leaf is a string; PHP arrays are dicts, numeric keys ints.

    The PHP manual, ``parse_str``, example #1 (``$output['arr'][0]`` is ``foo bar``) and #2
    ("parse_str() name mangling": ``$output['My_Value']``):

    >>> parse_str("first=value&arr[]=foo+bar&arr[]=baz")
    {'first': 'value', 'arr': {0: 'foo bar', 1: 'baz'}}
    >>> parse_str("My Value=Something")
    {'My_Value': 'Something'}

    The manual, "Variables From External Sources": dots and spaces in variable names become
    underscores; only the top-level name is mangled, leading spaces are dropped, an unmatched
    ``[`` becomes ``_`` and an empty name is skipped:

    >>> parse_str("a.b=1&%20c%20d[e.f]=2&g[h=3&i[j][k=4&=5&+=6")
    {'a_b': '1', 'c_d': {'e.f': '2'}, 'g_h': '3', 'i': {'j': '4'}}

    A key without ``=`` gets ``""``, a later duplicate wins (in place), ``%5B`` works like ``[``:

    >>> parse_str("a=1&b&a=2&c%5Bx%5D=1&c[y]=2")
    {'a': '2', 'b': '', 'c': {'x': '1', 'y': '2'}}

    ``[]`` appends at the largest int key + 1, or 0 (PHP 8.0 UPGRADING: "Any array that has a
    number n as its first numeric key will use n+1 for its next implicit key, even if n is
    negative"); canonical decimal keys become ints (``array_key``):

    >>> parse_str("n[5]=a&n[]=b&n[x]=c&n[]=d&m[-3]=x&m[]=y&k[01]=z&k[0]=w")
    {'n': {5: 'a', 6: 'b', 'x': 'c', 7: 'd'}, 'm': {-3: 'x', -2: 'y'}, 'k': {'01': 'z', 0: 'w'}}

    What this linter meets (``CRestUtil::getRequestData`` reads ``$_POST``): a form-encoded
    ``supportMapping`` is a string.

    >>> parse_str("fields[settings][0][code]=token&fields[supportMapping]=1")
    {'fields': {'settings': {0: {'code': 'token'}}, 'supportMapping': '1'}}
    """
    result: dict[str | int, Any] = {}
    for pair in query.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            _register(result, unquote_plus(name), unquote_plus(value))
    return result


def _register(array: dict[str | int, Any], name: str, value: str) -> None:
    """``php_register_variable_ex``: mangle the top-level name, split the ``[index]`` parts, store.

    Names are C strings (cut at NUL); ``max_input_vars`` is not applied (server config unknown).
    """
    name = name.split("\0", 1)[0].lstrip(" ")
    base, bracket, rest = name.partition("[")
    var = base.replace(" ", "_").replace(".", "_")
    forged = any(var.startswith(p) and not name.startswith(p) for p in FORGED_PREFIXES)
    if not var or forged:
        return
    path: list[str | None] | None = index_path(var, rest)[0] if bracket else [var]
    if path is None:  # nested deeper than max_input_nesting_level: PHP drops the whole variable
        array.pop(array_key(var), None)
        return
    _store(array, path, value)


def index_path(var: str, rest: str, base_end: int = 0) -> tuple[list[str | None] | None, list[int]]:
    """The keys of ``var[k1][k2]...`` (``None`` for ``[]``); ``rest`` is what follows the first
    ``[``, which stands at ``base_end`` in the name. Also, for each key, where its ``[...]`` ends
    in the name (for positions). After an unmatched ``[`` the walk stops: right after the name it
    becomes ``_`` (with ``' '``, ``.`` and ``[`` in the rest), deeper down the rest is ignored.
    The path is ``None`` when nested deeper than ``max_input_nesting_level``."""
    path: list[str | None] = [var]
    ends = [base_end]
    offset = base_end + 1  # where ``rest`` starts in the name
    while len(path) <= MAX_INPUT_NESTING_LEVEL:
        start = 1 if rest and rest[0] in _C_SPACE else 0
        key: str | None = None
        if rest[start : start + 1] == "]":
            close = start
        else:
            close = rest.find("]", start)
            if close == -1:
                if len(path) == 1:
                    path[0] = var + "_" + _MANGLED.sub("_", rest)
                    ends[0] = offset + len(rest)
                return path, ends
            key = rest[:close]
        path.append(key)
        ends.append(offset + close + 1)
        if not rest.startswith("[", close + 1):
            return path, ends
        offset += close + 2
        rest = rest[close + 2 :]
    return None, ends


def _store(array: dict[str | int, Any], path: list[str | None], value: str) -> None:
    """Walk ``path``, replacing non-arrays met on the way by arrays; ``None`` appends."""
    target = array
    for key in path[:-1]:
        slot = _slot(target, key)
        if slot is None:
            return
        child = target.get(slot)
        if not isinstance(child, dict):
            child = target[slot] = {}
        target = child
    slot = _slot(target, path[-1])
    if slot is not None:
        target[slot] = value


def _slot(array: dict[str | int, Any], key: str | None) -> str | int | None:
    """The array key ``key`` names; for ``[]`` the next free index (``None`` past ``INT_MAX``)."""
    if key is not None:
        return array_key(key)
    index = max((k + 1 for k in array if isinstance(k, int)), default=0)
    return index if index <= INT_MAX else None


def build_query(params: object) -> str:
    """PHP's ``http_build_query($params)`` (``ext/standard/http.c``), as CRest sends bodies
    (``src/crest.php`` of ``bitrix-tools/crest``): keys in brackets (``%5B``/``%5D``),
    ``true`` → ``1``, ``false`` → ``0``, ``null`` and empty arrays omitted, RFC 1738 ``urlencode``.

    The PHP manual, ``http_build_query``, examples #1, #2 and #3 (without the optional
    ``numeric_prefix``):

    >>> build_query({"foo": "bar", "baz": "boom", "cow": "milk", "null": None,
    ...              "php": "hypertext processor"})
    'foo=bar&baz=boom&cow=milk&php=hypertext+processor'
    >>> build_query({0: "foo", 1: "bar", 2: "baz", 3: None, 4: "boom", "cow": "milk",
    ...              "php": "hypertext processor"})
    '0=foo&1=bar&2=baz&4=boom&cow=milk&php=hypertext+processor'
    >>> build_query({
    ...     "user": {"name": "Bob Smith", "age": 47, "sex": "M", "dob": "5/12/1956"},
    ...     "pastimes": ["golf", "opera", "poker", "rap"],
    ...     "children": {"bobby": {"age": 12, "sex": "M"}, "sally": {"age": 8, "sex": "F"}},
    ...     0: "CEO",
    ... }).split("&")
    ['user%5Bname%5D=Bob+Smith', 'user%5Bage%5D=47', 'user%5Bsex%5D=M',
     'user%5Bdob%5D=5%2F12%2F1956', 'pastimes%5B0%5D=golf', 'pastimes%5B1%5D=opera',
     'pastimes%5B2%5D=poker', 'pastimes%5B3%5D=rap', 'children%5Bbobby%5D%5Bage%5D=12',
     'children%5Bbobby%5D%5Bsex%5D=M', 'children%5Bsally%5D%5Bage%5D=8',
     'children%5Bsally%5D%5Bsex%5D=F', '0=CEO']

    Booleans, ``null``, empty arrays, floats (``(string)$float``) and ``~`` (``urlencode``
    escapes it, unlike ``rawurlencode``):

    >>> build_query({"fields": {"supportMapping": True, "settings": [], "description": None,
    ...                         "sort": 1.5, "title": "a~b c", "x": False}})
    'fields%5BsupportMapping%5D=1&fields%5Bsort%5D=1.5&fields%5Btitle%5D=a%7Eb+c&fields%5Bx%5D=0'
    """
    return "&".join(_query_pairs(params, ""))


def _query_pairs(array: object, prefix: str) -> Iterator[str]:
    for key, value in items(array):
        name = _urlencode(str(key))
        name = f"{prefix}%5B{name}%5D" if prefix else name
        if is_array(value):
            yield from _query_pairs(value, name)
        elif value is not None:
            yield f"{name}={_urlencode(_query_scalar(value))}"


def _query_scalar(value: object) -> str:
    """A leaf as ``http_build_query`` writes it: booleans are ``1``/``0``, not ``(string)``."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float, str)):
        return to_string(value)
    raise TypeError(f"http_build_query: unsupported value of type {type(value).__name__}")


def _urlencode(text: str) -> str:
    """PHP's ``urlencode``: only ``A-Z a-z 0-9 - _ .`` stay, a space is ``+``."""
    return quote_plus(text, safe="").replace("~", "%7E")


# json_encode's escapes under Bitrix's ``Json::DEFAULT_OPTIONS`` (JSON_HEX_TAG | JSON_HEX_AMP |
# JSON_HEX_APOS | JSON_HEX_QUOT | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE,
# ``main/lib/web/json.php``): the encoded length of each character that is not written as itself.
_JSON_ESCAPED: Final = {
    **{chr(point): 6 for point in range(0x20)},  # \u001f
    **dict.fromkeys("\b\f\n\r\t\\/", 2),  # \n, \\, \/ (slashes are escaped by default)
    **dict.fromkeys("\"<>&'\u2028\u2029", 6),  # \u0022, \u003C, ...; line terminators too
}
_JSON_SPECIAL: Final = re.compile("[\x00-\x1f\\\\/\"<>&'\u2028\u2029]")


def json_encoded_length(value: object) -> int:
    """Bytes of Bitrix's ``Json::encode($value)`` (UTF-8): strings with the escapes above, floats
    with ``serialize_precision = -1`` (the shortest digits, ``php_gcvt``), lists as arrays, dicts
    as objects, no whitespace.

    >>> json_encoded_length([{"name": "Логин", "code": "a/b", "type": "STRING"}])  # a\\/b
    53
    >>> [json_encoded_length(v) for v in ('"<&>', "\\u2028", 5, -1.5, 4.0, 1e25, 1e-5, True, None)]
    [26, 8, 1, 4, 1, 7, 6, 4, 4]
    """
    if type(value) is str:
        size = len(value.encode("utf-8", "surrogatepass")) + 2  # a lone surrogate: U+FFFD, 3 too
        if _JSON_SPECIAL.search(value) is None:
            return size
        for special in _JSON_SPECIAL.findall(value):
            size += _JSON_ESCAPED[special] - len(special.encode())  # U+2028 is 3 bytes raw
        return size
    if isinstance(value, bool) or value is None:
        return 4 if value is not False else 5
    if isinstance(value, int):
        return len(str(value))
    if isinstance(value, float):
        return len(_json_float(value))
    members = list(items(value))
    if isinstance(value, dict) and [key for key, _ in members] != list(range(len(members))):
        pairs = sum(json_encoded_length(str(key)) + 1 for key, _ in members)
    else:  # a PHP list: keys 0..n-1 in order
        pairs = 0
    inner = sum(json_encoded_length(member) for _, member in members)
    return 2 + pairs + inner + max(len(members) - 1, 0)


def _json_float(number: float) -> str:
    """``php_gcvt($number, 17, '.', 'e')`` in mode 0: the shortest round-trip digits, fixed
    notation unless the decimal exponent is below -3 or above 17 (``1.0e+25``, ``1.0e-5``)."""
    if not math.isfinite(number):
        return "0"  # json_encode fails (JSON_ERROR_INF_OR_NAN); no JSON body holds one
    sign = "-" if math.copysign(1.0, number) < 0 else ""
    mantissa, _, exponent = f"{abs(number)!r}".partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0").rstrip("0") or "0"
    point = (
        len(whole.lstrip("0")) if whole.strip("0") else -(len(fraction) - len(fraction.lstrip("0")))
    )
    point += int(exponent or 0)
    if digits == "0":
        return sign + "0"
    if point < -3 or point > 17:
        return (
            f"{sign}{digits[0]}.{digits[1:] or '0'}e{'-' if point - 1 < 0 else '+'}{abs(point - 1)}"
        )
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"
