"""``bicon_lint.php`` against the tables of SERVER-SPEC §3.1-§3.9, plus ``parse_str`` and
``build_query`` (PHP's ``parse_str``/``$_POST`` and ``http_build_query``, §2.6, §8.1).

Every row of the §3.3 table is one case for ``is_numeric``, ``(int)`` and the ID test. A JSON
number beyond 64 bits (``9999999999999999999``) reaches PHP as the float ``1.0E19``; the JSON
loader does that conversion, so here the row is the float.
"""

from __future__ import annotations

import doctest
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bicon_lint import php
from bicon_lint.contract import setting_types
from bicon_lint.rules import field_type
from bicon_lint.targets import Target
from tests.vectors import VECTORS

NOT_CAST = object()  # the §3.3 table gives no (int) value ("—") for arrays

# --------------------------------------------------------------------------------------------
# §3.1 array_key_exists / isset
# --------------------------------------------------------------------------------------------

# (description, params, key_exists, isset) for the key "id" (or "TYPE", "select": same functions)
PRESENCE = [
    ("null value", {"id": None}, True, False),
    ("missing key", {}, False, False),
    ("empty string", {"id": ""}, True, True),
    ("zero", {"id": 0}, True, True),
    ("false", {"id": False}, True, True),
    ("empty array", {"id": []}, True, True),
]


@pytest.mark.parametrize(
    ("params", "exists", "is_set"), [pytest.param(*row[1:], id=row[0]) for row in PRESENCE]
)
def test_presence_3_1(params: dict[str, Any], exists: bool, is_set: bool) -> None:
    assert php.key_exists(params, "id") is exists
    assert php.isset(params, "id") is is_set


@pytest.mark.parametrize("value", ["abc", 5, True, None, 1.5], ids=repr)
def test_isset_on_a_non_array_is_false_3_1(value: object) -> None:
    """``isset("abc"['TYPE'])`` and ``isset`` on int/bool/null are false, without error."""
    assert php.isset(value, "TYPE") is False
    assert php.key_exists(value, "TYPE") is False


def test_isset_of_several_keys_3_1() -> None:
    item = {"TYPE": "STRING", "NAME": "", "CODE": None}
    assert php.isset(item, "TYPE", "NAME") is True
    assert php.isset(item, "TYPE", "NAME", "CODE") is False


# --------------------------------------------------------------------------------------------
# §3.2 empty()
# --------------------------------------------------------------------------------------------

EMPTY = [None, [], {}, "", "0", 0, 0.0, False]
NOT_EMPTY = [" ", "0.0", ["x"], "abc", 123, True, {"a": 1}]


@pytest.mark.parametrize("value", EMPTY, ids=repr)
def test_empty_3_2(value: object) -> None:
    assert php.empty(value) is True


@pytest.mark.parametrize("value", NOT_EMPTY, ids=repr)
def test_not_empty_3_2(value: object) -> None:
    assert php.empty(value) is False


# --------------------------------------------------------------------------------------------
# §3.3 is_numeric and (int): every row of the table
# --------------------------------------------------------------------------------------------

# (input, is_numeric, (int), valid ID) — one tuple per input of each §3.3 row, in table order.
NUMERIC_TABLE: list[tuple[object, bool, object, bool]] = [
    ("4", True, 4, True),
    (" 4", True, 4, True),
    ("\t4", True, 4, True),
    ("\n4", True, 4, True),
    ("4 ", True, 4, True),
    ("4\n", True, 4, True),
    (" 4 ", True, 4, True),
    ("4.5", True, 4, True),
    ("0.5", True, 0, False),
    ("1e3", True, 1000, True),
    ("1E3", True, 1000, True),
    ("1e-3", True, 0, False),
    ("0e5", True, 0, False),
    ("0x1A", False, 0, False),
    ("", False, 0, False),
    (" ", False, 0, False),
    ("+4", True, 4, True),
    (".5", True, 0, False),
    ("5.", True, 5, True),
    ("-1", True, -1, False),
    (-3, True, -3, False),
    ("1_000", False, 1, False),
    ("4abc", False, 4, False),
    ("\u0661", False, 0, False),  # Arabic-Indic digit one
    ("00", True, 0, False),
    ("0.0", True, 0, False),
    ("-0", True, 0, False),
    (0, True, 0, False),
    ("9999999999999999999", True, php.INT_MAX, True),  # saturates
    (1e19, True, -8446744073709551616, False),  # JSON 9999999999999999999 / 1e19: wraps
    (4, True, 4, True),
    (4.5, True, 4, True),
    (1e3, True, 1000, True),
    (True, False, 1, False),
    (False, False, 0, False),
    (None, False, 0, False),
    ([4], False, NOT_CAST, False),
    ({}, False, NOT_CAST, False),
]


@pytest.mark.parametrize(
    ("value", "numeric", "cast", "valid_id"),
    [pytest.param(*row, id=repr(row[0])) for row in NUMERIC_TABLE],
)
def test_numeric_table_3_3(value: object, numeric: bool, cast: object, valid_id: bool) -> None:
    assert php.is_numeric(value) is numeric
    if cast is not NOT_CAST:
        assert php.int_cast(value) == cast
    assert php.is_positive_id(value) is valid_id


# --------------------------------------------------------------------------------------------
# §3.4 the validateFields type checks (the rule's table of PHP tests)
# --------------------------------------------------------------------------------------------

TYPE_TABLE: dict[str, tuple[list[object], list[object]]] = {
    "string": (["x", ""], [1, 1.5, True, None, [], {}]),
    "integer": (["4", 4, "4.5", "1e3", " 4", "4 "], ["", True, None, "0x1A", [], {}]),
    "array": ([[], {}, ["a"], {"a": 1}], ["[]", 1, None, "", True]),
    "boolean": ([True, False], ["true", "1", 1, 0, "Y", None]),
}


@pytest.mark.parametrize(
    ("declared", "value", "passes"),
    [
        pytest.param(declared, value, ok, id=f"{declared}-{value!r}")
        for declared, (good, bad) in TYPE_TABLE.items()
        for ok, values in ((True, good), (False, bad))
        for value in values
    ],
)
def test_type_checks_3_4(declared: str, value: object, passes: bool) -> None:
    assert field_type.TYPE_CHECKS[declared](value) is passes


# --------------------------------------------------------------------------------------------
# §3.5 JSON lists and objects are both PHP arrays; numeric-string keys become ints
# --------------------------------------------------------------------------------------------


def test_lists_and_objects_are_arrays_3_5() -> None:
    assert php.is_array(["a", "b"]) and php.is_array({"a": 1}) and php.is_array([])
    assert list(php.items(["title", "logo"])) == [(0, "title"), (1, "logo")]
    assert list(php.items({"a": {"code": "c"}})) == [("a", {"code": "c"})]
    assert list(php.items("abc")) == []


ARRAY_KEYS = [
    ("0", 0),
    ("12", 12),
    ("-1", -1),
    ("01", "01"),
    ("1.5", "1.5"),
    ("-0", "-0"),
    ("", ""),
    (" 1", " 1"),
    ("9223372036854775807", php.INT_MAX),
    ("9223372036854775808", "9223372036854775808"),
    ("-9223372036854775808", php.INT_MIN),
]


@pytest.mark.parametrize(("key", "stored"), ARRAY_KEYS, ids=repr)
def test_array_key_3_5(key: str, stored: str | int) -> None:
    assert php.array_key(key) == stored
    assert type(php.array_key(key)) is type(stored)


# --------------------------------------------------------------------------------------------
# §3.6 mb_strlen counts code points; §3.7 scalars are coerced
# --------------------------------------------------------------------------------------------

CODE_POINTS = [
    ("😀", 1),
    ("e\u0301", 2),
    ("я" * 512, 512),
    ("я" * 513, 513),
    ("😀" * 512, 512),
    (5, 1),  # §3.7: int 5 -> "5"
    (12345, 5),
    (1.5, 3),  # "1.5"
    (True, 1),  # "1"
    (False, 0),  # ""
]


@pytest.mark.parametrize(("value", "length"), CODE_POINTS, ids=repr)
def test_mb_strlen_3_6_3_7(value: object, length: int) -> None:
    assert php.mb_strlen(value) == length


@pytest.mark.parametrize(
    ("value", "text"), [(5, "5"), (1.5, "1.5"), (True, "1"), (False, ""), (None, ""), ("x", "x")]
)
def test_scalar_to_string_3_7(value: object, text: str) -> None:
    assert php.to_string(value) == text


# --------------------------------------------------------------------------------------------
# §3.8 SourceSettingType
# --------------------------------------------------------------------------------------------


def test_setting_types_3_8() -> None:
    assert setting_types(Target.V2026_01) == {"STRING"}
    assert setting_types(Target.V2026_04) == {"STRING", "INT"}
    assert setting_types(Target.V2026_05) == {"STRING", "INT"}


# --------------------------------------------------------------------------------------------
# §3.9 key conversion Converter(KEYS | RECURSIVE | TO_SNAKE | TO_UPPER)
# --------------------------------------------------------------------------------------------

CONVERTED = [
    ("urlCheck", "URL_CHECK"),
    ("URLCheck", "U_RL_CHECK"),
    ("url_check", "URL_CHECK"),
    ("UrlCheck", "URL_CHECK"),
    ("urlTableDescription", "URL_TABLE_DESCRIPTION"),
    ("supportMapping", "SUPPORT_MAPPING"),
    ("sourceCode", "SOURCE_CODE"),
    ("name", "NAME"),
    ("Name", "NAME"),
    ("NAME", "N_AM_E"),
    ("nAme", "N_AME"),
    ("TYPE", "T_YP_E"),
    ("CODE", "C_OD_E"),
]


@pytest.mark.parametrize(("key", "converted"), CONVERTED)
def test_convert_key_3_9(key: str, converted: str) -> None:
    assert php.convert_key(key) == converted


def test_convert_key_leaves_int_keys_3_9() -> None:
    assert php.convert_key(0) == 0


@pytest.mark.parametrize(
    ("key", "converted"), [("Name", "name"), ("name", "name"), ("NAME", "n_am_e")]
)
def test_convert_key_without_upper_25_300_0_3_9(key: str, converted: str) -> None:
    """In 25.300.0 there was no TO_UPPER: ``Name`` still worked, ``NAME`` did not."""
    assert php.convert_key(key, upper=False) == converted


def test_convert_keys_recursive_and_later_key_wins_3_9() -> None:
    settings_list = [{"code": "c", "Name": "n", "name": "m", "Type": "STRING"}]
    assert php.convert_keys(settings_list) == [{"CODE": "c", "NAME": "m", "TYPE": "STRING"}]
    converted = php.convert_keys({"name": "a", "x": 1, "Name": "b"})
    assert list(converted.items()) == [("NAME", "b"), ("X", 1)]  # first key's place, last value
    assert php.convert_keys({0: {"urlCheck": 1}}) == {0: {"URL_CHECK": 1}}


# --------------------------------------------------------------------------------------------
# parse_str / $_POST (§2.6, §8.1)
# --------------------------------------------------------------------------------------------

PARSE_STR = [
    # PHP manual, parse_str(), example #1
    (
        "manual-1",
        "first=value&arr[]=foo+bar&arr[]=baz",
        {"first": "value", "arr": {0: "foo bar", 1: "baz"}},
    ),
    # PHP manual, parse_str(), example #2 (name mangling)
    ("manual-2", "My Value=Something", {"My_Value": "Something"}),
    # PHP manual, "Variables From External Sources": dots and spaces become underscores
    ("dot-in-name", "a.b=1", {"a_b": "1"}),
    ("leading-spaces", "%20%20a=1", {"a": "1"}),
    ("only-top-level-mangled", "a.b[c.d][e f]=1", {"a_b": {"c.d": {"e f": "1"}}}),
    ("unmatched-bracket-top", "a[b.c=1", {"a_b_c": "1"}),
    ("unmatched-bracket-nested", "a[b][c=1", {"a": {"b": "1"}}),
    ("text-after-bracket-ignored", "a[b]c=1", {"a": {"b": "1"}}),
    ("bracket-inside-key", "a[b[c]=1", {"a": {"b[c": "1"}}),
    ("space-index-appends", "a[ ]=1&a[ ]=2", {"a": {0: "1", 1: "2"}}),
    ("encoded-brackets", "a%5Bb%5D=1", {"a": {"b": "1"}}),
    ("empty-name-skipped", "=1&+=2&[x]=3&&", {}),
    ("no-equals", "flag", {"flag": ""}),
    ("empty-value", "a=", {"a": ""}),
    ("first-equals-splits", "a=b=c", {"a": "b=c"}),
    ("later-duplicate-wins", "a=1&b=2&a=3", {"a": "3", "b": "2"}),
    ("scalar-then-array", "a=1&a[x]=2", {"a": {"x": "2"}}),
    ("array-then-scalar", "a[x]=2&a=1", {"a": "1"}),
    (
        "append-after-max-int",
        "a[5]=x&a[]=y&a[z]=w&a[]=v",
        {"a": {5: "x", 6: "y", "z": "w", 7: "v"}},
    ),
    ("append-after-negative", "a[-3]=x&a[]=y", {"a": {-3: "x", -2: "y"}}),
    ("numeric-keys", "a[0]=x&a[01]=y&a[-0]=z&7=n", {"a": {0: "x", "01": "y", "-0": "z"}, 7: "n"}),
    ("nested-append", "a[][x]=1&a[][x]=2", {"a": {0: {"x": "1"}, 1: {"x": "2"}}}),
    ("plus-and-percent", "a=1+2%2B3%25&b=%zz%4", {"a": "1 2+3%", "b": "%zz%4"}),
    ("utf8", "a=%D1%8F%F0%9F%98%80", {"a": "я😀"}),
    ("nul-cuts-name-not-value", "a%00b=x%00y", {"a": "x\x00y"}),
    ("forged-host-prefix-dropped", "..Host-a=1&__Host-b=2", {"__Host-b": "2"}),
    (
        "settings-item",
        "fields[settings][0][code]=token",
        {"fields": {"settings": {0: {"code": "token"}}}},
    ),
    (
        "support-mapping-is-a-string",
        "fields[supportMapping]=1",
        {"fields": {"supportMapping": "1"}},
    ),
]


@pytest.mark.parametrize(
    ("query", "decoded"), [pytest.param(q, d, id=name) for name, q, d in PARSE_STR]
)
def test_parse_str(query: str, decoded: dict[str | int, Any]) -> None:
    result = php.parse_str(query)
    assert result == decoded
    assert _ordered(result) == _ordered(decoded)


def test_parse_str_nesting_limit() -> None:
    """``max_input_nesting_level`` (64): a deeper variable is dropped, with what was stored under
    its top-level name."""
    value: Any = php.parse_str("a" + "[k]" * 64 + "=1")["a"]
    for _ in range(64):
        value = value["k"]
    assert value == "1"
    deep = "a[x]=1&" + "a" + "[k]" * 65 + "=2&b=3"
    assert php.parse_str(deep) == {"b": "3"}


def test_parse_str_of_the_vector_form_bodies() -> None:
    """#38 (http_build_query of ``true``) and #144 (a batch command) reach the server as strings."""
    by_number = {v.number: v for v in VECTORS if v.target == "2026-05"}
    form = by_number[38].raw
    assert form is not None
    fields = php.parse_str(form)["fields"]
    assert fields["supportMapping"] == "1"
    assert fields["settings"] == {0: {"code": "token", "name": "Token", "type": "STRING"}}
    command = by_number[144].raw
    assert command is not None
    query = command.split("?", 1)[1]
    assert php.parse_str(query)["fields"]["supportMapping"] == "true"


# --------------------------------------------------------------------------------------------
# build_query = http_build_query
# --------------------------------------------------------------------------------------------

BUILD_QUERY = [
    ("scalars", {"a": "x y", "b": 5, "c": 1.5, "d": True, "e": False}, "a=x+y&b=5&c=1.5&d=1&e=0"),
    ("null-omitted", {"a": None, "b": "1"}, "b=1"),
    ("empty-array-omitted", {"fields": {"settings": [], "title": "T"}}, "fields%5Btitle%5D=T"),
    ("list", {"a": ["x", "y"]}, "a%5B0%5D=x&a%5B1%5D=y"),
    ("int-keys", {0: "foo", 3: "bar"}, "0=foo&3=bar"),
    ("rfc1738", {"k": "~*'()!&=+/ é"}, "k=%7E%2A%27%28%29%21%26%3D%2B%2F+%C3%A9"),
    ("key-encoded", {"a b": {"c&d": "1"}}, "a+b%5Bc%26d%5D=1"),
    ("float-like-php", {"a": 1e19, "b": 0.1 + 0.2, "c": 1000.0}, "a=1.0E%2B19&b=0.3&c=1000"),
    ("top-level-list", ["a", "b"], "0=a&1=b"),
    ("nothing", {}, ""),
]


@pytest.mark.parametrize(
    ("params", "query"), [pytest.param(p, q, id=name) for name, p, q in BUILD_QUERY]
)
def test_build_query(params: object, query: str) -> None:
    assert php.build_query(params) == query


def test_build_query_of_form_encoded_b_supports_mapping_true() -> None:
    """§8.1: ``supportMapping: true`` sent through http_build_query arrives as ``"1"``."""
    params = {"fields": {"title": "T", "supportMapping": True, "settings": []}}
    assert php.parse_str(php.build_query(params)) == {
        "fields": {"title": "T", "supportMapping": "1"}
    }


def test_build_query_rejects_objects() -> None:
    with pytest.raises(TypeError):
        php.build_query({"a": object()})


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


def _not_numeric(key: str) -> bool:
    return isinstance(php.array_key(key), str)


# Top-level names: no mangled characters (space, dot, brackets), no NUL (names are C strings).
TOP_KEYS = st.text(
    st.characters(codec="utf-8", exclude_characters=" .[]\x00"), min_size=1, max_size=8
).filter(_not_numeric)
# Keys inside brackets: anything but brackets and NUL; a lone whitespace character would read
# as ``[ ]`` (append).
NESTED_KEYS = st.text(
    st.characters(codec="utf-8", exclude_characters="[]\x00"), min_size=1, max_size=8
).filter(lambda key: _not_numeric(key) and not (len(key) == 1 and key in " \t\n\v\f\r"))
LEAVES = st.text(st.characters(codec="utf-8"), max_size=12)
NESTED = st.recursive(
    LEAVES, lambda inner: st.dictionaries(NESTED_KEYS, inner, min_size=1, max_size=4), max_leaves=12
)
PAYLOADS = st.dictionaries(TOP_KEYS, NESTED, max_size=5)


def _ordered(value: object) -> object:
    """Dicts as lists of pairs, recursively: equality that also checks key order."""
    if isinstance(value, dict):
        return [(key, _ordered(item)) for key, item in value.items()]
    return value


@settings(max_examples=300, deadline=None)
@given(PAYLOADS)
def test_parse_str_inverts_build_query(payload: dict[str, Any]) -> None:
    decoded = php.parse_str(php.build_query(payload))
    assert decoded == payload
    assert _ordered(decoded) == _ordered(payload)


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    return [value]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab0-1[] .=&%+5D\x00\t")))
def test_parse_str_leaves_are_strings(query: str) -> None:
    """Whatever the body, every leaf is a string and every key a str or an int (§8.1)."""
    decoded = php.parse_str(query)
    assert all(isinstance(leaf, str) for leaf in _leaves(decoded))
    assert all(isinstance(key, (str, int)) and key != "" for key in decoded)


# --------------------------------------------------------------------------------------------
# The module's doctests (the default test run collects doctests under tests/ only)
# --------------------------------------------------------------------------------------------


def test_php_doctests() -> None:
    failures, tried = doctest.testmod(php, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0
    assert failures == 0
