"""Each table of a ``urlTableList`` answer becomes a picker item whose id and title the UI keeps
only if they are of the types it takes.

Source: ``Rest::getEntityList()`` (``biconnector/lib/ExternalSource/Source/Rest.php``, lines
177-189: ``ID = $table['id'] ?? $table['code']``, ``TITLE = $table['title']``),
``ExternalTableProvider::makeItem()``
(``biconnector/lib/integration/ui/entityselector/externaltableprovider.php``, lines 113-140: ``new
Item(['id' => ID, 'title' => TITLE, ...])``), and the ``ui`` module's entity selector at the same
commit: ``ui/lib/entityselector/item.php:61-67`` keeps an id only when it is a non-empty string or
an integer (else it stays ``''``), and ``:221-229`` with ``textnode.php:29-32`` a title only when it
is a string, an integer or an array; ``itemcollection.php:14-30`` adds no second item with an id
already taken. So an ``id`` (or, without one, a ``code``) that is a float, a boolean, an array or
``""`` leaves the table without an id; a second table with the same id (``"5"`` and ``5`` are one
PHP key) is dropped from the picker; a title that is a float or ``true`` is shown empty. A ``null``
id falls back to the code. Nothing fails: the tables are silently missing or unnamed.

Pass: ``[{"code": "deals", "title": "Deals"}, {"id": 7, "code": "leads", "title": "Leads"}]``
Fail: ``[{"code": "deals", "title": "A"}, {"code": "deals", "title": "B"}]``, ``[{"code": "x", "title": 1.5}]``
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bicon_lint import answers, php
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="answer-table-picker",
    codes={
        "BL712": Code(
            "urlTableList: {table}: the picker takes a non-empty string or an integer as the "
            'table\'s id, not {shown} (its "{key}"): the table gets no id',
            server=False,
            severity=Severity.WARNING,
        ),
        "BL713": Code(
            "urlTableList: {table} has the id {shown} of {first}: the picker drops it",
            server=False,
            severity=Severity.WARNING,
        ),
        "BL714": Code(
            "urlTableList: {table}: the title {shown} is not a string or an integer: the picker "
            "shows the table without a title",
            server=False,
            severity=Severity.WARNING,
        ),
    },
    methods=frozenset({answers.URL_TABLE_LIST}),
    stage=Stage.ADVISORY,
    summary="urlTableList: ids and titles the table picker keeps",
    requires=answers.delivered,
)


def check(request: Request) -> Iterator[Finding]:
    taken: dict[object, str] = {}
    for index, item in answers.members(request):
        if not isinstance(item, dict):
            continue
        table = answers.named("table", index)
        key = "id" if item.get("id") is not None else "code"
        value = item.get(key)
        if key in item and not _valid_id(value):
            args = {"table": table, "shown": answers.shown(value), "key": key}
            yield Finding((index, key), "BL712", args)
        elif key in item:
            same = php.array_key(value) if isinstance(value, str) else value
            if same in taken:
                args = {"table": table, "shown": answers.shown(value), "first": taken[same]}
                yield Finding((index, key), "BL713", args)
            else:
                taken[same] = table
        title = item.get("title")
        if "title" in item and not php.empty(title) and not _valid_title(title):
            yield Finding(
                (index, "title"), "BL714", {"table": table, "shown": answers.shown(title)}
            )


def _valid_id(value: Any) -> bool:
    return (isinstance(value, str) and value != "") or (type(value) is int)


def _valid_title(value: Any) -> bool:
    if isinstance(value, dict):  # a text node's options: its "text" is shown
        return isinstance(value.get("text"), str) or type(value.get("text")) is int
    return isinstance(value, str) or type(value) is int
