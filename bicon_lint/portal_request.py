"""The exact request the portal posts to a connector's endpoint.

All four endpoints are called through ``Rest::query()`` (``ExternalSource/Source/Rest.php:334-355``
in yuliai/bitrix-modules ``a3a2a579``): ``HttpClient::post($url, $data)``, which encodes the
``$data`` array with ``http_build_query($data, '', '&')`` (``main/lib/web/http/formstream.php:15-18``;
here :func:`bicon_lint.php.build_query`) and adds its default headers (``main/lib/web/httpclient.php:816-887``).
What ``$data`` holds:

* urlCheck (``Rest.php:96-130``): ``connection`` only.
* urlTableList (``:142-160``): ``searchString`` (the picker's query, always a string), ``connection``.
* urlTableDescription (``:201-210``): ``table``, ``connection``.
* urlData (``:249-268``): from a BI Builder query ``select``, ``filter``, ``limit`` (``timezone``,
  added in 2026-04, is dropped by ``array_intersect_key``), or in the dataset preview only
  ``limit = 20`` (``Viewer/Provider/Rest.php:12, 56``); then ``connection``, ``table`` and, since
  2026-01, ``mapFields`` (``getMapFields``, ``:456-461``: every ``externalCode => NAME`` of the
  datasets with this table code, only those whose NAME is in ``select`` when there is one).

``connection`` is ``code => value`` for the source's stored settings (``fillConnectionSettings``,
``:442-454``): only the codes the connector declares, in the connector's order, each value trimmed
(``SourceManager.php:512-554``). Only the urlCheck made by ``biconnector.source.add``/``update``
receives the settings as the app sent them (``Rest/Source.php:389-447``): ``raw_settings=True``.
``null`` and empty arrays are left out of the body, so a source without settings sends no
``connection`` at all and its urlCheck is an empty body.
"""

from __future__ import annotations

import base64
import contextlib
import difflib
import shlex
from collections.abc import Mapping, Sequence
from typing import Any, Final, NamedTuple
from urllib.parse import urlsplit

from bicon_lint import access, php
from bicon_lint.bi_filter import BiFilter, encode
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.targets import DEFAULT_TARGET, Target

ENDPOINTS: Final = ("urlCheck", "urlTableList", "urlTableDescription", "urlData")
PREVIEW_LIMIT: Final = 20  # Viewer/Provider/Rest.php:12 N_FIRST
MAP_FIELDS_SINCE: Final = Target.V2026_01  # Rest.php:264-265 since 2026-01-16
PHP_TRIM: Final = " \t\n\r\0\x0b"
CONTENT_TYPE: Final = "application/x-www-form-urlencoded"  # no charset (httpclient.php:864-876)

# What the portal does when the connector has no such URL (``!$connector->getUrl…()``).
NO_URL: Final = {
    "urlCheck": 'no call; the check fails with "Connection check URL is not specified." '
    "(BICONNECTOR_REST_CONNECTION_ERROR_EMPTY_CHECK_URL, Rest.php:100-105)",
    "urlTableList": 'no call; the picker shows "Data source URL is not specified." '
    "(BICONNECTOR_REST_CONNECTION_ERROR_EMPTY_DATA_URL, Rest.php:145-150)",
    "urlTableDescription": "no call; the description is empty (Rest.php:203-206)",
    "urlData": 'no call; "Data source URL is not specified." '
    "(BICONNECTOR_REST_CONNECTION_ERROR_EMPTY_DATA_URL, Rest.php:256-259)",
}


class PortalRequest(NamedTuple):
    url: str
    fields: dict[str, Any]  # the portal's $data array (empty arrays kept; the body omits them)
    body: str  # http_build_query($data, '', '&')
    headers: dict[str, str]


class PortalRequestError(ValueError):
    """A request the portal cannot make: the message says why."""


def endpoint_name(text: str) -> str:
    """The endpoint a name means: any case, with or without ``url`` or ``endpoint.``.

    >>> endpoint_name("urldata"), endpoint_name("endpoint.urlTableList"), endpoint_name("check")
    ('urlData', 'urlTableList', 'urlCheck')
    """
    wanted = text.strip().lower().removeprefix("endpoint.")
    for name in ENDPOINTS:
        if wanted in (name.lower(), name.lower().removeprefix("url")):
            return name
    close = difflib.get_close_matches(wanted, [name.lower() for name in ENDPOINTS], n=1)
    hint = next((name for name in ENDPOINTS if close and name.lower() == close[0]), None)
    suggestion = f"did you mean {hint!r}? " if hint else ""
    raise PortalRequestError(
        f"unknown endpoint {text!r}: {suggestion}(known: {', '.join(ENDPOINTS)})"
    )


def connector_fields(connector: Mapping[str, Any]) -> Mapping[Any, Any]:
    """The connector's ``fields``: from an envelope, from ``connector.add``/``update`` params, or
    the fields themselves."""
    value: Any = connector
    if isinstance(value, Mapping) and isinstance(value.get("params"), Mapping):
        value = value["params"]
    if isinstance(value, Mapping) and isinstance(value.get("fields"), Mapping):
        value = value["fields"]
    return value if isinstance(value, Mapping) else {}


def declared_codes(fields: Mapping[Any, Any], target: Target) -> list[str | int] | None:
    """The setting codes the connector declares, in its order (as PHP array keys); ``None`` when
    the payload does not send ``settings`` (a ``connector.update`` that keeps them)."""
    settings = fields.get("settings")
    if not php.is_array(settings):
        return None
    codes: list[str | int] = []
    for position, (_key, raw) in enumerate(access.setting_entries(settings, target)):
        item = access.SettingItem(position, (), raw, target)
        if item.complete and not php.is_array(code := item.value("CODE")):
            key = php.array_key(php.to_string(code))
            if key not in codes:
                codes.append(key)
    return codes


def connection(
    fields: Mapping[Any, Any],
    settings: Mapping[str, Any],
    target: Target,
    *,
    raw_settings: bool = False,
) -> dict[str | int, Any]:
    """``connection``: the stored settings (declared codes, connector order, trimmed), or with
    ``raw_settings`` the settings exactly as ``source.add``/``update`` passed them."""
    if raw_settings:
        return {php.array_key(str(code)): value for code, value in settings.items()}
    given = {php.array_key(str(code)): value for code, value in settings.items()}
    declared = declared_codes(fields, target)
    if declared is None:
        declared = list(given)  # the payload keeps the connector's settings: order as given
    undeclared = [str(code) for code in given if code not in declared]
    if undeclared:
        known = ", ".join(str(code) for code in declared) or "none"
        raise PortalRequestError(
            f"the connector declares no setting {', '.join(map(repr, undeclared))} (it declares: "
            f"{known}): the portal stores only declared codes and never sends the others "
            "(SourceManager.php:529-546)"
        )
    return {
        code: _stored(given[code])
        for code in declared
        if code in given and given[code] is not None  # isset(): a null value is not stored
    }


def _stored(value: Any) -> str:
    if php.is_array(value):
        raise PortalRequestError("a stored setting value is a string, not an array")
    return php.to_string(value).strip(PHP_TRIM)


def build(
    endpoint: str,
    connector: Mapping[str, Any],
    settings: Mapping[str, Any],
    *,
    table: str | None = None,
    select: Sequence[str] = (),
    filter: BiFilter | Mapping[Any, Any] | None = None,
    limit: int | None = None,
    target: Target | str = DEFAULT_TARGET,
    search: str = "",
    map_fields: Mapping[str, str] | None = None,
    raw_settings: bool = False,
) -> PortalRequest:
    """The request the portal posts to ``endpoint`` of ``connector`` for a source holding
    ``settings``. Raises :class:`PortalRequestError` for a request the portal cannot make.

    ``select`` makes a BI Builder urlData request (``filter`` and ``limit`` with it; a
    :class:`~bicon_lint.bi_filter.BiFilter` is encoded as the portal encodes it, a mapping is sent
    as it is); without it urlData is the dataset preview (``limit`` 20). ``map_fields`` is every
    ``externalCode -> NAME`` of the datasets with this table code (sent since 2026-01).

    >>> build("urlTableDescription", {"urlTableDescription": "https://c.example/d"},
    ...       {}, table="deals").body
    'table=deals'
    """
    name = endpoint_name(endpoint)
    resolved = Target.parse(target) if isinstance(target, str) else target
    fields = connector_fields(connector)
    url = fields.get(name)
    if isinstance(url, str) and type(url) is not str:  # extract.build.Unknown: a program's value
        raise PortalRequestError(f"the {name} URL is computed at run time ({url}): write it out")
    if not isinstance(url, str) or php.empty(url):
        raise PortalRequestError(
            f"the connector has no {name} URL: the portal makes {NO_URL[name]}"
        )
    _check_parts(name, table, select, filter, limit, map_fields, raw_settings)
    data: dict[str, Any] = {}
    if name == "urlTableList":
        data["searchString"] = search
    elif name == "urlTableDescription":
        data["table"] = table
    elif name == "urlData":
        data.update(_query(select, filter, limit, resolved))
    data["connection"] = connection(fields, settings, resolved, raw_settings=raw_settings)
    if name == "urlData":
        data["table"] = table
        if resolved >= MAP_FIELDS_SINCE:
            data["mapFields"] = _map_fields(map_fields or {}, select)
    body = php.build_query(data)
    return PortalRequest(url, data, body, headers(url, body))


def _check_parts(
    name: str,
    table: str | None,
    select: Sequence[str],
    filter: object,
    limit: int | None,
    map_fields: Mapping[str, str] | None,
    raw_settings: bool,
) -> None:
    """Refuse what the portal never sends to ``name``."""
    tabled = name in ("urlTableDescription", "urlData")
    if tabled and table is None:
        raise PortalRequestError(f"{name} is always called for a table: give its code (table)")
    if not tabled and table is not None:
        raise PortalRequestError(
            f"table is sent only to urlTableDescription and urlData, not {name}"
        )
    if name != "urlData" and (select or filter is not None or limit is not None or map_fields):
        raise PortalRequestError(
            f"select, filter, limit and mapFields are sent only to urlData, not {name}"
        )
    if raw_settings and name != "urlCheck":
        raise PortalRequestError(
            "raw settings reach only urlCheck, when biconnector.source.add/update checks them"
        )


def _query(
    select: Sequence[str],
    filter: BiFilter | Mapping[Any, Any] | None,
    limit: int | None,
    target: Target,
) -> dict[str, Any]:
    """``select``, ``filter``, ``limit`` of a BI Builder query, or the preview's ``limit``."""
    if not select:
        if filter is not None:
            raise PortalRequestError(
                "a filter comes only with a BI Builder query, which has select"
            )
        if limit not in (None, PREVIEW_LIMIT):
            raise PortalRequestError(
                f"the dataset preview always asks for {PREVIEW_LIMIT} rows "
                "(Viewer/Provider/Rest.php:12); a BI Builder query (with select) passes its own limit"
            )
        return {"limit": PREVIEW_LIMIT}
    if limit is None:
        raise PortalRequestError(
            "a BI Builder query always sends limit (the value the BI client asks for): give it"
        )
    where = encode(filter, target) if isinstance(filter, BiFilter) else dict(filter or {})
    return {"select": list(select), "filter": where, "limit": limit}


def _map_fields(map_fields: Mapping[str, str], select: Sequence[str]) -> dict[str, str]:
    """``$select ? array_intersect($mapFields, $select) : $mapFields`` (values compared as strings)."""
    if not select:
        return dict(map_fields)
    wanted = {php.to_string(item) for item in select}
    return {code: name for code, name in map_fields.items() if php.to_string(name) in wanted}


def headers(url: str, body: str) -> dict[str, str]:
    """The headers ``HttpClient::buildRequest`` sends (``httpclient.php:816-887``), in its order:
    ``Host`` is the host alone, without the port; no ``User-Agent``; no charset."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    host = host[: host.find("]") + 1] if host.startswith("[") else host.partition(":")[0]
    if not host.isascii():
        with contextlib.suppress(UnicodeError):  # the portal's conversion fails too: kept
            host = host.encode("idna").decode("ascii")
    made = {"Host": host, "Connection": "close", "Accept": "*/*", "Accept-Language": "en"}
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    if userinfo:
        made["Authorization"] = "Basic " + base64.b64encode(userinfo.encode()).decode("ascii")
    made["Content-Type"] = CONTENT_TYPE
    made["Content-Length"] = str(len(body.encode("utf-8")))
    return made


# Headers curl writes itself.
_CURL_OWN: Final = frozenset({"Content-Length"})


def as_curl(request: PortalRequest) -> str:
    """A ``curl`` command that sends what the portal sends: the same body and headers (``Host``
    without a port when the URL has one, no ``User-Agent``), POST kept on a 301 and turned into
    GET on 302/303, at most 5 redirects, http(s) only, connect timeout 250 s, and the 60 s read
    timeout as curl's low-speed limit (``main/lib/web/http/curl/handler.php:83-85``).

    >>> print(as_curl(PortalRequest("https://c.example/check", {}, "", headers("https://c.example/check", ""))))
    curl --silent --show-error --request POST https://c.example/check \\
      --header 'Host: c.example' \\
      --header 'Connection: close' \\
      --header 'Accept: */*' \\
      --header 'Accept-Language: en' \\
      --header 'Content-Type: application/x-www-form-urlencoded' \\
      --header 'User-Agent:' \\
      --data-raw '' \\
      --location --max-redirs 5 --post301 --proto =http,https --proto-redir =http,https \\
      --connect-timeout 250 --speed-limit 1 --speed-time 60
    """
    lines = [f"curl --silent --show-error --request POST {shlex.quote(request.url)}"]
    for name, value in request.headers.items():
        if name not in _CURL_OWN:
            lines.append(f"  --header {shlex.quote(f'{name}: {value}')}")
    lines.append("  --header 'User-Agent:'")
    lines.append(f"  --data-raw {shlex.quote(request.body)}")
    lines.append(
        "  --location --max-redirs 5 --post301 --proto =http,https --proto-redir =http,https"
    )
    lines.append("  --connect-timeout 250 --speed-limit 1 --speed-time 60")
    return " \\\n".join(lines)


def load_connector(
    path: str, *, method: str | None = None, target: Target = DEFAULT_TARGET
) -> Mapping[Any, Any]:
    """The fields of the one ``connector.add``/``update`` payload a file holds, in any form
    ``bicon-lint check`` reads (an envelope, bare params with ``method``, a form body, a batch
    command, a call in a program). Raises ``LoadError`` for a file that cannot be read and
    :class:`PortalRequestError` for one that holds no such payload, or several."""
    from bicon_lint.api import source_payloads
    from bicon_lint.batch import find_batch
    from bicon_lint.identify import identify_document
    from bicon_lint.loaders import load_path
    from bicon_lint.loaders.source_loader import source_kind_of

    document = load_path(path)
    if not document.lintable:
        why = document.problems[0].message if document.problems else "it cannot be read"
        raise PortalRequestError(f"{path}: {why}")
    found: list[tuple[str, Any]]
    if source_kind_of(document) is not None:
        found = [(payload.method, payload.params) for payload in source_payloads(document)]
    elif (batch := find_batch(document)) is not None:
        found = [(command.method, command.params) for command in batch.commands]
    else:
        known = identify_document(document, method, target, infer=True)
        found = [(known.method, known.params)] if known and known.method else []
    connectors = [params for name, params in found if name.strip().lower() in CONNECTOR_WRITE]
    if len(connectors) != 1:
        what = "no" if not connectors else f"{len(connectors)}"
        hint = "" if method or connectors else " (bare params? pass --method)"
        raise PortalRequestError(
            f"{path}: {what} biconnector.connector.add/update payloads{hint}; give a file with one"
        )
    return connector_fields(connectors[0] if isinstance(connectors[0], Mapping) else {})
