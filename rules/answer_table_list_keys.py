"""Every table of a ``urlTableList`` answer needs a ``code`` and a ``title`` that are not empty.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::checkTableList()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 59-62, since "25.550.100", 2025-07):
``empty($table['code']) || empty($table['title'])`` refuses the whole list: the table picker shows
"Could not get table list.<br>Make sure the JSON response is correct.". PHP's ``empty()``
(https://www.php.net/manual/en/function.empty.php) is true for a missing key, ``null``, ``""``,
``"0"``, ``0``, ``0.0``, ``false`` and ``[]``: the code or title ``"0"`` is refused, ``" "`` is not.
Keys are case-sensitive (``"Code"`` is not ``code``), and the title is ``title``, not ``name``.
25.300.0 (``2025-04``) checks nothing.

Pass: ``[{"code": "deals", "title": "Deals"}]``
Fail: ``[{"code": "deals", "name": "Deals"}]``, ``[{"code": "0", "title": "Zero"}]``
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bicon_lint import answers, php
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="answer-table-list-keys",
    codes={
        "BL711": Code(
            'urlTableList: {what}, so the table picker shows "Could not get table list.<br>Make '
            'sure the JSON response is correct."',
            server=False,
        )
    },
    methods=frozenset({answers.URL_TABLE_LIST}),
    stage=Stage.ADVISORY,
    summary="urlTableList: every table has a code and a title, neither empty",
    since=Target.V2025_07,
    requires=answers.delivered,
)

INSTEAD = {
    "title": ("name", ' is not read: the title is "title"'),
    "code": ("id", " does not replace it"),
}


def check(request: Request) -> Iterator[Finding]:
    for key, item in answers.members(request):
        if not php.is_array(item):
            continue
        item = item if isinstance(item, dict) else {}  # a JSON list has no such key
        table = answers.named("table", key)
        for field in ("code", "title"):
            if field in item:
                if php.empty(item[field]):
                    what = f'{table} has "{field}": {answers.shown(item[field])}, which PHP\'s empty() refuses'
                    yield Finding((key, field), "BL711", {"what": what})
                continue
            what = f'{table} has no "{field}"{_instead(item, field)}'
            yield Finding((key,), "BL711", {"what": what}, part=Part.KEY)


def _instead(item: dict[str, Any], field: str) -> str:
    for key in item:
        if isinstance(key, str) and key.lower() == field:
            return f' ("{key}" is not "{field}": keys are case-sensitive)'
    other, why = INSTEAD[field]
    return f' ("{other}"{why})' if other in item else ""
