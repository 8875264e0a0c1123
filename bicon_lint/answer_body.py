"""An endpoint answer's body as the portal reads it, and where each part of it stands in a file.

The portal judges an answer in ``Rest::query()`` with ``processResponse()``, and in
``Rest::decode()`` (``biconnector/lib/ExternalSource/Source/Rest.php:334-387, 425-440`` at
``a3a2a579``):

* ``!$answer`` (``:372``): the body ``""`` and the one-character body ``"0"`` are empty, nothing
  else is (``" "``, ``"\\n"``, ``"false"``, ``"[]"`` are not);
* ``Json::decode($answer)`` = ``json_decode($data, true, 512, JSON_THROW_ON_ERROR)``
  (``main/lib/web/json.php:50-62``), kept only when ``is_array`` (a JSON object or list): a byte
  order mark, invalid UTF-8, a syntax error, 512 levels of nesting or a lone surrogate escape
  throw; a JSON scalar is no array. Either way ``decode()`` returns ``null``. The JSON loader
  (``loaders.json_loader.load_json``) models that decoder.

A body comes as the whole of a file (a bare answer, ``lint_answer``), as a JSON value inside an
answer envelope (``{"endpoint": ..., "status": ..., "body": {...}}``: the body sent is that
value's JSON text), or as a string inside one (the raw text the server sent). :class:`Placement`
maps a place in the body to the file in each case: a string written in a JSON file is mapped
character by character through its escapes, so a finding points into the string.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from bicon_lint import php
from bicon_lint.compact import CompactArray
from bicon_lint.json_body import MAX_NESTING
from bicon_lint.loaders.document import Document, OffsetSpan
from bicon_lint.loaders.json_loader import load_json
from bicon_lint.model import Loc, Part, Span

_SURROGATE = re.compile("[\ud800-\udfff]")
EMPTY_BODIES = ("", "0")  # !$answer is true for these two strings only (Rest.php:372)
BOM = "\ufeff"


class Failure(NamedTuple):
    """Why ``Rest::decode()`` returns ``null``: ``kind`` is ``json`` (``json_decode`` throws) or
    ``scalar`` (valid JSON, but no array); ``start``/``end`` are offsets into the body text."""

    kind: str
    reason: str
    start: int
    end: int


class Decoded(NamedTuple):
    """The body as ``Rest::decode()`` returns it: a PHP array, or ``None`` and why."""

    value: Any
    failure: Failure | None
    document: Document | None  # the body's own document (its positions), when it was parsed


def is_empty(body: str | bytes) -> bool:
    """``!$answer`` (Rest.php:372).

    >>> [is_empty(b) for b in ("", "0", b"0", " ", "0.0", "false", '""', "[]")]
    [True, True, True, False, False, False, False, False]
    """
    return body in EMPTY_BODIES or body in (b"", b"0")


def text_of(body: str | bytes) -> tuple[str, Failure | None]:
    """The body as text, and the failure of invalid UTF-8 (``json_decode``: "Malformed UTF-8
    characters"): a bad byte is shown as U+FFFD, so that positions stay countable."""
    if isinstance(body, str):
        return body, None
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as error:
        text = body.decode("utf-8", "replace")
        start = len(body[: error.start].decode("utf-8", "replace"))
        reason = f"invalid UTF-8: byte 0x{body[error.start]:02x} at offset {error.start}"
        return text, Failure("json", reason, start, start + 1)


def decode(text: str, path: str, failure: Failure | None = None) -> Decoded:
    """``Rest::decode()`` of a body's text (``failure``: its UTF-8 failure, from
    :func:`text_of`)."""
    if failure is not None:
        return Decoded(None, failure, None)
    if text.startswith(BOM):
        reason = "a UTF-8 byte order mark at the start, which json_decode rejects"
        return Decoded(None, Failure("json", reason, 0, 1), None)
    lone = _SURROGATE.search(text)
    if lone is not None:  # a text given as a string: no UTF-8 body holds such a character
        reason = f"U+{ord(lone.group()):04X}, a lone surrogate, which UTF-8 cannot carry"
        return Decoded(None, Failure("json", reason, lone.start(), lone.end()), None)
    document = load_json(text, path)
    deep = _too_deep(text)  # the loader allows one level more: a file's envelope is not sent
    if deep is not None:
        return Decoded(None, Failure("json", TOO_DEEP, deep, deep + 1), None)
    if not document.lintable or document.server_undecodable is not None:
        problem = next(p for p in document.problems if p.code in ("BL001", "BL002", "BL006"))
        reason = problem.message.split(":")[0] if problem.code == "BL006" else problem.message
        start, end = _offsets(text, problem.span) if problem.span else (0, 0)
        return Decoded(None, Failure("json", reason.rstrip("."), start, end), document)
    value = document.value
    if php.is_array(value):
        return Decoded(value, None, document)
    start = len(text) - len(text.lstrip(" \t\r\n"))
    end = len(text.rstrip(" \t\r\n"))
    return Decoded(None, Failure("scalar", scalar_reason(value), start, end), document)


TOO_DEEP = "arrays and objects nested 512 levels deep, beyond json_decode's depth of 512"


def _too_deep(text: str) -> int | None:
    """Where the 512th nested array or object opens (``json_decode($data, true, 512)`` takes 511,
    json_body.MAX_NESTING), outside strings; ``None`` if none does."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return None
    depth, inside, escaped = 0, False, False
    for offset, char in enumerate(text):
        if inside:
            escaped, inside = (not escaped and char == "\\"), inside and (escaped or char != '"')
        elif char == '"':
            inside = True
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return offset
        elif char in "]}":
            depth -= 1
    return None


def scalar_reason(value: Any) -> str:
    """What a JSON scalar body is, for messages.

    >>> scalar_reason("deals"), scalar_reason(None), scalar_reason(False), scalar_reason(1.5)
    ('the JSON string "deals", not an object or a list', 'the JSON null, not an object or a list', 'the JSON false, not an object or a list', 'the JSON number 1.5, not an object or a list')
    """
    text = json.dumps(value, ensure_ascii=False)
    text = text if len(text) <= 40 else text[:36] + '..."'
    if value is None or isinstance(value, bool):
        return f"the JSON {text}, not an object or a list"
    kind = "string" if isinstance(value, str) else "number"
    return f"the JSON {kind} {text}, not an object or a list"


def decode_value(value: Any) -> Decoded:
    """``Rest::decode()`` of a body written as a JSON value in an envelope (its JSON text is the
    body): already decoded as PHP decodes it, except for what makes PHP's decoder throw."""
    from bicon_lint.loaders.json_loader import max_depth

    if not php.is_array(value):
        return Decoded(None, Failure("scalar", scalar_reason(value), 0, 0), None)
    if max_depth(value) > MAX_NESTING:
        return Decoded(None, Failure("json", TOO_DEEP, 0, 0), None)
    try:
        json_text(value).encode("utf-8")
    except UnicodeEncodeError:
        reason = "a lone UTF-16 surrogate escape"
        return Decoded(None, Failure("json", reason, 0, 0), None)
    return Decoded(value, None, None)


def json_text(value: Any) -> str:
    """The JSON text of a decoded value (a large list kept as text included)."""
    return json.dumps(value, ensure_ascii=False, default=_items)


def _items(value: object) -> list[Any]:
    if isinstance(value, CompactArray):
        return value.decoded()
    raise TypeError(f"{type(value).__name__} is not a decoded JSON value")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _offsets(text: str, span: Span, starts: list[int] | None = None) -> OffsetSpan:
    """A span's character offsets in ``text`` (its lines and columns are 1-based)."""
    starts = starts if starts is not None else _line_starts(text)
    line, column, end_line, end_column = span
    return starts[line - 1] + column - 1, starts[end_line - 1] + end_column - 1


def string_map(file_text: str, start: int, end: int, body: str) -> list[int] | None:
    """For a JSON string literal at ``file_text[start:end]`` that decodes to ``body``: the file
    offset of each character of ``body``, and of its end; ``None`` if it is no such literal."""
    if end - start < 2 or file_text[start] != '"' or file_text[end - 1] != '"':
        return None
    places: list[int] = []
    at, stop = start + 1, end - 1
    while at < stop:
        places.append(at)
        if file_text[at] != "\\":
            at += 1
            continue
        if file_text[at + 1 : at + 2] != "u":
            at += 2
            continue
        high = int(file_text[at + 2 : at + 6], 16)
        pair = file_text[at + 6 : at + 8] == "\\u" and 0xD800 <= high <= 0xDBFF
        at += 12 if pair and 0xDC00 <= int(file_text[at + 8 : at + 12], 16) <= 0xDFFF else 6
    places.append(stop)
    return places if len(places) == len(body) + 1 else None


class Placement:
    """Where the body stands in the file: ``locate`` takes a path from the file's root (the
    body's paths under ``prefix``) as the engine asks it."""

    def __init__(
        self,
        file: Document | None,
        body: Document | None = None,
        prefix: Loc = (),
        literal: OffsetSpan | None = None,
        places: list[int] | None = None,
    ) -> None:
        self.file = file  # the file's document (for a bare answer: the body's own)
        self.body = body  # the body's document, when the body is text parsed on its own
        self.prefix = prefix
        self.literal = literal  # a string body: the string's span in the file
        self.places = places  # and each of its characters' offsets (string_map)
        self._starts: list[int] | None = None

    def locate(self, loc: Loc, part: Part = Part.VALUE) -> Span | None:
        if self.file is None:
            return None
        inside = loc[len(self.prefix) :] if loc[: len(self.prefix)] == self.prefix else None
        if self.literal is None or inside is None:  # the body is the file, or a JSON value in it
            found = self.file.locate(loc, part)
            if found is None and not loc:  # a body that is no JSON: the whole of it
                return self.file.span_of(0, len(self.file.text))
            return found
        if not inside or self.places is None or self.body is None:  # the whole string
            return self.file.span_of(*self.literal)
        span = self.body.locate(inside, part)
        if span is None:
            return self.file.span_of(*self.literal)
        return self.at(*_offsets(self.body.text, span, self._lines()))

    def _lines(self) -> list[int]:
        if self._starts is None and self.body is not None:
            self._starts = _line_starts(self.body.text)
        return self._starts or [0]

    def at(self, start: int, end: int) -> Span | None:
        """The file span of body offsets ``start``..``end`` (the whole string or value when the
        characters cannot be mapped)."""
        if self.file is None:
            return None
        if self.literal is None:  # the body is the file: offsets are the file's
            if self.prefix:  # a JSON value in an envelope: its text was never in the file
                return self.file.locate(self.prefix)
            return self.file.span_of(start, end)
        places = self.places
        if places is None or not 0 <= start <= end < len(places):
            return self.file.span_of(*self.literal)
        return self.file.span_of(places[start], places[end] if end > start else places[start])
