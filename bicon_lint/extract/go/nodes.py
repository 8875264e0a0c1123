"""Helpers over tree-sitter's Go tree: named children, a walk in document order, the
expression inside parentheses, parse errors, a function's returns, what an assignment assigns to
a target; the string literal node kinds and the depth guard."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from tree_sitter import Node

_MAX_DEPTH: Final = 48  # nested literals, names and helpers followed (cycles stop earlier)

_STRING_LITERALS: Final = frozenset({"interpreted_string_literal", "raw_string_literal"})


def _named(node: Node) -> list[Node]:
    """The named children of ``node`` that are not comments."""
    return [child for child in node.named_children if child.type != "comment"]


def _walk(root: Node) -> Iterator[Node]:
    """Every node under ``root``, in document order (without recursion: files may nest deep)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def _unwrap(node: Node | None) -> Node | None:
    """The expression inside a ``literal_element`` (or parentheses)."""
    while node is not None and node.type in ("literal_element", "parenthesized_expression"):
        inner = _named(node)
        node = inner[0] if len(inner) == 1 else None
    return node


def _broken(node: Node) -> bool:
    """Whether ``node`` has a parse error as a direct child (its own structure is lost)."""
    return (
        node.is_error or node.is_missing or any(c.is_error or c.is_missing for c in node.children)
    )


def _returns(body: Node) -> Iterator[Node]:
    """The ``return`` statements of a function body, not those of the closures inside it."""
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type == "return_statement":
            yield node
        elif node.type != "func_literal":
            stack.extend(node.children)


def _assigned(target: Node) -> tuple[Node | None, Node | None]:
    """When ``target`` is assigned to (``target = value``, ``target += 1``, ``target++``): the
    value assigned (or None) and the statement; else ``(None, None)``."""
    parent = target.parent
    if parent is None:
        return None, None
    if parent.type in ("inc_statement", "dec_statement"):
        return parent, parent
    statement = parent.parent
    if parent.type != "expression_list" or statement is None:
        return None, None
    if statement.type not in ("assignment_statement", "receive_statement", "range_clause"):
        return None, None
    if statement.child_by_field_name("left") != parent:
        return None, None
    right = statement.child_by_field_name("right")
    if right is None:
        return statement, statement
    values = _named(right) if right.type == "expression_list" else [right]
    targets = _named(parent)
    index = next((i for i, node in enumerate(targets) if node == target), -1)
    if len(values) == len(targets) and index >= 0:
        return values[index], statement
    return right, statement
