"""Recorded requests: what a connector's handler received, checked against what the portal sends.

A handler's tests feed it requests; these files hold them, and the ``request_*`` rules say which
of them the portal can never send (``bicon_lint.portal_request`` says what it sends).
Two forms are read:

* an envelope ``{"endpoint": "urlData", "request": ...}`` (``"endpoint"`` may be left out; a
  ``"connector"`` path names the connector's payload, as a source payload does, and ``"headers"``
  the request headers). ``"request"`` is the fields as the handler's ``$_POST`` holds them (an
  object; bracket keys such as ``"connection[login]"`` are read as PHP reads them) or the raw body
  text. An envelope with ``"body"`` or ``"status"`` is an endpoint's answer, not a request
  (``bicon_lint.answers``).
* a ``*.form`` file holding the body, which is not a ``biconnector.*`` payload: its keys are
  the portal's (``connection``, ``table``, ``limit``, ...; ``select`` and ``filter`` alone could be
  a list payload's), or a comment before the first pair names the endpoint (``# urlData``; a file
  holding only that comment is the empty body of a source without settings).

Which endpoint, when nothing names it: ``select``/``filter``/``limit``/``mapFields`` → urlData,
``searchString`` → urlTableList, ``table`` (or the old docs' ``name``) → urlTableDescription, else
urlCheck. Each is linted as a ``Request`` with the pseudo-method ``request.<endpoint>``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, NamedTuple
from urllib.parse import quote_plus

from bicon_lint import engine, php
from bicon_lint.loaders.document import Document
from bicon_lint.model import Diagnostic, Loc, Part, Payload, Request, Rule, RunContext, Span
from bicon_lint.portal_request import ENDPOINTS, PortalRequestError, endpoint_name
from bicon_lint.targets import Target

PSEUDO: Final = {name: f"request.{name.lower()}" for name in ENDPOINTS}
UNKNOWN_ENDPOINT: Final = "request.unknown"  # an envelope naming no endpoint bicon-lint knows
RECORDED: Final = frozenset(PSEUDO.values())
BY_PSEUDO: Final = {pseudo: name for name, pseudo in PSEUDO.items()}

# What the portal puts in each endpoint's $data (Rest.php:107-122, 152-154, 208-210, 261-265).
SENT: Final = {
    "urlCheck": ("connection",),
    "urlTableList": ("searchString", "connection"),
    "urlTableDescription": ("table", "connection"),
    "urlData": ("select", "filter", "limit", "connection", "table", "mapFields"),
}
PORTAL_KEYS: Final = frozenset(key for keys in SENT.values() for key in keys)
# Keys no biconnector.* list payload has (select and filter alone could be one).
DISTINCTIVE: Final = PORTAL_KEYS - {"select", "filter"}
# Keys the old docs or the caller's own array name: a .form file holding them is a request too.
KNOWN_MISTAKES: Final = frozenset({"name", "timezone"})
ENVELOPE_KEYS: Final = frozenset({"endpoint", "request", "headers", "connector"})
ANSWER_KEYS: Final = frozenset({"body", "status"})
_ENDPOINT_COMMENT: Final = re.compile(r"[ \t]*#[ \t]*(url[A-Za-z]+|endpoint\.[A-Za-z]+)\b")


class Recorded(NamedTuple):
    endpoint: str | None  # None: the envelope names an endpoint bicon-lint does not know
    params: dict[str | int, Any]  # the fields the handler receives
    prefix: Loc  # where they sit in the file
    envelope: Mapping[
        str, Any
    ]  # "endpoint", "connector", "headers", "raw" (a body text), "problem"
    encoding: str  # "form" (a body) or "json" (an object of fields)
    aliases: Mapping[Loc, Loc] = MappingProxyType({})  # params place -> file place (bracket keys)


def endpoint_of(params: Mapping[Any, Any]) -> str:
    """The endpoint a request's keys fit best."""
    if any(key in params for key in ("select", "filter", "limit", "mapFields")):
        return "urlData"
    if "searchString" in params:
        return "urlTableList"
    if "table" in params or "name" in params:
        return "urlTableDescription"
    return "urlCheck"


def _form_comment(text: str) -> str | None:
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _ENDPOINT_COMMENT.match(line)
        if match is None and not line.lstrip().startswith("#"):
            return None  # the first pair: no comment named an endpoint before it
        if match is not None:
            return match[1]
    return None


def is_request_envelope(value: Any) -> bool:
    """``{"request": ...}`` with at most ``endpoint``, ``headers`` and ``connector`` beside it
    (an answer envelope has ``"body"`` or ``"status"``).

    >>> is_request_envelope({"endpoint": "urlData", "request": "limit=20&table=t"})
    True
    >>> is_request_envelope({"endpoint": "urlData", "status": 200, "body": [], "request": {}})
    False
    """
    return isinstance(value, dict) and "request" in value and set(value) <= ENVELOPE_KEYS


def recognise(document: Document) -> Recorded | None:
    """The recorded request a document holds, or ``None``."""
    value = document.value
    if document.path.lower().endswith((".form", ".urlencoded")) and isinstance(value, dict):
        named = _form_comment(document.text)
        keys = set(map(str, value))
        if named is None and not (keys & DISTINCTIVE and keys <= PORTAL_KEYS | KNOWN_MISTAKES):
            return None
        return _recorded(named, value, (), {}, "form")
    if not is_request_envelope(value):
        return None
    given = value["request"]
    envelope = {key: value[key] for key in ("endpoint", "headers", "connector") if key in value}
    named = value.get("endpoint")
    if isinstance(given, str):
        envelope["raw"] = given
        decoded = _json_body(given)
        if decoded is not None:
            return _recorded(named, decoded, ("request",), envelope, "json")
        return _recorded(named, php.parse_str(given), ("request",), envelope, "form")
    if isinstance(given, dict):
        params, aliases = _bracketed(given)
        return _recorded(named, params, ("request",), envelope, "json", aliases)
    return None


def _recorded(
    named: object,
    params: dict[str | int, Any],
    prefix: Loc,
    envelope: dict[str, Any],
    encoding: str,
    aliases: Mapping[Loc, Loc] = MappingProxyType({}),
) -> Recorded:
    endpoint: str | None = endpoint_of(params)
    if named is not None:
        try:
            endpoint = endpoint_name(named) if isinstance(named, str) else endpoint_name(str(named))
        except PortalRequestError as error:
            endpoint, envelope = None, {**envelope, "problem": str(error)}
    frozen = MappingProxyType(envelope)
    return Recorded(endpoint, params, prefix, frozen, encoding, MappingProxyType(dict(aliases)))


def _json_body(text: str) -> dict[str | int, Any] | None:
    """The fields a handler reading a JSON body would get, when the text is a JSON object."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        decoded = json.loads(text)
    except ValueError:
        return None
    return decoded if isinstance(decoded, dict) else None


def _bracketed(given: dict[Any, Any]) -> tuple[dict[str | int, Any], dict[Loc, Loc]]:
    """An object of fields with bracket keys (``"connection[login]"``) read as PHP reads them."""
    if not any("[" in str(key) for key in given):
        return dict(given), {}
    fields: dict[str | int, Any] = {}
    aliases: dict[Loc, Loc] = {}
    for key, value in given.items():
        if "[" not in str(key) or php.is_array(value):
            fields[key] = value
            continue
        parsed = php.parse_str(f"{quote_plus(str(key))}={quote_plus(php.to_string(value))}")
        for name, inner in parsed.items():
            merged = fields.get(name)
            fields[name] = {**merged, **inner} if isinstance(merged, dict) and isinstance(
                inner, dict
            ) else inner  # fmt: skip
            for loc in _leaves((name,), inner):
                aliases.setdefault(loc, (key,))
    return fields, aliases


def _leaves(loc: Loc, value: Any) -> list[Loc]:
    if not isinstance(value, dict):
        return [loc]
    return [loc, *(leaf for key, item in value.items() for leaf in _leaves((*loc, key), item))]


def method_of(recorded: Recorded) -> str:
    return PSEUDO[recorded.endpoint] if recorded.endpoint else UNKNOWN_ENDPOINT


def lint(
    document: Document,
    recorded: Recorded,
    target: Target,
    rules: Sequence[Rule],
    context: RunContext,
) -> list[Diagnostic]:
    """The ``request_*`` rules' diagnostics on a recorded request (advisory: no server answer)."""
    request = Request(
        method=method_of(recorded),
        params=recorded.params,
        target=target,
        encoding=recorded.encoding,
        path=document.path,
        context=context,
        envelope=recorded.envelope,
        text=document.text,
    )
    prefix, aliases = recorded.prefix, recorded.aliases

    def locate(loc: Loc, part: Part) -> Span | None:
        """A place under a bracket key (``"connection[login]"``) is that key's."""
        inner = loc[len(prefix) :]
        for length in range(len(inner), 0, -1):
            alias = aliases.get(inner[:length])
            if alias is not None:
                return document.locate(
                    (*prefix, *alias), part if length == len(inner) else Part.KEY
                )
        return document.locate(loc, part)

    return list(engine.run(request, rules, locate=locate, prefix=recorded.prefix).diagnostics)


def payload(document: Document) -> Payload | None:
    """A recorded request as a payload of the run (its checks may read the connector's)."""
    found = recognise(document) if document.lintable else None
    if found is None:
        return None
    return Payload(document.path, method_of(found), found.params, found.envelope)


def needs_run(payload: Payload) -> bool:
    """Does a recorded request name a connector payload, which only the run can give?"""
    envelope = payload.envelope
    return payload.method in RECORDED and isinstance(envelope, Mapping) and "connector" in envelope


# --------------------------------------------------------------------------------------------
# What the request_* rules read
# --------------------------------------------------------------------------------------------


def endpoint(request: Request) -> str:
    """The endpoint a recorded request was sent to (``""`` for an unknown one)."""
    return BY_PSEUDO.get(request.method, "")


def fields(request: Request) -> dict[str | int, Any]:
    return request.params if isinstance(request.params, dict) else {}
