"""The connector a source payload belongs to, found among the other payloads of the same run.

Two ways to name it (the server finds it by ``connectorId``: ``Source::addEntity``,
``biconnector/lib/Rest/Source.php``): a ``source.add`` whose ``connectorId`` equals the ``id`` of
a ``connector.update`` payload of the run, or, for a connector that has no id yet (a
``connector.add`` file), an explicit reference in the source's envelope, next to ``method`` and
``params``: ``"connector": "<path of the connector's payload file, relative to this file>"``.
The run's connector payloads include those of the files the configuration's ``connectors`` names
(read, never reported on: ``runner._configured``). Only a connector payload that sends
``settings`` declares setting codes; the codes are compared
as the server compares them, as PHP array keys (``"5"`` and ``5`` are one key).
"""

import os
from typing import Any, Final, NamedTuple

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_ADD, CONNECTOR_UPDATE, lookup, named
from bicon_lint.model import Payload, Request
from bicon_lint.targets import Target

REFERENCE: Final = "connector"  # the envelope key
# The methods whose checks look at the connector payloads of the run (``find``).
CONSULTED_BY: Final = named("source", "add", "update")
# The methods of the payloads ``find`` reads (``summary`` keeps what it needs of them).
SUMMARISED: Final = (CONNECTOR_ADD, CONNECTOR_UPDATE)


class Declared(NamedTuple):
    """A connector's settings as a payload of the run declares them: code (array key) → name."""

    label: str
    settings: dict[str | int, str]


class Found(NamedTuple):
    connector: Declared | None = None
    missing: str | None = None  # an envelope reference that names no connector payload of the run


def summary(payload: Payload) -> Payload | None:
    """What ``find`` reads of a connector payload (its ``id`` and ``fields.settings``), or ``None``
    for any other payload: the part of a file a run keeps for the other files' checks.

    >>> summary(Payload("c.json", CONNECTOR_UPDATE, {"id": 4, "fields": {"title": "T"}})).params
    {'id': 4, 'fields': {}}
    """
    if payload.method not in SUMMARISED:
        return None
    params = payload.params
    if not isinstance(params, dict):
        return Payload(payload.path, payload.method, {})
    kept: dict[str, Any] = {"id": params["id"]} if "id" in params else {}
    given = params.get("fields")
    if isinstance(given, dict):
        kept["fields"] = {"settings": given["settings"]} if "settings" in given else {}
    return Payload(payload.path, payload.method, kept)


def _normal(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _declared(payload: Payload, label: str, target: Target) -> Declared | None:
    params = payload.params
    given = params.get("fields") if isinstance(params, dict) else None
    settings = given.get("settings") if isinstance(given, dict) else None
    if not php.is_array(settings):
        return None
    declared: dict[str | int, str] = {}
    for position, (_key, raw) in enumerate(access.setting_entries(settings, target)):
        item = access.SettingItem(position, (), raw, target)
        if item.complete and not php.is_array(code := item.value("CODE")):
            name = item.value("NAME")
            declared[php.array_key(php.to_string(code))] = (
                "" if php.is_array(name) else php.to_string(name)
            )
    return Declared(label, declared)


def _by_reference(request: Request, reference: Any) -> Found:
    if isinstance(reference, str) and request.path is not None:
        wanted = _normal(os.path.join(os.path.dirname(request.path), reference))
        for payload in request.context.of_method(CONNECTOR_ADD, CONNECTOR_UPDATE):
            if _normal(payload.path) == wanted:
                return Found(_declared(payload, f"the connector of {payload.path}", request.target))
    return Found(missing=php.to_string(reference) if not php.is_array(reference) else "(an array)")


def find(request: Request) -> Found:
    """The connector of a ``source.*`` request, when the run holds its payload."""
    if REFERENCE in request.envelope:
        return _by_reference(request, request.envelope[REFERENCE])
    given = access.fields(request)
    method = lookup(request.method)
    if given is None or method is None or method.action != "add":
        return Found()
    connector_id = given.get("connectorId")
    if not php.is_positive_id(connector_id):
        return Found()
    wanted = php.int_cast(connector_id)
    for payload in request.context.of_method(CONNECTOR_UPDATE):
        params = payload.params
        sent = params.get("id") if isinstance(params, dict) else None
        if php.is_positive_id(sent) and php.int_cast(sent) == wanted:
            declared = _declared(payload, f"connector {wanted} ({payload.path})", request.target)
            if declared is not None:
                return Found(declared)
    return Found()
