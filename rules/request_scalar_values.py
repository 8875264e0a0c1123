"""A recorded request's ``table``, ``searchString`` and ``limit`` are single values; ``limit`` an
integer.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest``
(``biconnector/lib/ExternalSource/Source/Rest.php``): ``searchString`` is the picker's query string
(``getEntityList()``, lines 152-154), ``table`` the table code (``getDescription()``, lines 208-210;
``getData(string $tableName, ...)``, line 263), ``limit`` a PHP ``int`` (``getFirstNData()``, line
292; ``biconnector/lib/ExternalSource/Dataset/Connector/Rest.php``, line 46), which
``http_build_query`` (https://www.php.net/manual/en/function.http-build-query.php) writes in
decimal. None of them is ever an array (``table[0]=deals``), and ``limit`` is never ``ten`` or
``20.5``.

Pass: ``limit=20&table=deals``
Fail: ``limit=twenty&table=deals``, ``table%5B0%5D=deals``
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from bicon_lint import php, recorded
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SCALARS: Final = ("searchString", "table", "limit")
_INTEGER: Final = re.compile(r"-?[0-9]+")

SPEC = RuleSpec(
    name="request-scalar-values",
    codes={
        "BL787": Code('"{key}" is {what}: the portal sends {expected}', server=False),
    },
    methods=recorded.RECORDED,
    stage=Stage.ADVISORY,
    summary="recorded requests: table, searchString, limit are single values",
)


def check(request: Request) -> Iterator[Finding]:
    given = recorded.fields(request)
    for key in SCALARS:
        if key not in given:
            continue
        value = given[key]
        expected = "an integer in decimal" if key == "limit" else "one string"
        if php.is_array(value):
            yield Finding((key,), "BL787", {"key": key, "what": "an array", "expected": expected})
        elif key == "limit" and (
            isinstance(value, (bool, float)) or not _INTEGER.fullmatch(php.to_string(value))
        ):
            what = f"{php.to_string(value)!r}"
            yield Finding((key,), "BL787", {"key": key, "what": what, "expected": expected})
