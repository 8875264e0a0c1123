"""``batch`` calls: a file of ``method?query`` commands, each decoded as the REST core decodes it.

``CRestProvider::methodsBatch`` splits each command with ``parse_url`` and decodes the query with
``parse_str`` (``CRestUtil::ParseBatchQuery``, ``rest/classes/general/rest_util.php``), so every
leaf value reaches the
method as a string, whatever the outer batch request's encoding was: ``fields[supportMapping]=true``
is the string ``"true"``. A value that is *entirely* a reference to an earlier result,
``$result[cmd][id]``, is replaced by the raw referenced value (``processBatchElement``): its type
is unknown here, so no rule judges it. A partial reference is substituted into the string: the
text from ``$result`` to the next blank is replaced; bicon-lint puts the stand-in ``1`` there, a
value that passes the checks a real one might pass (``is_numeric``).

A batch file is a JSON or YAML file holding either the envelope
``{"method": "batch", "params": {"cmd": {...}, "halt": 0}}`` or the bare body
``{"cmd": {...}, "halt": 0}``; ``cmd`` is an object (or a list) of command strings. Each
``biconnector.*`` command is one request, linted on its own; other methods are not checked.
"""

import re
from collections.abc import Iterator, Sequence
from typing import Any, Final, NamedTuple

from bicon_lint import php
from bicon_lint.loaders import Document, Problem, encoding_of
from bicon_lint.loaders.document import PositionIndex
from bicon_lint.loaders.duplicates import duplicate_problems
from bicon_lint.loaders.form_loader import parse_pairs
from bicon_lint.model import Finding, Loc, Request, Rule

WHOLE_REFERENCE: Final = re.compile(r"\$(?:result|next|total|time|error)[^ \t\n\r\f\v]*", re.I)
"""``processBatchElement``: ``$`` + a key of the batch's results + a path, the whole value."""
_PATH_PART: Final = re.compile(r"\[[^\]]+\]")
_BATCH_KEYS: Final = frozenset({"CMD", "HALT", "AUTH"})


def decode_command(command: str) -> tuple[str, dict[str | int, Any]]:
    """The method and the params of one batch command.

    >>> decode_command("biconnector.connector.update?id=4&fields[sort]=10")
    ('biconnector.connector.update', {'id': '4', 'fields': {'sort': '10'}})
    >>> decode_command("biconnector.connector.add?fields[title]=C#sharp")
    ('biconnector.connector.add', {'fields': {'title': 'C'}})
    """
    method, query, _ = _split(command)
    return method.strip(), php.parse_str(command[query[0] : query[1]])


def _split(command: str) -> tuple[str, tuple[int, int], int]:
    """``parse_url``: the path, the query's bounds, and where a ``#`` fragment starts (or -1)."""
    fragment = command.find("#")
    end = len(command) if fragment == -1 else fragment
    question = command.find("?", 0, end)
    if question == -1:
        return command[:end], (end, end), fragment
    return command[:question], (question + 1, end), fragment


def is_whole_reference(value: object) -> bool:
    """A leaf the server replaces by an earlier command's raw result.

    >>> is_whole_reference("$result[conn][id]"), is_whole_reference("$RESULT[a]")
    (True, True)
    >>> is_whole_reference("id $result[conn][id]"), is_whole_reference("$result"), is_whole_reference(4)
    (False, False, False)
    """
    return (
        isinstance(value, str)
        and WHOLE_REFERENCE.fullmatch(value) is not None
        and _PATH_PART.search(value) is not None
    )


class Command(NamedTuple):
    """One command of a batch: a request, and a document that places its params in the file."""

    key: str
    loc: Loc  # the command string's place in the file, e.g. ("params", "cmd", "a")
    method: str
    params: dict[str | int, Any]
    document: Document  # the batch file's text, with the command's params and their positions
    references: list[Loc]  # whole $result[...] values (params paths)
    problems: list[Problem]

    @property
    def biconnector(self) -> bool:
        return self.method.strip().lower().startswith("biconnector.")


class BatchCall(NamedTuple):
    commands: list[Command]
    problems: list[Problem]  # about commands that are not strings


def find_batch(document: Document) -> BatchCall | None:
    """The batch call a JSON or YAML document holds, or ``None`` when it is not one."""
    try:
        known: BatchCall | None = document.memo[find_batch]
    except KeyError:
        known = document.memo[find_batch] = _find_batch(document)
    return known


def _find_batch(document: Document) -> BatchCall | None:
    if not document.lintable or encoding_of(document) != "json":
        return None
    value = document.value
    prefix: Loc = ()
    if isinstance(value, dict) and str(value.get("method", "")).strip().lower() == "batch":
        value, prefix = value.get("params"), ("params",)
    elif not (isinstance(value, dict) and value and {str(k).upper() for k in value} <= _BATCH_KEYS):
        return None
    cmd_key = _last_key(value, "CMD")
    if cmd_key is None:
        return None if not prefix else BatchCall([], [])
    call = BatchCall([], [])
    for key, command in php.items(value[cmd_key]):
        loc = (*prefix, cmd_key, key)
        if isinstance(command, str):
            call.commands.append(_command(document, loc, str(key), command))
        else:
            detail = "the command is not a string: the REST core skips it and it has no result."
            call.problems.append(Problem("BL023", detail, document.locate(loc), loc))
    return call


def _last_key(value: Any, upper: str) -> str | None:
    """The key ``array_change_key_case($query, CASE_UPPER)`` keeps: the last one of that name."""
    found = None
    for key in value if isinstance(value, dict) else ():
        if str(key).upper() == upper:
            found = key
    return found


def _command(document: Document, loc: Loc, key: str, command: str) -> Command:
    method, query, fragment = _split(command)
    token = _token(document, loc)
    offsets = string_offsets(document.text, token, command) if token else None
    parsed = parse_pairs(command, [query], prefix=loc, offsets=offsets)
    if offsets is not None:  # the command itself: its method name (ERROR_METHOD_NOT_FOUND)
        shown = len(method) if method.strip() else len(command)
        parsed.index.values[loc] = (offsets[0], offsets[shown])
    else:  # no place for the string (never for JSON or YAML): no positions rather than wrong ones
        parsed.index = PositionIndex(values={loc: (0, 0)})
    own = Document(
        path=document.path,
        text=document.text,
        value=parsed.value,
        _index=parsed.index,
        _lines=document.lines,
    )
    references = list(_references(parsed.value))
    found = Command(key, loc, method.strip(), parsed.value, own, references, [])
    for repeated, spans in parsed.repeated.items():
        found.problems.extend(duplicate_problems(own, repeated, spans))
    if fragment != -1 and offsets is not None:
        dropped = command[fragment:]
        shown_drop = dropped if len(dropped) <= 40 else dropped[:37] + "..."
        detail = (
            f"'#' ends the command's query (parse_url reads the rest as a fragment): "
            f"{shown_drop!r} is dropped. Write '#' as %23."
        )
        span = own.span_of(offsets[fragment], offsets[len(command)])
        found.problems.append(Problem("BL023", detail, span, loc))
    elif fragment != -1:
        detail = "'#' ends the command's query."
        found.problems.append(Problem("BL023", detail, document.locate(loc), loc))
    return found


def _token(document: Document, loc: Loc) -> tuple[int, int] | None:
    """Where the command string is written: the loader's targeted locator (JSON) when it has one,
    else its position index."""
    locator = getattr(document, "_locator", None)
    if locator is not None:
        found = locator(loc)
        if found is not None and found[0] == len(loc):
            span: tuple[int, int] = found[1]
            return span
    return document.index().values.get(loc)


def _references(params: Any, loc: Loc = ()) -> Iterator[Loc]:
    """The whole references among the leaves; partial ones get the stand-in ``1`` (in place)."""
    for key, value in php.items(params):
        if is_whole_reference(value):
            yield (*loc, key)
        elif isinstance(value, dict):
            yield from _references(value, (*loc, key))
        elif isinstance(value, str) and "$" in value:
            params[key] = WHOLE_REFERENCE.sub(_stand_in, value)


def _stand_in(match: re.Match[str]) -> str:
    return "1" if _PATH_PART.search(match.group()) else match.group()


def without_references(rules: Sequence[Rule], references: Sequence[Loc]) -> Sequence[Rule]:
    """``rules`` that say nothing about a whole ``$result[...]`` value, nor inside it: the server
    puts an earlier result's raw value there (an int, a bool, an array), unknown before the call."""
    if not references:
        return rules

    def hidden(finding: Finding) -> bool:
        if getattr(finding, "root", False):  # a path from the file's root, not the params'
            return False
        return any(finding.loc[: len(ref)] == ref for ref in references)

    def masked(rule: Rule) -> Rule:
        def check(request: Request) -> Iterator[Finding]:
            return (finding for finding in rule.check(request) if not hidden(finding))

        return Rule(spec=rule.spec, check=check, doc=rule.doc)

    return [masked(rule) for rule in rules]


# --------------------------------------------------------------------------------------------
# Where each character of a decoded string stands in the file
# --------------------------------------------------------------------------------------------

_ESCAPE_WIDTH: Final = {"u": 6, "U": 10, "x": 4}


def string_offsets(text: str, token: tuple[int, int], value: str) -> list[int]:
    """For each character of ``value``, the offset in ``text`` where it is written, plus one entry
    for the end. ``token`` is the string's span in the file: a JSON string with its quotes, or a
    YAML scalar (quoted, plain or block). Escapes (``\\n``, ``\\u00e9``, a surrogate pair, YAML's
    ``''``) map to their whole spelling; YAML line folding and block indentation are skipped, so
    a multi-line scalar maps approximately, a one-line one exactly.

    >>> text = '{"cmd": "a?t=\\\\u00e9&x=1"}'
    >>> offsets = string_offsets(text, (8, 25), "a?t=\\u00e9&x=1")
    >>> [text[offsets[i] : offsets[i + 1]] for i in range(3, 6)]
    ['=', '\\\\u00e9', '&']
    """
    start, end = token
    first = text[start : start + 1]
    double, single = first == '"', first == "'"
    if double or single:
        position, stop = start + 1, max(start + 1, end - 1)
    elif first in ("|", ">"):
        newline = text.find("\n", start, end)
        position, stop = (end if newline == -1 else newline + 1), end
    else:
        position, stop = start, end
    if text.startswith(value, position) and position + len(value) <= stop:
        return list(range(position, position + len(value) + 1))
    offsets: list[int] = []
    for char in value:
        while double and text.startswith("\\\n", position, stop):  # a YAML line continuation
            position += 2
            while position < stop and text[position] in " \t":
                position += 1
        offsets.append(min(position, stop))
        if position >= stop:
            continue
        here = text[position]
        if double and here == "\\" and position + 1 < stop:
            width = _ESCAPE_WIDTH.get(text[position + 1], 2)
            if ord(char) > 0xFFFF and text.startswith("\\u", position + 6):
                width = 12  # a UTF-16 surrogate pair in JSON
            position += width
        elif single and char == "'" and text.startswith("''", position):
            position += 2
        elif here == char:
            position += 1
        else:  # folded line breaks and block indentation: find the character further on
            ahead = position
            while ahead < stop and text[ahead] != char and text[ahead] in " \t\r\n":
                ahead += 1
            if ahead < stop and text[ahead] == char:
                offsets[-1] = ahead
                position = ahead + 1
            elif here in " \t\r\n":
                position = ahead
    offsets.append(min(position, stop))
    return offsets
