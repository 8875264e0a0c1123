"""The library: lint a params value, a file, or guard a call before it is sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bicon_lint import engine
from bicon_lint.identify import Identified, identify
from bicon_lint.inputs import INPUT_RULES, METHOD_EXISTS
from bicon_lint.loaders import LoadError, load_path, load_text
from bicon_lint.loaders.document import Document, Problem
from bicon_lint.model import (
    Diagnostic,
    Loc,
    Part,
    Request,
    Rule,
    RunContext,
    ServerError,
    Severity,
    Span,
    pointer,
)
from bicon_lint.rules import RULES
from bicon_lint.targets import DEFAULT_TARGET, Target

_INPUT_BY_CODE = {next(iter(rule.spec.codes)): rule for rule in INPUT_RULES}


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome for one payload: every diagnostic, and the server's predicted first answer."""

    path: str | None
    method: str | None
    target: Target
    diagnostics: list[Diagnostic] = field(default_factory=list)
    server_error: ServerError | None = None
    skipped: bool = False  # not a biconnector payload, and the caller asked to skip those
    command: str | None = None  # the batch command's key, for one command of a batch file

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    @property
    def ok(self) -> bool:
        """True when nothing is an error and the server would accept the call."""
        return self.errors == 0 and self.server_error is None


class PayloadError(ValueError):
    """Raised by :func:`check_call` when the server would reject the call."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.diagnostics = report.diagnostics
        self.server_error = report.server_error
        first = report.server_error
        headline = f"{first.code}: {first.message}" if first else "payload has errors"
        details = "; ".join(f"{d.pointer or '/'} {d.code} {d.message}" for d in report.diagnostics)
        super().__init__(f"{report.method}: {headline} ({details})")


def _resolve_target(target: Target | str) -> Target:
    return Target.parse(target) if isinstance(target, str) else target


def lint_payload(
    params: Any,
    method: str,
    *,
    target: Target | str = DEFAULT_TARGET,
    rules: Sequence[Rule] = RULES,
    encoding: str = "json",
    context: RunContext | None = None,
) -> Report:
    """Lint a params value (already decoded: dicts, lists, str, int, float, bool, None).

    >>> lint_payload({"id": 4, "fields": {"sort": "0x1A"}}, "biconnector.connector.update").server_error
    ServerError(code='VALIDATION_INVALID_FIELD_TYPE', message='Field "sort" must be of type integer.', fatal=False, top_level=False)
    """
    resolved = _resolve_target(target)
    request = Request(
        method=method.strip().lower(), params=params, target=resolved, encoding=encoding
    )
    outcome = _run(request, rules)
    return Report(None, request.method, resolved, outcome.diagnostics, outcome.server_error)


def _run(
    request: Request,
    rules: Sequence[Rule],
    document: Document | None = None,
    prefix: Loc = (),
    method_loc: Loc = (),
) -> engine.Outcome:
    """The REST core first (does the method exist? its answer points at the method name), then
    the module's rules, whose locations are relative to the params at ``prefix``."""
    gate = engine.run(request, [METHOD_EXISTS], **_placing(document, method_loc))
    if gate.server_error is not None:
        return gate
    return engine.run(request, rules, **_placing(document, prefix))


def _placing(document: Document | None, prefix: Loc) -> dict[str, Any]:
    if document is None:
        return {"prefix": prefix}

    def locate(loc: Loc, part: Part) -> Span | None:
        return document.locate((*prefix, *loc), part)

    return {"locate": locate, "prefix": prefix}


def check_call(method: str, params: Any, *, target: Target | str = DEFAULT_TARGET) -> Report:
    """Raise :class:`PayloadError` if the server would reject ``method(params)``; else the report."""
    report = lint_payload(params, method, target=target)
    if report.server_error is not None or report.errors:
        raise PayloadError(report)
    return report


def lint_file(
    path: str | Path,
    *,
    method: str | None = None,
    target: Target | str = DEFAULT_TARGET,
    only_payloads: bool = False,
    rules: Sequence[Rule] = RULES,
) -> Report:
    """Load and lint one file. Raises :class:`LoadError` when it cannot be read at all."""
    return lint_document(
        load_path(Path(path)),
        method=method,
        target=target,
        only_payloads=only_payloads,
        rules=rules,
    )


def lint_text(
    text: str | bytes,
    path: str,
    *,
    method: str | None = None,
    target: Target | str = DEFAULT_TARGET,
    only_payloads: bool = False,
    rules: Sequence[Rule] = RULES,
) -> Report:
    """Lint file contents that are already in memory (stdin, an editor buffer)."""
    return lint_document(
        load_text(text, path),
        method=method,
        target=target,
        only_payloads=only_payloads,
        rules=rules,
    )


def lint_document(
    document: Document,
    *,
    method: str | None = None,
    target: Target | str = DEFAULT_TARGET,
    only_payloads: bool = False,
    rules: Sequence[Rule] = RULES,
    context: RunContext | None = None,
) -> Report:
    resolved = _resolve_target(target)
    problems = [_problem_diagnostic(problem) for problem in document.problems]
    if not document.lintable:
        if only_payloads and "biconnector." not in document.text.lower():
            # A JSON-with-comments tsconfig.json or an empty file in a repository: not ours.
            return Report(document.path, None, resolved, skipped=True)
        return Report(document.path, method, resolved, sorted(problems, key=engine.sort_key))
    identified = identify(document.value, method, resolved, infer=not only_payloads)
    if identified is None and only_payloads:
        return Report(document.path, None, resolved, skipped=True)
    if identified is None or identified.method is None:
        problems.append(_problem_diagnostic(_unknown_payload(document, identified)))
        return Report(document.path, None, resolved, sorted(problems, key=engine.sort_key))
    name, params, prefix = identified.method, identified.params, identified.prefix
    if document.server_undecodable is not None:
        params = {}  # since 2026-05 the server ignores an undecodable body (§2.1, §8.1)

    method_loc: Loc = ("method",) if identified.how == "envelope" else ()
    request = Request(
        method=name.strip().lower(),
        params=params,
        target=resolved,
        path=document.path,
        context=context or RunContext(),
    )
    outcome = _run(request, rules, document, prefix, method_loc)
    diagnostics = sorted([*problems, *outcome.diagnostics], key=engine.sort_key)
    return Report(document.path, request.method, resolved, diagnostics, outcome.server_error)


def _unknown_payload(document: Document, identified: Identified | None) -> Problem:
    if identified is not None and identified.candidates:
        could = ", ".join(identified.candidates)
        detail = (
            f"cannot tell which method this payload is for: it could be {could}. "
            'Pass --method or wrap it as {"method": ..., "params": {...}}.'
        )
    else:
        detail = (
            'not a biconnector payload: no envelope {"method": "biconnector.…", '
            '"params": {...}} and no shape bicon-lint recognises; pass --method.'
        )
    return Problem("BL005", detail, document.locate(()))


def _problem_diagnostic(problem: Problem) -> Diagnostic:
    rule = _INPUT_BY_CODE[problem.code]
    code = rule.spec.codes[problem.code]
    span = problem.span
    return Diagnostic(
        line=span.line if span else None,
        column=span.column if span else None,
        end_line=span.end_line if span else None,
        end_column=span.end_column if span else None,
        code=problem.code,
        message=code.message.format(detail=problem.message),
        severity=code.severity,
        rule=rule.spec.name,
        loc=problem.loc,
        pointer=pointer(problem.loc),
        server=False,
    )


__all__ = [
    "LoadError",
    "PayloadError",
    "Report",
    "check_call",
    "lint_document",
    "lint_file",
    "lint_payload",
    "lint_text",
]


@dataclass(frozen=True, slots=True)
class RunResult:
    """Everything one run produced, in the order the files were given."""

    reports: list[Report]
    failures: list[str] = field(default_factory=list)  # paths the tool could not read (exit 2)

    @property
    def checked(self) -> list[Report]:
        return [report for report in self.reports if not report.skipped]

    @property
    def errors(self) -> int:
        return sum(report.errors for report in self.reports)

    @property
    def warnings(self) -> int:
        return sum(report.warnings for report in self.reports)
