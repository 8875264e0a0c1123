"""A list method's ``filter``, from validation to the ORM's field chains (rules ``list-filter`` and
``list-filter-orm-field``).

Differential test (Hypothesis): filters are generated for ``connector.list``, ``source.list``,
``dataset.list`` and ``table.list``, linted with ``lint_payload``, and the predicted answer is
compared with a small oracle written from the server code (``yuliai/bitrix-modules`` a3a2a579), not
from the rules:

1. ``Base::validateFilter`` (``biconnector/lib/Rest/Base.php:462-503``): ``logic`` (strictly) must
   upper-case to AND/OR (an array crashes ``strtoupper``); an array value is validated recursively;
   any other key, after ``ltrim($key, '<>=!@%')``, must be a title unless both it and the value are
   numeric. The first collected error is the answer.
2. ``prepareOrmParams`` (``Base.php:505-531``): ``Converter`` upper-snake-cases every key, nested ones
   too; then ``prepareFilter`` (``Rest/Connector.php:407-413``, ``Rest/Source.php:471-501``,
   ``Rest/Dataset.php:428-458``).
3. ``Query::setFilterChains`` (``main/lib/orm/query/query.php:1358-1466``) with
   ``CSQLWhere::MakeOperation`` (``main/classes/general/sqlwhere.php:41-65, 245-262``) and
   ``Chain::getChainByDefinition`` (``main/lib/orm/query/chain.php:208-353``) on the entity maps of
   ``ExternalSource*Table::getMap()``; the first exception is answered top-level (``100`` or
   ``ERROR_CORE``, ``rest/lib/restexception.php:75-110``).

Where the chain reaches something the ORM may resolve otherwise (a class name, a lone ``*``, an
alias of a registered chain) the oracle stops, and bicon-lint must then predict no answer.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bicon_lint import lint_payload
from bicon_lint.targets import Target

PROFILE = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------------------------------------
# PHP, as the oracle needs it
# ---------------------------------------------------------------------------------------------

NUMERIC = re.compile(r"[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*")
CANONICAL_INT = re.compile(r"0|-?[1-9]\d*")


def is_numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and NUMERIC.fullmatch(value) is not None


def php_key(key: str | int) -> str | int:
    """A string array key that is a canonical 64-bit integer is stored as that integer."""
    if isinstance(key, str) and CANONICAL_INT.fullmatch(key) and -(2**63) <= int(key) < 2**63:
        return int(key)
    return key


def to_string(value: Any) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    return str(value)  # ints, the generated floats (0.5, 1.5, -2.25) and strings


def strtoupper(text: str) -> str:  # PHP 8: ASCII only
    return text.translate(str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def php_array(value: Any) -> Any:
    """A decoded JSON value as PHP holds it: every array an ordered dict with PHP keys."""
    if isinstance(value, list):
        return {index: php_array(item) for index, item in enumerate(value)}
    if isinstance(value, dict):
        return {php_key(key): php_array(item) for key, item in value.items()}
    return value


def convert_keys(array: dict[Any, Any]) -> dict[Any, Any]:
    """Converter(KEYS|TO_SNAKE|TO_UPPER|RECURSIVE): camel2snake, mb_strtoupper, int keys kept."""
    result: dict[Any, Any] = {}
    for key, item in array.items():
        if isinstance(key, str):
            key = php_key(re.sub(r"(.)([A-Z])", r"\1_\2", key).lower().upper())
        result[key] = convert_keys(item) if isinstance(item, dict) else item
    return result


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------

TITLES = {
    "connector": "id title logo description sort urlCheck urlData urlTableList "
    "urlTableDescription settings dateCreate",
    "source": "id title type code description active dateCreate dateUpdate createdById "
    "updatedById connectorId settings",
    "dataset": "id sourceId name type description externalName externalCode externalId "
    "dateCreate dateUpdate createdById updatedById fields",
}
NS = "\\Bitrix\\BIConnector\\ExternalSource\\Internal\\"
F = "Bitrix\\Main\\ORM\\Fields\\"
# name -> (full name, {field: class or ("ref", entity)})
ENTITY_MAPS: dict[str, tuple[str, dict[str, Any]]] = {
    "connector": (
        NS + "ExternalSourceRestConnector",
        {
            "ID": "IntegerField", "TITLE": "StringField", "DATE_CREATE": "DatetimeField",
            "LOGO": "StringField", "DESCRIPTION": "StringField", "APP_ID": "StringField",
            "SORT": "IntegerField", "URL_CHECK": "StringField", "SETTINGS": "StringField",
            "URL_DATA": "StringField", "URL_TABLE_LIST": "StringField",
            "URL_TABLE_DESCRIPTION": "StringField",
        },
    ),
    "source": (
        NS + "ExternalSource",
        {
            "ID": "IntegerField", "TYPE": "StringField", "CODE": "StringField",
            "TITLE": "StringField", "DESCRIPTION": "TextField", "ACTIVE": "BooleanField",
            "DATE_CREATE": "DatetimeField", "DATE_UPDATE": "DatetimeField",
            "CREATED_BY_ID": "IntegerField", "UPDATED_BY_ID": "IntegerField",
        },
    ),
    "dataset": (
        NS + "ExternalDataset",
        {
            "ID": "IntegerField", "TYPE": "StringField", "NAME": "StringField",
            "DESCRIPTION": "TextField", "EXTERNAL_CODE": "StringField",
            "EXTERNAL_NAME": "StringField", "DATE_CREATE": "DatetimeField",
            "DATE_UPDATE": "DatetimeField", "CREATED_BY_ID": "IntegerField",
            "UPDATED_BY_ID": "IntegerField", "EXTERNAL_ID": "IntegerField",
        },
    ),
    "rest": (
        NS + "ExternalSourceRest",
        {
            "ID": "IntegerField", "CONNECTOR_ID": "IntegerField", "CONNECTOR": ("ref", "connector"),
            "SOURCE_ID": "IntegerField", "SOURCE": ("ref", "source"),
        },
    ),
    "relation": (
        NS + "ExternalSourceDatasetRelation",
        {
            "ID": "IntegerField", "SOURCE_ID": "IntegerField", "SOURCE": ("ref", "source"),
            "DATASET_ID": "IntegerField", "DATASET": ("ref", "dataset"),
            "SOURCE_CONNECTOR": ("ref", "rest"),  # Dataset::getList's runtime reference
        },
    ),
}  # fmt: skip
OPERATORS = {"!><", "!=%", "!%=", "!==", "!=", "!%", "><", ">=", "<=", "=%", "%=", "!@", "=="}
OPERATORS |= {"=", "%", "?", ">", "<", "!", "@", "*", "*=", "*%"}
GLOBAL_CLASSES = {"cperfquery", "cperfomance", "csearchstem", "ccitylookup_stat_", "csupporttime"}


class Answer(Exception):
    def __init__(self, code: str | None, message: str, top_level: bool = False) -> None:
        super().__init__(code, message)
        self.code, self.message, self.top_level = code, message, top_level


class Unknowable(Exception):
    """The ORM may resolve this element some other way, or crash."""


def entity_map(name: str, target: Target) -> tuple[str, dict[str, Any]]:
    full, fields = ENTITY_MAPS[name]
    if name == "connector" and target >= Target.V2026_01:
        fields = {**fields, "SUPPORT_MAPPING": "BooleanField"}
    if name == "connector" and target >= Target.LATEST:
        fields = {**fields, "SOURCE_CODE": "StringField"}
    return full, fields


def titles(entity: str, target: Target) -> set[str]:
    names = set(TITLES["dataset" if entity == "table" else entity].split())
    if entity == "connector" and target >= Target.V2026_01:
        names.add("supportMapping")
    if entity == "connector" and target >= Target.LATEST:
        names.add("sourceCode")
    return names


def validate(filter_: dict[Any, Any], allowed: set[str]) -> list[Answer]:
    errors: list[Answer] = []
    for key, value in filter_.items():
        if key == "logic":
            if isinstance(value, dict):
                raise Answer(None, "strtoupper(array): TypeError")
            if strtoupper(to_string(value)) not in ("AND", "OR"):
                message = 'Field "logic" must be either "AND" or "OR".'
                errors.append(Answer("VALIDATION_INVALID_FILTER_LOGIC", message))
            continue
        if isinstance(value, dict):
            errors += validate(value, allowed)
            continue
        field = to_string(key).lstrip("<>=!@%")
        if not (is_numeric(value) and is_numeric(field)) and field not in allowed:
            message = f'Field "{field}" is not allowed in the "filter".'
            errors.append(Answer("VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER", message))
    return errors


def prepare_filter(entity: str, filter_: dict[Any, Any]) -> tuple[str, dict[Any, Any]]:
    """The entity's prepareFilter: (the queried entity, the filter it is given)."""
    if entity == "connector":
        filter_["APP_ID"] = "app.id"
        return "connector", {key: value for key, value in filter_.items() if value != {}}
    prefix, keep, drop = ("SOURCE", "CONNECTOR_ID", "SETTINGS")
    if entity != "source":
        prefix, keep, drop = ("DATASET", "SOURCE_ID", "FIELDS")
    result: dict[Any, Any] = {f"{prefix}.TYPE": "rest"}  # and the app's id, by a valid chain
    for key, value in filter_.items():
        truncated = to_string(key).lstrip("<>=!@%")
        if truncated == drop or value == {}:
            continue
        new = key
        if truncated != keep:
            new = re.sub("^([<>=!@%]*)([A-Z]+)", rf"\g<1>{prefix}.\g<2>", to_string(key))
        result[php_key(new)] = value
    return ("rest" if entity == "source" else "relation"), result


def chain(root: str, definition: str, target: Target, aliases: bool) -> None:
    """Chain::getChainByDefinition(root, definition)."""
    if aliases and (definition.startswith("BICONNECTOR_") or definition.startswith("UALIAS_")):
        raise Unknowable(definition)  # may be a registered chain's alias (query.php:1375-1382)
    full, fields = entity_map(root, target)
    parts = definition.split(".")
    for index, element in enumerate(parts):
        last = index == len(parts) - 1
        if element.upper() in fields:
            kind = fields[element.upper()]
            if isinstance(kind, tuple):
                full, fields = entity_map(kind[1], target)
            elif not last:
                message = f"Normal fields can be only the last in chain, `{element.upper()}` "
                raise Answer("ERROR_CORE", message + F + kind + " is not the last.", True)
            continue
        name = element.lower() if element.lower().endswith("table") else element.lower() + "table"
        if "\\" in element or name[:-5] in GLOBAL_CLASSES or element.find(":") > 0:
            raise Unknowable(element)  # Entity::isExists, or NewsArticle:AUTHOR
        if element == "*" and last:
            if index == 0:
                raise Unknowable(element)  # the chain is the entity: setFilterChains crashes
            continue
        message = f"Unknown field definition `{element}` ({definition}) for {full} Entity."
        raise Answer("100", message, True)


def set_filter_chains(filter_: dict[Any, Any], root: str, target: Target, aliases: bool) -> None:
    for key, value in filter_.items():
        if key == "LOGIC":
            continue
        if is_numeric(key):
            if isinstance(value, dict):
                set_filter_chains(value, root, target, aliases)
            continue
        field = key
        for length in (3, 2, 1):
            if key[:length] in OPERATORS:
                field = key[length:]
                break
        chain(root, field, target, aliases)


def server(entity: str, filter_: Any, target: Target) -> Answer | None:
    """The answer of biconnector.<entity>.list to {"filter": filter_} (None: a list of rows)."""
    php_filter = php_array(filter_)
    if not isinstance(php_filter, dict):
        return Answer("VALIDATION_FILTER_TYPE", 'Parameter "filter" must be array.')
    try:
        errors = validate(php_filter, titles(entity, target))
        if errors:
            return errors[0]
        root, prepared = prepare_filter(entity, convert_keys(php_filter))
        set_filter_chains(prepared, root, target, aliases=entity != "connector")
    except Answer as answer:
        return answer
    except Unknowable:
        return None  # bicon-lint judges nothing from there on
    return None


# ---------------------------------------------------------------------------------------------
# Generated filters
# ---------------------------------------------------------------------------------------------

NAMES = [
    "id", "title", "logo", "urlCheck", "url_check", "URL_CHECK", "urlChecks", "supportMapping",
    "sourceCode", "appId", "app_id", "settings", "type", "code", "active", "connectorId",
    "connectorIds", "sourceId", "name", "externalName", "externalCode", "fields", "dataset",
    "source", "connector", "sourceConnector", "bogus", "logic", "LOGIC", "Logic", "NAME", "",
    "_x", "5", " 5", "5 ", "05", "1e3", "1E3", ".5", "-0", "0x1A", "0", "1", "*",
    "biconnector_externalsource_internal_external_source_rest_source_type",
    "externalsourcerest:connector", "\\bitrix\\x", "cperfquery", "Перечень", "ïd",
]  # fmt: skip
PREFIXES = ["", "", "", "@", ">=", "!=", "%=", "<<>>!!", "?", "*", "=", "!==", "><", "!", "=*"]
CHAINS = ["", "", "", ".id", ".title", ".appId", ".x", ".*", ".source.id", ".connector.appId"]
KEYS = st.builds(
    lambda prefix, name, chain: prefix + name + chain,
    st.sampled_from(PREFIXES),
    st.sampled_from(NAMES),
    st.sampled_from(CHAINS),
)
SCALARS = st.sampled_from(
    [None, True, False, 0, 3, -1, 0.5, 1.5, "x", "", "4", " 4", "1e3", "and", "OR", "oR", "xor"]
)


GROUP_KEYS = st.sampled_from(["0", "1", " 2", "3 ", "1e3", "-0", "05"])
# A list of small ints passes validation whatever its key (numeric key, numeric value).
PASSING = st.lists(st.integers(0, 9), max_size=2)
ODD = st.sampled_from([[], {}, ["AND"], {"x": 1}])  # dropped, or failing validation
VALUES = st.one_of(PASSING, PASSING, PASSING, PASSING, SCALARS, ODD)


# Title keys (with operators validation strips) and a string value pass validation too.
TITLE_KEYS = st.builds(
    lambda prefix, name: prefix + name,
    st.sampled_from(["", "@", ">=", "!=", "%=", "<<>>!!", "="]),
    st.sampled_from(["id", "title", "description", "connectorId", "sourceId", "name", "active"]),
)


def passing() -> st.SearchStrategy[dict[str, Any]]:
    """Filters most of whose keys pass validation: the ORM decides."""
    members = st.dictionaries(KEYS, PASSING | st.just([]), max_size=3)
    titled = st.dictionaries(TITLE_KEYS, st.sampled_from(["x", 4]), max_size=2)
    level = st.builds(lambda first, second: {**first, **second}, titled, members)
    nested = st.recursive(
        level,
        lambda groups: st.builds(
            lambda first, second: {**first, **second},
            level,
            st.dictionaries(GROUP_KEYS, groups, max_size=2),
        ),
        max_leaves=6,
    )
    logic = st.fixed_dictionaries({}, optional={"logic": st.sampled_from(["and", "OR", "xor"])})
    return st.builds(lambda first, rest: {**first, **rest}, logic, nested)


def filters() -> st.SearchStrategy[Any]:
    """Filters whose keys mostly pass validation, with nested groups and logic, or anything."""
    members = st.dictionaries(KEYS, VALUES, max_size=4)
    nested = st.recursive(
        members,
        lambda groups: st.dictionaries(KEYS | GROUP_KEYS, VALUES | groups, max_size=4),
        max_leaves=8,
    )
    lists = st.lists(VALUES | members, max_size=3)
    return st.one_of(passing(), passing(), nested, lists, filters_anything())


def filters_anything() -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=4)
        ),
        max_leaves=10,
    ).filter(lambda value: isinstance(value, dict | list))


ENTITIES_AND_TARGETS = st.sampled_from(
    [
        (entity, target)
        for entity in ("connector", "source", "dataset", "table")
        for target in Target
        if not (entity == "source" and target < Target.V2025_07)
        and not (entity == "table" and target < Target.V2026_04)
    ]
)


CRASH = (
    "The server fails without an error code: strtoupper() throws a TypeError for the array in "
    'filter "logic".'
)


def predicted(entity: str, filter_: Any, target: Target) -> tuple[object, ...] | None:
    error = lint_payload({"filter": filter_}, f"biconnector.{entity}.list", target=target)
    answer = error.server_error
    if answer is None:
        return None
    return (None if answer.fatal else answer.code, answer.message, answer.top_level)


def expected(entity: str, filter_: Any, target: Target) -> tuple[object, ...] | None:
    answer = server(entity, filter_, target)
    if answer is None:
        return None
    if answer.code is None:  # the strtoupper crash: no code, bicon-lint's BL102 says why
        return (None, CRASH, False)
    return (answer.code, answer.message, answer.top_level)


@PROFILE
@given(ENTITIES_AND_TARGETS, filters())
@example(("connector", Target.LATEST), {"<<>>!!title": "x"})
@example(("connector", Target.LATEST), {"?title": [1], "title.x": [1]})
@example(("connector", Target.LATEST), {"appId": [1], "0": {"bogus": [1]}})
@example(("connector", Target.V2025_07), {"@supportMapping": [1]})
@example(("source", Target.LATEST), {"logic": "or", "0": {"title": "x"}})
@example(("source", Target.LATEST), {"?title": [1], "source.title": [1]})
@example(("table", Target.LATEST), {"logic": "AND", "fields": [1]})
@example(("dataset", Target.V2026_04), {"1": {"sourceConnector.connector.bogus": [1]}})
@example(("connector", Target.LATEST), {"=*": [1], "bogus": [1]})
@example(("source", Target.LATEST), {"0": {"biconnector_x": [1]}, "bogus": [1]})
@example(("connector", Target.LATEST), {"biconnector_x": [1]})
@example(("connector", Target.LATEST), {">5": 3, "1E3": 3, "5 ": 3})
def test_filter_answers_like_the_server(entity_target: tuple[str, Target], filter_: Any) -> None:
    entity, target = entity_target
    assert predicted(entity, filter_, target) == expected(entity, filter_, target)


CONNECTOR = NS + "ExternalSourceRestConnector"


@pytest.mark.parametrize(
    ("entity", "filter_", "code", "message"),
    [
        ("connector", {"bogus": [1]}, "100", f"`BOGUS` (BOGUS) for {CONNECTOR} Entity."),
        ("connector", {"<<>>!!title": "x"}, "100", f"`<>>!!TITLE` (<>>!!TITLE) for {CONNECTOR}"),
        ("connector", {"title.x": [1]}, "ERROR_CORE", "`TITLE` Bitrix\\Main\\ORM\\Fields\\String"),
        ("source", {"logic": "or"}, "100", "`LOGIC` (SOURCE.LOGIC) for " + NS + "ExternalSource "),
        (
            "source",
            {"0": {"title": "x"}},
            "100",
            "`TITLE` (TITLE) for " + NS + "ExternalSourceRest ",
        ),
        ("connector", {"logic": ["AND"]}, None, "TypeError"),
        ("connector", {"bogus": 1}, "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER", 'Field "bogus"'),
        ("connector", {"=*": [1], "bogus": [1]}, "", ""),  # the ORM crashes or not: no answer
        ("connector", {"appId": [1], "5 ": 3, "0": {"@id": [1]}}, "", ""),
    ],
)
def test_the_oracle_answers_as_read_in_the_code(
    entity: str, filter_: Any, code: str | None, message: str
) -> None:
    answer = server(entity, filter_, Target.LATEST)
    if not code and code is not None:
        assert answer is None
        return
    assert answer is not None
    assert (answer.code, message in answer.message) == (code, True)
