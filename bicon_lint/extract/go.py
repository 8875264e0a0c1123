"""``biconnector.*`` calls written in Go, with the params as the program writes them.

Call styles
-----------
Any call whose arguments hold a method name, a string literal that is a whole method name
``biconnector.<part>[.<part>...]`` (any case), followed by one more argument, the params. The
official Go SDK, ``github.com/bitrix24/b24gosdk`` (imported as ``b24``), is called that way, and so
are the clients people write themselves:

========================================================  ==========================  ========
shape (``m``: the method, ``p``: the params)              style                       encoding
========================================================  ==========================  ========
``client.Core().Call(ctx, m, p, b24.WithIdempotent())``   ``b24gosdk Core.Call``      json
``client.Core().CallJSON(ctx, m, p)``                     ``b24gosdk Core.CallJSON``  json
``client.Core().Pages(m, p)``, ``.Scan(m, p)``            ``b24gosdk Core.Pages``...  json
``batch.Add(m, p)``                                       ``b24gosdk Batch.Add``      batch
``batch.AddAs("name", m, p)``                             ``b24gosdk Batch.AddAs``    batch
``rest.Do(ctx, m, p)``, ``callMethod(m, p)`` (any other)  ``Go Do()`` (its name)      json
========================================================  ==========================  ========

The method is the literal's value, as written. It may also be a name (a ``const`` or ``var``) bound
once in the file to such a literal, but only as an argument of the SDK's functions above: elsewhere
a name next to another argument is too often something else (``log.Println(method, err)``). A
method that is neither, such as a constant from another file, is never judged. Not calls: those to
``fmt``, ``log``, ``errors`` and the like (``log.Printf("biconnector.source.add", id)``), a method
with no argument after it, a callback after it (``t.Run(m, func...)``), and ``CallMultipart`` (file
uploads), whose multipart body could not be read in the SDK (below), nor the fake portal of the
SDK's ``b24test`` (``p.On(m, ...)``, ``p.OnError(m, code, text)``); nor a method followed by a
string, number or boolean, which no SDK takes as params.

Encodings, and where they come from
-----------------------------------
The SDK's source is not among the stored public copies this was written from (``bitrix24/b24gosdk``
could not be fetched, and no Go module can be downloaded here), so its HTTP call could not be read.
What its official page says instead (``bitrix24/b24restdocs``, ``sdk/b24gosdk/index.md``):

* ``Call``/``CallJSON``/``Pages``/``Scan`` send **JSON** (inferred from the docs, not read in the
  SDK: likely, not certain). ``b24.Params`` "is a short name for ``map[string]any``" (a Go value,
  not a form), the page's ``b24.ID`` "parses both variants and serializes back as a number" (a
  ``json.Marshaler``: only a JSON body keeps that number a number), "files travel as base64 inside
  the request parameters" apart from the separate ``CallMultipart``, and the same page sets the
  *installation event*, which "arrives in the form format rather than as JSON", apart from the SDK's
  own requests. Every Go example of the official docs nests maps, lists, ints and bools in one
  ``b24.Params`` the way a JSON body carries them. Unknown call styles default to JSON for the same
  reason: Go's ``encoding/json`` is how a Go program turns a ``map[string]any`` into a body.
* ``Batch.Add``/``AddAs`` are **batch** commands: the REST ``batch`` method takes each ``cmd`` as a
  ``method?query`` string (SERVER-SPEC §2.6, and ``settings/how-to-call-rest-api/batch.md`` of the
  same docs), whatever carries the outer request; the page describes ``b24.NewBatch`` with
  ``$result`` chains (``b24.Ref``) and ``CallBatch``.

Params
------
Go values map to JSON the way ``encoding/json`` writes them, which is how the server sees them:

* ``b24.Params{...}``, ``map[string]any{...}``, ``map[string]interface{}{...}``, ``map[string]T{}``
  and types declared in the file as such maps → dict. Keys are string literals or other constant
  strings (a constant concatenation, a name bound once to a string); any other key is computed: the
  map is partial (:meth:`Builder.incomplete`), the member is dropped and members written before it
  become unknown (a run-time key may replace them). A ``Params`` literal with a key that is a bare
  name bound nowhere in the file is a struct literal in disguise: unknown.
* ``[]T{...}`` and ``[...]T{...}`` → list; an element written with an index key → the list is
  unknown. Elided inner literals (``[]b24.Params{{...}}``, ``map[string][]string{"a": {"x"}}``)
  take the element type of their container.
* Interpreted strings with every Go escape (``\\n``, ``\\xHH``, octal ``\\NNN``, ``\\uHHHH``,
  ``\\UHHHHHHHH``, ...), bytes that are not UTF-8 becoming U+FFFD each, as ``encoding/json`` writes
  them; raw strings in backquotes, without their ``\\r``; ``+`` of constant strings.
* Integers in every form (``0x``, ``0o``, ``0b``, a leading ``0`` for octal, ``_`` separators);
  floats, hex floats included. ``encoding/json`` writes a float64 with no fractional part below
  1e21 without a fraction (``100.0`` goes as ``100``), so such a float is the int the server
  decodes. Unary ``-``/``+`` on numbers, ``!`` on booleans.
* The predeclared ``true``, ``false``, ``nil`` (unless the file binds that name); ``nil`` as the
  whole params is an empty map (no params at all).
* A name bound exactly once in the file (``fields := ...``, ``var fields = ...``,
  ``const Title = ...``; parameters, range variables, ``x++`` and every ``=`` count as bindings) is
  followed to its value. A map is a reference, so what the program does to it later counts:
  ``fields["k"] = v`` (a literal key) adds ``k`` with an unknown value and makes the map partial;
  anything else that could change it (``delete``, ``fields[k]``, a deeper index, ``&fields``,
  passing it to a function other than ``fmt``/``log``/``json``-style readers or the call itself,
  aliasing it to another name) makes the whole value unknown.
* A call to a function (or method, by a name declared once in the file) with exactly one
  ``return`` of one value is followed to that value, its parameters being unknown.

Unknown (``b.runtime``): runes, imaginary numbers, ``iota``, conversions, calls to anything else
(``os.Getenv``, ``fmt.Sprintf``), ``x + "/check"`` with an unknown side, struct literals, pointers,
fixed-length arrays, selectors, indexing, and any expression holding a parse error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final, NamedTuple

import tree_sitter_go
from tree_sitter import Language, Node, Parser

from bicon_lint.extract import build
from bicon_lint.extract.build import Builder, Call, Extracted, Offsets, Unknown
from bicon_lint.model import Loc

_LANGUAGE: Final = Language(tree_sitter_go.language())

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

_MAX_DEPTH: Final = 48  # nested literals, names and helpers followed (cycles stop earlier)

_SIMPLE_ESCAPES: Final = {
    "a": 7,
    "b": 8,
    "f": 12,
    "n": 10,
    "r": 13,
    "t": 9,
    "v": 11,
    "\\": 92,
    '"': 34,
}

_STRING_LITERALS: Final = frozenset({"interpreted_string_literal", "raw_string_literal"})

_PLACES: Final = frozenset({"index_expression", "selector_expression", "type_assertion_expression"})
"""Expressions reaching into their operand: ``x["a"]``, ``x.f``, ``x.(T)``."""

_BINDING_LISTS: Final = {
    "short_var_declaration": "left",
    "assignment_statement": "left",
    "range_clause": "left",
    "receive_statement": "left",
    "type_switch_statement": "alias",
}
"""Statements binding the names of one of their expression lists."""


class _Type(NamedTuple):
    """What a composite literal's type makes of it: ``map`` (string keys), ``list``, ``any`` or
    ``other`` (structs, pointers, scalars: unknown), and the element type of a map or list for the
    elided literals inside it (``None``: ``any``)."""

    kind: str
    element: Node | None = None
    named: bool = False  # a named type (``b24.Params``): a struct literal may hide behind it


_OTHER: Final = _Type("other")


class _Binding(NamedTuple):
    value: Node | None  # the expression bound, or None (a parameter, a range variable, ``+=``)
    node: Node  # the name where it is bound


class _Mutation(NamedTuple):
    key: str | None  # ``name["key"] = value``: the key; None: anything else that may change it
    key_node: Node | None
    value: Node | None


def extract(text: str, kind: str) -> Extracted:
    """Every ``biconnector.*`` call in the Go source ``text``, and its suppression comments.

    >>> text = 'c.Core().Call(ctx, "biconnector.connector.get", b24.Params{"id": 4})'
    >>> [(call.method, call.params, call.encoding) for call in extract(text, "go").calls]
    [('biconnector.connector.get', {'id': 4}, 'json')]
    """
    del kind  # one grammar for every .go file
    source = text.encode("utf-8", "surrogatepass")
    tree = Parser(_LANGUAGE).parse(source)
    return _File(text, tree.root_node).extract()


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


class _File:
    """One parsed Go file: its names, functions and types, and the calls found in it."""

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

    def _operator(self, node: Node) -> str | None:
        operator = node.child_by_field_name("operator")
        return None if operator is None else self.source(operator)

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

    # --------------------------------------------------------------------------------------------
    # Types

    def _element(self, written: _Type) -> _Type | None:
        return None if written.element is None else self._type(written.element, 0)

    def _type(self, node: Node, depth: int) -> _Type:
        kind = node.type
        if depth > _MAX_DEPTH:
            return _OTHER
        if kind == "parenthesized_type":
            inner = _named(node)
            return self._type(inner[0], depth + 1) if len(inner) == 1 else _OTHER
        if kind == "map_type":
            key = node.child_by_field_name("key")
            if key is None or self.source(key) != "string":
                return _OTHER  # encoding/json refuses other keys (and ints would need sorting)
            return _Type("map", self._unless_any(node.child_by_field_name("value")))
        if kind in ("slice_type", "implicit_length_array_type"):
            return _Type("list", self._unless_any(node.child_by_field_name("element")))
        if kind == "qualified_type":
            return self._qualified(node)
        if kind == "type_identifier":
            return self._named_type(self.source(node), depth)
        if kind == "interface_type" and not _named(node):
            return _Type("any")
        return _OTHER

    def _unless_any(self, node: Node | None) -> Node | None:
        if node is None:
            return None
        return None if self._type(node, 0).kind == "any" else node

    def _qualified(self, node: Node) -> _Type:
        package = node.child_by_field_name("package")
        name = node.child_by_field_name("name")
        if package is None or name is None or self.source(name) != "Params":
            return _OTHER
        path = self.imports.get(self.source(package))
        if path is not None and "b24gosdk" not in path.split("/"):
            return _OTHER  # another package's Params: it may be a struct
        return _Type("map", None, named=True)  # b24.Params = map[string]any

    def _named_type(self, name: str, depth: int) -> _Type:
        if name == "any":
            return _Type("any")
        declared = self.types.get(name, [])
        if len(declared) != 1:
            return _OTHER
        written = declared[0].child_by_field_name("type")
        if written is None:
            return _OTHER
        resolved = self._type(written, depth + 1)
        return resolved._replace(named=True) if resolved.kind == "map" else resolved


class _NotConstant:
    """The marker of an expression whose value is not known where it is written."""

    __slots__ = ()


_NOT_CONSTANT: Final = _NotConstant()


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


# ------------------------------------------------------------------------------------------------
# Literals, as the Go compiler reads them


def _go_string(literal: str) -> str | None:
    """The value of a Go string literal (``None``: not a valid one).

    >>> _go_string('"a\\\\tb\\\\x41\\\\101\\\\u0436"'), _go_string('`a\\\\n\\r`')
    ('a\\tbAAж', 'a\\\\n')
    >>> _go_string('"\\\\xff"'), _go_string('"\\\\q"')
    ('\\ufffd', None)
    """
    if len(literal) >= 2 and literal[0] == literal[-1] == "`":
        return literal[1:-1].replace("\r", "")
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        return None
    data = bytearray()
    body = literal[1:-1]
    at = 0
    while at < len(body):
        character = body[at]
        if character != "\\":
            end = body.find("\\", at)
            end = len(body) if end == -1 else end
            try:
                data += body[at:end].encode("utf-8")
            except UnicodeEncodeError:
                return None
            at = end
            continue
        escaped = _escape(body, at)
        if escaped is None:
            return None
        data += escaped[0]
        at = escaped[1]
    return _as_json_writes(bytes(data))


def _escape(body: str, at: int) -> tuple[bytes, int] | None:
    """The bytes of the escape sequence at ``body[at]`` (a backslash) and where it ends."""
    letter = body[at + 1 : at + 2]
    if letter in _SIMPLE_ESCAPES:
        return bytes([_SIMPLE_ESCAPES[letter]]), at + 2
    width = {"x": 2, "u": 4, "U": 8}.get(letter)
    if width is not None:
        digits = body[at + 2 : at + 2 + width]
        if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
            return None
        number = int(digits, 16)
        if letter == "x":
            return bytes([number]), at + 2 + width
        if number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
            return None  # the compiler refuses it
        return chr(number).encode("utf-8"), at + 2 + width
    digits = body[at + 1 : at + 4]
    if len(digits) == 3 and all(c in "01234567" for c in digits) and int(digits, 8) <= 255:
        return bytes([int(digits, 8)]), at + 4
    return None


def _as_json_writes(data: bytes) -> str:
    """A Go string's bytes as ``encoding/json`` writes them: each byte that does not start a valid
    UTF-8 sequence becomes U+FFFD on its own (``utf8.DecodeRuneInString``)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    at = 0
    while at < len(data):
        for width in (1, 2, 3, 4):
            try:
                out.append(data[at : at + width].decode("utf-8"))
            except UnicodeDecodeError:
                continue
            at += width
            break
        else:
            out.append("\ufffd")
            at += 1
    return "".join(out)


def _go_int(literal: str) -> int | _NotConstant:
    """The value of a Go integer literal, in any of its forms.

    >>> _go_int("0x1F"), _go_int("0o17"), _go_int("017"), _go_int("0b101"), _go_int("1_000")
    (31, 15, 15, 5, 1000)
    """
    digits = literal.replace("_", "").lower()
    try:
        if digits[:2] in ("0x", "0o", "0b"):
            return int(digits, 0)
        if len(digits) > 1 and digits[0] == "0":
            return int(digits[1:], 8)  # the old octal form
        return int(digits, 10)
    except ValueError:
        return _NOT_CONSTANT


def _go_float(literal: str) -> int | float | _NotConstant:
    """The number ``encoding/json`` writes for a float literal: without a fraction (an int once
    decoded) when it has none and is below 1e21.

    >>> _go_float("1.5e3"), _go_float(".5"), _go_float("0x1p-2"), _go_float("1e21")
    (1500, 0.5, 0.25, 1e+21)
    """
    digits = literal.replace("_", "").lower()
    try:
        number = float.fromhex(digits) if digits.startswith("0x") else float(digits)
    except (ValueError, OverflowError):
        return _NOT_CONSTANT
    if number != number or number in (float("inf"), float("-inf")):
        return _NOT_CONSTANT  # the compiler refuses an overflowing constant
    if number.is_integer() and abs(number) < 1e21:
        return int(number)
    return number
