"""The library: lint a params value, a file, or guard a call before it is sent."""

import sys
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from bicon_lint import answers, batch, engine
from bicon_lint.extract.transport import as_sent
from bicon_lint.identify import Identified, envelope_problems, identify_document
from bicon_lint.inputs import ENCODING_RULES, INPUT_RULES, METHOD_EXISTS, method_available
from bicon_lint.json_body import Undecodable, as_decoded, as_is
from bicon_lint.loaders import LoadError, encoding_of, load_path, load_text
from bicon_lint.loaders.document import Document, PositionIndex, Problem
from bicon_lint.loaders.source_loader import source_calls, source_kind_of
from bicon_lint.methods import check_method
from bicon_lint.model import (
    NO_PAYLOADS,
    Diagnostic,
    Loc,
    Part,
    Payload,
    Request,
    Rule,
    RunContext,
    ServerError,
    Severity,
    pointer,
)
from bicon_lint.rules import RULES
from bicon_lint.targets import DEFAULT_TARGET, Target

if TYPE_CHECKING:
    from bicon_lint.extract.build import Call

_INPUT_BY_CODE = {next(iter(rule.spec.codes)): rule for rule in INPUT_RULES}
UNDECODABLE = "BL006"  # server-undecodable: the server cannot decode the body, sees no params


class Report(NamedTuple):
    """The outcome for one payload: every diagnostic, and the server's predicted first answer."""

    path: str | None
    method: str | None
    target: Target
    diagnostics: Sequence[Diagnostic] = ()
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
    """Lint a params value: dicts, lists, tuples, str, int, float, bool, None.

    With ``encoding="json"`` (the default) the value is what a client sends as a JSON body, so it
    is judged as the server's ``json_decode`` gives it back (``bicon_lint.json_body``): an integer
    beyond 64 bits is a float, and a body the server cannot decode (a lone surrogate, nesting 512
    levels deep, NaN) reaches the method as no parameters, with a ``BL006`` diagnostic at the place
    that makes it so. For ``"form"``/``"batch"`` the value is what ``parse_str`` already gave.

    ``method`` is written in full, in any case (``biconnector.connector.update``): a name that is
    no ``biconnector.*`` method raises :class:`~bicon_lint.methods.UnknownMethodError` (a
    ``ValueError``) with a did-you-mean, as ``--method`` exits 2.

    >>> lint_payload({"id": 4, "fields": {"sort": "0x1A"}}, "biconnector.connector.update").server_error
    ServerError(code='VALIDATION_INVALID_FIELD_TYPE', message='Field "sort" must be of type integer.', fatal=False, top_level=False, runtime=None)
    >>> lint_payload({"id": 9999999999999999999, "fields": {"sort": 1}}, "biconnector.connector.update").server_error.code
    'VALIDATION_INVALID_ID_FORMAT'
    """
    resolved = target if type(target) is Target else _resolve_target(target)
    name = _CHECKED.get(method) if type(method) is str else None
    if name is None:
        name = check_method(method)  # UnknownMethodError (a ValueError), as --method exits 2
        if len(_CHECKED) >= 1024:
            _CHECKED.clear()
        _CHECKED[method] = name
    found: Undecodable | None = None
    if encoding == "json" and not as_is(params):  # most values: nothing changes on the way
        params, found = as_decoded(params)
    if found is not None and not found.sent:  # no JSON form at all: the client sends nothing
        return Report(None, name, resolved, [_undecodable(found, None)])
    # positional, in Request's order: a request per call
    request = Request(name, params, resolved, encoding, None, context or NO_PAYLOADS)
    if method_available(name, resolved):  # as _run, without its call
        diagnostics, answer = engine.run(request, rules)
    else:
        diagnostics, answer = _run(request, rules)
    if found is not None:
        diagnostics = sorted([_undecodable(found, None), *diagnostics], key=engine.sort_key)
    # Report's fields in order, made as its __new__ makes them (a report per call)
    return _new_report(Report, (None, name, resolved, diagnostics, answer, False, None))


_new_report = tuple.__new__
# a method as written -> check_method's name for it: the few names a program calls, each checked once
_CHECKED: dict[str, str] = {}


def _undecodable(found: Undecodable, located: Document | None, prefix: Loc = ()) -> Diagnostic:
    """BL006 for a body the server cannot decode: at the value (or key) that makes it so, in the
    file when there is one; the pointer of a key names the object that holds it (a lone
    surrogate cannot be printed)."""
    where = (*prefix, *found.loc)
    part = Part.KEY if found.key else Part.VALUE
    span = located.locate(where, part) if located is not None else None
    shown = where[:-1] if found.key else where
    return _problem_diagnostic(Problem(UNDECODABLE, found.detail, span, shown))


def _run(
    request: Request,
    rules: Sequence[Rule],
    document: Document | None = None,
    prefix: Loc = (),
    method_loc: Loc = (),
    unknown: engine.Unknowns = engine.NOTHING_UNKNOWN,
) -> engine.Outcome:
    """The REST core first (does the method exist? its answer points at the method name), then
    the module's rules, whose locations are relative to the params at ``prefix``."""
    locate = engine.no_position if document is None else document.locate
    if not method_available(request.method, request.target):
        missing = [(METHOD_EXISTS, finding) for finding in METHOD_EXISTS.check(request)]
        return engine.run(request, (), locate=locate, prefix=method_loc, extra=missing)
    # params paths are prefixed
    return engine.run(request, rules, locate=locate, prefix=prefix, unknown=unknown)


def check_call(
    method: str, params: Any, *, target: Target | str = DEFAULT_TARGET, strict: bool = False
) -> Report:
    """Raise :class:`PayloadError` if the server would reject ``method(params)``; else the report.

    With ``strict``, bicon-lint's own errors raise too (a localhost endpoint, a logo that will not
    render): the server accepts such a call, and the integration then fails.
    """
    report = lint_payload(params, method, target=target)
    if rejects(report, strict=strict):
        raise PayloadError(report)
    return report


def rejects(report: Report, *, strict: bool = False) -> bool:
    """Would the server reject the call (or, with ``strict``, does any error stand)?

    A body the server cannot decode (``BL006``) is rejected too: the method sees no parameters,
    so even where it accepts that (a ``list`` without its filter), the call does not do what it
    says; and a value with no JSON form is not sent at all."""
    return (
        report.server_error is not None
        or (strict and report.errors > 0)
        or any(diagnostic.code == UNDECODABLE for diagnostic in report.diagnostics)
    )


def lint_file(
    path: str | Path,
    *,
    method: str | None = None,
    target: Target | str = DEFAULT_TARGET,
    only_payloads: bool = False,
    rules: Sequence[Rule] = RULES,
    endpoint: str | None = None,
) -> Report:
    """Load and lint one file. Raises :class:`LoadError` when it cannot be read at all, and
    :class:`~bicon_lint.methods.UnknownMethodError` when ``method`` names no method.

    The format follows the file name: ``.yaml``/``.yml``, ``.form``/``.urlencoded``, else JSON.
    For a batch file the one report covers every command: all their diagnostics, method
    ``"batch"`` and the first command's predicted error; :func:`lint_document_all` gives one
    report per command. With ``endpoint`` (``urlCheck``, ...) the file is that endpoint's answer
    body, byte for byte (``bicon_lint.answers``); an answer envelope is recognised without it."""
    if endpoint is not None:
        document = answers.bare_file(Path(path), endpoint)
    else:
        document = load_path(Path(path))
    return lint_document(
        document,
        method=method,
        target=target,
        only_payloads=only_payloads,
        rules=rules,
        endpoint=endpoint,
    )


def lint_text(
    text: str | bytes,
    path: str,
    *,
    method: str | None = None,
    target: Target | str = DEFAULT_TARGET,
    only_payloads: bool = False,
    rules: Sequence[Rule] = RULES,
    endpoint: str | None = None,
) -> Report:
    """Lint file contents that are already in memory (stdin, an editor buffer); ``path``'s
    extension chooses the format, and a batch file gives one report, as for :func:`lint_file`
    (``endpoint``: the text is that endpoint's answer body)."""
    document = answers.bare_document(text, path) if endpoint else load_text(text, path)
    return lint_document(
        document,
        method=method,
        target=target,
        only_payloads=only_payloads,
        rules=rules,
        endpoint=endpoint,
    )


def lint_document(
    document: Document,
    *,
    method: str | None = None,
    target: Target | str = DEFAULT_TARGET,
    only_payloads: bool = False,
    rules: Sequence[Rule] = RULES,
    context: RunContext | None = None,
    endpoint: str | None = None,
) -> Report:
    resolved = _resolve_target(target)
    method = method if method is None else check_method(method)
    answer = _answer(document, endpoint, resolved, only_payloads, rules, context)
    if answer is not None:  # an endpoint's answer (bicon_lint.answers)
        return answer
    if source_kind_of(document) is not None:  # one report for the whole file: see lint_document_all
        return _whole_batch(document, resolved, _lint_source(document, resolved, rules, context))
    problems = [_problem_diagnostic(problem) for problem in document.problems]
    if not document.lintable:
        if only_payloads and "biconnector." not in document.text.lower():
            # A JSON-with-comments tsconfig.json or an empty file in a repository: not ours.
            return Report(document.path, None, resolved, skipped=True)
        return Report(document.path, method, resolved, sorted(problems, key=engine.sort_key))
    call = batch.find_batch(document)
    if call is not None:  # one report for the whole batch file: see lint_document_all
        reports = _lint_batch(document, call, resolved, only_payloads, rules, context)
        return _whole_batch(document, resolved, reports)
    identified = identify_document(document, method, resolved, infer=not only_payloads)
    if method is None and (identified is None or identified.method is None):
        recorded = _recorded_request(document, resolved, rules, context, problems)
        if recorded is not None:  # what a connector's endpoint received (bicon_lint.recorded)
            return recorded
    if identified is None and only_payloads:
        return Report(document.path, None, resolved, skipped=True)
    if identified is None or identified.method is None:
        problems.append(_problem_diagnostic(_unknown_payload(document, identified)))
        return Report(document.path, None, resolved, sorted(problems, key=engine.sort_key))
    name, params, prefix = identified.method, identified.params, identified.prefix
    if document.server_undecodable is not None:
        params = {}  # since 2026-05 the server ignores an undecodable body (rest_util.php)

    method_loc: Loc = ("method",) if identified.how == "envelope" else ()
    if identified.how == "envelope":
        problems += _envelope_problems(document, name)
    request = Request(
        method=sys.intern(name.strip().lower()),  # one string per method in a run's reports
        params=params,
        target=resolved,
        encoding=encoding_of(document),
        path=document.path,
        text=document.text,
        context=context or NO_PAYLOADS,
        envelope=_envelope_keys(document.value) if identified.how == "envelope" else {},
    )
    outcome = _run(
        request, _with_encoding_rules(rules, request.encoding), document, prefix, method_loc
    )
    diagnostics = outcome.diagnostics  # sorted by the engine
    if problems:
        diagnostics = sorted([*problems, *diagnostics], key=engine.sort_key)
    return Report(document.path, request.method, resolved, diagnostics, outcome.server_error)


def _recorded_envelope(value: Any) -> bool:
    from bicon_lint import recorded

    return recorded.is_request_envelope(value)


def _recorded_request(
    document: Document,
    target: Target,
    rules: Sequence[Rule],
    context: RunContext | None,
    problems: list[Diagnostic],
) -> Report | None:
    from bicon_lint import recorded

    found = recorded.recognise(document)
    if found is None:
        return None
    linted = recorded.lint(document, found, target, rules, context or NO_PAYLOADS)
    diagnostics = sorted([*problems, *linted], key=engine.sort_key)
    return Report(document.path, recorded.method_of(found), target, diagnostics)


def lint_document_all(
    document: Document,
    *,
    method: str | None = None,
    target: Target | str = DEFAULT_TARGET,
    only_payloads: bool = False,
    rules: Sequence[Rule] = RULES,
    context: RunContext | None = None,
    endpoint: str | None = None,
) -> list[Report]:
    """One report per request the document makes: one for a payload file (what
    :func:`lint_document` returns), one per ``biconnector.*`` command of a batch file, with
    ``Report.command`` set to the command's key (``method`` does not apply to batch commands:
    each names its own). Problems of the batch file itself go to the report of the command they
    are in, the others to the first command's report. An endpoint's answer (an answer envelope,
    or with ``endpoint`` a bare answer: ``bicon_lint.answers``) is one report."""
    method = method if method is None else check_method(method)
    answer = _answer(document, endpoint, _resolve_target(target), only_payloads, rules, context)
    if answer is not None:
        return [answer]
    if source_kind_of(document) is not None:
        return _lint_source(document, _resolve_target(target), rules, context)
    call = batch.find_batch(document)
    if call is None:
        return [
            lint_document(
                document,
                method=method,
                target=target,
                only_payloads=only_payloads,
                rules=rules,
                context=context,
            )
        ]
    return _lint_batch(document, call, _resolve_target(target), only_payloads, rules, context)


def _answer(
    document: Document,
    endpoint: str | None,
    target: Target,
    only_payloads: bool,
    rules: Sequence[Rule],
    context: RunContext | None,
) -> Report | None:
    """The report of an answer file, or ``None`` for any other document."""
    if endpoint is None and (not document.lintable or not answers.is_envelope(document.value)):
        return None  # the common case, decided at a glance
    if endpoint is None and _recorded_envelope(document.value):
        return None  # {"endpoint": ..., "request": ...}: a recorded request (bicon_lint.recorded)
    return answers.lint_answer_document(
        document,
        endpoint=endpoint,
        target=target,
        rules=rules,
        context=context,
        only_payloads=only_payloads,
    )


# id of a rules tuple -> (that tuple, it and ENCODING_RULES as one tuple): one tuple per run, so
# that the engine picks the rules that apply once per method (engine.applicable caches tuples).
_WITH_ENCODING: dict[int, tuple[tuple[Rule, ...], tuple[Rule, ...]]] = {}


def _with_encoding_rules(rules: Sequence[Rule], encoding: str) -> Sequence[Rule]:
    """The notes about form bodies and batch commands join the rules for those encodings."""
    if encoding == "json":
        return rules
    if not isinstance(rules, tuple):
        return [*rules, *ENCODING_RULES]
    known = _WITH_ENCODING.get(id(rules))
    if known is None or known[0] is not rules:
        if len(_WITH_ENCODING) >= 64:  # a caller making rule tuples on the fly
            _WITH_ENCODING.clear()
        known = _WITH_ENCODING[id(rules)] = (rules, (*rules, *ENCODING_RULES))
    return known[1]


def _lint_batch(
    document: Document,
    call: batch.BatchCall,
    target: Target,
    only_payloads: bool,
    rules: Sequence[Rule],
    context: RunContext | None,
) -> list[Report]:
    """Each ``biconnector.*`` command of a batch as its own request
    (``CRestProvider::methodsBatch``, ``rest/classes/general/rest_provider.php``)."""
    problems = [*document.problems, *call.problems]
    commands = [command for command in call.commands if command.biconnector]
    if not commands:
        if only_payloads:
            return [Report(document.path, None, target, skipped=True)]
        detail = "a batch call without biconnector.* commands: there is nothing to check."
        problems.append(Problem("BL005", detail, document.locate(())))
        diagnostics = [_problem_diagnostic(problem) for problem in problems]
        return [Report(document.path, None, target, sorted(diagnostics, key=engine.sort_key))]

    def inside(problem: Problem, loc: Loc) -> bool:
        return problem.loc[: len(loc)] == loc

    reports = []
    for number, command in enumerate(commands):
        own = [problem for problem in problems if inside(problem, command.loc)]
        if number == 0:  # the file's own problems (a byte order mark, a repeated "halt")
            own += [p for p in problems if not any(inside(p, c.loc) for c in commands)]
        request = Request(
            method=command.method.lower(),
            params=command.params,
            target=target,
            encoding="batch",
            path=document.path,
            text=document.text,
            context=context or NO_PAYLOADS,
        )
        checks = batch.without_references(_with_encoding_rules(rules, "batch"), command.references)
        outcome = _run(request, checks, command.document, command.loc, command.loc)
        diagnostics = [_problem_diagnostic(p) for p in (*own, *command.problems)]
        diagnostics = sorted([*diagnostics, *outcome.diagnostics], key=engine.sort_key)
        reports.append(
            Report(
                document.path,
                request.method,
                target,
                diagnostics,
                outcome.server_error,
                command=command.key,
            )
        )
    return reports


def _whole_batch(document: Document, target: Target, reports: list[Report]) -> Report:
    """The reports of a batch's commands (or of a source file's calls) as one: every diagnostic,
    method ``batch`` (for a source file, the calls' method when they all call one, else
    ``None``), and the first command's (in command order) predicted error."""
    if len(reports) == 1 and reports[0].command is None:  # skipped, or no command to check
        return reports[0]
    diagnostics = sorted((d for r in reports for d in r.diagnostics), key=engine.sort_key)
    first = next((r.server_error for r in reports if r.server_error is not None), None)
    method: str | None = "batch"
    if source_kind_of(document) is not None:
        methods = {report.method for report in reports}
        method = methods.pop() if len(methods) == 1 else None
    return Report(document.path, method, target, diagnostics, first)


# --------------------------------------------------------------------------------------------
# Calls written in source files and docs (bicon_lint.extract)
# --------------------------------------------------------------------------------------------


def _lint_source(
    document: Document, target: Target, rules: Sequence[Rule], context: RunContext | None
) -> list[Report]:
    """Each ``biconnector.*`` call written in a program or a doc, as its own request: its params
    as the server receives them in its call style's encoding, positions in the file, nothing
    said about a value computed at run time; ``bicon-lint: ignore`` comments applied."""
    extracted = source_calls(document)
    problems = [
        _problem_diagnostic(problem) for problem in (*document.problems, *extracted.problems)
    ]
    if not extracted.calls:
        if not problems:  # a file with no call passes silently
            return [Report(document.path, None, target, skipped=True)]
        return [Report(document.path, None, target, sorted(problems, key=engine.sort_key))]
    keys = _call_keys(document, extracted.calls)
    reports = []
    for number, (call, key) in enumerate(zip(extracted.calls, keys, strict=True)):
        sent = as_sent(call)
        request = Request(
            method=sys.intern(call.method.strip().lower()),
            params=sent.params,
            target=target,
            encoding=call.encoding,
            path=document.path,
            text=document.text,
            context=context or NO_PAYLOADS,
        )
        own = Document(
            path=document.path,
            text=document.text,
            value={"method": call.method, "params": sent.params},
            _index=_enveloped(call),
            _lines=document.lines,
        )
        unknown = engine.Unknowns(sent.unknown, sent.partial)
        outcome = _run(
            request,
            _with_encoding_rules(rules, call.encoding),
            own,
            ("params",),
            ("method",),
            unknown,
        )
        diagnostics = [_problem_diagnostic(problem) for problem in call.problems]
        if sent.undecodable is not None:  # the params the rules saw are {}
            diagnostics.append(_undecodable(sent.undecodable, own, ("params",)))
        if number == 0:
            diagnostics += problems
        diagnostics = sorted([*diagnostics, *outcome.diagnostics], key=engine.sort_key)
        if extracted.ignores:
            diagnostics = _unsuppressed(diagnostics, extracted.ignores)
        reports.append(
            Report(
                document.path,
                request.method,
                target,
                diagnostics,
                outcome.server_error,
                command=key,
            )
        )
    return reports


def _enveloped(call: "Call") -> PositionIndex:
    """The call's positions as an envelope's: ``("method",)`` the method's name, ``("params",
    ...)`` the params, and the file's root the whole call (so that every report has a place)."""
    values = {("params", *loc): span for loc, span in call.index.values.items()}
    keys = {("params", *loc): span for loc, span in call.index.keys.items()}
    values[("method",)] = call.method_span
    values[()] = call.span
    values.setdefault(("params",), call.span)
    return PositionIndex(values, keys)


def _call_keys(document: Document, calls: Sequence["Call"]) -> list[str]:
    """Each call's name in the reports: ``line N`` where its call starts, ``line N:C`` when two
    calls start on one line."""
    places = [document.lines.position(call.span[0]) for call in calls]
    lines = [line for line, _ in places]
    return [
        f"line {line}" if lines.count(line) == 1 else f"line {line}:{column}"
        for line, column in places
    ]


def _unsuppressed(
    diagnostics: Sequence[Diagnostic], ignores: dict[int, tuple[str, ...] | None]
) -> list[Diagnostic]:
    """The diagnostics that no ``bicon-lint: ignore[...]`` comment on their line names (selectors
    as in the configuration: codes, rule names, prefixes, ``ALL``)."""
    from bicon_lint.selection import NO_MATCH, specificity  # it imports this module

    kept = []
    for diagnostic in diagnostics:
        if diagnostic.line is not None and diagnostic.line in ignores:
            selectors = ignores[diagnostic.line]
            if selectors is None or any(
                specificity(selector, diagnostic.code, diagnostic.rule) != NO_MATCH
                for selector in selectors
            ):
                continue
        kept.append(diagnostic)
    return kept


def source_payloads(document: Document) -> list[Payload]:
    """The requests a source document makes, as a run's cross-file checks see them."""
    return [
        Payload(document.path, call.method.strip().lower(), as_sent(call).params)
        for call in source_calls(document).calls
    ]


def _envelope_keys(envelope: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in envelope.items() if key != "params"}


def _envelope_problems(document: Document, method: str) -> list[Diagnostic]:
    """``BL014`` where an envelope's params are not under ``"params"`` (not sent)."""
    return [
        _problem_diagnostic(Problem("BL014", detail, document.locate(loc, Part.KEY), loc))
        for loc, detail in envelope_problems(document.value, method)
    ]


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
    "lint_document_all",
    "lint_file",
    "lint_payload",
    "lint_text",
]


class Tally(NamedTuple):
    """What a run's summary needs of reports it did not keep (``runner.Options.render_file``)."""

    errors: int = 0
    warnings: int = 0
    infos: int = 0
    checked: tuple[str | None, ...] = ()  # the path of each report checked (not skipped)

    @classmethod
    def of(cls, reports: Sequence[Report]) -> "Tally":
        errors = warnings = infos = 0
        for report in reports:  # one pass: made for every file of a run
            for diagnostic in report.diagnostics:
                if diagnostic.severity is Severity.ERROR:
                    errors += 1
                elif diagnostic.severity is Severity.WARNING:
                    warnings += 1
                else:
                    infos += 1
        checked = tuple([report.path for report in reports if not report.skipped])
        return cls(errors, warnings, infos, checked)

    @classmethod
    def total(cls, tallies: Sequence["Tally"]) -> "Tally":
        return cls(
            sum([tally.errors for tally in tallies]),
            sum([tally.warnings for tally in tallies]),
            sum([tally.infos for tally in tallies]),
            tuple(chain.from_iterable(tally.checked for tally in tallies)),
        )


class RunResult(NamedTuple):
    """Everything one run produced, in the order the files were given."""

    reports: list[Report]
    failures: Sequence[str] = ()  # paths the tool could not read (exit 2)
    # With ``runner.Options.render_file``: each file's output, made where the file was linted,
    # in order, and the tally of the reports, which are not kept (``reports`` is empty).
    rendered: str | None = None
    tally: Tally | None = None

    @property
    def checked(self) -> list[Report]:
        return [report for report in self.reports if not report.skipped]

    @property
    def errors(self) -> int:
        return self.counted().errors

    @property
    def warnings(self) -> int:
        return self.counted().warnings

    def counted(self) -> Tally:
        """The run's tally: the one it kept, or counted from its reports in one pass."""
        return self.tally if self.tally is not None else Tally.of(self.reports)
