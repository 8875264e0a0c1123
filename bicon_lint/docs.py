"""Rule documentation from the registry: ``bicon-lint rule``, ``bicon-lint rules``, docs/rules.md."""

from __future__ import annotations

import inspect

from bicon_lint.inputs import INPUT_RULES, METHOD_EXISTS
from bicon_lint.model import ANY_METHOD, Rule
from bicon_lint.rules import RULES

ALL_RULES: tuple[Rule, ...] = (*INPUT_RULES, METHOD_EXISTS, *RULES)

STATE_CODES: dict[str, str] = {
    "ACCESS_DENIED": "Access denied. The user lacks ACTION_BIC_ACCESS or "
    "ACTION_BIC_EXTERNAL_DASHBOARD_CONFIG, or the call came from a webhook (no client id) while "
    "the portal does not allow webhooks (SERVER-SPEC §2.3). It depends on who calls, not on the "
    "payload, so bicon-lint never predicts it.",
    "CONNECTOR_NOT_FOUND": "Connector was not found. The id does not exist, or the connector "
    "belongs to another application (SERVER-SPEC §4.3 D). It is checked after the ID and fields "
    "checks and before the settings check; bicon-lint assumes the connector exists.",
}


def find_rule(code_or_name: str) -> Rule | None:
    wanted = code_or_name.strip()
    for rule in ALL_RULES:
        if rule.spec.name == wanted.lower() or wanted.upper() in rule.spec.codes:
            return rule
    return None


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


def rule_text(rule: Rule, asked: str = "") -> str:
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
