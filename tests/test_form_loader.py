"""Form-encoded bodies: decoded exactly as ``php.parse_str`` (PHP's ``$_POST``) decodes them, with
the place of every key and value in the text.

Expected positions come from markers in the texts (``⟦…⟧``, ``tests/test_rule_fixtures.unmark``).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bicon_lint import php
from bicon_lint.api import lint_text
from bicon_lint.loaders import load_text
from bicon_lint.loaders.form_loader import parse_pairs
from bicon_lint.model import Part
from tests.test_rule_fixtures import unmark

Span4 = tuple[int, int, int, int]


def located(
    text: str, loc: tuple[Any, ...], part: Part = Part.VALUE, name: str = "x.form"
) -> Span4:
    found = load_text(text, name).locate(loc, part)
    assert found is not None
    return (found.line, found.column, found.end_line, found.end_column)


def span(d: Any) -> Span4:
    return (d.line, d.column, d.end_line, d.end_column)


# ------------------------------------------------------------------------------------------------
# Values: the same as php.parse_str, whatever the body
# ------------------------------------------------------------------------------------------------

PIECES = st.sampled_from(
    ["a", "b", "fields", "0", "1", "01", "-3", "[", "]", "[]", "=", "&", "%5B", "%5D", "%", "%2", "+",
     " ", ".", "%20", "%00", "%C3%A9", "%C3", "é", "😀", "\0", "__Host-", "x[y", "[ ]", "\t"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
def test_values_are_those_of_php_parse_str(body: str) -> None:
    assert parse_pairs(body, [(0, len(body))]).value == php.parse_str(body)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=8).map("".join), max_size=5))
def test_lines_join_like_ampersands(lines: list[str]) -> None:
    pairs = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    text = "\n".join(["# pairs", *pairs])
    assert load_text(text, "x.form").value == php.parse_str("&".join(pairs))


# ------------------------------------------------------------------------------------------------
# Positions: parse_str's edge cases
# ------------------------------------------------------------------------------------------------


def test_repeated_keys_the_last_wins_both_places_reported() -> None:
    text, spans = unmark(
        "# biconnector.connector.update\nid=4&⟦1fields[title]⟧1=A\n⟦2fields[title]⟧2=⟦3B⟧3\n",
        labelled=True,
    )
    document = load_text(text, "dup.form")
    assert document.value["params"] == {"id": "4", "fields": {"title": "B"}}
    loc = ("params", "fields", "title")
    assert located(text, loc) == spans["3"]
    assert located(text, loc, Part.KEY) == spans["2"]
    report = lint_text(text, "dup.form")
    found = [(d.code, span(d), d.pointer) for d in report.diagnostics if d.code == "BL003"]
    assert found == [
        ("BL003", spans["1"], "/params/fields/title"),
        ("BL003", spans["2"], "/params/fields/title"),
    ]


def test_a_string_replaced_by_an_array_is_a_lost_value() -> None:
    text, spans = unmark("⟦1a⟧1=1&⟦2a⟧2[x]=2\n", labelled=True)  # the array is a[x]'s "a"
    document = load_text(text, "x.form")
    assert document.value == php.parse_str("a=1&a[x]=2") == {"a": {"x": "2"}}
    assert [(p.code, p.loc) for p in document.problems] == [("BL003", ("a",))] * 2
    found = [p.span for p in document.problems]
    assert [(s.line, s.column, s.end_line, s.end_column) for s in found if s] == [
        spans["1"],
        spans["2"],
    ]


def test_empty_brackets_append() -> None:
    text, spans = unmark("⟦1a[]⟧1=⟦2x⟧2&a[5]=y&⟦3a[]⟧3=⟦4z⟧4&⟦5a[]=⟧5\n", labelled=True)
    assert load_text(text, "x.form").value == {"a": {0: "x", 5: "y", 6: "z", 7: ""}}
    assert located(text, ("a", 0), Part.KEY) == spans["1"]
    assert located(text, ("a", 0)) == spans["2"]
    assert located(text, ("a", 6), Part.KEY) == spans["3"]
    assert located(text, ("a", 6)) == spans["4"]
    assert located(text, ("a", 7)) == spans["5"]  # an empty value: the whole pair


def test_percent_encoded_keys_and_values() -> None:
    text, spans = unmark(
        "# biconnector.connector.update\nid=4\n⟦1fields%5Bsort%5D⟧1=⟦20x1A⟧2\n"
        "⟦3fields[%D1%82%D0%B8%D1%82%D1%83%D0%BB]⟧3=%D0%BF\n",
        labelled=True,
    )
    document = load_text(text, "enc.form")
    assert document.value["params"]["fields"] == {"sort": "0x1A", "титул": "п"}
    assert located(text, ("params", "fields", "sort"), Part.KEY) == spans["1"]
    assert located(text, ("params", "fields", "sort")) == spans["2"]
    assert located(text, ("params", "fields", "титул"), Part.KEY) == spans["3"]
    report = lint_text(text, "enc.form")
    (unknown,) = [d for d in report.diagnostics if d.code == "VALIDATION_UNKNOWN_PARAMETERS"]
    assert span(unknown) == spans["3"]


def test_the_container_key_is_its_part_of_the_name() -> None:
    text, spans = unmark("⟦1⟦2fields⟧2%5Bsettings%5D⟧1[0][code]=c\n", labelled=True)
    assert located(text, ("fields",), Part.KEY) == spans["2"]
    assert located(text, ("fields", "settings"), Part.KEY) == spans["1"]


def test_plus_is_a_space_and_a_literal_plus_needs_2B() -> None:
    text, spans = unmark("title=⟦My+Connector⟧&sum=1%2B1\n", labelled=False)
    assert load_text(text, "x.form").value == {"title": "My Connector", "sum": "1+1"}
    assert located(text, ("title",)) == spans[""]


def test_mangled_names_and_a_bare_key() -> None:
    text, spans = unmark("⟦1a.b c⟧1=1&⟦2flag⟧2\n", labelled=True)
    assert load_text(text, "x.form").value == {"a_b_c": "1", "flag": ""}
    assert located(text, ("a_b_c",), Part.KEY) == spans["1"]
    assert located(text, ("flag",)) == spans["2"]


def test_crlf_lines_blank_lines_and_comments() -> None:
    text = "# biconnector.connector.get\r\n\r\n  # a note\r\nid=4\r\n"
    document = load_text(text, "get.form")
    assert document.value == {"method": "biconnector.connector.get", "params": {"id": "4"}}
    assert located(text, ("params", "id")) == (4, 4, 4, 5)  # `id=4`, the \r is not the value's


# ------------------------------------------------------------------------------------------------
# Recognition: the method comment, --method, or nothing
# ------------------------------------------------------------------------------------------------


def test_the_method_comment_makes_an_envelope() -> None:
    text, spans = unmark("# ⟦biconnector.connector.nope⟧ (a typo)\nid=4\n", labelled=False)
    report = lint_text(text, "typo.form")
    (found,) = report.diagnostics
    assert (found.code, found.pointer, span(found)) == (
        "ERROR_METHOD_NOT_FOUND",
        "/method",
        spans[""],
    )


def test_without_a_comment_method_gives_the_params() -> None:
    text, spans = unmark("id=4&fields[sort]=⟦0x1A⟧\n", labelled=False)
    report = lint_text(text, "bare.form", method="biconnector.connector.update")
    (found,) = [d for d in report.diagnostics if d.server]
    assert (found.pointer, span(found)) == ("/fields/sort", spans[""])


def test_a_comment_after_the_first_pair_names_nothing() -> None:
    text = "id=4\n# biconnector.connector.get\n"
    assert lint_text(text, "late.form", only_payloads=True).skipped
    assert [d.code for d in lint_text(text, "late.form").diagnostics] == ["BL005"]


def test_only_payloads_skips_forms_without_a_method() -> None:
    assert lint_text("a=1&b=2\n", "other.form", only_payloads=True).skipped
    report = lint_text("# biconnector.connector.get\nid=x\n", "get.urlencoded", only_payloads=True)
    assert report.server_error is not None
    assert report.server_error.code == "VALIDATION_INVALID_ID_FORMAT"


def test_a_form_request_travels_as_form() -> None:
    """The notes for string-only encodings run for form files (and never for JSON)."""
    text = (
        "# biconnector.connector.update\nid=4&fields[supportMapping]=1&fields[description]=null\n"
    )
    codes = sorted(d.code for d in lint_text(text, "x.form").diagnostics)
    assert {"BL020", "BL022", "VALIDATION_INVALID_FIELD_TYPE"} <= set(codes)
    json_text = (
        '{"method": "biconnector.connector.update", "params": {"id": 4, '
        '"fields": {"supportMapping": "1", "description": "null"}}}'
    )
    assert not {"BL020", "BL022"} & {d.code for d in lint_text(json_text, "x.json").diagnostics}
