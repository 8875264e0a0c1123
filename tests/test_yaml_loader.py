"""YAML payloads: what each YAML value becomes, where every key and value is, and the inputs a YAML
file can hide (duplicate keys, alias bombs, several documents, syntax errors).

Expected positions come from markers in the texts (``⟦…⟧``, ``tests/test_rule_fixtures.unmark``).
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bicon_lint.api import lint_text
from bicon_lint.loaders import load_text, yaml_loader
from bicon_lint.loaders.yaml_loader import MAX_ALIAS_NODES, load_yaml
from bicon_lint.model import Part
from tests.shared import no_hang
from tests.test_rule_fixtures import unmark

BACKENDS = [pytest.param(yaml.SafeLoader, id="python")]
if yaml.__with_libyaml__:
    BACKENDS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run a test with PyYAML's Python parser and with libyaml's: the same marks, the same result."""
    monkeypatch.setattr(yaml_loader, "_Parser", request.param)


def span(d: object) -> tuple[object, object, object, object]:
    return (d.line, d.column, d.end_line, d.end_column)  # type: ignore[attr-defined]


def problem_spans(text: str, code: str) -> list[tuple[int, int, int, int]]:
    document = load_yaml(text, "x.yaml")
    found = []
    for problem in document.problems:
        if problem.code == code:
            assert problem.span is not None
            s = problem.span
            found.append((s.line, s.column, s.end_line, s.end_column))
    return found


# ------------------------------------------------------------------------------------------------
# Values: YAML 1.1 as yaml.safe_load reads it, turned into what the JSON sent holds
# ------------------------------------------------------------------------------------------------


def test_scalars_become_json_values(backend: None) -> None:
    text = """\
null_: ~
empty:
yes_: yes
On_: On
false_: false
int_: 12
hex: 0x1A
octal: 012
under: 1_000
sexagesimal: 1:30
big: 99999999999999999999
float_: 1.5
exp: 1.0e+3
exp_without_dot: 1e3
date: 2025-01-01
datetime: 2001-12-14 21:59:43.10 -5
quoted: "0x1A"
single: 'it''s'
literal: |
  line one
  line two
"""
    assert load_yaml(text, "x.yaml").value == {
        "null_": None,
        "empty": None,
        "yes_": True,
        "On_": True,
        "false_": False,
        "int_": 12,
        "hex": 26,
        "octal": 10,
        "under": 1000,
        "sexagesimal": 90,
        "big": 1e20,  # beyond 64 bits: json_decode reads a float
        "float_": 1.5,
        "exp": 1000.0,
        "exp_without_dot": "1e3",  # YAML 1.1 floats need a dot
        "date": "2025-01-01",  # dates stay as written
        "datetime": "2001-12-14 21:59:43.10 -5",
        "quoted": "0x1A",
        "single": "it's",
        "literal": "line one\nline two\n",
    }


def test_keys_become_the_strings_a_json_encoder_writes(backend: None) -> None:
    value = load_yaml("1: a\ntrue: b\n~: c\n1.5: d\n'2': e\n", "x.yaml").value
    assert value == {"1": "a", "true": "b", "null": "c", "1.5": "d", "2": "e"}
    assert all(isinstance(key, str) for key in value)


def test_collections_keep_their_structure(backend: None) -> None:
    text = "s: !!set {a, b}\no: !!omap [{x: 1}, {y: 2}]\nl: [1, [2, {k: v}]]\n"
    assert load_yaml(text, "x.yaml").value == {
        "s": {"a": None, "b": None},
        "o": [{"x": 1}, {"y": 2}],
        "l": [1, [2, {"k": "v"}]],
    }


def test_merge_keys_as_pyyaml_merges_them(backend: None) -> None:
    text = """\
base: &base {title: Base, sort: 1, description: d}
more: &more {sort: 2, logo: l}
one:
  <<: [*more, *base]
  title: Own
"""
    value = load_yaml(text, "x.yaml").value
    # the mapping's own keys win, then the first mapping of the list (the YAML merge key spec,
    # and PyYAML up to 6.0.3; PyYAML 6.0.4 lets the last one win: yaml/pyyaml#953, a regression)
    assert value["one"] == {"sort": 2, "description": "d", "logo": "l", "title": "Own"}
    if yaml.__version__ != "6.0.4":
        assert value["one"] == yaml.safe_load(text)["one"]


def test_comments_and_a_byte_order_mark_are_fine(backend: None) -> None:
    text = "\ufeff# a comment\nmethod: biconnector.connector.get  # the method\nparams: {id: 4}\n"
    report = lint_text(text.encode(), "get.yaml")
    assert [d for d in report.diagnostics if d.code.startswith("BL0")] == []
    assert report.server_error is None
    assert report.method == "biconnector.connector.get"


# ------------------------------------------------------------------------------------------------
# Positions
# ------------------------------------------------------------------------------------------------

NESTED = """\
method: biconnector.connector.update
params:
  id: 4
  fields:
    settings:
      - code: a
        name: A
        type: STRING
      - code: b
        ⟦1name⟧1: ⟦2"Имя 😀 \\u00e9"⟧2
        type: ⟦3|
          STRING⟧3
    sort: ⟦4[1,
      2]⟧4
"""


def test_positions_of_nested_keys_and_values(backend: None) -> None:
    text, spans = unmark(NESTED, labelled=True)
    document = load_text(text, "nested.yaml")
    base = ("params", "fields")

    def where(loc: tuple[object, ...], part: Part = Part.VALUE) -> tuple[int, int, int, int]:
        found = document.locate(loc, part)  # type: ignore[arg-type]
        assert found is not None
        return (found.line, found.column, found.end_line, found.end_column)

    assert where((*base, "settings", 1, "name"), Part.KEY) == spans["1"]
    assert where((*base, "settings", 1, "name")) == spans["2"]
    assert where((*base, "settings", 1, "type")) == spans["3"]  # a block scalar, header included
    assert where((*base, "sort")) == spans["4"]  # a flow sequence over two lines
    assert document.value["params"]["fields"]["settings"][1]["name"] == "Имя 😀 é"


def test_a_diagnostic_in_a_block_value_and_its_pointer(backend: None) -> None:
    text, spans = unmark(
        "method: biconnector.connector.update\nparams:\n  id: 4\n  fields:\n    sort: ⟦[1]⟧\n",
        labelled=False,
    )
    report = lint_text(text, "sort.yaml")
    (found,) = [d for d in report.diagnostics if d.code == "VALIDATION_INVALID_FIELD_TYPE"]
    assert span(found) == spans[""]
    assert found.pointer == "/params/fields/sort"


def test_columns_after_non_ascii_count_code_points(backend: None) -> None:
    text, spans = unmark(
        'method: biconnector.connector.update\nparams: {id: 4, fields: {title: "Привет 😀", '
        "sort: ⟦x1A⟧}}\n",
        labelled=False,
    )
    report = lint_text(text, "a.yaml")
    (found,) = [d for d in report.diagnostics if d.code == "VALIDATION_INVALID_FIELD_TYPE"]
    # `params: {id: 4, fields: {title: ` is 32 columns, `"Привет 😀"` 10 (😀 is one), `, sort: ` 8
    assert span(found) == spans[""] == (2, 51, 2, 54)


def test_an_aliased_value_points_at_the_alias(backend: None) -> None:
    text, spans = unmark(
        """\
bad: &bad {code: c, name: N, type: string}
method: biconnector.connector.update
params:
  id: 4
  fields:
    settings: [⟦*bad⟧]
""",
        labelled=False,
    )
    report = lint_text(text, "alias.yaml")
    (found,) = [d for d in report.diagnostics if d.code == "VALIDATION_SETTINGS_INVALID_TYPE"]
    assert span(found) == spans[""]
    assert found.pointer == "/params/fields/settings/0/type"


def test_a_merged_key_points_at_the_merge(backend: None) -> None:
    text, spans = unmark(
        """\
defaults: &defaults {sort: "0x1A"}
method: biconnector.connector.update
params:
  id: 4
  fields:
    ⟦1<<⟧1: ⟦2*defaults⟧2
    title: T
""",
        labelled=True,
    )
    document = load_text(text, "merge.yaml")
    key = document.locate(("params", "fields", "sort"), Part.KEY)
    value = document.locate(("params", "fields", "sort"))
    assert key is not None and value is not None
    assert (key.line, key.column, key.end_line, key.end_column) == spans["1"]
    assert (value.line, value.column, value.end_line, value.end_column) == spans["2"]
    report = lint_text(text, "merge.yaml")
    assert report.server_error is not None
    assert report.server_error.message == 'Field "sort" must be of type integer.'


# ------------------------------------------------------------------------------------------------
# Duplicate keys: BL003 at both places, as for JSON
# ------------------------------------------------------------------------------------------------


def test_duplicate_keys_are_reported_at_both_places(backend: None) -> None:
    text, spans = unmark(
        """\
method: biconnector.connector.update
params:
  id: 4
  fields:
    ⟦1title⟧1: A
    sort: 1
    ⟦2"title"⟧2: B
""",
        labelled=True,
    )
    report = lint_text(text, "dup.yaml")
    found = [d for d in report.diagnostics if d.code == "BL003"]
    first, last = spans["1"], spans["2"]
    assert [(span(d), d.pointer, d.message) for d in found] == [
        (
            first,
            "/params/fields/title",
            f'duplicate key "title": the value here is lost, the server keeps the one at '
            f"line {last[0]}, column {last[1]}.",
        ),
        (
            last,
            "/params/fields/title",
            f'duplicate key "title": the server keeps this value (also at line {first[0]}, '
            f"column {first[1]}).",
        ),
    ]
    assert load_text(text, "dup.yaml").value["params"]["fields"] == {"title": "B", "sort": 1}


def test_keys_that_collide_only_as_json_strings_are_duplicates(backend: None) -> None:
    """``1`` and ``"1"`` are two keys in YAML but one in the JSON that is sent."""
    text, spans = unmark("⟦11⟧1: a\n⟦2'1'⟧2: b\n", labelled=True)
    assert problem_spans(text, "BL003") == [spans["1"], spans["2"]]


def test_a_merge_overridden_by_an_own_key_is_not_a_duplicate(backend: None) -> None:
    assert problem_spans("b: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n", "BL003") == []


# ------------------------------------------------------------------------------------------------
# Alias bombs: bounded in time and memory
# ------------------------------------------------------------------------------------------------


def laughs(levels: int, width: int = 10) -> str:
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return (
        "method: biconnector.connector.get\n"
        + "\n".join(lines)
        + f"\nparams: {{id: *l{levels - 1}}}\n"
    )


def test_billion_laughs_is_refused_at_once(backend: None) -> None:
    text = laughs(9)  # 10**9 strings once expanded
    with no_hang():
        report = lint_text(text, "bomb.yaml")
    (found,) = report.diagnostics
    assert found.code == "BL011" and found.rule == "yaml-alias-limit"
    # l0 is 11 nodes, l1 adds 10 * 11, l2 10 * 111, l3 10 * 1,111 (12,330 so far); each *l3 of
    # l4 adds 11,111: the 8th crosses 100,000
    line = text.splitlines()[found.line - 1]  # type: ignore[index]
    assert line.startswith("l4:")
    eighth = line.index("*l3", line.index("*l3") + 7 * len("*l3, "))
    assert (found.column, found.end_column) == (eighth + 1, eighth + 4)
    assert report.server_error is None and report.method is None


def test_a_merge_bomb_is_refused(backend: None) -> None:
    lines = ["m0: &m0 {" + ", ".join(f"k{i}: v" for i in range(10)) + "}"]
    for level in range(1, 12):
        lines.append(f"m{level}: &m{level}\n  <<: [{', '.join([f'*m{level - 1}'] * 10)}]")
    with no_hang():
        document = load_yaml("\n".join(lines) + "\n", "merge-bomb.yaml")
    assert [problem.code for problem in document.problems] == ["BL011"]
    assert not document.lintable


def test_many_aliases_of_a_large_node_are_counted(backend: None) -> None:
    big = "[" + ", ".join(["x"] * 999) + "]"  # 1,000 nodes
    uses = MAX_ALIAS_NODES // 1000 + 1
    text = f"big: &big {big}\nuse: [{', '.join(['*big'] * uses)}]\n"
    assert [p.code for p in load_yaml(text, "x.yaml").problems] == ["BL011"]
    fewer = f"big: &big {big}\nuse: [{', '.join(['*big'] * (uses - 1))}]\n"
    assert load_yaml(fewer, "x.yaml").problems == []


def test_a_recursive_alias_has_no_json_form(backend: None) -> None:
    text, spans = unmark("a: &a [1, ⟦*a⟧]\n", labelled=False)
    assert problem_spans(text, "BL011") == [spans[""]]


def test_deep_nesting_is_bounded(backend: None) -> None:
    head = "method: biconnector.connector.add\nparams: {fields: "
    deep = head + "[" * 600 + "]" * 600 + "}\n"
    report = lint_text(deep, "deep.yaml")
    assert report.server_error is not None  # PHP ignores the body: no fields at all
    assert report.server_error.code == "VALIDATION_FIELDS_NOT_PROVIDED"
    (too_deep,) = [d for d in report.diagnostics if d.code == "BL006"]
    # the envelope and params are levels 1 and 2: the 511th bracket opens level 513
    assert (too_deep.line, too_deep.column) == (2, len("params: {fields: ") + 511)
    # reading stops at 1,000 levels (libyaml's own limit, where it has one, is as deep): PyYAML's
    # Python scanner is quadratic in the depth it has seen
    with no_hang():
        refused = lint_text(head + "[" * 50_000 + "]" * 50_000 + "}\n", "deeper.yaml")
    assert [d.code for d in refused.diagnostics] == ["BL006"]
    (line, column) = (refused.diagnostics[0].line, refused.diagnostics[0].column)
    assert line == 2 and len("params: {fields: ") < column <= len("params: {fields: ") + 1_001


# ------------------------------------------------------------------------------------------------
# Documents, syntax errors, other files
# ------------------------------------------------------------------------------------------------


def test_a_second_document_is_reported_and_the_first_checked(backend: None) -> None:
    text, spans = unmark(
        "method: biconnector.connector.get\nparams: {id: -1}\n⟦---⟧\nother: 1\n", labelled=False
    )
    report = lint_text(text, "two.yaml")
    assert [(d.code, span(d)) for d in report.diagnostics if d.code == "BL010"] == [
        ("BL010", spans[""])
    ]
    assert report.server_error is not None
    assert report.server_error.code == "VALIDATION_INVALID_ID_FORMAT"


@pytest.mark.parametrize(
    "marked",
    [
        "method: biconnector.connector.get\nparams: {id: 4\n⟦⟧",  # unclosed flow mapping
        "method: biconnector.connector.get\nparams: id⟦:⟧ 4\n",  # a mapping in a mapping's value
        "method: biconnector.connector.get\nparams:\n⟦\t⟧id: 4\n",  # a tab for indentation
        "method: biconnector.connector.get\nparams: {id: 4⟦]⟧\n",
        "method: biconnector.connector.get\nparams: {id: 4}⟦}⟧\n",
    ],
)
def test_syntax_errors_are_bl001_at_the_parsers_position(backend: None, marked: str) -> None:
    text, spans = unmark(marked, labelled=False)
    line, column, _, _ = spans[""]
    report = lint_text(text, "broken.yaml")
    (found,) = report.diagnostics
    assert (found.code, found.line, found.column) == ("BL001", line, column)
    assert found.message.startswith("invalid YAML: ")


def test_tags_yaml_safe_load_refuses_are_bl001(backend: None) -> None:
    text, spans = unmark("method: biconnector.connector.get\nparams: ⟦!Ref id⟧\n", labelled=False)
    report = lint_text(text, "tag.yaml")
    (found,) = report.diagnostics
    assert (found.code, span(found)) == ("BL001", spans[""])
    assert "could not determine a constructor for the tag '!Ref'" in found.message


def test_comments_only_is_an_empty_file(backend: None) -> None:
    (found,) = lint_text("# nothing here\n\n", "empty.yaml").diagnostics
    assert found.code == "BL004"


def test_not_a_number_has_no_json_form(backend: None) -> None:
    document = load_yaml("method: biconnector.connector.update\nparams: {id: .nan}\n", "n.yaml")
    (problem,) = document.problems
    assert problem.code == "BL012" and problem.loc == ("params", "id")
    assert math.isnan(document.value["params"]["id"])


# ------------------------------------------------------------------------------------------------
# The pre-commit hook's mode: YAML files that are not payloads are skipped
# ------------------------------------------------------------------------------------------------

DOCKER_COMPOSE = """\
services:
  web:
    image: "nginx:1.25"
    ports: ["80:80"]
    environment:
      DEBUG: yes
      DEBUG: no
  db: &db
    image: postgres
  replica:
    <<: *db
"""


def test_docker_compose_is_skipped(backend: None) -> None:
    assert lint_text(DOCKER_COMPOSE, "docker-compose.yml", only_payloads=True).skipped


def test_broken_yaml_is_skipped_unless_it_mentions_biconnector(backend: None) -> None:
    broken = "steps:\n  - run: echo [unclosed\n  bad: : indent\n"
    assert lint_text(broken, ".github/ci.yml", only_payloads=True).skipped
    mentions = "method: biconnector.connector.get\nparams: {id: 4\n"
    report = lint_text(mentions, "payload.yml", only_payloads=True)
    assert not report.skipped and [d.code for d in report.diagnostics] == ["BL001"]


def test_yaml_envelopes_are_recognised_in_the_hooks_mode(backend: None) -> None:
    text = "method: biconnector.connector.update\nparams: {id: 4, fields: {sort: 0x1A}}\n"
    report = lint_text(text, "update.yaml", only_payloads=True)
    # unquoted, YAML 1.1 reads 0x1A as the integer 26: the server accepts it
    assert not report.skipped and report.server_error is None
    assert report.method == "biconnector.connector.update"


KUBERNETES = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
apiVersion: v1
kind: Service
metadata: {name: b}
"""


def test_a_multi_document_manifest_is_skipped(backend: None) -> None:
    assert lint_text(KUBERNETES, "k8s/app.yaml", only_payloads=True).skipped


YAML_PIECES = st.sampled_from(
    ["method: biconnector.connector.add\n", "params:\n", "  fields:\n", "    ", "- ", "? ", ": ",
     "&a ", "*a", "&b ", "*b ", "<<: ", "!!binary ", "!!str ", "!!int ", "!!set ", "!Ref ", "[",
     "]", "{", "}", ", ", "'", '"', "\\u00e9", "yes", "0x1A", "012", ".inf", "~", "\n", "---\n",
     "...\n", "# c\n", "|\n  ", ">\n  ", "\t", "title", "settings", "😀", "1:30", "2025-01-01"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_PIECES, max_size=30).map("".join))
def test_any_yaml_text_gives_diagnostics_not_tracebacks(text: str) -> None:
    for only_payloads in (False, True):
        report = lint_text(text, "fuzz.yaml", only_payloads=only_payloads)
        for d in report.diagnostics:
            assert d.line is None or d.line >= 1
