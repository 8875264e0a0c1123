r"""Each field's value must pass the server's loose type check for its declared type.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateFields`` (lines
366-377): ``integer`` is ``is_numeric`` (so ``"100"``, ``"4 "``, ``"4.5"``, ``"1e3"`` pass; ``""``,
``true``, ``null``, ``"0x1A"`` fail), ``string`` is ``is_string`` (``null`` fails: a present
``null`` is not "missing"), ``array`` is ``is_array`` (a JSON object or list, empty ones included;
the string ``"[]"`` fails), ``boolean`` is a strict ``is_bool`` (``"true"``, ``1``, ``"Y"`` fail; a
form-encoded body can never send one: ``CRestUtil::getRequestData`` in
``rest/classes/general/rest_util.php``, lines 57-98, reads it with ``$_POST`` or ``parse_str``,
which hold only strings). ``datetime`` fields are read-only and never type-checked. PHP:
https://www.php.net/manual/en/function.is-numeric.php,
https://www.php.net/manual/en/function.is-string.php,
https://www.php.net/manual/en/function.is-array.php,
https://www.php.net/manual/en/function.is-bool.php.

Pass: ``{"sort": "100"}``, ``{"supportMapping": true}``   Fail: ``{"sort": "0x1A"}``, ``{"title": null}``
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from bicon_lint import access, php
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage
from bicon_lint.rules import fields_provided

SPEC = RuleSpec(
    name="field-type",
    codes={"VALIDATION_INVALID_FIELD_TYPE": Code('Field "{title}" must be of type {type}.')},
    methods=fields_provided.SPEC.methods,
    stage=Stage.FIELDS,
    summary="field values must pass the server's type check (is_numeric, is_string, ...)",
)

TYPE_CHECKS: Final[dict[str, Callable[[object], bool]]] = {
    "integer": php.is_numeric,
    "string": lambda value: isinstance(value, str),
    "array": php.is_array,
    "boolean": lambda value: isinstance(value, bool),
}


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    rows = access.table_rows(request)
    for key, value in given.items():
        found = rows.get(key)
        if found is None:
            continue
        index, row = found
        passes = TYPE_CHECKS.get(row.type)
        if passes is not None and not passes(value):
            yield Finding(
                loc=("fields", row.title),
                code="VALIDATION_INVALID_FIELD_TYPE",
                args={"title": row.title, "type": row.type},
                order=(2, index, 3),
                group=("field", index),
            )
