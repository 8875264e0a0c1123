"""``path:line:col: CODE message [rule]``, the server's predicted answer, and a summary line.

What a terminal would act on in payload text or a file's name (ESC, CR, bidirectional controls) is
shown escaped (``_common.printable``): a payload cannot colour, move or rewrite the report."""

from __future__ import annotations

from collections.abc import Sequence

from bicon_lint.api import Report, RunResult
from bicon_lint.model import Severity
from bicon_lint.reporters._common import file_parts, label, outcome, printable

_RESET = "\033[0m"
_STYLE: dict[object, str] = {
    "path": "\033[1m",
    Severity.ERROR: "\033[31m",
    Severity.WARNING: "\033[33m",
    Severity.INFO: "\033[36m",
    "dim": "\033[2m",
    "ok": "\033[32m",
}


def _paint(text: str, style: object, color: bool) -> str:
    return f"{_STYLE[style]}{text}{_RESET}" if color else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(result: RunResult, color: bool = False) -> str:
    return file_parts(result, render_reports, color) + summary_line(result, color) + "\n"


def render_reports(reports: Sequence[Report], color: bool = False) -> str:
    """The lines of ``reports`` (none for a skipped one), each ending in a newline: a run's
    output is these for each file in order, then the summary line. A run can make them where
    each file is linted (``runner.Options.render_file``) instead of keeping its reports."""
    lines: list[str] = []
    for report in reports:
        if report.skipped:
            continue
        path = report.path or "<params>"
        for diagnostic in report.diagnostics:
            where = path
            if diagnostic.line is not None:
                where = f"{path}:{diagnostic.line}:{diagnostic.column}"
            if not color:  # the common case, spelled out: a run may print thousands of lines
                line = f"{where}: {diagnostic.code} {diagnostic.message} [{diagnostic.rule}]"
                lines.append(line if line.isprintable() else printable(line))
                continue
            code = _paint(diagnostic.code, diagnostic.severity, color)
            rule = _paint(f"[{diagnostic.rule}]", "dim", color)
            message = printable(diagnostic.message)
            lines.append(f"{_paint(printable(where), 'path', color)}: {code} {message} {rule}")
        said = outcome(report)
        if said is not None:
            shown = _paint(printable(label(report)), "path", color)
            lines.append(f"{shown}: {printable(said)}")
    return "\n".join(lines) + "\n" if lines else ""


def summary_line(result: RunResult, color: bool = False) -> str:
    tally = result.counted()
    checked = files_checked(tally.checked)
    unread = (
        f" {_plural(len(result.failures), 'path')} could not be read." if result.failures else ""
    )
    if tally.errors or tally.warnings:
        found = f"{_plural(tally.errors, 'error')} and {_plural(tally.warnings, 'warning')}"
        return f"Found {found} in {_plural(checked, 'file')}.{unread}"
    if result.failures:
        return f"No problems in {_plural(checked, 'file')}, but{unread}"
    if not checked:
        return "No payload files found to check."
    return _paint(f"All checks passed ({_plural(checked, 'file')}).", "ok", color)


def files_checked(paths: tuple[str | None, ...]) -> int:
    """Files, not reports (``Tally.checked``): a batch file's commands each have a report but
    make one file; each report of standard input (no path) is one."""
    return len({path for path in paths if path is not None}) + paths.count(None)
