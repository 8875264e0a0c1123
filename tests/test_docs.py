"""Rule documentation: docs/rules.md is generated from the registry and must be up to date;
``bicon-lint rules`` (text, JSON, Markdown) and ``bicon-lint rule`` cover every rule."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bicon_lint import sources
from bicon_lint.docs import (
    ALL_RULES,
    GENERATE_COMMAND,
    PLACEHOLDER_OVERRIDES,
    PLACEHOLDERS,
    WIDTH,
    explain_text,
    find_rules,
    markdown,
    placeholder_text,
    placeholders,
    plain,
    rule_markdown,
    rules_json,
    suggestions,
    wrap_doc,
)
from bicon_lint.model import ANY_METHOD, Rule
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
        # the docstring's first line, its literals as code spans
        first_line = rule.doc.strip().splitlines()[0]
        assert re.sub(r"``(.+?)``", r"`\1`", first_line) in section
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
    assert all(set(row) == keys | {"url"} for row in rows)
    assert all(row["url"] == f"{sources.RULES_DOC_URL}#{row['rule']}" for row in rows)
    assert (
        rows[0]["url"]
        == "https://github.com/bicon-lint/bicon-lint/blob/main/docs/rules.md#invalid-json"
    )
    by_code = {row["code"]: row for row in rows if row["rule"] != "source-save-length"}
    assert by_code["BL201"]["severity"] == "warning" and by_code["BL201"]["server"] is False
    assert by_code["BL201"]["since"] == "2026-04" and by_code["BL201"]["until"] is None
    assert by_code["VALIDATION_SETTINGS_INVALID_TYPE"]["methods"] == [
        "biconnector.connector.add",
        "biconnector.connector.update",
    ]
    assert by_code["BL001"]["methods"] == ["*"]


def _methods_of(label: str) -> set[str]:
    """The method names a ``bicon-lint rules`` methods label stands for (``all``,
    ``connector.{add,update} dataset|table.{get}``)."""
    if label == "all":
        return {ANY_METHOD}
    names = set()
    for group in label.split():
        entities, _, actions = group.partition(".")
        for entity in entities.split("|"):
            for action in actions.strip("{}").split(","):
                names.add(f"{entity}.{action}")
    return names


def test_rules_text_table_fits_100_columns_and_keeps_everything() -> None:
    result = run_cli("rules")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert all(line == line.rstrip() for line in lines)
    header, *body = lines
    assert header.split() == ["CODE", "RULE", "VERSIONS", "SEVERITY"]
    rows: list[tuple[list[str], str]] = []  # a code's row, and its methods
    for line in body:
        if line.startswith("    methods: "):
            rows.append((rows.pop()[0], line.removeprefix("    methods: ")))
        elif line.startswith("             "):  # a methods label continued
            cells, methods = rows.pop()
            rows.append((cells, f"{methods} {line.strip()}"))
        else:
            rows.append((line.split(), ""))
    expected = [(rule, code, info) for rule in ALL_RULES for code, info in rule.spec.codes.items()]
    assert len(rows) == len(expected)
    for (cells, methods), (rule, code, info) in zip(rows, expected, strict=True):
        since = rule.spec.since.label if rule.spec.since else "2025-04"
        until = rule.spec.until.label if rule.spec.until else ""
        assert cells == [code, rule.spec.name, f"{since}..{until}", info.severity.value]
        shown = {name.removeprefix("biconnector.") for name in rule.spec.methods}
        assert _methods_of(methods) == shown, (code, methods)
    # the widest label is wrapped onto a continuation line, not cut
    assert any(line.startswith("             dataset|table.{") for line in body)


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


# ------------------------------------------------------------------------------------------------
# bicon-lint rule: plain text that stands alone
# ------------------------------------------------------------------------------------------------

EVERY_CODE = sorted(
    {code for rule in ALL_RULES for code in rule.spec.codes} | set(STATE_CODES), key=str
)
URL_ALONE = re.compile(r" *https://\S+")


def references_block(text: str) -> list[tuple[str, str]]:
    """The ``References:`` block that ends ``text``, as ``(label, url)``."""
    block = text.rsplit("\nReferences:\n", 1)[1].splitlines()
    found: list[tuple[str, str]] = []
    for line in block:
        assert line.startswith("  "), line
        if line.startswith("    "):  # a URL too long to share its label's line
            found.append((found.pop()[0], line.strip()))
        elif ": https://" in line:
            label, url = line.strip().rsplit(": ", 1)
            found.append((label, url))
        else:
            found.append((line.strip(), ""))
    return found


def assert_stands_alone(text: str) -> None:
    assert "``" not in text
    for internal in ("SERVER-SPEC", "ENDPOINT-CONTRACT", "§"):
        assert internal not in text, internal
    for line in text.splitlines():
        # a URL is never broken, so a line holding one URL alone may be longer
        assert len(line) <= WIDTH or URL_ALONE.fullmatch(line), line
        assert line == line.rstrip(), line
    references = references_block(text)
    assert references
    assert all(url.startswith("https://") and " " not in url for _, url in references)


@pytest.mark.parametrize("rule", ALL_RULES, ids=[rule.spec.name for rule in ALL_RULES])
def test_rule_text_stands_alone(rule: Rule) -> None:
    text = explain_text(rule.spec.name)
    assert text is not None
    assert text.startswith(f"{rule.spec.name}\n\n")
    assert_stands_alone(text)
    references = references_block(text)
    urls = [url for _, url in references]
    assert references[-1] == (
        f"Rule reference: {rule.spec.name}",
        f"https://github.com/bicon-lint/bicon-lint/blob/main/docs/rules.md#{rule.spec.name}",
    )
    paths = sources.server_paths(rule.doc)
    for path in paths:  # the server files first, in the order the text names them
        assert sources.server_url(path) in urls
    assert urls[: len(paths)] == [sources.server_url(path) for path in paths]
    mirror = "https://github.com/yuliai/bitrix-modules/blob/"
    assert all(url.startswith(mirror) for url in urls[: len(paths)])
    docs = "https://apidocs.bitrix24.com/api-reference/biconnector"
    for method in rule.spec.methods:
        if method.startswith("biconnector."):  # its page: .../connector/biconnector-connector-add
            entity, action = method.removeprefix("biconnector.").split(".", 1)
            page = f"{entity}/biconnector-{entity}-{action.replace('.', '-')}.html"
            assert f"{docs}/{page}" in urls
        elif method == "*":  # every method: the module's page, once
            assert urls.count(f"{docs}/index.html") == 1
        else:  # the connector's endpoints: the connectors' overview, where the docs describe them
            assert urls.count(f"{docs}/connector/index.html") == 1
    for code, info in rule.spec.codes.items():
        assert f"\n{code} ({'server' if info.server else 'bicon-lint'} code, " in text
        for name in placeholders(info.message):
            assert re.search(rf"^ {{6}}\{{{name}\}}: \S", text, flags=re.MULTILINE), name


def test_no_strong_or_emphasis_markup_is_left() -> None:
    # outside literals (which keep their text: ``**put_access_token_here**``), every docstring and
    # explanation loses its **strong** and *emphasis* marks
    texts = [rule.doc for rule in ALL_RULES] + [entry.explanation for entry in STATE_CODES.values()]
    texts += list(PLACEHOLDERS.values()) + list(PLACEHOLDER_OVERRIDES.values())
    for text in texts:
        prose = plain(re.sub(r"``.+?``", "", text, flags=re.DOTALL))
        assert not re.search(r"\*\*\w|\w\*\*|(?<![\w.])\*\w", prose), prose


@pytest.mark.parametrize("code", EVERY_CODE)
def test_code_text_stands_alone(code: str) -> None:
    text = explain_text(code)
    assert text is not None
    assert explain_text(code.lower()) == text
    assert_stands_alone(text)
    rules = find_rules(code)
    if rules:  # each rule's text, each with its references
        assert text == "\n\n".join(explain_text(rule.spec.name) or "" for rule in rules)
    else:
        assert text.startswith(f"{code} (server code, decided by the portal's state")
        assert references_block(text)[-1][1].endswith("/docs/rules.md#portal-state-codes")


SERVER_RULES = [rule for rule in ALL_RULES if any(info.server for info in rule.spec.codes.values())]


@pytest.mark.parametrize("rule", SERVER_RULES, ids=[rule.spec.name for rule in SERVER_RULES])
def test_every_server_code_rule_cites_the_server_code(rule: Rule) -> None:
    # A rule that predicts a server code shows where the server's code does it.
    assert sources.server_paths(rule.doc), f"{rule.spec.name} cites no server file"


def test_the_cli_prints_the_rule_text() -> None:
    # a rule by name, a code two rules answer, a predicted and an unpredicted portal-state code
    for wanted in ("settings-type-enum", "bx_invalid_value", "SOURCE_NOT_FOUND", "ACCESS_DENIED"):
        result = run_cli("rule", wanted)
        assert (result.returncode, result.stderr) == (0, ""), wanted
        assert result.stdout == f"{explain_text(wanted)}\n"
    shared = run_cli("rule", "BX_INVALID_VALUE").stdout
    assert shared.startswith("save-length\n")
    assert "\n\nsource-save-length\n\n" in shared
    assert shared.count("\nReferences:\n") == 2


def test_rule_text_explains_placeholders() -> None:
    result = run_cli("rule", "field-type")
    assert result.returncode == 0, result.stderr
    assert (
        "VALIDATION_INVALID_FIELD_TYPE (server code, error)\n"
        '    Field "{title}" must be of type {type}.\n'
        "      {title}: the field's name as the server spells it (fields.supportMapping -> "
        "supportMapping)\n"
        "      {type}: "
    ) in result.stdout


# ------------------------------------------------------------------------------------------------
# Unknown names: did you mean
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "meant"),
    [
        ("settngs-type", "'settings-type-enum'"),  # a typo
        ("settings-type", "'settings-type-enum'"),  # a prefix
        ("VALIDATION_SETTINGS_TYPE", "'VALIDATION_SETTINGS_INVALID_TYPE'"),  # a word left out
        ("connector_delete", "'CONNECTOR_DELETE_RESTRICTED'"),  # a portal-state code
    ],
)
def test_unknown_rule_suggests_the_name_meant(wanted: str, meant: str) -> None:
    result = run_cli("rule", wanted)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"unknown rule or code {wanted!r} (did you mean {meant}?)" in result.stderr
    assert "'CODE_OR_NAME'" in result.stderr


def test_unknown_rule_without_a_close_name() -> None:
    result = run_cli("rule", "qqqq")
    assert result.returncode == 2
    assert "unknown rule or code 'qqqq' (see 'bicon-lint rules')" in result.stderr
    assert "did you mean" not in result.stderr


def test_suggestions() -> None:
    assert suggestions("settings-") == ["settings-blank", "settings-empty", "settings-form-key"]
    assert suggestions("BL00") == ["BL001", "BL002", "BL003"]
    assert suggestions("type-enum") == ["settings-type-enum"]  # inside a name
    assert suggestions("VALIDATION_SETTINGS_TYPE") == ["VALIDATION_SETTINGS_INVALID_TYPE"]
    assert suggestions("list-ordr") == ["list-order"]
    assert suggestions("  ") == []
    assert suggestions("qqqq") == []


# ------------------------------------------------------------------------------------------------
# Placeholders
# ------------------------------------------------------------------------------------------------


def test_every_placeholder_is_explained() -> None:
    missing = [
        (rule.spec.name, code, name)
        for rule in ALL_RULES
        for code, info in rule.spec.codes.items()
        for name in placeholders(info.message)
        if not placeholder_text(rule.spec.name, name)
    ]
    assert missing == []


def test_the_glossary_names_only_placeholders_in_use() -> None:
    used = {
        (rule.spec.name, name)
        for rule in ALL_RULES
        for info in rule.spec.codes.values()
        for name in placeholders(info.message)
    }
    assert set(PLACEHOLDERS) == {name for _, name in used}
    assert set(PLACEHOLDER_OVERRIDES) <= used


def test_placeholders_of_a_template() -> None:
    message = "the answer has {rows:,} rows, {rows} again, {{literal}} and {limit}"
    assert placeholders(message) == ["rows", "limit"]
    assert placeholder_text("field-type", "title") == PLACEHOLDERS["title"]
    assert placeholder_text("save-length", "label") != PLACEHOLDERS["label"]


# ------------------------------------------------------------------------------------------------
# Markup
# ------------------------------------------------------------------------------------------------


def test_plain_drops_the_markup() -> None:
    assert plain('``"type": "STRING"`` is **not** *checked*') == '"type": "STRING" is not checked'
    # markup inside a literal is the literal's text
    assert plain("``biconnector.table.*`` and ``**x**``") == "biconnector.table.* and **x**"
    assert plain("* an item with ``a``") == "* an item with a"
    assert plain("2 * 3 and a * b") == "2 * 3 and a * b"


def test_wrap_doc_rewraps_paragraphs_and_keeps_items() -> None:
    doc = (
        "First line.\n\n" + "word " * 30 + "\nmore words.\n\n"
        "* an item\n"
        "  continued\n"
        "* another ``literal with spaces``\n\n"
        'Pass: ``{"a": 1}``   Fail: ``{"a": 2}``\n'
        "Fail: ``3``"
    )
    lines = wrap_doc(doc)
    assert lines[:2] == ["First line.", ""]
    assert all(len(line) <= 100 for line in lines)
    assert " ".join(lines[2:4]) == ("word " * 30) + "more words."
    assert lines[4:8] == ["", "* an item continued", "* another literal with spaces", ""]
    assert lines[8:] == ['Pass: {"a": 1}   Fail: {"a": 2}', "Fail: 3"]


def test_a_short_literal_is_not_broken_across_lines() -> None:
    doc = "x" * 90 + ' ``"type": "STRING"``'
    assert wrap_doc(doc) == ["x" * 90, '"type": "STRING"']


# ------------------------------------------------------------------------------------------------
# docs/rules.md and SARIF
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ALL_RULES, ids=[rule.spec.name for rule in ALL_RULES])
def test_rule_section_links_its_references(rule: Rule) -> None:
    section = rule_markdown(rule)
    assert section.startswith(f"## {rule.spec.name}\n")
    assert section in markdown()
    assert "\nReferences:\n\n" in section
    assert f"- [Rule reference: {rule.spec.name}]({sources.rule_url(rule.spec.name)})" in section
    for path in sources.server_paths(rule.doc):
        assert f"- [{path}]({sources.server_url(path)})" in section
    for name in {n for i in rule.spec.codes.values() for n in placeholders(i.message)}:
        assert f"\n- `{{{name}}}`: " in section
    assert "SERVER-SPEC" not in section.split("\nReferences:\n", 1)[1]


def test_sarif_points_at_the_rule_reference() -> None:
    from bicon_lint.api import RunResult
    from bicon_lint.reporters import render

    driver = json.loads(render("sarif", RunResult([])))["runs"][0]["tool"]["driver"]
    assert (
        driver["informationUri"] == sources.HOME_URL == "https://github.com/bicon-lint/bicon-lint"
    )
    by_name = {rule.spec.name: rule for rule in ALL_RULES}
    for descriptor in driver["rules"]:
        name = descriptor["name"]
        assert descriptor["helpUri"] == f"{sources.RULES_DOC_URL}#{name}"
        assert descriptor["help"]["text"] == explain_text(name)
        assert descriptor["help"]["markdown"] == rule_markdown(by_name[name])
        assert "``" not in descriptor["fullDescription"]["text"]
