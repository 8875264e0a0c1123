"""A row of an urlData answer is a list of values in header order, not a JSON object.

Source: ``Rest::getFirstNData()`` (``biconnector/lib/ExternalSource/Source/Rest.php``, line 301),
PHP 8.2: ``array_combine($columns, $row)``
(https://www.php.net/manual/en/function.array-combine.php) takes the row's values in their order and
never looks at its keys, so ``{"TITLE": "x", "ID": 1}`` under the header ``["ID", "TITLE"]`` puts
``"x"`` in ``ID``. The preview shows no message; BI Builder forwards the object as it is
(``MicrosoftPowerBI::printQuery()``, ``biconnector/lib/services/microsoftpowerbi.php``, lines
103-110). A warning at the first such row, with their count; it says when that row's keys are not
the header's codes in order. All targets.

Pass: ``[["ID", "TITLE"], [1, "First"]]``
Fail: ``[["ID", "TITLE"], {"TITLE": "First", "ID": 1}]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import data_answer
from bicon_lint.answer_links import URLDATA
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="answer-data-row-objects",
    codes={
        "BL748": Code(
            "row {row} is a JSON object{more}: the dataset preview ignores its keys and pairs its "
            "values with the header's columns by position{order}",
            False,
            Severity.WARNING,
        ),
    },
    methods=frozenset({URLDATA}),
    stage=Stage.ADVISORY,
    summary="urlData: rows are lists, not objects",
)


def check(request: Request) -> Iterator[Finding]:
    scan = data_answer.scan(request)
    if scan is None or scan.objects is None:
        return
    tally = scan.objects
    args = {**tally.args, "more": data_answer.more(tally.count)}
    yield Finding(tally.loc, "BL748", args)
