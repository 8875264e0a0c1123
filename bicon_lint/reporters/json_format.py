"""The stable JSON report (version 1), documented in the README.

A run's ``files`` entries can be made file by file where each file is linted
(``render_reports``, ``runner.Options.render_file``): each entry is the text ``json.dumps`` gives
it inside the whole report (indented two levels), so the report is the same either way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring
from typing import Final

from bicon_lint.api import Report, RunResult
from bicon_lint.model import Diagnostic
from bicon_lint.reporters._common import file_parts

VERSION = 1
_IN_FILES = "\n    "  # an entry's lines inside the report: two levels down (indent=2)
NO_FILES: Final = '"files": []'  # where a report without entries has them
# A report with entries up to its first entry (``render``: the document's "files" made a list)
HEAD: Final = json.dumps({"version": VERSION, "files": []}, indent=2)[: -len("[]\n}")] + "[\n"
_string: Final[Callable[[str], str]] = encode_basestring  # json.dumps's, with ensure_ascii=False


def render(result: RunResult, color: bool = False) -> str:
    entries = file_parts(result, render_reports, color)
    tally = result.counted()
    document = {
        "version": VERSION,
        "files": [],
        "errors": [{"message": failure} for failure in result.failures],
        "summary": {
            "files": len(tally.checked),
            "errors": tally.errors,
            "warnings": tally.warnings,
            "infos": tally.infos,
        },
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if entries:  # the first "files" is the document's key: nothing before it holds that text
        text = text.replace(NO_FILES, f'"files": [\n{entries[:-2]}\n  ]', 1)
    return text + "\n"


def render_reports(reports: Sequence[Report], color: bool = False) -> str:
    """The ``files`` entries of ``reports`` (a skipped one has none), each followed by ``,`` and a
    newline: a run's entries are these for each file in order."""
    pieces: list[str] = []
    write_reports(reports, color, pieces.append)
    return "".join(pieces)


# Diagnostics made into one piece before it is written: a flood's entry is written as it is
# made, never all of it (nor a dict per diagnostic) at once.
PIECE_DIAGNOSTICS = 1024


def write_reports(reports: Sequence[Report], color: bool, write: Callable[[str], object]) -> None:
    """``render_reports(reports, color)``, written a piece at a time: an entry's diagnostics are
    written as ``json.dumps`` writes them in the entry (tests/test_floods.py compares
    them), ``PIECE_DIAGNOSTICS`` at a time."""
    for report in reports:
        if report.skipped:
            continue
        entry = json.dumps(_entry(report), ensure_ascii=False, indent=2).replace("\n", _IN_FILES)
        diagnostics = report.diagnostics
        if not diagnostics:
            write(f"    {entry},\n")
            continue
        cut = entry.rindex("[]")  # the last key's empty list: "diagnostics"
        write(f"    {entry[:cut]}[\n")
        for start in range(0, len(diagnostics), PIECE_DIAGNOSTICS):
            piece = ",\n".join(map(_diagnostic, diagnostics[start : start + PIECE_DIAGNOSTICS]))
            write(f",\n{piece}" if start else piece)
        write(f"\n      ]{entry[cut + 2 :]},\n")


def _entry(report: Report) -> dict[str, object]:
    """The entry without its diagnostics (``write_reports`` writes them into its empty list)."""
    return {
        "path": report.path,
        "command": report.command,
        "method": report.method,
        "target": report.target.label,
        "server_error": report.server_error.as_dict() if report.server_error else None,
        "diagnostics": [],
    }


def _value(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False)`` of a diagnostic's field."""
    if type(value) is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


# A string -> its JSON: a flood's diagnostics repeat their code, message and rule.
_ENCODED: dict[str, str] = {}
_ENCODED_MAX: Final = 4096


def _repeated(value: object) -> str:
    """``_value`` of a field that repeats across diagnostics (code, message, severity, rule)."""
    if type(value) is not str:
        return _value(value)
    known = _ENCODED.get(value)
    if known is None:
        if len(_ENCODED) >= _ENCODED_MAX:
            _ENCODED.clear()
        known = _ENCODED[value] = _string(value)
    return known


def _diagnostic(diagnostic: Diagnostic) -> str:
    """``diagnostic.as_dict()`` as ``json.dumps(..., indent=2)`` writes it inside an entry."""
    line, column, code, message, severity, rule, _loc, where, end_line, end_column, server = (
        diagnostic
    )
    return (
        f'        {{\n          "code": {_repeated(code)},\n'
        f'          "message": {_repeated(message)},\n'
        f'          "severity": {_repeated(severity.value)},\n'
        f'          "rule": {_repeated(rule)},\n'
        f'          "pointer": {_string(where) if type(where) is str else _value(where)},\n'
        f'          "line": {_value(line)},\n'
        f'          "column": {_value(column)},\n'
        f'          "end_line": {_value(end_line)},\n'
        f'          "end_column": {_value(end_column)},\n'
        f'          "server": {_value(server)}\n'
        "        }"
    )
