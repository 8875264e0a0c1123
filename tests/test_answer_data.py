"""urlData answers and the answers' cross-checks (rules/answer_data_*.py, answer_description_dataset,
answer_connection_codes; bicon_lint/data_answer.py, answer_links.py, php_date.py).

* the fixture cases of those rules, linted as an answer envelope is (the request's ``params`` are
  the body, located under ``("body",)``), with their ``with=`` cases as the run's other files,
  answers included (``answer_links.answer_payload``);
* ``php_date.reads`` against rows of PHP 8.2's ``DateTime::createFromFormat`` and, where ``php``
  is installed, against PHP itself on generated values;
* a Hypothesis property: a well-formed answer gives no finding, one planted defect exactly its own;
* the row pass is linear: four times the rows take about four times as long;
* ``bicon-lint check`` on several files in one run (a subprocess): answers compared with a
  ``table.add`` payload, a description answer and a connector payload of the same run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bicon_lint import answer_links, data_answer, engine, php_date
from bicon_lint.identify import identify
from bicon_lint.loaders.json_loader import load_json
from bicon_lint.model import NO_PAYLOADS, Diagnostic, Payload, Request, RunContext
from bicon_lint.rules import RULES
from bicon_lint.targets import Target
from tests.test_rule_fixtures import FIXTURES, Case, Expected, load_cases

MINE = {rule.spec.name for rule in RULES if rule.spec.name.startswith("answer-data-")} | {
    "answer-description-dataset",
    "answer-connection-codes",
}
CASES = [
    case
    for path in sorted(FIXTURES.glob("answer-*.txt"))
    if path.stem in MINE
    for case in load_cases(path)
]
BY_ID = {case.id: case for case in CASES}


def _payload(text: str, path: str, target: Target) -> Payload | None:
    value = load_json(text, path).value
    answer = answer_links.answer_payload(path, value)
    if answer is not None:
        return answer._replace(params=value.get("body"))
    found = identify(value, None, target, infer=False)
    if found is None or found.method is None:
        return None
    return Payload(path, found.method.strip().lower(), found.params)


def lint_envelope(
    text: str, path: str, target: Target, context: RunContext = NO_PAYLOADS
) -> list[Diagnostic]:
    """An answer envelope linted as the shared design says: method ``endpoint.<name>``, params =
    the body (a JSON value here), the envelope's other keys beside it, positions under "body"."""
    document = load_json(text, path)
    value = document.value
    envelope = {key: item for key, item in value.items() if key != "body"}
    request = Request(
        method=f"endpoint.{value['endpoint'].lower()}",
        params=value.get("body"),
        target=target,
        encoding="answer",
        path=path,
        context=context,
        envelope={**envelope, "body": json.dumps(value.get("body"))},
    )
    return list(engine.run(request, RULES, locate=document.locate, prefix=("body",)).diagnostics)


def _lint_case(case: Case) -> list[Diagnostic]:
    target = Target.parse(case.options.get("target", "latest"))
    names = [name for name in case.options.get("with", "").split(",") if name]
    others = [
        _payload(BY_ID[f"{case.rule}::{name}"].text, f"{case.rule}/{name}.json", target)
        for name in names
    ]
    context = RunContext(tuple(payload for payload in others if payload is not None))
    return lint_envelope(case.text, f"{case.rule}/{case.name}.json", target, context)


ANSWER_CASES = [case for case in CASES if '"endpoint"' in case.text.split("\n", 1)[0]]


@pytest.mark.parametrize("case", ANSWER_CASES, ids=[case.id for case in ANSWER_CASES])
def test_answer_fixture(case: Case) -> None:
    found = tuple(Expected.of(d) for d in _lint_case(case) if d.rule == case.rule)
    assert found == case.expected


def test_every_answer_code_has_a_fail_case() -> None:
    codes = {code for rule in RULES if rule.spec.name in MINE for code in rule.spec.codes}
    failed = {e.code for case in ANSWER_CASES for e in case.expected}
    assert codes - failed == set()
    assert all(code.startswith("BL7") and 740 <= int(code[2:]) <= 779 for code in codes)


# --- createFromFormat ------------------------------------------------------------------------

# (format, value, read?) — each row run through PHP 8.2.32's DateTime::createFromFormat and
# DateTime::getLastErrors() (no error, no warning) when this table was written.
PHP_ROWS = [
    ("Y-m-d", "2024-01-05", True),
    ("Y-m-d", "2024-1-5", True),
    ("Y-m-d", " 2024-01-05", False),  # Unexpected data found.
    ("Y-m-d", "2024-01-05 ", False),  # Trailing data
    ("Y-m-d", "2024-02-30", False),  # The parsed date was invalid (a warning)
    ("Y-m-d", "24-01-05", True),  # the year 24
    ("Y-m-d", "12024-01-05", False),  # The separation symbol could not be found
    ("Y-m-d", "+2024-01-05", False),
    ("Y-m-d", "0000-01-01", True),
    ("Y-m-d", "2024-13-05", False),
    ("Y-m-d", "2024-01-05 10:00:00", False),
    ("Y-m-d H:i:s", "2024-01-05 10:00:00", True),
    ("Y-m-d H:i:s", "2024-01-0510:00:00", True),  # a format space matches no space too
    ("Y-m-d H:i:s", "2024-01-05  10:00:00", True),
    ("Y-m-d H:i:s", "2024-01-05\t10:00:00", True),
    ("Y-m-d H:i:s", "2024-01-05\u00a010:00:00", True),
    ("Y-m-d H:i:s", "2024-01-05\u202f10:00:00", True),
    ("Y-m-d H:i:s", "2024-01-05\n10:00:00", False),
    ("Y-m-d H:i:s", "2024-01-05 1:00:00", True),
    ("Y-m-d H:i:s", "2024-01-05 10:0:00", False),  # A two digit minute could not be found
    ("Y-m-d H:i:s", "2024-01-05 24:00:00", False),  # The parsed time was invalid
    ("Y-m-d H:i:s", "2024-01-05 23:59:60", False),
    ("Y-m-d H:i:s", "2024-01-05 10:00:00.123", False),
    ("Y-m-d H:i:s", "2024-01-05T10:00:00", False),
    ("Y-m-d H:i:s", "2024-01-05 10:00:00Z", False),
    ("Y-m-d H:i:s", "2024-01-05 10:00", False),  # Not enough data available to satisfy format
    ("Y-m-d H:i:s", "2024-01-05", False),
    ("Y-m-d H:i:s", "2023-02-29 00:00:00", False),
    ("Y-m-d H:i:s", "2024-02-29 00:00:00", True),
    ("d.m.Y", "05.01.2024", True),
    ("d.m.Y", "5.1.24", True),
    ("Y/d/m", "2026/08/31", False),
    ("Y/m/d", "2026/08/31", True),
]


@pytest.mark.parametrize(("format", "value", "read"), PHP_ROWS)
def test_reads_as_php_does(format: str, value: str, read: bool) -> None:
    assert php_date.reads(value, format) is read


_PHP_CHECK = r"""<?php $cases = json_decode(stream_get_contents(STDIN), true); $out = [];
foreach ($cases as [$f, $v]) { $d = DateTime::createFromFormat($f, $v); $e = DateTime::getLastErrors();
$out[] = (bool)($d && !($e && ($e['error_count'] || $e['warning_count']))); } echo json_encode($out);"""


@pytest.mark.skipif(shutil.which("php") is None, reason="no php to compare with")
def test_reads_agrees_with_php_on_generated_values(tmp_path: Path) -> None:
    import random

    chooser = random.Random(14)
    formats = php_date.DATE_FORMATS + php_date.DATETIME_FORMATS

    def part(char: str) -> str:
        if char == "Y":
            return str(chooser.choice([chooser.randint(0, 9999), chooser.randint(10000, 99999)]))
        number = chooser.randint(0, {"m": 13, "d": 32, "H": 25, "i": 61, "s": 61}[char])
        return str(number).zfill(chooser.choice([1, 2, 2, 3]))

    def value(format: str) -> str:
        pieces = [
            part(char)
            if char in "YmdHis"
            else chooser.choice([" ", "", "T", "\t", "\u00a0", "\n"])
            if char == " "
            else char
            if chooser.random() < 0.95
            else chooser.choice(".-/:")
            for char in format
        ]
        return "".join(pieces) + chooser.choice(["", "", "", "", "Z", ".5", " "])

    cases = []
    for _ in range(4000):
        format = chooser.choice(formats)
        cases.append((format, value(chooser.choice(formats) if chooser.random() < 0.2 else format)))
    script = tmp_path / "check.php"
    script.write_text(_PHP_CHECK, encoding="utf-8")
    done = subprocess.run(
        ["php", str(script)], input=json.dumps(cases), capture_output=True, text=True, check=True
    )
    php = json.loads(done.stdout)
    assert sum(php) > 200  # enough values that PHP reads
    assert [
        (f, v) for (f, v), read in zip(cases, php, strict=True) if php_date.reads(v, f) != read
    ] == []


# --- property: well-formed answers are clean, one planted defect is exactly its finding ---------

TABLE = Payload(
    "p/table.json",
    "biconnector.table.add",
    {
        "fields": {
            "externalCode": "deals",
            "fields": [
                {"name": "ID", "externalCode": "ID", "type": "int"},
                {"name": "TITLE", "externalCode": "TITLE", "type": "string"},
                {"name": "RATE", "externalCode": "RATE", "type": "double"},
                {"name": "DAY", "externalCode": "DAY", "type": "date"},
                {"name": "AT", "externalCode": "AT", "type": "datetime"},
            ],
        }
    },
)
CODES = ["ID", "TITLE", "RATE", "DAY", "AT"]
dates = st.dates().map(lambda day: day.isoformat())
values = {
    "ID": st.integers(-(2**62), 2**62),
    "TITLE": st.text(max_size=8),
    "RATE": st.floats(allow_nan=False, allow_infinity=False),
    "DAY": dates,
    "AT": st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S")),
}
rows = st.lists(st.tuples(*(values[code] | st.none() for code in CODES)).map(list), max_size=30)
DEFECTS = {
    "short-row": "BL746",
    "iso-datetime": "BL750",
    "int-fraction": "BL752",
    "object-row": "BL748",
    "nested-value": "BL756",
    "missing-code": "BL760",
    "over-limit": "BL749",
}


def _lint_answer(body: list[Any], request: dict[str, Any]) -> set[str]:
    envelope = {"endpoint": "urlData", "status": 200, "request": request}
    text = json.dumps({**envelope, "body": body}, ensure_ascii=False)
    context = RunContext((TABLE,))
    found = lint_envelope(text, "p/answer.json", Target.LATEST, context)
    return {d.code for d in found if d.rule in MINE}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows)
def test_well_formed_answers_give_no_finding(rows: list[list[Any]]) -> None:
    assert _lint_answer([CODES, *rows], {"table": "deals", "limit": str(len(rows) or 1)}) == set()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=rows.filter(lambda found: len(found) >= 1),
    defect=st.sampled_from(sorted(DEFECTS)),
    pick=st.integers(0, 10**6),
)
def test_one_planted_defect_gives_exactly_its_finding(
    rows: list[list[Any]], defect: str, pick: int
) -> None:
    header: list[Any] = list(CODES)
    at = pick % min(len(rows), 20)  # a row the preview reads
    limit = len(rows)
    row = rows[at]
    if defect == "short-row":
        row.pop()
    elif defect == "iso-datetime":
        row[4] = "2026-08-01T09:30:00Z"
    elif defect == "int-fraction":
        row[0] = "12.7"
    elif defect == "object-row":
        rows[at] = dict(zip(CODES, row, strict=True))  # type: ignore[call-overload]
    elif defect == "nested-value":
        row[1] = ["a", "b"]
    elif defect == "missing-code":
        header[1] = "NAME"
    elif defect == "over-limit":
        limit = len(rows) - 1 or 0
        if limit == 0:
            rows.append([1, "x", 1.5, "2026-08-01", None])
            limit = 1
    found = _lint_answer([header, *rows], {"table": "deals", "limit": str(limit)})
    assert found == {DEFECTS[defect]}


# --- the row pass is linear ----------------------------------------------------------------


def test_scan_keeps_no_row() -> None:
    """The scan keeps counts and first places, never a row or a list of rows."""
    request = Request(
        "endpoint.urldata",
        [["A"], *([[None]] * 5), *([[1, 2]] * 50)],
        Target.LATEST,
        envelope={"request": {"select": ["A"]}},
    )
    scan = data_answer.scan(request)
    assert scan is not None and scan.crashes == [] and scan.later is not None
    assert scan.later.count == 50 and scan.later.loc == (6,)


# --- bicon-lint check on several files in one run ------------------------------------------------

CONNECTOR = {
    "method": "biconnector.connector.add",
    "params": {
        "fields": {
            "title": "Warehouse",
            "logo": "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
            "urlCheck": "https://example.com/check",
            "urlTableList": "https://example.com/tables",
            "urlTableDescription": "https://example.com/describe",
            "urlData": "https://example.com/data",
            "settings": [{"code": "token", "name": "API token", "type": "STRING"}],
        }
    },
}
DEALS = {
    "method": "biconnector.table.add",
    "params": {
        "fields": {
            "sourceId": 3,
            "name": "deals",
            "externalName": "Deals",
            "externalCode": "deals",
            "fields": [
                {"name": "ID", "externalCode": "ID", "type": "int"},
                {"name": "CLOSED_AT", "externalCode": "CLOSED_AT", "type": "datetime"},
                {"name": "OWNER", "externalCode": "OWNER", "type": "string"},
            ],
        }
    },
}
RUN_FILES: dict[str, Any] = {
    "payloads/connector.json": CONNECTOR,
    "payloads/deals.json": DEALS,
    "answers/describe-deals.json": {
        "endpoint": "urlTableDescription",
        "status": 200,
        "request": {"table": "deals", "connection": {"token": "t"}},
        "body": [
            {"code": "ID", "name": "Id", "type": "string"},
            {"code": "CLOSED_AT", "name": "Closed", "type": "datetime"},
        ],
    },
    "answers/data-deals.json": {
        "endpoint": "urlData",
        "status": 200,
        "request": {"table": "deals", "limit": "20", "connection": {"token": "t", "apiKey": "k"}},
        "body": [["ID", "CLOSED_AT"], [1, "2026-08-01T09:30:00Z"], [2, "2026-08-01 09:30:00"]],
    },
    "answers/describe-leads.json": {
        "endpoint": "urlTableDescription",
        "status": 200,
        "request": {"table": "leads"},
        "body": [{"code": "AMOUNT", "name": "Amount", "type": "DOUBLE"}],
    },
    "answers/data-leads.json": {
        "endpoint": "urlData",
        "status": 200,
        "request": {"table": "leads"},
        "body": [["AMOUNT"], ["12,5"], [7.5]],
    },
    "answers/data-alone.json": {"endpoint": "urlData", "status": 200, "body": [["A"], [1]]},
}


def _check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "GITHUB_ACTIONS"}}
    command = [sys.executable, "-m", "bicon_lint.cli", "check", "-f", "json", *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, env=env, check=False
    )


def _found(done: subprocess.CompletedProcess[str]) -> dict[str, list[tuple[str, str, int]]]:
    shown = json.loads(done.stdout)
    return {
        file["path"].replace(os.sep, "/"): [
            (d["code"], d["pointer"], d["line"]) for d in file["diagnostics"] if d["rule"] in MINE
        ]
        for file in shown["files"]
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_compares_the_files_of_one_run(
    tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in RUN_FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, indent=1), encoding="utf-8")
    monkeypatch.setenv("BICON_LINT_JOBS", jobs)
    done = _check("payloads", "answers", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    found = _found(done)
    assert found["payloads/connector.json"] == []
    assert found["payloads/deals.json"] == []
    # the description against table.add: ID is string there, int here; OWNER is missing
    assert sorted(found["answers/describe-deals.json"]) == [
        ("BL761", "/body", 10),
        ("BL762", "/body/0/type", 14),
    ]
    # the data against table.add (types, codes) and the connector (connection codes)
    assert sorted(found["answers/data-deals.json"]) == [
        ("BL750", "/body/1/1", 19),
        ("BL760", "/body/0", 13),
        ("BL763", "/request/connection/apiKey", 9),
    ]
    # no table.add for leads: its description answer gives the types (DOUBLE -> double)
    assert found["answers/data-leads.json"] == [("BL753", "/body/1/0", 12)]
    assert found["answers/data-alone.json"] == []


def test_an_answer_alone_compares_nothing(tmp_path: Path) -> None:
    """Without the table.add payload, the description and the connector, the data answer has no
    column types, no codes to hold and no settings to compare with; with the description answer
    alone, its types apply (CLOSED_AT is a datetime there too)."""
    for name in ("answers/data-deals.json", "answers/describe-deals.json"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(RUN_FILES[name], indent=1), encoding="utf-8")
    assert _found(_check("answers/data-deals.json", cwd=tmp_path)) == {
        "answers/data-deals.json": []
    }
    found = _found(_check("answers", cwd=tmp_path))
    assert found["answers/describe-deals.json"] == []
    assert found["answers/data-deals.json"] == [("BL750", "/body/1/1", 19)]
