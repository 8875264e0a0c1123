"""What several output formats share: display paths, URIs, the server's answer as a sentence,
severity ranks, the fingerprints that identify a finding across runs, and the counts of each code
(``--statistics``)."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple
from urllib.parse import quote

from bicon_lint.answers import NAMES
from bicon_lint.api import Report, RunResult
from bicon_lint.extract import source_kind
from bicon_lint.model import Diagnostic, ServerError, Severity

NO_PATH = "<params>"  # a report of params linted in memory (``lint_payload``) has no path

_POSITION = re.compile(r"\b(line|column|offset|char) \d+")

# What a terminal acts on instead of showing it: C0 and C1 control characters (ESC starts a
# colour or cursor sequence, CR goes back to the start of the line), and the format characters
# that reorder a line (bidirectional controls) or break it (line and paragraph separators).
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def file_parts(
    result: RunResult, render_reports: Callable[[Sequence[Report], bool], str], color: bool
) -> str:
    """The files' part of a format made file by file (``render_reports``): as made where each
    file was linted (``RunResult.rendered``), or made now from the reports."""
    if result.rendered is not None:
        return result.rendered
    return render_reports(result.checked, color)


def escaped(match: re.Match[str]) -> str:
    """One matched character as ``\\xNN`` or ``\\uNNNN``: how reports show what they cannot print."""
    point = ord(match.group())
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def printable(text: str) -> str:
    """``text`` with what a terminal would act on escaped (``escaped``): payload text inside a
    message, or a file's name, cannot colour, move or rewrite the lines of a report.

    >>> print(printable('code "a\\x1b[2J" or "\\u202egnp.exe"'), printable("é ok"))
    code "a\\x1b[2J" or "\\u202egnp.exe" é ok
    """
    return text if text.isprintable() else _UNSHOWN.sub(escaped, text)


def display_path(report: Report, sep: str = os.sep) -> str:
    """The report's path with forward slashes (what CI systems match against the repository)."""
    path = report.path if report.path is not None else NO_PATH
    return path.replace(sep, "/") if sep != "/" else path


def label(report: Report) -> str:
    """The path, and which request of the file: a batch command's key, or a call's method and
    line in a source file."""
    path = display_path(report)
    endpoint = NAMES.get(report.method or "")
    if endpoint is not None:  # an endpoint's answer (bicon_lint.answers)
        return f"{path} ({endpoint} answer)"
    return path if report.command is None else f"{path} ({request_name(report)})"


def request_name(report: Report) -> str:
    """``command KEY`` for a batch command; ``METHOD call on line N`` for a call written in a
    program or a doc (whose ``command`` is ``line N``)."""
    if report.path is not None and source_kind(report.path) is not None:
        return f"{report.method} call on {report.command}"
    return f"command {report.command}"


def answer_sentence(answer: ServerError) -> str:
    """The server's predicted answer as the text report words it, after "the server".

    >>> from bicon_lint.model import ServerError
    >>> crash = ServerError(None, "a TypeError", fatal=True, portal='"a" is a setting code')
    >>> answer_sentence(crash._replace(otherwise=ServerError("BX_INVALID_VALUE", "Too long.")))
    'crashes with no error code (a TypeError) if "a" is a setting code (which only the portal knows); otherwise it answers BX_INVALID_VALUE: Too long.'
    >>> answer_sentence(crash)
    'crashes with no error code (a TypeError) if "a" is a setting code (which only the portal knows); otherwise it accepts the call'
    """
    if answer.fatal:
        said = f"crashes with no error code ({answer.message})"
    else:
        level = "top-level " if answer.top_level else ""
        said = f"answers {level}{answer.code}: {answer.message}"
    if answer.runtime is not None:
        said += f" (unless {answer.runtime}, a value computed at run time, fails its check first)"
    if answer.portal is not None:
        otherwise = (
            "accepts the call" if answer.otherwise is None else answer_sentence(answer.otherwise)
        )
        said += f" if {answer.portal} (which only the portal knows); otherwise it {otherwise}"
    return said


def outcome(report: Report) -> str | None:
    """The predicted answer as a sentence: "the server answers ...", or for an endpoint's answer
    what the portal does with it ("the portal shows ...", or that it goes on with it when only
    warnings stand); ``None`` when there is nothing to say.

    >>> from bicon_lint.answers import lint_answer
    >>> outcome(lint_answer("urlCheck", 200, ""))
    'the portal shows "Cannot establish connection." (BICONNECTOR_REST_CONNECTION_ERROR_CANT_CONNECT)'
    """
    answer = report.server_error
    if report.method not in NAMES:
        return None if answer is None else f"the server {answer_sentence(answer)}"
    if answer is None:
        return "the portal accepts this answer" if report.diagnostics else None
    if answer.fatal:
        return f"the portal crashes with no error code ({answer.message})"
    return f'the portal shows "{answer.message}" ({answer.code})'


def artifact_uri(path: str) -> str:
    """A URI reference for a display path: relative paths stay relative, absolute ones become
    ``file://`` URIs; characters a URI cannot hold are percent-encoded."""
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    if re.match(r"^[A-Za-z]:/", path):  # a Windows drive
        return "file:///" + quote(path, safe="/:")
    return quote(path.removeprefix("./"), safe="/")


def where(path: str, diagnostic: Diagnostic) -> str:
    """``path:line:col``, or the path alone when the diagnostic has no position."""
    if diagnostic.line is None:
        return path
    return f"{path}:{diagnostic.line}:{diagnostic.column}"


def is_crash(diagnostic: Diagnostic) -> bool:
    """``BL1xx``: the server fails without an error code (a PHP TypeError, no JSON answer)."""
    return not diagnostic.server and diagnostic.code.startswith("BL1")


def stable_message(message: str) -> str:
    """The message with the positions some messages quote (``line 13, column 7``, ``offset 12``)
    masked, so that a fingerprint does not change when lines move."""
    return _POSITION.sub(r"\1 #", message)


def fingerprints(result: RunResult) -> Iterator[tuple[Report, Diagnostic, str]]:
    """Every diagnostic of the checked reports with its fingerprint.

    The fingerprint hashes the path, the batch command, the code, the JSON pointer and the message
    (positions masked), never the line or column: a finding keeps its fingerprint when lines are
    inserted above it. Findings whose path, command, code, pointer and message all coincide are
    told apart by an occurrence counter, in the order of the report.
    """
    import hashlib  # here, not at the top: the text format, which needs no digest, starts faster

    seen: dict[str, int] = {}
    for report in result.checked:
        for diagnostic in report.diagnostics:
            key = json.dumps(
                [
                    display_path(report),
                    report.command,
                    diagnostic.code,
                    diagnostic.pointer,
                    stable_message(diagnostic.message),
                ],
                ensure_ascii=False,
            )
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            digest = hashlib.sha256(f"{key}#{occurrence}".encode()).hexdigest()
            yield report, diagnostic, digest[:32]


class CodeCount(NamedTuple):
    """One row of ``--statistics``: how often a code was found (``code_counts``)."""

    code: str
    rule: str
    severity: Severity
    times: int  # how many diagnostics have this code, rule and severity


def code_counts(result: RunResult) -> list[CodeCount]:
    """How often each code (with its rule and severity) was found in the checked reports, most
    frequent first, then by code, rule and severity."""
    counts: Counter[tuple[str, str, Severity]] = Counter(
        (diagnostic.code, diagnostic.rule, diagnostic.severity)
        for report in result.checked
        for diagnostic in report.diagnostics
    )
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][:2], item[0][2].value))
    return [CodeCount(code, rule, severity, count) for (code, rule, severity), count in rows]
