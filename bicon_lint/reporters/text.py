"""``path:line:col: SEVERITY: CODE message [rule]``, the server's predicted answer, and a summary.

The severity is a word (``error``, ``warning``, ``info``), where gcc and clang put it: editors'
problem matchers for gcc (``$gcc``) read the lines, and so does anyone without colour. A problem
without a position is ``path: SEVERITY: CODE message [rule]``.

What a terminal would act on in payload text or a file's name (ESC, CR, bidirectional controls) is
shown escaped (``_common.printable``): a payload cannot colour, move or rewrite the report."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bicon_lint.api import Report, RunResult
from bicon_lint.model import Severity
from bicon_lint.reporters._common import code_counts, file_parts, label, outcome, printable

_RESET = "\033[0m"
_STYLE: dict[object, str] = {
    "path": "\033[1m",
    Severity.ERROR: "\033[31m",
    Severity.WARNING: "\033[33m",
    Severity.INFO: "\033[36m",
    "dim": "\033[2m",
    "ok": "\033[32m",
}
_BOLD = "\033[1m"


def _paint(text: str, style: object, color: bool) -> str:
    return f"{_STYLE[style]}{text}{_RESET}" if color else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def severity_word(severity: Severity, color: bool = False) -> str:
    """``error:``, ``warning:`` or ``info:``; coloured, in bold, when ``color`` is on."""
    word = f"{severity.value}:"
    return f"{_BOLD}{_STYLE[severity]}{word}{_RESET}" if color else word


def render(result: RunResult, color: bool = False) -> str:
    return file_parts(result, render_reports, color) + summary_line(result, color) + "\n"


def render_reports(reports: Sequence[Report], color: bool = False) -> str:
    """The lines of ``reports`` (none for a skipped one), each ending in a newline: a run's
    output is these for each file in order, then the summary line. A run can make them where
    each file is linted (``runner.Options.render_file``) instead of keeping its reports."""
    pieces: list[str] = []
    write_reports(reports, color, pieces.append)
    return "".join(pieces)


# Lines joined into one piece before it is written: a flood's output is written as it is made,
# a piece at a time, never all of it at once.
PIECE_LINES = 2048


def write_reports(reports: Sequence[Report], color: bool, write: Callable[[str], object]) -> None:
    """``render_reports(reports, color)``, written a piece at a time (``PIECE_LINES`` lines)."""
    lines: list[str] = []
    for report in reports:
        if report.skipped:
            continue
        path = report.path or "<params>"
        for diagnostic in report.diagnostics:
            where = path
            if diagnostic.line is not None:
                where = f"{path}:{diagnostic.line}:{diagnostic.column}"
            severity = diagnostic.severity
            if not color:  # the common case, spelled out: a run may print thousands of lines
                line = (
                    f"{where}: {severity.value}: {diagnostic.code} {diagnostic.message} "
                    f"[{diagnostic.rule}]"
                )
                lines.append(line if line.isprintable() else printable(line))
                if len(lines) >= PIECE_LINES:
                    write("\n".join(lines) + "\n")
                    lines.clear()
                continue
            word = severity_word(severity, color)
            code = _paint(diagnostic.code, severity, color)
            rule = _paint(f"[{diagnostic.rule}]", "dim", color)
            message = printable(diagnostic.message)
            shown = _paint(printable(where), "path", color)
            lines.append(f"{shown}: {word} {code} {message} {rule}")
            if len(lines) >= PIECE_LINES:
                write("\n".join(lines) + "\n")
                lines.clear()
        said = outcome(report)
        if said is not None:
            shown = _paint(printable(label(report)), "path", color)
            lines.append(f"{shown}: {printable(said)}")
    if lines:
        write("\n".join(lines) + "\n")


def summary_line(result: RunResult, color: bool = False) -> str:
    """The run's last line: ``Found 7 errors, 4 warnings and 1 info in 2 files.`` (every
    severity counted, even at 0), ``All checks passed (N files).``, ``No payload files found to
    check.``, and how many paths could not be read. ``--statistics`` ends with the same line.

    >>> from bicon_lint.api import Tally
    >>> summary_line(RunResult([], tally=Tally(1, 0, 3, ("a.json", "a.json", None))))
    'Found 1 error, 0 warnings and 3 info in 2 files.'
    """
    tally = result.counted()
    checked = files_checked(tally.checked)
    unread = (
        f" {_plural(len(result.failures), 'path')} could not be read." if result.failures else ""
    )
    if tally.errors or tally.warnings or tally.infos:
        found = (
            f"{_plural(tally.errors, 'error')}, {_plural(tally.warnings, 'warning')} "
            f"and {tally.infos} info"  # a mass noun: "1 info", "3 info"
        )
        return f"Found {found} in {_plural(checked, 'file')}.{unread}"
    if result.failures:
        return f"No problems in {_plural(checked, 'file')}, but{unread}"
    if not checked:
        return "No payload files found to check."
    return _paint(f"All checks passed ({_plural(checked, 'file')}).", "ok", color)


def render_statistics(result: RunResult, color: bool = False) -> str:
    """``--statistics``: one row per code, most frequent first (count, code, ``[rule]``, severity,
    in aligned columns), then the summary line the run would end with (``summary_line``)."""
    rows = code_counts(result)
    count_width = max((len(str(row.times)) for row in rows), default=1)
    code_width = max((len(row.code) for row in rows), default=0)
    rule_width = max((len(row.rule) + 2 for row in rows), default=0)
    lines = [
        f"{row.times:>{count_width}}  {_paint(row.code, row.severity, color)}"
        f"{' ' * (code_width - len(row.code))}  {f'[{row.rule}]':<{rule_width}}  "
        f"{_paint(row.severity.value, row.severity, color)}"
        for row in rows
    ]
    lines.append(summary_line(result, color))
    return "\n".join(lines) + "\n"


def files_checked(paths: tuple[str | None, ...]) -> int:
    """Files, not reports (``Tally.checked``): a batch file's commands each have a report but
    make one file; each report of standard input (no path) is one."""
    return len({path for path in paths if path is not None}) + paths.count(None)
