"""A large bare ``urlData`` answer checked as it is read: the rows are decoded a chunk of the file
at a time and fed to the pass of ``data_answer`` (:class:`~bicon_lint.data_answer.Feeder`), so
memory holds a chunk, the header and the few rows where a finding stands, never the answer.

The report is the one the general path (``answers._bare``: the whole file decoded, then
``data_answer.scan``) gives; the rules read the rows only through that pass, and the answer's
``params`` here are the header alone. Whatever this reader does not model exactly gives up
(``None``) and the general path reads the file: a text that is no list of rows, a byte order
mark, invalid UTF-8, a NUL, a surrogate escape, a syntax error anywhere, an object anywhere (a
row written as an object, an object in a cell or in the header), an empty list, nesting deeper
than ``MAX_DEPTH`` levels, a row larger than ``MAX_ROW`` characters.

Rows are decoded many at a time (:func:`_batch`: the text up to the last ``],`` of a window, as
one list, by the C decoder) and taken as they are when the pass would find nothing new in them:
every row a list as long as the header of scalars, or one that only adds to the count of a
finding already placed. Otherwise the window is halved, down to ``BATCH_MIN`` characters, and
those rows are read one at a time by the C scanner of the JSON loader's decoder (its hooks
included), each at the offset where it starts, so that a first finding has its place; the window
grows again after a batch is taken. A row cut by the end of a chunk is decoded again once the
next chunk is read; a value is complete only when a ``,`` or ``]`` follows it in the chunk (a
number at the end of a chunk may go on in the next).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any, Final, TextIO

from bicon_lint import data_answer
from bicon_lint.answer_body import Decoded, Placement
from bicon_lint.loaders.json_loader import _DECODER, _reject_constant, load_json
from bicon_lint.model import Loc, Part, Request, RunContext, Span
from bicon_lint.targets import Target

if TYPE_CHECKING:
    from bicon_lint.api import Report
    from bicon_lint.model import Rule

STREAM_MIN: Final = 8 << 20  # bytes: smaller answers are read whole (tests lower it)
CHUNK: Final = 1 << 20  # characters read at a time (tests lower it)
MAX_ROW: Final = 16 << 20  # characters: a longer row (or a syntax error) gives up
MAX_DEPTH: Final = 32  # nesting in a row beyond which the general path decides
BATCH_MAX: Final = 1 << 20  # characters of rows decoded at once, at most
BATCH_MIN: Final = 1 << 12  # and at least, before rows are read one at a time

_SCAN: Final = _DECODER.scan_once  # type: ignore[attr-defined]
_PLAIN: Final = json.JSONDecoder(parse_constant=_reject_constant).decode
_LISTS: Final = {list}
_SPACE: Final = re.compile(r"[ \t\n\r]*")
_AFTER: Final = re.compile(r"[ \t\n\r]*([,\]])")
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")


class GiveUp(Exception):
    """The general path reads this file."""


def streams(path: str | os.PathLike[str], endpoint: str) -> bool:
    """Whether a bare answer file of ``endpoint`` is read by this module (a large urlData
    answer)."""
    if endpoint != "urlData":
        return False
    try:
        return os.stat(path).st_size >= STREAM_MIN
    except OSError:
        return False


class _Reader:
    """A window of the file's text: ``buf`` starts at the file's character offset ``base``, on
    line ``line`` (1-based), which starts at offset ``line_start``."""

    def __init__(self, file: TextIO, chunk: int) -> None:
        self.file = file
        self.chunk = chunk
        self.buf = ""
        self.base = 0
        self.line = 1
        self.line_start = 0
        self.eof = False
        self.head = ""  # the first chunk: the body's text as far as a rule needs it

    def more(self, keep: int) -> None:
        """Drop the text before buffer offset ``keep`` and read the next chunk (GiveUp at the end
        of the file)."""
        if self.eof:
            raise GiveUp
        data = self.file.read(self.chunk)  # UnicodeDecodeError: invalid UTF-8
        if not data:
            self.eof = True
        if not self.head:
            self.head = data
        if "\x00" in data:  # BL002: the general path says so
            raise GiveUp
        tail = self.buf[-6:]
        if ("\\" in data or "\\" in tail) and _SURROGATE_ESCAPE.search(tail + data):
            raise GiveUp  # PHP's decoder rejects a lone surrogate escape: the general path
        dropped = self.buf[:keep]
        newlines = dropped.count("\n")
        if newlines:
            self.line += newlines
            self.line_start = self.base + dropped.rfind("\n") + 1
        self.base += keep
        self.buf = self.buf[keep:] + data

    def position(self, offset: int) -> tuple[int, int]:
        """The line and column (1-based, code points) of file offset ``offset`` in the buffer."""
        at = offset - self.base
        newlines = self.buf.count("\n", 0, at)
        if not newlines:
            return self.line, offset - self.line_start + 1
        start = self.base + self.buf.rfind("\n", 0, at) + 1
        return self.line + newlines, offset - start + 1


class _Kept:
    """A row where a finding stands: its text, and where it starts in the file."""

    __slots__ = ("column", "document", "line", "text")

    def __init__(self, text: str, line: int, column: int) -> None:
        self.text = text
        self.line = line
        self.column = column
        self.document = load_json(text, "<row>")

    def span(self, inside: Span) -> Span:
        line, column, end_line, end_column = inside
        return Span(
            self.line + line - 1,
            column + self.column - 1 if line == 1 else column,
            self.line + end_line - 1,
            end_column + self.column - 1 if end_line == 1 else end_column,
        )


class StreamPlacement(Placement):
    """The places of a streamed answer: its root, and the rows kept by the pass."""

    def __init__(self, root: Span, kept: Mapping[int, _Kept]) -> None:
        super().__init__(None)
        self.root = root
        self.kept = kept

    def locate(self, loc: Loc, part: Part = Part.VALUE) -> Span | None:
        row = self.kept.get(loc[0]) if loc and type(loc[0]) is int else None
        if row is None:
            return self.root
        inside = row.document.locate(loc[1:], part)
        return self.root if inside is None else row.span(inside)

    def at(self, start: int, end: int) -> Span | None:
        return self.root


def _has_object(value: Any) -> bool:
    """An object anywhere in ``value`` (duplicate keys, the loader's compact runs and the
    positions of keys are the general path's), or nesting beyond ``MAX_DEPTH``."""
    level = [value]
    for _ in range(MAX_DEPTH):
        if dict in map(type, level):
            return True
        level = [item for container in level if type(container) is list for item in container]
        if not level:
            return False
    return True


def _batch(buf: str, at: int, limit: int) -> tuple[list[Any] | None, int]:
    """Rows decoded at once: from buffer offset ``at`` (where a row starts) through the last
    ``],`` within ``limit`` characters. ``(rows, characters used)``, the comma included;
    ``(None, characters)`` when that text is no rows, ``(None, 0)`` when there is no ``],``.

    The text cut after a ``]`` is whole rows only when it decodes as a list: a cut inside a
    string leaves the string open, and one inside a row leaves a bracket open. The decoder is the
    plain one: the rows are used only when the pass would find nothing new in them
    (:func:`_clean`, :func:`_known`), where their values are not looked at, and what it refuses
    is met row by row by the loader's decoder."""
    cut = buf.rfind("],", at, at + limit)
    if cut < 0:
        return None, 0
    text = buf[at : cut + 1]
    try:
        rows = _PLAIN("[" + text + "]")
    except (ValueError, RecursionError):
        return None, len(text) + 1
    return rows or None, len(text) + 1


def _clean(rows: list[Any], width: int) -> bool:
    """Every row a list of ``width`` scalars: the pass finds nothing in them."""
    if set(map(type, rows)) != _LISTS or set(map(len, rows)) != {width}:
        return False
    cells = set(map(type, chain.from_iterable(rows)))
    return list not in cells and dict not in cells


def _known(rows: list[Any], found: data_answer.Scan, width: int, position: int) -> bool:
    """Every row clean, or one that only adds to the count of a finding already made (a row that
    is no list of ``width`` values after the preview's rows, once one was found; a list in a
    column that already held one): feeding them to the pass makes no first place, so their
    places and exact values are not needed. Without typed columns."""
    if position < data_answer.PREVIEW_ROWS:
        return False
    later, cells = found.later is not None, found.cells
    for row in rows:
        kind = type(row)
        if kind is not list:
            if kind is dict or not later:
                return False
            continue
        if len(row) != width and not later:
            return False
        if list in map(type, row) or dict in map(type, row):
            if _has_object(row):
                return False
            for column, value in enumerate(row):
                if type(value) is list and ("nested", column) not in cells:
                    return False
    return True


def _value(reader: _Reader, at: int) -> tuple[Any, int, int, re.Match[str]]:
    """The value starting at buffer offset ``at`` (after any space), where it ends in the buffer,
    and the ``,`` or ``]`` after it; more of the file is read when the buffer ends first."""
    while True:
        buf = reader.buf
        start = _SPACE.match(buf, at).end()  # type: ignore[union-attr]
        try:
            value, end = _SCAN(buf, start)
        except (StopIteration, ValueError, RecursionError):
            value, end = None, -1
        after = _AFTER.match(buf, end) if end >= 0 else None
        if after is not None:
            return value, start, end, after
        if len(buf) - at > MAX_ROW:
            raise GiveUp
        reader.more(at)
        at = 0


def lint_file(
    path: str | os.PathLike[str],
    shown_path: str,
    target: Target,
    rules: Sequence[Rule] | None,
    context: RunContext | None,
    chunk: int = CHUNK,
) -> Report | None:
    """The report of the bare urlData answer at ``path``, read as a stream; ``None`` when the
    general path must read it (see the module's doc)."""
    try:
        with open(path, encoding="utf-8", newline="") as file:
            return _lint(_Reader(file, chunk), shown_path, target, rules, context)
    except (GiveUp, UnicodeDecodeError, OSError):
        return None


def _lint(
    reader: _Reader,
    path: str,
    target: Target,
    rules: Sequence[Rule] | None,
    context: RunContext | None,
) -> Report:
    from bicon_lint import answers
    from bicon_lint.model import NO_PAYLOADS

    reader.more(0)
    while not reader.buf.strip(" \t\n\r") and not reader.eof:
        reader.more(len(reader.buf))
    opening = _SPACE.match(reader.buf).end()  # type: ignore[union-attr]
    if reader.buf[opening : opening + 1] != "[":
        raise GiveUp  # an object, a scalar, a byte order mark, no JSON: the general path
    root_line, root_column = reader.position(reader.base + opening)
    header, start, end, sep = _value(reader, opening + 1)
    if _has_object(header):
        raise GiveUp
    header_row = _Kept(reader.buf[start:end], *reader.position(reader.base + start))
    kept: dict[int, _Kept] = {0: header_row}
    found = data_answer.Scan(header, 0, 0)
    envelope: dict[str, Any] = {
        "endpoint": "urlData",
        "status": None,
        "body": reader.head,
        "request": {},
    }
    params = [header]  # what the rules read of the rows is the pass's (data_answer.scan)
    request = Request(
        method=answers.URL_DATA,
        params=params,
        target=target,
        encoding=answers.ENCODING,
        path=path,
        context=context or NO_PAYLOADS,
        envelope=envelope,
    )
    feeder = data_answer.Feeder(request, found)
    feed, position, width = feeder.row, 0, feeder.width
    batches = not feeder.typed and width >= 0
    at = sep.end()
    alone = -1  # the file offset up to which rows are read one at a time
    limit = BATCH_MAX  # characters decoded at once: halved after rows with findings, then grown
    while sep.group(1) == ",":
        if batches and reader.base + at >= alone:
            rows, used = _batch(reader.buf, at, limit)
            clean = rows is not None and _clean(rows, width)
            if rows is not None and (clean or _known(rows, found, width, position)):
                if not clean:
                    for index, row in enumerate(rows, position):
                        feed(index, index + 1, row)
                position += len(rows)
                at += used
                limit = min(limit * 2, BATCH_MAX)
                continue
            if used and limit > BATCH_MIN:  # a row with a first finding: look closer
                limit //= 2
                continue
            alone = reader.base + (at + used if used else min(at + limit, len(reader.buf)))
        row, start, end, sep = _value(reader, at)
        kind = type(row)
        nested = kind is list and (list in map(type, row) or dict in map(type, row))
        if (kind is dict or nested) and _has_object(row):
            raise GiveUp
        found.fresh = False
        feed(position, position + 1, row)
        if found.fresh:
            line, column = reader.position(reader.base + start)
            kept[position + 1] = _Kept(reader.buf[start:end], line, column)
        position += 1
        at = sep.end()
    closing = reader.base + at  # after the list's "]"
    end_line, end_column = reader.position(closing)
    rest = reader.buf[at:]
    while True:  # nothing but space may follow
        if rest.strip(" \t\n\r"):
            raise GiveUp
        if reader.eof:
            break
        reader.more(len(reader.buf))
        rest = reader.buf
    found.rows = position
    root = Span(root_line, root_column, end_line, end_column)
    decoded = Decoded(params, None, None)
    memo: dict[object, Any] = {data_answer.scan: found}
    return answers._lint(
        "urlData",
        None,
        reader.head,
        decoded,
        StreamPlacement(root, kept),
        path,
        target,
        rules,
        context,
        {},
        memo=memo,
    )
