"""An urlData answer as the portal reads it: one pass over its rows, shared by the answer-data-*
rules.

Two paths read the answer. **BI Builder** (``Rest::getData``,
``biconnector/lib/ExternalSource/Source/Rest.php:249-268``, printed by ``printQuery``,
``biconnector/lib/services/microsoftpowerbi.php:103-110``) forwards the body unchanged to a consumer
the portal code does not show. The **dataset preview / sync** (``Rest::getFirstNData``,
``Rest.php:276-312``) decodes it: ``$columns = array_shift($rows)`` (row 0 is the header, the first
member of a JSON object too), ``array_slice($rows, 0, 20)`` (``Viewer/Provider/Rest.php:12`` asks
for 20), then ``array_combine($columns, $row)`` for each of those rows, which throws a ``TypeError``
for a header or row that is no array and a ``ValueError`` when their lengths differ: \\Errors that
nothing catches, so the preview shows PHP's raw message. Each column of the table's description is
then read as ``$sourceRow[CODE]`` (``Viewer/Provider/Rest.php:58-68``) and converted by its type
(``datasetviewer.php:293-388``).

A recorded request with ``select`` came from BI Builder (the preview never sends it:
``getFirstNData`` asks ``getData`` for ``limit`` only, ``Rest.php:292``); one without came from the
preview; without a recorded request the answer is judged for both.

The scan walks the rows once, in order, keeping only counts and the first place of each kind of
problem per column: memory does not grow with the rows, and no row is copied.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from itertools import islice
from typing import Any, Final, NamedTuple

from bicon_lint import answer_links, php, php_date
from bicon_lint.answer_links import Columns
from bicon_lint.engine import shared
from bicon_lint.model import Loc, Request

PREVIEW_ROWS: Final = 20  # Viewer/Provider/Rest.php:12 N_FIRST, Rest.php:298 array_slice
NESTED: Final = (dict, list)
_LEADING_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
KEYS_ERROR: Final = "array_combine(): Argument #1 ($keys) must be of type array, {kind} given"
VALUES_ERROR: Final = "array_combine(): Argument #2 ($values) must be of type array, {kind} given"
LENGTH_ERROR: Final = (
    "array_combine(): Argument #1 ($keys) and argument #2 ($values) must have the same number of "
    "elements"
)


def php_type(value: Any) -> str:
    """The type name PHP 8 puts in a TypeError (``zend_zval_type_name``)."""
    return "array" if php.is_array(value) else php.type_name(value)


class Paths(NamedTuple):
    preview: bool  # the dataset preview / sync decodes this answer
    builder: bool  # BI Builder forwards it


def paths(request: Request) -> Paths:
    sent = answer_links.recorded(request.envelope)
    if not sent:
        return Paths(True, True)
    return Paths(False, True) if "select" in sent else Paths(True, False)


class Tally:
    """The first place of a kind of problem, what it was, and how many there are."""

    __slots__ = ("args", "count", "loc")

    def __init__(self, loc: Loc, args: dict[str, object]) -> None:
        self.loc = loc
        self.args = args
        self.count = 1


class Scan:
    """What one pass over the rows found (see the module's doc)."""

    def __init__(self, header: Any, header_key: str | int | None, rows: int) -> None:
        self.header = header
        self.header_key = header_key  # None: no header row
        self.rows = rows  # data rows, after the header
        self.crashes: list[tuple[Loc, str]] = []  # rows of the preview that array_combine fails
        self.later: Tally | None = None  # rows that would fail it, beyond the preview
        self.objects: Tally | None = None  # rows written as JSON objects
        self.cells: dict[tuple[str, int], Tally] = {}  # (kind, column) -> tally
        self.fresh = False  # a row fed since this was cleared is the first place of something

    def count(self, kind: str, column: int, loc: Loc, args: dict[str, object]) -> None:
        found = self.cells.get((kind, column))
        if found is None:
            self.cells[(kind, column)] = Tally(loc, args)
            self.fresh = True
        else:
            found.count += 1


def rows_of(value: Any) -> Iterator[tuple[str | int, Any]]:
    """``(key, row)`` for each member after the first, as ``array_shift`` leaves them."""
    if isinstance(value, dict):
        return islice(iter(value.items()), 1, None)
    return islice(enumerate(value), 1, None)


def header_keys(header: Any) -> list[str | int]:
    """The array keys ``array_combine`` makes of the header's entries, in order."""
    return [answer_links.key_of(v) for _key, v in php.items(header)]


@shared
def typed_columns(request: Request) -> tuple[Columns | None, dict[int, tuple[str, str]]]:
    """The table's columns (the run's ``dataset.add``/``table.add`` payload for the answer's
    table, else its urlTableDescription answer) and, by header position, the type and code of
    each column the preview converts (the last header entry of a code wins, as in
    ``array_combine``)."""
    table = answer_links.table_of(request.envelope)
    found = None
    if table is not None:
        found = answer_links.dataset_columns(request, table) or answer_links.description_columns(
            request, table
        )
    header = _header(request.params)
    if found is None or header is None or not php.is_array(header[1]):
        return found, {}
    where = {key: position for position, key in enumerate(header_keys(header[1]))}
    typed: dict[int, tuple[str, str]] = {}
    for column in found.items:
        if column.type is not None and column.key in where:
            typed[where[column.key]] = (column.type, column.code)
    return found, typed


def _header(value: Any) -> tuple[str | int, Any] | None:
    if isinstance(value, list) and value:
        return 0, value[0]
    if isinstance(value, dict) and value:
        return next(iter(value.items()))
    return None


@shared
def scan(request: Request) -> Scan | None:
    """The pass over the rows; ``None`` when the answer is no array (``decode()`` gives ``null``
    and the preview is empty: the answer's JSON rules say so)."""
    value = request.params
    if not isinstance(value, (list, dict)):
        return None
    header = _header(value)
    if header is None:
        return Scan(None, None, 0)
    found = Scan(header[1], header[0], len(value) - 1)
    feed = Feeder(request, found)
    for position, (key, row) in enumerate(rows_of(value)):
        feed.row(position, key, row)
    return found


class Feeder:
    """Feeds the rows after the header to a :class:`Scan`, one at a time and in order (the
    pass of :func:`scan`, and of ``data_stream``, which reads the rows from a file)."""

    __slots__ = ("checking", "found", "typed", "width")

    def __init__(self, request: Request, found: Scan) -> None:
        self.found = found
        self.checking = paths(request)
        self.typed = typed_columns(request)[1]
        self.width = len(found.header) if php.is_array(found.header) else -1

    def row(self, position: int, key: str | int, row: Any) -> None:
        """The row at ``position`` (0: the first after the header), whose key is ``key``."""
        found, checking = self.found, self.checking
        preview = checking.preview and position < PREVIEW_ROWS
        kind = type(row)
        if kind is not list or len(row) != self.width:
            _row_shape(found, key, row, self.width, preview)
        if kind is dict:
            if found.objects is None:
                args: dict[str, object] = {
                    "row": row_label(key),
                    "order": _order(found.header, row),
                }
                found.objects, found.fresh = Tally((key,), args), True
            else:
                found.objects.count += 1
            _cells(found, key, tuple(row.values()), self.typed, preview, checking, tuple(row))
        elif kind is list:
            _cells(found, key, row, self.typed, preview, checking, None)


def _order(header: Any, row: dict[str, Any]) -> str:
    """What a row written as an object says of its keys' order, for its message."""
    if php.is_array(header):
        keys = [answer_links.key_of(key) for key in row]
        if keys != header_keys(header):
            return " (its keys are not the header's codes in order)"
    return ""


def _row_shape(found: Scan, key: str | int, row: Any, width: int, preview: bool) -> None:
    if width < 0:  # the header is no array: answer-data-header reports the TypeError
        return
    if not php.is_array(row):
        problem, error = VALUES_ERROR.format(kind=php_type(row)), "TypeError"
        detail = f"is {php_type(row)}, not a list"
    elif len(row) != width:
        problem, error = LENGTH_ERROR, "ValueError"
        detail = f"has {len(row)} value{'s' if len(row) != 1 else ''}"
    else:
        return
    if preview:
        shape = detail if error == "TypeError" else f"{detail}, the header {width}"
        found.crashes.append(
            ((key,), f"{shape}: the dataset preview fails with {error}: {problem}")
        )
        found.fresh = True
    elif found.later is None:
        found.later = Tally((key,), {"row": row_label(key), "detail": detail})
        found.fresh = True
    else:
        found.later.count += 1


def _cells(
    found: Scan,
    key: str | int,
    row: list[Any] | tuple[Any, ...],
    typed: Mapping[int, tuple[str, str]],
    preview: bool,
    checking: Paths,
    names: tuple[Any, ...] | None,
) -> None:
    """The values of one row: arrays anywhere, and the columns the preview converts by type.
    A row without an array value is looked at only in its typed columns."""
    if list in map(type, row) or dict in map(type, row):
        for column, value in enumerate(row):
            if type(value) in NESTED:
                loc: Loc = (key, column if names is None else names[column])
                crash = preview and typed.get(column, ("",))[0] in ("date", "datetime")
                json_kind = "object" if isinstance(value, dict) else "list"
                args: dict[str, object] = {"row": row_label(key), "json": json_kind}
                found.count("nested-crash" if crash else "nested", column, loc, args)
    for column, (kind, _code) in typed.items():
        if column >= len(row):
            continue
        value = row[column]
        if value is None or value == "" or type(value) in NESTED:
            continue
        problem = convert(kind, value, checking)
        if problem is not None:
            loc = (key, column if names is None else names[column])
            found.count(
                problem[0], column, loc, {"row": row_label(key), "value": value, **problem[1]}
            )


def convert(kind: str, value: Any, checking: Paths) -> tuple[str, dict[str, object]] | None:
    """What the preview (and BI Builder) make of a scalar of a column of type ``kind``, when that
    is not the value: ``(problem kind, message arguments)``."""
    if kind in ("date", "datetime"):
        formats = php_date.DATE_FORMATS if kind == "date" else php_date.DATETIME_FORMATS
        default = php_date.DEFAULT_DATE if kind == "date" else php_date.DEFAULT_DATETIME
        text = php.to_string(value)
        if php_date.reads(text, default):
            return None
        reading = php_date.formats_reading(text, formats)
        if not reading:
            return f"{kind}-blank", {}
        return f"{kind}-format", {"formats": " or ".join(reading), "default": default}
    if not checking.preview and kind != "money":
        return None
    if kind == "int":
        shown = _as_int(value)
        return None if shown is None else ("int", {"shown": shown})
    if kind == "double":
        return _as_double(value)
    if kind == "money" and isinstance(value, str) and not php.is_numeric(value):
        return "money", {"shown": _as_money(value)}
    if kind == "money" and isinstance(value, bool):
        return "money", {"shown": "1.00" if value else "0.00"}
    return None


def _as_int(value: Any) -> str | None:
    """``TypeConverter::convertToInt`` (``(int)$v``, ``PHP_INT_MAX`` → null) when it changes the
    value, as shown; ``None`` when it keeps it."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return "null (empty)" if value >= php.INT_MAX else None
    if isinstance(value, float):
        number = php.int_cast(value)
        return None if float(number) == value and number < php.INT_MAX else str(number)
    text = php.to_string(value)
    number = php.int_cast(text)
    if number >= php.INT_MAX:
        return "null (empty)"
    if php.is_numeric(text) and float(text) == number:
        return None  # " 12", "12.0", "1e3": the number meant
    return str(number)


def _as_double(value: Any) -> tuple[str, dict[str, object]] | None:
    """``TypeConverter::convertToDouble`` with the default ``.`` delimiter: a string that is not
    numeric loses what follows its leading number (``"12,5"`` → 12, ``"abc"`` → 0)."""
    if isinstance(value, bool):
        return "double", {"shown": "1" if value else "0", "comma": ""}
    if not isinstance(value, str) or php.is_numeric(value):
        return None
    comma = php.is_numeric(value.replace(",", "."))
    shown = php.float_to_string(_leading_float(value))
    note = ' (read whole only if the dataset\'s double delimiter is ",")' if comma else ""
    return "double", {"shown": shown, "comma": note}


def _leading_float(text: str) -> float:
    """PHP's ``(float)`` of a string: its leading numeric part, else 0."""
    match = _LEADING_NUMBER.match(text.lstrip(" \t\n\r\v\f"))
    return float(match.group()) if match else 0.0


def _as_money(text: str) -> str:
    """``prepareNumberForMoney`` with the ``.`` delimiter: every character but digits, ``-`` and
    ``.`` dropped, then ``(double)``, shown with 2 decimals (``datasetviewer.php:410-413``)."""
    kept = "".join(char for char in html.unescape(text) if char in "0123456789-.")
    number = _leading_float(kept) if kept else 0.0
    return f"{number:.2f}"


def more(count: int) -> str:
    """`` (and N more like it)`` for a problem found ``count`` times."""
    others = count - 1
    return "" if others <= 0 else f" (and {others:,} more like it)"


def row_label(key: str | int) -> str:
    """A row as messages name it: its index in the answer's list, or its key, quoted."""
    return str(key) if isinstance(key, int) else json.dumps(key, ensure_ascii=False)


def shown(value: Any) -> str:
    """A cell's value as written in JSON, shortened for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
