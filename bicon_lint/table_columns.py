"""A table's columns as the column rules read them (``dataset-column-keys``, ``-values``,
``-duplicates``): worked out once per request, a large list's runs of plain columns kept whole
(``compact_lists``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final, NamedTuple

from bicon_lint import access, php
from bicon_lint.compact_lists import ColumnArray, ColumnRun
from bicon_lint.engine import shared
from bicon_lint.model import Loc, Request

Cells = dict[str | int, tuple[Loc, Any]]
EXACT: Final = {"NAME": "name", "EXTERNAL_CODE": "externalCode", "TYPE": "type"}


class Keys(NamedTuple):
    """How the columns whose keys are written alike are read (one record for them all): where
    the columns are, each converted key with the payload key that gives its value (the last one
    converting to it, at the first one's place), and whether the three keys are there."""

    base: Loc
    raw: dict[str | int, str | int]
    complete: bool


class Column(NamedTuple):
    """One column ``checkFields`` walks: its place among them, its key in the payload's list, the
    item as sent and how its keys read (its values and their locations made when asked)."""

    position: int
    key: str | int
    item: Any
    keys: Keys

    @property
    def loc(self) -> Loc:
        return (*self.keys.base, self.key)

    @property
    def cells(self) -> Cells:
        """Its values by converted key with their locations."""
        loc, item = self.loc, self.item
        return {name: ((*loc, raw), item[raw]) for name, raw in self.keys.raw.items()}

    def cell(self, name: str) -> tuple[Loc, Any]:
        """The location and value of the converted key ``name``, ``((), None)`` when absent."""
        raw = self.keys.raw.get(name, _MISSING)
        if raw is _MISSING:
            return _ABSENT
        return (*self.keys.base, self.key, raw), self.item[raw]


class Run(NamedTuple):
    """Consecutive plain columns kept as text (``compact_lists``): the place of the first among
    the columns ``checkFields`` walks, its index in the payload's list, and the run. Every column
    of a run has the three keys, a valid name and a type of ``run.types``."""

    position: int
    key: int
    run: ColumnRun


def _raw_columns(request: Request) -> tuple[bool, Any]:
    """Is it ``fields.update`` (its ``add`` items), and the array of columns as sent."""
    if access.action(request) == "fields.update":
        params = request.params if isinstance(request.params, dict) else {}
        return True, params.get("add")
    return False, (access.fields(request) or {}).get("fields")


_MISSING: Final[Any] = object()
_ABSENT: Final[tuple[Loc, Any]] = ((), None)
_ADD: Final[Loc] = ("add",)
_FIELDS: Final[Loc] = ("fields", "fields")
_KNOWN_MAX: Final = 1024  # ways of writing the keys remembered per request
Known = dict[tuple[str | int, ...], Keys]


def _keys(item: Any, known: Known) -> Keys:
    """How a ``table.add`` column's keys read: converted (``php.convert_key``)."""
    if type(item) is not dict:
        return _NOT_AN_OBJECT
    written: tuple[str | int, ...] = tuple(item)
    found = known.get(written)
    if found is None:
        raw: dict[str | int, str | int] = {php.convert_key(key): key for key in written}
        found = Keys(_FIELDS, raw, all(name in raw for name in EXACT))
        if len(known) < _KNOWN_MAX:
            known[written] = found
    return found


_NOT_AN_OBJECT: Final = Keys(_FIELDS, {}, False)
_EXACT_RAW: Final[dict[str | int, str | int]] = {name: raw for name, raw in EXACT.items()}
_EXACT_KEYS: Final = Keys(_ADD, _EXACT_RAW, True)  # fields.update reads the keys as written


def _column(update: bool, position: int, key: str | int, item: Any, known: Known) -> Column | None:
    """The column of ``item`` at ``key`` (``None`` for an ``add`` item that fails ``isset``:
    ``fields.update`` builds its columns from the others, reading the keys exactly as written)."""
    if update:
        if not php.isset(item, *EXACT.values()):
            return None
        return Column(position, key, item, _EXACT_KEYS)
    return Column(position, key, item, _keys(item, known))


@shared  # read by this rule, dataset-column-values and dataset-column-duplicates (twice or more)
def column_parts(request: Request) -> list[Column | Run]:
    """The columns ``checkFields`` walks, in order; the runs of a :class:`ColumnArray` (a large
    list kept as text) are kept whole, each a :class:`Run`. Computed once per request: read-only."""
    update, array = _raw_columns(request)
    found: list[Column | Run] = []
    position = 0
    known: Known = {}
    if isinstance(array, ColumnArray):
        for first, part in array.segments():
            if type(part) is ColumnRun:
                found.append(Run(position, first, part))
                position += part.count
            elif (column := _column(update, position, first, part, known)) is not None:
                found.append(column)
                position += 1
        return found
    for key, item in php.items(array):
        column = _column(update, position, key, item, known)
        if column is not None:
            found.append(column)
            position += 1
    return found


def expanded(request: Request, run: Run) -> Iterator[Column]:
    """The columns of ``run``, decoded, as :func:`column_parts` would give them one by one."""
    update = access.action(request) == "fields.update"
    position = run.position
    known: Known = {}
    for items in run.run.chunks():
        for key, item in enumerate(items, run.key + position - run.position):
            column = _column(update, position, key, item, known)
            if column is not None:  # always: a run's columns pass isset
                yield column
                position += 1


def all_columns(request: Request) -> Iterator[Column]:
    """Every column ``checkFields`` walks, runs decoded (none kept after it is yielded)."""
    for part in column_parts(request):
        if isinstance(part, Run):
            yield from expanded(request, part)
        else:
            yield part


def outside_runs(request: Request, types: frozenset[str]) -> Iterator[Column]:
    """Every column but those of a run whose types are all of ``types`` (``dataset-column-values``
    has nothing to say of them: a plain column's name is valid on every target)."""
    for part in column_parts(request):
        if not isinstance(part, Run):
            yield part
        elif not part.run.types_within(types):
            yield from expanded(request, part)


def columns(request: Request) -> list[tuple[Loc, Cells]]:
    """``(location, cells)`` of every column ``checkFields`` walks, in order."""
    return [(column.loc, column.cells) for column in all_columns(request)]


def irregular(parts: Iterable[Column | Run]) -> Iterator[Column]:
    """The columns outside runs (a run's columns all have the three keys)."""
    for part in parts:
        if isinstance(part, Column):
            yield part


def complete(cells: Cells) -> bool:
    return all(key in cells for key in EXACT)


_NUMERIC: Final = frozenset("-0123456789")  # how a string PHP keys as an integer starts


def counted(value: Any) -> str | int | None:
    """The key ``array_count_values`` files ``value`` under; ``None`` when it skips it."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    return php.array_key(value) if isinstance(value, str) else value


def distinct(parts: list[Column | Run], key: str) -> bool:
    """True when no two columns count the same value of ``key`` (``NAME`` or ``EXTERNAL_CODE``),
    found without decoding a run; ``False`` also means "not known". A run's names and codes
    (``compact_lists``; a code keyed as ``php.array_key`` keys it) are counted by their hashes:
    equal values hash alike, so distinct hashes are distinct values (two values that merely share
    a hash answer "not known"); a set of 300,000 strings would weigh about 20 MB more. The decoded
    columns' values are counted alike, all at once (before any column is walked for repeats)."""
    hashes: set[int] = set()
    count = 0
    values: list[Any] = []  # the decoded columns' values
    for part in parts:
        if isinstance(part, Run):
            if key == "NAME":  # [A-Z][A-Z0-9_]*: never an integer key
                for chunk in part.run.names():
                    hashes.update(map(hash, chunk))
                    count += len(chunk)
                continue
            for keys in part.run.code_keys():  # "12" is the integer key 12
                hashes.update(map(hash, keys))
                count += len(keys)
            continue
        raw = part.keys.raw.get(key, _MISSING)
        values.append(None if raw is _MISSING else part.item[raw])
    if set(map(type, values)) <= {str}:  # the usual case: strings, keyed as ``counted`` keys them
        found: list[Any] = [php.array_key(v) if v[:1] in _NUMERIC else v for v in values]
    else:
        found = [each for each in map(counted, values) if each is not None]
    hashes.update(map(hash, found))
    return len(hashes) == count + len(found)
