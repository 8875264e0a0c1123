"""The command line's smaller promises, each run for real (``python -m bicon_lint.cli`` in a
subprocess, in a temporary folder): a ``--config`` file of either spelling, ``--show-settings`` of
a folder, ``BICON_LINT_JOBS`` values, the standard-input hint, a target's printed name, the hook
mode's silence, and the configuration's ``connectors``.

Findings are read from ``--format json`` (its shape is versioned), never from the text summary.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bicon_lint import lint_payload
from bicon_lint.targets import Target
from tests.shared import BAD

TIMEOUT = 120
JOBS = "BICON_LINT_JOBS"

# BAD (tests/shared.py) has two errors: the settings type "string" (VALIDATION_SETTINGS_INVALID_TYPE,
# rule settings-type-enum) and "sort": "0x1A" (VALIDATION_INVALID_FIELD_TYPE, rule field-type).
FIELD_TYPE = "VALIDATION_INVALID_FIELD_TYPE"
SETTINGS_TYPE = "VALIDATION_SETTINGS_INVALID_TYPE"


def environment(**changes: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != JOBS}
    env.pop("GITHUB_ACTIONS", None)  # text output, not github annotations
    env["NO_COLOR"] = "1"
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def bicon_lint(
    *args: str,
    cwd: Path,
    stdin: bytes = b"",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", *args],
        cwd=cwd,
        input=stdin,
        env=env if env is not None else environment(),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def said(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"


def files_of(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    """``--format json``: each file's entry by its path."""
    document = json.loads(result.stdout)
    return {entry["path"]: entry for entry in document["files"]}


def codes(result: subprocess.CompletedProcess[str]) -> set[str]:
    return {d["code"] for entry in files_of(result).values() for d in entry["diagnostics"]}


# ------------------------------------------------------------------------------------------------
# 1. --config FILE: a [tool.bicon-lint] table, or the keys at the top level
# ------------------------------------------------------------------------------------------------

CONFIG_SPELLINGS = {
    "a [tool.bicon-lint] table": '[tool.bicon-lint]\nignore = ["field-type"]\n',
    "the keys at the top level": 'ignore = ["field-type"]\n',
    "a pyproject-like file": (
        '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 99\n\n'
        '[tool.bicon-lint]\nignore = ["field-type"]\n'
    ),
}


@pytest.mark.parametrize("text", CONFIG_SPELLINGS.values(), ids=list(CONFIG_SPELLINGS))
def test_config_file_of_either_spelling_applies(tmp_path: Path, text: str) -> None:
    write(tmp_path, "bad.json", BAD)
    write(tmp_path, "ci/lint.toml", text)
    plain = bicon_lint("check", "-f", "json", "--isolated", "bad.json", cwd=tmp_path)
    assert codes(plain) == {FIELD_TYPE, SETTINGS_TYPE}, said(plain)
    configured = bicon_lint(
        "check", "-f", "json", "--config", "ci/lint.toml", "bad.json", cwd=tmp_path
    )
    assert configured.returncode == 1, said(configured)  # the settings type is still an error
    assert codes(configured) == {SETTINGS_TYPE}  # field-type ignored, as the file says
    shown = bicon_lint(
        "check", "--config", "ci/lint.toml", "--show-settings", "bad.json", cwd=tmp_path
    )
    assert shown.returncode == 0, said(shown)
    lines = shown.stdout.splitlines()
    assert f"config file: {os.path.join('ci', 'lint.toml')}" in lines
    assert "ignore: field-type" in lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'target = "2026-05"\n[tool.bicon-lint]\nignore = ["field-type"]\n',
            "lint.toml: has both a [tool.bicon-lint] table and top-level keys (target)",
        ),
        ("[tool.ruff]\nline-length = 99\n", "lint.toml: has no [tool.bicon-lint] table"),
        (
            'ignroe = ["field-type"]\n',
            "lint.toml: (top level) unknown key 'ignroe' (did you mean 'ignore'?)",
        ),
        (
            '[tool.bicon-lint]\nignroe = ["field-type"]\n',
            "lint.toml: [tool.bicon-lint] unknown key 'ignroe' (did you mean 'ignore'?)",
        ),
    ],
    ids=["both", "another tool only", "top-level typo", "table typo"],
)
def test_config_file_mistakes_name_the_form(tmp_path: Path, text: str, expected: str) -> None:
    write(tmp_path, "bad.json", BAD)
    write(tmp_path, "lint.toml", text)
    result = bicon_lint("check", "--config", "lint.toml", "bad.json", cwd=tmp_path)
    assert result.returncode == 2, said(result)
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"bicon-lint: error: {expected}"), line


# ------------------------------------------------------------------------------------------------
# 2. --show-settings of a folder: what a search of it does
# ------------------------------------------------------------------------------------------------


def test_show_settings_of_a_folder_says_what_its_search_does(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.bicon-lint]\nexclude = ["drafts"]\n')
    for name in (
        "payloads/a.json",
        "payloads/drafts/b.json",
        "payloads/node_modules/c.json",
        "payloads/vendor/d.json",
        "payloads/.cache/e.json",
    ):
        write(tmp_path, name, BAD)
    write(tmp_path, "payloads/package.json", '{"name": "x"}')
    write(tmp_path, "payloads/notes.txt", BAD)

    shown = bicon_lint("check", "--show-settings", "payloads", cwd=tmp_path)
    assert shown.returncode == 0, said(shown)
    lines = shown.stdout.splitlines()
    search = lines[
        lines.index("Directory search of: payloads (every folder below it; files in name order)") :
    ]
    text = "\n".join(search)
    assert "config file of its files: pyproject.toml" in text
    reads = next(line for line in search if line.startswith("reads: "))
    assert "*.json" in reads and "*.yaml" in reads and "*.txt" not in reads
    skips = next(line for line in search if line.startswith("skips folders: "))
    for folder in ("hidden ones (named .*)", "node_modules", "vendor", "site-packages"):
        assert folder in skips
    assert any(line.startswith("skips (exclude): drafts") for line in search)
    checks = next(line for line in search if line.startswith("checks: "))
    assert "only recognisable biconnector payloads" in checks and "skipped silently" in checks

    # what it says is what a search does: only payloads/a.json is checked
    run = bicon_lint("check", "-f", "json", "payloads", cwd=tmp_path)
    assert run.returncode == 1, said(run)
    assert list(files_of(run)) == [os.path.join("payloads", "a.json")]

    # a file's settings say nothing of a search
    single = bicon_lint("check", "--show-settings", "payloads/a.json", cwd=tmp_path)
    assert "Directory search" not in single.stdout
    # include replaces the file types it reads
    write(tmp_path, "pyproject.toml", '[tool.bicon-lint]\ninclude = ["*.json"]\n')
    narrowed = bicon_lint("check", "--show-settings", "payloads", cwd=tmp_path)
    assert "reads: the files include matches: *.json" in narrowed.stdout.splitlines()


# ------------------------------------------------------------------------------------------------
# 3. BICON_LINT_JOBS
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", "+2", "\uff13"])
def test_jobs_that_are_no_number_of_processes_are_an_error(tmp_path: Path, value: str) -> None:
    write(tmp_path, "bad.json", BAD)
    result = bicon_lint("check", "bad.json", cwd=tmp_path, env=environment(**{JOBS: value}))
    assert result.returncode == 2, said(result)
    assert result.stdout == ""  # nothing was checked
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"bicon-lint: error: {JOBS}={value!r}: "), line
    assert "positive whole number" in line


@pytest.mark.parametrize("value", [None, "", "  ", "1", "2", " 3 "])
def test_jobs_unset_empty_or_a_count_run(tmp_path: Path, value: str | None) -> None:
    write(tmp_path, "bad.json", BAD)
    result = bicon_lint(
        "check", "-f", "json", "bad.json", cwd=tmp_path, env=environment(**{JOBS: value})
    )
    assert result.returncode == 1, said(result)
    assert codes(result) == {FIELD_TYPE, SETTINGS_TYPE}
    assert result.stderr == ""


# ------------------------------------------------------------------------------------------------
# 4. Standard input that is not JSON: a hint at --stdin-filename
# ------------------------------------------------------------------------------------------------

YAML_PAYLOAD = b"""\
method: biconnector.connector.update
params:
  id: 4
  fields:
    sort: "0x1A"
"""
HINT = "--stdin-filename NAME.yaml"


def _stdin_messages(tmp_path: Path, data: bytes, *options: str) -> list[str]:
    result = bicon_lint("check", "-f", "json", *options, "-", cwd=tmp_path, stdin=data)
    assert result.returncode == 1, said(result)
    return [d["message"] for entry in files_of(result).values() for d in entry["diagnostics"]]


def test_stdin_that_is_not_json_hints_at_stdin_filename(tmp_path: Path) -> None:
    (message,) = _stdin_messages(tmp_path, YAML_PAYLOAD)
    assert "reading standard input as JSON" in message and HINT in message
    form = b"method=biconnector.connector.update&params[id]=4"
    (message,) = _stdin_messages(tmp_path, form)
    assert HINT in message


def test_no_hint_with_stdin_filename_or_for_broken_json(tmp_path: Path) -> None:
    # named as YAML, it is read as YAML: the "sort" error of the payload itself
    result = bicon_lint(
        "check", "-f", "json", "--stdin-filename", "c.yaml", "-", cwd=tmp_path, stdin=YAML_PAYLOAD
    )
    assert codes(result) == {FIELD_TYPE}, said(result)
    # named as JSON: the syntax error, without the hint (the name was given)
    (message,) = _stdin_messages(tmp_path, YAML_PAYLOAD, "--stdin-filename", "c.json")
    assert HINT not in message
    # JSON with a mistake in it: the mistake, no hint
    broken = b'{"method": "biconnector.connector.update", "params": {"id": 4,}}'
    (message,) = _stdin_messages(tmp_path, broken)
    assert HINT not in message


# ------------------------------------------------------------------------------------------------
# 5. A target prints as its label
# ------------------------------------------------------------------------------------------------


def test_report_target_prints_as_its_label() -> None:
    report = lint_payload({"id": 4, "fields": {"sort": 1}}, "biconnector.connector.update")
    assert str(report.target) == "latest" and f"{report.target}" == "latest"
    older = lint_payload(
        {"id": 4, "fields": {"sort": 1}}, "biconnector.connector.update", target="2026-05"
    )
    assert str(older.target) == "2026-05"
    for target in Target:
        assert Target.parse(str(target)) is target
        assert f"[{target:>8}]" == f"[{target.label:>8}]"
    assert Target.V2026_04 < Target.LATEST and int(Target.LATEST) == 6  # still ordered numbers


# ------------------------------------------------------------------------------------------------
# 6. --only-payloads: a chunk with nothing to check says nothing
# ------------------------------------------------------------------------------------------------


def test_only_payloads_with_nothing_to_check_prints_nothing(tmp_path: Path) -> None:
    write(tmp_path, "package.json", '{"name": "x", "scripts": {"build": "tsc"}}')
    write(tmp_path, "src/app.py", "print('no call here')\n")
    write(tmp_path, "bad.json", BAD)
    quiet = bicon_lint("check", "--only-payloads", "package.json", "src/app.py", cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", ""), said(quiet)
    # without --only-payloads, a run with nothing to check still says so
    walked = bicon_lint("check", "src", cwd=tmp_path)
    assert walked.returncode == 0 and walked.stdout.strip() != "", said(walked)
    # a chunk with a payload reports it as ever
    loud = bicon_lint("check", "--only-payloads", "package.json", "bad.json", cwd=tmp_path)
    assert loud.returncode == 1 and FIELD_TYPE in loud.stdout, said(loud)
    # a path that cannot be read is never silent
    missing = bicon_lint("check", "--only-payloads", "gone.json", cwd=tmp_path)
    assert missing.returncode == 2 and "gone.json" in missing.stderr, said(missing)
    # a machine format stays a whole document
    as_json = bicon_lint("check", "-f", "json", "--only-payloads", "package.json", cwd=tmp_path)
    assert json.loads(as_json.stdout)["files"] == []


# ------------------------------------------------------------------------------------------------
# 7. connectors: connector payloads named by the configuration
# ------------------------------------------------------------------------------------------------

CONNECTOR = """\
{
  "method": "biconnector.connector.update",
  "params": {
    "id": 7,
    "fields": {
      "settings": [
        {"code": "region", "name": "Region", "type": "STRING"},
        {"code": "shop", "name": "Shop", "type": "STRING"}
      ]
    }
  }
}
"""
# connectorId 7; "regoin" is no code of connector 7 (SERVER-SPEC §5.2 step 7: settings are stored
# only for the codes the connector declares, others dropped silently), so "region" gets no value
SOURCE = """\
{
  "method": "biconnector.source.add",
  "params": {
    "fields": {
      "title": "Orders",
      "connectorId": 7,
      "settings": {"regoin": "eu", "shop": "main"}
    }
  }
}
"""
SOURCE_PATH = os.path.join("payloads", "sources", "orders.json")
CONNECTOR_PATH = os.path.join("payloads", "connectors", "shop.json")


def _project(tmp_path: Path, connectors: str = '["payloads/connectors/*.json"]') -> Path:
    write(tmp_path, "pyproject.toml", f"[tool.bicon-lint]\nconnectors = {connectors}\n")
    write(tmp_path, CONNECTOR_PATH, CONNECTOR)
    write(tmp_path, SOURCE_PATH, SOURCE)
    return tmp_path


def _source_findings(result: subprocess.CompletedProcess[str]) -> list[tuple[Any, ...]]:
    entry = files_of(result)[SOURCE_PATH]
    return [(d["code"], d["line"], d["column"], d["message"]) for d in entry["diagnostics"]]


def test_configured_connector_is_compared_as_one_on_the_command_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    both = bicon_lint("check", "-f", "json", SOURCE_PATH, CONNECTOR_PATH, cwd=project)
    alone = bicon_lint("check", "-f", "json", SOURCE_PATH, cwd=project)
    assert alone.returncode == both.returncode == 0, said(alone)  # warnings only
    found = _source_findings(alone)
    assert found == _source_findings(both)
    messages = {code: message for code, _line, _column, message in found}
    assert sorted(messages) == ["BL501", "BL502"]
    assert '"regoin" is not a setting code of connector 7' in messages["BL501"]
    assert f"({CONNECTOR_PATH})" in messages["BL501"]
    assert 'no value for "region"' in messages["BL502"]
    assert list(files_of(alone)) == [SOURCE_PATH]  # the connector file is read, not reported on
    # without the configuration, the source alone is not compared with anything
    isolated = bicon_lint("check", "-f", "json", "--isolated", SOURCE_PATH, cwd=project)
    assert _source_findings(isolated) == []
    shown = bicon_lint("check", "--show-settings", SOURCE_PATH, cwd=project)
    assert "connectors: payloads/connectors/*.json (1 file read" in shown.stdout


def test_configured_bare_connector_found_by_reference(tmp_path: Path) -> None:
    """A connector.add has no id: the source's envelope names its file. Bare params of a file the
    configuration names are taken as the connector method their shape fits."""
    write(tmp_path, "pyproject.toml", '[tool.bicon-lint]\nconnectors = ["conn/**/*.json"]\n')
    fields = json.loads(CONNECTOR)["params"]["fields"]
    write(tmp_path, "conn/new/add.json", json.dumps({"fields": {"title": "Shop", **fields}}))
    source = json.loads(SOURCE)
    source["connector"] = "../conn/new/add.json"
    write(tmp_path, "src/orders.json", json.dumps(source))
    result = bicon_lint("check", "-f", "json", "src/orders.json", cwd=tmp_path)
    (entry,) = files_of(result).values()
    found = {d["code"]: d["message"] for d in entry["diagnostics"]}
    assert sorted(found) == ["BL501", "BL502"], said(result)
    assert os.path.join("conn", "new", "add.json") in found["BL501"]


def test_configured_connectors_that_match_nothing_are_fine(tmp_path: Path) -> None:
    project = _project(tmp_path, '["elsewhere/*.json"]')
    result = bicon_lint("check", "-f", "json", SOURCE_PATH, cwd=project)
    assert result.returncode == 0, said(result)
    assert _source_findings(result) == []


@pytest.mark.parametrize(
    ("connector", "reason"),
    [
        ("{nope", "not a readable payload: BL001"),
        ('{"name": "x"}', "holds no biconnector.connector.add or biconnector.connector.update"),
    ],
    ids=["not JSON", "not a connector"],
)
def test_configured_connector_that_cannot_be_used(
    tmp_path: Path, connector: str, reason: str
) -> None:
    project = _project(tmp_path)
    write(project, CONNECTOR_PATH, connector)
    result = bicon_lint("check", SOURCE_PATH, cwd=project)
    assert result.returncode == 2, said(result)
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"bicon-lint: error: pyproject.toml: connectors: {CONNECTOR_PATH}: {reason}"
    ), line
    # only a run that checks a source reads them
    other = write(project, "other.json", BAD)
    unaffected = bicon_lint("check", "-f", "json", str(other.name), cwd=project)
    assert unaffected.returncode == 1 and codes(unaffected) == {FIELD_TYPE, SETTINGS_TYPE}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"payloads/*.json"', "connectors: expected an array of strings, got a string"),
        ("[1]", "connectors[0]: expected a string, got an integer"),
        ('[""]', "connectors[0]: an empty glob matches nothing"),
    ],
)
def test_connectors_key_is_validated(tmp_path: Path, value: str, expected: str) -> None:
    project = _project(tmp_path, value)
    result = bicon_lint("check", SOURCE_PATH, cwd=project)
    assert result.returncode == 2, said(result)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"bicon-lint: error: pyproject.toml: [tool.bicon-lint] {expected}"), line
