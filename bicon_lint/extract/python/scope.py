"""The index of one Python file: where its nodes are (character offsets from ``ast``'s UTF-8
columns), how many times each name is bound, the value of a name bound once and never changed in
place, and what a helper defined once returns."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any, Final, TypeAlias

from bicon_lint.extract.build import Offsets
from bicon_lint.loaders.document import OffsetSpan

_BUDGET: Final = 100_000
"""How many expressions a file may evaluate, plus ten per node of its tree: names that refer
to each other twice over (``b = {"x": a, "y": a}``, ``c = {"x": b, "y": b}``, ...) would double
the work at each step."""

_MUTATORS: Final = frozenset(
    {"update", "setdefault", "pop", "popitem", "clear", "append", "extend", "insert", "remove"}
    | {"sort", "reverse", "__setitem__", "__delitem__", "__ior__", "__iadd__"}
)
"""Methods that change a dict or list in place: a name they are called on is not followed."""

_PURE_DECORATORS: Final = frozenset({"staticmethod", "classmethod", "cache", "lru_cache"})

_NEWLINE: Final = re.compile(r"\r\n|\r|\n")

Node: TypeAlias = "ast.expr | ast.stmt | ast.keyword"


class _File:
    """One parsed file: where its nodes are, and which names and helpers can be followed."""

    def __init__(self, text: str, tree: ast.Module, shift: int) -> None:
        self.text = text
        source = text[shift:] if shift else text
        self._offsets = Offsets(source)
        self._lines = _line_bytes(source)
        self._shift = shift
        self._bindings: dict[str, int] = {}
        self._values: dict[str, ast.expr] = {}
        self._functions: dict[str, ast.FunctionDef] = {}
        self._mutated: set[str] = set()
        self.imported_from: dict[str, str] = {}  # a name bound by an import: its top package
        self.calls: list[ast.Call] = []  # every call expression, to look for the ones we read
        self.budget = _BUDGET  # expressions left to evaluate in this file (and per node below)
        self.folded: dict[str, Any] = {}  # names and helpers folded to a constant (or not)
        self._index(tree)

    def _bind(self, name: str) -> None:
        self._bindings[name] = self._bindings.get(name, 0) + 1

    def _index(self, tree: ast.Module) -> None:
        declared: set[int] = set()  # ``x: int`` without a value binds nothing
        for node in ast.walk(tree):  # breadth first: a statement comes before its targets
            self.budget += 10
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                if id(node) not in declared:
                    self._bind(node.id)
            elif isinstance(node, ast.arg):
                self._bind(node.arg)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self._bind(node.name)
                if isinstance(node, ast.FunctionDef):
                    self._functions[node.name] = node
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                self._imports(node)
            elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
                self._bind(node.name)
            elif isinstance(node, ast.MatchMapping) and node.rest:
                self._bind(node.rest)
            elif isinstance(node, ast.Call):
                self.calls.append(node)
            self._record(node, declared)

    def _imports(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                continue
            bound = alias.asname or alias.name.split(".")[0]
            self._bind(bound)
            module = node.module if isinstance(node, ast.ImportFrom) else alias.name
            self.imported_from[bound] = (module or "").split(".")[0]

    def _record(self, node: ast.AST, declared: set[int]) -> None:
        """The value a name is bound to, and the in-place changes that forbid following it."""
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self._values[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.value is None:
                declared.add(id(node.target))
            else:
                self._values[node.target.id] = node.value
        elif isinstance(node, ast.NamedExpr):
            self._values[node.target.id] = node.value
        elif isinstance(node, (ast.Subscript, ast.Attribute)):
            if not isinstance(node.ctx, ast.Load):
                self._mutate(node.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _MUTATORS
        ):
            self._mutate(node.func.value)

    def _mutate(self, node: ast.expr) -> None:
        while isinstance(node, (ast.Subscript, ast.Attribute)):
            node = node.value
        if isinstance(node, ast.Name):
            self._mutated.add(node.id)

    def assigned(self, name: str) -> ast.expr | None:
        """The expression ``name`` is bound to, when it is bound once and never changed."""
        if self._bindings.get(name) != 1 or name in self._mutated:
            return None
        return self._values.get(name)

    def returned(self, func: ast.expr) -> ast.expr | None:
        """What a helper defined once in this file returns: its body ends with its only return."""
        if isinstance(func, ast.Name):
            name = func.id
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.value.id not in ("self", "cls"):
                return None
            name = func.attr
        else:
            return None
        function = self._functions.get(name)
        if function is None or self._bindings.get(name) != 1:
            return None
        if not all(_pure_decorator(decorator) for decorator in function.decorator_list):
            return None
        inside = list(_own_nodes(function))
        if any(isinstance(node, (ast.Yield, ast.YieldFrom)) for node in inside):
            return None  # a generator returns a generator
        returns = [node for node in inside if isinstance(node, ast.Return)]
        last = function.body[-1]
        if returns != [last] or not isinstance(last, ast.Return):
            return None
        return last.value

    def unbound(self, name: str) -> bool:
        return name not in self._bindings

    def _at(self, line: int, column: int) -> int:
        """The character offset of ``ast``'s (line, UTF-8 byte column), in the whole text."""
        lines = self._lines
        start = lines[min(max(line, 1), len(lines)) - 1]
        return self._offsets.char(start + column) + self._shift

    def span(self, node: Node) -> OffsetSpan:
        at = self._at
        end_line = node.lineno if node.end_lineno is None else node.end_lineno
        end_column = node.col_offset if node.end_col_offset is None else node.end_col_offset
        return at(node.lineno, node.col_offset), at(end_line, end_column)

    def name_span(self, node: ast.keyword | ast.Attribute, name: str) -> OffsetSpan:
        """A keyword argument's name (where the node starts) or an attribute's (where it ends)."""
        width = len(name.encode("utf-8"))
        at = self._at
        if isinstance(node, ast.keyword):
            line, start = node.lineno, node.col_offset
        else:
            line = node.lineno if node.end_lineno is None else node.end_lineno
            start = (node.end_col_offset or 0) - width
        return at(line, start), at(line, start + width)

    def after(self, first: Node, last: Node) -> OffsetSpan:
        """From where ``first`` ends to where ``last`` ends (a call's parenthesised arguments)."""
        return self.span(first)[1], self.span(last)[1]

    def source(self, span: OffsetSpan) -> str:
        return self.text[span[0] : span[1]]


def _line_bytes(text: str) -> list[int]:
    """The UTF-8 offset where each line starts, lines ended as Python's tokenizer ends them
    (``\\n``, ``\\r\\n``, ``\\r``): ``Offsets.at`` re-encodes a whole line for each position,
    too slow for a long Cyrillic line with many values."""
    ends = [match.end() for match in _NEWLINE.finditer(text)]
    if text.isascii():
        return [0, *ends]
    starts = [0]
    previous = 0
    for end in ends:
        starts.append(starts[-1] + len(text[previous:end].encode("utf-8", "surrogatepass")))
        previous = end
    return starts


def _pure_decorator(node: ast.expr) -> bool:
    """A decorator that keeps what the function returns (``functools.lru_cache(...)`` too)."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        owner = node.value
        return (
            node.attr in _PURE_DECORATORS
            and isinstance(owner, ast.Name)
            and owner.id == "functools"
        )
    return isinstance(node, ast.Name) and node.id in _PURE_DECORATORS


def _own_nodes(function: ast.FunctionDef) -> Iterator[ast.AST]:
    """The nodes of a function's body, without those of the functions and classes inside it."""
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
