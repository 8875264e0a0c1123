"""``batch`` files: each ``biconnector.*`` command is one request, decoded as ``parse_str`` decodes it
(every leaf a string, SERVER-SPEC §2.6), with positions inside the command string of the file.

Expected positions come from markers in the texts (``⟦…⟧``, ``tests/test_rule_fixtures.unmark``).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bicon_lint import php
from bicon_lint.api import Report, lint_document_all, lint_text
from bicon_lint.batch import find_batch, string_offsets
from bicon_lint.loaders import load_text
from bicon_lint.runner import Candidate, Options, load, payloads_of, run_paths
from tests.test_rule_fixtures import unmark
from tests.vectors import B  # SERVER-SPEC §10, the valid base object of the connector vectors

PROJECT = Path(__file__).resolve().parents[1]


def span(d: Any) -> tuple[int, int, int, int]:
    return (d.line, d.column, d.end_line, d.end_column)


def reports_of(text: str, name: str = "batch.json", **options: Any) -> list[Report]:
    return lint_document_all(load_text(text, name), **options)


def server(report: Report) -> list[Any]:
    return [d for d in report.diagnostics if d.server]


# ------------------------------------------------------------------------------------------------
# SERVER-SPEC §10 vector #144
# ------------------------------------------------------------------------------------------------


def test_spec_vector_144_support_mapping_true_is_a_string() -> None:
    """``{"cmd":{"a":"biconnector.connector.add?fields[title]=T&…&fields[supportMapping]=true"}}``:
    ``result.result.a.error`` is VALIDATION_INVALID_FIELD_TYPE, ``result_error`` is empty."""
    command = "biconnector.connector.add?" + php.build_query({"fields": B})
    marked = json.dumps({"cmd": {"a": command + "&fields[supportMapping]=@@"}})
    text, spans = unmark(marked.replace("@@", "⟦true⟧"), labelled=False)
    (report,) = reports_of(text)
    assert report.command == "a"
    assert report.method == "biconnector.connector.add"
    assert report.server_error is not None
    assert report.server_error.code == "VALIDATION_INVALID_FIELD_TYPE"
    assert report.server_error.message == 'Field "supportMapping" must be of type boolean.'
    assert report.server_error.top_level is False  # in result.result.a, not in result_error
    (found,) = server(report)
    assert (found.pointer, span(found)) == ("/cmd/a/fields/supportMapping", spans[""])
    note = next(d for d in report.diagnostics if d.code == "BL020")  # why: batch sends strings
    assert span(note) == spans[""]


def test_the_same_command_with_a_json_boolean_would_pass() -> None:
    """Only the batch string makes it a string: as JSON, ``true`` is accepted (vector #144's
    counterpart), so the error above is the encoding's."""
    envelope = {
        "method": "biconnector.connector.add",
        "params": {"fields": {**B, "supportMapping": True}},
    }
    assert lint_text(json.dumps(envelope), "add.json").server_error is None


# ------------------------------------------------------------------------------------------------
# Recognition and reports
# ------------------------------------------------------------------------------------------------

ENVELOPE = """\
{
  "method": "batch",
  "params": {
    "halt": 0,
    "cmd": {
      "get": "biconnector.connector.get?id=⟦1x⟧1",
      "deal": "crm.deal.get?id=1",
      "upd": "biconnector.connector.update?id=4&fields[sort]=⟦20x1A⟧2",
      "ok": "biconnector.connector.delete?id=4"
    }
  }
}
"""


def test_an_envelope_gives_one_report_per_biconnector_command() -> None:
    text, spans = unmark(ENVELOPE, labelled=True)
    reports = reports_of(text)
    assert [(r.command, r.method) for r in reports] == [
        ("get", "biconnector.connector.get"),
        ("upd", "biconnector.connector.update"),
        ("ok", "biconnector.connector.delete"),
    ]  # crm.deal.get is not checked
    get, upd, ok = reports
    assert [(d.code, d.pointer, span(d)) for d in server(get)] == [
        ("VALIDATION_INVALID_ID_FORMAT", "/params/cmd/get/id", spans["1"])
    ]
    assert [(d.code, d.pointer, span(d)) for d in server(upd)] == [
        ("VALIDATION_INVALID_FIELD_TYPE", "/params/cmd/upd/fields/sort", spans["2"])
    ]
    assert ok.server_error is None and server(ok) == []


def test_lint_text_gives_one_report_for_the_whole_batch() -> None:
    text, _ = unmark(ENVELOPE, labelled=True)
    report = lint_text(text, "batch.json")
    assert report.method == "batch" and report.command is None
    assert [d.code for d in server(report)] == [
        "VALIDATION_INVALID_ID_FORMAT",
        "VALIDATION_INVALID_FIELD_TYPE",
    ]
    assert report.server_error is not None  # the first command's answer
    assert report.server_error.code == "VALIDATION_INVALID_ID_FORMAT"


def test_a_bare_batch_body_and_a_list_of_commands() -> None:
    text, spans = unmark('{"CMD": ["biconnector.connector.get?id=⟦0⟧"], "halt": 1}', labelled=False)
    (report,) = reports_of(text)
    assert report.command == "0"
    (found,) = server(report)
    assert (found.pointer, span(found)) == ("/CMD/0/id", spans[""])


def test_a_batch_without_biconnector_commands() -> None:
    text = '{"cmd": {"a": "crm.deal.get?id=1", "b": "user.current"}}'
    (explicit,) = reports_of(text)
    assert [d.code for d in explicit.diagnostics] == ["BL005"]
    (hook,) = reports_of(text, only_payloads=True)
    assert hook.skipped


def test_other_shapes_are_not_batches() -> None:
    for text in ('{"cmd": {"a": 1}, "other": 2}', '{"method": "biconnector.batch"}', "[1]"):
        assert find_batch(load_text(text, "x.json")) is None
    assert find_batch(load_text("cmd[a]=biconnector.connector.get", "x.form")) is None


def test_the_method_flag_does_not_apply_to_commands() -> None:
    text = '{"cmd": {"a": "biconnector.connector.get?id=4"}}'
    (report,) = reports_of(text, method="biconnector.connector.add")
    assert report.method == "biconnector.connector.get"


def test_an_unknown_method_points_at_the_method_name() -> None:
    text, spans = unmark('{"cmd": {"a": "⟦biconnector.connector.gte⟧?id=4"}}', labelled=False)
    (report,) = reports_of(text)
    (found,) = report.diagnostics
    assert (found.code, found.pointer, span(found)) == (
        "ERROR_METHOD_NOT_FOUND",
        "/cmd/a",
        spans[""],
    )
    assert report.server_error is not None and report.server_error.top_level


def test_repeated_keys_in_a_command() -> None:
    text, spans = unmark(
        '{"cmd": {"a": "biconnector.connector.get?⟦1id⟧1=1&⟦2id⟧2=x"}}', labelled=True
    )
    (report,) = reports_of(text)
    assert [(d.code, span(d)) for d in report.diagnostics if d.code == "BL003"] == [
        ("BL003", spans["1"]),
        ("BL003", spans["2"]),
    ]
    assert report.server_error is not None
    assert report.server_error.code == "VALIDATION_INVALID_ID_FORMAT"  # the last one, "x"


# ------------------------------------------------------------------------------------------------
# Positions inside the command string: escapes, YAML styles
# ------------------------------------------------------------------------------------------------


def test_json_escapes_map_back_to_their_spelling() -> None:
    text, spans = unmark(
        '{"cmd": {"a": "biconnector.connector.update?id=4\\u0026fields[title]=\\"Q\\"'
        "\\u0026fields[urlCheck]=https:\\/\\/ex.com\\/\\u00e9 😀\\ud83d\\ude00"
        '&fields[sort]=⟦1\\u0030x1A⟧1&fields[⟦2\\u00e9⟧2]=x"}}',
        labelled=True,
    )
    (report,) = reports_of(text)
    found = {d.code: d for d in server(report)}
    assert span(found["VALIDATION_INVALID_FIELD_TYPE"]) == spans["1"]
    unknown = found["VALIDATION_UNKNOWN_PARAMETERS"]
    assert unknown.message == "Unknown parameters: é"


def test_string_offsets_of_every_character() -> None:
    text = '"a\\u00e9\\ud83d\\ude00\\n\\"b"'
    value = json.loads(text)
    offsets = string_offsets(text, (0, len(text)), value)
    pieces = [text[offsets[i] : offsets[i + 1]] for i in range(len(value))]
    assert pieces == ["a", "\\u00e9", "\\ud83d\\ude00", "\\n", '\\"', "b"]
    assert offsets[-1] == len(text) - 1  # the closing quote


YAML_BATCH = """\
method: batch
params:
  cmd:
    plain: biconnector.connector.get?id=⟦1x⟧1
    single: 'biconnector.connector.update?id=4&fields[title]=it''s&fields[sort]=⟦2a⟧2'
    double: "biconnector.connector.update?id=4&fields[title]=\\u00e9&fields[sort]=⟦3b⟧3"
    block: |
      biconnector.connector.update?id=4&fields[sort]=⟦4c⟧4
"""


def test_yaml_commands_in_every_style() -> None:
    text, spans = unmark(YAML_BATCH, labelled=True)
    reports = {r.command: r for r in reports_of(text, "batch.yaml")}
    assert set(reports) == {"plain", "single", "double", "block"}
    for command, label in (("plain", "1"), ("single", "2"), ("double", "3"), ("block", "4")):
        (found,) = server(reports[command])
        assert span(found) == spans[label], command
    assert reports["block"].method == "biconnector.connector.update"


# ------------------------------------------------------------------------------------------------
# References to earlier results (SERVER-SPEC §2.6)
# ------------------------------------------------------------------------------------------------


def test_whole_references_are_not_judged() -> None:
    text = json.dumps(
        {
            "cmd": {
                "conn": "biconnector.connector.get?id=4",
                "upd": "biconnector.connector.update?id=$result[conn][item][id]"
                "&fields[settings]=$result[conn][item][settings]"
                "&fields[supportMapping]=$RESULT[conn][item][supportMapping]",
            }
        }
    )
    _, update = reports_of(text)
    assert update.server_error is None
    assert [d.code for d in update.diagnostics if d.code.startswith(("VALIDATION", "BL02"))] == []


def test_a_reference_runs_to_the_next_blank() -> None:
    """``$result[a][id]x`` is a whole reference: PHP's pattern takes everything up to a blank."""
    text = json.dumps(
        {"cmd": {"a": "biconnector.connector.update?id=$result[a][id]x&fields[title]=T"}}
    )
    (report,) = reports_of(text)
    assert report.server_error is None


def test_partial_references_are_strings() -> None:
    text, spans = unmark(
        json.dumps(
            {
                "cmd": {
                    "a": "biconnector.connector.add?" + php.build_query({"fields": B}),
                    "b": "biconnector.connector.update?id=4&fields[title]=Copy+of+$result[a][id]"
                    "&fields[sort]=1$result[a][id]&fields[supportMapping]=@@",
                }
            }
        ).replace("@@", "⟦x$result[a][id]⟧"),
        labelled=False,
    )
    _, update = reports_of(text)
    # "Copy of …" is a string and "1…" a number once substituted; "x…" is a string, which
    # supportMapping cannot be
    (found,) = server(update)
    assert (found.code, found.pointer, span(found)) == (
        "VALIDATION_INVALID_FIELD_TYPE",
        "/cmd/b/fields/supportMapping",
        spans[""],
    )


def test_a_hash_cuts_a_command() -> None:
    text = '{"cmd": {"a": "biconnector.connector.update?id=4&fields[title]=C#&fields[sort]=x"}}'
    (report,) = reports_of(text)
    assert [d.code for d in report.diagnostics] == ["BL023"]  # sort=x never reaches the server
    assert report.server_error is None


# ------------------------------------------------------------------------------------------------
# Runs: the runner, the run's context, stdin and directories
# ------------------------------------------------------------------------------------------------


def test_a_run_reports_each_command(tmp_path: Path) -> None:
    text, _ = unmark(ENVELOPE, labelled=True)
    (tmp_path / "batch.json").write_text(text, encoding="utf-8")
    result = run_paths([str(tmp_path / "batch.json")], Options())
    assert [(r.command, r.path) for r in result.reports] == [
        ("get", str(tmp_path / "batch.json")),
        ("upd", str(tmp_path / "batch.json")),
        ("ok", str(tmp_path / "batch.json")),
    ]
    loaded = load(Candidate(tmp_path / "batch.json", only_payloads=False), Options())
    assert [(p.method, p.params) for p in payloads_of(loaded, Options())] == [
        ("biconnector.connector.get", {"id": "x"}),
        ("biconnector.connector.update", {"id": "4", "fields": {"sort": "0x1A"}}),
        ("biconnector.connector.delete", {"id": "4"}),
    ]


STDIN_YAML = b"method: biconnector.connector.update\nparams: {id: 4, fields: {sort: '0x1A'}}\n"
STDIN_FORM = b"# biconnector.connector.update\nid=4&fields[sort]=0x1A\n"


@pytest.mark.parametrize(
    ("name", "data", "token"),
    [
        ("p.yaml", STDIN_YAML, "'0x1A'"),
        ("p.yml", STDIN_YAML, "'0x1A'"),
        ("p.form", STDIN_FORM, "0x1A"),
    ],
)
def test_stdin_filename_chooses_the_loader(name: str, data: bytes, token: str) -> None:
    result = run_paths(["-"], Options(stdin_filename=name), stdin=io.BytesIO(data))
    (report,) = result.reports
    (found,) = server(report)
    line = data.decode().splitlines()[1]
    assert (report.path, found.code, span(found)) == (
        name,
        "VALIDATION_INVALID_FIELD_TYPE",
        (2, line.index(token) + 1, 2, line.index(token) + len(token) + 1),
    )


def test_stdin_filename_through_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "check", "--stdin-filename", "in.form", "-"],
        input=STDIN_FORM,
        capture_output=True,
        cwd=PROJECT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert b"in.form:2:19: error: VALIDATION_INVALID_FIELD_TYPE" in done.stdout


def test_directories_are_walked_for_every_format(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(STDIN_YAML)
    (tmp_path / "b.yml").write_bytes(STDIN_YAML)
    (tmp_path / "c.form").write_bytes(STDIN_FORM)
    (tmp_path / "d.urlencoded").write_bytes(STDIN_FORM)
    (tmp_path / "docker-compose.yml").write_text("services:\n  web: {image: nginx}\n")
    (tmp_path / "broken.yml").write_text("steps: [unclosed\n")
    (tmp_path / "notes.txt").write_text("fields[sort]=0x1A\n")
    result = run_paths([str(tmp_path)], Options())
    checked = sorted(Path(r.path or "").name for r in result.checked)
    assert checked == ["a.yaml", "b.yml", "c.form", "d.urlencoded"]
    assert all(r.server_error is not None for r in result.checked)


COMMAND_PIECES = st.sampled_from(
    ["biconnector.connector.add?", "biconnector.connector.update?id=4", "crm.deal.get?", "fields",
     "[title]", "[supportMapping]", "[settings][0][type]", "[]", "=", "&", "#", "%", "%5B", "+",
     "$result[a][id]", "$result", " ", "?", "\\", '"', "\n", "😀", "é", "null", "true", "0x1A"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["a", "b", "0", "é"]), st.lists(COMMAND_PIECES).map("".join))
)
def test_any_batch_gives_reports_not_tracebacks(commands: dict[str, str]) -> None:
    for text, name in (
        (json.dumps({"cmd": commands}), "fuzz.json"),
        (json.dumps({"cmd": commands}, ensure_ascii=False), "fuzz.json"),
        (yaml.safe_dump({"method": "batch", "params": {"cmd": commands}}), "fuzz.yaml"),
    ):
        for report in reports_of(text, name):
            for d in report.diagnostics:
                assert d.line is not None, (d, text)  # every diagnostic has a place in the file
