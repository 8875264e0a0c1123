"""The text output's severity words, its summary line, and ``--statistics``, run for real in
subprocesses.

Each problem line is ``path:line:col: SEVERITY: CODE message [rule]`` (gcc's shape); the summary
counts errors, warnings and info; ``--statistics`` ends with the very line the normal run ends
with, on the same files, and prints text or JSON only. The severities expected here are read from
the rule registry (``severity_of``), the positions computed from the texts written here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bicon_lint.api import INPUT_RULES, lint_payload
from bicon_lint.reporters import FORMATS
from bicon_lint.reporters.text import render_reports
from bicon_lint.rules import RULES

PROJECT = Path(__file__).resolve().parents[1]
TIMEOUT = 120

# One connector update with a problem of each severity: the logo is not an SVG image (BL303), two
# endpoints use plain http (BL311, one per URL) and the settings list replaces the stored one
# (BL408).
UPDATE = """\
{
  "method": "biconnector.connector.update",
  "params": {
    "id": 4,
    "fields": {
      "logo": "data:image/svg+xml;base64,NEWLOGODATA",
      "urlCheck": "http://example.com/check",
      "urlData": "http://example.com/data",
      "settings": [{"name": "Token", "type": "STRING", "code": "token"}]
    }
  }
}
"""
# A batch file: two commands, so two reports, one file. SERVER-SPEC §4.3 C1: (int)0 <= 0 is not an
# id; §3.3: "abc" is not numeric.
BATCH = (
    '{"halt": 0, "cmd": {"get": "biconnector.connector.get?id=0", '
    '"upd": "biconnector.connector.update?id=4&fields[sort]=abc"}}\n'
)
# The same with one http endpoint: one of each severity.
ONE = UPDATE.replace("http://example.com/data", "https://example.com/data")
NOT_A_PAYLOAD = '{"name": "web", "private": true}\n'

STATISTICS_ROW = re.compile(r"^\s*(\d+)  (\S+)\s+\[(\S+)\]\s+(error|warning|info)$")


def severity_of(code: str) -> str:
    """The severity the registry gives ``code`` (one for every rule that answers it)."""
    found = {
        spec.codes[code].severity.value
        for spec in (rule.spec for rule in (*RULES, *INPUT_RULES))
        if code in spec.codes
    }
    assert len(found) == 1, (code, found)
    return found.pop()


def position_of(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def bicon_lint(
    *args: str, cwd: Path, stdin: str | None = None, **environ: str
) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"NO_COLOR", "GITHUB_ACTIONS", "GITHUB_WORKFLOW", "BICON_LINT_JOBS"}
    }
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name, text in {
        "update.json": UPDATE,
        "one.json": ONE,
        "batch.json": BATCH,
        "package.json": NOT_A_PAYLOAD,
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_registry_grades_the_codes_used_here() -> None:
    assert severity_of("BL303") == "error"  # logo-image
    assert severity_of("BL311") == "warning"  # endpoint-url
    assert severity_of("BL408") == "info"  # update-settings-replace
    assert severity_of("VALIDATION_INVALID_ID_FORMAT") == "error"
    assert severity_of("VALIDATION_INVALID_FIELD_TYPE") == "error"


def test_each_problem_line_names_its_severity(files: Path) -> None:
    result = bicon_lint("check", "update.json", cwd=files)
    assert result.returncode == 1, result.stdout + result.stderr
    expected = [
        ("update.json", '"data:image', "BL303", "logo-image"),
        ("update.json", '"http://example.com/check"', "BL311", "endpoint-url"),
        ("update.json", '"http://example.com/data"', "BL311", "endpoint-url"),
        ("update.json", '"settings"', "BL408", "update-settings-replace"),
    ]
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected) + 1
    for line, (path, token, code, rule) in zip(lines, expected, strict=False):
        row, column = position_of(UPDATE, token)
        assert line.startswith(f"{path}:{row}:{column}: {severity_of(code)}: {code} "), line
        assert line.endswith(f" [{rule}]")
    # what editors' $gcc problem matchers read: file, line, column, severity, message
    gcc = re.compile(r"^(.*):(\d+):(\d+):\s+(?:fatal\s+)?(warning|error):\s+(.*)$")
    matched = [match.group(4) for match in map(gcc.match, lines) if match]
    assert matched == ["error", "warning", "warning"]  # $gcc has no info


def test_the_severity_word_follows_the_configuration(files: Path) -> None:
    (files / "pyproject.toml").write_text(
        '[tool.bicon-lint]\nseverity = { "logo-image" = "warning" }\n', encoding="utf-8"
    )
    result = bicon_lint("check", "update.json", cwd=files)
    row, column = position_of(UPDATE, '"data:image')
    assert result.stdout.splitlines()[0].startswith(f"update.json:{row}:{column}: warning: BL303 ")
    assert result.stdout.splitlines()[-1] == "Found 0 errors, 3 warnings and 1 info in 1 file."
    assert result.returncode == 0  # no error left


def test_colour_marks_the_severity_word(files: Path) -> None:
    plain = bicon_lint("check", "update.json", cwd=files).stdout.splitlines()
    painted = bicon_lint("check", "--color", "always", "update.json", cwd=files).stdout
    lines = painted.splitlines()
    assert "\033[1m\033[31merror:\033[0m" in lines[0]  # bold red
    assert "\033[1m\033[33mwarning:\033[0m" in lines[1]  # bold yellow
    assert "\033[1m\033[36minfo:\033[0m" in lines[3]  # bold cyan
    assert [re.sub("\033\\[[0-9;]*m", "", line) for line in lines] == plain


def test_a_problem_without_a_position_keeps_the_shape() -> None:
    settings = [{"name": "Token", "type": "STRING", "code": "token"}]
    report = lint_payload(
        {"id": 4, "fields": {"settings": settings}}, "biconnector.connector.update"
    )
    assert [d.code for d in report.diagnostics] == ["BL408"]  # nothing else is wrong
    (line,) = render_reports([report]).splitlines()
    assert line.startswith("<params>: info: BL408 settings replaces")
    assert line.endswith(" [update-settings-replace]")


def test_escapes_stay_with_the_severity_word(tmp_path: Path) -> None:
    """An ESC in an unknown field's name (quoted by the server's message) is shown as ``\\x1b``:
    the payload cannot clear the screen, and the line keeps its shape."""
    text = (
        '{"method": "biconnector.connector.update", '
        '"params": {"id": 4, "fields": {"title": "T", "a\\u001b[2Jb": 1}}}\n'
    )
    (tmp_path / "key.json").write_text(text, encoding="utf-8")
    result = bicon_lint("check", "key.json", cwd=tmp_path)
    first = result.stdout.splitlines()[0]
    row, column = position_of(text, '"a\\u001b')
    assert first == (
        f"key.json:{row}:{column}: error: VALIDATION_UNKNOWN_PARAMETERS "
        "Unknown parameters: a\\x1b[2Jb [fields-known]"
    )
    assert "\033" not in result.stdout
    assert severity_of("VALIDATION_UNKNOWN_PARAMETERS") == "error"


@pytest.mark.parametrize(
    ("args", "stdin", "summary"),
    [
        # 1 + 2 errors (BL303; the batch's two commands), 2 warnings, 1 info; a batch file is
        # one file however many commands it has
        (["update.json", "batch.json"], None, "Found 3 errors, 2 warnings and 1 info in 2 files."),
        # standard input is a file of its own
        (["-", "batch.json"], UPDATE, "Found 3 errors, 2 warnings and 1 info in 2 files."),
        # --only-payloads skips package.json: not counted
        (
            ["--only-payloads", "update.json", "package.json"],
            None,
            "Found 1 error, 2 warnings and 1 info in 1 file.",
        ),
        # one of each: singular words; "info" is a mass noun
        (["one.json"], None, "Found 1 error, 1 warning and 1 info in 1 file."),
        (
            ["one.json", "-", "update.json"],
            UPDATE,
            "Found 3 errors, 5 warnings and 3 info in 3 files.",
        ),
        (["batch.json"], None, "Found 2 errors, 0 warnings and 0 info in 1 file."),
        (["package.json", "nowhere.json"], None, None),
    ],
)
def test_statistics_end_with_the_runs_summary(
    files: Path, args: list[str], stdin: str | None, summary: str | None
) -> None:
    normal = bicon_lint("check", *args, cwd=files, stdin=stdin)
    counted = bicon_lint("check", "--statistics", *args, cwd=files, stdin=stdin)
    assert counted.returncode == normal.returncode
    last = normal.stdout.splitlines()[-1]
    if summary is not None:
        assert last == summary
    else:  # package.json, named, is checked (BL005); nowhere.json cannot be read (exit 2)
        assert normal.returncode == 2
        assert last == "Found 1 error, 0 warnings and 0 info in 1 file. 1 path could not be read."
    assert counted.stdout.splitlines()[-1] == last
    assert counted.stderr == normal.stderr


def test_statistics_rows_count_each_code_with_its_rule_and_severity(files: Path) -> None:
    result = bicon_lint("check", "--statistics", "update.json", "batch.json", cwd=files)
    *rows, summary = result.stdout.splitlines()
    parsed = [STATISTICS_ROW.match(row) for row in rows]
    assert all(parsed), rows
    found = [(int(m.group(1)), m.group(2), m.group(3), m.group(4)) for m in parsed if m]
    assert found == [
        (2, "BL311", "endpoint-url", "warning"),  # most frequent first, then by code
        (1, "BL303", "logo-image", "error"),
        (1, "BL408", "update-settings-replace", "info"),
        (1, "VALIDATION_INVALID_FIELD_TYPE", "field-type", "error"),
        (1, "VALIDATION_INVALID_ID_FORMAT", "id-format", "error"),
    ]
    assert all(severity == severity_of(code) for _, code, _, severity in found)
    # the columns line up: each rule starts where the others do
    assert len({row.index("[") for row in rows}) == 1
    assert summary == "Found 3 errors, 2 warnings and 1 info in 2 files."


def test_statistics_agree_in_one_process_and_in_several(tmp_path: Path) -> None:
    """130 files: with two jobs the run forks (at least 64 files a job), and each worker sends
    back a tally instead of reports for the normal run."""
    for number in range(130):
        (tmp_path / f"u{number:03d}.json").write_text(UPDATE, encoding="utf-8")
    expected = "Found 130 errors, 260 warnings and 130 info in 130 files."
    for jobs in ("1", "2"):
        normal = bicon_lint("check", ".", cwd=tmp_path, BICON_LINT_JOBS=jobs)
        counted = bicon_lint("check", "--statistics", ".", cwd=tmp_path, BICON_LINT_JOBS=jobs)
        assert normal.stdout.splitlines()[-1] == expected, jobs
        assert counted.stdout.splitlines() == [
            "260  BL311  [endpoint-url]             warning",
            "130  BL303  [logo-image]               error",
            "130  BL408  [update-settings-replace]  info",
            expected,
        ]


def test_statistics_with_nothing_found_say_what_the_run_says(tmp_path: Path) -> None:
    clean = '{"method": "biconnector.connector.delete", "params": {"id": 4}}\n'
    (tmp_path / "clean.json").write_text(clean, encoding="utf-8")
    normal = bicon_lint("check", "clean.json", cwd=tmp_path)
    counted = bicon_lint("check", "--statistics", "clean.json", cwd=tmp_path)
    assert normal.stdout == counted.stdout == "All checks passed (1 file).\n"
    assert normal.returncode == counted.returncode == 0


@pytest.mark.parametrize("name", [name for name in FORMATS if name not in {"text", "json"}])
def test_statistics_refuse_formats_other_than_text_and_json(files: Path, name: str) -> None:
    for args in (["-f", name], [f"--format={name}"], ["--show-settings", "-f", name]):
        result = bicon_lint("check", "--statistics", *args, "update.json", cwd=files)
        assert result.returncode == 2, (args, result.stdout)
        assert result.stdout == ""
        assert f"Error: --statistics prints text or json, not {name}\n" in result.stderr
        assert "Traceback" not in result.stderr
    # in GitHub Actions too, where the format is named
    actions = {"GITHUB_ACTIONS": "true", "GITHUB_WORKFLOW": "CI"}
    named = bicon_lint("check", "--statistics", "-f", name, "update.json", cwd=files, **actions)
    assert named.returncode == 2 and "not " + name in named.stderr


def test_statistics_print_text_inside_github_actions(files: Path) -> None:
    actions = {"GITHUB_ACTIONS": "true", "GITHUB_WORKFLOW": "CI"}
    default = bicon_lint("check", "update.json", cwd=files, **actions)
    assert default.stdout.startswith("::error ")  # the format there is github...
    counted = bicon_lint("check", "--statistics", "update.json", cwd=files, **actions)
    assert counted.returncode == 1, counted.stderr  # ...but statistics are text
    assert counted.stdout == bicon_lint("check", "--statistics", "update.json", cwd=files).stdout
    assert counted.stdout.splitlines()[-1] == "Found 1 error, 2 warnings and 1 info in 1 file."


def _documented_statistics() -> dict[str, object]:
    """The example of ``--statistics --format json`` in the README's JSON output section."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## JSON output (version 1)\n", 1)[1].split("\n## ", 1)[0]
    after = section.split("`bicon-lint check --statistics --format json`", 1)[1]
    example: dict[str, object] = json.loads(after.split("```json\n", 1)[1].split("```", 1)[0])
    return example


def test_json_statistics_have_the_documented_shape(files: Path) -> None:
    documented = _documented_statistics()
    result = bicon_lint(
        "check", "--statistics", "-f", "json", "update.json", "batch.json", cwd=files
    )
    assert result.returncode == 1, result.stderr
    printed = json.loads(result.stdout)
    assert list(printed) == list(documented) == ["version", "statistics"]
    assert printed["version"] == documented["version"] == 1
    rows = printed["statistics"]
    shape = documented["statistics"]
    assert isinstance(rows, list) and isinstance(shape, list) and shape
    keys = list(shape[0])
    assert keys == ["code", "rule", "severity", "count"]
    for row in rows:
        assert list(row) == keys  # in this order
        assert {key: type(row[key]) for key in keys} == {key: type(shape[0][key]) for key in keys}
        assert row["severity"] == severity_of(row["code"]) and row["count"] >= 1
    assert [(row["count"], row["code"]) for row in rows] == [
        (2, "BL311"),
        (1, "BL303"),
        (1, "BL408"),
        (1, "VALIDATION_INVALID_FIELD_TYPE"),
        (1, "VALIDATION_INVALID_ID_FORMAT"),
    ]
    # the counts are the diagnostics of the JSON report of the same files
    report = json.loads(
        bicon_lint("check", "-f", "json", "update.json", "batch.json", cwd=files).stdout
    )
    codes = [d["code"] for entry in report["files"] for d in entry["diagnostics"]]
    assert {row["code"]: row["count"] for row in rows} == {
        code: codes.count(code) for code in codes
    }


def test_json_statistics_of_a_clean_run_are_empty(tmp_path: Path) -> None:
    (tmp_path / "clean.json").write_text(
        '{"method": "biconnector.connector.delete", "params": {"id": 4}}\n', encoding="utf-8"
    )
    result = bicon_lint("check", "--statistics", "-f", "json", "clean.json", cwd=tmp_path)
    assert (result.returncode, json.loads(result.stdout)) == (0, {"version": 1, "statistics": []})
