"""Run mypy (strict, configured in pyproject.toml) on bicon_lint with ``rules/`` in its installed
place, ``bicon_lint/rules``. mypy cannot follow setuptools' ``package-dir`` mapping, so the package
is laid out in a temporary folder as it is installed, and reported paths are mapped back."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bicon-lint-mypy-") as scratch:
        tree = Path(scratch)
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / "bicon_lint", tree / "bicon_lint", ignore=ignore)
        shutil.copytree(ROOT / "rules", tree / "bicon_lint" / "rules", ignore=ignore)
        command = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")]
        done = subprocess.run(
            [*command, "-p", "bicon_lint"], cwd=tree, capture_output=True, text=True, check=False
        )
    output = done.stdout.replace("bicon_lint/rules/", "rules/") + done.stderr
    sys.stdout.write(output)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
