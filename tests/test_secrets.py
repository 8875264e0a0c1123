"""Secrets planted in payload files never come out unmasked: not in any output format the CLI
offers (every name in ``bicon_lint.reporters.FORMATS``, so formats added later are covered), not in
the library's ``Report``/``Diagnostic`` reprs, not in a ``PayloadError``.

Each secret is a distinctive string; besides the whole value, the part a mask hides (everything
after its first two characters) must not appear either. The test first proves that the planted
secrets are found (their codes are reported), so it cannot pass by reporting nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bicon_lint import PayloadError, check_call, lint_file
from bicon_lint.redact import SHOWN, SHOWN_FROM
from bicon_lint.reporters import FORMATS, render
from bicon_lint.runner import Options, run_paths

SECRETS = {
    "access token": "d2b8c0f1a9e34f5b8c7d6e5f4a3b2c1d",
    "refresh token": "Rf7qLm2xVb9sKd4w",
    "webhook key": "q8w7e6r5t4y3u2i1",
    "source password": "s3cr3t-Passw0rd-XYZ",
    "short token": "t0k3n",
    "endpoint password": "Pa55w0rd-Endpoint-2026",
    "ftp password": "FtpSecret-99-qwe",
    "logo password": "LogoSecret-55-asd",
    "dsn password": "Dsn-Secret-77-zxc",
}

CONNECTOR = {
    "method": "biconnector.connector.add",
    "params": {
        "fields": {
            "title": "Warehouse",
            "logo": f"http://designer:{SECRETS['logo password']}@cdn.example.com/logo.png",
            "urlCheck": f"https://bi_reader:{SECRETS['endpoint password']}@bi.example.com/check",
            "urlData": f"https://b24-a1.bitrix24.com/rest/1/{SECRETS['webhook key']}/data",
            "urlTableList": f"ftp://loader:{SECRETS['ftp password']}@files.example.com/tables",
            "urlTableDescription": "https://bi.example.com/describe",
            "settings": [
                {"code": "login", "name": "Login", "type": "STRING"},
                {"code": "password", "name": "Password", "type": "STRING"},
                {"code": "token", "name": "Token", "type": "STRING"},
                {"code": "dsn", "name": "Database", "type": "STRING"},
            ],
        }
    },
}
SOURCE = {
    "method": "biconnector.source.add",
    "connector": "connector.json",
    "auth": SECRETS["access token"],
    "refresh_token": SECRETS["refresh token"],
    "params": {
        "fields": {
            "title": "Warehouse EU",
            "connectorId": 4,
            "description": f"see https://b24-a1.bitrix24.com/rest/1/{SECRETS['webhook key']}/",
            "settings": {
                "login": "bi_reader",
                "password": SECRETS["source password"],
                "token": SECRETS["short token"],
                "dsn": f"postgresql://bi:{SECRETS['dsn password']}@db.example.com/sales",
            },
        }
    },
}
EXPECTED_CODES = {"BL305", "BL310", "BL313", "BL601", "BL602", "BL603", "BL604"}


def leaks(text: str) -> list[str]:
    """The secrets ``text`` shows whole, or shows more of than a mask keeps (``redact.mask``
    keeps two characters of a value of 8 or more). The secrets appear nowhere in bicon-lint's own
    documentation, which some formats (SARIF) embed."""
    return [
        name
        for name, value in SECRETS.items()
        if value in text or (len(value) >= SHOWN_FROM and value[SHOWN:] in text)
    ]


@pytest.fixture
def payloads(tmp_path: Path) -> Path:
    (tmp_path / "connector.json").write_text(json.dumps(CONNECTOR, indent=2), encoding="utf-8")
    (tmp_path / "source.json").write_text(json.dumps(SOURCE, indent=2), encoding="utf-8")
    return tmp_path


def test_the_planted_secrets_are_found(payloads: Path) -> None:
    result = run_paths([str(payloads)], Options())
    codes = {d.code for report in result.reports for d in report.diagnostics}
    assert codes >= EXPECTED_CODES


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("color", [False, True])
def test_no_format_shows_a_secret(payloads: Path, name: str, color: bool) -> None:
    result = run_paths([str(payloads)], Options())
    assert leaks(render(name, result, color=color)) == []


@pytest.mark.parametrize("name", FORMATS)
def test_no_cli_output_shows_a_secret(payloads: Path, name: str) -> None:
    env = {**os.environ, "PYTHONUTF8": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "check", "--format", name, "."],
        cwd=payloads,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert any(code in done.stdout for code in EXPECTED_CODES), done.stdout
    assert leaks(done.stdout + done.stderr) == []


def test_library_reprs_show_no_secret(payloads: Path) -> None:
    for path in ("connector.json", "source.json"):
        report = lint_file(payloads / path)
        assert report.diagnostics
        assert leaks(repr(report)) == []
        assert leaks(str(report)) == []
        for diagnostic in report.diagnostics:
            assert leaks(repr(diagnostic)) == [] and leaks(str(diagnostic.as_dict())) == []


def test_payload_error_shows_no_secret() -> None:
    fields = dict(CONNECTOR["params"]["fields"])  # type: ignore[index]
    with pytest.raises(PayloadError) as raised:
        check_call("biconnector.connector.add", {"fields": fields}, strict=True)
    assert {d.code for d in raised.value.diagnostics} >= {"BL305", "BL310", "BL313"}
    assert leaks(str(raised.value)) == [] and leaks(repr(raised.value.report)) == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # JSON escapes: "\/" for "/", "\u0040" for "@"
        (
            "escaped.json",
            '{"method": "biconnector.connector.update", "params": {"id": 4, "fields": '
            '{"description": "https:\\/\\/b24-x.bitrix24.com\\/rest\\/1\\/k3j2h4g5f6d7s8a9\\/",'
            ' "title": "postgresql:\\/\\/bi:s3cret-pw\\u0040db.example.com\\/sales"}}}',
        ),
        # YAML escapes in a double-quoted scalar
        (
            "escaped.yaml",
            "method: biconnector.connector.update\nparams:\n  id: 4\n  fields:\n"
            '    title: "postgresql://bi:s3cret-pw\\x40db.example.com/sales"\n',
        ),
        # a form body: percent-encoded
        (
            "escaped.form",
            "# biconnector.connector.update\nid=4&fields[title]="
            "postgresql%3A%2F%2Fbi%3As3cret-pw%40db.example.com%2Fsales\n",
        ),
    ],
)
def test_secrets_written_with_escapes_are_found(tmp_path: Path, name: str, text: str) -> None:
    """The rule skips files whose text holds no mark of a secret; an escaped mark still counts."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    codes = {d.code for d in lint_file(path).diagnostics}
    assert "BL604" in codes
    if name.endswith(".json"):
        assert "BL602" in codes
