"""The ``filter`` a BI Builder query sends to ``urlData``, built as the portal builds it.

From ``biconnector/lib/DataSourceConnector/Connector/Base.php`` (yuliai/bitrix-modules
``a3a2a579``): ``getData()`` (``:87-119``) starts from the dataset's own ``FILTER`` (none for an
external dataset), adds the date range (``applyDateFilter``, ``:306-382``) as the top-level keys
``>=FIELD`` and ``<=FIELD``, then each dimension filter of the BI client as an integer-keyed group
``['LOGIC' => 'OR', 0 => [<op>FIELD => values], ...]`` (``applyDimensionsFilters``,
``:393-489``). ``ExternalSource/Dataset/Connector/Rest.php:45`` passes the array on unchanged.

Dates are written in the portal's site format (``ConvertTimeStamp($ts, 'FULL'|'SHORT')``,
``main/tools.php:733-739`` → ``GetTime`` → ``Main\\Type\\Date::convertFormatToPhp``,
``main/lib/type/date.php:309-349``), never ISO 8601; which format a portal uses depends on its
language settings, so it is a parameter here (default ``DD.MM.YYYY`` / ``DD.MM.YYYY HH:MI:SS``,
the contract's example).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final, NamedTuple

from bicon_lint.targets import Target

DATE_TYPES: Final = ("date", "datetime")
DEFAULT_DATE_FORMAT: Final = "DD.MM.YYYY"
DEFAULT_DATETIME_FORMAT: Final = "DD.MM.YYYY HH:MI:SS"
# The first server version whose date-range start is formatted FULL, not SHORT (Base.php:355).
FULL_START_SINCE: Final = Target.V2026_04

# The BI client's operators (Google Data Studio filter format) and the key prefix the portal
# writes for each (Base.php:436-479). Every other operator (REGEXP_PARTIAL_MATCH,
# REGEXP_EXACT_MATCH, ...) is dropped from the filter: only ``canBeFiltered`` changes, which the
# REST filter does not read.
OPERATORS: Final = {
    "EQUALS": "=",
    "IN_LIST": "=",
    "CONTAINS": "%",
    "IS_NULL": "=",  # the value is PHP false: on the wire "0"
    "BETWEEN": "><",
    "NUMERIC_GREATER_THAN": ">",
    "NUMERIC_GREATER_THAN_OR_EQUAL": ">=",
    "NUMERIC_LESS_THAN": "<",
    "NUMERIC_LESS_THAN_OR_EQUAL": "<=",
}
DROPPED: Final = ("REGEXP_PARTIAL_MATCH", "REGEXP_EXACT_MATCH")


class FilterError(ValueError):
    """The filter asked for is one the portal cannot send (or this module cannot reproduce)."""


class DateRange(NamedTuple):
    """``dateRange`` of the BI client's query (``YYYY-MM-DD``) and ``configParams.timeFilterColumn``."""

    start: str | None = None
    end: str | None = None
    column: str = ""


class Condition(NamedTuple):
    """One dimension filter condition: ``fieldName``, ``operator``, ``values``, ``type``."""

    field: str
    operator: str
    values: str | Sequence[str] = ()
    exclude: bool = False  # type EXCLUDE: the key is prefixed with "!"


class BiFilter(NamedTuple):
    """What the BI client asked for, and what the portal knows that decides the encoding."""

    date_range: DateRange | None = None
    groups: Sequence[Sequence[Condition]] = ()  # dimensionsFilters: groups ANDed, each ORed
    # The dataset's fields in order, NAME -> type (int, string, double, date, datetime, money):
    # the date range falls on the first date/datetime field unless it names one, and the values
    # of date and datetime fields are rewritten in the site format.
    field_types: Mapping[str, str] = {}
    date_format: str = DEFAULT_DATE_FORMAT  # the site's FORMAT_DATE, in Bitrix notation
    datetime_format: str = DEFAULT_DATETIME_FORMAT  # the site's FORMAT_DATETIME


_BITRIX_TO_PHP: Final = (
    ("YYYY", "Y"),
    ("MMMM", "F"),
    ("MM", "m"),
    ("DD", "d"),
    ("TT", "A"),
    ("T", "a"),
    ("MI", "i"),
    ("SS", "s"),
)


def convert_format_to_php(text: str) -> str:
    """``Main\\Type\\Date::convertFormatToPhp``: Bitrix notation to a PHP ``date()`` format, by
    the same sequence of ``str_replace`` calls.

    >>> convert_format_to_php("DD.MM.YYYY HH:MI:SS"), convert_format_to_php("MM/DD/YYYY H:MI:SS T")
    ('d.m.Y H:i:s', 'm/d/Y h:i:s a')
    """
    for old, new in _BITRIX_TO_PHP:
        text = text.replace(old, new)
    text = text.replace("HH", "H") if "HH" in text else text.replace("H", "h")
    return text.replace("GG", "G") if "GG" in text else text.replace("G", "g")


_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def php_date(php_format: str, moment: datetime) -> str:
    """PHP's ``date()`` for the characters a site date format uses; another letter is refused.

    >>> php_date("d.m.Y H:i:s", datetime(2026, 8, 1, 7, 5, 9)), php_date("m/d/Y h:i:s a", datetime(2026, 8, 1, 13))
    ('01.08.2026 07:05:09', '08/01/2026 01:00:00 pm')
    """
    hour12 = moment.hour % 12 or 12
    values = {
        "d": f"{moment.day:02d}",
        "j": str(moment.day),
        "m": f"{moment.month:02d}",
        "n": str(moment.month),
        "Y": str(moment.year),
        "y": f"{moment.year % 100:02d}",
        "F": _MONTHS[moment.month - 1],
        "M": _MONTHS[moment.month - 1][:3],
        "D": _DAYS[moment.weekday()][:3],
        "l": _DAYS[moment.weekday()],
        "H": f"{moment.hour:02d}",
        "G": str(moment.hour),
        "h": f"{hour12:02d}",
        "g": str(hour12),
        "i": f"{moment.minute:02d}",
        "s": f"{moment.second:02d}",
        "A": "AM" if moment.hour < 12 else "PM",
        "a": "am" if moment.hour < 12 else "pm",
    }
    out: list[str] = []
    chars = iter(php_format)
    for char in chars:
        if char == "\\":  # the next character is written as it is
            out.append(next(chars, ""))
        elif not (char.isascii() and char.isalpha()):
            out.append(char)
        elif char in values:
            out.append(values[char])
        else:
            raise FilterError(f"the date format character {char!r} is not supported here")
    return "".join(out)


_DAY: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_STRTOTIME: Final = re.compile(
    r"([0-9]{4})-?([0-9]{2})-?([0-9]{2})(?:[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?"
)


def _day(text: str, what: str) -> datetime:
    """``MakeTimeStamp($text, 'YYYY-MM-DD')``: a calendar day."""
    match = _DAY.fullmatch(text)
    try:
        if match is not None:
            year, month, day = map(int, match.groups())
            return datetime(year, month, day)
    except ValueError:
        pass
    return _invalid(text, what)


def _invalid(text: str, what: str) -> datetime:
    raise FilterError(f"{what} {text!r} is not a date YYYY-MM-DD")


def strtotime(text: str) -> datetime:
    """``strtotime`` for the values a BI client sends for a date field (``2026-08-01``,
    ``20260801``, ``2026-08-01 10:00[:00]``, ``2026-08-01T10:00:00``); in the portal an unreadable
    value becomes the current time (``ConvertTimeStamp(false)``), which is refused here."""
    match = _STRTOTIME.fullmatch(text.strip())
    try:
        if match is not None:
            year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
            return datetime(year, month, day, hour, minute, second)
    except ValueError:
        pass
    raise FilterError(
        f"strtotime() cannot read the date value {text!r}: the portal would send the current time"
    )


def _format(bi: BiFilter, moment: datetime, full: bool) -> str:
    return php_date(convert_format_to_php(bi.datetime_format if full else bi.date_format), moment)


def date_filter(bi: BiFilter, target: Target) -> dict[str | int, Any]:
    """``applyDateFilter``: ``>=F`` (SHORT before 2026-04, FULL since) and ``<=F`` (FULL, the end
    day's 23:59:59) on the named date/datetime field, else the dataset's first one."""
    found = bi.date_range
    if found is None or (found.start is None and found.end is None):
        return {}
    types = bi.field_types
    column = found.column if types.get(found.column) in DATE_TYPES else None
    column = column or next((name for name, kind in types.items() if kind in DATE_TYPES), None)
    if column is None:
        raise FilterError(
            "a date range needs a date or datetime field of the dataset (none is declared): the "
            "portal would send no date filter at all"
        )
    where: dict[str | int, Any] = {}
    if found.start is not None:
        start = _day(found.start, "the date range start")
        where[">=" + column] = _format(bi, start, full=target >= FULL_START_SINCE)
    if found.end is not None:
        end = _day(found.end, "the date range end") + timedelta(hours=23, minutes=59, seconds=59)
        where["<=" + column] = _format(bi, end, full=True)
    return where


def _converted(bi: BiFilter, kind: str | None, values: str | Sequence[str]) -> Any:
    if kind not in DATE_TYPES:
        return values if isinstance(values, str) else list(values)
    full = kind == "datetime"
    if isinstance(values, str):
        return _format(bi, strtotime(values), full)
    return [_format(bi, strtotime(value), full) for value in values]


def group(bi: BiFilter, conditions: Sequence[Condition]) -> dict[str | int, Any] | None:
    """One dimension filter as the portal's OR group, ``None`` when no condition is left."""
    made: dict[str | int, Any] = {"LOGIC": "OR"}
    for condition in conditions:
        if condition.field not in bi.field_types:
            raise FilterError(
                f"{condition.field!r} is not a field of the dataset: the portal drops a condition "
                "on it (declare the field and its type)"
            )
        operator = condition.operator.upper()
        prefix = OPERATORS.get(operator)
        if prefix is None:
            continue  # REGEXP_* and unknown operators: dropped (Base.php:448-452, 477-478)
        key = ("!" if condition.exclude else "") + prefix + condition.field
        kind = bi.field_types.get(condition.field)
        value = False if operator == "IS_NULL" else _converted(bi, kind, condition.values)
        made[len(made) - 1] = {key: value}
    return made if len(made) > 1 else None


def encode(bi: BiFilter, target: Target) -> dict[str | int, Any]:
    """The ``filter`` array the portal sends: the date keys, then the groups at 0, 1, ...

    >>> bi = BiFilter(DateRange("2026-08-01", "2026-08-31"),
    ...               [[Condition("STAGE", "IN_LIST", ["WON", "LOSE"])]],
    ...               {"DEAL_ID": "int", "CREATED_AT": "datetime", "STAGE": "string"})
    >>> encode(bi, Target.LATEST)
    {'>=CREATED_AT': '01.08.2026 00:00:00', '<=CREATED_AT': '31.08.2026 23:59:59', 0: {'LOGIC': 'OR', 0: {'=STAGE': ['WON', 'LOSE']}}}
    >>> encode(bi, Target.V2026_01)[">=CREATED_AT"]
    '01.08.2026'
    """
    where = date_filter(bi, target)
    index = 0  # ``$sqlWhere[] = $andFilter``: the date keys are strings, so 0, 1, ...
    for conditions in bi.groups:
        made = group(bi, conditions)
        if made is not None:
            where[index] = made
            index += 1
    return where


def from_query(
    query: Mapping[str, Any], field_types: Mapping[str, str], **formats: str
) -> BiFilter:
    """A :class:`BiFilter` from the BI client's own query parameters, as ``getData()`` reads
    them: ``dateRange`` (``startDate``, ``endDate``), ``configParams.timeFilterColumn`` (or
    ``timefiltercolumn``) and ``dimensionsFilters`` (lists of ``{fieldName, values, type,
    operator}``).

    >>> from_query({"dateRange": {"startDate": "2026-08-01"}, "dimensionsFilters": [[{"fieldName":
    ...     "STAGE", "values": ["WON"], "type": "EXCLUDE", "operator": "EQUALS"}]]}, {}).groups
    [[Condition(field='STAGE', operator='EQUALS', values=['WON'], exclude=True)]]
    """
    if not isinstance(query, Mapping):
        raise FilterError("the BI query must be a JSON object")
    unknown = set(query) - {"dateRange", "dimensionsFilters", "configParams"}
    if unknown:
        raise FilterError(f"the BI query has keys the portal does not read: {sorted(unknown)}")
    date_range = None
    given = query.get("dateRange")
    if isinstance(given, Mapping):
        config = query.get("configParams")
        config = config if isinstance(config, Mapping) else {}
        column = config.get("timeFilterColumn", config.get("timefiltercolumn", ""))
        date_range = DateRange(given.get("startDate"), given.get("endDate"), str(column or ""))
    groups = []
    for top in query.get("dimensionsFilters") or ():
        if not isinstance(top, Sequence) or isinstance(top, str):
            raise FilterError("each dimensionsFilters item must be a list of conditions")
        groups.append([_condition(item) for item in top])
    return BiFilter(date_range, groups, field_types, **formats)


def _condition(item: Any) -> Condition:
    if not isinstance(item, Mapping) or not isinstance(item.get("fieldName"), str):
        raise FilterError("each condition must be an object with a fieldName")
    values = item.get("values", ())
    if not isinstance(values, (str, list)):
        raise FilterError(f"the values of {item['fieldName']!r} must be a string or a list")
    return Condition(
        item["fieldName"], str(item.get("operator", "")), values, item.get("type") == "EXCLUDE"
    )
