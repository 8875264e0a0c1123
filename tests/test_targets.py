"""What differs between server versions (SERVER-SPEC §1.1), one test per difference."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bicon_lint import lint_payload
from bicon_lint.contract import api_fields
from bicon_lint.targets import Target
from tests.shared import CONNECTOR_FIELDS_2026_05

UPDATE = "biconnector.connector.update"


def _setting(**item: object) -> dict[str, object]:
    return {"id": 4, "fields": {"settings": [item]}}


def answer(params: object, method: str, target: str) -> tuple[object, str] | None:
    error = lint_payload(params, method, target=target).server_error
    return None if error is None else (error.code, error.message)


INVALID_TYPE = ("VALIDATION_SETTINGS_INVALID_TYPE", 'Parameter "type" is not correct.')
MISSING = (
    "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
    'Settings must include "type", "name" and "code" fields.',
)


@pytest.mark.parametrize(("target", "expected"), [("2026-01", INVALID_TYPE), ("2026-04", None)])
def test_int_setting_type_arrived_2026_04(target: str, expected: object) -> None:
    # §3.8: SourceSettingType::Int = 'INT' was added on 2026-04-17.
    assert answer(_setting(code="c", name="n", type="INT"), UPDATE, target) == expected


@pytest.mark.parametrize("target", ["2025-04", "2025-07", "latest"])
def test_capitalised_setting_keys_pass_on_every_version(target: str) -> None:
    # §3.9 and §1.1: camel2snake("Name") is "name" (25.300.0) or "NAME" after TO_UPPER (25.550.100+).
    assert answer(_setting(Code="c", Name="n", Type="STRING"), UPDATE, target) is None


@pytest.mark.parametrize("target", ["2025-04", "2025-07", "latest"])
def test_upper_case_setting_keys_fail_on_every_version(target: str) -> None:
    # "NAME" becomes "n_am_e" / "N_AM_E": never the key the server reads.
    assert answer(_setting(CODE="c", NAME="n", TYPE="STRING"), UPDATE, target) == MISSING


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("2025-07", ("VALIDATION_UNKNOWN_PARAMETERS", "Unknown parameters: supportMapping")),
        ("2026-01", None),
    ],
)
def test_support_mapping_arrived_2026_01(target: str, expected: object) -> None:
    params = {"id": 4, "fields": {"supportMapping": True}}
    assert answer(params, UPDATE, target) == expected


def test_source_code_is_unknown_before_latest_and_limited_to_64_on_latest() -> None:
    # §4.1 row 13 and §9.1 #16: documented 2026-08, absent from the 2026-05 code.
    ok = {"id": 4, "fields": {"sourceCode": "mysql"}}
    assert answer(ok, UPDATE, "2026-05") == (
        "VALIDATION_UNKNOWN_PARAMETERS",
        "Unknown parameters: sourceCode",
    )
    assert answer(ok, UPDATE, "latest") is None
    long_code = {"id": 4, "fields": {"sourceCode": "s" * 65}}
    code, message = answer(long_code, UPDATE, "latest") or ("", "")
    assert code == "BX_INVALID_VALUE"
    assert message.endswith("should not exceed 64 characters.")
    assert answer({"id": 4, "fields": {"sourceCode": "s" * 64}}, UPDATE, "latest") is None


NOT_FOUND = ("ERROR_METHOD_NOT_FOUND", "Method not found!")


@pytest.mark.parametrize(
    ("method", "target", "expected"),
    [
        ("biconnector.table.get", "2026-01", NOT_FOUND),  # table.* from 2026-04-17
        ("biconnector.table.get", "2026-04", None),
        ("biconnector.source.get", "2025-04", NOT_FOUND),  # no Rest/Source.php in 25.300.0
        ("biconnector.source.get", "2025-07", None),
    ],
)
def test_methods_exist_from_their_version(method: str, target: str, expected: object) -> None:
    result = lint_payload({"id": 20}, method, target=target).server_error
    got = None if result is None else (result.code, result.message)
    assert got == expected
    if result is not None:
        assert result.top_level  # the REST core answers at the top level (§2.2)


@pytest.mark.parametrize(
    ("target", "count", "last"),
    [
        ("2025-07", 11, "dateCreate"),
        ("2026-05", 12, "supportMapping"),
        ("latest", 13, "sourceCode"),
    ],
)
def test_connector_field_table_per_version(target: str, count: int, last: str) -> None:
    fields = api_fields("connector", Target.parse(target))
    assert len(fields) == count
    assert fields[-1]["title"] == last


def test_fields_command_prints_the_2026_05_table_in_server_order() -> None:
    # §4.1: the 12 rows of Connector::getFields() in the order validateFields walks them.
    done = subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "fields", "connector", "--target", "2026-05"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    titles = [row["title"] for row in json.loads(done.stdout)["fields"]]
    assert titles == CONNECTOR_FIELDS_2026_05
    first = json.loads(done.stdout)["fields"][0]
    assert first == {
        "title": "id",
        "type": "integer",
        "isRequired": True,
        "isReadOnly": True,
        "isImmutable": False,
        "isMultiple": False,
    }
