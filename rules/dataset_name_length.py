r"""A new table's ``name`` must be at most 230 characters.

Source: ``biconnector/lib/ExternalSource/RestDatasetManager.php``,
``Bitrix\BIConnector\ExternalSource\RestDatasetManager::checkAndPrepareBeforeAdd`` (lines 192-236):
``mb_strlen($dataset['NAME']) > 230`` (lines 230-233,
https://www.php.net/manual/en/function.mb-strlen.php) at its end, after every column check
(``checkFields``, line 224), so any column error answers first. 230 passes, 231 fails. The name
already matched ``^[a-z][a-z0-9_]*$`` (``dataset-name-format``), so it is ASCII, plus at most one
final ``"\n"``, which counts. The ORM's own limit of 250
(``biconnector/lib/ExternalSource/Internal/ExternalDatasetTable.php`` lines 104-117) is never
reached.

Pass: ``"name": "t" * 230``   Fail: ``"name": "t" * 231``
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="dataset-name-length",
    codes={
        "VALIDATION_DATASET_NAME_TOO_LONG": Code("Dataset name must not exceed 230 characters.")
    },
    methods=named("dataset", "add"),
    stage=Stage.CONTENT,
    summary="table name: at most 230 characters",
)

NAME_MAX: Final = 230


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    name = given.get("name") if given is not None else None
    if isinstance(name, str) and php.mb_strlen(name) > NAME_MAX:
        yield Finding(loc=("fields", "name"), code="VALIDATION_DATASET_NAME_TOO_LONG", order=(5,))
