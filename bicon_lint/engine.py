"""The rule engine: runs the rules that apply to a request, stamps diagnostics, and predicts the
one error the server would answer first. A pure function of its inputs: no I/O, no printing."""

from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from itertools import groupby
from typing import NamedTuple, TypeVar

from bicon_lint.model import (
    Code,
    Diagnostic,
    Finding,
    Loc,
    Part,
    Request,
    Rule,
    ServerError,
    Span,
    Stage,
    pointer,
)
from bicon_lint.targets import Target

Locate = Callable[[Loc, Part], Span | None]
T = TypeVar("T")

# What the engine calls for each rule that applies: the rule, its check and its requires.
Step = tuple[Rule, Callable[[Request], Iterable[Finding]], Callable[[Request], object] | None]

# (id of a rules tuple, method, target) -> (that tuple, the steps of the rules that apply), bounded.
_APPLICABLE: dict[tuple[int, str, Target], tuple[Sequence[Rule], tuple[Step, ...]]] = {}
_APPLICABLE_MAX = 512


def shared(function: Callable[[Request], T]) -> Callable[[Request], T]:
    """Compute ``function(request)`` once per request (kept in ``request.memo``): every rule gets
    the same object back, so it must be treated as read-only."""

    @wraps(function)
    def once(request: Request) -> T:
        memo = request.memo
        try:
            value: T = memo[once]
        except KeyError:
            value = memo[once] = function(request)
        return value

    return once


def applicable(rules: Sequence[Rule], method: str, target: Target) -> Sequence[Step]:
    """The rules of ``rules`` that apply to ``method`` on ``target``, in their order, each with
    its check and requires (cached for tuples, which cannot change)."""
    if not isinstance(rules, tuple):
        return _steps(rules, method, target)
    key = (id(rules), method, target)
    cached = _APPLICABLE.get(key)
    if cached is not None and cached[0] is rules:
        return cached[1]
    chosen = _steps(rules, method, target)
    if len(_APPLICABLE) >= _APPLICABLE_MAX:
        _APPLICABLE.clear()
    _APPLICABLE[key] = (rules, chosen)
    return chosen


def _steps(rules: Sequence[Rule], method: str, target: Target) -> tuple[Step, ...]:
    return tuple(
        (rule, rule.check, rule.spec.requires)
        for rule in rules
        if rule.spec.applies(method, target)
    )


class RuleContractError(RuntimeError):
    """A rule yielded a code its spec does not declare: a bug in bicon-lint, never user input."""


class Outcome(NamedTuple):
    diagnostics: Sequence[Diagnostic] = ()
    server_error: ServerError | None = None


def no_position(_loc: Loc, _part: Part) -> Span | None:
    return None


class Unknowns(NamedTuple):
    """The parts of a request that only the running program knows (a call read from source code).

    No finding on a ``whole`` value or inside it is reported, nor one about the members of a
    ``partial`` object (a spread may bring the key a rule misses); a predicted answer that such a
    finding would give says that it depends on that value (``ServerError.runtime``).
    """

    whole: frozenset[Loc] = frozenset()
    partial: frozenset[Loc] = frozenset()

    def hide(self, finding: Finding) -> bool:
        if finding.root:  # a path from the file's root (an envelope key), not the params'
            return False
        loc = finding.loc
        if loc in self.partial:
            return True
        whole = self.whole
        return any(loc[:length] in whole for length in range(len(loc) + 1))


NOTHING_UNKNOWN = Unknowns()


def run(
    request: Request,
    rules: Sequence[Rule],
    *,
    locate: Locate = no_position,
    prefix: Loc = (),
    extra: Iterable[tuple[Rule, Finding]] = (),
    unknown: Unknowns = NOTHING_UNKNOWN,
) -> Outcome:
    """Run every rule that applies to ``request``; ``locate`` maps a path in the file to its span,
    ``prefix`` is where the params sit in the file (``("params",)`` inside an envelope);
    ``unknown`` names the values computed at run time, on which nothing is reported."""
    stamped: list[tuple[Rule, Finding]] = list(extra)
    for rule, check, requires in applicable(rules, request.method, request.target):
        if requires is not None and not requires(request):
            continue  # nothing there for the rule to report on (RuleSpec.requires)
        for finding in check(request):
            stamped.append((rule, finding))
    if not stamped:
        return Outcome([], None)
    if unknown.whole or unknown.partial:
        return _run_with_unknowns(stamped, locate, prefix, unknown)
    diagnostics = [stamp(rule, finding, locate, prefix) for rule, finding in stamped]
    diagnostics.sort(key=sort_key)
    return Outcome(diagnostics, first_server_error(stamped))


def _run_with_unknowns(
    stamped: list[tuple[Rule, Finding]], locate: Locate, prefix: Loc, unknown: Unknowns
) -> Outcome:
    """The outcome when some values are only known at run time. Findings on them are dropped:
    the predicted answer is the first the server gives on what is known, and when a check of a
    run-time value comes before it, ``runtime`` names that value (the server answers otherwise
    if it fails). With nothing known to fail, the server is predicted to accept the call."""
    shown = [(rule, finding) for rule, finding in stamped if not unknown.hide(finding)]
    diagnostics = [stamp(rule, finding, locate, prefix) for rule, finding in shown]
    diagnostics.sort(key=sort_key)
    known = _first_server_finding(shown)
    if known is None:
        return Outcome(diagnostics, None)
    answer = _depending(shown, known)
    first = _first_server_finding(stamped)
    if first is not None and unknown.hide(first[1]):
        answer = answer._replace(runtime=pointer((*prefix, *first[1].loc)))
    return Outcome(diagnostics, answer)


def stamp(rule: Rule, finding: Finding, locate: Locate, prefix: Loc) -> Diagnostic:
    code = rule.spec.codes.get(finding.code)
    if code is None:
        raise RuleContractError(f"rule {rule.spec.name} yielded undeclared code {finding.code}")
    where = finding.loc if finding.root else (*prefix, *finding.loc)
    span = locate(where, finding.part)
    line, column, end_line, end_column = span if span is not None else (None, None, None, None)
    message = code.message.format(**finding.args) if finding.args else _bare_message(code)
    # positional, in Diagnostic's field order (a diagnostic per finding of every file)
    return Diagnostic(
        line,
        column,
        finding.code,
        message,
        code.severity,
        rule.spec.name,
        finding.loc,
        pointer(where),
        end_line,
        end_column,
        code.server,
    )


# id of a Code -> (that Code, its message without placeholders filled): one string per code, so
# that a run's thousands of identical messages are one object (pickled once by a worker).
_BARE: dict[int, tuple[Code, str]] = {}


def _bare_message(code: Code) -> str:
    known = _BARE.get(id(code))
    if known is None or known[0] is not code:
        if len(_BARE) >= 4096:  # codes are made once per rule: only rules made on the fly get here
            _BARE.clear()
        known = _BARE[id(code)] = (code, code.message.format())
    return known[1]


def sort_key(diagnostic: Diagnostic) -> tuple[int, int, str, str]:
    return (diagnostic.line or 0, diagnostic.column or 0, diagnostic.code, diagnostic.pointer)


def first_server_error(stamped: Iterable[tuple[Rule, Finding]]) -> ServerError | None:
    """Replay the server's control flow over the findings (``Base::add``/``update``/... in
    ``biconnector/lib/Rest/Base.php``, then the entity's own checks and the ORM save).

    Stages run in order; each ends with "return the first collected error". Inside a stage the
    findings are met in ``order``; within one ``group`` (a settings item, a field) only the first
    is reached, because the server moves on with ``continue``. A ``returns`` finding stops the
    stage, answering the first error collected so far; a ``fatal`` one crashes the request as soon
    as it is reached, even after collected errors (a later settings item's TypeError wins).

    A finding with a ``portal`` condition is reached only if the portal's data meets it: the
    answer names the condition, and what the server answers without the findings that need it
    (``ServerError.portal``, ``otherwise``).
    """
    stamped = stamped if isinstance(stamped, list) else list(stamped)
    first = _first_server_finding(stamped)
    return None if first is None else _depending(stamped, first)


# How many portal conditions one answer may name in a row (``otherwise`` within ``otherwise``);
# rules give a condition per kind of data, not per value, so a request has only a few.
_CONDITIONS_MAX = 8


def _depending(
    stamped: Sequence[tuple[Rule, Finding]], first: tuple[Rule, Finding], depth: int = 0
) -> ServerError:
    """The answer of ``first`` (the first of ``stamped`` the server meets); if it needs a portal
    condition, with that condition and the answer when it does not hold (every finding that
    needs it left out)."""
    answer = _answer(*first)
    condition = first[1].portal
    if condition is None:
        return answer
    rest = [(rule, finding) for rule, finding in stamped if finding.portal != condition]
    if depth >= _CONDITIONS_MAX:  # never met by the rules' conditions; no nesting without end
        rest = [(rule, finding._replace(portal=None)) for rule, finding in rest]
    after = _first_server_finding(rest)
    otherwise = None if after is None else _depending(rest, after, depth + 1)
    return answer._replace(portal=condition, otherwise=otherwise)


def _first_server_finding(stamped: Iterable[tuple[Rule, Finding]]) -> tuple[Rule, Finding] | None:
    """The finding :func:`first_server_error` answers with, or ``None``."""
    relevant = [
        (rule, finding)
        for rule, finding in stamped
        if rule.spec.stage < Stage.ADVISORY
        and (finding.fatal or rule.spec.codes[finding.code].server)
    ]
    if not relevant:  # only bicon-lint's own advice: the server accepts the call
        return None
    relevant.sort(key=lambda pair: (pair[0].spec.stage, pair[1].order))
    for _stage, members in groupby(relevant, key=lambda pair: pair[0].spec.stage):
        reached: list[tuple[Rule, Finding]] = []
        seen_groups: set[tuple[object, ...]] = set()
        for rule, finding in members:
            if finding.group is not None:
                if finding.group in seen_groups:
                    continue
                seen_groups.add(finding.group)
            reached.append((rule, finding))
        collected: tuple[Rule, Finding] | None = None
        for rule, finding in reached:
            if finding.fatal:
                return rule, finding
            collected = collected or (rule, finding)
            if finding.returns:
                break
        if collected is not None:
            return collected
    return None


def _answer(rule: Rule, finding: Finding) -> ServerError:
    code = rule.spec.codes[finding.code]
    message = code.message.format(**finding.args)
    if finding.fatal:
        return ServerError(code=None, message=message, fatal=True)
    # A module Error created without a code answers the integer 0 (main/lib/error.php:
    # __construct($message, $code = 0)); "100" stays a string.
    value: str | int = 0 if finding.code == "0" else finding.code
    return ServerError(code=value, message=message, top_level=bool(finding.args.get("top_level")))
