"""A recorded request must be a form body: the portal never posts JSON to an endpoint.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::query()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 334-355) calls ``HttpClient::post($url,
$data)`` with a PHP array, which ``main/lib/web/httpclient.php`` (lines 296-299) turns into a
``FormStream`` (``main/lib/web/http/formstream.php``, lines 15-18:
``http_build_query($data, '', '&')``) sent as ``application/x-www-form-urlencoded``
(``httpclient.php``, lines 864-876). The connectors overview page of the REST docs showed JSON
bodies (``{"connection": {...}, "name": ...}``) until 2026-08-20; a handler that reads
``php://input`` as JSON, or a framework's JSON body, gets nothing from the portal. Checked: a
recorded body text that is a JSON object, and a recorded ``Content-Type`` header naming JSON.

Pass: ``{"endpoint": "urlCheck", "request": "connection%5Blogin%5D=user"}``
Fail: ``{"endpoint": "urlCheck", "request": "{\\"connection\\": {\\"login\\": \\"user\\"}}"}``
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bicon_lint import recorded
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="request-json-body",
    codes={
        "BL780": Code(
            "{what}: the portal never posts JSON; every endpoint receives a form body "
            "(application/x-www-form-urlencoded, http_build_query): read it as $_POST",
            server=False,
        )
    },
    methods=recorded.RECORDED,
    stage=Stage.ADVISORY,
    summary="recorded requests: a form body, never JSON",
)


def check(request: Request) -> Iterator[Finding]:
    if request.encoding == "json" and "raw" in request.envelope:
        yield Finding((), "BL780", {"what": "the recorded body is a JSON object"})
    headers = request.envelope.get("headers")
    if isinstance(headers, Mapping):
        for name, value in headers.items():
            if str(name).lower() == "content-type" and "json" in str(value).lower():
                what = f"the recorded Content-Type is {value}"
                yield Finding(("headers", name), "BL780", {"what": what}, Part.VALUE, root=True)
