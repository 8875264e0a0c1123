r"""A table column's ``name`` is ``[A-Z][A-Z0-9_]*`` of at most 32 characters; its ``type`` is
one the server knows, in lower case.

Source: ``biconnector/lib/ExternalSource/RestDatasetManager.php``,
``Bitrix\BIConnector\ExternalSource\RestDatasetManager::checkFields`` (lines 287-306), with the
types of ``biconnector/lib/ExternalSource/FieldType.php``; ``fields.update`` reaches it through
``checkFieldsBeforeAdd`` (lines 313-328). Each column that has its keys (``dataset-column-keys``)
gets all three tests, without ``continue``: ``preg_match('/^[A-Z][A-Z0-9_]*$/', NAME)`` (PCRE's
``$`` also matches before one final ``"\n"``, so ``"ID\n"`` passes), then ``mb_strlen(NAME) > 32``,
then ``FieldType::tryFrom(TYPE)``, which is exact and case-sensitive: ``int``, ``string``,
``double``, ``date``, ``datetime``, ``money``, and ``timezone`` from 2026-04 (``"INT"``,
``"integer"`` fail). Scalars are coerced: ``5`` fails the pattern, ``null`` is ``""``. An array
``name`` or ``type`` throws a ``TypeError`` (``preg_match``, ``tryFrom``): **the server fails
without an error code**, even after an earlier column's error. ``fields.update`` runs the same tests
on its ``add`` items after ``DATASET_NOT_FOUND``. PHP:
https://www.php.net/manual/en/function.preg-match.php,
https://www.php.net/manual/en/reference.pcre.pattern.modifiers.php (``D``),
https://www.php.net/manual/en/function.mb-strlen.php,
https://www.php.net/manual/en/backedenum.tryfrom.php.

Pass: ``{"name": "ID", "externalCode": "id", "type": "int"}``   Fail: ``"name": "id"``, ``"type": "INT"``
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from bicon_lint import php, table_columns
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="dataset-column-values",
    codes={
        "VALIDATION_FIELD_NAME_INVALID_FORMAT": Code(
            'Field "name" has to start with an uppercase Latin character. Possible entry includes '
            "uppercase Latin characters (A-Z), numbers (0-9) and underscores."
        ),
        "VALIDATION_FIELD_NAME_TOO_LONG": Code('Field "name" must not exceed 32 characters.'),
        "VALIDATION_FIELD_INVALID_TYPE": Code("Invalid field type."),
        "BL103": Code(
            "The server fails without an error code: {call} throws a TypeError for the array "
            'in the column "{key}".',
            server=False,
        ),
    },
    methods=named("dataset", "add", "fields.update"),
    stage=Stage.CONTENT,
    summary="column name [A-Z][A-Z0-9_]* <= 32, type int|string|double|date|datetime|money|...",
)

NAME_PATTERN: Final = re.compile(r"[A-Z][A-Z0-9_]*\n?")  # PCRE `$`: also before a final "\n"
NAME_MAX: Final = 32
TYPES: Final = frozenset({"int", "string", "double", "date", "datetime", "money"})  # FieldType


def field_types(target: Target) -> frozenset[str]:
    """``FieldType`` values: ``timezone`` joined on 2026-04-17 (``ExternalSource/FieldType.php``)."""
    return TYPES | {"timezone"} if target >= Target.V2026_04 else TYPES


def check(request: Request) -> Iterator[Finding]:
    types = field_types(request.target)
    for column in table_columns.outside_runs(request, types):
        keys, item, position = column.keys, column.item, column.position
        if not keys.complete:
            continue
        name, type_ = item[keys.raw["NAME"]], item[keys.raw["TYPE"]]
        plain = type(name) is type(type_) is str and type_ in types and len(name) <= NAME_MAX
        if plain and NAME_PATTERN.fullmatch(name):
            continue  # a valid column (the usual case): nothing to say
        (name_loc, name), (type_loc, type_) = column.cell("NAME"), column.cell("TYPE")
        if php.is_array(name):
            args = {"call": "preg_match()", "key": "name"}
            yield Finding(name_loc, "BL103", args, order=(4, position, 1), fatal=True)
            continue
        if NAME_PATTERN.fullmatch(php.to_string(name)) is None:
            yield Finding(name_loc, "VALIDATION_FIELD_NAME_INVALID_FORMAT", order=(4, position, 1))
        if php.mb_strlen(name) > NAME_MAX:
            yield Finding(name_loc, "VALIDATION_FIELD_NAME_TOO_LONG", order=(4, position, 2))
        if php.is_array(type_):
            args = {"call": "FieldType::tryFrom()", "key": "type"}
            yield Finding(type_loc, "BL103", args, order=(4, position, 3), fatal=True)
        elif not (isinstance(type_, str) and type_ in types):
            yield Finding(type_loc, "VALIDATION_FIELD_INVALID_TYPE", order=(4, position, 3))
