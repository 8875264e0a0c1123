"""Property-based tests (Hypothesis): the library never raises, is deterministic, and every
diagnostic of a file points at the text of the value it names.

For a file, each diagnostic's ``pointer`` is resolved (RFC 6901) against the decoded document and
its ``line``/``column`` … ``end_line``/``end_column`` is cut from the text:

* **Every pointer resolves.** A diagnostic about a member that is *missing* cannot name it: it
  names the value that lacks it, its *parent*. Exactly these codes do so (``PARENT_CODES``), and
  the test checks the member is indeed absent there:

  ==============================================  =============================================
  code                                            points at (and the member missing there)
  ==============================================  =============================================
  ``VALIDATION_ID_NOT_PROVIDED``                  the params (``id``)
  ``VALIDATION_FIELDS_NOT_PROVIDED``              the params (``fields``); or ``fields`` itself
                                                  when it is there but empty or not an array
  ``VALIDATION_REQUIRED_FIELD_MISSING``           ``fields`` (the field the message names)
  ``VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS``  the settings item (``type``/``name``/``code``)
  ==============================================  =============================================

  (When the body is undecodable for PHP, ``BL006``, the server sees no params at all, so the
  first two point at params that are in the file.)
* **The span lies on the value.** (Except problems of the text itself, ``TEXT_CODES``: a lone
  surrogate escape, a byte order mark; their span is those characters.) The text of the span re-parses to the value at the pointer;
  or, for a diagnostic about a key (an unknown or read-only field, a duplicate key, …), to the
  key: the pointer's last reference token.

The payload texts are ``json.dumps`` of generated values with random indentation, separators
(any JSON whitespace around ``,`` and ``:``), ``ensure_ascii`` and random Unicode keys and strings.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bicon_lint import lint_payload, lint_text
from bicon_lint.api import Report
from bicon_lint.loaders.document import Document, LineMap
from bicon_lint.loaders.json_loader import index_positions, load_json
from bicon_lint.methods import METHODS
from bicon_lint.model import Diagnostic, Part
from bicon_lint.targets import Target

# Codes whose subject is an absent member, and where they point (see the module docstring).
PARENT_CODES = frozenset(
    {
        "VALIDATION_ID_NOT_PROVIDED",
        "VALIDATION_FIELDS_NOT_PROVIDED",
        "VALIDATION_REQUIRED_FIELD_MISSING",
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
    }
)
_REQUIRED = re.compile(r'Field "(?P<title>[^"]+)" is required\.')
_SETTING_ITEM = re.compile(r"(?:/params)?/fields/settings/[^/]*")

# Problems of the text rather than of a value: their span is the offending characters.
TEXT_CODES = {
    "BL006": re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|[\[{]"),  # a lone surrogate; level 513
    "BL007": re.compile(r"\ufeff?|."),  # the byte order mark, at 1:1
}

PROFILE = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(codec=None), max_size=12)  # surrogates included
UTF8_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
FIELD_NAMES = st.sampled_from(
    [
        "id", "title", "logo", "description", "sort", "urlCheck", "urlData", "urlTableList",
        "urlTableDescription", "settings", "dateCreate", "supportMapping", "sourceCode", "name",
        "type", "code", "NAME", "Type", "active", "connectorId", "sourceId", "externalName",
        "fields", "select", "filter", "order", "add", "update", "delete", "page",
    ]
)  # fmt: skip


def json_values(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats(allow_nan=False, allow_infinity=False)
        | text
        | st.sampled_from(["STRING", "INT", "string", "0x1A", "4", " 4 ", "", "1e3", "https://x.y"])
    )
    keys = FIELD_NAMES | text
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5)
        ),
        max_leaves=25,
    )


CONNECTOR_FIELDS: dict[str, Any] = {
    "title": "Connector",
    "logo": "data:image/png;base64,iVBORw0KGgo=",
    "description": "d",
    "sort": 100,
    "urlCheck": "https://ex.com/check",
    "urlData": "https://ex.com/data",
    "urlTableList": "https://ex.com/tables",
    "urlTableDescription": "https://ex.com/describe",
    "settings": [{"name": "Token", "type": "STRING", "code": "token"}],
    "supportMapping": True,
}
VALID_FIELDS: dict[str, dict[str, Any]] = {
    "connector": CONNECTOR_FIELDS,
    "source": {
        "title": "Source",
        "description": "d",
        "active": True,
        "connectorId": 4,
        "settings": {"token": "t", "host": "db.example.com"},
    },
    "table": {
        "sourceId": 2,
        "name": "sales_2026",
        "description": "d",
        "externalName": "sales",
        "externalCode": "sales",
        "fields": [{"name": "ID", "externalCode": "id", "type": "int"}],
    },
}
VALID_FIELDS["dataset"] = VALID_FIELDS["table"]


@st.composite
def near_valid(draw: st.DrawFn, text: st.SearchStrategy[str]) -> tuple[str, dict[str, Any]]:
    """(method, params): a valid-looking add or update of one entity with a few fields replaced,
    dropped or lengthened, so that the later rules (settings, lengths, save) have a say."""
    entity = draw(st.sampled_from(sorted(VALID_FIELDS)))
    action = draw(st.sampled_from(["add", "update"]))
    value = json_values(text)
    fields: dict[str, Any] = {}
    for name, good in VALID_FIELDS[entity].items():
        choice = draw(st.integers(0, 9))
        if choice < 6:
            fields[name] = copy.deepcopy(good)
        elif choice < 8:
            fields[name] = draw(value)
        elif choice == 8 and isinstance(good, str):
            fields[name] = good + "x" * draw(st.sampled_from([0, 63, 511, 2047, 2048]))
    items = fields.get("settings") if entity == "connector" else fields.get("fields")
    if isinstance(items, list) and draw(st.booleans()):
        keys = st.sampled_from(["name", "type", "code", "NAME", "Type", "externalCode", "x"])
        items += draw(st.lists(st.dictionaries(keys, value, max_size=4), max_size=3))
    if draw(st.integers(0, 9)) == 0:
        fields[draw(FIELD_NAMES)] = draw(value)
    params: dict[str, Any] = {"fields": fields}
    if action == "update" or draw(st.integers(0, 9)) == 0:
        params["id"] = draw(st.sampled_from([4, "4", "04", 0, -1, "x", None, 1.5, 2**64]) | value)
    return f"biconnector.{entity}.{action}", params


def params_like(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Params shaped like the API's (``id``, ``fields`` with settings) or anything at all."""
    value = json_values(text)
    setting = st.dictionaries(
        st.sampled_from(["name", "type", "code", "NAME", "Code"]), value, max_size=4
    )
    fields = st.dictionaries(FIELD_NAMES, value, max_size=6) | st.fixed_dictionaries(
        {"settings": st.lists(setting, max_size=3)}, optional={"title": value, "sort": value}
    )
    shaped = st.fixed_dictionaries({}, optional={"id": value, "fields": fields, "select": value})
    return near_valid(text).map(lambda pair: pair[1]) | shaped | value


# Names the library accepts (an unknown one raises UnknownMethodError: tests/test_envelope.py);
# a file's envelope may name any method (the server answers ERROR_METHOD_NOT_FOUND).
KNOWN_METHOD_NAMES = st.sampled_from(sorted(METHODS)) | st.just("BIConnector.Connector.Update ")
METHOD_NAMES = KNOWN_METHOD_NAMES | st.sampled_from(["biconnector.connector.nope", "crm.deal.add"])
TARGETS = st.sampled_from(list(Target))
WS = st.sampled_from(["", " ", "  ", "\n", "\t", "\r\n", " \n  "])


@st.composite
def payload_texts(draw: st.DrawFn) -> tuple[str, str, bool]:
    """(file text, method, enveloped): a payload written with random JSON formatting."""
    enveloped = draw(st.booleans())
    method = draw(METHOD_NAMES if enveloped else KNOWN_METHOD_NAMES)  # bare: method is --method
    ensure_ascii = draw(st.booleans())
    text = ANY_TEXT if ensure_ascii else UTF8_TEXT
    if draw(st.booleans()):
        method, params = draw(near_valid(text))
    else:
        params = draw(params_like(text))
    value = {"method": method, "params": params} if enveloped else params
    indent = draw(st.none() | st.integers(0, 3) | st.just("\t"))
    item = draw(WS) + "," + draw(WS)
    key = draw(WS) + ":" + draw(WS)
    text = json.dumps(value, indent=indent, separators=(item, key), ensure_ascii=ensure_ascii)
    return draw(WS) + text + draw(WS), method, enveloped


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

_MISSING = object()


def resolve(document: Any, pointer: str) -> Any:
    """RFC 6901: the value ``pointer`` names in ``document``, or ``_MISSING``."""
    if pointer == "":
        return document
    assert pointer.startswith("/"), pointer
    value = document
    for token in pointer[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict):
            if token not in value:
                return _MISSING
            value = value[token]
        elif isinstance(value, list):
            if not (token == "0" or (token.isdigit() and token.isascii() and token[0] != "0")):
                return _MISSING
            if int(token) >= len(value):
                return _MISSING
            value = value[int(token)]
        else:
            return _MISSING
    return value


def offset_of(text: str, line: int, column: int) -> int:
    """Inverse of the reported position: lines split at ``\\n``, columns in code points."""
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def span_text(text: str, diagnostic: Diagnostic) -> str:
    assert diagnostic.line is not None and diagnostic.column is not None, diagnostic
    assert diagnostic.end_line is not None and diagnostic.end_column is not None, diagnostic
    start = offset_of(text, diagnostic.line, diagnostic.column)
    end = offset_of(text, diagnostic.end_line, diagnostic.end_column)
    assert 0 <= start <= end <= len(text), diagnostic
    return text[start:end]


def last_token(pointer: str) -> str:
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


def assert_names_the_parent(
    diagnostic: Diagnostic, target: Any, decoded: Any, report: Report
) -> None:
    """A ``PARENT_CODES`` diagnostic names the value its missing member belongs in."""
    prefix = "/params" if diagnostic.pointer.startswith("/params") else ""
    params = resolve(decoded, prefix)
    undecodable = any(d.code == "BL006" for d in report.diagnostics)
    code = diagnostic.code
    if code == "VALIDATION_ID_NOT_PROVIDED":
        assert diagnostic.pointer == prefix
        assert undecodable or not (isinstance(params, dict) and "id" in params)
    elif code == "VALIDATION_FIELDS_NOT_PROVIDED":
        assert diagnostic.pointer in (prefix, prefix + "/fields"), diagnostic
        if diagnostic.pointer == prefix:
            assert undecodable or not (isinstance(params, dict) and "fields" in params)
    elif code == "VALIDATION_REQUIRED_FIELD_MISSING":
        # fields is an object, or a JSON list: a PHP array with int keys only (SERVER-SPEC §3.5)
        assert diagnostic.pointer == prefix + "/fields" and isinstance(target, dict | list)
        found = _REQUIRED.fullmatch(diagnostic.message)
        assert found is not None and found["title"] not in (
            target if isinstance(target, dict) else ()
        )
    else:
        assert _SETTING_ITEM.fullmatch(diagnostic.pointer), diagnostic


def assert_points_at_its_value(text: str, report: Report) -> None:
    decoded = json.loads(text)
    for diagnostic in report.diagnostics:
        if diagnostic.code in TEXT_CODES:
            assert TEXT_CODES[diagnostic.code].fullmatch(span_text(text, diagnostic)), diagnostic
            continue
        target = resolve(decoded, diagnostic.pointer)
        assert target is not _MISSING, (diagnostic.code, diagnostic.pointer)
        if diagnostic.code in PARENT_CODES:
            assert_names_the_parent(diagnostic, target, decoded, report)
        cut = span_text(text, diagnostic)
        parsed = json.loads(cut)
        is_value = parsed == target and type(parsed) is type(target)
        is_key = diagnostic.pointer != "" and parsed == last_token(diagnostic.pointer)
        assert is_value or is_key, (diagnostic.code, diagnostic.pointer, cut, target)


def as_data(report: Report) -> tuple[object, ...]:
    return (
        report.method,
        [d.as_dict() for d in report.diagnostics],
        report.server_error.as_dict() if report.server_error else None,
    )


# --------------------------------------------------------------------------------------------
# lint_payload: never raises, deterministic, leaves the params alone
# --------------------------------------------------------------------------------------------


@PROFILE
@given(params_like(ANY_TEXT), KNOWN_METHOD_NAMES, TARGETS)
def test_lint_payload_never_raises_and_is_deterministic(
    params: Any, method: str, target: Target
) -> None:
    before = copy.deepcopy(params)
    first = lint_payload(params, method, target=target)
    second = lint_payload(params, method, target=target)
    assert as_data(first) == as_data(second)
    assert params == before  # no rule mutates what it checks
    for diagnostic in first.diagnostics:
        assert diagnostic.line is None  # a params value has no text, so no position
        assert diagnostic.code and diagnostic.message and diagnostic.rule


@PROFILE
@given(params_like(ANY_TEXT), TARGETS)
def test_every_method_and_target_is_linted(params: Any, target: Target) -> None:
    for method in METHODS:
        report = lint_payload(params, method, target=target)
        assert report.method == method


# --------------------------------------------------------------------------------------------
# Files: pointers resolve, positions lie on the value
# --------------------------------------------------------------------------------------------


@PROFILE
@given(payload_texts(), TARGETS)
# fields as a JSON list: a PHP array without the required titles
@example(('{"fields":[null]}', "biconnector.connector.add", False), Target.V2025_04)
def test_file_diagnostics_point_at_their_value(
    payload: tuple[str, str, bool], target: Target
) -> None:
    text, method, enveloped = payload
    report = lint_text(text, "payload.json", method=None if enveloped else method, target=target)
    assert as_data(report) == as_data(
        lint_text(text, "payload.json", method=None if enveloped else method, target=target)
    )
    assert_points_at_its_value(text, report)


@PROFILE
@given(payload_texts(), TARGETS)
def test_file_bytes_are_linted_like_the_text(
    payload: tuple[str, str, bool], target: Target
) -> None:
    text, method, enveloped = payload
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        assume(False)  # a lone surrogate written raw: no file can hold that text
        return
    given_method = None if enveloped else method
    from_bytes = lint_text(data, "payload.json", method=given_method, target=target)
    from_text = lint_text(text, "payload.json", method=given_method, target=target)
    assert as_data(from_bytes) == as_data(from_text)


# --------------------------------------------------------------------------------------------
# The targeted locator answers what the full position index answers
# --------------------------------------------------------------------------------------------


def paths_of(value: Any, loc: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [loc]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_of(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_of(item, (*loc, index))
    return found


@PROFILE
@given(
    payload_texts(),
    st.lists(st.one_of(st.integers(-1, 6), FIELD_NAMES, UTF8_TEXT), max_size=4),
)
def test_locator_agrees_with_the_full_index(
    payload: tuple[str, str, bool], extra: list[str | int]
) -> None:
    text = payload[0]
    document = load_json(text, "payload.json")
    reference = Document(path="payload.json", text=text, _indexer=index_positions)
    assert document.lintable
    paths = paths_of(json.loads(text))
    probes = [*paths, *((*path, *extra) for path in paths[:6]), tuple(extra)]
    for loc in probes:
        for part in Part:
            assert document.locate(loc, part) == reference.locate(loc, part), (loc, part)


@PROFILE
@given(st.lists(st.tuples(FIELD_NAMES, json_values(UTF8_TEXT)), min_size=1, max_size=6), WS)
def test_duplicate_keys_locate_the_value_php_keeps(
    pairs: list[tuple[str, Any]], space: str
) -> None:
    """With repeated keys, a path is found at the last occurrence, the one PHP keeps."""
    members = [f"{json.dumps(key)}:{space}{json.dumps(value)}" for key, value in pairs]
    text = "{" + f",{space}".join(members) + "}"
    document = load_json(text, "dup.json")
    kept = dict(pairs)
    for key, value in kept.items():
        span = document.locate((key,), Part.VALUE)
        assert span is not None
        cut = text[
            offset_of(text, span.line, span.column) : offset_of(
                text, span.end_line, span.end_column
            )
        ]
        assert json.loads(cut) == value
    names = [key for key, _ in pairs]
    repeated = {name for name in names if names.count(name) > 1}
    reported = [problem for problem in document.problems if problem.code == "BL003"]
    assert len(reported) == sum(names.count(name) for name in repeated)


# --------------------------------------------------------------------------------------------
# The fuzz target (fuzz/target.py): any bytes, any file type, every output format
# --------------------------------------------------------------------------------------------


def _fuzz_target() -> Any:
    path = Path(__file__).resolve().parents[1] / "fuzz" / "target.py"
    spec = importlib.util.spec_from_file_location("bicon_lint_fuzz_target", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FUZZ = _fuzz_target()
SEEDS = sorted((Path(__file__).resolve().parents[1] / "fuzz" / "seeds").iterdir())


@pytest.mark.slow
def test_fuzz_target_runs_every_seed() -> None:
    assert SEEDS
    for path in SEEDS:
        for kind in range(len(FUZZ.NAMES)):
            for choice in range(0, 256, 23):
                FUZZ.lint_bytes(bytes([kind, choice]) + path.read_bytes())


@PROFILE
@given(st.binary(max_size=400) | st.sampled_from(SEEDS).map(lambda p: p.read_bytes()[:300]))
def test_fuzz_target_never_raises(data: bytes) -> None:
    FUZZ.lint_bytes(data)


@PROFILE
@given(
    st.text(st.sampled_from("ab\n\r😀é"), max_size=60), st.lists(st.integers(0, 70), max_size=40)
)
def test_line_map_counting_answers_like_the_table(text: str, offsets: list[int]) -> None:
    """Counting newlines from the nearest placed offset (large files, few findings) answers what
    the table of line starts does, in any order of offsets."""
    table = LineMap(text, table=True)
    counting = LineMap(text, table=False)
    automatic = LineMap(text)
    for offset in [*offsets, *reversed(offsets)]:
        offset = min(offset, len(text))
        assert counting.position(offset) == table.position(offset), (text, offset)
        assert automatic.position(offset) == table.position(offset), (text, offset)
