"""``bicon-lint request ENDPOINT``: print what the portal would POST to a connector's endpoint.

The command line is read here (``cli.request`` only declares the options): settings as
``CODE=VALUE``, ``--select NAME[:TYPE]``, the filter mini-language of :func:`parse_filter`, and
the output as the form body, a ``curl`` command or JSON. Every mistake is a
:class:`~bicon_lint.portal_request.PortalRequestError` (the command exits 2 with its message).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, Final

from bicon_lint import bi_filter
from bicon_lint.bi_filter import BiFilter, Condition, DateRange, FilterError
from bicon_lint.portal_request import (
    PortalRequest,
    PortalRequestError,
    as_curl,
    build,
    endpoint_name,
    load_connector,
)
from bicon_lint.targets import Target

FIELD_TYPES: Final = ("int", "string", "double", "date", "datetime", "money", "timezone")
# A condition: [!]FIELD OP VALUES, where OP is one of these (longest first) or "is [not] null".
_SYMBOLS: Final = {
    ">=": "NUMERIC_GREATER_THAN_OR_EQUAL",
    "<=": "NUMERIC_LESS_THAN_OR_EQUAL",
    "><": "BETWEEN",
    "!=": "IN_LIST",  # excluded
    "=": "IN_LIST",
    "~": "CONTAINS",
    ">": "NUMERIC_GREATER_THAN",
    "<": "NUMERIC_LESS_THAN",
}
_CONDITION: Final = re.compile(
    r"\s*(?P<not>!)?\s*(?P<field>[^\s=!<>~]+)\s*(?P<op>>=|<=|><|!=|=|~|>|<)(?P<values>.*)"
)
_NULL: Final = re.compile(
    r"\s*(?P<not>!)?\s*(?P<field>\S+)\s+is\s+(?P<negated>not\s+)?null\s*", re.I
)
_RANGE: Final = re.compile(r"\s*date:(?:(?P<column>[^:]+):)?(?P<start>[^.]*)\.\.(?P<end>.*)")


def pairs(values: Sequence[str], what: str) -> dict[str, str]:
    """``CODE=VALUE`` options as a mapping (a later one wins)."""
    found: dict[str, str] = {}
    for value in values:
        code, equals, text = value.partition("=")
        if not equals or not code:
            raise PortalRequestError(f"{what} {value!r} is not CODE=VALUE")
        found[code] = text
    return found


def fields_and_types(
    select: Sequence[str], extra: Sequence[str]
) -> tuple[list[str], dict[str, str]]:
    """``--select A:int,B`` and ``--field C:date``: the selected NAMEs and every field's type."""
    names: list[str] = []
    types: dict[str, str] = {}
    for given, selected in [(item, True) for item in select] + [(item, False) for item in extra]:
        for part in (piece.strip() for piece in given.split(",")):
            if not part:
                continue
            name, _, kind = part.partition(":")
            kind = kind.strip().lower() or "string"
            if kind not in FIELD_TYPES:
                raise PortalRequestError(
                    f"field type {kind!r} of {name!r} is not one of {', '.join(FIELD_TYPES)}"
                )
            types[name.strip()] = kind
            if selected:
                names.append(name.strip())
    return names, types


def parse_filter(texts: Sequence[str], types: dict[str, str], formats: dict[str, str]) -> BiFilter:
    """The ``--filter`` options as one :class:`BiFilter`. Each option is a JSON object (the BI
    client's ``dateRange``/``dimensionsFilters``/``configParams``), a date range
    ``date:[FIELD:]START..END``, or one group of conditions joined by ``|`` (OR): ``FIELD=A,B``,
    ``FIELD!=A``, ``FIELD~text``, ``FIELD><1,9``, ``FIELD>5`` (``>=``, ``<``, ``<=``),
    ``FIELD is null``; a leading ``!`` excludes. Separate options are ANDed.

    >>> parse_filter(["date:2026-08-01..", "STAGE=WON,LOSE | !AMOUNT>5"], {}, {}).groups
    [[Condition(field='STAGE', operator='IN_LIST', values=['WON', 'LOSE'], exclude=False), Condition(field='AMOUNT', operator='NUMERIC_GREATER_THAN', values=['5'], exclude=True)]]
    """
    date_range: DateRange | None = None
    groups: list[list[Condition]] = []
    for text in texts:
        if text.lstrip().startswith("{"):
            try:
                query = json.loads(text)
            except ValueError as error:
                raise PortalRequestError(f"--filter {text!r} is not valid JSON: {error}") from None
            given = bi_filter.from_query(query, types)
            date_range = given.date_range or date_range
            groups.extend([list(group) for group in given.groups])
        elif match := _RANGE.fullmatch(text):
            start, end = match["start"].strip() or None, match["end"].strip() or None
            date_range = DateRange(start, end, (match["column"] or "").strip())
        else:
            groups.append([_condition(part) for part in text.split("|")])
    return BiFilter(date_range, groups, types, **formats)


def _condition(text: str) -> Condition:
    if null := _NULL.fullmatch(text):
        exclude = bool(null["not"]) != bool(null["negated"])
        return Condition(null["field"], "IS_NULL", (), exclude)
    match = _CONDITION.fullmatch(text)
    if match is None:
        raise PortalRequestError(
            f"--filter condition {text.strip()!r} is not FIELD=VALUES (or !=, ~, ><, >, >=, <, <=, "
            "is null)"
        )
    values = [value.strip() for value in match["values"].split(",")]
    exclude = bool(match["not"]) != (match["op"] == "!=")
    return Condition(match["field"], _SYMBOLS[match["op"]], values, exclude)


def render(request: PortalRequest, output: str) -> str:
    """The request as the body (no newline: it is the exact body), a curl command, or JSON."""
    if output == "form":
        return request.body
    if output == "curl":
        return as_curl(request) + "\n"
    shown: dict[str, Any] = {
        "url": request.url,
        "method": "POST",
        "headers": request.headers,
        "fields": request.fields,
        "body": request.body,
    }
    return json.dumps(shown, indent=2, ensure_ascii=False) + "\n"


def run(
    endpoint: str,
    connector_path: str,
    *,
    method: str | None,
    settings: Sequence[str],
    raw_settings: bool,
    table: str | None,
    search: str,
    select: Sequence[str],
    dataset_fields: Sequence[str],
    filters: Sequence[str],
    map_fields: Sequence[str],
    limit: int | None,
    date_format: str,
    datetime_format: str,
    target: Target,
    output: str,
) -> str:
    """What ``bicon-lint request`` prints; raises :class:`PortalRequestError` (or ``LoadError``)."""
    name = endpoint_name(endpoint)  # the endpoint first: its mistake is the one to report
    connector = load_connector(connector_path, method=method, target=target)
    names, types = fields_and_types(select, dataset_fields)
    formats = {"date_format": date_format, "datetime_format": datetime_format}
    try:
        where = parse_filter(filters, types, formats) if filters else None
        request = build(
            name,
            connector,
            pairs(settings, "--setting"),
            table=table,
            select=names,
            filter=where,
            limit=limit,
            target=target,
            search=search,
            map_fields=pairs(map_fields, "--map-field"),
            raw_settings=raw_settings,
        )
    except FilterError as error:
        raise PortalRequestError(str(error)) from None
    return render(request, output)
