"""The connector's endpoint URLs as the portal's HTTP client reads them; never a DNS look-up.

Bitrix's ``HttpClient`` (``main/lib/web/httpclient.php``, ``checkRequest``: lines 910-944), called
by ``Rest::query()`` (``biconnector/lib/ExternalSource/Source/Rest.php:334-355``), accepts only
``http`` and ``https`` ("Only http and https shemes are supported."), needs a host ("Incorrect host
in URI."), sends a URL's ``user:password@`` as an ``Authorization: Basic`` header, and unless the
portal's option ``biconnector/allow_local_connections`` is ``Y`` resolves the host and refuses
private addresses (``PRIVATE_IP`` "Resolved IP is incorrect or private"). Only what the URL's text
says is judged: IP literals (in every form a resolver accepts: ``127.1``, ``0x7f.0.0.1``,
``2130706433``, ``[::ffff:127.0.0.1]``) and names that can only resolve on a private network.
"""

import ipaddress
import re
from functools import lru_cache
from typing import Any, Final, NamedTuple
from urllib.parse import urlsplit

ENDPOINTS: Final = ("urlCheck", "urlData", "urlTableList", "urlTableDescription")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Each range with why the portal cannot call it (main/lib/web/ipaddress.php isPrivate());
# first match wins.
_RANGES: Final = tuple(
    (ipaddress.ip_network(network), why)
    for network, why in (
        ("127.0.0.0/8", "a loopback address"),
        ("::1/128", "the loopback address"),
        ("0.0.0.0/8", "an unspecified address"),
        ("::/128", "the unspecified address"),
        ("10.0.0.0/8", "a private address (RFC 1918)"),
        ("172.16.0.0/12", "a private address (RFC 1918)"),
        ("192.168.0.0/16", "a private address (RFC 1918)"),
        ("100.64.0.0/10", "a carrier-grade NAT address (RFC 6598, not reachable from outside)"),
        ("fc00::/7", "a unique local address (RFC 4193)"),
        ("169.254.0.0/16", "a link-local address"),
        ("fe80::/10", "a link-local address"),
        ("224.0.0.0/4", "a multicast address"),
        ("ff00::/8", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
    )
)
_IPV4_PART: Final = re.compile(r"0[xX][0-9a-fA-F]*|[0-9]+")


# The common endpoint, http(s)://host[:port][/path?query#fragment] in printable ASCII without "@"
# or "[": split by one regex, with the result urlsplit gives (tests/test_fast_paths.py checks).
_PLAIN_URL: Final = re.compile(
    r"(?P<scheme>https?)://(?P<netloc>(?P<host>[A-Za-z0-9._-]+)(?::[0-9]*)?)(?:[/?#][!-?A-Z\\^-~]*)?"
)


class Url(NamedTuple):
    """What the portal's HTTP client reads from a URL (``urlsplit`` semantics)."""

    scheme: str  # lower-case
    netloc: str
    hostname: str | None  # lower-case, without brackets; None when empty
    username: str | None


def split(url: str) -> Url | None:
    """``urlsplit``, or ``None`` for a URL it rejects (an unclosed ``[``).

    >>> split("https://Api.Example.com:8443/check?x=1")
    Url(scheme='https', netloc='Api.Example.com:8443', hostname='api.example.com', username=None)
    >>> split("http://[::1/"), split("ftp://u@h/").username
    (None, 'u')
    """
    return split_shaped(url)[0]


def split_shaped(url: str) -> tuple[Url | None, bool]:
    """``split(url)``, and whether ``url`` has the common shape (``_PLAIN_URL``); remembered for
    URLs of ordinary length (the files of a repository tend to name the same few services)."""
    return _split_remembered(url) if len(url) <= _REMEMBERED_LENGTH else _split_url(url)


_REMEMBERED_LENGTH: Final = 2048


def _split_url(url: str) -> tuple[Url | None, bool]:
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:
        scheme, netloc, host = plain.group("scheme", "netloc", "host")
        return Url(scheme, netloc, host.lower(), None), True
    try:
        parts = urlsplit(url)
    except ValueError:
        return None, False
    return Url(parts.scheme, parts.netloc, parts.hostname, parts.username), False


_split_remembered = lru_cache(maxsize=4096)(_split_url)


class Endpoint(NamedTuple):
    field: str
    value: str
    url: Url | None  # None: urlsplit rejects it
    # The common shape (``_PLAIN_URL``): http or https, a host, no whitespace, no "@" anywhere, so
    # no credentials: the endpoint rules have nothing to say but "plain http".
    plain: bool = False


def given(fields: dict[Any, Any] | None) -> list[Endpoint]:
    """The endpoint fields present as non-empty strings, in ``ENDPOINTS`` order, each split."""
    if not fields:
        return []
    return [
        Endpoint(name, value, *split_shaped(value))
        for name in ENDPOINTS
        if isinstance(value := fields.get(name), str) and value
    ]


def ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The WHATWG URL IPv4 parser (and ``inet_aton``): 1 to 4 parts, each decimal, octal or hex,
    the last filling the remaining bytes.

    >>> [str(ipv4(h)) for h in ("127.1", "0x7f.0.0.1", "2130706433", "0177.0.0.1", "10.0.0.1.")]
    ['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1', '10.0.0.1']
    >>> ipv4("example.com"), ipv4("1.2.3.4.5"), ipv4("256.1.1.1")
    (None, None, None)
    """
    parts = host.removesuffix(".").split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.fullmatch(part) for part in parts):
        return None
    numbers = [_number(part) for part in parts]
    if any(number > 255 for number in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(parts)):
        return None
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    return int(part, 8) if len(part) > 1 and part.startswith("0") else int(part)


def address(host: str) -> IPAddress | None:
    """The IP address a host names literally (IPv4-mapped IPv6 as its IPv4), else ``None``."""
    if ":" in host:
        try:
            found = ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
        return found.ipv4_mapped or found
    try:
        return ipv4(host)
    except ValueError:  # an octal part with 8 or 9
        return None


def shown_host(host: str) -> str:
    """A host as quoted in a message: a DNS name has at most 253 characters, so anything longer is
    cut (a multi-megabyte ``urlData`` must not become a multi-megabyte output line).

    >>> shown_host("example.com"), len(shown_host("a" * 5000))
    ('example.com', 253)
    """
    return host if len(host) <= 253 else host[:252] + "…"


@lru_cache(maxsize=1024)
def local_reason(host: str) -> str | None:
    """Why the portal will not call ``host`` (lower-case, without brackets), or ``None``.

    >>> [local_reason(h) for h in ("localhost", "api.localhost", "nas.local", "db.internal")]
    ['"localhost" is this machine', '"api.localhost" is this machine', '"nas.local" is a .local (mDNS) name of a local network', '"db.internal" is under .internal, reserved for private networks']
    >>> local_reason("172.18.0.2"), local_reason("::ffff:127.0.0.1"), local_reason("example.com")
    ('172.18.0.2 is a private address (RFC 1918)', '127.0.0.1 is a loopback address', None)
    >>> local_reason("connector")
    '"connector" is a single-label name, which resolves only inside a private network'
    """
    name = host.removesuffix(".")
    host = shown_host(host)
    if name == "localhost" or name.endswith(".localhost"):
        return f'"{host}" is this machine'
    if name.endswith(".local"):
        return f'"{host}" is a .local (mDNS) name of a local network'
    if name == "internal" or name.endswith(".internal"):
        return f'"{host}" is under .internal, reserved for private networks'
    found = address(name)
    if found is None:
        single = "." not in name and ":" not in name and name != ""
        return (
            f'"{host}" is a single-label name, which resolves only inside a private network'
            if single
            else None
        )
    return next((f"{found} is {why}" for network, why in _RANGES if found in network), None)
