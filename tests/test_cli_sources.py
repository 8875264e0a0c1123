"""The ``bicon-lint`` command on programs and docs, run for real in subprocesses: directory
searches (vendored folders skipped, ``include``/``exclude``), every output format naming each call,
``--statistics``, standard input, and exit codes. Positions are computed from the texts written
here (``position_of``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TIMEOUT = 120

PHP = """\
<?php
// Two calls: one with a mistake, one without.
$result = CRest::call('biconnector.connector.update', [
    'id' => 4,
    'fields' => ['title' => 'Склад', 'sort' => 'первый'],
]);
CRest::call('biconnector.connector.delete', ['id' => 5]);
"""

PY = """\
from b24pysdk import Client


def clean(client: Client) -> None:
    client.biconnector.connector.delete(bitrix_id=0).call()
"""

SORT = 'Field "sort" must be of type integer.'  # SERVER-SPEC §3.4: "первый" is not numeric
ID = "ID has to be a positive integer."  # §4.3 C1: (int)0 <= 0


def position_of(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def bicon_lint(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "GITHUB_ACTIONS"}}
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
def tree(tmp_path: Path) -> Path:
    files = {
        "src/Sync.php": PHP,
        "tools/clean.py": PY,
        "src/Unrelated.php": "<?php\necho 'biconnector is a module';\n",
        "vendor/acme/Client.php": PHP,  # other people's code: skipped
        "node_modules/x/index.js": "BX24.callMethod('biconnector.connector.delete', {id: 0});\n",
        "web/app.js": "export const one = 1;\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_directory_search_reads_programs_and_skips_vendored_folders(tree: Path) -> None:
    result = bicon_lint("check", ".", cwd=tree)
    assert result.returncode == 1, result.stdout + result.stderr
    line, column = position_of(PHP, "'первый'")
    assert (line, column) == (5, 48)  # characters: "Склад" is 5, not 10 bytes
    py_line, py_column = position_of(PY, "0)")
    assert result.stdout.splitlines() == [
        f"src/Sync.php:{line}:{column}: error: VALIDATION_INVALID_FIELD_TYPE {SORT} [field-type]",
        "src/Sync.php (biconnector.connector.update call on line 3): the server answers "
        f"VALIDATION_INVALID_FIELD_TYPE: {SORT}",
        f"tools/clean.py:{py_line}:{py_column}: error: VALIDATION_INVALID_ID_FORMAT {ID} [id-format]",
        "tools/clean.py (biconnector.connector.delete call on line 5): the server answers "
        f"VALIDATION_INVALID_ID_FORMAT: {ID}",
        "Found 2 errors, 0 warnings and 0 info in 2 files.",
    ]


def test_every_format_names_each_call(tree: Path) -> None:
    result = bicon_lint("check", "-f", "json", "src/Sync.php", cwd=tree)
    assert result.returncode == 1
    files = json.loads(result.stdout)["files"]
    assert [(f["command"], f["method"]) for f in files] == [
        ("line 3", "biconnector.connector.update"),
        ("line 7", "biconnector.connector.delete"),
    ]
    (diagnostic,) = files[0]["diagnostics"]
    assert diagnostic["pointer"] == "/params/fields/sort"
    assert (diagnostic["line"], diagnostic["column"]) == position_of(PHP, "'первый'")
    assert files[1]["diagnostics"] == [] and files[1]["server_error"] is None
    github = bicon_lint("check", "-f", "github", "src/Sync.php", cwd=tree).stdout
    assert "(biconnector.connector.update call on line 3)" in github
    gitlab = json.loads(bicon_lint("check", "-f", "gitlab", "src/Sync.php", cwd=tree).stdout)
    assert [issue["description"] for issue in gitlab] == [
        f"VALIDATION_INVALID_FIELD_TYPE: {SORT} (biconnector.connector.update call on line 3)"
    ]
    junit = bicon_lint("check", "-f", "junit", "src/Sync.php", cwd=tree).stdout
    assert "src/Sync.php (biconnector.connector.update call on line 3)" in junit
    sarif = json.loads(bicon_lint("check", "-f", "sarif", "src/Sync.php", cwd=tree).stdout)
    (entry,) = sarif["runs"][0]["results"]
    assert entry["properties"] == {"command": "line 3"}


def test_statistics_count_files_not_calls(tree: Path) -> None:
    result = bicon_lint("check", "--statistics", "src/Sync.php", "tools/clean.py", cwd=tree)
    summary = "Found 2 errors, 0 warnings and 0 info in 2 files."
    assert result.stdout.splitlines()[-1] == summary
    one = bicon_lint("check", "--statistics", "src/Sync.php", cwd=tree)
    summary = "Found 1 error, 0 warnings and 0 info in 1 file."  # two calls, one file
    assert one.stdout.splitlines()[-1] == summary
    assert bicon_lint("check", "src/Sync.php", cwd=tree).stdout.splitlines()[-1] == summary


def test_a_program_without_a_call_passes_silently(tree: Path) -> None:
    for name in ("src/Unrelated.php", "web/app.js"):
        result = bicon_lint("check", name, cwd=tree)
        assert (result.returncode, result.stdout) == (0, "No payload files found to check.\n")


def test_standard_input_is_read_as_the_language_of_its_name(tree: Path) -> None:
    result = bicon_lint("check", "--stdin-filename", "clean.py", "-", cwd=tree, stdin=PY)
    assert result.returncode == 1
    assert "clean.py:5:" in result.stdout and "VALIDATION_INVALID_ID_FORMAT" in result.stdout


def test_exclude_and_include_apply_to_programs(tree: Path) -> None:
    (tree / "pyproject.toml").write_text(
        '[tool.bicon-lint]\nexclude = ["tools"]\n', encoding="utf-8"
    )
    result = bicon_lint("check", ".", cwd=tree)
    assert "tools/clean.py" not in result.stdout and "src/Sync.php" in result.stdout
    (tree / "pyproject.toml").write_text(
        '[tool.bicon-lint]\ninclude = ["*.py"]\n', encoding="utf-8"
    )
    result = bicon_lint("check", ".", cwd=tree)
    assert "src/Sync.php" not in result.stdout and "tools/clean.py" in result.stdout


def test_a_suppression_comment_silences_its_line_and_exit_code(tmp_path: Path) -> None:
    text = PHP.replace("'первый'],", "'первый'], // bicon-lint: ignore[field-type]")
    (tmp_path / "a.php").write_text(text, encoding="utf-8")
    result = bicon_lint("check", "a.php", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "VALIDATION_INVALID_FIELD_TYPE [" not in result.stdout
    # the prediction stays the server's
    assert "the server answers VALIDATION_INVALID_FIELD_TYPE" in result.stdout
