"""The stable JSON report (version 1), documented in the README.

A run's ``files`` entries can be made file by file where each file is linted
(``render_reports``, ``runner.Options.render_file``): each entry is the text ``json.dumps`` gives
it inside the whole report (indented two levels), so the report is the same either way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from bicon_lint.api import Report, RunResult
from bicon_lint.reporters._common import file_parts

VERSION = 1
_IN_FILES = "\n    "  # an entry's lines inside the report: two levels down (indent=2)


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
        text = text.replace('"files": []', f'"files": [\n{entries[:-2]}\n  ]', 1)
    return text + "\n"


def render_reports(reports: Sequence[Report], color: bool = False) -> str:
    """The ``files`` entries of ``reports`` (a skipped one has none), each followed by ``,`` and a
    newline: a run's entries are these for each file in order."""
    return "".join(
        "    "
        + json.dumps(_entry(report), ensure_ascii=False, indent=2).replace("\n", _IN_FILES)
        + ",\n"
        for report in reports
        if not report.skipped
    )


def _entry(report: Report) -> dict[str, object]:
    return {
        "path": report.path,
        "command": report.command,
        "method": report.method,
        "target": report.target.label,
        "server_error": report.server_error.as_dict() if report.server_error else None,
        "diagnostics": [diagnostic.as_dict() for diagnostic in report.diagnostics],
    }
