"""Required connector columns must not be saved as an empty string.

Source: SERVER-SPEC §4.2 F1, §4.3 F: after validation the ORM checks its required fields in the
entity map order (``TITLE, DATE_CREATE, LOGO, APP_ID, SORT, URL_CHECK, SETTINGS, URL_DATA,
URL_TABLE_LIST, URL_TABLE_DESCRIPTION``); a value whose ``(string)`` is ``""`` fails. After the type
checks only an empty string can get here: ``title``, ``logo`` or an endpoint URL. ``"0"`` and
``" "`` pass. All these errors come before any length error (``save-length``).

The server inserts the column's localized English label, which is not public (§11.1); bicon-lint
prints the ORM field name there, the label the ORM falls back to. Match on the code.

Pass: ``"title": "0"``   Fail: ``"title": ""``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access
from bicon_lint.contract import CONNECTOR_ORM
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="save-required",
    codes={"BX_EMPTY_REQUIRED": Code("The field {label} is required.")},
    methods=CONNECTOR_WRITE,
    stage=Stage.SAVE,
    summary="title, logo and endpoint URLs must not be empty strings",
)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    strings = {row.title for row in access.field_table(request) if row.type == "string"}
    for index, column in enumerate(CONNECTOR_ORM):
        if not (column.required and column.rest_title in strings):
            continue  # an empty sort or settings already failed the type check (field-type)
        if given.get(column.rest_title) == "":
            yield Finding(
                loc=("fields", column.rest_title),
                code="BX_EMPTY_REQUIRED",
                args={"label": column.name},
                order=(0, index),
            )
