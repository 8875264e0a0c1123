"""``bicon-lint request``, run for real in subprocesses (``python -m bicon_lint.cli``).

What it prints is decoded with the project's PHP-compatible ``parse_str`` (what the handler's
``$_POST`` holds) and compared with the fields ENDPOINT-CONTRACT §3-§6.2 lists for each endpoint,
written here by hand; the BI Builder example of §6.1 is compared byte for byte.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import pytest

from bicon_lint import php

TIMEOUT = 120

CONNECTOR = {
    "method": "biconnector.connector.add",
    "params": {
        "fields": {
            "title": "Sales",
            "urlCheck": "https://c.example/check",
            "urlTableList": "https://c.example/tables",
            "urlTableDescription": "https://c.example/describe",
            "urlData": "https://c.example/data",
            "settings": [
                {"code": "login", "name": "Login", "type": "STRING"},
                {"code": "password", "name": "Password", "type": "STRING"},
            ],
        }
    },
}
SETTINGS = ["-s", "login=user", "-s", "password=secret"]
CONNECTION = {"login": "user", "password": "secret"}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "request", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "connector.json").write_text(json.dumps(CONNECTOR), encoding="utf-8")
    return tmp_path


CASES: list[tuple[list[str], dict[str | int, Any]]] = [
    # §3: urlCheck gets connection only
    (["urlCheck", *SETTINGS], {"connection": CONNECTION}),
    # §4: urlTableList: searchString (the picker's query), connection
    (["urlTableList", *SETTINGS, "--search", "deals 2024"], {"searchString": "deals 2024", "connection": CONNECTION}),
    # §5: urlTableDescription: table, connection
    (["urlTableDescription", *SETTINGS, "--table", "deals"], {"table": "deals", "connection": CONNECTION}),
    # §6.1: the preview: limit 20, connection, table (no mapFields without datasets)
    (["urlData", *SETTINGS, "--table", "deals"], {"limit": "20", "connection": CONNECTION, "table": "deals"}),
    # §6.1: a BI Builder query, mapFields limited to the selected NAMEs
    (
        [
            "urlData", *SETTINGS, "--table", "deals", "--select", "DEAL_ID,STAGE", "--limit", "500",
            "--map-field", "deal_id=DEAL_ID", "--map-field", "amount=AMOUNT",
        ],
        {
            "select": {0: "DEAL_ID", 1: "STAGE"},
            "limit": "500",
            "connection": CONNECTION,
            "table": "deals",
            "mapFields": {"deal_id": "DEAL_ID"},
        },
    ),
    # §10: before 2026-01 no mapFields
    (
        ["urlData", "--table", "deals", "--map-field", "deal_id=DEAL_ID", "--target", "2025-07"],
        {"limit": "20", "table": "deals"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[" ".join(c[0][:1]) for c in CASES])
def test_each_endpoint_prints_the_contract_fields(
    folder: Path, args: list[str], expected: dict[str | int, Any]
) -> None:
    result = run(args[0], "--connector", "connector.json", *args[1:], cwd=folder)
    assert (result.returncode, result.stderr) == (0, "")
    assert not result.stdout.endswith("\n")  # the exact body: a file written from it is a fixture
    assert php.parse_str(result.stdout) == expected
    assert list(php.parse_str(result.stdout)) == list(expected)


# ENDPOINT-CONTRACT §6.1, the BI Builder example, decoded for reading.
CONTRACT_EXAMPLE = (
    "select[0]=DEAL_ID&select[1]=CREATED_AT&select[2]=STAGE"
    "&filter[>=CREATED_AT]=01.08.2026 00:00:00&filter[<=CREATED_AT]=31.08.2026 23:59:59"
    "&filter[0][LOGIC]=OR&filter[0][0][=STAGE][0]=WON&filter[0][0][=STAGE][1]=LOSE"
    "&filter[1][LOGIC]=OR&filter[1][0][=MANAGER]=0"
    "&limit=10000&connection[login]=user&connection[password]=secret"
    "&table=sales_2024&mapFields[deal_id]=DEAL_ID&mapFields[created_at]=CREATED_AT"
    "&mapFields[stage]=STAGE"
)
BI_ARGS = [
    "urlData", "--connector", "connector.json", *SETTINGS, "--table", "sales_2024",
    "--select", "DEAL_ID:int,CREATED_AT:datetime,STAGE", "--field", "MANAGER:int",
    "--limit", "10000", "--map-field", "deal_id=DEAL_ID", "--map-field", "created_at=CREATED_AT",
    "--map-field", "stage=STAGE",
]  # fmt: skip


@pytest.mark.parametrize(
    "filters",
    [
        ["--filter", "date:2026-08-01..2026-08-31", "--filter", "STAGE=WON,LOSE", "--filter", "MANAGER is null"],
        [
            "--filter",
            json.dumps(
                {
                    "dateRange": {"startDate": "2026-08-01", "endDate": "2026-08-31"},
                    "dimensionsFilters": [
                        [{"fieldName": "STAGE", "values": ["WON", "LOSE"], "type": "INCLUDE", "operator": "IN_LIST"}],
                        [{"fieldName": "MANAGER", "values": [], "type": "INCLUDE", "operator": "IS_NULL"}],
                    ],
                }
            ),
        ],
    ],
    ids=["mini-language", "bi-query-json"],
)  # fmt: skip
def test_the_contract_example(folder: Path, filters: list[str]) -> None:
    result = run(*BI_ARGS, *filters, cwd=folder)
    assert (result.returncode, result.stderr) == (0, "")
    assert unquote_plus(result.stdout) == CONTRACT_EXAMPLE
    assert "[" not in result.stdout and " " not in result.stdout  # brackets and spaces encoded


def test_json_and_curl_output(folder: Path) -> None:
    result = run("urlCheck", "-c", "connector.json", *SETTINGS, "--format", "json", cwd=folder)
    shown = json.loads(result.stdout)
    body = "connection%5Blogin%5D=user&connection%5Bpassword%5D=secret"
    assert shown == {
        "url": "https://c.example/check",
        "method": "POST",
        "headers": {
            "Host": "c.example",
            "Connection": "close",
            "Accept": "*/*",
            "Accept-Language": "en",
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body)),
        },
        "fields": {"connection": CONNECTION},
        "body": body,
    }
    curl = run("urlCheck", "-c", "connector.json", *SETTINGS, "-f", "curl", cwd=folder).stdout
    assert curl.startswith("curl --silent --show-error --request POST https://c.example/check \\\n")
    assert f"  --data-raw '{body}' \\\n" in curl  # quoted: it holds &


def test_other_forms_of_the_connector_payload(folder: Path) -> None:
    fields = CONNECTOR["params"]["fields"]
    (folder / "bare.json").write_text(json.dumps({"fields": fields}), encoding="utf-8")
    (folder / "add.form").write_text(
        "# biconnector.connector.add\nfields[title]=T\nfields[urlCheck]=https://f.example/c\n"
        "fields[settings][0][code]=token\nfields[settings][0][name]=Token\n"
        "fields[settings][0][type]=STRING\n",
        encoding="utf-8",
    )
    (folder / "client.php").write_text(
        "<?php\nCRest::call('biconnector.connector.add', ['fields' => ['title' => 'T',\n"
        "  'urlCheck' => 'https://p.example/check', 'settings' => []]]);\n",
        encoding="utf-8",
    )
    bare = run("urlCheck", "-c", "bare.json", "-m", "biconnector.connector.add", cwd=folder)
    assert (bare.returncode, bare.stdout) == (0, "")  # no settings given: an empty body
    form = run("urlCheck", "-c", "add.form", "-s", "token=t", "-f", "json", cwd=folder)
    assert json.loads(form.stdout)["url"] == "https://f.example/c"
    assert json.loads(form.stdout)["body"] == "connection%5Btoken%5D=t"
    program = run("urlCheck", "-c", "client.php", "-f", "json", cwd=folder)
    assert json.loads(program.stdout)["url"] == "https://p.example/check"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["urlDat", "-c", "connector.json"], "unknown endpoint 'urlDat': did you mean 'urlData'?"),
        (["urlCheck", "-c", "connector.json", "-s", "token=x"], "the connector declares no setting 'token' (it declares: login, password)"),
        (["urlCheck", "-c", "connector.json", "-s", "token"], "--setting 'token' is not CODE=VALUE"),
        (["urlData", "-c", "empty.json", "--table", "t"], "the connector has no urlData URL: the portal makes no call"),
        (["urlData", "-c", "missing.json", "--table", "t"], "missing.json: no such file"),
        (["urlCheck", "-c", "bare.json"], "no biconnector.connector.add/update payloads (bare params? pass --method)"),
        (["urlData", "-c", "connector.json", "--table", "t", "--select", "A:bool", "--limit", "1"], "field type 'bool' of 'A' is not one of"),
        (["urlData", "-c", "connector.json", "--table", "t", "--select", "A", "--limit", "1", "--filter", "A ? 1"], "--filter condition 'A ? 1' is not FIELD=VALUES"),
        (["urlData", "-c", "connector.json", "--table", "t", "--filter", "A=1"], "a filter comes only with a BI Builder query"),
    ],
)  # fmt: skip
def test_mistakes_are_clear_messages_with_exit_2(
    folder: Path, args: list[str], message: str
) -> None:
    (folder / "empty.json").write_text(
        json.dumps({"method": "biconnector.connector.update", "params": {"id": 4, "fields": {}}}),
        encoding="utf-8",
    )
    (folder / "bare.json").write_text(json.dumps({"fields": {"title": "T"}}), encoding="utf-8")
    result = run(*args, cwd=folder)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("bicon-lint: error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
