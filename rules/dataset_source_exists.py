r"""A new table's ``sourceId`` must name a source that can exist: ``(int)`` above 0.

Source: ``biconnector/lib/Rest/Dataset.php``, ``Bitrix\BIConnector\Rest\Dataset::addEntity`` (lines
206-245; the same order in the first public version, of 2025-07-07, and in biconnector 25.300.0 of
2025-04, the ``Rest/Dataset.php`` under ``bitrix/modules/biconnector/lib/`` in the
``alex-jazzman/bitrix24_source`` repository): once ``validateFields`` passed (its type check only
asks ``is_numeric``, so ``"abc"`` is ``field-type``) and the name matched its pattern
(``dataset-name-format`` answers first), ``addEntity`` looks the source up with
``ExternalSourceTable::getById($sourceId)``, the value as sent. The ORM filters ``=ID`` on an
``IntegerField`` (``main/lib/orm/data/datamanager.php`` line 339, ``main/lib/orm/query/query.php``
lines 2633-2636), which ``CSQLWhere`` casts with ``intval`` and writes ``(ID IS NULL OR ID = 0)``
for 0 (``main/classes/general/sqlwhere.php`` lines 466-495); ``ID`` is an auto-increment primary key
(``biconnector/lib/ExternalSource/Internal/ExternalSourceTable.php`` lines 82-89), never 0 or below.
So ``0``, ``-1``, ``"0"``, ``0.5``, ``".5"`` and ``"0e5"`` find nothing on any portal, and the
server answers ``SOURCE_NOT_FOUND`` before every column check (``FIELDS_EMPTY``, duplicate names,
``dataset-column-*``) and the name length. The float ``1e19`` wraps to a negative integer on PHP 8
(an out-of-range float has no defined integer,
https://www.php.net/manual/en/language.types.integer.php); ``2e19`` wraps to a positive one and is
not reported. A positive id that no source has, or a source of another application, gets the same
answer: that depends on the portal and is not predicted (``bicon-lint rule SOURCE_NOT_FOUND``).
``table.add`` (from 2026-04) and ``dataset.add`` (every version) alike.

Pass: ``"sourceId": 10``   Fail: ``"sourceId": 0``, ``"sourceId": "0.5"``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="dataset-source-exists",
    codes={"SOURCE_NOT_FOUND": Code("Source was not found.")},
    methods=named("dataset", "add"),
    stage=Stage.STATE,
    summary="table/dataset.add sourceId: (int) above 0, or no source can have it",
)


def check(request: Request) -> Iterator[Finding]:
    value = (access.fields(request) or {}).get("sourceId")
    if php.is_numeric(value) and php.int_cast(value) <= 0:
        yield Finding(("fields", "sourceId"), "SOURCE_NOT_FOUND", order=(0,), returns=True)
