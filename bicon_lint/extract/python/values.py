"""The evaluation of Python expressions into values with the place of each of their parts:
``ast`` literals, dicts with keys and spreads, lists and tuples, constant folds of names and
helpers; and the bounds on following them."""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Sequence
from typing import Any, Final

from bicon_lint.extract import build
from bicon_lint.extract.build import Builder, Unknown
from bicon_lint.extract.python.scope import Node, _File
from bicon_lint.loaders.document import OffsetSpan
from bicon_lint.model import Loc

_DEPTH: Final = 64
"""How deep values, names and helpers are followed (nested literals count too)."""

_FOLLOWS: Final = 1024
"""How many names bound to a dict or a list, and helpers, one call's params may follow."""

_LARGEST: Final = 1 << 20
"""The longest string (characters) and the widest int (bits) a constant fold may make."""

_NOTHING: Final = object()
"""What a constant fold gives for an expression it cannot evaluate (``None`` is a value)."""


class _Walk:
    """What the evaluation of one call's params has followed."""

    __slots__ = ("following", "follows")

    def __init__(self) -> None:
        self.following: set[str] = set()  # the names and helpers being followed (cycles)
        self.follows = 0  # names bound to a container, and helpers, followed so far


_SCALARS: Final = (ast.Constant, ast.JoinedStr, ast.UnaryOp, ast.BinOp)
"""Expressions that are constants when they are known (``_Values.scalar``)."""


class _Values:
    """Evaluates the expressions of one call's params into a :class:`Builder`."""

    def __init__(self, file: _File, builder: Builder, walk: _Walk | None = None) -> None:
        self.file = file
        self.b = builder
        self.walk = _Walk() if walk is None else walk
        self.tuples: set[Loc] = set()  # lists written as tuples

    def unknown(self, node: Node, loc: Loc) -> Unknown:
        span = self.file.span(node)
        return self.b.runtime(loc, self.file.source(span), span)

    def replaced(self, loc: Loc, old: Any, span: OffsetSpan | None = None) -> Unknown:
        """Make the value ``old`` recorded at ``loc`` unknown (what is below it is forgotten)."""
        self.forget({loc: old})
        return self._runtime(loc, span)

    def _runtime(self, loc: Loc, span: OffsetSpan | None = None) -> Unknown:
        span = self.b.index.values[loc] if span is None else span
        return self.b.runtime(loc, self.file.source(span), span)

    def forget(self, olds: dict[Loc, Any]) -> None:
        """Drop what was recorded about values being replaced, by loc (all of one depth; the
        caller records the new spans at each loc). One pass over the record for them all."""
        for loc in olds:
            for marks in (self.b.unknown, self.b.partial, self.tuples):
                marks.discard(loc)
        parents = {loc for loc, old in olds.items() if isinstance(old, (dict, list)) and old}
        if not parents:
            return  # nothing below a scalar: no search through the record
        depth = len(next(iter(parents)))

        def below(found: Loc) -> bool:
            return len(found) > depth and found[:depth] in parents

        index = self.b.index
        for table in (index.values, index.keys):
            for old in [old for old in table if below(old)]:
                del table[old]
        for marks in (self.b.unknown, self.b.partial, self.tuples):
            marks.difference_update([old for old in marks if below(old)])

    def value(self, node: ast.expr, loc: Loc, depth: int = 0) -> Any:
        """``node``'s value, with the place of every key and value below ``loc`` recorded."""
        self.file.budget -= 1  # spent here, checked where a name or a helper is followed
        if depth > _DEPTH:
            return self.unknown(node, loc)
        if isinstance(node, ast.Dict):
            members = [(key, key, value) for key, value in zip(node.keys, node.values, strict=True)]
            return self._members(node, members, loc, depth)
        if isinstance(node, (ast.List, ast.Tuple)):
            return self._list(node, loc, depth)
        if isinstance(node, ast.Name):
            return self._follow(node.id, self.file.assigned(node.id), node, loc, depth)
        if isinstance(node, ast.NamedExpr):
            return self.value(node.value, loc, depth + 1)
        if isinstance(node, ast.Call):
            if _is_dict_call(node, self.file):
                keywords = [(kw.arg, kw, kw.value) for kw in node.keywords]
                return self._members(node, keywords, loc, depth)
            return self._follow(_helper(node), self.file.returned(node.func), node, loc, depth)
        found = self.scalar(node, depth)
        if found is _NOTHING:
            return self.unknown(node, loc)
        self.b.value(loc, self.file.span(node))
        return found

    def _follow(
        self, key: str, target: ast.expr | None, node: ast.expr, loc: Loc, depth: int
    ) -> Any:
        walk = self.walk
        spent = walk.follows >= _FOLLOWS or self.file.budget < 0
        if target is None or key in walk.following or spent:
            return self.unknown(node, loc)
        if isinstance(target, _SCALARS):  # a constant: folded once per file, not counted
            found = self._fold(key, target, depth)
            if found is _NOTHING:
                return self.unknown(node, loc)
            self.b.value(loc, self.file.span(target))
            return found
        walk.follows += 1
        walk.following.add(key)
        try:
            return self.value(target, loc, depth + 1)
        finally:
            walk.following.discard(key)

    def _list(self, node: ast.List | ast.Tuple, loc: Loc, depth: int) -> Any:
        if any(isinstance(item, ast.Starred) for item in node.elts):
            return self.unknown(node, loc)
        self.b.value(loc, self.file.span(node))
        if isinstance(node, ast.Tuple):
            self.tuples.add(loc)
        return [self.value(item, (*loc, index), depth + 1) for index, item in enumerate(node.elts)]

    def _members(
        self,
        node: ast.expr,
        members: Sequence[tuple[ast.expr | str | None, Node | None, ast.expr]],
        loc: Loc,
        depth: int,
    ) -> dict[str, Any]:
        """A dict from (key expression or keyword name, key node, value); a ``None`` key is a
        ``**spread``."""
        self.b.value(loc, self.file.span(node))
        result: dict[str, Any] = {}
        for key, key_node, value in members:
            if key is None:
                self._spread(value, loc, depth, result)
                continue
            name = key if isinstance(key, str) else self.scalar(key, depth + 1)
            if isinstance(name, int) and not isinstance(name, bool):
                name = str(name)  # as json.dumps and the query encoders write an int key
            if not isinstance(name, str) or key_node is None:
                self.b.incomplete(loc)  # a computed key: the member is dropped
                continue
            where = (*loc, name)
            if name in result:  # a duplicate key: the last one wins, in the first one's place
                self.forget({where: result[name]})
            if isinstance(key_node, ast.keyword):
                self.b.key(where, self.file.name_span(key_node, name))
            else:
                self.b.key(where, self.file.span(key_node))
            result[name] = self.value(value, where, depth + 1)
        return result

    def _spread(self, node: ast.expr, loc: Loc, depth: int, result: dict[str, Any]) -> None:
        inner = _Values(self.file, Builder(), self.walk)
        spread = inner.value(node, (), depth + 1)
        if isinstance(spread, dict) and () not in inner.b.unknown | inner.b.partial:
            for name, value in spread.items():  # a followed dict: exactly its members
                if name in result:
                    self.forget({(*loc, name): result[name]})
                result[name] = value
            inner.b.index.values.pop((), None)
            build.prefixed(self.b, loc, inner.b)
            self.tuples.update((*loc, *where) for where in inner.tuples)
            return
        self.b.incomplete(loc)  # the members written before it may be overridden by it
        self.forget({(*loc, name): old for name, old in result.items()})
        for name in result:
            result[name] = self._runtime((*loc, name))

    def scalar(self, node: ast.expr, depth: int = 0) -> Any:
        """A constant expression's value, or ``_NOTHING``; records nothing."""
        self.file.budget -= 1
        if depth > _DEPTH:
            return _NOTHING
        if isinstance(node, ast.Constant):
            return _constant(node.value)
        if isinstance(node, ast.JoinedStr):
            parts = [part.value for part in node.values if isinstance(part, ast.Constant)]
            text = [part for part in parts if isinstance(part, str)]
            return "".join(text) if len(text) == len(node.values) else _NOTHING
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.scalar(node.operand, depth + 1)
            if not _is_number(operand):
                return _NOTHING
            return _constant(-operand if isinstance(node.op, ast.USub) else +operand)
        if isinstance(node, ast.BinOp):
            return self._binary(node, depth)
        if isinstance(node, ast.Name):
            return self._fold(node.id, self.file.assigned(node.id), depth)
        if isinstance(node, ast.Call):
            return self._fold(_helper(node), self.file.returned(node.func), depth)
        return _NOTHING

    def _fold(self, key: str, target: ast.expr | None, depth: int) -> Any:
        folded = self.file.folded
        if key in folded:  # each name is folded once: ``b = a + a`` does not double the work
            return folded[key]
        following = self.walk.following
        if target is None or key in following or self.file.budget < 0:
            return _NOTHING
        following.add(key)
        try:
            found = folded[key] = self.scalar(target, depth + 1)
        finally:
            following.discard(key)
        return found

    def _binary(self, node: ast.BinOp, depth: int) -> Any:
        left = self.scalar(node.left, depth + 1)
        right = self.scalar(node.right, depth + 1)
        operation: Callable[[Any, Any], Any] | None = _ARITHMETIC.get(type(node.op))
        if isinstance(node.op, ast.Add) and isinstance(left, str) and isinstance(right, str):
            return _constant(left + right) if len(left) + len(right) <= _LARGEST else _NOTHING
        if operation is None or not (_is_number(left) and _is_number(right)):
            return _NOTHING
        if (
            isinstance(node.op, ast.Mult)
            and int(abs(left)).bit_length() + int(abs(right)).bit_length() > _LARGEST
        ):
            return _NOTHING  # ints widen by multiplying; floats saturate to inf (unknown)
        return _constant(operation(left, right))


_ARITHMETIC: Final[dict[type[ast.operator], Callable[[Any, Any], Any]]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float))


def _constant(value: object) -> Any:
    """A Python constant as a JSON value; bytes, complex numbers, Ellipsis and inf are not."""
    if isinstance(value, float):
        return value if math.isfinite(value) else _NOTHING
    if isinstance(value, str):
        return value if len(value) <= _LARGEST else _NOTHING
    if isinstance(value, int):
        return value if value.bit_length() <= _LARGEST else _NOTHING
    return None if value is None else _NOTHING


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _helper(node: ast.Call) -> str:
    return f"{_callee(node)}()"  # a helper's key among the names being followed


def _is_dict_call(node: ast.Call, file: _File) -> bool:
    """``dict(a=1, **b)``: keywords only, and ``dict`` the builtin."""
    func = node.func
    return (
        isinstance(func, ast.Name) and func.id == "dict" and not node.args and file.unbound("dict")
    )
