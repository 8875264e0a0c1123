"""The four endpoints (``urlCheck``, ``urlData``, ``urlTableList``, ``urlTableDescription``) must be
absolute ``https`` URLs without credentials.

Source: the portal calls each endpoint from its own servers
(``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::query()``,
``biconnector/lib/ExternalSource/Source/Rest.php``, lines 334-355) with ``HttpClient::post($url,
...)``, whose ``checkRequest()`` refuses any scheme but ``http``/``https`` ("Only http and https
shemes are supported.") and a URL without a host ("Incorrect host in URI.")
(``main/lib/web/httpclient.php``, lines 910-925): a relative URL such as ``/?action=check`` or
``example.com/check`` is never called, and ``source.add`` answers
``SOURCE_CREATE_CONNECTION_ERROR``. Leading or trailing whitespace breaks the URL the same way.
Plain ``http`` works but is a warning: every call posts the source's settings, usually credentials,
as ``connection[<code>]`` form fields in the request body (``Rest::fillConnectionSettings()``,
``Rest.php`` lines 442-454), unencrypted. A ``user:password@`` in the URL is sent as
``Authorization: Basic`` (``HttpClient::buildRequest()``, ``httpclient.php`` lines 849-851), stored
in the connector for every admin and app to read (``connector.get``), and committed with the
payload: an error, shown masked. The server itself checks only that each is a string
(``Bitrix\\BIConnector\\Rest\\Base::validateFields()``, ``biconnector/lib/Rest/Base.php``) of at
most 2048 characters (``LengthValidator(null, 2048)``,
``biconnector/lib/ExternalSource/Internal/ExternalSourceRestConnectorTable.php``).

Pass: ``"urlCheck": "https://connector.example.com/check"``
Fail: ``"urlCheck": "/?action=check"``, ``"urlData": "http://example.com/data"`` (a warning)
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, endpoints, redact
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="endpoint-url",
    codes={
        "BL310": Code(
            '{field} "{shown}" is not an absolute https URL: {reason}; the portal never calls it',
            server=False,
        ),
        "BL311": Code(
            "{field} uses plain http: each call posts the source's settings (connection[...] "
            "form fields, usually credentials) unencrypted; use https",
            server=False,
            severity=Severity.WARNING,
        ),
        "BL313": Code(
            "{field} carries credentials in the URL ({shown}): they are stored in the connector "
            "for anyone who can read it and committed with this file; declare them as settings",
            server=False,
        ),
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.ADVISORY,
    summary="endpoints: absolute https URLs (http warns), no user:password@",
)


def check(request: Request) -> Iterator[Finding]:
    for endpoint in access.endpoint_urls(request):
        field, value, parts = endpoint.field, endpoint.value, endpoint.url
        loc = ("fields", field)
        if endpoint.plain and parts is not None:  # absolute, no whitespace, no credentials
            if parts.scheme == "http":
                yield Finding(loc, "BL311", {"field": field})
            continue
        reason = _problem(value, parts)
        if reason or parts is None:
            shown = redact.display(value)
            yield Finding(loc, "BL310", {"field": field, "shown": shown, "reason": reason})
            continue
        credentials = redact.url_credentials(value)
        if credentials or parts.username is not None:
            shown = credentials or f"{parts.scheme}://{redact.mask(parts.username or '')}@"
            yield Finding(loc, "BL313", {"field": field, "shown": shown})
        if parts.scheme == "http":
            yield Finding(loc, "BL311", {"field": field})


def _problem(value: str, parts: endpoints.Url | None) -> str:
    if value != value.strip():
        return "it has leading or trailing whitespace"
    if parts is None:
        return "it is not a valid URL"
    if not parts.scheme or not parts.netloc:
        return "a relative URL has no host for the portal's HTTP client to call"
    if parts.scheme not in ("http", "https"):
        return f'the portal calls only http and https URLs, not "{parts.scheme}:"'
    return "" if parts.hostname else "it has no host"
