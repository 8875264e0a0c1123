"""The ``id`` parameter must be present.

Source: SERVER-SPEC §4.3 C1 (``Base::validateParamsId``). Presence is ``array_key_exists``, so
``"id": null`` counts as present and fails the format check instead (§3.1). The check runs before
anything else the method validates, and the server answers it at once.

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
