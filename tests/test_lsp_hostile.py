"""``bicon-lint server`` against hostile documents, and without a network.

One server for the module, started with a ``sitecustomize`` on ``PYTHONPATH`` that refuses every
network socket and name look-up (local socket pairs, which the event loop uses to wake itself, are
not the network) and writes each refused attempt to a log: the server does all its work so, and
the log stays empty. Each hostile document gives a diagnostic or nothing, and the server answers
the next request.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp_session import Session

THIRTY_MB = 30 * 1024 * 1024
CLEAN = '{"method": "biconnector.connector.get", "params": {"id": 4}}\n'
SORT_HEX = (
    '{"method": "biconnector.connector.update", "params": {"id": 4, "fields": {"sort": "0x1A"}}}\n'
)

GUARD = """\
import os, socket, sys

LOG = os.environ["BICON_LINT_TEST_NETWORK_LOG"]
LOOKUPS = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
           "socket.getnameinfo", "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg")


def refuse(event, args):
    if event == "socket.__new__":
        if args[1] == socket.AF_UNIX:
            return  # a socket pair inside this process (the event loop's), not the network
    elif not event.startswith(LOOKUPS):
        return
    with open(LOG, "a") as log:
        log.write(f"{event} {args!r}\\n")
    raise OSError(f"the network is refused here: {event}")


sys.addaudithook(refuse)
for attempt in (lambda: socket.socket(socket.AF_INET), lambda: socket.getaddrinfo("localhost", 80)):
    try:
        attempt()
    except OSError:
        pass
    else:
        sys.exit("the network guard does not work")
open(LOG, "w").close()  # the guard's own attempts above are not the server's
open(LOG + ".armed", "w").close()
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def guard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("guard")
    (folder / "sitecustomize.py").write_text(GUARD)
    return folder


@pytest.fixture(scope="module")
def session(root: Path, guard: Path) -> Iterator[Session]:
    log = guard / "network.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(guard), env.get("PYTHONPATH")]))
    env["BICON_LINT_TEST_NETWORK_LOG"] = str(log)
    started = Session(root, env=env)
    started.initialize(root)
    yield started
    started.stop()


def alive(session: Session, root: Path, name: str) -> None:
    """The server still answers: a small document is linted and hovered."""
    uri = (root / name).as_uri()
    session.open(uri, "json", SORT_HEX)
    (found,) = errors(session.diagnostics(uri, 1), "VALIDATION_INVALID_FIELD_TYPE")
    hover = session.hover(uri, found.range.start.line, found.range.start.character)
    assert hover is not None


def errors(diagnostics: list[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    error = types.DiagnosticSeverity.Error
    return [d for d in diagnostics if d.code == code and d.severity == error]


def codes(diagnostics: list[types.Diagnostic]) -> list[str | int | None]:
    return [d.code for d in diagnostics if d.severity != types.DiagnosticSeverity.Information]


def test_a_30_mb_document(session: Session, root: Path) -> None:
    text = (
        '{"method": "biconnector.connector.update", "params": {"id": 4, "fields": '
        '{"description": "' + "d" * THIRTY_MB + '", "sort": "0x1A"}}}'
    )
    uri = (root / "big.json").as_uri()
    session.open(uri, "json", text)
    small = (root / "while-big.json").as_uri()
    session.open(small, "json", CLEAN)
    # a request while the large document is checked: answered (no diagnostic there: None)
    assert session.hover(small, 0, 0) is None
    diagnostics = session.diagnostics(uri, 1)
    (sort,) = errors(diagnostics, "VALIDATION_INVALID_FIELD_TYPE")
    column = text.index('"0x1A"')  # ASCII: UTF-16 units are characters
    assert sort.range.start == types.Position(line=0, character=column)
    assert sort.range.end == types.Position(line=0, character=column + 6)
    for diagnostic in diagnostics:  # never past the line (the only one)
        assert diagnostic.range.end.line == 0 and diagnostic.range.end.character <= len(text)
    alive(session, root, "after-big.json")


def test_deep_nesting(session: Session, root: Path) -> None:
    uri = (root / "deep.json").as_uri()
    session.open(uri, "json", "[" * 100_000 + "]" * 100_000)
    # PHP's json_decode refuses nesting deeper than 512 levels: BL006 (server-undecodable)
    assert "BL006" in codes(session.diagnostics(uri, 1))
    alive(session, root, "after-deep.json")


def test_invalid_utf8_on_disk_opened_with_the_text_the_editor_decoded(
    session: Session, root: Path
) -> None:
    data = b'{"method": "biconnector.connector.get",\n "params": {"id": "\xff\xfe4"}}\n'
    path = root / "bytes.json"
    path.write_bytes(data)
    # an editor that keeps undecodable bytes (as lone surrogates)...
    kept = data.decode("utf-8", "surrogateescape")
    session.open(path.as_uri(), "json", kept)
    found = session.diagnostics(path.as_uri(), 1)
    (bad,) = errors(found, "BL002")  # invalid-encoding, at the first bad byte
    assert bad.range.start == types.Position(line=1, character=kept.split("\n")[1].index("\udcff"))
    # ...and one that replaced them: a document of its own, whatever it says
    replaced = root / "replaced.json"
    replaced.write_bytes(data)
    session.open(replaced.as_uri(), "json", data.decode("utf-8", "replace"))
    assert isinstance(session.diagnostics(replaced.as_uri(), 1), list)
    alive(session, root, "after-bytes.json")


def test_requests_for_a_file_on_disk_that_is_not_open(session: Session, root: Path) -> None:
    path = root / "unopened.json"
    path.write_bytes(b'{"params": {"id": "\xff"}, "method": "biconnector.connector.get"}')
    uri = path.as_uri()
    assert session.hover(uri, 0, 3) is None
    diagnostic = types.Diagnostic(
        range=types.Range(
            start=types.Position(line=0, character=0), end=types.Position(line=0, character=5)
        ),
        message="not from this server",
    )
    assert session.code_actions(uri, diagnostic) == []
    alive(session, root, "after-unopened.json")


def test_a_message_that_is_not_utf8(session: Session, root: Path) -> None:
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {
                    "uri": (root / "raw.json").as_uri(),
                    "languageId": "json",
                    "version": 1,
                    "text": "PLACEHOLDER",
                }
            },
        }
    ).encode()
    body = body.replace(b"PLACEHOLDER", b"\xff\xfe{")
    session.write_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    alive(session, root, "after-raw.json")


def test_no_network(session: Session, root: Path, guard: Path) -> None:
    alive(session, root, "network.json")
    assert (guard / "network.log.armed").exists()  # the guard ran in the server's process
    assert (guard / "network.log").read_text() == ""
