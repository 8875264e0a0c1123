"""A ``urlTableDescription`` answer must describe at least one column.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::getDescription()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 225-228; on 25.300.0, in
``bitrix/modules/biconnector/lib/ExternalSource/Source/Rest.php`` of
``alex-jazzman/bitrix24_source``, the same test without ``checkTableDescription``): ``!$columns`` is
true for an empty array (https://www.php.net/manual/en/language.types.boolean.php), so ``[]`` and
``{}`` fail with "Could not get table field descriptions. Make sure the JSON response is correct.";
"sync fields" shows "Could not sync source columns." instead
(``biconnector/lib/controller/externalsource/dataset.php``, lines 875-884). A table without columns
cannot be described: answer its columns.

Pass: ``[{"code": "ID", "name": "ID", "type": "int"}]``
Fail: ``[]``, ``{}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answers
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="answer-description-empty",
    codes={
        "BL720": Code(
            "urlTableDescription answered {shown}, no columns, which !$columns refuses: the "
            'dataset preview fails with "Could not get table field descriptions. Make sure the '
            'JSON response is correct."',
            server=False,
        )
    },
    methods=frozenset({answers.URL_TABLE_DESCRIPTION}),
    stage=Stage.ADVISORY,
    summary="urlTableDescription: at least one column",
    requires=answers.transported,
)


def check(request: Request) -> Iterator[Finding]:
    value = answers.delivered(request)
    if value is not None and len(value) == 0:
        yield Finding((), "BL720", {"shown": "{}" if isinstance(value, dict) else "[]"})
