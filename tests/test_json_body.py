"""What a JSON body carries of a Python value (``bicon_lint.json_body``), through ``lint_payload``,
``check_call``, the calls read from programs, and the JSON loader.

The server decodes a JSON body with ``json_decode($body, true, 512, JSON_THROW_ON_ERROR)``
(SERVER-SPEC §2.1; ``main/lib/web/json.php`` lines 50-62) and ignores a body it cannot decode
(``rest/classes/general/rest_util.php`` lines 63-94). The differential test below compares the
predicted answer with an oracle that reads the text ``json.dumps`` writes (what requests, so
b24pysdk, sends) by those rules; where PHP is installed, ``json_decode`` itself is the oracle of
the decoded values.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bicon_lint import PayloadError, check_call, lint_payload, lint_text
from bicon_lint.api import Report, lint_document_all, rejects
from bicon_lint.json_body import MAX_NESTING, as_decoded, decoded_int, joined_text
from bicon_lint.loaders import load_path
from bicon_lint.php import array_key

UPDATE = "biconnector.connector.update"
ADD = "biconnector.connector.add"
LIST = "biconnector.connector.list"
SOURCES = Path(__file__).parent / "fixtures" / "sources"

# SERVER-SPEC §4.3 C1, §4.2 C1 (the answers to empty params)
ID_MISSING = ("VALIDATION_ID_NOT_PROVIDED", "ID is missing.")
ID_FORMAT = ("VALIDATION_INVALID_ID_FORMAT", "ID has to be a positive integer.")
NO_FIELDS = ("VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided.")
BODY_IGNORED = "the server ignores the whole body and sees no parameters."

CONNECTOR_FIELDS: dict[str, Any] = {
    "title": "Connector",
    "logo": "data:image/png;base64,iVBORw0KGgo=",
    "urlCheck": "https://ex.com/check",
    "urlData": "https://ex.com/data",
    "urlTableList": "https://ex.com/tables",
    "urlTableDescription": "https://ex.com/describe",
    "settings": [{"name": "Token", "type": "STRING", "code": "token"}],
}


def answer(report: Report) -> tuple[str | int | None, str] | None:
    error = report.server_error
    return None if error is None else (error.code, error.message)


def nested(levels: int, inner: Any = 1) -> Any:
    value = inner
    for _ in range(levels):
        value = [value]
    return value


def bl006(report: Report) -> list[tuple[str, str, int | None]]:
    return [(d.pointer, d.message, d.line) for d in report.diagnostics if d.code == "BL006"]


# --------------------------------------------------------------------------------------------
# Integers beyond 64 bits, tuples, keys
# --------------------------------------------------------------------------------------------


def test_an_id_beyond_64_bits_is_a_float_that_php_casts_below_zero() -> None:
    """§3.3: 9999999999999999999 arrives as 1.0E+19; (int) wraps it negative on 64-bit PHP 8."""
    report = lint_payload({"id": 9999999999999999999, "fields": {"sort": 1}}, UPDATE)
    assert answer(report) == ID_FORMAT
    assert [d.pointer for d in report.diagnostics] == ["/id"]
    text = json.dumps({"id": 9999999999999999999, "fields": {"sort": 1}})
    assert answer(lint_text(text, "update.json", method=UPDATE)) == ID_FORMAT  # as a file


def test_an_id_whose_float_wraps_to_a_positive_integer_passes_the_id_check() -> None:
    """(int)2.5E+19 is 6553255926290448384 on PHP 8.2/x86-64 (§3.3 vector 84: platform-dependent):
    the id check passes and the server looks that connector up (not predicted)."""
    assert answer(lint_payload({"id": 25 * 10**18, "fields": {"sort": 1}}, UPDATE)) is None


def test_the_same_digits_as_a_string_saturate_and_pass() -> None:
    """§3.3: "9999999999999999999" (a string) casts to PHP_INT_MAX: a valid id."""
    assert (
        answer(lint_payload({"id": "9999999999999999999", "fields": {"sort": 1}}, UPDATE)) is None
    )


def test_64_bit_limits() -> None:
    assert decoded_int(2**63 - 1) == 2**63 - 1 and type(decoded_int(2**63 - 1)) is int
    assert decoded_int(-(2**63)) == -(2**63) and type(decoded_int(-(2**63))) is int
    assert type(decoded_int(2**63)) is float and type(decoded_int(-(2**63) - 1)) is float
    assert decoded_int(10**400) == math.inf


def test_an_integer_beyond_the_float_range_is_inf_in_every_loader() -> None:
    """json_decode reads 1 followed by 400 zeros as INF; (int)INF is 0: not a valid id (§3.3).
    (YAML raised OverflowError here, and JSON refused more digits than Python converts.)"""
    huge = "1" + "0" * 400
    yaml = f"method: {UPDATE}\nparams:\n  id: {huge}\n  fields: {{sort: 1}}\n"
    assert answer(lint_text(yaml, "update.yaml")) == ID_FORMAT
    digits = "1" + "0" * 5000  # beyond sys.int_info.default_max_str_digits
    text = f'{{"method": "{UPDATE}", "params": {{"id": {digits}, "fields": {{"sort": 1}}}}}}'
    assert answer(lint_text(text, "update.json")) == ID_FORMAT
    assert answer(lint_payload({"id": 10**400, "fields": {"sort": 1}}, UPDATE)) == ID_FORMAT


def test_tuples_are_arrays() -> None:
    report = lint_payload({"select": ("id", "title"), "order": {"id": "DESC"}}, LIST)
    assert answer(report) is None
    assert as_decoded({"select": ("id", ("a",))}).value == {"select": ["id", ["a"]]}


def test_keys_as_json_dumps_writes_them() -> None:
    """True/None/float keys become strings; 1 and "1" are one PHP key, the later value wins at
    the first key's place (§2.1, §3.5)."""
    value = as_decoded({True: 1, None: 2, 1.5: 3, 2: "a", "x": 0, "2": "b", 2**64: 5}).value
    assert list(value.items()) == [
        ("true", 1),
        ("null", 2),
        ("1.5", 3),
        (2, "b"),
        ("x", 0),
        (str(2**64), 5),
    ]


def test_a_value_only_the_program_knows_and_other_types_pass_unchanged() -> None:
    class Text(str):
        pass

    marker, other = Text("\ud800"), object()
    decoded = as_decoded({"a": marker, "b": other})
    assert decoded.undecodable is None
    assert decoded.value["a"] is marker and decoded.value["b"] is other


# --------------------------------------------------------------------------------------------
# Bodies the server cannot decode: BL006, pointer only, and the answer to no params
# --------------------------------------------------------------------------------------------

SURROGATE_D800 = (
    "this string holds a lone UTF-16 surrogate (U+D800), which a JSON encoder writes as the "
    "escape \\ud800: PHP's json_decode rejects it, so " + BODY_IGNORED
)


def test_a_lone_surrogate_in_a_value_empties_the_params() -> None:
    add = lint_payload({"fields": {**CONNECTOR_FIELDS, "title": "Склад \ud800"}}, ADD)
    assert bl006(add) == [("/fields/title", SURROGATE_D800, None)]
    assert answer(add) == NO_FIELDS  # vector 74
    update = lint_payload({"id": 4, "fields": {"description": ["a", "\ud800"]}}, UPDATE)
    assert bl006(update) == [("/fields/description/1", SURROGATE_D800, None)]
    assert answer(update) == ID_MISSING
    assert all(d.line is None and d.column is None for d in update.diagnostics)


def test_a_lone_surrogate_in_a_key_points_at_the_object_holding_it() -> None:
    report = lint_payload({"id": 4, "fields": {"title": "T", "a\udc00": 1}}, UPDATE)
    message = (
        'the key "a\\udc00" holds a lone UTF-16 surrogate (U+DC00), which a JSON encoder writes '
        "as the escape \\udc00: PHP's json_decode rejects it, so " + BODY_IGNORED
    )
    assert bl006(report) == [("/fields", message, None)]
    assert answer(report) == ID_MISSING


def test_the_first_lone_surrogate_is_named() -> None:
    """A high surrogate before a low one is a pair; the low one after it is not lone."""
    report = lint_payload({"id": 4, "fields": {"title": "\ud83d\ude00\ude00x"}}, UPDATE)
    assert "(U+DE00)" in bl006(report)[0][1]
    report = lint_payload({"id": 4, "fields": {"title": "\ud83d\ud83d\ude00"}}, UPDATE)
    assert "(U+D83D)" in bl006(report)[0][1]


def test_a_surrogate_pair_written_as_two_code_points_is_one_character() -> None:
    assert joined_text("\ud83d\ude00") == "\U0001f600"
    title = "\ud83d\ude00" * 512  # 1024 code points in Python, 512 characters once decoded
    assert answer(lint_payload({"id": 4, "fields": {"title": title}}, UPDATE)) is None
    longer = lint_payload({"id": 4, "fields": {"title": title + "\ud83d\ude00"}}, UPDATE)
    assert answer(longer) is not None and answer(longer)[0] == "BX_INVALID_VALUE"  # type: ignore[index]


def test_nesting_512_levels_deep_is_undecodable_511_is_not() -> None:
    """json_decode($body, true, 512) accepts 511 levels of arrays and objects (PHP 8.2)."""
    assert MAX_NESTING == 511
    # the params object is level 1, "description" level 2, ...
    fine = lint_payload({"id": 4, "fields": {"description": nested(509)}}, UPDATE)
    assert bl006(fine) == []
    assert answer(fine) == (
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "description" must be of type string.',
    )
    deep = lint_payload({"id": 4, "fields": {"description": nested(510)}}, UPDATE)
    message = (
        "arrays and objects nested 512 levels deep here: PHP's json_decode($body, true, 512) "
        "accepts at most 511, so " + BODY_IGNORED
    )
    assert bl006(deep) == [("/fields/description" + "/0" * 509, message, None)]
    assert answer(deep) == ID_MISSING


def test_deep_nesting_never_recurses() -> None:
    report = lint_payload({"id": 4, "fields": {"description": nested(100_000)}}, UPDATE)
    assert answer(report) == ID_MISSING


@pytest.mark.parametrize(
    ("number", "written"),
    [(math.nan, "NaN"), (math.inf, "Infinity"), (-math.inf, "-Infinity")],
)
def test_nan_and_infinity_are_undecodable(number: float, written: str) -> None:
    """json.dumps writes NaN/Infinity, json_decode answers "Syntax error"; requests refuses to
    send it (``allow_nan=False``). Either way the call fails."""
    report = lint_payload({"id": 4, "fields": {"sort": number}}, UPDATE)
    message = (
        f"{written} is not JSON: json.dumps writes {written}, which PHP's json_decode rejects, so "
        "the server ignores the whole body and sees no parameters; requests (and so b24pysdk) "
        "refuses to send it."
    )
    assert bl006(report) == [("/fields/sort", message, None)]
    assert answer(report) == ID_MISSING


def test_a_value_that_contains_itself_is_never_sent() -> None:
    fields: dict[str, Any] = {"title": "T"}
    fields["again"] = [fields]
    report = lint_payload({"id": 4, "fields": fields}, UPDATE)
    message = (
        'this value contains itself: it has no JSON form (json.dumps raises "Circular reference '
        'detected"), so the call cannot be sent.'
    )
    assert [(d.code, d.pointer, d.message) for d in report.diagnostics] == [
        ("BL006", "/fields/again/0", message)
    ]
    assert report.server_error is None
    with pytest.raises(PayloadError):
        check_call(UPDATE, {"id": 4, "fields": fields})


def test_check_call_raises_even_where_the_empty_params_are_accepted() -> None:
    """A list without its filter lists every connector: not the call written."""
    params = {"filter": {"%title": "Склад \ud800"}}
    report = lint_payload(params, LIST)
    assert report.server_error is None and rejects(report)
    with pytest.raises(PayloadError) as raised:
        check_call(LIST, params)
    assert [d.code for d in raised.value.diagnostics] == ["BL006"]
    with pytest.raises(PayloadError) as raised:
        check_call(UPDATE, {"id": 9999999999999999999, "fields": {"title": "T"}})
    assert raised.value.server_error is not None
    assert raised.value.server_error.code == "VALIDATION_INVALID_ID_FORMAT"
    check_call(LIST, {"filter": {"%title": "\ud83d\ude00"}})  # a pair: nothing wrong


def test_form_and_batch_values_are_taken_as_parse_str_gave_them() -> None:
    report = lint_payload({"id": "4", "fields": {"title": "\ud800"}}, UPDATE, encoding="batch")
    assert bl006(report) == []


# --------------------------------------------------------------------------------------------
# Calls read from programs
# --------------------------------------------------------------------------------------------


def place(path: Path, needle: str, after_line: int = 1) -> tuple[int, int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[after_line - 1 :], start=after_line):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} is not in {path.name}")


def found(report: Report) -> list[tuple[str, int | None, int | None, str]]:
    return [(d.code, d.line, d.column, d.pointer) for d in report.diagnostics]


def test_python_program_json_bodies() -> None:
    path = SOURCES / "python" / "json_body.py"
    broken, huge, emoji, listing = lint_document_all(load_path(str(path)))
    params = place(path, '(bitrix_id=4, fields={"title": "Склад')  # the arguments
    assert found(broken) == [
        ("VALIDATION_FIELDS_NOT_PROVIDED", *params, "/params"),
        ("VALIDATION_ID_NOT_PROVIDED", *params, "/params"),
        ("BL006", *place(path, '"Склад'), "/params/fields/title"),
    ]
    assert broken.diagnostics[-1].message == SURROGATE_D800
    assert answer(broken) == ID_MISSING
    assert found(huge) == [
        ("VALIDATION_INVALID_ID_FORMAT", *place(path, "9999999999999999999"), "/params/id")
    ]
    assert answer(huge) == ID_FORMAT
    assert (found(emoji), answer(emoji)) == ([], None)
    assert [(code, line, column) for code, line, column, _ in found(listing)] == [
        ("BL006", *place(path, '"Склад \\udfff"'))
    ]
    assert answer(listing) is None


def test_javascript_program_bodies() -> None:
    path = SOURCES / "javascript" / "json_body.js"
    stringified, form = lint_document_all(load_path(str(path)))
    assert ("BL006", *place(path, '"Склад'), "/params/fields/title") in found(stringified)
    assert answer(stringified) == ID_MISSING
    # BX24.js: encodeURIComponent throws on a lone surrogate; the title is not judged, the rest is
    assert found(form) == [
        ("VALIDATION_INVALID_FIELD_TYPE", *place(path, '"x"'), "/params/fields/sort")
    ]


# --------------------------------------------------------------------------------------------
# Differential: lint_payload against an oracle that reads json.dumps's text as json_decode does
# --------------------------------------------------------------------------------------------

_ESCAPE = "\\u"


def oracle_decodable(text: str) -> bool:
    """json_decode($text, true, 512) succeeds (SERVER-SPEC §2.1; PHP's decoder): no NaN or
    Infinity literal, fewer than 512 levels of arrays and objects, every \\uD800-\\uDBFF escape
    directly followed by a \\uDC00-\\uDFFF one and every such low escape preceded by a high one.
    ``text`` is what json.dumps writes (ASCII: every other character is an escape)."""
    depth = 0
    index = 0
    in_string = False
    previous_high = False
    while index < len(text):
        char = text[index]
        if in_string:
            if char == "\\":
                if text[index + 1] == "u":
                    unit = int(text[index + 2 : index + 6], 16)
                    if 0xDC00 <= unit <= 0xDFFF and not previous_high:
                        return False
                    if previous_high and not 0xDC00 <= unit <= 0xDFFF:
                        return False
                    previous_high = 0xD800 <= unit <= 0xDBFF
                    index += 6
                    continue
                if previous_high:
                    return False
                index += 2
                continue
            if previous_high:
                return False
            if char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth >= 512:
                return False
        elif char in "]}":
            depth -= 1
        elif char in "NI":  # NaN, Infinity, -Infinity
            return False
        index += 1
    return True


def oracle_int_cast(number: float) -> int:
    """PHP 8 ``(int)`` of a finite float on 64-bit: truncation, modulo 2**64 beyond the range
    (§3.3: ``(int)1e19`` is -8446744073709551616)."""
    wrapped = int(number) % 2**64
    return wrapped - 2**64 if wrapped >= 2**63 else wrapped


def oracle_id_valid(sent: Any) -> bool:
    """``is_numeric($id) && (int)$id > 0`` of the id as json_decode gives it (§3.3)."""
    if isinstance(sent, (bool, tuple, list)):
        return False
    if isinstance(sent, int):
        if -(2**63) <= sent < 2**63:
            return sent > 0
        return oracle_int_cast(float(sent)) > 0
    if isinstance(sent, float):
        return oracle_int_cast(sent) > 0
    assert isinstance(sent, str)  # digits, maybe "-": numeric; (int) saturates, keeping the sign
    return int(sent) > 0


ANY_TEXT = st.text(st.characters(codec=None), min_size=1, max_size=6)  # surrogates included
IDS = (
    st.integers(-(2**70), 2**70)
    | st.sampled_from(
        [2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 9999999999999999999, 25 * 10**18, 2**64 + 5]
    )
    | st.from_regex(r"-?[0-9]{1,25}", fullmatch=True)
    | st.tuples(st.integers(1, 9))
    | st.floats(allow_nan=True, allow_infinity=True)
)
EXTRAS = st.tuples(
    st.sampled_from([0, 1, 509, 510, 511, 600]),
    st.none() | ANY_TEXT | st.dictionaries(ANY_TEXT, st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([UPDATE, ADD, LIST]), IDS, ANY_TEXT, EXTRAS)
@example(UPDATE, 9999999999999999999, "T", (0, None))
@example(UPDATE, 4, "\ud800", (0, None))
@example(ADD, 4, "T", (510, None))
@example(LIST, 4, "T", (0, {"\udfff": 1}))
def test_lint_payload_agrees_with_json_decode_of_what_json_dumps_writes(
    method: str, sent_id: Any, title: str, extra: tuple[int, Any]
) -> None:
    levels, inner = extra
    if method == UPDATE:
        params: dict[str, Any] = {"id": sent_id, "fields": {"sort": 1, "title": title}}
    elif method == ADD:
        params = {"fields": {**CONNECTOR_FIELDS, "title": title}}
    else:
        params = {"filter": {"%title": title}, "order": {"id": "DESC"}}
    params["extra"] = nested(levels, inner)
    decodable = oracle_decodable(json.dumps(params))
    if not decodable:
        expected = {UPDATE: ID_MISSING, ADD: NO_FIELDS, LIST: None}[method]
    elif method == UPDATE and not oracle_id_valid(sent_id):
        expected = ID_FORMAT
    else:
        expected = None
    report = lint_payload(params, method)
    assert answer(report) == expected
    assert (bl006(report) != []) == (not decodable)
    assert rejects(report) == (expected is not None or not decodable)


# --------------------------------------------------------------------------------------------
# The fast path (a value that comes back as it is is not copied) equals the walk
# --------------------------------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**66), 2**66)
    | st.floats()
    | st.text(st.characters(codec=None), max_size=4)
)
KEYS = (
    st.text(st.characters(codec=None), max_size=3)
    | st.integers(-3, 3)
    | st.sampled_from([True, None, 1.5, "1", "01"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(KEYS, inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_the_fast_path_answers_as_the_walk(value: Any) -> None:
    walked = json_body_walk(value)
    decoded = as_decoded(value)
    assert repr(decoded) == repr(walked)  # repr: NaN is not equal to itself
    if decoded.undecodable is None and decoded.value is value:
        assert type(value) is not tuple


def json_body_walk(value: Any) -> Any:
    from bicon_lint import json_body

    try:
        return json_body.Decoded(json_body._walk(value))
    except json_body._Stop as stop:
        return json_body.Decoded({}, stop.found)


# --------------------------------------------------------------------------------------------
# PHP's own json_decode as the oracle of the decoded values (where PHP is installed)
# --------------------------------------------------------------------------------------------

PHP_CANON = r"""<?php
function canon($v) {
    if (is_array($v)) {
        $o = [];
        foreach ($v as $k => $x) { $o[] = [is_int($k) ? ['i', (string)$k] : ['s', $k], canon($x)]; }
        return ['a', $o];
    }
    if (is_int($v)) return ['i', (string)$v];
    if (is_float($v)) return ['f', bin2hex(pack('E', $v))];
    if (is_string($v)) return ['s', $v];
    if (is_bool($v)) return ['b', $v];
    return ['n'];
}
while (($line = fgets(STDIN)) !== false) {
    try { $v = json_decode(rtrim($line, "\n"), true, 512, JSON_THROW_ON_ERROR); }
    catch (JsonException $e) { echo "UNDECODABLE\n"; continue; }
    echo json_encode(canon($v)), "\n";
}
"""


def canon(value: Any) -> Any:
    """The PHP script's shape of a value ``as_decoded`` gives (PHP array keys via array_key)."""
    if isinstance(value, dict):
        pairs = [
            [["i", str(k)] if isinstance(k, int) else ["s", k], canon(v)]
            for k, v in ((array_key(k) if isinstance(k, str) else k, v) for k, v in value.items())
        ]
        return ["a", pairs]
    if isinstance(value, list):
        return ["a", [[["i", str(i)], canon(v)] for i, v in enumerate(value)]]
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return ["i", str(value)]
    if isinstance(value, float):
        return ["f", struct.pack(">d", value).hex()]
    if isinstance(value, str):
        return ["s", value]
    return ["n"]


def random_value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 4 and roll < 0.25:
        size = rng.randint(0, 4)
        make = list if rng.random() < 0.5 else tuple
        return make(random_value(rng, depth + 1) for _ in range(size))
    if depth < 4 and roll < 0.5:
        keys = [random_key(rng) for _ in range(rng.randint(0, 4))]
        return {key: random_value(rng, depth + 1) for key in keys}
    return random_scalar(rng)


def random_text(rng: random.Random) -> str:
    pool = ["a", "Я", "😀", "\ud83d", "\ude00", "\ud800", "\udfff", "\x00", '"', "\\", " "]
    weights = [20, 10, 5, 1, 1, 1, 1, 2, 2, 2, 5]
    return "".join(rng.choices(pool, weights, k=rng.randint(0, 5)))


def random_key(rng: random.Random) -> Any:
    return rng.choice(
        [
            random_text(rng),
            rng.choice(["1", "01", "-1", "0", "9223372036854775808", "x"]),
            rng.choice([1, 0, -1, 2**63, 2**64]),
            rng.choice([True, False, None, 1.5, 1.0]),
        ]
    )


def random_scalar(rng: random.Random) -> Any:
    return rng.choice(
        [
            None,
            rng.random() < 0.5,
            rng.randint(-(2**70), 2**70),
            rng.choice([2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**400, -(10**400)]),
            rng.uniform(-1e20, 1e20),
            rng.choice([0.0, -0.0, 1e308, 5e-324, math.nan, math.inf, -math.inf]),
            random_text(rng),
        ]
    )


@pytest.mark.skipif(shutil.which("php") is None, reason="PHP is not installed")
def test_as_decoded_agrees_with_phps_json_decode(tmp_path: Path) -> None:
    rng = random.Random(20260513)
    values = [random_value(rng) for _ in range(600)]
    deep = [nested(levels) for levels in (510, 511, 512, 600)]
    script = tmp_path / "canon.php"
    script.write_text(PHP_CANON, encoding="utf-8")
    lines = "\n".join(json.dumps(value) for value in (*values, *deep)) + "\n"
    done = subprocess.run(
        ["php", str(script)], input=lines, capture_output=True, text=True, check=True, timeout=120
    )
    answers = done.stdout.splitlines()
    assert len(answers) == len(values) + len(deep)
    # 511 levels of arrays decode, 512 do not (the scalar inside is not a level)
    deep_answers = [answer == "UNDECODABLE" for answer in answers[len(values) :]]
    assert deep_answers == [False, False, True, True]
    assert deep_answers == [as_decoded(value).undecodable is not None for value in deep]
    answers = answers[: len(values)]
    undecodable = 0
    for value, php in zip(values, answers, strict=True):
        decoded = as_decoded(value)
        if php == "UNDECODABLE":
            undecodable += 1
            assert decoded.undecodable is not None, value
        else:
            assert decoded.undecodable is None, (value, decoded.undecodable)
            assert canon(decoded.value) == json.loads(php), value
    assert 30 < undecodable < 500  # both kinds were met
