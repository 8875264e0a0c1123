"""Every column of a ``urlTableDescription`` answer needs a ``code``, a ``name`` and a ``type``
that are not empty.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::checkTableDescription()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 70, 84-89, since "25.550.100", 2025-07):
``!array_key_exists($field, $column) || empty($column[$field])`` for ``code``, ``name`` and ``type``
refuses the whole description: the dataset preview fails with "Could not get table field
descriptions. Make sure the JSON response is correct.". ``empty()``
(https://www.php.net/manual/en/function.empty.php) is true for ``null``, ``""``, ``"0"``, ``0``,
``0.0``, ``false`` and ``[]``; ``array_key_exists``
(https://www.php.net/manual/en/function.array-key-exists.php) only asks whether the key is there.
The first versions of the connectors overview page of the REST docs (2025-05-14 … 05-21) named the
column's label ``title``: the code reads ``name``, so a ``title`` without a ``name`` is refused.
Keys are case-sensitive. 25.300.0 (``2025-04``) checks nothing (``NAME = name ?? code``; a missing
``type`` crashes: ``answer-column-type``).

Pass: ``[{"code": "DEAL_ID", "name": "Deal", "type": "int"}]``
Fail: ``[{"code": "DEAL_ID", "title": "Deal", "type": "int"}]``, ``[{"code": "0", "name": "Zero", "type": "int"}]``
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bicon_lint import answers, php
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="answer-description-keys",
    codes={
        "BL722": Code(
            'urlTableDescription: {what}, so the dataset preview fails with "Could not get table '
            'field descriptions. Make sure the JSON response is correct."',
            server=False,
        )
    },
    methods=frozenset({answers.URL_TABLE_DESCRIPTION}),
    stage=Stage.ADVISORY,
    summary="urlTableDescription: every column has a code, a name and a type, none empty",
    since=Target.V2025_07,
    requires=answers.delivered,
)

INSTEAD = {"name": ("title", ' is not read: the label is "name"'), "code": ("id", " is not read")}


def check(request: Request) -> Iterator[Finding]:
    for key, item in answers.members(request):
        if not php.is_array(item):
            continue
        item = item if isinstance(item, dict) else {}  # a JSON list has no such key
        column = answers.named("column", key)
        for field in ("code", "name", "type"):
            if field in item:
                if php.empty(item[field]):
                    shown = answers.shown(item[field])
                    what = f'{column} has "{field}": {shown}, which PHP\'s empty() refuses'
                    yield Finding((key, field), "BL722", {"what": what})
                continue
            what = f'{column} has no "{field}"{_instead(item, field)}'
            yield Finding((key,), "BL722", {"what": what}, part=Part.KEY)


def _instead(item: dict[str, Any], field: str) -> str:
    for key in item:
        if isinstance(key, str) and key.lower() == field:
            return f' ("{key}" is not "{field}": keys are case-sensitive)'
    other, why = INSTEAD.get(field, ("", ""))
    return f' ("{other}"{why})' if other and other in item else ""
