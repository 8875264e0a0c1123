"""Recorded requests (``bicon_lint.recorded``): which files are read as one, and that every request
the portal can send passes the ``request_*`` rules (each rule's own cases are fixtures in
``tests/fixtures/rules/request-*.txt``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bicon_lint import php, recorded
from bicon_lint.api import lint_text
from bicon_lint.bi_filter import BiFilter, Condition, DateRange
from bicon_lint.loaders import load_text
from bicon_lint.portal_request import build
from bicon_lint.targets import Target

CONNECTOR: dict[str, Any] = {
    "urlCheck": "https://c.example/check",
    "urlTableList": "https://c.example/tables",
    "urlTableDescription": "https://c.example/describe",
    "urlData": "https://c.example/data",
    "settings": [{"code": "login", "name": "Login", "type": "STRING"}],
}


@pytest.mark.parametrize(
    ("path", "text", "endpoint"),
    [
        ("r.json", '{"endpoint": "urlData", "request": "limit=20&table=t"}', "urlData"),
        ("r.json", '{"request": {"searchString": "x"}}', "urlTableList"),
        ("r.json", '{"request": "table=t", "connector": "c.json"}', "urlTableDescription"),
        ("r.json", '{"request": ""}', "urlCheck"),
        ("r.yaml", "request:\n  limit: '20'\n  table: t\n", "urlData"),
        ("r.form", "connection%5Blogin%5D=u", "urlCheck"),
        # the old docs' key beside a portal's key: a request too (alone, "name" is anyone's)
        ("r.form", "name=deals&connection%5Blogin%5D=u", "urlTableDescription"),
        ("r.form", "# urlTableList\nlogin=u", "urlTableList"),
        ("r.urlencoded", "limit=20&table=t", "urlData"),
    ],
)
def test_recorded_requests_are_recognised(path: str, text: str, endpoint: str) -> None:
    found = recorded.recognise(load_text(text, path))
    assert found is not None
    assert found.endpoint == endpoint


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # an endpoint's answer (bicon_lint.answers), not a request
        ("a.json", '{"endpoint": "urlData", "status": 200, "body": [], "request": {"table": "t"}}'),
        ("a.json", '{"endpoint": "urlCheck", "body": "ok"}'),
        # an envelope with keys of its own: not bicon-lint's
        ("o.json", '{"request": {"table": "t"}, "response": {}}'),
        ("o.json", '{"request": 5}'),
        # form files that are not requests: no portal key, or keys of something else
        ("o.form", "foo=bar"),
        ("o.form", "table=t&page=2"),
        ("o.form", "name=deals"),
        ("l.form", "select%5B0%5D=ID&filter%5B%3EID%5D=4"),  # a list payload, not a request
        ("p.form", "# biconnector.connector.add\nfields[title]=T"),
    ],
)
def test_other_files_are_not_recorded_requests(path: str, text: str) -> None:
    assert recorded.recognise(load_text(text, path)) is None
    method = lint_text(text, path).method
    assert method is None or not method.startswith("request.")


def _requests() -> list[tuple[str, str, Target]]:
    """Requests the portal sends (bicon_lint.portal_request), for each endpoint and target."""
    bi = BiFilter(
        DateRange("2026-08-01", "2026-08-31"),
        [
            [
                Condition("STAGE", "IN_LIST", ["WON"]),
                Condition("AMOUNT", "BETWEEN", ["1", "9"], True),
            ]
        ],
        {"CREATED_AT": "datetime", "STAGE": "string", "AMOUNT": "double"},
    )
    made = []
    for target in Target:
        settings = {"login": "u"}
        made += [
            ("urlCheck", build("urlCheck", CONNECTOR, settings, target=target).body, target),
            ("urlCheck", build("urlCheck", CONNECTOR, {}, target=target).body, target),
            (
                "urlTableList",
                build("urlTableList", CONNECTOR, settings, target=target).body,
                target,
            ),
            (
                "urlTableDescription",
                build("urlTableDescription", CONNECTOR, settings, table="t", target=target).body,
                target,
            ),
            (
                "urlData",
                build(
                    "urlData", CONNECTOR, settings, table="t", target=target, map_fields={"a": "A"}
                ).body,
                target,
            ),
            (
                "urlData",
                build(
                    "urlData",
                    CONNECTOR,
                    settings,
                    table="t",
                    select=["CREATED_AT", "STAGE"],
                    filter=bi,
                    limit=0,
                    target=target,
                    map_fields={"created_at": "CREATED_AT", "amount": "AMOUNT"},
                ).body,
                target,
            ),
        ]
    return made


@pytest.mark.parametrize(("endpoint", "body", "target"), _requests())
def test_every_request_the_portal_sends_passes(endpoint: str, body: str, target: Target) -> None:
    envelope = {"endpoint": endpoint, "request": body}
    for text, path in [(json.dumps(envelope), "r.json"), (f" # {endpoint}\n{body}", "r.form")]:
        report = lint_text(text, path, target=target)
        assert report.method == recorded.PSEUDO[endpoint]
        assert report.diagnostics == []
    # and as an object of the decoded fields
    fields = {"endpoint": endpoint, "request": php.parse_str(body)}
    assert lint_text(json.dumps(fields), "r.json", target=target).diagnostics == []


def test_a_run_compares_a_recorded_request_with_its_connector(tmp_path: Path) -> None:
    connector = {"method": "biconnector.connector.add", "params": {"fields": CONNECTOR}}
    (tmp_path / "connector.json").write_text(json.dumps(connector), encoding="utf-8")
    request = {"connector": "connector.json", "request": "connection%5Btoken%5D=t&table=t"}
    (tmp_path / "request.json").write_text(json.dumps(request), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "check", "request.json", "connector.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (
        "request.json:1:" in result.stdout
        and "BL784 connection[token] is not a setting of the connector of connector.json"
        in result.stdout
    ), result.stdout + result.stderr


def test_request_output_checks_clean(tmp_path: Path) -> None:
    """``bicon-lint request > fixture.form``, then ``bicon-lint check fixture.form``: clean."""
    connector = {"method": "biconnector.connector.add", "params": {"fields": CONNECTOR}}
    (tmp_path / "connector.json").write_text(json.dumps(connector), encoding="utf-8")
    command = [sys.executable, "-m", "bicon_lint.cli"]
    made = subprocess.run(
        [*command, "request", "urlData", "-c", "connector.json", "-s", "login=u", "--table", "t"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    (tmp_path / "data.form").write_text(made.stdout, encoding="utf-8")
    checked = subprocess.run(
        [*command, "check", "data.form"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (checked.returncode, checked.stdout) == (0, "All checks passed (1 file).\n")
