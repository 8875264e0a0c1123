"""JSON payloads, decoded as PHP's ``json_decode($body, true, 512)`` decodes them.

Fast path: the C decoder of the standard library, with hooks for what PHP does differently
(integers beyond 64 bits become floats; ``NaN``/``Infinity`` are syntax errors) and for duplicate
keys. Positions are found only when a diagnostic needs one, by a targeted :class:`Locator` that
walks to that one path, skipping siblings with the C scanner. The full scanner
(:func:`index_positions`) is iterative, never recursive, so 100,000-deep nesting is a diagnostic,
not a crash; it places syntax errors and duplicate keys, and is the locator's reference in tests.
"""

from __future__ import annotations

import json
import re
import threading
from bisect import bisect_right, insort
from collections.abc import Sequence
from functools import lru_cache
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any, Final

from bicon_lint import compact, compact_lists
from bicon_lint.compact import CompactArray, PlainRun
from bicon_lint.json_body import decoded_int
from bicon_lint.loaders.document import Document, Located, OffsetSpan, PositionIndex, Problem
from bicon_lint.loaders.duplicates import duplicate_problems
from bicon_lint.model import Loc

PHP_MAX_DEPTH: Final = 512  # json_decode($body, true, 512): Json::decode, main/lib/web/json.php

_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")
_NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_WORD: Final = re.compile(r"-?[A-Za-z]+")
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LITERALS: Final = {"true": True, "false": False, "null": None}
_CONTAINERS: Final = (dict, list, CompactArray)
_UNKNOWN: Final = object()  # a Locator not told the decoded value
_SPACE: Final = frozenset(" \t\n\r")  # JSON whitespace
_OBJECT_WALKS: Final = 8  # walks into one object after which the locator indexes its members
_CHECKPOINT: Final = 256  # the locator remembers where every 256th item of an array starts
_QUICK_MAX: Final = 1 << 16  # the texts the locator's one-regex member skip is used for


class JsonSyntaxError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def _reason(error: ValueError, text: str = "") -> str:
    """The decoder's reason without its own position suffix (bicon-lint reports the position)."""
    message: str = getattr(error, "msg", None) or str(error)
    if message.startswith("Invalid control character"):
        at = getattr(error, "pos", None)
        if isinstance(at, int) and 0 <= at < len(text):
            return (
                f"control character U+{ord(text[at]):04X} must be escaped (\\u{ord(text[at]):04x})"
            )
        return "a control character must be escaped"
    return message[0].lower() + message[1:] if message else "invalid string"


def _php_int(literal: str) -> int | float:
    """PHP decodes an integer beyond 64 bits as a float (``9999999999999999999`` → ``1.0E+19``):
    ``json_body.decoded_int``, shared with the values of ``lint_payload`` and of programs."""
    try:
        number = int(literal)
    except ValueError:  # more digits than Python converts (sys.int_info): far beyond 64 bits
        return float(literal)
    return decoded_int(number)


def _reject_constant(name: str) -> Any:
    raise JsonSyntaxError(f"{name} is not valid JSON", -1)


_seen = threading.local()  # .duplicates: the decoding in this thread met a repeated key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        _seen.duplicates = True
    return result


# One decoder for every file (json.loads with hooks would build a new one per call).
_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_pairs, parse_int=_php_int, parse_constant=_reject_constant
)
# The C scanner that skips values for the locator: stateless between calls, shared.
_SKIP: Final = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def load_json(text: str, path: str) -> Document:
    """Decode ``text``; every problem becomes a :class:`Problem` with a position."""
    document = Document(path=path, text=text, _indexer=index_positions)
    nul = text.find("\x00")
    if nul != -1:
        _report_nul(document, nul)
        return document
    try:
        document.value, runs = _decode(text)
    except (ValueError, RecursionError) as error:
        _locate_syntax_error(document, error)
        return document
    duplicates: bool = _seen.duplicates
    literal = "\\" not in text  # no escape anywhere: every string is written as it decodes
    document._locator = Locator(
        text, last_wins=duplicates, runs=runs, value=document.value, literal=literal
    )
    if duplicates:
        _report_duplicates(document)
    if text.count("[") + text.count("{") > PHP_MAX_DEPTH:
        _check_depth(document)
    if not literal and _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(document.value):
        offset = _first_lone_surrogate_offset(text)
        document.server_undecodable = "a lone UTF-16 surrogate escape"
        document.problems.append(
            Problem(
                "BL006",
                "PHP's json_decode rejects a lone UTF-16 surrogate escape: the server ignores the "
                "whole body and sees no parameters.",
                document.span_of(offset, offset + 6),
            )
        )
    return document


def _decode(text: str) -> tuple[Any, list[PlainRun]]:
    """The decoded value, and the plain runs kept as text in it (``compact``: large texts only)."""
    if len(text) >= compact.MIN_CHARS:
        # a settings run names "code" (not a column file's "externalCode"): no search without it
        runs = compact.find_runs(text, compact.RUN_CHUNK) if '"code"' in text else []
        lists = compact_lists.find_all(text)  # table columns and filter ids kept as text too
        if runs or lists:
            _seen.duplicates = False
            try:
                if lists:
                    done, value, runs = compact_lists.decode(text, runs, lists, _DECODER.decode)
                else:
                    done, value = compact.decode_with_runs(text, runs, _DECODER.decode)
            except (ValueError, RecursionError):
                done = False  # the ordinary decoding below finds and places the error
            if done:
                return value, runs
    _seen.duplicates = False
    return _DECODER.decode(text), []


def _report_nul(document: Document, offset: int) -> None:
    """A NUL character is never JSON text: a UTF-16/32 file without a byte order mark, or binary."""
    document.lintable = False
    head = document.text[:256]
    if head.count("\x00") * 3 >= len(head) and head.replace("\x00", "").isascii():
        detail = "the file looks like UTF-16 or UTF-32 without a byte order mark, not UTF-8."
    else:
        detail = f"binary data: a NUL character at offset {offset}."
    document.problems.append(Problem("BL002", detail, document.span_of(offset, offset + 1)))


def _locate_syntax_error(document: Document, error: BaseException) -> None:
    """Find the first syntax error with the strict scanner, which also reports PHP's depth limit."""
    document.lintable = False
    try:
        index_positions(document.text, strict=True, record=False)
    except JsonSyntaxError as located:
        code = "BL006" if located.message.startswith("nesting") else "BL001"
        end = min(located.offset + 1, len(document.text))
        document.problems.append(
            Problem(code, located.message, document.span_of(located.offset, end))
        )
        return
    offset = getattr(error, "pos", 0) or 0
    document.problems.append(
        Problem("BL001", f"invalid JSON: {error}", document.span_of(offset, offset + 1))
    )


def _report_duplicates(document: Document) -> None:
    """Every occurrence of a repeated key, once: PHP's ``json_decode`` keeps the last value."""
    occurrences: dict[Loc, list[OffsetSpan]] = {}
    for loc, first, again in _duplicates_found(document.text):
        spans = occurrences.setdefault(loc, [first])
        spans.append(again)
    for loc, spans in occurrences.items():
        document.problems.extend(duplicate_problems(document, loc, spans))


def max_depth(value: Any, limit: int = PHP_MAX_DEPTH) -> int:
    """Nesting levels of arrays and objects in ``value`` (a scalar is 0), counted level by level
    without recursion; stops counting once past ``limit``.

    >>> max_depth(1), max_depth([]), max_depth({"a": [{"b": []}]}), max_depth([[[[]]]], limit=2)
    (0, 1, 4, 3)
    """
    level = [value] if isinstance(value, _CONTAINERS) else []
    depth = 0
    while level and depth <= limit:
        depth += 1
        # a level's dicts and lists (all a decoder makes) read without a call each: a flood's
        # 500,000 items are one level
        level = [
            child
            for container in level
            for child in (
                container.values()
                if type(container) is dict
                else container
                if type(container) is list
                else _children(container)
            )
            if isinstance(child, _CONTAINERS)
        ]
    return depth


_RUN_ITEM: Final = {"": ""}  # what a plain run's items are, for their depth: objects of strings


def _children(container: Any) -> Any:
    if isinstance(container, dict):
        return container.values()
    if isinstance(container, CompactArray):
        runs = len(container.decoded()) < len(container.parts)
        return [*container.decoded(), _RUN_ITEM] if runs else container.decoded()
    return container


def _check_depth(document: Document) -> None:
    if max_depth(document.value) <= PHP_MAX_DEPTH:
        return
    try:
        index_positions(document.text, strict=True, record=False)
    except JsonSyntaxError as located:
        document.server_undecodable = "nesting deeper than 512 levels"
        document.problems.append(
            Problem("BL006", located.message, document.span_of(located.offset, located.offset + 1))
        )


def _has_lone_surrogate(value: Any) -> bool:
    try:
        # A plain run holds no escape: its items cannot hold a surrogate.
        json.dumps(value, ensure_ascii=False, default=_decoded_items).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _decoded_items(value: object) -> list[Any]:
    if isinstance(value, CompactArray):
        return value.decoded()
    raise TypeError(f"{type(value).__name__} is not a decoded JSON value")


def _first_lone_surrogate_offset(text: str) -> int:
    for match in _SURROGATE_ESCAPE.finditer(text):
        high = match.group()[2].lower() in "89ab"
        follower = text[match.end() : match.end() + 6]
        if not (high and _SURROGATE_ESCAPE.fullmatch(follower) and follower[2].lower() in "cdef"):
            return match.start()
    return 0


def _duplicates_found(text: str) -> list[tuple[Loc, OffsetSpan, OffsetSpan]]:
    found: list[tuple[Loc, OffsetSpan, OffsetSpan]] = []
    index_positions(text, duplicates=found, record=False)
    return found


# A member whose value is a string, a number, true, false or null, with the comma after it.
_P: Final = compact.POSSESSIVE
_STRING: Final = rf'"[^"\\]*{_P}(?:\\.[^"\\]*{_P})*{_P}"'
_SIMPLE_MEMBER: Final = (
    rf"{_STRING}[ \t\n\r]*{_P}:[ \t\n\r]*{_P}"
    rf"(?:{_STRING}|-?[0-9][0-9.eE+\-]*{_P}|true|false|null)[ \t\n\r]*{_P},[ \t\n\r]*{_P}"
)


# An object of such members only (the last without its comma), or an empty one: crossed by one
# match instead of decoding it (``Locator._end``: a long list's items, one after another).
_SIMPLE_OBJECT: Final = re.compile(
    rf"\{{[ \t\n\r]*{_P}(?:\}}|(?:{_SIMPLE_MEMBER})*{_P}{_STRING}[ \t\n\r]*{_P}:[ \t\n\r]*{_P}"
    rf"(?:{_STRING}|-?[0-9][0-9.eE+\-]*{_P}|true|false|null)[ \t\n\r]*{_P}\}})"
)

# Such an object as an array's item, with the comma and whitespace after it: where the next starts.
_SIMPLE_ITEM: Final = re.compile(rf"{_SIMPLE_OBJECT.pattern}[ \t\n\r]*{_P},[ \t\n\r]*{_P}")


@lru_cache(maxsize=256)
def _member_before(name: str) -> re.Pattern[str]:
    """Simple members, then the key ``name`` written plainly (group 1), up to its value. It does
    not match when a container or an escaped spelling of ``name`` comes first: the locator then
    walks member by member."""
    key = re.escape(json.dumps(name, ensure_ascii=False))
    return re.compile(rf"(?:{_SIMPLE_MEMBER})*?({key})[ \t\n\r]*:[ \t\n\r]*", re.DOTALL)


@lru_cache(maxsize=1024)
def _key_token(name: str) -> str:
    """How a key without escapes is written in JSON text: ``"name"``."""
    return json.dumps(name, ensure_ascii=False)


_FOUND_MAX: Final = 4096  # paths a locator remembers


class Locator:
    """Finds where one path's value (and key) stands in valid JSON ``text``, without indexing the
    rest: it walks down the path, skipping each sibling before it with the C scanner.

    It answers what :func:`index_positions` would: the deepest existing part of the path, and for
    a repeated key the last occurrence (the one PHP keeps), which is why ``last_wins`` makes it read
    each object on the way to its end. Arrays remember where every 256th item starts, so a second
    finding in a long ``settings`` list does not skip the list again; the plain runs the loader
    found (``compact.PlainRun``) are crossed by their recorded item offsets, not item by item.
    """

    __slots__ = (
        "_arrays",
        "_entered",
        "_entered_order",
        "_found",
        "_items",
        "_last",
        "_last_wins",
        "_literal",
        "_objects",
        "_runs",
        "_skip",
        "_starts",
        "_text",
        "_value",
    )

    def __init__(
        self,
        text: str,
        *,
        last_wins: bool = False,
        runs: list[PlainRun] | None = None,
        value: Any = _UNKNOWN,
        literal: bool | None = None,
    ) -> None:
        self._text = text
        self._last_wins = last_wins
        self._value = value  # what the text decodes to, when known: for the unique-key shortcut
        self._literal = literal  # no backslash in the text: every string as written (None: ask)
        self._runs = {run.start: run for run in runs or ()}
        self._starts: list[int] | None = None  # the runs' starts in order, made when needed
        self._entered: dict[int, dict[int, int]] = {}  # array start -> {run start: its index}
        self._entered_order: dict[int, list[tuple[int, int]]] = {}  # sorted (index, run start)
        # object start -> the walks into it so far, or its members once indexed (``_member``)
        self._objects: dict[int, int | dict[str, tuple[OffsetSpan, int]]] = {}
        self._skip = _SKIP
        self._items: dict[int, list[int]] = {}  # array start -> starts of items 0, 256, 512, ...
        self._last: dict[int, tuple[int, int]] = {}  # array start -> (index, start) found last
        self._found: dict[Loc, tuple[int, int, OffsetSpan | None]] = {}  # loc -> _walk()
        self._arrays: dict[Loc, tuple[int, OffsetSpan | None]] = {}  # an array's loc -> start, key

    def __call__(self, loc: Loc) -> Located | None:
        """What the full index would answer for ``loc``: how deep it exists, its value span
        and key span."""
        found = self._walked(loc)
        if found is None:
            return None
        depth, start, key = found
        end = self._value_end(depth, start)
        return None if end is None else (depth, (start, end), key)

    def place(self, loc: Loc, key: bool) -> OffsetSpan | None:
        """The span of ``loc``'s key (when ``key`` and it has one) or value, for the deepest part
        of ``loc`` that exists. Only a value's span needs its end: found by skipping the value."""
        if key:
            written_once = self._written_once(loc)  # the usual diagnostic on a key: no walk at all
            if written_once is not None:
                return written_once[0]
        found = self._walked(loc)
        if found is None:
            return None
        depth, start, key_span = found
        if key and key_span is not None:
            return key_span
        end = self._value_end(depth, start)
        return None if end is None else (start, end)

    def place_many(self, wanted: Sequence[tuple[Loc, bool]]) -> list[OffsetSpan | None]:
        """``place`` of each ``(loc, key)``, in order; ``None`` where ``place`` may say more (the
        caller asks ``place`` then). A member of an array's item (``(..., 3, "hint")``: a flood's
        findings, item after item) is found from the item, which the array's last one asked
        leads to, not by a walk from the top; tests/test_floods.py compares with ``place``."""
        arrays: dict[Loc, int | None] = {}  # an array's path -> its start (None: not one)
        # an array's start -> the last item found in it (index, start), as ``_item`` keeps it:
        # the next item asked is reached from there, a simple item (``_SIMPLE_ITEM``) at a time
        cursors = self._last
        step = _SIMPLE_ITEM.match
        text = self._text
        placed: list[OffsetSpan | None] = []
        for loc, key in wanted:
            found: OffsetSpan | None = None
            if (
                len(loc) >= 2
                and type(loc[-1]) is str
                and type(index := loc[-2]) is int
                and index >= 0
                and not self._last_wins
            ):
                parent = loc[:-2]
                if parent in arrays:
                    start = arrays[parent]
                else:
                    walked = self._walked(parent)
                    start = None
                    if walked is not None and walked[0] == len(parent) and text[walked[1]] == "[":
                        start = walked[1]
                    arrays[parent] = start
                member = None
                try:
                    item = None
                    if start is not None:
                        cursor = cursors.get(start)
                        if cursor is not None and cursor[0] <= index and not self._runs:
                            at, item = cursor
                            while at < index and item is not None:
                                stepped = step(text, item)
                                item = None if stepped is None else stepped.end()
                                at += 1
                        if item is None:
                            item = self._item(start, index)
                        if item is not None:
                            cursors[start] = (index, item)
                    if item is not None and text[item] == "{":
                        member = self._member(item, loc[-1])
                except (ValueError, IndexError, StopIteration, RecursionError):
                    member = None  # not the valid JSON it was built for: place decides
                if member is not None:
                    if key:
                        found = member[0]
                    else:
                        end = self._value_end(len(loc), member[1])
                        found = None if end is None else (member[1], end)
            placed.append(found)
        return placed

    def _walked(self, loc: Loc) -> tuple[int, int, OffsetSpan | None] | None:
        found = self._found.get(loc)
        if found is None:
            try:
                found = self._walk(loc)
            except (ValueError, IndexError, StopIteration, RecursionError):
                return None  # not the valid JSON it was built for: the caller falls back
            if len(self._found) < _FOUND_MAX:  # a flood's paths, each asked once, not kept
                self._found[loc] = found
        return found

    def _value_end(self, depth: int, start: int) -> int | None:
        if depth == 0:  # the whole text: do not decode it again to find its end
            text = self._text
            end = len(text)
            while end > start and text[end - 1] in " \t\n\r":
                end -= 1
            return end
        try:
            return self._end(start)
        except (ValueError, IndexError, StopIteration, RecursionError):
            return None  # not the valid JSON it was built for: the caller falls back

    def _ws(self, position: int) -> int:
        return _WHITESPACE.match(self._text, position).end()  # type: ignore[union-attr]

    def _end(self, position: int) -> int:
        """Where the value starting at ``position`` ends. An array that holds a plain run is
        crossed item by item, each run by its recorded end: skipping it whole would decode every
        item of its runs (a 30 MB ``settings`` list: 0.15 s and 150 MB each time)."""
        text = self._text
        if text[position] == "{":
            simple = _SIMPLE_OBJECT.match(text, position)
            if simple is not None:
                return simple.end()
        if self._runs and text[position] == "[":
            after = self._run_after(position)
            if after is not None and text.find("]", position, after) == -1:  # a run inside, surely
                return self._array_end(position)
        return int(self._skip(text, position)[1])

    def _run_after(self, position: int) -> int | None:
        """The start of the first plain run after ``position``, if any."""
        starts = self._starts
        if starts is None:
            starts = self._starts = sorted(self._runs)
        at = bisect_right(starts, position)
        return starts[at] if at < len(starts) else None

    def _array_end(self, start: int) -> int:
        """Where the array starting at ``start`` ends: its items skipped one by one, a plain run
        (which ends where the next item starts) at once."""
        text, ws, runs, skip = self._text, self._ws, self._runs, self._skip
        position = ws(start + 1)
        if text[position] == "]":
            return position + 1
        while True:
            run = runs.get(position)
            if run is not None:
                position = run.end  # past the run's last comma: the next item starts here
                continue
            position = ws(int(skip(text, position)[1]))
            if text[position] == "]":
                return position + 1
            if text[position] != ",":
                raise ValueError("not the valid JSON the locator was built for")
            position = ws(position + 1)

    def _walk(self, loc: Loc) -> tuple[int, int, OffsetSpan | None]:
        text = self._text
        found = self._unique_key(loc)
        if found is not None:
            return found
        arrays = self._arrays
        key: OffsetSpan | None = None
        depth = start = 0
        # Start at the deepest array met before on this path (the findings of a long list's
        # items each walk to it): its start and key, as the walk from the root reaches them.
        for at in range(len(loc) - 1, 0, -1):
            if type(loc[at]) is int:
                met = arrays.get(loc[:at])
                if met is not None:
                    depth, (start, key) = at, met
                break
        if not depth:
            start = self._ws(0)
        for part in loc[depth:] if depth else loc:
            opener = text[start]
            if opener == "{" and isinstance(part, str):
                member = self._member(start, part)
                if member is None:
                    break
                key, start = member
            elif opener == "[" and isinstance(part, int) and part >= 0:
                if depth and loc[:depth] not in arrays:
                    arrays[loc[:depth]] = (start, key)
                item = self._item(start, part)
                if item is None:
                    break
                key, start = None, item
            else:
                break
            depth += 1
        return depth, start, key

    def _unique_key(self, loc: Loc) -> tuple[int, int, OffsetSpan] | None:
        """``_walk``'s answer for a key written once (``_written_once``), or ``None``."""
        once = self._written_once(loc)
        if once is None:
            return None
        key, colon = once
        return len(loc), self._ws(colon + 1), key

    def _written_once(self, loc: Loc) -> tuple[OffsetSpan, int] | None:
        """Where the whole path ``loc`` of object keys ends (its last key's span, and the colon
        after it), found with ``str.find`` when it surely can be: the path exists in the decoded
        value, the text has no backslash (so every key is written as it decodes) and its last key
        is written once in the whole text. That one place must be the key (it is written
        somewhere, literally), and the walk from the start is not needed. ``None`` otherwise
        (also where keys repeat, or for a text too long to count in): the walk decides."""
        text = self._text
        if not loc or self._last_wins or len(text) > _QUICK_MAX:
            return None
        node = self._value
        for part in loc:
            if type(node) is not dict or type(part) is not str or part not in node:
                return None
            node = node[part]
        if self._literal is None:
            self._literal = "\\" not in text
        token = _key_token(loc[-1])
        start = text.find(token) if self._literal else -1
        if start < 0:
            return None
        end = start + len(token)
        if text.find(token, end) >= 0:
            return None  # written again: the walk finds which one is the key
        colon = end if text.startswith(":", end) else self._ws(end)
        if not text.startswith(":", colon):
            return None  # not reached: the one occurrence is the key
        return (start, end), colon

    def _member(self, start: int, name: str) -> tuple[OffsetSpan, int] | None:
        # An object walked into again and again (a finding in each of thousands of filter groups)
        # has its members indexed once: walking it from its start each time is quadratic.
        known = self._objects.get(start, 0)
        if isinstance(known, dict):
            return known.get(name)
        if known >= _OBJECT_WALKS:
            members = self._objects[start] = self._members(start)
            return members.get(name)
        self._objects[start] = known + 1
        # Whitespace is skipped by the regex only where there is some (most places have none,
        # or one space after a colon): the locator runs once per diagnostic of every file.
        text, ws = self._text, self._ws
        position = ws(start + 1)
        if text[position] == "}":
            return None
        if not self._last_wins and (len(text) <= _QUICK_MAX or compact.POSSESSIVE):
            # one regex over the simple members before the key, if it can (without possessive
            # repeats, Python 3.10, a long string is crossed faster by the C scanner below)
            quick = _member_before(name).match(text, position)
            if quick is not None:
                return quick.span(1), quick.end()
        found: tuple[OffsetSpan, int] | None = None
        while True:
            key, end = scanstring(text, position + 1, True)
            value = (end if text[end] == ":" else ws(end)) + 1
            if text[value] in _SPACE:
                value = value + 1 if text[value + 1] not in _SPACE else ws(value)
            if key == name:
                found = ((position, end), value)
                if not self._last_wins:
                    return found
            position = self._end(value)
            if text[position] in _SPACE:
                position = ws(position)
            if text[position] != ",":
                return found
            position += 1
            if text[position] in _SPACE:
                position = ws(position)

    def _members(self, start: int) -> dict[str, tuple[OffsetSpan, int]]:
        """Every member of the object at ``start``: its key's span and where its value starts
        (the last of a repeated key, as ``_member`` finds it with ``last_wins``; without it the
        text has no repeated key)."""
        text, ws = self._text, self._ws
        members: dict[str, tuple[OffsetSpan, int]] = {}
        position = ws(start + 1)
        if text[position] == "}":
            return members
        while True:
            key, end = scanstring(text, position + 1, True)
            value = ws((end if text[end] == ":" else ws(end)) + 1)
            members[key] = ((position, end), value)
            position = ws(self._end(value))
            if text[position] != ",":
                return members
            position = ws(position + 1)

    def _item(self, start: int, wanted: int) -> int | None:
        text, ws = self._text, self._ws
        marks = self._items.get(start)
        if marks is None:
            first = ws(start + 1)
            if text[first] == "]":
                return None
            marks = self._items[start] = [first]
        known = min(wanted // _CHECKPOINT, len(marks) - 1)
        index, position = known * _CHECKPOINT, marks[known]
        last = self._last.get(start)
        if last is not None and index < last[0] <= wanted:
            index, position = last  # findings come in item order: go on from the previous one
        runs = self._runs
        entered = self._entered.setdefault(start, {}) if runs else {}
        if entered:  # the runs of this array met before: the last one from before ``wanted``
            # (an earlier run ends before it starts) is the one that leads furthest
            order = self._entered_order[start]
            at = bisect_right(order, (wanted, len(self._text))) - 1
            if at >= 0:
                run_index, run_start = order[at]
                index, position = max(
                    (index, position), _across(runs[run_start], run_index, wanted)
                )
        while index < wanted:
            run = runs.get(position) if runs else None
            if run is not None:  # the first item of a plain run: jump ahead inside it, or past it
                if position not in entered:
                    insort(self._entered_order.setdefault(start, []), (index, position))
                entered[position] = index
                ahead = _across(run, index, wanted)
                if ahead[0] > index:
                    index, position = ahead
                    continue
            position = ws(self._end(position))
            if text[position] != ",":
                return None
            position = ws(position + 1)
            index += 1
            if index % _CHECKPOINT == 0 and index // _CHECKPOINT == len(marks):
                marks.append(position)
        self._last[start] = (index, position)
        return position


def _across(run: PlainRun, first: int, wanted: int) -> tuple[int, int]:
    """The item of ``run`` (whose first item is item ``first`` of its array) nearest before
    ``wanted`` whose start is recorded, or the item after the run: (index, start)."""
    if wanted - first >= run.count:
        return first + run.count, run.end
    chunks = (wanted - first) // run.chunk
    return first + chunks * run.chunk, run.marks[chunks]


def index_positions(
    text: str,
    *,
    strict: bool = False,
    duplicates: list[tuple[Loc, OffsetSpan, OffsetSpan]] | None = None,
    record: bool = True,
) -> PositionIndex:
    """Scan ``text`` once, without recursion, recording the key and value span of every path.

    With ``strict``, raise :class:`JsonSyntaxError` at the first place PHP's decoder would fail,
    including nesting deeper than 512 levels. Without ``record`` nothing is recorded (the scan only
    validates, or collects ``duplicates``), so a 30 MB file costs no index.
    """
    index = PositionIndex()
    values: dict[Loc, OffsetSpan] = index.values if record else {}
    keys: dict[Loc, OffsetSpan] = index.keys if record else {}
    length = len(text)
    # Each frame: [loc, is_object, count, start offset, key span of the container, seen keys]
    stack: list[list[Any]] = []
    position = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
    loc: Loc = ()
    key_span: OffsetSpan | None = None

    def fail(message: str, at: int) -> JsonSyntaxError:
        return JsonSyntaxError(message, min(at, length))

    def read_key(at: int, frame: list[Any]) -> tuple[Loc, OffsetSpan, int]:
        if at >= length or text[at] != '"':
            raise fail("expected a double-quoted property name", at)
        try:
            name, end = scanstring(text, at + 1, True)
        except ValueError as error:
            at = getattr(error, "pos", at)
            raise fail(f"invalid string: {_reason(error, text)}", at) from None
        span = (at, end)
        child = (*frame[0], name)
        if duplicates is not None:
            seen: dict[str, OffsetSpan] = frame[5]
            if name in seen:
                duplicates.append((child, seen[name], span))
            else:
                seen[name] = span
        after = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
        if after >= length or text[after] != ":":
            raise fail("expected ':' after a property name", after)
        return child, span, _WHITESPACE.match(text, after + 1).end()  # type: ignore[union-attr]

    while True:
        if position >= length:
            raise fail("unexpected end of data: a value is missing", position)
        char = text[position]
        if char in "{[":
            if strict and len(stack) >= PHP_MAX_DEPTH:
                raise fail(
                    "nesting deeper than 512 levels: PHP's json_decode rejects the body and the "
                    "server sees no parameters.",
                    position,
                )
            is_object = char == "{"
            frame: list[Any] = [loc, is_object, 0, position, key_span, {}]
            stack.append(frame)
            position = _WHITESPACE.match(text, position + 1).end()  # type: ignore[union-attr]
            closer = "}" if is_object else "]"
            if position < length and text[position] == closer:
                position += 1
                stack.pop()
                values[loc] = (frame[3], position)
                if frame[4] is not None:
                    keys[loc] = frame[4]
            else:
                if is_object:
                    loc, key_span, position = read_key(position, frame)
                else:
                    loc, key_span = (*loc, 0), None
                continue
        else:
            start = position
            if char == '"':
                try:
                    _, position = scanstring(text, position + 1, True)
                except ValueError as error:
                    at = getattr(error, "pos", position)
                    raise fail(f"invalid string: {_reason(error, text)}", at) from None
            elif match := _NUMBER.match(text, position):
                position = match.end()
            else:
                for literal in _LITERALS:
                    if text.startswith(literal, position):
                        position += len(literal)
                        break
                else:
                    word = _WORD.match(text, position)
                    shown = word.group() if word else char
                    raise fail(f"unexpected {shown!r}: not a JSON value", position)
            values[loc] = (start, position)
            if key_span is not None:
                keys[loc] = key_span
        # After a value: a comma continues the container, a closer ends it.
        while True:
            position = _WHITESPACE.match(text, position).end()  # type: ignore[union-attr]
            if not stack:
                if position < length:
                    raise fail("extra data after the JSON value", position)
                return index
            frame = stack[-1]
            closer = "}" if frame[1] else "]"
            if position < length and text[position] == ",":
                comma = position
                frame[2] += 1
                position = _WHITESPACE.match(text, position + 1).end()  # type: ignore[union-attr]
                if position < length and text[position] == closer:
                    raise fail("trailing comma: PHP's json_decode rejects it", comma)
                if frame[1]:
                    loc, key_span, position = read_key(position, frame)
                else:
                    loc, key_span = (*frame[0], frame[2]), None
                break
            if position < length and text[position] == closer:
                position += 1
                stack.pop()
                values[frame[0]] = (frame[3], position)
                if frame[4] is not None:
                    keys[frame[0]] = frame[4]
                continue
            raise fail(f"expected ',' or '{closer}'", position)
