"""Large ``settings`` arrays kept as text: a 30 MB connector payload without 500,000 dicts.

A connector's ``settings`` may hold hundreds of thousands of items, nearly all of them written
like ``{"name": "Login", "type": "STRING", "code": "login"}``. Decoded, each is a dict of three
strings (about 350 bytes), and every rule would walk them all. So the JSON loader, for a large
text, first looks for *plain runs*: at least :data:`RUN_CHUNK` consecutive array items each
followed by a comma, matched by one regular expression (:func:`_patterns`) that admits only items
whose decoded value is certain:

* exactly the keys ``name``, ``type``, ``code``, in that order (JSON whitespace anywhere between
  tokens);
* every value a string without a backslash (so the text *is* the decoded value) and without a
  control character, but for ``name``, which may also be an integer of at most 18 digits (a
  64-bit integer in PHP and here: ``-?[1-9][0-9]{0,17}|0``, never ``-0``);
* a string ``name`` 1 to 512 characters, at least one of them not whitespace (``str.isspace``);
* ``type`` one of the setting types of any server version (:data:`RUN_TYPES`);
* ``code`` 1 to 512 characters from ``[A-Za-z0-9_.-]``.

Those are the items ``access.is_plain`` accepts (given a type the target knows), which no
per-item settings rule reports. A run can only be array items: in valid JSON its ``{`` cannot sit
inside a string (the ``"`` after it would end that string before ``name``), and a ``{`` after a
comma is a value only inside an array.

Each run is replaced by a placeholder string and the rest decoded as usual; the placeholders are
then replaced. A list found at ``fields.settings`` becomes a :class:`CompactArray` (a read-only
sequence that decodes a run's items only when iterated); anywhere else the runs are decoded into
an ordinary list. Whatever looks unusual (a placeholder where a run cannot be, a string that
looks like a placeholder in the file itself, text that does not decode) sends the whole file down
the ordinary path, so only the representation differs, never the value. tests/test_compact.py
lowers the thresholds and checks that every report equals the ordinary path's.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import Any, Final, overload

from bicon_lint.contract import setting_types
from bicon_lint.targets import Target

MIN_CHARS: Final = 1 << 20  # texts shorter than this are decoded as usual
RUN_CHUNK: Final = 256  # a run is at least this many items; its items are found this many at once
RUN_TYPES: Final = tuple(sorted(frozenset().union(*(setting_types(t) for t in Target))))
SETTINGS_PATH: Final = ("fields", "settings")  # the parent's key and the list's own key

# A placeholder cannot be confused with the file's own strings: a decoded string starting with it
# anywhere in the file makes the loader take the ordinary path.
_PLACEHOLDER: Final = "\x00\x00bicon-lint plain run "
_PLACEHOLDER_JSON: Final = '"\\u0000\\u0000bicon-lint plain run {}"'
# "*+" (possessive: never given back) where the regex engine has it, Python 3.11 on; the patterns
# are written so that a plain "*" matches the same text (3.10), only with more backtracking.
POSSESSIVE: Final = "+" if sys.version_info >= (3, 11) else ""
_WS: Final = rf"[ \t\n\r]*{POSSESSIVE}"
_NAME: Final = r'(?=[^"\\\x00-\x1f]*?[^"\\\x00-\x1f\s])[^"\\\x00-\x1f]{1,512}'
_CODE: Final = r"[A-Za-z0-9_.\-]{1,512}"
_NUMBER: Final = r"-?[1-9][0-9]{0,17}|0"  # an integer name, as json_loader decodes it


def _item(ws: str) -> str:
    """One plain item; ``ws`` between its tokens."""
    types = "|".join(re.escape(kind) for kind in RUN_TYPES)
    return (
        rf'\{{{ws}"name"{ws}:{ws}(?:"(?P<name>{_NAME})"|(?P<number>{_NUMBER})){ws},{ws}"type"{ws}:{ws}"(?P<type>{types})"'
        rf'{ws},{ws}"code"{ws}:{ws}"(?P<code>{_CODE})"{ws}\}}'
    )


class _Patterns:
    __slots__ = ("chunk", "codes", "dense", "one", "spaced", "types")

    def __init__(self, chunk: int) -> None:
        spaced, dense = _item(_WS), _item("")
        strip = re.compile(r"\(\?P<\w+>")  # the chunk patterns need no groups
        spaced_bare, dense_bare = strip.sub("(?:", spaced), strip.sub("(?:", dense)
        # ``chunk`` items, each with its comma and the whitespace after it: a match ends where
        # the next item starts. ``dense`` (no whitespace inside items) is tried first: faster.
        self.spaced = re.compile(rf"(?:{spaced_bare}{_WS},{_WS}){{{chunk}}}")
        self.dense = re.compile(rf"(?:{dense_bare},{_WS}){{{chunk}}}")
        self.one = re.compile(rf"{spaced}{_WS},{_WS}")
        self.codes = re.compile(rf'"code"{_WS}:{_WS}"({_CODE})"')
        self.types = {
            kind: re.compile(rf'"type"{_WS}:{_WS}"{re.escape(kind)}"') for kind in RUN_TYPES
        }
        self.chunk = chunk


@lru_cache(maxsize=4)
def _patterns(chunk: int) -> _Patterns:
    if chunk < 2:
        raise ValueError("a run needs at least two items: one item could be an object's member")
    return _Patterns(chunk)


class PlainRun:
    """Consecutive plain items in ``text``: ``start`` is the first item's ``{``, ``end`` where the
    item after the run starts (past the last item's comma), ``marks`` where the items 0, chunk,
    2 * chunk, ... of the run start (each of them below ``count``)."""

    __slots__ = ("chunk", "count", "end", "marks", "start", "text", "types")

    def __init__(
        self, text: str, start: int, end: int, count: int, marks: tuple[int, ...], chunk: int
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.count = count
        self.marks = marks
        self.chunk = chunk
        found = _patterns(chunk).types
        self.types = frozenset(kind for kind in RUN_TYPES if found[kind].search(text, start, end))

    def __iter__(self) -> Iterator[dict[str, str | int]]:
        return self.items_from(0)

    def items_from(self, index: int) -> Iterator[dict[str, str | int]]:
        """The decoded items from the ``index``-th on (each a fresh dict)."""
        patterns = _patterns(self.chunk)
        position = self.marks[index // self.chunk]
        skip = index % self.chunk
        for found in patterns.one.finditer(self.text, position, self.end):
            if skip:
                skip -= 1
                continue
            name = found["name"]
            yield {
                "name": int(found["number"]) if name is None else name,
                "type": found["type"],
                "code": found["code"],
            }

    def plain_for(self, target: Target) -> bool:
        """Is every item of the run plain on ``target`` (``access.is_plain``)?"""
        return self.types <= setting_types(target)

    def codes(self) -> Iterator[list[str]]:
        """The items' codes, a chunk at a time."""
        pattern = _patterns(self.chunk).codes
        bounds = (*self.marks, self.end)
        for start, end in pairwise(bounds):
            yield pattern.findall(self.text, start, end)

    def contains(self, needle: str) -> bool:
        return self.text.find(needle, self.start, self.end) != -1

    def __repr__(self) -> str:
        return f"PlainRun(start={self.start}, end={self.end}, count={self.count})"


class CompactArray:
    """A JSON array at ``fields.settings``, its plain runs kept as text (:class:`PlainRun`).

    A read-only sequence (deliberately not a ``collections.abc.Sequence``: ``isinstance`` against
    an ABC is slow, and ``php.is_array`` asks it of every value of every payload): ``len``, indexing and iteration give exactly the items the JSON decoder
    would (a fresh dict for each run item); ``php.is_array``/``php.items`` treat it as the PHP
    array it is. ``parts`` holds the decoded items between runs and the runs themselves, in order.
    It is not a ``list`` (``json.dumps`` refuses it rather than write it wrong).
    """

    __slots__ = ("_length", "_offsets", "parts")

    def __init__(self, parts: Sequence[Any]) -> None:
        self.parts: tuple[Any, ...] = tuple(parts)
        sizes = [part.count if type(part) is PlainRun else 1 for part in self.parts]
        self._offsets = [0, *accumulate(sizes)]  # where each part starts
        self._length = self._offsets[-1]

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[Any]:
        for part in self.parts:
            if type(part) is PlainRun:
                yield from part
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
            raise IndexError("CompactArray index out of range")
        at = bisect_right(self._offsets, index) - 1
        part = self.parts[at]
        if type(part) is PlainRun:
            return next(part.items_from(index - self._offsets[at]))
        return part

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, CompactArray)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CompactArray({list(self.parts)!r})"

    def segments(self) -> Iterator[tuple[int, Any]]:
        """``(index of the first item, part)`` for each part."""
        return zip(self._offsets, self.parts, strict=False)

    def items_with(self, *needles: str) -> Iterator[tuple[int, Any]]:
        """``(index, item)`` like ``enumerate``, leaving out the items of each plain run whose
        text holds none of ``needles`` (a run item's strings are its text: no escapes)."""
        for first, part in self.segments():
            if type(part) is not PlainRun:
                yield first, part
            elif any(part.contains(needle) for needle in needles):
                yield from enumerate(part, first)

    def decoded(self) -> list[Any]:
        """The items that are not in a run: the only ones that can hold an escape, a float, a
        nested container (what ``json.dumps(..., default=...)`` needs to look at)."""
        return [part for part in self.parts if type(part) is not PlainRun]


def find_runs(text: str, chunk: int = RUN_CHUNK) -> list[PlainRun]:
    """Every plain run of ``text`` (at least ``chunk`` items), in order."""
    patterns = _patterns(chunk)
    dense, spaced, one = patterns.dense.match, patterns.spaced.match, patterns.one.match
    runs: list[PlainRun] = []
    position = 0
    while (found := patterns.one.search(text, position)) is not None:  # a plain item, and ","
        start = found.start()
        first = dense(text, start) or spaced(text, start)
        if first is None:  # fewer than a chunk of plain items here: none of them starts a run
            position = found.end()
            while (single := one(text, position)) is not None:
                position = single.end()
            continue
        position, count = first.end(), chunk
        marks = [start]
        while (more := dense(text, position) or spaced(text, position)) is not None:
            marks.append(position)
            position, count = more.end(), count + chunk
        if one(text, position) is not None:  # fewer than a chunk left: one by one
            marks.append(position)
        while (single := one(text, position)) is not None:
            position, count = single.end(), count + 1
        runs.append(PlainRun(text, start, position, count, tuple(marks), chunk))
    return runs


def decode_with_runs(
    text: str, runs: list[PlainRun], decode: Callable[[str], Any]
) -> tuple[bool, Any]:
    """``decode`` the text with each run as a placeholder, then put the runs back: ``(True,
    value)``, or ``(False, None)`` when the ordinary path must decide (see the module's doc).
    ``decode``'s own errors propagate: the caller decodes the original text to place them."""
    pieces: list[str] = []
    last = 0
    for number, run in enumerate(runs):
        pieces += (text[last : run.start], _PLACEHOLDER_JSON.format(number), ",")
        last = run.end
    pieces.append(text[last:])
    value = decode("".join(pieces))
    placed = put_back(value, runs)
    return (True, placed[0]) if placed is not None else (False, None)


def run_number(value: Any, runs: int, placeholder: str = _PLACEHOLDER) -> int | None:
    """The run a ``placeholder`` string stands for; ``-1`` for a string that merely looks like
    one."""
    if type(value) is not str or not value.startswith(placeholder):
        return None
    tail = value[len(placeholder) :]
    if tail.isdecimal() and tail == str(int(tail)) and int(tail) < runs:
        return int(tail)
    return -1


# What a list holding runs becomes: (its parent's key, its own key, its parts, the list as decoded).
Build = Callable[[object, object, list[Any], list[Any]], Any]


def put_back(
    value: Any, runs: Sequence[Any], placeholder: str = _PLACEHOLDER, build: Build | None = None
) -> list[Any] | None:
    """``[value]`` with the ``placeholder`` strings replaced by their runs (each list that holds
    some made by ``build``: by default a ``CompactArray`` at ``SETTINGS_PATH``, elsewhere an
    ordinary list), or ``None`` if any is out of place."""
    make = _settings_array if build is None else build
    root = [value]
    seen: set[int] = set()
    stack: list[tuple[Any, object]] = [(root, None)]  # (container, its key in its parent)
    while stack:
        container, key = stack.pop()
        members = container.items() if type(container) is dict else enumerate(container)
        for name, child in list(members):
            kind = type(child)
            if (
                kind is str
                and type(container) is dict
                and run_number(child, len(runs), placeholder) is not None
            ):
                return None  # an object's member: not where a run can be
            if kind is dict:
                stack.append((child, name))
            if kind is not list:
                continue
            numbers = [run_number(item, len(runs), placeholder) for item in child]
            if all(number is None for number in numbers):
                stack.append((child, name))
                continue
            parts: list[Any] = []
            for index, (item, number) in enumerate(zip(child, numbers, strict=True)):
                if number is None:
                    parts.append(item)
                    if type(item) in (dict, list):
                        stack.append((item, index))
                elif number < 0 or number in seen:
                    return None
                else:
                    seen.add(number)
                    parts.append(runs[number])
            container[name] = make(key, name, parts, child)
    return root if len(seen) == len(runs) else None


def _settings_array(key: object, name: object, parts: list[Any], _decoded: list[Any]) -> Any:
    """A ``CompactArray`` at ``SETTINGS_PATH``; elsewhere an ordinary list."""
    if (key, name) == SETTINGS_PATH:
        return CompactArray(parts)
    return [item for part in parts for item in (part if type(part) is PlainRun else (part,))]
