"""The language server's text work, without a server: places (bicon-lint's lines and columns,
LSP's lines and code units) and the quick fixes' edits, on the cases the server tests do not
reach (other line breaks, members in every position, YAML, programs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bicon_lint.config import Resolver
from bicon_lint.lsp.fixes import READ_ONLY, Fix, apply, fixes_for, verified
from bicon_lint.lsp.linting import Item, lint
from bicon_lint.lsp.positions import UTF8, UTF16, UTF32, TextIndex
from bicon_lint.model import Severity
from bicon_lint.targets import Target


def test_lines_end_where_lsp_ends_them() -> None:
    # bicon-lint ends lines at "\n" only; LSP at "\n", "\r\n" and "\r" (not at U+2028)
    text = "a\r\nb\rc\u2028d\ne"
    index = TextIndex(text)
    assert index.positions([text.index("b")], UTF16)[text.index("b")] == (1, 0)
    assert index.positions([text.index("c")], UTF16)[text.index("c")] == (2, 0)
    assert index.positions([text.index("d")], UTF16)[text.index("d")] == (2, 2)
    assert index.positions([text.index("e")], UTF16)[text.index("e")] == (3, 0)
    # and back
    assert index.from_lsp(2, 2, UTF16) == text.index("d")
    assert index.from_lsp(3, 0, UTF16) == text.index("e")
    # bicon-lint's lines: "a\r", "b\rc\u2028d", "e"; a column past a line stops at its end
    assert index.offset(3, 1) == text.index("e")
    assert index.offset(2, 3) == text.index("c")
    assert index.offset(2, 99) == text.rindex("\n")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [(UTF16, 1 + 2 + 1), (UTF8, 1 + 4 + 2), (UTF32, 3)],
)
def test_code_units_of_each_encoding(encoding: str, expected: int) -> None:
    text = "a😀é<"
    index = TextIndex(text)
    assert index.positions([3], encoding)[3] == (0, expected)
    assert index.from_lsp(0, expected, encoding) == 3


def test_a_position_inside_a_character_does_not_reach_it() -> None:
    index = TextIndex("😀x")
    assert index.from_lsp(0, 1, UTF16) == 0  # between the two halves of the emoji
    assert index.from_lsp(0, 2, UTF8) == 0
    assert index.from_lsp(0, 9, UTF16) == 2  # beyond the line: its end


def test_offsets_on_one_long_line_are_counted_in_order() -> None:
    text = "😀" * 1000 + "x" + "😀" * 1000 + "y"
    index = TextIndex(text)
    first, second = text.index("x"), text.index("y")
    assert index.positions([second, first], UTF16) == {first: (0, 2000), second: (0, 4001)}


def test_a_token_without_an_end_stops_at_its_punctuation_and_its_line() -> None:
    text = 'k: "a \\" b", next\nvalue'
    index = TextIndex(text)
    assert text[3 : index.token_end(3)] == '"a \\" b"'
    assert text[13 : index.token_end(13)] == "next"
    assert index.token_end(len(text) - 1) == len(text)


def item(text: str, token: str, code: str = READ_ONLY, occurrence: int = 0) -> Item:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(token, start + 1)
    index = TextIndex(text)
    return Item(
        start,
        start + len(token),
        (0, 0, 0, 0),
        code,
        "m",
        Severity.ERROR,
        None,
        index.line_of(start),
        Target.LATEST,
    )


def removal(text: str, name: str, token: str) -> str | None:
    found = [
        f for f in fixes_for(text, name, item(text, token), TextIndex(text)) if "Remove" in f.title
    ]
    return apply(text, found[0].edits) if found else None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('{"id": 5, "title": "T"}', '{"title": "T"}'),
        ('{"title": "T", "id": 5}', '{"title": "T"}'),
        ('{"id": 5}', "{}"),
        ('{"title": "T",\n  "id": {"a": [1, "}"]}\n}', '{"title": "T"\n}'),
        ('{\n  "id": 5,\n  "title": "T"\n}', '{\n  "title": "T"\n}'),
        ('{"id"  :  "x\\"y" , "title": "T"}', '{"title": "T"}'),
    ],
)
def test_a_json_member_is_removed_with_its_comma(before: str, after: str) -> None:
    assert removal(before, "p.json", '"id"') == after
    json.loads(after)


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("a.php", "['id' => 5, 'title' => 'T']", "['title' => 'T']"),
        ("a.php", "[\n    'title' => 'T',\n    'id' => 5,\n]", "[\n    'title' => 'T',\n]"),
        ("a.js", "{ id: 5, title: 'T' }", "{ title: 'T' }"),
        ("a.py", '{"title": "T", "id": None}', '{"title": "T"}'),
        ("a.go", 'map[string]any{"id": 5}', "map[string]any{}"),
    ],
)
def test_a_program_member_is_removed_where_key_and_value_are_literals(
    name: str, before: str, after: str
) -> None:
    assert (
        removal(
            before, name, "'id'" if "'id'" in before else ('"id"' if '"id"' in before else "id")
        )
        == after
    )


@pytest.mark.parametrize(
    ("name", "text", "token"),
    [
        ("a.php", "['id' => $id, 'title' => 'T']", "'id'"),  # a value computed at run time
        ("a.php", "['id' => \"$x\", 'title' => 'T']", "'id'"),  # interpolated
        ("a.py", "dict(id=5, title='T')", "id"),  # a keyword argument, not a literal key
        ("a.js", "{ id: make(), title: 'T' }", "id"),
        ("a.form", "fields[id]=5&fields[title]=T", "id"),
        ("a.md", '```json\n{"id": 5, "title": "T"}\n```', '"id"'),
    ],
)
def test_no_removal_where_it_is_not_certain(name: str, text: str, token: str) -> None:
    assert removal(text, name, token) is None


YAML = """\
params:
  fields:
    title: T
    id: 5  # sent by mistake
    settings:
      - name: N
        id: 7
"""


def test_a_yaml_member_is_removed_with_its_line() -> None:
    assert removal(YAML, "p.yaml", "id") == YAML.replace("    id: 5  # sent by mistake\n", "")
    # in a list item, after its first key
    second = YAML.index("id: 7")
    edited = [
        f
        for f in fixes_for(YAML, "p.yaml", item(YAML, "id", occurrence=1), TextIndex(YAML))
        if "Remove" in f.title
    ]
    assert YAML.index("id", YAML.index("id") + 1) == second
    assert apply(YAML, edited[0].edits) == YAML.replace("        id: 7\n", "")


@pytest.mark.parametrize(
    "text",
    [
        "fields:\n  id: 5\nother: 1\n",  # the only member: the mapping would be left null
        "fields:\n  id: >\n    5\n  title: T\n",  # a block scalar
        "fields:\n  id: 5\n    6\n  title: T\n",  # a value that goes on below
        "fields: {id: 5, title: T}\n",  # a flow mapping
    ],
)
def test_no_yaml_removal_where_it_is_not_certain(text: str) -> None:
    assert removal(text, "p.yaml", "id") is None


def test_an_ignore_comment_joins_one_already_on_the_line() -> None:
    text = "$b24->call('biconnector.x', ['sort' => '0x1A']); // bicon-lint: ignore[BL101]\n"
    (fix,) = [
        f
        for f in fixes_for(text, "a.php", item(text, "'0x1A'", "CODE"), TextIndex(text))
        if "ignore" in f.title
    ]
    assert apply(text, fix.edits).endswith("// bicon-lint: ignore[BL101, CODE]\n")
    bare = text.replace("[BL101]", "")
    assert not [
        f
        for f in fixes_for(bare, "a.php", item(bare, "'0x1A'", "CODE"), TextIndex(bare))
        if "ignore" in f.title
    ]
    assert not [
        f
        for f in fixes_for(text, "a.json", item(text, "'0x1A'", "CODE"), TextIndex(text))
        if "ignore" in f.title
    ]


def test_a_fix_that_breaks_the_file_is_not_offered(tmp_path: Path) -> None:
    """An ignore comment inside a string literal reads as no comment: checked by linting the
    edited text, it is dropped."""
    text = (
        "<?php\n$b24->call('biconnector.connector.update', ['id' => 4, 'fields' => "
        "['sort' => '0x1A', 'title' => 'a\nb']]);\n"
    )
    name = str(tmp_path / "a.php")
    resolver = Resolver()
    linted = lint(text, name, resolver, UTF16)
    (sort,) = [
        i for i in linted.items if i.code == "VALIDATION_INVALID_FIELD_TYPE" and not i.answer
    ]
    fixes = fixes_for(text, name, sort, TextIndex(text))
    # the line of '0x1A' ends inside the string 'a\nb': a "//" there is string text
    (comment,) = [f for f in fixes if "ignore" in f.title]
    assert verified(text, name, resolver, linted, [comment]) == []
    broken = Fix("a broken edit", ((comment.edits[0])._replace(text=" ]]]"),), sort, False)
    assert verified(text, name, resolver, linted, [broken]) == []
