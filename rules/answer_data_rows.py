"""Every row of an urlData answer is a list exactly as long as the header.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::getFirstNData()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 298-302): ``array_combine($columns,
$row)`` (https://www.php.net/manual/en/function.array-combine.php) for each of the first 20 rows
(``biconnector/lib/ExternalSource/Viewer/Provider/Rest.php``, line 12). A row shorter or longer than
the header throws ``ValueError``, a row that is no array (a number, a string, ``null``)
``TypeError``: ``\\Error``s that nothing catches
(``biconnector/lib/controller/externalsource/dataset.php``, lines 550-559, 875-884 catch
``\\Exception``), so the dataset preview and the fields sync show PHP's raw message (error, each
such row). Rows after the 20th are not read by the preview; BI Builder forwards them as they are
(``biconnector/lib/services/microsoftpowerbi.php``, lines 103-110) to a reader the portal code does
not show: a warning at the first of them, with their count. For an answer to BI Builder (its
recorded request has ``select``) every such row is a warning. All targets.

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
