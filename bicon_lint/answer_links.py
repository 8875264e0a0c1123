"""What an endpoint answer is checked against among the other files of the same run.

An answer file's envelope records the request the portal sent (``{"endpoint": "urlData",
"status": 200, "request": {"table": "deals", "limit": "20", "connection": {...}}, "body": ...}``:
the fields as an object, bracket keys such as ``"connection[token]"`` too, or the form body):

* the **table** is the request's ``table`` (``table=<code>`` to urlTableDescription and urlData,
  ``Rest::getDescription``/``getData``, ``biconnector/lib/ExternalSource/Source/Rest.php``), or
  an envelope key ``"table"`` where the envelope passes one. An
  urlData answer and an urlTableDescription answer of one table, and a ``dataset.add`` /
  ``table.add`` payload whose ``externalCode`` is that table code (the portal sends the dataset's
  ``EXTERNAL_CODE`` as ``table``, ``Dataset/Connector/Rest.php:54``), are compared. Without a table
  name nothing is compared: a guess would compare unrelated tables.
* the **connector** is the one connector payload of the run that declares settings (or the
  payload an envelope key ``"connector"`` names, a path relative to the answer's file, where the
  envelope passes one), for the ``connection[...]`` codes of the recorded request.

The runner defers the answers that record a request (``needs_context``) until it has read the
payloads they are compared with (``SUMMARISED``, kept by ``summary``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any, Final, NamedTuple
from urllib.parse import quote_plus

from bicon_lint import access, answers, php
from bicon_lint.methods import CONNECTOR_ADD, CONNECTOR_UPDATE, named
from bicon_lint.model import Payload, Request
from bicon_lint.targets import Target

# the pseudo-methods of the answers (bicon_lint.answers)
URLCHECK: Final = answers.URL_CHECK
URLTABLELIST: Final = answers.URL_TABLE_LIST
URLTABLEDESCRIPTION: Final = answers.URL_TABLE_DESCRIPTION
URLDATA: Final = answers.URL_DATA
ENDPOINTS: Final = frozenset({URLCHECK, URLTABLELIST, URLTABLEDESCRIPTION, URLDATA})
DATASET_ADD: Final = named("dataset", "add")

# The runner keeps these payloads (``summary``) for the answers' checks, and defers the answers.
SUMMARISED: Final = DATASET_ADD | {URLTABLEDESCRIPTION}
CONSULTED_BY: Final = ENDPOINTS

# ExternalSource/FieldType.php:5-14; ``timezone`` since 2026-04-17
FIELD_TYPES: Final = frozenset({"int", "string", "double", "date", "datetime", "money"})
# 25.300.0: Rest::mapType keeps these exact upper-case names, anything else is STRING
V0_TYPES: Final = frozenset(
    {"STRING", "BOOLEAN", "DATE", "DATETIME", "INT", "DOUBLE", "ARRAY_STRING", "MAP_STRING"}
)


def field_types(target: Target) -> frozenset[str]:
    return FIELD_TYPES | {"timezone"} if target >= Target.V2026_04 else FIELD_TYPES


class Column(NamedTuple):
    key: str | int  # the PHP array key the preview reads the column's values under
    code: str  # as written, for messages
    type: str | None  # the FieldType value the preview converts by; None: no conversion known


class Columns(NamedTuple):
    label: str  # where they come from, for messages
    table: str
    items: tuple[Column, ...]


def recorded(envelope: Any) -> dict[str | int, Any]:
    """The recorded request's fields as the endpoint's ``$_POST`` holds them."""
    given = envelope.get("request") if isinstance(envelope, Mapping) else None
    if isinstance(given, str):
        return php.parse_str(given)
    if not isinstance(given, dict):
        return {}
    fields: dict[str | int, Any] = {k: v for k, v in given.items() if "[" not in str(k)}
    flat = [f"{quote_plus(str(k))}={quote_plus(php.to_string(v))}" for k, v in given.items()
            if "[" in str(k) and not php.is_array(v)]  # fmt: skip
    for key, value in php.parse_str("&".join(flat)).items():
        if isinstance(value, dict) and isinstance(fields.get(key), dict):
            fields[key] = {**fields[key], **value}
        else:
            fields[key] = value
    return fields


def table_of(envelope: Any) -> str | None:
    if not isinstance(envelope, Mapping):
        return None
    named_table = envelope.get("table")
    if isinstance(named_table, str):
        return named_table
    sent = recorded(envelope).get("table")
    return sent if isinstance(sent, str) else None


def summary(payload: Payload) -> Payload | None:
    """What the answers' checks read of a payload (``None``: nothing): a ``dataset.add`` /
    ``table.add`` payload's table code and columns, an urlTableDescription answer's columns and
    its envelope's table, request and connector (not its body text)."""
    if payload.method in DATASET_ADD:
        given = payload.params.get("fields") if isinstance(payload.params, dict) else None
        kept = {k: v for k, v in given.items() if k in ("externalCode", "fields")} if (
            isinstance(given, dict)) else {}  # fmt: skip
        return Payload(payload.path, payload.method, {"fields": kept})
    if payload.method == URLTABLEDESCRIPTION:
        envelope = payload.envelope if isinstance(payload.envelope, Mapping) else {}
        kept_envelope = {k: envelope[k] for k in ("table", "request", "connector") if k in envelope}
        return Payload(payload.path, payload.method, payload.params, kept_envelope)
    return None


def answer_payload(path: str, value: Any) -> Payload | None:
    """An answer envelope's payload for the run (``{"endpoint": ..., "body": ..., ...}``, as
    ``answers.is_envelope`` knows it), or ``None``. The params are the body, decoded from a string body
    only for an urlTableDescription answer (the only one whose body other files read)."""
    if not answers.is_envelope(value) or not isinstance(value["endpoint"], str):
        return None
    if "body" not in value:  # answers.py reports the envelope; nothing of it is linted
        return None
    try:
        method = answers.ENDPOINTS[answers.check_endpoint(value["endpoint"])]
    except answers.UnknownEndpointError:
        return None
    body = value.get("body")
    if method == URLTABLEDESCRIPTION and isinstance(body, str):
        from bicon_lint.loaders.json_loader import load_json

        body = load_json(body, path).value
    envelope = {key: item for key, item in value.items() if key != "body"}
    return Payload(path, method, body if method == URLTABLEDESCRIPTION else None, envelope)


def needs_context(payload: Payload) -> bool:
    """Can the answer's checks find anything in the run's other files: does its envelope name a
    table, a recorded request or a connector? (An answer that names none is linted at once.)"""
    envelope = payload.envelope
    return isinstance(envelope, Mapping) and any(
        key in envelope for key in ("table", "request", "connector")
    )


def map_type(raw: Any, target: Target) -> str | None:
    """The column type the preview converts by, from an urlTableDescription ``type``
    (``Rest::mapType``, ``Rest.php:413-423``; its 25.300.0 version, then the viewer's
    ``FieldType::tryFrom(mb_strtolower(TYPE))``, ``Viewer/Provider/Rest.php:47-51``); ``None`` for
    an array, which ``mapType(string)`` refuses with a TypeError."""
    if php.is_array(raw):
        return None
    text = php.to_string(raw)
    if target < Target.V2025_07:
        lowered = text.lower() if text in V0_TYPES else "string"
        return lowered if lowered in FIELD_TYPES else "string"
    lowered = text.lower()
    return lowered if lowered in field_types(target) else "string"


def described(params: Any, target: Target) -> tuple[Column, ...] | None:
    """The columns of an urlTableDescription answer, or ``None`` when the portal refuses it
    (``Rest::getDescription``: ``!$columns``, and since 2025-07 ``checkTableDescription``) or fails
    on it (an array ``type``)."""
    if php.empty(params) or not php.is_array(params):
        return None
    columns: list[Column] = []
    for _key, item in php.items(params):
        if not isinstance(item, dict):
            return None
        needed = ("code", "name", "type") if target >= Target.V2025_07 else ("code", "type")
        if any(php.empty(item.get(field)) for field in needed):
            return None
        code, kind = item["code"], map_type(item["type"], target)
        if php.is_array(code) or kind is None:
            return None
        columns.append(Column(key_of(code), php.to_string(code), kind))
    return tuple(columns)


def key_of(value: Any) -> str | int:
    """The array key PHP makes of a scalar (``array_combine``, ``$row[$code]``): ``"5"`` and ``5``
    are one key, ``1.5`` is ``"1.5"``, ``true`` is ``1``, ``null`` is ``""``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return php.array_key(php.to_string(value))


def _dataset_table(payload: Payload) -> tuple[Any, Any] | None:
    given = payload.params.get("fields") if isinstance(payload.params, dict) else None
    if not isinstance(given, dict):
        return None
    converted = {php.convert_key(key): value for key, value in given.items()}
    return converted.get("EXTERNAL_CODE"), converted.get("FIELDS")


def dataset_columns(request: Request, table: str) -> Columns | None:
    """The columns of the run's first ``dataset.add`` / ``table.add`` payload for ``table``."""
    types = field_types(request.target)
    for payload in request.context.of_method(*DATASET_ADD):
        found = _dataset_table(payload)
        if found is None or php.is_array(found[0]) or php.to_string(found[0]) != table:
            continue
        columns: list[Column] = []
        for _key, item in php.items(found[1]):
            if not isinstance(item, dict):
                continue
            cells = {php.convert_key(key): value for key, value in item.items()}
            code, kind = cells.get("EXTERNAL_CODE"), cells.get("TYPE")
            if code is None or php.is_array(code):
                continue
            shown = kind if isinstance(kind, str) and kind in types else None
            columns.append(Column(key_of(code), php.to_string(code), shown))
        label = f"the {payload.method.rsplit('.', 1)[0].split('.')[-1]}.add payload {payload.path}"
        return Columns(label, table, tuple(columns))
    return None


def description_columns(request: Request, table: str) -> Columns | None:
    """The columns of the run's first usable urlTableDescription answer for ``table``."""
    for payload in request.context.of_method(URLTABLEDESCRIPTION):
        if table_of(payload.envelope) != table:
            continue
        columns = described(payload.params, request.target)
        if columns is not None:
            label = f"the urlTableDescription answer {payload.path}"
            return Columns(label, table, columns)
    return None


class Declared(NamedTuple):
    label: str
    codes: dict[str | int, str]  # setting code (array key) -> its name


def _declared(payload: Payload, target: Target) -> Declared | None:
    params = payload.params
    given = params.get("fields") if isinstance(params, dict) else None
    settings = given.get("settings") if isinstance(given, dict) else None
    if not php.is_array(settings):
        return None
    codes: dict[str | int, str] = {}
    for position, (_key, raw) in enumerate(access.setting_entries(settings, target)):
        item = access.SettingItem(position, (), raw, target)
        if item.complete and not php.is_array(code := item.value("CODE")):
            name = item.value("NAME")
            codes[php.array_key(php.to_string(code))] = (
                "" if php.is_array(name) else php.to_string(name)
            )
    return Declared(f"the connector of {payload.path}", codes)


def _normal(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _connectors(request: Request) -> Iterator[Payload]:
    return request.context.of_method(CONNECTOR_ADD, CONNECTOR_UPDATE)


def connector_of(request: Request) -> tuple[Declared | None, str | None]:
    """The connector whose settings an answer's recorded request carries, and the envelope's
    reference when it names no connector payload of the run."""
    reference = request.envelope.get("connector") if isinstance(request.envelope, Mapping) else None
    if reference is not None:
        if isinstance(reference, str) and request.path is not None:
            wanted = _normal(os.path.join(os.path.dirname(request.path), reference))
            for payload in _connectors(request):
                if _normal(payload.path) == wanted:
                    return _declared(payload, request.target), None
        return None, "(an array)" if php.is_array(reference) else php.to_string(reference)
    declaring = [found for p in _connectors(request) if (found := _declared(p, request.target))]
    return (declaring[0] if len(declaring) == 1 else None), None
