"""Numbers in an urlData answer are JSON numbers (``int``, ``double``, ``money`` columns).

Source: the preview converts by the column's type (``DatasetViewer::convertData()``,
``biconnector/lib/controller/externalsource/datasetviewer.php``, lines 312-376;
``Bitrix\\BIConnector\\ExternalSource\\TypeConverter``,
``biconnector/lib/ExternalSource/TypeConverter.php``): ``int`` is ``(int)$v``
(https://www.php.net/manual/en/language.types.integer.php; ``"12.7"`` and ``12.7`` → 12, ``"abc"`` →
0, ``true`` → 1, ``PHP_INT_MAX`` → null, ``convertToInt()``, lines 15-25); ``double`` is
``(double)`` after the dataset's delimiter (``.`` by default) becomes ``.`` (``"12,5"`` → 12,
``convertToDouble()``, lines 37-52, 213-221); ``money`` drops every character but digits, ``-`` and
the delimiter, then shows 2 decimals (``"$1,234.50"`` → 1234.50, ``convertToMoney()``, lines
190-211), while BI Builder receives the text as it is for what its schema calls a double column
(``biconnector/lib/services/microsoftpowerbi.php``, lines 103-110). The connectors overview page of
the REST docs describes that ``money`` clean-up without saying that only the preview makes it. A
numeric string the cast keeps (``"12"``, ``"1e3"``) is fine; ``null`` and ``""`` are not reported.
``int`` and ``double`` are checked where the preview reads the answer (not for an answer to BI
Builder, whose reader the portal code does not show); ``money`` always. Column types as for
``answer-data-dates``. Warnings, the first value per column, with the count of the others.

Pass: ``12``, ``"12"``, ``12.5`` (double)   Fail: ``"12.7"`` (int), ``"12,5"`` (double), ``"$5"`` (money)
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import data_answer
from bicon_lint.answer_links import URLDATA
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

_W = Severity.WARNING
SPEC = RuleSpec(
    name="answer-data-numbers",
    codes={
        "BL752": Code(
            'int column "{code}": {value} becomes {shown} in the dataset preview{more}', False, _W
        ),
        "BL753": Code(
            'double column "{code}": {value} becomes {shown} in the dataset preview{comma}{more}',
            False,
            _W,
        ),
        "BL754": Code(
            'money column "{code}": {value} becomes {shown} in the dataset preview, and BI '
            "Builder receives it as it is for a double column{more}",
            False,
            _W,
        ),
    },
    methods=frozenset({URLDATA}),
    stage=Stage.ADVISORY,
    summary="urlData: int, double and money values as JSON numbers",
)
_CODES = {"int": "BL752", "double": "BL753", "money": "BL754"}


def check(request: Request) -> Iterator[Finding]:
    scan = data_answer.scan(request)
    if scan is None:
        return
    _, typed = data_answer.typed_columns(request)
    for (problem, column), tally in scan.cells.items():
        if problem in _CODES:
            args = {
                **tally.args,
                "code": typed[column][1],
                "value": data_answer.shown(tally.args["value"]),
                "more": data_answer.more(tally.count),
            }
            yield Finding(tally.loc, _CODES[problem], args)
