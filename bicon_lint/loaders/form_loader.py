"""Form-encoded bodies (``application/x-www-form-urlencoded``), decoded as the server decodes them.

PHP fills ``$_POST`` (and ``parse_str`` decodes a batch command) with every scalar as a string and
arrays from ``a[b]=c`` (https://www.php.net/manual/en/function.parse-str.php; the REST core reads
them in ``CRestUtil::getRequestData`` and ``ParseBatchQuery``,
``rest/classes/general/rest_util.php``); :func:`parse_pairs` is :func:`bicon_lint.php.parse_str`
with the place of every key and value.

A ``*.form`` / ``*.urlencoded`` file is the body, written for people:

* pairs are separated by ``&`` or by line breaks (one pair per line reads best);
* blank lines, and lines whose first non-blank character is ``#``, are comments;
* a comment before the first pair whose first word starts with ``biconnector.`` names the method,
  ``# biconnector.connector.add``; without it pass ``--method``;
* everything else is the body verbatim: write ``&``, ``=``, ``+``, ``%``, ``#`` and line breaks
  inside a value as ``%26``, ``%3D``, ``%2B``, ``%25``, ``%23`` and ``%0A``.

With a method comment the document's value is the envelope ``{"method": ..., "params": body}``, so
pointers and recognition are those of a JSON envelope (``/params/fields/sort``).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from typing import Any, Final
from urllib.parse import unquote_plus

from bicon_lint import php
from bicon_lint.loaders.document import Document, OffsetSpan, PositionIndex
from bicon_lint.loaders.duplicates import duplicate_problems
from bicon_lint.model import Loc

_METHOD_COMMENT: Final = re.compile(r"[ \t]*#[ \t]*(biconnector\.[^\s]*)", re.IGNORECASE)
_HEX: Final = re.compile(r"[0-9A-Fa-f]{2}")


class FormParse:
    """The decoded params, where each key and value stands, and the keys set more than once."""

    __slots__ = ("index", "repeated", "value")

    def __init__(self) -> None:
        self.value: dict[str | int, Any] = {}
        self.index = PositionIndex()
        self.repeated: dict[Loc, list[OffsetSpan]] = {}


def parse_pairs(
    text: str,
    chunks: Iterable[tuple[int, int]],
    *,
    prefix: Loc = (),
    offsets: Sequence[int] | None = None,
) -> FormParse:
    """``parse_str`` of the ``&``-separated pairs in ``text[start:end]`` for each chunk.

    Locations are ``prefix`` + the params path; spans are offsets into ``text``, or, with
    ``offsets`` (``offsets[i]`` is where ``text[i]`` stands in the file, one more entry for the
    end), into the file. A leaf's value span is its value part, or the whole pair when the value is
    empty; its key span is the key part.

    >>> parsed = parse_pairs("a=1&b[]=x&a=2", [(0, 13)])
    >>> parsed.value, parsed.index.values[("a",)], parsed.index.keys[("b", 0)], parsed.repeated
    ({'a': '2', 'b': {0: 'x'}}, (12, 13), (4, 7), {('a',): [(0, 1), (10, 11)]})
    """
    parsed = FormParse()
    place = (lambda at: offsets[at]) if offsets is not None else (lambda at: at)
    for start, end in chunks:
        position = start
        while position <= end:
            stop = text.find("&", position, end)
            stop = end if stop == -1 else stop
            if stop > position:
                _register(parsed, text, position, stop, prefix, place)
            position = stop + 1
    return parsed


def _register(parsed: FormParse, text: str, start: int, end: int, prefix: Loc, place: Any) -> None:
    """One ``name=value`` pair, as ``php_register_variable_ex`` stores it (see ``php._register``)."""
    equals = text.find("=", start, end)
    name_end = end if equals == -1 else equals
    raw_name = text[start:name_end]
    name, name_map = _decode(raw_name)
    value = unquote_plus(text[equals + 1 : end]) if equals != -1 else ""
    name = name.split("\0", 1)[0]
    lead = len(name) - len(name.lstrip(" "))
    name = name[lead:]
    base, bracket, rest = name.partition("[")
    var = base.replace(" ", "_").replace(".", "_")
    if not var or any(var.startswith(p) and not name.startswith(p) for p in php.FORGED_PREFIXES):
        return
    path, ends = php.index_path(var, rest, len(base)) if bracket else ([var], [len(name)])

    def key_span(upto: int) -> OffsetSpan:
        return place(start + name_map[lead]), place(start + name_map[lead + upto])

    pair = (place(start), place(end))
    if path is None:  # nested deeper than max_input_nesting_level: PHP drops the variable
        parsed.value.pop(php.array_key(var), None)
        return
    values, keys = parsed.index.values, parsed.index.keys
    target, loc = parsed.value, prefix
    for depth, key in enumerate(path[:-1]):
        slot = php._slot(target, key)
        if slot is None:
            return
        loc = (*loc, slot)
        child = target.get(slot)
        if isinstance(child, dict):
            values[loc] = (values[loc][0], pair[1]) if loc in values else pair
        else:
            if slot in target:  # a string replaced by an array: the string is lost
                parsed.repeated.setdefault(loc, [keys[loc]]).append(key_span(ends[depth]))
            child = target[slot] = {}
            keys[loc], values[loc] = key_span(ends[depth]), pair
        target = child
    slot = php._slot(target, path[-1])
    if slot is None:
        return
    loc = (*loc, slot)
    if slot in target:
        parsed.repeated.setdefault(loc, [keys[loc]]).append(key_span(ends[-1]))
    target[slot] = value
    keys[loc] = key_span(ends[-1])
    values[loc] = (place(equals + 1), place(end)) if equals != -1 and equals + 1 < end else pair


def _decode(raw: str) -> tuple[str, list[int]]:
    """``urldecode(raw)`` and, for each decoded character, the index in ``raw`` where it starts
    (one more entry: ``len(raw)``)."""
    decoded = unquote_plus(raw)
    if "%" not in raw:
        return decoded, list(range(len(raw) + 1))
    starts: list[int] = []
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    pending: int | None = None
    index = 0
    while index < len(raw):
        if raw[index] == "%" and _HEX.fullmatch(raw, index + 1, index + 3):
            chunk, width = bytes([int(raw[index + 1 : index + 3], 16)]), 3
        else:
            chunk, width = raw[index].encode("utf-8", "surrogatepass"), 1
        pending = index if pending is None else pending
        produced = decoder.decode(chunk)
        starts.extend([pending] * len(produced))
        if produced:
            pending = None
        index += width
    starts.extend([pending or 0] * len(decoder.decode(b"", final=True)))
    if len(starts) != len(decoded):  # an invalid sequence decoded differently: approximate
        starts = [min(i, len(raw)) for i in range(len(decoded))]
    return decoded, [*starts, len(raw)]


def load_form(text: str, path: str) -> Document:
    """A form body file (see the module's documentation), as PHP's ``$_POST`` would hold it."""
    chunks: list[tuple[int, int]] = []
    method: tuple[str, OffsetSpan] | None = None
    line_start = 0
    for line in text.split("\n"):
        end = line_start + len(line) - (1 if line.endswith("\r") else 0)
        stripped = line.strip()
        if stripped.startswith("#"):
            found = _METHOD_COMMENT.match(text, line_start, end)
            if found and method is None and not chunks:
                method = found.group(1), found.span(1)
        elif stripped:
            chunks.append((line_start, end))
        line_start += len(line) + 1
    body = (chunks[0][0], chunks[-1][1]) if chunks else None
    parsed = parse_pairs(text, chunks, prefix=("params",) if method else ())
    document = Document(path=path, text=text, value=parsed.value, _index=parsed.index)
    if method is not None:
        document.value = {"method": method[0], "params": parsed.value}
        parsed.index.values[("method",)] = method[1]
        if body:
            parsed.index.values[("params",)] = body
    trimmed = text.rstrip()
    parsed.index.values.setdefault((), (len(text) - len(text.lstrip()), len(trimmed)))
    for loc, spans in parsed.repeated.items():
        document.problems.extend(duplicate_problems(document, loc, spans))
    return document
