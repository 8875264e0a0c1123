"""Large ``settings`` lists kept as text (``bicon_lint.compact``) answer as the ordinary path.

The JSON loader keeps runs of plain settings items as text only in files of at least
``compact.MIN_CHARS`` characters, and only runs of at least ``compact.RUN_CHUNK`` items. These
tests lower both (``small_runs``) so that small generated payloads take that path, and require
the same decoded value, the same positions and the same report as the ordinary path (``no_runs``)
and as the general path of tests/test_fast_paths.py, where no item is taken as plain.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bicon_lint import access, compact, lint_text
from bicon_lint.api import Report
from bicon_lint.compact import CompactArray, PlainRun
from bicon_lint.loaders.document import Document
from bicon_lint.loaders.json_loader import index_positions, load_json, max_depth
from bicon_lint.model import Part
from bicon_lint.targets import Target
from tests.test_fast_paths import settings_items

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TARGETS = st.sampled_from(list(Target))
METHODS = st.sampled_from(
    ["biconnector.connector.add", "biconnector.connector.update", "biconnector.source.add"]
)


@contextmanager
def small_runs(chunk: int = 2) -> Iterator[None]:
    with mock.patch.object(compact, "MIN_CHARS", 0), mock.patch.object(compact, "RUN_CHUNK", chunk):
        yield


@contextmanager
def no_runs() -> Iterator[None]:
    with mock.patch.object(compact, "MIN_CHARS", sys.maxsize):
        yield


@contextmanager
def general_path() -> Iterator[None]:
    """No item is plain, no run is skipped."""
    with (
        mock.patch.object(access, "is_plain", lambda _raw, _target: False),
        mock.patch.object(access, "plain_run", lambda _run, _target: False),
    ):
        yield


def as_data(report: Report) -> tuple[object, ...]:
    return (
        [diagnostic.as_dict() for diagnostic in report.diagnostics],
        report.server_error.as_dict() if report.server_error else None,
    )


PLAIN_ITEMS = st.builds(
    lambda name, kind, code: {"name": name, "type": kind, "code": code},
    st.sampled_from(["Login", "A b", " x ", "é😀", "https://h/rest/1/abc123def4/", "u://a:b@c"])
    # numbers: in a run up to 18 digits, never -0 (decoded as the ordinary path does), else not
    | st.sampled_from([0, 7, -12, 10**17 + 3, -(10**18) + 1, 10**18, 2**63 - 1, -0.0, 1.0, 5e3]),
    st.sampled_from(["STRING", "INT"]),
    st.sampled_from(["login", "a.b-c_1", "5", "05", "-1", "x" * 512, "pw"]),
)
ITEMS = st.one_of(PLAIN_ITEMS, PLAIN_ITEMS, settings_items())
SEPARATORS = st.sampled_from([(",", ":"), (", ", ": "), (",\n", ":"), (" ,\t", " :\r\n ")])


def envelope(method: str, settings_value: Any, separators: tuple[str, str], indent: Any) -> str:
    params = {"id": 4, "fields": {"title": "T", "settings": settings_value}}
    value = {"method": method, "params": params}
    return json.dumps(value, separators=separators, indent=indent, ensure_ascii=False)


def report_of(text: str, target: Target) -> tuple[object, ...]:
    return as_data(lint_text(text, "payload.json", target=target))


def settings_of(document: Document) -> Any:
    return document.value["params"]["fields"]["settings"]


@PROFILE
@given(
    st.lists(ITEMS, min_size=2, max_size=14),
    METHODS,
    TARGETS,
    SEPARATORS,
    st.sampled_from([None, 1, "\t"]),
    st.integers(2, 4),
)
def test_compact_settings_get_the_ordinary_report(
    items: list[Any],
    method: str,
    target: Target,
    separators: tuple[str, str],
    indent: Any,
    chunk: int,
) -> None:
    text = envelope(method, items, separators, indent)
    with small_runs(chunk):
        compacted = report_of(text, target)
        with general_path():
            general = report_of(text, target)
        document = load_json(text, "payload.json")
    with no_runs():
        ordinary = report_of(text, target)
    assert compacted == ordinary
    assert general == ordinary
    assert list(settings_of(document)) == items
    assert settings_of(document) == items


@PROFILE
@given(st.lists(ITEMS, min_size=2, max_size=14), SEPARATORS, st.sampled_from([None, 2]))
def test_compact_positions_are_the_full_index_positions(
    items: list[Any], separators: tuple[str, str], indent: Any
) -> None:
    text = envelope("biconnector.connector.update", items, separators, indent)
    reference = Document(path="payload.json", text=text, _indexer=index_positions)
    with small_runs():
        document = load_json(text, "payload.json")
    probes: list[tuple[str | int, ...]] = [("params", "fields", "settings", 99)]
    for index, item in enumerate(items):
        loc = ("params", "fields", "settings", index)
        probes += [loc, *((*loc, key) for key in (item if isinstance(item, dict) else ()))]
    for loc in [*probes, *reversed(probes)]:  # forwards, then backwards from the last found
        for part in Part:
            assert document.locate(loc, part) == reference.locate(loc, part), (loc, part)
    assert document._index is None  # the targeted locator answered every one


def test_the_generated_settings_take_the_compact_path() -> None:
    """Guards the properties above: their small payloads do hold plain runs."""
    plain = {"name": "Login", "type": "STRING", "code": "login"}
    items = [plain, plain, {"name": "x"}, plain, plain, plain, plain]
    text = envelope("biconnector.connector.update", items, (",", ":"), None)
    with small_runs():
        value = settings_of(load_json(text, "payload.json"))
    assert isinstance(value, CompactArray)
    assert [type(part) for part in value.parts] == [PlainRun, dict, PlainRun, dict]
    with no_runs():
        assert type(settings_of(load_json(text, "payload.json"))) is list


def test_numeric_names_are_kept_in_runs_and_read_back_as_numbers() -> None:
    """A run admits an integer name of up to 18 digits (``compact._NUMBER``); its items give it
    back as the ``int`` the decoder makes, and longer numbers or floats are decoded as usual."""
    names: list[Any] = [0, 5, -7, 10**17, -(10**17), 10**18, 1.5, -0.0]
    items = [{"name": name, "type": "STRING", "code": f"c{i}"} for i, name in enumerate(names)]
    text = envelope("biconnector.connector.update", items, (",", ":"), None)
    with small_runs():
        value = settings_of(load_json(text, "payload.json"))
    assert isinstance(value, CompactArray)
    assert [type(part) for part in value.parts] == [PlainRun, dict, dict, dict]
    assert value.parts[0].count == 5
    assert list(value) == items
    assert [type(item["name"]) for item in value] == [int] * 6 + [float] * 2


def test_a_large_settings_list_is_compact_with_the_default_thresholds() -> None:
    items = [{"name": f"N {i}", "type": "STRING", "code": f"c{i}"} for i in range(40_000)]
    items[30_000]["type"] = "string"
    text = envelope("biconnector.connector.update", items, (",", ":"), None)
    assert len(text) >= compact.MIN_CHARS
    document = load_json(text, "payload.json")
    assert isinstance(settings_of(document), CompactArray)
    report = lint_text(text, "payload.json")
    with no_runs():
        assert as_data(lint_text(text, "payload.json")) == as_data(report)
    # 40,000 items cannot fit the SETTINGS column (MySQL TEXT, 65,535 bytes: save-text-bytes)
    codes = ["ERROR_CORE", "VALIDATION_SETTINGS_INVALID_TYPE"]
    assert [d.code for d in report.diagnostics] == codes


@pytest.mark.parametrize(
    "items",
    [
        # a duplicate code: in one run, across runs, and with an item that is not plain
        [{"name": "A", "type": "STRING", "code": c} for c in ("a", "b", "c", "a", "d")],
        [
            *({"name": "A", "type": "STRING", "code": c} for c in ("5", "b", "c")),
            {"name": "x", "type": "STRING", "code": 5},
            *({"name": "A", "type": "STRING", "code": c} for c in ("d", "e", "b")),
        ],
        # INT before 2026-04; a webhook and a URL password in names
        [
            {"name": "A", "type": "INT" if i % 3 == 1 else "STRING", "code": f"c{i}"}
            for i in range(10)
        ],
        [{"name": n, "type": "STRING", "code": f"c{i}"} for i, n in enumerate(["a", "b"] * 3)]
        + [{"name": "https://x.bitrix24.com/rest/1/k3j2h4g5f6d7/", "type": "STRING", "code": "w"}]
        + [{"name": "pg://u:secret@h/db", "type": "STRING", "code": "z"}, {"name": "q"}],
    ],
    ids=["duplicate", "duplicate-number", "types", "secrets"],
)
@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.name)
def test_edge_cases_get_the_ordinary_report(items: list[Any], target: Target) -> None:
    text = envelope("biconnector.connector.update", items, (", ", ": "), None)
    with small_runs():
        assert isinstance(settings_of(load_json(text, "payload.json")), CompactArray)
        compacted = report_of(text, target)
    with no_runs():
        assert compacted == report_of(text, target)


PLAIN = '{"name":"N","type":"STRING","code":"c"}'


def compact_arrays(value: Any) -> int:
    if isinstance(value, CompactArray):
        return 1 + sum(compact_arrays(part) for part in value.decoded())
    if isinstance(value, dict):
        return sum(compact_arrays(item) for item in value.values())
    if isinstance(value, list):
        return sum(compact_arrays(item) for item in value)
    return 0


LOOKALIKE = '"\\u0000\\u0000bicon-lint plain run '


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f'{{"fields":{{"settings":[{PLAIN},{PLAIN},{PLAIN}]}}}}', 1),
        (f'{{"a":{{"fields":{{"settings":[{PLAIN},{PLAIN},{PLAIN},[]]}}}}}}', 1),
        (
            f'{{"fields":{{"settings":[{{"name":[{PLAIN},{PLAIN},{PLAIN}]}},{PLAIN},{PLAIN},1]}}}}',
            1,
        ),
        # runs elsewhere than fields.settings: an ordinary list
        (f'{{"fields":{{"other":[{PLAIN},{PLAIN},{PLAIN}]}}}}', 0),
        (f'{{"settings":[{PLAIN},{PLAIN},{PLAIN}]}}', 0),
        (f"[{PLAIN},{PLAIN},{PLAIN}]", 0),
        (f'{{"fields":{{"settings":[1,[{PLAIN},{PLAIN},{PLAIN}]]}}}}', 0),
        (f'[{{"fields":{{"settings":[{PLAIN},{PLAIN},{PLAIN}]}}}}]', 1),
        # a string of the file that looks like a placeholder: the ordinary path
        (f'{{"fields":{{"settings":[{PLAIN},{PLAIN},{PLAIN}],"t":{LOOKALIKE}0"}}}}', 0),
        (f'{{"fields":{{"settings":[{PLAIN},{PLAIN},{LOOKALIKE}7"]}}}}', 0),
        (f'{{"fields":{{"settings":[{PLAIN},{PLAIN},{LOOKALIKE}0"]}}}}', 0),
        (f'{{"fields":{{"settings":[{PLAIN},{PLAIN},{LOOKALIKE}x"]}}}}', 0),
    ],
)
def test_where_runs_are_kept_as_text(text: str, kept: int) -> None:
    with small_runs():
        document = load_json(text, "payload.json")
    assert document.lintable and not document.problems
    assert document.value == json.loads(text)
    assert json.loads(text) == document.value
    assert compact_arrays(document.value) == kept


@pytest.mark.parametrize(
    "text",
    [
        f'{{"fields":{{"settings":{PLAIN},{PLAIN},{PLAIN},"x":1}}}}',  # a run as members
        f'{{"fields":{{"settings":[{PLAIN},{PLAIN},{PLAIN},]}}}}',  # a trailing comma
        f'{{"fields":{{"settings":["a{PLAIN},{PLAIN},{PLAIN}"]}}}}',  # inside a string
        f"{PLAIN},{PLAIN},{PLAIN},{PLAIN}",  # extra data
        f'{{"fields":{{"settings":[{PLAIN},{PLAIN},{PLAIN},NaN]}}}}',
    ],
)
def test_invalid_text_with_runs_gets_the_ordinary_syntax_error(text: str) -> None:
    with small_runs():
        compacted = load_json(text, "payload.json")
    with no_runs():
        ordinary = load_json(text, "payload.json")
    assert not ordinary.lintable
    assert not compacted.lintable
    assert compacted.problems == ordinary.problems


def test_a_run_needs_two_items() -> None:
    with pytest.raises(ValueError, match="two items"):
        compact.find_runs(PLAIN, 1)


def test_compact_array_is_a_read_only_sequence() -> None:
    items = [{"name": "N", "type": "STRING", "code": f"c{i}"} for i in range(7)]
    text = json.dumps({"fields": {"settings": [*items[:5], 3, items[5], items[6]]}})
    with small_runs():
        value = load_json(text, "payload.json").value["fields"]["settings"]
    expected = [*items[:5], 3, items[5], items[6]]
    assert isinstance(value, CompactArray)
    assert len(value) == 8 and bool(value)
    assert [value[i] for i in range(-8, 8)] == expected + expected
    assert value[1:6:2] == expected[1:6:2]
    with pytest.raises(IndexError):
        value[8]
    assert value == expected and value != expected[:-1] and value != {"a": 1}
    assert "CompactArray" in repr(value)
    assert max_depth({"a": value}) == max_depth({"a": expected}) == 3
    with pytest.raises(TypeError):
        json.dumps(value)
    value[0]["name"] = "changed"  # each access decodes afresh: the text is the value
    assert value[0]["name"] == "N"


def test_the_run_name_pattern_tells_blank_as_str_isspace_does() -> None:
    """A run item's name has a character that is not ``str.isspace``: ``\\s`` in a character
    class of a ``str`` pattern is exactly ``str.isspace``, over every code point."""
    blank = re.compile(r"[\s]")
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        assert bool(blank.match(char)) == char.isspace(), hex(point)
