"""An urlData answer has at most ``limit`` rows: the portal never cuts them.

Source: every urlData request carries ``limit`` (``Rest::getData()``,
``biconnector/lib/ExternalSource/Source/Rest.php``, lines 249-268): 20 for the preview
(``biconnector/lib/ExternalSource/Viewer/Provider/Rest.php``, lines 12, 56), BI Builder's own for a
query (``biconnector/lib/ExternalSource/Dataset/Connector/Rest.php``, line 46). BI Builder's
``MicrosoftPowerBI::printQuery()`` echoes the body unchanged and counts no rows for a REST dataset
(``biconnector/lib/services/microsoftpowerbi.php``, lines 103-110, 191-192): the license row limit
and ``limit`` are the connector's to honour. The preview keeps the first 20 rows
(``Rest::getFirstNData()``, ``Rest.php`` line 298) of whatever arrives. Checked when the answer's
envelope records the request (``"request": {"limit": "20", ...}``) with a ``limit`` of 1 or more (a
warning). All targets.

Pass: request ``limit=2``, answer ``[["ID"], [1], [2]]``
Fail: request ``limit=1``, answer ``[["ID"], [1], [2]]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answer_links, data_answer, php
from bicon_lint.answer_links import URLDATA
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="answer-data-limit",
    codes={
        "BL749": Code(
            "the answer has {rows:,} rows after the header, more than the request's limit={limit}: "
            "the portal does not cut them (BI Builder forwards every row)",
            False,
            Severity.WARNING,
        ),
    },
    methods=frozenset({URLDATA}),
    stage=Stage.ADVISORY,
    summary="urlData: no more rows than the request's limit",
)


def check(request: Request) -> Iterator[Finding]:
    limit = answer_links.recorded(request.envelope).get("limit")
    scan = data_answer.scan(request)
    if scan is None or not php.is_numeric(limit) or php.is_array(limit):
        return
    wanted = php.int_cast(limit)
    if 1 <= wanted < scan.rows:
        yield Finding((), "BL749", {"rows": scan.rows, "limit": php.to_string(limit)})
