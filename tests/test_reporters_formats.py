"""The registry of output formats, and what every format shares: purity, skipped files, no files,
the JSON report's ``command``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bicon_lint.api import Report, RunResult, lint_text
from bicon_lint.reporters import FORMATS, render, renderer
from bicon_lint.reporters._common import stable_message
from bicon_lint.runner import Options, run_paths
from bicon_lint.targets import DEFAULT_TARGET
from tests.test_reporters_golden import DATA, golden_result, inside


def test_registry() -> None:
    assert FORMATS == ("text", "json", "sarif", "github", "gitlab", "junit")
    for name in FORMATS:
        assert callable(renderer(name))
    with pytest.raises(KeyError):
        render("html", RunResult([]))


@pytest.mark.parametrize("name", FORMATS)
def test_render_is_pure_and_ends_with_a_newline(name: str) -> None:
    result = golden_result()
    first = render(name, result)
    assert render(name, result) == first
    if name != "text":  # only the text report has colours
        assert render(name, result, color=True) == first
    assert "\x1b[" not in first
    assert first.endswith("\n") or (name == "github" and first == "")


@pytest.mark.parametrize("name", FORMATS)
def test_skipped_reports_are_left_out(name: str) -> None:
    skipped = Report("package.json", None, DEFAULT_TARGET, skipped=True)
    assert render(name, RunResult([skipped])) == render(name, RunResult([]))
    assert "package.json" not in render(name, RunResult([skipped]))


def test_json_report_names_the_batch_command() -> None:
    text = '{"method": "biconnector.connector.update", "params": {"id": 4, "fields": {"sort": 1}}}'
    report = lint_text(text, "batch.json")
    document = json.loads(render("json", RunResult([report, report._replace(command="c1")])))
    assert [entry["command"] for entry in document["files"]] == [None, "c1"]
    assert list(document["files"][0]) == [
        "path",
        "command",
        "method",
        "target",
        "server_error",
        "diagnostics",
    ]
    assert document["version"] == 1


def test_stable_message_masks_quoted_positions() -> None:
    assert stable_message("kept at line 13, column 7 (also at line 2, column 4)") == (
        "kept at line #, column # (also at line #, column #)"
    )
    assert stable_message("byte 0xe9 at offset 120 cannot be decoded") == (
        "byte 0xe9 at offset # cannot be decoded"
    )
    assert stable_message('Field "line 2" must be of type integer.') == (
        'Field "line #" must be of type integer.'
    )  # a field named so is masked too: harmless, the pointer still tells them apart


@pytest.mark.parametrize("name", FORMATS)
def test_the_command_prints_what_the_renderer_renders(name: str) -> None:
    """``bicon-lint check --format NAME`` in a subprocess, against the renderer in process."""
    paths = ["good.json", "bad.json", "crash.json"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    env |= {"PYTHONUTF8": "1", "NO_COLOR": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "check", "--format", name, *paths],
        cwd=DATA,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    with inside(DATA):
        expected = render(name, run_paths(paths, Options()))
    assert completed.stdout.decode("utf-8") == expected


# Payload text a terminal would act on: ESC (a colour that hides what follows, a screen clear), CR
# (back to the start of the line), a bidirectional override, a newline.
HOSTILE_CODE = "a\x1b[8mhidden\x1b[2J\r\u202eX\nY"
HOSTILE_SHOWN = "a\\x1b[8mhidden\\x1b[2J\\x0d\\u202eX\\x0aY"
# GitHub's own escaping of CR and LF comes first (@actions/core), the rest is escaped the same way
SHOWN = {"text": HOSTILE_SHOWN, "github": "a\\x1b[8mhidden\\x1b[2J%0D\\u202eX%0AY"}


def hostile_payload() -> str:
    item = {"code": HOSTILE_CODE, "name": "n", "type": "STRING"}
    params = {"id": 4, "fields": {"settings": [item, item]}}
    return json.dumps({"method": "biconnector.connector.update", "params": params})


@pytest.mark.parametrize("name", ["text", "github"])
@pytest.mark.parametrize("color", [False, True])
def test_payload_text_cannot_act_on_the_terminal(name: str, color: bool) -> None:
    """The line-based formats show control characters of payload text (and of a file's name)
    escaped, as ``\\xNN`` / ``\\uNNNN``, coloured or not: every diagnostic stays one line, and
    the only escape sequences are the report's own colours."""
    report = lint_text(hostile_payload(), "odd\x1bname.json")
    codes = [diagnostic.code for diagnostic in report.diagnostics]
    assert "BL402" in codes  # the duplicate code: its message quotes the code twice
    output = render(name, RunResult([report]), color=color)
    assert "\r" not in output and "\u202e" not in output
    if not color or name == "github":
        assert "\x1b" not in output
    assert "odd\\x1bname.json" in output
    per_diagnostic = [line for line in output.splitlines() if "BL402" in line]
    assert len(per_diagnostic) == 1 and per_diagnostic[0].count(SHOWN[name]) == 2


def test_colours_are_the_only_escape_sequences() -> None:
    report = lint_text(hostile_payload(), "x.json")
    painted = render("text", RunResult([report]), color=True)
    sequences = set(re.findall("\x1b\\[[0-9;]*m", painted))
    assert sequences <= {"\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[33m", "\x1b[36m"}
    assert "\x1b[8m" not in painted and "\x1b[2J" not in painted


def test_the_command_prints_payload_text_escaped_and_unchanged(tmp_path: Path) -> None:
    """Through the command (output to a pipe, written as rendered): the renderer's text, with
    the payload's control characters escaped."""
    (tmp_path / "p.json").write_text(hostile_payload(), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "check", "p.json"],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    shown = completed.stdout.decode("utf-8")
    with inside(tmp_path):
        assert shown == render("text", run_paths(["p.json"], Options()))
    assert HOSTILE_SHOWN in shown and "\x1b" not in shown
