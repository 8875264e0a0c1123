"""What the method receives from a body and a query string: ``parse_str`` of a form, PHP's
``json_decode`` of JSON (unknown values where the shell expands), the body's keys over the query
string's, and ``auth`` taken out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from bicon_lint.extract.build import Builder
from bicon_lint.extract.curl.bodies import _Body, _query_body, _request_body
from bicon_lint.extract.curl.options import _content_type, _Options
from bicon_lint.extract.curl.shell import _Command
from bicon_lint.extract.curl.words import HOLE, Word, _Chars
from bicon_lint.loaders.document import OffsetSpan, Problem
from bicon_lint.loaders.form_loader import parse_pairs
from bicon_lint.loaders.json_loader import index_positions, load_json
from bicon_lint.model import Loc


class _Params(NamedTuple):
    value: Any
    builder: Builder
    problems: list[tuple[str, str, OffsetSpan, Loc]]  # code, message, source span, loc
    repeated: dict[Loc, list[OffsetSpan]]


def _form_params(body: _Body, source: str) -> _Params:
    """``parse_str`` of the body, with unknown values and spread-like pairs."""
    chars = body.chars
    text = chars.text()
    chunks: list[tuple[int, int]] = []
    barrier = -1  # after the last pair that may set any key
    start = 0
    for end in [*(m.start() for m in re.finditer("&", text)), len(text)]:
        if HOLE in text[start:end].split("=", 1)[0]:
            barrier = end
        elif end > start:
            chunks.append((start, end))
        start = end + 1
    parsed = parse_pairs(text, chunks)
    builder = Builder()
    for loc, span in parsed.index.keys.items():
        builder.key(loc, chars.place(span))
    for loc, span in parsed.index.values.items():
        builder.value(loc, chars.place(span))
    value: dict[Any, Any] = parsed.value
    for loc, leaf in list(_leaves(value)):
        span = parsed.index.values.get(loc, (0, 0))
        if HOLE in leaf or span[0] < barrier:
            placed = chars.place(span)
            _set(value, loc, builder.runtime(loc, source[placed[0] : placed[1]], placed))
    if barrier != -1:
        builder.incomplete(())
    repeated = {
        loc: [chars.place(span) for span in spans] for loc, spans in parsed.repeated.items()
    }
    return _Params(value, builder, [], repeated)


def _leaves(value: Any) -> Iterator[tuple[Loc, str]]:
    """Every string in ``value`` (dicts and lists), with its loc; no recursion."""
    stack: list[tuple[Loc, Any]] = [((), value)]
    while stack:
        loc, item = stack.pop()
        if isinstance(item, dict):
            stack.extend(((*loc, key), child) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend(((*loc, index), child) for index, child in enumerate(item))
        elif isinstance(item, str):
            yield loc, item


def _keys(value: Any) -> Iterator[str]:
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield from (key for key in item if isinstance(key, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _set(value: Any, loc: Loc, new: Any) -> None:
    for part in loc[:-1]:
        value = value[part]
    value[loc[-1]] = new


def _json_text(body: _Body) -> _Chars:
    """The body's text for the JSON decoder: a hole outside a string becomes a string holding
    the hole (an expansion standing for a whole value), so that its value is found unknown."""
    if HOLE not in body.chars.text():
        return body.chars
    chars = _Chars(body.chars.end)
    inside = escaped = False
    for char, start, stop in zip(
        body.chars.chars, body.chars.starts, body.chars.stops, strict=True
    ):
        if char == HOLE and not inside:
            for quoted in f'"{HOLE}"':
                chars.put(quoted, start, stop)
            continue
        if inside and not escaped and char == '"':
            inside = False
        elif not inside and char == '"':
            inside = True
        escaped = inside and char == "\\" and not escaped
        chars.put(char, start, stop)
    chars.end = body.chars.end
    return chars


def _json_params(body: _Body, source: str) -> _Params | None:
    """The JSON body as ``json_decode`` gives it; ``None`` when only the running command knows
    it. Invalid JSON: unknown params and a BL001 problem (the server ignores the body)."""
    chars = _json_text(body)
    text = chars.text()
    document = load_json(text, "<curl>")
    builder = Builder()
    whole = chars.place((0, len(text)))
    if not document.lintable:
        if body.dynamic:
            return None  # the expansions may be what makes it valid
        problems = [
            (problem.code, problem.message, _span_back(text, chars, problem), problem.loc)
            for problem in document.problems
        ]
        unknown = builder.runtime((), source[whole[0] : whole[1]], whole)
        return _Params(unknown, builder, problems, {})
    value = document.value
    if any(HOLE in key for key in _keys(value)):
        return None
    duplicates: list[tuple[Loc, OffsetSpan, OffsetSpan]] = []
    index = index_positions(text, duplicates=duplicates)
    for loc, span in index.keys.items():
        builder.key(loc, chars.place(span))
    for loc, span in index.values.items():
        builder.value(loc, chars.place(span))
    if HOLE in text:
        for loc, leaf in list(_leaves(value)):
            if HOLE in leaf:
                placed = chars.place(index.values[loc])
                if loc:  # (a string body is no params at all)
                    _set(value, loc, builder.runtime(loc, source[placed[0] : placed[1]], placed))
    problems = [
        (problem.code, problem.message, _span_back(text, chars, problem), problem.loc)
        for problem in document.problems
        if problem.code != "BL003"
    ]
    repeated: dict[Loc, list[OffsetSpan]] = {}
    for loc, first, again in duplicates:
        spans = repeated.setdefault(loc, [chars.place(first)])
        spans.append(chars.place(again))
    if document.server_undecodable is not None:
        value = {}  # the server ignores the whole body (CRestUtil::getRequestData, rest_util.php)
    return _Params(value, builder, problems, repeated)


def _span_back(text: str, chars: _Chars, problem: Problem) -> OffsetSpan:
    """A loader problem's line:column span in ``text``, as source offsets."""
    if problem.span is None:
        return chars.place((0, len(text)))
    starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def offset(line: int, column: int) -> int:
        line = min(max(line, 1), len(starts))
        return min(starts[line - 1] + column - 1, len(text))

    start = offset(problem.span.line, problem.span.column)
    end = offset(problem.span.end_line, problem.span.end_column)
    return chars.place((start, max(start, end)))


def _merge(query: _Params | None, body: _Params | None) -> _Params:
    """The params the method sees: the body's keys over the query string's (``array_replace``)."""
    if body is None:
        return query if query is not None else _Params({}, Builder(), [], {})
    if query is None or not isinstance(body.value, dict) or not query.value:
        return body
    value = {**query.value, **body.value}
    builder = Builder()
    for part in (query, body):
        for loc, span in part.builder.index.keys.items():
            if part is body or loc[0] not in body.value:
                builder.key(loc, span)
        for loc, span in part.builder.index.values.items():
            if loc and (part is body or loc[0] not in body.value):
                builder.value(loc, span)
        keep = {
            loc
            for loc in part.builder.unknown
            if loc and (part is body or loc[0] not in body.value)
        }
        builder.unknown.update(keep)
    builder.partial.update(body.builder.partial | query.builder.partial)
    builder.value((), body.builder.index.values[()])
    repeated = {**query.repeated, **body.repeated}
    return _Params(value, builder, body.problems, repeated)


def _without_auth(params: _Params) -> None:
    """``CRestServer::checkAuth`` takes ``auth`` out of the params before the method runs."""
    if not isinstance(params.value, dict) or "auth" not in params.value:
        return
    del params.value["auth"]
    index = params.builder.index
    for table in (index.keys, index.values):
        for loc in [loc for loc in table if loc[:1] == ("auth",)]:
            del table[loc]
    params.builder.unknown.difference_update(
        {loc for loc in params.builder.unknown if loc[:1] == ("auth",)}
    )
    for loc in [loc for loc in params.repeated if loc[:1] == ("auth",)]:
        del params.repeated[loc]


def _params(options: _Options, url: Word, command: _Command, source: str) -> tuple[_Params, str]:
    """What the method receives, and how it was encoded."""
    query_body = _query_body(options, url, command)
    query = _form_params(query_body, source) if query_body is not None else None
    body = _request_body(options, command)
    kind = _content_type(options) if body is not None else "form"
    if body is None:
        params = _merge(query, None)
        if not params.builder.index.values.get(()):
            params.builder.value((), url.span)
        return params, "form"
    whole = (body.chars.starts[0] if body.chars.starts else body.chars.end, body.chars.end)
    if kind is None or (kind == "json" and body.unknown_pieces):
        unknown = Builder()
        value = unknown.runtime((), source[whole[0] : whole[1]], whole)
        return _Params(value, unknown, [], {}), kind or "form"
    if kind == "json":
        decoded = _json_params(body, source)
        if decoded is None:
            unknown = Builder()
            value = unknown.runtime((), source[whole[0] : whole[1]], whole)
            return _Params(value, unknown, [], {}), "json"
        if () in decoded.builder.unknown:
            return decoded, "json"  # invalid JSON
        if isinstance(decoded.value, (dict, list)):
            return _merge(query, decoded), "json"
        return _merge(query, None), "json"  # a scalar: the server sees no body params
    form = _form_params(body, source)
    form.builder.value((), whole)
    return _merge(query, form), "form"
