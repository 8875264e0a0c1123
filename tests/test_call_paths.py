"""The shortcuts taken on every call answer what the plain computation answers.

* ``json_body._as_sent`` judges the usual members of a dict or list (strings, ints, booleans,
  ``None``) where it meets them instead of calling itself for each: compared with the one-call-
  per-value walk it replaced, over generated values around every edge (64-bit ints, surrogates,
  non-finite floats, subclasses, tuples, key types, nesting at the limit).
* ``php.array_key`` uses a compiled pattern: compared with the pattern it compiles, exhaustively
  over short texts and over generated ones.
* A table's columns (``table_columns.column_parts``) are worked out once per request for the
  three column rules: every report equals the one where each rule works them out again.
* The rules for form bodies and batch commands (``api._with_encoding_rules``) are one tuple per
  rule set, so the engine picks the rules that apply once per method: every report equals the one
  made from a new list each call (the engine's uncached path).
"""

from __future__ import annotations

import enum
import itertools
import json
import math
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import corpus
from bicon_lint import api, engine, json_body, lint_payload, lint_text, php, table_columns
from bicon_lint.inputs import ENCODING_RULES
from bicon_lint.json_body import MAX_NESTING
from bicon_lint.loaders import load_text
from bicon_lint.methods import METHODS, UnknownMethodError, check_method
from bicon_lint.model import Request
from bicon_lint.php import INT_MAX, INT_MIN
from bicon_lint.rules import RULES
from bicon_lint.targets import Target
from tests.vectors import VECTORS, form_body

PROFILE = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SURROGATE = re.compile("[\ud800-\udfff]")


# --- json_body._as_sent ---------------------------------------------------------------------


def reference_as_sent(value: Any, levels: int) -> bool:
    """The walk before the members were judged inline: one call per value."""
    kind = type(value)
    if kind is dict:
        if levels == 0:
            return False
        for key, item in value.items():
            if type(key) is not str or not (key.isascii() or _SURROGATE.search(key) is None):
                return False
            if not reference_as_sent(item, levels - 1):
                return False
        return True
    if kind is list:
        return levels > 0 and all(reference_as_sent(item, levels - 1) for item in value)
    if kind is str:
        return value.isascii() or _SURROGATE.search(value) is None
    if kind is int:
        return bool(INT_MIN <= value <= INT_MAX)
    if kind is float:
        return math.isfinite(value)
    return kind is bool or value is None or not isinstance(value, (dict, list, tuple, int, float))


class Level(enum.IntEnum):
    ONE = 1


class Text(str):
    pass


class Mapping(dict[Any, Any]):
    pass


class Items(list[Any]):
    pass


class Opaque:
    """A value only the running program knows: passed on as it is."""


EDGE_CHARS = st.sampled_from(["a", "é", "😀", "\ud800", "\udc00", "\ud83d", "\ude00", " "])
TEXTS = st.lists(EDGE_CHARS, max_size=4).map("".join)
INTS = st.one_of(
    st.integers(-3, 3),
    st.sampled_from([INT_MAX, INT_MAX + 1, INT_MIN, INT_MIN - 1, 10**400, -(10**400)]),
)
LEAVES = st.one_of(
    TEXTS,
    INTS,
    st.booleans(),
    st.none(),
    st.sampled_from([0.5, math.nan, math.inf, -math.inf, -0.0]),
    st.sampled_from([Level.ONE, Text("t"), Text("\ud800"), Opaque(), b"x"]),
)
KEYS = st.one_of(TEXTS, INTS, st.sampled_from([None, True, 1.5, math.nan]))


def containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(KEYS, children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        st.lists(children, max_size=3).map(Items),
        st.dictionaries(TEXTS, children, max_size=3).map(Mapping),
    )


VALUES = st.recursive(LEAVES, containers, max_leaves=12)


@PROFILE
@given(VALUES, st.one_of(st.integers(0, 4), st.just(MAX_NESTING)))
def test_as_sent_answers_as_the_walk_of_every_value(value: Any, levels: int) -> None:
    assert json_body._as_sent(value, levels) == reference_as_sent(value, levels)


@pytest.mark.parametrize("depth", range(7))
@pytest.mark.parametrize("levels", range(7))
def test_as_sent_counts_levels_as_the_walk_did(depth: int, levels: int) -> None:
    """Nesting at and around the limit, through lists and dicts, with and without a leaf."""
    for kinds in itertools.product(("list", "dict"), repeat=depth):
        leaves: tuple[Any, ...] = ([], {}, "x", 1, None)
        for leaf in leaves:
            value: Any = leaf
            for kind in reversed(kinds):
                value = [value] if kind == "list" else {"k": value}
            assert json_body._as_sent(value, levels) == reference_as_sent(value, levels)


def test_as_sent_refuses_what_json_decode_changes() -> None:
    """The edges in concrete cases, checked against what json_decode does (module doc)."""
    assert json_body._as_sent({"id": INT_MAX, "x": ["a", True, None]}, MAX_NESTING)
    assert not json_body._as_sent({"id": INT_MAX + 1}, MAX_NESTING)  # a float after decoding
    assert not json_body._as_sent(["a", INT_MIN - 1], MAX_NESTING)
    assert not json_body._as_sent({"t": "a\ud800"}, MAX_NESTING)  # a lone surrogate
    assert not json_body._as_sent(["\ud800"], MAX_NESTING)
    assert not json_body._as_sent({"f": math.nan}, MAX_NESTING)
    assert not json_body._as_sent({1: "a"}, MAX_NESTING)  # an int key: "1" after decoding
    assert not json_body._as_sent({"l": ("a",)}, MAX_NESTING)  # a tuple: a list after decoding


# --- php.array_key ----------------------------------------------------------------------------


def reference_array_key(key: str) -> str | int:
    if key == "0" or re.fullmatch(r"-?[1-9][0-9]*", key):
        number = int(key)
        if INT_MIN <= number <= INT_MAX:
            return number
    return key


def test_array_key_exhaustively_over_short_texts() -> None:
    for length in range(5):
        for letters in itertools.product("-019a ", repeat=length):
            key = "".join(letters)
            assert php.array_key(key) == reference_array_key(key)
            assert type(php.array_key(key)) is type(reference_array_key(key))


@PROFILE
@given(
    st.one_of(
        st.text(st.sampled_from("-0123456789a+ \n٣"), max_size=22),
        st.integers(INT_MIN - 10, INT_MAX + 10).map(str),
    )
)
def test_array_key_answers_as_its_pattern(key: str) -> None:
    assert php.array_key(key) == reference_array_key(key)
    assert type(php.array_key(key)) is type(reference_array_key(key))


# --- A table's columns, once per request ------------------------------------------------------

COLUMN_KEYS = st.sampled_from(["name", "Name", "NAME", "externalCode", "external_code", "type"])
CELLS = st.one_of(
    st.sampled_from(["ID", "id", "A", "B", "int", "INT", "string", "x", "", "0", "1"]),
    st.sampled_from([None, 0, 1, True, 1.5, ["int"], {"a": 1}]),
)
COLUMN: st.SearchStrategy[Any] = st.one_of(
    st.fixed_dictionaries(
        {"name": st.sampled_from(["ID", "A", "a", "ID"]), "externalCode": st.sampled_from("xyx")},
        optional={"type": st.sampled_from(["int", "INT", "money", None])},
    ),
    st.dictionaries(COLUMN_KEYS, CELLS, max_size=4),
    st.sampled_from(["ID", 4, None, []]),
)
COLUMNS = st.lists(COLUMN, max_size=5)


@st.composite
def table_requests(draw: st.DrawFn) -> tuple[str, Any]:
    family = draw(st.sampled_from(["table", "dataset"]))
    columns = draw(COLUMNS)
    if draw(st.booleans()):
        fields = {"sourceId": 10, "name": "sales", "externalName": "S", "externalCode": "s"}
        return f"biconnector.{family}.add", {"fields": {**fields, "fields": columns}}
    return f"biconnector.{family}.fields.update", {"id": 20, "add": columns}


@PROFILE
@given(table_requests(), st.sampled_from(list(Target)))
def test_columns_once_per_request_report_as_each_rule_alone(
    request_: tuple[str, Any], target: Target
) -> None:
    method, params = request_
    shared = lint_payload(params, method, target=target)
    with pytest.MonkeyPatch.context() as patch:  # every rule works the columns out again
        patch.setattr(table_columns, "column_parts", table_columns.column_parts.__wrapped__)
        alone = lint_payload(params, method, target=target)
    assert shared == alone


def test_columns_are_read_by_the_three_column_rules() -> None:
    """The shared value is what each rule reports on: a repeated externalCode, a repeated name
    and a type in capitals in one fields.update are each reported (SERVER-SPEC 6.4, 6.2)."""
    columns = [
        {"name": "ID", "externalCode": "x", "type": "int"},
        {"name": "AB", "externalCode": "x", "type": "INT"},
        {"name": "ID", "externalCode": "y", "type": "int"},
    ]
    params = {"id": 20, "add": columns}
    codes = {d.code for d in lint_payload(params, "biconnector.table.fields.update").diagnostics}
    assert {"VALIDATION_DUPLICATE_FIELD_CODE", "VALIDATION_FIELD_INVALID_TYPE"} <= codes
    assert "VALIDATION_DUPLICATE_FIELD_NAME" in codes


# --- The rules for form bodies and batch commands, one tuple per rule set -----------------------


def test_encoding_rules_are_one_tuple_in_the_same_order() -> None:
    joined = api._with_encoding_rules(RULES, "form")
    assert isinstance(joined, tuple)
    assert api._with_encoding_rules(RULES, "batch") is joined
    assert list(joined) == [*RULES, *ENCODING_RULES]
    assert api._with_encoding_rules(RULES, "json") is RULES
    assert api._with_encoding_rules(list(RULES), "form") == [*RULES, *ENCODING_RULES]


FORM_VECTORS = [v for v in VECTORS if v.method != "batch" and isinstance(v.params, dict)]
PARAMS_VECTORS = [v for v in VECTORS if v.method != "batch" and v.params is not None]


@pytest.mark.parametrize("vector", FORM_VECTORS, ids=lambda v: f"v{v.number}")
def test_form_bodies_report_as_with_a_new_list_of_rules(vector: Any) -> None:
    body = vector.raw if vector.encoding == "form" and vector.raw else form_body(vector.params)
    cached = lint_text(body, "payload.form", method=vector.method)
    uncached = lint_text(body, "payload.form", method=vector.method, rules=list(RULES))
    assert cached == uncached
    assert cached.method == vector.method


def test_batch_commands_report_as_with_a_new_list_of_rules() -> None:
    batch = {
        "method": "batch",
        "params": {
            "halt": 0,
            "cmd": {
                "one": "biconnector.connector.update?id=4&fields[title]=T&fields[sort]=0x1A",
                "two": "biconnector.connector.get?id=four",
                "three": "biconnector.table.fields.update?id=20&delete[]=0",
            },
        },
    }
    text = json.dumps(batch)
    cached = api.lint_document_all(load_text(text, "batch.json"))
    uncached = api.lint_document_all(load_text(text, "batch.json"), rules=list(RULES))
    assert cached == uncached
    assert [report.command for report in cached] == ["one", "two", "three"]
    assert cached[0].server_error is not None  # sort "0x1A" is no integer (SERVER-SPEC 3.3)
    assert cached[0].server_error.code == "VALIDATION_INVALID_FIELD_TYPE"


# --- api.lint_payload's own path --------------------------------------------------------------
#
# ``lint_payload`` asks ``json_body.as_is`` before ``as_decoded`` (no Decoded for a value that
# reaches the method as it is), runs the engine itself where the method exists, remembers the names
# ``check_method`` gave, and makes its report as Report's ``__new__`` does. Below, the path it
# replaced: every report must be equal, field for field.


def reference_lint_payload(
    params: Any, method: str, *, target: Target | str = Target.LATEST, encoding: str = "json"
) -> api.Report:
    """``lint_payload`` as it was: as_decoded always, a Request of keywords, ``api._run``."""
    resolved = api._resolve_target(target)
    name = check_method(method)
    found = None
    if encoding == "json":
        params, found = json_body.as_decoded(params)
    if found is not None and not found.sent:
        return api.Report(None, name, resolved, [api._undecodable(found, None)])
    request = Request(method=name, params=params, target=resolved, encoding=encoding)
    outcome = api._run(request, RULES)
    diagnostics = outcome.diagnostics
    if found is not None:
        diagnostics = sorted([api._undecodable(found, None), *diagnostics], key=engine.sort_key)
    return api.Report(None, request.method, resolved, diagnostics, outcome.server_error)


def same_report(params: Any, method: str, **options: Any) -> api.Report:
    report = lint_payload(params, method, **options)
    expected = reference_lint_payload(params, method, **options)
    assert type(report) is api.Report
    assert report == expected
    assert report._asdict() == expected._asdict()  # every field, by name
    return report


@PROFILE
@given(VALUES)
def test_as_is_is_the_value_as_decoded(value: Any) -> None:
    """``as_is`` says yes only where ``as_decoded`` gives back the value itself."""
    sent = json_body.as_is(value)
    assert sent == json_body._as_sent(value, MAX_NESTING)
    if sent:
        decoded = json_body.as_decoded(value)
        assert decoded.value is value
        assert decoded.undecodable is None


def test_as_is_of_a_value_deeper_than_the_stack_is_no() -> None:
    deep: Any = "x"
    for _ in range(100_000):
        deep = [deep]
    assert not json_body.as_is(deep)  # RecursionError inside: as_decoded decides
    found = json_body.as_decoded(deep).undecodable
    assert found is not None and found.detail == json_body.DEPTH_DETAIL


@PROFILE
@given(VALUES, st.sampled_from(sorted(METHODS)))
def test_lint_payload_reports_as_its_general_path_on_generated_values(
    value: Any, method: str
) -> None:
    same_report({"id": 4, "fields": value, "filter": value}, method)
    same_report(value, method)


@pytest.mark.parametrize("vector", PARAMS_VECTORS, ids=lambda v: f"v{v.number}")
def test_lint_payload_reports_as_its_general_path_on_server_vectors(vector: Any) -> None:
    report = same_report(vector.params, vector.method, target=vector.target)  # a label
    code = report.server_error.code if report.server_error else None
    if vector.encoding == "json" and not vector.fatal and vector.state is None:
        assert code == vector.code  # the vector's answer (SERVER-SPEC §10)


def test_lint_payload_reports_as_its_general_path_on_varied_payloads() -> None:
    for method, params, _mistake in corpus.varied_payloads(1500):
        same_report(params, method)
        same_report(params, method, target=Target.V2025_07)
        same_report(params, method, encoding="form")


def test_lint_payload_method_names_are_checked_each_time() -> None:
    """A name remembered is the name ``check_method`` gives; a wrong name raises every time."""
    for written in ("biconnector.connector.update", " BIConnector.Connector.Update "):
        for _ in range(2):
            report = same_report({"id": 4}, written)
            assert report.method == "biconnector.connector.update"
    for _ in range(2):
        with pytest.raises(UnknownMethodError, match="did you mean"):
            lint_payload({"id": 4}, "connector.update")  # short names are refused (methods.py)
    # a method the target lacks: the REST core's answer, not the module's rules
    report = same_report({"id": 4}, "biconnector.source.get", target="2025-04")
    assert report.server_error is not None
    assert report.server_error.code == "ERROR_METHOD_NOT_FOUND"
