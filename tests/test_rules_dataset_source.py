"""Rules for ``biconnector.source.*`` and ``biconnector.dataset.*``/``table.*`` (SERVER-SPEC §5-6).

Each code gets a pass and a fail case: the predicted server answer (code and exact message) and the
diagnostic's JSON pointer. Then the §10 vectors #120-#122, #126-#128, #131, #133-#143, and the
orderings of §6.2 step 5 and §5.2/§5.3. Expected values are transcribed from the spec's text.

bicon-lint predicts assuming the portal lets the request through: source 10 and table 20 exist and
belong to the app, the connector's ``urlCheck`` answers, no Superset table has the new name.
"""

from __future__ import annotations

import copy
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

from bicon_lint import lint_payload
from bicon_lint.api import Report
from bicon_lint.model import Severity
from bicon_lint.rules import (
    RULES,
    dataset_column_duplicates,
    dataset_column_keys,
    dataset_column_values,
    dataset_deprecated,
    dataset_fields_empty,
    dataset_name_format,
    dataset_name_length,
    dataset_update_fields,
    fields_update_items,
    source_save_length,
    source_settings_values,
    source_title,
)

MODULES = (
    dataset_name_format,
    dataset_column_duplicates,
    dataset_fields_empty,
    dataset_column_keys,
    dataset_column_values,
    dataset_name_length,
    dataset_update_fields,
    fields_update_items,
    source_title,
    source_save_length,
    source_settings_values,
    dataset_deprecated,
)
ALL = RULES  # the registry; test_modules_are_registered checks these modules are in it


def test_modules_are_registered() -> None:
    registered = {rule.spec.name for rule in RULES}
    assert {module.SPEC.name for module in MODULES} <= registered


TABLE_ADD = "biconnector.table.add"
TABLE_UPDATE = "biconnector.table.update"
TABLE_FIELDS_UPDATE = "biconnector.table.fields.update"
DATASET_ADD = "biconnector.dataset.add"
SOURCE_ADD = "biconnector.source.add"
SOURCE_UPDATE = "biconnector.source.update"
BASELINE = "2026-05"
FATAL = "FATAL"

# Messages, verbatim from SERVER-SPEC §5 and §6.
NAME_INVALID = (
    "Dataset name has to start with a lowercase Latin character. Possible entry includes "
    "lowercase Latin characters (a-z), numbers (0-9) and underscores."
)
COLUMN_MISSING = 'Field must include the required parameters: "name", "externalCode" and "type".'
COLUMN_FORMAT = (
    'Field "name" has to start with an uppercase Latin character. Possible entry includes '
    "uppercase Latin characters (A-Z), numbers (0-9) and underscores."
)
COLUMN_TOO_LONG = 'Field "name" must not exceed 32 characters.'
COLUMN_TYPE = "Invalid field type."
DATASET_NAME_TOO_LONG = "Dataset name must not exceed 230 characters."
INVALID_METHOD = 'Use the method "biconnector.dataset.fields.update" to update the dataset fields."'
ADD_MISSING = (
    'Field to be added must include the required parameters: "name", "externalCode" and "type".'
)
UPDATE_MISSING = 'Field to be updated must include the required parameters: "id" and "visible".'
DELETE_INVALID = "ID to be deleted must be a positive integer."
TITLE_INCOMPLETE = "All the fields are required."
TITLE_TOO_LONG = 'The length of "TITLE" should not exceed 512 characters.'  # label: §11.1

COLUMN = {"name": "ID", "externalCode": "id", "type": "int"}


def table(**changes: Any) -> dict[str, Any]:
    """The fields of §10 #131 with ``name`` valid (``sales``), keys replaced or appended."""
    base: dict[str, Any] = {
        "sourceId": 10,
        "name": "sales",
        "externalName": "S",
        "externalCode": "s",
        "fields": [dict(COLUMN)],
    }
    base.update(copy.deepcopy(changes))
    return {"fields": base}


def col(name: Any = "ID", code: Any = "id", type_: Any = "int") -> dict[str, Any]:
    return {"name": name, "externalCode": code, "type": type_}


def source(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"title": "S", "connectorId": 4, "settings": {"token": "t"}}
    base.update(copy.deepcopy(changes))
    return {"fields": base}


def lint(params: Any, method: str = TABLE_ADD, target: str = BASELINE) -> Report:
    return lint_payload(params, method, target=target, rules=ALL)


def pointers(report: Report, code: str) -> list[str]:
    return [d.pointer for d in report.diagnostics if d.code == code]


def assert_answer(report: Report, code: str | int | None, message: str | None = None) -> None:
    answer = report.server_error
    if code is None:
        assert answer is None, answer
        return
    assert answer is not None, f"expected {code}, got ok"
    if code == FATAL:
        assert answer.fatal and answer.code is None, answer
        assert answer.message.startswith("The server fails without an error code:"), answer
        return
    assert not answer.fatal
    assert answer.code == code, answer
    if message is not None:
        assert answer.message == message


# --------------------------------------------------------------------------------------------
# Each code: a fail case (answer, message, pointer) and a pass case
# --------------------------------------------------------------------------------------------

FAIL_CASES: list[Any] = [
    # (id, method, target, params, code, answer code, message, pointer)
    ("name-format", TABLE_ADD, BASELINE, table(name="Sales"), "VALIDATION_DATASET_NAME_INVALID",
     "VALIDATION_DATASET_NAME_INVALID", NAME_INVALID, "/fields/name"),
    ("dup-names-0", TABLE_ADD, BASELINE,
     table(fields=[col("A", "x"), col("B", "y"), col("A", "z")]), "0", 0,
     "Duplicate column names: A", "/fields/fields/2/name"),
    ("dup-names-latest", TABLE_ADD, "latest", table(fields=[col("A", "x"), col("A", "y")]),
     "DUPLICATE_FIELDS", "DUPLICATE_FIELDS", "Duplicate column names: A.", "/fields/fields/1/name"),
    ("fields-empty", TABLE_ADD, BASELINE, table(fields=[]), "FIELDS_EMPTY", "FIELDS_EMPTY",
     "$fields is empty", "/fields/fields"),
    ("fields-empty-object", TABLE_ADD, BASELINE, table(fields={}), "FIELDS_EMPTY", "FIELDS_EMPTY",
     "$fields is empty", "/fields/fields"),
    ("dup-codes", TABLE_ADD, BASELINE, table(fields=[col("A", "x"), col("B", "x")]),
     "VALIDATION_DUPLICATE_FIELD_CODE", "VALIDATION_DUPLICATE_FIELD_CODE",
     'Duplicate values found in the "code" parameter: x', "/fields/fields/1/externalCode"),
    ("dup-names-fields-update", TABLE_FIELDS_UPDATE, BASELINE,
     {"id": 20, "add": [col("A", "x"), col("A", "y")]}, "VALIDATION_DUPLICATE_FIELD_NAME",
     "VALIDATION_DUPLICATE_FIELD_NAME", 'Duplicate values found in the "name" parameter: A',
     "/add/1/name"),
    ("column-missing", TABLE_ADD, BASELINE, table(fields=[{"name": "ID", "type": "int"}]),
     "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS", "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS",
     COLUMN_MISSING, "/fields/fields/0"),
    ("column-format", TABLE_ADD, BASELINE, table(fields=[col("id")]),
     "VALIDATION_FIELD_NAME_INVALID_FORMAT", "VALIDATION_FIELD_NAME_INVALID_FORMAT", COLUMN_FORMAT,
     "/fields/fields/0/name"),
    ("column-too-long", TABLE_ADD, BASELINE, table(fields=[col("A" * 33)]),
     "VALIDATION_FIELD_NAME_TOO_LONG", "VALIDATION_FIELD_NAME_TOO_LONG", COLUMN_TOO_LONG,
     "/fields/fields/0/name"),
    ("column-type", TABLE_ADD, BASELINE, table(fields=[col(type_="INT")]),
     "VALIDATION_FIELD_INVALID_TYPE", "VALIDATION_FIELD_INVALID_TYPE", COLUMN_TYPE,
     "/fields/fields/0/type"),
    ("column-name-array", TABLE_ADD, BASELINE, table(fields=[col(["ID"])]), "BL103", FATAL, None,
     "/fields/fields/0/name"),
    ("column-type-array", TABLE_ADD, BASELINE, table(fields=[col(type_=["int"])]), "BL103", FATAL,
     None, "/fields/fields/0/type"),
    ("name-too-long", TABLE_ADD, BASELINE, table(name="t" * 231),
     "VALIDATION_DATASET_NAME_TOO_LONG", "VALIDATION_DATASET_NAME_TOO_LONG",
     DATASET_NAME_TOO_LONG, "/fields/name"),
    ("invalid-method", TABLE_UPDATE, BASELINE, {"id": 20, "fields": {"fields": [COLUMN]}},
     "INVALID_METHOD", "INVALID_METHOD", INVALID_METHOD, "/fields/fields"),
    ("add-missing", TABLE_FIELDS_UPDATE, BASELINE,
     {"id": 20, "add": [col("A", "a"), {"name": "B", "externalCode": None, "type": "int"}]},
     "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS", "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS",
     ADD_MISSING, "/add/1"),
    ("update-missing", TABLE_FIELDS_UPDATE, BASELINE, {"id": 20, "update": [{"visible": True}]},
     "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS",
     "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS", UPDATE_MISSING, "/update/0"),
    ("delete-invalid", TABLE_FIELDS_UPDATE, BASELINE, {"id": 20, "delete": [4, "-1"]},
     "VALIDATION_FIELD_DELETE_INVALID_ID", "VALIDATION_FIELD_DELETE_INVALID_ID", DELETE_INVALID,
     "/delete/1"),
    ("title-empty-add", SOURCE_ADD, BASELINE, source(title="0"), "0", 0, TITLE_INCOMPLETE,
     "/fields/title"),
    ("title-missing-update", SOURCE_UPDATE, BASELINE, {"id": 10, "fields": {"active": True}}, "0",
     0, TITLE_INCOMPLETE, "/fields"),
    ("title-too-long", SOURCE_UPDATE, BASELINE, {"id": 10, "fields": {"title": "я" * 513}},
     "BX_INVALID_VALUE", "BX_INVALID_VALUE", TITLE_TOO_LONG, "/fields/title"),
    ("code-too-long", SOURCE_ADD, BASELINE, source(connectorId="0" * 507 + "4"),
     "BX_INVALID_VALUE", "BX_INVALID_VALUE",
     'The length of "CODE" should not exceed 512 characters.', "/fields/connectorId"),
    ("settings-array", SOURCE_ADD, BASELINE, source(settings={"token": ["t"]}), "BL104", FATAL,
     None, "/fields/settings/token"),
]  # fmt: skip

PASS_CASES: list[Any] = [
    # (id, method, target, params, rule that must stay silent)
    ("name-format", TABLE_ADD, BASELINE, table(name="sales_2025"), "dataset-name-format"),
    ("dup-names", TABLE_ADD, BASELINE, table(fields=[col("A", "x"), col("B", "y")]),
     "dataset-column-duplicates"),
    ("fields-empty", TABLE_ADD, BASELINE, table(), "dataset-fields-empty"),
    ("column-keys", TABLE_ADD, BASELINE,
     table(fields=[{"Name": "ID", "external_code": "id", "type": "int"}]),
     "dataset-column-keys"),
    ("column-values", TABLE_ADD, BASELINE, table(fields=[col("A" * 32, type_="timezone")]),
     "dataset-column-values"),
    ("name-length", TABLE_ADD, BASELINE, table(name="t" * 230), "dataset-name-length"),
    ("invalid-method", TABLE_UPDATE, BASELINE, {"id": 20, "fields": {"description": "d"}},
     "dataset-update-fields"),
    ("fields-update-items", TABLE_FIELDS_UPDATE, BASELINE,
     {"id": 20, "add": [col("A", "a")], "update": [{"id": "1", "visible": False}],
      "delete": [4, "4", " 4", "4.5", "1e3"]}, "fields-update-items"),
    ("title", SOURCE_UPDATE, BASELINE, {"id": 10, "fields": {"title": " ", "description": "d"}},
     "source-title"),
    ("title-length", SOURCE_ADD, BASELINE, source(title="я" * 512), "source-save-length"),
    ("settings-values", SOURCE_ADD, BASELINE, source(settings={"a": "t", "b": 5, "c": None}),
     "source-settings-values"),
    ("deprecated-table", TABLE_ADD, BASELINE, table(), "dataset-deprecated"),
    ("deprecated-old-server", DATASET_ADD, "2025-07", table(), "dataset-deprecated"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "target", "params", "code", "answer", "message", "pointer"),
    [pytest.param(*case[1:], id=case[0]) for case in FAIL_CASES],
)
def test_fail(
    method: str,
    target: str,
    params: Any,
    code: str,
    answer: str | int,
    message: str | None,
    pointer: str,
) -> None:
    report = lint(params, method, target)
    assert_answer(report, answer, message)
    assert pointer in pointers(report, code)


@pytest.mark.parametrize(
    ("method", "target", "params", "rule"),
    [pytest.param(*case[1:], id=case[0]) for case in PASS_CASES],
)
def test_pass(method: str, target: str, params: Any, rule: str) -> None:
    report = lint(params, method, target)
    assert [d for d in report.diagnostics if d.rule == rule] == []
    assert_answer(report, None)


def test_every_code_has_a_fail_case() -> None:
    failing = {case[4] for case in FAIL_CASES} | {"BL201"}
    declared = {code for module in MODULES for code in module.SPEC.codes}
    assert declared == failing


def test_deprecated_warning() -> None:
    report = lint(table(), DATASET_ADD, "2026-04")
    [warning] = [d for d in report.diagnostics if d.code == "BL201"]
    assert warning.severity is Severity.WARNING and not warning.server
    assert warning.message == (
        "biconnector.dataset.* is deprecated since 2026-04; use biconnector.table.* "
        "(biconnector.table.add)"
    )
    assert warning.pointer == ""
    assert report.server_error is None  # a warning never predicts a server answer


# --------------------------------------------------------------------------------------------
# SERVER-SPEC §10 vectors
# --------------------------------------------------------------------------------------------

SALES_131 = {
    "sourceId": 10,
    "name": "Sales",
    "externalName": "S",
    "externalCode": "s",
    "fields": [{"name": "ID", "externalCode": "id", "type": "int"}],
}


def v131(**changes: Any) -> dict[str, Any]:
    fields = copy.deepcopy(SALES_131)
    fields.update(copy.deepcopy(changes))
    return {"fields": fields}


VECTORS: list[Any] = [
    # (number, method, target, params, code, message)
    (120, SOURCE_ADD, BASELINE, {"fields": {"title": "S", "settings": {"token": "t"}}},
     "VALIDATION_REQUIRED_FIELD_MISSING", 'Field "connectorId" is required.'),
    (121, SOURCE_ADD, BASELINE,
     {"fields": {"title": "S", "connectorId": 4, "settings": {}, "type": "rest"}},
     "VALIDATION_READ_ONLY_FIELD", 'Field "type" is read only.'),
    (122, SOURCE_ADD, BASELINE,
     {"fields": {"title": "S", "connectorId": 4, "settings": {}, "active": "Y"}},
     "VALIDATION_INVALID_FIELD_TYPE", 'Field "active" must be of type boolean.'),
    (126, SOURCE_ADD, BASELINE,
     {"fields": {"title": "", "connectorId": 4, "settings": {"token": "t"}}}, 0, TITLE_INCOMPLETE),
    (127, SOURCE_UPDATE, BASELINE, {"id": 10, "fields": {"connectorId": 5}},
     "VALIDATION_IMMUTABLE_FIELD", 'Field "connectorId" is immutable.'),
    (128, SOURCE_UPDATE, BASELINE, {"id": 10, "fields": {"description": "d"}}, 0,
     TITLE_INCOMPLETE),
    (131, TABLE_ADD, BASELINE, v131(), "VALIDATION_DATASET_NAME_INVALID", NAME_INVALID),
    (133, TABLE_ADD, BASELINE, v131(name="sales", fields=[]), "FIELDS_EMPTY", "$fields is empty"),
    (134, TABLE_ADD, BASELINE,
     v131(name="sales", fields=[{"name": "id", "externalCode": "id", "type": "int"}]),
     "VALIDATION_FIELD_NAME_INVALID_FORMAT", COLUMN_FORMAT),
    (135, TABLE_ADD, BASELINE,
     v131(name="sales", fields=[{"name": "ID", "externalCode": "id", "type": "INT"}]),
     "VALIDATION_FIELD_INVALID_TYPE", COLUMN_TYPE),
    (136, TABLE_ADD, BASELINE,
     v131(name="sales", fields=[{"name": "A", "externalCode": "x", "type": "int"},
                                {"name": "B", "externalCode": "x", "type": "int"}]),
     "VALIDATION_DUPLICATE_FIELD_CODE", 'Duplicate values found in the "code" parameter: x'),
    (137, TABLE_ADD, BASELINE,
     v131(name="sales", fields=[{"name": "A", "externalCode": "x", "type": "int"},
                                {"name": "A", "externalCode": "y", "type": "int"}]),
     0, "Duplicate column names: A"),
    (137, TABLE_ADD, "latest",
     v131(name="sales", fields=[{"name": "A", "externalCode": "x", "type": "int"},
                                {"name": "A", "externalCode": "y", "type": "int"}]),
     "DUPLICATE_FIELDS", "Duplicate column names: A."),  # [DOC-only] #FIELD_NAMES#.
    (138, TABLE_UPDATE, BASELINE, {"id": 20, "fields": {"name": "x"}},
     "VALIDATION_IMMUTABLE_FIELD", 'Field "name" is immutable.'),
    (139, TABLE_UPDATE, BASELINE, {"id": 20, "fields": {"fields": []}}, "INVALID_METHOD",
     INVALID_METHOD),
    (140, TABLE_FIELDS_UPDATE, BASELINE, {"id": 20, "add": [{"name": "A", "type": "int"}]},
     "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS", ADD_MISSING),
    (141, TABLE_FIELDS_UPDATE, BASELINE, {"id": 20, "update": [{"id": 1}]},
     "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS", UPDATE_MISSING),
    (142, TABLE_FIELDS_UPDATE, BASELINE, {"id": 20, "delete": ["0"]},
     "VALIDATION_FIELD_DELETE_INVALID_ID", DELETE_INVALID),
    (143, TABLE_FIELDS_UPDATE, BASELINE, {"id": "x", "add": [{}]},
     "VALIDATION_INVALID_ID_FORMAT", "ID has to be a positive integer."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "target", "params", "code", "message"),
    [pytest.param(*v[1:], id=f"v{v[0]}-{v[2]}") for v in VECTORS],
)
def test_spec_vector(method: str, target: str, params: Any, code: str | int, message: str) -> None:
    assert_answer(lint(params, method, target), code, message)


# --------------------------------------------------------------------------------------------
# Order of checks and PHP details
# --------------------------------------------------------------------------------------------

ORDER_CASES: list[Any] = [
    # (id, method, params, answer code, message or None, why)
    ("fields-stage-first", TABLE_ADD, {"fields": {**table(name="Sales")["fields"], "foo": 1}},
     "VALIDATION_UNKNOWN_PARAMETERS", "Unknown parameters: foo", "validateFields before name"),
    ("name-before-columns", TABLE_ADD, table(name="Sales", fields=[col("id")]),
     "VALIDATION_DATASET_NAME_INVALID", None, "§6.2 step 3 before step 5"),
    ("pcre-dollar-name", TABLE_ADD, table(name="sales\n"), None, None, "one final \\n passes"),
    ("pcre-two-newlines", TABLE_ADD, table(name="sales\n\n"), "VALIDATION_DATASET_NAME_INVALID",
     None, "only one final \\n"),
    ("pcre-crlf", TABLE_ADD, table(name="sales\r\n"), "VALIDATION_DATASET_NAME_INVALID", None,
     "\\r is not allowed"),
    ("pcre-dollar-column", TABLE_ADD, table(fields=[col("ID\n")]), None, None, "one final \\n"),
    ("dup-names-before-empty-keys", TABLE_ADD, table(fields=[col("A"), col("A"), {"x": 1}]), 0,
     "Duplicate column names: A", "checkBefore returns first"),
    ("dup-names-list", TABLE_ADD,
     table(fields=[col("B", "1"), col("A", "2"), col("A", "3"), col("B", "4")]), 0,
     "Duplicate column names: B, A", "first-occurrence order, once each"),
    ("dup-codes-int-string", TABLE_ADD, table(fields=[col("A", "1"), col("B", 1)]),
     "VALIDATION_DUPLICATE_FIELD_CODE", 'Duplicate values found in the "code" parameter: 1',
     "array_count_values: '1' is the key 1"),
    ("dup-codes-null-skipped", TABLE_ADD, table(fields=[col("A", None), col("B", None)]), None,
     None, "array_count_values skips null"),
    ("dup-codes-then-crash", TABLE_ADD, table(fields=[col("A", "x"), col("B", "x"), col(["C"])]),
     FATAL, None, "checkFields goes on after the duplicate error"),
    ("format-before-missing", TABLE_ADD, table(fields=[col("a"), {"name": "B"}]),
     "VALIDATION_FIELD_NAME_INVALID_FORMAT", None, "earlier column's error is index 0"),
    ("missing-stops-before-crash", TABLE_ADD, table(fields=[{"name": "B"}, col(type_=["int"])]),
     "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS", None, "return before the next column"),
    ("format-before-length", TABLE_ADD, table(fields=[col("a" * 40)]),
     "VALIDATION_FIELD_NAME_INVALID_FORMAT", None, "no continue: both collected, format first"),
    ("no-continue-crash", TABLE_ADD, table(fields=[col("a", type_=["int"])]), FATAL, None,
     "a bad name does not skip tryFrom"),
    ("name-crash-before-type", TABLE_ADD, table(fields=[col({"x": 1}, type_="bad")]), FATAL, None,
     "preg_match(array)"),
    ("missing-before-dataset-name", TABLE_ADD, table(name="t" * 231, fields=[{"name": "A"}]),
     "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS", None, "dataset name length is last"),
    ("upper-case-keys", TABLE_ADD,
     table(fields=[{"NAME": "ID", "externalCode": "i", "type": "int"}]),
     "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS", None, "NAME converts to N_AM_E"),
    ("camel-keys", TABLE_ADD, table(fields=[{"Name": "ID", "ExternalCode": "i", "Type": "int"}]),
     None, None, "Name, ExternalCode, Type convert to NAME, EXTERNAL_CODE, TYPE"),
    ("null-type-present", TABLE_ADD, table(fields=[col(type_=None)]),
     "VALIDATION_FIELD_INVALID_TYPE", None, "array_key_exists: null is present"),
    ("int-name-coerced", TABLE_ADD, table(fields=[col(5)]), "VALIDATION_FIELD_NAME_INVALID_FORMAT",
     None, "5 is '5'"),
    ("column-not-object", TABLE_ADD, table(fields=["ID"]),
     "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS", None, "!is_array($field)"),
    ("columns-as-object", TABLE_ADD, table(fields={"a": col("A", "x"), "b": col("B", "x")}),
     "VALIDATION_DUPLICATE_FIELD_CODE", None, "an object of columns is iterated by value"),
    ("fields-update-add-ignored", TABLE_FIELDS_UPDATE, {"id": 20, "add": "x", "delete": None}, None,
     None, "non-arrays are ignored"),
    ("fields-update-add-first", TABLE_FIELDS_UPDATE,
     {"id": 20, "delete": [0], "update": [{}], "add": [{}]},
     "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS", None, "add, then update, then delete"),
    ("fields-update-exact-keys", TABLE_FIELDS_UPDATE,
     {"id": 20, "add": [{"name": "A", "external_code": "a", "type": "int"}]},
     "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS", None, "keys are not converted here"),
    ("fields-update-column-type", TABLE_FIELDS_UPDATE, {"id": 20, "add": [col(type_="integer")]},
     "VALIDATION_FIELD_INVALID_TYPE", None, "checkFields on the added columns"),
    ("fields-update-column-crash", TABLE_FIELDS_UPDATE, {"id": 20, "add": [col(["A"])]}, FATAL,
     None, "preg_match(array) in checkFields"),
    ("fields-update-dup-code", TABLE_FIELDS_UPDATE,
     {"id": 20, "add": [col("A", "x"), col("A", "x")]}, "VALIDATION_DUPLICATE_FIELD_CODE", None,
     "codes before names in checkFields"),
    ("delete-null", TABLE_FIELDS_UPDATE, {"id": 20, "delete": [None]},
     "VALIDATION_FIELD_DELETE_INVALID_ID", None, "is_numeric(null) is false"),
    ("delete-hex", TABLE_FIELDS_UPDATE, {"id": 20, "delete": ["0x1A"]},
     "VALIDATION_FIELD_DELETE_INVALID_ID", None, "is_numeric('0x1A') is false"),
    ("update-null-visible", TABLE_FIELDS_UPDATE, {"id": 20, "update": [{"id": 1, "visible": None}]},
     "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS", None, "isset(null) is false"),
    ("invalid-method-null", TABLE_UPDATE, {"id": 20, "fields": {"fields": None}},
     "VALIDATION_INVALID_FIELD_TYPE", 'Field "fields" must be of type array.', "isset(null)"),
    ("source-title-before-save", SOURCE_UPDATE,
     {"id": 10, "fields": {"description": "d", "settings": {"token": ["t"]}}}, 0, TITLE_INCOMPLETE,
     "title check before the settings are saved"),
    ("source-add-row-before-settings", SOURCE_ADD,
     source(title="x" * 513, settings={"token": ["t"]}), "BX_INVALID_VALUE", TITLE_TOO_LONG,
     "add saves the row, then the settings"),
    ("source-update-settings-before-row", SOURCE_UPDATE,
     {"id": 10, "fields": {"title": "x" * 513, "settings": {"token": ["t"]}}}, FATAL, None,
     "update saves the settings, then the row"),
    ("source-add-padded-connector", SOURCE_ADD, source(connectorId="04", settings={"t": ["x"]}),
     None, None, "rest_04 has no setting codes: nothing is trimmed"),
    ("source-add-title-space", SOURCE_ADD, source(title=" "), None, None, "empty(' ') is false"),
    ("source-update-title-empty", SOURCE_UPDATE, {"id": 10, "fields": {"title": ""}}, 0,
     TITLE_INCOMPLETE, "empty('')"),
    ("timezone-before-2026-04", DATASET_ADD, table(fields=[col(type_="timezone")]),
     "VALIDATION_FIELD_INVALID_TYPE", None, "FieldType::Timezone joined on 2026-04-17"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "params", "answer", "message"),
    [pytest.param(*case[1:5], id=case[0]) for case in ORDER_CASES],
)
def test_order(method: str, params: Any, answer: str | int | None, message: str | None) -> None:
    target = "2025-07" if method == DATASET_ADD else BASELINE
    assert_answer(lint(params, method, target), answer, message)


def test_timezone_on_2026_04() -> None:
    assert_answer(lint(table(fields=[col(type_="timezone")]), TABLE_ADD, "2026-04"), None)


def test_crash_messages() -> None:
    report = lint(table(fields=[col(["A"])]))
    assert report.server_error is not None
    assert report.server_error.message == (
        "The server fails without an error code: preg_match() throws a TypeError for the array "
        'in the column "name".'
    )
    report = lint(source(settings={"token": {"a": 1}}), SOURCE_ADD)
    assert report.server_error is not None
    assert report.server_error.message == (
        "The server fails without an error code: trim() throws a TypeError for the array in "
        'settings "token" (if "token" is one of the connector\'s setting codes).'
    )


def test_every_repeat_is_reported() -> None:
    report = lint(table(fields=[col("A", "x"), col("A", "x"), col("A", "x")]))
    assert pointers(report, "0") == ["/fields/fields/1/name", "/fields/fields/2/name"]
    assert pointers(report, "VALIDATION_DUPLICATE_FIELD_CODE") == [
        "/fields/fields/1/externalCode",
        "/fields/fields/2/externalCode",
    ]


def test_last_converted_key_wins() -> None:
    """``name`` and ``Name`` both become ``NAME``: the later one is checked and pointed at."""
    report = lint(table(fields=[{"name": "ID", "Name": "id", "externalCode": "i", "type": "int"}]))
    assert pointers(report, "VALIDATION_FIELD_NAME_INVALID_FORMAT") == ["/fields/fields/0/Name"]


# --------------------------------------------------------------------------------------------
# Module conventions
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_module_conventions(module: Any) -> None:
    doc = module.__doc__ or ""
    assert "\nSource: " in doc and "SERVER-SPEC" not in doc and "§" not in doc
    assert "Pass:" in doc and "Fail:" in doc
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", module.SPEC.name)
    assert module.SPEC.name.replace("-", "_") == Path(inspect.getfile(module)).stem
    assert len(inspect.getsource(module).splitlines()) <= 90
