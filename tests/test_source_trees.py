"""Whole real trees that make no ``biconnector.*`` call give no diagnostic: the installed
b24pysdk package (the SDK itself: it names every biconnector method, and calls none), and the
PHP, JavaScript and Python programs this machine has, each file made to mention ``biconnector`` in
a comment first, so that every one of them is parsed and read for calls (a file that does not
mention it is not even parsed). A tree missing from the machine is skipped, with its path.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

TIMEOUT = 300
SAMPLE = 400  # files per language: enough real code for every construct, a few seconds to read

TREES = {
    "php": (
        Path("/usr/lib/google-cloud-sdk/platform/google_appengine"),
        "<?php /* biconnector */ ?>",
    ),
    "js": (Path("/usr/lib/node_modules/npm"), "// biconnector"),
    "py": (Path(os.__file__).parent, "# biconnector"),
}


def check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_the_b24pysdk_package_makes_no_call() -> None:
    spec = importlib.util.find_spec("b24pysdk")  # its files are read, not imported (b24pysdk
    if spec is None or spec.origin is None:  # 1.3 does not import on Python 3.10)
        pytest.skip("b24pysdk is not installed: python -m pip install -e '.[dev]'")
    tree = Path(spec.origin).parent
    mentions = [p for p in tree.rglob("*.py") if "biconnector" in p.read_text(encoding="utf-8")]
    assert len(mentions) >= 5  # the SDK names the biconnector methods: its files are parsed
    result = check(tree)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "No payload files found to check.\n",
        "",
    )


@pytest.mark.parametrize("language", TREES)
def test_real_programs_that_mention_biconnector_make_no_call(language: str, tmp_path: Path) -> None:
    tree, mark = TREES[language]
    if not tree.is_dir():
        pytest.skip(f"{tree} is not on this machine")
    files = sorted(tree.rglob(f"*.{language}"))  # flattened below: no folder is skipped
    picked = files[:: max(1, len(files) // SAMPLE)][:SAMPLE]
    for number, path in enumerate(picked):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        (tmp_path / f"{number:04d}.{language}").write_text(f"{mark}\n{text}", encoding="utf-8")
    written = len(list(tmp_path.iterdir()))
    assert written >= min(100, len(files) // 2), written
    result = check(tmp_path)
    assert result.stderr == ""
    if language == "py":  # a file of the standard library that this Python cannot parse
        reported = [line for line in result.stdout.splitlines() if " BL008 " not in line]
        assert reported[-1].startswith(("No payload files", "Found 0 errors"))
        assert len(reported) == 1, result.stdout
    else:
        assert (result.returncode, result.stdout) == (0, "No payload files found to check.\n")
