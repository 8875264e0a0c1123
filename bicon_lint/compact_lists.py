"""Large table column lists and filter value lists kept as text: a 300,000-column ``table.add``
without 300,000 dicts, a ``list`` call filtering on 3 million ids without 3 million ints.

Beside ``compact``'s settings runs, the JSON loader, for a large text (at least
``compact.MIN_CHARS`` characters), looks for two more kinds of *runs*: at least :data:`RUN_CHUNK`
consecutive array items each followed by a comma, matched by one regular expression that admits
only items whose decoded value is certain and that the rules reading them accept without a word.

*Column runs* (a ``biconnector.table.add``/``dataset.add`` may send hundreds of thousands of
columns; ``fields.update`` sends them in ``add``), searched in texts that name ``externalCode``
in any of its spellings:

* the keys ``name``, ``externalCode`` and ``type``, each written once in one of the spellings
  the server's key conversion turns into it (:data:`SPELLINGS`: ``Name``, ``external_code``...;
  a run tells whether all its keys are spelled exactly, the only spelling ``fields.update``'s
  ``add`` items may use), each a string without a backslash (so the
  text *is* the decoded value) and without a control character, and at most one more member
  that no rule reads (``description``: a key of lower-case letters, a string, ``true``,
  ``false``, ``null`` or an integer of at most 18 digits), in any order (JSON whitespace
  anywhere between tokens);
* ``name`` matching ``[A-Z][A-Z0-9_]{0,31}`` (``dataset-column-values`` accepts it on every
  target, and PHP never reads it as an integer key);
* ``externalCode`` 1 to 512 characters (no rule but ``dataset-column-duplicates`` reads it,
  and that one counts it as PHP does: ``"12"`` is the integer key 12);
* ``type`` one of the column types of any server version (:data:`RUN_TYPES`; the run records
  which it holds, ``timezone`` being known from 2026-04 only).

Such a column has the three keys (``dataset-column-keys``) and a valid name; its type is valid
when the target knows every type of its run (``bicon_lint.table_columns``).

*Number runs* (``"@id": [1, 2, ...]`` in a ``list`` call's ``filter``), searched in texts that
name ``filter``: integers of at most 18 digits (``-?[1-9][0-9]{0,17}|0``: what the loader decodes
as the same ``int``, never ``-0``) and strings of 1 to 18 digits, each after a ``[``, a comma or
whitespace (so not the tail of a longer number). Under a filter key an array's items are checked
with their index for a key (``list-filter``): a number, or a numeric string, passes.

Each run is replaced by a placeholder string, the rest decoded as usual, and the placeholders
replaced: a list at a column path (:data:`COLUMN_PATHS`) holding column runs (in ``add``, runs
whose keys are spelled exactly) becomes a
:class:`ColumnArray`, a list that is the value of a ``filter`` key holding number runs a
:class:`NumberArray` (both ``CompactArray``: to ``php`` and every reader the list they stand for);
anywhere else the runs are decoded into an ordinary list. A run found inside a string breaks the
JSON around its placeholder; that, and whatever else looks unusual, sends the whole file down the
ordinary path. tests/test_compact_lists.py lowers the thresholds and checks that every report
equals the ordinary path's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, pairwise, permutations, repeat
from typing import Any, Final, overload

from bicon_lint import compact, php
from bicon_lint.compact import CompactArray, PlainRun

RUN_CHUNK: Final = 256  # a run is at least this many items; found this many at once
RUN_TYPES: Final = ("date", "datetime", "double", "int", "money", "string", "timezone")
# (the key of the list's parent, the list's key): table.add's ``fields.fields``; fields.update's
# ``add`` in an envelope's ``params`` or at the root of bare params (the loader's root is item 0).
COLUMN_PATHS: Final = frozenset({("fields", "fields"), ("params", "add"), (0, "add")})
FILTER_KEY: Final = "filter"  # a number run is kept in the value of a key of this object

_PLACEHOLDER: Final = "\x00\x00bicon-lint list run "
_PLACEHOLDER_JSON: Final = '"\\u0000\\u0000bicon-lint list run {}"'
_WS: Final = rf"[ \t\n\r]*{compact.POSSESSIVE}"
_NAME: Final = r'"[A-Z][A-Z0-9_]{0,31}"'
_CODE: Final = r'"[^"\\\x00-\x1f]{1,512}"'
_TYPE: Final = '"(?:' + "|".join(RUN_TYPES) + ')"'
# Every spelling of a column key that the server's key conversion (``php.convert_key``:
# ``camel2snake``, then upper case) turns into NAME, EXTERNAL_CODE or TYPE: a capital after the
# first character gains an underscore before it unless it follows one that just did (``COde``),
# so the first letter's case and externalCode's ``C``, ``CO`` or ``_c`` are free
# (tests/test_compact_lists.py tries every candidate). The exact spelling comes first.
SPELLINGS: Final = {
    "name": ("name", "Name"),
    "externalCode": (
        "externalCode",
        "ExternalCode",
        "externalCOde",
        "ExternalCOde",
        "external_code",
        "External_code",
    ),
    "type": ("type", "Type"),
}
# The same as patterns (tests/test_compact_lists.py compares them), written with character
# classes: an alternation of words costs the run's pattern twice the time.
_KEYS: Final = {"name": "[nN]ame", "externalCode": "[eE]xternal(?:C[oO]|_co)de", "type": "[tT]ype"}
_MEMBERS: Final = {
    f'"(?:{_KEYS["name"]})"': _NAME,
    f'"(?:{_KEYS["externalCode"]})"': _CODE,
    f'"(?:{_KEYS["type"]})"': _TYPE,
}
# A key spelled otherwise than ``fields.update`` reads it (exactly, with ``isset``).
_SPELLED: Final = re.compile(
    '"(?:'
    + "|".join(spelling for spellings in SPELLINGS.values() for spelling in spellings[1:])
    + rf')"{_WS}:'
)
_NUMBER: Final = r'(?:-?[1-9][0-9]{0,17}|0|"[0-9]{1,18}")'
_AFTER: Final = r"(?<=[\[, \t\n\r])"  # where an array item starts
_DECODE: Final = json.JSONDecoder().decode  # a run's text: no escape, integers of 18 digits


# One more member a plain column may have, which no rule reads: a key of lower-case letters that
# is not ``name`` or ``type`` (it converts to itself in capitals: never NAME, EXTERNAL_CODE or
# TYPE, never a repeated key), and a string, ``true``, ``false``, ``null`` or an integer.
_EXTRA_KEY: Final = r'"(?!name"|type")[a-z]{1,64}"'
_EXTRA_VALUE: Final = r'(?:"[^"\\\x00-\x1f]*"|true|false|null|-?[1-9][0-9]{0,17}|0)'


def _column(ws: str) -> str:
    """One plain column, its keys in any order; ``ws`` between its tokens."""
    members = [f"{key}{ws}:{ws}{value}" for key, value in _MEMBERS.items()]
    extra = f"{_EXTRA_KEY}{ws}:{ws}{_EXTRA_VALUE}"
    orders = [
        *(f"{ws},{ws}".join(order) for order in permutations(members)),
        *(f"{ws},{ws}".join(order) for order in permutations([*members, extra])),
    ]
    return rf"\{{{ws}(?:{'|'.join(orders)}){ws}\}}"


class _Patterns:
    __slots__ = (
        "chunk",
        "codes",
        "dense",
        "marker",
        "names",
        "numeric",
        "one",
        "spaced",
        "tail",
        "types",
    )

    def __init__(self, spaced: str, dense: str, chunk: int, marker: str, start: str = "") -> None:
        self.spaced = re.compile(rf"(?:{spaced}{_WS},{_WS}){{{chunk}}}")
        self.dense = re.compile(rf"(?:{dense},{_WS}){{{chunk}}}")
        self.one = re.compile(rf"{start}{spaced}{_WS},{_WS}")
        self.tail = re.compile(rf"(?:{spaced}{_WS},{_WS})+")  # fewer than a chunk, at once
        self.marker = re.compile(marker)  # found once in each item, and nowhere else in it
        # In a column run no string holds a quote: a key followed by a colon is a key.
        name, code, kind = (f'"(?:{_KEYS[key]})"{_WS}:{_WS}' for key in SPELLINGS)
        # [a key in any spelling, the key spelled exactly (a literal: found much faster)]
        exact_name, exact_code = (f'"{key}"{_WS}:{_WS}' for key in ("name", "externalCode"))
        self.names = [re.compile(f'{key}"([^"]*)"') for key in (name, exact_name)]
        self.codes = [re.compile(f'{key}"([^"]*)"') for key in (code, exact_code)]
        self.numeric = [re.compile(rf'{key}"[\-0-9]') for key in (code, exact_code)]
        self.types = {each: re.compile(f'{kind}"{each}"') for each in RUN_TYPES}
        self.chunk = chunk


@lru_cache(maxsize=8)
def _patterns(kind: str, chunk: int) -> _Patterns:
    if chunk < 2:
        raise ValueError("a run needs at least two items: one item could be an object's member")
    if kind == "column":  # a value holds no quote: "type" before a colon is the key
        return _Patterns(_column(_WS), _column(""), chunk, rf'"(?:{_KEYS["type"]})"{_WS}:')
    return _Patterns(_NUMBER, _NUMBER, chunk, ",", _AFTER)  # a number holds no comma


class ListRun(PlainRun):
    """Consecutive plain items in ``text``, recorded as :class:`compact.PlainRun` records a
    settings run (``start``, ``end``, ``count``, ``marks``, ``chunk``: the locator crosses every
    kind alike). Its items are decoded a chunk at a time, only when iterated."""

    __slots__ = ()
    KIND: str = ""

    def __init__(
        self, text: str, start: int, end: int, count: int, marks: tuple[int, ...], chunk: int
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.count = count
        self.marks = marks
        self.chunk = chunk
        self.types: frozenset[str] = frozenset()

    def _bounds(self) -> Iterator[tuple[int, int]]:
        return pairwise((*self.marks, self.end))

    def _chunk(self, start: int, end: int) -> list[Any]:
        """The items between two marks, decoded (each run item ends with a comma)."""
        body = self.text[start:end].rstrip(" \t\n\r")
        decoded: list[Any] = _DECODE("[" + body[:-1] + "]")
        return decoded

    def items_from(self, index: int) -> Iterator[Any]:
        """The decoded items from the ``index``-th on (a fresh value each)."""
        first = index // self.chunk
        skip = index % self.chunk
        for start, end in list(self._bounds())[first:]:
            items = self._chunk(start, end)
            yield from items[skip:] if skip else items
            skip = 0

    def chunks(self) -> Iterator[list[Any]]:
        """The decoded items, a chunk at a time."""
        for start, end in self._bounds():
            yield self._chunk(start, end)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(start={self.start}, end={self.end}, count={self.count})"


class ColumnRun(ListRun):
    """A run of plain columns; ``types`` are the column types it holds."""

    __slots__ = ()
    KIND = "column"

    def __init__(
        self, text: str, start: int, end: int, count: int, marks: tuple[int, ...], chunk: int
    ) -> None:
        super().__init__(text, start, end, count, marks, chunk)
        found = _patterns(self.KIND, chunk).types
        self.types = frozenset(
            kind
            for kind in RUN_TYPES  # a type's word is found at once; then the key that holds it
            if text.find(f'"{kind}"', start, end) != -1 and found[kind].search(text, start, end)
        )

    def exact(self) -> bool:
        """Is every key of the run spelled exactly (``name``, ``externalCode``, ``type``)?"""
        return _SPELLED.search(self.text, self.start, self.end) is None

    def types_within(self, known: frozenset[str]) -> bool:
        """Is every column type of the run one of ``known``?"""
        return self.types <= known

    def _found(self, patterns: list[re.Pattern[str]]) -> Iterator[tuple[int, int, bool, list[str]]]:
        """Per chunk: its bounds, whether ``patterns[1]`` (a key spelled exactly, much faster to
        find) matches in every column, and the first group of each match of that pattern, or
        else of ``patterns[0]`` (a key in any spelling)."""
        exact, spelled = patterns[1].findall, patterns[0].findall
        for (start, end), size in zip(self._bounds(), self._sizes(), strict=True):
            found = exact(self.text, start, end)
            if len(found) == size:  # each column has one member for the key
                yield start, end, True, found
            else:
                yield start, end, False, spelled(self.text, start, end)

    def _sizes(self) -> Iterator[int]:
        """The number of columns of each chunk."""
        whole, rest = divmod(self.count, self.chunk)
        yield from repeat(self.chunk, whole)
        if rest:
            yield rest

    def names(self) -> Iterator[list[str]]:
        """The columns' ``name`` values, a chunk at a time."""
        for _start, _end, _exact, found in self._found(_patterns(self.KIND, self.chunk).names):
            yield found

    def codes(self) -> Iterator[list[str]]:
        """The columns' ``externalCode`` values, a chunk at a time."""
        for _start, _end, _exact, found in self._found(_patterns(self.KIND, self.chunk).codes):
            yield found

    def code_keys(self) -> Iterator[list[str | int]]:
        """The columns' ``externalCode`` values as PHP keys them (``php.array_key``: ``"12"`` is
        the integer 12), a chunk at a time."""
        patterns = _patterns(self.KIND, self.chunk)
        for start, end, exact, found in self._found(patterns.codes):
            codes: list[Any] = found
            if patterns.numeric[exact].search(self.text, start, end):  # a code like a number
                codes = [php.array_key(code) for code in codes]
            yield codes


class NumberRun(ListRun):
    """A run of integers and strings of digits."""

    __slots__ = ()
    KIND = "number"


class RunArray(CompactArray):
    """A JSON array some of whose items are kept as text (:class:`ListRun`): ``len``, indexing
    and iteration give exactly the items the JSON decoder would (a fresh value for each run
    item); ``parts`` holds the decoded items between runs and the runs themselves, in order."""

    __slots__ = ()

    def __init__(self, parts: Sequence[Any]) -> None:
        self.parts = tuple(parts)
        sizes = [part.count if isinstance(part, ListRun) else 1 for part in self.parts]
        self._offsets = [0, *accumulate(sizes)]
        self._length = self._offsets[-1]

    def __iter__(self) -> Iterator[Any]:
        for part in self.parts:
            if isinstance(part, ListRun):
                for items in part.chunks():
                    yield from items
            else:
                yield part

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(f"{type(self).__name__} index out of range")
        for first, part in self.segments():
            if isinstance(part, ListRun):
                if index < first + part.count:
                    return next(part.items_from(index - first))
            elif index == first:
                return part
        raise IndexError(f"{type(self).__name__} index out of range")  # pragma: no cover

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.parts)!r})"

    def items_with(self, *needles: str) -> Iterator[tuple[int, Any]]:
        for first, part in self.segments():
            if not isinstance(part, ListRun):
                yield first, part
            elif any(part.contains(needle) for needle in needles):
                yield from enumerate(part, first)

    def decoded(self) -> list[Any]:
        return [part for part in self.parts if not isinstance(part, ListRun)]


class ColumnArray(RunArray):
    """A list of table columns whose runs are :class:`ColumnRun`."""

    __slots__ = ()


class NumberArray(RunArray):
    """The list value of a filter key whose runs are :class:`NumberRun`."""

    __slots__ = ()


def find_runs(text: str, kind: type[ListRun], chunk: int = RUN_CHUNK) -> list[ListRun]:
    """Every run of ``kind`` in ``text`` (at least ``chunk`` items), in order."""
    patterns = _patterns(kind.KIND, chunk)
    dense, spaced, tail = patterns.dense.match, patterns.spaced.match, patterns.tail.match
    runs: list[ListRun] = []
    position = 0
    while (found := patterns.one.search(text, position)) is not None:
        start = found.start()
        first = dense(text, start) or spaced(text, start)
        if first is None:  # fewer than a chunk of plain items here: none of them starts a run
            position = tail(text, start).end()  # type: ignore[union-attr]
            continue
        position, count = first.end(), chunk
        marks = [start]
        while (more := dense(text, position) or spaced(text, position)) is not None:
            marks.append(position)
            position, count = more.end(), count + chunk
        rest = tail(text, position)  # fewer than a chunk left
        if rest is not None:
            marks.append(position)
            count += len(patterns.marker.findall(text, position, rest.end()))
            position = rest.end()
        runs.append(kind(text, start, position, count, tuple(marks), chunk))
    return runs


def find_all(text: str) -> list[ListRun]:
    """The column runs of a text that names ``externalCode`` and the number runs of a text that
    names ``filter`` (with :data:`RUN_CHUNK`), in order; a number run inside a column run (in a
    string) is left out."""
    named = 'xternalCode"' in text or 'xternal_code"' in text  # any spelling of the code key
    columns = find_runs(text, ColumnRun, RUN_CHUNK) if named else []
    numbers = find_runs(text, NumberRun, RUN_CHUNK) if f'"{FILTER_KEY}"' in text else []
    if not numbers:
        return columns
    return sorted([*columns, *_outside(numbers, columns)], key=lambda run: run.start)


def _outside(runs: list[ListRun], others: Sequence[PlainRun]) -> list[ListRun]:
    """The runs of ``runs`` that share no text with any of ``others``."""
    if not others:
        return runs
    spans = sorted((other.start, other.end) for other in others)
    return [run for run in runs if not any(s < run.end and run.start < e for s, e in spans)]


def decode(
    text: str, settings: list[PlainRun], found: list[ListRun], decode: Callable[[str], Any]
) -> tuple[bool, Any, list[PlainRun]]:
    """``compact.decode_with_runs`` with these runs too: ``decode`` the text with each run (of
    any kind) as its placeholder, put this module's runs back, then the settings runs. ``(True,
    value, every run in the order of the text)``, or ``(False, None, [])`` when the ordinary path
    must decide. A run of ``found`` that shares text with a settings run is left out."""
    runs = _outside(found, settings)
    marked: list[tuple[int, int, str]] = [
        (run.start, run.end, compact._PLACEHOLDER_JSON.format(number))
        for number, run in enumerate(settings)
    ]
    marked += [
        (run.start, run.end, _PLACEHOLDER_JSON.format(number)) for number, run in enumerate(runs)
    ]
    marked.sort()
    pieces: list[str] = []
    last = 0
    for start, end, placeholder in marked:
        pieces += (text[last:start], placeholder, ",")
        last = end
    pieces.append(text[last:])
    value = decode("".join(pieces))
    placed = compact.put_back(value, runs, _PLACEHOLDER, _array)
    if placed is None:
        return False, None, []
    every: list[PlainRun] = sorted([*settings, *runs], key=lambda run: run.start)
    if not settings:
        return True, placed[0], every
    again = compact.put_back(placed[0], settings)
    return (True, again[0], every) if again is not None else (False, None, [])


def _settings_placeholder(value: Any) -> bool:
    return type(value) is str and value.startswith(compact._PLACEHOLDER)


def _array(key: object, name: object, parts: list[Any], items: list[Any]) -> Any:
    """What a list with runs becomes where it is: a ColumnArray, a NumberArray, or a list."""
    kinds = {type(part) for part in parts if isinstance(part, ListRun)}
    if not any(map(_settings_placeholder, items)):  # else compact's runs are put back in a list
        if kinds == {ColumnRun} and (key, name) in COLUMN_PATHS and _spelled_right(key, parts):
            return ColumnArray(parts)
        if kinds == {NumberRun} and key == FILTER_KEY:
            return NumberArray(parts)
    return [item for part in parts for item in (part if isinstance(part, ListRun) else (part,))]


def _spelled_right(key: object, parts: list[Any]) -> bool:
    """Are the runs' keys read where they are? ``table.add``'s columns (``fields.fields``) have
    their keys converted; ``fields.update``'s ``add`` items are read exactly as written."""
    if key == "fields":
        return True
    return all(part.exact() for part in parts if type(part) is ColumnRun)


def unchecked_items(array: Any, counter: list[int]) -> Iterator[tuple[str | int, Any]]:
    """``php.items(array)``, leaving out the items of a :class:`NumberArray`'s runs, each
    counted in ``counter[0]`` as it is passed (``list-filter``, which they all pass: a number, or
    a numeric string, under its numeric index)."""
    if not isinstance(array, NumberArray):
        return php.items(array)
    return _unchecked(array, counter)


def _unchecked(array: NumberArray, counter: list[int]) -> Iterator[tuple[str | int, Any]]:
    for first, part in array.segments():
        if isinstance(part, ListRun):
            counter[0] += part.count
        else:
            yield first, part


def outside_runs(array: Any) -> Iterator[tuple[int, tuple[str | int, Any]]]:
    """``enumerate(php.items(array))``, leaving out the items of a :class:`RunArray`'s runs
    (``fields-update-items``: a run's columns have the keys it wants)."""
    if not isinstance(array, RunArray):
        return enumerate(php.items(array))
    return (
        (first, (first, part)) for first, part in array.segments() if not isinstance(part, ListRun)
    )
