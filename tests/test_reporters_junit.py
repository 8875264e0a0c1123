"""JUnit XML output: parseable whatever the payload holds, counts that add up, one suite per file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bicon_lint.api import Report, RunResult, lint_text
from bicon_lint.model import Diagnostic, ServerError, Severity
from bicon_lint.reporters import render
from bicon_lint.targets import DEFAULT_TARGET
from tests.test_reporters_golden import golden_result


def junit(result: RunResult) -> ET.Element:
    output = render("junit", result)
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    return ET.fromstring(output.encode("utf-8"))


def test_counts_add_up() -> None:
    result = golden_result()
    root = junit(result)
    assert root.tag == "testsuites" and root.get("name") == "bicon-lint"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        *(report.path or "<params>" for report in result.checked),
        "unreadable",
    ]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(cases)
        assert int(suite.get("failures", "")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors", "")) == len(suite.findall("testcase/error"))
    total = sum(int(s.get("tests", "")) for s in suites)
    assert root.get("tests") == str(total)
    assert root.get("failures") == str(result.errors)  # failures are what makes exit code 1
    assert root.get("errors") == str(len(result.failures))


def test_clean_file_passes_and_warnings_do_not_fail() -> None:
    suites = {s.get("name"): s for s in junit(golden_result()).findall("testsuite")}
    (clean,) = suites["good.json"].findall("testcase")
    assert clean.attrib == {"name": "bicon-lint", "classname": "good.json", "file": "good.json"}
    assert list(clean) == []
    warning = suites["dataset.json"].find("testcase[@name='BL201 /params']")
    assert warning is not None and warning.find("failure") is None
    out = warning.findtext("system-out")
    assert out is not None and out.startswith("warning: dataset.json:3:13: BL201 ")


def test_failure_carries_code_message_and_place() -> None:
    suites = {s.get("name"): s for s in junit(golden_result()).findall("testsuite")}
    case = suites["crash.json"].find("testcase")
    assert case is not None
    assert case.attrib == {
        "name": "BL101 /params/fields/settings/0/name",
        "classname": "crash.json",
        "file": "crash.json",
        "line": "3",
    }
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "BL101"
    assert failure.get("message", "").startswith("The server fails without an error code")
    assert (failure.text or "").startswith("crash.json:3:69: BL101 The server fails")
    properties = {
        p.get("name"): p.get("value") for p in suites["crash.json"].findall("properties/property")
    }
    assert properties["method"] == "biconnector.connector.update"
    assert properties["target"] == "latest"
    assert (properties["server"] or "").startswith("crashes with no error code (")


def test_markup_and_characters_xml_cannot_hold_are_escaped() -> None:
    nasty = "a <b> & \"c\" 'd'\n]]> \x00\x01\x1b \ud800 🚀"
    diagnostic = Diagnostic(
        1, 2, "BL003", nasty, Severity.ERROR, "duplicate-key", (), f"/{nasty}", 1, 5, False
    )
    report = Report(
        f"dir/{nasty}.json",
        "biconnector.connector.update",
        DEFAULT_TARGET,
        [diagnostic],
        ServerError("CODE", nasty),
        command=nasty,
    )
    root = junit(RunResult([report], failures=[nasty]))
    shown = "a <b> & \"c\" 'd'\n]]> \\x00\\x01\\x1b \\ud800 🚀"
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("name") == f"dir/{shown}.json (command {shown})"
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == shown
    assert failure.text == f"dir/{shown}.json:1:2: BL003 {shown} [duplicate-key]"
    error = root.find("testsuite[@name='unreadable']/testcase/error")
    assert error is not None and error.get("message") == shown


def test_batch_commands_are_suites_of_their_own() -> None:
    text = '{"method": "biconnector.connector.update", "params": {"id": 4, "fields": {"sort": 1}}}'
    report = lint_text(text, "batch.json")
    root = junit(RunResult([report._replace(command=key) for key in ("a", "b")]))
    names = [s.get("name") for s in root.findall("testsuite")]
    assert names == ["batch.json (command a)", "batch.json (command b)"]
    command = root.find("testsuite/properties/property[@name='command']")
    assert command is not None and command.get("value") == "a"


def test_no_files() -> None:
    root = junit(RunResult([]))
    assert root.attrib == {"name": "bicon-lint", "tests": "0", "failures": "0", "errors": "0"}
    assert list(root) == []
