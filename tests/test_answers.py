"""Endpoint answers (``bicon_lint.answers``): ``lint_answer`` from Python, and answer files through
the ``bicon-lint check`` command run for real (envelopes, raw-text bodies, bare answers named by
``--endpoint`` or mapped by ``[tool.bicon-lint.endpoints]``), in every output format.

Expected messages are the portal's (ENDPOINT-CONTRACT §7, ``Rest.php`` at ``a3a2a579``) inside the
rules' templates; expected positions are spelled out next to the texts they come from.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bicon_lint import answers
from bicon_lint.answers import UnknownEndpointError, lint_answer
from bicon_lint.api import lint_text
from bicon_lint.model import Code, Finding, Request, Rule, RuleSpec, ServerError, Stage
from bicon_lint.reporters import FORMATS
from tests.test_cli import run_cli, write

# The portal's messages (ENDPOINT-CONTRACT §7; Rest.php:374, 381, 165, 222, 227)
CANT_CONNECT = ("BICONNECTOR_REST_CONNECTION_ERROR_CANT_CONNECT", "Cannot establish connection.")
QUERY_FAILED = (
    "BICONNECTOR_REST_CONNECTION_ERROR_404_ERROR",
    "Query failed. Make sure the table data source is available.",
)
NO_TABLE_LIST = (
    "BICONNECTOR_REST_EMPTY_TABLE_LIST_ERROR",
    "Could not get table list.<br>Make sure the JSON response is correct.",
)
NO_DESCRIPTION = (
    "BICONNECTOR_REST_EMPTY_TABLE_DESCRIPTION_ERROR",
    "Could not get table field descriptions. Make sure the JSON response is correct.",
)
PICKER_REFUSES = f'the table picker shows "{NO_TABLE_LIST[1]}"'


def answered(error: ServerError | None) -> tuple[str | int | None, str] | None:
    return None if error is None else (error.code, error.message)


def found(report: object) -> list[tuple[str, int | None, int | None, str]]:
    return [(d.code, d.line, d.column, d.pointer) for d in report.diagnostics]  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------------------
# lint_answer
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "status", "body", "codes", "portal"),
    [
        ("urlCheck", 200, "0", ["BL700"], CANT_CONNECT),  # !"0" is true in PHP
        ("urlCheck", 200, "", ["BL700"], CANT_CONNECT),
        ("urlCheck", 500, "", ["BL700"], CANT_CONNECT),  # the empty test comes first
        ("urlCheck", 500, "oops", ["BL701"], QUERY_FAILED),
        ("urlCheck", 200, " ", ["BL730"], None),  # white space is not empty: connected
        ("urlCheck", 200, "0.0", ["BL730"], None),
        ("urlCheck", None, "OK", [], None),  # status not known: judged as 200
        ("urlTableList", 404, "[]", ["BL701"], QUERY_FAILED),
        ("urlTableList", 200, "", ["BL700"], QUERY_FAILED),  # the message is replaced (:170-175)
        ("urlTableList", 200, "[]", [], None),
        ("urlTableList", 200, "{}", [], None),
        ("urlTableDescription", 200, "[]", ["BL720"], NO_DESCRIPTION),
        ("urlData", 200, "0", ["BL700"], CANT_CONNECT),
    ],
)
def test_transport_and_what_the_portal_shows(
    endpoint: str,
    status: int | None,
    body: str,
    codes: list[str],
    portal: tuple[str, str] | None,
) -> None:
    report = lint_answer(endpoint, status, body)
    assert [d.code for d in report.diagnostics] == codes
    assert answered(report.server_error) == portal
    assert report.method == answers.ENDPOINTS[endpoint]
    assert report.path is None


def test_positions_are_the_bodys_lines_and_columns() -> None:
    body = '[\n  {"code": "deals", "title": "Deals"},\n  {"code": "leads", "name": "Leads"}\n]'
    report = lint_answer("urlTableList", 200, body, path="answers/tables.json")
    # the second table (line 3, from column 3) has no "title"
    assert found(report) == [("BL711", 3, 3, "/1")]
    assert report.diagnostics[0].message == (
        'urlTableList: table 1 has no "title" ("name" is not read: the title is "title"), so '
        f"{PICKER_REFUSES}"
    )
    assert answered(report.server_error) == NO_TABLE_LIST
    assert report.path == "answers/tables.json"


def test_invalid_utf8_bytes_are_not_json() -> None:
    body = b'[{"code": "\xff", "title": "x"}]'
    report = lint_answer("urlTableList", 200, body)
    (diagnostic,) = report.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("BL702", 1, 12)
    assert diagnostic.message == (
        "urlTableList: the body is no JSON PHP can decode (invalid UTF-8: byte 0xff at offset "
        f"11), so {PICKER_REFUSES}"
    )
    # urlCheck never reads the body: the same bytes connect
    assert lint_answer("urlCheck", 200, body).diagnostics == []


@pytest.mark.parametrize(("levels", "decodes"), [(511, True), (512, False)])
def test_nesting_limit_is_php_s(levels: int, decodes: bool) -> None:
    # json_decode($data, true, 512) decodes 511 nested arrays, not 512 (measured, json_body.py)
    body = "[" * levels + "]" * levels
    report = lint_answer("urlTableDescription", 200, body)
    codes = [d.code for d in report.diagnostics]
    if decodes:  # then the inner lists are columns that are no objects
        assert "BL702" not in codes
        return
    (diagnostic,) = report.diagnostics
    assert (diagnostic.code, diagnostic.column) == ("BL702", 512)  # the 512th bracket
    assert answered(report.server_error) == NO_DESCRIPTION


class Seen(list[Request]):
    def rule(self) -> Rule:
        spec = RuleSpec(
            "seen", {"BL799": Code("x", server=False)}, answers.PSEUDO_METHODS, Stage.ADVISORY
        )

        def check(request: Request) -> Iterator[Finding]:
            self.append(request)
            return iter(())

        return Rule(spec, check, "")


def test_the_request_the_rules_see() -> None:
    seen = Seen()
    sent = {"table": "deals", "select": ["ID"]}
    body = '[{"code": "ID", "name": "Id", "type": "int", "n": 9999999999999999999}]'
    lint_answer("urlTableDescription", 200, body, request=sent, rules=[seen.rule()])
    (request,) = seen
    assert request.method == "endpoint.urltabledescription"
    assert request.encoding == "answer"
    assert dict(request.envelope) == {
        "endpoint": "urlTableDescription",
        "status": 200,
        "body": body,
        "request": sent,
    }
    # as json_decode gives it: an integer beyond 64 bits is a float
    assert request.params == [{"code": "ID", "name": "Id", "type": "int", "n": 1e19}]
    with pytest.raises(TypeError):
        request.envelope["status"] = 500  # type: ignore[index]


def test_not_json_leaves_params_none() -> None:
    seen = Seen()
    lint_answer("urlCheck", 200, "<html>", rules=[seen.rule()])
    lint_answer("urlCheck", 200, '"a string"', rules=[seen.rule()])
    assert [request.params for request in seen] == [None, None]


def test_unknown_endpoint_is_a_value_error_with_a_suggestion() -> None:
    with pytest.raises(UnknownEndpointError, match=r"did you mean 'urlTableDescription'\?"):
        lint_answer("urlTableDescriptio", 200, "[]")
    assert issubclass(UnknownEndpointError, ValueError)
    assert answers.check_endpoint(" URLDATA ") == "urlData"


def test_target_decides_the_type_names() -> None:
    body = '[{"code": "ID", "name": "Id", "type": "int"}]'
    assert lint_answer("urlTableDescription", 200, body).diagnostics == []
    (old,) = lint_answer("urlTableDescription", 200, body, target="2025-04").diagnostics
    assert old.code == "BL723"
    assert old.message.endswith('the column silently becomes "STRING"')


# ------------------------------------------------------------------------------------------------
# Answer envelopes read as files
# ------------------------------------------------------------------------------------------------


def test_a_raw_text_body_is_located_inside_its_string() -> None:
    text = (
        '{"endpoint": "urlTableList", "status": 200,\n'
        ' "body": "[{\\"code\\": \\"Сделки\\", \\"title\\": \\"\\u0421\\"}]"}'
    )
    report = lint_text(text, "answer.json")
    (diagnostic,) = report.diagnostics
    # \"Сделки\" (its quotes escaped) is columns 23-32 of line 2 of the file
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("BL715", 2, 23)
    assert (diagnostic.end_line, diagnostic.end_column) == (2, 33)
    assert diagnostic.pointer == "/body/0/code"


def test_a_yaml_envelope_with_a_plain_string_body() -> None:
    text = 'endpoint: urlTableList\nstatus: 200\nbody: \'[{"code": "Deals", "title": "D"}]\'\n'
    report = lint_text(text, "answer.yaml")
    (diagnostic,) = report.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("BL715", 3, 18)


def test_an_undecodable_json_value_body() -> None:
    # a lone surrogate escape: the file's loader reports BL006 for payloads; for an answer it is
    # the body's JSON that json_decode refuses
    text = '{"endpoint": "urlTableList", "status": 200, "body": [{"code": "\\ud800"}]}'
    report = lint_text(text, "answer.json")
    assert found(report) == [("BL702", 1, 53, "/body")]
    assert "a lone UTF-16 surrogate escape" in report.diagnostics[0].message


def test_an_answer_envelope_is_not_a_payload() -> None:
    text = '{"endpoint": "urlCheck", "status": 200, "body": "OK"}'
    report = lint_text(text, "answer.json", only_payloads=True)
    assert (report.skipped, report.method, report.diagnostics) == (False, "endpoint.urlcheck", [])
    unknown = '{"endpoint": "https://example.com/check", "body": "x"}'  # someone else's file
    assert lint_text(unknown, "other.json", only_payloads=True).skipped
    # an object that only names an endpoint is no envelope: named, it is "not a payload"
    (diagnostic,) = lint_text('{"endpoint": "https://example.com"}', "other.json").diagnostics
    assert diagnostic.code == "BL005"


# ------------------------------------------------------------------------------------------------
# The command
# ------------------------------------------------------------------------------------------------

ENVELOPE = (
    '{"endpoint": "urlTableList", "status": 200, "body": [{"code": "deals", "name": "Deals"}]}'
)
ENVELOPE_MESSAGE = (
    'urlTableList: table 0 has no "title" ("name" is not read: the title is "title"), so '
    f"{PICKER_REFUSES}"
)


def test_envelope_file_text_report(tmp_path: Path) -> None:
    path = write(tmp_path, "tables.json", ENVELOPE)
    result = run_cli("check", "--isolated", str(path), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{path}:1:54: error: BL711 {ENVELOPE_MESSAGE} [answer-table-list-keys]",
        f'{path} (urlTableList answer): the portal shows "{NO_TABLE_LIST[1]}" ({NO_TABLE_LIST[0]})',
        "Found 1 error, 0 warnings and 0 info in 1 file.",
    ]


def test_raw_text_body_json_report(tmp_path: Path) -> None:
    write(tmp_path, "check.json", '{"endpoint": "urlCheck", "status": 200, "body": "0"}')
    result = run_cli("check", "--isolated", "-f", "json", "check.json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    (entry,) = json.loads(result.stdout)["files"]
    assert entry["method"] == "endpoint.urlcheck"
    assert (entry["server_error"]["code"], entry["server_error"]["message"]) == CANT_CONNECT
    (diagnostic,) = entry["diagnostics"]
    # the string "0" with its quotes: line 1, columns 49-52
    assert (diagnostic["code"], diagnostic["line"], diagnostic["column"]) == ("BL700", 1, 49)
    assert diagnostic["end_column"] == 52


def test_endpoint_option_reads_the_file_as_the_body(tmp_path: Path) -> None:
    write(tmp_path, "check.txt", b"0")  # the body "0": no answer
    write(tmp_path, "space.txt", b" ")  # a space is an answer: the check passes
    result = run_cli(
        "check", "--isolated", "--endpoint", "urlcheck", "check.txt", "space.txt", cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith('check.txt:1:1: error: BL700 urlCheck answered the body "0"')
    assert (
        lines[1]
        == f'check.txt (urlCheck answer): the portal shows "{CANT_CONNECT[1]}" ({CANT_CONNECT[0]})'
    )
    assert lines[2].startswith(
        "space.txt:1:1: warning: BL730 urlCheck answered a body of only white space"
    )
    assert lines[3] == "space.txt (urlCheck answer): the portal accepts this answer"


def test_endpoint_option_reads_standard_input(tmp_path: Path) -> None:
    result = run_cli(
        "check",
        "--isolated",
        "-e",
        "urlTableList",
        "-",
        stdin=b'{"code": "a", "title": "A"}',
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(
        "<stdin>:1:1: error: BL710 urlTableList: the body is one table object"
    )


def test_endpoint_option_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "[]")
    wrong = run_cli("check", "--isolated", "--endpoint", "urlTables", str(path), cwd=tmp_path)
    assert wrong.returncode == 2
    assert "unknown endpoint 'urlTables' (did you mean 'urlTableList'?)" in wrong.stderr
    both = run_cli(
        "check", "--isolated", "-e", "urlCheck", "-m", "biconnector.connector.add", str(path)
    )
    assert both.returncode == 2
    assert "--method and --endpoint cannot be used together" in both.stderr


def test_configuration_maps_bare_answers(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pyproject.toml",
        '[tool.bicon-lint.endpoints]\n"answers/check-*.txt" = "urlCheck"\n'
        '"answers/columns.json" = "urlTableDescription"\n',
    )
    write(tmp_path, "answers/check-bad.txt", '{"ok": false}')
    write(tmp_path, "answers/columns.json", '[{"code": "ID", "name": "Id", "type": "integer"}]')
    write(tmp_path, "answers/envelope.json", ENVELOPE)  # not mapped: an envelope
    result = run_cli("check", "answers", cwd=tmp_path)  # a walk finds the .txt answer too
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        'answers/check-bad.txt:1:8: warning: BL730 urlCheck answered an object with "ok": false'
    )
    assert lines[1] == "answers/check-bad.txt (urlCheck answer): the portal accepts this answer"
    assert lines[2] == (
        'answers/columns.json:1:39: warning: BL723 urlTableDescription: column 0: the type "integer" is '
        'none the portal knows (did you mean "int"?): the column silently becomes "string" '
        "[answer-column-type]"
    )
    assert lines[4].startswith("answers/envelope.json:1:54: error: BL711")
    assert lines[-1] == "Found 1 error, 2 warnings and 0 info in 3 files."


def test_configuration_refuses_an_unknown_endpoint(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.bicon-lint.endpoints]\n"*.txt" = "urlChek"\n')
    path = write(tmp_path, "a.txt", "OK")
    result = run_cli("check", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert (
        "endpoints.\"*.txt\": unknown endpoint 'urlChek' (did you mean 'urlCheck'?)"
        in result.stderr
    )


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_output_format_reports_answers(tmp_path: Path, output_format: str) -> None:
    write(tmp_path, "tables.json", ENVELOPE)
    result = run_cli(
        "check", "--isolated", "-f", output_format, "tables.json", cwd=tmp_path, env=None
    )
    assert result.returncode == 1, result.stderr
    assert "BL711" in result.stdout
    if output_format in ("json", "sarif", "gitlab"):
        json.loads(result.stdout)
    if output_format == "junit":
        suite = ET.fromstring(result.stdout).find("testsuite")
        assert suite is not None and suite.get("name") == "tables.json (urlTableList answer)"
    if output_format == "github":
        assert "urlTableList answer: the portal shows" in result.stdout


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ('{"endpoint": "urlCheck", "status": 200}', ["BL737"]),
        ('{"endpoint": ["urlCheck"], "body": 1}', ["BL735"]),
        ('{"endpoint": "urlTableList", "status": true, "body": []}', ["BL736"]),
        # a string body holding a lone surrogate: no server sends that as UTF-8
        (
            '{"endpoint": "urlTableList", "status": 200, "body": "[{\\"code\\": \\"\\ud800\\"}]"}',
            ["BL702"],
        ),
        (
            '{"endpoint": "urlTableList", "status": 200, "body": "[\\"\\u0000\\u001b[2J\\"]"}',
            ["BL702"],
        ),
        # the envelope file is never sent: its byte order mark does not matter
        ('\ufeff{"endpoint": "urlCheck", "status": 200, "body": "OK"}', []),
    ],
)
def test_hostile_envelopes_are_diagnostics(tmp_path: Path, text: str, codes: list[str]) -> None:
    assert [d.code for d in lint_text(text, "answer.json").diagnostics] == codes
    path = write(tmp_path, "answer.json", text)
    result = run_cli("check", "--isolated", str(path), cwd=tmp_path)
    assert result.returncode == (1 if codes else 0), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_configuration_precedence(tmp_path: Path) -> None:
    from bicon_lint.config import Overrides, Resolver, describe

    write(tmp_path, "pyproject.toml", '[tool.bicon-lint.endpoints]\n"answers/*" = "urlTableList"\n')
    path = write(tmp_path, "answers/tables.json", "[]")
    mapped = Resolver(cwd=tmp_path).settings_for(path)
    assert (mapped.answer_endpoint, mapped.endpoint_by) == ("urlTableList", "answers/*")
    assert "method: none: the file is a urlTableList answer" in describe("t", mapped, Resolver())
    # the command line comes first: --endpoint replaces the glob, --method makes it a payload
    given = Resolver(Overrides(endpoint="urlData"), cwd=tmp_path).settings_for(path)
    assert given.answer_endpoint == "urlData"
    method = Overrides(method="biconnector.connector.add")
    assert Resolver(method, cwd=tmp_path).settings_for(path).answer_endpoint is None
    other = write(tmp_path, "payloads/a.json", "{}")
    assert Resolver(cwd=tmp_path).settings_for(other).answer_endpoint is None


# The codes whose finding means the portal stops (answers.portal_answer); BL725 (timezone) and
# BL727 (a code too long to save) are errors found later, when the dataset is used or saved.
STOPPING = {"BL700", "BL701", "BL702", "BL703", "BL710", "BL711", "BL720", "BL721", "BL722"}
STOPPING |= {"BL724", "BL728"}
SCALARS = st.sampled_from(
    ["", "0", " ", "ID", "int", "INT", "timezone", 0, 1, 1.5, True, False, None]
)
VALUES = st.one_of(SCALARS, st.just([]), st.just(["x"]), st.just({}))
ITEMS = st.one_of(
    st.dictionaries(st.sampled_from(["code", "title", "name", "type", "id"]), VALUES, max_size=5),
    VALUES,
)
BODIES = st.one_of(
    st.lists(ITEMS, max_size=3), st.dictionaries(st.sampled_from(["a", "code"]), ITEMS), SCALARS
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["urlCheck", "urlTableList", "urlTableDescription", "urlData"]),
    st.sampled_from([None, 200, 500]),
    BODIES,
    st.sampled_from(["2025-04", "2025-07", "2026-04", "latest"]),
)
def test_the_portal_stops_exactly_where_a_rule_says_so(
    endpoint: str, status: int | None, body: object, target: str
) -> None:
    """``portal_answer`` models Rest.php on its own; the rules report each problem. They agree:
    the portal stops exactly when a stopping code is found, and each of those is an error."""
    report = lint_answer(endpoint, status, json.dumps(body), target=target)
    stopping = [d for d in report.diagnostics if d.code in STOPPING]
    assert (report.server_error is not None) == bool(stopping), report
    assert all(d.severity.value == "error" for d in stopping)
