r"""``select`` must be an array of the entity's field titles (or ``"*"``), compared strictly.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateParamsForList``
(lines 403-422): when ``isset(select)``, a non-array answers ``VALIDATION_SELECT_TYPE`` at once;
otherwise every item not ``in_array(…, true)`` is collected. Only exact camelCase titles pass:
``"ID"``, ``"url_check"`` and the int ``1`` fail. ``null`` is not set and ignored. Select errors
come before filter and order errors. PHP: https://www.php.net/manual/en/function.isset.php,
https://www.php.net/manual/en/function.in-array.php.

Pass: ``{"select": ["id", "title"]}``, ``{"select": ["*"]}``   Fail: ``{"select": "*"}``, ``{"select": ["ID"]}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="list-select",
    codes={
        "VALIDATION_SELECT_TYPE": Code('Parameter "select" must be array.'),
        "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT": Code(
            'Field "{field}" is not allowed in the "select".'
        ),
    },
    methods=named("connector", "list") | named("source", "list") | named("dataset", "list"),
    stage=Stage.FIELDS,
    summary="select: an array of exact field titles or *",
)


def check(request: Request) -> Iterator[Finding]:
    if not php.isset(request.params, "select"):
        return
    select = request.params["select"]
    if not php.is_array(select):
        yield Finding(loc=("select",), code="VALIDATION_SELECT_TYPE", order=(0, 0), returns=True)
        return
    allowed = {row.title for row in access.field_table(request)} | {"*"}
    for position, (key, item) in enumerate(php.items(select)):
        if not (isinstance(item, str) and item in allowed):
            yield Finding(
                loc=("select", key),
                code="VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT",
                args={"field": php.to_string(item)},
                order=(0, 1, position),
            )
