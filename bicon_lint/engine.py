"""The rule engine: runs the rules that apply to a request, stamps diagnostics, and predicts the
one error the server would answer first. A pure function of its inputs: no I/O, no printing."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import wraps
from operator import itemgetter
from typing import Any, Final, NamedTuple, TypeVar

from bicon_lint import vouch
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


class _Plan(NamedTuple):
    """The steps of the rules that apply, and the facets (``bicon_lint.vouch``) that may skip
    some: the steps each one vouches for (indexes), and the steps left for each set of facets
    that hold (by its bit mask), made when first met."""

    steps: tuple[Step, ...]
    facets: tuple[Callable[[Request], bool], ...]
    vouched: tuple[frozenset[int], ...]
    variants: dict[int, tuple[Step, ...]]


# (id of a rules tuple, method, target) -> (that tuple, its plan), bounded.
_APPLICABLE: dict[tuple[int, str, Target], tuple[Sequence[Rule], _Plan]] = {}
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


# Shared values that are large in a flood (an object per settings item) and that nothing needs
# once the rules have run: dropped from the memo of a request with ``DROP_AT`` findings or more
# before they are stamped, so that the diagnostics are made in the memory they took.
_TRANSIENT: list[Callable[[Request], object]] = []
DROP_AT = 4096


def transient(function: Callable[[Request], T]) -> Callable[[Request], T]:
    """``shared``, and dropped from a flood's memo once its rules have run (computed again if
    asked after: a pure function of the request, like every shared value)."""
    once = shared(function)
    _TRANSIENT.append(once)
    return once


def remember(request: Request, accessor: Callable[[Request], T], value: T) -> None:
    """Record ``value`` as what the ``shared`` ``accessor`` gives for ``request``, known to a
    caller that has proven it (``bicon_lint.vouch``) without computing it."""
    request.memo[accessor] = value


def applicable(rules: Sequence[Rule], method: str, target: Target) -> Sequence[Step]:
    """The rules of ``rules`` that apply to ``method`` on ``target``, in their order, each with
    its check and requires (cached for tuples, which cannot change)."""
    if not isinstance(rules, tuple):
        return _steps(rules, method, target)
    return _plan(rules, method, target).steps


def _plan(rules: tuple[Rule, ...], method: str, target: Target) -> _Plan:
    key = (id(rules), method, target)
    cached = _APPLICABLE.get(key)
    if cached is not None and cached[0] is rules:
        return cached[1]
    chosen = _steps(rules, method, target)
    facets: list[Callable[[Request], bool]] = []
    vouched: list[frozenset[int]] = []
    for facet in vouch.facets(method, target):
        # only the registered rule objects: a rule made elsewhere, even of the same name, runs
        indexes = frozenset(
            index
            for index, (rule, _check, _requires) in enumerate(chosen)
            if rule.spec.name in facet.rules and rule is vouch.registered(rule.spec.name)
        )
        if indexes:
            facets.append(facet.holds)
            vouched.append(indexes)
    plan = _Plan(chosen, tuple(facets), tuple(vouched), {})
    if len(_APPLICABLE) >= _APPLICABLE_MAX:
        _APPLICABLE.clear()
    _APPLICABLE[key] = (rules, plan)
    return plan


def _variant(plan: _Plan, mask: int) -> tuple[Step, ...]:
    """The steps left when the facets of ``mask`` hold (each bit a facet of ``plan``)."""
    skipped: set[int] = set()
    for bit, indexes in enumerate(plan.vouched):
        if mask >> bit & 1:
            skipped |= indexes
    steps = tuple(step for index, step in enumerate(plan.steps) if index not in skipped)
    plan.variants[mask] = steps
    return steps


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
    steps: Sequence[Step]
    if isinstance(rules, tuple):
        plan = _plan(rules, request.method, request.target)
        steps = plan.steps
        if plan.facets and vouch.ENABLED and not (unknown.whole or unknown.partial):
            mask = 0
            bit = 1
            for holds in plan.facets:  # each facet that holds skips the rules it vouches for
                if holds(request):
                    mask |= bit
                bit <<= 1
            if mask:
                known = plan.variants.get(mask)
                steps = _variant(plan, mask) if known is None else known
    else:
        steps = _steps(rules, request.method, request.target)
    for rule, check, requires in steps:
        if requires is not None and not requires(request):
            continue  # nothing there for the rule to report on (RuleSpec.requires)
        for finding in check(request):
            stamped.append((rule, finding))
    if len(stamped) >= DROP_AT:
        memo = request.memo
        for accessor in _TRANSIENT:
            memo.pop(accessor, None)
    if not stamped:
        return _new_outcome(Outcome, ([], None))  # as Outcome([], None), without its __new__
    if unknown.whole or unknown.partial:
        return _run_with_unknowns(stamped, locate, prefix, unknown)
    answer = first_server_error(stamped)
    diagnostics = _stamp_all(stamped, locate, prefix)
    sort_diagnostics(diagnostics)
    return Outcome(diagnostics, answer)


_new_outcome = tuple.__new__

_BATCH = 4096  # findings placed at once by a locator that places many (``Document.locate_many``)


def _stamp_all(
    stamped: list[tuple[Rule, Finding]], locate: Locate, prefix: Loc
) -> list[Diagnostic]:
    """``stamp`` of each finding, each replaced by its diagnostic in place (a flood's findings
    freed as they go); a locator that places many at once is given ``_BATCH`` at a time."""
    diagnostics: list[Any] = stamped
    many = getattr(getattr(locate, "__self__", None), "locate_many", None)
    if many is None or len(stamped) < 64:
        for at, (rule, finding) in enumerate(stamped):
            diagnostics[at] = stamp(rule, finding, locate, prefix)
        return diagnostics
    for first in range(0, len(stamped), _BATCH):
        batch = stamped[first : first + _BATCH]
        wheres = [finding.loc if finding.root else (*prefix, *finding.loc) for _, finding in batch]
        spans = many(
            [(where, finding.part) for where, (_, finding) in zip(wheres, batch, strict=True)]
        )
        for at, (rule, finding), where, span in zip(
            range(first, first + len(batch)), batch, wheres, spans, strict=True
        ):
            diagnostics[at] = _stamped(rule, finding, where, span)
    return diagnostics


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
    where = finding.loc if finding.root else (*prefix, *finding.loc)
    return _stamped(rule, finding, where, locate(where, finding.part))


_new_diagnostic = tuple.__new__


def _stamped(rule: Rule, finding: Finding, where: Loc, span: Span | None) -> Diagnostic:
    """The diagnostic of ``finding`` at ``where`` (the path in the file), placed at ``span``."""
    code = rule.spec.codes.get(finding.code)
    if code is None:
        raise RuleContractError(f"rule {rule.spec.name} yielded undeclared code {finding.code}")
    line, column, end_line, end_column = span if span is not None else (None, None, None, None)
    message = _message(code, finding.args) if finding.args else _bare_message(code)
    # every field, in Diagnostic's order, without its __new__ (a diagnostic per finding of every
    # file; tests/test_floods.py compares it with Diagnostic(...))
    return _new_diagnostic(
        Diagnostic,
        (
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
        ),
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


# (id of a Code, its arguments) -> (that Code, its message): a flood's findings that say the same
# thing (a warning per item, with the same key) share one message string.
_MESSAGES: dict[tuple[int, tuple[tuple[str, object], ...]], tuple[Code, str]] = {}
_MESSAGES_MAX = 1 << 14
# The arguments dict last met whose arguments are strings, its Code and message (``_message``).
_LAST_ARGS: list[tuple[Mapping[str, object] | None, Code | None, str]] = [(None, None, "")]


def _message(code: Code, args: Mapping[str, object]) -> str:
    """``code.message.format(**args)``, one string for the same code and arguments when every
    argument is a string (``1`` and ``True`` are equal keys, and print differently). A rule that
    gives finding after finding one arguments dict (read-only, as every finding's) has its
    message found by identity: the last dict is kept with its code and message."""
    same = _LAST_ARGS[0]
    if same[0] is args and same[1] is code:
        return same[2]
    for value in args.values():
        if type(value) is not str:
            return code.message.format(**args)
    key = (id(code), tuple(args.items()))
    known = _MESSAGES.get(key)
    if known is None or known[0] is not code:
        if len(_MESSAGES) >= _MESSAGES_MAX:
            _MESSAGES.clear()
        known = _MESSAGES[key] = (code, code.message.format(**args))
    _LAST_ARGS[0] = (args, code, known[1])
    return known[1]


def sort_key(diagnostic: Diagnostic) -> tuple[int, int, str, str]:
    return (diagnostic.line or 0, diagnostic.column or 0, diagnostic.code, diagnostic.pointer)


_PLACED_KEY: Final = itemgetter(0, 1, 2, 7)  # line, column, code, pointer: Diagnostic's fields
_LINE: Final = itemgetter(0)
_COLUMN: Final = itemgetter(1)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """``diagnostics.sort(key=sort_key)``; when every diagnostic has a line and a column (their
    ``or 0`` changes nothing: the keys are equal), by a key made without a call per diagnostic."""
    if None in map(_LINE, diagnostics) or None in map(_COLUMN, diagnostics):
        diagnostics.sort(key=sort_key)
    else:
        diagnostics.sort(key=_PLACED_KEY)


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
    # Only the earliest stage that holds a finding the server gives can answer (its first
    # finding reached is collected), so only its findings are sorted, by ``order`` (stable, as
    # the sort by ``(stage, order)`` of them all was), and met until one ends the stage. A
    # flood's findings share a few rules: each rule's stage and codes are looked up once.
    relevant: list[tuple[Rule, Finding]] = []
    first_stage = Stage.ADVISORY
    rules: dict[int, tuple[Stage, Mapping[str, Any]] | None] = {}
    for pair in stamped:
        rule, finding = pair
        if id(rule) in rules:
            known = rules[id(rule)]
        else:
            spec = rule.spec
            advice = spec.stage >= Stage.ADVISORY
            known = rules[id(rule)] = None if advice else (spec.stage, spec.codes)
        if known is None:
            continue
        stage, codes = known
        if not (finding.fatal or codes[finding.code].server) or stage > first_stage:
            continue
        if stage < first_stage:
            first_stage, relevant = stage, []
        relevant.append(pair)
    if not relevant:  # only bicon-lint's own advice: the server accepts the call
        return None
    orders = [finding.order for _rule, finding in relevant]
    seen_groups: set[tuple[object, ...]] = set()
    collected: tuple[Rule, Finding] | None = None
    for at in sorted(range(len(orders)), key=orders.__getitem__):
        rule, finding = relevant[at]
        if finding.group is not None:
            if finding.group in seen_groups:
                continue
            seen_groups.add(finding.group)
        if finding.fatal:
            return rule, finding
        collected = collected or (rule, finding)
        if finding.returns:
            break
    return collected


def _answer(rule: Rule, finding: Finding) -> ServerError:
    code = rule.spec.codes[finding.code]
    message = code.message.format(**finding.args)
    if finding.fatal:
        return ServerError(code=None, message=message, fatal=True)
    # A module Error created without a code answers the integer 0 (main/lib/error.php:
    # __construct($message, $code = 0)); "100" stays a string.
    value: str | int = 0 if finding.code == "0" else finding.code
    return ServerError(code=value, message=message, top_level=bool(finding.args.get("top_level")))
