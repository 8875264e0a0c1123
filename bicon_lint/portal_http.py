"""The portal's HTTP client as it calls a connector's endpoints, for ``bicon-lint probe``.

The only module of bicon-lint that opens network connections; it imports httpx only when it
sends. How the portal sends (``yuliai/bitrix-modules`` at
``a3a2a579``, ``biconnector/lib/ExternalSource/Source/Rest.php:334-355`` → ``main/lib/web/httpclient.php``):

* POST, form-encoded, with the portal's headers only: ``Host`` (the host, without the port:
  ``http/request.php:30-33``, ``httpclient.php:829-831``), ``Connection: close``, ``Accept: */*``,
  ``Accept-Language: en``, ``Content-Type: application/x-www-form-urlencoded`` and
  ``Content-Length`` (``httpclient.php:826-887``); ``Authorization: Basic`` from a URL's
  ``user:password@``. No ``User-Agent``, no ``Accept-Encoding``; HTTP/1.1.
* 250 s to connect (``Rest.php:25, 339`` → ``setTimeout``), 60 s for each read
  (``DEFAULT_STREAM_TIMEOUT``, ``httpclient.php:40``; refreshed on every read,
  ``http/socket/stream.php:106-144, 213-228``): a server may stream slowly, but not pause for 60 s.
  :class:`Limits` only shortens both; a timeout under a shortened limit says so.
* Redirects: any answer with a non-empty ``Location`` is followed (not only 3xx), 5 at most
  (``REDIRECT`` beyond); 302 and 303 turn the method into GET, with the same body still attached
  (``Content-Length`` but no ``Content-Type``); 301, 307, 308 keep POST (``httpclient.php:345-367,
  866-887``; the body is rewound for each hop, ``http/socket/handler.php:130-135``).
* TLS certificates verified (``sslVerify = true``, ``httpclient.php:56``); no proxy from the
  environment (a portal has its own settings).
* Private networks: unless the portal's option ``biconnector/allow_local_connections`` is ``Y``
  (``allow_local``), every hop's host is resolved with ``gethostbyname`` (IPv4 only) and refused
  when the address is private or reserved, or no IPv4 address at all (an unresolvable name, an
  IPv6 literal): ``PRIVATE_IP`` "Resolved IP is incorrect or private: …" (``httpclient.php:935-944``,
  ``main/lib/web/ipaddress.php:32-47, 74-77``; PHP's ``FILTER_FLAG_NO_PRIV_RANGE |
  FILTER_FLAG_NO_RES_RANGE``: 0/8, 10/8, 127/8, 169.254/16, 172.16/12, 192.168/16, 240/4). The
  connection then goes to that address (``http/socket/handler.php:486-493``), as here.
* The final hop's status and body are judged; only gzip is inflated
  (``http/responsebuilder.php:29-31``). The whole body is read, whatever its size
  (``bodyLengthMax = 0``, ``httpclient.php:57``); the probe stops at ``BODY_MAX``.
"""

from __future__ import annotations

import base64
import contextlib
import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, NamedTuple
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    import httpx

CONNECT_TIMEOUT: Final = 250.0  # seconds: Rest.php:25 $requestTimeout → HttpClient::setTimeout
READ_TIMEOUT: Final = 60.0  # seconds per read: HttpClient::DEFAULT_STREAM_TIMEOUT
REDIRECT_MAX: Final = 5  # HttpClient::$redirectMax
BODY_MAX: Final = 64 * 1024 * 1024  # the probe's own bound; the portal reads any size


class Limits(NamedTuple):
    """How long to wait: the portal's limits, or shorter ones the user asked for."""

    connect: float = CONNECT_TIMEOUT
    read: float = READ_TIMEOUT

    @classmethod
    def capped(cls, timeout: float | None) -> Limits:
        """The portal's limits, each shortened to ``timeout`` seconds if that is shorter.

        >>> Limits.capped(None), Limits.capped(100), Limits.capped(2.5)
        (Limits(connect=250.0, read=60.0), Limits(connect=100, read=60.0), Limits(connect=2.5, read=2.5))
        """
        if timeout is None:
            return cls()
        return cls(min(timeout, CONNECT_TIMEOUT), min(timeout, READ_TIMEOUT))

    @property
    def shortened(self) -> bool:
        return self.connect < CONNECT_TIMEOUT or self.read < READ_TIMEOUT


class Failure(NamedTuple):
    """Why no answer came back: the portal's ``HttpClient`` error key (``URI_SCHEME``,
    ``URI_HOST``, ``PRIVATE_IP``, ``REDIRECT``, ``NETWORK``) and what happened. The portal's own
    wording where it has a fixed one; a network failure is described in the probe's words."""

    code: str
    message: str
    # The probe gave up sooner than the portal would (a shortened ``--timeout``): the portal
    # might still have had an answer.
    shortened: bool = False


class Hop(NamedTuple):
    """One request of a call (a call is several when it is redirected)."""

    method: str
    url: str
    status: int | None
    seconds: float
    location: str | None = None  # the Location that was followed from this answer


class Exchange(NamedTuple):
    """What one call to an endpoint came to: the final status and body, or a failure."""

    hops: tuple[Hop, ...]
    status: int | None
    body: bytes
    failure: Failure | None
    seconds: float
    truncated: bool = False  # the body was longer than BODY_MAX: the probe stopped reading


Resolver = Callable[[str], str]


def gethostbyname(host: str) -> str:
    """PHP's ``gethostbyname``: the IPv4 address of ``host``, or ``host`` itself when it has none
    (an unknown name, an IPv6-only name, an IPv6 literal)."""
    if ":" in host:  # an IPv6 literal: the portal's Uri keeps its brackets, which never resolve
        return f"[{host}]" if not host.startswith("[") else host
    try:
        return socket.gethostbyname(host)
    except (OSError, UnicodeError):
        return host


_REFUSED: Final = tuple(
    ipaddress.IPv4Network(network)
    for network in (
        "0.0.0.0/8",  # reserved: this network
        "10.0.0.0/8",  # private
        "127.0.0.0/8",  # reserved: loopback
        "169.254.0.0/16",  # reserved: link local
        "172.16.0.0/12",  # private
        "192.168.0.0/16",  # private
        "240.0.0.0/4",  # reserved (and 255.255.255.255)
    )
)


def refused(address: str) -> bool:
    """``IpAddress::isPrivate()``: PHP's ``filter_var($ip, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4 |
    FILTER_FLAG_IPV6 | FILTER_FLAG_NO_PRIV_RANGE | FILTER_FLAG_NO_RES_RANGE) === false`` for what
    ``gethostbyname`` returns (a dotted IPv4 address, or the name it could not resolve).

    >>> [refused(a) for a in ("127.0.0.1", "10.1.2.3", "172.31.0.1", "100.64.0.1", "8.8.8.8")]
    [True, True, True, False, False]
    >>> [refused(a) for a in ("224.0.0.1", "255.255.255.255", "no-such-host.invalid", "[::1]")]
    [False, True, True, True]
    """
    try:
        found = ipaddress.IPv4Address(address)
    except ValueError:
        return True
    return any(found in network for network in _REFUSED)


class _Target(NamedTuple):
    """Where one hop connects, and the headers the URL decides."""

    url: str  # what httpx connects to (the resolved address when the portal pins it)
    host: str  # the Host header
    sni: str | None  # the TLS server name when ``url`` holds an address
    authorization: str | None


def _target(url: str, allow_local: bool, resolve: Resolver) -> _Target | Failure:
    """``HttpClient::checkRequest`` for one hop (``httpclient.php:910-944``), and where to connect."""
    import httpx

    try:
        parts = urlsplit(url)
    except ValueError:
        return Failure("URI_HOST", "Incorrect host in URI.")
    if parts.scheme.lower() not in ("http", "https"):
        return Failure("URI_SCHEME", "Only http and https shemes are supported.")
    netloc = parts.netloc.rpartition("@")
    if not parts.hostname:
        return Failure("URI_HOST", "Incorrect host in URI.")
    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii")  # IDNA: what the portal's punycode conversion gives
    except (httpx.InvalidURL, UnicodeError) as error:
        return Failure("URI_PUNICODE", f"Error converting hostname to punycode: {error}")
    shown_host = f"[{host}]" if ":" in host else host
    authorization = None
    if netloc[1] == "@":  # HttpClient::buildRequest: the user info as it is written
        authorization = "Basic " + base64.b64encode(netloc[0].encode()).decode("ascii")
    parsed = parsed.copy_with(username=None, password=None)
    if allow_local:
        return _Target(str(parsed), shown_host, None, authorization)
    address = resolve(host)
    if refused(address):
        return Failure("PRIVATE_IP", f"Resolved IP is incorrect or private: {address}")
    pinned = parsed.copy_with(host=address)
    sni = host if parsed.scheme == "https" else None
    return _Target(str(pinned), shown_host, sni, authorization)


def _headers(
    method: str, target: _Target, size: int, given: Mapping[str, str]
) -> list[tuple[str, str]]:
    """The headers of one hop, in the portal's order (``httpclient.php:816-887``): ``given``'s
    (the request's own, ``portal_request.build``) but for those each hop decides."""
    decided = {"host", "content-type", "content-length", "authorization"}
    headers = [("Host", target.host)]
    headers += [(name, value) for name, value in given.items() if name.lower() not in decided]
    for name, value in (("Connection", "close"), ("Accept", "*/*"), ("Accept-Language", "en")):
        if all(name.lower() != known.lower() for known, _ in headers):
            headers.append((name, value))
    if target.authorization is not None:
        headers.append(("Authorization", target.authorization))
    if method == "POST":
        headers.append(("Content-Type", "application/x-www-form-urlencoded"))
    if size > 0 or method == "POST":
        headers.append(("Content-Length", str(size)))
    return headers


def send(
    url: str,
    body: str | bytes,
    headers: Mapping[str, str] = {},  # read only
    *,
    limits: Limits = Limits(),  # noqa: B008 - immutable
    allow_local: bool = False,
    resolve: Resolver = gethostbyname,
) -> Exchange:
    """POST ``body`` to ``url`` as the portal's ``HttpClient`` does, following its redirects."""
    import httpx

    data = body.encode("utf-8") if isinstance(body, str) else body
    timeout = httpx.Timeout(connect=limits.connect, read=limits.read, write=limits.read, pool=None)
    hops: list[Hop] = []
    method, current = "POST", url

    def ended(status: int | None, content: bytes, failure: Failure | None, cut: bool) -> Exchange:
        return Exchange(tuple(hops), status, content, failure, time.perf_counter() - started, cut)

    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for name in list(client.headers):  # httpx's own User-Agent, Accept-Encoding, ...
            del client.headers[name]
        started = time.perf_counter()  # the calls' time: name look-ups, connecting, answers
        while True:
            target = _target(current, allow_local, resolve)
            if isinstance(target, Failure):  # refused before anything is sent
                hops.append(Hop(method, current, None, 0.0))
                return ended(None, b"", target, False)
            extensions = {} if target.sni is None else {"sni_hostname": target.sni}
            request = client.build_request(
                method,
                target.url,
                content=data,
                headers=_headers(method, target, len(data), headers),
                extensions=extensions,
            )
            hop_started = time.perf_counter()
            try:
                response, content, cut = _exchange(client, request)
            except httpx.HTTPError as error:
                hops.append(Hop(method, current, None, time.perf_counter() - hop_started))
                return ended(None, b"", _network_failure(error, limits), False)
            location = response.headers.get("Location", "")
            seconds = time.perf_counter() - hop_started
            if location == "" or cut:
                hops.append(Hop(method, current, response.status_code, seconds))
                return ended(response.status_code, content, None, cut)
            hops.append(Hop(method, current, response.status_code, seconds, location))
            if len(hops) > REDIRECT_MAX:
                message = (
                    f"Maximum number of redirects ({REDIRECT_MAX}) has been reached at URL {url}"
                )
                return ended(None, b"", Failure("REDIRECT", message), False)
            current = urljoin(current, location)
            if response.status_code in (302, 303):
                method = "GET"


def _exchange(client: httpx.Client, request: httpx.Request) -> tuple[httpx.Response, bytes, bool]:
    """Send one request; the response, its body as the portal holds it (de-chunked, gzip
    inflated, nothing else decoded), and whether it was cut at ``BODY_MAX``."""
    response = client.send(request, stream=True)
    try:
        chunks: list[bytes] = []
        size, cut = 0, False
        for chunk in response.iter_raw():
            chunks.append(chunk)
            size += len(chunk)
            if size > BODY_MAX:
                cut = True
                break
        raw = b"".join(chunks)
    finally:
        response.close()
    if not cut and response.headers.get("Content-Encoding", "").strip().lower() == "gzip":
        # zlib.inflate with window 47 (gzip or zlib); what does not inflate is judged as it came
        with contextlib.suppress(zlib.error):
            raw = zlib.decompress(raw, 47)
    return response, raw, cut


def _network_failure(error: Exception, limits: Limits) -> Failure:
    """A network error in the probe's words, with the portal's error key ``NETWORK``."""
    import httpx

    if isinstance(error, httpx.ConnectTimeout):
        shortened = limits.connect < CONNECT_TIMEOUT
        said = f"could not connect within {_seconds(limits.connect)}"
        return Failure("NETWORK", said + _sooner(shortened, "250 s to connect"), shortened)
    if isinstance(error, (httpx.ReadTimeout, httpx.WriteTimeout)):
        shortened = limits.read < READ_TIMEOUT
        said = f"nothing received for {_seconds(limits.read)} (read timeout)"
        return Failure("NETWORK", said + _sooner(shortened, "60 s for each read"), shortened)
    detail = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectError):
        return Failure("NETWORK", f"could not connect: {detail}")
    if isinstance(error, httpx.RemoteProtocolError):
        return Failure("NETWORK", f"the server broke the HTTP exchange: {detail}")
    return Failure("NETWORK", f"{type(error).__name__}: {detail}")


def _sooner(shortened: bool, portal: str) -> str:
    if not shortened:
        return ""
    return f"; --timeout is shorter than the portal's {portal}: the portal may still get an answer"


def _seconds(value: float) -> str:
    """>>> _seconds(250.0), _seconds(0.5)
    ('250 s', '0.5 s')
    """
    return f"{value:g} s"
