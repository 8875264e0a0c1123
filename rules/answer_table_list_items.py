"""``urlTableList`` must answer a list of objects: the portal walks the array's items.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::checkTableList()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 50-66, 162-167, since "25.550.100",
2025-07): every item must be an array (a JSON object), else the table picker shows "Could not get
table list.<br>Make sure the JSON response is correct.". A single object ``{"code": ..., "title":
...}`` fails: ``foreach`` walks its values, which are strings. An object whose values are table
objects works like a list. ``[]`` is valid (no tables). On 25.300.0 (``2025-04``,
``bitrix/modules/biconnector/lib/ExternalSource/Source/Rest.php`` of
``alex-jazzman/bitrix24_source``) nothing is checked: ``$table['id'] ?? $table['code']`` on a string
item throws "Cannot access offset of type string on string", a ``TypeError`` (``getEntityList()`` of
that version); a number or ``null`` item becomes a table with no code or title (PHP warnings).

Pass: ``[{"code": "deals", "title": "Deals"}]``, ``[]``
Fail: ``{"code": "deals", "title": "Deals"}``, ``["deals"]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answers, php
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="answer-table-list-items",
    codes={"BL710": Code("urlTableList: {what}, so {outcome}", server=False)},
    methods=frozenset({answers.URL_TABLE_LIST}),
    stage=Stage.ADVISORY,
    summary="urlTableList: a list of table objects",
    requires=answers.delivered,
)

REFUSED = (
    'the table picker shows "Could not get table list.<br>Make sure the JSON response is correct."'
)
CRASH = 'the portal fails with a PHP TypeError ("Cannot access offset of type string on string")'
KEYS = ("code", "title", "id", "name")


def check(request: Request) -> Iterator[Finding]:
    value = answers.delivered(request)
    old = request.target < Target.V2025_07  # no checkTableList(): only a string item crashes
    outcome = CRASH if old else REFUSED
    if answers.single_object(value, KEYS) and (not old or _has_string(value)):
        what = "the body is one table object, not a list: PHP walks its values, which are no tables"
        yield Finding((), "BL710", {"what": what, "outcome": outcome})
        return
    for key, item in answers.members(request):
        if php.is_array(item) or (old and not isinstance(item, str)):
            continue
        what = f"{answers.named('table', key)} is {answers.shown(item)}, not an object"
        yield Finding((key,), "BL710", {"what": what, "outcome": outcome})


def _has_string(value: object) -> bool:
    return any(isinstance(item, str) for _, item in php.items(value))
