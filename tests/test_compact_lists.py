"""Large table column lists kept as text (``bicon_lint.compact_lists``) answer as the ordinary
path.

The JSON loader keeps runs of plain columns as text only in files of at least
``compact.MIN_CHARS`` characters, and only runs of at least ``compact_lists.RUN_CHUNK`` columns.
These tests lower both (``small_runs``) so that small generated payloads take that path, and
require the same decoded value, the same positions and the same report as the ordinary path
(``no_runs``), over generated columns around the edges of a plain column (names, codes and types
just outside it, keys in other orders, spellings or numbers, items that are not objects), every
column method, envelopes and bare params, and settings runs in the same file.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import product
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bicon_lint import compact, compact_lists, lint_text, php, table_columns
from bicon_lint.compact import CompactArray, PlainRun
from bicon_lint.compact_lists import ColumnArray, ColumnRun
from bicon_lint.loaders.document import Document
from bicon_lint.loaders.json_loader import index_positions, load_json, max_depth
from bicon_lint.model import Finding, Part, Request
from bicon_lint.rules import dataset_column_duplicates, dataset_column_values
from bicon_lint.targets import Target
from tests.test_compact import as_data

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TARGETS = st.sampled_from(list(Target))
METHODS = st.sampled_from(
    [
        "biconnector.table.add",
        "biconnector.dataset.add",
        "biconnector.table.fields.update",
        "biconnector.dataset.fields.update",
    ]
)
SEPARATORS = st.sampled_from([(",", ":"), (", ", ": "), (",\n", ":"), (" ,\t", " :\r\n ")])


@contextmanager
def small_runs(chunk: int = 2) -> Iterator[None]:
    with (
        mock.patch.object(compact, "MIN_CHARS", 0),
        mock.patch.object(compact, "RUN_CHUNK", chunk),
        mock.patch.object(compact_lists, "RUN_CHUNK", chunk),
    ):
        yield


@contextmanager
def no_runs() -> Iterator[None]:
    with mock.patch.object(compact, "MIN_CHARS", sys.maxsize):
        yield


NAMES = st.sampled_from(
    ["ID", "A", "COLUMN_1", "A" * 32, "A" * 33, "id", "1A", "_A", "ID\n", "Ä", "", " ID", 5, None]
)
CODES = st.sampled_from(
    [
        "id",
        "x",
        "a b",
        "5",
        "-1",
        "05",
        "1-2",
        "",
        "x" * 512,
        "x" * 513,
        "é😀",
        "-",
        5,
        None,
        "https://x.bitrix24.com/rest/1/k3j2h4g5f6d7/",
        "pg://u:secret@h/db",
        "z",
    ]
)
TYPES = st.sampled_from(
    ["int", "string", "double", "date", "datetime", "money", "timezone", "INT", "integer", 1]
)
PLAIN_NAMES = st.sampled_from(["ID", "A", "COLUMN_1", "A" * 32, "B_2"])
PLAIN_CODES = st.sampled_from(["id", "x", "a b", "1-2x", "x" * 512, "é😀", "5", "-1", "05", "0"])
PLAIN_TYPES = st.sampled_from(["int", "string", "money", "timezone", "date", "datetime"])
EXTRA_KEYS = st.sampled_from(
    ["description", "visible", "x", "namex", "externalcode", "Name", "name", "external_code"]
)
KEY_SPELLINGS = [
    *(spelling for spellings in compact_lists.SPELLINGS.values() for spelling in spellings),
    "NAME",
    "TYPE",
    "externalcode",
    "description",
]
EXTRA_VALUES = st.sampled_from(
    ["text", "", "é", "https://x.bitrix24.com/rest/1/k3j2h4g5/", True, None, 7, -3, 10**18, 1.5]
)


@st.composite
def columns(draw: st.DrawFn, plain: bool) -> Any:
    names, codes, types = (
        (PLAIN_NAMES, PLAIN_CODES, PLAIN_TYPES) if plain else (NAMES, CODES, TYPES)
    )
    # keys mostly spelled exactly, else in any spelling the key conversion turns into the key
    spelled = {
        key: draw(st.sampled_from(spellings)) if draw(st.integers(0, 2)) == 0 else key
        for key, spellings in compact_lists.SPELLINGS.items()
    }
    values = {
        spelled["name"]: draw(names),
        spelled["externalCode"]: draw(codes),
        spelled["type"]: draw(types),
    }
    if draw(st.integers(0, 3)) == 0:  # one member no rule reads (plain when simple)
        values[draw(EXTRA_KEYS)] = draw(EXTRA_VALUES)
    column = {key: values[key] for key in draw(st.permutations(list(values)))}
    if plain:
        return column
    choice = draw(st.integers(0, 9))
    if choice == 0:
        column[draw(st.sampled_from(["Name", "external_code", "Type", "NAME"]))] = draw(NAMES)
    elif choice == 1:
        column.pop(draw(st.sampled_from(list(spelled.values()))))
    elif choice == 2:
        column["visible"] = "Y"
    elif choice == 3:
        return draw(st.sampled_from(["ID", 5, None, [], ["ID"], {}]))
    elif choice == 4:
        column["name"] = ["ID"]
    return column


COLUMNS = st.one_of(columns(plain=True), columns(plain=True), columns(plain=False))


def payload(method: str, items: Any, bare: bool, separators: tuple[str, str], indent: Any) -> str:
    if method.endswith("fields.update"):
        params: dict[str, Any] = {"id": 20, "add": items}
    else:
        fields = {"sourceId": 10, "name": "sales", "externalName": "S", "externalCode": "s"}
        params = {"fields": {**fields, "fields": items}}
    value = params if bare else {"method": method, "params": params}
    return json.dumps(value, separators=separators, indent=indent, ensure_ascii=False)


def report_of(text: str, method: str, target: Target, bare: bool) -> tuple[object, ...]:
    """The report with the method given for bare params, and the one where it is inferred."""
    given_method = method if bare else None
    given = lint_text(text, "payload.json", method=given_method, target=target)
    return as_data(given), as_data(lint_text(text, "payload.json", target=target))


def columns_of(document: Document, method: str, bare: bool) -> Any:
    params = document.value if bare else document.value["params"]
    return params["add"] if method.endswith("fields.update") else params["fields"]["fields"]


@PROFILE
@given(
    st.lists(COLUMNS, min_size=2, max_size=14),
    METHODS,
    TARGETS,
    st.booleans(),
    SEPARATORS,
    st.sampled_from([None, 1, "\t"]),
    st.integers(2, 4),
)
def test_compact_lists_get_the_ordinary_report(
    items: list[Any],
    method: str,
    target: Target,
    bare: bool,
    separators: tuple[str, str],
    indent: Any,
    chunk: int,
) -> None:
    text = payload(method, items, bare, separators, indent)
    with small_runs(chunk):
        compacted = report_of(text, method, target, bare)
        document = load_json(text, "payload.json")
    with no_runs():
        ordinary = report_of(text, method, target, bare)
    assert compacted == ordinary
    kept = columns_of(document, method, bare)
    assert list(kept) == items
    assert kept == items
    assert len(kept) == len(items)
    assert [kept[index] for index in range(-len(items), len(items))] == items * 2
    assert max_depth(document.value) == max_depth(json.loads(text))


@PROFILE
@given(st.lists(COLUMNS, min_size=2, max_size=14), METHODS, SEPARATORS, st.sampled_from([None, 2]))
def test_compact_column_positions_are_the_full_index_positions(
    items: list[Any], method: str, separators: tuple[str, str], indent: Any
) -> None:
    text = payload(method, items, False, separators, indent)
    reference = Document(path="payload.json", text=text, _indexer=index_positions)
    with small_runs():
        document = load_json(text, "payload.json")
    base = ("params", "add") if method.endswith("fields.update") else ("params", "fields", "fields")
    probes: list[tuple[str | int, ...]] = [(*base, 99)]
    for index, item in enumerate(items):
        loc = (*base, index)
        probes += [loc, *((*loc, key) for key in (item if isinstance(item, dict) else ()))]
    for loc in [*probes, *reversed(probes)]:  # forwards, then backwards from the last found
        for part in Part:
            assert document.locate(loc, part) == reference.locate(loc, part), (loc, part)


PLAIN = {"name": "ID", "externalCode": "id", "type": "int"}


def plain(number: int, kind: str = "int") -> dict[str, str]:
    return {"name": f"C{number}", "externalCode": f"c{number}", "type": kind}


def test_the_generated_columns_take_the_compact_path() -> None:
    """Guards the properties above: their small payloads do hold column runs, kept whole by the
    column rules' shared value."""
    items = [plain(0), plain(1), {"name": "x"}, plain(2), plain(3), plain(4), plain(5)]
    text = payload("biconnector.table.add", items, False, (",", ":"), None)
    with small_runs():
        document = load_json(text, "payload.json")
        value = columns_of(document, "biconnector.table.add", False)
        assert isinstance(value, ColumnArray)
        assert [type(part) for part in value.parts] == [ColumnRun, dict, ColumnRun, dict]
        assert [part.count for part in value.parts if type(part) is ColumnRun] == [2, 3]
    with no_runs():
        document = load_json(text, "payload.json")
        assert type(columns_of(document, "biconnector.table.add", False)) is list


@pytest.mark.parametrize(
    ("method", "bare"),
    [("biconnector.table.fields.update", True), ("biconnector.dataset.fields.update", False)],
)
def test_fields_update_add_items_are_kept_as_text(method: str, bare: bool) -> None:
    items = [plain(number) for number in range(5)]
    text = payload(method, items, bare, (",", ":"), None)
    with small_runs():
        value = columns_of(load_json(text, "payload.json"), method, bare)
    assert isinstance(value, ColumnArray)


CONVERTED = {"name": "NAME", "externalCode": "EXTERNAL_CODE", "type": "TYPE"}


def spellings_of(letters: str, underscores: int) -> Iterator[str]:
    """Every string of ``letters`` in any case with at most ``underscores`` underscores (one)."""
    for cases in product(*((letter, letter.upper()) for letter in letters)):
        word = "".join(cases)
        yield word
        if underscores:
            yield from (word[:cut] + "_" + word[cut:] for cut in range(len(word) + 1))


def test_no_other_character_lowercases_into_a_column_key() -> None:
    """A key converts by adding underscores and lowering case (``php.camel2snake``): no character
    but the ASCII letters of ``name``, ``externalCode`` and ``type`` (and ``_``) lowercases into
    them, so the keys that convert to NAME, EXTERNAL_CODE or TYPE are those letters in any case
    with the target's underscores or fewer: ``spellings_of`` gives them all."""
    letters = set("nameexternal_codetype")
    others = (chr(point) for point in range(0x80, 0x110000) if not 0xD800 <= point < 0xE000)
    assert [char for char in others if set(php.camel2snake(char)) <= letters] == []


@pytest.mark.parametrize(
    ("key", "letters", "underscores"),
    [("name", "name", 0), ("type", "type", 0), ("externalCode", "externalcode", 1)],
)
def test_a_run_admits_exactly_the_spellings_that_convert_to_its_keys(
    key: str, letters: str, underscores: int
) -> None:
    candidates = set(spellings_of(letters, underscores))
    converting = {spelled for spelled in candidates if php.convert_key(spelled) == CONVERTED[key]}
    assert converting == set(compact_lists.SPELLINGS[key])
    pattern = re.compile(f"(?:{compact_lists._KEYS[key]})")
    assert {spelled for spelled in candidates if pattern.fullmatch(spelled)} == converting


def spelled(number: int, name: str, code: str, kind: str) -> dict[str, str]:
    return {name: f"C{number}", code: f"c{number}", kind: "int"}


@pytest.mark.parametrize("name", compact_lists.SPELLINGS["name"])
@pytest.mark.parametrize("code", compact_lists.SPELLINGS["externalCode"])
@pytest.mark.parametrize("kind", compact_lists.SPELLINGS["type"])
@pytest.mark.parametrize("method", ["biconnector.table.add", "biconnector.table.fields.update"])
def test_spelled_keys_are_kept_as_text_where_they_are_converted(
    name: str, code: str, kind: str, method: str
) -> None:
    """Columns with keys spelled ``Name``, ``external_code``... are kept as text in a
    ``table.add``; in ``fields.update``'s ``add`` (keys read as written) only when every key is
    spelled exactly. The report is the ordinary path's either way, with or without a repeat."""
    exact = (name, code, kind) == ("name", "externalCode", "type")
    for items in (
        [spelled(number, name, code, kind) for number in range(6)],
        [spelled(number % 4, name, code, kind) for number in range(6)],
    ):
        text = payload(method, items, False, (",", ":"), None)
        with small_runs():
            compacted = report_of(text, method, Target.LATEST, False)
            value = columns_of(load_json(text, "payload.json"), method, False)
        with no_runs():
            ordinary = report_of(text, method, Target.LATEST, False)
        assert compacted == ordinary
        kept = method == "biconnector.table.add" or exact
        assert (type(value) is ColumnArray) is kept
        assert value == items


@PROFILE
@given(st.lists(columns(plain=True), min_size=6, max_size=20), st.integers(2, 5), SEPARATORS)
def test_a_runs_names_and_codes_are_its_columns(
    items: list[Any], chunk: int, separators: tuple[str, str]
) -> None:
    """A run's names, codes and codes as PHP keys them, read from its text chunk by chunk (keys
    spelled exactly in some chunks, otherwise in others), are those of its decoded columns."""
    text = payload("biconnector.table.add", items, False, separators, None)
    with small_runs(chunk):
        value = columns_of(load_json(text, "payload.json"), "biconnector.table.add", False)
    for part in value.parts if type(value) is ColumnArray else ():  # (most examples)
        if type(part) is not ColumnRun:
            continue
        decoded = list(part)
        cells = [{php.convert_key(key): item[key] for key in item} for item in decoded]
        assert [name for chunk in part.names() for name in chunk] == [c["NAME"] for c in cells]
        codes = [c["EXTERNAL_CODE"] for c in cells]
        assert [code for chunk in part.codes() for code in chunk] == codes
        keyed = [php.array_key(code) for code in codes]
        assert [key for chunk in part.code_keys() for key in chunk] == keyed
        assert part.types == {c["TYPE"] for c in cells}
        spelled = {each for spellings in compact_lists.SPELLINGS.values() for each in spellings[1:]}
        assert part.exact() == all(spelled.isdisjoint(item) for item in decoded)


def test_runs_elsewhere_are_ordinary_lists() -> None:
    """Column-shaped items outside a column path are decoded (no rule expects them compact),
    and so are settings-shaped items among columns (compact's runs, put back as a list)."""
    setting = {"name": "N", "type": "STRING", "code": "c"}
    value = {
        "method": "biconnector.connector.update",
        "params": {"id": 1, "fields": {"title": "T", "settings": [PLAIN] * 4, "x": [PLAIN] * 4}},
    }
    text = json.dumps(value)
    with small_runs():
        document = load_json(text, "payload.json")
    assert type(document.value["params"]["fields"]["settings"]) is list
    assert document.value == value
    mixed = [plain(0), plain(1), plain(2), setting, setting, setting, plain(3), plain(4)]
    text = payload("biconnector.table.add", mixed, False, (",", ":"), None)
    with small_runs():
        document = load_json(text, "payload.json")
        assert type(columns_of(document, "biconnector.table.add", False)) is list
        assert columns_of(document, "biconnector.table.add", False) == mixed


def test_a_settings_list_and_a_column_list_in_one_file() -> None:
    setting = {"name": "N", "type": "STRING", "code": "c"}
    value = {"fields": {"settings": [setting] * 4, "fields": [plain(n) for n in range(4)]}}
    text = json.dumps(value)
    with small_runs():
        document = load_json(text, "payload.json")
    assert type(document.value["fields"]["settings"]) is CompactArray
    assert [type(p) for p in document.value["fields"]["settings"].parts] == [PlainRun, dict]
    assert type(document.value["fields"]["fields"]) is ColumnArray
    assert document.value == value


@pytest.mark.parametrize(
    "items",
    [
        # a repeated name / externalCode: in one run, across runs, and with a column outside runs
        [plain(n) for n in (1, 2, 3)] + [{**plain(4), "name": "C1"}] + [plain(5)],
        [plain(n) for n in (1, 2, 3)] + [{**plain(4), "externalCode": "c2"}] + [plain(5)],
        [plain(n) for n in (1, 2, 3)]
        + [{"name": 5, "externalCode": 7, "type": "int"}]
        + [{**plain(n), "externalCode": code} for n, code in ((4, "7"), (5, "x"), (6, "y"))],
        # a code of digits in a run repeated by a decoded column's string of digits
        [plain(n) for n in (1, 2, 3)]
        + [{**plain(4), "externalCode": "7", "x": 1, "y": 2}]
        + [{**plain(n), "externalCode": code} for n, code in ((5, "7"), (6, "x"), (7, "y"))],
        # timezone columns: valid from 2026-04 only
        [plain(n, "timezone" if n % 3 == 1 else "int") for n in range(10)],
        # a webhook and a URL password in codes
        [plain(n) for n in range(3)]
        + [{**plain(3), "externalCode": "https://x.bitrix24.com/rest/1/k3j2h4g5f6d7/"}]
        + [{**plain(4), "externalCode": "pg://u:secret@h/db"}, plain(5), {"name": "q"}],
    ],
    ids=[
        "duplicate-name",
        "duplicate-code",
        "duplicate-number",
        "duplicate-digits",
        "timezone",
        "secrets",
    ],
)
@pytest.mark.parametrize("method", ["biconnector.table.add", "biconnector.table.fields.update"])
@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.name)
def test_edge_cases_get_the_ordinary_report(items: list[Any], method: str, target: Target) -> None:
    text = payload(method, items, False, (",", ":"), None)
    with small_runs():
        compacted = report_of(text, method, target, False)
        value = columns_of(load_json(text, "payload.json"), method, False)
        assert type(value) is ColumnArray  # the case is on the compact path
    with no_runs():
        ordinary = report_of(text, method, target, False)
    assert compacted == ordinary


def reference_columns(method: str, params: Any) -> list[tuple[Any, dict[Any, Any]]]:
    """``(location, cells)`` of each column as the column rules read them, each key converted one
    by one (the computation ``table_columns`` shares among the columns written alike)."""
    found: list[tuple[Any, dict[Any, Any]]] = []
    if method.endswith("fields.update"):
        for key, item in php.items(params.get("add")):
            if php.isset(item, *table_columns.EXACT.values()):
                loc: tuple[Any, ...] = ("add", key)
                exact = table_columns.EXACT.items()
                found.append((loc, {name: ((*loc, raw), item[raw]) for name, raw in exact}))
        return found
    for key, item in php.items(params["fields"]["fields"]):
        loc = ("fields", "fields", key)
        written = item.keys() if isinstance(item, dict) else ()
        found.append((loc, {php.convert_key(raw): ((*loc, raw), item[raw]) for raw in written}))
    return found


def reference_repeats(cells: list[dict[Any, Any]], key: str) -> list[Any]:
    keys = [table_columns.counted(each.get(key, ((), None))[1]) for each in cells]
    keys = [each for each in keys if each is not None]
    return [each for each in dict.fromkeys(keys) if keys.count(each) > 1]


def reference_values(request: Request, columns: list[tuple[Any, dict[Any, Any]]]) -> Any:
    """``dataset-column-values`` as it read every column's cells."""
    types = dataset_column_values.field_types(request.target)
    for position, (_loc, cells) in enumerate(columns):
        if not table_columns.complete(cells):
            continue
        (name_loc, name), (type_loc, type_) = cells["NAME"], cells["TYPE"]
        if php.is_array(name):
            args = {"call": "preg_match()", "key": "name"}
            yield Finding(name_loc, "BL103", args, order=(4, position, 1), fatal=True)
            continue
        if dataset_column_values.NAME_PATTERN.fullmatch(php.to_string(name)) is None:
            yield Finding(name_loc, "VALIDATION_FIELD_NAME_INVALID_FORMAT", order=(4, position, 1))
        if php.mb_strlen(name) > dataset_column_values.NAME_MAX:
            yield Finding(name_loc, "VALIDATION_FIELD_NAME_TOO_LONG", order=(4, position, 2))
        if php.is_array(type_):
            args = {"call": "FieldType::tryFrom()", "key": "type"}
            yield Finding(type_loc, "BL103", args, order=(4, position, 3), fatal=True)
        elif not (isinstance(type_, str) and type_ in types):
            yield Finding(type_loc, "VALIDATION_FIELD_INVALID_TYPE", order=(4, position, 3))


def reference_repeated(cells: list[dict[Any, Any]], key: str) -> tuple[str, list[Any]]:
    """``dataset-column-duplicates``' repeated values and their places, counted one by one."""
    counts: dict[Any, int] = {}
    repeats: list[Any] = []
    for each in cells:
        loc, value = each.get(key, ((), None))
        found = table_columns.counted(value)
        if found is not None:
            counts[found] = counts.get(found, 0) + 1
            if counts[found] > 1:
                repeats.append(loc)
    return ", ".join(php.to_string(k) for k, n in counts.items() if n > 1), repeats


@PROFILE
@given(
    st.lists(
        st.one_of(COLUMNS, st.dictionaries(st.sampled_from(KEY_SPELLINGS), NAMES, max_size=5)),
        min_size=0,
        max_size=14,
    ),
    METHODS,
    st.booleans(),
)
def test_the_columns_read_as_each_key_converted_one_by_one(
    items: list[Any], method: str, compacted: bool
) -> None:
    """Each column's cells, completeness and values, and ``distinct``, against the reference."""
    text = payload(method, items, True, (",", ":"), None)
    with small_runs() if compacted else no_runs():
        document = load_json(text, "payload.json")
    request = Request(method, document.value, Target.LATEST)
    expected = reference_columns(method, json.loads(text))
    columns = list(table_columns.all_columns(request))
    assert [(column.loc, column.cells) for column in columns] == expected
    assert table_columns.columns(request) == expected
    for column, (_loc, cells) in zip(columns, expected, strict=True):
        assert column.keys.complete == table_columns.complete(cells)
        for name in (*table_columns.EXACT, "DESCRIPTION", "N_AM_E"):
            assert column.cell(name) == cells.get(name, ((), None))
    for target in Target:
        request = Request(method, document.value, target)
        found = list(dataset_column_values.check(request))
        assert found == list(reference_values(request, expected))
    for key in ("NAME", "EXTERNAL_CODE"):
        repeated = dataset_column_duplicates.repeated(request, key)
        assert repeated == reference_repeated([cells for _loc, cells in expected], key)
    parts = table_columns.column_parts(request)
    for key in ("NAME", "EXTERNAL_CODE"):
        repeats = reference_repeats([cells for _loc, cells in expected], key)
        if table_columns.distinct(parts, key):
            assert repeats == []
        values = [table_columns.counted(cells.get(key, ((), None))[1]) for _, cells in expected]
        hashes = [hash(value) for value in values if value is not None]
        if len(set(hashes)) == len(hashes):  # no two values share a hash: distinct knows
            assert table_columns.distinct(parts, key) == (repeats == [])


def test_the_shared_parts_keep_runs_whole() -> None:
    """The column rules' shared value holds a run as one part, and gives its columns, decoded,
    as the ordinary list gives them."""
    items = [plain(n) for n in range(7)]
    text = payload("biconnector.table.add", items, False, (",", ":"), None)
    with small_runs(3):
        report = lint_text(text, "payload.json")
        document = load_json(text, "payload.json")
    assert report.diagnostics == [] and report.server_error is None
    kept = columns_of(document, "biconnector.table.add", False)
    assert [type(part) for part in kept.parts] == [ColumnRun, dict]
    assert kept.parts[0].count == 6
    request = Request("biconnector.table.add", document.value["params"], Target.LATEST)
    parts = table_columns.column_parts(request)
    assert [type(part).__name__ for part in parts] == ["Run", "Column"]
    assert [column.position for column in table_columns.all_columns(request)] == list(range(7))
    assert [loc for loc, _cells in table_columns.columns(request)] == [
        ("fields", "fields", n) for n in range(7)
    ]


def test_invalid_text_with_runs_gets_the_ordinary_syntax_error() -> None:
    items = [plain(n) for n in range(6)]
    text = payload("biconnector.table.add", items, False, (",", ":"), None)[:-3] + ",]}}"
    with small_runs():
        compacted = as_data(lint_text(text, "payload.json"))
    with no_runs():
        ordinary = as_data(lint_text(text, "payload.json"))
    assert compacted == ordinary
    assert compacted[0][0]["code"] == "BL001"  # type: ignore[index]


def test_a_placeholder_look_alike_takes_the_ordinary_path() -> None:
    fake = "\x00\x00bicon-lint column run 0"
    for items in ([plain(0), plain(1), plain(2), fake], [plain(0), plain(1), {"a": fake}]):
        text = payload("biconnector.table.add", items, False, (",", ":"), None)
        with small_runs():
            document = load_json(text, "payload.json")
        assert columns_of(document, "biconnector.table.add", False) == items


def _fixture_cases() -> list[Any]:
    from tests.test_rule_fixtures import CASES

    return [case for case in CASES if case.options.get("ext", "json") == "json"]


@pytest.mark.parametrize("case", _fixture_cases(), ids=lambda case: case.id)
def test_every_rule_fixture_gets_the_ordinary_report(case: Any) -> None:
    """Both kinds of runs (columns, settings) of two items, in every JSON fixture."""
    from tests.test_rule_fixtures import lint_case

    with small_runs():
        compacted = as_data(lint_case(case))
    with no_runs():
        ordinary = as_data(lint_case(case))
    assert compacted == ordinary


def _vectors() -> list[Any]:
    from tests.vectors import VECTORS

    return [v for v in VECTORS if v.encoding == "json" and v.method != "batch"]


@pytest.mark.parametrize("vector", _vectors(), ids=lambda vector: f"v{vector.number}")
def test_every_vector_gets_the_ordinary_report(vector: Any) -> None:
    text = json.dumps(vector.params)
    with small_runs():
        compacted = as_data(lint_text(text, "p.json", method=vector.method, target=vector.target))
    with no_runs():
        ordinary = as_data(lint_text(text, "p.json", method=vector.method, target=vector.target))
    assert compacted == ordinary


# --- Number runs: a list call's filter values ---------------------------------------------------

LIST_METHODS = st.sampled_from(
    ["biconnector.connector.list", "biconnector.source.list", "biconnector.table.list"]
)
PLAIN_IDS = st.one_of(
    st.integers(0, 10**6),
    st.sampled_from([-5, 10**17, -(10**17), 10**18 - 1, "7", "007", "0", "9" * 18]),
)
IDS = st.one_of(
    PLAIN_IDS,
    PLAIN_IDS,
    st.sampled_from(
        [
            10**18,
            -(10**18),
            2**63,
            1.5,
            -0.0,
            1e3,
            "",
            "-1",
            "1a",
            "9" * 19,
            " 1",
            "1 ",
            "id-4",
            None,
            True,
            False,
            [],
            [1, 2],
            {},
            {"id": 1},
            "https://x.bitrix24.com/rest/1/k3j2h4g5/",
        ]
    ),
)
FILTER_KEYS = st.sampled_from(["@id", "!@id", "id", "@title", "0", "@ID", "bogus", "=connectorId"])


@st.composite
def filters(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(FILTER_KEYS, min_size=1, max_size=3, unique=True))
    found: dict[str, Any] = {key: draw(st.lists(IDS, min_size=0, max_size=12)) for key in keys}
    if draw(st.booleans()):
        found["logic"] = draw(st.sampled_from(["OR", "and", "x"]))
    return found


def list_text(method: str, filter_: Any, bare: bool, separators: tuple[str, str]) -> str:
    params = {"select": ["id"], "filter": filter_}
    value = params if bare else {"method": method, "params": params}
    return json.dumps(value, separators=separators, ensure_ascii=False)


@PROFILE
@given(filters(), LIST_METHODS, TARGETS, st.booleans(), SEPARATORS, st.integers(2, 4))
def test_compact_filter_lists_get_the_ordinary_report(
    filter_: dict[str, Any],
    method: str,
    target: Target,
    bare: bool,
    separators: tuple[str, str],
    chunk: int,
) -> None:
    text = list_text(method, filter_, bare, separators)
    with small_runs(chunk):
        compacted = report_of(text, method, target, bare)
        document = load_json(text, "payload.json")
    with no_runs():
        ordinary = report_of(text, method, target, bare)
    assert compacted == ordinary
    kept = (document.value if bare else document.value["params"])["filter"]
    assert kept == filter_
    for key, value in filter_.items():
        assert list(kept[key]) == value if isinstance(value, list) else kept[key] == value


@PROFILE
@given(filters(), SEPARATORS)
def test_compact_filter_positions_are_the_full_index_positions(
    filter_: dict[str, Any], separators: tuple[str, str]
) -> None:
    text = list_text("biconnector.source.list", filter_, False, separators)
    reference = Document(path="payload.json", text=text, _indexer=index_positions)
    with small_runs():
        document = load_json(text, "payload.json")
    probes: list[tuple[str | int, ...]] = []
    for key, value in filter_.items():
        loc = ("params", "filter", key)
        probes += [
            loc,
            (*loc, 99),
            *((*loc, index) for index in range(len(value) if isinstance(value, list) else 0)),
        ]
    for loc in [*probes, *reversed(probes)]:
        for part in Part:
            assert document.locate(loc, part) == reference.locate(loc, part), (loc, part)


def test_filter_ids_take_the_compact_path() -> None:
    """Guards the properties above: an id list under a filter key holds number runs, and a list
    elsewhere (the filter itself, a select) is an ordinary list."""
    ids: list[Any] = [1, "2", 3, 4, "x", 5, 6, "007"]
    text = list_text("biconnector.source.list", {"@id": ids, "0": [1, 2, 3]}, False, (",", ":"))
    with small_runs():
        document = load_json(text, "payload.json")
    kept = document.value["params"]["filter"]["@id"]
    assert isinstance(kept, compact_lists.NumberArray)
    assert [type(part).__name__ for part in kept.parts] == ["NumberRun", "str", "NumberRun", "str"]
    assert kept == ids
    text = list_text("biconnector.source.list", [1, 2, 3, 4], False, (",", ":"))
    with small_runs():
        assert type(load_json(text, "payload.json").value["params"]["filter"]) is list


@pytest.mark.parametrize(
    "text",
    [
        '{"filter": {"@id": [12345678901234567890, 1, 2, 3]}}',  # the tail of a longer number
        '{"filter": {"@id": ["1, 2, 3, 4, x"]}}',  # numbers in a string
        '{"filter": {"@id": [1.5, 2, 3, 4, 5e3]}}',
        '{"filter": {"@id": [-0, 1, 2, 3, 4]}}',
    ],
)
def test_numbers_that_are_not_items_are_left_alone(text: str) -> None:
    with small_runs():
        compacted = load_json(text, "payload.json")
        report = as_data(lint_text(text, "p.json", method="biconnector.source.list"))
    with no_runs():
        assert as_data(lint_text(text, "p.json", method="biconnector.source.list")) == report
        ordinary = load_json(text, "payload.json")
    assert compacted.value == ordinary.value
    assert [type(item) for item in compacted.value["filter"]["@id"]] == [
        type(item) for item in ordinary.value["filter"]["@id"]
    ]


def test_a_column_with_one_more_member_is_kept_in_a_run() -> None:
    """A member no rule reads (``description``) keeps a column plain; a second one, a key that
    converts to a read one (``Name``) or a nested value does not."""
    described = [{**plain(n), "description": f"column {n}"} for n in range(4)]
    for items, kept in (
        (described, [ColumnRun, dict]),
        ([{**plain(n), "description": "d", "visible": "Y"} for n in range(4)], [dict] * 4),
        ([{**plain(n), "Name": "X"} for n in range(4)], [dict] * 4),
        ([{**plain(n), "description": ["d"]} for n in range(4)], [dict] * 4),
    ):
        text = payload("biconnector.table.add", items, False, (", ", ": "), None)
        with small_runs():
            value = columns_of(load_json(text, "payload.json"), "biconnector.table.add", False)
            report = as_data(lint_text(text, "payload.json"))
        with no_runs():
            assert as_data(lint_text(text, "payload.json")) == report
        parts = value.parts if isinstance(value, ColumnArray) else value
        assert [type(part) for part in parts] == kept
        assert value == items


@pytest.mark.parametrize("duplicated", [False, True])
def test_an_object_walked_into_again_and_again_is_placed_as_the_full_index_places(
    duplicated: bool,
) -> None:
    """The locator indexes the members of an object after a few walks into it (thousands of
    filter groups, a finding in each): every key, value and depth found as the full index finds
    them, in any order, with repeated keys (the last wins) and in a large text."""
    groups: dict[str, Any] = {str(n): {"=id": n, "%title": f"t {n}"} for n in range(40)}
    members = [f'"{key}": {json.dumps(value)}' for key, value in groups.items()]
    if duplicated:
        members.insert(5, '"7": {"=id": "first"}')
    filler = " " * (1 << 17)  # longer than the locator's one-regex member skip
    text = '{"filter": {' + ", ".join(members) + "}, " + f'"x": "{filler}"' + "}"
    reference = Document(path="payload.json", text=text, _indexer=index_positions)
    document = load_json(text, "payload.json")
    probes: list[tuple[str | int, ...]] = []
    for key in [*groups, "missing"]:
        probes += [("filter", key), ("filter", key, "=id"), ("filter", key, "%title", 0)]
    for loc in [*probes, *reversed(probes)]:
        for part in Part:
            assert document.locate(loc, part) == reference.locate(loc, part), (loc, part)
    assert document._index is None
