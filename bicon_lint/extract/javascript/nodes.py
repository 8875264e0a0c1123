"""Helpers over tree-sitter's JavaScript and TypeScript trees: the wrappers looked through,
the function node kinds, a node's text, a call's arguments, and parse errors."""

from __future__ import annotations

from typing import Final

from tree_sitter import Node

_WRAPPERS: Final = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
        "await_expression",
    }
)
_FUNCTIONS: Final = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "function",
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)


def _text(node: Node) -> str:
    raw = node.text
    return raw.decode("utf-8", "replace") if raw is not None else ""


def _inner(node: Node) -> Node | None:
    """The expression a wrapper (parentheses, ``as``, ``!``, ``<T>``, ``await``) holds."""
    children = [c for c in node.named_children if c.type != "comment"]
    if not children:
        return None
    return children[-1] if node.type == "type_assertion" else children[0]


def _arguments(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.type != "arguments":
        return []
    return [c for c in arguments.named_children if c.type != "comment"]


def _broken(node: Node) -> bool:
    """A parse error in the node itself or among its own parts (not deeper down)."""
    if node.is_error or node.is_missing:
        return True
    return any(child.is_error or child.is_missing for child in node.children)
