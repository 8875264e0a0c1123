"""Row 0 of an urlData answer is the header: the list of the table's column codes.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::getFirstNData()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 296-302): ``$columns =
array_shift($rows)``, then ``array_combine($columns, $row)``
(https://www.php.net/manual/en/function.array-combine.php) for each of the first 20 rows. A header
that is no array (``["ID", "TITLE"]`` without the outer list makes row 0 the string ``"ID"``) throws
``TypeError`` at the first row, an ``\\Error`` nothing catches: the preview shows PHP's raw message
(error; ``main/lib/engine/controller.php``, lines 452-455, 1030-1033). With no row after it, or for
an answer to BI Builder (its recorded request has ``select``), nothing throws, and the preview shows
no data (warning). An empty list ``[]`` has no header at all: the preview is empty without a
message; BI Builder forwards ``[]`` as data (``MicrosoftPowerBI::printQuery()`` echoes a REST
dataset's body unchanged, ``biconnector/lib/services/microsoftpowerbi.php``, lines 103-110). All
targets.

Pass: ``[["ID", "TITLE"], [1, "First"]]``, ``[["ID", "TITLE"]]`` (a table without rows)
Fail: ``["ID", "TITLE"]``, ``[]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import data_answer
from bicon_lint.answer_links import URLDATA
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

_W = Severity.WARNING
SPEC = RuleSpec(
    name="answer-data-header",
    codes={
        "BL741": Code(
            "row 0 is {kind}, not the list of column codes: the dataset preview fails with "
            "TypeError: array_combine(): Argument #1 ($keys) must be of type array, {kind} given",
            False,
        ),
        "BL742": Code(
            "row 0 is {kind}, not the list of column codes: {effect}",
            False,
            _W,
        ),
        "BL743": Code(
            "the answer is empty, without the header row: the dataset preview shows no data, "
            'without a message; a table without rows is [["CODE", ...]]',
            False,
            _W,
        ),
    },
    methods=frozenset({URLDATA}),
    stage=Stage.ADVISORY,
    summary="urlData: row 0 is the list of column codes",
)


def check(request: Request) -> Iterator[Finding]:
    scan = data_answer.scan(request)
    if scan is None:
        return
    if scan.header_key is None:
        yield Finding((), "BL743")
        return
    header = scan.header
    if isinstance(header, (list, dict)):
        return
    kind = data_answer.php_type(header)
    if scan.rows and data_answer.paths(request).preview:
        yield Finding((scan.header_key,), "BL741", {"kind": kind})
        return
    effect = (
        "the dataset preview shows no data, without a message"
        if not scan.rows
        else "the dataset preview of this table fails with TypeError (array_combine)"
    )
    yield Finding((scan.header_key,), "BL742", {"kind": kind, "effect": effect})
