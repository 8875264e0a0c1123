"""The stage every call read from a program or a doc goes through, tested with calls made by hand
(``tests/test_extract_*.py`` test each language's extractor): the params as the server receives
them in the call's encoding (SERVER-SPEC §8.1), nothing reported on a value computed at run time,
the predicted answer that depends on one, ``bicon-lint: ignore`` comments, and the reports' names.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bicon_lint.api import Report, lint_document, lint_document_all
from bicon_lint.extract.build import Builder, Call, Extracted, Offsets, Unknown
from bicon_lint.extract.transport import as_sent
from bicon_lint.loaders import load_path, load_text
from bicon_lint.loaders.document import PositionIndex
from bicon_lint.loaders.source_loader import load_source, source_calls
from bicon_lint.reporters._common import label

SETTING = {"code": "token", "name": "Token", "type": "STRING"}
ADD_FIELDS: dict[str, Any] = {
    "title": "Connector",
    "logo": "https://example.com/logo.png",
    "urlCheck": "https://example.com/check",
    "urlData": "https://example.com/data",
    "urlTableList": "https://example.com/tables",
    "urlTableDescription": "https://example.com/description",
    "settings": [SETTING],
}


def make_call(
    method: str,
    params: Any,
    encoding: str = "json",
    *,
    unknown: frozenset[tuple[str | int, ...]] = frozenset(),
    partial: frozenset[tuple[str | int, ...]] = frozenset(),
    at: int = 0,
) -> Call:
    return Call(
        method,
        params,
        PositionIndex(),
        (at, at + 1),
        (at, at + 1),
        encoding,
        "test",
        unknown,
        partial,
    )


def lint_calls(
    calls: list[Call],
    text: str = "<?php\n",
    ignores: dict[int, tuple[str, ...] | None] | None = None,
    path: str = "app/Sync.php",
) -> list[Report]:
    document = load_source(text, path, "php")
    document.memo[source_calls] = Extracted(calls, ignores or {})
    return lint_document_all(document)


def codes(report: Report) -> list[str]:
    return [diagnostic.code for diagnostic in report.diagnostics]


# --- the encodings (SERVER-SPEC §8.1) ---------------------------------------------------------


def test_a_boolean_sent_form_encoded_is_the_string_1_and_is_rejected() -> None:
    # §8.1: supportMapping can never be a bool in a form body → must be of type boolean
    params = {"id": 4, "fields": {"supportMapping": True}}
    (form,) = lint_calls([make_call("biconnector.connector.update", params, "form")])
    assert form.server_error is not None
    assert form.server_error.code == "VALIDATION_INVALID_FIELD_TYPE"
    assert form.server_error.message == 'Field "supportMapping" must be of type boolean.'
    assert "BL020" in codes(form)  # the note that explains why
    (json,) = lint_calls([make_call("biconnector.connector.update", params, "json")])
    assert json.server_error is None and codes(json) == []


def test_an_empty_settings_list_sent_form_encoded_is_left_out_and_required_on_add() -> None:
    # §8.1: `settings: []` through http_build_query is omitted → Field "settings" is required.
    params = {"fields": {**ADD_FIELDS, "settings": []}}
    (form,) = lint_calls([make_call("biconnector.connector.add", params, "form")])
    assert form.server_error is not None
    assert form.server_error.code == "VALIDATION_REQUIRED_FIELD_MISSING"
    assert form.server_error.message == 'Field "settings" is required.'
    (batch,) = lint_calls([make_call("biconnector.connector.add", params, "batch")])
    assert batch.server_error == form.server_error


def test_form_encoding_turns_numbers_to_strings_false_to_0_and_drops_null() -> None:
    params = {"id": 4, "fields": {"sort": 10, "x": False, "description": None, "t": 1.0}}
    sent = as_sent(make_call("biconnector.connector.update", params, "form"))
    # http_build_query: false → "0", null left out, (string)1.0 → "1"; parse_str: all strings
    assert sent.params == {"id": "4", "fields": {"sort": "10", "x": "0", "t": "1"}}


def test_json_keeps_types_and_a_64_bit_overflow_arrives_as_a_float() -> None:
    params = {"id": 2**64, "fields": {"sort": 1, "supportMapping": False, "settings": []}}
    sent = as_sent(make_call("biconnector.connector.update", params))
    assert sent.params == {
        "id": float(2**64),
        "fields": {"sort": 1, "supportMapping": False, "settings": []},
    }
    assert isinstance(sent.params["id"], float)


def test_the_rest_core_takes_auth_out_of_the_params() -> None:
    # §2.1 step 3: checkAuth() moves `auth` out; the method never sees it
    params = {"auth": "token", "id": 4, "fields": {"sort": 1}}
    assert as_sent(make_call("biconnector.connector.update", params)).params == {
        "id": 4,
        "fields": {"sort": 1},
    }


# --- values computed at run time ----------------------------------------------------------------


def test_nothing_is_reported_on_a_run_time_value_and_the_call_is_predicted_to_pass() -> None:
    params = {"id": 4, "fields": {"sort": Unknown("$sort")}}
    unknown = frozenset({("fields", "sort")})
    (report,) = lint_calls([make_call("biconnector.connector.update", params, unknown=unknown)])
    assert list(report.diagnostics) == []
    assert report.server_error is None  # nothing known fails: no answer stands on $sort


def test_an_answer_after_the_check_of_a_run_time_value_names_that_value() -> None:
    # §4.3: the id is checked (C1) before the fields' types (C2); $id is only known at run time
    params = {"id": Unknown("$id"), "fields": {"supportMapping": "Y"}}
    (report,) = lint_calls(
        [make_call("biconnector.connector.update", params, unknown=frozenset({("id",)}))]
    )
    assert codes(report) == ["VALIDATION_INVALID_FIELD_TYPE"]
    assert report.server_error is not None
    assert report.server_error.code == "VALIDATION_INVALID_FIELD_TYPE"
    assert report.server_error.message == 'Field "supportMapping" must be of type boolean.'
    assert report.server_error.runtime == "/params/id"
    assert report.server_error.as_dict()["runtime"] == "/params/id"
    assert "runtime" not in report.server_error._replace(runtime=None).as_dict()


def test_a_known_error_is_still_reported_next_to_a_run_time_value() -> None:
    # title is a run-time string (a string passes the type check); the settings type is wrong
    params = {
        "id": 4,
        "fields": {"title": Unknown("$title"), "settings": [{**SETTING, "type": "string"}]},
    }
    unknown = frozenset({("fields", "title")})
    (report,) = lint_calls([make_call("biconnector.connector.update", params, unknown=unknown)])
    assert codes(report) == ["VALIDATION_SETTINGS_INVALID_TYPE"]
    assert report.server_error is not None and report.server_error.runtime is None
    assert report.server_error.code == "VALIDATION_SETTINGS_INVALID_TYPE"


def test_an_object_with_a_spread_is_not_said_to_miss_a_key() -> None:
    fields = {key: value for key, value in ADD_FIELDS.items() if key != "urlData"}
    partial = frozenset({("fields",)})
    params = {"fields": fields}
    (report,) = lint_calls([make_call("biconnector.connector.add", params, partial=partial)])
    assert "VALIDATION_REQUIRED_FIELD_MISSING" not in codes(report)
    assert report.server_error is None
    # a known mistake checked after urlData (§4.1 order: ..., urlData, ..., supportMapping): the
    # answer names the object the spread may have completed
    params = {"fields": {**fields, "supportMapping": "Y"}}
    (report,) = lint_calls([make_call("biconnector.connector.add", params, partial=partial)])
    assert codes(report) == ["VALIDATION_INVALID_FIELD_TYPE"]
    assert report.server_error is not None
    assert report.server_error.message == 'Field "supportMapping" must be of type boolean.'
    assert report.server_error.runtime == "/params/fields"
    # one checked before urlData: the server answers it whatever the spread brings
    params = {"fields": {**fields, "sort": "first"}}
    (report,) = lint_calls([make_call("biconnector.connector.add", params, partial=partial)])
    assert report.server_error is not None and report.server_error.runtime is None
    assert report.server_error.message == 'Field "sort" must be of type integer.'
    (whole,) = lint_calls([make_call("biconnector.connector.add", {"fields": fields})])
    assert whole.server_error is not None and whole.server_error.runtime is None
    assert whole.server_error.message == 'Field "urlData" is required.'


def test_run_time_values_inside_a_form_body_stay_unknown_where_they_arrive() -> None:
    params = {"id": 4, "fields": {"settings": [SETTING, Unknown("$extra")], "sort": True}}
    call = make_call(
        "biconnector.connector.update",
        params,
        "form",
        unknown=frozenset({("fields", "settings", 1)}),
    )
    sent = as_sent(call)
    assert sent.unknown == frozenset({("fields", "settings", 1)})
    assert sent.params["fields"]["settings"][1] == "$extra"
    assert isinstance(sent.params["fields"]["settings"][1], Unknown)


# --- reports, names and suppressions --------------------------------------------------------


def test_each_call_is_a_report_named_by_its_line_and_method() -> None:
    text = "<?php\nCRest::call('biconnector.connector.update', []);\n\nx(); y();\n"
    calls = [
        make_call("biconnector.connector.update", {"id": 4, "fields": {"sort": 1}}, at=6),
        make_call("BICONNECTOR.connector.delete", {"id": 4}, at=text.index("x")),
        make_call("biconnector.connector.delete", {"id": 5}, at=text.index("y")),
    ]
    reports = lint_calls(calls, text)
    assert [r.command for r in reports] == ["line 2", "line 4:1", "line 4:6"]
    assert [r.method for r in reports] == [
        "biconnector.connector.update",
        "biconnector.connector.delete",
        "biconnector.connector.delete",
    ]
    assert label(reports[0]) == "app/Sync.php (biconnector.connector.update call on line 2)"


def test_one_report_for_the_whole_file_names_the_method_when_all_calls_share_it() -> None:
    text = "<?php\na();\nb();\n"
    document = load_source(text, "a.php", "php")
    calls = [
        make_call("biconnector.connector.delete", {"id": 0}, at=6),
        make_call("biconnector.connector.delete", {"id": 4}, at=11),
    ]
    document.memo[source_calls] = Extracted(calls, {})
    report = lint_document(document)
    assert report.method == "biconnector.connector.delete"
    assert report.server_error is not None
    assert report.server_error.code == "VALIDATION_INVALID_ID_FORMAT"


def _positioned(text: str, token: str) -> tuple[Builder, int]:
    start = text.index(token)
    builder = Builder()
    builder.value((), (0, len(text)))
    builder.value(("id",), (start, start + 1))
    return builder, start


@pytest.mark.parametrize(
    ("comment", "kept"),
    [
        (None, ["VALIDATION_INVALID_ID_FORMAT"]),
        (("id-format",), []),
        (("VALIDATION_INVALID_ID",), []),  # a prefix
        (("validation_invalid_id_format",), []),  # codes in any case
        (("BL3", "field-type"), ["VALIDATION_INVALID_ID_FORMAT"]),  # names something else
    ],
)
def test_an_ignore_comment_drops_what_it_names_on_its_line(
    comment: tuple[str, ...] | None, kept: list[str]
) -> None:
    text = "<?php\nCRest::call('biconnector.connector.delete', ['id' => 0]);\n"
    builder, _ = _positioned(text, "0]")
    call = builder.call(
        "biconnector.connector.delete",
        {"id": 0},
        span=(6, len(text) - 2),
        method_span=(18, 48),
        encoding="form",
        style="CRest::call",
    )
    ignores: dict[int, tuple[str, ...] | None] = {} if comment is None else {2: comment}
    (report,) = lint_calls([call], text, ignores)
    assert codes(report) == kept
    # the prediction is the server's, whatever is ignored
    assert report.server_error is not None
    assert report.server_error.code == "VALIDATION_INVALID_ID_FORMAT"
    if kept:
        (diagnostic,) = report.diagnostics
        # "CRest::call('biconnector.connector.delete', ['id' => " is 53 characters
        assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (2, 54, 55)
        assert diagnostic.pointer == "/params/id"


def test_a_bare_ignore_comment_drops_everything_on_its_line_only() -> None:
    text = "<?php\nCRest::call('biconnector.connector.delete', ['id' => 0]);\n"
    builder, _ = _positioned(text, "0]")
    call = builder.call(
        "biconnector.connector.delete",
        {"id": 0},
        span=(6, 60),
        method_span=(18, 48),
        encoding="form",
        style="CRest::call",
    )
    (report,) = lint_calls([call], text, {1: None})
    assert codes(report) == ["VALIDATION_INVALID_ID_FORMAT"]  # the comment is on another line
    (report,) = lint_calls([call], text, {2: None})
    assert codes(report) == []


def test_an_unknown_method_points_at_its_name() -> None:
    text = "<?php\nCRest::call('biconnector.connector.renam', ['id' => 4]);\n"
    start = text.index("'biconnector")
    call = make_call("biconnector.connector.renam", {"id": 4})._replace(
        method_span=(start, start + len("'biconnector.connector.renam'"))
    )
    (report,) = lint_calls([call], text)
    (diagnostic,) = report.diagnostics
    assert diagnostic.code == "ERROR_METHOD_NOT_FOUND"
    assert (diagnostic.line, diagnostic.column) == (2, 13)
    assert diagnostic.pointer == "/method"


# --- loading ---------------------------------------------------------------------------------


def test_a_source_file_that_does_not_mention_biconnector_is_not_even_decoded(
    tmp_path: Path,
) -> None:
    path = tmp_path / "legacy.php"
    path.write_bytes(b"<?php echo '\xff\xfe';\n")  # not UTF-8, and no call
    report = lint_document(load_path(path))
    assert report.skipped and report.diagnostics == ()


def test_a_source_file_that_mentions_biconnector_must_be_utf8(tmp_path: Path) -> None:
    path = tmp_path / "sync.php"
    path.write_bytes(b"<?php CRest::call('biconnector.connector.list', ['x' => '\xff']);\n")
    report = lint_document(load_path(path))
    assert codes(report) == ["BL002"]
    assert report.diagnostics[0].line == 1


def test_an_empty_source_file_or_one_with_a_byte_order_mark_passes(tmp_path: Path) -> None:
    for name, data in (("empty.py", b""), ("bom.js", b"\xef\xbb\xbfconsole.log(1);\n")):
        path = tmp_path / name
        path.write_bytes(data)
        assert lint_document(load_path(path)).skipped
    assert lint_document(load_text("", "x.go")).skipped


def test_checking_json_files_imports_no_source_parser_nor_the_language_server(
    tmp_path: Path,
) -> None:
    payload = tmp_path / "p.json"
    payload.write_text('{"method": "biconnector.connector.delete", "params": {"id": 0}}')
    code = (
        "import sys\n"
        "from bicon_lint.cli import main\n"
        f"status = main(['check', {str(payload)!r}])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('tree_sitter', 'tree_sitter_php', 'tree_sitter_javascript', 'tree_sitter_typescript', "
        "'tree_sitter_go', 'markdown_it', 'pygls', 'lsprotocol', 'cattrs'))\n"
        "print(status, heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    status, heavy = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "1"
    assert heavy == "[]"


# --- byte offsets to characters ---------------------------------------------------------------


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_offsets_turn_every_utf8_byte_offset_into_its_character_offset(text: str) -> None:
    offsets = Offsets(text)
    position = 0
    for number, character in enumerate(text):
        assert offsets.char(position) == number
        position += len(character.encode("utf-8"))
    assert offsets.char(position) == len(text)
    assert offsets.char(position + 3) == len(text) + 3  # past the end: bytes are characters
