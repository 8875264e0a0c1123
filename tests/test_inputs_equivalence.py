"""The same mistakes written as JSON, as YAML and as a form-encoded body give the same server codes,
each at its own place in its own text.

Every expected line and column comes from the markers in the texts below (``⟦1…⟧1``, see
``tests/test_rule_fixtures.py``), never from bicon-lint's output. The mistakes, in a
``biconnector.connector.add`` call (SERVER-SPEC §4.2):

1. ``sort`` is ``"0x1A"``: not ``is_numeric`` (§3.3) → ``VALIDATION_INVALID_FIELD_TYPE``;
2. ``supportMapping`` is a string (the only thing a form body can send, §8.1) →
   ``VALIDATION_INVALID_FIELD_TYPE``;
3. a settings item's ``type`` is ``"string"`` (case-sensitive enum, §3.7) →
   ``VALIDATION_SETTINGS_INVALID_TYPE``;
4. an unknown field ``colour`` → ``VALIDATION_UNKNOWN_PARAMETERS``, which the server answers first.

A settings name holds Cyrillic letters and an emoji before a mistake on the same line (written as
they are, even in the form body, whose title is percent-encoded instead), so columns must count
code points in every format.
"""

from __future__ import annotations

import pytest

from bicon_lint.api import Report, lint_text
from tests.test_rule_fixtures import unmark

JSON = """\
{
  "method": "biconnector.connector.add",
  "params": {
    "fields": {
      "title": "Привет 😀", "sort": ⟦1"0x1A"⟧1,
      "logo": "data:image/png;base64,iVBORw0KGgo=",
      "urlCheck": "https://ex.com/c",
      "urlData": "https://ex.com/x",
      "urlTableList": "https://ex.com/l",
      "urlTableDescription": "https://ex.com/d",
      "supportMapping": ⟦2"true"⟧2,
      "settings": [
        {"code": "token", "name": "Token", "type": "STRING"},
        {"code": "host", "name": "Хост 😀", "type": ⟦3"string"⟧3}
      ],
      ⟦4"colour"⟧4: "red"
    }
  }
}
"""

YAML = """\
# the same call, as YAML (sent as JSON by the caller)
method: biconnector.connector.add
params:
  fields:
    title: Привет 😀
    sort: ⟦1"0x1A"⟧1
    logo: data:image/png;base64,iVBORw0KGgo=
    urlCheck: https://ex.com/c
    urlData: https://ex.com/x
    urlTableList: https://ex.com/l
    urlTableDescription: https://ex.com/d
    supportMapping: ⟦2'true'⟧2
    settings:
      - {code: token, name: Token, type: STRING}
      - {code: host, name: Хост 😀, type: ⟦3string⟧3}
    ⟦4colour⟧4: red
"""

FORM = """\
# biconnector.connector.add
fields[title]=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82+%F0%9F%98%80&fields[sort]=⟦10x1A⟧1
fields[logo]=data%3Aimage%2Fpng%3Bbase64%2CiVBORw0KGgo%3D
fields[urlCheck]=https://ex.com/c
fields[urlData]=https://ex.com/x
fields[urlTableList]=https://ex.com/l
fields[urlTableDescription]=https://ex.com/d
fields[supportMapping]=⟦2true⟧2
fields[settings][0][code]=token&fields[settings][0][name]=Token&fields[settings][0][type]=STRING
fields[settings][1][code]=host&fields[settings][1][name]=Хост+😀&fields[settings][1][type]=⟦3string⟧3
⟦4fields[colour]⟧4=red
"""

# Which marker each server diagnostic must sit on, by (code, pointer).
EXPECTED = {
    ("VALIDATION_INVALID_FIELD_TYPE", "/params/fields/sort"): "1",
    ("VALIDATION_INVALID_FIELD_TYPE", "/params/fields/supportMapping"): "2",
    ("VALIDATION_SETTINGS_INVALID_TYPE", "/params/fields/settings/1/type"): "3",
    ("VALIDATION_UNKNOWN_PARAMETERS", "/params/fields/colour"): "4",
}

FORMATS = {"json": ("call.json", JSON), "yaml": ("call.yaml", YAML), "form": ("call.form", FORM)}


def lint(fmt: str) -> tuple[Report, dict[str, tuple[int, int, int, int]]]:
    name, marked = FORMATS[fmt]
    text, spans = unmark(marked, labelled=True)
    return lint_text(text, name), spans


def server_diagnostics(report: Report) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    found: dict[tuple[str, str], tuple[int, int, int, int]] = {}
    for d in report.diagnostics:
        if d.server:
            assert d.line is not None and d.column is not None, d
            assert d.end_line is not None and d.end_column is not None, d
            found[(d.code, d.pointer)] = (d.line, d.column, d.end_line, d.end_column)
    return found


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_mistake_at_its_marker(fmt: str) -> None:
    report, spans = lint(fmt)
    found = server_diagnostics(report)
    assert set(found) == set(EXPECTED), f"{fmt}: {sorted(found)}"
    for key, label in EXPECTED.items():
        assert found[key] == spans[label], f"{fmt}: {key} at {found[key]}, marker {spans[label]}"


def test_the_three_formats_agree() -> None:
    reports = {fmt: lint(fmt)[0] for fmt in FORMATS}
    codes = {fmt: sorted(d.code for d in r.diagnostics if d.server) for fmt, r in reports.items()}
    assert codes["json"] == codes["yaml"] == codes["form"]
    assert codes["json"] == sorted(code for code, _ in EXPECTED)
    answers = {fmt: report.server_error for fmt, report in reports.items()}
    assert answers["json"] == answers["yaml"] == answers["form"]
    assert answers["json"] is not None
    assert answers["json"].code == "VALIDATION_UNKNOWN_PARAMETERS"
    assert {report.method for report in reports.values()} == {"biconnector.connector.add"}


def test_only_the_form_explains_its_boolean() -> None:
    """A form body cannot send a boolean at all: the form report adds the BL020 note at the
    value; JSON and YAML could have sent ``true``, so they do not."""
    notes = {fmt: [d for d in lint(fmt)[0].diagnostics if d.code == "BL020"] for fmt in FORMATS}
    assert notes["json"] == notes["yaml"] == []
    (note,) = notes["form"]
    spans = lint("form")[1]
    assert (note.line, note.column, note.end_line, note.end_column) == spans["2"]
    assert note.pointer == "/params/fields/supportMapping"


def test_columns_count_code_points() -> None:
    """The settings type follows a name with an emoji (one code point, two UTF-16 units)."""
    for fmt, (_, marked) in FORMATS.items():
        line = next(line for line in marked.splitlines() if "⟦3" in line)
        prefix = line.split("⟦3", 1)[0]
        assert "😀" in prefix, fmt
        report, spans = lint(fmt)
        (found,) = [d for d in report.diagnostics if d.code == "VALIDATION_SETTINGS_INVALID_TYPE"]
        assert found.column == spans["3"][1] == len(prefix) + 1, fmt
