"""The Bitrix ORM as a list method's ``filter`` meets it: key conversion, ``prepareFilter``, the
CSQLWhere operators and the resolution of each field chain (``Base::list`` →
``prepareOrmParams`` in ``biconnector/lib/Rest/Base.php``, then ``main/lib/orm/query/query.php``).

Read in ``yuliai/bitrix-modules`` at a3a2a579 (26.250.100+); the REST parts are the same in every
version (Connector.php and Dataset.php also in 25.300.0, ``alex-jazzman/bitrix24_source`` 93d4d3e9),
the entity maps since 25.550.100 except the connector's ``SUPPORT_MAPPING`` (2026-01, b2acc890) and
``SOURCE_CODE`` (``latest``: only the REST docs name it; no map shows it):

* ``biconnector/lib/Rest/Base.php:505-531`` ``prepareOrmParams``: the filter's keys go through
  ``Converter(KEYS|TO_SNAKE|TO_UPPER|RECURSIVE)`` (``main/lib/engine/response/converter.php:54-91``:
  int keys untouched; a later key converted to the same name wins, at the first one's place), then
  the entity's ``prepareFilter``:

  - ``Rest/Connector.php:407-413``: ``APP_ID`` is set to the caller's app (a key converted to
    ``APP_ID`` is overwritten), then top-level ``[]`` values are dropped;
  - ``Rest/Source.php:471-501`` and ``Rest/Dataset.php:428-458``: each top-level key gets
    ``SOURCE.`` / ``DATASET.`` inserted before its first run of capitals
    (``/^([<>=!@%]*)([A-Z]+)/``), except ``CONNECTOR_ID`` / ``SOURCE_ID`` (kept as sent) and
    ``SETTINGS`` / ``FIELDS`` (dropped), compared after ``ltrim($key, '<>=!@%')``; ``[]`` values
    are dropped. The query runs on the relation entity (``Source.php:328-334``
    ``ExternalSourceRestTable``; ``Dataset.php:363-376`` ``ExternalSourceDatasetRelationTable`` with
    the runtime reference ``SOURCE_CONNECTOR``), so nested keys resolve there, unprefixed.

* ``main/lib/orm/data/datamanager.php:431-503`` ``getList`` stores the filter; ``exec`` builds the
  query: select chains first, then ``Query::setFilterChains`` (``main/lib/orm/query/query.php:
  2466-2479``, ``1358-1466``) walks the filter in order: ``LOGIC`` is skipped; an ``is_numeric`` key
  is a nested group (an array value is walked, a scalar ignored); any other key loses one operator,
  ``CSQLWhere::MakeOperation`` (``main/classes/general/sqlwhere.php:41-65``, ``245-262``: the
  first 3, 2, then 1 characters looked up in the operator list), and the rest is resolved by
  ``Chain::getChainByDefinition`` (``main/lib/orm/query/chain.php:208-353``): split at ``.``, each
  element a field of the current entity (``Entity::hasField``, ``main/lib/orm/entity.php:578-581``)
  and a reference moves to its entity; a scalar field before the last element throws
  ``SystemException('Normal fields can be only the last in chain, …')`` (code 0, chain.php:255-260);
  an element nothing resolves throws ``SystemException('Unknown field definition …', 100)``
  (chain.php:345-350). The first exception ends the request.

An element the ORM could resolve in ways this model does not follow is :class:`Undecided`: a
class name (``\\``, an ``Entity:REFERENCE`` pair, the few global ``*Table`` classes of the
modules, which ``Entity::isExists`` would load, entity.php:760-782), a lone ``*`` (the chain is
the entity itself, which ``setFilterChains`` cannot handle, query.php:1385-1386), and, for sources
and datasets, a name that may be the alias of a chain the query registered earlier (their own
filter keys and prefixed select: ``BICONNECTOR_…``, or ``UALIAS_…``, query.php:1375-1382,
3440-3516, ``main/lib/orm/query/chain.php:393-428``, entity.php:804-830).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final, NamedTuple

from bicon_lint import php
from bicon_lint.model import Loc
from bicon_lint.targets import Target

NAMESPACE: Final = "\\Bitrix\\BIConnector\\ExternalSource\\Internal\\"
FIELDS_NAMESPACE: Final = "Bitrix\\Main\\ORM\\Fields\\"  # get_class() of the entities' fields

# CAllSQLWhere::$operations (sqlwhere.php:41-65)
OPERATIONS: Final = frozenset(
    {"!><", "!=%", "!%=", "!==", "!=", "!%", "><", ">=", "<=", "=%", "%=", "!@", "==", "="}
    | {"%", "?", ">", "<", "!", "@", "*", "*=", "*%"}
)
ORM_PREFIXES: Final = "<>=!@%"  # Base::ALLOWED_PREFIX_ORM_FILTER
_CAPITALS: Final = re.compile(r"^([<>=!@%]*)([A-Z]+)")
# Global classes Entity::isExists() finds for a bare name (+ "Table"), lower-cased: no entity.
_GLOBAL_TABLES: Final = frozenset(
    {"cperfquerytable", "cperfomancetable", "csearchstemtable", "ccitylookup_stat_table"}
    | {"csupporttimetable"}
)


class Column(NamedTuple):
    name: str
    kind: str  # the field's class (get_class), or "Reference"
    ref: str = ""  # the referenced entity, for a Reference


class Entity(NamedTuple):
    name: str  # Entity::getFullName()
    columns: Mapping[str, Column]


def _column(text: str) -> Column:
    """``NAME:Class`` for a field of ``Bitrix\\Main\\ORM\\Fields``, ``NAME>ENTITY`` a reference."""
    name, _, ref = text.partition(">")
    if ref:
        return Column(name, "Reference", ref)
    name, _, kind = text.partition(":")
    return Column(name, kind)


def _entity(name: str, columns: str) -> Entity:
    return Entity(NAMESPACE + name, {c.name: c for c in map(_column, columns.split())})


# The getMap() of each table class in biconnector/lib/ExternalSource/Internal/ (unchanged from
# 25.550.100 to a3a2a579 but for the connector's last two columns).
_CONNECTOR: Final = (
    "ID:IntegerField TITLE:StringField DATE_CREATE:DatetimeField LOGO:StringField "
    "DESCRIPTION:StringField APP_ID:StringField SORT:IntegerField URL_CHECK:StringField "
    "SETTINGS:StringField URL_DATA:StringField URL_TABLE_LIST:StringField "
    "URL_TABLE_DESCRIPTION:StringField"
)
_DATES: Final = " DATE_CREATE:DatetimeField DATE_UPDATE:DatetimeField"
_USERS: Final = " CREATED_BY_ID:IntegerField UPDATED_BY_ID:IntegerField"
ENTITIES: Final = {
    "CONNECTOR": _entity("ExternalSourceRestConnector", _CONNECTOR),
    # 2026-01 (b2acc890): SUPPORT_MAPPING; latest, only in the REST docs: SOURCE_CODE (max 64)
    "CONNECTOR@2026-01": _entity(
        "ExternalSourceRestConnector", _CONNECTOR + " SUPPORT_MAPPING:BooleanField"
    ),
    "CONNECTOR@latest": _entity(
        "ExternalSourceRestConnector",
        _CONNECTOR + " SUPPORT_MAPPING:BooleanField SOURCE_CODE:StringField",
    ),
    "SOURCE": _entity(
        "ExternalSource",
        "ID:IntegerField TYPE:StringField CODE:StringField TITLE:StringField "
        "DESCRIPTION:TextField ACTIVE:BooleanField" + _DATES + _USERS,
    ),
    "DATASET": _entity(
        "ExternalDataset",
        "ID:IntegerField TYPE:StringField NAME:StringField DESCRIPTION:TextField "
        "EXTERNAL_CODE:StringField EXTERNAL_NAME:StringField"
        + _DATES
        + _USERS
        + " EXTERNAL_ID:IntegerField",
    ),
    "REST": _entity(
        "ExternalSourceRest",
        "ID:IntegerField CONNECTOR_ID:IntegerField CONNECTOR>CONNECTOR SOURCE_ID:IntegerField "
        "SOURCE>SOURCE",
    ),
    # the list query's entity: the relation plus Dataset::getList's runtime reference
    "RELATION": _entity(
        "ExternalSourceDatasetRelation",
        "ID:IntegerField SOURCE_ID:IntegerField SOURCE>SOURCE DATASET_ID:IntegerField "
        "DATASET>DATASET SOURCE_CONNECTOR>REST",
    ),
}


def entity_named(name: str, target: Target) -> Entity:
    """An entity of the model as it is on ``target`` (the connector's columns grew)."""
    if name == "CONNECTOR" and target >= Target.V2026_01:
        name += "@latest" if target >= Target.LATEST else "@2026-01"
    return ENTITIES[name]


class ListQuery(NamedTuple):
    """How a REST entity's ``getList`` queries the ORM (its ``prepareFilter``)."""

    entity: str  # the queried entity (top level and nested groups)
    prefix: str = ""  # inserted before a top-level key's first run of capitals
    keep: str = ""  # a key (after ltrim) kept as sent
    drop: str = ""  # a key (after ltrim) dropped

    @property
    def aliases(self) -> bool:
        """Does the query register chains of 3 or more elements before the filter's (its own
        ``SOURCE.TYPE``, a prefixed select), whose aliases start ``BICONNECTOR_``? A connector's
        chains are one field each: their aliases are the fields' names."""
        return bool(self.prefix)


QUERIES: Final = {
    "connector": ListQuery("CONNECTOR"),
    "source": ListQuery("REST", "SOURCE", "CONNECTOR_ID", "SETTINGS"),
    "dataset": ListQuery("RELATION", "DATASET", "SOURCE_ID", "FIELDS"),
    "table": ListQuery("RELATION", "DATASET", "SOURCE_ID", "FIELDS"),
}


class Unknown(NamedTuple):
    """``SystemException("Unknown field definition `element` (definition) for entity …", 100)``"""

    element: str
    definition: str
    entity: str


class NotLast(NamedTuple):
    """``SystemException("Normal fields can be only the last in chain, `name` class …")``"""

    name: str
    kind: str  # get_class($field)


class Undecided(NamedTuple):
    """The ORM may resolve the element, fail on it or crash: nothing after it is judged."""

    element: str


Outcome = Unknown | NotLast | Undecided | None
UNDECIDED_ALIASES: Final = ("BICONNECTOR_", "UALIAS_")


def field_of(key: str) -> str:
    """``CSQLWhere::MakeOperation($key)['FIELD']``: the key without its operator, if any.

    >>> [field_of(k) for k in ("<<>>!!TITLE", "?TITLE", "!==ID", "%=TITLE", "*", "TITLE")]
    ['<>>!!TITLE', 'TITLE', 'ID', 'TITLE', '', 'TITLE']
    """
    for length in (3, 2, 1):
        if key[:length] in OPERATIONS:
            return key[length:]
    return key


def _class_name(element: str) -> bool:
    """May ``Entity::isExists`` or the ``Entity:REFERENCE`` form find a class for the element?"""
    name = element.lower()
    if not name.endswith("table"):
        name += "table"
    return "\\" in element or element.find(":") > 0 or name in _GLOBAL_TABLES


def resolve(entity: Entity, definition: str, target: Target, aliases: bool = False) -> Outcome:
    """``Chain::getChainByDefinition($entity, $definition)``: ``None`` when it resolves. With
    ``aliases``, a definition that may be a registered chain's alias is undecided."""
    if aliases and definition.startswith(UNDECIDED_ALIASES):
        return Undecided(definition)
    elements = definition.split(".")
    for index, element in enumerate(elements):
        last = index == len(elements) - 1
        column = entity.columns.get(element.upper())
        if column is not None:
            if column.ref:
                entity = entity_named(column.ref, target)
            elif not last:
                return NotLast(column.name, FIELDS_NAMESPACE + column.kind)
        elif _class_name(element):
            return Undecided(element)
        elif element == "*" and last:
            return Undecided(element) if index == 0 else None
        else:
            return Unknown(element, definition, entity.name)
    return None


class Step(NamedTuple):
    """One filter key the ORM resolves, in the ORM's order: where the payload wrote it (the last
    key converted to that name), its value as sent, and the outcome."""

    loc: Loc
    value: Any
    outcome: Outcome


Level = dict[str | int, tuple[Loc, Any]]


def converted(array: Any, loc: Loc) -> Level:
    """One level of ``Converter::formatArray``: PHP keys converted, a later duplicate wins in
    place (a Python dict keeps the first key's place too)."""
    level: Level = {}
    for key, value in php.items(array):
        name = php.convert_key(php.array_key(key) if isinstance(key, str) else key)
        level[php.array_key(name) if isinstance(name, str) else name] = ((*loc, key), value)
    return level


def _empty(value: Any) -> bool:
    return php.is_array(value) and next(php.items(value), None) is None


def prepared(query: ListQuery, filter_: Any) -> Level:
    """The top level after conversion and ``prepareFilter``; the keys the entity adds itself
    (``APP_ID``, ``SOURCE.TYPE``, ...) resolve and are left out."""
    level = converted(filter_, ("filter",))
    if not query.prefix:
        level.pop("APP_ID", None)
        return {key: entry for key, entry in level.items() if not _empty(entry[1])}
    result: Level = {}
    for key, entry in level.items():
        text = php.to_string(key)
        bare = text.lstrip(ORM_PREFIXES)
        if bare == query.drop or _empty(entry[1]):
            continue
        new = text if bare == query.keep else _CAPITALS.sub(rf"\1{query.prefix}.\2", text, 1)
        result[php.array_key(new)] = entry
    return result


def walk(level: Level, entity: Entity, target: Target, aliases: bool) -> Iterator[Step]:
    """``Query::setFilterChains`` over one level, groups depth first."""
    for key, (loc, value) in level.items():
        if key == "LOGIC":
            continue
        if isinstance(key, int) or php.is_numeric(key):
            if php.is_array(value):
                yield from walk(converted(value, loc), entity, target, aliases)
            continue
        yield Step(loc, value, resolve(entity, field_of(key), target, aliases))


def filter_steps(rest_entity: str, filter_: Any, target: Target) -> Iterator[Step]:
    """Every field key of a list method's ``filter`` in the order the ORM resolves them."""
    query = QUERIES.get(rest_entity)
    if query is None or not php.is_array(filter_):
        return iter(())
    entity = entity_named(query.entity, target)
    return walk(prepared(query, filter_), entity, target, query.aliases)
