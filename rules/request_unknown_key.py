"""A recorded request may hold only the keys the portal sends to that endpoint.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest``
(``biconnector/lib/ExternalSource/Source/Rest.php``): urlCheck gets ``connection`` (``connect()``,
lines 107-122), urlTableList ``searchString`` and ``connection`` (``getEntityList()``, lines
152-154), urlTableDescription ``table`` and ``connection`` (``getDescription()``, lines 208-210),
urlData ``select``, ``filter``, ``limit`` (``array_intersect_key`` in ``getData()``, line 261:
``timezone`` is dropped), ``connection``, ``table`` and, since 2026-01, ``mapFields`` (lines
262-265). Nothing else is ever sent. The connectors overview page of the REST docs of 2025-05-28 …
2026-05-19 named urlTableDescription's key ``name``: it is ``table``. Settings arrive inside
``connection[...]``, never as top-level keys.

Pass: ``table=deals&connection%5Blogin%5D=user`` (urlTableDescription)
Fail: ``name=deals`` (urlTableDescription), ``login=user`` (urlCheck)
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import recorded
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage
from bicon_lint.portal_request import MAP_FIELDS_SINCE

SPEC = RuleSpec(
    name="request-unknown-key",
    codes={"BL781": Code('the portal never sends "{key}" to {endpoint}: {reason}', server=False)},
    methods=recorded.RECORDED,
    stage=Stage.ADVISORY,
    summary="recorded requests: only the keys the portal sends to the endpoint",
)


def _reason(request: Request, endpoint: str, key: str) -> str | None:
    sent = recorded.SENT[endpoint]
    if key == "mapFields" and endpoint == "urlData":
        if request.target >= MAP_FIELDS_SINCE:
            return None
        return "it is sent only since 2026-01 (Rest.php:264-265)"
    if key in sent:
        return None
    if key == "name" and endpoint == "urlTableDescription":
        return (
            'the table code arrives as "table" (the docs of 2025-05-28 to 2026-05-19 said "name")'
        )
    if key == "timezone":
        return "the portal drops it before sending (array_intersect_key, Rest.php:261)"
    others = [name for name, keys in recorded.SENT.items() if key in keys]
    if others:
        return f"only {' and '.join(others)} receive{'s' if len(others) == 1 else ''} it"
    if "connection" not in recorded.fields(request) and key not in recorded.PORTAL_KEYS:
        return f"settings arrive as connection[{key}], never as top-level keys"
    return f"it sends only {', '.join(sent)}"


def check(request: Request) -> Iterator[Finding]:
    endpoint = recorded.endpoint(request)
    for key in recorded.fields(request):
        reason = _reason(request, endpoint, str(key))
        if reason is not None:
            args = {"key": key, "endpoint": endpoint, "reason": reason}
            yield Finding((key,), "BL781", args, Part.KEY)
