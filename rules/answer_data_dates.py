"""Dates and datetimes in an urlData answer are ``YYYY-MM-DD`` and ``YYYY-MM-DD HH:MM:SS``.

Source: the preview reads a ``date`` / ``datetime`` column with
``DateTime::createFromFormat($format, $value)``
(https://www.php.net/manual/en/datetime.createfromformat.php) and shows the value blank on any error
or warning (``TypeConverter::convertToDate()`` / ``convertToDateTime()``,
``biconnector/lib/ExternalSource/TypeConverter.php``, lines 100-161;
``biconnector/lib/controller/externalsource/datasetviewer.php``, lines 323-368), ``$format`` being
the dataset's setting, one of 12 (``biconnector/lib/ExternalSource/Const/Date.php``,
``biconnector/lib/ExternalSource/Const/DateTime.php``), ``Y-m-d`` / ``Y-m-d H:i:s`` by default
(``biconnector/lib/controller/externalsource/dataset.php``, lines 839-855). None reads ISO 8601
(``T``, fractional seconds, ``Z``, an offset), a date in a datetime column or a datetime in a date
column, an impossible date (``2023-02-29``) or hour (``24:00:00``): blank whatever the dataset's
format (BL750). A value that only a format other than the default reads (``05.01.2024``) is blank
unless the dataset is set to that format (BL751). BI Builder's other sources send ``YYYY-MM-DD`` and
``YYYY-MM-DD HH:MM:SS`` (``MicrosoftPowerBI::$dateFormats``,
``biconnector/lib/services/microsoftpowerbi.php``, lines 15-20). ``null`` and ``""`` are not
reported (blank is what they mean). Column types come from the table's ``table.add`` /
``dataset.add`` payload or urlTableDescription answer in the same run (``answer_links``); on 2025-04
a description's type counts only in upper case (``DATE``, ``DATETIME``). Warnings, the first value
per column, with the count of the others.

Pass: ``"2026-08-01"``, ``"2026-08-01 09:30:00"``   Fail: ``"2026-08-01T09:30:00Z"``, ``"01.08.2026"``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import data_answer
from bicon_lint.answer_links import URLDATA
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

_W = Severity.WARNING
SPEC = RuleSpec(
    name="answer-data-dates",
    codes={
        "BL750": Code(
            '{kind} column "{code}": {value} is read by no dataset {kind} format{more}: the '
            "dataset preview shows it blank; write {example}",
            False,
            _W,
        ),
        "BL751": Code(
            '{kind} column "{code}": {value} is read only with the dataset {kind} format '
            "{formats}{more}, not with the default {default}: the dataset preview shows it blank "
            "unless the dataset is set so; BI Builder's other sources send {example}",
            False,
            _W,
        ),
    },
    methods=frozenset({URLDATA}),
    stage=Stage.ADVISORY,
    summary="urlData: dates as YYYY-MM-DD, datetimes as YYYY-MM-DD HH:MM:SS",
)
_CODES = {"date-blank": "BL750", "datetime-blank": "BL750"}
_EXAMPLE = {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DD HH:MM:SS"}


def check(request: Request) -> Iterator[Finding]:
    scan = data_answer.scan(request)
    if scan is None:
        return
    _, typed = data_answer.typed_columns(request)
    for (problem, column), tally in scan.cells.items():
        kind = problem.split("-")[0]
        if kind not in _EXAMPLE:
            continue
        args = {
            **tally.args,
            "kind": kind,
            "code": typed[column][1],
            "value": data_answer.shown(tally.args["value"]),
            "more": data_answer.more(tally.count),
            "example": _EXAMPLE[kind],
        }
        yield Finding(tally.loc, _CODES.get(problem, "BL751"), args)
