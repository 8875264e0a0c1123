"""The evaluation of JavaScript expressions into values with the place of each of their
parts: names followed through the file's bindings, constant primitives and ``+``, objects and
arrays as JavaScript builds them; and the guards against hostile files."""

from __future__ import annotations

import re
from typing import Any, Final

from tree_sitter import Node

from bicon_lint.extract.build import Builder, Offsets
from bicon_lint.extract.javascript.literals import (
    UNDEFINED,
    _is_index,
    number,
    number_text,
    to_string,
    unescape,
)
from bicon_lint.extract.javascript.nodes import _WRAPPERS, _broken, _inner, _text
from bicon_lint.extract.javascript.scope import _Scope
from bicon_lint.loaders.document import OffsetSpan
from bicon_lint.model import Loc

_DEPTH: Final = 64  # how deep values and followed names may nest (a guard against cycles)
_STEPS: Final = 20_000  # values a file may evaluate, plus 4 per character of its text (a guard
# against values that share parts exponentially: ``x1 = {a: x0, b: x0}``, ``x2 = {a: x1, ...``)
_LONGEST: Final = 1 << 20  # characters of a constant concatenation (``v1 = v0 + v0``, ...)
_SDK_IMPORT: Final = re.compile(r"""["']@bitrix24/b24jssdk["'/]""")

_NOT_CONSTANT: Final = object()


class _File:
    """One file: its text, positions, and bindings; evaluates its expressions."""

    def __init__(self, text: str, scope: _Scope) -> None:
        self.text = text
        self.offsets = Offsets(text)
        self.scope = scope
        self.uses_sdk = _SDK_IMPORT.search(text) is not None
        self.steps = _STEPS + 4 * len(text)  # values it may still evaluate
        self._primitives: dict[int, Any] = {}  # by node: shared operands are evaluated once

    def span(self, node: Node) -> OffsetSpan:
        return self.offsets.span(node.start_byte, node.end_byte)

    def source(self, node: Node) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    # ---- following names --------------------------------------------------------------------

    def target(self, node: Node, depth: int = 0) -> Node | None:
        """The expression ``node`` stands for: wrappers looked through, a name bound once
        followed to its value, a call of a function of this file to what it returns."""
        while depth < _DEPTH:
            depth += 1
            if node.type in _WRAPPERS and not _broken(node):
                inner = _inner(node)
                if inner is None:
                    return node
                node = inner
            elif node.type in ("identifier", "shorthand_property_identifier"):
                value = self.scope.constant(_text(node))
                if value is None:
                    return node
                node = value
            elif node.type == "call_expression" and not _broken(node):
                callee = node.child_by_field_name("function")
                returned = None
                if callee is not None and callee.type == "identifier":
                    returned = self.scope.returned(_text(callee))
                if returned is None:
                    return node
                node = returned
            else:
                return node
        return None

    def string(self, node: Node | None) -> str | None:
        """A literal string (or template without substitutions) ``node`` stands for."""
        if node is None:
            return None
        value = self.primitive(node)
        return value if isinstance(value, str) else None

    # ---- values -------------------------------------------------------------------------------

    def primitive(self, node: Node, depth: int = 0) -> Any:
        """A constant primitive (str, float, bool, None, UNDEFINED) or ``_NOT_CONSTANT``."""
        found = self.target(node, depth)
        if found is None or depth > _DEPTH or _broken(found):
            return _NOT_CONSTANT
        if found.id not in self._primitives:
            self._primitives[found.id] = self._primitive(found, depth)
        return self._primitives[found.id]

    def _primitive(self, found: Node, depth: int) -> Any:
        kind = found.type
        value: str | float | None
        if kind == "string":
            value = unescape(self.source(found)[1:-1])
        elif kind == "template_string":
            if any(c.type == "template_substitution" for c in found.children):
                return _NOT_CONSTANT
            value = unescape(self.source(found)[1:-1], template=True)
        elif kind == "number":
            value = number(self.source(found))
        elif kind in ("true", "false"):
            return kind == "true"
        elif kind == "null":
            return None
        elif kind == "undefined":
            return UNDEFINED
        elif kind == "unary_expression":
            return self._unary(found, depth)
        elif kind == "binary_expression":
            return self._plus(found, depth)
        else:
            return _NOT_CONSTANT
        return _NOT_CONSTANT if value is None else value

    def _unary(self, node: Node, depth: int) -> Any:
        operator = node.child_by_field_name("operator")
        argument = node.child_by_field_name("argument")
        if operator is None or argument is None or _text(operator) not in ("-", "+"):
            return _NOT_CONSTANT
        value = self.primitive(argument, depth + 1)
        if not isinstance(value, float):
            return _NOT_CONSTANT
        return -value if _text(operator) == "-" else value

    def _plus(self, node: Node, depth: int) -> Any:
        """``a + b`` of constants: concatenation when either is a string, else a sum."""
        operator = node.child_by_field_name("operator")
        if operator is None or _text(operator) != "+":
            return _NOT_CONSTANT
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return _NOT_CONSTANT
        a, b = self.primitive(left, depth + 1), self.primitive(right, depth + 1)
        if a is _NOT_CONSTANT or b is _NOT_CONSTANT:
            return _NOT_CONSTANT
        if isinstance(a, str) or isinstance(b, str):
            text_a, text_b = to_string(a), to_string(b)
            if text_a is None or text_b is None or len(text_a) + len(text_b) > _LONGEST:
                return _NOT_CONSTANT
            return text_a + text_b
        if isinstance(a, float) and isinstance(b, float):
            total = a + b
            return _NOT_CONSTANT if total in (float("inf"), float("-inf")) else total
        return _NOT_CONSTANT

    def value(self, node: Node, loc: Loc, b: Builder, depth: int = 0) -> Any:
        """The JavaScript value of ``node``, with each key's and value's place recorded."""
        self.steps -= 1
        found = self.target(node, depth) if self.steps >= 0 else None
        if found is None or depth > _DEPTH or _broken(found):
            shown = node if found is None else found
            return b.runtime(loc, self.source(shown), self.span(shown))
        if found.type == "object":
            return self._object(found, loc, b, depth)
        if found.type == "array":
            return self._array(found, loc, b, depth)
        value = self.primitive(found, depth)
        if value is _NOT_CONSTANT:
            return b.runtime(loc, self.source(found), self.span(found))
        b.value(loc, self.span(found))
        return value

    def key(self, node: Node) -> str | None:
        """A member's key as JavaScript names it; ``None`` for a computed one."""
        if node.type in ("property_identifier", "shorthand_property_identifier"):
            return _text(node)
        if node.type == "string":
            return self.string(node)
        if node.type == "number":
            digits = self.source(node).replace("_", "")
            if digits.endswith("n"):  # a BigInt key is its decimal digits
                value = number(digits[:-1])
                return None if value is None else str(int(value))
            value = number(digits)
            return None if value is None else number_text(value)
        return None

    def _object(self, node: Node, loc: Loc, b: Builder, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        values: dict[str, Node] = {}  # the expression of each member, for a later spread
        b.value(loc, self.span(node))
        for member in node.named_children:
            kind = member.type
            if kind == "spread_element":
                b.incomplete(loc)
                for earlier, expression in values.items():  # the spread may override them
                    _forget(b, (*loc, earlier), keep=True)
                    result[earlier] = b.runtime(
                        (*loc, earlier), self.source(expression), self.span(expression)
                    )
                continue
            if kind == "shorthand_property_identifier":
                key_node, written = member, member
            elif kind in ("pair", "method_definition"):
                found_key = member.child_by_field_name("key" if kind == "pair" else "name")
                found_value = member.child_by_field_name("value") if kind == "pair" else member
                if found_key is None or found_value is None:
                    continue
                key_node, written = found_key, found_value
            else:
                continue
            key = self.key(key_node)
            if key is None:  # a computed key: dropped, the object is partial
                b.incomplete(loc)
                continue
            if kind == "pair" and key == "__proto__" and key_node.type != "number":
                continue  # sets the prototype: not a member
            child = (*loc, key)
            if key in result:  # a duplicate: the last one wins
                _forget(b, child)
            b.key(child, self.span(key_node))
            values[key] = written
            if kind == "method_definition":
                result[key] = b.runtime(child, self.source(written), self.span(written))
            else:
                result[key] = self.value(written, child, b, depth + 1)
        ordered = sorted((k for k in result if _is_index(k)), key=int)
        if not ordered:
            return result
        return {**{k: result[k] for k in ordered}, **result}

    def _array(self, node: Node, loc: Loc, b: Builder, depth: int) -> Any:
        items: list[Node] = []
        expecting = True  # a comma here would leave a hole
        for child in node.children[1:-1]:
            if child.type == "comment":
                continue
            if (child.type == "," and expecting) or child.type == "spread_element":
                return b.runtime(loc, self.source(node), self.span(node))
            if child.type == ",":
                expecting = True
            else:
                items.append(child)
                expecting = False
        b.value(loc, self.span(node))
        return [self.value(item, (*loc, index), b, depth + 1) for index, item in enumerate(items)]


def _forget(b: Builder, loc: Loc, *, keep: bool = False) -> None:
    """Take ``loc`` (unless ``keep``) and everything below it out of the record."""
    size = len(loc)

    def gone(other: Loc) -> bool:
        return other[:size] == loc and (len(other) > size or not keep)

    for table in (b.index.values, b.index.keys):
        for other in [k for k in table if gone(k)]:
            del table[other]
    b.unknown.difference_update([k for k in b.unknown if gone(k)])
    b.partial.difference_update([k for k in b.partial if gone(k)])
