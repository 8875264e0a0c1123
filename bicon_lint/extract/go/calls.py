"""The call styles of Go: any call whose arguments hold a ``biconnector.*`` method followed
by its params (the b24gosdk's ``Call``, ``Batch.Add``... and other clients), and what the program
does to a map bound to a name (a mutation found among its uses)."""

from __future__ import annotations

import re
from typing import Any, Final

from tree_sitter import Node

from bicon_lint.extract import build
from bicon_lint.extract.build import Builder, Call, Extracted, Unknown
from bicon_lint.extract.go.literals import _go_string
from bicon_lint.extract.go.nodes import _STRING_LITERALS, _assigned, _named, _unwrap
from bicon_lint.extract.go.scope import _Mutation
from bicon_lint.extract.go.values import _Values

METHOD: Final = re.compile(r"biconnector(?:\.[A-Za-z0-9_]+)+", re.IGNORECASE)
"""A whole method name: ``"biconnector.connector.add: %w"`` (an error message) is not one."""

_SDK: Final = {
    "Call": ("b24gosdk Core.Call", "json"),
    "CallJSON": ("b24gosdk Core.CallJSON", "json"),
    "Pages": ("b24gosdk Core.Pages", "json"),
    "Scan": ("b24gosdk Core.Scan", "json"),
    "Add": ("b24gosdk Batch.Add", "batch"),
    "AddAs": ("b24gosdk Batch.AddAs", "batch"),
}
"""The SDK's functions taking a method and its params: style and encoding (module docstring)."""

_SKIPPED: Final = frozenset({"CallMultipart", "On", "OnError", "CallsTo"})
"""File uploads (see the module docstring), and the SDK's fake portal for tests (``b24test``): ``p.On(m, result)``,
``p.OnError(m, code, text)`` and ``p.CallsTo(m)`` name a method without calling it."""

_READERS: Final = frozenset({"fmt", "log", "slog", "json", "errors", "strings", "strconv"})
"""Packages whose functions only read a map passed to them."""

_BUILTIN_READERS: Final = frozenset({"len", "cap", "append", "print", "println"})

_PLACES: Final = frozenset({"index_expression", "selector_expression", "type_assertion_expression"})
"""Expressions reaching into their operand: ``x["a"]``, ``x.f``, ``x.(T)``."""


class _File(_Values):
    """One parsed Go file: its names, functions and types, and the calls found in it."""

    # --------------------------------------------------------------------------------------------
    # Calls

    def extract(self) -> Extracted:
        ignores: dict[int, tuple[str, ...] | None] = {}
        for comment in self.comments:
            build.suppressions(self.source(comment), comment.start_point[0] + 1, ignores)
        calls = [call for node in self.calls if (call := self._call(node)) is not None]
        calls.sort(key=lambda call: call.span[0])
        return Extracted(calls, ignores)

    def _callee(self, call: Node) -> str | None:
        function = call.child_by_field_name("function")
        if function is None:
            return None
        if function.type == "identifier":
            return self.source(function)
        if function.type == "selector_expression":
            field = function.child_by_field_name("field")
            return None if field is None else self.source(field)
        return None

    def _method_argument(self, call: Node) -> tuple[int, str, list[Node]] | None:
        """The index of the method argument of ``call``, the method, and the arguments."""
        arguments = call.child_by_field_name("arguments")
        callee = self._callee(call)
        if arguments is None or callee is None or callee in _SKIPPED or self._printing(call):
            return None
        values = _named(arguments)
        for index, argument in enumerate(values):
            method = self._method(argument, callee in _SDK)
            if method is not None and METHOD.fullmatch(method):
                return index, method, values
        return None

    def _printing(self, call: Node) -> bool:
        """A call to ``fmt``, ``log`` and the like (``log.Println("biconnector.x.add", res)``)."""
        function = call.child_by_field_name("function")
        if function is None:
            return False
        if function.type == "identifier":
            return self.source(function) in _BUILTIN_READERS
        operand = function.child_by_field_name("operand")
        return (
            operand is not None
            and operand.type == "identifier"
            and (self.source(operand) in _READERS)
        )

    def _method(self, argument: Node, follow: bool) -> str | None:
        if argument.has_error:
            return None
        if argument.type in _STRING_LITERALS:
            return _go_string(self.source(argument))
        if follow and argument.type == "identifier":
            value = self.value(argument, (), Builder(), None, 0)
            if isinstance(value, str) and not isinstance(value, Unknown):
                return value
        return None

    def _call(self, node: Node) -> Call | None:
        found = self._method_argument(node)
        if found is None:
            return None
        index, method, arguments = found
        if index + 1 >= len(arguments):
            return None  # a method alone (a wrapper adding its own params): nothing to judge
        argument = arguments[index + 1]
        if argument.type in ("func_literal", "variadic_argument"):
            return None  # a callback or a spread, not params
        builder = Builder()
        if argument.type == "nil" and "nil" not in self.bindings:
            builder.value((), self.span(argument))
            params: Any = {}  # a nil map: no params at all
        else:
            params = self.value(argument, (), builder, None, 0)
        if isinstance(params, (str, int, float)) and not isinstance(params, Unknown):
            return None  # a string, a number or a bool after a method name is not params
        callee = self._callee(node) or ""
        style, encoding = _SDK.get(callee, (f"Go {callee}()", "json"))
        return builder.call(
            method,
            params,
            span=self.span(node),
            method_span=self.span(arguments[index]),
            encoding=encoding,
            style=style,
        )

    # --------------------------------------------------------------------------------------------
    # What the program does to a name's value

    def mutations(self, name: str) -> list[_Mutation]:
        """What the file does to the value of ``name`` other than read it."""
        if name not in self._mutations:
            found = [m for use in self.uses.get(name, []) if (m := self._mutation(use)) is not None]
            self._mutations[name] = found
        return self._mutations[name]

    def _mutation(self, use: Node) -> _Mutation | None:
        parent = use.parent
        if parent is None:
            return None
        kind = parent.type
        anything = _Mutation(None, None, None)
        if kind == "index_expression" and parent.child_by_field_name("operand") == use:
            return self._index_mutation(parent)
        if kind == "selector_expression" and parent.child_by_field_name("operand") == use:
            return self._selector_mutation(parent)
        if kind == "unary_expression" and self._operator(parent) == "&":
            return anything
        if kind == "variadic_argument":
            return anything
        if kind == "argument_list":
            return None if self._reader(parent, use) else anything
        if kind == "expression_list":
            return anything if self._aliased(parent) else None
        return None

    def _index_mutation(self, index: Node) -> _Mutation | None:
        """``name[key]`` assigned to (a member written), or a place reached through it that is
        (``name["a"]["b"] = 1``, ``&name["a"][0]``); None when it is only read."""
        assigned, statement = _assigned(index)
        if statement is None:
            top = index
            while (
                top.parent is not None
                and top.parent.type in _PLACES
                and top.parent.child_by_field_name("operand") == top
            ):
                top = top.parent
            if top != index and _assigned(top)[1] is not None:
                return _Mutation(None, None, None)
            outer = top.parent
            if outer is not None and outer.type == "unary_expression":
                return _Mutation(None, None, None) if self._operator(outer) == "&" else None
            return None
        key = _unwrap(index.child_by_field_name("index"))
        string = None
        if key is not None and key.type in _STRING_LITERALS and not key.has_error:
            string = _go_string(self.source(key))
        if string is None or key is None:
            return _Mutation(None, None, None)
        return _Mutation(string, key, assigned)

    def _selector_mutation(self, selector: Node) -> _Mutation | None:
        """``name.field = ...`` or ``name.method(...)``: a struct, or a value that may change."""
        parent = selector.parent
        if parent is not None and parent.type == "call_expression":
            return _Mutation(None, None, None)
        if _assigned(selector)[1] is not None:
            return _Mutation(None, None, None)
        return None

    def _reader(self, arguments: Node, use: Node) -> bool:
        """Whether passing ``use`` to this call leaves its value as it was."""
        call = arguments.parent
        if call is None or call.type != "call_expression":
            return False
        function = call.child_by_field_name("function")
        if function is None:
            return False
        if self._printing(call):
            return True
        found = self._method_argument(call)
        if found is None:
            return False
        index, _, values = found
        return index + 1 < len(values) and values[index + 1] == use  # the params of a call here

    def _aliased(self, expressions: Node) -> bool:
        """Whether an expression list is the right side of a binding (``p := fields``)."""
        statement = expressions.parent
        if statement is None:
            return False
        for field in ("right", "value"):
            if statement.child_by_field_name(field) == expressions:
                return statement.type != "return_statement"
        return False
