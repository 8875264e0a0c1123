"""A table's ``code`` is proposed as the dataset's name, which must match ``^[a-z][a-z0-9_]*$``.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::getEntityList()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, line 186: ``DATASET_NAME = $table['code']``,
handed to the picker as ``datasetName``, ``ExternalTableProvider::makeItem()``,
``biconnector/lib/integration/ui/entityselector/externaltableprovider.php``, lines 133-136) and
``ExternalDatasetTable::getMap()``
(``biconnector/lib/ExternalSource/Internal/ExternalDatasetTable.php``, lines 52, 104-117): a
dataset's ``NAME`` must match ``/^[a-z][a-z0-9_]*$/`` (PCRE: a final line break passes) and hold at
most 250 characters. A code such as ``Deals``, ``sales-2024`` or ``сделки`` is proposed as a name
the dataset cannot be saved under; the user must rename it. Which field the wizard fills with
``datasetName`` is decided in JavaScript that the public copy of the portal code does not contain
(inferred, not observed): a warning. Lower-case snake_case codes avoid it.

Pass: ``[{"code": "sales_2024", "title": "Sales 2024"}]``
Fail: ``[{"code": "Sales-2024", "title": "Sales 2024"}]``
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bicon_lint import answers, php
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="answer-table-dataset-name",
    codes={
        "BL715": Code(
            "urlTableList: {table}: its code {shown} is proposed as the dataset's name, which "
            "{problem}: the dataset cannot be saved under it until the name is changed",
            server=False,
            severity=Severity.WARNING,
        )
    },
    methods=frozenset({answers.URL_TABLE_LIST}),
    stage=Stage.ADVISORY,
    summary="urlTableList: codes that are valid dataset names (^[a-z][a-z0-9_]*$)",
    requires=answers.delivered,
)

NAME = re.compile(r"[a-z][a-z0-9_]*\n?\Z")  # ExternalDatasetTable::TABLE_NAME_REGEXP, as PCRE
MAX_LENGTH = 250  # LengthValidator(null, 250)


def check(request: Request) -> Iterator[Finding]:
    for key, item in answers.members(request):
        if not isinstance(item, dict) or php.is_array(code := item.get("code")) or php.empty(code):
            continue
        text = php.to_string(code)
        if not NAME.match(text):
            problem = "must match ^[a-z][a-z0-9_]*$"
        elif php.mb_strlen(text.rstrip("\n")) > MAX_LENGTH:
            problem = f"may hold at most {MAX_LENGTH} characters"
        else:
            continue
        args = {
            "table": answers.named("table", key),
            "shown": answers.shown(code),
            "problem": problem,
        }
        yield Finding((key, "code"), "BL715", args)
