"""The index of one PHP file: where each variable is assigned, changed in place or declared a
parameter, its functions, methods, classes, constants, ``use`` imports and cURL handles' URLs;
which function a node lives in, and the one assignment a read of a variable can see."""

from __future__ import annotations

from typing import Final, NamedTuple

from tree_sitter import Node

from bicon_lint.extract import build
from bicon_lint.extract.build import Offsets
from bicon_lint.extract.php.nodes import (
    _CALLS,
    _FUNCTION_LIKE,
    _MEMBER_ACCESS,
    _argument_value,
    _arguments,
    _last_segment,
)
from bicon_lint.loaders.document import OffsetSpan

_CHANGING: Final = frozenset(
    {
        "augmented_assignment_expression",
        "reference_assignment_expression",
        "update_expression",
        "unset_statement",
        "list_literal",
        "by_ref",
        "global_declaration",
        "static_variable_declaration",
        "catch_clause",
    }
)
"""Where a variable written is changed in place (so its one assignment is not its value)."""

_MUTATORS: Final[dict[str, tuple[int, ...] | None]] = {
    # PHP functions that change an argument passed by reference (its positions; None: all)
    **dict.fromkeys(
        [
            *("array_push", "array_unshift", "array_splice", "array_shift", "array_pop"),
            *("array_walk", "array_walk_recursive", "settype", "shuffle"),
            *("sort", "rsort", "usort", "uasort", "uksort", "ksort", "krsort", "asort"),
            *("arsort", "natsort", "natcasesort"),
        ],
        (0,),
    ),
    "array_multisort": None,
    "parse_str": (1,),
    "mb_parse_str": (1,),
    "preg_match": (2,),
    "preg_match_all": (2,),
    "str_replace": (3,),
    "str_ireplace": (3,),
}


class _Def(NamedTuple):
    """One place where a variable gets a value (or may change)."""

    kind: str  # "assign" (value), "param" (typed by type), "other" (changed in place)
    at: Node  # the variable
    value: Node | None
    scope: Node | None  # the function the variable lives in; None: the file's top level
    type: str | None = None


class _Index:
    """One parsed PHP file's text and the index of its definitions (the base of
    :class:`~bicon_lint.extract.php.file._File`)."""

    def __init__(self, text: str, source: bytes, root: Node) -> None:
        self.text = text
        self.source = source
        self.offsets = Offsets(text)
        self.ignores: dict[int, tuple[str, ...] | None] = {}
        self.calls: list[Node] = []
        self.vars: dict[str, list[_Def]] = {}
        self.props: dict[str, list[Node]] = {}
        self.prop_types: dict[str, list[str]] = {}
        self.functions: dict[str, list[Node]] = {}
        self.methods: dict[str, list[Node]] = {}
        self.classes: dict[str, Node] = {}
        self.parents: dict[str, str] = {}
        self.class_consts: dict[tuple[str, str], list[Node]] = {}
        self.consts: dict[str, list[Node]] = {}
        self.uses: dict[str, str] = {}
        self.namespace = ""
        self.byref: dict[str, tuple[int, ...]] = {}
        self.curl_urls: dict[str, list[Node]] = {}
        self._active: set[Node] = set()
        self._index(root)

    # -- positions and text

    def span(self, node: Node) -> OffsetSpan:
        return self.offsets.span(node.start_byte, node.end_byte)

    def source_text(self, node: Node) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def raw(self, node: Node) -> bytes:
        return self.source[node.start_byte : node.end_byte]

    def name(self, node: Node | None) -> str:
        return "" if node is None else self.raw(node).decode("utf-8", "replace")

    # -- the index

    def _index(self, root: Node) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            self._visit(node)
            stack.extend(reversed(node.children))
        self.calls.sort(key=lambda call: call.start_byte)
        for call in self.calls:
            self._mutations(call)

    def _visit(self, node: Node) -> None:
        kind = node.type
        if kind == "comment":
            build.suppressions(self.source_text(node), node.start_point[0] + 1, self.ignores)
        elif kind == "variable_name":
            self._variable(node)
        elif kind in _CALLS:
            self.calls.append(node)
        elif kind == "assignment_expression":
            self._property_assignment(node)
        elif kind in ("function_definition", "method_declaration"):
            self._function(node)
        elif kind == "class_declaration":
            self._class(node)
        elif kind == "const_declaration":
            self._constants(node)
        elif kind == "property_declaration":
            self._property_types(node)
        elif kind == "namespace_definition":
            self.namespace = self.name(node.child_by_field_name("name")).lower()
        elif kind == "namespace_use_declaration":
            self._uses(node)

    def _variable(self, node: Node) -> None:
        """Record ``node`` as a definition or change of its variable, if it is one."""
        name = self.name(node)
        parent = node.parent
        if parent is None or name == "$this":
            return
        kind, value, type_name = self._role(node, parent)
        if kind is None:
            return
        self.vars.setdefault(name, []).append(_Def(kind, node, value, self.scope(node), type_name))

    def _role(self, node: Node, parent: Node) -> tuple[str | None, Node | None, str | None]:
        """Is the variable ``node`` defined ("assign", "param"), changed ("other") or read (None)?"""
        if parent.type in (
            "simple_parameter",
            "property_promotion_parameter",
            "variadic_parameter",
        ):
            if parent.type == "variadic_parameter" or parent.child_by_field_name(
                "reference_modifier"
            ):
                return "other", None, None
            return "param", None, self.name(parent.child_by_field_name("type")) or None
        if parent.type == "anonymous_function_use_clause":
            return None, None, None  # captured by value: a read of the outer variable
        top, subscripted = node, False  # climb $a['k']->p[0] to the expression written to
        while (
            top.parent is not None
            and top.parent.type in ("subscript_expression", *_MEMBER_ACCESS)
            and top.parent.named_children[0] == top
        ):
            top = top.parent
            subscripted = subscripted or top.type == "subscript_expression"
        holder = top.parent
        if holder is None:
            return None, None, None
        if holder.type == "assignment_expression" and holder.child_by_field_name("left") == top:
            if top == node:
                return "assign", holder.child_by_field_name("right"), None
            return ("other", None, None) if subscripted else (None, None, None)
        if holder.type == "foreach_statement":
            read = holder.named_children[0] == top
            return (None, None, None) if read else ("other", None, None)
        if holder.type == "pair":
            in_foreach = holder.parent is not None and holder.parent.type == "foreach_statement"
            return ("other", None, None) if in_foreach else (None, None, None)
        if holder.type in _CHANGING:
            return "other", None, None
        return None, None, None

    def _mutations(self, call: Node) -> None:
        """A variable passed to a by-reference parameter that changes it: not followed."""
        arguments = call.child_by_field_name("arguments")
        if arguments is None:
            return
        if call.type == "function_call_expression":
            name = self.name(call.child_by_field_name("function")).lstrip("\\").lower()
            positions = _MUTATORS.get(name, self.byref.get(name, ()))
            if name == "curl_setopt":
                self._curl_url(_arguments(arguments))
        else:
            positions = self.byref.get(self.name(call.child_by_field_name("name")).lower(), ())
        if positions == ():
            return
        for number, argument in enumerate(_arguments(arguments)):
            if positions is not None and number not in positions:
                continue
            for variable in argument.named_children:
                if variable.type == "variable_name":
                    changed = _Def("other", variable, None, self.scope(variable))
                    self.vars.setdefault(self.name(variable), []).append(changed)

    def _curl_url(self, arguments: list[Node]) -> None:
        if len(arguments) != 3:
            return
        handle, option, url = (_argument_value(argument) for argument in arguments)
        if handle.type == "variable_name" and self.name(option).lstrip("\\") == "CURLOPT_URL":
            self.curl_urls.setdefault(self.name(handle), []).append(url)

    def _property_assignment(self, node: Node) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None or left.type not in _MEMBER_ACCESS:
            return
        target = left.child_by_field_name("object")
        if target is not None and self.name(target) == "$this":
            self.props.setdefault(self.name(left.child_by_field_name("name")), []).append(right)

    def _function(self, node: Node) -> None:
        name = self.name(node.child_by_field_name("name")).lower()
        table = self.functions if node.type == "function_definition" else self.methods
        table.setdefault(name, []).append(node)
        parameters = node.child_by_field_name("parameters")
        if parameters is None:
            return
        positions = tuple(
            number
            for number, parameter in enumerate(parameters.named_children)
            if parameter.child_by_field_name("reference_modifier") is not None
        )
        if positions:
            self.byref[name] = (*self.byref.get(name, ()), *positions)
        for parameter in parameters.named_children:
            if parameter.type == "property_promotion_parameter":
                type_name = self.name(parameter.child_by_field_name("type"))
                prop = self.name(parameter.child_by_field_name("name")).lstrip("$")
                self.prop_types.setdefault(prop, []).append(type_name)

    def _class(self, node: Node) -> None:
        name = self.name(node.child_by_field_name("name")).lower()
        self.classes[name] = node
        for child in node.children:
            if child.type == "base_clause" and child.named_children:
                self.parents[name] = _last_segment(self.name(child.named_children[0]))

    def _constants(self, node: Node) -> None:
        owner = self.enclosing_class(node)
        for element in node.named_children:
            if element.type != "const_element" or len(element.named_children) < 2:
                continue
            name = self.name(element.named_children[0])
            value = element.named_children[-1]
            if owner is None:
                self.consts.setdefault(name, []).append(value)
            else:
                self.class_consts.setdefault((owner, name), []).append(value)

    def _property_types(self, node: Node) -> None:
        type_node = node.child_by_field_name("type")
        for element in node.named_children:
            if element.type == "property_element":
                prop = self.name(element.child_by_field_name("name")).lstrip("$")
                self.prop_types.setdefault(prop, []).append(self.name(type_node))

    def _uses(self, node: Node) -> None:
        for clause in node.named_children:
            if clause.type != "namespace_use_clause" or not clause.named_children:
                continue
            full = self.name(clause.named_children[0]).lstrip("\\").lower()
            alias = clause.child_by_field_name("alias")
            short = self.name(alias).lower() if alias is not None else _last_segment(full)
            self.uses[short] = full

    # -- scopes

    def scope(self, node: Node) -> Node | None:
        parent = node.parent
        while parent is not None and parent.type not in _FUNCTION_LIKE:
            parent = parent.parent
        return parent

    def enclosing_class(self, node: Node) -> str | None:
        parent = node.parent
        while parent is not None and parent.type != "class_declaration":
            parent = parent.parent
        return None if parent is None else self.name(parent.child_by_field_name("name")).lower()

    def _captures(self, closure: Node, name: str) -> bool:
        for child in closure.children:
            if child.type == "anonymous_function_use_clause":
                return any(
                    item.type == "variable_name" and self.name(item) == name
                    for item in child.named_children
                )
        return False

    def follow_variable(self, node: Node) -> Node | None:
        """The expression a variable holds where ``node`` reads it, when it is assigned exactly
        once in the file, before, where the read can see it."""
        name = self.name(node)
        defs = self.vars.get(name, [])
        if len(defs) != 1 or defs[0].kind != "assign" or defs[0].value is None:
            return None
        found = defs[0]
        assert found.value is not None
        scope, position = self.scope(node), node.start_byte
        while scope != found.scope:
            if (
                scope is None
                or scope.type != "anonymous_function"
                or not self._captures(scope, name)
            ):
                return None
            position = scope.start_byte
            scope = self.scope(scope)
        return found.value if found.value.end_byte <= position else None


def _name_is(call: Node, name: str, file: _Index) -> bool:
    """Is ``call`` a call of the PHP function ``name`` (any case, optionally ``\\``-rooted)?"""
    if call.type != "function_call_expression":
        return False
    return file.name(call.child_by_field_name("function")).lstrip("\\").lower() == name
