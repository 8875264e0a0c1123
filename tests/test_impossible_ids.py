"""Ids no portal can hold: ``source.add``'s ``connectorId`` and ``table.add``/``dataset.add``'s
``sourceId`` whose PHP ``(int)`` is 0 or below are answered ``CONNECTOR_NOT_FOUND`` /
``SOURCE_NOT_FOUND`` (rules ``source-connector-exists``, ``dataset-source-exists``).

Differential tests (Hypothesis): requests are generated, linted with ``lint_payload``, and the
predicted answer is compared with a small oracle written from the server code, not from the rules:

* ``source.add`` [SERVER-SPEC §5.1-5.2; ``Rest/Base.php`` ``validateFields``, ``Rest/Source.php``
  ``addEntity`` lines 161-200, ``SourceManager::addConnection``]: unknown keys, then each field of
  ``Source::getFields()`` in order (missing required, read only, type), then the connector look-up
  by ``(int)connectorId``, then (``urlCheck`` assumed to answer) the empty title (code 0), then the
  ORM's ``TITLE`` length.
* ``table.add``/``dataset.add`` [SERVER-SPEC §6.1-6.2; ``Rest/Dataset.php`` ``addEntity`` lines
  206-261, ``RestDatasetManager``]: ``validateFields``, the name pattern, the source look-up by
  ``intval(sourceId)``, then the columns (empty, a type not in ``FieldType``), then the name length.

The oracle's ``(int)`` is computed from how each value was built (an integer written in some form,
a decimal, a float), and the odd forms come with the result the spec's §3.3 table gives.
"""

from __future__ import annotations

import math
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bicon_lint import lint_payload
from bicon_lint.targets import Target

PROFILE = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
INT_MAX = 2**63 - 1

# Values sent as an id, each with PHP's (int) of it, or None when is_numeric() is false.
# SERVER-SPEC §3.3 table, verbatim.
SPEC_TABLE: list[tuple[Any, int | None]] = [
    ("4", 4), (" 4", 4), ("\t4", 4), ("4 ", 4), ("4\n", 4), ("4.5", 4), ("0.5", 0),
    ("1e3", 1000), ("1E3", 1000), ("1e-3", 0), ("0e5", 0), ("0x1A", None), ("", None),
    (" ", None), ("+4", 4), (".5", 0), ("5.", 5), ("-1", -1), (-3, -3), ("1_000", None),
    ("4abc", None), ("\u0661", None), ("00", 0), ("0.0", 0), ("-0", 0), (0, 0),
    ("9999999999999999999", INT_MAX), (1e19, -8446744073709551616), (4, 4), (4.5, 4),
    (1e3, 1000), (True, None), (False, None), (None, None), ([4], None), ({}, None),
]  # fmt: skip


@st.composite
def ids(draw: st.DrawFn) -> tuple[Any, int | None]:
    """An id value and the (int) PHP gives it (None: not is_numeric)."""
    kind = draw(st.sampled_from(["table", "int", "digits", "decimal", "float"]))
    if kind == "table":
        return draw(st.sampled_from(SPEC_TABLE))
    number = draw(st.integers(-(2**63) + 1, INT_MAX) | st.integers(-3, 3))
    if kind == "int":
        return number, number
    if kind == "digits":  # leading whitespace and a trailing one are allowed (PHP 8)
        before, after = draw(st.sampled_from(["", " ", "\n"])), draw(st.sampled_from(["", " "]))
        return f"{before}{number}{after}", number
    if kind == "decimal":  # "-0.7" casts to 0: the fraction is cut toward zero
        fraction = draw(st.integers(0, 999))
        if abs(number) >= 2**52:
            return str(number), number
        return f"{number}.{fraction}", number
    value = draw(st.floats(-1e6, 1e6, allow_nan=False))
    return value, math.trunc(value)


def source_add_oracle(fields: dict[str, Any], cast: int | None) -> tuple[str | int, str] | None:
    """The first error of ``source.add`` for the generated fields (connector ids > 0 exist)."""
    known = ["id", "title", "type", "code", "description", "active", "dateCreate",
             "dateUpdate", "createdById", "updatedById", "connectorId", "settings"]  # fmt: skip
    if not fields:  # empty($fields)
        return "VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided."
    unknown = [key for key in fields if key not in known]
    if unknown:
        return "VALIDATION_UNKNOWN_PARAMETERS", "Unknown parameters: " + ", ".join(unknown)
    types = {"title": "string", "active": "boolean", "connectorId": "integer", "settings": "array"}
    for title in known:
        if title not in fields:
            if title in ("title", "connectorId", "settings"):
                return "VALIDATION_REQUIRED_FIELD_MISSING", f'Field "{title}" is required.'
            continue
        value, kind = fields[title], types.get(title)
        ok = {
            "string": isinstance(value, str),
            "boolean": isinstance(value, bool),
            "integer": cast is not None,
            "array": isinstance(value, (dict, list)),
        }
        if kind is not None and not ok[kind]:
            return "VALIDATION_INVALID_FIELD_TYPE", f'Field "{title}" must be of type {kind}.'
    assert cast is not None
    if cast <= 0:
        return "CONNECTOR_NOT_FOUND", "Connector was not found."
    if fields["title"] in ("", "0"):
        return 0, "All the fields are required."
    if len(fields["title"]) > 512:
        return "BX_INVALID_VALUE", "TITLE"
    return None


TITLES = st.sampled_from(["S", "", "0", " ", "x" * 512, "x" * 513, 5, None])
SETTINGS = st.sampled_from([{}, [], {"token": "t"}, {"token": 5, "login": None}, "[]"])


@st.composite
def source_adds(draw: st.DrawFn) -> tuple[dict[str, Any], int | None]:
    value, cast = draw(ids())
    fields: dict[str, Any] = {}
    for key, strategy in (("title", TITLES), ("connectorId", st.just(value))):
        if draw(st.integers(0, 9)):  # mostly present
            fields[key] = draw(strategy)
    if draw(st.integers(0, 9)):
        fields["settings"] = draw(SETTINGS)
    if draw(st.booleans()):
        fields["active"] = draw(st.sampled_from([True, "Y"]))
    if not draw(st.integers(0, 9)):
        fields["foo"] = 1
    order = draw(st.permutations(list(fields)))
    return {key: fields[key] for key in order}, cast


def same(answer: Any, expected: tuple[str | int, str] | None) -> bool:
    if expected is None:
        return answer is None
    if answer is None or answer.fatal or answer.portal is not None:
        return False
    code, message = expected
    if code == "BX_INVALID_VALUE":  # the label is the portal's (SERVER-SPEC §11.1)
        return answer.code == code and answer.message.startswith('The length of "')
    return (answer.code, answer.message) == (code, message)


@PROFILE
@given(source_adds(), st.sampled_from([Target.V2025_07, Target.V2026_05, Target.LATEST]))
def test_source_add_agrees_with_the_oracle(
    case: tuple[dict[str, Any], int | None], target: Target
) -> None:
    fields, cast = case
    report = lint_payload({"fields": fields}, "biconnector.source.add", target=target)
    expected = source_add_oracle(fields, cast if "connectorId" in fields else 1)
    assert same(report.server_error, expected), (fields, report.server_error, expected)


# --------------------------------------------------------------------------------------------
# table.add / dataset.add
# --------------------------------------------------------------------------------------------

COLUMN = {"name": "ID", "externalCode": "id", "type": "int"}
COLUMNS = st.sampled_from(
    [[COLUMN], [], [COLUMN, {"name": "B", "externalCode": "b", "type": "bad"}], "x"]
)
NAMES = st.sampled_from(["sales", "Sales", "1st", "sales\n", "a" * 230, "a" * 231, 7])
TYPES = {"int", "string", "double", "date", "datetime", "money"}


def table_add_oracle(fields: dict[str, Any], cast: int | None) -> tuple[str | int, str] | None:
    """The first error of ``table.add``/``dataset.add`` (sources with an id > 0 exist)."""
    order = ["id", "sourceId", "name", "type", "description", "externalName", "externalCode",
             "externalId", "dateCreate", "dateUpdate", "createdById", "updatedById", "fields"]  # fmt: skip
    required = {"sourceId", "name", "externalName", "externalCode", "fields"}
    for title in order:
        if title not in fields:
            if title in required:
                return "VALIDATION_REQUIRED_FIELD_MISSING", f'Field "{title}" is required.'
            continue
        value = fields[title]
        if title == "sourceId" and cast is None:
            return "VALIDATION_INVALID_FIELD_TYPE", 'Field "sourceId" must be of type integer.'
        if title in ("name", "externalName", "externalCode") and not isinstance(value, str):
            return "VALIDATION_INVALID_FIELD_TYPE", f'Field "{title}" must be of type string.'
        if title == "fields" and not isinstance(value, (list, dict)):
            return "VALIDATION_INVALID_FIELD_TYPE", 'Field "fields" must be of type array.'
    if re.fullmatch(r"[a-z][a-z0-9_]*\n?", fields["name"]) is None:  # PCRE "$": one final "\n"
        return "VALIDATION_DATASET_NAME_INVALID", (
            "Dataset name has to start with a lowercase Latin character. Possible entry includes "
            "lowercase Latin characters (a-z), numbers (0-9) and underscores."
        )
    assert cast is not None
    if cast <= 0:
        return "SOURCE_NOT_FOUND", "Source was not found."
    if not fields["fields"]:
        return "FIELDS_EMPTY", "$fields is empty"
    if any(column["type"] not in TYPES for column in fields["fields"]):
        return "VALIDATION_FIELD_INVALID_TYPE", "Invalid field type."
    if len(fields["name"]) > 230:
        return "VALIDATION_DATASET_NAME_TOO_LONG", "Dataset name must not exceed 230 characters."
    return None


@st.composite
def table_adds(draw: st.DrawFn) -> tuple[dict[str, Any], int | None]:
    value, cast = draw(ids())
    fields: dict[str, Any] = {"externalName": "S", "externalCode": "s"}
    for key, strategy in (("sourceId", st.just(value)), ("name", NAMES), ("fields", COLUMNS)):
        if draw(st.integers(0, 9)):
            fields[key] = draw(strategy)
    order = draw(st.permutations(list(fields)))
    return {key: fields[key] for key in order}, cast


METHOD_TARGETS = st.sampled_from(
    [("biconnector.dataset.add", target) for target in Target]
    + [("biconnector.table.add", target) for target in Target if target >= Target.V2026_04]
)


@PROFILE
@given(table_adds(), METHOD_TARGETS)
def test_table_add_agrees_with_the_oracle(
    case: tuple[dict[str, Any], int | None], method_target: tuple[str, Target]
) -> None:
    fields, cast = case
    method, target = method_target
    report = lint_payload({"fields": fields}, method, target=target)
    expected = table_add_oracle(fields, cast if "sourceId" in fields else 1)
    assert same(report.server_error, expected), (fields, report.server_error, expected)


def test_every_spec_table_row_with_a_cast_of_zero_or_below_is_predicted() -> None:
    # The brief's list: 0, -1, "0", 0.5, ".5", "0e5", 1e19 all reach the look-up and fail it.
    for value in (0, -1, "0", 0.5, ".5", "0e5", 1e19, "-0", "00", "0.0", "1e-3", -3, "-1"):
        source = {"title": "S", "connectorId": value, "settings": {}}
        answer = lint_payload({"fields": source}, "biconnector.source.add").server_error
        assert answer is not None and answer.code == "CONNECTOR_NOT_FOUND", value
        table = {"sourceId": value, "name": "sales", "externalName": "S", "externalCode": "s",
                 "fields": [COLUMN]}  # fmt: skip
        answer = lint_payload({"fields": table}, "biconnector.table.add").server_error
        assert answer is not None and answer.code == "SOURCE_NOT_FOUND", value


def test_other_look_ups_reject_such_ids_earlier() -> None:
    # validateParamsId: (int)id <= 0 is VALIDATION_INVALID_ID_FORMAT before any look-up (§4.3 C1).
    for method in ("biconnector.connector.get", "biconnector.source.update"):
        answer = lint_payload({"id": "0.5", "fields": {"title": "x"}}, method).server_error
        assert answer is not None and answer.code == "VALIDATION_INVALID_ID_FORMAT"
