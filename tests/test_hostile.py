"""Hostile input: every case ends in its documented diagnostic code and exit code, never a
traceback, never a hang (each run has a timeout), never a silent pass.

Each case runs the real command in a subprocess (``python -m bicon_lint.cli check -f json``), and
the same bytes go through the library (``lint_text``, then every output format). The README's
"Hostile input" table lists the same cases; ``test_readme_table_lists_every_case`` keeps the two in
step.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bicon_lint import LoadError, lint_file, lint_text
from bicon_lint.api import RunResult
from bicon_lint.reporters import FORMATS, render

PROJECT = Path(__file__).resolve().parents[1]
README = PROJECT / "README.md"
TIMEOUT = 60  # seconds for an ordinary case: a hang fails the test, it does not stall the suite
BIG_TIMEOUT = 300  # the 30 MB and the 1,000,000-item files

HEAD = '{"method": "biconnector.connector.update", "params": {"id": 4, "fields": '


def envelope(fields: str) -> str:
    return HEAD + fields + "}}"


# ------------------------------------------------------------------------------------------------
# Running the command
# ------------------------------------------------------------------------------------------------


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def diagnostics(self) -> list[dict[str, object]]:
        document = json.loads(self.stdout)
        return [d for entry in document["files"] for d in entry["diagnostics"]]

    def codes(self) -> list[str]:
        return [str(d["code"]) for d in self.diagnostics()]


def check(*args: str, cwd: Path, timeout: int = TIMEOUT) -> Run:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    env["PYTHONUTF8"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "check", "-f", "json", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    run = Run(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
    assert "Traceback" not in run.output, run.output
    assert "internal error" not in run.output, run.output
    return run


def position_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column (code points) of the ``occurrence``-th ``needle``."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# ------------------------------------------------------------------------------------------------
# Files whose content is hostile: exit 1 with a coded diagnostic (or 0 where the server accepts)
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A file's bytes, the code it must get (at ``where``, if given) and the exit code."""

    id: str
    make: Callable[[], bytes]
    code: str | None  # None: no diagnostic at all (the server accepts it)
    exit: int
    where: Callable[[], tuple[int, int]] | None = None
    message: str = ""  # a part of the diagnostic's message
    also: tuple[str, ...] = ()  # other codes that must be reported too
    absent: tuple[str, ...] = ()  # codes that must not be reported
    count: int = 1  # how many diagnostics carry ``code``
    timeout: int = TIMEOUT
    marks: tuple[pytest.MarkDecorator, ...] = field(default_factory=tuple)


def _bytes(text: str) -> Callable[[], bytes]:
    return lambda: text.encode("utf-8")


LATIN1 = envelope('{"title": "caf\xe9"}').encode("latin-1")
CLEAN = envelope('{"title": "T"}')
SORT_HEX = envelope('{"sort": "0x1A"}')
NAN = envelope('{"sort": NaN}')
INF = envelope('{"sort": Infinity}')
MINUS_INF = envelope('{"sort": -Infinity}')
TRAILING_OBJECT = envelope('{"sort": 1,}')
TRAILING_ARRAY = envelope('{"settings": [{"name": "n", "type": "STRING", "code": "c"},]}')
DUPLICATE_LOST = envelope('{"sort": "0x1A", "sort": 7}')
DUPLICATE_KEPT = envelope('{"sort": 7, "sort": "0x1A"}')
DEEP = "[" * 100_000 + "]" * 100_000
DEEP_PARAMS = envelope('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}")
BIG_ID = HEAD.replace('"id": 4', '"id": 9999999999999999999') + '{"title": "T"}}}'
BIG_SORT = envelope('{"sort": 123456789012345678901234567890}')
CONTROL_IN_STRING = envelope('{"title": "a\x01b"}')
RAW_TAB_IN_STRING = envelope('{"title": "a\tb"}')
FORM_FEED_OUTSIDE = envelope('{"title":\x0c"T"}')
NUL_IN_STRING = envelope('{"title": "a\x00b"}')
THIRTY_MB = 30 * 1024 * 1024


def _binary() -> bytes:
    return random.Random(6).randbytes(4096)


def _binary_utf8() -> bytes:
    """Bytes that are valid UTF-8 (all ASCII) but not text: NULs and control characters."""
    rng = random.Random(7)
    return bytes(rng.randrange(0, 32) for _ in range(4096))


def _thirty_mb() -> bytes:
    """A 30 MB payload: a 30 MB description, then a mistake after it (the locator must skip it)."""
    return envelope('{"description": "' + "d" * THIRTY_MB + '", "sort": "0x1A"}').encode()


MILLION = 1_000_000


def _million_items() -> bytes:
    """``settings`` of 1,000,000 items, one per line; the last one's type is wrong."""
    items = [f'{{"name": "n{i}", "type": "STRING", "code": "c{i}"}}' for i in range(MILLION)]
    items[-1] = items[-1].replace('"STRING"', '"string"')
    return (HEAD + '{"settings": [\n' + ",\n".join(items) + "\n]}}}\n").encode()


CASES = [
    Case(
        "invalid-utf8",
        lambda: LATIN1,
        "BL002",
        1,
        lambda: position_of(envelope('{"title": "caf\xe9"}'), "\xe9"),
        "invalid UTF-8: byte 0xe9",
    ),
    Case(
        "utf8-bom",
        lambda: b"\xef\xbb\xbf" + SORT_HEX.encode(),
        "BL007",
        1,
        lambda: (1, 1),
        "byte order mark",
        also=("VALIDATION_INVALID_FIELD_TYPE",),  # the rest of the file is still checked
    ),
    Case("utf16-le-bom", lambda: CLEAN.encode("utf-16"), "BL002", 1, lambda: (1, 1), "UTF-16"),
    Case("utf16-be-bom", lambda: CLEAN.encode("utf-16-be"), "BL002", 1, None, "UTF-16"),
    Case(
        "utf16-without-bom",
        lambda: CLEAN.encode("utf-16-le"),
        "BL002",
        1,
        lambda: (1, 2),
        "UTF-16 or UTF-32 without a byte order mark",
    ),
    Case("utf32-bom", lambda: CLEAN.encode("utf-32"), "BL002", 1, lambda: (1, 1), "UTF-32"),
    Case("nan", _bytes(NAN), "BL001", 1, lambda: position_of(NAN, "NaN"), "unexpected 'NaN'"),
    Case(
        "infinity",
        _bytes(INF),
        "BL001",
        1,
        lambda: position_of(INF, "Infinity"),
        "unexpected 'Infinity'",
    ),
    Case(
        "minus-infinity",
        _bytes(MINUS_INF),
        "BL001",
        1,
        lambda: position_of(MINUS_INF, "-Infinity"),
        "unexpected '-Infinity'",
    ),
    Case(
        "trailing-comma-object",
        _bytes(TRAILING_OBJECT),
        "BL001",
        1,
        lambda: position_of(TRAILING_OBJECT, ",}"),
        "trailing comma",
    ),
    Case(
        "trailing-comma-array",
        _bytes(TRAILING_ARRAY),
        "BL001",
        1,
        lambda: position_of(TRAILING_ARRAY, ",]"),
        "trailing comma",
    ),
    Case(
        # Both places are reported; the server keeps the last value (7), which is valid.
        "duplicate-key-lost-value",
        _bytes(DUPLICATE_LOST),
        "BL003",
        1,
        lambda: position_of(DUPLICATE_LOST, '"sort"'),
        "the value here is lost",
        count=2,
        absent=("VALIDATION_INVALID_FIELD_TYPE",),
    ),
    Case(
        # The kept (last) value is the bad one: it is linted, at its own place.
        "duplicate-key-kept-value",
        _bytes(DUPLICATE_KEPT),
        "BL003",
        1,
        lambda: position_of(DUPLICATE_KEPT, '"sort"'),
        count=2,
        also=("VALIDATION_INVALID_FIELD_TYPE",),
    ),
    Case(
        "nesting-100000-deep",
        _bytes(DEEP),
        "BL006",
        1,
        lambda: (1, 513),
        "nesting deeper than 512 levels",
    ),
    Case(
        "nesting-100000-deep-in-params",
        _bytes(DEEP_PARAMS),
        "BL006",
        1,
        lambda: position_of(DEEP_PARAMS, "[", 513 - 3),  # the envelope, params, fields: 3 levels
        "nesting deeper than 512 levels",
    ),
    Case(
        # PHP decodes it as the float 1.0E+19, which (int) wraps to a negative id.
        "integer-beyond-64-bits-id",
        _bytes(BIG_ID),
        "VALIDATION_INVALID_ID_FORMAT",
        1,
        lambda: position_of(BIG_ID, "9999999999999999999"),
    ),
    Case(
        # A float to PHP (1.2345678901234568E+29): still is_numeric, so the server accepts it.
        "integer-beyond-64-bits-sort",
        _bytes(BIG_SORT),
        None,
        0,
    ),
    Case(
        "control-character-in-string",
        _bytes(CONTROL_IN_STRING),
        "BL001",
        1,
        lambda: position_of(CONTROL_IN_STRING, "\x01"),
        "control character U+0001 must be escaped",
    ),
    Case(
        "raw-tab-in-string",
        _bytes(RAW_TAB_IN_STRING),
        "BL001",
        1,
        lambda: position_of(RAW_TAB_IN_STRING, "\t"),
        "control character U+0009",
    ),
    Case(
        "control-character-outside-strings",
        _bytes(FORM_FEED_OUTSIDE),
        "BL001",
        1,
        lambda: position_of(FORM_FEED_OUTSIDE, "\x0c"),
    ),
    Case(
        "nul-character",
        _bytes(NUL_IN_STRING),
        "BL002",
        1,
        lambda: position_of(NUL_IN_STRING, "\x00"),
        "binary data: a NUL character",
    ),
    Case("empty-file", lambda: b"", "BL004", 1, lambda: (1, 1), "the file is empty"),
    Case("whitespace-only", lambda: b" \n\t\r\n  ", "BL004", 1, lambda: (1, 1)),
    Case("binary-file", _binary, "BL002", 1, None),
    Case("binary-ascii-file", _binary_utf8, "BL002", 1, None),
    Case(
        "payload-of-30-mb",
        _thirty_mb,
        "VALIDATION_INVALID_FIELD_TYPE",
        1,
        lambda: (1, len(HEAD) + len('{"description": "') + THIRTY_MB + len('", "sort": ') + 1),
        timeout=BIG_TIMEOUT,
    ),
    Case(
        "settings-of-1000000-items",
        _million_items,
        "VALIDATION_SETTINGS_INVALID_TYPE",
        1,
        lambda: (MILLION + 1, len('{"name": "n999999", "type": ') + 1),
        timeout=BIG_TIMEOUT,
    ),
]


def _assert_case(case: Case, diagnostics: list[dict[str, object]]) -> None:
    codes = [str(d["code"]) for d in diagnostics]
    if case.code is None:
        assert [d for d in diagnostics if d["severity"] == "error"] == [], diagnostics
        return
    matching = [d for d in diagnostics if d["code"] == case.code]
    assert len(matching) == case.count, diagnostics
    first = matching[0]
    assert case.message in str(first["message"]), first
    if case.where is not None:
        assert (first["line"], first["column"]) == case.where(), first
    for code in case.also:
        assert code in codes, codes
    for code in case.absent:
        assert code not in codes, codes


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_file_through_the_command(case: Case, tmp_path: Path) -> None:
    (tmp_path / "payload.json").write_bytes(case.make())
    run = check("payload.json", cwd=tmp_path, timeout=case.timeout)
    assert run.returncode == case.exit, run.output[:2000]
    _assert_case(case, run.diagnostics())


LIBRARY_CASES = [case for case in CASES if case.timeout == TIMEOUT]


@pytest.mark.parametrize("case", LIBRARY_CASES, ids=[case.id for case in LIBRARY_CASES])
def test_hostile_bytes_through_the_library_and_every_format(case: Case) -> None:
    report = lint_text(case.make(), "payload.json")
    _assert_case(case, [d.as_dict() for d in report.diagnostics])
    result = RunResult(reports=[report])
    for name in FORMATS:
        assert isinstance(render(name, result), str)  # every format copes with what was found


def test_duplicate_keys_report_both_places(tmp_path: Path) -> None:
    (tmp_path / "payload.json").write_text(DUPLICATE_KEPT, encoding="utf-8")
    run = check("payload.json", cwd=tmp_path)
    places = [(d["line"], d["column"]) for d in run.diagnostics() if d["code"] == "BL003"]
    assert places == [position_of(DUPLICATE_KEPT, '"sort"', n) for n in (1, 2)]
    (sort_type,) = [d for d in run.diagnostics() if d["code"] == "VALIDATION_INVALID_FIELD_TYPE"]
    assert (sort_type["line"], sort_type["column"]) == position_of(DUPLICATE_KEPT, '"0x1A"')


# ------------------------------------------------------------------------------------------------
# Paths that cannot be read: exit 2 with "bicon-lint: error: PATH: reason" (a walked directory: 0)
# ------------------------------------------------------------------------------------------------


def test_directory_is_searched_not_read(tmp_path: Path) -> None:
    (tmp_path / "empty" / "folder.json").mkdir(parents=True)  # a directory named like a payload
    run = check("empty", cwd=tmp_path)
    assert run.returncode == 0
    assert json.loads(run.stdout)["files"] == []
    with pytest.raises(LoadError, match="is a directory"):
        lint_file(tmp_path / "empty")


def test_a_folder_named_like_a_payload_is_searched_where_it_is_named(tmp_path: Path) -> None:
    """A path named on the command line is not stat'ed before the run: a worker that finds a
    folder where a file was expected hands it back, and its files are checked in its place."""
    folder = tmp_path / "odd.json"
    (folder / "inner").mkdir(parents=True)
    found = (
        '{"method": "biconnector.connector.get", "params": {"id": 0}}'  # a folder's: an envelope
    )
    (folder / "inner" / "b.json").write_text(found)
    (folder / "a.json").write_text(found)
    many = [f"f{number:03}.json" for number in range(150)]  # enough for the workers to fork
    for name in many:
        (tmp_path / name).write_text('{"id": "x"}')
    (tmp_path / "last.json").write_text("{")
    run = check(*many[:75], "odd.json", *many[75:], "last.json", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    files = [entry["path"] for entry in json.loads(run.stdout)["files"]]
    inside = [os.path.join("odd.json", "a.json"), os.path.join("odd.json", "inner", "b.json")]
    assert files == [*many[:75], *inside, *many[75:], "last.json"]


def test_missing_path(tmp_path: Path) -> None:
    run = check("nowhere.json", cwd=tmp_path)
    assert run.returncode == 2
    assert "bicon-lint: error: nowhere.json: no such file" in run.stderr
    with pytest.raises(LoadError, match="no such file"):
        lint_file(tmp_path / "nowhere.json")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads a chmod 000 file anyway; test_fifo covers a path that cannot be read",
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_text(CLEAN, encoding="utf-8")
    path.chmod(0)
    try:
        run = check("secret.json", cwd=tmp_path)
        with pytest.raises(LoadError, match="cannot read"):
            lint_file(path)
    finally:
        path.chmod(0o600)
    assert run.returncode == 2
    assert "secret.json: cannot read" in run.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    run = check("pipe.json", cwd=tmp_path)  # reading it would block: the timeout would fail this
    assert run.returncode == 2
    assert "pipe.json: not a regular file" in run.stderr
    with pytest.raises(LoadError, match="not a regular file"):
        lint_file(tmp_path / "pipe.json")
    # Found by searching a directory, it is reported the same way, and still never read.
    walked = check(".", cwd=tmp_path)
    assert walked.returncode == 2
    assert "pipe.json: not a regular file" in walked.stderr


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_device(tmp_path: Path) -> None:
    run = check("/dev/null", cwd=tmp_path)
    assert run.returncode == 2
    assert "/dev/null: not a regular file" in run.stderr


def test_symlink_loop(tmp_path: Path) -> None:
    try:
        (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
        (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
        (tmp_path / "tree").mkdir()
        (tmp_path / "tree" / "up").symlink_to(tmp_path, target_is_directory=True)
    except OSError as error:  # pragma: no cover - Windows without the privilege
        pytest.skip(f"cannot create symlinks here: {error}")
    run = check("a.json", cwd=tmp_path)
    assert run.returncode == 2
    assert re.search(r"a\.json: cannot read: .*symbolic links", run.stderr), run.stderr
    with pytest.raises(LoadError, match="cannot read"):
        lint_file(tmp_path / "a.json")
    # Searching a directory that holds the loop (and a link back up) ends too: links to folders
    # are not followed, and the looping files are paths that cannot be read.
    walked = check(".", cwd=tmp_path)
    assert walked.returncode == 2
    assert "a.json: cannot read" in walked.stderr and "b.json: cannot read" in walked.stderr


# ------------------------------------------------------------------------------------------------
# The README's table
# ------------------------------------------------------------------------------------------------

PATH_CASES = ("directory", "missing-path", "unreadable-file", "fifo", "device", "symlink-loop")


def test_readme_table_lists_every_case() -> None:
    """The README's "Hostile input" table has a row per case, with its code and exit code."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Hostile input", 1)[1].split("\n## ", 1)[0]
    rows = {
        match["case"]: (match["code"], int(match["exit"]))
        for match in re.finditer(
            r"^\| `(?P<case>[a-z0-9-]+)` \|[^|]*\| (?P<code>[^|]*?) \| (?P<exit>\d) \|$",
            section,
            re.MULTILINE,
        )
    }
    for case in CASES:
        assert case.id in rows, case.id
        code, exit_code = rows[case.id]
        assert exit_code == case.exit, case.id
        assert (case.code or "—") in code, (case.id, code)
    for name in PATH_CASES:
        assert name in rows, name


# ------------------------------------------------------------------------------------------------
# Offline: no socket is ever created, no HTTP client is ever imported
# ------------------------------------------------------------------------------------------------

# Runs the command with sockets impossible: ``socket.socket.__init__`` raises, and an audit hook
# refuses every ``socket.*`` event (even a socket made in C, a DNS look-up, a socketpair).
NO_SOCKETS = """
import runpy, socket, sys

def refuse(*args, **kwargs):
    raise OSError("bicon-lint tried to open a socket")

def audit(event, args):
    if event.startswith("socket."):
        raise OSError(f"bicon-lint tried to use the network: {event}")

socket.socket.__init__ = refuse
sys.addaudithook(audit)
try:
    socket.socket()
except OSError:
    pass
else:
    sys.exit("the socket guard does not work")
try:
    socket.getaddrinfo("localhost", 80)
except OSError:
    pass
else:
    sys.exit("the audit guard does not work")
sys.argv[0] = "bicon-lint"
runpy.run_module("bicon_lint.cli", run_name="__main__", alter_sys=True)
"""

HTTP_CLIENTS = (
    "requests",
    "urllib3",
    "httpx",
    "aiohttp",
    "httplib2",
    "pycurl",
    "http.client",
    "urllib.request",
    "xmlrpc.client",
    "ftplib",
    "smtplib",
    "ssl",
)


def _python(head: list[str], args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *head, *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _guarded(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI with every socket refused (NO_SOCKETS)."""
    return _python(["-c", NO_SOCKETS], args, cwd)


def _plain(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return _python(["-m", "bicon_lint.cli"], args, cwd)


def test_the_command_works_with_sockets_impossible(tmp_path: Path) -> None:
    many = tmp_path / "many"
    many.mkdir()
    for number in range(140):  # enough files for the parallel path, if the machine has the cores
        (many / f"{number:02d}.json").write_text(SORT_HEX if number % 3 else CLEAN, "utf-8")
    (tmp_path / "bad.json").write_text(SORT_HEX, encoding="utf-8")
    commands = [
        *(["check", "-f", fmt, "bad.json", "many"] for fmt in FORMATS),
        ["rule", "BL101"],
        ["rules"],
        ["fields", "connector"],
    ]
    for args in commands:
        guarded, plain = _guarded(args, tmp_path), _plain(args, tmp_path)
        assert "tried to" not in guarded.stderr + guarded.stdout, (args, guarded.stderr)
        assert "Traceback" not in guarded.stderr, (args, guarded.stderr)
        assert (guarded.returncode, guarded.stdout) == (plain.returncode, plain.stdout), args


def test_no_http_client_is_imported(tmp_path: Path) -> None:
    """Importing bicon_lint, linting (library and command, every format) imports none of them."""
    (tmp_path / "bad.json").write_text(SORT_HEX, encoding="utf-8")
    probe = f"""
import json, sys
import bicon_lint
from bicon_lint import check_call, lint_file, lint_payload, lint_text
from bicon_lint.cli import main
from bicon_lint.reporters import FORMATS
lint_file("bad.json")
lint_text(b"{{}}", "x.json")
lint_payload({{"id": 4}}, "biconnector.connector.update")
for fmt in FORMATS:
    main(["check", "-f", fmt, "bad.json"])
main(["rules"])
print(json.dumps(sorted(name for name in {HTTP_CLIENTS!r} if name in sys.modules)))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


# ------------------------------------------------------------------------------------------------
# Many files on several cores: the same output, in the same order, as one process
# ------------------------------------------------------------------------------------------------


def _tree(root: Path, count: int = 200) -> None:
    for number in range(count):
        folder = root / "payloads" / f"{number % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        text = SORT_HEX if number % 3 == 0 else TRAILING_OBJECT if number % 11 == 0 else CLEAN
        (folder / f"{number:03d}.json").write_text(text, encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: always one process")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_parallel_run_matches_one_process(tmp_path: Path, fmt: str) -> None:
    _tree(tmp_path)
    outputs = []
    for jobs in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-m", "bicon_lint.cli", "check", "-f", fmt, "payloads"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env={**os.environ, "BICON_LINT_JOBS": jobs},
            check=False,
        )
        assert done.returncode == 1, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: always one process")
def test_a_failing_worker_is_an_internal_error(tmp_path: Path) -> None:
    _tree(tmp_path)
    wrapper = """
import os, sys
import bicon_lint.runner

real = bicon_lint.runner.lint_document_all
parent = os.getpid()

def boom(document, **kwargs):
    if os.getpid() != parent:  # only in a forked worker
        raise RuntimeError("boom")
    return real(document, **kwargs)

bicon_lint.runner.lint_document_all = boom
from bicon_lint.cli import main
sys.exit(main(sys.argv[1:]))
"""
    done = subprocess.run(
        [sys.executable, "-c", wrapper, "check", "payloads"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "BICON_LINT_JOBS": "2"},
        check=False,
    )
    assert done.returncode == 2
    assert "internal error: WorkerError: RuntimeError: boom" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_huge_host_does_not_make_a_huge_message() -> None:
    """A DNS name has at most 253 characters: messages quote at most that much of a host."""
    from bicon_lint import lint_text

    host = "a" * 5_000_000 + ".localhost"
    params = {"id": 4, "fields": {"urlCheck": "https://ex.com/c", "urlData": f"https://{host}/x"}}
    report = lint_text(
        json.dumps({"method": "biconnector.connector.update", "params": params}), "h.json"
    )
    codes = {d.code for d in report.diagnostics}
    assert {"BL312", "BL314"} <= codes
    assert max(len(d.message) for d in report.diagnostics) < 600


@pytest.mark.parametrize("data", [b"", b"{}", b'{"a": "' + b"x" * 70_000 + b'"}'])
@pytest.mark.parametrize("measured", [-1, 0, 5])
def test_a_file_that_changed_since_it_was_measured_is_read_whole(
    tmp_path: Path, data: bytes, measured: int
) -> None:
    """Files are read with one system call when their size is known; one that grew or shrank
    after the stat is still read to its end."""
    from bicon_lint.loaders import _read

    path = tmp_path / "payload.json"
    path.write_bytes(data)
    descriptor = os.open(path, os.O_RDONLY)
    try:
        assert _read(descriptor, max(0, len(data) + measured)) == data
    finally:
        os.close(descriptor)
