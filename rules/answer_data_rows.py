"""Every row of an urlData answer is a list exactly as long as the header.

Source: SERVER-SPEC §7 (urlData); ENDPOINT-CONTRACT §6.3 (b) 4-5, §7, ``Rest::getFirstNData``
(``ExternalSource/Source/Rest.php:298-302``): ``array_combine($columns, $row)`` for each of the
first 20 rows (``Viewer/Provider/Rest.php:12``). A row shorter or longer than the header throws
``ValueError``, a row that is no array (a number, a string, ``null``) ``TypeError``: ``\\Error``s
that nothing catches (``dataset.php:550-559, 875-884`` catch ``\\Exception``), so the dataset
preview and the fields sync show PHP's raw message (error, each such row). Rows after the 20th are
not read by the preview; BI Builder forwards them as they are to a reader the portal code does
not show (§6.3 (a), §11.1): a warning at the first of them, with their count. For an answer to
BI Builder (its recorded request has ``select``) every such row is a warning. All targets.

Pass: ``[["ID", "TITLE"], [1, "First"], [2, null]]``
Fail: ``[["ID", "TITLE"], [1, "First"], [2]]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import data_answer
from bicon_lint.answer_links import URLDATA
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="answer-data-rows",
    codes={
        "BL746": Code("row {row} {problem}", False),
        "BL747": Code(
            "row {row} {detail}{more}, where the header has {width} columns: {where}; a row is a "
            "list of one value per header column",
            False,
            Severity.WARNING,
        ),
    },
    methods=frozenset({URLDATA}),
    stage=Stage.ADVISORY,
    summary="urlData: every row is a list as long as the header",
)


def check(request: Request) -> Iterator[Finding]:
    scan = data_answer.scan(request)
    if scan is None:
        return
    for loc, problem in scan.crashes:
        row = data_answer.row_label(loc[0])
        yield Finding(loc, "BL746", {"row": row, "problem": problem})
    later = scan.later
    if later is not None:
        where = (
            "the dataset preview reads only the first 20 rows, and BI Builder forwards every row "
            "as it is"
            if data_answer.paths(request).preview
            else "BI Builder forwards it as it is"
        )
        width = len(scan.header)
        args = {**later.args, "width": width, "more": data_answer.more(later.count)}
        yield Finding(later.loc, "BL747", {**args, "where": where})
