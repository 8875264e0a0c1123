"""What each name of a JavaScript file is bound to: every binding (declarations, parameters,
imports, assignments, destructuring), the names whose objects are written into, and what a
function bound once returns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, NamedTuple

from tree_sitter import Node

from bicon_lint.extract.javascript.nodes import _FUNCTIONS, _WRAPPERS, _arguments, _inner, _text

_MUTATORS: Final = frozenset(
    {"push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"}
)
_OBJECT_WRITERS: Final = frozenset({"assign", "defineProperty", "defineProperties"})


class _Binding(NamedTuple):
    value: Node | None  # the expression a declaration gives the name (None: not known here)
    function: Node | None = None  # a function declaration of that name


def _pattern_names(node: Node) -> Iterator[Node]:
    """The identifiers a binding pattern binds (``{a, b: [c], ...d}``, ``e = 1``, TS params)."""
    pending = [node]
    while pending:
        node = pending.pop()
        kind = node.type
        if kind in ("identifier", "shorthand_property_identifier_pattern"):
            yield node
        elif kind in ("object_pattern", "array_pattern", "rest_pattern"):
            pending.extend(reversed(node.named_children))
        else:
            field = _PATTERN_PARTS.get(kind)
            inner = None if field is None else node.child_by_field_name(field)
            if inner is not None:
                pending.append(inner)


_PATTERN_PARTS: Final = {
    "pair_pattern": "value",
    "assignment_pattern": "left",
    "object_assignment_pattern": "left",
    "required_parameter": "pattern",
    "optional_parameter": "pattern",
}


def _root_name(node: Node) -> str | None:
    """The variable a member chain starts from (``fields`` of ``fields.settings[0]``)."""
    while True:
        if node.type in ("member_expression", "subscript_expression"):
            inner = node.child_by_field_name("object")
        elif node.type in _WRAPPERS:
            inner = _inner(node)
        else:
            return _text(node) if node.type == "identifier" else None
        if inner is None:
            return None
        node = inner


def _deletes(node: Node) -> bool:
    operator = node.child_by_field_name("operator")
    return operator is not None and operator.type == "delete"


class _Scope:
    """Every binding of every name in the file (scopes are not told apart: a name bound twice
    anywhere is not followed), and the names whose objects are written into."""

    def __init__(self) -> None:
        self.bindings: dict[str, list[_Binding]] = {}
        self.mutated: set[str] = set()
        self._returned: dict[str, Node | None] = {}

    def bind(self, name: Node, binding: _Binding) -> None:
        self.bindings.setdefault(_text(name), []).append(binding)

    def write(self, target: Node, value: Node | None) -> None:
        """``target = value`` (or ``target++``, ``target += ...``: value None)."""
        while target.type == "parenthesized_expression" and target.named_children:
            target = target.named_children[0]
        if target.type == "identifier":
            self.bind(target, _Binding(value))
        elif target.type in ("member_expression", "subscript_expression"):
            self.mutate(target)
        else:
            for name in _pattern_names(target):
                self.bind(name, _Binding(None))
            for child in target.named_children:
                if child.type in ("member_expression", "subscript_expression"):
                    self.mutate(child)

    def mutate(self, target: Node) -> None:
        root = _root_name(target)
        if root is not None:
            self.mutated.add(root)

    def visit(self, node: Node) -> None:
        """Record what ``node`` binds or writes."""
        kind = node.type
        if kind == "variable_declarator":
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is not None and name.type == "identifier":
                self.bind(name, _Binding(value))
            elif name is not None:
                self.write(name, None)
        elif kind == "assignment_expression":
            left = node.child_by_field_name("left")
            if left is not None:
                self.write(left, node.child_by_field_name("right"))
        elif kind == "augmented_assignment_expression":
            left = node.child_by_field_name("left")
            if left is not None:
                self.write(left, None)
        elif kind == "update_expression" or (kind == "unary_expression" and _deletes(node)):
            argument = node.child_by_field_name("argument")
            if argument is not None:
                self.write(argument, None)
        elif kind == "for_in_statement":
            left = node.child_by_field_name("left")
            if left is not None:
                self.write(left, None)
        else:
            self._visit_other(node, kind)

    def _visit_other(self, node: Node, kind: str) -> None:
        if kind in ("formal_parameters", "catch_clause", "import_clause", "namespace_import"):
            parts = node.named_children
            if kind == "catch_clause":
                parameter = node.child_by_field_name("parameter")
                parts = [] if parameter is None else [parameter]
            for part in parts:
                for name in _pattern_names(part):
                    self.bind(name, _Binding(None))
        elif kind == "import_specifier":
            alias = node.child_by_field_name("alias") or node.child_by_field_name("name")
            if alias is not None and alias.type == "identifier":
                self.bind(alias, _Binding(None))
        elif kind == "arrow_function":
            parameter = node.child_by_field_name("parameter")
            if parameter is not None:
                self.bind(parameter, _Binding(None))
        elif kind in ("function_declaration", "generator_function_declaration"):
            declared = node.child_by_field_name("name")
            if declared is not None:
                self.bind(declared, _Binding(None, node))
        elif kind == "class_declaration":  # a function or class expression's own name is
            declared = node.child_by_field_name("name")  # seen only inside it: not bound here
            if declared is not None and declared.type == "identifier":
                self.bind(declared, _Binding(None))
        elif kind == "call_expression":
            self._visit_call(node)

    def _visit_call(self, node: Node) -> None:
        """``x.push(...)`` and ``Object.assign(x, ...)`` write into ``x``."""
        callee = node.child_by_field_name("function")
        if callee is None or callee.type != "member_expression":
            return
        target = callee.child_by_field_name("object")
        member = callee.child_by_field_name("property")
        if target is None or member is None:
            return
        if _text(member) in _MUTATORS:
            self.mutate(target)
        elif _text(target) in ("Object", "Reflect") and _text(member) in _OBJECT_WRITERS:
            arguments = _arguments(node)
            if arguments:
                self.mutate(arguments[0])

    def constant(self, name: str) -> Node | None:
        """The one value the file ever gives ``name``, if it does so exactly once."""
        bound = self.bindings.get(name, ())
        if len(bound) != 1 or name in self.mutated:
            return None
        return bound[0].value

    def returned(self, name: str) -> Node | None:
        """What the function named ``name`` returns, if it is bound once and has one return."""
        if name not in self._returned:
            self._returned[name] = self._find_returned(name)
        return self._returned[name]

    def _find_returned(self, name: str) -> Node | None:
        bound = self.bindings.get(name, ())
        if len(bound) != 1:
            return None
        function = bound[0].function or bound[0].value
        while function is not None and function.type in _WRAPPERS:
            function = _inner(function)
        if function is None or function.type not in _FUNCTIONS:
            return None
        body = function.child_by_field_name("body")
        if body is None:
            return None
        if body.type != "statement_block":
            return body  # an arrow function's expression body
        returns = list(_returns(body))
        if len(returns) != 1 or returns[0].parent != body:  # inside an if: maybe never reached
            return None
        return next((c for c in returns[0].named_children if c.type != "comment"), None)


def _returns(body: Node) -> Iterator[Node]:
    """The ``return`` statements of a function body, not of the functions inside it."""
    pending = list(reversed(body.named_children))
    while pending:
        node = pending.pop()
        if node.type == "return_statement":
            yield node
        elif node.type not in _FUNCTIONS and node.type not in ("class", "class_declaration"):
            pending.extend(reversed(node.named_children))
