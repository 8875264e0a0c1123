"""A recorded request's ``filter`` has the shape the portal builds: date bounds and OR groups.

Source: ``Bitrix\\BIConnector\\DataSourceConnector\\Connector\\Base::getData()``
(``biconnector/lib/DataSourceConnector/Connector/Base.php``): an external dataset's filter starts
empty (line 95), the date range adds ``>=FIELD`` and ``<=FIELD`` (one value each,
``applyDateFilter``, lines 306-382), and each dimension filter adds a numbered group
``['LOGIC' => 'OR', 0 => ['<op>FIELD' => values], ...]`` with ``<op>`` one of ``=``, ``%``, ``><``,
``>``, ``>=``, ``<``, ``<=``, prefixed ``!`` to exclude (``applyDimensionsFilters``, lines 393-489),
sent only with ``select`` (``biconnector/lib/ExternalSource/Dataset/Connector/Rest.php``, lines
44-46; the preview sends neither). A bare field name as key (``filter[STAGE]=WON``, as the REST docs
suggest), a group without ``LOGIC=OR`` or a filter without ``select`` never comes from the portal.

Pass: ``filter%5B0%5D%5BLOGIC%5D=OR&filter%5B0%5D%5B0%5D%5B%3DSTAGE%5D%5B0%5D=WON`` with select
Fail: ``filter%5BSTAGE%5D=WON``, a filter without select
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from bicon_lint import php, recorded
from bicon_lint.model import Code, Finding, Loc, Part, Request, RuleSpec, Stage

BOUND: Final = re.compile(r"(?:>=|<=).+")
CONDITION: Final = re.compile(r"!?(?:><|>=|<=|=|%|>|<).+")

SPEC = RuleSpec(
    name="request-filter",
    codes={
        "BL790": Code(
            "filter{where} {what}: the portal sends >=FIELD/<=FIELD date bounds and numbered "
            "groups [LOGIC]=OR, [0][<op>FIELD]=value, ...",
            server=False,
        ),
        "BL791": Code(
            "a filter without select: the portal sends filter only in BI Builder queries, "
            "which always carry select",
            server=False,
        ),
    },
    methods=frozenset({recorded.PSEUDO["urlData"]}),
    stage=Stage.ADVISORY,
    summary="recorded requests: filter is date bounds and OR groups, with select",
)


def _problems(value: Any) -> Iterator[tuple[Loc, str]]:
    if not php.is_array(value):
        yield ("filter",), f"is the {php.type_name(value)} {php.to_string(value)!r}"
        return
    for key, item in php.items(value):
        if isinstance(php.array_key(str(key)), int):
            yield from _group(("filter", key), item)
        elif not BOUND.fullmatch(str(key)):
            yield ("filter", key), "is neither a date bound (>=FIELD, <=FIELD) nor a group number"
        elif php.is_array(item):
            yield ("filter", key), "is an array; a date bound is one value"


def _group(loc: Loc, group: Any) -> Iterator[tuple[Loc, str]]:
    if not php.is_array(group) or dict(php.items(group)).get("LOGIC") != "OR":
        yield loc, "is not a group with LOGIC=OR"
        return
    for key, condition in php.items(group):
        if key == "LOGIC":
            continue
        members = list(php.items(condition))
        if not isinstance(php.array_key(str(key)), int) or len(members) != 1:
            yield (*loc, key), "is not one condition [<op>FIELD]=value"
        elif not CONDITION.fullmatch(str(members[0][0])):
            where = (*loc, key, members[0][0])
            yield (
                where,
                "is not an operator and a field NAME (=, %, ><, >, >=, <, <=, ! to exclude)",
            )
        elif any(php.is_array(inner) for _, inner in php.items(members[0][1])):
            yield (*loc, key, members[0][0]), "holds nested arrays; values are one list of strings"


def check(request: Request) -> Iterator[Finding]:
    given = recorded.fields(request)
    if "filter" not in given:
        return
    if "select" not in given:
        yield Finding(("filter",), "BL791", part=Part.KEY)
    for loc, what in _problems(given["filter"]):
        where = "".join(f"[{key}]" for key in loc[1:])
        yield Finding(loc, "BL790", {"where": where, "what": what}, Part.KEY)
