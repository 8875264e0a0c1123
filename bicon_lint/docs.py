"""Rule documentation from the registry: ``bicon-lint rule``, ``bicon-lint rules``, docs/rules.md.

``python -m bicon_lint.docs > docs/rules.md`` (or ``bicon-lint rules --markdown``) regenerates the
Markdown reference; a test fails when the committed file differs from what the registry gives, so a
rule added to the registry shows up there by running that command.
"""

from __future__ import annotations

import inspect
import json
import re
import sys

from bicon_lint.inputs import INPUT_RULES, METHOD_EXISTS
from bicon_lint.model import ANY_METHOD, Rule
from bicon_lint.rules import RULES

ALL_RULES: tuple[Rule, ...] = (*INPUT_RULES, METHOD_EXISTS, *RULES)


def find_rules(code_or_name: str) -> list[Rule]:
    """Rules named so, or emitting that code (the server reuses a few codes across rules)."""
    wanted = code_or_name.strip()
    return [
        rule
        for rule in ALL_RULES
        if rule.spec.name == wanted.lower() or wanted.upper() in rule.spec.codes
    ]


def methods_label(rule: Rule) -> str:
    if ANY_METHOD in rule.spec.methods:
        return "all"
    actions: dict[str, list[str]] = {}
    for name in sorted(rule.spec.methods):
        entity, _, action = name.removeprefix("biconnector.").partition(".")
        actions.setdefault(entity, []).append(action)
    if actions.get("dataset") == actions.get("table") and "table" in actions:
        actions["dataset|table"] = actions.pop("dataset")
        del actions["table"]
    return " ".join(f"{entity}.{{{','.join(names)}}}" for entity, names in actions.items())


def versions_label(rule: Rule) -> str:
    since = rule.spec.since.label if rule.spec.since else "2025-04"
    return f"{since}..{rule.spec.until.label}" if rule.spec.until else f"{since}.."


def rule_text(rule: Rule) -> str:
    """``bicon-lint rule``'s text of a rule; for a portal-state code the rule predicts where the
    payload alone decides it (``StateCode.predicted``), followed by that code's explanation."""
    from bicon_lint.state_codes import STATE_CODES, explain

    spec = rule.spec
    lines = [f"{spec.name}", "=" * len(spec.name), ""]
    for code, info in spec.codes.items():
        origin = "server code" if info.server else "bicon-lint code"
        lines.append(f"{code} ({origin}, {info.severity.value}): {info.message}")
    lines += [
        "",
        f"Methods: {methods_label(rule)}",
        f"Server versions: {versions_label(rule)}",
        "",
        inspect.cleandoc(rule.doc),
    ]
    lines += [
        "\n" + explain(entry)
        for code in spec.codes
        if (entry := STATE_CODES.get(code)) is not None and entry.predicted == spec.name
    ]
    return "\n".join(lines)


def rules_table() -> str:
    rows = [("CODE", "RULE", "METHODS", "VERSIONS", "SEVERITY")]
    for rule in ALL_RULES:
        for code, info in rule.spec.codes.items():
            rows.append(
                (
                    code,
                    rule.spec.name,
                    methods_label(rule),
                    versions_label(rule),
                    info.severity.value,
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row))
        for row in rows
    )


def rules_json() -> str:
    """``bicon-lint rules --format json``: the table's rows, one per code, as a JSON document."""
    rows = [
        {
            "code": code,
            "rule": rule.spec.name,
            "message": info.message,
            "severity": info.severity.value,
            "server": info.server,
            "methods": sorted(rule.spec.methods),
            "since": rule.spec.since.label if rule.spec.since else None,
            "until": rule.spec.until.label if rule.spec.until else None,
            "summary": rule.spec.summary,
        }
        for rule in ALL_RULES
        for code, info in rule.spec.codes.items()
    ]
    return json.dumps({"version": 1, "codes": rows}, indent=2)


# ------------------------------------------------------------------------------------------------
# docs/rules.md
# ------------------------------------------------------------------------------------------------

GENERATE_COMMAND = "python -m bicon_lint.docs > docs/rules.md"


def _code(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _versions_text(rule: Rule) -> str:
    since = rule.spec.since.label if rule.spec.since else "2025-04"
    if rule.spec.until:
        return f"from {since}, before {rule.spec.until.label} ({_code(versions_label(rule))})"
    return f"from {since} on ({_code(versions_label(rule))})"


def _methods_text(rule: Rule) -> str:
    if ANY_METHOD in rule.spec.methods:
        return "every method (even unknown names)"
    return ", ".join(_code(name) for name in sorted(rule.spec.methods))


def _rule_section(rule: Rule) -> list[str]:
    spec = rule.spec
    lines = [f"## {spec.name}", ""]
    if spec.summary:
        lines += [f"*{spec.summary}*", ""]
    lines += ["| Code | Kind | Severity | Message |", "|---|---|---|---|"]
    for code, info in spec.codes.items():
        kind = "server code" if info.server else "bicon-lint code"
        lines.append(
            f"| {_cell(_code(code))} | {kind} | {info.severity.value} | {_cell(_code(info.message))} |"
        )
    lines += [
        "",
        f"- **Methods:** {_methods_text(rule)}",
        f"- **Server versions:** {_versions_text(rule)}",
        f"- **Explain:** {_code('bicon-lint rule ' + spec.name)}",
        "",
        inspect.cleandoc(rule.doc),
        "",
    ]
    return lines


def _state_section() -> list[str]:
    from bicon_lint.state_codes import STATE_CODES

    lines = [
        "## Portal-state codes",
        "",
        "Server codes decided by the portal's state or by who calls, not by the payload. "
        "bicon-lint does not predict them (it assumes the state lets the request through), but "
        f"{_code('bicon-lint rule CODE')} explains each one. Two are predicted where the payload "
        "alone decides: an id whose `(int)` is 0 or below, which no row can have "
        "([source-connector-exists](#source-connector-exists), "
        "[dataset-source-exists](#dataset-source-exists)).",
        "",
        "| Code | Message | Methods | Explanation |",
        "|---|---|---|---|",
    ]
    for entry in STATE_CODES.values():
        cells = (_code(entry.code), _code(entry.message), entry.methods, entry.explanation)
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    lines.append("")
    return lines


def markdown() -> str:
    """docs/rules.md: an index of every code, a section per rule (anchor ``#<rule-name>``), and
    the portal-state codes."""
    lines = [
        "# bicon-lint rules",
        "",
        f"<!-- Generated from the rule registry by `{GENERATE_COMMAND}`. Do not edit by hand. -->",
        "",
        "Every code bicon-lint reports, by rule. **Server codes** are the ones the server answers "
        "in `error`, with its own message; **bicon-lint codes** (`BLxxx`) are bicon-lint's own, "
        "for what the server has no code for. A rule applies to the listed methods on the listed "
        "server versions (`--target`); `2025-04..` means every version, `a..b` from `a` up to, not "
        "including, `b`. `bicon-lint rule CODE_OR_NAME` prints a rule's section, and `select`, "
        "`ignore`, `per-file-ignores` and `severity` in `[tool.bicon-lint]` take these codes, rule "
        "names or code prefixes.",
        "",
        "| Code | Rule | Severity | Methods | Server versions |",
        "|---|---|---|---|---|",
    ]
    for rule in ALL_RULES:
        for code, info in rule.spec.codes.items():
            cells = (
                _code(code),
                f"[{rule.spec.name}](#{rule.spec.name})",
                info.severity.value,
                methods_label(rule),
                versions_label(rule),
            )
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    lines.append("")
    for rule in ALL_RULES:
        lines += _rule_section(rule)
    lines += _state_section()
    return "\n".join(lines)


def main() -> int:
    sys.stdout.write(markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
