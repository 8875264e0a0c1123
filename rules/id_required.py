r"""The ``id`` parameter must be present.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateParamsId`` (lines
285-302). Presence is ``array_key_exists`` (line 289,
https://www.php.net/manual/en/function.array-key-exists.php), so ``"id": null`` counts as present
and fails the format check instead. The check runs before anything else the method validates, and
the server answers it at once.

Pass: ``{"id": 4, "fields": {"title": "x"}}``   Fail: ``{"fields": {"title": "x"}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="id-required",
    codes={"VALIDATION_ID_NOT_PROVIDED": Code("ID is missing.")},
    methods=named("connector", "update", "get", "delete")
    | named("source", "update", "get", "delete")
    | named("dataset", "update", "get", "delete", "fields.update"),
    stage=Stage.ID,
    summary="`id` must be present",
)


def check(request: Request) -> Iterator[Finding]:
    if not php.key_exists(request.params, "id"):
        yield Finding(loc=(), code="VALIDATION_ID_NOT_PROVIDED", order=(0,), returns=True)
