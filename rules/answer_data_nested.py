"""A value in an urlData answer is one scalar: no JSON array or object in a cell.

Source: in a ``date`` or ``datetime`` column the preview calls
``TypeConverter::convertToDate(?string $value, …)`` / ``convertToDateTime``
(``biconnector/lib/ExternalSource/TypeConverter.php``, lines 100, 144, from
``biconnector/lib/controller/externalsource/datasetviewer.php``, lines 332, 355), which refuse an
array with a ``TypeError``, an ``\\Error`` nothing catches: the preview shows PHP's raw message
(error, in the first 20 rows the preview reads). Elsewhere an array becomes ``"Array"`` (with a PHP
warning) in a string column and 0 or 1 in a number column (warning, the first per column, with the
count of the others); BI Builder forwards it as it is
(``biconnector/lib/services/microsoftpowerbi.php``, lines 103-110). Column types as for
``answer-data-dates``. All targets.

Pass: ``[["ID", "TAGS"], [1, "a,b"]]``   Fail: ``[["ID", "TAGS"], [1, ["a", "b"]]]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import data_answer
from bicon_lint.answer_links import URLDATA
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="answer-data-nested",
    codes={
        "BL755": Code(
            '{kind} column "{code}" holds a JSON {json}: the dataset preview fails with '
            "TypeError: TypeConverter::{method}(): Argument #1 ($value) must be of type ?string, "
            "array given",
            False,
        ),
        "BL756": Code(
            "column {column} holds a JSON {json}{more}: the dataset preview shows it as "
            '"Array", 0 or 1; a value is one string, number, boolean or null',
            False,
            Severity.WARNING,
        ),
    },
    methods=frozenset({URLDATA}),
    stage=Stage.ADVISORY,
    summary="urlData: one scalar per cell",
)
_METHOD = {"date": "convertToDate", "datetime": "convertToDateTime"}


def check(request: Request) -> Iterator[Finding]:
    scan = data_answer.scan(request)
    if scan is None:
        return
    _, typed = data_answer.typed_columns(request)
    for (problem, column), tally in scan.cells.items():
        if problem not in ("nested", "nested-crash"):
            continue
        json = tally.args["json"]
        if problem == "nested-crash":
            kind, code = typed[column]
            crash = {"kind": kind, "code": code, "json": json, "method": _METHOD[kind]}
            yield Finding(tally.loc, "BL755", crash)
        else:
            more = data_answer.more(tally.count)
            args: dict[str, object] = {"column": column, "json": json, "more": more}
            yield Finding(tally.loc, "BL756", args)
