r"""JSON Schemas (draft 2020-12) of the ``biconnector.*`` params, for editors.

``bicon-lint schema METHOD`` prints the schema of one method's params (``--envelope``: of the
envelope ``{"method": METHOD, "params": {...}}``); ``bicon-lint schema`` prints one envelope schema
for every method. The committed files in ``schemas/`` (one per method for ``latest``, the
all-methods ``envelope.json`` and ``catalog.json``) are regenerated with
``python -m bicon_lint.schema schemas/`` (or ``bicon-lint schema --write schemas/``); a test fails
while they are stale.

Everything here is generated from the tables the rules read (``bicon_lint.contract`` field tables
per method and target, ``bicon_lint.methods``, the settings type enum per target, the lengths and
patterns the rules hold), and every message is a rule's own. A schema error means the server
rejects the call: the schema holds only what the server refuses, never a lint warning (an unknown
top-level param is ignored by the server: BL520 warns, the schema accepts it), and where the
payload alone does not decide (the portal's data, the order of keys) it says nothing.

Which rules' checks are schema errors: :data:`EXPRESSED` (all of them: ids and fields present,
unknown, read-only, immutable and required fields, the loose type checks of ``Base::validateFields`` with
``integer`` as PHP 8's ``is_numeric``, the ORM's empty and overlong strings in code points, the
source title, list ``select``/``filter``/``order`` and the order directions, the table name's
PCRE pattern, ``update`` refusing columns, unknown methods in envelopes), :data:`PARTLY` (positive
ids, settings items and table columns: what is left open, and why) and :data:`NOT_EXPRESSED`
(uniqueness across items, the ORM's reading of filter keys, what the portal holds). The patterns
read the same in ECMA-262 and Python's ``re`` (no ``$``, no ``\d``, no inline flags).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any, Final

from bicon_lint import php
from bicon_lint.contract import FieldDef, fields_of, setting_types
from bicon_lint.methods import METHODS, Method, check_method
from bicon_lint.model import RuleSpec
from bicon_lint.sources import HOME_URL
from bicon_lint.targets import DEFAULT_TARGET, Target

Schema = dict[str, Any]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
# The files of the repository's main branch, as served raw (what editors fetch).
RAW_URL: Final = HOME_URL.replace("https://github.com/", "https://raw.githubusercontent.com/", 1)
SCHEMAS_URL: Final = f"{RAW_URL}/main/schemas"
ENVELOPE: Final = "envelope"  # the all-methods envelope schema's file name (without .json)
CATALOG: Final = "catalog.json"
FILE_MATCH: Final = ("*.bicon.json", "*.bicon.yaml", "*.bicon.yml")
GENERATE_COMMAND: Final = "python -m bicon_lint.schema schemas/"

# The server's checks, by the rule that predicts them (``bicon-lint rule NAME``). Every check of
# these rules is a schema error, for JSON params:
EXPRESSED: Final = frozenset(
    {
        "method-exists",  # ERROR_METHOD_NOT_FOUND: the envelope schemas' method names
        "id-required",
        "fields-provided",
        "fields-known",  # fields keys; unknown top-level params are ignored (BL520, a warning)
        "field-required",
        "field-read-only",
        "field-immutable",
        "field-type",
        "save-required",
        "save-length",
        "source-title",
        "source-save-length",
        "list-select",
        "list-filter",
        "list-order",
        "list-order-direction",
        "dataset-name-format",
        "dataset-name-length",
        "dataset-fields-empty",
        "dataset-update-fields",
    }
)

_IDS = (
    "ids: a number in [-2^63, 1) or a numeric string that is negative or whose integer part is 0 "
    "is refused; a numeric string with an exponent and a mantissa other than 0 has to be compared "
    'with 1 ("5e-1" is 0, "5e1" is 50), which no regular expression does for every length, and a '
    "number beyond 64 bits wraps when cast, differently by platform: both are left open"
)
_CONVERTED = (
    "the server converts the keys of settings items and table columns (name and Name are both "
    "NAME) and keeps the later of two keys that convert alike; JSON Schema sees no key order, so "
    "an item holding two spellings of one key only has to hold one of them, with its value "
    "unchecked; settings or columns sent as an object are checked item by item under keys of "
    'digits only ("a" and "A" are one item on the server, the later one), and refused when '
    "every item under the other keys is bad"
)

# Rules whose checks the schemas express in part, and what they leave to bicon-lint.
PARTLY: Final[dict[str, str]] = {
    "id-format": _IDS,
    "fields-update-items": "the delete ids as " + _IDS,
    "source-connector-exists": "a connectorId no connector can have, (int) <= 0: " + _IDS,
    "dataset-source-exists": "a sourceId no source can have, (int) <= 0: " + _IDS,
    "settings-item-keys": _CONVERTED,
    "settings-text-length": _CONVERTED,
    "settings-type-enum": _CONVERTED,
    "settings-scalar-values": _CONVERTED,
    "dataset-column-keys": _CONVERTED,
    "dataset-column-values": _CONVERTED,
}

# Rules whose checks the schemas never express, and why.
NOT_EXPRESSED: Final[dict[str, str]] = {
    "dataset-column-duplicates": (
        "duplicate column names and externalCode values: JSON Schema's uniqueItems compares "
        "whole items, not one key of each"
    ),
    "list-filter-orm-field": (
        "filter keys the ORM cannot resolve: it strips one operator, converts the key and follows "
        "dotted chains through the entity's relations"
    ),
    "save-text-bytes": "text columns beyond 65,535 bytes: the answer depends on the database",
    "source-settings-values": (
        "an array as a source setting's value crashes the server only under a code the "
        "connector declares, which the portal holds"
    ),
}

# PHP's empty() holds for exactly these strings (https://www.php.net/manual/en/function.empty.php).
EMPTY_STRINGS: Final = ("", "0")

_END: Final = r"(?![\s\S])"  # the end of the string, in ECMA-262 and Python alike ($ is not)
_DIGIT_KEYS: Final = f"^[0-9]+{_END}"  # object keys the server's key conversion leaves alone
_ARRAY: Final = ("object", "array")  # a PHP array: a JSON object or list
_REJECTED: Final[Schema] = {"not": {}}


def _whole(regex: str) -> str:
    """A pattern matching the whole string, the same way in ECMA-262 and Python's ``re``."""
    return f"^(?:{regex}){_END}"


_WS_ESCAPES: Final = {" ": " ", "\t": r"\t", "\n": r"\n", "\r": r"\r", "\v": r"\v", "\f": r"\f"}
_PHP_WS: Final = "[" + "".join(_WS_ESCAPES[char] for char in php._WS) + "]*"
# is_numeric of PHP 8 (bicon_lint.php), leading and trailing whitespace included.
_NUMERIC_BODY: Final = php._NUMERIC.pattern.removesuffix(r"\Z")
NUMERIC: Final = _whole(_NUMERIC_BODY)
# Numeric strings that (int) makes 0 or less: a sign "-", a mantissa of zeros with an exponent, or
# no exponent and only zeros before the point. (A mantissa with another digit and an exponent is
# left open: "5e-1" is 0, "5e1" is 50.)
_NOT_POSITIVE: Final = rf"^{_PHP_WS}(?:-|\+?(?:0+\.?0*|\.0+)[eE]|\+?0*(?:\.[0-9]*)?{_PHP_WS}{_END})"


def _rule(name: str) -> RuleSpec:
    """The spec of a rule module of ``bicon_lint.rules``, by module name."""
    import importlib

    spec: RuleSpec = importlib.import_module(f"bicon_lint.rules.{name}").SPEC
    return spec


def said(rule: str, code: str, **args: object) -> str:
    """``CODE: message`` as the rule words it (``error 0`` for the code ``0``)."""
    message = _rule(rule).codes[code].message.format(**args)
    return f"{'error 0' if code == '0' else code}: {message}"


def _ci(text: str) -> str:
    """``text`` as a pattern matching it in any case, as Python's ``str.lower`` folds it."""
    return "".join(_letter(char) for char in text)


def _letter(char: str) -> str:
    if not char.isalpha():
        return re.escape(char)
    folded = sorted(_case_folds().get(char.lower(), {char.lower(), char.upper()}))
    return "[" + "".join(folded) + "]"


@cache
def _case_folds() -> dict[str, set[str]]:
    """Each ASCII letter and the characters whose ``lower()`` it is (the Kelvin sign for k)."""
    folds: dict[str, set[str]] = {}
    for point in range(0x110000):
        lowered = chr(point).lower()
        if len(lowered) == 1 and lowered.isascii() and lowered.isalpha():
            folds.setdefault(lowered, {lowered}).add(chr(point))
    return folds


@cache
def _strip_class() -> str:
    """The characters ``str.strip`` removes, as a pattern class (how bicon-lint reads a method)."""
    spaces = (chr(point) for point in range(0x110000) if chr(point).isspace())
    return "[" + "".join(f"\\u{ord(char):04x}" for char in spaces) + "]*"


def method_pattern(names: Iterable[str]) -> str:
    """A method name as the REST core reads it (in any case), trimmed as bicon-lint trims it."""
    alternatives = "|".join(_ci(name) for name in sorted(names))
    return f"^{_strip_class()}(?:{alternatives}){_strip_class()}{_END}"


@cache
def spellings(converted: str, upper: bool = True) -> tuple[str, ...]:
    """Every key the server's ``Converter(KEYS | TO_SNAKE [| TO_UPPER])`` turns into ``converted``.

    The conversion inserts ``_`` before an inner capital and changes case, and no character
    outside ASCII folds to an ASCII letter of these names: each letter in either case, each ``_``
    kept or dropped before a capital, filtered through ``php.convert_key`` itself.

    >>> spellings("NAME")
    ('Name', 'name')
    >>> spellings("EXTERNAL_CODE")  # the regex's matches do not overlap: "lC" takes the "C"
    ('ExternalCOde', 'ExternalCode', 'External_code', 'externalCOde', 'externalCode', 'external_code')
    >>> spellings("name", upper=False)
    ('Name', 'name')
    """
    word = converted.lower()
    parts = word.split("_")
    found: set[str] = set()
    for joins in product(("_", ""), repeat=len(parts) - 1):
        base = parts[0] + "".join(
            j + (p if j else p[:1].upper() + p[1:]) for j, p in zip(joins, parts[1:], strict=True)
        )
        options = [(c.lower(), c.upper()) if c.isalpha() else (c,) for c in base]
        for letters in product(*options):
            key = "".join(letters)
            if php.convert_key(key, upper=upper) == converted:
                found.add(key)
    return tuple(sorted(found))


class _Defs:
    """The ``$defs`` of one schema document: each shared sub-schema once, referred to by name."""

    def __init__(self) -> None:
        self.schemas: dict[str, Schema] = {}

    def ref(self, name: str, schema: Schema, **annotations: Any) -> Schema:
        known = self.schemas.setdefault(name, schema)
        assert known == schema, f"two definitions named {name!r}"
        return {**annotations, "$ref": f"#/$defs/{name}"}


def _merge(description: str, parts: Sequence[Schema]) -> Schema:
    """One schema holding every part: keywords side by side where they do not clash, the rest in
    ``allOf``."""
    merged: Schema = {"description": description}
    later: list[Schema] = []
    for part in parts:
        if any(key in merged for key in part):
            later.append(part)
        else:
            merged.update(part)
    if later:
        merged["allOf"] = later
    return merged


def _numeric(defs: _Defs) -> Schema:
    return defs.ref(
        "numeric",
        {
            "description": (
                "is_numeric of PHP 8: a number, or a string holding one (leading and trailing "
                'whitespace, a sign, a decimal point and an exponent are fine: "100", " 4", '
                '"4.5", "1e3"; "", "0x1A", true and null are not)'
            ),
            "anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMERIC}],
        },
    )


def _positive_id(defs: _Defs, description: str) -> Schema:
    return defs.ref(
        "positiveId",
        {
            "description": (
                "is_numeric and (int) above 0: an integer from 1, a decimal of at least 1, or a "
                'numeric string whose integer part is not 0 ("4", " 4", "4.5", "1e3"; not "0.5", '
                '"-1", "0x1A", null, true, [4])'
            ),
            "anyOf": [
                {"type": "number", "not": {"minimum": php.INT_MIN, "exclusiveMaximum": 1}},
                {"type": "string", "pattern": NUMERIC, "not": {"pattern": _NOT_POSITIVE}},
            ],
        },
        description=description,
    )


_TYPES: Final[dict[str, Schema]] = {
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    "array": {"type": list(_ARRAY)},
}


def _typed(row: FieldDef, defs: _Defs) -> Schema:
    if row.type == "integer":
        return _numeric(defs)
    return dict(_TYPES[row.type])


def _field(method: Method, row: FieldDef, target: Target, defs: _Defs) -> Schema:
    """The schema of one key of ``fields``."""
    if row.is_read_only:
        return {
            "description": said("field_read_only", "VALIDATION_READ_ONLY_FIELD", title=row.title),
            **_REJECTED,
        }
    if method.action == "update" and row.is_immutable:
        return {
            "description": said("field_immutable", "VALIDATION_IMMUTABLE_FIELD", title=row.title),
            **_REJECTED,
        }
    messages = [
        row.title + (" (required)" if row.is_required and method.action == "add" else ""),
        said("field_type", "VALIDATION_INVALID_FIELD_TYPE", title=row.title, type=row.type),
    ]
    parts: list[Schema] = [_typed(row, defs)]
    extra = {
        "connector": _connector_field,
        "source": _source_field,
        "dataset": _dataset_field,
        "table": _dataset_field,
    }[method.entity]
    for message, part in extra(method, row, target, defs):
        messages.append(message)
        parts.append(part)
    if len(parts) == 1 and "$ref" in parts[0]:
        return {**parts[0], "description": "\n".join(messages)}
    return _merge("\n".join(messages), parts)


def _connector_field(
    method: Method, row: FieldDef, target: Target, defs: _Defs
) -> Iterator[tuple[str, Schema]]:
    from bicon_lint.rules import save_length, save_required

    for _index, title, label in save_required.checked(method.entity, target):
        if title == row.title:
            yield said("save_required", "BX_EMPTY_REQUIRED", label=label), {"minLength": 1}
    limit = save_length.limits(target).get(row.title)
    if limit is not None:
        label, maximum = limit
        message = said("save_length", "BX_INVALID_VALUE", label=label, max=maximum)
        yield message + " (code points, as mb_strlen counts)", {"maxLength": maximum}
    if row.title == "settings":
        item = _setting_item(target, defs)
        yield (
            "each item: type, name and code (settings sent as an object are iterated value by "
            "value: one setting sent instead of a list is three bad items)",
            _iterated(item),
        )


def _source_field(
    method: Method, row: FieldDef, target: Target, defs: _Defs
) -> Iterator[tuple[str, Schema]]:
    from bicon_lint.rules import source_save_length

    if row.title == "title":
        yield said("source_title", "0"), {"not": {"enum": list(EMPTY_STRINGS)}}
        message = said(
            "source_save_length", "BX_INVALID_VALUE", label="TITLE", max=source_save_length.MAX
        )
        yield message, {"maxLength": source_save_length.MAX}
    if row.title == "connectorId" and method.action == "add":
        yield (
            said("source_connector_exists", "CONNECTOR_NOT_FOUND")
            + " (no connector has an id (int) <= 0)",
            _positive_id(defs, said("source_connector_exists", "CONNECTOR_NOT_FOUND")),
        )
        code = source_save_length.MAX - len("rest_")
        message = said(
            "source_save_length", "BX_INVALID_VALUE", label="CODE", max=source_save_length.MAX
        )
        yield message + ' (the source code is "rest_" + connectorId as sent)', {"maxLength": code}


def _dataset_field(
    method: Method, row: FieldDef, target: Target, defs: _Defs
) -> Iterator[tuple[str, Schema]]:
    from bicon_lint.rules import dataset_name_format, dataset_name_length

    if method.action == "update" and row.title == "fields":
        yield said("dataset_update_fields", "INVALID_METHOD"), _REJECTED
    if method.action != "add":
        return
    if row.title == "sourceId":
        yield (
            said("dataset_source_exists", "SOURCE_NOT_FOUND") + " (no source has an id (int) <= 0)",
            _positive_id(defs, said("dataset_source_exists", "SOURCE_NOT_FOUND")),
        )
    if row.title == "name":
        pattern = _whole(dataset_name_format.PATTERN.pattern)
        yield said("dataset_name_format", "VALIDATION_DATASET_NAME_INVALID"), {"pattern": pattern}
        maximum = dataset_name_length.NAME_MAX
        yield (
            said("dataset_name_length", "VALIDATION_DATASET_NAME_TOO_LONG"),
            {"maxLength": maximum},
        )
    if row.title == "fields":
        yield said("dataset_fields_empty", "FIELDS_EMPTY"), {"minItems": 1, "minProperties": 1}
        column = _column(target, defs)
        yield (
            "each column: name, externalCode and type (columns sent as an object are iterated "
            "value by value)",
            _iterated(column),
        )


def _iterated(item: Schema) -> Schema:
    """Items the server iterates with ``foreach``: a list's, or an object's values. An object's keys
    are converted first, and of two keys that convert alike the later one's item stays: each item
    is checked under keys of digits (which nothing converts), and the object is refused when every
    item under its other keys is bad (whichever stay, they are bad)."""
    return {
        "items": item,
        "patternProperties": {_DIGIT_KEYS: item},
        "if": {"type": "object", "not": {"propertyNames": {"pattern": _DIGIT_KEYS}}},
        "then": {
            "description": "every item under a key other than digits is bad",
            "not": {"patternProperties": {_DIGIT_KEYS: {}}, "additionalProperties": {"not": item}},
        },
    }


def _keyed(
    keys: dict[str, tuple[str, ...]],
    values: dict[str, Schema],
    *,
    isset: bool,
    exact: dict[str, str] | None = None,
) -> list[Schema]:
    """The checks of an item whose keys the server reads after converting them: each converted key
    written under one of its spellings (``isset``: not ``null``); its value checked where the item
    holds that spelling and no other (the server keeps the later of two, JSON Schema sees no
    order). ``exact``: the spelling that must be present, when the server reads the key as written
    before converting it."""
    checks: list[Schema] = []
    for converted, names in keys.items():
        required = [exact[converted]] if exact else list(names)
        present = [
            {
                "required": [name],
                **({"properties": {name: {"not": {"type": "null"}}}} if isset else {}),
            }
            for name in required
        ]
        checks.append(present[0] if len(present) == 1 else {"anyOf": present})
        value = values.get(converted)
        if value is None:
            continue
        for name in required:  # a spelling's value counts where no other spelling is written
            others = [{"required": [other]} for other in names if other != name]
            if not others:
                checks.append({"properties": {name: value}})
            else:
                other = others[0] if len(others) == 1 else {"anyOf": others}
                checks.append({"if": other, "else": {"properties": {name: value}}})
    return checks


def _setting_item(target: Target, defs: _Defs) -> Schema:
    from bicon_lint.access import SETTING_KEYS, setting_key, upper_keys
    from bicon_lint.contract import SETTING_TEXT_MAX

    upper = upper_keys(target)
    keys = {key: spellings(setting_key(key, target), upper) for key in SETTING_KEYS}
    text: Schema = {"type": ["string", "number", "boolean"], "maxLength": SETTING_TEXT_MAX}
    crash = f" ({SETTING_TEXT_MAX} code points pass; an array crashes the server, BL101)"
    values: dict[str, Schema] = {
        "TYPE": {
            "description": said("settings_type_enum", "VALIDATION_SETTINGS_INVALID_TYPE"),
            "enum": sorted(setting_types(target)),
        },
        "NAME": {
            "description": said("settings_text_length", "VALIDATION_SETTINGS_NAME_TOO_LONG")
            + crash,
            **text,
        },
        "CODE": {
            "description": said("settings_text_length", "VALIDATION_SETTINGS_CODE_TOO_LONG")
            + crash,
            **text,
        },
    }
    shown = {key.lower(): {"description": values[key]["description"]} for key in SETTING_KEYS}
    return defs.ref(
        "settingsItem",
        {
            "description": said("settings_item_keys", "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS")
            + " Keys are converted: "
            + "; ".join(f"{key} is {' or '.join(names)}" for key, names in keys.items())
            + ". An item holding two spellings of one key is checked by bicon-lint only.",
            "type": "object",
            "properties": shown,
            "allOf": _keyed(keys, values, isset=True),
        },
    )


def _column_values(target: Target) -> dict[str, Schema]:
    from bicon_lint.rules import dataset_column_values as rule

    return {
        "NAME": {
            "description": said("dataset_column_values", "VALIDATION_FIELD_NAME_INVALID_FORMAT")
            + "\n"
            + said("dataset_column_values", "VALIDATION_FIELD_NAME_TOO_LONG"),
            "type": "string",
            "pattern": _whole(rule.NAME_PATTERN.pattern),
            "maxLength": rule.NAME_MAX,
        },
        "TYPE": {
            "description": said("dataset_column_values", "VALIDATION_FIELD_INVALID_TYPE"),
            "enum": sorted(rule.field_types(target)),
        },
    }


def _column(target: Target, defs: _Defs) -> Schema:
    from bicon_lint.rules import dataset_column_keys

    keys = {key: spellings(key) for key in dataset_column_keys.EXACT}
    values = _column_values(target)
    shown = {
        name: {"description": values[key]["description"]} if key in values else {}
        for key, name in dataset_column_keys.EXACT.items()
    }
    return defs.ref(
        "column",
        {
            "description": said(
                "dataset_column_keys", "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS"
            )
            + " Keys are converted: "
            + "; ".join(f"{key} is {' or '.join(names)}" for key, names in keys.items())
            + ". A column holding two spellings of one key is checked by bicon-lint only.",
            "type": "object",
            "properties": shown,
            "allOf": _keyed(keys, values, isset=False),
        },
    )


def _fields(method: Method, target: Target, defs: _Defs) -> Schema:
    rows = fields_of(method.entity, target)
    required = [
        row.title
        for row in rows
        if method.action == "add" and row.is_required and not row.is_read_only
    ]
    if method.entity == "source" and method.action == "update":
        required.append("title")  # source-title: SourceManager::updateConnection
    titles = ", ".join(row.title for row in rows)
    description = "\n".join(
        [
            said("fields_provided", "VALIDATION_FIELDS_NOT_PROVIDED") + " (a non-empty object)",
            said("fields_known", "VALIDATION_UNKNOWN_PARAMETERS", names="<key>")
            + f" (the keys are exactly: {titles})",
            *(
                [said("field_required", "VALIDATION_REQUIRED_FIELD_MISSING", title="<title>")]
                if method.action == "add"
                else []
            ),
            *(
                [said("source_title", "0") + " (update: title is required)"]
                if "title" in required and method.action == "update"
                else []
            ),
        ]
    )
    schema: Schema = {
        "description": description,
        "type": "object",
        "minProperties": 1,
        "properties": {row.title: _field(method, row, target, defs) for row in rows},
        "additionalProperties": {
            "description": said("fields_known", "VALIDATION_UNKNOWN_PARAMETERS", names="<key>"),
            **_REJECTED,
        },
    }
    if required:
        schema["required"] = required
    return schema


def _id(defs: _Defs) -> Schema:
    return _positive_id(
        defs,
        said("id_required", "VALIDATION_ID_NOT_PROVIDED")
        + "\n"
        + said("id_format", "VALIDATION_INVALID_ID_FORMAT"),
    )


def _list(method: Method, target: Target, defs: _Defs) -> Schema:
    from bicon_lint.orm import ORM_PREFIXES
    from bicon_lint.rules import list_order_direction

    titles = [row.title for row in fields_of(method.entity, target)]
    allowed = {"enum": [*titles, "*"]}
    dropped = list_order_direction.DROPPED.get(method.entity)
    direction = {
        "description": said(
            "list_order_direction", "ERROR_ARGUMENT", message='Invalid order "<UPPER>"'
        )
        + " (top level, HTTP 400; not a string: Order must be a string)",
        "type": "string",
        "pattern": _whole(f"{_ci('asc')}|{_ci('desc')}"),
    }
    return {
        "properties": {
            "select": {
                "description": said("list_select", "VALIDATION_SELECT_TYPE")
                + "\n"
                + said("list_select", "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT", field="<item>")
                + ' (exact field titles, or "*")',
                "type": [*_ARRAY, "null"],
                "items": allowed,
                "additionalProperties": allowed,
            },
            "filter": {
                "description": said("list_filter", "VALIDATION_FILTER_TYPE"),
                "type": [*_ARRAY, "null"],
                **_filter(method.entity, titles, ORM_PREFIXES, defs),
            },
            "order": {
                "description": said("list_order", "VALIDATION_ORDER_TYPE")
                + "\n"
                + said("list_order", "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER", field="<key>")
                + " (exact field titles)",
                "type": [*_ARRAY, "null"],
                "maxItems": 0,
                "propertyNames": {"enum": titles},
                "properties": {
                    title: direction
                    for title in titles
                    if dropped is None or php.convert_key(title) != dropped
                },
            },
            "page": {
                "description": "page: 50 items a page; a value that is not a number above 1 is the "
                "first page (no error)"
            },
        }
    }


def _filter(entity: str, titles: Sequence[str], prefixes: str, defs: _Defs) -> Schema:
    name = f"filter.{entity}"
    nested = {"type": list(_ARRAY), "$ref": f"#/$defs/{name}"}
    numeric = _numeric(defs)
    leading = "[" + re.escape(prefixes) + "]*"
    title_key = f"^{leading}(?:{'|'.join(map(re.escape, titles))}){_END}"
    numeric_key = f"^{leading}(?:{_NUMERIC_BODY}){_END}"
    logic = {
        "description": said("list_filter", "VALIDATION_INVALID_FILTER_LOGIC")
        + " (any case; an array crashes the server, BL102)",
        "type": "string",
        "pattern": _whole(f"{_ci('and')}|{_ci('or')}"),
    }
    either = {"anyOf": [nested, numeric]}
    return defs.ref(
        name,
        {
            "description": said(
                "list_filter", "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER", field="<key>"
            )
            + f" (a key is a field title after any run of {prefixes}; an array value is checked "
            "item by item and its own key is not; a numeric key takes a numeric value)",
            "properties": {"logic": logic},
            "patternProperties": {
                title_key: {"if": {"type": list(_ARRAY)}, "then": nested},
                numeric_key: either,
            },
            "additionalProperties": nested,
            "items": either,
        },
    )


def _fields_update(target: Target, defs: _Defs) -> Schema:
    from bicon_lint.rules import dataset_column_keys

    exact = dataset_column_keys.EXACT
    keys = {key: spellings(key) for key in exact}
    add_item = {
        "description": said("fields_update_items", "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS"),
        "type": "object",
        "properties": {name: {} for name in exact.values()},
        "allOf": _keyed(keys, _column_values(target), isset=True, exact=exact),
    }
    update_item = {
        "description": said(
            "fields_update_items", "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS"
        ),
        "type": "object",
        "required": list(UPDATE_ITEM_KEYS),
        "properties": {key: {"not": {"type": "null"}} for key in UPDATE_ITEM_KEYS},
    }
    delete_id = _positive_id(
        defs, said("fields_update_items", "VALIDATION_FIELD_DELETE_INVALID_ID")
    )
    ignored = " (a value that is not an array is ignored)"
    return {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": _id(defs),
            "add": {
                "description": "columns to add" + ignored,
                "items": add_item,
                "additionalProperties": add_item,
            },
            "update": {
                "description": "columns to change" + ignored,
                "items": update_item,
                "additionalProperties": update_item,
            },
            "delete": {
                "description": "column ids to delete" + ignored,
                "items": delete_id,
                "additionalProperties": delete_id,
            },
        },
    }


# fields.update's update items: isset($item['id'], $item['visible'])
# (``Bitrix\BIConnector\Rest\Dataset::validateParamsForFieldsUpdate``, rule fields-update-items).
UPDATE_ITEM_KEYS: Final = ("id", "visible")


def _params(method: Method, target: Target, defs: _Defs) -> Schema:
    """The schema of ``method``'s params on ``target`` (its ``$defs`` collected in ``defs``)."""
    if not method.exists_on(target):
        from bicon_lint.inputs import METHOD_EXISTS

        message = METHOD_EXISTS.spec.codes["ERROR_METHOD_NOT_FOUND"].message
        return {
            "description": f"ERROR_METHOD_NOT_FOUND: {message} ({method.name} exists from "
            f"{method.since.label}; this schema is for {target.label})",
            **_REJECTED,
        }
    action = method.action
    if action in ("add", "update"):
        properties: Schema = {"id": _id(defs)} if action == "update" else {}
        properties["fields"] = _fields(method, target, defs)
        return {"type": "object", "required": list(properties), "properties": properties}
    if action in ("get", "delete"):
        return {"type": "object", "required": ["id"], "properties": {"id": _id(defs)}}
    if action == "list":
        return _list(method, target, defs)
    if action == "fields.update":
        return _fields_update(target, defs)
    return {"description": f"{method.name} reads no parameters"}


def _requires_params(schema: Schema) -> bool:
    return "required" in schema or "not" in schema


def schema_id(name: str, target: Target = DEFAULT_TARGET) -> str:
    """The ``$id`` of a schema file: ``schemas/<name>.json`` for ``latest``, else under the
    server version's folder."""
    folder = "" if target is Target.LATEST else f"{target.label}/"
    return f"{SCHEMAS_URL}/{folder}{name}.json"


def _head(identifier: str, title: str, description: str) -> Schema:
    return {"$schema": DIALECT, "$id": identifier, "title": title, "description": description}


def _about(target: Target) -> str:
    return (
        f"Generated by bicon-lint from the server's rules (server version {target.label}): an "
        "error here means the server rejects the call. Lint the file with bicon-lint for the "
        "rest (what the portal holds, warnings)."
    )


def params_schema(method: str, target: Target = DEFAULT_TARGET) -> Schema:
    """The JSON Schema of ``method``'s params (``method`` as ``--method`` takes it)."""
    found = METHODS[check_method(method)]
    defs = _Defs()
    body = _params(found, target, defs)
    schema = _head(
        schema_id(found.name, target),
        f"{found.name} params",
        f"The params of {found.name}. {_about(target)}",
    )
    if found.deprecated_since is not None and target >= found.deprecated_since:
        schema["deprecated"] = True
    schema.update({key: value for key, value in body.items() if key != "description"})
    if "description" in body:
        schema["description"] = f"{body['description']}. {schema['description']}"
    if defs.schemas:
        schema["$defs"] = dict(sorted(defs.schemas.items()))
    return schema


# The envelope's keys other than "method" and "params": bicon-lint's own, never sent.
_ENVELOPE_KEYS: Final[Schema] = {
    "$schema": {
        "description": "The schema of this file, for editors; bicon-lint ignores it and only "
        "params is sent",
        "type": "string",
    },
    "connector": {
        "description": "bicon-lint: the file of the connector payload a source's settings are "
        "compared with (never sent)",
    },
}


def envelope_schema(method: str | None = None, target: Target = DEFAULT_TARGET) -> Schema:
    """The schema of an envelope ``{"method": ..., "params": {...}}``: of one method, or (without
    ``method``) of every method the server version has, chosen by the envelope's ``method``."""
    defs = _Defs()
    if method is not None:
        found = METHODS[check_method(method)]
        params = _params(found, target, defs)
        schema = _head(
            schema_id(f"{found.name}.envelope", target),
            f"{found.name} envelope",
            f'An envelope {{"method": "{found.name}", "params": {{...}}}}. {_about(target)}',
        )
        properties = {
            **_ENVELOPE_KEYS,
            "method": {
                "description": f"{found.name} (any case)",
                "type": "string",
                "pattern": method_pattern([found.name]),
            },
            "params": defs.ref(found.name, params),
        }
        schema.update(
            {
                "type": "object",
                "required": ["method", "params"] if _requires_params(params) else ["method"],
                "properties": properties,
            }
        )
        schema["$defs"] = dict(sorted(defs.schemas.items()))
        return schema
    available = [m for m in METHODS.values() if m.exists_on(target)]
    choices: list[Schema] = []
    for found in available:
        params = _params(found, target, defs)
        branch: Schema = {"properties": {"params": defs.ref(found.name, params)}}
        if _requires_params(params):
            branch["required"] = ["params"]
        pattern = method_pattern([found.name])
        choices.append(
            {
                "if": {
                    "required": ["method"],
                    "properties": {"method": {"type": "string", "pattern": pattern}},
                },
                "then": branch,
            }
        )
    from bicon_lint.inputs import METHOD_EXISTS

    unknown = METHOD_EXISTS.spec.codes["ERROR_METHOD_NOT_FOUND"].message
    schema = _head(
        schema_id(ENVELOPE, target),
        "bicon-lint payload",
        'A biconnector.* call: an envelope {"method": "biconnector.…", "params": {...}}, or bare '
        f"params whose $schema names their method's schema. {_about(target)}",
    )
    schema.update(
        {
            "type": "object",
            "if": {"required": ["method"]},
            "then": {
                "properties": {
                    **_ENVELOPE_KEYS,
                    "method": {
                        "description": f"ERROR_METHOD_NOT_FOUND: {unknown} (the biconnector "
                        f"methods of {target.label}, in any case)",
                        "type": "string",
                        "anyOf": [
                            {"not": {"pattern": f"^{_strip_class()}{_ci('biconnector.')}"}},
                            {"pattern": method_pattern(m.name for m in available)},
                        ],
                    },
                },
                "allOf": choices,
            },
            "else": {
                "description": 'Bare params carry "$schema": the schema of their method '
                f"({SCHEMAS_URL}/<method>.json)",
                "required": ["$schema"],
            },
            "$defs": dict(sorted(defs.schemas.items())),
        }
    )
    return schema


def catalog(target: Target = DEFAULT_TARGET) -> Schema:
    """A SchemaStore-style catalog naming the envelope schema for ``*.bicon.json`` files."""
    return {
        "$schema": "https://json.schemastore.org/schema-catalog.json",
        "version": 1,
        "schemas": [
            {
                "name": "bicon-lint payload",
                "description": "A Bitrix24 BI Builder biconnector.* call checked as the server "
                "checks it: an envelope {method, params}, or bare params with a $schema",
                "fileMatch": list(FILE_MATCH),
                "url": schema_id(ENVELOPE, target),
            }
        ],
    }


def dumps(schema: Schema) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def files(target: Target = DEFAULT_TARGET) -> dict[str, str]:
    """The schema files for ``target`` by file name: one per method, the envelope, the catalog."""
    found = {f"{name}.json": dumps(params_schema(name, target)) for name in sorted(METHODS)}
    found[f"{ENVELOPE}.json"] = dumps(envelope_schema(None, target))
    found[CATALOG] = dumps(catalog(target))
    return found


def write(directory: Path, target: Target = DEFAULT_TARGET) -> list[Path]:
    """Write :func:`files` into ``directory`` (made if missing); the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files(target).items():
        path = directory / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bicon_lint.schema DIRECTORY``: write the ``latest`` schemas there."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        sys.stderr.write(f"usage: {GENERATE_COMMAND}\n")
        return 2
    for path in write(Path(args[0])):
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
