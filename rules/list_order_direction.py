r"""Each ``order`` direction must be the string ``ASC`` or ``DESC`` (any case).

Source: ``main/lib/orm/query/query.php``, ``Bitrix\Main\ORM\Query\Query::addOrder`` (lines 508-520):
a non-string throws ``ArgumentException('Order must be a string')``, another string
``Invalid order "<UPPER>"``. The exception escapes the module: ``CRestServer::processException``
(``rest/classes/general/rest.php`` lines 860-884) turns it into ``RestException::initFromException``
(``rest/lib/restexception.php`` lines 88-100), so the answer is a **top-level** ``ERROR_ARGUMENT``
with HTTP 400, not an error inside ``result``. The newest docs (the biconnector.connector.list page
of the REST docs, 2026-08) describe only the second message, for a number too; the code answers a
number with ``Order must be a string``.

The source and dataset lists drop one key from the order before the query (``prepareOrder`` after
the keys are converted, ``biconnector/lib/Rest/Source.php`` lines 503-526: ``SETTINGS``;
``biconnector/lib/Rest/Dataset.php`` lines 460-483: ``FIELDS``, for ``dataset.list`` and
``table.list``), so its direction is never checked and ``{"order": {"settings": "up"}}`` on
``source.list`` is answered without error.

Pass: ``{"order": {"id": "desc"}}``   Fail: ``{"order": {"id": "up"}}``, ``{"order": {"id": 1}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import php
from bicon_lint.methods import lookup
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage
from bicon_lint.rules import list_order

SPEC = RuleSpec(
    name="list-order-direction",
    codes={"ERROR_ARGUMENT": Code("{message}")},
    methods=list_order.SPEC.methods,
    stage=Stage.QUERY,
    summary="order directions: ASC or DESC (top-level ERROR_ARGUMENT)",
)


# The converted order key each entity's prepareOrder drops before the query.
DROPPED = {"source": "SETTINGS", "dataset": "FIELDS", "table": "FIELDS"}


def check(request: Request) -> Iterator[Finding]:
    order = request.params.get("order") if isinstance(request.params, dict) else None
    method = lookup(request.method)
    dropped = DROPPED.get(method.entity) if method is not None else None
    for position, (key, direction) in enumerate(php.items(order)):
        if dropped is not None and php.convert_key(key) == dropped:
            continue
        if not isinstance(direction, str):
            message = "Order must be a string"
        elif php.ascii_upper(direction) not in ("ASC", "DESC"):
            message = f'Invalid order "{php.ascii_upper(direction)}"'
        else:
            continue
        yield Finding(
            loc=("order", key),
            code="ERROR_ARGUMENT",
            args={"message": message, "top_level": True},
            order=(0, position),
            returns=True,
        )
