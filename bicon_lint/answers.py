"""A connector's answers to the portal: ``urlCheck``, ``urlTableList``, ``urlTableDescription`` and
``urlData``, linted like payloads (against ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest``,
``biconnector/lib/ExternalSource/Source/Rest.php``).

An answer is a :class:`~bicon_lint.model.Request` of a pseudo-method (``endpoint.urlcheck``, ...)
with ``encoding="answer"``: its ``params`` are the body as ``Rest::decode()`` returns it (a PHP
array, or ``None``: not JSON, or no array), its ``envelope`` is ``{"endpoint": name, "status":
int | None, "body": the body's text, "request": the recorded request's fields or {}}``. The rules
about answers are the ``rules/answer_*.py`` modules (codes ``BL7xx``); the accessors below are
what they share. A status of ``None`` is not known: the answer is judged as if it were 200.

Files: an answer envelope ``{"endpoint": "urlTableList", "status": 200, "body": ...}`` (the body a
JSON value, whose JSON text is what the server sent, or a string, which is that text), or a bare
answer: a file whose bytes are the body, named by ``check --endpoint NAME`` or mapped by
``[tool.bicon-lint.endpoints]``. An envelope in a file comes first.

Each report also says what the portal does first with the answer (``Report.server_error``): the
error it shows (its language key and English text, from the module's
``lang/en/lib/ExternalSource/Source/Rest.php`` in ``alex-jazzman/bitrix24_source``) or a PHP
crash; for
``urlCheck`` the text of ``connect()``, which the UI check shows (``biconnector.source.add`` and
``.update`` answer ``SOURCE_CREATE_CONNECTION_ERROR`` / ``SOURCE_UPDATE_CONNECTION_ERROR``
instead); for ``urlData`` what BI Builder gets (the dataset preview shows no rows instead).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from bicon_lint import answer_body, engine, php
from bicon_lint.answer_body import Decoded, Failure, Placement
from bicon_lint.loaders.document import Document
from bicon_lint.model import NO_PAYLOADS, Diagnostic, Loc, Part, Request, RunContext, ServerError
from bicon_lint.targets import DEFAULT_TARGET, Target

if TYPE_CHECKING:
    from bicon_lint.api import Report
    from bicon_lint.model import Rule

URL_CHECK: Final = "endpoint.urlcheck"
URL_TABLE_LIST: Final = "endpoint.urltablelist"
URL_TABLE_DESCRIPTION: Final = "endpoint.urltabledescription"
URL_DATA: Final = "endpoint.urldata"
ENDPOINTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "urlCheck": URL_CHECK,
        "urlTableList": URL_TABLE_LIST,
        "urlTableDescription": URL_TABLE_DESCRIPTION,
        "urlData": URL_DATA,
    }
)
PSEUDO_METHODS: Final = frozenset(ENDPOINTS.values())
NAMES: Final[Mapping[str, str]] = MappingProxyType({m: n for n, m in ENDPOINTS.items()})
ENCODING: Final = "answer"
ENVELOPE_KEYS: Final = ("endpoint", "status", "body", "request")

# What the portal shows (language key: biconnector/lib/ExternalSource/Source/Rest.php:374, 381,
# 165, 172, 222, 227; English text: lang/en/lib/ExternalSource/Source/Rest.php of the module in
# alex-jazzman/bitrix24_source).
CANT_CONNECT: Final = ServerError(
    "BICONNECTOR_REST_CONNECTION_ERROR_CANT_CONNECT", "Cannot establish connection."
)
QUERY_FAILED: Final = ServerError(
    "BICONNECTOR_REST_CONNECTION_ERROR_404_ERROR",
    "Query failed. Make sure the table data source is available.",
)
DESCRIPTION_FAILED: Final = ServerError(
    "BICONNECTOR_REST_CONNECTION_TABLE_DESCRIPTION_404_ERROR",
    "Query failed. Make sure the data source is available and contains table fields.",
)
NO_TABLE_LIST: Final = ServerError(
    "BICONNECTOR_REST_EMPTY_TABLE_LIST_ERROR",
    "Could not get table list.<br>Make sure the JSON response is correct.",
)
NO_DESCRIPTION: Final = ServerError(
    "BICONNECTOR_REST_EMPTY_TABLE_DESCRIPTION_ERROR",
    "Could not get table field descriptions. Make sure the JSON response is correct.",
)
TYPE_ERROR: Final = ServerError(
    None, "a PHP TypeError, an \\Error that no catch (\\Exception) stops", fatal=True
)


class UnknownEndpointError(ValueError):
    """An endpoint name that is none of the four (``--endpoint``, the configuration, the
    library, an answer envelope)."""


def check_endpoint(name: str) -> str:
    """The endpoint ``name`` names, spelled as the connector's fields are (any case, or its
    pseudo-method); :class:`UnknownEndpointError` with a did-you-mean otherwise.

    >>> check_endpoint("URLTABLELIST"), check_endpoint("endpoint.urldata")
    ('urlTableList', 'urlData')
    >>> check_endpoint("urlTable")
    Traceback (most recent call last):
    ...
    bicon_lint.answers.UnknownEndpointError: unknown endpoint 'urlTable' (did you mean 'urlTableList'?)
    """
    wanted = name.strip().lower()
    for known, method in ENDPOINTS.items():
        if wanted in (known.lower(), method):
            return known
    import difflib  # only to suggest a name

    lowered = {known.lower(): known for known in ENDPOINTS}
    close = difflib.get_close_matches(wanted.removeprefix("endpoint."), lowered, n=1, cutoff=0.6)
    hint = f"did you mean {lowered[close[0]]!r}?" if close else "known: " + ", ".join(ENDPOINTS)
    raise UnknownEndpointError(f"unknown endpoint {name!r} ({hint})")


# --------------------------------------------------------------------------------------------
# What the rules share
# --------------------------------------------------------------------------------------------


def endpoint(request: Request) -> str:
    """The endpoint's name (``urlTableList``)."""
    return NAMES.get(request.method, request.method)


def status(request: Request) -> int | None:
    value = request.envelope.get("status")
    return value if type(value) is int else None


def body(request: Request) -> str:
    text = request.envelope.get("body", "")
    return text if isinstance(text, str) else ""


@engine.shared
def transported(request: Request) -> bool:
    """``Rest::query()`` returns the body (``processResponse()``, ``Rest.php:363-387``): it is not
    empty, and the status is 200 (or not known)."""
    return not answer_body.is_empty(body(request)) and status(request) in (None, 200)


@engine.shared
def failure(request: Request) -> Failure | None:
    """Why ``Rest::decode()`` returns ``null`` for the body (``None``: it returns an array)."""
    if php.is_array(request.params):
        return None
    return answer_body.decode(body(request), request.path or "<answer>").failure


def delivered(request: Request) -> Any:
    """The decoded array the portal goes on with, or ``None`` (transport failed, or no array)."""
    return request.params if transported(request) and php.is_array(request.params) else None


def members(request: Request) -> list[tuple[str | int, Any]]:
    """What ``foreach`` walks in the delivered array: (key, item) pairs; none if not delivered."""
    return list(php.items(delivered(request)))


def single_object(value: Any, keys: Sequence[str]) -> bool:
    """An object that is one item (``{"code": ..., "title": ...}``), not a list of items: PHP's
    ``foreach`` walks its values, which are no items."""
    return isinstance(value, dict) and any(
        key in value and not php.is_array(value[key]) for key in keys
    )


def named(kind: str, key: str | int) -> str:
    """``table 0`` for a list's item, ``table "deals"`` for an object's member."""
    if isinstance(key, int):
        return f"{kind} {key}"
    return f"{kind} {json.dumps(key, ensure_ascii=False)}"


def shown(value: Any) -> str:
    """A value as JSON, cut to 40 characters (a lone surrogate escaped: it cannot be printed)."""
    text = json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace").decode()
    return text if len(text) <= 40 else text[:36] + "..." + text[-1]


# --------------------------------------------------------------------------------------------
# Linting
# --------------------------------------------------------------------------------------------


def lint_answer(
    endpoint: str,
    status: int | None,
    body: str | bytes,
    *,
    target: Target | str = DEFAULT_TARGET,
    path: str | None = None,
    request: Mapping[str, Any] | str | None = None,
    context: RunContext | None = None,
    rules: Sequence[Rule] | None = None,
) -> Report:
    """Lint one answer of a connector's ``endpoint`` (``urlCheck``, ``urlTableList``,
    ``urlTableDescription``, ``urlData``): the HTTP ``status`` (``None``: not known, judged as
    200) and the ``body`` exactly as sent. Positions are the body's own lines and columns (the
    body is the file ``path``, if given). ``request``: the fields the portal sent (or its form
    body), for the checks that compare them with the answer. :class:`UnknownEndpointError` (a ``ValueError``)
    for another endpoint name.

    >>> lint_answer("urlCheck", 200, "0").server_error.message
    'Cannot establish connection.'
    """
    name = check_endpoint(endpoint)
    resolved = Target.parse(target) if isinstance(target, str) else target
    return _bare(name, status, body, path, resolved, rules, context, request or {})


def _bare(
    name: str,
    status: int | None,
    data: str | bytes,
    path: str | None,
    target: Target,
    rules: Sequence[Rule] | None,
    context: RunContext | None,
    recorded: Mapping[str, Any] | str,
) -> Report:
    """An answer whose body is the whole of the text (a bare answer file, ``lint_answer``)."""
    text, broken = answer_body.text_of(data)
    decoded = answer_body.decode(text, path or "<answer>", broken)
    parsed = decoded.failure is None or decoded.failure.kind == "scalar"
    file = decoded.document if parsed and decoded.document is not None else None
    file = file or Document(path=path or "<answer>", text=text)
    placement = Placement(file)
    return _lint(name, status, text, decoded, placement, path, target, rules, context, recorded)


def _lint(
    name: str,
    status: int | None,
    text: str,
    decoded: Decoded,
    placement: Placement,
    path: str | None,
    target: Target,
    rules: Sequence[Rule] | None,
    context: RunContext | None,
    recorded: Mapping[str, Any] | str,
    problems: Sequence[Diagnostic] = (),
    memo: Mapping[object, Any] | None = None,
) -> Report:
    from bicon_lint.api import Report
    from bicon_lint.rules import RULES

    envelope = {"endpoint": name, "status": status, "body": text, "request": recorded}
    request = Request(
        method=ENDPOINTS[name],
        params=decoded.value,
        target=target,
        encoding=ENCODING,
        path=path,
        context=context or NO_PAYLOADS,
        envelope=MappingProxyType(envelope),
        text=text,
    )
    request.memo[failure] = decoded.failure  # known: a JSON value's failure is not in its text
    if memo:  # what a streamed answer's pass found (data_stream)
        request.memo.update(memo)
    outcome = engine.run(
        request, RULES if rules is None else rules, locate=placement.locate, prefix=placement.prefix
    )
    diagnostics = [_placed(d, decoded, placement) for d in outcome.diagnostics]
    diagnostics = sorted([*problems, *diagnostics], key=engine.sort_key)
    return Report(path, request.method, target, diagnostics, portal_answer(request))


JSON_CODES: Final = frozenset({"BL702", "BL703"})  # answer-json: placed where decoding fails


def _placed(diagnostic: Diagnostic, decoded: Decoded, placement: Placement) -> Diagnostic:
    """A decoding failure stands where PHP's decoder stops, which no path names: placed here."""
    found = decoded.failure
    if diagnostic.code not in JSON_CODES or found is None:
        return diagnostic
    span = placement.at(found.start, found.end)
    if span is None:
        return diagnostic
    return diagnostic._replace(
        line=span.line, column=span.column, end_line=span.end_line, end_column=span.end_column
    )


# What the portal shows when the transport fails (Rest::processResponse), per endpoint: urlCheck
# and urlData
# pass the message of Rest::query() on; the table picker and the preview replace it.
_TRANSPORT: Final[Mapping[str, tuple[ServerError, ServerError]]] = MappingProxyType(
    {
        "urlCheck": (CANT_CONNECT, QUERY_FAILED),
        "urlTableList": (QUERY_FAILED, QUERY_FAILED),  # Rest.php:170-175
        "urlTableDescription": (DESCRIPTION_FAILED, DESCRIPTION_FAILED),  # :220-223
        "urlData": (CANT_CONNECT, QUERY_FAILED),  # BI Builder (the preview shows no rows)
    }
)


def portal_answer(request: Request) -> ServerError | None:
    """What the portal does first with an answer, as ``Rest.php`` takes it (``None``: it goes on
    with it): the transport (``:372-384``), then for a table list ``decode()`` and
    ``checkTableList()`` (``:162-167``), for a description ``!$columns``,
    ``checkTableDescription()`` and ``mapType()`` (``:225-238``) and the preview's
    ``$codesMap[$code]`` (``Viewer/Provider/Rest.php:44-53``). 25.300.0 checks no item: a bad one
    crashes it. A function of the answer alone, whichever rules run (as the server's answer to
    a payload is of its server rules)."""
    name, target = endpoint(request), request.target
    if answer_body.is_empty(body(request)) or status(request) not in (None, 200):
        empty, failed = _TRANSPORT[name]
        return empty if answer_body.is_empty(body(request)) else failed
    value, old = request.params, target < Target.V2025_07
    items = [item for _, item in php.items(value)]
    if name == "urlTableList":
        if not php.is_array(value):
            return NO_TABLE_LIST
        if old:
            return TYPE_ERROR if any(isinstance(item, str) for item in items) else None
        keys = ("code", "title")
        return NO_TABLE_LIST if any(_incomplete(item, keys) for item in items) else None
    if name != "urlTableDescription":
        return None
    if not php.is_array(value) or not items:
        return NO_DESCRIPTION
    if not old and any(_incomplete(item, ("code", "name", "type")) for item in items):
        return NO_DESCRIPTION
    for item in items:  # mapType(string $type), then (2025-07 on) the preview's $codesMap[$code]
        kind = item.get("type") if isinstance(item, dict) else None
        if php.is_array(kind) or (old and kind is None):
            return TYPE_ERROR
    code_arrays = any(isinstance(item, dict) and php.is_array(item.get("code")) for item in items)
    return TYPE_ERROR if code_arrays and not old else None


def _incomplete(item: Any, keys: Sequence[str]) -> bool:
    """``!is_array($item)``, or ``empty()`` of one of ``keys`` (a missing key is empty)."""
    if not php.is_array(item):
        return True
    return any(php.empty(item.get(key) if isinstance(item, dict) else None) for key in keys)


# --------------------------------------------------------------------------------------------
# Answer files
# --------------------------------------------------------------------------------------------

NOT_SENT: Final = frozenset({"BL006", "BL007"})  # an envelope file's undecodable parts, its BOM
_RAW: Final = "answers.raw"  # Document.memo key: a bare answer's bytes, exactly as read


def bare_document(data: str | bytes, path: str) -> Document:
    """A file that is an answer's body (``--endpoint``, ``[tool.bicon-lint.endpoints]``): its
    bytes are kept as they are (an empty file, a lone ``0``, a byte order mark all matter)."""
    text, _ = answer_body.text_of(data)
    document = Document(path=path, text=text)
    document.memo[_RAW] = data
    return document


class _Streamed(NamedTuple):
    """A bare answer file left unread, to be read as a stream (``data_stream``)."""

    path: str


def bare_file(path: str | os.PathLike[str], endpoint: str) -> Document:
    """The bare answer file at ``path`` of ``endpoint``: :func:`bare_document` of its bytes, or,
    for a large urlData answer, a document that is read as a stream when linted
    (:class:`~bicon_lint.loaders.LoadError` when it cannot be read)."""
    from bicon_lint import data_stream
    from bicon_lint.loaders import read_bytes

    try:
        name = check_endpoint(endpoint)
    except UnknownEndpointError:
        name = endpoint
    if data_stream.streams(path, name):
        document = Document(path=os.fspath(path), text="")
        document.memo[_RAW] = _Streamed(os.fspath(path))
        return document
    return bare_document(read_bytes(path), os.fspath(path))


def is_bare(document: Document) -> bool:
    """Made by :func:`bare_document`."""
    return _RAW in document.memo


def is_envelope(value: Any) -> bool:
    """An answer envelope: an object with ``"endpoint"`` and ``"body"`` or ``"status"``, and no
    ``"method"`` (an object that only names an endpoint is someone else's file)."""
    return (
        isinstance(value, dict)
        and "endpoint" in value
        and ("body" in value or "status" in value)
        and "method" not in value
    )


def lint_answer_document(
    document: Document,
    *,
    endpoint: str | None = None,
    target: Target = DEFAULT_TARGET,
    rules: Sequence[Rule] | None = None,
    context: RunContext | None = None,
    only_payloads: bool = False,
) -> Report | None:
    """The report of an answer file: an envelope, or (``endpoint``) the body itself; ``None``
    when the document is no answer."""
    raw = document.memo.get(_RAW)
    if isinstance(raw, _Streamed):  # a large urlData answer: read as a stream, if it can be
        report = _streamed(raw, document.path, endpoint, target, rules, context)
        if report is not None:
            return report
        from bicon_lint.loaders import read_bytes

        raw = read_bytes(raw.path)
        document = bare_document(raw, document.path)
    if raw is not None:  # a bare answer, unless it holds an envelope
        from bicon_lint.loaders import load_text

        start = document.text.lstrip("\ufeff \t\r\n")
        if start.startswith("{") and '"endpoint"' in document.text:
            loaded = load_text(raw, document.path)
            if loaded.lintable and is_envelope(loaded.value):
                return _envelope(loaded, target, rules, context, only_payloads)
    elif document.lintable and is_envelope(document.value):
        return _envelope(document, target, rules, context, only_payloads)
    if endpoint is None:
        return None
    data = raw if raw is not None else document.text
    name = check_endpoint(endpoint)
    return _bare(name, None, data, document.path, target, rules, context, {})


def _streamed(
    file: _Streamed,
    path: str,
    endpoint: str | None,
    target: Target,
    rules: Sequence[Rule] | None,
    context: RunContext | None,
) -> Report | None:
    from bicon_lint import data_stream

    if endpoint is None or check_endpoint(endpoint) != "urlData":
        return None
    return data_stream.lint_file(file.path, path, target, rules, context)


def _envelope(
    document: Document,
    target: Target,
    rules: Sequence[Rule] | None,
    context: RunContext | None,
    only_payloads: bool,
) -> Report:
    from bicon_lint.api import Report, _problem_diagnostic
    from bicon_lint.rules import answer_envelope

    value: dict[str, Any] = document.value
    given = value["endpoint"]
    name: str | None = None
    found: list[tuple[str, Loc, dict[str, object], Part]] = []
    try:
        name = check_endpoint(given if isinstance(given, str) else json.dumps(given))
    except UnknownEndpointError as error:
        if only_payloads:  # found by walking a folder: not an answer bicon-lint knows
            return Report(document.path, None, target, skipped=True)
        found.append(("BL735", ("endpoint",), {"detail": str(error)}, Part.VALUE))
    status = value.get("status")
    if status is not None and not (type(status) is int and 100 <= status <= 599):
        found.append(("BL736", ("status",), {"shown": json.dumps(status)}, Part.VALUE))
        status = None
    recorded = value.get("request", {})
    if not isinstance(recorded, (dict, str)):  # the fields, or the form body as sent
        found.append(("BL738", ("request",), {}, Part.VALUE))
        recorded = {}
    for key in value:
        if key not in ENVELOPE_KEYS:
            found.append(("BL739", (key,), answer_envelope.unknown_key(key), Part.KEY))
    if "body" not in value:
        found.append(("BL737", (), {}, Part.VALUE))
    # the envelope is bicon-lint's own file, never sent: what PHP would make of it does not apply
    problems = [_problem_diagnostic(p) for p in document.problems if p.code not in NOT_SENT]
    problems += answer_envelope.stamped(found, document.locate)
    if name is None or "body" not in value:
        return Report(document.path, None, target, sorted(problems, key=engine.sort_key))
    sent = value["body"]
    if isinstance(sent, str):
        text = sent
        decoded = answer_body.decode(text, document.path)
        placement = _string_placement(document, text, decoded)
    else:
        text = answer_body.json_text(sent)
        decoded = answer_body.decode_value(sent)
        placement = Placement(document, prefix=("body",))
    return _lint(
        name,
        status,
        text,
        decoded,
        placement,
        document.path,
        target,
        rules,
        context,
        recorded,
        problems,
    )


def _string_placement(document: Document, text: str, decoded: Decoded) -> Placement:
    """Where a body written as a string stands in the file, character by character when the
    string is a JSON literal (or a YAML scalar written as it reads)."""
    from bicon_lint.loaders import format_of

    literal = _value_offsets(document, ("body",))
    parsed = decoded.failure is None or decoded.failure.kind == "scalar"
    body = decoded.document if parsed else None
    if literal is None:
        return Placement(document, body, ("body",))
    start, end = literal
    written = document.text[start:end]
    places: list[int] | None
    if format_of(document.path) == "json":
        places = answer_body.string_map(document.text, start, end, text)
    elif written == text:
        places = list(range(start, end + 1))
    elif written[1:-1] == text and written[:1] in ("'", '"'):
        places = list(range(start + 1, end))
    else:
        places = None
    return Placement(document, body, ("body",), literal, places)


def _value_offsets(document: Document, loc: Loc) -> tuple[int, int] | None:
    """The character offsets of the value at ``loc`` in the document's text."""
    locator = document._locator
    if document._index is None and locator is not None:
        found = locator.place(loc, False)
        if found is not None:
            return found
    return document.index().values.get(loc)
