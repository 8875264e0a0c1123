"""SARIF output: valid against the official SARIF 2.1.0 schema, and what the schema cannot check.

``tests/data/sarif-schema-2.1.0.json`` is the OASIS schema (``id`` ``.../v2.1.0/errata01/os/
schemas/sarif-schema-2.1.0.json``), copied unchanged from oasis-tcs/sarif-spec:
``Schemata/sarif-schema-2.1.0.json`` at ffa72eb4d4d7504ac43736489b0444aff7afdd74 ("the github copy
exactly matches OASIS' official version"), identical to ``sarif-2.1/schema/sarif-schema-2.1.0.json``
at e0583813964ec43cea53b6b531b402866095ed1f; sha256 c3b4bb2d...2682e.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bicon_lint.api import RunResult, lint_text
from bicon_lint.docs import ALL_RULES, plain_doc, rule_text
from bicon_lint.reporters import render
from bicon_lint.reporters._common import artifact_uri, display_path
from bicon_lint.sources import rule_url
from tests.test_reporters_golden import DATA, golden_result

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
# RFC 3986 URI-reference characters (the schema's "uri" formats are not checked by jsonschema
# without optional packages)
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def sarif(result: RunResult) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render("sarif", result))
    return document


def schema_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def test_schema_is_the_official_file() -> None:
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == SCHEMA_SHA256
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")


RUNS = {
    "golden-run": golden_result,
    "no-files": lambda: RunResult([]),
    "clean-file": lambda: RunResult([golden_result().reports[0]]),
}


@pytest.mark.parametrize("which", RUNS)
def test_output_validates_against_the_sarif_schema(which: str) -> None:
    document = sarif(RUNS[which]())
    assert schema_errors(document) == []
    assert document["version"] == "2.1.0"
    assert document["$schema"] == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["id"]
    (run,) = document["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    uris = [run["tool"]["driver"]["informationUri"]]
    uris += [rule["helpUri"] for rule in run["tool"]["driver"]["rules"]]
    uris += [artifact["location"]["uri"] for artifact in run["artifacts"]]
    for item in run["results"]:
        uris += [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in item["locations"]]
    assert all(URI_REFERENCE.match(uri) for uri in uris), uris


def test_rules_describe_every_code_of_every_rule() -> None:
    driver = sarif(RunResult([]))["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("bicon-lint", "0.1.0")
    expected = [(rule, code, info) for rule in ALL_RULES for code, info in rule.spec.codes.items()]
    assert len(driver["rules"]) == len(expected)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, (rule, code, info) in zip(driver["rules"], expected, strict=True):
        assert descriptor["id"] == code
        assert descriptor["name"] == rule.spec.name
        assert descriptor["fullDescription"]["text"] == plain_doc(rule)
        assert descriptor["shortDescription"]["text"]
        assert descriptor["help"]["text"] == rule_text(rule)
        assert descriptor["help"]["markdown"].startswith(f"## {rule.spec.name}\n")
        assert descriptor["helpUri"] == rule_url(rule.spec.name)
        assert descriptor["helpUri"].endswith(f"/docs/rules.md#{rule.spec.name}")
        assert descriptor["defaultConfiguration"]["level"] == levels[info.severity.value]
        assert descriptor["properties"] == {"server": info.server}
    # a server code two rules answer has two descriptors: ruleIndex tells them apart (§3.19.23)
    assert [d["name"] for d in driver["rules"] if d["id"] == "BX_INVALID_VALUE"] == [
        "save-length",
        "source-save-length",
    ]


def test_results_point_at_their_rule_and_place() -> None:
    result = golden_result()
    run = sarif(result)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    diagnostics = [(report, d) for report in result.checked for d in report.diagnostics]
    assert len(run["results"]) == len(diagnostics)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for item, (report, diagnostic) in zip(run["results"], diagnostics, strict=True):
        assert item["ruleId"] == diagnostic.code
        assert rules[item["ruleIndex"]]["id"] == diagnostic.code
        assert rules[item["ruleIndex"]]["name"] == diagnostic.rule
        assert item["level"] == levels[diagnostic.severity.value]
        assert item["message"]["text"] == diagnostic.message
        (location,) = item["locations"]
        assert location["logicalLocations"] == [{"fullyQualifiedName": diagnostic.pointer}]
        physical = location["physicalLocation"]
        artifact = run["artifacts"][physical["artifactLocation"]["index"]]
        assert artifact["location"]["uri"] == physical["artifactLocation"]["uri"]
        assert physical["artifactLocation"]["uri"] == artifact_uri(display_path(report))
        if diagnostic.line is None:
            assert "region" not in physical
        else:
            assert physical["region"] == {
                "startLine": diagnostic.line,
                "startColumn": diagnostic.column,
                "endLine": diagnostic.end_line,
                "endColumn": diagnostic.end_column,
            }


def test_columns_count_code_points_as_column_kind_says() -> None:
    text = (DATA / "bad.json").read_text(encoding="utf-8")
    run = sarif(RunResult([lint_text(text, "bad.json")]))["runs"][0]
    (sort,) = [r for r in run["results"] if r["ruleId"] == "VALIDATION_INVALID_FIELD_TYPE"]
    region = sort["locations"][0]["physicalLocation"]["region"]
    line = text.splitlines()[region["startLine"] - 1]
    code_points = line.index('"0x1A"') + 1
    utf16 = len(line[: code_points - 1].encode("utf-16-le")) // 2 + 1
    assert "🚀" in line and utf16 == code_points + 1  # the rocket is two UTF-16 code units
    assert (region["startColumn"], region["endColumn"]) == (code_points, code_points + 6)


def test_server_answers_are_artifact_properties() -> None:
    result = golden_result()
    run = sarif(result)["runs"][0]
    by_uri = {a["location"]["uri"]: a for a in run["artifacts"]}
    assert len(by_uri) == len(result.checked)
    for report in result.checked:
        artifact = by_uri[artifact_uri(display_path(report))]
        assert artifact["roles"] == ["analysisTarget"]
        (entry,) = artifact["properties"]["reports"]
        assert entry == {
            "command": None,
            "method": report.method,
            "target": "latest",
            "server_error": report.server_error.as_dict() if report.server_error else None,
        }
    crash = by_uri["crash.json"]["properties"]["reports"][0]["server_error"]
    assert crash["code"] is None and crash["fatal"] is True


def test_batch_commands_of_one_file_share_its_artifact() -> None:
    text = (DATA / "crash.json").read_text(encoding="utf-8")
    first = lint_text(text, "batch.json")._replace(command="one")
    second = lint_text(text, "batch.json")._replace(command="two")
    run = sarif(RunResult([first, second]))["runs"][0]
    (artifact,) = run["artifacts"]
    assert [entry["command"] for entry in artifact["properties"]["reports"]] == ["one", "two"]
    assert [r["properties"] for r in run["results"]] == [{"command": "one"}, {"command": "two"}]
    one, two = (r["partialFingerprints"]["biconLint/v1"] for r in run["results"])
    assert one != two


def test_partial_fingerprints_survive_moved_lines() -> None:
    text = (DATA / "bad.json").read_text(encoding="utf-8")
    before = sarif(RunResult([lint_text(text, "bad.json")]))["runs"][0]["results"]
    after = sarif(RunResult([lint_text("\n\n" + text, "bad.json")]))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in before]
    moved = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after]
    assert moved == [line + 2 for line in lines]


def test_unreadable_paths_are_tool_notifications() -> None:
    (invocation,) = sarif(golden_result())["runs"][0]["invocations"]
    assert invocation == {
        "executionSuccessful": False,
        "toolExecutionNotifications": [
            {"level": "error", "message": {"text": "missing.json: no such file"}}
        ],
    }
    clean = sarif(RunResult([]))["runs"][0]["invocations"]
    assert clean == [{"executionSuccessful": True}]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("payloads/connector.json", "payloads/connector.json"),
        ("./payloads/a b#1.json", "payloads/a%20b%231.json"),
        ("/srv/repo/payloads/x.json", "file:///srv/repo/payloads/x.json"),
        ("C:/repo/x.json", "file:///C:/repo/x.json"),
        ("<stdin>", "%3Cstdin%3E"),
        ("données/é.json", "donn%C3%A9es/%C3%A9.json"),
    ],
)
def test_artifact_uris(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
    assert URI_REFERENCE.match(uri)


def test_windows_separators_become_slashes() -> None:
    report = golden_result().reports[0]._replace(path="payloads\\sub\\x.json")
    assert display_path(report, sep="\\") == "payloads/sub/x.json"
    assert display_path(report, sep="/") == "payloads\\sub\\x.json"  # a plain character on POSIX


def test_the_schema_check_catches_a_broken_log() -> None:
    document = sarif(golden_result())
    document["runs"][0]["results"][0]["level"] = "fatal"
    document["runs"][0]["columnKind"] = "bytes"
    del document["runs"][0]["tool"]["driver"]["name"]
    errors = schema_errors(document)
    assert len(errors) == 3, errors
