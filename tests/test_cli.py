"""The ``bicon-lint`` command, run for real in subprocesses: ``python -m bicon_lint.cli`` and the
installed console script.

Expected positions are computed from the payload texts written here (``position_of``), and the
ones that matter are also spelled out by hand next to the text they come from.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Mapping
from pathlib import Path
from unittest import mock

import click
import pytest

from tests.shared import BAD, CONNECTOR_FIELDS_2026_05

PROJECT = Path(__file__).resolve().parents[1]
EXAMPLE = PROJECT / "examples" / "connector-update.json"
ANSI = "\x1b["
TIMEOUT = 120

SORT_MESSAGE = 'Field "sort" must be of type integer.'
TYPE_MESSAGE = 'Parameter "type" is not correct.'

BARE_PARAMS = '{"id": 4, "fields": {"sort": "0x1A"}}\n'  # "sort": connector.update
AMBIGUOUS_PARAMS = '{"id": 4, "fields": {"title": 7}}\n'  # any entity's update

# The second settings item's name is an array: the server crashes (PHP TypeError, no error code).
CRASH = """\
{
  "method": "biconnector.connector.update",
  "params": {"id": 4, "fields": {"settings": [{"code": "a", "name": ["b"], "type": "STRING"}]}}
}
"""


def position_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column (code points) of the first occurrence of ``needle``."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def base_env(**changes: str | None) -> dict[str, str]:
    """This environment without colour settings, with ``changes`` applied (None removes)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"}
    }
    env["PYTHONUTF8"] = "1"
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_cli(
    *args: str,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    prefix: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    command = prefix or [sys.executable, "-m", "bicon_lint.cli"]
    completed = subprocess.run(
        [*command, *args],
        cwd=cwd or PROJECT,
        input=stdin if stdin is not None else b"",
        env=dict(env) if env is not None else base_env(),
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


def output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in output(result), output(result)


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------------
# Entry points
# ------------------------------------------------------------------------------------------------


def test_module_has_main_block() -> None:
    source = (PROJECT / "bicon_lint" / "cli.py").read_text(encoding="utf-8")
    assert 'if __name__ == "__main__":' in source


def test_the_command_leaves_with_its_output_and_exit_code_whole(tmp_path: Path) -> None:
    """The command leaves without the interpreter's teardown (``cli.entry``): everything it
    wrote is there, through pipes, from a run on every core, and its exit code is the run's."""
    for number in range(300):
        write(tmp_path, f"p{number:03d}.json", BAD)
    result = run_cli("check", "-f", "json", ".", "missing.json", cwd=tmp_path)
    assert result.returncode == 2, output(result)  # a path could not be read
    assert "missing.json: no such file" in result.stderr
    files = json.loads(result.stdout)["files"]
    assert len(files) == 300 and all(entry["diagnostics"] for entry in files)
    assert run_cli("check", str(EXAMPLE)).returncode == 0
    assert run_cli("check", "p000.json", cwd=tmp_path).returncode == 1


def test_clean_example_exits_0() -> None:
    result = run_cli("check", str(EXAMPLE))
    assert result.returncode == 0, output(result)
    assert result.stdout == "All checks passed (1 file).\n"
    assert result.stderr == ""


def _console_script() -> Path:
    scripts = Path(sysconfig.get_path("scripts"))
    for name in ("bicon-lint", "bicon-lint.exe"):
        if (scripts / name).is_file():
            return scripts / name
    found = shutil.which("bicon-lint")
    assert found, "the bicon-lint console script is not installed: python -m pip install -e ."
    return Path(found)


def test_installed_console_script(tmp_path: Path) -> None:
    script = [str(_console_script())]
    version = run_cli("--version", prefix=script)
    assert version.returncode == 0, output(version)
    assert version.stdout.strip() == "bicon-lint, version 0.1.0"
    clean = run_cli("check", str(EXAMPLE), prefix=script)
    assert (clean.returncode, clean.stdout) == (0, "All checks passed (1 file).\n")
    bad = run_cli("check", str(write(tmp_path, "bad.json", BAD)), prefix=script)
    assert bad.returncode == 1, output(bad)
    assert "VALIDATION_INVALID_FIELD_TYPE" in bad.stdout


# ------------------------------------------------------------------------------------------------
# Text report
# ------------------------------------------------------------------------------------------------


def test_bad_payload_text_report(tmp_path: Path) -> None:
    path = write(tmp_path, "connector.json", BAD)
    # By hand: line 6 is `      "settings": [{"code": "token", "name": "Token", "type": "string"}],`
    # and "string" opens at column 63; line 7 is `      "sort": "0x1A"`, the value at column 15.
    assert position_of(BAD, '"string"') == (6, 63)
    assert position_of(BAD, '"0x1A"') == (7, 15)
    result = run_cli("check", "connector.json", cwd=tmp_path)
    assert result.returncode == 1, output(result)
    assert result.stdout.splitlines() == [
        f"connector.json:6:63: error: VALIDATION_SETTINGS_INVALID_TYPE {TYPE_MESSAGE} [settings-type-enum]",
        f"connector.json:7:15: error: VALIDATION_INVALID_FIELD_TYPE {SORT_MESSAGE} [field-type]",
        f"connector.json: the server answers VALIDATION_INVALID_FIELD_TYPE: {SORT_MESSAGE}",
        "Found 2 errors, 0 warnings and 0 info in 1 file.",
    ]
    assert result.stderr == ""
    assert path.read_text(encoding="utf-8") == BAD  # never rewritten


def test_server_crash_is_reported_without_a_code(tmp_path: Path) -> None:
    write(tmp_path, "crash.json", CRASH)
    line, column = position_of(CRASH, '["b"]')
    assert (line, column) == (3, 69)
    result = run_cli("check", "crash.json", cwd=tmp_path)
    assert result.returncode == 1, output(result)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"crash.json:{line}:{column}: error: BL101 The server fails without")
    assert lines[0].endswith("[settings-scalar-values]")
    assert lines[1].startswith("crash.json: the server crashes with no error code (")


def test_directory_is_walked(tmp_path: Path) -> None:
    write(tmp_path, "payloads/deep/bad.json", BAD)
    write(tmp_path, "payloads/good.json", EXAMPLE.read_text(encoding="utf-8"))
    write(tmp_path, "payloads/package.json", '{"name": "x", "version": "1.0.0"}')
    write(tmp_path, "payloads/node_modules/dep/bad.json", BAD)  # vendored: not searched
    write(tmp_path, "payloads/.cache/bad.json", BAD)  # hidden: not searched
    result = run_cli("check", "payloads", cwd=tmp_path)
    assert result.returncode == 1, output(result)
    reported = {line.split(":")[0] for line in result.stdout.splitlines() if ": " in line}
    assert reported == {os.path.join("payloads", "deep", "bad.json")}
    assert result.stdout.splitlines()[-1] == "Found 2 errors, 0 warnings and 0 info in 2 files."


# ------------------------------------------------------------------------------------------------
# JSON report
# ------------------------------------------------------------------------------------------------

DIAGNOSTIC_KEYS = {
    "code",
    "message",
    "severity",
    "rule",
    "pointer",
    "line",
    "column",
    "end_line",
    "end_column",
    "server",
}
FILE_KEYS = {"path", "command", "method", "target", "server_error", "diagnostics"}


def test_json_report_schema(tmp_path: Path) -> None:
    write(tmp_path, "bad.json", BAD)
    write(tmp_path, "broken.json", '{"method": "biconnector.connector.add",}')
    shutil.copy(EXAMPLE, tmp_path / "good.json")
    args = ["--format", "json", "bad.json", "broken.json", "good.json"]
    result = run_cli("check", *args, cwd=tmp_path)
    assert result.returncode == 1, output(result)
    document = json.loads(result.stdout)
    assert set(document) == {"version", "files", "errors", "summary"}
    assert document["version"] == 1
    assert document["errors"] == []
    assert document["summary"] == {"files": 3, "errors": 3, "warnings": 0, "infos": 0}
    files = document["files"]
    assert [entry["path"] for entry in files] == ["bad.json", "broken.json", "good.json"]
    for entry in files:
        assert set(entry) == FILE_KEYS
        assert entry["target"] == "latest"
        assert entry["command"] is None  # set only for the commands of a batch file
        for diagnostic in entry["diagnostics"]:
            assert set(diagnostic) == DIAGNOSTIC_KEYS
            assert isinstance(diagnostic["server"], bool)
            assert diagnostic["severity"] in {"error", "warning", "info"}

    bad, broken, good = files
    assert bad["method"] == "biconnector.connector.update"
    assert bad["server_error"] == {
        "code": "VALIDATION_INVALID_FIELD_TYPE",
        "message": SORT_MESSAGE,
        "fatal": False,
        "top_level": False,
    }
    assert bad["diagnostics"] == [
        {
            "code": "VALIDATION_SETTINGS_INVALID_TYPE",
            "message": TYPE_MESSAGE,
            "severity": "error",
            "rule": "settings-type-enum",
            "pointer": "/params/fields/settings/0/type",
            "line": 6,
            "column": 63,
            "end_line": 6,
            "end_column": 63 + len('"string"'),
            "server": True,
        },
        {
            "code": "VALIDATION_INVALID_FIELD_TYPE",
            "message": SORT_MESSAGE,
            "severity": "error",
            "rule": "field-type",
            "pointer": "/params/fields/sort",
            "line": 7,
            "column": 15,
            "end_line": 7,
            "end_column": 15 + len('"0x1A"'),
            "server": True,
        },
    ]
    # `{"method": "biconnector.connector.add",}`: "{" 1, "method" 2-9, ":" 10, " " 11, the
    # 27-character method string 12-38, the trailing comma 39
    assert position_of('{"method": "biconnector.connector.add",}', ",}") == (1, 39)
    (syntax,) = broken["diagnostics"]
    assert (syntax["code"], syntax["server"], syntax["rule"]) == ("BL001", False, "invalid-json")
    assert (syntax["line"], syntax["column"]) == (1, 39)
    assert broken["server_error"] is None
    assert broken["method"] is None
    assert good["diagnostics"] == [] and good["server_error"] is None


def test_json_report_of_skipped_files(tmp_path: Path) -> None:
    write(tmp_path, "package.json", '{"name": "x"}')
    result = run_cli("check", "-f", "json", "--only-payloads", "package.json", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    assert json.loads(result.stdout) == {
        "version": 1,
        "files": [],
        "errors": [],
        "summary": {"files": 0, "errors": 0, "warnings": 0, "infos": 0},
    }


def test_json_report_crash_target_and_unreadable_paths(tmp_path: Path) -> None:
    write(tmp_path, "crash.json", CRASH)
    result = run_cli(
        "check", "-f", "json", "-t", "2026-05", "crash.json", "missing.json", cwd=tmp_path
    )
    assert result.returncode == 2, output(result)
    document = json.loads(result.stdout)
    (entry,) = document["files"]
    assert entry["target"] == "2026-05"
    server_error = entry["server_error"]
    assert set(server_error) == {"code", "message", "fatal", "top_level"}
    assert server_error["code"] is None and server_error["fatal"] is True
    assert [d["server"] for d in entry["diagnostics"]] == [False]  # BL101 is bicon-lint's own
    (error,) = document["errors"]
    assert set(error) == {"message"}
    assert "missing.json" in error["message"]


# ------------------------------------------------------------------------------------------------
# Exit code 2: the tool could not do its job
# ------------------------------------------------------------------------------------------------


def test_missing_path_exits_2(tmp_path: Path) -> None:
    result = run_cli("check", "nowhere.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "nowhere.json: no such file" in output(result)
    assert_no_traceback(result)


def test_unreadable_path_does_not_claim_success(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "good.json")
    result = run_cli("check", "good.json", "nowhere.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "All checks passed" not in output(result)
    assert "bicon-lint: error: nowhere.json: no such file" in result.stderr
    assert "1 path could not be read." in result.stdout


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads a chmod 000 file anyway (the FIFO test covers unreadable paths)",
)
def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.json", BAD)
    path.chmod(0)
    try:
        result = run_cli("check", "secret.json", cwd=tmp_path)
    finally:
        path.chmod(0o600)
    assert result.returncode == 2
    assert "secret.json: cannot read" in output(result)
    assert_no_traceback(result)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_with_exit_2(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    result = run_cli("check", "pipe.json", cwd=tmp_path)  # must not block reading the FIFO
    assert result.returncode == 2
    assert "pipe.json: not a regular file" in output(result)
    assert_no_traceback(result)


def test_directory_without_payloads_exits_0(tmp_path: Path) -> None:
    write(tmp_path, "project/package.json", '{"name": "x", "scripts": {"build": "tsc"}}')
    write(tmp_path, "project/tsconfig.json", '{"compilerOptions": {"strict": true}}')
    write(tmp_path, "project/params.json", BARE_PARAMS)
    write(tmp_path, "project/notes.txt", "not json {")
    result = run_cli("check", "project", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    assert result.stdout == "No payload files found to check.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--no-such-option", "x.json"], "No such option"),
        (["check"], "Missing argument"),
        (["check", "--target", "2019-01", "x.json"], "Invalid value for '--target'"),
        (["check", "--format", "xml", "x.json"], "Invalid value for '--format'"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Usage:" in result.stderr
    assert_no_traceback(result)


def test_internal_error_is_reported_without_traceback(tmp_path: Path) -> None:
    wrapper = textwrap.dedent(
        """
        import sys
        import bicon_lint.runner

        def boom(*args, **kwargs):
            raise RuntimeError("boom")

        bicon_lint.runner.lint_document_all = boom
        from bicon_lint.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    write(tmp_path, "x.json", BAD)
    result = run_cli("check", "x.json", cwd=tmp_path, prefix=[sys.executable, "-c", wrapper])
    assert result.returncode == 2
    assert "bicon-lint: internal error: RuntimeError: boom" in result.stderr
    assert_no_traceback(result)


# ------------------------------------------------------------------------------------------------
# Payload recognition, stdin
# ------------------------------------------------------------------------------------------------


def test_bare_params_need_method_when_the_shape_is_ambiguous(tmp_path: Path) -> None:
    write(tmp_path, "params.json", AMBIGUOUS_PARAMS)
    unknown = run_cli("check", "params.json", cwd=tmp_path)
    assert unknown.returncode == 1
    assert unknown.stdout.startswith(
        "params.json:1:1: error: BL005 cannot tell which method this payload is for: it could be "
        "biconnector.connector.update, "
    )

    skipped = run_cli("check", "--only-payloads", "params.json", cwd=tmp_path)
    assert (skipped.returncode, skipped.stdout) == (0, "")  # the hook's mode: nothing to say

    checked = run_cli(
        "check", "--method", "biconnector.connector.update", "params.json", cwd=tmp_path
    )
    assert checked.returncode == 1, output(checked)
    # `{"id": 4, "fields": {"title": 7}}`: the 7 is character 31
    assert position_of(AMBIGUOUS_PARAMS, "7}") == (1, 31)
    message = 'Field "title" must be of type string.'
    assert checked.stdout.splitlines()[:2] == [
        f"params.json:1:31: error: VALIDATION_INVALID_FIELD_TYPE {message} [field-type]",
        f"params.json: the server answers VALIDATION_INVALID_FIELD_TYPE: {message}",
    ]


def test_bare_params_of_a_recognisable_shape(tmp_path: Path) -> None:
    """Without --only-payloads, params whose shape fits one method only are checked as such;
    with it (the hook's mode) they are skipped."""
    write(tmp_path, "params.json", BARE_PARAMS)
    checked = run_cli("check", "params.json", cwd=tmp_path)
    assert checked.returncode == 1, output(checked)
    assert position_of(BARE_PARAMS, '"0x1A"') == (1, 30)
    assert checked.stdout.startswith(
        f"params.json:1:30: error: VALIDATION_INVALID_FIELD_TYPE {SORT_MESSAGE}"
    )
    skipped = run_cli("check", "--only-payloads", "params.json", cwd=tmp_path)
    assert (skipped.returncode, skipped.stdout) == (0, "")  # the hook's mode: nothing to say
    unknown = write(tmp_path, "other.json", '{"foo": 1}')
    result = run_cli("check", str(unknown), cwd=tmp_path)
    assert result.returncode == 1
    assert "BL005 not a biconnector payload" in result.stdout


def test_method_prefix_is_case_insensitive(tmp_path: Path) -> None:
    write(tmp_path, "upper.json", BAD.replace("biconnector.connector", "BIConnector.Connector"))
    result = run_cli("check", "--only-payloads", "upper.json", cwd=tmp_path)
    assert result.returncode == 1, output(result)
    assert "upper.json:7:15: error: VALIDATION_INVALID_FIELD_TYPE" in result.stdout


def test_unknown_biconnector_method_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "typo.json", '{"method": "biconnector.conector.add", "params": {}}\n')
    result = run_cli("check", "typo.json", cwd=tmp_path)
    assert result.returncode == 1, output(result)
    assert "typo.json: the server answers top-level ERROR_METHOD_NOT_FOUND: Method not found!" in (
        result.stdout.splitlines()
    )


def test_stdin_with_stdin_filename() -> None:
    result = run_cli(
        "check", "--stdin-filename", "payloads/from-editor.json", "-", stdin=BAD.encode()
    )
    assert result.returncode == 1, output(result)
    assert result.stdout.splitlines()[1] == (
        f"payloads/from-editor.json:7:15: error: VALIDATION_INVALID_FIELD_TYPE {SORT_MESSAGE} [field-type]"
    )
    unnamed = run_cli(
        "check", "-m", "biconnector.connector.update", "-", stdin=BARE_PARAMS.encode()
    )
    assert unnamed.returncode == 1
    assert unnamed.stdout.startswith("<stdin>:1:30: error: VALIDATION_INVALID_FIELD_TYPE")


# ------------------------------------------------------------------------------------------------
# Unreadable payloads: exit 1 with a BL0xx diagnostic
# ------------------------------------------------------------------------------------------------


def test_invalid_json_reports_bl001_with_position(tmp_path: Path) -> None:
    text = '{\n  "method": "biconnector.connector.update",\n  "params": {"id": 4 "fields": {}}\n}\n'
    # the comma is missing before "fields": line 3, `  "params": {"id": 4 "fields": {}}`, col 22
    assert position_of(text, '"fields"') == (3, 22)
    write(tmp_path, "broken.json", text)
    result = run_cli("check", "broken.json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "broken.json:3:22: error: BL001 expected ',' or '}' [invalid-json]",
        "Found 1 error, 0 warnings and 0 info in 1 file.",
    ]


def test_trailing_comma_points_at_the_comma(tmp_path: Path) -> None:
    text = '{\n  "method": "biconnector.connector.update",\n  "params": {"id": 4},\n}\n'
    write(tmp_path, "trailing.json", text)
    assert position_of(text, ",\n}") == (3, 22)  # `  "params": {"id": 4},`: the comma, col 22
    result = run_cli("check", "trailing.json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("trailing.json:3:22: error: BL001 trailing comma")


def test_invalid_utf8_reports_bl002(tmp_path: Path) -> None:
    head = b'{\n  "method": "biconnector.connector.update",\n  "params": {"id": 4, "fields": '
    data = head + b'{"title": "caf\xe9"}}\n}\n'
    write(tmp_path, "latin1.json", data)
    # line 3 is ASCII up to the bad byte: its column is the byte's offset on the line, plus one
    line_start = data.rindex(b"\n", 0, data.index(b"\xe9")) + 1
    column = data.index(b"\xe9") - line_start + 1
    assert column == 47  # `  "params": {"id": 4, "fields": {"title": "caf`: 46 characters
    result = run_cli("check", "latin1.json", cwd=tmp_path)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        f"latin1.json:3:{column}: error: BL002 invalid UTF-8: byte 0xe9 at offset"
    )
    assert first.endswith("[invalid-encoding]")


@pytest.mark.parametrize("content", ["", "  \n\t\n"], ids=["empty", "whitespace"])
def test_empty_file_reports_bl004(tmp_path: Path, content: str) -> None:
    write(tmp_path, "empty.json", content)
    result = run_cli("check", "empty.json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "empty.json:1:1: error: BL004 the file is empty: there is no payload. [empty-file]",
        "Found 1 error, 0 warnings and 0 info in 1 file.",
    ]


# ------------------------------------------------------------------------------------------------
# Options: --exit-zero, colour
# ------------------------------------------------------------------------------------------------


def test_exit_zero(tmp_path: Path) -> None:
    write(tmp_path, "bad.json", BAD)
    result = run_cli("check", "--exit-zero", "bad.json", cwd=tmp_path)
    assert result.returncode == 0
    assert "VALIDATION_INVALID_FIELD_TYPE" in result.stdout
    assert result.stdout.splitlines()[-1] == "Found 2 errors, 0 warnings and 0 info in 1 file."
    failed = run_cli("check", "--exit-zero", "bad.json", "nowhere.json", cwd=tmp_path)
    assert failed.returncode == 2  # --exit-zero does not hide a path that could not be read


def test_no_color_and_never_print_plain_text(tmp_path: Path) -> None:
    write(tmp_path, "bad.json", BAD)
    for args, env in [
        (["check", "bad.json"], base_env(NO_COLOR="1")),
        (["check", "--color", "never", "bad.json"], base_env()),
        (["check", "--color", "auto", "bad.json"], base_env()),  # stdout is a pipe
    ]:
        result = run_cli(*args, cwd=tmp_path, env=env)
        assert result.returncode == 1
        assert ANSI not in output(result), args


def test_color_always_prints_ansi_codes(tmp_path: Path) -> None:
    write(tmp_path, "bad.json", BAD)
    result = run_cli("check", "--color", "always", "bad.json", cwd=tmp_path, env=base_env())
    assert result.returncode == 1
    assert f"{ANSI}31mVALIDATION_INVALID_FIELD_TYPE{ANSI}0m" in result.stdout


# ------------------------------------------------------------------------------------------------
# rule, rules, fields
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["VALIDATION_SETTINGS_INVALID_TYPE", "settings-type-enum"])
def test_rule_prints_its_documentation(name: str) -> None:
    result = run_cli("rule", name)
    assert result.returncode == 0, output(result)
    assert result.stdout.startswith("settings-type-enum\n")
    assert f"VALIDATION_SETTINGS_INVALID_TYPE (server code, error)\n    {TYPE_MESSAGE}\n" in (
        result.stdout
    )
    assert "Pass:" in result.stdout and "Fail:" in result.stdout
    assert "\nReferences:\n" in result.stdout
    assert "``" not in result.stdout


def test_unknown_rule_exits_2() -> None:
    result = run_cli("rule", "nope")
    assert result.returncode == 2
    assert "unknown rule or code 'nope'" in result.stderr
    assert_no_traceback(result)


def test_rules_lists_every_code() -> None:
    result = run_cli("rules")
    assert result.returncode == 0, output(result)
    codes = {line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()}
    expected = {f"BL00{n}" for n in range(1, 8)} | {"BL101", "ERROR_METHOD_NOT_FOUND"}
    expected |= {"VALIDATION_INVALID_FIELD_TYPE", "BX_EMPTY_REQUIRED", "BX_INVALID_VALUE"}
    assert expected <= codes


def test_fields_connector_in_server_order() -> None:
    result = run_cli("fields", "connector", "--target", "2026-05")
    assert result.returncode == 0, output(result)
    document = json.loads(result.stdout)
    assert list(document) == ["fields"]
    assert [field["title"] for field in document["fields"]] == CONNECTOR_FIELDS_2026_05
    keys = {"title", "type", "isRequired", "isReadOnly", "isImmutable", "isMultiple"}
    assert all(set(field) == keys for field in document["fields"])
    by_title = {field["title"]: field for field in document["fields"]}
    assert by_title["id"]["isReadOnly"] is True and by_title["settings"]["isMultiple"] is True
    older = json.loads(run_cli("fields", "connector", "-t", "2025-07").stdout)
    assert [f["title"] for f in older["fields"]] == CONNECTOR_FIELDS_2026_05[:-1]  # no mapping


@pytest.mark.parametrize(
    ("entity", "target", "since"),
    [("table", "2026-01", "2026-04"), ("source", "2025-04", "2025-07")],
)
def test_fields_of_a_method_the_version_lacks(entity: str, target: str, since: str) -> None:
    """biconnector.table.* was registered in 26.250.0 (2026-04); the 2025-04 module had no
    Rest/Source.php: asked there, the portal answers ERROR_METHOD_NOT_FOUND, not a field list."""
    result = run_cli("fields", entity, "--target", target)
    assert result.returncode == 2, output(result)
    assert result.stdout == ""
    assert f"biconnector.{entity}.fields does not exist on {target}" in result.stderr
    assert f"appeared in {since}" in result.stderr and "ERROR_METHOD_NOT_FOUND" in result.stderr
    assert run_cli("fields", entity, "--target", since).returncode == 0


# ------------------------------------------------------------------------------------------------
# Offline guarantee
# ------------------------------------------------------------------------------------------------

NO_NETWORK = textwrap.dedent(
    """
    import runpy, socket, sys

    def refuse(*args, **kwargs):
        raise OSError("network access attempted by bicon-lint")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.socket.sendto = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    try:
        socket.create_connection(("example.com", 80))
    except OSError:
        pass
    else:
        sys.exit("the network guard does not work")
    sys.argv[0] = "bicon-lint"
    runpy.run_module("bicon_lint.cli", run_name="__main__", alter_sys=True)
    """
)


def test_works_with_network_refused(tmp_path: Path) -> None:
    write(tmp_path, "bad.json", BAD)
    guarded = [sys.executable, "-c", NO_NETWORK]
    for args in (
        ["check", "bad.json"],
        ["check", "-f", "json", "bad.json", str(EXAMPLE)],
        ["rule", "BL101"],
        ["rules"],
        ["fields", "table"],
        ["schema", "biconnector.connector.add"],
        ["schema"],
        ["request", "urlData", "--connector", str(EXAMPLE), "--table", "deals", "-f", "curl"],
    ):
        plain = run_cli(*args, cwd=tmp_path)
        offline = run_cli(*args, cwd=tmp_path, prefix=guarded)
        assert (offline.returncode, offline.stdout) == (plain.returncode, plain.stdout), args
        assert "network access attempted" not in output(offline)
        assert_no_traceback(offline)


def test_no_http_client_is_imported() -> None:
    probe = textwrap.dedent(
        f"""
        import json, sys
        import bicon_lint
        from bicon_lint import lint_file, lint_payload
        from bicon_lint.cli import main
        lint_file({str(PROJECT / "examples" / "connector-add-mistakes.json")!r})
        lint_payload({{"id": 4}}, "biconnector.connector.update")
        network = ("requests", "urllib3", "http.client", "urllib.request", "httpx", "aiohttp")
        print(json.dumps(sorted(name for name in network if name in sys.modules)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env=base_env(),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


ARGUMENT_LISTS = [
    ["a.json", "b.json"],
    ["-f", "json", "a.json", "--select", "BL", "b.json"],
    ["a.json", "--format=github", "-", "--stdin-filename", "x.yaml", "--exit-zero"],
    ["-fjson", "a.json", "-m", "biconnector.connector.get", "--no-force-exclude", "b.json"],
    ["--color", "never", "--ignore", "BL408,BL311", "--ignore=BL101", "--isolated", "c.yaml"],
    ["a.json", "--", "-odd.json", "--format"],  # after "--" everything is a path
    ["--method", "-x", "a.json"],  # an option's value, even one that looks like an option
]


@pytest.mark.parametrize("args", ARGUMENT_LISTS)
def test_a_long_command_line_means_what_it_says(args: list[str]) -> None:
    """A command line of more than 256 arguments reaches click with its options first and its
    paths after "--" (click's parser is quadratic in the arguments before "--"): every option
    and every path, in order, is what click reads from the same tokens as given."""
    from bicon_lint.cli import PathsCommand, check, options_first

    assert isinstance(check, PathsCommand)
    many = [f"p{number}.json" for number in range(300)]
    for tokens in (args, [*many, *args], [*args, *many]):
        given = check.make_context("check", list(tokens), resilient_parsing=True).params
        with mock.patch.object(PathsCommand, "LONG", 1 << 30):  # click on the tokens as given
            plain = check.make_context("check", list(tokens), resilient_parsing=True).params
        assert given == plain
        assert check.make_context("check", options_first(check, list(tokens))).params == plain


def test_an_option_without_its_value_is_reported_as_click_reports_it() -> None:
    from bicon_lint.cli import check, options_first

    tokens = [*(f"p{number}.json" for number in range(300)), "--format"]
    assert options_first(check, tokens) == tokens
    with pytest.raises(click.UsageError, match="requires an argument"):
        check.make_context("check", tokens)
