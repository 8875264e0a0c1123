r"""``order`` must be an array keyed by field titles, compared strictly.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateParamsForList``
(lines 440-457): a non-array answers ``VALIDATION_ORDER_TYPE`` (after any select or filter error);
each key not ``in_array(…, true)`` (https://www.php.net/manual/en/function.in-array.php) is
collected. No prefix is stripped and no case is folded: ``"ID"`` fails; a JSON list's int keys
(``["id"]``) fail as ``Field "0"``. The direction is checked later, by the ORM
(``list-order-direction``).

Pass: ``{"order": {"id": "DESC"}}``   Fail: ``{"order": "id"}``, ``{"order": {"ID": "ASC"}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="list-order",
    codes={
        "VALIDATION_ORDER_TYPE": Code('Parameter "order" must be array.'),
        "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER": Code(
            'Field "{field}" is not allowed in the "order".'
        ),
    },
    methods=named("connector", "list") | named("source", "list") | named("dataset", "list"),
    stage=Stage.FIELDS,
    summary="order: an array keyed by exact field titles",
)


def check(request: Request) -> Iterator[Finding]:
    if not php.isset(request.params, "order"):
        return
    order = request.params["order"]
    if not php.is_array(order):
        yield Finding(loc=("order",), code="VALIDATION_ORDER_TYPE", order=(2, 0), returns=True)
        return
    allowed = {row.title for row in access.field_table(request)}
    for position, (key, _direction) in enumerate(php.items(order)):
        if not (isinstance(key, str) and key in allowed):
            yield Finding(
                loc=("order", key),
                code="VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER",
                args={"field": php.to_string(key)},
                part=Part.KEY,
                order=(2, 1, position),
            )
