"""A recorded request's ``"endpoint"`` must name one of the four endpoints.

Source: the portal calls ``urlCheck``, ``urlTableList``, ``urlTableDescription`` and ``urlData``
(``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest``: ``connect()``, ``getEntityList()``,
``getDescription()``, ``getData()``, ``biconnector/lib/ExternalSource/Source/Rest.php``, lines
96-268), nothing else. The name is read in any case, with or without ``url`` (``data``,
``urldata``); anything else cannot be checked, and the error suggests the closest name.

Pass: ``{"endpoint": "urlData", "request": "limit=20&table=deals"}``
Fail: ``{"endpoint": "urlDat", "request": "limit=20&table=deals"}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import recorded
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="request-endpoint",
    codes={"BL794": Code("{problem}; the request is not checked", server=False)},
    methods=frozenset({recorded.UNKNOWN_ENDPOINT}),
    stage=Stage.ADVISORY,
    summary="recorded requests: the endpoint is one of the four",
)


def check(request: Request) -> Iterator[Finding]:
    problem = request.envelope.get("problem")
    if problem is not None:
        yield Finding(("endpoint",), "BL794", {"problem": problem}, root=True)
