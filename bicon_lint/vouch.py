"""Facets: cheap predicates over a request that vouch for whole groups of rules.

A request of a typical integration is valid, and most of the default rules then look at it one by
one to find nothing. A facet is a tight loop over one part of the request (the ``id``, the
top-level keys, the ``fields`` object, the connector's ``settings`` list, its endpoint URLs, a
table's columns, a list call's ``select``, ``filter`` and ``order``) that holds only when that part
has the common, valid shape; when it holds, every rule it names is known to find nothing there, and
the engine does not run them (``engine.run``). A facet that fails costs only its own check: the
rules run as always. Facets are independent, so a mistake in ``fields`` still lets the ``id`` and
``settings`` facets skip their rules.

Facets vouch only for the registered rules (``bicon_lint.rules.RULES``, by identity): a rule made
elsewhere, even under the same name, always runs. Rules that report on valid payloads or need the
other files of a run (``update-settings-replace``, ``source-active``, the logo and secret rules,
``source-connector-exists``, ``source-settings-keys``) are in no facet; ``endpoint-host`` (which
notes endpoints on two hosts) is skipped only where every endpoint is on one public host. A call
with values known only at run time (``engine.Unknowns``) gets no facet.

tests/test_vouch.py proves each facet: wherever it holds, on every rule fixture, server vector,
benchmark payload and generated payload, each rule it names finds nothing (run directly); and
every report is the same with the facets off (``ENABLED``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Final, NamedTuple

from bicon_lint import endpoints, orm, php
from bicon_lint.contract import SETTING_TEXT_MAX, fields_of, setting_types
from bicon_lint.methods import lookup, params_read
from bicon_lint.model import Request, Rule
from bicon_lint.targets import Target

ENABLED = True  # tests turn the facets off to compare every report with the general path's


class Facet(NamedTuple):
    name: str
    holds: Callable[[Request], bool]
    rules: frozenset[str]  # the names of the registered rules it vouches for


Check = Callable[[Any], bool]

# An id written as PHP's (int) gives it back, positive and within 64 bits: 1 to 18 digits.
_CANONICAL_ID: Final = re.compile(r"[1-9][0-9]{0,17}")
_DIGITS: Final = re.compile(r"[0-9]{1,18}")
# A plain settings item's code (``access.is_plain``).
_PLAIN_CODE: Final = re.compile(r"[A-Za-z0-9_.\-]{1,512}")


def _positive_id(value: Any) -> bool:
    """A positive integer within PHP's range, or its canonical decimal string: the id checks
    accept it and use it as written (no cast changes it)."""
    kind = type(value)
    if kind is int:
        return bool(0 < value <= php.INT_MAX)
    return kind is str and _CANONICAL_ID.fullmatch(value) is not None


@lru_cache(maxsize=1)
def _registry() -> dict[str, Rule]:
    from bicon_lint.rules import RULES  # the registry imports the rules, which import the engine

    return {rule.spec.name: rule for rule in RULES}


def registered(name: str) -> Rule | None:
    """The registered rule called ``name``: the only rule object a facet vouches for."""
    return _registry().get(name)


@lru_cache(maxsize=256)
def facets(method: str, target: Target) -> tuple[Facet, ...]:
    """The facets of ``method`` (as the REST core reads the name) on ``target``."""
    known = lookup(method)
    if known is None:
        return ()
    entity, action = known.entity, known.action
    found: list[Facet] = [_params_facet(method)]
    if action in ("update", "get", "delete", "fields.update"):
        found.append(_id_facet())
    if action in ("add", "update"):
        found.append(_fields_facet(entity, action, target))
    if entity == "connector" and action in ("add", "update"):
        found.append(_settings_facet(target))
        found.append(_endpoints_facet())
        found.append(_hosts_facet())
    if entity in ("dataset", "table") and action in ("add", "fields.update"):
        found.append(_columns_facet(action, target))
    if action == "list":
        found.append(_list_facet(entity, target))
    return tuple(found)


def _fields(request: Request) -> dict[Any, Any] | None:
    """The ``fields`` object of the params, if both are objects."""
    params = request.params
    if type(params) is not dict:
        return None
    fields = params.get("fields")
    return fields if type(fields) is dict else None


# --- top-level keys, id ---------------------------------------------------------------------------


def _params_facet(method: str) -> Facet:
    """Every top-level key is one the method reads: ``params-known`` has nothing to say."""
    read = frozenset(params_read(method) or ())

    def holds(request: Request) -> bool:
        params = request.params
        return type(params) is dict and read.issuperset(params)

    return Facet("params", holds, frozenset({"params-known"}))


def _id_facet() -> Facet:
    """``id`` is a positive integer (or its canonical string): present, of the right format, and
    used as written."""

    def holds(request: Request) -> bool:
        params = request.params
        return type(params) is dict and "id" in params and _positive_id(params["id"])

    return Facet("id", holds, frozenset({"id-required", "id-format", "id-coerced"}))


# --- fields ---------------------------------------------------------------------------------------


def _fields_facet(entity: str, action: str, target: Target) -> Facet:
    """``fields`` is a non-empty object of writable fields (no read-only one; no immutable one on
    an update), each of the exact Python type of its row within the lengths the save checks, and
    on ``add`` every required field present."""
    from bicon_lint.rules import (
        dataset_name_format,
        dataset_name_length,
        save_length,
        save_required,
        save_text_bytes,
        source_save_length,
    )

    adding = action == "add"
    checks: dict[str, Check] = {}
    required: set[str] = set()
    limits = save_length.limits(target)  # the rule's own table of lengths
    nonempty = {title for _index, title, _label in save_required.checked(entity, target)}
    text_max = save_text_bytes.TEXT_BYTES // 4  # shorter: its UTF-8 fits in a TEXT column
    settings_max = save_text_bytes.TEXT_BYTES // save_text_bytes.ITEM_MAX_BYTES
    for row in fields_of(entity, target):
        if row.is_read_only or (not adding and row.is_immutable):
            continue
        title = row.title
        if adding and row.is_required:
            required.add(title)
        check: Check
        if row.type == "boolean":
            check = _is_bool
        elif row.type == "integer":
            check = _positive_id if title in ("connectorId", "sourceId") else _is_number
        elif row.type == "string":
            check = _string_check(entity, title, limits, nonempty, text_max)
            if entity in ("dataset", "table") and title == "name":
                check = _dataset_name(dataset_name_format.PATTERN, dataset_name_length.NAME_MAX)
            if entity == "source" and title == "title":
                check = _source_title(source_save_length.MAX)
        elif row.type == "array":
            if entity == "connector":
                check = _short_array(settings_max)
            elif entity == "source":
                check = _scalar_array
            elif adding:  # a table's columns: dataset-fields-empty
                check = _nonempty_array
            else:
                continue  # dataset-update-fields: update never takes them
        else:
            continue
        checks[title] = check
    if entity == "source" and not adding:
        required.add("title")  # source-title: required on update too
    needed = frozenset(required)

    def holds(request: Request) -> bool:
        params = request.params
        if type(params) is not dict:
            return False
        fields = params.get("fields")
        if type(fields) is not dict or not fields:
            return False
        for key, value in fields.items():
            check = checks.get(key)
            if check is None or not check(value):
                return False
        return needed.issubset(fields)

    rules = {
        "fields-provided",
        "fields-known",
        "field-required",
        "field-read-only",
        "field-immutable",
        "field-type",
        "save-required",
        "save-length",
        "save-text-bytes",
        "source-title",
        "source-save-length",
        "source-connector-id",
        "source-settings-values",
        "dataset-name-format",
        "dataset-name-length",
        "dataset-source-exists",
        "dataset-fields-empty",
        "dataset-update-fields",
    }
    if adding:
        rules.add("id-coerced")  # on add it reads connectorId and sourceId
    return Facet("fields", holds, frozenset(rules))


def _is_bool(value: Any) -> bool:
    return type(value) is bool


def _is_number(value: Any) -> bool:
    """An integer (PHP's range) or a string of digits: ``is_numeric``."""
    kind = type(value)
    if kind is int:
        return bool(php.INT_MIN <= value <= php.INT_MAX)
    return kind is str and _DIGITS.fullmatch(value) is not None


def _string_check(
    entity: str, title: str, limits: dict[str | int, tuple[str, int]], nonempty: set[str], big: int
) -> Check:
    """A string; on a connector within its column's length (``save-length``), not empty where the
    column is required (``save-required``), the logo and description short (``save-text-bytes``)."""
    if entity != "connector":
        return _is_string
    most = limits[title][1] if title in limits else big
    least = 1 if title in nonempty else 0

    def check(value: Any) -> bool:
        return type(value) is str and least <= len(value) <= most

    return check


def _is_string(value: Any) -> bool:
    return type(value) is str


def _dataset_name(pattern: re.Pattern[str], most: int) -> Check:
    def check(value: Any) -> bool:
        return type(value) is str and len(value) <= most and pattern.fullmatch(value) is not None

    return check


def _source_title(most: int) -> Check:
    """Not ``empty()`` (``source-title``), at most ``most`` code points (``source-save-length``)."""

    def check(value: Any) -> bool:
        return type(value) is str and value != "" and value != "0" and len(value) <= most

    return check


def _short_array(most: int) -> Check:
    """A list or object of at most ``most`` items: too few to fill a TEXT column."""

    def check(value: Any) -> bool:
        kind = type(value)
        return (kind is list or kind is dict) and len(value) <= most

    return check


_SCALARS: Final = (str, int, float, bool, type(None))


def _scalar_array(value: Any) -> bool:
    """A list or object of scalars (``source-settings-values``: no array to crash on)."""
    kind = type(value)
    if kind is dict:
        values = value.values()
    elif kind is list:
        values = value
    else:
        return False
    return all(type(item) in _SCALARS for item in values)


def _nonempty_array(value: Any) -> bool:
    kind = type(value)
    return (kind is list or kind is dict) and len(value) > 0


# --- the connector's settings and endpoints -------------------------------------------------------


def _settings_facet(target: Target) -> Facet:
    """``settings`` is absent, or a non-empty list of plain items (``access.is_plain``) whose codes
    are distinct: no settings rule has anything to say (each item tested as ``is_plain`` does, or
    more strictly: tests/test_vouch.py compares them). The list has no irregular item then
    (``access.irregular_setting_items``), which the facet records for the rules that still run."""
    from bicon_lint.access import SettingItem, irregular_setting_items
    from bicon_lint.engine import remember

    types = setting_types(target)
    plain_code = _PLAIN_CODE.fullmatch

    def holds(request: Request) -> bool:
        fields = _fields(request)
        if fields is None:
            return False
        if "settings" not in fields:
            return True
        settings = fields["settings"]
        if type(settings) is not list or not settings:
            return False
        codes = set()
        for item in settings:  # access.is_plain, inline
            if type(item) is not dict or len(item) != 3:
                return False
            kind = item.get("type")
            code = item.get("code")
            if type(kind) is not str or kind not in types or type(code) is not str:
                return False
            if plain_code(code) is None:
                return False
            name = item.get("name")
            if type(name) is str:
                if name == "" or len(name) > SETTING_TEXT_MAX or name.isspace():
                    return False
            elif type(name) is not int or not php.INT_MIN <= name <= php.INT_MAX:
                return False
            codes.add(code)
        if len(codes) != len(settings):
            return False
        # every item plain: none for the rules that still read them (update-settings-replace)
        none: list[SettingItem] = []
        remember(request, irregular_setting_items, none)
        return True

    rules = {
        "settings-item-keys",
        "settings-text-length",
        "settings-scalar-values",
        "settings-type-enum",
        "settings-unknown-keys",
        "settings-duplicate-codes",
        "settings-key-collision",
        "settings-blank",
        "settings-form-key",
        "settings-empty",
    }
    return Facet("settings", holds, frozenset(rules))


def _endpoints_facet() -> Facet:
    """Each endpoint sent as a non-empty string is a plain https URL (``endpoints._PLAIN_URL``)."""
    names = endpoints.ENDPOINTS
    split = endpoints.split_shaped  # the split the endpoint rules use, remembered

    def holds(request: Request) -> bool:
        fields = _fields(request)
        if fields is None:
            return False
        for name in names:
            value = fields.get(name)
            if isinstance(value, str) and value:
                url, plain = split(value)
                if not plain or url is None or url.scheme != "https":
                    return False
        return True

    return Facet("endpoints", holds, frozenset({"endpoint-url"}))


def _hosts_facet() -> Facet:
    """Each endpoint sent as a non-empty string is a plain URL (``endpoints._PLAIN_URL``), all on
    one host, which is not local or private (``endpoints.local_reason``)."""
    names = endpoints.ENDPOINTS
    split = endpoints.split_shaped  # the split the endpoint rules use, remembered
    local = endpoints.local_reason  # remembered per host

    def holds(request: Request) -> bool:
        fields = _fields(request)
        if fields is None:
            return False
        host = None
        for name in names:
            value = fields.get(name)
            if isinstance(value, str) and value:
                url, plain = split(value)
                if not plain or url is None:
                    return False
                if host is None:
                    host = url.hostname
                    if host is None or local(host) is not None:
                        return False
                elif url.hostname != host:
                    return False
        return True

    return Facet("hosts", holds, frozenset({"endpoint-host"}))


# --- a table's columns ----------------------------------------------------------------------------


def _columns_facet(action: str, target: Target) -> Facet:
    """The columns (``fields.fields`` of an add, ``add`` of a ``fields.update``) are absent or a
    list of objects of exactly ``name``, ``externalCode`` and ``type``: strings, the name of the
    server's format and length, a type it knows; names and codes distinct. A ``fields.update``'s
    ``update`` items have an ``id`` and a ``visible``, its ``delete`` ids are positive."""
    from bicon_lint.rules import dataset_column_values

    pattern = dataset_column_values.NAME_PATTERN
    most = dataset_column_values.NAME_MAX
    types = dataset_column_values.field_types(target)

    def plain_columns(columns: Any) -> bool:
        if columns is None:
            return True
        if type(columns) is not list:
            return False
        names = set()
        codes = set()
        for item in columns:
            if type(item) is not dict or len(item) != 3:
                return False
            name = item.get("name")
            code = item.get("externalCode")
            kind = item.get("type")
            if type(name) is not str or type(code) is not str or type(kind) is not str:
                return False
            if kind not in types or len(name) > most or pattern.fullmatch(name) is None:
                return False
            names.add(name)
            codes.add(code)
        return len(names) == len(columns) == len(codes)

    if action == "add":

        def holds(request: Request) -> bool:
            fields = _fields(request)
            return fields is not None and plain_columns(fields.get("fields"))

        rules = {"dataset-column-duplicates", "dataset-column-keys", "dataset-column-values"}
        return Facet("columns", holds, frozenset(rules))

    def holds_update(request: Request) -> bool:
        params = request.params
        if type(params) is not dict or not plain_columns(params.get("add")):
            return False
        update = params.get("update")
        if update is not None:
            if type(update) is not list:
                return False
            for item in update:
                if type(item) is not dict or item.get("id") is None or item.get("visible") is None:
                    return False
        delete = params.get("delete")
        if delete is not None:
            if type(delete) is not list:
                return False
            for item in delete:
                if not _positive_id(item):
                    return False
        return True

    rules = {
        "dataset-column-duplicates",
        "dataset-column-keys",
        "dataset-column-values",
        "fields-update-items",
    }
    return Facet("columns", holds_update, frozenset(rules))


# --- a list call ----------------------------------------------------------------------------------


def _list_facet(entity: str, target: Target) -> Facet:
    """``select`` a list of field titles (or ``*``), ``filter`` an object of keys that name a field
    the ORM resolves (``orm.filter_steps``) with scalar values (or a list of integers) and a
    ``logic`` of ``AND`` or ``OR`` where the ORM leaves it out, ``order`` an object of field titles
    with ``ASC`` or ``DESC`` (any case): each absent or ``null``."""
    from bicon_lint.rules import list_filter

    titles = frozenset(row.title for row in fields_of(entity, target))
    selectable = titles | {"*"}
    safe: dict[str, bool] = {}
    # ``logic`` (AND or OR) passes the validation; is it left out of the ORM's chains?
    logic = not list(orm.filter_steps(entity, {"logic": "AND"}, target))

    def safe_key(key: Any) -> bool:
        if type(key) is not str:
            return False
        known = safe.get(key)
        if known is None:
            known = _safe_filter_key(entity, target, key, titles, list_filter.filter_field)
            if len(safe) >= 1024:
                safe.clear()
            safe[key] = known
        return known

    def holds(request: Request) -> bool:
        params = request.params
        if type(params) is not dict:
            return False
        select = params.get("select")
        if select is not None:
            if type(select) is not list:
                return False
            for item in select:
                if type(item) is not str or item not in selectable:
                    return False
        filter_ = params.get("filter")
        if filter_ is not None:
            if type(filter_) is not dict:
                return False
            for key, value in filter_.items():
                if key == "logic":  # a connector's query drops it; a source's or table's does not
                    if not logic or type(value) is not str or not value.isascii():
                        return False
                    if value.upper() not in ("AND", "OR"):
                        return False
                    continue
                if not safe_key(key):
                    return False
                kind = type(value)
                if kind is list:
                    for item in value:
                        if type(item) is not int:
                            return False
                elif kind is dict or php.is_array(value):  # a list kept as text: not proven
                    return False
        order = params.get("order")
        if order is not None:
            if type(order) is not dict:
                return False
            for key, direction in order.items():
                if type(key) is not str or key not in titles or type(direction) is not str:
                    return False
                if not direction.isascii() or direction.upper() not in ("ASC", "DESC"):
                    return False
        return True

    rules = {
        "list-select",
        "list-filter",
        "list-order",
        "list-order-direction",
        "list-filter-orm-field",
    }
    return Facet("list", holds, frozenset(rules))


def _safe_filter_key(
    entity: str,
    target: Target,
    key: str,
    titles: frozenset[str],
    field: Callable[[str], str],
) -> bool:
    """Does ``key`` name a field the validation lets through (not ``logic``) and the ORM resolve,
    whatever scalar it holds? Keys are judged alone: the ORM resolves each by its converted name,
    which no other key changes."""
    if key == "logic" or field(key) not in titles:
        return False
    steps = list(orm.filter_steps(entity, {key: 1}, target))
    return len(steps) == 1 and steps[0].outcome is None
