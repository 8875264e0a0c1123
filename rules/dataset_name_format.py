r"""A new table's ``name`` must start with a lowercase Latin letter, then ``a-z``, ``0-9``, ``_``.

Source: ``biconnector/lib/Rest/Dataset.php``, ``Bitrix\BIConnector\Rest\Dataset::checkDatasetName``
(lines 485-488), called by ``addEntity`` (lines 223-232):
``preg_match('/^[a-z][a-z0-9_]*$/', NAME)`` after ``validateFields`` and **before** the look-up of
the source (lines 234-245), so it beats ``SOURCE_NOT_FOUND``. ``Sales``, ``1st``, ``_x``,
``sales-2025``, ``ventes_é`` and ``""`` fail. PCRE's ``$`` (no ``D`` modifier,
https://www.php.net/manual/en/reference.pcre.pattern.modifiers.php) also matches before one final
newline, so ``"sales\n"`` **passes** (and the newline is stored in the name), while ``"sales\n\n"``
and ``"sales\r\n"`` fail. The check only runs once ``validateFields`` passed, so ``name`` is a
string here; any other type is reported by ``field-type`` (a non-string scalar would be coerced to
its string and fail).

Pass: ``"name": "sales_2025"``   Fail: ``"name": "Sales"``
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from bicon_lint import access
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="dataset-name-format",
    codes={
        "VALIDATION_DATASET_NAME_INVALID": Code(
            "Dataset name has to start with a lowercase Latin character. Possible entry includes "
            "lowercase Latin characters (a-z), numbers (0-9) and underscores."
        )
    },
    methods=named("dataset", "add"),
    stage=Stage.ENTITY,
    summary="table name: ^[a-z][a-z0-9_]*$ (PCRE: one final newline passes)",
)

# ``/^[a-z][a-z0-9_]*$/`` with PCRE's ``$``: the end, or just before a final "\n".
PATTERN: Final = re.compile(r"[a-z][a-z0-9_]*\n?")


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    name = given.get("name") if given is not None else None
    if isinstance(name, str) and PATTERN.fullmatch(name) is None:
        yield Finding(
            loc=("fields", "name"),
            code="VALIDATION_DATASET_NAME_INVALID",
            order=(0,),
            returns=True,
        )
