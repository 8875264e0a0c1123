"""The fuzz target: any bytes, as a JSON, YAML or form file, or as a PHP, JavaScript, TypeScript,
Python, Go or Markdown file whose calls are read, through loading, linting and every output format. It must never raise, and what it reports must be well formed.

The first byte chooses the file type (and so the loader), the second the ``--method`` (or none)
and the target version; the rest is the file. ``seed_input`` builds an input from a file, for the
seed corpus.
"""

from __future__ import annotations

from typing import Final

NAMES: Final = (
    "payload.json",
    "payload.yaml",
    "payload.form",
    "payload.json",
    "sync.php",
    "app.js",
    "app.ts",
    "app.tsx",
    "sync.py",
    "sync.go",
    "README.md",
)
METHODS: Final = (
    None,
    None,
    None,
    "biconnector.connector.add",
    "biconnector.connector.update",
    "biconnector.source.add",
    "biconnector.table.add",
    "biconnector.dataset.fields.update",
    "biconnector.connector.list",
    # absent before 2026-04: ERROR_METHOD_NOT_FOUND (a name that is no method is a usage error)
    "biconnector.table.get",
)


def seed_input(name: str, data: bytes) -> bytes:
    """The fuzz input that lints ``data`` as a file called like ``name``, with no ``--method``."""
    suffix = name[name.rfind(".") :].lower()
    kinds = {n[n.rfind(".") :]: number for number, n in reversed(list(enumerate(NAMES)))}
    kind = kinds.get(suffix, 1 if suffix == ".yml" else 0)
    return bytes([kind, 0]) + data


def lint_bytes(data: bytes) -> None:
    from bicon_lint.api import RunResult, lint_document_all
    from bicon_lint.loaders import load_text
    from bicon_lint.reporters import FORMATS, render
    from bicon_lint.targets import Target

    kind = data[0] if data else 0
    choice = data[1] if len(data) > 1 else 0
    targets = list(Target)
    name = NAMES[kind % len(NAMES)]
    method = METHODS[choice % len(METHODS)]
    target = targets[(choice // len(METHODS)) % len(targets)]
    document = load_text(data[2:], name)
    reports = lint_document_all(document, method=method, target=target)
    assert reports, "no report"
    for report in reports:
        for diagnostic in report.diagnostics:
            assert diagnostic.code and diagnostic.message, diagnostic
            if diagnostic.line is not None:
                assert diagnostic.line >= 1 and diagnostic.column is not None, diagnostic
                assert diagnostic.column >= 1, diagnostic
                assert diagnostic.end_line is not None and diagnostic.end_column is not None
                assert (diagnostic.end_line, diagnostic.end_column) >= (
                    diagnostic.line,
                    diagnostic.column,
                ), diagnostic
            assert diagnostic.pointer == "" or diagnostic.pointer.startswith("/"), diagnostic
    result = RunResult(reports=reports)
    for fmt in FORMATS:
        assert isinstance(render(fmt, result), str)
