"""Test vectors of SERVER-SPEC §10, transcribed as data.

Every row of the table in §10 ("Test vectors", #1-#144) of SERVER-SPEC.md
becomes one :class:`Vector` (two where the spec gives different outcomes for two server versions:
#39, #52, #137). Each expected result was checked against the rule text of §2-§8; the section
the row cites is kept in ``note``.

Conventions (from the head of §10):

* The call comes from an application (OAuth, client id present), the user has both rights, the
  body is JSON, the server is the baseline of 2026-05-11 (``supportMapping`` exists, ``INT`` is a
  valid settings type, ``sourceCode`` is unknown).
* Portal state assumed by §10: connector 4 belongs to the app and has no sources; connector 5
  belongs to the app and has at least one source; connector 7 belongs to another app; 999 does
  not exist; source 10 belongs to the app and its ``urlCheck`` works; source 11 has linked
  datasets; dataset/table 20 belongs to the app. ``Vector.state`` is set only where the expected
  result is *not* decided by the request alone, i.e. where it depends on such rows, on the
  connector endpoints or on the caller context (webhook, missing rights).
* ``code`` is ``result.error.error`` unless ``top_level`` is set; ``None`` means success, except
  with ``fatal`` (PHP TypeError, no error code, §2.5). Error code ``0`` is the integer ``0``.
* ``message`` is the exact ``error_description`` where the spec fixes it (from §10 itself or from
  the catalogues of §4.8, §5 and §6). ORM errors (``BX_EMPTY_REQUIRED``, ``BX_INVALID_VALUE``)
  contain a field label the spec could not see (§11.1): for them ``message`` is ``None`` and
  ``message_prefix``/``message_suffix`` hold the known parts.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

# --------------------------------------------------------------------------------------------
# Base object and builders
# --------------------------------------------------------------------------------------------

#: The valid base object ``B`` of §10, key order as in the spec.
B: dict[str, Any] = {
    "title": "T",
    "logo": "data:image/png;base64,AA==",
    "urlCheck": "https://ex.com/c",
    "urlTableList": "https://ex.com/l",
    "urlTableDescription": "https://ex.com/d",
    "urlData": "https://ex.com/x",
    "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
}


def with_(base: dict[str, Any], /, **changes: Any) -> dict[str, Any]:
    """``base+{...}``: a deep copy of ``base``, keys replaced in place or appended at the end."""
    result = copy.deepcopy(base)
    result.update(copy.deepcopy(changes))
    return result


def without(base: dict[str, Any], /, *keys: str) -> dict[str, Any]:
    """``base-k`` (spec: B minus k): a deep copy of ``base`` without ``keys``."""
    return {k: copy.deepcopy(v) for k, v in base.items() if k not in keys}


def _form_pairs(prefix: str, value: Any) -> list[tuple[str, str]]:
    """Flatten ``value`` like PHP ``http_build_query``: true → 1, false → 0, null omitted."""
    if isinstance(value, dict):
        items: list[tuple[Any, Any]] = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    elif value is None:
        return []
    elif isinstance(value, bool):
        return [(prefix, "1" if value else "0")]
    else:
        return [(prefix, str(value))]
    pairs: list[tuple[str, str]] = []
    for key, item in items:
        pairs.extend(_form_pairs(f"{prefix}[{key}]" if prefix else str(key), item))
    return pairs


def form_body(params: dict[str, Any]) -> str:
    """An ``application/x-www-form-urlencoded`` body; brackets kept literal, values quoted."""
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in _form_pairs("", params))


# --------------------------------------------------------------------------------------------
# Vector type
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vector:
    number: int
    method: str  # full name, e.g. "biconnector.connector.add"; "batch" for #144
    params: Any  # JSON-decoded params; None when not expressible as JSON (see raw)
    code: str | int | None  # expected first error code; None = ok (or fatal); 0 = error code 0
    message: str | None  # exact expected message; None if the spec does not fix it
    fatal: bool = False  # uncaught PHP TypeError, no error code (§2.5)
    top_level: bool = False  # top-level error (ERROR_ARGUMENT, ...), not inside "result"
    target: str = "2026-05"  # "2026-05" baseline, "latest" = DOC-only newer server, "2026-01"
    state: str | None = None  # why the result depends on portal state / caller context
    encoding: str = "json"  # "json", "form", "raw-json", "batch"
    raw: str | None = None  # exact body (form / raw-json) or batch command text
    note: str = ""  # the spec's "Why" column (§) and explanation
    message_prefix: str | None = None  # known start of the message when `message` is None
    message_suffix: str | None = None  # known end of the message when `message` is None


# --------------------------------------------------------------------------------------------
# Shared values
# --------------------------------------------------------------------------------------------

CONNECTOR_ADD = "biconnector.connector.add"
CONNECTOR_UPDATE = "biconnector.connector.update"
CONNECTOR_GET = "biconnector.connector.get"
CONNECTOR_DELETE = "biconnector.connector.delete"
CONNECTOR_FIELDS = "biconnector.connector.fields"
CONNECTOR_LIST = "biconnector.connector.list"
SOURCE_ADD = "biconnector.source.add"
SOURCE_UPDATE = "biconnector.source.update"
SOURCE_DELETE = "biconnector.source.delete"
TABLE_ADD = "biconnector.table.add"
TABLE_UPDATE = "biconnector.table.update"
TABLE_FIELDS_UPDATE = "biconnector.table.fields.update"
BATCH = "batch"

# Known parts of the ORM messages (§4.2 F, §4.8; the label itself is unknown, §11.1).
BX_REQUIRED_PREFIX = "The field "
BX_REQUIRED_SUFFIX = " is required."
BX_LENGTH_PREFIX = 'The length of "'
BX_LENGTH_SUFFIX_512 = '" should not exceed 512 characters.'
BX_LENGTH_SUFFIX_2048 = '" should not exceed 2048 characters.'

SETTINGS_MISSING = 'Settings must include "type", "name" and "code" fields.'
SETTINGS_NAME_TOO_LONG = 'Parameter "name" must be less than 512 characters.'
SETTINGS_CODE_TOO_LONG = 'Parameter "code" must be less than 512 characters.'
SETTINGS_INVALID_TYPE = 'Parameter "type" is not correct.'
ID_MISSING = "ID is missing."
ID_FORMAT = "ID has to be a positive integer."
FIELDS_NOT_PROVIDED = "Fields not provided."
CONNECTOR_NOT_FOUND = "Connector was not found."

# #68: §10 writes "https://e.com/" + "a"*2040 and says "(2049 chars)"; that expression is 2054
# characters. The stated length is what the vector is about (2048 + 1), so the string here is
# exactly 2049 code points: 14 + 2035. Both lengths give the same result.
URL_2049 = "https://e.com/" + "a" * 2035

# #69: the request key order matters (ORM validators run in the object's value order, §4.2 F2):
# urlData (2049 chars) first, the rest of B, title (513 chars) last.
FIELDS_69: dict[str, Any] = {
    "urlData": "a" * 2049,
    **without(B, "urlData", "title"),
    "title": "x" * 513,
}

# #131: the base of the table.add vectors #131-#137.
TABLE_131: dict[str, Any] = {
    "sourceId": 10,
    "name": "Sales",
    "externalName": "S",
    "externalCode": "s",
    "fields": [{"name": "ID", "externalCode": "id", "type": "int"}],
}

STATE_SOURCE_10 = (
    "source 10 must exist and belong to the app: SOURCE_NOT_FOUND (§6.2 step 4) is checked earlier"
)
STATE_SOURCE_10_SUPERSET = (
    STATE_SOURCE_10 + "; also no Superset table named 'sales' (code-0 error, §6.2 5.2) and no "
    "OnBeforeAddDataset handler error, both checked earlier"
)

# --------------------------------------------------------------------------------------------
# The vectors, in number order
# --------------------------------------------------------------------------------------------

VECTORS: list[Vector] = [
    # ---- biconnector.connector.add: fields presence and unknown keys (§4.2 C1-C2) ----------
    Vector(
        1, CONNECTOR_ADD, {"fields": with_(B)}, None, None, note="§4.2: ok {'result': {'id': n}}"
    ),
    Vector(
        2,
        CONNECTOR_ADD,
        {},
        "VALIDATION_FIELDS_NOT_PROVIDED",
        FIELDS_NOT_PROVIDED,
        note="§4.2 C1, §3.1",
    ),
    Vector(
        3,
        CONNECTOR_ADD,
        {"fields": None},
        "VALIDATION_FIELDS_NOT_PROVIDED",
        FIELDS_NOT_PROVIDED,
        note="§3.1: null ?? [] gives []",
    ),
    Vector(
        4,
        CONNECTOR_ADD,
        {"fields": {}},
        "VALIDATION_FIELDS_NOT_PROVIDED",
        FIELDS_NOT_PROVIDED,
        note="§3.2: empty array",
    ),
    Vector(
        5,
        CONNECTOR_ADD,
        {"fields": []},
        "VALIDATION_FIELDS_NOT_PROVIDED",
        FIELDS_NOT_PROVIDED,
        note="§3.2: empty array",
    ),
    Vector(
        6,
        CONNECTOR_ADD,
        {"fields": "0"},
        "VALIDATION_FIELDS_NOT_PROVIDED",
        FIELDS_NOT_PROVIDED,
        note="§3.2: empty('0') is true",
    ),
    Vector(
        7,
        CONNECTOR_ADD,
        {"fields": "abc"},
        "VALIDATION_FIELDS_NOT_PROVIDED",
        FIELDS_NOT_PROVIDED,
        note="§4.2 C1: not an array",
    ),
    Vector(
        8,
        CONNECTOR_ADD,
        {"fields": ["title", "logo"]},
        "VALIDATION_UNKNOWN_PARAMETERS",
        "Unknown parameters: 0, 1",
        note="§3.5: a JSON list has int keys 0, 1",
    ),
    Vector(
        9,
        CONNECTOR_ADD,
        {"Fields": with_(B)},
        "VALIDATION_FIELDS_NOT_PROVIDED",
        FIELDS_NOT_PROVIDED,
        note="§2.1: top-level keys are case-sensitive",
    ),
    Vector(
        10,
        CONNECTOR_ADD,
        {"fields": with_(without(B, "logo"), foo=1)},
        "VALIDATION_UNKNOWN_PARAMETERS",
        "Unknown parameters: foo",
        note="§4.2 C2: unknown keys beat REQUIRED (error index 0)",
    ),
    Vector(
        11,
        CONNECTOR_ADD,
        {"fields": with_(without(B, "urlCheck"), URLCheck="https://ex.com/c")},
        "VALIDATION_UNKNOWN_PARAMETERS",
        "Unknown parameters: URLCheck",
        note="§3.9: top-level keys are compared before conversion",
    ),
    Vector(
        12,
        CONNECTOR_ADD,
        {"fields": with_(without(B, "urlCheck"), url_check="https://ex.com/c")},
        "VALIDATION_UNKNOWN_PARAMETERS",
        "Unknown parameters: url_check",
        note="§3.9",
    ),
    Vector(
        13,
        CONNECTOR_ADD,
        {"fields": with_(B, foo=1, bar=2)},
        "VALIDATION_UNKNOWN_PARAMETERS",
        "Unknown parameters: foo, bar",
        note="§4.2 C2: request order",
    ),
    # ---- required / read-only / type checks in §4.1 field order (§4.2 C3) ------------------
    Vector(
        14,
        CONNECTOR_ADD,
        {"fields": without(B, "title")},
        "VALIDATION_REQUIRED_FIELD_MISSING",
        'Field "title" is required.',
        note="§4.2 C3",
    ),
    Vector(
        15,
        CONNECTOR_ADD,
        {"fields": without(B, "urlTableList", "urlData")},
        "VALIDATION_REQUIRED_FIELD_MISSING",
        'Field "urlData" is required.',
        note="§4.1, §9.1#27: REST order urlCheck, urlData, urlTableList, urlTableDescription",
    ),
    Vector(
        16,
        CONNECTOR_ADD,
        {"fields": without(B, "settings")},
        "VALIDATION_REQUIRED_FIELD_MISSING",
        'Field "settings" is required.',
        note="§4.2",
    ),
    Vector(
        17,
        CONNECTOR_ADD,
        {"fields": with_(B, id=5)},
        "VALIDATION_READ_ONLY_FIELD",
        'Field "id" is read only.',
        note="§4.1",
    ),
    Vector(
        18,
        CONNECTOR_ADD,
        {"fields": with_(B, dateCreate="2025-01-01 00:00:00")},
        "VALIDATION_READ_ONLY_FIELD",
        'Field "dateCreate" is read only.',
        note="§4.1",
    ),
    Vector(
        19,
        CONNECTOR_ADD,
        {"fields": with_(without(B, "title"), id=5)},
        "VALIDATION_READ_ONLY_FIELD",
        'Field "id" is read only.',
        note="§4.1 order: id precedes title",
    ),
    Vector(
        20,
        CONNECTOR_ADD,
        {"fields": with_(B, title=None)},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "title" must be of type string.',
        note="§3.1, §3.4: null counts as present, then fails is_string",
    ),
    Vector(
        21,
        CONNECTOR_ADD,
        {"fields": with_(B, title=123)},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "title" must be of type string.',
        note="§3.4",
    ),
    Vector(
        22,
        CONNECTOR_ADD,
        {"fields": with_(B, description=None)},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "description" must be of type string.',
        note="§3.4",
    ),
    Vector(23, CONNECTOR_ADD, {"fields": with_(B, sort="100")}, None, None, note="§3.3: ok"),
    Vector(
        24,
        CONNECTOR_ADD,
        {"fields": with_(B, sort="4 ")},
        None,
        None,
        note="§3.3: ok (PHP 8 allows trailing whitespace in is_numeric)",
    ),
    Vector(
        25,
        CONNECTOR_ADD,
        {"fields": with_(B, sort="4.5")},
        None,
        None,
        note="§3.3: ok (stored as 4)",
    ),
    Vector(
        26,
        CONNECTOR_ADD,
        {"fields": with_(B, sort="1e3")},
        None,
        None,
        note="§3.3: ok (1000)",
    ),
    Vector(
        27,
        CONNECTOR_ADD,
        {"fields": with_(B, sort="0x1A")},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "sort" must be of type integer.',
        note="§3.3",
    ),
    Vector(
        28,
        CONNECTOR_ADD,
        {"fields": with_(B, sort="")},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "sort" must be of type integer.',
        note="§3.3",
    ),
    Vector(
        29,
        CONNECTOR_ADD,
        {"fields": with_(B, sort=True)},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "sort" must be of type integer.',
        note="§3.3",
    ),
    Vector(
        30,
        CONNECTOR_ADD,
        {"fields": with_(B, sort=None)},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "sort" must be of type integer.',
        note="§3.1",
    ),
    Vector(
        31,
        CONNECTOR_ADD,
        {"fields": with_(B, settings="[]")},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "settings" must be of type array.',
        note="§3.4",
    ),
    Vector(
        32,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[])},
        None,
        None,
        note="§3.5: ok (empty settings stored as [])",
    ),
    Vector(
        33,
        CONNECTOR_ADD,
        {"fields": with_(B, settings={"a": {"code": "c", "name": "n", "type": "INT"}})},
        None,
        None,
        note="§3.5: ok (an object of items is accepted)",
    ),
    Vector(
        34,
        CONNECTOR_ADD,
        {"fields": with_(B, settings={"code": "c", "name": "n", "type": "STRING"})},
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
        SETTINGS_MISSING,
        note="§3.5: a single object is iterated as strings",
    ),
    Vector(35, CONNECTOR_ADD, {"fields": with_(B, supportMapping=True)}, None, None, note="§3.4"),
    Vector(
        36,
        CONNECTOR_ADD,
        {"fields": with_(B, supportMapping="true")},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "supportMapping" must be of type boolean.',
        note="§3.4: is_bool is strict",
    ),
    Vector(
        37,
        CONNECTOR_ADD,
        {"fields": with_(B, supportMapping=1)},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "supportMapping" must be of type boolean.',
        note="§3.4",
    ),
    Vector(
        38,
        CONNECTOR_ADD,
        None,
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "supportMapping" must be of type boolean.',
        encoding="form",
        # http_build_query turns true into "1": every form scalar is a string.
        raw=form_body({"fields": with_(B, supportMapping=True)}),
        note="§8.1: form-encoded B + fields[supportMapping]=1; the value is the string '1'",
    ),
    Vector(
        39,
        CONNECTOR_ADD,
        {"fields": with_(B, sourceCode="mysql")},
        "VALIDATION_UNKNOWN_PARAMETERS",
        "Unknown parameters: sourceCode",
        note="§4.1, §9.1#16: baseline server has no sourceCode",
    ),
    Vector(
        39,
        CONNECTOR_ADD,
        {"fields": with_(B, sourceCode="mysql")},
        None,
        None,
        target="latest",
        note="§4.1, §9.1#16: [DOC-only] a newer server with sourceCode (max 64) accepts it",
    ),
    # ---- settings items (§4.2 E, §3.7) ------------------------------------------------------
    Vector(
        40,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": "n"}])},
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
        SETTINGS_MISSING,
        note="§4.2 E",
    ),
    Vector(
        41,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": None, "type": "STRING"}])},
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
        SETTINGS_MISSING,
        note="§3.1: isset fails on null",
    ),
    Vector(
        42,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=["abc"])},
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
        SETTINGS_MISSING,
        note="§3.1: isset on a string offset is false",
    ),
    Vector(
        43,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"CODE": "c", "NAME": "n", "TYPE": "STRING"}])},
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
        SETTINGS_MISSING,
        note="§3.9: keys become C_OD_E, N_AM_E, T_YP_E",
    ),
    Vector(
        44,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"Code": "c", "Name": "n", "Type": "STRING"}])},
        None,
        None,
        note="§3.9: ok (Code -> CODE)",
    ),
    Vector(
        45,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "", "name": "", "type": "STRING"}])},
        None,
        None,
        note="§3.1: ok (empty strings pass isset and length)",
    ),
    Vector(
        46,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": "я" * 512, "type": "STRING"}])},
        None,
        None,
        note="§3.6: ok (512 allowed)",
    ),
    Vector(
        47,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": "я" * 513, "type": "STRING"}])},
        "VALIDATION_SETTINGS_NAME_TOO_LONG",
        SETTINGS_NAME_TOO_LONG,
        note="§3.6",
    ),
    Vector(
        48,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c" * 600, "name": "я" * 513, "type": "bad"}])},
        "VALIDATION_SETTINGS_NAME_TOO_LONG",
        SETTINGS_NAME_TOO_LONG,
        note="§3.7: name is checked first",
    ),
    Vector(
        49,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c" * 513, "name": "n", "type": "bad"}])},
        "VALIDATION_SETTINGS_CODE_TOO_LONG",
        SETTINGS_CODE_TOO_LONG,
        note="§3.7: code before type",
    ),
    Vector(
        50,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "😀" * 512, "name": "n", "type": "STRING"}])},
        None,
        None,
        note="§3.6: ok (512 code points; JS .length would be 1024)",
    ),
    Vector(
        51,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": "n", "type": "string"}])},
        "VALIDATION_SETTINGS_INVALID_TYPE",
        SETTINGS_INVALID_TYPE,
        note="§3.8: case-sensitive",
    ),
    Vector(
        52,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": "n", "type": "INT"}])},
        None,
        None,
        note="§1.1, §3.8: ok on servers >= 2026-04-17 (SourceSettingType::Int)",
    ),
    Vector(
        52,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": "n", "type": "INT"}])},
        "VALIDATION_SETTINGS_INVALID_TYPE",
        SETTINGS_INVALID_TYPE,
        target="2026-01",
        note="§1.1, §3.8: older servers (before 2026-04-17) know only STRING",
    ),
    Vector(
        53,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": "n", "type": 1}])},
        "VALIDATION_SETTINGS_INVALID_TYPE",
        SETTINGS_INVALID_TYPE,
        note="§3.7: coerced to '1'",
    ),
    Vector(
        54,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": "n", "type": True}])},
        "VALIDATION_SETTINGS_INVALID_TYPE",
        SETTINGS_INVALID_TYPE,
        note="§3.7: coerced to '1'",
    ),
    Vector(
        55,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": "n", "type": " STRING"}])},
        "VALIDATION_SETTINGS_INVALID_TYPE",
        SETTINGS_INVALID_TYPE,
        note="§3.7: exact match",
    ),
    Vector(
        56,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": 7, "name": 5, "type": "INT"}])},
        None,
        None,
        note="§3.7: ok (coerced for mb_strlen; stored as numbers)",
    ),
    Vector(
        57,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": True, "type": "STRING"}])},
        None,
        None,
        note="§3.7: ok (mb_strlen('1'))",
    ),
    Vector(
        58,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": ["x"], "type": "STRING"}])},
        None,
        None,
        fatal=True,
        note="§3.7, §2.5: FATAL TypeError (mb_strlen of an array), no error code",
    ),
    Vector(
        59,
        CONNECTOR_ADD,
        {"fields": with_(B, settings=[{"code": "c", "name": "n", "type": ["STRING"]}])},
        None,
        None,
        fatal=True,
        note="§3.7: FATAL TypeError (SourceSettingType::tryFrom of an array)",
    ),
    Vector(
        60,
        CONNECTOR_ADD,
        {
            "fields": with_(
                B,
                settings=[{"name": "n"}, {"code": "c", "name": {"a": 1}, "type": "STRING"}],
            )
        },
        None,
        None,
        fatal=True,
        note="§3.7: FATAL TypeError in a later item, despite the earlier MISSING error",
    ),
    Vector(
        61,
        CONNECTOR_ADD,
        {
            "fields": with_(
                B,
                settings=[
                    {"code": "c", "name": "n", "type": "bad"},
                    {"code": "c", "name": "я" * 513, "type": "STRING"},
                ],
            )
        },
        "VALIDATION_SETTINGS_INVALID_TYPE",
        SETTINGS_INVALID_TYPE,
        note="§3.7: the first item's error is index 0",
    ),
    # ---- ORM (§4.2 F) -----------------------------------------------------------------------
    Vector(
        62,
        CONNECTOR_ADD,
        {"fields": with_(B, title="", settings=[{"code": "c", "name": "n"}])},
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
        SETTINGS_MISSING,
        note="§4.2 E/F: settings are checked before the ORM",
    ),
    Vector(
        63,
        CONNECTOR_ADD,
        {"fields": with_(B, title="")},
        "BX_EMPTY_REQUIRED",
        None,
        message_prefix=BX_REQUIRED_PREFIX,
        message_suffix=BX_REQUIRED_SUFFIX,
        note="§4.2 F1: 'The field <TITLE label> is required.' (label unknown, §11.1)",
    ),
    Vector(
        64,
        CONNECTOR_ADD,
        {"fields": with_(B, logo="")},
        "BX_EMPTY_REQUIRED",
        None,
        message_prefix=BX_REQUIRED_PREFIX,
        message_suffix=BX_REQUIRED_SUFFIX,
        note="§4.2 F1: 'The field <LOGO label> is required.'",
    ),
    Vector(
        65,
        CONNECTOR_ADD,
        {"fields": with_(B, title="0")},
        None,
        None,
        note="§4.2 F1: ok ('0' is not empty for the ORM)",
    ),
    Vector(66, CONNECTOR_ADD, {"fields": with_(B, title="x" * 512)}, None, None, note="§3.6: ok"),
    Vector(
        67,
        CONNECTOR_ADD,
        {"fields": with_(B, title="x" * 513)},
        "BX_INVALID_VALUE",
        None,
        message_prefix=BX_LENGTH_PREFIX,
        message_suffix=BX_LENGTH_SUFFIX_512,
        note="§4.2 F2: 'The length of \"<TITLE label>\" should not exceed 512 characters.'",
    ),
    Vector(
        68,
        CONNECTOR_ADD,
        {"fields": with_(B, urlCheck=URL_2049)},
        "BX_INVALID_VALUE",
        None,
        message_prefix=BX_LENGTH_PREFIX,
        message_suffix=BX_LENGTH_SUFFIX_2048,
        note=(
            "§4.1: urlCheck of 2049 code points ('https://e.com/' + 'a'*2035; the spec's "
            "'a'*2040 would be 2054 chars); 'The length of \"<URL_CHECK label>\" should not "
            "exceed 2048 characters.'"
        ),
    ),
    Vector(
        69,
        CONNECTOR_ADD,
        {"fields": with_(FIELDS_69)},
        "BX_INVALID_VALUE",
        None,
        message_prefix=BX_LENGTH_PREFIX,
        message_suffix=BX_LENGTH_SUFFIX_2048,
        note=(
            "§4.2 F2: keys ordered urlData (2049) ... title (513); the URL_DATA length error "
            "comes first (request order), so the 2048 message"
        ),
    ),
    Vector(
        70,
        CONNECTOR_ADD,
        {"fields": with_(B, title="", urlCheck="a" * 3000)},
        "BX_EMPTY_REQUIRED",
        None,
        message_prefix=BX_REQUIRED_PREFIX,
        message_suffix=BX_REQUIRED_SUFFIX,
        note="§4.2 F3: TITLE label; all required errors come before length errors",
    ),
    Vector(71, CONNECTOR_ADD, {"fields": with_(B, description="")}, None, None, note="§4.1: ok"),
    # ---- caller context and body encoding (§2.3, §2.1) --------------------------------------
    Vector(
        72,
        CONNECTOR_ADD,
        {"fields": with_(B)},
        "ACCESS_DENIED",
        "Access denied.",
        state=(
            "called via webhook: no client id (and option biconnector_use_webhooks_rest_source "
            "is not 'Y')"
        ),
        note="§2.3: inside result",
    ),
    Vector(
        73,
        CONNECTOR_ADD,
        {"fields": with_(B)},
        "ACCESS_DENIED",
        "Access denied.",
        state="the user lacks the 'Access to Analytics hub' permission",
        note="§2.3: checkPermission",
    ),
    Vector(
        74,
        CONNECTOR_ADD,
        None,
        "VALIDATION_FIELDS_NOT_PROVIDED",
        FIELDS_NOT_PROVIDED,
        encoding="raw-json",
        raw='{"fields": {"title": "\\ud800"}}',
        note=(
            "§2.1: JSON content type; the lone surrogate escape makes PHP json_decode fail, so "
            "the body is ignored (Python's json module would accept it)"
        ),
    ),
    # ---- biconnector.connector.update (§4.3) ------------------------------------------------
    Vector(
        75,
        CONNECTOR_UPDATE,
        {"fields": {"title": "x"}},
        "VALIDATION_ID_NOT_PROVIDED",
        ID_MISSING,
        note="§4.3",
    ),
    Vector(
        76,
        CONNECTOR_UPDATE,
        {"id": None, "fields": {"title": "x"}},
        "VALIDATION_INVALID_ID_FORMAT",
        ID_FORMAT,
        note="§3.1: array_key_exists sees the null id",
    ),
    Vector(
        77,
        CONNECTOR_UPDATE,
        {"id": "abc", "fields": {}},
        "VALIDATION_INVALID_ID_FORMAT",
        ID_FORMAT,
        note="§4.3: ID before fields",
    ),
    Vector(
        78,
        CONNECTOR_UPDATE,
        {"id": "0x1A", "fields": {"title": "x"}},
        "VALIDATION_INVALID_ID_FORMAT",
        ID_FORMAT,
        note="§3.3",
    ),
    Vector(
        79,
        CONNECTOR_UPDATE,
        {"id": "0.5", "fields": {"title": "x"}},
        "VALIDATION_INVALID_ID_FORMAT",
        ID_FORMAT,
        note="§3.3",
    ),
    Vector(
        80,
        CONNECTOR_UPDATE,
        {"id": -4, "fields": {"title": "x"}},
        "VALIDATION_INVALID_ID_FORMAT",
        ID_FORMAT,
        note="§3.3",
    ),
    Vector(
        81,
        CONNECTOR_UPDATE,
        {"id": True, "fields": {"title": "x"}},
        "VALIDATION_INVALID_ID_FORMAT",
        ID_FORMAT,
        note="§3.3",
    ),
    Vector(
        82,
        CONNECTOR_UPDATE,
        {"id": [4], "fields": {"title": "x"}},
        "VALIDATION_INVALID_ID_FORMAT",
        ID_FORMAT,
        note="§3.3",
    ),
    Vector(
        83,
        CONNECTOR_UPDATE,
        {"id": "4.9", "fields": {"title": "x"}},
        None,
        None,
        state="connector 4 must exist and belong to the app (otherwise CONNECTOR_NOT_FOUND)",
        note="§3.3: ok, updates id 4",
    ),
    Vector(
        84,
        CONNECTOR_UPDATE,
        {"id": 1e19, "fields": {"title": "x"}},
        "VALIDATION_INVALID_ID_FORMAT",
        ID_FORMAT,
        note=(
            "§3.3: the float 1.0E19 wraps negative on (int) in PHP 8.2/x86-64; "
            "platform-dependent (§11.6)"
        ),
    ),
    Vector(
        85,
        CONNECTOR_UPDATE,
        {"id": "9999999999999999999", "fields": {"title": "x"}},
        "CONNECTOR_NOT_FOUND",
        CONNECTOR_NOT_FOUND,
        state="no connector with the saturated id 9223372036854775807 belongs to the app",
        note="§3.3: the string id saturates to PHP_INT_MAX and passes the ID check",
    ),
    Vector(
        86,
        CONNECTOR_UPDATE,
        {"id": 4},
        "VALIDATION_FIELDS_NOT_PROVIDED",
        FIELDS_NOT_PROVIDED,
        note="§4.3 C2: before the DB look-up",
    ),
    Vector(
        87,
        CONNECTOR_UPDATE,
        {"id": 4, "fields": {"id": 4}},
        "VALIDATION_READ_ONLY_FIELD",
        'Field "id" is read only.',
        note="§4.3 C2",
    ),
    Vector(
        88,
        CONNECTOR_UPDATE,
        {"id": 4, "fields": {"sort": "10"}},
        None,
        None,
        state="connector 4 must exist and belong to the app (otherwise CONNECTOR_NOT_FOUND)",
        note="§4.3: ok true (partial update, no required fields)",
    ),
    Vector(
        89,
        CONNECTOR_UPDATE,
        {"id": 7, "fields": {"title": "x"}},
        "CONNECTOR_NOT_FOUND",
        CONNECTOR_NOT_FOUND,
        state="connector 7 belongs to another app",
        note="§4.3 D",
    ),
    Vector(
        90,
        CONNECTOR_UPDATE,
        {"id": 999, "fields": {"settings": [{"code": "c", "name": "n", "type": "X"}]}},
        "CONNECTOR_NOT_FOUND",
        CONNECTOR_NOT_FOUND,
        state="connector 999 does not exist",
        note="§4.3 D: the DB look-up runs before the settings check",
    ),
    Vector(
        91,
        CONNECTOR_UPDATE,
        {"id": 4, "fields": {"settings": [{"code": "c", "name": "n", "type": "X"}]}},
        "VALIDATION_SETTINGS_INVALID_TYPE",
        SETTINGS_INVALID_TYPE,
        state="connector 4 must exist and belong to the app: the settings check (§4.3 E) runs "
        "after CONNECTOR_NOT_FOUND (§4.3 D)",
        note="§4.3 E",
    ),
    Vector(
        92,
        CONNECTOR_UPDATE,
        {"id": 4, "fields": {"supportMapping": "Y"}},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "supportMapping" must be of type boolean.',
        note="§3.4: validateFields runs before the DB look-up",
    ),
    Vector(
        93,
        CONNECTOR_UPDATE,
        {"id": 4, "fields": {"title": ""}},
        "BX_EMPTY_REQUIRED",
        None,
        message_prefix=BX_REQUIRED_PREFIX,
        message_suffix=BX_REQUIRED_SUFFIX,
        state="connector 4 must exist and belong to the app: the ORM save (§4.3 F) runs after "
        "CONNECTOR_NOT_FOUND (§4.3 D)",
        note="§4.3 F: 'The field <TITLE label> is required.'",
    ),
    Vector(
        94,
        CONNECTOR_UPDATE,
        {"id": 4, "fields": {"urlData": "a" * 2049}},
        "BX_INVALID_VALUE",
        None,
        message_prefix=BX_LENGTH_PREFIX,
        message_suffix=BX_LENGTH_SUFFIX_2048,
        state="connector 4 must exist and belong to the app: the ORM save (§4.3 F) runs after "
        "CONNECTOR_NOT_FOUND (§4.3 D)",
        note="§4.3 F: 'The length of \"<URL_DATA label>\" should not exceed 2048 characters.'",
    ),
    # ---- get / delete / fields (§4.4, §4.5, §4.7) -------------------------------------------
    Vector(95, CONNECTOR_GET, {}, "VALIDATION_ID_NOT_PROVIDED", ID_MISSING, note="§4.4"),
    Vector(
        96,
        CONNECTOR_GET,
        {"id": "4"},
        None,
        None,
        state="connector 4 must exist and belong to the app (otherwise CONNECTOR_NOT_FOUND)",
        note="§4.4: ok {'result': {'item': {...}}}",
    ),
    Vector(
        97,
        CONNECTOR_GET,
        {"id": 7},
        "CONNECTOR_NOT_FOUND",
        CONNECTOR_NOT_FOUND,
        state="connector 7 belongs to another app",
        note="§4.4",
    ),
    Vector(
        98,
        CONNECTOR_DELETE,
        {"id": 0},
        "VALIDATION_INVALID_ID_FORMAT",
        ID_FORMAT,
        note="§4.5",
    ),
    Vector(
        99,
        CONNECTOR_DELETE,
        {"id": 5},
        "CONNECTOR_DELETE_RESTRICTED",
        "Connector cannot be removed. Remove the connections related to the connector first.",
        state="connector 5 belongs to the app and has at least one source",
        note="§4.5",
    ),
    Vector(
        100,
        CONNECTOR_DELETE,
        {"id": 4},
        None,
        None,
        state="connector 4 must exist, belong to the app and have no sources",
        note="§4.5: ok true",
    ),
    Vector(
        101,
        CONNECTOR_FIELDS,
        {},
        None,
        None,
        state="called via webhook by a user with both rights: fields() checks only the "
        "permissions, not the app id",
        note="§4.7: ok {'result': {'fields': [...12 items...]}}",
    ),
    # ---- biconnector.connector.list (§4.6, §3.10) -------------------------------------------
    Vector(102, CONNECTOR_LIST, {}, None, None, note="§4.6: ok (page 1, at most 50 items)"),
    Vector(
        103,
        CONNECTOR_LIST,
        {"select": "*"},
        "VALIDATION_SELECT_TYPE",
        'Parameter "select" must be array.',
        note="§4.6",
    ),
    Vector(
        104,
        CONNECTOR_LIST,
        {"select": ["ID"]},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT",
        'Field "ID" is not allowed in the "select".',
        note="§3.10: strict camelCase match",
    ),
    Vector(
        105,
        CONNECTOR_LIST,
        {"select": ["id", "url_check"], "filter": {"foo": 1}},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT",
        'Field "url_check" is not allowed in the "select".',
        note="§4.6: select errors come before filter errors",
    ),
    Vector(
        106,
        CONNECTOR_LIST,
        {"filter": "title"},
        "VALIDATION_FILTER_TYPE",
        'Parameter "filter" must be array.',
        note="§4.6",
    ),
    Vector(107, CONNECTOR_LIST, {"filter": {"@id": [9, 11]}}, None, None, note="§3.10: ok"),
    Vector(
        108,
        CONNECTOR_LIST,
        {"filter": {"@title": ["a", "b"]}},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
        'Field "0" is not allowed in the "filter".',
        note="§3.10: array values are validated recursively by their int keys",
    ),
    Vector(
        109,
        CONNECTOR_LIST,
        {"filter": {"logic": "xor", "title": "x"}},
        "VALIDATION_INVALID_FILTER_LOGIC",
        'Field "logic" must be either "AND" or "OR".',
        note="§3.10",
    ),
    Vector(
        110,
        CONNECTOR_LIST,
        {"filter": {"logic": "or", "%=title": "My%"}},
        None,
        None,
        note="§3.10: ok (logic upper-cased; prefixes stripped by ltrim)",
    ),
    Vector(
        111,
        CONNECTOR_LIST,
        {"filter": {"LOGIC": "OR"}},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
        'Field "LOGIC" is not allowed in the "filter".',
        note="§3.10: only the exact key 'logic' is special",
    ),
    Vector(
        112,
        CONNECTOR_LIST,
        {"filter": {"logic": ["AND"]}},
        None,
        None,
        fatal=True,
        note="§3.10: FATAL TypeError (strtoupper of an array)",
    ),
    Vector(
        113,
        CONNECTOR_LIST,
        {"filter": ["title"]},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
        'Field "0" is not allowed in the "filter".',
        note="§3.10: a JSON list has int key 0",
    ),
    Vector(
        114,
        CONNECTOR_LIST,
        {"filter": {"URL_CHECK": "x"}},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
        'Field "URL_CHECK" is not allowed in the "filter".',
        note="§3.10",
    ),
    Vector(
        115,
        CONNECTOR_LIST,
        {"order": "id"},
        "VALIDATION_ORDER_TYPE",
        'Parameter "order" must be array.',
        note="§4.6",
    ),
    Vector(
        116,
        CONNECTOR_LIST,
        {"order": {"ID": "ASC"}},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER",
        'Field "ID" is not allowed in the "order".',
        note="§4.6",
    ),
    Vector(
        117,
        CONNECTOR_LIST,
        {"order": {"id": "up"}},
        "ERROR_ARGUMENT",
        'Invalid order "UP"',
        top_level=True,
        note="§4.6: ORM Query::addOrder ArgumentException, HTTP 400",
    ),
    Vector(
        118,
        CONNECTOR_LIST,
        {"order": {"id": 1}},
        "ERROR_ARGUMENT",
        "Order must be a string",
        top_level=True,
        note="§4.6: ORM Query::addOrder ArgumentException, HTTP 400",
    ),
    Vector(
        119,
        CONNECTOR_LIST,
        {"page": "abc"},
        None,
        None,
        note="§4.6: ok (first page, no error for a bad page)",
    ),
    # ---- biconnector.source.* (§5) ----------------------------------------------------------
    Vector(
        120,
        SOURCE_ADD,
        {"fields": {"title": "S", "settings": {"token": "t"}}},
        "VALIDATION_REQUIRED_FIELD_MISSING",
        'Field "connectorId" is required.',
        note="§5.2: validateFields, before any DB look-up",
    ),
    Vector(
        121,
        SOURCE_ADD,
        {"fields": {"title": "S", "connectorId": 4, "settings": {}, "type": "rest"}},
        "VALIDATION_READ_ONLY_FIELD",
        'Field "type" is read only.',
        note="§5.1: type precedes connectorId in the field table",
    ),
    Vector(
        122,
        SOURCE_ADD,
        {"fields": {"title": "S", "connectorId": 4, "settings": {}, "active": "Y"}},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "active" must be of type boolean.',
        note="§5.2",
    ),
    Vector(
        123,
        SOURCE_ADD,
        {"fields": {"title": "S", "connectorId": 999, "settings": {"token": "t"}}},
        "CONNECTOR_NOT_FOUND",
        CONNECTOR_NOT_FOUND,
        state="connector 999 does not exist",
        note="§5.2 step 4",
    ),
    Vector(
        124,
        SOURCE_ADD,
        {"fields": {"title": "S", "connectorId": 4, "settings": {"token": "t"}}},
        "SOURCE_CREATE_CONNECTION_ERROR",
        "Cannot create connection.",
        state="connector 4 exists for the app and its urlCheck answers HTTP 500",
        note="§5.2, §7",
    ),
    Vector(
        125,
        SOURCE_ADD,
        {"fields": {"title": "S", "connectorId": 4, "settings": {"token": "t"}}},
        "SOURCE_CREATE_CONNECTION_ERROR",
        "Cannot create connection.",
        state="connector 4 exists for the app and its urlCheck answers 200 with body '0'",
        note="§7: `!$answer` is true for the body '0'",
    ),
    Vector(
        126,
        SOURCE_ADD,
        {"fields": {"title": "", "connectorId": 4, "settings": {"token": "t"}}},
        0,
        "All the fields are required.",
        state="connector 4 exists for the app and its urlCheck passes: the empty-title check "
        "(SourceManager::addConnection) runs after both",
        note="§5.2 step 7: error code 0; English text of EXTERNAL_CONNECTION_ERROR_FIELDS_"
        "INCOMPLETE as given by the newest docs",
    ),
    Vector(
        127,
        SOURCE_UPDATE,
        {"id": 10, "fields": {"connectorId": 5}},
        "VALIDATION_IMMUTABLE_FIELD",
        'Field "connectorId" is immutable.',
        note="§5.3: validateFields runs before the source look-up",
    ),
    Vector(
        128,
        SOURCE_UPDATE,
        {"id": 10, "fields": {"description": "d"}},
        0,
        "All the fields are required.",
        state="source 10 exists for the app and its urlCheck works: the title check "
        "(SourceManager::updateConnection) runs after SOURCE_NOT_FOUND and urlCheck",
        note="§5.3 step 4: title missing, error code 0",
    ),
    Vector(
        129,
        SOURCE_UPDATE,
        {"id": 999, "fields": {"title": "x"}},
        "SOURCE_NOT_FOUND",
        "Source was not found.",
        state="source 999 does not exist",
        note="§5.3",
    ),
    Vector(
        130,
        SOURCE_DELETE,
        {"id": 11},
        "BX_ERROR",
        None,
        state="source 11 exists for the app and has linked datasets",
        note=(
            "§5.4: lang message BICONNECTOR_EXTERNAL_SOURCE_EXTERNAL_SOURCE_DELETE_RELATION_"
            "ERROR_MSGVER_2; the docs give 'Cannot delete source. Delete all related datasets "
            "first.' (not fixed by the spec)"
        ),
    ),
    # ---- biconnector.table.* (§6) -----------------------------------------------------------
    Vector(
        131,
        TABLE_ADD,
        {"fields": with_(TABLE_131)},
        "VALIDATION_DATASET_NAME_INVALID",
        "Dataset name has to start with a lowercase Latin character. Possible entry includes "
        "lowercase Latin characters (a-z), numbers (0-9) and underscores.",
        note="§6.2 step 3: checked before SOURCE_NOT_FOUND",
    ),
    Vector(
        132,
        TABLE_ADD,
        {"fields": with_(TABLE_131, name="sales", sourceId=999)},
        "SOURCE_NOT_FOUND",
        "Source was not found.",
        state="source 999 does not exist",
        note="§6.2 step 4",
    ),
    Vector(
        133,
        TABLE_ADD,
        {"fields": with_(TABLE_131, name="sales", fields=[])},
        "FIELDS_EMPTY",
        "$fields is empty",
        state=STATE_SOURCE_10_SUPERSET,
        note="§6.2 5.3: [] passes the 'array' type check; empty(fields) is caught later",
    ),
    Vector(
        134,
        TABLE_ADD,
        {
            "fields": with_(
                TABLE_131,
                name="sales",
                fields=[{"name": "id", "externalCode": "id", "type": "int"}],
            )
        },
        "VALIDATION_FIELD_NAME_INVALID_FORMAT",
        'Field "name" has to start with an uppercase Latin character. Possible entry includes '
        "uppercase Latin characters (A-Z), numbers (0-9) and underscores.",
        state=STATE_SOURCE_10_SUPERSET,
        note="§6.2 5.4: RestDatasetManager checkFields",
    ),
    Vector(
        135,
        TABLE_ADD,
        {
            "fields": with_(
                TABLE_131,
                name="sales",
                fields=[{"name": "ID", "externalCode": "id", "type": "INT"}],
            )
        },
        "VALIDATION_FIELD_INVALID_TYPE",
        "Invalid field type.",
        state=STATE_SOURCE_10_SUPERSET,
        note="§6.2 5.4: FieldType values are lowercase",
    ),
    Vector(
        136,
        TABLE_ADD,
        {
            "fields": with_(
                TABLE_131,
                name="sales",
                fields=[
                    {"name": "A", "externalCode": "x", "type": "int"},
                    {"name": "B", "externalCode": "x", "type": "int"},
                ],
            )
        },
        "VALIDATION_DUPLICATE_FIELD_CODE",
        'Duplicate values found in the "code" parameter: x',
        state=STATE_SOURCE_10_SUPERSET,
        note="§6.2 5.4: RestDatasetManager checkFields",
    ),
    Vector(
        137,
        TABLE_ADD,
        {
            "fields": with_(
                TABLE_131,
                name="sales",
                fields=[
                    {"name": "A", "externalCode": "x", "type": "int"},
                    {"name": "A", "externalCode": "y", "type": "int"},
                ],
            )
        },
        0,
        "Duplicate column names: A",
        state=STATE_SOURCE_10 + "; and no OnBeforeAddDataset handler error",
        note="§6.2 5.1: checkBefore, error code 0 (before the Superset name check)",
    ),
    Vector(
        137,
        TABLE_ADD,
        {
            "fields": with_(
                TABLE_131,
                name="sales",
                fields=[
                    {"name": "A", "externalCode": "x", "type": "int"},
                    {"name": "A", "externalCode": "y", "type": "int"},
                ],
            )
        },
        "DUPLICATE_FIELDS",
        None,
        target="latest",
        state=STATE_SOURCE_10 + " (assumed: the newer server's order was not seen)",
        message_prefix="Duplicate column names: ",
        note=(
            "§6.2 step 6: [DOC-only] newer server; docs template 'Duplicate column names: "
            "#FIELD_NAMES#.'"
        ),
    ),
    Vector(
        138,
        TABLE_UPDATE,
        {"id": 20, "fields": {"name": "x"}},
        "VALIDATION_IMMUTABLE_FIELD",
        'Field "name" is immutable.',
        note="§6.3 step 1: validateFields, before DATASET_NOT_FOUND",
    ),
    Vector(
        139,
        TABLE_UPDATE,
        {"id": 20, "fields": {"fields": []}},
        "INVALID_METHOD",
        'Use the method "biconnector.dataset.fields.update" to update the dataset fields."',
        state="dataset 20 must exist and belong to the app: DATASET_NOT_FOUND (§6.3 step 2) is "
        "checked before INVALID_METHOD (step 3)",
        note="§6.3: isset([]) is true; note the stray trailing quote in the message",
    ),
    Vector(
        140,
        TABLE_FIELDS_UPDATE,
        {"id": 20, "add": [{"name": "A", "type": "int"}]},
        "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS",
        'Field to be added must include the required parameters: "name", "externalCode" and '
        '"type".',
        note="§6.4 step 2: before DATASET_NOT_FOUND",
    ),
    Vector(
        141,
        TABLE_FIELDS_UPDATE,
        {"id": 20, "update": [{"id": 1}]},
        "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS",
        'Field to be updated must include the required parameters: "id" and "visible".',
        note="§6.4 step 3",
    ),
    Vector(
        142,
        TABLE_FIELDS_UPDATE,
        {"id": 20, "delete": ["0"]},
        "VALIDATION_FIELD_DELETE_INVALID_ID",
        "ID to be deleted must be a positive integer.",
        note="§6.4 step 4",
    ),
    Vector(
        143,
        TABLE_FIELDS_UPDATE,
        {"id": "x", "add": [{}]},
        "VALIDATION_INVALID_ID_FORMAT",
        ID_FORMAT,
        note="§6.4 step 1: ID first",
    ),
    # ---- batch (§2.6, §8.1) -----------------------------------------------------------------
    Vector(
        144,
        BATCH,
        None,
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "supportMapping" must be of type boolean.',
        encoding="batch",
        raw=CONNECTOR_ADD + "?" + form_body({"fields": with_(B, supportMapping="true")}),
        note=(
            "§2.6, §8.1: batch {'cmd': {'a': raw}}; expected in result.result.a.error.error "
            "(result_error empty); parse_str makes supportMapping the string 'true'"
        ),
    ),
]


def _check() -> None:
    """Sanity checks of the data (not a test): every number 1..144 is present, in order."""
    numbers = [v.number for v in VECTORS]
    assert numbers == sorted(numbers), "vectors out of number order"
    assert set(numbers) == set(range(1, 145)), sorted(set(range(1, 145)) ^ set(numbers))
    doubles = {n for n in numbers if numbers.count(n) > 1}
    assert doubles == {39, 52, 137}, doubles
    for n in doubles:
        targets = [v.target for v in VECTORS if v.number == n]
        assert len(set(targets)) == len(targets), (n, targets)
    for v in VECTORS:
        assert v.encoding in {"json", "form", "raw-json", "batch"}, v.number
        assert (v.encoding == "json") == (v.raw is None), v.number
        assert (v.params is None) == (v.encoding != "json"), v.number
        assert not (v.fatal and v.code is not None), v.number
        if v.code in {"BX_EMPTY_REQUIRED", "BX_INVALID_VALUE"}:
            assert v.message is None and v.message_prefix and v.message_suffix, v.number
        if v.message is not None:
            assert v.message_prefix is None and v.message_suffix is None, v.number
    by_number = {v.number: v for v in VECTORS if v.target == "2026-05"}
    assert len(by_number[68].params["fields"]["urlCheck"]) == 2049
    fields_69 = list(by_number[69].params["fields"])
    assert fields_69[0] == "urlData" and fields_69[-1] == "title"
    assert by_number[38].raw is not None and by_number[38].raw.endswith("fields[supportMapping]=1")
    assert by_number[144].raw is not None
    assert by_number[144].raw.endswith("&fields[supportMapping]=true")
