"""The records that flow through bicon-lint: requests, findings, rule specs and diagnostics."""

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple

from bicon_lint.targets import Target

ANY_METHOD = "*"

Loc = tuple[str | int, ...]
"""A path into the request's params: dict keys and list indexes."""


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Stage(enum.IntEnum):
    """Where in the server's pipeline a check runs (``Rest/Base.php``'s order). Lower runs first."""

    REQUEST = 0  # the REST core and decoding: method exists, body decodable (CRestServer)
    ID = 10  # Base::validateParamsId
    FIELDS = 20  # Base::validateFields / Base::validateParamsForList
    ENTITY = 25  # method-specific checks before any look-up (Dataset::checkDatasetName)
    STATE = 30  # database look-ups (…_NOT_FOUND): never predicted, explained only
    CONTENT = 40  # after the look-ups: settings, dataset columns (RestDatasetManager::checkFields)
    SAVE = 50  # the ORM's required and length validators (DataManager::checkFields)
    QUERY = 60  # the ORM query of list methods (Query::addOrder, Query::setFilterChains)
    ADVISORY = 100  # bicon-lint's own checks: never the server's answer


class Part(str, enum.Enum):
    """Which token of a located value a diagnostic points at."""

    KEY = "key"
    VALUE = "value"


class Span(NamedTuple):
    """1-based line and column (in code points) of the start and the end (exclusive) of a token."""

    line: int
    column: int
    end_line: int
    end_column: int


class Payload(NamedTuple):
    """One payload of a run, as other files' cross-file checks see it."""

    path: str
    method: str
    params: Any
    # What an endpoint answer's file says beside its body ("table", "request", "connector"): the
    # answer checks of other files match on it (``bicon_lint.answer_links``). ``None`` otherwise.
    envelope: Any = None


class RunContext(NamedTuple):
    """What the other files of the same run hold (a connector's settings for a source, ...)."""

    payloads: tuple[Payload, ...] = ()

    def of_method(self, *methods: str) -> Iterator[Payload]:
        return (payload for payload in self.payloads if payload.method in methods)


NO_PAYLOADS = RunContext()
NO_ENVELOPE: Mapping[str, Any] = MappingProxyType({})


class Request:
    """One call as the server would receive it: the method and the decoded params.

    Treat it as read-only: ``memo`` holds what ``engine.shared`` accessors computed from it.
    """

    __slots__ = (
        "context",
        "encoding",
        "envelope",
        "memo",
        "method",
        "params",
        "path",
        "target",
        "text",
    )

    def __init__(
        self,
        method: str,
        params: Any,
        target: Target,
        encoding: str = "json",  # json | form | batch
        path: str | None = None,  # the file it came from, if any
        context: RunContext = NO_PAYLOADS,
        # The envelope's keys other than "params" ("method", "connector", ...); empty for bare params.
        envelope: Mapping[str, Any] = NO_ENVELOPE,
        # The text of the file it came from (it holds at least the request): a check may rule
        # itself out at a glance (no "@" anywhere: no string holds one, or an escape of one).
        text: str | None = None,
    ) -> None:
        self.method = method
        self.params = params
        self.target = target
        self.encoding = encoding
        self.path = path
        self.context = context
        self.envelope = envelope
        self.text = text
        self.memo: dict[object, Any] = {}

    def __repr__(self) -> str:
        return (
            f"Request(method={self.method!r}, params={self.params!r}, target={self.target!r}, "
            f"encoding={self.encoding!r}, path={self.path!r})"
        )


class Finding(NamedTuple):
    """What a rule yields: where, which of its codes, the message's placeholders, and its order.

    ``order`` sorts findings of one stage the way the server meets them; ``group`` names the unit the
    server leaves with ``continue`` after its first error (a settings item, a field); ``returns`` says
    the server stops validating at this error (it answers a result's first error only); ``fatal``
    that it crashes with no code (a PHP ``TypeError`` the REST core does not catch).
    """

    loc: Loc
    code: str
    args: Mapping[str, object] = MappingProxyType({})  # read-only: one shared empty mapping
    part: Part = Part.VALUE
    order: tuple[int, ...] = ()
    group: tuple[object, ...] | None = None
    returns: bool = False
    fatal: bool = False
    root: bool = False  # ``loc`` starts at the file's root (an envelope key), not at the params
    # The server meets this finding only if what the portal holds and the payload does not show (a
    # connector's setting codes, the database's sql_mode) meets this condition, worded to follow
    # "if": the predicted answer names it (``ServerError.portal``). Findings with one condition
    # stand or fall together.
    portal: str | None = None


class Code(NamedTuple):
    """One code a rule may emit: its message template (``str.format`` fields) and provenance."""

    message: str
    server: bool = True  # the API itself answers this code
    severity: Severity = Severity.ERROR


class RuleSpec(NamedTuple):
    """A rule's metadata. The engine refuses any code a rule yields that its spec does not declare."""

    name: str
    codes: Mapping[str, Code]
    methods: frozenset[str]  # method names; ANY_METHOD applies to every name, even unknown ones
    stage: Stage
    summary: str = ""
    since: Target | None = None
    until: Target | None = None  # exclusive: the first target where the rule no longer applies
    # The part of the request the rule reports on (a shared ``access`` function): where it is
    # empty or false, the rule cannot report and the engine does not run it. tests/test_requires.py
    # runs every such rule anyway on every fixture, vector and generated payload to prove it.
    requires: Callable[[Request], object] | None = None

    def applies(self, method: str, target: Target) -> bool:
        if method not in self.methods and ANY_METHOD not in self.methods:
            return False
        if self.since is not None and target < self.since:
            return False
        return not (self.until is not None and target >= self.until)


class Rule(NamedTuple):
    spec: RuleSpec
    check: Callable[[Request], Iterable[Finding]]
    doc: str


class Diagnostic(NamedTuple):
    """One reported problem, stamped by the engine from a finding and its rule's spec."""

    line: int | None
    column: int | None
    code: str
    message: str
    severity: Severity
    rule: str
    loc: Loc
    pointer: str
    end_line: int | None = None
    end_column: int | None = None
    server: bool = True

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "severity": self.severity.value,
            "rule": self.rule,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "server": self.server,
        }


class ServerError(NamedTuple):
    """The one answer the server would give first. ``code`` is ``None`` when it crashes.

    ``runtime`` is set, for a call read from a program, to the JSON pointer of a value computed at
    run time that the server checks before it gives this answer: if that value fails its check,
    the server answers that failure instead.

    ``portal`` is set when the answer depends on what the portal holds and the payload does not
    show (a connector's setting codes, the database's sql_mode): it is the condition (worded to
    follow "if") under which the server gives this answer, and ``otherwise`` is the answer when it
    does not hold (``None``: the server accepts the call). bicon-lint says so instead of choosing
    one of them."""

    code: str | int | None
    message: str
    fatal: bool = False
    top_level: bool = False
    runtime: str | None = None
    portal: str | None = None
    otherwise: "ServerError | None" = None

    def as_dict(self) -> dict[str, object]:
        shown: dict[str, object] = {
            "code": self.code,
            "message": self.message,
            "fatal": self.fatal,
            "top_level": self.top_level,
        }
        if self.runtime is not None:
            shown["runtime"] = self.runtime
        if self.portal is not None:
            shown["portal"] = self.portal
            shown["otherwise"] = None if self.otherwise is None else self.otherwise.as_dict()
        return shown

    def __repr__(self) -> str:
        """The fields, leaving out ``portal`` and ``otherwise`` when the answer depends on no
        portal data (as it mostly does)."""
        shown = [
            f"code={self.code!r}",
            f"message={self.message!r}",
            f"fatal={self.fatal!r}",
            f"top_level={self.top_level!r}",
            f"runtime={self.runtime!r}",
        ]
        if self.portal is not None:
            shown += [f"portal={self.portal!r}", f"otherwise={self.otherwise!r}"]
        return f"ServerError({', '.join(shown)})"


@lru_cache(maxsize=4096)  # the same few places are reported in file after file
def pointer(loc: Loc) -> str:
    """RFC 6901 JSON pointer of a location.

    >>> pointer(("fields", "settings", 0, "a/b~c"))
    '/fields/settings/0/a~1b~0c'
    >>> pointer(())
    ''
    """
    text = "/".join(map(str, loc))
    if "~" in text or text.count("/") != len(loc) - 1:  # a part holds "~" or "/": escape each
        return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)
    return "/" + text if loc else ""
