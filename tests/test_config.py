"""``[tool.bicon-lint]``: a matrix of real ``pyproject.toml`` files in temporary folders.

Most cases run the runner in-process with a :class:`Resolver` (as the CLI builds it); the ones
about the command line itself (exit codes, error messages, ``--show-settings``, overrides) run
``bicon-lint`` in a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bicon_lint.api import RunResult
from bicon_lint.config import (
    ConfigError,
    Glob,
    Overrides,
    Resolver,
    load_config,
    selector_problem,
)
from bicon_lint.model import Severity
from bicon_lint.runner import Options, run_paths
from bicon_lint.targets import Target
from tests.shared import BAD

PROJECT = Path(__file__).resolve().parents[1]
TIMEOUT = 120

FIELD_TYPE = "VALIDATION_INVALID_FIELD_TYPE"
SETTINGS_TYPE = "VALIDATION_SETTINGS_INVALID_TYPE"
# BL201, a warning, on targets from 2026-04 (biconnector.dataset.* is deprecated there)
DATASET = '{"method": "biconnector.dataset.get", "params": {"id": 1}}\n'
# BL007 (a byte order mark) and BL003 (a duplicate key): two BL0xx codes
BOM_AND_DUPLICATE = '\ufeff{"method": "biconnector.connector.get", "params": {"id": 4, "id": 4}}\n'
# Bare params that fit the update of a connector or a source: BL005 unless told the method
BARE = '{"id": 4, "fields": {"title": 7}}\n'
# The codes these tests are about. Other rules (advisory ones, rules added later) may report more
# on the same payloads; the matrix looks at these only, so it holds whatever rules are added.
KNOWN = {FIELD_TYPE, SETTINGS_TYPE, "BL001", "BL003", "BL005", "BL007", "BL201"}


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pyproject(folder: Path, body: str) -> Path:
    """A pyproject.toml with a [project] table (as real ones have) and ``body``."""
    text = '[project]\nname = "payloads"\nversion = "0"\n\n' + textwrap.dedent(body)
    return write(folder, "pyproject.toml", text)


Check = Callable[..., RunResult]


@pytest.fixture
def check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Check]:
    """Run the runner as ``bicon-lint check`` would, from ``tmp_path``."""
    monkeypatch.chdir(tmp_path)

    def run(
        *paths: str,
        overrides: Overrides | None = None,
        config_file: str | None = None,
        isolated: bool = False,
        only_payloads: bool = False,
        stdin: str | None = None,
        stdin_filename: str | None = None,
    ) -> RunResult:
        resolver = Resolver(overrides, config_file=config_file, isolated=isolated)
        options = Options(
            only_payloads=only_payloads, stdin_filename=stdin_filename, resolver=resolver
        )
        data = io.BytesIO(stdin.encode()) if stdin is not None else None
        return run_paths(paths, options, data)

    yield run


def codes(result: RunResult) -> dict[str, list[str]]:
    """Each checked file's codes (of those in ``KNOWN``), by path in ``/`` form."""
    return {
        Path(report.path or "-").as_posix(): [d.code for d in report.diagnostics if d.code in KNOWN]
        for report in result.checked
    }


def run_cli(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "GITHUB_ACTIONS"}}
    env["PYTHONUTF8"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
        env=env,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


# ------------------------------------------------------------------------------------------------
# select / ignore / extend-select
# ------------------------------------------------------------------------------------------------


def test_without_a_config_everything_is_reported(tmp_path: Path, check: Check) -> None:
    write(tmp_path, "bad.json", BAD)
    assert codes(check("bad.json")) == {"bad.json": [SETTINGS_TYPE, FIELD_TYPE]}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('select = ["VALIDATION_INVALID_FIELD_TYPE"]', [FIELD_TYPE]),  # a code
        ('select = ["settings-type-enum"]', [SETTINGS_TYPE]),  # a rule name
        ('select = ["VALIDATION_SETTINGS"]', [SETTINGS_TYPE]),  # a code prefix
        ('ignore = ["field-type"]', [SETTINGS_TYPE]),
        ('ignore = ["VALIDATION_"]', []),
        ('select = ["BL"]', []),
        ('select = ["BL"]\nextend-select = ["field-type"]', [FIELD_TYPE]),
        # longest match wins: ignore a family, select one back, and the other way round
        (
            'ignore = ["VALIDATION_"]\nextend-select = ["VALIDATION_SETTINGS_INVALID_TYPE"]',
            [SETTINGS_TYPE],
        ),
        ('select = ["VALIDATION_"]\nignore = ["VALIDATION_SETTINGS"]', [FIELD_TYPE]),
        (
            'select = ["VALIDATION_INVALID_FIELD_TYPE"]\nignore = ["VALIDATION_INVALID_FIELD_TYPE"]',
            [],
        ),
    ],
)
def test_selection_in_the_config(
    tmp_path: Path, check: Check, body: str, expected: list[str]
) -> None:
    pyproject(tmp_path, "[tool.bicon-lint]\n" + body + "\n")
    write(tmp_path, "bad.json", BAD)
    assert codes(check("bad.json")) == {"bad.json": expected}


def test_prefix_precedence_among_bicon_lint_codes(tmp_path: Path, check: Check) -> None:
    """The issue's example in the codes that exist: ignore "BL0", select "BL003" back."""
    pyproject(tmp_path, '[tool.bicon-lint]\nignore = ["BL0"]\nextend-select = ["BL003"]\n')
    write(tmp_path, "dup.json", BOM_AND_DUPLICATE)
    assert set(codes(check("dup.json", overrides=Overrides(), isolated=True))["dup.json"]) == {
        "BL003",
        "BL007",
    }
    assert set(codes(check("dup.json"))["dup.json"]) == {"BL003"}


def test_ignoring_every_error_keeps_the_prediction(tmp_path: Path, check: Check) -> None:
    """Selection filters diagnostics after linting: server_error is still the server's answer."""
    pyproject(tmp_path, '[tool.bicon-lint]\nignore = ["ALL"]\n')
    write(tmp_path, "bad.json", BAD)
    result = check("bad.json")
    (report,) = result.checked
    assert report.diagnostics == [] and result.errors == 0
    assert report.server_error is not None and report.server_error.code == FIELD_TYPE


# ------------------------------------------------------------------------------------------------
# per-file-ignores
# ------------------------------------------------------------------------------------------------


def test_per_file_ignores_globs_are_relative_to_the_config(tmp_path: Path, check: Check) -> None:
    pyproject(
        tmp_path,
        """
        [tool.bicon-lint.per-file-ignores]
        "legacy/*.json" = ["field-type"]
        "*.draft.json" = ["VALIDATION_SETTINGS"]
        "deep/**/old-*.json" = ["VALIDATION_"]
        """,
    )
    for name in (
        "legacy/a.json",
        "legacy/sub/a.json",  # "*" stays within one folder
        "new/a.json",
        "new/a.draft.json",  # no "/": the file name, wherever it is
        "deep/old-a.json",  # "**/" is zero folders or more
        "deep/x/y/old-b.json",
    ):
        write(tmp_path, name, BAD)
    both = [SETTINGS_TYPE, FIELD_TYPE]
    # run from a subfolder: the globs stay relative to the pyproject.toml's folder
    os.chdir(tmp_path / "new")
    assert codes(check("..")) == {
        "../deep/old-a.json": [],
        "../deep/x/y/old-b.json": [],
        "../legacy/a.json": [SETTINGS_TYPE],
        "../legacy/sub/a.json": both,
        "../new/a.draft.json": [FIELD_TYPE],
        "../new/a.json": both,
    }


def test_per_file_ignores_beat_a_more_specific_select(tmp_path: Path, check: Check) -> None:
    pyproject(
        tmp_path,
        """
        [tool.bicon-lint]
        select = ["VALIDATION_INVALID_FIELD_TYPE"]
        per-file-ignores = { "skip/*.json" = ["VALIDATION_"] }
        """,
    )
    write(tmp_path, "skip/bad.json", BAD)
    write(tmp_path, "keep/bad.json", BAD)
    assert codes(check("skip/bad.json", "keep/bad.json")) == {
        "skip/bad.json": [],
        "keep/bad.json": [FIELD_TYPE],
    }


# ------------------------------------------------------------------------------------------------
# severity
# ------------------------------------------------------------------------------------------------


def test_severity_overrides(tmp_path: Path, check: Check) -> None:
    pyproject(
        tmp_path,
        """
        [tool.bicon-lint.severity]
        "BL201" = "error"
        "VALIDATION_" = "info"
        "field-type" = "warning"
        """,
    )
    write(tmp_path, "dataset.json", DATASET)
    write(tmp_path, "bad.json", BAD)
    result = check("dataset.json", "bad.json")
    graded = {
        report.path: [(d.code, d.severity) for d in report.diagnostics if d.code in KNOWN]
        for report in result.checked
    }
    assert graded == {
        "dataset.json": [("BL201", Severity.ERROR)],  # a warning raised to an error
        "bad.json": [(SETTINGS_TYPE, Severity.INFO), (FIELD_TYPE, Severity.WARNING)],
    }
    # a server code graded down still is the server's answer
    bad = result.checked[1]
    assert bad.server_error is not None and bad.server_error.code == FIELD_TYPE


# ------------------------------------------------------------------------------------------------
# target
# ------------------------------------------------------------------------------------------------


def test_target_from_the_config(tmp_path: Path, check: Check) -> None:
    write(tmp_path, "dataset.json", DATASET)
    assert codes(check("dataset.json")) == {"dataset.json": ["BL201"]}  # latest: deprecated
    pyproject(tmp_path, '[tool.bicon-lint]\ntarget = "2026-01"\n')
    result = check("dataset.json")
    assert codes(result) == {"dataset.json": []}
    assert result.checked[0].target is Target.V2026_01
    # --target overrides it
    result = check("dataset.json", overrides=Overrides(target=Target.V2026_05))
    assert codes(result) == {"dataset.json": ["BL201"]}
    assert result.checked[0].target is Target.V2026_05


# ------------------------------------------------------------------------------------------------
# include / exclude / force-exclude
# ------------------------------------------------------------------------------------------------


def test_exclude_applies_to_walked_directories(tmp_path: Path, check: Check) -> None:
    pyproject(tmp_path, '[tool.bicon-lint]\nexclude = ["fixtures", "payloads/skip/*.json"]\n')
    for name in (
        "payloads/a.json",
        "payloads/skip/b.json",
        "payloads/fixtures/c.json",
        "tests/fixtures/d.json",
    ):
        write(tmp_path, name, BAD)
    assert list(codes(check("."))) == ["payloads/a.json"]
    # named explicitly, an excluded file is still checked (ruff's default) ...
    assert list(codes(check("payloads/skip/b.json", "tests/fixtures/d.json"))) == [
        "payloads/skip/b.json",
        "tests/fixtures/d.json",
    ]
    # ... unless force-exclude is on (pre-commit passes files one by one), even for a folder above
    forced = Overrides(force_exclude=True)
    assert codes(
        check("payloads/skip/b.json", "tests/fixtures/d.json", "payloads/a.json", overrides=forced)
    ) == {"payloads/a.json": [SETTINGS_TYPE, FIELD_TYPE]}


def test_force_exclude_in_the_config_and_its_cli_override(tmp_path: Path, check: Check) -> None:
    pyproject(tmp_path, '[tool.bicon-lint]\nexclude = ["generated"]\nforce-exclude = true\n')
    write(tmp_path, "generated/x.json", BAD)
    assert codes(check("generated/x.json")) == {}
    assert codes(check("generated", "-", stdin=BAD, stdin_filename="generated/y.json")) == {}
    assert list(codes(check("generated/x.json", overrides=Overrides(force_exclude=False)))) == [
        "generated/x.json"
    ]


def test_include_replaces_the_default_file_types(tmp_path: Path, check: Check) -> None:
    pyproject(tmp_path, '[tool.bicon-lint]\ninclude = ["payloads/**/*.json", "*.payload"]\n')
    write(tmp_path, "payloads/deep/a.json", BAD)
    write(tmp_path, "other/b.json", BAD)
    write(tmp_path, "other/c.payload", BAD)
    assert list(codes(check("."))) == ["other/c.payload", "payloads/deep/a.json"]


# ------------------------------------------------------------------------------------------------
# methods: bare params files by glob
# ------------------------------------------------------------------------------------------------


METHODS = """
[tool.bicon-lint.methods]
"payloads/connectors/*.json" = "biconnector.connector.update"
"payloads/sources/*.json" = "biconnector.source.update"
"""


def test_method_mapping_checks_bare_params(tmp_path: Path, check: Check) -> None:
    pyproject(tmp_path, METHODS)
    write(tmp_path, "payloads/connectors/a.json", BARE)
    write(tmp_path, "payloads/sources/b.json", BARE)
    write(tmp_path, "payloads/other/c.json", BARE)
    result = check("payloads/connectors/a.json", "payloads/sources/b.json", "payloads/other/c.json")
    methods = {report.path: report.method for report in result.checked}
    assert methods == {
        os.path.join("payloads", "connectors", "a.json"): "biconnector.connector.update",
        os.path.join("payloads", "sources", "b.json"): "biconnector.source.update",
        os.path.join("payloads", "other", "c.json"): None,  # ambiguous shape: BL005
    }
    assert codes(result)["payloads/connectors/a.json"] == [FIELD_TYPE]
    (first,) = [d for d in result.checked[0].diagnostics if d.code == FIELD_TYPE]
    assert (first.line, first.column) == (1, 31)  # `{"id": 4, "fields": {"title": 7}}`: the 7
    assert codes(result)["payloads/other/c.json"] == ["BL005"]


def test_mapped_files_are_payloads_when_walking_and_in_hook_mode(
    tmp_path: Path, check: Check
) -> None:
    """A walked folder (or --only-payloads) skips bare params, but not mapped ones; a mapped
    file that is not even JSON is reported, not skipped."""
    pyproject(tmp_path, METHODS)
    write(tmp_path, "payloads/connectors/a.json", BARE)
    write(tmp_path, "payloads/connectors/broken.json", '{"id": 4,}')
    write(tmp_path, "payloads/other/c.json", BARE)
    expected = {
        "payloads/connectors/a.json": [FIELD_TYPE],
        "payloads/connectors/broken.json": ["BL001"],
    }
    assert codes(check("payloads")) == expected
    hook = check(
        "payloads/connectors/a.json",
        "payloads/connectors/broken.json",
        "payloads/other/c.json",
        only_payloads=True,
    )
    assert codes(hook) == expected


def test_method_precedence(tmp_path: Path, check: Check) -> None:
    """--method > the file's envelope > [tool.bicon-lint.methods] > the shape."""
    pyproject(tmp_path, METHODS)
    envelope = '{"method": "biconnector.connector.add", "params": {"fields": {"title": 7}}}'
    write(tmp_path, "payloads/connectors/envelope.json", envelope)
    write(tmp_path, "payloads/connectors/bare.json", BARE)
    paths = ("payloads/connectors/envelope.json", "payloads/connectors/bare.json")
    methods = [report.method for report in check(*paths).checked]
    assert methods == ["biconnector.connector.add", "biconnector.connector.update"]
    flagged = check(*paths, overrides=Overrides(method="biconnector.source.update"))
    assert [report.method for report in flagged.checked] == ["biconnector.source.update"] * 2


def test_last_matching_method_glob_wins(tmp_path: Path, check: Check) -> None:
    pyproject(
        tmp_path,
        """
        [tool.bicon-lint.methods]
        "payloads/**/*.json" = "biconnector.connector.update"
        "payloads/sources/*.json" = "biconnector.source.update"
        """,
    )
    write(tmp_path, "payloads/sources/b.json", BARE)
    write(tmp_path, "payloads/a.json", BARE)
    methods = {Path(r.path or "").name: r.method for r in check("payloads").checked}
    assert methods == {
        "a.json": "biconnector.connector.update",
        "b.json": "biconnector.source.update",
    }


# ------------------------------------------------------------------------------------------------
# Discovery
# ------------------------------------------------------------------------------------------------


def test_closest_config_wins(tmp_path: Path, check: Check) -> None:
    pyproject(tmp_path, '[tool.bicon-lint]\nignore = ["field-type"]\n')
    pyproject(tmp_path / "team", '[tool.bicon-lint]\nignore = ["settings-type-enum"]\n')
    write(tmp_path / "team" / "tools", "pyproject.toml", "[tool.black]\nline-length = 100\n")
    write(tmp_path, "a.json", BAD)
    write(tmp_path, "team/b.json", BAD)
    write(tmp_path, "team/tools/c.json", BAD)  # its pyproject.toml has no [tool.bicon-lint]
    assert codes(check(".")) == {
        "a.json": [SETTINGS_TYPE],
        "team/b.json": [FIELD_TYPE],  # the closer file replaces the outer one, not merged
        "team/tools/c.json": [FIELD_TYPE],
    }


def test_stdin_uses_the_config_of_the_current_directory(tmp_path: Path, check: Check) -> None:
    pyproject(
        tmp_path,
        '[tool.bicon-lint]\nignore = ["field-type"]\n[tool.bicon-lint.per-file-ignores]\n"legacy/*.json" = ["VALIDATION_"]\n',
    )
    assert codes(check("-", stdin=BAD)) == {"<stdin>": [SETTINGS_TYPE]}
    assert codes(check("-", stdin=BAD, stdin_filename="legacy/x.json")) == {"legacy/x.json": []}
    sub = tmp_path / "sub"
    sub.mkdir()
    os.chdir(sub)  # no config here: the one above applies
    assert codes(check("-", stdin=BAD)) == {"<stdin>": [SETTINGS_TYPE]}


def test_config_file_and_isolated(tmp_path: Path, check: Check) -> None:
    pyproject(tmp_path, '[tool.bicon-lint]\nignore = ["field-type"]\n')
    write(tmp_path, "other/strict.toml", 'select = ["VALIDATION_SETTINGS"]\n')
    write(tmp_path, "bad.json", BAD)
    assert codes(check("bad.json")) == {"bad.json": [SETTINGS_TYPE]}
    assert codes(check("bad.json", isolated=True)) == {"bad.json": [SETTINGS_TYPE, FIELD_TYPE]}
    # any other file name holds the table's keys at its top level
    assert codes(check("bad.json", config_file="other/strict.toml")) == {
        "bad.json": [SETTINGS_TYPE]
    }
    write(tmp_path, "other/pyproject.toml", '[tool.bicon-lint]\nselect = ["field-type"]\n')
    assert codes(check("bad.json", config_file="other/pyproject.toml")) == {
        "bad.json": [FIELD_TYPE]
    }
    write(tmp_path, "none/pyproject.toml", "[tool.black]\n")
    with pytest.raises(ConfigError, match=r"has no \[tool.bicon-lint\] table"):
        check("bad.json", config_file="none/pyproject.toml")


# ------------------------------------------------------------------------------------------------
# Command-line overrides (functions)
# ------------------------------------------------------------------------------------------------


def test_cli_selection_overrides_the_config(tmp_path: Path, check: Check) -> None:
    pyproject(tmp_path, '[tool.bicon-lint]\nselect = ["VALIDATION_"]\nignore = ["field-type"]\n')
    write(tmp_path, "bad.json", BAD)
    assert codes(check("bad.json")) == {"bad.json": [SETTINGS_TYPE]}
    # --select replaces select, and the file's ignores with it (ruff's layers)
    assert codes(check("bad.json", overrides=Overrides(select=("field-type",)))) == {
        "bad.json": [FIELD_TYPE]
    }
    # --ignore and --extend-select change only what they name
    assert codes(check("bad.json", overrides=Overrides(ignore=("VALIDATION_SETTINGS",)))) == {
        "bad.json": []
    }
    assert codes(check("bad.json", overrides=Overrides(extend_select=("field-type",)))) == {
        "bad.json": [SETTINGS_TYPE, FIELD_TYPE]
    }


# ------------------------------------------------------------------------------------------------
# Validation
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('selct = ["BL"]', "unknown key 'selct' (did you mean 'select'?)"),
        ('extend_select = ["BL"]', "unknown key 'extend_select' (did you mean 'extend-select'?)"),
        ('select = "BL"', "select: expected an array of strings, got a string ('BL')"),
        ("force-exclude = 1", "force-exclude: expected true or false, got an integer (1)"),
        ('force-exclude = "yes"', "force-exclude: expected true or false, got a string ('yes')"),
        ("target = 2026", "target: expected a string, got an integer (2026)"),
        ('target = "2019-01"', "target: unknown target '2019-01'"),
        ('ignore = ["BL999"]', "ignore[0]: unknown rule selector 'BL999'"),
        ('select = ["BL", 7]', "select[1]: expected a string, got an integer (7)"),
        (
            'severity = { "BL201" = "fatal" }',
            "severity.BL201: expected 'error', 'warning' or 'info'",
        ),
        ('severity = { "nope" = "error" }', "severity.nope: unknown rule selector 'nope'"),
        (
            'per-file-ignores = { "a/*.json" = "BL" }',
            'per-file-ignores."a/*.json": expected an array',
        ),
        (
            'methods = { "a/*.json" = "biconnector.conector.add" }',
            'methods."a/*.json": unknown method',
        ),
        ('include = ["*.json", ""]', "include[1]: an empty glob matches nothing"),
    ],
)
def test_bad_config_is_a_one_line_error(tmp_path: Path, body: str, message: str) -> None:
    path = pyproject(tmp_path, "[tool.bicon-lint]\n" + body + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"{path}: [tool.bicon-lint] ")
    assert message in text


def test_table_of_the_wrong_type_and_invalid_toml(tmp_path: Path) -> None:
    path = write(tmp_path, "pyproject.toml", '[tool]\nbicon-lint = "strict"\n')
    with pytest.raises(ConfigError, match=r"\[tool.bicon-lint\] must be a table, got a string"):
        load_config(path)
    write(tmp_path, "pyproject.toml", "[tool.bicon-lint\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_selectors_are_checked_against_the_registry() -> None:
    for good in ("ALL", "all", "BL", "bl00", "BL201", "field-type", "100", "VALIDATION_"):
        assert selector_problem(good) is None, good
    for bad in ("BL999", "field_type", "", "X"):
        assert selector_problem(bad) is not None, bad


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.json", "a/b/c.json", True),
        ("c.json", "a/b/c.json", True),
        ("a/*.json", "a/c.json", True),
        ("a/*.json", "a/b/c.json", False),
        ("a/**/*.json", "a/c.json", True),
        ("a/**/*.json", "a/b/d/c.json", True),
        ("./a/*.json", "a/c.json", True),
        ("/a/*.json", "a/c.json", True),
        ("a/**", "a/b/c.json", True),
        ("**/c.json", "x/c.json", True),
        ("a/c?.json", "a/c1.json", True),
        ("a/c[0-9].json", "a/cx.json", False),
        ("a/c[!0-9].json", "a/cx.json", True),
        ("b/*.json", "a/b/c.json", False),  # anchored at the config's folder
    ],
)
def test_glob(pattern: str, path: str, matches: bool) -> None:
    assert Glob.compile(pattern).matches(path, path.rsplit("/", 1)[-1]) is matches


# ------------------------------------------------------------------------------------------------
# The command line (subprocess)
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("unknown-key = true", "unknown key 'unknown-key'"),
        ('select = "BL"', "select: expected an array"),
    ],
)
def test_cli_bad_config_exits_2(tmp_path: Path, body: str, key: str) -> None:
    pyproject(tmp_path, "[tool.bicon-lint]\n" + body + "\n")
    write(tmp_path, "payloads/bad.json", BAD)
    result = run_cli("check", "payloads/bad.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()  # one line: the file, the key, what is wrong
    assert line.startswith(f"bicon-lint: error: pyproject.toml: [tool.bicon-lint] {key}"), line
    no_traceback(result)


def test_cli_overrides_and_exit_codes(tmp_path: Path) -> None:
    pyproject(
        tmp_path,
        """
        [tool.bicon-lint]
        target = "2026-01"
        select = ["VALIDATION_", "BL0", "BL2"]
        ignore = ["VALIDATION_"]
        [tool.bicon-lint.methods]
        "params/*.json" = "biconnector.source.update"
        """,
    )
    write(tmp_path, "bad.json", BAD)
    write(tmp_path, "dataset.json", DATASET)
    write(tmp_path, "params/p.json", BARE)
    # every error ignored: exit 0, though the server would still answer an error
    quiet = run_cli("check", "-f", "json", "bad.json", "dataset.json", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    files = json.loads(quiet.stdout)["files"]
    assert [f["diagnostics"] for f in files] == [[], []]
    assert files[0]["server_error"]["code"] == FIELD_TYPE
    assert [f["target"] for f in files] == ["2026-01", "2026-01"]
    # --target, --extend-select, --select, --ignore override the file
    assert (
        run_cli("check", "-t", "2026-04", "dataset.json", cwd=tmp_path).returncode == 0
    )  # a warning
    loud = run_cli("check", "--extend-select", "field-type", "bad.json", cwd=tmp_path)
    assert loud.returncode == 1 and f"bad.json:7:15: error: {FIELD_TYPE}" in loud.stdout
    assert SETTINGS_TYPE not in loud.stdout
    both = run_cli("check", "--select", "VALIDATION_SETTINGS,field-type", "bad.json", cwd=tmp_path)
    assert both.returncode == 1 and SETTINGS_TYPE in both.stdout and FIELD_TYPE in both.stdout
    dropped = run_cli(
        "check",
        "--select",
        "VALIDATION_",
        "--ignore",
        "settings-type-enum,field-type",
        "bad.json",
        cwd=tmp_path,
    )
    assert dropped.returncode == 0
    # the mapping, and --method over it
    mapped = run_cli("check", "-f", "json", "params/p.json", cwd=tmp_path)
    assert json.loads(mapped.stdout)["files"][0]["method"] == "biconnector.source.update"
    flagged = run_cli(
        "check", "-f", "json", "-m", "biconnector.connector.update", "params/p.json", cwd=tmp_path
    )
    assert json.loads(flagged.stdout)["files"][0]["method"] == "biconnector.connector.update"
    # --isolated ignores the file, --config forces one
    assert run_cli("check", "--isolated", "bad.json", cwd=tmp_path).returncode == 1
    write(tmp_path, "strict.toml", 'select = ["ALL"]\n')  # replaces the pyproject.toml
    forced = run_cli("check", "--config", "strict.toml", "bad.json", cwd=tmp_path)
    assert forced.returncode == 1 and SETTINGS_TYPE in forced.stdout


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "bad.json", BAD)
    for args, message in [
        (["--select", "BL999"], "unknown rule selector 'BL999'"),
        (["--ignore", "nope"], "unknown rule selector 'nope'"),
        (["--config", "missing.toml"], "does not exist"),
        (["--config", "pyproject.toml", "--isolated"], "cannot be used together"),
    ]:
        write(tmp_path, "pyproject.toml", "[tool.bicon-lint]\n")
        result = run_cli("check", *args, "bad.json", cwd=tmp_path)
        assert result.returncode == 2, args
        assert message in result.stderr, (args, result.stderr)
        no_traceback(result)


def test_cli_show_settings(tmp_path: Path) -> None:
    pyproject(
        tmp_path,
        """
        [tool.bicon-lint]
        target = "2026-05"
        ignore = ["BL2"]
        severity = { "field-type" = "warning" }
        per-file-ignores = { "legacy/*.json" = ["settings-type-enum"] }
        [tool.bicon-lint.methods]
        "payloads/*.json" = "biconnector.connector.update"
        """,
    )
    result = run_cli("check", "--show-settings", "legacy/a.json", "payloads/b.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    legacy, payloads = result.stdout.split("\n\n")
    assert legacy.splitlines()[:3] == [
        "Settings for: legacy/a.json",
        "config file: pyproject.toml",
        "target: 2026-05 (from the configuration file)",
    ]
    assert "ignore: BL2" in legacy
    assert "per-file-ignores for this file: settings-type-enum" in legacy
    assert "VALIDATION_SETTINGS_INVALID_TYPE" in legacy.split("codes not reported: ")[1]
    assert "severity changed: VALIDATION_INVALID_FIELD_TYPE: error -> warning" in legacy
    assert (
        "method: biconnector.connector.update ([tool.bicon-lint.methods] 'payloads/*.json'"
        in payloads
    )
    isolated = run_cli(
        "check", "--show-settings", "--isolated", "-t", "2025-07", "x.json", cwd=tmp_path
    )
    assert "config file: none (--isolated)" in isolated.stdout
    assert "target: 2025-07 (from --target)" in isolated.stdout


def test_cli_rule_docs_resolve_for_ignored_codes(tmp_path: Path) -> None:
    pyproject(tmp_path, '[tool.bicon-lint]\nignore = ["ALL"]\n')
    for name in ("field-type", FIELD_TYPE, "BL201"):
        result = run_cli("rule", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
