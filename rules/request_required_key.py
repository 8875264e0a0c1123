"""A recorded request must hold the keys the portal always sends to that endpoint.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest``
(``biconnector/lib/ExternalSource/Source/Rest.php``): urlTableList always gets ``searchString`` (the
picker's query, a string even when empty: ``ExternalTableProvider::doSearch()``,
``biconnector/lib/integration/ui/entityselector/externaltableprovider.php``, lines 43-51; ``''`` is
sent as ``searchString=``), urlTableDescription ``table`` (``getDescription()``, lines 208-210),
urlData ``table`` (``getData()``, line 263) and ``limit`` (20 in the preview,
``biconnector/lib/ExternalSource/Viewer/Provider/Rest.php``, lines 12, 56; the BI client's limit in
a BI Builder query, ``biconnector/lib/ExternalSource/Dataset/Connector/Rest.php``, line 46). The
connectors overview page of the REST docs says ``limit`` does not arrive in every request: it does.
``connection`` is not required: a source without stored settings sends none.

Pass: ``limit=20&table=deals`` (urlData)
Fail: ``table=deals`` (urlData: no ``limit``)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from bicon_lint import recorded
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage

REQUIRED: Final = {
    "urlTableList": ("searchString",),
    "urlTableDescription": ("table",),
    "urlData": ("limit", "table"),
}

SPEC = RuleSpec(
    name="request-required-key",
    codes={
        "BL782": Code(
            'no "{key}": the portal sends it with every {endpoint} request, so a handler test '
            "without it tests a request that never comes",
            server=False,
        )
    },
    methods=recorded.RECORDED,
    stage=Stage.ADVISORY,
    summary="recorded requests: the keys the portal always sends",
)


def check(request: Request) -> Iterator[Finding]:
    endpoint = recorded.endpoint(request)
    given = recorded.fields(request)
    for key in REQUIRED.get(endpoint, ()):
        if key not in given:
            yield Finding((), "BL782", {"key": key, "endpoint": endpoint}, Part.KEY)
