"""An urlData answer is a JSON list: row 0 the column codes, then one list per row.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::getFirstNData()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 293-302). The preview decodes the body
with ``json_decode($body, true)`` (``main/lib/web/json.php``,
https://www.php.net/manual/en/function.json-decode.php), so a JSON object is a PHP array too:
``array_shift`` takes its first member as the header and ``array_combine`` pairs each other member
with it, whatever the keys say. ``{"columns": [...], "rows": [[...], ...]}`` is then a header and
one "row" that is the whole list of rows (which crashes the preview, ``answer-data-rows``, unless it
happens to be as long as the header); ``{"data": [[...], ...]}`` is a header that is a list of lists
and no rows: an empty preview. BI Builder forwards the body as it is
(``biconnector/lib/services/microsoftpowerbi.php``, lines 103-110). All targets.

Pass: ``[["ID", "TITLE"], [1, "First"]]``
Fail: ``{"columns": ["ID", "TITLE"], "rows": [[1, "First"]]}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint.answer_links import URLDATA
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="answer-data-shape",
    codes={
        "BL740": Code(
            'the answer is a JSON object, not a list: the dataset preview takes its first member "{first}" '
            "as the header row and pairs each other member with it as a row, by position",
            False,
            Severity.WARNING,
        ),
    },
    methods=frozenset({URLDATA}),
    stage=Stage.ADVISORY,
    summary="urlData: the answer is a JSON list of rows, not an object",
)


def check(request: Request) -> Iterator[Finding]:
    value = request.params
    if isinstance(value, dict) and value:
        first = next(iter(value))
        yield Finding((first,), "BL740", {"first": first}, part=Part.KEY)
