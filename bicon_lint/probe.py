"""``bicon-lint probe``: call a connector's own endpoints as the portal calls them, and lint what
they answer with the rules ``check`` uses for answer files.

The only command that opens a network connection (``bicon_lint.portal_http``, which imports
httpx when it sends); ``check`` and the pre-commit hook never import this module. In the order
the portal meets them: ``urlCheck`` → ``urlTableList`` → ``urlTableDescription`` (``--table``,
else the first table listed) → ``urlData``. Each request is the portal's own
(``portal_request.build``: the stored settings as ``connection[<code>]``); each answer is judged
by ``answers.lint_answer``, the urlData answer against the description answered before it.

Every endpoint is called even when an earlier one failed, so that one run shows every problem (on
a portal a failed ``urlCheck`` stops the source from being created at all). The urlData query is
the dataset preview's (``limit=20&table=…``, ``Viewer/Provider/Rest.php:12, 56``), or with
``limit`` a BI Builder query (``Dataset/Connector/Rest.php:23-62``) that selects the described
columns, taking each code for the dataset field's name (the name the dataset form proposes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from bicon_lint.portal_http import (
    BODY_MAX,
    Exchange,
    Failure,
    Limits,
    Resolver,
    gethostbyname,
    send,
)
from bicon_lint.targets import DEFAULT_TARGET, Target

if TYPE_CHECKING:
    from bicon_lint.api import Report

# The four endpoints in the order the probe calls them (Rest::connect, getEntityList,
# getDescription, getData in biconnector/lib/ExternalSource/Source/Rest.php).
ORDER: Final = ("urlCheck", "urlTableList", "urlTableDescription", "urlData")
NO_ANSWER: Final = "BL700"  # answer-empty-body: !$answer, which no answer fails too
# When the portal's answer to a call that timed out under a shortened --timeout holds.
_IN_VAIN: Final = (
    "the endpoint does not answer within the portal's limits either (250 s to connect, 60 s for "
    "each read)"
)


class ProbeError(Exception):
    """The probe cannot start: the payload is unreadable or not a connector's, or the settings
    are not the connector's (exit 2)."""


class Call(NamedTuple):
    """One endpoint of a probe: what was sent where, what came back, and how it was judged."""

    endpoint: str
    url: str | None  # None: the connector has no such URL
    exchange: Exchange | None  # None: not called (``skipped`` says why)
    report: Report | None  # the answer's diagnostics (``answers.lint_answer``)
    skipped: str | None = None
    table: str | None = None  # the table asked about (urlTableDescription, urlData)
    chosen: str | None = None  # how the table was chosen
    query: str | None = None  # which urlData query was sent


class Probe(NamedTuple):
    calls: tuple[Call, ...]
    target: Target
    limits: Limits
    allow_local: bool

    @property
    def reports(self) -> list[Report]:
        return [call.report for call in self.calls if call.report is not None]


Sender = Callable[..., Exchange]


def run(
    connector: Mapping[Any, Any],
    settings: Mapping[str, str],
    *,
    table: str | None = None,
    limit: int | None = None,
    target: Target | str = DEFAULT_TARGET,
    limits: Limits = Limits(),  # noqa: B008 - immutable
    allow_local: bool = False,
    resolve: Resolver = gethostbyname,
    sender: Sender = send,
    path: str = "connector.json",
) -> Probe:
    """Call the connector's endpoints in the portal's order and lint each answer.

    ``connector`` is the connector's ``fields`` (or its payload), ``settings`` the source's
    values by setting code; ``path`` names the connector payload in the answers' messages.
    Raises :class:`ProbeError` for settings the portal would never send."""
    from bicon_lint import answers
    from bicon_lint.methods import CONNECTOR_ADD
    from bicon_lint.model import Payload
    from bicon_lint.portal_request import PortalRequestError, connection, connector_fields

    resolved = Target.parse(target) if isinstance(target, str) else target
    fields = connector_fields(connector)
    try:
        connection(fields, settings, resolved)
    except PortalRequestError as error:
        raise ProbeError(str(error)) from None
    state = _State(
        fields, settings, resolved, limits, allow_local, resolve, sender, table,
        None if table is None else "--table", limit,
        [Payload(path, CONNECTOR_ADD, {"fields": dict(fields)})],
    )  # fmt: skip
    calls = [_call(state, endpoint, answers.lint_answer) for endpoint in ORDER]
    return Probe(tuple(calls), resolved, limits, allow_local)


@dataclass
class _State:
    """What the calls of one probe share: its options, and what the earlier answers told."""

    fields: Mapping[Any, Any]
    settings: Mapping[str, str]
    target: Target
    limits: Limits
    allow_local: bool
    resolve: Resolver
    sender: Sender
    table: str | None  # the table to describe and query, once known
    chose: str | None  # how it was chosen
    limit: int | None
    seen: list[Any]  # the connector and the answers so far, as a run's other payloads
    columns: tuple[str, ...] | None = None  # the description's codes, when the portal takes it


def _call(state: _State, endpoint: str, lint: Callable[..., Report]) -> Call:
    from bicon_lint.answers import ENDPOINTS
    from bicon_lint.model import Payload, RunContext
    from bicon_lint.portal_request import PortalRequestError, build

    url = state.fields.get(endpoint)
    shown_url = url if isinstance(url, str) else None
    tabled = endpoint in ("urlTableDescription", "urlData")
    if tabled and state.table is None:
        why = "no table to ask about (the table list named none): give --table"
        return Call(endpoint, shown_url, None, None, why)
    query, note = _query(state) if endpoint == "urlData" else ({}, None)
    try:
        request = build(
            endpoint,
            state.fields,
            state.settings,
            table=state.table if tabled else None,
            target=state.target,
            **query,
        )
    except PortalRequestError as error:
        return Call(endpoint, shown_url, None, None, str(error))
    exchange = state.sender(
        request.url,
        request.body,
        request.headers,
        limits=state.limits,
        allow_local=state.allow_local,
        resolve=state.resolve,
    )
    report = None
    if not exchange.truncated:
        report = lint(
            endpoint,
            exchange.status,
            exchange.body,
            target=state.target,
            path=endpoint,
            request=request.fields,
            context=RunContext(tuple(state.seen)),
        )
        if exchange.failure is not None:
            report = _no_answer(report, endpoint, exchange.failure)
        envelope = {"table": state.table, "request": request.fields} if tabled else {}
        decoded = _decoded(exchange)
        state.seen.append(Payload(endpoint, ENDPOINTS[endpoint], decoded, envelope))
        if endpoint == "urlTableDescription":
            state.columns = _codes(decoded, state.target)
    if endpoint == "urlTableList" and state.table is None:
        state.table, state.chose = _first_table(exchange)
    if not tabled:
        return Call(endpoint, request.url, exchange, report)
    return Call(endpoint, request.url, exchange, report, None, state.table, state.chose, note)


def _query(state: _State) -> tuple[dict[str, Any], str | None]:
    """The urlData query: the dataset preview's, or with ``limit`` a BI Builder query of the
    described columns (their codes taken for the dataset's field names, ``mapFields`` the same)."""
    if state.limit is None:
        return {}, "the dataset preview's query"
    if not state.columns:
        return {}, "the dataset preview's query: --limit needs the described columns to select"
    codes = list(state.columns)
    query: dict[str, Any] = {"select": codes, "limit": state.limit}
    if state.target >= Target.V2026_01:
        query["map_fields"] = {code: code for code in codes}
    return query, "a BI Builder query of the described columns"


def _codes(decoded: Any, target: Target) -> tuple[str, ...] | None:
    """The codes of a description the portal accepts, else ``None``."""
    from bicon_lint.answer_links import described

    columns = described(decoded, target) if decoded is not None else None
    return None if columns is None else tuple(column.code for column in columns)


def _no_answer(report: Report, endpoint: str, failure: Failure) -> Report:
    """The report of a call that got no answer. To the portal that is ``$answer === false``,
    which ``!$answer`` fails as it fails an empty body
    (``biconnector/lib/ExternalSource/Source/Rest.php:372-377``): ``lint_answer`` of an empty body
    gives the portal's outcome (``BL700``); its message is told as it happened. Under a
    ``--timeout`` shorter than the portal's limits the portal may still get an answer: a warning,
    and the portal's answer holds only if it does not (``ServerError.portal``)."""
    from bicon_lint.model import Severity
    from bicon_lint.rules.answer_empty_body import OUTCOMES

    said = f"{endpoint} gave no answer ({failure.code}: {failure.message})"
    if failure.shortened:
        outcome = f"if it does not answer within the portal's limits either, {OUTCOMES[endpoint]}"
        message = f"{said}; {outcome}"
    else:
        message = f"{said}, which the portal's !$answer takes as no answer: {OUTCOMES[endpoint]}"
    severity = Severity.WARNING if failure.shortened else None
    diagnostics = [
        d._replace(
            message=message,
            severity=severity or d.severity,
            line=None,  # no body to point into
            column=None,
            end_line=None,
            end_column=None,
        )
        if d.code == NO_ANSWER
        else d
        for d in report.diagnostics
    ]
    answer = report.server_error
    if failure.shortened and answer is not None:  # the portal's answer only if it waits in vain
        answer = answer._replace(portal=_IN_VAIN, otherwise=None)
    return report._replace(diagnostics=diagnostics, server_error=answer)


def _decoded(exchange: Exchange) -> Any:
    """The body as ``Rest::decode()`` returns it, when the portal gets that far (``None``
    otherwise): what the checks across endpoints read."""
    from bicon_lint import answer_body

    if exchange.status != 200 or answer_body.is_empty(exchange.body):
        return None
    text, broken = answer_body.text_of(exchange.body)
    return answer_body.decode(text, "<answer>", broken).value


def _first_table(exchange: Exchange) -> tuple[str | None, str | None]:
    """The first table of a table list, as the portal keys it: ``id`` if given, else ``code``
    (``Rest.php:183``; the picker's JavaScript, not in the public code, stores one of them as
    the dataset's external code: the docs say ``id``)."""
    tables = _decoded(exchange)
    items = list(tables.values()) if isinstance(tables, dict) else tables
    if not items or not isinstance(items[0], dict):
        return None, None
    first = items[0]
    for key in ("id", "code"):
        value = first.get(key)
        if (
            isinstance(value, (str, int))
            and not isinstance(value, bool)
            and str(value) not in ("", "0")
        ):
            shown = f"the first table listed: its {key}"
            if key == "id" and first.get("code") not in (None, value):
                shown += ", not its code (the portal's table id; the docs say the id is sent)"
            return str(value), shown
    return None, None


def summary_lines(probe: Probe) -> list[str]:
    """One line per endpoint: each request (a redirect is another), the answer, how long it took,
    and what was asked (the table, the query)."""
    from bicon_lint.redact import display

    width = max(len(endpoint) for endpoint in ORDER)
    lines = []
    for call in probe.calls:
        head = call.endpoint.ljust(width)
        if call.exchange is None:
            lines.append(f"{head}  not called: {call.skipped}")
            continue
        parts: list[str] = []
        for hop in call.exchange.hops:
            parts.append(f"{hop.method} {display(hop.url, 200)}")
            if hop.status is not None:
                parts.append(str(hop.status))
        failure = call.exchange.failure
        if failure is not None:
            ending = f"no answer ({failure.code}: {failure.message})"
        else:
            size = len(call.exchange.body)
            ending = f"{size} byte{'' if size == 1 else 's'}"
            if call.exchange.truncated:
                ending += f", more than {BODY_MAX // (1024 * 1024)} MiB: not judged"
        asked = [] if call.table is None else [f"table {call.table!r} ({call.chosen})"]
        asked += [] if call.query is None else [call.query]
        told = f" [{'; '.join(asked)}]" if asked else ""
        lines.append(
            f"{head}  {' -> '.join(parts)}, {ending}, {_duration(call.exchange.seconds)}{told}"
        )
    return lines


def _duration(seconds: float) -> str:
    """>>> _duration(0.0123), _duration(2.5)
    ('12 ms', '2.50 s')
    """
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def calls_json(probe: Probe) -> dict[str, object]:
    """The ``probe`` part of ``--format json``: every call, its hops and timings (in ms)."""
    from bicon_lint.redact import display

    def milliseconds(seconds: float) -> float:
        return round(seconds * 1000, 1)

    calls = []
    for call in probe.calls:
        exchange = call.exchange
        entry: dict[str, object] = {
            "endpoint": call.endpoint,
            "url": None if call.url is None else display(call.url, 2048),
            "table": call.table,
            "table_from": call.chosen,
            "query": call.query,
            "skipped": call.skipped,
            "status": None if exchange is None else exchange.status,
            "bytes": None if exchange is None else len(exchange.body),
            "ms": None if exchange is None else milliseconds(exchange.seconds),
            "failure": None,
            "hops": [],
        }
        if exchange is not None:
            if exchange.failure is not None:
                entry["failure"] = exchange.failure._asdict()
            entry["hops"] = [
                {
                    "method": hop.method,
                    "url": display(hop.url, 2048),
                    "status": hop.status,
                    "location": hop.location,
                    "ms": milliseconds(hop.seconds),
                }
                for hop in exchange.hops
            ]
            entry["truncated"] = exchange.truncated
        calls.append(entry)
    return {
        "target": probe.target.label,
        "allow_local": probe.allow_local,
        "timeouts": {"connect": probe.limits.connect, "read": probe.limits.read},
        "calls": calls,
    }


def parse_settings(given: Sequence[str]) -> dict[str, str]:
    """``--setting code=value`` (the last one of a code wins); ``ValueError`` without ``=``.

    >>> parse_settings(["token=a=b", "login=", "token=c"])
    {'token': 'c', 'login': ''}
    """
    from bicon_lint.request_command import pairs  # the one CODE=VALUE reader (`request` too)

    return pairs(given, "setting")


def command(
    path: str,
    settings: Mapping[str, str],
    *,
    table: str | None,
    limit: int | None,
    target: Target,
    output_format: str,
    limits: Limits,
    allow_local: bool,
    color: bool,
) -> tuple[str, str, bool]:
    """``bicon-lint probe``: the report (standard output), the calls' summary when the format
    has no place for it (standard error), and whether an error was found."""
    import json

    from bicon_lint.api import RunResult
    from bicon_lint.loaders import LoadError
    from bicon_lint.portal_request import PortalRequestError, load_connector
    from bicon_lint.reporters import render

    try:
        connector = load_connector(path, target=target)
    except (LoadError, PortalRequestError) as error:
        raise ProbeError(str(error)) from None
    probe = run(
        connector,
        settings,
        path=path,
        table=table,
        limit=limit,
        target=target,
        limits=limits,
        allow_local=allow_local,
    )
    result = RunResult(probe.reports)
    report = render(output_format, result, color=color)
    summary = "\n".join(summary_lines(probe)) + "\n"
    if output_format == "json":
        document = json.loads(report)
        shown = {"version": document.pop("version"), "probe": calls_json(probe), **document}
        return json.dumps(shown, ensure_ascii=False, indent=2) + "\n", "", result.errors > 0
    if output_format == "text":
        return summary + "\n" + report, "", result.errors > 0
    return report, summary, result.errors > 0
