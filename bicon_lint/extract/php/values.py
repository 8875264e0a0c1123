"""The evaluation of PHP expressions: a variable, helper or constant followed to the one
expression it stands for, scalars as PHP computes them, and values with the place of each of
their parts (arrays built by :mod:`~bicon_lint.extract.php.arrays`)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from tree_sitter import Node

from bicon_lint import php
from bicon_lint.extract import build
from bicon_lint.extract.build import Builder, Unknown
from bicon_lint.extract.php.arrays import _ArrayBuilder, _below
from bicon_lint.extract.php.literals import (
    _NOPE,
    _concat_part,
    _double_quoted,
    _float,
    _heredoc_lines,
    _integer,
    _single_quoted,
)
from bicon_lint.extract.php.nodes import (
    _CALLS,
    _FUNCTION_LIKE,
    _LITERAL_PARTS,
    _MAX_DEPTH,
    _MEMBER_CALLS,
    _STRINGS,
    _argument_value,
    _arguments,
    _last_segment,
    _namespace_of,
)
from bicon_lint.extract.php.scope import _Index, _name_is


class _Values(_Index):
    """The evaluation of the file's expressions against its index."""

    # -- following

    def target(self, node: Node) -> Node | None:
        """The expression ``node`` stands for: a variable's one value, a helper's one return,
        a constant's value, a parenthesised or assigned expression."""
        kind = node.type
        if kind == "variable_name":
            return self.follow_variable(node)
        if kind == "parenthesized_expression":
            return node.named_children[0] if node.named_children else None
        if kind == "assignment_expression":
            return node.child_by_field_name("right")
        if kind in _CALLS:
            return self._helper_return(node)
        if kind == "class_constant_access_expression":
            return self._class_constant(node)
        if kind in ("name", "qualified_name"):
            return self._constant(node)
        return None

    def _helper_return(self, call: Node) -> Node | None:
        function = self._helper(call)
        if function is None:
            return None
        body = function.child_by_field_name("body")
        if body is None:
            return None
        returns: list[Node] = []
        stack = list(body.children)
        while stack:
            node = stack.pop()
            if node.type in _FUNCTION_LIKE or node.type in ("arrow_function", "class_declaration"):
                continue
            if node.type in ("yield_expression", "return_statement"):
                returns.append(node)
            stack.extend(node.children)
        if len(returns) != 1 or returns[0].type != "return_statement":
            return None
        values = [child for child in returns[0].named_children if child.type != "comment"]
        return values[0] if values else None

    def _helper(self, call: Node) -> Node | None:
        """The function or method of this file that ``call`` calls, when it is certain."""
        field = "function" if call.type == "function_call_expression" else "name"
        name = self.name(call.child_by_field_name(field))
        if call.type == "function_call_expression":
            found = self.functions.get(_last_segment(name), [])
            if "\\" in name and _namespace_of(name) != self.namespace:
                return None  # a function of another namespace (\\f() is the global one)
            return found[0] if len(found) == 1 else None
        found = self.methods.get(name.lower(), [])
        if len(found) != 1:
            return None
        if call.type in _MEMBER_CALLS:
            target = call.child_by_field_name("object")
            return found[0] if target is not None and self.name(target) == "$this" else None
        scope = self.name(call.child_by_field_name("scope")).lower()
        owner = self.enclosing_class(found[0])
        if scope in ("self", "static"):
            return found[0] if owner == self.enclosing_class(call) else None
        return found[0] if _last_segment(scope) == owner else None

    def _class_constant(self, node: Node) -> Node | None:
        parts = [child for child in node.named_children if child.type != "comment"]
        if len(parts) != 2:
            return None
        scope = self.name(parts[0]).lower()
        owner = self.enclosing_class(node) if scope in ("self", "static") else _last_segment(scope)
        name = self.name(parts[1])
        if owner is None:
            return None
        found = self.class_consts.get((owner, name), [])
        if (
            scope == "static"
            and sum(len(v) for k, v in self.class_consts.items() if k[1] == name) != 1
        ):
            return None  # a subclass may override it
        return found[0] if len(found) == 1 else None

    def _constant(self, node: Node) -> Node | None:
        name = self.name(node).rsplit("\\", 1)[-1]  # constant names are case-sensitive
        found = [*self.consts.get(name, []), *self._defines(name)]
        return found[0] if len(found) == 1 else None

    def _defines(self, name: str) -> Iterator[Node]:
        for call in self.calls:
            if not _name_is(call, "define", self):
                continue
            arguments = call.child_by_field_name("arguments")
            values = [_argument_value(a) for a in _arguments(arguments)] if arguments else []
            if len(values) >= 2 and values[0].type in _STRINGS and self._string(values[0]) == name:
                yield values[1]

    def follow(self, node: Node, depth: int) -> tuple[Node, int] | None:
        """``node``'s target, guarded against cycles and depth."""
        target = self.target(node)
        if target is None or target in self._active or depth >= _MAX_DEPTH:
            return None
        return target, depth + 1

    # -- scalars

    def scalar(self, node: Node, depth: int) -> Any:
        """The scalar ``node`` evaluates to (str, int, float, bool, None), or ``_NOPE``."""
        if node.has_error or node.is_missing or depth >= _MAX_DEPTH:
            return _NOPE
        kind = node.type
        if kind in _STRINGS:
            return self._string(node)
        if kind in ("integer", "float"):
            number = (_integer if kind == "integer" else _float)(self.name(node))
            if number is None or (isinstance(number, float) and not math.isfinite(number)):
                return _NOPE  # INF: json_encode refuses it, and no field takes it
            return number
        if kind == "boolean":
            return self.name(node).lower() == "true"
        if kind == "null":
            return None
        if kind == "unary_op_expression":
            return self._unary(node, depth)
        if kind == "binary_expression":
            return self._concat(node, depth)
        followed = self.follow(node, depth)
        if followed is None:
            return _NOPE
        self._active.add(followed[0])
        try:
            return self.scalar(*followed)
        finally:
            self._active.discard(followed[0])

    def _unary(self, node: Node, depth: int) -> Any:
        operator = self.name(node.child_by_field_name("operator"))
        argument = node.child_by_field_name("argument")
        if argument is None:
            return _NOPE
        value = self.scalar(argument, depth + 1)
        if value is _NOPE:
            return _NOPE
        if operator == "!":
            return php.empty(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _NOPE  # arithmetic on a string or a bool: a conversion not modelled
        if operator == "+":
            return value
        if operator != "-":
            return _NOPE
        negated = -value
        if isinstance(negated, int) and not php.INT_MIN <= negated <= php.INT_MAX:
            return float(negated)
        return negated

    def _concat(self, node: Node, depth: int) -> Any:
        if self.name(node.child_by_field_name("operator")) != ".":
            return _NOPE
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return _NOPE
        first = _concat_part(self.scalar(left, depth + 1))
        if first is None:
            return _NOPE
        second = _concat_part(self.scalar(right, depth + 1))
        return _NOPE if second is None else first + second

    def _string(self, node: Node) -> Any:
        decoded = self._string_bytes(node)
        if decoded is None:
            return _NOPE
        try:
            return decoded.decode("utf-8")
        except UnicodeDecodeError:
            return _NOPE  # bytes that are not UTF-8: not a text the payload can carry as is

    def _string_bytes(self, node: Node) -> bytes | None:
        raw = self.raw(node)
        if node.type == "string":
            return _single_quoted(raw[raw.find(b"'") + 1 : -1])
        if node.type == "encapsed_string":
            return _double_quoted(raw[raw.find(b'"') + 1 : -1], ord('"'))
        body = self._heredoc(node)
        if body is None:
            return None
        return body if node.type == "nowdoc" else _double_quoted(body, None)

    def _heredoc(self, node: Node) -> bytes | None:
        """A heredoc's or nowdoc's body as written, without the closing marker's indentation."""
        end = next((child for child in node.children if child.type == "heredoc_end"), None)
        if end is None:
            return None
        raw = self.source[node.start_byte : end.start_byte]
        opening, closing = raw.find(b"\n"), raw.rfind(b"\n")
        indent = raw[closing + 1 :]
        if opening == -1 or indent.strip(b" \t"):
            return None
        body = raw[opening + 1 : closing] if closing > opening else b""
        return _heredoc_lines(body.removesuffix(b"\r"), indent)

    def string_tail(self, node: Node) -> tuple[str, bool] | None:
        """A string's text, or for one that interpolates its known text after the last
        interpolation; and whether that is the whole string."""
        whole = self._string(node)
        if whole is not _NOPE:
            return whole, True
        if node.type != "encapsed_string" or node.has_error:
            return None
        parts = [child for child in node.named_children if child.type not in _LITERAL_PARTS]
        if not parts:
            return None
        tail = _double_quoted(self.source[parts[-1].end_byte : node.end_byte - 1], ord('"'))
        if tail is None:
            return None
        try:
            return tail.decode("utf-8"), False
        except UnicodeDecodeError:
            return None

    # -- values with their places

    def value(self, node: Node, depth: int = 0) -> tuple[Any, Builder]:
        """What ``node`` evaluates to, and a record of where each part is written (locs relative
        to the value)."""
        record = Builder()
        return self._value(node, record, depth), record

    def unknown(self, node: Node, record: Builder) -> Unknown:
        return record.runtime((), self.source_text(node), self.span(node))

    def _value(self, node: Node, record: Builder, depth: int) -> Any:
        if node.is_error or node.is_missing or depth >= _MAX_DEPTH:
            return self.unknown(node, record)
        if node.type == "array_creation_expression":
            return self._array(node, record, depth)
        if node.has_error:
            return self.unknown(node, record)
        if node.type in _STRINGS or node.type in ("integer", "float", "boolean", "null"):
            return self._scalar_value(node, record, depth)
        if node.type == "binary_expression" and self._operator(node) == "+":
            return self._union(node, record, depth)
        if node.type in ("unary_op_expression", "binary_expression"):
            return self._scalar_value(node, record, depth)
        followed = self.follow(node, depth)
        if followed is None:
            return self.unknown(node, record)
        self._active.add(followed[0])
        try:
            return self._value(followed[0], record, followed[1])
        finally:
            self._active.discard(followed[0])

    def _scalar_value(self, node: Node, record: Builder, depth: int) -> Any:
        value = self.scalar(node, depth)
        if value is _NOPE:
            return self.unknown(node, record)
        record.value((), self.span(node))
        return value

    def _operator(self, node: Node) -> str:
        return self.name(node.child_by_field_name("operator"))

    def _union(self, node: Node, record: Builder, depth: int) -> Any:
        """``$a + $b`` of two arrays: ``$a``'s members, then ``$b``'s whose keys ``$a`` lacks."""
        left_node = node.child_by_field_name("left")
        right_node = node.child_by_field_name("right")
        if left_node is None or right_node is None:
            return self.unknown(node, record)
        left, left_record = self.value(left_node, depth + 1)
        right, right_record = self.value(right_node, depth + 1)
        arrays = isinstance(left, (dict, list)) and isinstance(right, (dict, list))
        if not arrays or () in left_record.partial or () in right_record.partial:
            return self.unknown(node, record)  # numbers (arithmetic), or members only known later
        merged: dict[str | int, Any] = {}
        record.value((), self.span(node))
        for value, side_record in ((left, left_record), (right, right_record)):
            for key, item in value.items() if isinstance(value, dict) else enumerate(value):
                if key in merged:
                    continue
                merged[key] = item
                inner, key_span = _below(side_record, key)
                build.prefixed(record, (key,), inner)
                if key_span is not None:
                    record.key((key,), key_span)
        keys = list(merged)
        return list(merged.values()) if keys == list(range(len(keys))) else merged

    def _array(self, node: Node, record: Builder, depth: int) -> Any:
        if any(child.is_error or child.is_missing for child in node.children):
            return self.unknown(node, record)
        array = _ArrayBuilder(self, depth)
        for element in node.named_children:
            if element.type == "comment":
                continue
            if element.type != "array_element_initializer" or not array.add(element):
                return self.unknown(node, record)
        if array.partial and not array.has_string_key():
            return self.unknown(node, record)  # a list with members only known at run time
        record.value((), self.span(node))
        return array.finish(record)
