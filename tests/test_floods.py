"""Floods of findings: placed together, written as they are made, and the same as one by one.

A file with thousands of findings has them placed in batches (``Document.locate_many``:
``Locator.place_many`` and ``LineMap.spans``) and its output written a piece at a time
(``reporters.Stream``, each format's ``write_reports``). These tests require the same spans as
``Document.locate`` asked once per finding, and the same bytes as the output rendered whole.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from contextlib import nullcontext
from itertools import groupby
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bicon_lint import access, engine
from bicon_lint.api import Report
from bicon_lint.loaders import json_loader
from bicon_lint.loaders.document import LineMap
from bicon_lint.loaders.json_loader import load_json
from bicon_lint.model import (
    Code,
    Diagnostic,
    Finding,
    Part,
    Request,
    Rule,
    RuleSpec,
    Severity,
    Stage,
    pointer,
)
from bicon_lint.reporters import json_format, render, stream, text
from bicon_lint.rules import RULES
from bicon_lint.runner import Options, run_paths
from bicon_lint.targets import Target
from tests.test_compact import small_runs
from tests.test_properties import paths_of, payload_texts
from tests.test_rule_fixtures import CASES, Case, lint_case

PROFILE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def flood_text(items: int, indent: int | None = None) -> str:
    """A connector payload whose items each draw a finding or two: an unknown key, a lower-case
    type, both, an item that is not an object, a plain item now and then."""
    settings_items: list[Any] = []
    for index in range(items):
        item: dict[str, Any] = {"name": f"Column {index}", "type": "STRING", "code": f"c_{index}"}
        kind = index % 7
        if kind in (0, 1, 2):
            item["hint"] = f"{index:07d}"
        elif kind == 3:
            item["type"] = "string"
        elif kind == 4:
            item.update(type="string", extra=[index], Name="N")
        elif kind == 5 and index % 2:
            settings_items.append("not an item")
            continue
        settings_items.append(item)
    payload = {
        "method": "biconnector.connector.update",
        "params": {"id": 7, "fields": {"title": "Warehouse", "settings": settings_items}},
    }
    return json.dumps(payload, indent=indent, ensure_ascii=False)


# --------------------------------------------------------------------------------------------
# Placing many findings at once
# --------------------------------------------------------------------------------------------


def one_by_one(document_text: str, wanted: list[tuple[Any, Part]]) -> list[Any]:
    document = load_json(document_text, "payload.json")
    return [document.locate(loc, part) for loc, part in wanted]


def together(document_text: str, wanted: list[tuple[Any, Part]]) -> list[Any]:
    document = load_json(document_text, "payload.json")
    return document.locate_many(wanted)


@PROFILE
@given(payload_texts(), st.lists(st.one_of(st.integers(-1, 4), st.sampled_from(["a", "x"]))))
def test_placing_together_is_placing_one_by_one(
    payload: tuple[str, str, bool], extra: list[str | int]
) -> None:
    """Every path of generated payloads, paths below them and beside them, as keys and values,
    in order and shuffled: ``locate_many`` answers what ``locate`` does for each."""
    document_text = payload[0]
    paths = paths_of(json.loads(document_text))
    probes = [*paths, *((*path, *extra) for path in paths[:6]), tuple(extra)]
    wanted = [(loc, part) for loc in probes for part in Part]
    assert together(document_text, wanted) == one_by_one(document_text, wanted)
    backwards = wanted[::-1]
    assert together(document_text, backwards) == one_by_one(document_text, backwards)


@pytest.mark.parametrize("indent", [None, 0, 2])
@pytest.mark.parametrize("runs", [False, True], ids=["decoded", "plain-runs"])
def test_a_floods_findings_are_placed_as_one_by_one(indent: int | None, runs: bool) -> None:
    """Every member of every item of a flood (its keys, values and missing members; items
    skipped, asked twice, asked out of order), on one line or many, with the settings list kept
    as plain runs or decoded: the same spans, and the findings' diagnostics the same."""
    document_text = flood_text(300, indent)
    members = ("name", "type", "code", "hint", "extra", "Name", "missing")
    wanted = [
        (("params", "fields", "settings", index, member), part)
        for index in [*range(0, 300, 3), 7, 7, 2, *range(150, 300)]
        for member in members
        for part in Part
    ]
    wanted += [(("params", "fields", "settings", 999, "name"), Part.KEY)]
    with small_runs() if runs else nullcontext():
        assert together(document_text, wanted) == one_by_one(document_text, wanted)


@PROFILE
@given(
    st.text(st.sampled_from("ab\n é😀\t"), max_size=60),
    st.lists(st.tuples(st.integers(-3, 65), st.integers(-3, 65)), max_size=12),
    st.sampled_from([None, False, True]),
)
def test_a_line_maps_spans_are_its_span_of_each(
    line_text: str, pairs: list[tuple[int, int]], table: bool | None
) -> None:
    """``LineMap.spans`` (offsets placed together) answers ``span`` of each pair, offsets before
    the text, beyond it and in any order included, with a table of line starts or without."""
    ordered = [(min(a, b), max(a, b)) for a, b in pairs]
    for asked in (pairs, ordered):
        expected = [LineMap(line_text, table=table).span(start, end) for start, end in asked]
        assert LineMap(line_text, table=table).spans(asked) == expected


def test_the_engine_places_a_flood_together() -> None:
    """The engine hands a document's locator the findings a batch at a time (which the tests
    above prove equal to one at a time): the report is the one made finding by finding."""
    document_text = flood_text(700)
    from bicon_lint import lint_text

    batched = lint_text(document_text, "flood.json")
    with mock.patch("bicon_lint.loaders.document.Document.locate_many", None):
        single = lint_text(document_text, "flood.json")
    with mock.patch.object(engine, "_BATCH", 5):
        small = lint_text(document_text, "flood.json")
    assert batched == small
    assert batched == single
    assert len(batched.diagnostics) > 700
    assert all(diagnostic.line is not None for diagnostic in batched.diagnostics)


# --------------------------------------------------------------------------------------------
# Output written as it is made
# --------------------------------------------------------------------------------------------


def entries_whole(reports: list[Report]) -> str:
    """The JSON entries as ``json.dumps`` wrote each whole (the rendering before streaming)."""
    return "".join(
        "    "
        + json.dumps(
            {
                "path": report.path,
                "command": report.command,
                "method": report.method,
                "target": report.target.label,
                "server_error": report.server_error.as_dict() if report.server_error else None,
                "diagnostics": [diagnostic.as_dict() for diagnostic in report.diagnostics],
            },
            ensure_ascii=False,
            indent=2,
        ).replace("\n", "\n    ")
        + ",\n"
        for report in reports
        if not report.skipped
    )


TEXTS = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
NUMBERS = st.none() | st.integers(-(2**70), 2**70)


@st.composite
def diagnostics(draw: st.DrawFn) -> Diagnostic:
    loc = tuple(draw(st.lists(TEXTS | st.integers(0, 9), max_size=3)))
    return Diagnostic(
        draw(NUMBERS),
        draw(NUMBERS),
        draw(TEXTS),
        draw(TEXTS),
        draw(st.sampled_from(list(Severity))),
        draw(TEXTS),
        loc,
        pointer(loc),
        draw(NUMBERS),
        draw(NUMBERS),
        draw(st.booleans()),
    )


@PROFILE
@given(st.lists(st.lists(diagnostics(), max_size=5), max_size=3), st.integers(1, 4))
def test_json_entries_written_in_pieces_are_json_dumps(
    lists: list[list[Diagnostic]], piece: int
) -> None:
    """Each diagnostic's JSON made field by field, in pieces of any size, is what ``json.dumps``
    made of the whole entry: escapes, non-ASCII text, large and negative numbers, ``null``."""
    from bicon_lint.targets import Target

    reports = [
        Report(f"f{number}.json", "biconnector.connector.update", Target.LATEST, found)
        for number, found in enumerate(lists)
    ]
    with mock.patch.object(json_format, "PIECE_DIAGNOSTICS", piece):
        pieces: list[str] = []
        json_format.write_reports(reports, False, pieces.append)
    assert "".join(pieces) == json_format.render_reports(reports) == entries_whole(reports)


def streamed(path: str, output: str, color: bool) -> str:
    """The run of one path with its output written by a :class:`reporters.Stream` as made."""
    pieces: list[str] = []
    made = stream(output, color, pieces.append)
    assert made is not None
    from bicon_lint.reporters import file_renderer

    result = run_paths([path], Options(render_file=file_renderer(output, color), stream=made.file))
    assert result.rendered == ""  # nothing kept
    if not made.started:
        return render(output, result, color=color)
    made.finish(result)
    return "".join(pieces)


@pytest.mark.parametrize("output", ["text", "json"])
@pytest.mark.parametrize("color", [False, True])
def test_a_streamed_run_is_the_run_rendered_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str, color: bool
) -> None:
    """One file's output written in pieces (``PIECE_LINES`` lowered to 1 and 3) is the output
    rendered from its kept reports: a flood, every rule fixture, a clean file, a file that is
    not a payload, a missing one."""
    from tests.test_rule_fixtures import CASES, file_name

    monkeypatch.chdir(tmp_path)
    Path("flood.json").write_text(flood_text(200, 1), encoding="utf-8")
    Path("package.json").write_text('{"name": "x"}', encoding="utf-8")
    names = ["flood.json", "package.json", "missing.json"]
    for case in CASES[::3]:
        path = Path("cases", str(len(names)), file_name(case))
        path.parent.mkdir(parents=True)
        path.write_text(case.text, encoding="utf-8")
        names.append(str(path))
    for lines in (1, 3, text.PIECE_LINES):
        with mock.patch.object(text, "PIECE_LINES", lines):
            for name in names:
                whole = render(output, run_paths([name], Options()), color=color)
                assert streamed(name, output, color) == whole, name


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_floods_output_is_the_output_of_its_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    """``bicon-lint check`` of one flood file (written as made) prints the bytes of the output
    rendered from the reports, and of the same file checked with another (rendered whole):
    thousands of diagnostics, every one kept, in order."""
    (tmp_path / "flood.json").write_text(flood_text(3000), encoding="utf-8")
    (tmp_path / "clean.json").write_text(
        json.dumps({"method": "biconnector.connector.get", "params": {"id": 1}}), encoding="utf-8"
    )
    alone = run_cli("check", "--format", output, "flood.json", cwd=tmp_path)
    assert alone.returncode == 1, alone.stderr
    both = run_cli("check", "--format", output, "flood.json", "clean.json", cwd=tmp_path)
    monkeypatch.chdir(tmp_path)
    kept = run_paths(["flood.json"], Options())
    assert alone.stdout == render(output, kept)
    assert len(kept.reports[0].diagnostics) > 3000
    if output == "text":
        flood_lines = [line for line in both.stdout.splitlines() if line.startswith("flood.json")]
        assert flood_lines == [
            line for line in alone.stdout.splitlines() if line.startswith("flood.json")
        ]
    else:
        assert json.loads(both.stdout)["files"][0] == json.loads(alone.stdout)["files"][0]


def test_only_text_and_json_are_streamed() -> None:
    written: Callable[[str], object] = print
    assert stream("text", False, written) is not None
    assert stream("json", False, written) is not None
    for name in ("github", "sarif", "gitlab", "junit"):
        assert stream(name, False, written) is None


# --------------------------------------------------------------------------------------------
# The predicted answer, messages and depth of a flood, as the code they replaced computed them
# --------------------------------------------------------------------------------------------


def first_finding_sorting_all(
    stamped: list[tuple[Rule, Finding]],
) -> tuple[Rule, Finding] | None:
    """``engine._first_server_finding`` as it was: every relevant finding sorted by stage and
    order, each stage's reached findings listed, then met."""
    relevant = [
        (rule, finding)
        for rule, finding in stamped
        if rule.spec.stage < Stage.ADVISORY
        and (finding.fatal or rule.spec.codes[finding.code].server)
    ]
    if not relevant:
        return None
    relevant.sort(key=lambda pair: (pair[0].spec.stage, pair[1].order))
    for _stage, members in groupby(relevant, key=lambda pair: pair[0].spec.stage):
        reached: list[tuple[Rule, Finding]] = []
        seen_groups: set[tuple[object, ...]] = set()
        for rule, finding in members:
            if finding.group is not None:
                if finding.group in seen_groups:
                    continue
                seen_groups.add(finding.group)
            reached.append((rule, finding))
        collected: tuple[Rule, Finding] | None = None
        for rule, finding in reached:
            if finding.fatal:
                return rule, finding
            collected = collected or (rule, finding)
            if finding.returns:
                break
        if collected is not None:
            return collected
    return None


def _rule(stage: Stage, number: int) -> Rule:
    codes = {"S": Code("server"), "L": Code("ours", server=False)}
    spec = RuleSpec(f"rule-{number}", codes, frozenset({"m"}), stage)
    return Rule(spec, lambda _request: (), "")


STAGED_RULES = [_rule(stage, number) for number, stage in enumerate([*Stage, *Stage])]


@st.composite
def stamped_findings(draw: st.DrawFn) -> tuple[Rule, Finding]:
    rule = draw(st.sampled_from(STAGED_RULES))
    finding = Finding(
        loc=("fields", draw(st.integers(0, 3))),
        code=draw(st.sampled_from(["S", "L"])),
        order=tuple(draw(st.lists(st.integers(0, 3), max_size=2))),
        group=draw(st.one_of(st.none(), st.tuples(st.sampled_from(["a", "b"]), st.integers(0, 2)))),
        returns=draw(st.booleans()),
        fatal=draw(st.integers(0, 5)) == 0,
        portal=draw(st.sampled_from([None, None, "if p", "if q"])),
    )
    return rule, finding


@settings(max_examples=1000, deadline=None)
@given(st.lists(stamped_findings(), max_size=30))
def test_the_first_server_finding_is_the_one_sorting_all_found(
    stamped: list[tuple[Rule, Finding]],
) -> None:
    """Generated findings of rules of every stage (two rules a stage), server codes and ours,
    equal orders, groups, fatal and returning ones: the same pair (the same objects) as the
    sort of them all, and the same predicted answer, portal conditions included."""
    found, expected = engine._first_server_finding(stamped), first_finding_sorting_all(stamped)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert found[0] is expected[0]
        assert found[1] is expected[1]
    with mock.patch.object(engine, "_first_server_finding", first_finding_sorting_all):
        before = engine.first_server_error(stamped)
    assert engine.first_server_error(stamped) == before


def test_a_floods_report_is_the_one_sorting_all_found() -> None:
    """A flood of unknown keys, lower-case types and items that are not objects: the whole
    report (answer included) is the one made with the sort of them all. The first item with an
    error is the fourth (its type ``string``; the three before only have an unknown key)."""
    from bicon_lint import lint_text

    document_text = flood_text(700)
    report = lint_text(document_text, "flood.json")
    with mock.patch.object(engine, "_first_server_finding", first_finding_sorting_all):
        assert lint_text(document_text, "flood.json") == report
    assert report.server_error is not None
    assert report.server_error.code == "VALIDATION_SETTINGS_INVALID_TYPE"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),
            st.dictionaries(
                st.sampled_from(["key", "hint"]),
                st.one_of(st.text(max_size=3), st.integers(0, 2)),
                min_size=2,
                max_size=2,
            ),
        ),
        max_size=12,
    )
)
def test_a_message_is_its_format_whatever_came_before(
    calls: list[tuple[int, dict[str, object]]],
) -> None:
    """``_message`` of codes and arguments dicts, the same dict met again (also after it was
    given another code, and after another dict equal to it): always ``message.format``."""
    codes = [Code("{key}/{hint}"), Code("{key}{hint}!"), Code("{key}/{hint}")]
    dicts: list[dict[str, object]] = []
    for code_number, args in calls:
        dicts.append(args)
        for same in (args, dicts[len(dicts) // 2]):
            code = codes[code_number]
            assert engine._message(code, same) == code.message.format(**same)


@PROFILE
@given(payload_texts())
def test_max_depth_is_counted_as_one_call_a_container(payload: tuple[str, str, bool]) -> None:
    """``max_depth`` of generated payloads (decoded, and with plain runs) and of nested lists
    and dicts at every limit: the count made with ``_children`` for every container."""

    def reference(value: Any, limit: int) -> int:
        level = [value] if isinstance(value, json_loader._CONTAINERS) else []
        depth = 0
        while level and depth <= limit:
            depth += 1
            level = [
                child
                for container in level
                for child in json_loader._children(container)
                if isinstance(child, json_loader._CONTAINERS)
            ]
        return depth

    value = load_json(payload[0], "payload.json").value
    nested: Any = [value]
    for limit in range(6):
        nested = {"a": [nested, 1], "b": {}}
        for probe in (value, nested):
            assert json_loader.max_depth(probe, limit) == reference(probe, limit)
    assert json_loader.max_depth(value) == reference(value, json_loader.PHP_MAX_DEPTH)


# --------------------------------------------------------------------------------------------
# A flood's settings items dropped from the memo before its findings are stamped
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_every_fixture_reports_the_same_with_the_items_dropped(case: Case) -> None:
    """Every rule fixture with the transient shared values dropped after each request's rules
    (``engine.DROP_AT`` 0) and kept: the same report, answer included."""
    with mock.patch.object(engine, "DROP_AT", 0):
        dropped = lint_case(case)
    with mock.patch.object(engine, "DROP_AT", 1 << 62):
        kept = lint_case(case)
    assert dropped == kept


@PROFILE
@given(payload_texts())
def test_generated_payloads_report_the_same_with_the_items_dropped(
    payload: tuple[str, str, bool],
) -> None:
    """Generated payloads of every method (settings items of every kind among them) and a flood:
    the same report with the transient values dropped after the rules and kept."""
    from bicon_lint import lint_text

    for document_text in (payload[0], flood_text(30)):
        with mock.patch.object(engine, "DROP_AT", 0):
            dropped = lint_text(document_text, "payload.json")
        with mock.patch.object(engine, "DROP_AT", 1 << 62):
            kept = lint_text(document_text, "payload.json")
        assert dropped == kept


def test_a_floods_items_are_gone_before_it_is_stamped_and_come_back_when_asked() -> None:
    """A request with ``DROP_AT`` findings keeps no settings item in its memo once its rules
    have run (while its findings are stamped, nothing holds them); a rule asking again after
    gets the items computed again, equal to the first; a request with fewer keeps them."""
    items = [
        {"name": f"N{index}", "type": "STRING", "code": f"c{index}", "hint": "h"}
        for index in range(50)
    ]
    params = {"id": 7, "fields": {"title": "W", "settings": items}}
    seen: dict[str, object] = {}
    stamp_all = engine._stamp_all

    def watching(stamped: Any, locate: Any, prefix: Any) -> Any:
        seen["memo"] = set(request.memo)
        return stamp_all(stamped, locate, prefix)

    for drop_at, dropped in ((50, True), (1 << 62, False)):
        request = Request("biconnector.connector.update", params, Target.LATEST)
        with (
            mock.patch.object(engine, "DROP_AT", drop_at),
            mock.patch.object(engine, "_stamp_all", watching),
        ):
            outcome = engine.run(request, RULES, locate=lambda _loc, _part: None)
        assert sum(d.code == "BL401" for d in outcome.diagnostics) == 50
        held = {access.irregular_setting_items, access.setting_items, access._setting_entries}
        assert held.isdisjoint(seen["memo"]) is dropped
        again = access.irregular_setting_items(request)
        assert [(item.position, item.raw) for item in again] == list(enumerate(items))


@PROFILE
@given(st.lists(diagnostics(), max_size=40), st.booleans())
def test_diagnostics_sorted_by_their_fields_are_sorted_by_sort_key(
    drawn: list[Diagnostic], placed: bool
) -> None:
    """Generated diagnostics (lines and columns ``None`` among them, or each placed; equal
    keys): ``sort_diagnostics`` puts the same objects in the same order as the sort by
    ``sort_key`` (stable: equal keys keep their order)."""
    if placed:
        drawn = [d._replace(line=d.line or 0, column=d.column or 0) for d in drawn]
    drawn = drawn + drawn[: len(drawn) // 2]  # equal keys, one object twice
    expected = sorted(drawn, key=engine.sort_key)
    engine.sort_diagnostics(drawn)
    assert [id(d) for d in drawn] == [id(d) for d in expected]


def test_a_stamped_diagnostic_is_the_one_diagnostic_makes() -> None:
    """``_stamped`` makes its tuple without ``Diagnostic.__new__``: the same type, every field
    where ``Diagnostic(...)`` puts it."""
    rule = STAGED_RULES[0]
    finding = Finding(("fields", 3, "x"), "L", part=Part.KEY)
    made = engine._stamped(rule, finding, ("params", *finding.loc), (1, 2, 3, 4))
    assert type(made) is Diagnostic
    assert made == Diagnostic(
        line=1,
        column=2,
        code="L",
        message="ours",
        severity=Severity.ERROR,
        rule="rule-0",
        loc=("fields", 3, "x"),
        pointer="/params/fields/3/x",
        end_line=3,
        end_column=4,
        server=False,
    )
    assert (made.line, made.end_column, made.server) == (1, 4, False)


class _Placer:
    """A locator that places many at once (``Document.locate_many``'s shape): no spans."""

    def locate(self, _loc: tuple[object, ...], _part: Part) -> None:
        return None

    def locate_many(self, wanted: list[tuple[tuple[object, ...], Part]]) -> list[None]:
        return [None] * len(wanted)


@pytest.mark.parametrize("count", [1, 63, 64, 5000])  # one by one, and in batches
def test_a_finding_with_an_undeclared_code_is_a_rule_contract_error(count: int) -> None:
    rule = _rule(Stage.CONTENT, 1)
    good = [(rule, Finding(("fields", "x"), "S")) for _ in range(count - 1)]
    stamped = [*good, (rule, Finding(("fields", "y"), "NOT_DECLARED"))]
    with pytest.raises(engine.RuleContractError, match="undeclared code NOT_DECLARED"):
        engine._stamp_all(list(stamped), _Placer().locate, ())
    with pytest.raises(engine.RuleContractError, match="undeclared code NOT_DECLARED"):
        engine.stamp(rule, stamped[-1][1], engine.no_position, ())
    assert engine.stamp(rule, Finding(("a",), "S"), engine.no_position, ("params",)).pointer == (
        "/params/a"
    )
