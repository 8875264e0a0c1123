"""The mistakes made around the payload: an envelope whose params are not under ``"params"``
(``BL014``), a top-level parameter the method never reads (``BL520``), a method name that names no
method (``--method``, the configuration, the library), and an empty path.

The CLI runs for real in subprocesses. The property tests compare the predicted answer with a small
oracle written from SERVER-SPEC §2.1 (which top-level keys each method reads), §3.3 (which ids are
valid) and §4.2-§4.7 (the order of the first checks), for envelopes and params built from a few
keys, some of them misspelled, misplaced or unknown.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bicon_lint import UnknownMethodError, check_call, lint_file, lint_payload, lint_text
from bicon_lint.api import lint_document_all
from bicon_lint.loaders import load_text
from bicon_lint.runner import EMPTY_PATH, Options, run_paths
from tests.test_cli import assert_no_traceback, output, run_cli, write

SHORT = "unknown method 'connector.update' (did you mean 'biconnector.connector.update'?)"
TYPO = "unknown method 'biconnector.conector.add' (did you mean 'biconnector.connector.add'?)"
EMPTY = "the method name is empty (e.g. 'biconnector.connector.update')"
NONE_CLOSE = "unknown method 'crm.deal.add' (e.g. 'biconnector.connector.update')"
ID_MISSING = ("VALIDATION_ID_NOT_PROVIDED", "ID is missing.")
BAD_ID = ("VALIDATION_INVALID_ID_FORMAT", "ID has to be a positive integer.")
NO_FIELDS = ("VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided.")

PARAM_ENVELOPE = (
    '{"method": "biconnector.connector.update", "param": {"id": 4, "fields": {"title": "T"}}}\n'
)
FLAT_ENVELOPE = textwrap.dedent(
    """\
    {
      "method": "biconnector.connector.update",
      "id": 4,
      "fields": {"title": "T"}
    }
    """
)
PARAMS_NOT_SENT = '"param" is not "params" (did you mean "params"?): the envelope has no "params", so the server receives no parameters'


# ------------------------------------------------------------------------------------------------
# The command
# ------------------------------------------------------------------------------------------------


def method_error(message: str) -> str:
    return f"Error: Invalid value for '--method' / '-m': {message}"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("connector.update", SHORT),
        ("biconnector.conector.add", TYPO),
        ("", EMPTY),
        ("crm.deal.add", NONE_CLOSE),
    ],
)
def test_a_method_option_that_names_no_method_exits_2(
    tmp_path: Path, given: str, message: str
) -> None:
    write(tmp_path, "bare.json", '{"id": 4, "fields": {"sort": "0x1A"}}\n')
    result = run_cli("check", "-m", given, "bare.json", cwd=tmp_path)
    assert result.returncode == 2, output(result)
    assert method_error(message) in result.stderr.splitlines()
    assert result.stdout == ""  # nothing was checked
    assert_no_traceback(result)


def test_the_method_option_takes_the_full_name_in_any_case(tmp_path: Path) -> None:
    write(tmp_path, "bare.json", '{"id": 4, "fields": {"sort": "0x1A"}}\n')
    result = run_cli("check", "-m", " BIConnector.Connector.Update ", "bare.json", cwd=tmp_path)
    assert result.returncode == 1, output(result)
    assert "bare.json:1:30: error: VALIDATION_INVALID_FIELD_TYPE" in result.stdout
    assert "bare.json: the server answers VALIDATION_INVALID_FIELD_TYPE" in result.stdout


def test_the_configuration_refuses_the_short_form_with_the_same_message(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.bicon-lint.methods]\n"*.json" = "connector.update"\n')
    write(tmp_path, "bare.json", '{"id": 4}\n')
    result = run_cli("check", "bare.json", cwd=tmp_path)
    assert result.returncode == 2, output(result)
    assert result.stderr == (
        f'bicon-lint: error: pyproject.toml: [tool.bicon-lint] methods."*.json": {SHORT}\n'
    )


def test_an_empty_path_is_a_usage_error_not_the_current_folder(tmp_path: Path) -> None:
    write(tmp_path, "bad.json", '{"method": "biconnector.connector.get", "params": {}}\n')
    for args in ([""], ["bad.json", ""], ["--show-settings", ""]):
        result = run_cli("check", *args, cwd=tmp_path)
        assert result.returncode == 2, output(result)
        assert f"Error: Invalid value for 'PATHS...': {EMPTY_PATH}" in result.stderr
        assert result.stdout == ""  # bad.json, in the current folder, was not checked
        assert_no_traceback(result)


def test_the_library_refuses_an_empty_path_too() -> None:
    with pytest.raises(ValueError, match=r"an empty path names no file \(write '\.' for"):
        run_paths([""], Options())


def test_a_misspelled_params_key_is_an_error_with_the_servers_answer(tmp_path: Path) -> None:
    write(tmp_path, "update.json", PARAM_ENVELOPE)
    result = run_cli("check", "update.json", cwd=tmp_path)
    assert result.returncode == 1, output(result)
    lines = result.stdout.splitlines()
    # "param" is the 44th character of line 1
    assert f"update.json:1:44: error: BL014 {PARAMS_NOT_SENT} [envelope-params]" in lines
    assert "update.json: the server answers VALIDATION_ID_NOT_PROVIDED: ID is missing." in lines


def test_a_flat_envelope_says_the_params_go_under_params(tmp_path: Path) -> None:
    write(tmp_path, "flat.json", FLAT_ENVELOPE)
    result = run_cli("check", "-f", "json", "flat.json", cwd=tmp_path)
    assert result.returncode == 1, output(result)
    (file,) = json.loads(result.stdout)["files"]
    bl014 = [d for d in file["diagnostics"] if d["code"] == "BL014"]
    assert [(d["line"], d["column"], d["pointer"], d["severity"]) for d in bl014] == [
        (3, 3, "/id", "error")  # the key "id", line 3
    ]
    assert bl014[0]["message"] == (
        'the envelope has no "params": "id", "fields" next to "method" are not sent, so the server '
        'receives no parameters; the params must be under "params": {"method": ..., "params": '
        "{...}}"
    )
    assert file["server_error"]["code"] == "VALIDATION_ID_NOT_PROVIDED"


def test_an_ignored_parameter_is_a_warning_next_to_the_servers_answer(tmp_path: Path) -> None:
    write(
        tmp_path,
        "field.json",
        '{"method": "biconnector.connector.update", "params": {"id": 4, "field": {"title": "T"}}}\n',
    )
    write(
        tmp_path,
        "start.json",
        '{"method": "biconnector.connector.list", "params": {"start": 50}}\n',
    )
    result = run_cli("check", "field.json", "start.json", cwd=tmp_path)
    assert result.returncode == 1, output(result)  # field.json: Fields not provided.
    lines = result.stdout.splitlines()
    # '{"method": ' 11 + '"biconnector.connector.update"' 30 + ', "params": {' 13 + '"id": 4, ' 9
    assert (
        'field.json:1:64: warning: BL520 "field" is not a parameter of biconnector.connector.update: the '
        'server ignores it (did you mean "fields"?) [params-known]'
    ) in lines
    assert (
        "field.json: the server answers VALIDATION_FIELDS_NOT_PROVIDED: Fields not provided."
        in lines
    )
    # '{"method": ' 11 + '"biconnector.connector.list"' 28 + ', "params": {' 13
    assert (
        'start.json:1:53: warning: BL520 "start" is not a parameter of biconnector.connector.list: the REST '
        'core takes it out before the method runs; biconnector lists page with "page" (50 items a '
        "page) [params-known]"
    ) in lines
    assert not any(line.startswith("start.json: the server answers") for line in lines)
    result = run_cli("check", "start.json", cwd=tmp_path)
    assert result.returncode == 0, output(result)  # a warning only


# ------------------------------------------------------------------------------------------------
# The library: the same names refused with the same messages
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "message"),
    [("connector.update", SHORT), ("", EMPTY), ("  ", EMPTY), ("biconnector.conector.add", TYPO)],
)
def test_the_library_refuses_what_the_command_refuses(
    tmp_path: Path, given: str, message: str
) -> None:
    path = write(tmp_path, "bare.json", '{"id": 4}\n')
    calls = [
        lambda: lint_payload({"id": 4}, given),
        lambda: check_call(given, {"id": 4}),
        lambda: lint_file(path, method=given),
        lambda: lint_text('{"id": 4}', "bare.json", method=given),
        lambda: lint_document_all(load_text('{"id": 4}', "bare.json"), method=given),
    ]
    for call in calls:
        with pytest.raises(UnknownMethodError) as caught:
            call()
        assert str(caught.value) == message
        assert isinstance(caught.value, ValueError)


def test_the_library_takes_the_full_name_in_any_case() -> None:
    report = lint_payload({"id": 4}, " BIConnector.Connector.Get ")
    assert report.method == "biconnector.connector.get"
    assert report.ok


def test_a_known_method_the_target_lacks_is_still_the_servers_answer() -> None:
    # table.* from 2026-04-17 (SERVER-SPEC §1.1): a real name, and the REST core's answer
    report = lint_payload({"id": 4}, "biconnector.table.get", target="2026-01")
    assert report.server_error is not None
    assert (report.server_error.code, report.server_error.message) == (
        "ERROR_METHOD_NOT_FOUND",
        "Method not found!",
    )


def test_a_file_that_names_an_unknown_method_is_linted_not_refused() -> None:
    # the envelope is what the server receives: its answer, not a usage error
    report = lint_text('{"method": "biconnector.connector.remove", "params": {"id": 4}}', "a.json")
    assert report.server_error is not None
    assert report.server_error.code == "ERROR_METHOD_NOT_FOUND"


def test_check_call_raises_on_an_ignored_misspelling_only_through_the_server() -> None:
    # "field" is ignored: the server answers Fields not provided., which check_call raises
    with pytest.raises(ValueError, match="VALIDATION_FIELDS_NOT_PROVIDED: Fields not provided"):
        check_call("biconnector.connector.update", {"id": 4, "field": {"title": "T"}})
    # a key the method ignores beside a complete call: a warning, and the call goes
    report = check_call("biconnector.connector.get", {"id": 4, "limit": 1})
    assert [(d.code, d.severity.value) for d in report.diagnostics] == [("BL520", "warning")]


# ------------------------------------------------------------------------------------------------
# Differential property tests: the prediction against an oracle from SERVER-SPEC
# ------------------------------------------------------------------------------------------------

# §2.1 step 3: the top-level keys each action reads; the REST core takes auth keys and start.
READ = {
    "add": ("fields",),
    "update": ("id", "fields"),
    "get": ("id",),
    "delete": ("id",),
    "list": ("select", "filter", "order", "page"),
    "fields": (),
    "fields.update": ("id", "add", "update", "delete"),
}
REST_CORE = {"auth", "access_token", "sessid", "state"}
# §3.3: these ids pass is_numeric && (int) > 0; the others fail
GOOD_IDS = [4, "4", " 4", "4.5", "1e3"]
BAD_IDS = [0, -1, "x", None, "0.5", "", True]
METHODS = [
    "biconnector.connector.add",
    "biconnector.connector.update",
    "biconnector.connector.get",
    "biconnector.source.delete",
    "biconnector.table.get",
    "biconnector.connector.list",
    "biconnector.source.list",
    "biconnector.connector.fields",
    "biconnector.table.fields.update",
]
STRANGERS = ["field", "Fields", "ids", "limit", "start", "extra", "appId", "selct", "ID", "é"]


def action_of(method: str) -> str:
    return method.split(".", 2)[2]


def oracle(method: str, params: dict[str, Any]) -> tuple[str, str] | None:
    """The first answer of the server, for params built by ``params_for`` (SERVER-SPEC §4.2 C1,
    §4.3 C1-C2, §4.4, §4.6 step 1, §4.7; the entity's look-up is never predicted)."""
    action = action_of(method)
    if action == "fields":
        return None  # only the permission check (§4.7)
    if action in ("update", "get", "delete", "fields.update"):
        if "id" not in params:  # array_key_exists
            return ID_MISSING
        if params["id"] not in GOOD_IDS:
            return BAD_ID
    if action in ("add", "update"):
        if not params.get("fields"):  # $params['fields'] ?? [], empty()
            return NO_FIELDS
        if action == "add":  # fields is {"title": "T"}: logo is the next required title (§4.1)
            return ("VALIDATION_REQUIRED_FIELD_MISSING", 'Field "logo" is required.')
    if action == "list" and "select" in params and not isinstance(params["select"], list):
        return ("VALIDATION_SELECT_TYPE", 'Parameter "select" must be array.')
    return None


@st.composite
def params_for(draw: st.DrawFn, method: str) -> dict[str, Any]:
    """Some of the keys the method reads (simple values), and keys it does not read."""
    params: dict[str, Any] = {}
    for key in READ[action_of(method)]:
        if not draw(st.booleans()):
            continue
        if key == "id":
            params[key] = draw(st.sampled_from(GOOD_IDS + BAD_IDS))
        elif key == "fields":
            params[key] = draw(st.sampled_from([{"title": "T"}, {}, []]))
        elif key == "select":
            params[key] = draw(st.sampled_from([["id"], "id"]))
    for key in draw(st.lists(st.sampled_from(STRANGERS + sorted(REST_CORE)), max_size=3)):
        params.setdefault(key, draw(st.sampled_from([1, "x", {"title": "T"}, [4]])))
    return params


def answer(report: Any) -> tuple[str, str] | None:
    error = report.server_error
    return None if error is None else (str(error.code), error.message)


PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROFILE
@given(st.sampled_from(METHODS).flatmap(lambda m: st.tuples(st.just(m), params_for(m))))
def test_keys_the_method_does_not_read_change_nothing(call: tuple[str, dict[str, Any]]) -> None:
    method, params = call
    report = lint_payload(params, method)
    assert answer(report) == oracle(method, params)
    ignored = [key for key in params if key not in READ[action_of(method)] and key not in REST_CORE]
    warned = [d for d in report.diagnostics if d.code == "BL520"]
    assert sorted(d.pointer for d in warned) == sorted(f"/{key}" for key in ignored)
    assert all(d.severity.value == "warning" and not d.server for d in warned)


NEAR_MISSES = ["param", "Params", "PARAMS", "parameters", "parms"]


@st.composite
def envelopes(draw: st.DrawFn) -> tuple[str, dict[str, Any], str]:
    """(method, envelope, how the params are placed): under "params", under a misspelling of
    it, flat next to "method", or absent."""
    method = draw(st.sampled_from(METHODS))
    params = draw(params_for(method))
    how = draw(st.sampled_from(["params", "misspelled", "flat", "absent"]))
    envelope: dict[str, Any] = {"note": "n"} if draw(st.booleans()) else {}
    envelope["method"] = method
    if how == "params":
        envelope["params"] = params
    elif how == "misspelled":
        envelope[draw(st.sampled_from(NEAR_MISSES))] = params
    elif how == "flat":
        envelope.update({key: value for key, value in params.items() if key != "note"})
    return method, envelope, how


@PROFILE
@given(envelopes(), st.sampled_from([None, 0, 2]))
def test_only_the_envelopes_params_are_sent(
    drawn: tuple[str, dict[str, Any], str], indent: int | None
) -> None:
    method, envelope, how = drawn
    text = json.dumps(envelope, indent=indent, ensure_ascii=False)
    report = lint_text(text, "envelope.json")
    sent = envelope["params"] if how == "params" else {}
    assert answer(report) == oracle(method, sent)
    found = [d for d in report.diagnostics if d.code == "BL014"]
    flat_params = [key for key in envelope if key in READ[action_of(method)]]
    expected = how == "misspelled" or (how == "flat" and bool(flat_params))
    assert bool(found) == expected, (how, found)
    lines = text.split("\n")
    for diagnostic in found:
        assert diagnostic.severity.value == "error" and not diagnostic.server
        assert diagnostic.line is not None and diagnostic.column is not None
        assert diagnostic.line == diagnostic.end_line and diagnostic.end_column is not None
        cut = lines[diagnostic.line - 1][diagnostic.column - 1 : diagnostic.end_column - 1]
        assert json.loads(cut) == diagnostic.pointer[1:]  # the key, quotes included
