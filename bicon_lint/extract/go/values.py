"""The evaluation of Go expressions into values with the place of each of their parts:
scalars and constant operations, names bound once and helpers with one return followed (with
what the program does to a map later), and composite literals as maps and lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tree_sitter import Node

from bicon_lint.extract import build
from bicon_lint.extract.build import Builder, Unknown
from bicon_lint.extract.go.composite_types import _Type, _Types
from bicon_lint.extract.go.literals import _NOT_CONSTANT, _go_float, _go_int, _go_string
from bicon_lint.extract.go.nodes import (
    _MAX_DEPTH,
    _STRING_LITERALS,
    _broken,
    _named,
    _returns,
    _unwrap,
)
from bicon_lint.extract.go.scope import _Mutation
from bicon_lint.model import Loc


class _Values(_Types):
    """The evaluation of the file's expressions against its index."""

    if TYPE_CHECKING:  # defined by calls._File, which reads the uses of a name

        def mutations(self, name: str) -> list[_Mutation]: ...

    # --------------------------------------------------------------------------------------------
    # Values

    def runtime(self, node: Node, loc: Loc, b: Builder) -> Unknown:
        return b.runtime(loc, self.source(node), self.span(node))

    def value(self, node: Node, loc: Loc, b: Builder, expected: _Type | None, depth: int) -> Any:
        """The value of the expression ``node`` at ``loc``, its positions recorded in ``b``."""
        inner = _unwrap(node)
        if inner is None or depth > _MAX_DEPTH:
            return self.runtime(node, loc, b)
        node = inner
        kind = node.type
        if kind == "composite_literal":
            return self._composite(node, loc, b, depth + 1)
        if kind == "literal_value":
            if expected is None or _broken(node):
                return self.runtime(node, loc, b)
            return self._literal(node, expected, loc, b, depth + 1)
        if node.has_error:
            return self.runtime(node, loc, b)
        if kind == "identifier":
            return self._follow(node, loc, b, depth)
        if kind == "call_expression":
            return self._helper(node, loc, b, depth)
        constant = self._constant(node, depth)
        if constant is _NOT_CONSTANT:
            return self.runtime(node, loc, b)
        b.value(loc, self.span(node))
        return constant

    def _constant(self, node: Node, depth: int) -> Any:
        """A scalar written in place (a literal, a predeclared name, an operation on constants)."""
        kind = node.type
        text = self.source(node)
        if kind in _STRING_LITERALS:
            string = _go_string(text)
            return _NOT_CONSTANT if string is None else string
        if kind == "int_literal":
            return _go_int(text)
        if kind == "float_literal":
            return _go_float(text)
        if kind in ("true", "false", "nil"):
            if kind in self.bindings:
                return _NOT_CONSTANT  # the file rebinds the predeclared name
            return {"true": True, "false": False, "nil": None}[kind]
        if kind == "unary_expression":
            return self._unary(node, depth)
        if kind == "binary_expression":
            return self._concatenation(node, depth)
        return _NOT_CONSTANT

    def _scalar(self, node: Node | None, depth: int) -> Any:
        """The known scalar value of an operand, or ``_NOT_CONSTANT``."""
        if node is None:
            return _NOT_CONSTANT
        value = self.value(node, (), Builder(), None, depth + 1)
        if isinstance(value, (Unknown, dict, list)):
            return _NOT_CONSTANT
        return value

    def _unary(self, node: Node, depth: int) -> Any:
        operator = node.child_by_field_name("operator")
        operand = self._scalar(node.child_by_field_name("operand"), depth)
        sign = None if operator is None else self.source(operator)
        numeric = type(operand) in (int, float)
        if sign == "-" and numeric:
            return -operand
        if sign == "+" and numeric:
            return operand
        if sign == "!" and type(operand) is bool:
            return not operand
        return _NOT_CONSTANT

    def _concatenation(self, node: Node, depth: int) -> Any:
        """``"a" + "b" + ...``: a long chain (a logo written over many lines) is read along its
        left spine without recursion."""
        operands: list[Node | None] = []
        while node.type == "binary_expression":
            if self._operator(node) != "+":
                return _NOT_CONSTANT
            operands.append(node.child_by_field_name("right"))
            left = node.child_by_field_name("left")
            if left is None:
                return _NOT_CONSTANT
            node = _unwrap(left) or left
        operands.append(node)
        parts: list[str] = []
        for operand in reversed(operands):
            value = self._scalar(operand, depth)
            if type(value) is not str:
                return _NOT_CONSTANT
            parts.append(value)
        return "".join(parts)

    # --------------------------------------------------------------------------------------------
    # Names and helpers

    def _follow(self, node: Node, loc: Loc, b: Builder, depth: int) -> Any:
        name = self.source(node)
        binding = self.single(name)
        if binding is None or binding.value is None:
            return self.runtime(node, loc, b)
        where = (binding.value.start_byte, binding.value.end_byte)
        if where in self._following:
            return self.runtime(node, loc, b)  # a name whose value refers back to itself
        self._following.add(where)  # also while its uses are read: one may pass it to a call
        try:
            inner = Builder()
            value = self.value(binding.value, (), inner, None, depth + 1)
            if isinstance(value, (dict, list)) and not self._changed(name, value, inner):
                return self.runtime(node, loc, b)
        finally:
            self._following.discard(where)
        build.prefixed(b, loc, inner)
        return value

    def _changed(self, name: str, value: dict[str, Any] | list[Any], inner: Builder) -> bool:
        """Apply to ``value`` what the program does to the map or slice bound to ``name`` later;
        False when that cannot be known (the value is then unknown)."""
        mutations = self.mutations(name)
        if not mutations:
            return True
        if not isinstance(value, dict) or any(m.key is None for m in mutations):
            return False
        for mutation in mutations:
            assert mutation.key is not None and mutation.key_node is not None
            assert mutation.value is not None
            key = mutation.key
            _forget(inner, (key,))
            value.pop(key, None)  # the assignment adds the key last
            inner.key((key,), self.span(mutation.key_node))
            value[key] = self.runtime(mutation.value, (key,), inner)
        inner.incomplete(())  # the assignment may be conditional: only the running program knows
        return True

    def _helper(self, node: Node, loc: Loc, b: Builder, depth: int) -> Any:
        """The value a function of this file returns, when it has one ``return`` of one value."""
        declaration = self._declaration(node)
        if declaration is None:
            return self.runtime(node, loc, b)
        body = declaration.child_by_field_name("body")
        returns = [] if body is None else list(_returns(body))
        if len(returns) != 1:
            return self.runtime(node, loc, b)
        results = [_named(child) for child in _named(returns[0])]
        if len(results) != 1 or len(results[0]) != 1:
            return self.runtime(node, loc, b)
        where = (declaration.start_byte, declaration.end_byte)
        if where in self._following:
            return self.runtime(node, loc, b)  # recursion
        self._following.add(where)
        try:
            inner = Builder()
            value = self.value(results[0][0], (), inner, None, depth + 1)
        finally:
            self._following.discard(where)
        build.prefixed(b, loc, inner)
        return value

    def _declaration(self, call: Node) -> Node | None:
        function = call.child_by_field_name("function")
        if function is None:
            return None
        if function.type == "identifier":
            name = self.source(function)
            found = self.functions.get(name, [])
            return found[0] if len(found) == 1 and name not in self.bindings else None
        if function.type == "selector_expression":
            field = function.child_by_field_name("field")
            found = [] if field is None else self.methods.get(self.source(field), [])
            return found[0] if len(found) == 1 else None
        return None

    # --------------------------------------------------------------------------------------------
    # Composite literals

    def _composite(self, node: Node, loc: Loc, b: Builder, depth: int) -> Any:
        written = node.child_by_field_name("type")
        body = node.child_by_field_name("body")
        if written is None or body is None or written.has_error or _broken(body):
            return self.runtime(node, loc, b)
        return self._literal(body, self._type(written, 0), loc, b, depth, whole=node)

    def _literal(
        self,
        body: Node,
        written: _Type,
        loc: Loc,
        b: Builder,
        depth: int,
        whole: Node | None = None,
    ) -> Any:
        whole = body if whole is None else whole
        if written.kind == "map":
            return self._map(body, written, loc, b, depth, whole)
        if written.kind == "list":
            return self._list(body, written, loc, b, depth, whole)
        return self.runtime(whole, loc, b)

    def _map(
        self, body: Node, written: _Type, loc: Loc, b: Builder, depth: int, whole: Node
    ) -> Any:
        members = _named(body)
        if any(m.type != "keyed_element" or _broken(m) for m in members):
            return self.runtime(whole, loc, b)
        element = self._element(written)
        result: dict[str, Any] = {}
        written_values: dict[str, Node] = {}
        for member in members:
            key_node = _unwrap(member.child_by_field_name("key"))
            value_node = member.child_by_field_name("value")
            if key_node is None or value_node is None:
                return self.runtime(whole, loc, b)
            field = written.named and key_node.type == "identifier"
            if field and self.source(key_node) not in self.bindings:
                return self.runtime(whole, loc, b)  # a struct's field name
            key = self._key(key_node, depth)
            if key is None:
                self._computed(result, written_values, loc, b)
                continue
            at = (*loc, key)
            if key in result:  # written again: the later member wins (and only then is it
                _forget(b, at)  # worth a scan of what the first one recorded)
                del result[key]
            b.key(at, self.span(key_node))
            result[key] = self.value(value_node, at, b, element, depth)
            written_values[key] = value_node
        b.value(loc, self.span(whole))
        return result

    def _key(self, node: Node, depth: int) -> str | None:
        if node.has_error:
            return None
        if node.type in _STRING_LITERALS:
            return _go_string(self.source(node))
        value = self._scalar(node, depth)
        return value if type(value) is str else None

    def _computed(
        self, result: dict[str, Any], written: dict[str, Node], loc: Loc, b: Builder
    ) -> None:
        """A member whose key only the running program knows: it may replace any member before."""
        b.incomplete(loc)
        for key, node in written.items():
            _forget(b, (*loc, key))
            result[key] = self.runtime(_unwrap(node) or node, (*loc, key), b)

    def _list(
        self, body: Node, written: _Type, loc: Loc, b: Builder, depth: int, whole: Node
    ) -> Any:
        members = _named(body)
        if any(m.type != "literal_element" for m in members):
            return self.runtime(whole, loc, b)  # an index key ([]string{2: "x"}) or a parse error
        element = self._element(written)
        items = [self.value(m, (*loc, i), b, element, depth) for i, m in enumerate(members)]
        b.value(loc, self.span(whole))
        return items


def _forget(b: Builder, prefix: Loc) -> None:
    """Remove what ``b`` recorded strictly below ``prefix`` (a member written again)."""
    size = len(prefix)

    def below(loc: Loc) -> bool:
        return len(loc) > size and loc[:size] == prefix

    for table in (b.index.values, b.index.keys):
        for loc in [loc for loc in table if below(loc)]:
            del table[loc]
    b.unknown.difference_update({loc for loc in b.unknown if below(loc)})
    b.partial.difference_update({loc for loc in b.partial if below(loc)})
    b.unknown.discard(prefix)
    b.partial.discard(prefix)
