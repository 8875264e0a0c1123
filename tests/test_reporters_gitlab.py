"""GitLab Code Quality output: the report format of docs.gitlab.com/ci/testing/code_quality
("Code Quality report format"), and fingerprints that neither collide (ruff#3441, ruff#14732) nor
change when lines move (ruff#7203)."""

from __future__ import annotations

import json
import re
from typing import Any

from bicon_lint.api import Report, RunResult, lint_text
from bicon_lint.model import Diagnostic, Severity
from bicon_lint.reporters import render
from bicon_lint.targets import DEFAULT_TARGET
from tests.test_reporters_golden import DATA, golden_result

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
ISSUE_KEYS = {"description", "check_name", "fingerprint", "severity", "location"}


def issues(result: RunResult) -> list[dict[str, Any]]:
    document: list[dict[str, Any]] = json.loads(render("gitlab", result))
    return document


def lint(text: str, path: str = "payload.json") -> Report:
    return lint_text(text, path)


def test_every_issue_has_the_fields_gitlab_requires() -> None:
    result = golden_result()
    found = issues(result)
    assert len(found) == sum(len(report.diagnostics) for report in result.checked)
    for issue in found:
        assert set(issue) == ISSUE_KEYS
        assert issue["description"].startswith(f"{issue['check_name']}: ")
        assert issue["severity"] in SEVERITIES
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        location = issue["location"]
        assert set(location) == {"path", "lines"}
        assert isinstance(location["path"], str) and location["path"]
        begin, end = location["lines"]["begin"], location["lines"]["end"]
        assert isinstance(begin, int) and begin >= 1 and end >= begin
    assert len({issue["fingerprint"] for issue in found}) == len(found)
    assert issues(RunResult([])) == []


def test_fingerprints_survive_lines_inserted_above() -> None:
    text = (DATA / "bad.json").read_text(encoding="utf-8")
    before = issues(RunResult([lint(text, "bad.json")]))
    after = issues(RunResult([lint("\n\n" + text, "bad.json")]))
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    # the lines did move, and so did the positions quoted in the BL003 messages
    assert [i["location"]["lines"]["begin"] + 2 for i in before] == [
        i["location"]["lines"]["begin"] for i in after
    ]
    assert any("line 13" in i["description"] for i in before)
    assert any("line 15" in i["description"] for i in after)


def test_identical_messages_at_two_places_differ() -> None:
    text = (
        '{"method": "biconnector.connector.update", "params": {"id": 4, "fields": {"settings": [\n'
        '  {"code": "a", "name": "A", "type": "string"},\n'
        '  {"code": "b", "name": "B", "type": "number"}]}}}\n'
    )
    found = issues(RunResult([lint(text)]))
    assert [i["check_name"] for i in found] == ["VALIDATION_SETTINGS_INVALID_TYPE"] * 2
    assert found[0]["description"] == found[1]["description"]
    assert found[0]["fingerprint"] != found[1]["fingerprint"]


def test_identical_pointer_and_message_get_an_occurrence_counter() -> None:
    # The first two of three "title" keys get the same BL003 message at the same pointer.
    text = (
        '{"method": "biconnector.connector.update", "params": {"id": 4,\n'
        ' "fields": {"title": "A", "title": "B", "title": "C"}}}\n'
    )
    report = lint(text)
    lost = [d for d in report.diagnostics if "the value here is lost" in d.message]
    assert len(lost) == 2 and lost[0].message == lost[1].message
    assert lost[0].pointer == lost[1].pointer
    fingerprints = [i["fingerprint"] for i in issues(RunResult([report]))]
    assert len(set(fingerprints)) == len(fingerprints) == 3


def test_the_same_finding_in_two_files_or_commands_differs() -> None:
    text = (DATA / "crash.json").read_text(encoding="utf-8")
    one, two = lint(text, "one.json"), lint(text, "two.json")
    first, second = issues(RunResult([one, two]))
    assert first["description"] == second["description"]
    assert first["fingerprint"] != second["fingerprint"]
    in_batch = [one._replace(command=key) for key in ("a", "b")]
    first, second = issues(RunResult(in_batch))
    assert first["fingerprint"] != second["fingerprint"]
    assert first["description"].endswith("(command a)")


def test_severity_mapping() -> None:
    def diagnostic(code: str, severity: Severity, server: bool) -> Diagnostic:
        return Diagnostic(None, None, code, "m", severity, "r", (), "", server=server)

    report = Report(
        "x.json",
        "biconnector.connector.add",
        DEFAULT_TARGET,
        [
            diagnostic("VALIDATION_INVALID_FIELD_TYPE", Severity.ERROR, True),
            diagnostic("BL001", Severity.ERROR, False),
            diagnostic("BL101", Severity.ERROR, False),
            diagnostic("BL201", Severity.WARNING, False),
            diagnostic("BL301", Severity.INFO, False),
        ],
    )
    found = issues(RunResult([report]))
    assert [i["severity"] for i in found] == ["major", "major", "critical", "minor", "info"]
    # no position: GitLab still needs a line
    assert {json.dumps(i["location"]) for i in found} == {
        '{"path": "x.json", "lines": {"begin": 1, "end": 1}}'
    }
