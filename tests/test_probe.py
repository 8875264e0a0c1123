"""``bicon-lint probe`` against real HTTP servers that the tests start on 127.0.0.1.

Each server is a raw TCP listener (``LocalServer``) that records every request exactly as it
arrived (request line, headers in order, body) and answers with a script of byte strings and
pauses, so the tests can say exactly what the portal's HTTP client sends and what it does with
status codes, redirects, slow and silent servers. Pauses end at once when a test finishes; every
server stops itself. Expected requests and behaviours come from the portal's code as
ENDPOINT-CONTRACT §2 cites it (``main/lib/web/httpclient.php``, ``ExternalSource/Source/Rest.php``).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from bicon_lint import portal_http
from bicon_lint.answers import ENDPOINTS, NAMES
from bicon_lint.model import Diagnostic, ServerError
from bicon_lint.portal_http import Exchange, Failure, Limits, send
from bicon_lint.probe import Probe, ProbeError, run
from tests.shared import no_hang

pytest.importorskip("httpx")

FORM = "application/x-www-form-urlencoded"
DESCRIPTION_404 = "BICONNECTOR_REST_CONNECTION_TABLE_DESCRIPTION_404_ERROR"
BODY = "connection%5Btoken%5D=s3cret&connection%5Blogin%5D=bi+user"


class Recorded(NamedTuple):
    method: str
    target: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


Step = bytes | float  # bytes to write, or seconds to pause
Script = Callable[[Recorded], Iterable[Step]]


def answer(status: int, body: bytes | str = b"", *headers: str) -> list[Step]:
    """One complete HTTP/1.1 answer with a Content-Length."""
    data = body.encode() if isinstance(body, str) else body
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(data)}", "Connection: close", *headers]
    return ["\r\n".join(head).encode() + b"\r\n\r\n" + data]


class LocalServer:
    """A threaded TCP server on 127.0.0.1 answering each path with its script."""

    def __init__(self, routes: dict[str, Script], tls: ssl.SSLContext | None = None) -> None:
        self.routes = routes
        self.requests: list[Recorded] = []
        self.stop = threading.Event()
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def setup(self) -> None:
                self.request.settimeout(10)
                if tls is not None:
                    self.request = tls.wrap_socket(self.request, server_side=True)
                super().setup()

            def handle(self) -> None:
                recorded = outer._read(self.rfile)
                if recorded is None:
                    return
                outer.requests.append(recorded)
                script = outer.routes.get(recorded.target.split("?")[0])
                steps = script(recorded) if script else answer(404, "no such path")
                for step in steps:
                    if isinstance(step, float):
                        if outer.stop.wait(step):
                            return
                        continue
                    try:
                        self.wfile.write(step)
                        self.wfile.flush()
                    except OSError:
                        return

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gives up (a refused certificate, a timeout) is expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,))

    @staticmethod
    def _read(rfile: Any) -> Recorded | None:
        line = rfile.readline(65536).decode("latin-1").rstrip("\r\n")
        if not line:
            return None
        method, target, version = line.split(" ", 2)
        headers = []
        while (raw := rfile.readline(65536).decode("latin-1").rstrip("\r\n")) != "":
            name, _, value = raw.partition(":")
            headers.append((name, value.strip()))
        length = next((int(v) for k, v in headers if k.lower() == "content-length"), 0)
        return Recorded(method, target, version, headers, rfile.read(length) if length else b"")

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def serve() -> Iterator[Callable[..., LocalServer]]:
    started: list[LocalServer] = []

    def start(routes: dict[str, Script], tls: ssl.SSLContext | None = None) -> LocalServer:
        server = LocalServer(routes, tls).__enter__()
        started.append(server)
        return server

    with no_hang(60):
        yield start
    for server in started:
        server.__exit__()


def fixed(*steps: Step) -> Script:
    return lambda _request: list(steps)


def local(url: str, body: str = BODY, **options: Any) -> Exchange:
    return send(url, body, {}, allow_local=True, **options)


# --- what is sent ---------------------------------------------------------------------------


def test_the_request_is_the_portals_form_post_with_its_headers_only(serve: Any) -> None:
    """httpclient.php:816-900: Host (host only, no port), Connection: close, Accept: */*,
    Accept-Language: en, Content-Type without charset, Content-Length; no User-Agent and no
    Accept-Encoding; HTTP/1.1; the body byte for byte."""
    server = serve({"/check": fixed(*answer(200, "ok"))})
    exchange = local(server.url("/check?x=1"))
    assert (exchange.status, exchange.body, exchange.failure) == (200, b"ok", None)
    (request,) = server.requests
    assert (request.method, request.target, request.version) == ("POST", "/check?x=1", "HTTP/1.1")
    assert request.headers == [
        ("Host", "127.0.0.1"),
        ("Connection", "close"),
        ("Accept", "*/*"),
        ("Accept-Language", "en"),
        ("Content-Type", FORM),
        ("Content-Length", str(len(BODY))),
    ]
    assert request.body == BODY.encode()
    assert [hop.method for hop in exchange.hops] == ["POST"]


def test_an_empty_body_is_still_posted_with_a_zero_length(serve: Any) -> None:
    """A connector without settings: urlCheck is an empty POST (§2.1), Content-Length: 0."""
    server = serve({"/check": fixed(*answer(200, "ok"))})
    local(server.url("/check"), "")
    (request,) = server.requests
    assert (request.header("Content-Length"), request.header("Content-Type")) == ("0", FORM)
    assert request.body == b""


def test_credentials_in_the_url_become_basic_authorization(serve: Any) -> None:
    """httpclient.php buildRequest: the URL's user info as written, base64-encoded."""
    server = serve({"/check": fixed(*answer(200, "ok"))})
    local(server.url("/check").replace("http://", "http://bi:pw@"))
    (request,) = server.requests
    assert request.header("Authorization") == "Basic Ymk6cHc="  # base64("bi:pw")


# --- redirects ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "method"), [(301, "POST"), (302, "GET"), (303, "GET"), (307, "POST"), (308, "POST")]
)
def test_redirects_as_the_portal_follows_them(serve: Any, status: int, method: str) -> None:
    """httpclient.php:345-367: 302 and 303 become GET (the body still attached, no
    Content-Type), 301, 307 and 308 keep POST; the final hop's answer is the answer."""
    server = serve(
        {
            "/old": fixed(*answer(status, "", "Location: /new")),
            "/new": fixed(*answer(200, '[{"code": "t", "title": "T"}]')),
        }
    )
    exchange = local(server.url("/old"))
    assert (exchange.status, exchange.body) == (200, b'[{"code": "t", "title": "T"}]')
    assert [(hop.method, hop.status, hop.location) for hop in exchange.hops] == [
        ("POST", status, "/new"),
        (method, 200, None),
    ]
    first, second = server.requests
    assert (first.method, second.method, second.target) == ("POST", method, "/new")
    assert second.body == BODY.encode()
    assert second.header("Content-Length") == str(len(BODY))
    assert second.header("Content-Type") == (FORM if method == "POST" else None)


def test_any_answer_with_a_location_is_followed(serve: Any) -> None:
    """httpclient.php:345: the client follows a non-empty Location whatever the status (a 200
    too), keeping the method."""
    server = serve(
        {
            "/a": fixed(*answer(200, "first", "Location: /b")),
            "/b": fixed(*answer(200, "second")),
        }
    )
    exchange = local(server.url("/a"))
    assert (exchange.status, exchange.body) == (200, b"second")
    assert [request.method for request in server.requests] == ["POST", "POST"]


def test_five_redirects_are_followed_and_a_sixth_fails(serve: Any) -> None:
    """$redirectMax = 5: the sixth Location is the REDIRECT error (no answer at all)."""
    hop = {f"/r{n}": fixed(*answer(307, "", f"Location: /r{n + 1}")) for n in range(6)}
    server = serve({**hop, "/r5": fixed(*answer(200, "done"))})
    exchange = local(server.url("/r0"))
    assert (exchange.status, exchange.body, exchange.failure) == (200, b"done", None)
    assert len(exchange.hops) == 6

    server = serve({**hop, "/r6": fixed(*answer(200, "done"))})
    exchange = local(server.url("/r0"))
    assert exchange.status is None
    assert exchange.failure == Failure(
        "REDIRECT",
        f"Maximum number of redirects (5) has been reached at URL {server.url('/r0')}",
    )
    assert len(server.requests) == 6  # /r6 is never asked for


def test_a_redirect_to_another_scheme_fails(serve: Any) -> None:
    server = serve({"/a": fixed(*answer(302, "", "Location: ftp://example.com/x"))})
    exchange = local(server.url("/a"))
    assert exchange.failure == Failure("URI_SCHEME", "Only http and https shemes are supported.")


# --- answers as the portal holds them ---------------------------------------------------------


def test_status_and_body_are_returned_as_they_came(serve: Any) -> None:
    server = serve(
        {
            "/error": fixed(*answer(500, '{"error": "boom"}')),
            "/empty": fixed(*answer(200, "")),
            "/chunked": fixed(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                b"3\r\n[1,\r\n2\r\n2]\r\n0\r\n\r\n"
            ),
        }
    )
    assert local(server.url("/error"))[1:3] == (500, b'{"error": "boom"}')
    assert local(server.url("/empty"))[1:3] == (200, b"")
    assert local(server.url("/chunked"))[1:3] == (200, b"[1,2]")


def test_a_gzip_body_is_inflated_and_nothing_else_is_decoded(serve: Any) -> None:
    """responsebuilder.php:29-31: only gzip is inflated."""
    packed = gzip.compress(b'[["ID"],[1]]')
    server = serve(
        {
            "/gzip": fixed(*answer(200, packed, "Content-Encoding: gzip")),
            "/deflate": fixed(*answer(200, b"raw", "Content-Encoding: deflate")),
        }
    )
    assert local(server.url("/gzip")).body == b'[["ID"],[1]]'
    assert local(server.url("/deflate")).body == b"raw"


# --- timeouts -------------------------------------------------------------------------------


def test_a_silent_server_times_out_per_read(serve: Any) -> None:
    """60 s with nothing to read fails (httpclient.php:40); a shortened --timeout says that the
    portal would have waited longer."""
    server = serve({"/slow": fixed(5.0, *answer(200, "late"))})
    exchange = local(server.url("/slow"), limits=Limits.capped(0.3))
    assert (exchange.status, exchange.body) == (None, b"")
    assert exchange.failure == Failure(
        "NETWORK",
        "nothing received for 0.3 s (read timeout); --timeout is shorter than the portal's "
        "60 s for each read: the portal may still get an answer",
        shortened=True,
    )
    assert 0.3 <= exchange.seconds < 3
    assert [(hop.method, hop.status) for hop in exchange.hops] == [("POST", None)]


def test_a_slow_but_steady_body_does_not_time_out(serve: Any) -> None:
    """The read timeout is refreshed on every read (socket/stream.php:106-144): a body that
    keeps coming, however long in total, is received."""
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    drip = [step for n in range(6) for step in (0.15, b"1\r\n%d\r\n" % n)]
    server = serve({"/drip": fixed(head, *drip, b"0\r\n\r\n")})
    exchange = local(server.url("/drip"), limits=Limits.capped(0.5))
    assert (exchange.status, exchange.body, exchange.failure) == (200, b"012345", None)
    assert exchange.seconds >= 0.5  # longer in total than any single wait


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_tls_certificates_are_verified(serve: Any, tmp_path: Path) -> None:
    """sslVerify = true (httpclient.php:56): a self-signed certificate fails the handshake, and
    no request is sent."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = serve({"/check": fixed(*answer(200, "ok"))}, context)
    exchange = local(server.url("/check").replace("http://", "https://"))
    assert exchange.status is None
    assert exchange.failure is not None
    assert exchange.failure.code == "NETWORK"
    assert "CERTIFICATE_VERIFY_FAILED" in exchange.failure.message
    assert server.requests == []


def test_a_closed_port_cannot_connect() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
    exchange = local(f"http://127.0.0.1:{port}/check")
    assert exchange.status is None
    assert exchange.failure is not None
    assert exchange.failure.code == "NETWORK"
    assert exchange.failure.message.startswith("could not connect: ")


# --- private networks -----------------------------------------------------------------------


def test_a_loopback_address_is_refused_without_allow_local(serve: Any) -> None:
    """httpclient.php:935-944: the portal resolves the host and refuses a private or reserved
    address before it connects: nothing reaches the server."""
    server = serve({"/check": fixed(*answer(200, "ok"))})
    for host in ("127.0.0.1", "localhost"):
        exchange = send(server.url("/check", host), BODY, {})
        assert exchange.status is None
        assert exchange.failure == Failure(
            "PRIVATE_IP", "Resolved IP is incorrect or private: 127.0.0.1"
        )
    assert server.requests == []


def test_an_unresolvable_or_ipv6_host_is_refused_as_private() -> None:
    """gethostbyname() returns a name it cannot resolve unchanged; it is no IP address, so
    IpAddress::isPrivate() is true (ipaddress.php:74-77)."""
    exchange = send("https://connector.invalid/check", BODY, resolve=lambda host: host)
    assert exchange.failure == Failure(
        "PRIVATE_IP", "Resolved IP is incorrect or private: connector.invalid"
    )
    exchange = send("https://[2001:db8::1]/check", BODY)
    assert exchange.failure == Failure(
        "PRIVATE_IP", "Resolved IP is incorrect or private: [2001:db8::1]"
    )


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("0.1.2.3", True),
        ("10.0.0.1", True),
        ("127.255.0.1", True),
        ("169.254.169.254", True),  # cloud metadata
        ("172.16.0.1", True),
        ("172.31.255.255", True),
        ("172.32.0.1", False),
        ("192.168.1.1", True),
        ("240.0.0.1", True),
        ("255.255.255.255", True),
        ("100.64.0.1", False),  # shared address space: not in PHP's private or reserved lists
        ("224.0.0.1", False),  # multicast: neither
        ("93.184.215.14", False),
        ("example.com", True),  # an unresolved name
    ],
)
def test_the_refused_ranges_are_phps(address: str, refused: bool) -> None:
    """filter_var(FILTER_VALIDATE_IP, NO_PRIV_RANGE | NO_RES_RANGE) in ext/filter
    (ipv4_get_status_flags): private 10/8, 172.16/12, 192.168/16; reserved 0/8, 127/8,
    169.254/16, 240/4."""
    assert portal_http.refused(address) is refused


def test_a_public_host_is_called_at_the_address_it_resolved_to(
    serve: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without allow_local the portal connects to the address it checked (socket/handler.php
    486-493), with the name in Host. Here "connector.test" resolves to the test server, taken
    for a public address."""
    monkeypatch.setattr(portal_http, "refused", lambda address: address != "127.0.0.1")
    server = serve({"/check": fixed(*answer(200, "ok"))})
    exchange = send(
        server.url("/check", "connector.test"),
        BODY,
        resolve={"connector.test": "127.0.0.1"}.__getitem__,
    )
    assert (exchange.status, exchange.body) == (200, b"ok")
    (request,) = server.requests
    assert request.header("Host") == "connector.test"


def test_every_redirect_hop_is_checked(serve: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """checkRequest runs for each hop: a redirect into a private network is refused there."""
    monkeypatch.setattr(portal_http, "refused", lambda address: address != "127.0.0.1")
    server = serve({"/a": fixed(*answer(302, "", "Location: http://intranet.test/b"))})
    names = {"connector.test": "127.0.0.1", "intranet.test": "10.1.2.3"}
    exchange = send(server.url("/a", "connector.test"), BODY, resolve=names.__getitem__)
    assert exchange.failure == Failure(
        "PRIVATE_IP", "Resolved IP is incorrect or private: 10.1.2.3"
    )
    assert [(hop.method, hop.url, hop.status) for hop in exchange.hops] == [
        ("POST", server.url("/a", "connector.test"), 302),
        ("GET", "http://intranet.test/b", None),
    ]
    assert len(server.requests) == 1


# --- the probe: four endpoints, linted --------------------------------------------------------

DESCRIPTION = (
    '[{"code": "ID", "name": "Id", "type": "int"},\n'
    ' {"code": "TITLE", "name": "Title", "type": "string"},\n'
    ' {"code": "CREATED_AT", "name": "Created", "type": "datetime"}]'
)
DATA = (
    '[["ID", "TITLE", "CREATED_AT"],\n'
    ' [1, "First", "2026-05-01 10:00:00"],\n'
    ' [2, "Second", "2026-05-02 11:30:00"]]'
)
GOOD: dict[str, Script] = {
    "/check": fixed(*answer(200, '{"status": "ok"}')),
    "/tables": fixed(*answer(200, '[{"code": "deals", "title": "Deals"}]')),
    "/describe": fixed(*answer(200, DESCRIPTION)),
    "/data": fixed(*answer(200, DATA)),
}
PATHS = {
    "urlCheck": "/check",
    "urlTableList": "/tables",
    "urlTableDescription": "/describe",
    "urlData": "/data",
}
DECLARED = [{"code": "token", "name": "Token", "type": "STRING"}]


def connector(server: LocalServer, host: str = "127.0.0.1") -> dict[str, Any]:
    urls = {endpoint: server.url(path, host) for endpoint, path in PATHS.items()}
    return {"title": "Sales", "logo": "data:image/png;base64,AA==", **urls, "settings": DECLARED}


def probed(serve: Any, routes: dict[str, Script], **options: Any) -> tuple[Probe, LocalServer]:
    server = serve({**GOOD, **routes})
    options = {"allow_local": True, **options}
    return run(connector(server), {"token": " s3cret "}, **options), server


def found(result: Probe) -> list[tuple[str, str, str]]:
    """(endpoint, code, severity) of every diagnostic, in the order of the calls."""
    return [
        (NAMES[report.method or ""], d.code, d.severity.value)
        for report in result.reports
        for d in report.diagnostics
    ]


def only(result: Probe, endpoint: str) -> Diagnostic:
    (report,) = [r for r in result.reports if r.method == ENDPOINTS[endpoint]]
    (diagnostic,) = report.diagnostics
    return diagnostic


def portal(result: Probe, endpoint: str) -> ServerError | None:
    (report,) = [r for r in result.reports if r.method == ENDPOINTS[endpoint]]
    return report.server_error


def test_a_correct_connector_passes_and_gets_the_portals_requests(serve: Any) -> None:
    """ENDPOINT-CONTRACT §3-§6.1: urlCheck gets connection[...] only (the stored value, trimmed:
    SourceManager.php:537), urlTableList searchString and connection, urlTableDescription table
    and connection, urlData the preview's limit=20, connection and table (mapFields empty, so
    left out); the table is the first one listed."""
    result, server = probed(serve, {})
    assert found(result) == []
    assert [report.server_error for report in result.reports] == [None] * 4
    assert [(r.method, r.target, r.body.decode()) for r in server.requests] == [
        ("POST", "/check", "connection%5Btoken%5D=s3cret"),
        ("POST", "/tables", "searchString=&connection%5Btoken%5D=s3cret"),
        ("POST", "/describe", "table=deals&connection%5Btoken%5D=s3cret"),
        ("POST", "/data", "limit=20&connection%5Btoken%5D=s3cret&table=deals"),
    ]
    assert [call.table for call in result.calls] == [None, None, "deals", "deals"]
    for call in result.calls:
        assert call.exchange is not None
        assert call.exchange.status == 200
        assert call.exchange.seconds > 0
        assert call.exchange.seconds >= sum(hop.seconds for hop in call.exchange.hops)


def test_limit_makes_a_bi_builder_query_of_the_described_columns(serve: Any) -> None:
    """Dataset/Connector/Rest.php:23-62 and Rest.php:261-265: select (the dataset's field NAMEs,
    here the proposed ones, the codes), limit, connection, table, then mapFields since 2026-01."""
    result, server = probed(serve, {}, limit=5, table="deals")
    assert found(result) == []
    select = "select%5B0%5D=ID&select%5B1%5D=TITLE&select%5B2%5D=CREATED_AT"
    mapped = "mapFields%5BID%5D=ID&mapFields%5BTITLE%5D=TITLE&mapFields%5BCREATED_AT%5D=CREATED_AT"
    assert server.requests[-1].body.decode() == (
        f"{select}&limit=5&connection%5Btoken%5D=s3cret&table=deals&{mapped}"
    )
    result, server = probed(serve, {}, limit=5, table="deals", target="2025-07")
    assert server.requests[-1].body.decode() == (
        f"{select}&limit=5&connection%5Btoken%5D=s3cret&table=deals"
    )


def test_the_table_listed_first_is_described_by_its_id(serve: Any) -> None:
    """Rest.php:183: a table's ID is its id, else its code."""
    tables = (
        '[{"id": "sales_2024", "code": "sales", "title": "Sales"}, {"code": "b", "title": "B"}]'
    )
    result, server = probed(serve, {"/tables": fixed(*answer(200, tables))})
    assert server.requests[2].body.decode() == "table=sales_2024&connection%5Btoken%5D=s3cret"
    assert result.calls[2].chosen is not None
    assert result.calls[2].chosen.startswith("the first table listed: its id, not its code")


def test_a_200_error_on_urlcheck_still_connects(serve: Any) -> None:
    """§3: the urlCheck body is never read; any non-empty body with 200 connects."""
    result, _ = probed(serve, {"/check": fixed(*answer(200, '{"status": "ERROR"}'))})
    assert found(result) == [("urlCheck", "BL730", "warning")]
    diagnostic = only(result, "urlCheck")
    assert diagnostic.message.startswith('urlCheck answered an object with "status": "ERROR" ')
    assert "the check succeeds" in diagnostic.message
    assert (diagnostic.line, diagnostic.column) == (1, 12)  # the "ERROR" in the body
    assert portal(result, "urlCheck") is None


@pytest.mark.parametrize(
    ("endpoint", "body", "shown", "key", "text"),
    [
        (
            "urlCheck",
            "",
            "an empty body",
            "BICONNECTOR_REST_CONNECTION_ERROR_CANT_CONNECT",
            "Cannot establish connection.",
        ),
        (
            "urlTableList",
            "0",
            'the body "0"',
            "BICONNECTOR_REST_CONNECTION_ERROR_404_ERROR",
            "Query failed. Make sure the table data source is available.",
        ),
    ],
)
def test_an_empty_or_zero_body_is_no_answer(
    serve: Any, endpoint: str, body: str, shown: str, key: str, text: str
) -> None:
    """§2.3 step 1: !$answer is true for "" and "0"; urlTableList replaces the message with
    its "Query failed" (Rest.php:170-175)."""
    result, _ = probed(serve, {PATHS[endpoint]: fixed(*answer(200, body))}, table="deals")
    assert found(result) == [(endpoint, "BL700", "error")]
    message = only(result, endpoint).message
    assert message.startswith(f"{endpoint} answered {shown}, which PHP's !$answer counts as no")
    assert text in message
    assert portal(result, endpoint) == ServerError(key, text)


def test_title_instead_of_name_fails_the_description(serve: Any) -> None:
    """§5, §9 row 3: checkTableDescription needs "name"; the early docs said "title"."""
    described = DESCRIPTION.replace('"name": "Id"', '"title": "Id"')
    result, _ = probed(serve, {"/describe": fixed(*answer(200, described))})
    assert found(result) == [("urlTableDescription", "BL722", "error")]
    diagnostic = only(result, "urlTableDescription")
    assert diagnostic.message.startswith('urlTableDescription: column 0 has no "name" ("title"')
    assert "Could not get table field descriptions." in diagnostic.message
    assert (diagnostic.line, diagnostic.column) == (1, 2)  # the column's object
    assert portal(result, "urlTableDescription") == ServerError(
        "BICONNECTOR_REST_EMPTY_TABLE_DESCRIPTION_ERROR",
        "Could not get table field descriptions. Make sure the JSON response is correct.",
    )


def test_a_short_row_crashes_the_preview(serve: Any) -> None:
    """§6.3 (b) 5: array_combine() throws ValueError on a row shorter than the header."""
    short = DATA.replace('[2, "Second", "2026-05-02 11:30:00"]', '[2, "Second"]')
    result, _ = probed(serve, {"/data": fixed(*answer(200, short))})
    assert found(result) == [("urlData", "BL746", "error")]
    diagnostic = only(result, "urlData")
    assert diagnostic.message.startswith("row 2 ")
    assert (
        "array_combine(): Argument #1 ($keys) and argument #2 ($values) must have the same "
        "number of elements" in diagnostic.message
    )
    assert diagnostic.line == 3


def test_iso_datetimes_are_shown_blank(serve: Any) -> None:
    """§6.3 (b) 7: no datetime format of a dataset reads ISO 8601; the column's type comes from
    the description answered just before."""
    iso = DATA.replace("2026-05-01 10:00:00", "2026-05-01T10:00:00Z").replace(
        "2026-05-02 11:30:00", "2026-05-02T11:30:00Z"
    )
    result, _ = probed(serve, {"/data": fixed(*answer(200, iso))})
    assert found(result) == [("urlData", "BL750", "warning")]
    diagnostic = only(result, "urlData")
    assert diagnostic.message.startswith('datetime column "CREATED_AT": "2026-05-01T10:00:00Z"')
    assert "YYYY-MM-DD HH:MM:SS" in diagnostic.message
    assert (diagnostic.line, diagnostic.column) == (2, 15)  # the first such value


def test_a_slow_endpoint_times_out_under_a_short_timeout(serve: Any) -> None:
    """60 s per read is the portal's limit (§2.2); under a shorter --timeout the probe says it
    got no answer, as a warning: the portal might still have had one."""
    result, _ = probed(
        serve, {"/describe": fixed(5.0, *answer(200, DESCRIPTION))}, limits=Limits.capped(0.4)
    )
    assert found(result) == [("urlTableDescription", "BL700", "warning")]
    message = only(result, "urlTableDescription").message
    assert message.startswith(
        "urlTableDescription gave no answer (NETWORK: nothing received for 0.4 s (read timeout); "
        "--timeout is shorter than the portal's 60 s for each read"
    )
    assert "Query failed. Make sure the data source is available and contains table fields." in (
        message
    )
    answered = portal(result, "urlTableDescription")
    assert answered is not None and answered.code == DESCRIPTION_404
    assert answered.portal is not None and "does not answer within the portal's limits" in (
        answered.portal
    )
    call = result.calls[2]
    assert call.exchange is not None and 0.4 <= call.exchange.seconds < 4


def test_a_302_turns_the_post_into_a_get(serve: Any) -> None:
    """§2.2: a 302 (here to the same path with a slash) is followed as GET: the endpoint that
    reads a POST form answers the GET otherwise (405)."""
    routes = {
        "/tables": fixed(*answer(302, "", "Location: /tables/")),
        "/tables/": lambda request: (
            answer(405, "Method Not Allowed")
            if request.method == "GET"
            else answer(200, '[{"code": "deals", "title": "Deals"}]')
        ),
    }
    result, server = probed(serve, routes, table="deals")
    assert found(result) == [("urlTableList", "BL701", "error")]
    message = only(result, "urlTableList").message
    assert message.startswith("urlTableList answered status 405: the portal accepts only 200")
    call = result.calls[1]
    assert call.exchange is not None
    assert [(hop.method, hop.status) for hop in call.exchange.hops] == [("POST", 302), ("GET", 405)]
    assert server.requests[2].body == b"searchString=&connection%5Btoken%5D=s3cret"


def test_private_addresses_are_refused_without_allow_local(serve: Any) -> None:
    """httpclient.php:935-944 (§2.2): with allow_local_connections off the portal never calls
    127.0.0.1: no endpoint is reached, and each fails as an answer that never came."""
    result, server = probed(serve, {}, allow_local=False, table="deals")
    assert server.requests == []
    assert found(result) == [(endpoint, "BL700", "error") for endpoint in PATHS]
    for endpoint in PATHS:
        assert only(result, endpoint).message.startswith(
            f"{endpoint} gave no answer (PRIVATE_IP: Resolved IP is incorrect or private: "
            "127.0.0.1), which the portal's !$answer takes as no answer: "
        )
    assert portal(result, "urlCheck") == ServerError(
        "BICONNECTOR_REST_CONNECTION_ERROR_CANT_CONNECT", "Cannot establish connection."
    )
    described = portal(result, "urlTableDescription")
    assert described is not None and described.code == DESCRIPTION_404


def test_an_undeclared_setting_is_refused_before_any_call(serve: Any) -> None:
    """SourceManager.php:529-546: the portal stores, and sends, only the declared codes."""
    server = serve(GOOD)
    with pytest.raises(ProbeError, match="declares no setting 'pasword'"):
        run(connector(server), {"pasword": "x"}, allow_local=True)
    assert server.requests == []


def test_a_missing_endpoint_is_not_called(serve: Any) -> None:
    server = serve(GOOD)
    fields = {k: v for k, v in connector(server).items() if k != "urlData"}
    result = run(fields, {"token": "s3cret"}, allow_local=True)
    assert result.calls[3].exchange is None
    assert result.calls[3].skipped is not None
    assert "Data source URL is not specified." in result.calls[3].skipped
    assert [r.target for r in server.requests] == ["/check", "/tables", "/describe"]


# --- the command ------------------------------------------------------------------------------


def run_probe(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "probe", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1"},
    )


def write_connector(tmp_path: Path, server: LocalServer) -> Path:
    path = tmp_path / "connector.json"
    envelope = {"method": "biconnector.connector.add", "params": {"fields": connector(server)}}
    path.write_text(json.dumps(envelope, indent=2), encoding="utf-8")
    return path


def test_the_command_probes_a_local_server(serve: Any, tmp_path: Path) -> None:
    server = serve(GOOD)
    path = write_connector(tmp_path, server)
    done = run_probe(path.name, "--setting", "token=s3cret", "--allow-local", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    for line, endpoint in zip(lines, PATHS, strict=False):
        assert line.startswith(f"{endpoint}  ".ljust(21) + f"POST {server.url(PATHS[endpoint])}")
        assert " -> 200, " in line
    assert "s3cret" not in done.stdout
    assert lines[-1] == "All checks passed (4 files)."


def test_the_command_reports_in_json_with_the_calls(serve: Any, tmp_path: Path) -> None:
    server = serve({**GOOD, "/check": fixed(*answer(200, ""))})
    path = write_connector(tmp_path, server)
    done = run_probe(
        path.name, "-s", "token=s3cret", "--allow-local", "-f", "json", "--timeout", "5",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    assert document["version"] == 1
    calls = document["probe"]["calls"]
    assert [call["endpoint"] for call in calls] == list(PATHS)
    assert [call["status"] for call in calls] == [200] * 4
    assert document["probe"]["timeouts"] == {"connect": 5, "read": 5}
    assert calls[0]["hops"][0]["method"] == "POST"
    assert all(isinstance(call["ms"], float) for call in calls)
    (check,) = [entry for entry in document["files"] if entry["path"] == "urlCheck"]
    assert [d["code"] for d in check["diagnostics"]] == ["BL700"]
    assert document["summary"]["errors"] == 1


def test_the_command_refuses_a_local_server_without_allow_local(serve: Any, tmp_path: Path) -> None:
    server = serve(GOOD)
    path = write_connector(tmp_path, server)
    done = run_probe(path.name, "-s", "token=s3cret", cwd=tmp_path)
    assert done.returncode == 1
    assert server.requests == []
    assert "Resolved IP is incorrect or private: 127.0.0.1" in done.stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["-s", "token"], "'token' is not CODE=VALUE"),
        (["-s", "nope=1"], "declares no setting 'nope'"),
        (["--timeout", "0"], "--timeout"),
    ],
)
def test_the_command_refuses_bad_options(
    serve: Any, tmp_path: Path, args: list[str], said: str
) -> None:
    server = serve(GOOD)
    path = write_connector(tmp_path, server)
    done = run_probe(path.name, "--allow-local", *args, cwd=tmp_path)
    assert done.returncode == 2
    assert said in done.stderr
    assert server.requests == []


def test_check_never_loads_the_probe_nor_an_http_client(tmp_path: Path) -> None:
    """Only ``probe`` opens connections: ``check`` (and the hook, which runs it) imports neither
    the probe's modules nor httpx; importing the probe itself does not import httpx either."""
    payload = tmp_path / "connector.json"
    payload.write_text('{"method": "biconnector.connector.get", "params": {"id": 4}}')
    script = (
        "import sys\n"
        "import bicon_lint.probe\n"
        "assert 'httpx' not in sys.modules\n"
        "from bicon_lint.cli import main\n"
        "del sys.modules['bicon_lint.probe'], sys.modules['bicon_lint.portal_http']\n"
        f"code = main(['check', {str(payload)!r}])\n"
        "loaded = [m for m in ('httpx', 'bicon_lint.probe', 'bicon_lint.portal_http') if m in sys.modules]\n"
        "print(code, loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr
