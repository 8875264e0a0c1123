"""GitLab Code Quality (a subset of Code Climate's issue format): a JSON array of issues.

Each issue: ``description`` (``CODE: message``, since GitLab does not show ``check_name``),
``check_name`` (the code), ``fingerprint``, ``severity`` and ``location {path, lines {begin, end}}``
(line 1 for a diagnostic without a position).

Fingerprints hash the path, the batch command, the code, the JSON pointer and the message
(positions quoted in it masked), never the line, so GitLab does not report a finding as fixed and
new when lines move (ruff#7203); identical messages at different pointers differ, and findings
identical in all of these get an occurrence counter, so none is lost (ruff#3441, ruff#14732).

Severities: ``critical`` when the server crashes without an error code (``BL1xx``), ``major`` for
any other error (the server rejects the call), ``minor`` for warnings, ``info`` for infos.
``blocker`` is not used.
"""

from __future__ import annotations

import json
from typing import Any

from bicon_lint.api import RunResult
from bicon_lint.model import Diagnostic, Severity
from bicon_lint.reporters._common import display_path, fingerprints, is_crash, request_name


def severity(diagnostic: Diagnostic) -> str:
    if diagnostic.severity is Severity.ERROR:
        return "critical" if is_crash(diagnostic) else "major"
    return "minor" if diagnostic.severity is Severity.WARNING else "info"


def render(result: RunResult, color: bool = False) -> str:
    issues: list[dict[str, Any]] = []
    for report, diagnostic, fingerprint in fingerprints(result):
        begin = diagnostic.line or 1
        end = diagnostic.end_line or begin
        description = f"{diagnostic.code}: {diagnostic.message}"
        if report.command is not None:
            description += f" ({request_name(report)})"
        issues.append(
            {
                "description": description,
                "check_name": diagnostic.code,
                "fingerprint": fingerprint,
                "severity": severity(diagnostic),
                "location": {
                    "path": display_path(report),
                    "lines": {"begin": begin, "end": end},
                },
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
