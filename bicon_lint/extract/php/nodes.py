"""The tree-sitter PHP node kinds the reader looks for, the depth guard, and small helpers over
names and argument lists."""

from __future__ import annotations

from typing import Final

from tree_sitter import Node

_MAX_DEPTH: Final = 64  # nested arrays plus followed variables, helpers and constants

_FUNCTION_LIKE: Final = frozenset(
    {"function_definition", "method_declaration", "anonymous_function"}
)
_MEMBER_CALLS: Final = frozenset({"member_call_expression", "nullsafe_member_call_expression"})
_MEMBER_ACCESS: Final = frozenset({"member_access_expression", "nullsafe_member_access_expression"})
_CALLS: Final = frozenset({"function_call_expression", "scoped_call_expression", *_MEMBER_CALLS})
_STRINGS: Final = frozenset({"string", "encapsed_string", "heredoc", "nowdoc"})
_LITERAL_PARTS: Final = frozenset({"string_content", "escape_sequence", "text", "nowdoc_string"})


def _last_segment(name: str) -> str:
    return name.rsplit("\\", 1)[-1].lower()


def _namespace_of(name: str) -> str:
    return name.lstrip("\\").rpartition("\\")[0].lower()


def _arguments(arguments: Node) -> list[Node]:
    return [child for child in arguments.named_children if child.type == "argument"]


def _argument_value(argument: Node) -> Node:
    """An ``argument``'s expression (after its name, for a named argument)."""
    name = argument.child_by_field_name("name")
    values = [
        child for child in argument.named_children if child != name and child.type != "comment"
    ]
    return values[-1] if values else argument
