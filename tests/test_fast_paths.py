"""Every fast path answers what the general path answers.

bicon-lint skips work for the common shapes: a *plain* settings item (``access.is_plain``) is
passed over by every per-item settings rule, and a *plain* URL (``endpoints._PLAIN_URL``) is split
by one regex instead of ``urlsplit``. These properties run the same inputs through both paths and
require identical reports, over inputs generated around the edges of each fast path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bicon_lint import access, endpoints, lint_payload, lint_text, php
from bicon_lint.api import Report
from bicon_lint.loaders import json_loader
from bicon_lint.loaders.document import Document
from bicon_lint.model import Part, pointer
from bicon_lint.targets import Target
from tests.test_properties import paths_of, payload_texts

PROFILE = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TARGETS = st.sampled_from(list(Target))
METHODS = st.sampled_from(["biconnector.connector.add", "biconnector.connector.update"])

# Characters at the edge of a plain code: what http_build_query/parse_str treat specially.
EDGY = st.sampled_from(list("aZ09_.-[] %&=#+\0\t\n/é😀\u00a0\u2028"))
TEXTS = st.one_of(
    st.text(EDGY, max_size=8),
    st.sampled_from(["0", "00", "-1", "-0", "1.5", "9223372036854775808", " ", ""]),
    st.builds(lambda n, c: c * n, st.integers(509, 514), st.sampled_from(["a", "😀", " "])),
)
VALUES = st.one_of(
    TEXTS,
    st.sampled_from(["STRING", "INT", "string", "Int", "BOOL", None, True, False, 0, 1.5]),
    st.lists(st.just("x"), max_size=1),
    st.dictionaries(st.just("k"), st.just("v"), max_size=1),
)
KEYS = st.sampled_from(["name", "type", "code", "Name", "NAME", "nAme", "extra", "0"])


PLAIN_TEXT = st.from_regex(r"[A-Za-z0-9_.\-]{1,6}", fullmatch=True)


@st.composite
def nearly_plain_text(draw: st.DrawFn) -> Any:
    """A plain code or name, often with one edge character or length pushed past a limit."""
    text = draw(PLAIN_TEXT)
    choice = draw(st.integers(0, 5))
    if choice == 0:
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(EDGY) + text[at:]
    if choice == 1:
        return draw(TEXTS)
    if choice == 2:
        return draw(VALUES)
    if choice == 3:  # a number (a name may be one), often at the edge of PHP's integers
        return draw(st.integers(-(2**63), 2**63 - 1) | st.sampled_from(INTEGER_EDGES))
    return text


# Numbers a file can hold as they are (a larger integer is a float once decoded, as in PHP);
# the one-edit items add the integers just outside PHP's range.
INTEGER_EDGES = (0, -1, 2**63 - 1, -(2**63), 1.0, -0.0)


@st.composite
def settings_items(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(st.none(), st.just("item"), st.lists(st.just("STRING"), max_size=3)))
    item = {
        "name": draw(nearly_plain_text()),
        "type": draw(st.sampled_from(["STRING", "INT"]) | VALUES),
        "code": draw(nearly_plain_text()),
    }
    if draw(st.integers(0, 3)) == 0:
        for key in draw(st.lists(KEYS, max_size=2)):
            item[key] = draw(VALUES)
        for key in draw(st.lists(st.sampled_from(["name", "type", "code"]), max_size=1)):
            del item[key]
    return item


def as_data(report: Report) -> tuple[object, ...]:
    return (
        [diagnostic.as_dict() for diagnostic in report.diagnostics],
        report.server_error.as_dict() if report.server_error else None,
    )


@contextmanager
def general_path() -> Iterator[None]:
    """No item is plain or nearly plain: every rule looks at every item."""
    with (
        mock.patch.object(access, "is_plain", lambda _raw, _target: False),
        mock.patch.object(access, "near_plain", lambda _raw, _target: access.GENERAL),
    ):
        yield


@PROFILE
@given(st.lists(settings_items(), min_size=1, max_size=3), METHODS, TARGETS)
def test_plain_items_get_the_general_paths_report(
    items: list[Any], method: str, target: Target
) -> None:
    params = {"id": 4, "fields": {"title": "T", "settings": items}}
    fast = lint_payload(params, method, target=target)
    with general_path():
        general = lint_payload(params, method, target=target)
    assert as_data(fast) == as_data(general)


@PROFILE
@given(settings_items(), TARGETS)
def test_an_item_called_plain_draws_no_settings_diagnostic(item: Any, target: Target) -> None:
    params = {"id": 4, "fields": {"settings": [item]}}
    if not access.is_plain(item, target):
        return
    with general_path():
        report = lint_payload(params, "biconnector.connector.update", target=target)
    about_the_item = [
        d.code for d in report.diagnostics if d.pointer.startswith("/fields/settings/0")
    ]
    assert about_the_item == []
    assert report.server_error is None


def one_edit_items() -> list[dict[str, Any]]:
    """Every one-step departure from a plain item: each edge character at the start, middle and
    end of the name and the code, lengths around 512, each other type and an extra key."""
    base = {"name": "Token", "type": "STRING", "code": "api.key-1"}
    chars = list("aZ09_.-[] %&=#+\0\t\n/é😀\u00a0\u2028\\\"'")
    items: list[dict[str, Any]] = [base]
    for key in ("name", "code"):
        text = base[key]
        for char in chars:
            for at in (0, 3, len(text)):
                items.append({**base, key: text[:at] + char + text[at:]})
            items.append({**base, key: char})
        for size in (511, 512, 513):
            for char in ("a", "😀", " "):
                items.append({**base, key: char * size})
        items.append({**base, key: ""})
    for number in (*INTEGER_EDGES, 2**63, -(2**63) - 1, 10**30, 100_000, True, False):
        items.append({**base, "name": number})
    for kind in ("INT", "string", "Int", "", " STRING", 1, None, True):
        items.append({**base, "type": kind})
    for extra in ("extra", "Name", "NAME", "0"):
        items.append({**base, extra: "x"})
    items.extend({k: v for k, v in base.items() if k != gone} for gone in base)
    return items


@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.name)
def test_every_one_edit_item_gets_the_general_paths_report(target: Target) -> None:
    for item in one_edit_items():
        params = {"id": 4, "fields": {"settings": [item, dict(item)]}}
        fast = lint_payload(params, "biconnector.connector.update", target=target)
        with general_path():
            general = lint_payload(params, "biconnector.connector.update", target=target)
        assert as_data(fast) == as_data(general), item


def test_the_generated_items_reach_both_sides_of_plain() -> None:
    """Guards the strategy: the properties above mean something only if it yields plain items
    and items that are nearly plain."""
    target = Target.parse("latest")
    plain = {"name": "Token", "type": "STRING", "code": "api.key-1"}
    assert access.is_plain(plain, target)
    assert access.is_plain({**plain, "name": 100_000}, target)  # a number the server casts
    for changed in (
        {"code": "a]b"},
        {"code": "a b"},
        {"code": "x" * 513},
        {"name": " "},
        {"name": "n" * 513},
        {"type": "string"},
        {"extra": 1},
        {"name": 1.5},
        {"name": True},
        {"name": 2**63},
    ):
        assert not access.is_plain({**plain, **changed}, target), changed


@given(st.from_regex(access._PLAIN_CODE, fullmatch=True))
def test_a_plain_code_survives_the_form_encoding(code: str) -> None:
    """What settings-form-key skips for a plain code (``access.plain_code``): PHP reads
    ``connection[<code>]`` back as sent, and the code holds no bracket."""
    assert access.plain_code(code)
    arrived = php.parse_str(php.build_query({"connection": {code: "v"}}))
    assert arrived == {"connection": {php.array_key(code): "v"}}
    assert "[" not in code and code.strip()


def test_a_files_report_is_the_same_on_both_paths() -> None:
    text = (
        '{"method": "biconnector.connector.update", "params": {"id": 4, "fields": {"settings": '
        '[{"name": "A", "type": "STRING", "code": "a"}, {"name": "B", "type": "STRING", '
        '"code": "a"}, {"name": "C", "type": "string", "code": "c]"}]}}}'
    )
    fast = lint_text(text, "payload.json")
    with general_path():
        general = lint_text(text, "payload.json")
    assert as_data(fast) == as_data(general)
    assert {d.code for d in fast.diagnostics} >= {"BL402", "VALIDATION_SETTINGS_INVALID_TYPE"}


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------


def urlsplit_url(url: str) -> endpoints.Url | None:
    try:
        parts = urlsplit(url)
        return endpoints.Url(parts.scheme, parts.netloc, parts.hostname, parts.username)
    except ValueError:
        return None


URL_PIECES = st.sampled_from(
    ["https://", "http://", "HTTPS://", "ftp://", "//", "u:p@", "@", "[::1]", "[", "]", ":", "443",
     ":8080", "Example.COM", "a.b", "localhost", "/", "?", "#", "x", "%20", " ", "\t", "é", "\\"]
)  # fmt: skip


@PROFILE
@given(st.from_regex(endpoints._PLAIN_URL, fullmatch=True))
def test_plain_urls_split_as_urlsplit_does(url: str) -> None:
    assert endpoints.split(url) == urlsplit_url(url)


@PROFILE
@given(st.lists(URL_PIECES, max_size=8).map("".join))
def test_any_url_splits_as_urlsplit_does(url: str) -> None:
    assert endpoints.split(url) == urlsplit_url(url)


@pytest.mark.parametrize(
    "url",
    ["https://api.example.com/check", "http://EXAMPLE.com:8080/x?y=1#z", "https://h.example"],
)
def test_common_endpoints_take_the_fast_path(url: str) -> None:
    assert endpoints._PLAIN_URL.fullmatch(url)
    assert endpoints.split(url) == urlsplit_url(url)


@PROFILE
@given(
    st.from_regex(endpoints._PLAIN_URL, fullmatch=True)
    | st.lists(URL_PIECES, max_size=8).map("".join),
    TARGETS,
)
def test_plain_endpoints_get_the_general_paths_report(url: str, target: Target) -> None:
    params = {"id": 4, "fields": {"urlCheck": url, "urlData": "https://example.com/data"}}
    fast = lint_payload(params, "biconnector.connector.update", target=target)
    general_given = endpoints.given

    def nothing_plain(fields: Any) -> list[endpoints.Endpoint]:
        return [found._replace(plain=False) for found in general_given(fields)]

    with mock.patch.object(endpoints, "given", nothing_plain):
        general = lint_payload(params, "biconnector.connector.update", target=target)
    assert as_data(fast) == as_data(general)


@PROFILE
@given(st.lists(st.text(st.sampled_from("a/~0"), max_size=4) | st.integers(-3, 30), max_size=5))
def test_pointers_escape_as_rfc_6901_says(loc: list[str | int]) -> None:
    general = "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)
    assert pointer(tuple(loc)) == general


CONFIGS = {
    "none": "",
    "methods": '[tool.bicon-lint.methods]\n"a/x*.json" = "biconnector.connector.add"\n',
    "per-file-ignores": '[tool.bicon-lint.per-file-ignores]\n"a/x*.json" = ["BL408"]\n',
    "exclude": '[tool.bicon-lint]\nexclude = ["a/y.json"]\nforce-exclude = true\n',
    "select": '[tool.bicon-lint]\nextend-select = ["BL"]\ntarget = "2026-04"\n',
}
SETTINGS_PATHS = [
    "a/x.json", "a/y.json", "a/z.json", "a/./x.json", "a/../a/y.json", "a/x1.json",
    "x.json", "a", "a/.", "a/..", "b/c/d.json", "./a/x.json", "a//y.json",
]  # fmt: skip


@pytest.mark.parametrize("config", CONFIGS)
def test_files_of_one_folder_share_settings_only_when_nothing_names_them(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    """``Resolver.settings_for`` reuses a folder's settings for its other files unless a glob or
    an exclusion can tell them apart: asked in any order, it answers what a fresh resolver
    answers for each path alone."""
    from bicon_lint.config import Resolver

    (tmp_path / "pyproject.toml").write_text(CONFIGS[config])
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "c").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    shared = Resolver()
    for path in [*SETTINGS_PATHS, *reversed(SETTINGS_PATHS)]:
        assert shared.settings_for(path) == Resolver().settings_for(path), path


@pytest.mark.parametrize(
    "value",
    [
        {"method": "biconnector.connector.get", "params": {"id": 4}},
        {"id": 4, "fields": {"title": "T"}},
        {"id": 4},
        {"select": ["*"]},
        {"unrelated": True},
        [1, 2],
        "text",
    ],
)
@pytest.mark.parametrize("method", [None, "biconnector.source.add"])
def test_a_document_is_identified_once_for_both_questions(value: Any, method: str | None) -> None:
    """``identify_document`` answers ``identify`` with and without inference, from one
    computation per document, whichever question comes first."""
    from bicon_lint.identify import identify, identify_document
    from bicon_lint.loaders import load_text

    for order in ((False, True), (True, False)):
        document = load_text(json.dumps(value), "p.json")
        for infer in order:
            expected = identify(value, method, Target.LATEST, infer=infer)
            assert identify_document(document, method, Target.LATEST, infer=infer) == expected


def test_urls_are_split_once_and_long_ones_are_not_kept() -> None:
    """The endpoints of thousands of files name the same few services: a URL is split once and
    remembered (the same immutable answer); one longer than 2,048 characters is not kept."""
    url = "https://api.example.com/remembered"
    first = endpoints.split_shaped(url)
    assert endpoints.split_shaped(url) is first
    assert first == endpoints._split_url(url)
    long_url = "https://example.com/" + "a" * 3000
    before = endpoints._split_remembered.cache_info().currsize
    assert endpoints.split_shaped(long_url) == endpoints._split_url(long_url)
    assert endpoints._split_remembered.cache_info().currsize == before


KEY_TEXTS = [
    '{"method": "m", "params": {"id": 4, "fields": {"title": "T", "settings": [1]}}}',
    '{ "fields" : { "settings" :\n [ ] , "logo" : "x" } }',
    '{"a": {"settings": 1}, "b": {"settings": 2}}',  # the key twice: walked
    '{"x": "settings", "fields": {"settings": 1}}',  # a value spelled like it: walked
    '{"d": "say \\"settings\\"", "fields": {"settings": 1}}',  # a backslash: walked
    '{"fields": {"sett\\u0069ngs": 1}, "other": {"settings": 2}}',  # an escaped key: walked
    '{"f": {"é😀": {"k": null}}, "g": "é😀"}',
]


@pytest.mark.parametrize("text", KEY_TEXTS)
def test_a_key_written_once_is_found_where_the_walk_finds_it(text: str) -> None:
    """The locator finds a path's last key with ``str.find`` when the text has no backslash and
    the key is written once; everywhere it answers what the full position index answers."""
    from bicon_lint.loaders.document import Document
    from bicon_lint.loaders.json_loader import index_positions, load_json
    from bicon_lint.model import Part

    document = load_json(text, "p.json")
    reference = Document(path="p.json", text=text, _indexer=index_positions)

    def paths(value: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        found = [loc]
        for key, item in value.items() if isinstance(value, dict) else ():
            found += paths(item, (*loc, key))
        return found

    for loc in [*paths(json.loads(text)), ("fields", "missing"), ("b", "settings", "deeper")]:
        for part in Part:
            assert document.locate(loc, part) == reference.locate(loc, part), (loc, part)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("output", "color"), [("text", False), ("text", True), ("json", False), ("github", False)]
)
@pytest.mark.parametrize("jobs", ["1", "3"])  # one process; the parent and two workers
def test_output_made_where_each_file_is_linted_is_the_output_of_its_reports(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, jobs: str, output: str, color: bool
) -> None:
    """The CLI's text, json and github outputs are made file by file in the workers
    (``Options.render_file``, ``reporters.file_renderer``). Over every rule fixture written as a
    file, a batch file, files that are not payloads, a source and its connector, a missing path
    and a folder named like a file, in one and several processes, that output is the output of
    the reports a run keeps, with the same counts and failures."""
    from bicon_lint.reporters import file_renderer, render
    from bicon_lint.runner import Options, run_paths
    from tests.test_rule_fixtures import CASES, file_name

    monkeypatch.setenv("BICON_LINT_JOBS", jobs)
    monkeypatch.chdir(tmp_path)
    named: list[str] = []
    for case in CASES:
        path = tmp_path / "cases" / file_name(case)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case.text, encoding="utf-8")
        named.append(str(path.relative_to(tmp_path)))
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "folder.json" / "package.json").write_text('{"name": "x"}')
    commands = {"a": "biconnector.connector.get?id=0", "b": "biconnector.connector.delete?id=x"}
    (tmp_path / "batch.json").write_text(
        json.dumps({"method": "batch", "params": {"cmd": commands}})
    )
    paths = ["cases", *named, "batch.json", "missing.json", "folder.json"]
    plain = run_paths(paths, Options())
    made = run_paths(paths, Options(render_file=file_renderer(output, color)))
    assert made.reports == [] and made.rendered
    assert render(output, made, color=color) == render(output, plain, color=color)
    assert (made.errors, made.warnings, made.failures) == (
        plain.errors,
        plain.warnings,
        plain.failures,
    )
    assert plain.failures and plain.errors and any(report.skipped for report in plain.reports)


def test_formats_made_file_by_file() -> None:
    from bicon_lint.reporters import FORMATS, file_renderer

    assert [name for name in FORMATS if file_renderer(name) is not None] == [
        "text",
        "json",
        "github",
    ]


@PROFILE
@given(st.text(st.sampled_from("ab\n é😀\t"), max_size=40), st.integers(-3, 45), st.integers(0, 8))
def test_a_documents_first_place_is_the_line_maps(text: str, start: int, length: int) -> None:
    """A line map counts the first place asked of it directly (most documents ask one); the
    answer is the one of a map that keeps marks and of a table of line starts, on one line or
    across lines, inside the text or beyond it, and so is the next place asked."""
    from bicon_lint.loaders.document import Document, LineMap

    end = start + length
    document = Document(path="p.json", text=text)
    for marks in (LineMap(text, table=False), LineMap(text, table=True)):
        assert document.span_of(start, end) == marks.span(start, end)
    assert document.span_of(end, end) == LineMap(text, table=True).span(end, end)


# --------------------------------------------------------------------------------------------
# Settings items nearly plain (access.near_plain) and placing many findings
# --------------------------------------------------------------------------------------------


def near_plain_off() -> Any:
    """No item is nearly plain: every item that is not plain goes through the general path."""
    return mock.patch.object(access, "near_plain", lambda _raw, _target: access.GENERAL)


# Extra keys at the edges of the near-plain kind: lower-case names (in it) and keys the
# conversion changes, joins with a known key, or reads as a number (out of it).
EXTRA_KEYS = ("hint", "a", "z9", "a_b", "x_", "extra", "Hint", "nAme", "NAME", "Name", "0", "_a")
EXTRA_VALUES = ("x", "", None, 0, True, [1], {"Name": 1}, {"name": "n"})
OTHER_TYPES = ("string", "", " STRING", "Int", "INT", "BOOL", "STRING ", "str\u00e9")


@st.composite
def near_plain_items(draw: st.DrawFn) -> Any:
    """A plain item with extra keys, another type, or both; often one more edit (a name or code
    that is not plain, a key dropped)."""
    item: dict[str, Any] = {
        "name": draw(st.sampled_from(["Token", "T", " x", 7, 2**63 - 1])),
        "type": draw(st.sampled_from(["STRING", "INT"])),
        "code": draw(st.sampled_from(["api.key-1", "c", "a b", "x" * 512])),
    }
    if draw(st.booleans()):
        item["type"] = draw(st.sampled_from(OTHER_TYPES) | VALUES)
    for key in draw(st.lists(st.sampled_from(EXTRA_KEYS), max_size=3)):
        item[key] = draw(st.sampled_from(EXTRA_VALUES))
    if draw(st.integers(0, 5)) == 0:
        item[draw(st.sampled_from(["name", "type", "code"]))] = draw(nearly_plain_text())
    if draw(st.integers(0, 7)) == 0:
        del item[draw(st.sampled_from(["name", "type", "code"]))]
    return item


@PROFILE
@given(st.lists(near_plain_items() | settings_items(), min_size=1, max_size=4), METHODS, TARGETS)
def test_nearly_plain_items_get_the_general_paths_report(
    items: list[Any], method: str, target: Target
) -> None:
    params = {"id": 4, "fields": {"title": "T", "settings": items}}
    fast = lint_payload(params, method, target=target)
    with near_plain_off():
        near_off = lint_payload(params, method, target=target)
    with general_path():
        general = lint_payload(params, method, target=target)
    assert as_data(fast) == as_data(near_off) == as_data(general)


@pytest.mark.slow  # every one-edit item on every target: the oldest Python's run leaves it out
@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.name)
def test_every_nearly_plain_item_gets_the_general_paths_report(target: Target) -> None:
    """Each extra key with each kind of value, each other type, and both, after each one-step
    departure from a plain item; the item as a list's member and as an object's."""
    kinds: set[int] = set()
    for base in one_edit_items():
        variants: list[dict[str, Any]] = [{**base, "type": kind} for kind in OTHER_TYPES]
        for key in EXTRA_KEYS:
            variants += [{**base, key: value} for value in EXTRA_VALUES[:3]]
        variants.append({**base, "hint": "h", "type": "string"})
        variants.append({**base, "hint": "h", "z9": [1], "a_b": None})
        for item in variants:
            kinds.add(access.near_plain(item, target))
            for listed in ([item, dict(item)], {"first": item, "First": dict(item)}):
                params = {"id": 4, "fields": {"settings": listed}}
                fast = lint_payload(params, "biconnector.connector.update", target=target)
                with near_plain_off():
                    general = lint_payload(params, "biconnector.connector.update", target=target)
                assert as_data(fast) == as_data(general), item
    assert kinds == {access.GENERAL, access.EXTRA_KEYS, access.OTHER_TYPE}


def test_the_nearly_plain_kinds() -> None:
    """Guards the properties above: the kinds they compare are met."""
    target = Target.parse("latest")
    plain = {"name": "Token", "type": "STRING", "code": "api.key-1"}
    assert access.near_plain({**plain, "hint": 1, "a_b2": [1]}, target) == access.EXTRA_KEYS
    assert access.near_plain({**plain, "type": "string"}, target) == access.OTHER_TYPE
    for changed in (
        {"Hint": 1},
        {"NAME": 1},
        {"0": 1},
        {"type": "string", "hint": 1},
        {"type": 1},
        {"code": "a b", "hint": 1},
        {"code": "a b", "type": "string"},
    ):
        assert access.near_plain({**plain, **changed}, target) == access.GENERAL, changed
    assert access.near_plain([plain], target) == access.GENERAL


def test_a_flood_file_is_reported_the_same_on_every_path() -> None:
    """A file of many nearly plain items (a warning or an error each, and a few general ones):
    every diagnostic, position and the answer as without the near-plain kinds."""
    items: list[dict[str, Any]] = []
    for index in range(600):
        item: dict[str, Any] = {"name": f"Column {index}", "type": "STRING", "code": f"c{index}"}
        if index % 3 == 0:
            item["hint"] = index
        elif index % 3 == 1:
            item["type"] = "string"
        if index % 97 == 0:
            item["Name"] = "N"
        items.append(item)
    text = json.dumps(
        {
            "method": "biconnector.connector.update",
            "params": {"id": 4, "fields": {"settings": items}},
        },
        indent=1,
    )
    fast = lint_text(text, "flood.json")
    with near_plain_off():
        general = lint_text(text, "flood.json")
    assert as_data(fast) == as_data(general)
    codes = [d.code for d in fast.diagnostics]
    assert codes.count("BL401") >= 200 and codes.count("VALIDATION_SETTINGS_INVALID_TYPE") >= 200


@PROFILE
@given(st.text(st.sampled_from("ab\n é😀\t"), max_size=60), st.lists(st.integers(-3, 65)))
def test_a_line_map_keeping_few_marks_answers_like_the_table(text: str, offsets: list[int]) -> None:
    """A line map keeps a mark at most every ``MARK_EVERY`` characters (a flood's offsets are
    counted from the nearest); at every spacing it answers what the table of line starts does,
    in any order of offsets."""
    from bicon_lint.loaders.document import LineMap

    table = LineMap(text, table=True)
    for every in (0, 1, 3, 4096):
        with mock.patch.object(LineMap, "MARK_EVERY", every):
            counting = LineMap(text, table=False)
            for offset in [*offsets, *reversed(offsets)]:
                assert counting.position(offset) == table.position(offset), (every, offset)
                assert counting.span(offset, offset + 2) == table.span(offset, offset + 2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload_texts(), st.sampled_from([0, 1, 4096]))
def test_the_locator_for_long_texts_agrees_with_the_full_index(
    payload: tuple[str, str, bool], remembered: int
) -> None:
    """The one-regex member skip (used for long texts where the regex has possessive repeats)
    and a locator that remembers few paths answer what the full index does."""
    text = payload[0]
    reference = Document(path="payload.json", text=text, _indexer=json_loader.index_positions)
    paths = paths_of(json.loads(text))
    with (
        mock.patch.object(json_loader, "_QUICK_MAX", 0),
        mock.patch.object(json_loader, "_FOUND_MAX", remembered),
    ):
        document = json_loader.load_json(text, "payload.json")
        for loc in [*paths, *paths[:3]]:
            for part in Part:
                assert document.locate(loc, part) == reference.locate(loc, part), (loc, part)
