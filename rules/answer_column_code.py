"""A column's ``code`` becomes the dataset field's proposed name and its external code: an
UPPER_SNAKE_CASE string of at most 512 characters.

Source: the dataset form's header for each column is ``name = code``: for a REST source
``DatasetViewer::prepareCode(string $name)`` returns the code unchanged
(``biconnector/lib/controller/externalsource/datasetviewer.php``, lines 97-102, 415-420), and
``externalCode = code``. Saved, a visible field's ``NAME`` must match ``/^[A-Z][A-Z0-9_]*$/``
(``Bitrix\\BIConnector\\ExternalSource\\Internal\\ExternalDatasetFieldTable::onBeforeAdd()``,
``biconnector/lib/ExternalSource/Internal/ExternalDatasetFieldTable.php``, lines 52, 160-185; PCRE:
a final line break passes), else the dataset is not created ("Error creating dataset",
``Dataset::addAction()``, ``biconnector/lib/controller/externalsource/dataset.php``, lines 236-241),
unless the user renames every such field: a warning, as the wizard's JavaScript is not in the public
copy of the portal code and might rename them (inferred, not observed). ``NAME`` and
``EXTERNAL_CODE`` hold at most 512 characters (``ExternalDatasetFieldTable.php``, lines 118-142,
``LengthValidator``, ``mb_strlen``): a longer code cannot be saved. A code that is an array passes
``empty()`` (since 2025-07) and crashes the preview: ``$codesMap[$code]`` and
``prepareCode(string)`` (``biconnector/lib/ExternalSource/Viewer/Provider/Rest.php``, lines 41-54)
throw a ``TypeError``.

Pass: ``{"code": "DEAL_ID", "name": "Deal", "type": "int"}``
Fail: ``{"code": "deal-id", "name": "Deal", "type": "int"}``, ``"code": ["ID"]`` (a TypeError)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bicon_lint import answers, php
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="answer-column-code",
    codes={
        "BL726": Code(
            "urlTableDescription: {column}: its code {shown} is proposed as the field's name, "
            "which must match ^[A-Z][A-Z0-9_]*$: the dataset is not created until it is renamed",
            server=False,
            severity=Severity.WARNING,
        ),
        "BL727": Code(
            "urlTableDescription: {column}: its code has {length} characters; the field's name "
            "and external code hold at most 512: the dataset cannot be saved",
            server=False,
        ),
        "BL728": Code(
            "urlTableDescription: {column}: its code is an array: the dataset preview fails with "
            "a PHP TypeError",
            server=False,
        ),
    },
    methods=frozenset({answers.URL_TABLE_DESCRIPTION}),
    stage=Stage.ADVISORY,
    summary="urlTableDescription: codes that make valid field names (^[A-Z][A-Z0-9_]*$, 512)",
    requires=answers.delivered,
)

NAME = re.compile(r"[A-Z][A-Z0-9_]*\n?\Z")  # ExternalDatasetFieldTable::FIELD_NAME_REGEXP, as PCRE
MAX_LENGTH = 512  # LengthValidator(null, 512) of NAME and EXTERNAL_CODE


def check(request: Request) -> Iterator[Finding]:
    for key, item in answers.members(request):
        code = item.get("code") if isinstance(item, dict) else None
        if php.empty(code):
            continue
        column = answers.named("column", key)
        if php.is_array(code):
            if request.target >= Target.V2025_07:
                yield Finding((key, "code"), "BL728", {"column": column})
            continue
        text = php.to_string(code)
        if php.mb_strlen(text) > MAX_LENGTH:
            yield Finding((key, "code"), "BL727", {"column": column, "length": php.mb_strlen(text)})
        elif not NAME.match(text):
            args = {"column": column, "shown": answers.shown(code)}
            yield Finding((key, "code"), "BL726", args)
