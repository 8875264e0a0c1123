r"""``fields.update``: ``add`` items need ``name``, ``externalCode`` and ``type``, ``update`` items
``id`` and ``visible``, and ``delete`` holds positive integer ids.

Source: ``biconnector/lib/Rest/Dataset.php``,
``Bitrix\BIConnector\Rest\Dataset::validateParamsForFieldsUpdate`` (lines 550-618), called by
``fieldsUpdate`` (lines 490-548) after the ID checks and before ``DATASET_NOT_FOUND``. A list is
checked only when it is an array; any other value (a string, a number, ``null``) is ignored without
an error. Presence is ``isset`` (https://www.php.net/manual/en/function.isset.php), so ``null`` is
missing, and the keys are read as written: ``Name``, ``external_code`` or ``externalcode`` do not
count. A delete id must be ``is_numeric`` with ``(int) >= 1``
(https://www.php.net/manual/en/function.is-numeric.php): ``4``, ``"4"``, ``" 4"`` and ``"4.5"``
pass; ``"0"``, ``-1``, ``"0x1A"``, ``null`` and ``[4]`` fail. The first bad item answers: ``add`` is
checked before ``update``, ``update`` before ``delete``.

Pass: ``{"id": 20, "add": [{"name": "A", "externalCode": "a", "type": "int"}]}``   Fail: ``{"id": 20, "add": [{"name": "A", "type": "int"}]}``
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from bicon_lint import compact_lists, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="fields-update-items",
    codes={
        "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS": Code(
            'Field to be added must include the required parameters: "name", "externalCode" '
            'and "type".'
        ),
        "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS": Code(
            'Field to be updated must include the required parameters: "id" and "visible".'
        ),
        "VALIDATION_FIELD_DELETE_INVALID_ID": Code("ID to be deleted must be a positive integer."),
    },
    methods=named("dataset", "fields.update"),
    stage=Stage.FIELDS,
    summary="fields.update: add/update items need their keys, delete ids are positive integers",
)

CHECKS: Final[tuple[tuple[str, str, Callable[[object], bool]], ...]] = (
    (
        "add",
        "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS",
        lambda item: php.isset(item, "name", "externalCode", "type"),
    ),
    (
        "update",
        "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS",
        lambda item: php.isset(item, "id", "visible"),
    ),
    ("delete", "VALIDATION_FIELD_DELETE_INVALID_ID", php.is_positive_id),
)


def check(request: Request) -> Iterator[Finding]:
    params = request.params if isinstance(request.params, dict) else {}
    for step, (name, code, passes) in enumerate(CHECKS):
        given = params.get(name)  # a large add list's plain columns (compact_lists) all pass
        found = compact_lists.outside_runs(given) if name == "add" else enumerate(php.items(given))
        for position, (key, item) in found:
            if not passes(item):
                yield Finding(loc=(name, key), code=code, order=(step, position), returns=True)
