"""bicon-lint's own advisory rules (codes BL3xx-BL6xx): what the server accepts but the integration
regrets (issue 4).

* They never change the predicted server answer: for every fixture case, the report's
  ``server_error`` equals the one computed with the server's rules only.
* They are registered like any rule, run in ``Stage.ADVISORY``, declare bicon-lint codes only
  (``server=False``) with a documented severity, and ``bicon-lint rules`` lists them.
* Each mistake the issue names is a test below, built from a payload of that shape.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bicon_lint import check_call, lint_payload, lint_text, parallel
from bicon_lint.api import LoadError, Report
from bicon_lint.model import Rule, Severity, Stage
from bicon_lint.reporters import render
from bicon_lint.rules import RULES
from bicon_lint.runner import Options, run_paths
from tests.test_rule_fixtures import CASES, Case, lint_case

PROJECT = Path(__file__).resolve().parents[1]
ADVISORY = [rule for rule in RULES if rule.spec.stage is Stage.ADVISORY]
SERVER_RULES = [rule for rule in RULES if rule.spec.stage < Stage.ADVISORY]

# code -> (rule, severity): the contract of issue 4, as documented in each rule's module.
ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
ISSUE_4: dict[str, tuple[str, Severity]] = {
    "BL301": ("logo-image", ERR),
    "BL302": ("logo-image", ERR),
    "BL303": ("logo-image", ERR),
    "BL304": ("logo-image", ERR),
    "BL305": ("logo-image", ERR),
    "BL306": ("logo-image", WARN),
    "BL307": ("logo-svg-safety", ERR),
    "BL310": ("endpoint-url", ERR),
    "BL311": ("endpoint-url", WARN),
    "BL313": ("endpoint-url", ERR),
    "BL312": ("endpoint-host", ERR),
    "BL314": ("endpoint-host", INFO),
    "BL401": ("settings-unknown-keys", WARN),
    "BL402": ("settings-duplicate-codes", ERR),
    "BL403": ("settings-blank", ERR),
    "BL404": ("settings-blank", WARN),
    "BL405": ("settings-form-key", ERR),
    "BL406": ("settings-form-key", WARN),
    "BL407": ("settings-empty", WARN),
    "BL408": ("update-settings-replace", INFO),
    "BL409": ("update-settings-replace", WARN),
    "BL501": ("source-settings-keys", WARN),
    "BL502": ("source-settings-keys", WARN),
    "BL503": ("source-settings-keys", INFO),
    "BL504": ("source-connector-id", ERR),
    "BL505": ("source-active", WARN),
    "BL510": ("id-coerced", WARN),
    "BL601": ("secret-tokens", ERR),
    "BL602": ("secret-tokens", ERR),
    "BL604": ("secret-tokens", ERR),
    "BL603": ("secret-settings", ERR),
}
ADVISORY_NAMES = {name for name, _ in ISSUE_4.values()}

UPDATE = "biconnector.connector.update"
ADD = "biconnector.connector.add"
SOURCE_ADD = "biconnector.source.add"
GOOD = {
    "title": "Warehouse",
    "logo": "https://cdn.example.com/logo.svg",
    "urlCheck": "https://bi.example.com/check",
    "urlData": "https://bi.example.com/data",
    "urlTableList": "https://bi.example.com/tables",
    "urlTableDescription": "https://bi.example.com/describe",
    "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
}


def envelope(method: str, params: Any, **extra: Any) -> str:
    return json.dumps({"method": method, **extra, "params": params}, indent=1)


def found(report: Report) -> dict[str, Severity]:
    """The advisory codes of a report, with their severity."""
    return {d.code: d.severity for d in report.diagnostics if d.rule in ADVISORY_NAMES}


def lint(method: str, params: Any, **extra: Any) -> Report:
    return lint_text(envelope(method, params, **extra), "payloads/case.json")


# ------------------------------------------------------------------------------------------------
# Never the server's answer
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_advisory_rules_never_change_the_server_answer(case: Case) -> None:
    assert lint_case(case).server_error == lint_case(case, SERVER_RULES).server_error


def test_server_answer_of_a_payload_full_of_advisories() -> None:
    fields = {**GOOD, "logo": "data:image/svg+xml;base64,NEWLOGODATA", "urlCheck": "/?x=1"}
    fields["settings"] = [{"code": "a]b", "name": "", "type": "string", "biconnectorId": 4}]
    report = lint_payload({"id": "4.5", "fields": fields}, UPDATE)
    assert (
        report.server_error
        == lint_payload({"id": "4.5", "fields": fields}, UPDATE, rules=SERVER_RULES).server_error
    )
    assert report.server_error is not None
    assert report.server_error.code == "VALIDATION_SETTINGS_INVALID_TYPE"


# ------------------------------------------------------------------------------------------------
# Registered, documented and distinguishable like every rule
# ------------------------------------------------------------------------------------------------


def test_issue_4_codes_are_declared_as_documented() -> None:
    declared = {
        code: (rule.spec.name, info.severity)
        for rule in ADVISORY
        for code, info in rule.spec.codes.items()
        if rule.spec.name in ADVISORY_NAMES
    }
    assert declared == ISSUE_4


@pytest.mark.parametrize("rule", ADVISORY, ids=[rule.spec.name for rule in ADVISORY])
def test_advisory_codes_are_bicon_lint_codes(rule: Rule) -> None:
    for code, info in rule.spec.codes.items():
        assert not info.server, code
        assert code.startswith("BL") and code[2:].isdigit(), code
        if rule.spec.name in ADVISORY_NAMES:
            assert 300 <= int(code[2:]) < 700, code


def test_rules_command_lists_them_with_their_severity() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "rules"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines() if line.strip()}
    for code, (name, severity) in ISSUE_4.items():
        assert code in rows, code
        assert name in rows[code] and rows[code][-1] == severity.value, rows[code]


def test_server_and_bicon_lint_codes_are_told_apart_in_json_and_text(tmp_path: Path) -> None:
    params = {"id": 4, "fields": {"sort": "0x1A", "urlCheck": "/?action=check"}}
    (tmp_path / "mixed.json").write_text(envelope(UPDATE, params), encoding="utf-8")
    result = run_paths([str(tmp_path / "mixed.json")], Options())
    document = json.loads(render("json", result))
    flags = {d["code"]: d["server"] for d in document["files"][0]["diagnostics"]}
    assert flags == {"VALIDATION_INVALID_FIELD_TYPE": True, "BL310": False}
    text = render("text", result)
    assert ": BL310 urlCheck" in text and ": VALIDATION_INVALID_FIELD_TYPE Field" in text


def test_a_rule_is_deselected_like_any_rule() -> None:
    payload = {"id": 4, "fields": {"urlCheck": "https://localhost/check"}}
    assert "BL312" in found(lint_payload(payload, UPDATE))
    kept = [rule for rule in RULES if rule.spec.name != "endpoint-host"]
    assert "BL312" not in found(lint_payload(payload, UPDATE, rules=kept))


def test_no_dns_look_up(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("bicon-lint must never resolve a host name")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    hosts = ["localhost", "db.internal", "connector", "[::1]"]
    fields = dict(
        zip(("urlCheck", "urlData", "urlTableList", "urlTableDescription"), hosts, strict=True)
    )
    report = lint_payload(
        {"id": 4, "fields": {k: f"https://{v}/x" for k, v in fields.items()}}, UPDATE
    )
    assert "BL312" in found(report)


# ------------------------------------------------------------------------------------------------
# The examples: the quick start stays clean, the seed's payload is reported
# ------------------------------------------------------------------------------------------------


def test_quick_start_example_is_clean() -> None:
    report = lint_text(
        (PROJECT / "examples" / "connector-update.json").read_text(encoding="utf-8"), "e.json"
    )
    assert report.diagnostics == [] and report.server_error is None


def test_seed_example_reports_its_logo_and_http_endpoints() -> None:
    path = PROJECT / "examples" / "seed-connector-update.json"
    report = lint_text(path.read_text(encoding="utf-8"), "seed.json")
    codes = [(d.code, d.severity, d.pointer) for d in report.diagnostics]
    assert codes == [
        ("BL303", ERR, "/params/fields/logo"),
        ("BL311", WARN, "/params/fields/urlCheck"),
        ("BL311", WARN, "/params/fields/urlTableList"),
        ("BL311", WARN, "/params/fields/urlTableDescription"),
        ("BL311", WARN, "/params/fields/urlData"),
        ("BL408", INFO, "/params/fields/settings"),
    ]
    assert report.server_error is None  # the server accepts it


# ------------------------------------------------------------------------------------------------
# Each mistake of issue 4, from a payload of its shape
# ------------------------------------------------------------------------------------------------


def test_seed_newlogodata_logo_never_renders() -> None:
    report = lint(UPDATE, {"id": 4, "fields": {"logo": "data:image/svg+xml;base64,NEWLOGODATA"}})
    assert found(report) == {"BL303": ERR}


def test_svg_namespace_typo_xmsns() -> None:
    svg = b'<svg xmsns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
    logo = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    (diagnostic,) = [d for d in lint(UPDATE, {"id": 4, "fields": {"logo": logo}}).diagnostics]
    assert diagnostic.code == "BL303" and "misspelt xmlns" in diagnostic.message


def test_svg_logo_with_script_is_a_security_finding() -> None:
    logo = "data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%3C%2Fsvg%3E"
    assert found(lint(UPDATE, {"id": 4, "fields": {"logo": logo}})) == {"BL307": ERR}


def test_relative_endpoint_action_check() -> None:
    report = lint(UPDATE, {"id": 4, "fields": {"urlCheck": "/?action=check"}})
    assert found(report) == {"BL310": ERR}


def test_endpoint_https_localhost() -> None:
    report = lint(UPDATE, {"id": 4, "fields": {"urlCheck": "https://localhost"}})
    assert found(report) == {"BL312": ERR}


def test_endpoint_private_address_172_18_0_2() -> None:
    report = lint(UPDATE, {"id": 4, "fields": {"urlData": "http://172.18.0.2/data"}})
    assert found(report) == {"BL311": WARN, "BL312": ERR}


def test_settings_item_keys_biconnectorId_and_description_are_dropped() -> None:
    item = {"code": "token", "name": "Token", "type": "STRING", "biconnectorId": 4}
    item["description"] = "The API token"
    report = lint(UPDATE, {"id": 4, "fields": {"settings": [item]}})
    keys = [d.pointer for d in report.diagnostics if d.code == "BL401"]
    assert keys == [
        "/params/fields/settings/0/biconnectorId",
        "/params/fields/settings/0/description",
    ]


def test_duplicate_setting_codes() -> None:
    item = {"code": "token", "name": "Token", "type": "STRING"}
    report = lint(ADD, {"fields": {**GOOD, "settings": [item, dict(item)]}})
    assert found(report) == {"BL402": ERR}


def test_code_that_cannot_travel_as_a_form_key() -> None:
    item = {"code": "filter[status]", "name": "Status", "type": "STRING"}
    report = lint(ADD, {"fields": {**GOOD, "settings": [item]}})
    assert found(report) == {"BL405": ERR}


def test_empty_settings_on_add() -> None:
    assert found(lint(ADD, {"fields": {**GOOD, "settings": []}})) == {"BL407": WARN}


def test_connector_id_04_stores_no_settings() -> None:
    fields = {"title": "S", "connectorId": "04", "settings": {"token": "${TOKEN}"}}
    report = lint(SOURCE_ADD, {"fields": fields})
    assert found(report) == {"BL504": ERR} and report.server_error is None


def test_active_on_a_source_is_ignored() -> None:
    fields = {"title": "S", "connectorId": 4, "settings": {}, "active": False}
    assert found(lint(SOURCE_ADD, {"fields": fields})) == {"BL505": WARN}


@pytest.mark.parametrize(("sent", "used"), [("4.5", 4), ("1e3", 1000), (" 4", 4), ("+4", 4)])
def test_id_the_server_truncates(sent: str, used: int) -> None:
    (diagnostic,) = lint(UPDATE, {"id": sent, "fields": {"sort": 1}}).diagnostics
    assert diagnostic.code == "BL510" and diagnostic.message.endswith(f"uses {used}")


def test_update_with_only_the_changed_setting_replaces_the_list() -> None:
    settings = [{"code": "password", "name": "Password", "type": "STRING"}]
    assert found(lint(UPDATE, {"id": 4, "fields": {"settings": settings}})) == {"BL408": INFO}
    assert found(lint(UPDATE, {"id": 4, "fields": {"settings": []}})) == {"BL409": WARN}


def test_source_settings_keys_against_the_connector_in_the_run(tmp_path: Path) -> None:
    """Real files through the real runner: by connectorId (update) and by envelope reference."""
    settings = [
        {"code": "token", "name": "Token", "type": "STRING"},
        {"code": "login", "name": "Login", "type": "STRING"},
    ]
    files = {
        "connectors/update.json": envelope(UPDATE, {"id": 4, "fields": {"settings": settings}}),
        "connectors/new.json": envelope(ADD, {"fields": {**GOOD, "settings": settings}}),
        "sources/by-id.json": envelope(
            SOURCE_ADD, {"fields": {"title": "S", "connectorId": 4, "settings": {"tokne": "x"}}}
        ),
        "sources/by-reference.json": envelope(
            SOURCE_ADD,
            {
                "fields": {
                    "title": "S",
                    "connectorId": 9,
                    "settings": {"token": "${T}", "login": "l"},
                }
            },
            connector="../connectors/new.json",
        ),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_paths([str(tmp_path)], Options())
    by_name = {Path(report.path or "").name: report for report in result.reports}
    assert found(by_name["by-id.json"]) == {"BL501": WARN, "BL502": WARN}
    assert found(by_name["by-reference.json"]) == {}
    alone = run_paths([str(tmp_path / "sources" / "by-reference.json")], Options())
    assert found(alone.reports[0]) == {"BL503": INFO}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: always one process")
def test_source_settings_keys_across_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are loaded and linted in forked workers: a source still meets its connector when
    another process loaded it, and the run reports as one process does."""
    settings = [{"code": "token", "name": "Token", "type": "STRING"}]
    files = {
        f"a/{number:03d}.json": envelope(UPDATE, {"id": 100 + number, "fields": {"sort": 1}})
        for number in range(200)
    }
    files["b/connector.json"] = envelope(UPDATE, {"id": 4, "fields": {"settings": settings}})
    for number in range(4):
        files[f"c/source-{number}.json"] = envelope(
            SOURCE_ADD, {"fields": {"title": "S", "connectorId": 4, "settings": {"tokne": "x"}}}
        )
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert parallel.can_fork()  # else every run below is one process and proves nothing
    runs = {}
    for jobs in ("1", "2", "3"):
        monkeypatch.setenv("BICON_LINT_JOBS", jobs)
        runs[jobs] = run_paths([str(tmp_path)], Options()).reports
    assert runs["1"] == runs["2"] == runs["3"]
    sources = [report for report in runs["2"] if "source-" in (report.path or "")]
    assert [found(report) for report in sources] == [{"BL501": WARN, "BL502": WARN}] * 4
    assert len(runs["2"]) == 205


def test_a_workers_connectors_are_read_again_when_a_source_needs_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's result does not keep its connector payloads, only that it holds some
    (``Processed.connectors``): a run with a source payload reads those connector files again,
    and reports as one process does. Here every result is sent back as from a worker; a
    connector file that disappeared in between is simply not found."""
    settings = [{"code": "token", "name": "Token", "type": "STRING"}]
    files = {
        "a/connector.json": envelope(UPDATE, {"id": 4, "fields": {"settings": settings}}),
        "a/other.json": envelope(UPDATE, {"id": 5, "fields": {"sort": 1}}),
        "b/source.json": envelope(
            SOURCE_ADD, {"fields": {"title": "S", "connectorId": 4, "settings": {"tokne": "x"}}}
        ),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    alone = run_paths([str(tmp_path)], Options()).reports
    sent_back = []

    def as_from_workers(
        function: Any, items: Any, jobs: Any = None, *, pack: Any = None, unpack: Any = None
    ) -> list[Any]:
        results = [function(item) for item in items]  # sent back as a worker sends them
        _, sent = parallel._loads(parallel._dumps((True, pack(results) if pack else results)))
        back = unpack(sent) if unpack else sent
        sent_back.extend(back)
        return list(back)

    monkeypatch.setattr(parallel, "map_ordered", as_from_workers)
    assert run_paths([str(tmp_path)], Options()).reports == alone
    assert any(getattr(result, "connectors", False) is True for result in sent_back)
    (source,) = [report for report in alone if "source" in (report.path or "")]
    assert found(source) == {"BL501": WARN, "BL502": WARN}

    real = run_paths.__globals__["load"]

    def connector_gone(candidate: Any, options: Any) -> Any:
        if sent_back and Path(str(candidate.path)).name == "connector.json":  # gone by then
            raise LoadError(f"{candidate.path}: no such file")
        return real(candidate, options)

    monkeypatch.setitem(run_paths.__globals__, "load", connector_gone)
    sent_back.clear()
    reports = run_paths([str(tmp_path)], Options()).reports
    (source,) = [report for report in reports if "source" in (report.path or "")]
    assert found(source) == {}  # its connector is not among the payloads the run could read


def test_committed_auth_webhook_and_password() -> None:
    fields = {"title": "S", "connectorId": 4, "settings": {"password": "s3cr3t-passw0rd"}}
    fields["description"] = "https://b24-x.bitrix24.com/rest/1/k3j2h4g5f6d7s8a9/"
    report = lint(SOURCE_ADD, {"fields": fields}, auth="d2b8c0f1a9e34f5b8c7d")
    assert found(report) == {"BL601": ERR, "BL602": ERR, "BL603": ERR}
    assert all("****" in d.message for d in report.diagnostics)


def test_secrets_are_not_reported_for_calls_about_to_be_sent() -> None:
    """A params value linted in memory (check_call, the b24pysdk guard) may carry its token."""
    report = check_call("biconnector.connector.get", {"id": 4, "auth": "d2b8c0f1a9e34f5b8c7d"})
    assert report.diagnostics == []
