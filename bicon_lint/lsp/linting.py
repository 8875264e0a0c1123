"""An editor's text, linted as ``bicon-lint check --stdin-filename PATH -`` lints it.

The text goes through the command's own path (``runner.run_paths`` with standard input named
``PATH``): the file's ``[tool.bicon-lint]`` found from ``PATH``, its ``methods`` and ``endpoints``
globs, selection, ``force-exclude``, programs and docs read by ``bicon_lint.extract``. What comes
back is turned into :class:`Item` records: each diagnostic, and for each call (or payload) the
server's predicted first answer as one information-level item at the call or the envelope.

Nothing here imports pygls: the server (``bicon_lint.lsp.server``) makes LSP messages of these.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from typing import Final, NamedTuple

from bicon_lint.api import Report
from bicon_lint.config import Resolver
from bicon_lint.extract import source_kind
from bicon_lint.loaders import READABLE_SUFFIXES
from bicon_lint.lsp.positions import TextIndex
from bicon_lint.model import Diagnostic, Severity
from bicon_lint.reporters._common import outcome
from bicon_lint.runner import Options, run_paths
from bicon_lint.targets import DEFAULT_TARGET, Target

# A document with no file name (an editor's new, unsaved buffer) is named for its language.
UNTITLED_NAMES: Final = {
    "json": "untitled.json",
    "jsonc": "untitled.json",
    "yaml": "untitled.yaml",
    "php": "untitled.php",
    "javascript": "untitled.js",
    "javascriptreact": "untitled.jsx",
    "typescript": "untitled.ts",
    "typescriptreact": "untitled.tsx",
    "python": "untitled.py",
    "go": "untitled.go",
    "markdown": "untitled.md",
}

_SOURCE_CALL: Final = re.compile(r"line (\d+)(?::(\d+))?\Z")
_CMD_KEY: Final = re.compile(r"""["']?cmd["']?\s*:""")


class Item(NamedTuple):
    """One diagnostic as the editor shows it: offsets into the text (code points), its LSP
    range, and what hover and quick fixes need."""

    start: int
    end: int
    range: tuple[int, int, int, int]  # LSP: start line, start character, end line, end character
    code: str | int | None
    message: str
    severity: Severity
    rule: str | None  # the rule's name (for an answer: the rule of the diagnostic it repeats)
    line: int  # bicon-lint's 1-based line of the start (where an ignore comment counts)
    target: Target
    answer: bool = False  # the server's predicted first answer, not a diagnostic


class Linted(NamedTuple):
    items: tuple[Item, ...]
    requests: int = 0  # the reports checked: the payload, or each call or batch command


def name_for(path: str | None, language: str | None) -> str | None:
    """The name the text is linted under: its path, or for an unsaved buffer a name its
    language implies (``None`` when it implies none)."""
    if path is not None:
        return path
    return UNTITLED_NAMES.get((language or "").lower())


def readable(path: str, resolver: Resolver) -> bool:
    """A file ``check`` reads when a folder holding it is searched: a payload, program or doc
    by its name, or a file the configuration maps to a method or an endpoint answer."""
    if path.lower().endswith(READABLE_SUFFIXES):
        return True
    settings = resolver.settings_for(path)
    return settings.mapped is not None or settings.answer_endpoint is not None


def as_bytes(text: str) -> bytes:
    """The editor's text as the file's bytes: an undecodable byte the editor kept as a lone
    surrogate (``surrogateescape``) is that byte again, so the linter reports it as it reports
    the file; any other lone surrogate is written as it is (not UTF-8 either)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def reports_for(text: str, name: str, resolver: Resolver) -> list[Report]:
    """The reports ``check --stdin-filename NAME -`` makes of ``text`` (``ConfigError`` from a
    broken configuration, as the command)."""
    options = Options(
        stdin_filename=name,
        resolver=resolver,
        target=resolver.overrides.target or DEFAULT_TARGET,
    )
    result = run_paths(["-"], options, stdin=io.BytesIO(as_bytes(text)))
    return result.reports


def lint(text: str, name: str, resolver: Resolver, encoding: str) -> Linted:
    """The items of ``text`` linted as the file ``name`` (``ConfigError`` as the command)."""
    if not readable(name, resolver):
        return Linted(())
    reports = reports_for(text, name, resolver)
    checked = sum(not report.skipped for report in reports)
    return Linted(items_of(reports, TextIndex(text), encoding), checked)


def items_of(reports: Sequence[Report], index: TextIndex, encoding: str) -> tuple[Item, ...]:
    """Every diagnostic of the reports, and each report's predicted answer, placed in the
    text."""
    places: list[tuple[int, int, Report, Diagnostic | str]] = []
    for report in reports:
        if report.skipped:
            continue
        for diagnostic in report.diagnostics:
            if diagnostic.line is None or diagnostic.column is None:
                start = index.first_visible(0)
                end = index.lsp_line(start)[2]
            else:
                start = index.offset(diagnostic.line, diagnostic.column)
                end = _end(
                    index, start, diagnostic.end_line, diagnostic.end_column, diagnostic.line
                )
            places.append((start, end, report, diagnostic))
        said = outcome(report)
        if said is not None:
            start = _answer_place(index, report)
            end = _trimmed_line_end(index, start)
            places.append((start, end, report, said))
    found = index.positions(
        [offset for start, end, _, _ in places for offset in (start, end)], encoding
    )
    items: list[Item] = []
    for start, end, report, what in places:
        (line, character), (end_line, end_character) = found[start], found[end]
        span = (line, character, end_line, end_character)
        if isinstance(what, str):
            items.append(_answer_item(report, what, start, end, span, index))
            continue
        items.append(
            Item(
                start,
                end,
                span,
                what.code,
                what.message,
                what.severity,
                what.rule,
                index.line_of(start),
                report.target,
            )
        )
    items.sort(key=lambda item: (item.start, item.answer, str(item.code)))
    return tuple(items)


def _end(
    index: TextIndex, start: int, end_line: int | None, end_column: int | None, line: int
) -> int:
    """Where a diagnostic's range ends: at the end of its value when bicon-lint knows it, else
    the token at ``start``; never past the line it starts on."""
    _, _, line_end = index.lsp_line(start)
    if end_line is None or end_column is None:
        return index.token_end(start)
    end = index.offset(end_line, end_column) if end_line == line else line_end
    return max(start, min(end, line_end))


def _trimmed_line_end(index: TextIndex, start: int) -> int:
    _, _, line_end = index.lsp_line(start)
    end = line_end
    while end > start and index.text[end - 1].isspace():
        end -= 1
    return max(end, min(start + 1, line_end))


def _answer_place(index: TextIndex, report: Report) -> int:
    """Where a report's predicted answer is shown: the start of the call in a program or a doc
    (its report's ``line N`` / ``line N:C``), a batch command's key, else the envelope (the
    first character of the file)."""
    command = report.command
    if command is not None and report.path is not None and source_kind(report.path) is not None:
        match = _SOURCE_CALL.match(command)
        if match is not None:
            line = int(match.group(1))
            if match.group(2) is not None:
                return index.offset(line, int(match.group(2)))
            return index.first_visible(index.offset(line, 1))
    if command is not None:
        found = _batch_key(index.text, command)
        if found is not None:
            return found
        placed = [d for d in report.diagnostics if d.line is not None and d.column is not None]
        if placed:
            first = placed[0]
            assert first.line is not None and first.column is not None
            return index.offset(first.line, first.column)
    return index.first_visible(0)


def _batch_key(text: str, key: str) -> int | None:
    """Where a batch file's command ``key`` is written as a key of its ``cmd`` mapping."""
    holder = _CMD_KEY.search(text)
    if holder is None:
        return None
    written = re.compile(rf"""(["']?){re.escape(key)}\1\s*:""")
    match = written.search(text, holder.end())
    return match.start() if match is not None else None


def _answer_item(
    report: Report,
    said: str,
    start: int,
    end: int,
    span: tuple[int, int, int, int],
    index: TextIndex,
) -> Item:
    answer = report.server_error
    code = answer.code if answer is not None else None
    rule = None
    if code is not None:
        rule = next((d.rule for d in report.diagnostics if d.code == code), None)
    who = _request_label(report)
    message = f"{who}: {said}" if who else said[:1].upper() + said[1:]
    return Item(
        start,
        end,
        span,
        code,
        message,
        Severity.INFO,
        rule,
        index.line_of(start),
        report.target,
        answer=True,
    )


def _request_label(report: Report) -> str:
    """Which request the answer is to: the method, and a batch command's key."""
    from bicon_lint.answers import NAMES

    endpoint = NAMES.get(report.method or "")
    if endpoint is not None:
        return f"{endpoint} answer"
    source = report.path is not None and source_kind(report.path) is not None
    if report.command is not None and not source:
        return f"command {report.command} ({report.method})"
    return report.method or ""


def tally(items: Sequence[Item]) -> Counter[tuple[str | int | None, str]]:
    """The diagnostics (not answers) by code and message: what a quick fix is checked against
    (it must take one away and add none)."""
    return Counter((item.code, item.message) for item in items if not item.answer)
