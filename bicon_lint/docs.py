"""Rule documentation from the registry: ``bicon-lint rule``, ``bicon-lint rules``, docs/rules.md."""

from __future__ import annotations

import inspect

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
