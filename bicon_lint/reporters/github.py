"""GitHub Actions workflow commands: one annotation per diagnostic.

``::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=bicon-lint (CODE)::MESSAGE [rule]``,
``::warning`` and ``::notice`` by severity. ``col`` and ``endColumn`` are left out when a span covers
several lines (GitHub refuses columns then); a diagnostic without a position annotates the file.
The server's predicted answer of each file is a ``::notice`` on the file, and a path that could not
be read an ``::error`` without a file. Every line is a command: payload text inside a message (a
key holding a newline and ``::``) cannot start a command of its own.

Escaping follows ``@actions/core``: in the message ``%``, ``\\r`` and ``\\n`` become ``%25``,
``%0D`` and ``%0A``; in property values ``:`` and ``,`` also become ``%3A`` and ``%2C``. Other
characters a terminal or log would act on (ESC, bidirectional controls) are written as ``\\xNN`` /
``\\uNNNN`` (``_common.printable``).
"""

from __future__ import annotations

from collections.abc import Sequence

from bicon_lint.answers import NAMES
from bicon_lint.api import Report, RunResult
from bicon_lint.model import Diagnostic, Severity
from bicon_lint.reporters._common import (
    display_path,
    file_parts,
    outcome,
    printable,
    request_name,
)

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)  # no other control character reaches the log (_common.printable)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    rendered = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{name}{' ' if rendered else ''}{rendered}::{escape_data(message)}"


def _place(diagnostic: Diagnostic) -> dict[str, object]:
    if diagnostic.line is None:
        return {}
    place: dict[str, object] = {"line": diagnostic.line}
    one_line = diagnostic.end_line in (None, diagnostic.line)
    if one_line:
        place["col"] = diagnostic.column
    if diagnostic.end_line is not None:
        place["endLine"] = diagnostic.end_line
    if one_line:
        place["endColumn"] = diagnostic.end_column
    return place


def render(result: RunResult, color: bool = False) -> str:
    made = file_parts(result, render_reports, color)
    failures = (
        command("error", {"title": "bicon-lint (unreadable path)"}, failure)
        for failure in result.failures
    )
    return made + "".join(line + "\n" for line in failures)


def render_reports(reports: Sequence[Report], color: bool = False) -> str:
    """The commands of ``reports`` (none for a skipped one), a line each: a run's output is these
    for each file in order, then the unreadable paths (``runner.Options.render_file``)."""
    lines: list[str] = []
    for report in reports:
        if report.skipped:
            continue
        file = display_path(report) if report.path is not None else None
        for diagnostic in report.diagnostics:
            message = f"{diagnostic.message} [{diagnostic.rule}]"
            if diagnostic.line is None and diagnostic.pointer:
                message += f" at {diagnostic.pointer}"
            if report.command is not None:
                message += f" ({request_name(report)})"
            properties = {
                "file": file,
                **_place(diagnostic),
                "title": f"bicon-lint ({diagnostic.code})",
            }
            lines.append(command(COMMANDS[diagnostic.severity], properties, message))
        said = outcome(report)
        if said is not None:
            endpoint = NAMES.get(report.method or "")
            if endpoint is not None:  # an endpoint's answer
                said = f"{endpoint} answer: {said}"
            if report.command is not None:
                said = f"{request_name(report)}: {said}"
            properties = {"file": file, "title": "bicon-lint (server answer)"}
            lines.append(command("notice", properties, said))
    return "\n".join(lines) + "\n" if lines else ""
