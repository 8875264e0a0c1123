"""The pre-commit hook, run for real: ``pre-commit`` in a subprocess, on a temporary git repository.

The hook repository is a snapshot of this project's working tree (tracked and untracked files, as
``git ls-files --cached --others --exclude-standard`` lists them), committed into a temporary git
repository. ``pre-commit try-repo <project root>`` would ignore untracked files (a new
``.pre-commit-hooks.yaml`` included) and installs a fresh environment on every call, so the cases
run ``pre-commit run --config`` against a config that points at the snapshot: the hook environment
is installed once per session in an isolated ``PRE_COMMIT_HOME``. One case also runs ``try-repo``.

Installing the hook must not need the network. pre-commit creates the environment with virtualenv
and ``pip install .``; the environment variables below make that offline:

* ``VIRTUALENV_SYSTEM_SITE_PACKAGES=1``: the hook environment sees this interpreter's packages
  (click, pydantic), so pip finds the dependencies already installed. When the tests run inside a
  virtual environment, a ``sitecustomize`` on ``PYTHONPATH`` adds its site-packages too (virtualenv
  would only expose the base interpreter's).
* ``VIRTUALENV_SETUPTOOLS=bundle``: seed the environment with virtualenv's bundled setuptools (not
  seeded by default on Python 3.12+), the build backend for a build without isolation.
* ``PIP_NO_INDEX=1``: pip never contacts an index.
* ``PIP_NO_BUILD_ISOLATION=0``: pip's inverted spelling of ``--no-build-isolation`` (the value is
  stored into ``build_isolation``), so no build environment is downloaded.
* every proxy variable points at a closed local port: any HTTP request left would fail.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import pytest

import bicon_lint

PROJECT = Path(__file__).resolve().parents[1]
MANIFEST = PROJECT / ".pre-commit-hooks.yaml"
HOOK_ID = "bicon-lint"
HOOK_NAME = "bicon-lint (Bitrix24 BI Builder payloads)"
DEAD_PROXY = "http://127.0.0.1:9"
PROXY_VARIABLES = (
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
)
TIMEOUT = 600

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("git") is None, reason="git is not installed (pre-commit needs it)"
    ),
    pytest.mark.skipif(
        find_spec("pre_commit") is None,
        reason="pre-commit is not installed: python -m pip install -e '.[dev]'",
    ),
]


# ------------------------------------------------------------------------------------------------
# Payloads (positions in the assertions are computed from these texts by `position_of`)
# ------------------------------------------------------------------------------------------------

GOOD = """\
{
  "method": "biconnector.connector.update",
  "params": {
    "id": 4,
    "fields": {"title": "Renamed connector", "sort": 200}
  }
}
"""

BAD = """\
{
  "method": "biconnector.connector.update",
  "params": {
    "id": 4,
    "fields": {"sort": "0x1A"}
  }
}
"""

BARE_PARAMS = '{"id": 4, "fields": {"sort": "0x1A"}}\n'  # would fail with --method; no envelope

PACKAGE_JSON = """\
{
  "name": "some-frontend",
  "version": "1.0.0",
  "method": "crm.deal.add",
  "scripts": {"build": "tsc -p ."},
  "dependencies": {"left-pad": "^1.3.0"}
}
"""


def random_json(seed: int) -> str:
    """Arbitrary (valid) JSON: nested objects and arrays of random keys and scalars."""
    rng = random.Random(seed)

    def value(depth: int) -> object:
        kind = rng.randrange(7 if depth < 4 else 4)
        if kind == 0:
            return rng.randint(-(10**9), 10**9)
        if kind == 1:
            return "".join(rng.choice("abcxyz _-/.:é") for _ in range(rng.randrange(12)))
        if kind == 2:
            return rng.choice([True, False, None])
        if kind == 3:
            return rng.random() * 1000
        if kind in (4, 5):
            return {f"k{rng.randrange(100)}": value(depth + 1) for _ in range(rng.randrange(5))}
        return [value(depth + 1) for _ in range(rng.randrange(5))]

    return json.dumps(
        {"compilerOptions": value(0), "include": [value(1)], "extra": value(0)}, indent=2
    )


def position_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column (code points) of the first occurrence of ``needle``."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


# ------------------------------------------------------------------------------------------------
# Environment, hook repository, work repository
# ------------------------------------------------------------------------------------------------


def _outer_site_packages() -> list[str]:
    """This interpreter's site-packages when it runs inside a virtual environment, else nothing."""
    if sys.prefix == sys.base_prefix:
        return []
    paths = sysconfig.get_paths()
    return sorted({paths["purelib"], paths["platlib"]})


def offline_env(home: Path) -> dict[str, str]:
    """The environment for git and pre-commit: isolated, reproducible, and without network."""
    dropped = ("GIT_", "PIP_", "VIRTUALENV_", "PRE_COMMIT", "UV_")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(dropped)
        and name not in PROXY_VARIABLES
        and name.lower() != "no_proxy"
        and name != "PYTHONPATH"
    }
    env.update(
        {
            "PRE_COMMIT_HOME": str(home / "pre-commit"),
            "PRE_COMMIT_COLOR": "never",
            "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1",
            "VIRTUALENV_SETUPTOOLS": "bundle",
            "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
            "VIRTUALENV_OVERRIDE_APP_DATA": str(home / "virtualenv-app-data"),
            "PIP_NO_INDEX": "1",
            "PIP_NO_BUILD_ISOLATION": "0",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_NO_INPUT": "1",
            "PIP_CONFIG_FILE": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_AUTHOR_NAME": "bicon-lint tests",
            "GIT_AUTHOR_EMAIL": "tests@example.invalid",
            "GIT_COMMITTER_NAME": "bicon-lint tests",
            "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        }
    )
    env.update(dict.fromkeys(PROXY_VARIABLES, DEAD_PROXY))
    outer = _outer_site_packages()
    if outer:
        shim = home / "site-shim"
        shim.mkdir(exist_ok=True)
        (shim / "sitecustomize.py").write_text(
            f"import site\nfor path in {outer!r}:\n    site.addsitedir(path)\n", encoding="utf-8"
        )
        env["PYTHONPATH"] = str(shim)
    return env


def run(
    command: Sequence[str], cwd: Path, env: dict[str, str], *, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run a command; stderr is folded into stdout, as a terminal would show it."""
    completed = subprocess.run(
        list(command),
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if check and completed.returncode != 0:
        raise AssertionError(f"{command} failed ({completed.returncode}):\n{completed.stdout}")
    return completed


def _working_tree_files() -> list[Path] | None:
    listing = subprocess.run(
        ["git", "-C", str(PROJECT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=False,
    )
    if listing.returncode != 0:
        return None  # not a git checkout (an unpacked sdist): copy the directory instead
    names = [name for name in listing.stdout.decode("utf-8").split("\0") if name]
    return [Path(name) for name in names if (PROJECT / name).is_file()]  # skip deleted files


@dataclass(frozen=True)
class HookRepo:
    path: Path
    rev: str
    config: Path  # a .pre-commit-config.yaml that uses the hook from this repository
    env: dict[str, str]
    home: Path


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> HookRepo:
    """The project's working tree committed to a temporary git repository, and a config using it."""
    base = tmp_path_factory.mktemp("precommit")
    env = offline_env(base)
    snapshot = base / "bicon-lint"
    files = _working_tree_files()
    if files is None:
        shutil.copytree(
            PROJECT,
            snapshot,
            ignore=shutil.ignore_patterns(
                ".git", "*.egg-info", "__pycache__", ".*cache", "build", "dist", ".venv", "venv"
            ),
        )
    else:
        for name in files:
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file(), "the hook manifest is missing"
    run(["git", "init", "--quiet", "."], snapshot, env, check=True)
    run(["git", "add", "--all"], snapshot, env, check=True)
    run(["git", "commit", "--quiet", "--no-verify", "-m", "snapshot"], snapshot, env, check=True)
    rev = run(["git", "rev-parse", "HEAD"], snapshot, env, check=True).stdout.strip()
    config = base / "pre-commit-config.yaml"
    config.write_text(
        f"repos:\n- repo: {json.dumps(str(snapshot))}\n  rev: {rev}\n  hooks:\n  - id: {HOOK_ID}\n",
        encoding="utf-8",
    )
    return HookRepo(snapshot, rev, config, env, base)


@pytest.fixture
def work(tmp_path: Path, hook_repo: HookRepo) -> Path:
    """An empty git repository, where the files to check are written and staged."""
    repo = tmp_path / "work"
    repo.mkdir()
    run(["git", "init", "--quiet", "."], repo, hook_repo.env, check=True)
    return repo


def stage(repo: Path, files: dict[str, str], env: dict[str, str]) -> list[str]:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    run(["git", "add", "--", *files], repo, env, check=True)
    return list(files)


def pre_commit(
    hook_repo: HookRepo, repo: Path, names: Sequence[str]
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pre_commit", "run", "--config", str(hook_repo.config)]
    command += [HOOK_ID, "--verbose", "--files", *names]
    return run(command, repo, hook_repo.env)


# ------------------------------------------------------------------------------------------------
# The manifest
# ------------------------------------------------------------------------------------------------


def test_manifest_is_valid_for_pre_commit(tmp_path: Path) -> None:
    env = offline_env(tmp_path)
    result = run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)], PROJECT, env
    )
    assert result.returncode == 0, result.stdout
    yaml = pytest.importorskip("yaml")  # a dependency of pre-commit
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert hook["id"] == HOOK_ID
    assert hook["name"] == HOOK_NAME
    assert hook["entry"] == "bicon-lint check --only-payloads"
    assert hook["language"] == "python"
    assert hook["types"] == ["text"]
    files = re.compile(hook["files"])
    read = [
        "a.json",
        "b.yaml",
        "c.YML",
        "d.form",
        "e.urlencoded",
        "f.php",
        "g.phtml",
        "h.js",
        "i.mjs",
        "j.cjs",
        "k.jsx",
        "l.ts",
        "m.mts",
        "n.cts",
        "o.tsx",
        "p.py",
        "q.go",
        "r.md",
        "s.markdown",
        "dir/T.PHP",
    ]
    assert [name for name in read if not files.search(name)] == []
    not_read = ["a.json5", "b.txt", "c.pyc", "d.rs", "e.md.bak", "f.html", "g.css", "php"]
    assert [name for name in not_read if files.search(name)] == []
    assert hook["require_serial"] is False
    assert hook["minimum_pre_commit_version"] == "2.9.0"
    assert hook["description"].strip()


# ------------------------------------------------------------------------------------------------
# The hook on real files
# ------------------------------------------------------------------------------------------------


def test_good_payload_passes(hook_repo: HookRepo, work: Path) -> None:
    names = stage(work, {"payloads/connector.json": GOOD}, hook_repo.env)
    result = pre_commit(hook_repo, work, names)
    assert result.returncode == 0, result.stdout
    assert HOOK_NAME in result.stdout
    assert "Passed" in result.stdout
    assert "All checks passed (1 file)." in result.stdout


def test_bad_payload_fails_with_code_and_position(hook_repo: HookRepo, work: Path) -> None:
    names = stage(work, {"bad.json": BAD}, hook_repo.env)
    result = pre_commit(hook_repo, work, names)
    assert result.returncode == 1, result.stdout
    assert "Failed" in result.stdout
    line, column = position_of(BAD, '"0x1A"')
    assert (line, column) == (5, 24)  # the value of "sort", on the fifth line
    expected = (
        f'bad.json:{line}:{column}: error: VALIDATION_INVALID_FIELD_TYPE Field "sort" must be of type '
        "integer. [field-type]"
    )
    assert expected in result.stdout.splitlines()
    assert "bad.json: the server answers VALIDATION_INVALID_FIELD_TYPE" in result.stdout


def test_unrelated_json_files_are_skipped(hook_repo: HookRepo, work: Path) -> None:
    files = {
        "package.json": PACKAGE_JSON,
        "tsconfig.json": random_json(seed=2024),
        "web/tsconfig.json": random_json(seed=7),
        "data/list.json": json.dumps([random_json(seed=1), 1, None]),
    }
    result = pre_commit(hook_repo, work, stage(work, files, hook_repo.env))
    assert result.returncode == 0, result.stdout
    assert "Passed" in result.stdout
    # the hook did run on them (--verbose gives the duration of a hook that ran) and skipped
    # every one, silently: a chunk with no payload prints nothing next to other chunks' problems
    assert "- duration: " in result.stdout
    assert "No payload files found to check." not in result.stdout


def test_bare_params_file_is_skipped(hook_repo: HookRepo, work: Path) -> None:
    result = pre_commit(hook_repo, work, stage(work, {"params.json": BARE_PARAMS}, hook_repo.env))
    assert result.returncode == 0, result.stdout
    assert "Passed" in result.stdout and "- duration: " in result.stdout  # it ran, silently
    assert "No payload files found to check." not in result.stdout
    assert "VALIDATION_" not in result.stdout


def test_mixed_files_report_only_the_bad_payload(hook_repo: HookRepo, work: Path) -> None:
    files = {
        "good.json": GOOD,
        "bad.json": BAD,
        "package.json": PACKAGE_JSON,
        "params.json": BARE_PARAMS,
        "notes.txt": "not JSON at all {",  # not a json file: pre-commit does not pass it
    }
    result = pre_commit(hook_repo, work, stage(work, files, hook_repo.env))
    assert result.returncode == 1, result.stdout
    reported = [line for line in result.stdout.splitlines() if "VALIDATION_" in line]
    assert reported and all(line.startswith("bad.json") for line in reported), result.stdout
    assert "notes.txt" not in result.stdout


def test_tsconfig_with_comments_is_skipped(hook_repo: HookRepo, work: Path) -> None:
    tsconfig = '{\n  // TypeScript allows comments\n  "compilerOptions": {"strict": true,},\n}\n'
    result = pre_commit(hook_repo, work, stage(work, {"tsconfig.json": tsconfig}, hook_repo.env))
    assert result.returncode == 0, result.stdout


YAML_BAD = """\
method: biconnector.connector.update
params:
  id: 4
  fields: {sort: "0x1A"}
"""

DOCKER_COMPOSE = """\
services:
  web: {image: "nginx:1.25", ports: ["80:80"]}
  db: &db {image: postgres}
  replica: {<<: *db}
"""


def test_yaml_payloads_are_checked_and_other_yaml_skipped(hook_repo: HookRepo, work: Path) -> None:
    files = {
        "payloads/update.yaml": YAML_BAD,
        "docker-compose.yml": DOCKER_COMPOSE,
        ".github/workflows/ci.yml": "on: [push]\njobs: {build: {runs-on: [unclosed}\n",  # broken
        "notes.form": "fields[sort]=0x1A\n",  # not a yaml or json file: not passed to the hook
    }
    result = pre_commit(hook_repo, work, stage(work, files, hook_repo.env))
    assert result.returncode == 1, result.stdout
    line, column = position_of(YAML_BAD, '"0x1A"')
    assert (line, column) == (4, 18)
    expected = (
        f'payloads/update.yaml:{line}:{column}: error: VALIDATION_INVALID_FIELD_TYPE Field "sort" must be '
        "of type integer. [field-type]"
    )
    assert expected in result.stdout.splitlines()
    for other in ("docker-compose.yml", "ci.yml", "notes.form"):
        assert other not in result.stdout


# ------------------------------------------------------------------------------------------------
# Offline and isolated
# ------------------------------------------------------------------------------------------------


def hook_python(hook_repo: HookRepo, work: Path) -> Path:
    """The hook environment's interpreter (running the hook once installs it if needed)."""
    result = pre_commit(hook_repo, work, stage(work, {"probe.json": GOOD}, hook_repo.env))
    assert result.returncode == 0, result.stdout
    home = Path(hook_repo.env["PRE_COMMIT_HOME"])
    pythons = [
        *home.glob("repo*/py_env-*/bin/python"),
        *home.glob("repo*/py_env-*/Scripts/python.exe"),
    ]
    assert len(pythons) == 1, f"expected one hook environment in {home}, found {pythons}"
    return pythons[0]


def test_hook_environment_is_isolated(hook_repo: HookRepo, work: Path) -> None:
    """The hook runs from its own environment in PRE_COMMIT_HOME, built from the snapshot."""
    python = hook_python(hook_repo, work)
    probe = (
        "import json, bicon_lint, click, pydantic; "
        "print(json.dumps([bicon_lint.__file__, bicon_lint.__version__]))"
    )
    result = run([str(python), "-c", probe], work, hook_repo.env, check=True)
    location, version = json.loads(result.stdout.strip().splitlines()[-1])
    home = Path(hook_repo.env["PRE_COMMIT_HOME"]).resolve()
    assert Path(location).resolve().is_relative_to(home), location
    assert version == bicon_lint.__version__
    config = (python.parent.parent / "pyvenv.cfg").read_text(encoding="utf-8")
    assert "include-system-site-packages = true" in config


PIP_PROBE = (
    "from pip._internal.commands import create_command; "
    "options, _ = create_command('install').parse_args([]); "
    "print(bool(options.build_isolation), bool(options.no_index))"
)


def test_pip_reads_no_build_isolation_zero_as_the_flag(hook_repo: HookRepo, work: Path) -> None:
    """``PIP_NO_BUILD_ISOLATION=0`` means ``--no-build-isolation`` (pip stores the value into
    ``build_isolation``), for this interpreter's pip and for the hook environment's."""
    for python in (Path(sys.executable), hook_python(hook_repo, work)):
        result = run([str(python), "-c", PIP_PROBE], work, hook_repo.env)
        if result.returncode != 0:
            pytest.skip(f"pip's internals changed: {result.stdout.strip()[-300:]}")
        assert result.stdout.split() == ["False", "True"], (python, result.stdout)


def test_try_repo_on_the_snapshot(hook_repo: HookRepo, work: Path) -> None:
    """``pre-commit try-repo`` (a fresh environment, installed offline too) finds the same error."""
    names = stage(work, {"bad.json": BAD, "package.json": PACKAGE_JSON}, hook_repo.env)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo.path), HOOK_ID]
    result = run([*command, "--files", *names], work, hook_repo.env)
    assert result.returncode == 1, result.stdout
    line, column = position_of(BAD, '"0x1A"')
    assert f"bad.json:{line}:{column}: error: VALIDATION_INVALID_FIELD_TYPE" in result.stdout
    assert "package.json" not in result.stdout


# ------------------------------------------------------------------------------------------------
# Calls written in programs and docs
# ------------------------------------------------------------------------------------------------

PHP_BAD = """\
<?php
require_once 'crest.php';

$result = CRest::call('biconnector.connector.update', [
    'id' => 4,
    'fields' => ['settings' => [['code' => 'token', 'name' => 'Токен', 'type' => 'string']]],
]);
"""

PHP_GOOD = """\
<?php
$result = CRest::call('biconnector.connector.update', [
    'id' => 4,
    'fields' => ['title' => 'Склад', 'sort' => 200],
]);
"""

JS_BAD = """\
BX24.callMethod('biconnector.connector.delete', { id: 0 }, (result) => console.log(result));
"""

JS_NONE = "export const add = (a, b) => a + b;\n"

PY_BAD = """\
from b24pysdk import Client

def rename(client: Client) -> None:
    client.biconnector.connector.update(bitrix_id=4, fields={"sort": "0x1A"}).call()
"""

PY_NONE = "import os\n\nprint(os.getcwd())\n"

MD_BAD = """\
# Renaming a connector

```bash
curl -X POST -H "Content-Type: application/json" \\
  -d '{"id": 4, "fields": {"sort": "abc"}}' \\
  https://portal.example.com/rest/1/secret/biconnector.connector.update
```
"""

MD_NONE = "# Notes\n\nNothing to see here: `biconnector` is the module's name.\n"


def test_calls_in_programs_and_docs_are_checked_where_they_are_written(
    hook_repo: HookRepo, work: Path
) -> None:
    files = {
        "src/Sync.php": PHP_BAD,
        "resources/js/app.js": JS_BAD,
        "sync/rename.py": PY_BAD,
        "docs/rename.md": MD_BAD,
    }
    result = pre_commit(hook_repo, work, stage(work, files, hook_repo.env))
    assert result.returncode == 1, result.stdout
    assert "Failed" in result.stdout
    lines = result.stdout.splitlines()
    expected = [
        # SERVER-SPEC §4.2 E: the type enum is case-sensitive
        ("src/Sync.php", PHP_BAD, "'string'", "VALIDATION_SETTINGS_INVALID_TYPE"),
        # §4.3 C1: (int)0 <= 0
        ("resources/js/app.js", JS_BAD, "0 }", "VALIDATION_INVALID_ID_FORMAT"),
        # §3.3: "0x1A" is not numeric
        ("sync/rename.py", PY_BAD, '"0x1A"', "VALIDATION_INVALID_FIELD_TYPE"),
        ("docs/rename.md", MD_BAD, '"abc"', "VALIDATION_INVALID_FIELD_TYPE"),
    ]
    for name, text, token, code in expected:
        line, column = position_of(text, token)
        assert any(
            entry.startswith(f"{name}:{line}:{column}: error: {code} ") for entry in lines
        ), (
            name,
            result.stdout,
        )
        assert any(entry.startswith(f"{name} (biconnector.") and code in entry for entry in lines)


def test_programs_and_docs_with_good_calls_or_none_pass(hook_repo: HookRepo, work: Path) -> None:
    files = {
        "src/Sync.php": PHP_GOOD,
        "resources/js/math.js": JS_NONE,
        "tools/cwd.py": PY_NONE,
        "README.md": MD_NONE,
    }
    result = pre_commit(hook_repo, work, stage(work, files, hook_repo.env))
    assert result.returncode == 0, result.stdout
    assert "Passed" in result.stdout
    assert "All checks passed (1 file)." in result.stdout  # the one file with a call


# ------------------------------------------------------------------------------------------------
# The README's snippet, as written, for a tagged release
# ------------------------------------------------------------------------------------------------


def _readme_snippet() -> str:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_readme_snippet_works_for_a_tagged_release(hook_repo: HookRepo, work: Path) -> None:
    """The ``.pre-commit-config.yaml`` the README shows, unchanged but for the repository's
    address (the snapshot stands for the published repository), used at the release tag it names:
    the tag of this version."""
    import yaml

    snippet = _readme_snippet()
    (repo,) = yaml.safe_load(snippet)["repos"]
    assert repo["repo"] == "https://github.com/bicon-lint/bicon-lint"
    assert repo["rev"] == f"v{bicon_lint.__version__}"
    assert [hook["id"] for hook in repo["hooks"]] == [HOOK_ID]
    tagged = hook_repo.home / "tagged"
    if not tagged.exists():
        shutil.copytree(hook_repo.path, tagged)
        run(["git", "tag", repo["rev"]], tagged, hook_repo.env, check=True)
    config = work / ".pre-commit-config.yaml"
    config.write_text(snippet.replace(repo["repo"], str(tagged)), encoding="utf-8")
    names = stage(work, {"bad.json": BAD, "package.json": PACKAGE_JSON}, hook_repo.env)
    command = [sys.executable, "-m", "pre_commit", "run", "--files", *names]
    result = run(command, work, hook_repo.env)
    assert result.returncode == 1, result.stdout
    line, column = position_of(BAD, '"0x1A"')
    assert f"bad.json:{line}:{column}:" in result.stdout
    assert "VALIDATION_INVALID_FIELD_TYPE" in result.stdout
    assert "package.json" not in result.stdout
