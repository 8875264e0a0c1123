"""``bicon-lint schema``: JSON Schemas (draft 2020-12) of the params, for editors.

The promise is one-sided and exact: **a schema error means the server rejects the call**. So

* every payload bicon-lint predicts the server accepts (examples/, the rule fixtures, the JSON
  vectors of the specification's table, generated payloads) passes its schema: no false schema
  error;
* every payload whose predicted first error comes from a rule the schemas express
  (``schema.EXPRESSED``), or from one they express in part (``schema.PARTLY``) outside the cases
  left open (:func:`left_open`), fails it;
* a Hypothesis differential test checks both directions on payloads mutated from valid ones.

The committed ``schemas/`` must equal what the generator writes, like docs/rules.md.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from bicon_lint import batch, php
from bicon_lint import schema as schemas
from bicon_lint.api import Report, lint_file, lint_payload, lint_text
from bicon_lint.compact import CompactArray
from bicon_lint.contract import fields_of
from bicon_lint.identify import identify
from bicon_lint.inputs import METHOD_EXISTS
from bicon_lint.loaders import load_text
from bicon_lint.methods import METHODS
from bicon_lint.model import ServerError, Stage
from bicon_lint.rules import RULES
from bicon_lint.targets import DEFAULT_TARGET, Target
from tests.test_cli import run_cli
from tests.test_rule_fixtures import CASES, file_name, lint_case
from tests.vectors import TABLE_131, VECTORS, B

PROJECT = Path(__file__).resolve().parents[1]
SCHEMAS = PROJECT / "schemas"
EXAMPLES = PROJECT / "examples"
PROFILE = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DIFFERENTIAL = settings(PROFILE, max_examples=800)


@cache
def params_validator(method: str, target: Target) -> Draft202012Validator:
    return Draft202012Validator(schemas.params_schema(method, target))


@cache
def envelope_validator(target: Target) -> Draft202012Validator:
    return Draft202012Validator(schemas.envelope_schema(None, target))


def schema_errors(method: str, target: Target, params: Any) -> list[str]:
    found = params_validator(method, target).iter_errors(params)
    return [f"{error.json_path}: {error.message[:200]}" for error in found]


def plain(value: Any) -> Any:
    """A loaded document's value as plain JSON data (a long settings list is kept compact)."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, CompactArray)):
        return [plain(item) for item in value]
    return value


def definitely_rejected(error: ServerError | None) -> bool:
    """The server answers an error whatever the portal holds."""
    if error is None:
        return False
    return error.portal is None or definitely_rejected(error.otherwise)


def accepted(report: Report) -> bool:
    """No predicted error and no error-severity diagnostic of a server code."""
    return report.server_error is None and not any(
        d.severity.value == "error" and d.server for d in report.diagnostics
    )


def answering_rule(report: Report) -> str:
    """The rule whose finding is the predicted answer (matched on the code and the message)."""
    error = report.server_error
    assert error is not None
    for diagnostic in report.diagnostics:
        same_code = error.fatal or diagnostic.code == str(error.code)
        if same_code and diagnostic.message == error.message:
            return diagnostic.rule
    raise AssertionError(f"no diagnostic answers {error!r}: {report.diagnostics!r}")


def left_open(params: Any) -> bool:
    """A payload in a case the schemas leave to bicon-lint on purpose (schema.PARTLY): a number
    beyond 64 bits, a numeric string with an exponent, an object holding two keys the server's
    conversion makes one, settings or columns sent as an object with keys other than digits."""
    fields = params.get("fields") if isinstance(params, dict) else None
    if isinstance(fields, dict):
        for name in ("settings", "fields"):
            items = fields.get(name)
            if isinstance(items, dict) and not all(key.isdigit() for key in items):
                return True
    return any(_open_value(value) for value in _walk(params))


def _walk(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _open_value(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return not php.INT_MIN <= value < 2**63
    if isinstance(value, str):
        return php.is_numeric(value) and "e" in value.lower()
    if isinstance(value, dict):
        for upper in (True, False):
            converted = [php.convert_key(php.array_key(key), upper=upper) for key in value]
            if len(set(converted)) < len(converted):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# The schemas themselves
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.label)
def test_every_schema_is_a_valid_draft_2020_12_schema(target: Target) -> None:
    made = [schemas.envelope_schema(None, target)]
    for name in METHODS:
        made += [schemas.params_schema(name, target), schemas.envelope_schema(name, target)]
    for schema in made:
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].startswith(
            "https://raw.githubusercontent.com/bicon-lint/bicon-lint/main/schemas/"
        )
        assert schema["title"] and schema["description"]
    ids = [schema["$id"] for schema in made]
    assert len(set(ids)) == len(ids)  # one address per schema (and per server version)
    if target is not Target.LATEST:
        assert all(f"/schemas/{target.label}/" in identifier for identifier in ids)


def test_committed_schemas_are_up_to_date() -> None:
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in SCHEMAS.iterdir()}
    expected = schemas.files()
    assert sorted(on_disk) == sorted(expected), f"run `{schemas.GENERATE_COMMAND}`"
    stale = [name for name, text in expected.items() if on_disk[name] != text]
    assert not stale, f"schemas/ is stale ({stale[:3]}...): run `{schemas.GENERATE_COMMAND}`"
    assert len(expected) == len(METHODS) + 2  # a schema per method, the envelope, the catalog


def test_catalog_names_the_envelope_schema_for_the_file_convention() -> None:
    catalog = json.loads((SCHEMAS / "catalog.json").read_text(encoding="utf-8"))
    (entry,) = catalog["schemas"]
    assert set(entry) == {"name", "description", "fileMatch", "url"}
    assert entry["fileMatch"] == ["*.bicon.json", "*.bicon.yaml", "*.bicon.yml"]
    envelope = json.loads((SCHEMAS / "envelope.json").read_text(encoding="utf-8"))
    assert entry["url"] == envelope["$id"] == f"{schemas.SCHEMAS_URL}/envelope.json"
    for name in METHODS:  # each committed file is where its $id says it is
        committed = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
        assert committed["$id"] == f"{schemas.SCHEMAS_URL}/{name}.json"


def test_every_server_rule_is_classified_once() -> None:
    """Each rule that predicts a server answer is expressed, expressed in part, or not: the
    README's list of what JSON Schema cannot say comes from the last two."""
    server_rules = {METHOD_EXISTS.spec.name} | {
        rule.spec.name for rule in RULES if rule.spec.stage < Stage.ADVISORY
    }
    groups = [set(schemas.EXPRESSED), set(schemas.PARTLY), set(schemas.NOT_EXPRESSED)]
    assert set.union(*groups) == server_rules
    assert sum(len(group) for group in groups) == len(server_rules)


def test_field_tables_are_the_contract_tables() -> None:
    """The fields schema of each add/update lists exactly the titles of the contract's table for
    that server version, and requires the required, writable ones on add."""
    for target in Target:
        for name, method in METHODS.items():
            if method.action not in ("add", "update") or not method.exists_on(target):
                continue
            fields = schemas.params_schema(name, target)["properties"]["fields"]
            rows = fields_of(method.entity, target)
            assert list(fields["properties"]) == [row.title for row in rows]
            if method.action == "add":
                assert fields["required"] == [
                    row.title for row in rows if row.is_required and not row.is_read_only
                ]


# ---------------------------------------------------------------------------------------------
# The PHP semantics in the patterns
# ---------------------------------------------------------------------------------------------

NUMERIC_ALPHABET = st.text(alphabet=" \t\n\r\v\f+-.eE0123456789xa_\u0661", max_size=8)


@PROFILE
@given(NUMERIC_ALPHABET)
def test_numeric_pattern_is_php_is_numeric(text: str) -> None:
    assert (re.search(schemas.NUMERIC, text) is not None) == php.is_numeric(text)


@PROFILE
@given(NUMERIC_ALPHABET)
def test_positive_id_schema_against_php(text: str) -> None:
    """Strings: never refused when PHP takes the id; exactly PHP's answer without an exponent."""
    valid = not schema_errors("biconnector.connector.get", DEFAULT_TARGET, {"id": text})
    if php.is_positive_id(text):
        assert valid
    elif "e" not in text.lower():
        assert not valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("4", True), (" 4", True), ("4 ", True), ("\t4\n", True), ("4.5", True), ("1e3", True),
        ("+4", True), ("5.", True), ("9999999999999999999", True), (4, True), (4.5, True),
        (1, True), (2**63 - 1, True),
        ("0.5", False), ("0", False), ("00", False), ("-0", False), ("-1", False), (".5", False),
        ("0e5", False), ("0x1A", False), ("", False), (" ", False), ("1_000", False),
        ("\u0661", False), (0, False), (0.99, False), (-3, False), (-(2**63), False),
        (True, False), (None, False), ([4], False), ({}, False),
    ],
)  # fmt: skip
def test_positive_id_values(value: Any, valid: bool) -> None:
    """SERVER-SPEC §3.3's table, row by row (is_numeric and (int) > 0)."""
    assert php.is_positive_id(value) == valid
    assert (
        not schema_errors("biconnector.connector.delete", DEFAULT_TARGET, {"id": value})
    ) == valid


def test_key_spellings_are_what_the_conversion_gives() -> None:
    """Every key of up to five characters over the letters of NAME (and _) converts to NAME
    exactly when schema.spellings lists it; so for TYPE and CODE."""
    from itertools import product

    for word in ("NAME", "TYPE", "CODE"):
        alphabet = sorted(set(word + word.lower() + "_"))
        found = {
            key
            for size in range(1, 6)
            for key in map("".join, product(alphabet, repeat=size))
            if php.convert_key(key) == word
        }
        assert found == set(schemas.spellings(word))
        lowered = {
            key
            for size in range(1, 6)
            for key in map("".join, product(alphabet, repeat=size))
            if php.convert_key(key, upper=False) == word.lower()
        }
        assert lowered == set(schemas.spellings(word.lower(), upper=False))
    # preg_replace's matches do not overlap: in "externalCOde" the "O" follows the "C" that the
    # match "lC" took, so no "_" goes before it
    assert set(schemas.spellings("EXTERNAL_CODE")) == {
        "externalCode",
        "ExternalCode",
        "external_code",
        "External_code",
        "externalCOde",
        "ExternalCOde",
    }
    assert all(
        php.convert_key(key) == "EXTERNAL_CODE" for key in schemas.spellings("EXTERNAL_CODE")
    )


def test_patterns_use_no_end_anchor_that_python_and_ecma_read_differently() -> None:
    """Python's ``$`` also matches before a final newline, ECMA-262's does not: the patterns end
    with a look-ahead both read alike, and PCRE's final-newline rule is spelt out."""
    text = json.dumps(schemas.envelope_schema(None, Target.LATEST))
    patterns = re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', text)
    assert patterns
    assert not any(json.loads(f'"{pattern}"').endswith("$") for pattern in patterns)
    table = schemas.params_schema("biconnector.table.add", Target.LATEST)
    for name, valid in [("sales", True), ("sales\n", True), ("sales\n\n", False), ("Sales", False)]:
        fields = {**TABLE_131, "name": name}
        errors = Draft202012Validator(table).iter_errors({"fields": fields})
        assert (not list(errors)) == valid, name


def test_method_names_in_any_case_as_the_rest_core_reads_them() -> None:
    validator = envelope_validator(Target.LATEST)
    for method in (
        " BIConnector.Connector.Get ",
        "biconnector.connector.get",
        "BICONNECTOR.CONNECTOR.GET",
    ):
        assert not list(validator.iter_errors({"method": method, "params": {"id": 4}})), method
    unknown = {"method": "biconnector.conector.get", "params": {"id": 4}}
    assert list(validator.iter_errors(unknown))  # ERROR_METHOD_NOT_FOUND
    assert not list(validator.iter_errors({"method": "batch", "params": {"cmd": {}}}))
    # chosen by the method: the same params are a get's, not a list's
    assert list(validator.iter_errors({"method": "biconnector.connector.get", "params": {}}))
    assert not list(validator.iter_errors({"method": "biconnector.connector.list", "params": {}}))
    # table.* exists from 2026-04 only
    older = envelope_validator(Target.V2026_01)
    assert list(older.iter_errors({"method": "biconnector.table.get", "params": {"id": 4}}))


# ---------------------------------------------------------------------------------------------
# Examples, rule fixtures and the specification's vectors
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    name: str
    method: str
    target: Target
    params: Any
    report: Report
    envelope: Any = None  # the whole document, when it is an envelope


def _fixture_samples() -> Iterator[Sample]:
    for case in CASES:
        options = case.options
        if options.get("ext") == "form" or "endpoint" in options or "encoding" in options:
            continue  # form bodies (every value a string) and bytes: the schemas describe JSON
        target = Target.parse(options.get("target", DEFAULT_TARGET.label))
        document = load_text(case.text, file_name(case))
        if not document.lintable or document.problems or batch.find_batch(document) is not None:
            continue
        found = identify(document.value, options.get("method"), target, infer=True)
        if found is None or found.method is None:
            continue
        method = found.method.strip().lower()
        if method not in METHODS or not METHODS[method].exists_on(target):
            continue
        envelope = plain(document.value) if found.how == "envelope" else None
        yield Sample(case.id, method, target, plain(found.params), lint_case(case), envelope)


def _example_samples() -> Iterator[Sample]:
    paths = [
        *sorted(EXAMPLES.glob("*.json")),
        *sorted((PROJECT / "tests" / "fixtures").glob("*.json")),
    ]
    for path in paths:
        document = json.loads(path.read_text(encoding="utf-8"))
        method = document["method"].strip().lower()
        report = lint_file(path)
        yield Sample(path.name, method, DEFAULT_TARGET, document["params"], report, document)


def _vector_samples() -> Iterator[Sample]:
    for vector in VECTORS:
        if vector.encoding != "json" or not vector.method.startswith("biconnector."):
            continue
        target = Target.parse(vector.target)
        report = lint_payload(vector.params, vector.method, target=target)
        yield Sample(f"vector {vector.number}", vector.method, target, vector.params, report)


@cache
def samples() -> tuple[Sample, ...]:
    return (*_example_samples(), *_fixture_samples(), *_vector_samples())


def test_accepted_payloads_pass_their_schema() -> None:
    """No false schema error: what bicon-lint predicts the server accepts, the schema accepts."""
    checked = 0
    for sample in samples():
        if not accepted(sample.report):
            continue
        checked += 1
        assert not schema_errors(sample.method, sample.target, sample.params), sample.name
        if sample.envelope is not None:
            errors = envelope_validator(sample.target).iter_errors(sample.envelope)
            assert not list(errors), sample.name
    assert checked >= 250  # the examples, the pass cases and the accepted vectors


def test_rejected_payloads_fail_their_schema() -> None:
    """What a rule the schemas express rejects, the schema rejects (outside the open cases)."""
    checked: set[str] = set()
    for sample in samples():
        if not definitely_rejected(sample.report.server_error):
            continue
        rule = answering_rule(sample.report)
        if rule in schemas.NOT_EXPRESSED or (rule in schemas.PARTLY and left_open(sample.params)):
            continue
        assert rule in schemas.EXPRESSED or rule in schemas.PARTLY, rule
        assert schema_errors(sample.method, sample.target, sample.params), (sample.name, rule)
        if sample.envelope is not None:
            errors = envelope_validator(sample.target).iter_errors(sample.envelope)
            assert list(errors), sample.name
        checked.add(rule)
    # every expressed rule except method-exists (which no params schema of an existing method
    # can show) and most partly expressed ones are met by the fixtures
    assert schemas.EXPRESSED - {"method-exists"} <= checked
    assert len(set(schemas.PARTLY) & checked) >= 8


def test_examples_mistakes_are_schema_errors_where_the_server_refuses() -> None:
    """examples/connector-add-mistakes.json, in the editor: the server's first answer (sort's
    type) and the refused settings items are schema errors; the envelope schema agrees."""
    document = json.loads((EXAMPLES / "connector-add-mistakes.json").read_text(encoding="utf-8"))
    errors = {error.json_path for error in envelope_validator(DEFAULT_TARGET).iter_errors(document)}
    assert "$.params.fields.sort" in errors  # VALIDATION_INVALID_FIELD_TYPE
    assert "$.params.fields.supportMapping" in errors  # "true" is not a boolean
    assert "$.params.fields" in errors  # urlData is required
    assert "$.params.fields.settings[0].type" in errors  # "string": not STRING
    assert "$.params.fields.settings[1]" in errors  # upper-case keys are missing keys


# ---------------------------------------------------------------------------------------------
# Differential: generated payloads, both directions
# ---------------------------------------------------------------------------------------------

SETTING = {"code": "token", "name": "Token", "type": "STRING"}
COLUMN = {"name": "ID", "externalCode": "id", "type": "int"}
BASES: dict[str, dict[str, Any]] = {
    "biconnector.connector.add": {"fields": B},
    "biconnector.connector.update": {"id": 4, "fields": {"title": "T", "settings": [SETTING]}},
    "biconnector.connector.get": {"id": 4},
    "biconnector.connector.list": {
        "select": ["id", "title"],
        "filter": {">=id": 3, "logic": "or", "0": {"title": "x"}},
        "order": {"id": "DESC"},
        "page": 2,
    },
    "biconnector.source.add": {"fields": {"title": "S", "connectorId": 4, "settings": {}}},
    "biconnector.source.update": {"id": 10, "fields": {"title": "S", "active": True}},
    "biconnector.source.list": {"select": ["*"], "order": {"title": "asc"}},
    "biconnector.table.add": {"fields": {**TABLE_131, "name": "sales"}},
    "biconnector.dataset.add": {"fields": {**TABLE_131, "name": "sales"}},
    "biconnector.table.update": {"id": 20, "fields": {"description": "d"}},
    "biconnector.table.fields.update": {
        "id": 20,
        "add": [{"name": "A", "externalCode": "a", "type": "int"}],
        "update": [{"id": 1, "visible": "Y"}],
        "delete": [3],
    },
    "biconnector.table.list": {"filter": {"@id": [9, 11]}, "order": {"fields": "up"}},
    "biconnector.table.delete": {"id": "20"},
    "biconnector.source.fields": {},
}

VALUES = st.sampled_from(
    [
        None, True, False, 0, 1, 4, 100, -3, 4.5, 0.5, 1e19, 2**63, "", "0", " ", "x", "T", "100",
        " 4", "4 ", "4.5", "0.5", "1e3", "5e-1", "0x1A", "-1", "true", "Y", "or", "AND", "xor",
        "asc", "DESC", "up", "STRING", "INT", "string", "int", "timezone", "INTEGER", "ID", "id",
        "ID\n", "A" * 33, "sales", "Sales", "sales\n", "s" * 231, "x" * 513, "я" * 512,
        "https://ex.com/c", "u" * 2049, "c" * 65, "0" * 508 + "4", "*", [], {}, ["x"], [1, 2],
        ["id", "title"], {"a": 1}, {"title": "x"}, {"id": "ASC"}, SETTING, COLUMN,
        [SETTING], [COLUMN], [{"code": "c"}], {"0": SETTING}, {"5": COLUMN},
    ]
)  # fmt: skip
KEYS = st.sampled_from(
    [
        "id", "title", "logo", "sort", "urlCheck", "urlData", "settings", "dateCreate",
        "supportMapping", "sourceCode", "description", "connectorId", "active", "type", "code",
        "sourceId", "name", "externalName", "externalCode", "fields", "select", "filter", "order",
        "page", "add", "update", "delete", "visible", "logic", ">=id", "@title", "<<>>!!title",
        "0", "5", "Name", "NAME", "Type", "Code", "external_code", "ExternalCode", "url_check",
        "Title", "bogus", "$schema", "",
    ]
)  # fmt: skip


# Values at the boundaries the server checks: lengths, patterns, the types of settings items and
# columns (for "field" and "item" edits of a valid payload).
BOUNDARIES = st.sampled_from(
    [
        "", "", "", "0", "0", "x" * 512, "x" * 513, "я" * 513, "u" * 2048, "u" * 2049, "c" * 64, "c" * 65,
        "s" * 230, "s" * 231, "sales\n", "Sales", "0" * 507 + "4", "0" * 508 + "4", "ID\n",
        "A" * 32, "A" * 33, "a", "STRING", "INT", "string", "int", "timezone", "money", None,
        True, 5, 1.5, ["x"], {}, [], "4", "-1", "0.5",
    ]
)  # fmt: skip
ITEM_KEYS = st.sampled_from(
    ["name", "Name", "NAME", "type", "Type", "code", "Code", "externalCode", "external_code",
     "externalCOde", "EXTERNALCODE", "id", "visible"]
)  # fmt: skip


def _items(params: Any) -> list[Any]:
    """The settings items, columns and fields.update items of a payload (dicts to edit)."""
    fields = params.get("fields") if isinstance(params, dict) else None
    found: list[Any] = []
    for holder, name in (
        (fields, "settings"),
        (fields, "fields"),
        (params, "add"),
        (params, "update"),
    ):
        items = holder.get(name) if isinstance(holder, dict) else None
        if isinstance(items, list):
            found += [item for item in items if isinstance(item, dict)]
    return found


def _containers(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, (dict, list)):
        yield path
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            yield from _containers(item, (*path, key))


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


@st.composite
def payloads(draw: st.DrawFn) -> tuple[str, Target, Any]:
    method = draw(st.sampled_from(sorted(BASES)))
    since = METHODS[method].since
    target = draw(st.sampled_from([t for t in Target if t >= since]))
    params = copy.deepcopy(BASES[method])
    for _ in range(draw(st.integers(1, 2))):
        # deeper containers more often: replacing the whole of fields says little
        paths = [path for path in _containers(params) for _ in range((len(path) + 1) ** 2)]
        path = draw(st.sampled_from(paths))
        container = _at(params, path)
        action = draw(st.sampled_from(["set", "add", "drop", "field", "item"]))
        value = copy.deepcopy(draw(VALUES))
        fields = params.get("fields") if isinstance(params, dict) else None
        items = _items(params)
        if action == "field" and isinstance(fields, dict):
            rows = fields_of(METHODS[method].entity, target)
            titles = sorted({row.title for row in rows if not row.is_read_only} | {"fields"})
            fields[draw(st.sampled_from(titles))] = copy.deepcopy(draw(BOUNDARIES))
        elif action == "item" and items:
            item = draw(st.sampled_from(items))
            item[draw(ITEM_KEYS)] = copy.deepcopy(draw(BOUNDARIES))
        elif isinstance(container, dict):
            keys = list(container)
            if action == "drop" and keys:
                del container[draw(st.sampled_from(keys))]
            elif action == "set" and keys:
                container[draw(st.sampled_from(keys))] = value
            else:
                container[draw(KEYS)] = value
        elif action == "drop" and container:
            del container[draw(st.integers(0, len(container) - 1))]
        elif action == "set" and container:
            container[draw(st.integers(0, len(container) - 1))] = value
        else:
            container.append(value)
    return method, target, params


@DIFFERENTIAL
@given(payloads())
def test_a_schema_error_means_the_server_rejects(payload: tuple[str, Target, Any]) -> None:
    """Soundness, on every generated payload (open cases included)."""
    method, target, params = payload
    errors = schema_errors(method, target, params)
    if errors:
        report = lint_payload(params, method, target=target)
        assert definitely_rejected(report.server_error), (errors, report.diagnostics)


@DIFFERENTIAL
@given(payloads())
def test_what_an_expressed_rule_rejects_is_a_schema_error(payload: tuple[str, Target, Any]) -> None:
    """Completeness, for the rules the schemas express, outside the open cases."""
    method, target, params = payload
    report = lint_payload(params, method, target=target)
    if not definitely_rejected(report.server_error) or left_open(params):
        return
    rule = answering_rule(report)
    if rule in schemas.EXPRESSED or rule in schemas.PARTLY:
        assert schema_errors(method, target, params), (rule, report.server_error)


# ---------------------------------------------------------------------------------------------
# $schema in payload files, and the command
# ---------------------------------------------------------------------------------------------

ENVELOPE_SCHEMA = f"{schemas.SCHEMAS_URL}/envelope.json"


def test_schema_key_beside_params_is_not_reported() -> None:
    """An envelope's ``$schema`` is never sent: the report is the one without it."""
    text = (EXAMPLES / "connector-update.json").read_text(encoding="utf-8")
    document = json.loads(text)
    with_schema = json.dumps({"$schema": ENVELOPE_SCHEMA, **document}, indent=2)
    plain_report = lint_text(text, "connector.bicon.json")
    report = lint_text(with_schema, "connector.bicon.json")
    assert plain_report.diagnostics == [] and plain_report.server_error is None
    assert report.diagnostics == [] and report.server_error is None
    broken = {"$schema": ENVELOPE_SCHEMA, "method": "biconnector.connector.get", "params": {}}
    report = lint_text(json.dumps(broken), "get.bicon.json")
    assert [d.code for d in report.diagnostics] == ["VALIDATION_ID_NOT_PROVIDED"]


def test_bare_params_name_their_method_by_schema() -> None:
    """Bare params whose ``$schema`` names a method's schema are that method's params (no
    --method, also for the pre-commit hook's --only-payloads); ``$schema`` itself is sent with
    them and the server ignores it: a warning."""
    params = {"$schema": f"{schemas.SCHEMAS_URL}/biconnector.connector.delete.json", "id": "0.5"}
    for only_payloads in (False, True):
        report = lint_text(json.dumps(params), "delete.bicon.json", only_payloads=only_payloads)
        assert report.method == "biconnector.connector.delete"
        assert [(d.code, d.severity.value) for d in report.diagnostics] == [
            ("BL520", "warning"),
            ("VALIDATION_INVALID_ID_FORMAT", "error"),
        ]
    relative = {"$schema": "../schemas/biconnector.table.add.json", "fields": {}}
    assert lint_text(json.dumps(relative), "t.bicon.json").method == "biconnector.table.add"
    # a $schema naming no method leaves the shape to tell: {"id"} alone fits six methods
    unnamed = {"$schema": ENVELOPE_SCHEMA, "id": 4}
    assert [d.code for d in lint_text(json.dumps(unnamed), "x.json").diagnostics] == ["BL005"]
    # ...and $schema is no key of the shape: {"id", "fields"} with a sort is a connector update
    shaped = {"$schema": ENVELOPE_SCHEMA, "id": 4, "fields": {"sort": "0x1A"}}
    assert lint_text(json.dumps(shaped), "x.json").method == "biconnector.connector.update"


def test_cli_prints_the_committed_schemas() -> None:
    done = run_cli("schema", " BIConnector.Connector.Update ")
    assert done.returncode == 0, done.stderr
    committed = SCHEMAS / "biconnector.connector.update.json"
    assert done.stdout == committed.read_text(encoding="utf-8")
    done = run_cli("schema")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (SCHEMAS / "envelope.json").read_text(encoding="utf-8")


def test_cli_envelope_of_one_method() -> None:
    done = run_cli("schema", "biconnector.connector.get", "--envelope")
    assert done.returncode == 0, done.stderr
    validator = Draft202012Validator(json.loads(done.stdout))
    assert not list(
        validator.iter_errors({"method": "BICONNECTOR.connector.GET", "params": {"id": 4}})
    )
    assert list(
        validator.iter_errors({"method": "biconnector.connector.list", "params": {"id": 4}})
    )
    assert list(validator.iter_errors({"method": "biconnector.connector.get"}))  # no params: no id
    assert list(validator.iter_errors({"method": "biconnector.connector.get", "params": {"id": 0}}))


def test_cli_unknown_method_exits_2_with_a_suggestion() -> None:
    done = run_cli("schema", "connector.udpate")
    assert done.returncode == 2
    assert "did you mean 'biconnector.connector.update'?" in done.stderr
    assert done.stdout == ""


def test_cli_method_the_server_version_lacks_exits_2() -> None:
    done = run_cli("schema", "biconnector.table.add", "--target", "2025-07")
    assert done.returncode == 2
    assert "ERROR_METHOD_NOT_FOUND" in done.stderr and "2026-04" in done.stderr


def test_cli_target_follows_the_server_version() -> None:
    """INT settings from 2026-04, supportMapping from 2026-01, sourceCode on latest only."""
    payload = {"id": 4, "fields": {"settings": [{"code": "c", "name": "n", "type": "INT"}]}}
    mapping = {"id": 4, "fields": {"supportMapping": True}}
    source_code = {"id": 4, "fields": {"sourceCode": "x"}}
    verdicts = {}
    for target in ("2026-01", "2026-04", "2026-05", "latest"):
        done = run_cli("schema", "biconnector.connector.update", "--target", target)
        assert done.returncode == 0, done.stderr
        validator = Draft202012Validator(json.loads(done.stdout))
        verdicts[target] = [
            not list(validator.iter_errors(instance))
            for instance in (payload, mapping, source_code)
        ]
    assert verdicts == {
        "2026-01": [False, True, False],
        "2026-04": [True, True, False],
        "2026-05": [True, True, False],
        "latest": [True, True, True],
    }
    for target, (int_ok, _, _) in verdicts.items():  # the same verdicts as bicon-lint's
        report = lint_payload(payload, "biconnector.connector.update", target=target)
        assert (report.server_error is None) == int_ok


def test_cli_write_and_the_module_write_the_committed_files(tmp_path: Path) -> None:
    done = run_cli("schema", "--write", str(tmp_path / "cli"))
    assert done.returncode == 0, done.stderr
    module = subprocess.run(
        [sys.executable, "-m", "bicon_lint.schema", str(tmp_path / "module")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert module.returncode == 0, module.stderr
    for folder in (tmp_path / "cli", tmp_path / "module"):
        written = {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}
        committed = {path.name: path.read_text(encoding="utf-8") for path in SCHEMAS.iterdir()}
        assert written == committed
    assert run_cli("schema", "biconnector.connector.get", "--write", str(tmp_path)).returncode == 2


def test_cli_start_up_imports_no_schema_code() -> None:
    """The generator (and jsonschema, which only the tests use) load only when ``schema`` runs."""
    probe = (
        "import sys, bicon_lint.cli; "
        "print(sorted(m for m in ('bicon_lint.schema', 'jsonschema') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _patterns(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "pattern" and isinstance(item, str):
                yield item
            if key == "patternProperties":
                yield from item
            yield from _patterns(item)
    elif isinstance(value, list):
        for item in value:
            yield from _patterns(item)


PATTERN_PROBES = [
    "", "4", " 4", "4 ", "4\n", "\t4\v\f\r", "4\n\n", "-0", "+.5e-3", "0x1A", "\u0661",
    "sales", "sales\n", "sales\n\n", "sales\r\n", "Sales", "ID", "ID\n", "asc", "ASC\n", "Desc",
    "or", "AND", "and\n", ">=id", "<<>>!!title", "@5", "5 ", "title", "x\u2028", "0", "123",
    " biconnector.connector.get\u3000", "BIConnector.Connector.Get", "biconnector.conector.get",
    "biconnector.connector.get\n", "\u212aey",
]  # fmt: skip


@pytest.mark.skipif(shutil.which("node") is None, reason="no JavaScript engine here")
def test_patterns_read_alike_in_ecma_262_and_python() -> None:
    """Every pattern of every schema compiles as an ECMA-262 regular expression with the ``u``
    flag (as editors compile them) and matches the same probes as Python's ``re.search``."""
    patterns = sorted(
        {
            pattern
            for target in Target
            for schema in (
                schemas.envelope_schema(None, target),
                *(schemas.params_schema(name, target) for name in METHODS),
            )
            for pattern in _patterns(schema)
        }
    )
    script = (
        "const [patterns, probes] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(patterns.map("
        "p => { const r = new RegExp(p, 'u'); return probes.map(s => r.test(s)); })));"
    )
    done = subprocess.run(
        ["node", "-e", script],
        input=json.dumps([patterns, PATTERN_PROBES]),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    ecma = json.loads(done.stdout)
    python = [[re.search(p, s) is not None for s in PATTERN_PROBES] for p in patterns]
    assert len(patterns) >= 30
    for pattern, in_ecma, in_python in zip(patterns, ecma, python, strict=True):
        assert in_ecma == in_python, pattern
    assert any(any(row) for row in python) and not all(all(row) for row in python)
