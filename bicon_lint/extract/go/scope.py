"""The index of one Go file: every binding of every name, its functions, methods, types,
imports, calls, comments and the uses of each identifier."""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from tree_sitter import Node

from bicon_lint.extract.build import Offsets
from bicon_lint.extract.go.literals import _go_string
from bicon_lint.extract.go.nodes import _named, _walk

_BINDING_LISTS: Final = {
    "short_var_declaration": "left",
    "assignment_statement": "left",
    "range_clause": "left",
    "receive_statement": "left",
    "type_switch_statement": "alias",
}
"""Statements binding the names of one of their expression lists."""


class _Binding(NamedTuple):
    value: Node | None  # the expression bound, or None (a parameter, a range variable, ``+=``)
    node: Node  # the name where it is bound


class _Mutation(NamedTuple):
    key: str | None  # ``name["key"] = value``: the key; None: anything else that may change it
    key_node: Node | None
    value: Node | None


class _Index:
    """One parsed Go file's text and the index of its names (the base of
    :class:`~bicon_lint.extract.go.calls._File`)."""

    def __init__(self, text: str, root: Node) -> None:
        self.text = text
        self.root = root
        self.offsets = Offsets(text)
        self.bindings: dict[str, list[_Binding]] = {}
        self.functions: dict[str, list[Node]] = {}
        self.methods: dict[str, list[Node]] = {}
        self.types: dict[str, list[Node]] = {}
        self.imports: dict[str, str] = {}
        self.calls: list[Node] = []
        self.comments: list[Node] = []
        self.uses: dict[str, list[Node]] = {}
        self._index()
        self._mutations: dict[str, list[_Mutation]] = {}
        self._following: set[tuple[int, int]] = set()

    # --------------------------------------------------------------------------------------------
    # The file's names

    def _index(self) -> None:
        for node in _walk(self.root):
            kind = node.type
            if kind == "call_expression":
                self.calls.append(node)
            elif kind == "comment":
                self.comments.append(node)
            elif kind == "identifier":
                self.uses.setdefault(self.source(node), []).append(node)
            elif kind in _BINDING_LISTS:
                self._bind_list(node, _BINDING_LISTS[kind])
            elif kind in ("var_spec", "const_spec"):
                self._bind_spec(node)
            elif kind in ("parameter_declaration", "variadic_parameter_declaration"):
                for name in node.children_by_field_name("name"):
                    self._bind(name, None)
            elif kind in ("inc_statement", "dec_statement"):
                operand = _named(node)
                if operand and operand[0].type == "identifier":
                    self._bind(operand[0], None)
            elif kind == "function_declaration":
                self._declare(self.functions, node)
            elif kind == "method_declaration":
                self._declare(self.methods, node)
            elif kind in ("type_spec", "type_alias"):
                self._declare(self.types, node)
            elif kind == "import_spec":
                self._import(node)

    def _bind(self, name: Node, value: Node | None) -> None:
        text = self.source(name)
        if text != "_":
            self.bindings.setdefault(text, []).append(_Binding(value, name))

    def _bind_list(self, statement: Node, field: str) -> None:
        names = statement.child_by_field_name(field)
        if names is None:
            return
        targets = _named(names)
        right = statement.child_by_field_name("right")
        values = _named(right) if right is not None else []
        paired = statement.type in ("short_var_declaration", "assignment_statement") and len(
            values
        ) == len(targets)
        if statement.type == "assignment_statement":
            operator = statement.child_by_field_name("operator")
            paired = paired and operator is not None and self.source(operator) == "="
        for index, target in enumerate(targets):
            if target.type in ("identifier", "true", "false", "nil", "iota"):
                self._bind(target, values[index] if paired else None)

    def _bind_spec(self, spec: Node) -> None:
        names = spec.children_by_field_name("name")
        value = spec.child_by_field_name("value")
        values = _named(value) if value is not None else []
        for index, name in enumerate(names):
            self._bind(name, values[index] if len(values) == len(names) else None)

    def _declare(self, into: dict[str, list[Node]], node: Node) -> None:
        name = node.child_by_field_name("name")
        if name is not None:
            into.setdefault(self.source(name), []).append(node)

    def _import(self, spec: Node) -> None:
        path = spec.child_by_field_name("path")
        if path is None:
            return
        value = _go_string(self.source(path))
        if value is None:
            return
        name = spec.child_by_field_name("name")
        parts = [part for part in value.split("/") if part]
        if name is not None:
            self.imports[self.source(name)] = value
        elif parts:
            last = parts[-1]
            if re.fullmatch(r"v\d+", last) and len(parts) > 1:
                last = parts[-2]  # github.com/x/b24gosdk/v2 is package b24gosdk
            self.imports[last] = value

    def source(self, node: Node) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def span(self, node: Node) -> tuple[int, int]:
        return self.offsets.span(node.start_byte, node.end_byte)

    def single(self, name: str) -> _Binding | None:
        """The binding of ``name`` when the file binds it exactly once, with a value."""
        found = self.bindings.get(name, [])
        if len(found) != 1 or found[0].value is None:
            return None
        return found[0]

    def _operator(self, node: Node) -> str | None:
        operator = node.child_by_field_name("operator")
        return None if operator is None else self.source(operator)
