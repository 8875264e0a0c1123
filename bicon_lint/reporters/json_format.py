"""The stable JSON report (version 1), documented in the README."""

from __future__ import annotations

import json

from bicon_lint.api import RunResult

VERSION = 1


def render(result: RunResult, color: bool = False) -> str:
    files = [
        {
            "path": report.path,
            "command": report.command,
            "method": report.method,
            "target": report.target.label,
            "server_error": report.server_error.as_dict() if report.server_error else None,
            "diagnostics": [diagnostic.as_dict() for diagnostic in report.diagnostics],
        }
        for report in result.checked
    ]
    document = {
        "version": VERSION,
        "files": files,
        "errors": [{"message": failure} for failure in result.failures],
        "summary": {
            "files": len(files),
            "errors": result.errors,
            "warnings": result.warnings,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
