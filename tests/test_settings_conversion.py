"""Connector settings as the server judges them after its key conversion: a differential test.

``connector.add``/``update`` convert the keys of the whole ``fields`` with
``Converter(KEYS | RECURSIVE | TO_SNAKE | TO_UPPER)`` (``biconnector/lib/Rest/Connector.php`` lines
161-167, 196-202), which reaches the keys of ``settings`` sent as an object and each item's keys
(``main/lib/engine/response/converter.php`` ``formatArray``, lines 54-91: ``$newData[$key] =
$item``), then check the items (``checkAndPrepareSettings``, lines 309-347). The oracle below is
written from SERVER-SPEC §3.9 (``camel2snake`` then upper-casing; 25.300.0: no upper-casing) and the
§4.2 E pseudo-code, and random settings (colliding keys, list or object, every kind of item) are
linted as a Python value (``lint_payload``) and as a JSON file (``lint_text``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bicon_lint import lint_payload, lint_text
from bicon_lint.api import Report
from bicon_lint.targets import Target

MISSING = ("VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS", 'Settings must include "type", "name" and "code" fields.')  # fmt: skip
NAME_TOO_LONG = ("VALIDATION_SETTINGS_NAME_TOO_LONG", 'Parameter "name" must be less than 512 characters.')  # fmt: skip
CODE_TOO_LONG = ("VALIDATION_SETTINGS_CODE_TOO_LONG", 'Parameter "code" must be less than 512 characters.')  # fmt: skip
INVALID_TYPE = ("VALIDATION_SETTINGS_INVALID_TYPE", 'Parameter "type" is not correct.')
FATAL = "FATAL"

CONNECTOR_FIELDS: dict[str, Any] = {
    "title": "Connector",
    "logo": "data:image/png;base64,iVBORw0KGgo=",
    "urlCheck": "https://ex.com/check",
    "urlData": "https://ex.com/data",
    "urlTableList": "https://ex.com/tables",
    "urlTableDescription": "https://ex.com/describe",
}


# --------------------------------------------------------------------------------------------
# The oracle, from SERVER-SPEC §3.9 and §4.2 E
# --------------------------------------------------------------------------------------------


def converted_key(key: str, upper: bool) -> str | int:
    """``formatString``: ``mb_strtolower(preg_replace('/(.)([A-Z])/', '$1_$2', $s))``, then
    ``mb_strtoupper`` (not on 25.300.0). A JSON key of canonical decimal digits is a PHP int key,
    which the converter leaves alone (§3.5)."""
    if re.fullmatch(r"0|-?[1-9][0-9]{0,17}", key):
        return int(key)
    snake = re.sub(r"(.)([A-Z])", r"\1_\2", key).lower()
    return snake.upper() if upper else snake


def convert(value: Any, upper: bool) -> Any:
    """``formatArray`` with KEYS | RECURSIVE: every array's keys, the later equal key's value
    replacing the earlier one where the earlier one stands."""
    if isinstance(value, dict):
        out: dict[str | int, Any] = {}
        for key, item in value.items():
            out[converted_key(key, upper)] = convert(item, upper)
        return out
    if isinstance(value, list):
        return [convert(item, upper) for item in value]
    return value


def oracle(settings_value: Any, target: Target) -> tuple[str, str] | str | None:
    """The first error of ``checkAndPrepareSettings`` (§4.2 E), ``FATAL`` for a TypeError."""
    upper = target >= Target.V2025_07
    types = {"STRING", "INT"} if target >= Target.V2026_04 else {"STRING"}
    names = ("TYPE", "NAME", "CODE") if upper else ("type", "name", "code")
    type_key, name_key, code_key = names
    converted = convert(settings_value, upper)
    items = converted.values() if isinstance(converted, dict) else converted
    first: tuple[str, str] | None = None
    for item in items:
        if not isinstance(item, dict) or any(item.get(key) is None for key in names):
            first = first or MISSING  # isset: present and not null; a non-array has no keys
            continue
        name, code, kind = item[name_key], item[code_key], item[type_key]
        if isinstance(name, (dict, list)):
            return FATAL  # mb_strlen(array)
        if isinstance(name, str) and len(name) > 512:  # other scalars are a few characters
            first = first or NAME_TOO_LONG
            continue
        if isinstance(code, (dict, list)):
            return FATAL
        if isinstance(code, str) and len(code) > 512:
            first = first or CODE_TOO_LONG
            continue
        if isinstance(kind, (dict, list)):
            return FATAL  # SourceSettingType::tryFrom(array)
        if not (isinstance(kind, str) and kind in types):
            first = first or INVALID_TYPE
    return first


# --------------------------------------------------------------------------------------------
# Random settings
# --------------------------------------------------------------------------------------------

CONTAINER_KEYS = st.sampled_from(
    ["a", "A", "b", "B", "aB", "a_b", "AB", "token", "Token", "TOKEN", "0", "1", "01", "x"]
)
ITEM_KEYS = st.sampled_from(
    ["name", "Name", "NAME", "nAme", "type", "Type", "TYPE", "code", "Code", "c_ode", "x"]
)
VALUES = st.sampled_from(
    [
        "n",
        "",
        " ",
        "STRING",
        "INT",
        "string",
        "я" * 512,
        "я" * 513,
        "c" * 513,
        None,
        0,
        7,
        1.5,
        True,
        False,
        ["x"],
        {},
        {"a": 1},
    ]
)
ITEMS = (
    st.dictionaries(ITEM_KEYS, VALUES, max_size=6)
    | st.fixed_dictionaries(
        {"name": VALUES, "type": st.sampled_from(["STRING", "INT", "string"]), "code": VALUES},
        optional={"Name": VALUES, "Type": VALUES, "Code": VALUES},
    )
    | st.sampled_from(["abc", 5, None, [], ["STRING"]])
)
SETTINGS = st.dictionaries(CONTAINER_KEYS, ITEMS, min_size=1, max_size=6) | st.lists(
    ITEMS, min_size=1, max_size=4
)
TARGETS = st.sampled_from([Target.V2025_04, Target.V2025_07, Target.V2026_04, Target.LATEST])


def outcome(report: Report) -> tuple[str | int | None, str] | str | None:
    error = report.server_error
    if error is None:
        return None
    return FATAL if error.fatal else (error.code, error.message)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SETTINGS, TARGETS, st.booleans())
@example({"b": {"type": "bad", "name": "n", "code": "c"},
          "a": {"name": "я" * 513, "type": "STRING", "code": "c"},
          "B": {"type": "STRING", "name": "n", "code": "c"}}, Target.LATEST, False)  # fmt: skip
@example({"a": {"code": "c"}, "A": {"code": "c", "name": "n", "type": "STRING"}}, Target.V2025_04, True)  # fmt: skip
@example([{"name": "n", "Name": ["x"], "type": "STRING", "code": "c"}], Target.LATEST, False)
@example({"0": {"code": "c"}, "x": {"Code": "c", "Name": "n", "Type": 1}}, Target.V2025_07, True)
def test_settings_are_judged_as_they_survive_the_key_conversion(
    settings_value: Any, target: Target, adding: bool
) -> None:
    if adding:
        method, params = "biconnector.connector.add", {"fields": {**CONNECTOR_FIELDS}}
    else:
        method, params = "biconnector.connector.update", {"id": 4, "fields": {}}
    params["fields"]["settings"] = settings_value
    expected = oracle(settings_value, target)
    assert outcome(lint_payload(params, method, target=target)) == expected
    text = json.dumps({"method": method, "params": params}, ensure_ascii=False)
    assert outcome(lint_text(text, "settings.json", target=target)) == expected
