"""Golden files: every output format of one real run, compared byte for byte.

The run lints the payload files of ``tests/data/reporters`` with the real runner, from that folder
(so the paths are the plain file names), in this order:

* ``good.json``: the clean example connector update.
* ``bad.json``: six errors: a field type after a non-BMP character on the same line (``🚀``: the
  column counts code points), an unknown field whose key holds ``%``, ``:``, ``,`` and a newline
  (escaping), a settings type, a server crash (``BL101``) and a duplicate key (``BL003`` twice,
  whose messages quote positions). The server answers ``VALIDATION_UNKNOWN_PARAMETERS``.
* ``crash.json``: the crash alone: the server answers nothing (``code`` null, ``fatal``).
* ``dataset.json``: the ``BL201`` warning (a span over several lines), two errors at one pointer
  with different messages, a duplicate column.
* ``broken.json``: not JSON (``BL001``, no method).
* ``missing.json``: does not exist: a path that could not be read.

and last, a report of params linted in memory (``lint_payload``): no path, no positions.

The golden files were written once from this output and then read and checked field by field, by
hand, against each format's specification (not regenerated blindly):

* ``text.txt``: ``path:line:col: SEVERITY: CODE message [rule]`` (``warning:`` for ``BL201`` only,
  ``error:`` for the rest; ``<params>: error: ...`` without a position), the server's answer after
  each file, the summary line (13 errors, 1 warning, 0 info, 6 files, 1 unreadable path); the
  newline in ``bad.json``'s key shown as ``\\x0a``, so that each diagnostic stays one line.
* ``json.json``: version 1; every file entry has ``command`` (null: no batch file here); columns
  checked against the payload texts (``bad.json`` 6:46-52 is ``"0x1A"`` after ``🚀``; 7:7-29 the
  22-character key; ``dataset.json`` 3:13 to 12:4 the params object).
* ``sarif.sarif``: SARIF 2.1.0 (also validated against the OASIS schema in
  test_reporters_sarif.py) with the rule catalogue and ``ruleIndex`` left out (see
  ``without_rule_catalogue``), levels error/warning,
  1-based regions with exclusive ``endColumn``, ``columnKind`` ``unicodeCodePoints``, no region for
  the position-less report, artifacts carrying each file's predicted server answer, the unreadable
  path as an error notification with ``executionSuccessful`` false.
* ``github.txt``: ``::error``/``::warning``/``::notice`` with ``file``, ``line``, ``col``,
  ``endLine``, ``endColumn``, ``title`` in that order; no columns for the multi-line ``BL201``;
  ``%25``/``%0A`` in the message; a ``::notice`` per server answer; no ``file`` without a path.
* ``gitlab.json``: description ``CODE: message``, ``check_name``, 32-hex fingerprints all distinct,
  severities major/critical (``BL101``)/minor (``BL201``), ``lines.begin``/``end``, line 1 without a
  position.
* ``junit.xml``: suite counts (16 tests, 13 failures, 1 error), the clean file's passing
  ``bicon-lint`` case, the warning passing with its line in ``system-out``, ``&quot;`` and ``&#10;``
  in attributes, a repeated case name (same code and pointer) suffixed ``(2)``, the position-less
  cases without ``file``/``line``, the unreadable path as an ``error`` in the ``unreadable`` suite.

When an output format changes on purpose, rewrite the golden file and review its diff the same way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bicon_lint.api import RunResult, lint_payload
from bicon_lint.reporters import FORMATS, render
from bicon_lint.runner import Options, run_paths

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT / "tests" / "data" / "reporters"
GOLDEN = PROJECT / "tests" / "golden"
PATHS = ["good.json", "bad.json", "crash.json", "dataset.json", "broken.json", "missing.json"]
GOLDEN_FILES = {
    "text": "text.txt",
    "json": "json.json",
    "sarif": "sarif.sarif",
    "github": "github.txt",
    "gitlab": "gitlab.json",
    "junit": "junit.xml",
}


@contextmanager
def inside(directory: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(previous)


def golden_result() -> RunResult:
    """The run the golden files show (see the module docstring)."""
    with inside(DATA):
        run = run_paths(PATHS, Options())
    in_memory = lint_payload({"id": "four", "fields": {"title": 7}}, "biconnector.connector.update")
    return RunResult([*run.reports, in_memory], run.failures)


def test_every_format_has_a_golden_file() -> None:
    assert set(GOLDEN_FILES) == set(FORMATS)


def without_rule_catalogue(sarif: str) -> str:
    """The SARIF log minus ``tool.driver.rules`` and each result's ``ruleIndex``.

    The catalogue lists every registered rule, so it changes whenever a rule is added; it is
    checked on its own (schema, one descriptor per code, each ``ruleIndex`` resolving to the
    diagnostic's rule) in test_reporters_sarif.py. Everything else stays byte for byte.
    """
    log = json.loads(sarif)
    for run in log["runs"]:
        run["tool"]["driver"]["rules"] = []
        for result in run["results"]:
            result.pop("ruleIndex", None)
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("name", FORMATS)
def test_golden(name: str) -> None:
    expected = (GOLDEN / GOLDEN_FILES[name]).read_bytes()
    rendered = render(name, golden_result())
    if name == "sarif":
        rendered = without_rule_catalogue(rendered)
    assert rendered.encode("utf-8") == expected


def test_golden_run_is_what_the_docstring_says() -> None:
    result = golden_result()
    assert [report.path for report in result.reports] == [*PATHS[:-1], None]
    assert result.failures == ["missing.json: no such file"]
    assert (result.errors, result.warnings) == (13, 1)
    bad = result.reports[1]
    codes = [d.code for d in bad.diagnostics]
    assert "BL101" in codes and codes.count("BL003") == 2
    assert bad.server_error is not None and bad.server_error.code == "VALIDATION_UNKNOWN_PARAMETERS"
    crash = result.reports[2].server_error
    assert crash is not None and crash.fatal and crash.code is None
    assert all(d.line is None for d in result.reports[-1].diagnostics)
