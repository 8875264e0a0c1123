"""bicon-lint: offline linter for Bitrix24 BI Builder (``biconnector.*``) REST payloads."""

from __future__ import annotations

from bicon_lint.api import (
    LoadError,
    PayloadError,
    Report,
    check_call,
    lint_file,
    lint_payload,
    lint_text,
)
from bicon_lint.methods import UnknownMethodError
from bicon_lint.model import Diagnostic, ServerError, Severity
from bicon_lint.targets import Target

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "LoadError",
    "PayloadError",
    "Report",
    "ServerError",
    "Severity",
    "Target",
    "UnknownMethodError",
    "__version__",
    "check_call",
    "lint_file",
    "lint_payload",
    "lint_text",
]
