"""GitHub Actions workflow commands: annotations, their escaping (as ``@actions/core``'s
``escapeData`` and ``escapeProperty``), and choosing the format inside a workflow."""

from __future__ import annotations

from typing import Any

from bicon_lint.api import Report, RunResult, lint_text
from bicon_lint.model import Diagnostic, ServerError, Severity
from bicon_lint.reporters import default_format, render
from bicon_lint.reporters.github import escape_data, escape_property
from bicon_lint.targets import DEFAULT_TARGET


def diagnostic(
    message: str = "m",
    *,
    code: str = "VALIDATION_INVALID_FIELD_TYPE",
    severity: Severity = Severity.ERROR,
    span: tuple[int, int, int, int] | None = (2, 3, 2, 9),
    pointer: str = "/params/fields/sort",
) -> Diagnostic:
    line, column, end_line, end_column = span or (None, None, None, None)
    return Diagnostic(
        line, column, code, message, severity, "field-type", (), pointer, end_line, end_column
    )


def github(*diagnostics: Diagnostic, path: str | None = "x.json", **report: Any) -> str:
    made = Report(path, "biconnector.connector.update", DEFAULT_TARGET, list(diagnostics))
    return render("github", RunResult([made._replace(**report)]))


def test_escaping_rules() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b"
    assert escape_data("%0A") == "%250A"  # '%' first: an escape sequence stays literal text


def test_message_and_properties_are_escaped() -> None:
    message = "50% of key: a, b\nsecond line"
    output = github(diagnostic(message), path="dir:1/a,b.json")
    assert output == (
        "::error file=dir%3A1/a%2Cb.json,line=2,col=3,endLine=2,endColumn=9,"
        "title=bicon-lint (VALIDATION_INVALID_FIELD_TYPE)"
        "::50%25 of key: a, b%0Asecond line [field-type]\n"
    )


def test_a_payload_cannot_inject_a_workflow_command() -> None:
    # a key with a newline and a command in it, in a real payload
    text = (
        '{"method": "biconnector.connector.update", "params": {"id": 4, "fields": '
        '{"x\\n::add-mask::secret\\r\\n::error::fake": 1}}}'
    )
    output = render("github", RunResult([lint_text(text, "p.json")]))
    lines = output.splitlines()
    assert len(lines) == 2  # the finding and the server's answer, nothing else
    assert lines[0].startswith("::error file=p.json,line=1,col=")
    assert lines[1].startswith("::notice file=p.json,title=bicon-lint (server answer)::")
    assert "%0A::add-mask::secret%0D%0A::error::fake" in lines[0]


def test_severities() -> None:
    output = github(
        diagnostic(severity=Severity.ERROR),
        diagnostic(code="BL201", severity=Severity.WARNING),
        diagnostic(code="BL301", severity=Severity.INFO),
    )
    assert [line.split(" ", 1)[0] for line in output.splitlines()] == [
        "::error",
        "::warning",
        "::notice",
    ]


def test_spans_over_several_lines_have_no_columns() -> None:
    output = github(diagnostic(span=(3, 13, 12, 4)))
    assert output.startswith("::error file=x.json,line=3,endLine=12,title=")


def test_without_position_the_file_is_annotated() -> None:
    output = github(diagnostic("ID is missing.", span=None, pointer="/params"))
    assert output == (
        "::error file=x.json,title=bicon-lint (VALIDATION_INVALID_FIELD_TYPE)"
        "::ID is missing. [field-type] at /params\n"
    )
    no_path = github(diagnostic(span=None, pointer=""), path=None)
    assert no_path == "::error title=bicon-lint (VALIDATION_INVALID_FIELD_TYPE)::m [field-type]\n"


def test_server_answer_notice_and_batch_command() -> None:
    answer = ServerError(code=None, message="boom, 100%", fatal=True)
    output = github(diagnostic(), server_error=answer, command="cmd,1")
    assert output.splitlines() == [
        "::error file=x.json,line=2,col=3,endLine=2,endColumn=9,"
        "title=bicon-lint (VALIDATION_INVALID_FIELD_TYPE)::m [field-type] (command cmd,1)",
        "::notice file=x.json,title=bicon-lint (server answer)"
        "::command cmd,1: the server crashes with no error code (boom, 100%25)",
    ]


def test_unreadable_paths_are_errors_without_a_file() -> None:
    output = render("github", RunResult([], failures=["a:b.json: no such file"]))
    assert output == "::error title=bicon-lint (unreadable path)::a:b.json: no such file\n"
    assert render("github", RunResult([])) == ""


def test_default_format_inside_github_actions() -> None:
    assert default_format({"GITHUB_ACTIONS": "true", "GITHUB_WORKFLOW": "CI"}) == "github"
    assert default_format({"GITHUB_ACTIONS": "true"}) == "text"
    assert default_format({"GITHUB_ACTIONS": "false", "GITHUB_WORKFLOW": "CI"}) == "text"
    assert default_format({"GITHUB_WORKFLOW": "CI"}) == "text"
    assert default_format({}) == "text"
