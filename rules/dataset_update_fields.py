r"""``update`` cannot change a table's columns: ``fields.fields`` is refused.

Source: ``biconnector/lib/Rest/Dataset.php``, ``Bitrix\BIConnector\Rest\Dataset::updateEntity``
(lines 263-300): once the table is found (after ``DATASET_NOT_FOUND``, lines 267-278),
``isset($params['fields']['fields'])`` (lines 280-286) answers ``INVALID_METHOD`` with the message
``Use the method "biconnector.dataset.fields.update" to update the dataset fields."``, including the
stray final quote (the REST docs print the message without it; the code wins), on ``table.update``
as well. ``isset`` (https://www.php.net/manual/en/function.isset.php) is true for any value but
``null``, even ``[]``; ``"fields": null`` fails ``field-type`` first. Send column changes to
``biconnector.table.fields.update`` as ``add``, ``update`` and ``delete``.

Pass: ``{"id": 20, "fields": {"description": "d"}}``   Fail: ``{"id": 20, "fields": {"fields": []}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="dataset-update-fields",
    codes={
        "INVALID_METHOD": Code(
            'Use the method "biconnector.dataset.fields.update" to update the dataset fields."'
        )
    },
    methods=named("dataset", "update"),
    stage=Stage.CONTENT,
    summary="update cannot change columns: use fields.update",
)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is not None and php.isset(given, "fields"):
        yield Finding(
            loc=("fields", "fields"),
            code="INVALID_METHOD",
            part=Part.KEY,
            order=(0,),
            returns=True,
        )
