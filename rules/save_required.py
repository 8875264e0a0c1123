r"""Required connector columns must not be saved as an empty string.

Source: ``main/lib/orm/data/datamanager.php``, ``Bitrix\Main\ORM\Data\DataManager::checkFields``
(lines 686-727; the required test at lines 689-707, with ``ScalarField::isValueEmpty``,
``main/lib/orm/fields/scalarfield.php`` lines 271-279), on the entity of
``biconnector/lib/ExternalSource/Internal/ExternalSourceRestConnectorTable.php`` (``getMap``, lines
60-190), saved by ``biconnector/lib/Rest/Connector.php`` (``addEntity`` line 179, ``updateEntity``
line 231): after validation the ORM checks its required fields in the entity map order
(``TITLE, DATE_CREATE, LOGO, APP_ID, SORT, URL_CHECK, SETTINGS, URL_DATA, URL_TABLE_LIST, URL_TABLE_DESCRIPTION``);
a value whose ``(string)`` is ``""`` fails. After the type checks only an empty string can get here:
``title``, ``logo`` or an endpoint URL. ``"0"`` and ``" "`` pass. All these errors come before any
length error (``save-length``).

The server inserts the column's localized English label, which is not public (the public copy of the
modules has no ``lang`` folder); bicon-lint prints the ORM field name there, the label the ORM falls
back to (``Field::getTitle``, ``main/lib/orm/fields/field.php`` lines 517-530). Match on the code.

Pass: ``"title": "0"``   Fail: ``"title": ""``
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from bicon_lint import access
from bicon_lint.contract import CONNECTOR_ORM, fields_of
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage
from bicon_lint.targets import Target

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
    for index, title, label in checked(access.entity(request), request.target):
        if given.get(title) == "":
            yield Finding(
                loc=("fields", title),
                code="BX_EMPTY_REQUIRED",
                args={"label": label},
                order=(0, index),
            )


@cache
def checked(entity: str, target: Target) -> tuple[tuple[int, str, str], ...]:
    """(position, REST title, ORM name) of the required ORM columns whose REST field is a string:
    an empty sort or settings already failed the type check (field-type)."""
    strings = {row.title for row in fields_of(entity, target) if row.type == "string"}
    return tuple(
        (index, column.rest_title, column.name)
        for index, column in enumerate(CONNECTOR_ORM)
        if column.required and column.rest_title is not None and column.rest_title in strings
    )
