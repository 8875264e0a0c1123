"""The header of an urlData answer holds the external code of every column of the table.

Source: the preview reads each column of the table's description as ``$sourceRow[$column['CODE']]``
(``Bitrix\\BIConnector\\ExternalSource\\Viewer\\Provider\\Rest::getData()``,
``biconnector/lib/ExternalSource/Viewer/Provider/Rest.php``, lines 58-68): the description's
``code`` for a new dataset, the stored ``EXTERNAL_CODE`` for a saved one (lines 24-39). A code the
header lacks gives a PHP warning and ``null``: the column is empty in the preview (0 in an ``int``
column). Extra header columns are ignored, and the order is free. Compared when the run holds the
table's ``dataset.add`` / ``table.add`` payload (its ``externalCode`` is the answer's table) or its
urlTableDescription answer, and the answer's envelope names the table (``"table"``, or the recorded
request's ``table``: ``answer_links``). Codes compare as PHP array keys (``"5"`` is ``5``). A
warning at the header, per missing code.

Pass: columns ``id``, ``title`` and the header ``["title", "id", "extra"]``
Fail: columns ``id``, ``title`` and the header ``["id", "name"]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import data_answer, php
from bicon_lint.answer_links import URLDATA
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="answer-data-header-codes",
    codes={
        "BL760": Code(
            'the header has no column "{code}", a column of table "{table}" in {label}: the '
            "dataset preview shows that column empty",
            False,
            Severity.WARNING,
        ),
    },
    methods=frozenset({URLDATA}),
    stage=Stage.ADVISORY,
    summary="urlData: the header holds every column code of the table",
)


def check(request: Request) -> Iterator[Finding]:
    scan = data_answer.scan(request)
    if scan is None or scan.header_key is None or not php.is_array(scan.header):
        return
    columns, _ = data_answer.typed_columns(request)
    if columns is None:
        return
    present = set(data_answer.header_keys(scan.header))
    for column in columns.items:
        if column.key not in present:
            args = {"code": column.code, "table": columns.table, "label": columns.label}
            yield Finding((scan.header_key,), "BL760", args)
