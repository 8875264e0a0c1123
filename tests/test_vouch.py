"""The facets (``bicon_lint.vouch``) are proven: wherever one holds, each rule it vouches for finds
nothing, and every report is the same with the facets off.

Each request the engine runs is handed first to ``facets_say_nothing``: on a fresh copy of it
(nothing remembered), every facet of its method is asked, and where one holds, each registered rule
it names that applies is run directly (its ``requires``, then its check) and must find nothing.
The requests are those of every rule fixture, every server vector, the benchmark's varied payloads,
every single edit of a valid payload of each method (on two targets), and generated payloads: a
payload of any method, or of a fixture or a vector, with up to two edits (a key added or removed,
a member repeated, a value swapped for another type or a value at an edge). A test checks that
every facet both held and failed, and that each rule it vouches for reported something where it
failed (so the facet was seen failing on what the rule reports).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import random
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks import corpus
from bicon_lint import access, engine, lint_payload, vouch
from bicon_lint.api import Report
from bicon_lint.inputs import method_available
from bicon_lint.json_body import as_decoded
from bicon_lint.model import Request
from bicon_lint.rules import RULES
from bicon_lint.targets import Target
from tests.test_fast_paths import PROFILE, as_data
from tests.test_rule_fixtures import CASES, Case, lint_case
from tests.vectors import VECTORS, Vector

PAYLOAD_VECTORS = [vector for vector in VECTORS if vector.params is not None]
VARIED = corpus.varied_payloads(5000)


class Seen:
    """What the checks met: (facet, held) pairs and, per (facet, rule), a request where the rule
    reported something (the facet failed there: else the check would have failed)."""

    def __init__(self) -> None:
        self.facets: set[tuple[str, bool]] = set()
        self.reported: set[tuple[str, str]] = set()


def fresh(request: Request) -> Request:
    """The same request with nothing remembered (a facet may record what it proved)."""
    return Request(
        request.method,
        request.params,
        request.target,
        encoding=request.encoding,
        path=request.path,
        context=request.context,
        envelope=request.envelope,
        text=request.text,
    )


def findings(name: str, request: Request) -> list[Any]:
    """What the registered rule ``name`` reports on ``request``, run directly."""
    rule = vouch.registered(name)
    assert rule is not None, name
    if not rule.spec.applies(request.method, request.target):
        return []
    requires = rule.spec.requires
    if requires is not None and not requires(request):
        return []
    return list(rule.check(request))


def facets_say_nothing(request: Request, seen: Seen) -> None:
    checked = fresh(request)  # what the rules remember, not what a facet recorded
    for facet in vouch.facets(request.method, request.target):
        held = facet.holds(fresh(request))
        seen.facets.add((facet.name, held))
        for name in facet.rules:
            found = findings(name, checked)
            if held:
                assert found == [], (facet.name, name, request.method, request.params, found)
            elif found:
                seen.reported.add((facet.name, name))
        if held and facet.name == "settings":  # what the facet records: the accessor's value
            assert access.irregular_setting_items(fresh(request)) == []


@contextlib.contextmanager
def every_request_checked(seen: Seen | None = None) -> Iterator[None]:
    run = engine.run
    noted = Seen() if seen is None else seen

    def checking(request: Request, rules: Any, **options: Any) -> engine.Outcome:
        facets_say_nothing(request, noted)
        return run(request, rules, **options)

    with mock.patch.object(engine, "run", checking):
        yield


@contextlib.contextmanager
def facets_off() -> Iterator[None]:
    with mock.patch.object(vouch, "ENABLED", False):
        yield


def lint_vector(vector: Vector) -> Report:
    return lint_payload(vector.params, vector.method, target=vector.target)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_fixtures(case: Case) -> None:
    with every_request_checked():
        report = lint_case(case)
    with facets_off():
        general = lint_case(case)
    assert as_data(report) == as_data(general)


@pytest.mark.parametrize("vector", PAYLOAD_VECTORS, ids=[str(v.number) for v in PAYLOAD_VECTORS])
def test_server_vectors(vector: Vector) -> None:
    with every_request_checked():
        report = lint_vector(vector)
    with facets_off():
        general = lint_vector(vector)
    assert as_data(report) == as_data(general)


def test_varied_payloads() -> None:
    """The benchmark's payloads of every method, a third of them with one mistake."""
    with every_request_checked():
        reports = [as_data(lint_payload(params, method)) for method, params, _ in VARIED]
    with facets_off():
        general = [as_data(lint_payload(params, method)) for method, params, _ in VARIED]
    assert reports == general


def test_every_facet_held_failed_and_was_failed_by_each_of_its_rules() -> None:
    """Over the fixtures, vectors and varied payloads every facet both held and failed, and
    every rule it vouches for reported something on a request of the facet's methods."""
    seen = Seen()
    with every_request_checked(seen):
        for case in CASES:
            lint_case(case)
        for vector in PAYLOAD_VECTORS:
            lint_vector(vector)
        for method, params, _ in VARIED:
            lint_payload(params, method)
    names = {facet.name for method in METHODS for facet in vouch.facets(method, Target.LATEST)}
    assert {name for name, held in seen.facets if held} == names
    assert {name for name, held in seen.facets if not held} == names
    pairs = {
        (facet.name, rule)
        for method in METHODS
        for target in Target
        for facet in vouch.facets(method, target)
        for rule in facet.rules
        if _applies(rule, method, target)
    }
    assert pairs - seen.reported == set()


def _applies(name: str, method: str, target: Target) -> bool:
    rule = vouch.registered(name)
    return rule is not None and rule.spec.applies(method, target)


def test_only_registered_rules_are_skipped() -> None:
    """A rule made elsewhere under a registered name runs even where a facet holds."""
    calls: list[str] = []
    original = vouch.registered("id-format")
    assert original is not None

    def check(request: Request) -> Iterator[Any]:
        calls.append(request.method)
        return iter(())

    copied = original._replace(check=check)
    rules = tuple(copied if rule is original else rule for rule in RULES)
    lint_payload({"id": 4}, "biconnector.connector.get", rules=rules)
    assert calls == ["biconnector.connector.get"]
    calls.clear()
    lint_payload({"id": 4}, "biconnector.connector.get", rules=list(rules))
    assert calls == ["biconnector.connector.get"]


def test_facets_skip_rules() -> None:
    """The facets do skip: a valid update runs fewer rules with them than without."""
    ran: list[str] = []

    def counting(rules: Any) -> tuple[Any, ...]:
        return tuple(
            rule._replace(check=_noting(rule.check, rule.spec.name, ran)) for rule in rules
        )

    params = {"id": 4, "fields": {"title": "T", "urlData": "https://ex.com/d"}}
    method = "biconnector.connector.update"
    with mock.patch.object(vouch, "registered", lambda name: _by_name(wrapped, name)):
        wrapped = counting(RULES)
        engine._APPLICABLE.clear()
        lint_payload(params, method, rules=wrapped)
        with_facets = list(ran)
        ran.clear()
        with facets_off():
            lint_payload(params, method, rules=wrapped)
    engine._APPLICABLE.clear()
    assert "field-type" in ran and "id-format" in ran
    assert "field-type" not in with_facets and "id-format" not in with_facets
    assert "secret-tokens" in with_facets  # in no facet


def test_no_facet_where_values_are_known_only_at_run_time() -> None:
    """A call read from a program, with a value only known at run time, runs every rule."""
    ran: list[str] = []
    wrapped = tuple(rule._replace(check=_noting(rule.check, rule.spec.name, ran)) for rule in RULES)
    request = Request(
        "biconnector.connector.update", {"id": 4, "fields": {"title": "T"}}, Target.LATEST
    )
    unknown = engine.Unknowns(whole=frozenset({("fields", "title")}))
    with mock.patch.object(vouch, "registered", lambda name: _by_name(wrapped, name)):
        engine._APPLICABLE.clear()
        engine.run(request, wrapped, unknown=unknown)
        engine.run(fresh(request), wrapped)
    engine._APPLICABLE.clear()
    assert ran.count("field-type") == 1 and ran.count("id-format") == 1  # the first run only
    assert ran.count("secret-tokens") == 2


def _noting(check: Any, name: str, ran: list[str]) -> Any:
    def noted(request: Request) -> Any:
        ran.append(name)
        return check(request)

    return noted


def _by_name(rules: tuple[Any, ...], name: str) -> Any:
    return next((rule for rule in rules if rule.spec.name == name), None)


# --- generated payloads: a valid payload of any method, with one or two edits ---------------------

METHODS = [name for name, _weight in corpus.VARIED_METHODS]
# the methods of datasets, before tables replaced them
DATASET_METHODS = [name.replace(".table.", ".dataset.") for name in METHODS if ".table." in name]

EDGES: list[Any] = [
    True,
    False,
    None,
    0,
    -4,
    1,
    4.0,
    1.5,
    2**63,
    2**63 - 1,
    -(2**63) - 1,
    "",
    " ",
    "0",
    "4",
    "04",
    " 4",
    "4.5",
    "1e3",
    "0x1A",
    "+4",
    "9223372036854775808",
    "é",
    "😀",
    "x" * 64,
    "x" * 65,
    "x" * 230,
    "x" * 231,
    "T" * 512,
    "T" * 513,
    "https://ex.com/" + "d" * 2034,
    "https://ex.com/" + "d" * 2033,
    "L" * 16383,
    "😀" * 16384,
    "string",
    "STRING",
    "INT",
    "Int",
    "int",
    "money",
    "timezone",
    "asc",
    "ASC",
    "desc",
    "up",
    "and",
    "OR",
    "xor",
    "logic",
    "*",
    "Sales",
    "sales",
    "sales\n",
    "SALES_1",
    "SALES-1",
    "A" * 33,
    "name",
    "id",
    "http://ex.com/c",
    "https://other.example.org/c",
    "https://localhost/c",
    "https://10.0.0.1/c",
    "https://u:p@ex.com/c",
    "ftp://ex.com/c",
    " https://ex.com/c",
    "https://ex.com/c?token=1",
    "a b",
    "a[b]",
    "x%y",
    [],
    {},
    [1],
    ["x"],
    [1, 2],
    {"a": 1},
    {"token": ["x"]},
    {"name": "N", "type": "STRING", "code": "c"},
    [{"name": "N", "type": "STRING", "code": "c"}],
    [{"name": "ID", "externalCode": "id", "type": "int"}],
]
KEYS = [
    "id",
    "fields",
    "settings",
    "title",
    "Title",
    "logo",
    "description",
    "sort",
    "urlCheck",
    "urlData",
    "url_check",
    "dateCreate",
    "supportMapping",
    "sourceCode",
    "active",
    "type",
    "code",
    "connectorId",
    "sourceId",
    "name",
    "externalName",
    "externalCode",
    "externalId",
    "select",
    "filter",
    "order",
    "page",
    "start",
    "logic",
    "LOGIC",
    "%title",
    "@id",
    "=sort",
    "!connectorId",
    "*",
    "0",
    "Name",
    "NAME",
    "Code",
    "extra",
    "add",
    "update",
    "delete",
    "visible",
    "limit",
    "auth",
]


def containers(value: Any) -> list[Any]:
    """Every dict and list in ``value``, itself first."""
    found: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            found.append(item)
            stack.extend(item)
    return found


def edit(draw: st.DrawFn, params: Any) -> None:
    """One edit: a key removed, added or given another value, in the params, their ``fields``,
    an object inside a list (a settings item, a column) or anywhere."""
    places = containers(params)
    where = draw(st.sampled_from(["anywhere", "params", "fields", "item", "list"]))
    fields = params.get("fields") if isinstance(params, dict) else None
    items = [place for place in places if isinstance(place, dict) and place is not params]
    lists = [place for place in places if isinstance(place, list)]
    place: Any = places[draw(st.integers(0, len(places) - 1))]
    if where == "params":
        place = params
    elif where == "fields" and isinstance(fields, (dict, list)):
        place = fields
    elif where == "item" and items:
        place = items[draw(st.integers(0, len(items) - 1))]
    elif where == "list" and lists:
        place = lists[draw(st.integers(0, len(lists) - 1))]
    action = draw(st.sampled_from(["remove", "add", "replace", "replace"]))
    value = copy.deepcopy(draw(st.sampled_from(EDGES)))
    if isinstance(place, dict):
        keys = list(place)
        if action == "remove" and keys:
            del place[draw(st.sampled_from(keys))]
        elif action == "add" or not keys:
            place[draw(st.sampled_from(KEYS))] = value
        else:
            key = draw(st.sampled_from(keys))
            place[key] = draw(st.sampled_from([value, *near(place[key])]))
    elif place:
        at = draw(st.integers(0, len(place) - 1))
        if action == "remove":
            del place[at]
        elif action == "add":  # mostly a copy of a member: a repeated code or name
            place.append(
                copy.deepcopy(place[at]) if where == "list" or draw(st.booleans()) else value
            )
        else:
            place[at] = draw(st.sampled_from([value, *near(place[at])]))
    else:
        place.append(value)


def near(value: Any) -> list[Any]:
    """Values next to ``value``: of another type, empty, too long, spelt otherwise."""
    if isinstance(value, bool):
        return [not value, int(value), str(value).lower(), "Y"]
    if isinstance(value, int):
        return [0, -value, str(value), f"0{value}", f" {value}", f"{value}.5", float(value)]
    if isinstance(value, str):
        return [
            "",
            " ",
            "0",
            value.upper(),
            value.lower(),
            value.title(),
            value + "\n",
            " " + value,
            value + " x",
            value + "[0]",
            value + "%",
            value * 2,
            value + "x" * 512,
            value + "x" * 2048,
            "😀" * 16384,
            [value],
            int(value) if value.isdigit() else 4,
        ]
    if isinstance(value, list):
        return [[], [*value, *value], value[:1] * 2, {"0": value[0]} if value else {}, "[]"]
    if isinstance(value, dict):
        return [{}, list(value.values()), {**value, "extra": 1}, "{}"]
    return [None, "", 0]


@functools.cache
def requests_met() -> list[tuple[str, Any, Target]]:
    """The method, params and target of each request of the rule fixtures and server vectors
    (the fixtures that make each rule report something among them)."""
    met: list[tuple[str, Any, Target]] = []
    run = engine.run

    def noting(request: Request, rules: Any, **options: Any) -> engine.Outcome:
        if vouch.facets(request.method, request.target):
            met.append((request.method, copy.deepcopy(request.params), request.target))
        return run(request, rules, **options)

    with mock.patch.object(engine, "run", noting):
        for case in CASES:
            lint_case(case)
        for vector in PAYLOAD_VECTORS:
            lint_vector(vector)
    return met


@st.composite
def edited_payloads(draw: st.DrawFn) -> tuple[str, Any, Target]:
    """A payload of the benchmark (any method, any target), or one of a rule fixture or a server
    vector; then up to two edits."""
    if draw(st.booleans()):
        target = draw(st.sampled_from(list(Target)))
        method = draw(st.sampled_from(METHODS + DATASET_METHODS))
        rng = random.Random(draw(st.integers(0, 2**32)))
        _, made, _ = corpus.varied_payload(rng, method.replace(".dataset.", ".table."))
    else:
        method, made, target = draw(st.sampled_from(requests_met()))
    params = copy.deepcopy(made)  # a mistake may share its value with every payload it is in
    for _ in range(draw(st.integers(0, 2))):
        edit(draw, params)
    return method, params, target


def base_payload(method: str, target: Target) -> Any:
    """The richest (most keys and members) of the first 200 benchmark payloads of ``method``
    on which every facet holds."""
    rng = random.Random(corpus.VARIED_SEED)
    valid: list[Any] = []
    for _ in range(200):
        _, params, mistake = corpus.varied_payload(rng, method.replace(".dataset.", ".table."))
        request = Request(method, params, target)
        if mistake is None and all(f.holds(request) for f in vouch.facets(method, target)):
            valid.append(params)
    assert valid, f"no valid payload of {method}"
    return copy.deepcopy(max(valid, key=lambda params: sum(map(len, containers(params)))))


def one_edits(params: Any) -> Iterator[Any]:
    """``params`` with each single edit: every key removed or given each value of ``EDGES`` and
    each of ``near`` its value, every key of ``KEYS`` added, every list member removed, repeated
    or replaced likewise (an object member by a few values: its keys are edited themselves)."""
    for at, place in enumerate(containers(params)):
        if isinstance(place, dict):
            changes: list[tuple[Any, Any]] = [(key, REMOVE) for key in place]
            changes += [(key, value) for key in place for value in [*EDGES, *near(place[key])]]
            changes += [(key, value) for key in KEYS if key not in place for value in ADDED]
        else:
            changes = [(index, REMOVE) for index in range(len(place))]
            changes += [(index, REPEAT) for index in range(len(place))]
            for index, item in enumerate(place):  # an object's own keys are edited as above
                values = [None, "x", []] if isinstance(item, dict) else EDGES
                changes += [(index, value) for value in [*values, *near(item)]]
        for key, value in changes:
            edited = copy.deepcopy(params)
            target = containers(edited)[at]
            if value is REMOVE:
                del target[key]
            elif value is REPEAT:
                target.append(copy.deepcopy(target[key]))
            else:
                target[key] = copy.deepcopy(value)
            yield edited


REMOVE, REPEAT = object(), object()
ADDED = ("x", 4, "AND", "title")  # the values of an added key


@pytest.mark.parametrize("target", [Target.V2025_07, Target.LATEST], ids=str)
@pytest.mark.parametrize("method", METHODS + DATASET_METHODS)
def test_every_single_edit(method: str, target: Target) -> None:
    """Each single edit of a valid payload of the method: the facets prove nothing false."""
    if not method_available(method, target):
        pytest.skip("no such method on the target")
    for params in one_edits(base_payload(method, target)):
        decoded = as_decoded(params).value
        facets_say_nothing(Request(method, decoded, target), Seen())


@PROFILE
@given(edited_payloads())
def test_generated_payloads(payload: tuple[str, Any, Target]) -> None:
    method, params, target = payload
    with every_request_checked():
        report = lint_payload(params, method, target=target)
    with facets_off():
        general = lint_payload(params, method, target=target)
    assert as_data(report) == as_data(general)
