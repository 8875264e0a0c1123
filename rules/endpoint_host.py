"""An endpoint's host must be reachable from the portal: not ``localhost``, not a private, loopback,
link-local or otherwise local address; and the four endpoints are best on one host.

Source: unless the portal's administrator sets the option ``biconnector/allow_local_connections
= 'Y'``, ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::query()`` runs the portal's
``HttpClient`` with ``setPrivateIp(false)`` (``biconnector/lib/ExternalSource/Source/Rest.php``,
lines 340-343): ``HttpClient::checkRequest()`` resolves the host (``IpAddress::createByUri()``,
``main/lib/web/ipaddress.php``, lines 44-47, 74-77) and refuses a private address (``PRIVATE_IP``
"Resolved IP is incorrect or private", ``main/lib/web/httpclient.php``, lines 935-944), so the
endpoint is never called and ``source.add`` answers ``SOURCE_CREATE_CONNECTION_ERROR``
(``biconnector/lib/Rest/Source.php``, lines 181-186). A cloud portal cannot reach such hosts at all.
Judged from the URL's text only, never with a DNS look-up: ``localhost`` and ``*.localhost``,
``*.local`` (mDNS), ``*.internal``, a single-label name (``connector``, a Docker service name), and
IP literals in every form a resolver accepts (``127.1``, ``2130706433``, ``[::ffff:127.0.0.1]``) in
loopback, unspecified, RFC 1918, carrier-grade NAT (100.64/10), unique local (fc00::/7), link-local
(169.254/16, fe80::/10, where cloud metadata services live), multicast or reserved ranges. Endpoints
on different hosts are an info: each call carries the source's settings, so every host receives the
credentials; a typo in one host sends them to a stranger.

Pass: ``"urlCheck": "https://connector.example.com/check"``
Fail: ``"urlCheck": "https://localhost/check"``, ``"urlData": "http://172.18.0.2/data"``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, endpoints
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="endpoint-host",
    codes={
        "BL312": Code(
            "{field}: {reason}; the portal refuses to call local and private addresses (unless "
            "its administrator sets allow_local_connections), so the connector is never called",
            server=False,
        ),
        "BL314": Code(
            '{field} is on host "{host}" but {first} on "{first_host}": every host receives the '
            "source's settings; check that both are yours",
            server=False,
            severity=Severity.INFO,
        ),
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.ADVISORY,
    summary="endpoints: no localhost/private hosts; all on one host (info)",
)


def check(request: Request) -> Iterator[Finding]:
    hosts: list[tuple[str, str]] = []
    for endpoint in access.endpoint_urls(request):
        field, parts = endpoint.field, endpoint.url
        if (
            parts is None
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or endpoint.value != endpoint.value.strip()
        ):
            continue
        reason = endpoints.local_reason(parts.hostname)
        if reason:
            yield Finding(("fields", field), "BL312", {"field": field, "reason": reason})
        host = parts.hostname.removesuffix(".")
        if hosts and host != hosts[0][1]:
            first, first_host = hosts[0]
            shown = endpoints.shown_host
            args = {
                "field": field,
                "host": shown(host),
                "first": first,
                "first_host": shown(first_host),
            }
            yield Finding(("fields", field), "BL314", args)
        hosts.append((field, host))
