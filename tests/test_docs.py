"""Rule documentation: docs/rules.md is generated from the registry and must be up to date;
``bicon-lint rules`` (text, JSON, Markdown) and ``bicon-lint rule`` cover every rule."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bicon_lint.docs import ALL_RULES, GENERATE_COMMAND, find_rules, markdown, rules_json
from bicon_lint.state_codes import STATE_CODES

PROJECT = Path(__file__).resolve().parents[1]
RULES_MD = PROJECT / "docs" / "rules.md"
TIMEOUT = 120


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )


def test_docs_rules_md_is_up_to_date() -> None:
    assert RULES_MD.is_file(), f"docs/rules.md is missing: run `{GENERATE_COMMAND}`"
    committed = RULES_MD.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert committed == markdown(), (
        f"docs/rules.md is stale (the rule registry changed): run `{GENERATE_COMMAND}`"
    )


def test_every_rule_and_code_has_a_section() -> None:
    text = markdown()
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings == [rule.spec.name for rule in ALL_RULES] + ["Portal-state codes"]
    for rule in ALL_RULES:
        section = text.split(f"\n## {rule.spec.name}\n", 1)[1].split("\n## ", 1)[0]
        for code in rule.spec.codes:
            assert f"| `{code}` |" in section, (rule.spec.name, code)
        assert f"[{rule.spec.name}](#{rule.spec.name})" in text  # the index links the anchor
        first_line = rule.doc.strip().splitlines()[0]
        assert first_line in section
    for code in STATE_CODES:
        assert f"| `{code}` |" in text.split("## Portal-state codes", 1)[1]


def test_module_and_rules_markdown_print_the_same() -> None:
    module = subprocess.run(
        [sys.executable, "-m", "bicon_lint.docs"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )
    assert module.returncode == 0, module.stderr
    assert module.stdout == markdown()
    flag = run_cli("rules", "--markdown")
    assert (flag.returncode, flag.stdout) == (0, markdown())
    assert run_cli("rules", "--format", "markdown").stdout == markdown()


def test_rules_json() -> None:
    result = run_cli("rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document == json.loads(rules_json())
    assert document["version"] == 1
    rows = document["codes"]
    expected = [(code, rule.spec.name) for rule in ALL_RULES for code in rule.spec.codes]
    assert [(row["code"], row["rule"]) for row in rows] == expected
    keys = {"code", "rule", "message", "severity", "server", "methods", "since", "until", "summary"}
    assert all(set(row) == keys for row in rows)
    by_code = {row["code"]: row for row in rows if row["rule"] != "source-save-length"}
    assert by_code["BL201"]["severity"] == "warning" and by_code["BL201"]["server"] is False
    assert by_code["BL201"]["since"] == "2026-04" and by_code["BL201"]["until"] is None
    assert by_code["VALIDATION_SETTINGS_INVALID_TYPE"]["methods"] == [
        "biconnector.connector.add",
        "biconnector.connector.update",
    ]
    assert by_code["BL001"]["methods"] == ["*"]


def test_rules_text_table_lists_every_code() -> None:
    result = run_cli("rules")
    assert result.returncode == 0
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["CODE", "RULE", "METHODS", "VERSIONS", "SEVERITY"]
    assert [row.split()[:2] for row in rows] == [
        [code, rule.spec.name] for rule in ALL_RULES for code in rule.spec.codes
    ]


@pytest.mark.parametrize("rule", ALL_RULES, ids=[rule.spec.name for rule in ALL_RULES])
def test_every_rule_resolves_by_name_and_code(rule: object) -> None:
    from bicon_lint.model import Rule

    assert isinstance(rule, Rule)
    assert rule in find_rules(rule.spec.name)
    for code in rule.spec.codes:
        assert rule in find_rules(code)
        assert rule in find_rules(code.lower())


def test_rule_command_explains_state_codes() -> None:
    result = run_cli("rule", "CONNECTOR_DELETE_RESTRICTED")
    assert result.returncode == 0
    assert result.stdout.startswith("CONNECTOR_DELETE_RESTRICTED (server code, decided by the")
