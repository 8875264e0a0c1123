"""Build the sdist and the wheel, install the wheel alone in a fresh virtual environment, and run
the command line and the pre-commit hook from it.

This is what catches a file left out of the distribution: a rule module that the ``rules/`` ->
``bicon_lint.rules`` mapping missed, a data file, a package missing from ``[tool.setuptools]``.
``python -m build`` builds the wheel from the sdist, so the sdist is checked on the way.

    python scripts/check_dist.py [--keep DIR]

Every step runs outside the source tree (the working directory is a temporary folder), so nothing
is imported from the checkout. Exits 1 with the failing step's output when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAD = "connector-add-mistakes.json"
GOOD = "connector-update.json"


class Failed(Exception):
    pass


def run(
    command: Sequence[str | Path],
    *,
    cwd: Path,
    expect: int | None = 0,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    shown = " ".join(str(part) for part in command)
    print(f"--> {shown}", flush=True)
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if expect is not None and done.returncode != expect:
        raise Failed(
            f"{shown}: exit {done.returncode}, expected {expect}\n{done.stdout}\n{done.stderr}"
        )
    return done


def expect_in(text: str, *needles: str) -> None:
    for needle in needles:
        if needle not in text:
            raise Failed(f"expected {needle!r} in:\n{text}")


def check_contents(wheel: Path, sdist: Path) -> None:
    """Every rule module and package of the tree is in the wheel; the sdist has what a packager
    needs to run the tests."""
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"bicon_lint/rules/{path.name}" for path in (ROOT / "rules").glob("*.py")}
    wanted |= {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "bicon_lint").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    wanted.add("bicon_lint/py.typed")
    missing = sorted(wanted - names)
    if missing:
        raise Failed(f"the wheel lacks {len(missing)} files: {missing[:10]}")
    if any(name.startswith("tests/") for name in names):
        raise Failed("the wheel carries the tests")
    with tarfile.open(sdist) as archive:
        members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in ("LICENSE", "README.md", ".pre-commit-hooks.yaml", "pyproject.toml"):
        if needed not in members:
            raise Failed(f"the sdist lacks {needed}")
    for folder in ("tests/", "examples/", "docs/", "rules/"):
        if not any(name.startswith(folder) for name in members):
            raise Failed(f"the sdist lacks {folder}")
    print(f"    wheel: {len(names)} files; sdist: {len(members)} entries", flush=True)


def check_cli(venv_bin: Path, work: Path) -> None:
    """The installed command, run from a folder that holds no source."""
    exe = venv_bin / "bicon-lint"
    python = venv_bin / "python"
    where = run([python, "-c", "import bicon_lint; print(bicon_lint.__file__)"], cwd=work).stdout
    if not where.strip().startswith(str(venv_bin.parent)):
        raise Failed(f"bicon_lint imported from {where.strip()}, not from the fresh environment")
    version = run([exe, "--version"], cwd=work).stdout
    expect_in(version, "bicon-lint")
    bad = run([exe, "check", BAD], cwd=work, expect=1).stdout
    expect_in(bad, f"{BAD}:10:15:", "VALIDATION_INVALID_FIELD_TYPE", "the server answers")
    run([exe, "check", GOOD], cwd=work, expect=0)
    listed = json.loads(run([exe, "rules", "--format", "json"], cwd=work).stdout)
    codes = {row["code"] for row in listed["codes"]}
    expect_in(" ".join(sorted(codes)), "VALIDATION_SETTINGS_INVALID_TYPE", "BL303")
    expect_in(run([exe, "rule", "settings-type-enum"], cwd=work).stdout, "STRING")
    schema = json.loads(run([exe, "schema", "biconnector.connector.add"], cwd=work).stdout)
    if "2020-12" not in str(schema.get("$schema")):
        raise Failed(f"bicon-lint schema printed no 2020-12 schema: {str(schema)[:200]}")
    expect_in(run([exe, "fields", "connector"], cwd=work).stdout, "urlData")


def check_hook(venv_bin: Path, work: Path) -> None:
    """The hook as .pre-commit-hooks.yaml defines it, run by pre-commit with the wheel's command:
    a local repository whose hook copies the manifest's entry, types and files."""
    import yaml

    (manifest,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = {key: manifest[key] for key in ("id", "name", "entry", "types", "files")}
    hook["language"] = "system"
    repo = work / "hooked"
    repo.mkdir()
    (repo / ".pre-commit-config.yaml").write_text(
        json.dumps({"repos": [{"repo": "local", "hooks": [hook]}]}), encoding="utf-8"
    )
    shutil.copy(ROOT / "examples" / BAD, repo / BAD)
    (repo / "package.json").write_text('{"name": "unrelated"}\n', encoding="utf-8")
    env = dict(os.environ)
    env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    env["PRE_COMMIT_HOME"] = str(work / "pre-commit-home")
    env.pop("VIRTUAL_ENV", None)
    git = ["git", "-c", "user.name=check", "-c", "user.email=check@example.invalid"]
    run([*git, "init", "-q"], cwd=repo)
    run([*git, "add", "."], cwd=repo)
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    failed = run(pre_commit, cwd=repo, expect=1, env=env).stdout
    expect_in(failed, f"{BAD}:10:15:", "VALIDATION_INVALID_FIELD_TYPE")
    if "package.json" in failed:
        raise Failed(f"the hook reported an unrelated file:\n{failed}")
    (repo / BAD).unlink()
    shutil.copy(ROOT / "examples" / GOOD, repo / GOOD)
    run([*git, "add", "-A"], cwd=repo)
    run(pre_commit, cwd=repo, expect=0, env=env)


def check_quick_start(base: Path) -> None:
    """The README's quick start, as written, in a fresh virtual environment and a copy of the
    tracked files: one command installs and checks the example, with no development package."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    command = section.split("```sh\n", 1)[1].split("```", 1)[0].strip()
    if "\n" in command or "[dev]" in command:
        raise Failed(f"the quick start is not one command without the dev extras: {command!r}")
    clone = base / "clone"
    tracked = run(["git", "ls-files", "-z"], cwd=ROOT).stdout.split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    venv = base / "quick-start-venv"
    run([sys.executable, "-m", "venv", venv], cwd=base)
    venv_bin = venv / ("Scripts" if os.name == "nt" else "bin")
    env = dict(os.environ)
    env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    done = run(["sh", "-c", command], cwd=clone, env=env, expect=None)
    if done.returncode != 1 or "the server answers" not in done.stdout:
        raise Failed(f"the quick start: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    installed = run([venv_bin / "python", "-m", "pip", "list", "--format", "json"], cwd=base)
    names = {row["name"].lower() for row in json.loads(installed.stdout)}
    dev = names & {"pytest", "hypothesis", "mypy", "ruff", "pre-commit", "jsonschema", "build"}
    if dev:
        raise Failed(f"the quick start installed development packages: {sorted(dev)}")
    print(f"    the quick start installed {len(names)} packages, none for development", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--keep", type=Path, help="build here and keep the result")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="bicon-lint-dist-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        dist = base / "dist"
        run([sys.executable, "-m", "build", "--outdir", dist, ROOT], cwd=base)
        (wheel,) = dist.glob("*.whl")
        (sdist,) = dist.glob("*.tar.gz")
        check_contents(wheel, sdist)
        venv = base / "venv"
        run([sys.executable, "-m", "venv", venv], cwd=base)
        venv_bin = venv / ("Scripts" if os.name == "nt" else "bin")
        run([venv_bin / "python", "-m", "pip", "install", "--quiet", wheel], cwd=base)
        work = base / "work"
        work.mkdir()
        for name in (BAD, GOOD):
            shutil.copy(ROOT / "examples" / name, work / name)
        check_cli(venv_bin, work)
        check_hook(venv_bin, work)
        check_quick_start(base)
    except Failed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print("The wheel installs alone and runs the command line and the hook.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
