"""``biconnector.*`` calls written in JavaScript and TypeScript (``.js``, ``.mjs``, ``.cjs``,
``.jsx``, ``.ts``, ``.mts``, ``.cts``, ``.tsx``), read with tree-sitter (the javascript grammar,
which accepts JSX; the typescript and tsx grammars).

Call styles recognised (the method must be a literal string, or a ``const`` of this file that
holds one; anything else is skipped, never judged):

* ``BX24.callMethod('biconnector.connector.add', params, callback)`` (also ``window.BX24``, and
  the ``bx24-api`` wrapper, usually imported as ``BX24``) and ``BX24.callBatch(calls, ...)``.
* ``BX.rest.callMethod(method, params, ...)`` and ``BX.rest.callBatch(calls, ...)``.
* b24jssdk (``@bitrix24/b24jssdk``): ``$b24.actions.v2.call.make({method, params, requestId})``,
  ``$b24.actions.v2.batch.make({calls})``, ``$b24.actions.v2.batchByChunk.make({calls})``, and
  the older ``$b24.callMethod(method, params)``, ``$b24.callBatch(calls)``,
  ``$b24.callBatchByChunk(calls)`` (a receiver named ``$b24`` or ``b24``, or any receiver in a
  file that imports the SDK). ``actions.v3`` calls the REST v3 API: not recognised.
* Batch commands, in every batch style: ``['biconnector.x', params]`` or ``{method, params}``, in
  a list or as the values of an object; one :class:`Call` per ``biconnector.*`` command, whose
  span is the command's.
* Any other call ``anything.call('biconnector.connector.add', {...})`` or ``callB24(...)``: a
  literal method that bicon-lint knows (``methods.lookup``) and an object as second argument
  (``console.*`` and ``log``/``info``/``warn``/``error``/``debug`` calls are not calls).
* ``fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'}, body:
  JSON.stringify(params)})`` and ``fetch(url, {method: 'POST', body: new URLSearchParams(params)})``;
  ``axios.post(url, params)`` and ``axios.post(url, new URLSearchParams(params))``. The URL is a
  string or a template literal whose literal end is ``/biconnector.x.y`` (``.json``/``.xml``
  stripped, as the server does), or ``${hook}biconnector.x.y``. A JSON body without a literal JSON
  ``Content-Type`` (fetch sends ``text/plain``), ``axios.post`` with a config of its own, and any
  other body are skipped. A query string in the URL may add params: the root is partial.

Arguments: the params are the second argument (``params`` of the v2 options object, the second
item or ``params`` of a batch command); no params is ``{}``.

Encodings, and what each SDK does to JavaScript values before the server sees them. The core
encodes params by PHP's ``http_build_query`` rules (``transport.as_sent``); where an SDK writes a
value otherwise, this module converts the value itself, so that the core's encoding reproduces
what the SDK sends:

+------------------------+----------+-----------------------------------------------------------+
| style                  | encoding | source (repository, path, function)                       |
+========================+==========+===========================================================+
| ``BX24.callMethod``,   | form,    | BX24.js as served from ``api.bitrix24.com/api/v1/``, a    |
| ``BX24.callBatch``     | batch    | copy: ``aak74/tasks`` ``_api/v1.js``, ``ajax``            |
|                        |          | (``application/x-www-form-urlencoded`` POST) and          |
|                        |          | ``ajax.prepareData``: ``true``/``false`` → ``"true"``/     |
|                        |          | ``"false"``, numbers as JavaScript writes them            |
|                        |          | (``1e+21``), ``undefined`` → ``"undefined"``, ``null``    |
|                        |          | left out, ``[]`` → ``""``, ``{}`` left out, and in each   |
|                        |          | object the scalar members first, then the objects.        |
|                        |          | ``callBatch`` turns each command into                     |
|                        |          | ``method?prepareData(params)``.                           |
+------------------------+----------+-----------------------------------------------------------+
| ``BX.rest.callMethod``,| form,    | ``avshatalov48/bitrix-core-business``                     |
| ``BX.rest.callBatch``  | batch    | ``modules/rest/install/js/rest/client/rest.client.js``,   |
|                        |          | ``ajax.prepareData``: as BX24.js, but booleans → ``1``/   |
|                        |          | ``0``.                                                    |
+------------------------+----------+-----------------------------------------------------------+
| b24jssdk call          | json     | ``bitrix24/b24jssdk``                                     |
| (``actions.v2.call``,  |          | ``packages/jssdk/src/core/http/abstract-http.ts``,        |
| ``callMethod``)        |          | ``_makeAxiosRequest``: ``axios.post(url, params)``, a     |
|                        |          | JSON body (``JSON.stringify``).                           |
+------------------------+----------+-----------------------------------------------------------+
| b24jssdk batch         | batch    | ``bitrix24/b24jssdk`` ``packages/jssdk/src/core/          |
| (``actions.v2.batch``, |          | interaction/batch/processing/v2/abstract-processing.ts``, |
| ``batchByChunk``,      |          | ``_buildRow``: ``method?qs.stringify(params)``            |
| ``callBatch``)         |          | (``payloadcms/qs-esm`` ``lib/stringify.js``): booleans →  |
|                        |          | ``"true"``/``"false"``, ``null`` → ``""``, ``undefined``, |
|                        |          | ``[]`` and ``{}`` left out.                               |
+------------------------+----------+-----------------------------------------------------------+
| ``fetch``/``axios``    | json     | ``JSON.stringify`` (axios stringifies an object itself).  |
| with a JSON body       |          |                                                           |
+------------------------+----------+-----------------------------------------------------------+
| ``new URLSearchParams``| form     | WHATWG URL: each value converted to a string (``true`` →  |
| body                   |          | ``"true"``, ``null`` → ``"null"``, an array joined with   |
|                        |          | ``,``, an object ``"[object Object]"``); a key with       |
|                        |          | ``[``, ``.`` or a space (PHP would nest or rename it)     |
|                        |          | makes the whole params unknown.                           |
+------------------------+----------+-----------------------------------------------------------+
| any other client       | json     | unknown client: the params are judged as written, types   |
|                        |          | kept (a guess of form would report ``true`` as an error   |
|                        |          | the client may never send).                               |
+------------------------+----------+-----------------------------------------------------------+

JSON (``JSON.stringify``): an ``undefined`` member is left out, an ``undefined`` array item is
``null``; an integral number below ``1e21`` is an integer (``1.0`` is written ``1``).

Values: strings with every escape (``\\xHH``, ``\\uHHHH``, ``\\u{...}``, legacy octal, line
continuations; surrogate pairs joined), template literals without substitutions, numbers in every
literal form (separators, hex, octal, binary, legacy octal, exponents, leading dot) as doubles,
unary ``-``/``+``, ``+`` of constants (string concatenation by JavaScript's rules), ``true``,
``false``, ``null``, ``undefined``, objects (quoted, unquoted and numeric keys; the last duplicate
wins in the place of the first, integer keys first as JavaScript orders them, ``__proto__:`` is
not a member), arrays; parentheses, ``await`` and TypeScript's ``as``, ``satisfies``, ``!`` and
``<T>`` are looked through. An identifier (also a shorthand member ``{ title }``) is followed when
the whole file binds that name exactly once, in a declaration with a value (``const``, ``let`` or
``var``), and never writes into it (``x.a = ``, ``x.push(...)``, ``delete x.a``,
``Object.assign(x, ...)``); a call ``makeFields()`` of a function bound once in the file with one
``return``, at the top of its body (or an arrow function's expression body), is followed to what
it returns. The method name is as written (the SDKs strip nothing); a URL's ``.json``/``.xml``
is dropped, as the server does.

Unknown (``Unknown``, never judged): anything else, e.g. parameters, properties, calls, template
literals with substitutions, BigInt, methods in objects, an array with holes or a spread, and any
expression holding a parse error. An object with a spread is partial (its members before the
spread are unknown, those after stay known); a computed key is dropped and makes the object
partial. A mutation through another name, or inside a called function, is not seen.

Guards against hostile files: values and followed names nest at most 64 deep, a constant
concatenation is at most 2**20 characters, and a file evaluates at most 20,000 values plus 4 per
character of its text (values may share parts exponentially); beyond, values are unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Final, NamedTuple

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Language, Node, Parser

from bicon_lint.extract.build import Builder, Call, Extracted, Offsets, Unknown, suppressions
from bicon_lint.loaders.document import OffsetSpan
from bicon_lint.methods import lookup
from bicon_lint.model import Loc

_LANGUAGES: Final = {
    "javascript": Language(tree_sitter_javascript.language()),
    "typescript": Language(tree_sitter_typescript.language_typescript()),
    "tsx": Language(tree_sitter_typescript.language_tsx()),
}

METHOD: Final = re.compile(r"biconnector(?:\.[A-Za-z0-9_]+)+", re.IGNORECASE)
"""A ``biconnector.*`` method name (the whole string)."""

_DEPTH: Final = 64  # how deep values and followed names may nest (a guard against cycles)
_STEPS: Final = 20_000  # values a file may evaluate, plus 4 per character of its text (a guard
# against values that share parts exponentially: ``x1 = {a: x0, b: x0}``, ``x2 = {a: x1, ...``)
_LONGEST: Final = 1 << 20  # characters of a constant concatenation (``v1 = v0 + v0``, ...)
_SDK_IMPORT: Final = re.compile(r"""["']@bitrix24/b24jssdk["'/]""")
_SDK_RECEIVERS: Final = frozenset({"$b24", "b24"})
_GLOBALS: Final = frozenset({"window", "globalThis", "self"})
_LOGGING: Final = frozenset({"log", "info", "warn", "error", "debug", "trace"})
_WRAPPERS: Final = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
        "await_expression",
    }
)
_FUNCTIONS: Final = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "function",
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)
_MUTATORS: Final = frozenset(
    {"push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"}
)
_OBJECT_WRITERS: Final = frozenset({"assign", "defineProperty", "defineProperties"})


class _Undefined:
    """JavaScript's ``undefined``: each encoding writes it its own way."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED: Final = _Undefined()
_NOT_CONSTANT: Final = object()


# --------------------------------------------------------------------------------------------
# Literals
# --------------------------------------------------------------------------------------------

_SINGLE_ESCAPES: Final = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}
_HEX2: Final = re.compile(r"[0-9A-Fa-f]{2}")
_HEX4: Final = re.compile(r"[0-9A-Fa-f]{4}")
_HEX: Final = re.compile(r"[0-9A-Fa-f]+")
_HIGH_SURROGATE: Final = re.compile("[\ud800-\udbff]")


def unescape(body: str, *, template: bool = False) -> str | None:
    """The value of a string literal's text between its quotes (or a template's between its
    backquotes); ``None`` for an escape that is a syntax error.

    >>> unescape(r"a\\x41\\u0042\\u{43}\\101\\0\\8\\q"), unescape("a\\\\\\nb"), unescape(r"\\xZ")
    ('aABCA\\x008q', 'ab', None)
    >>> unescape(r"\\uD83D\\uDE00") == "\\U0001F600", unescape("a\\r\\nb", template=True)
    (True, 'a\\nb')
    >>> unescape(r"\\101", template=True) is None
    True
    """
    out: list[str] = []
    index, end = 0, len(body)
    while index < end:
        char = body[index]
        if char != "\\":
            if template and char == "\r":  # a template's CR LF and CR are LF
                index += 2 if body.startswith("\n", index + 1) else 1
                out.append("\n")
            else:
                out.append(char)
                index += 1
            continue
        escaped = _escape(body, index + 1, template)
        if escaped is None:
            return None
        text, index = escaped
        out.append(text)
    return _join_surrogates("".join(out))


def _escape(body: str, at: int, template: bool) -> tuple[str, int] | None:
    """The text of the escape whose letter is at ``at``, and where the text after it starts."""
    if at >= len(body):
        return None
    char = body[at]
    if char in _SINGLE_ESCAPES:
        return _SINGLE_ESCAPES[char], at + 1
    if char == "\r":  # a line continuation
        return "", at + (2 if body.startswith("\n", at + 1) else 1)
    if char in "\n\u2028\u2029":
        return "", at + 1
    if char == "x":
        digits = body[at + 1 : at + 3]
        return (chr(int(digits, 16)), at + 3) if _HEX2.fullmatch(digits) else None
    if char == "u":
        return _unicode_escape(body, at)
    if char == "0" and not body[at + 1 : at + 2].isdigit():
        return "\0", at + 1
    if char in "01234567":
        if template:
            return None
        longest = 3 if char in "0123" else 2
        digits = char
        while len(digits) < longest and _is_octal(body[at + len(digits) : at + len(digits) + 1]):
            digits += body[at + len(digits)]
        return chr(int(digits, 8)), at + len(digits)
    if char in "89":  # \8 and \9 are the digits themselves, outside templates
        return None if template else (char, at + 1)
    return char, at + 1


def _is_octal(char: str) -> bool:
    return len(char) == 1 and char in "01234567"


def _unicode_escape(body: str, at: int) -> tuple[str, int] | None:
    if body.startswith("{", at + 1):
        close = body.find("}", at + 2)
        digits = body[at + 2 : close]
        if close == -1 or not _HEX.fullmatch(digits) or int(digits, 16) > 0x10FFFF:
            return None
        return chr(int(digits, 16)), close + 1
    digits = body[at + 1 : at + 5]
    return (chr(int(digits, 16)), at + 5) if _HEX4.fullmatch(digits) else None


def _join_surrogates(text: str) -> str:
    """A JavaScript string is UTF-16: ``\\uD83D\\uDE00`` is one character."""
    if _HIGH_SURROGATE.search(text) is None:
        return text
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        low = text[index + 1 : index + 2]
        if "\ud800" <= char <= "\udbff" and low and "\udc00" <= low <= "\udfff":
            out.append(chr(0x10000 + ((ord(char) - 0xD800) << 10) + (ord(low) - 0xDC00)))
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def number(text: str) -> float | None:
    """The double a numeric literal stands for; ``None`` for a BigInt or an infinite value.

    >>> [number(t) for t in ("1_000", "0x1F", "0o17", "0b101", "017", "019", ".5", "1e3", "5.")]
    [1000.0, 31.0, 15.0, 5.0, 15.0, 19.0, 0.5, 1000.0, 5.0]
    >>> number("10n"), number("1e400")
    (None, None)
    """
    digits = text.replace("_", "")
    if digits.endswith(("n", "N")):
        return None
    prefix = digits[:2].lower()
    bases = {"0x": 16, "0o": 8, "0b": 2}
    try:
        if prefix in bases:
            value = float(int(digits[2:], bases[prefix]))
        elif len(digits) > 1 and digits[0] == "0" and digits.isdigit():
            legacy_octal = all(d in "01234567" for d in digits)
            value = float(int(digits, 8 if legacy_octal else 10))
        else:
            value = float(digits)
    except (ValueError, OverflowError):
        return None
    return None if value in (float("inf"), float("-inf")) or value != value else value


def number_text(value: float) -> str:
    """``Number::toString``: how JavaScript writes a number (``String(x)``, ``"" + x``).

    >>> [number_text(x) for x in (1.0, -0.0, 1.5, 1e21, 1e20, 0.000001, 1e-7, 123e-20, -2.5e30)]
    ['1', '0', '1.5', '1e+21', '100000000000000000000', '0.000001', '1e-7', '1.23e-18', '-2.5e+30']
    """
    if value == 0:
        return "0"
    if value < 0:
        return "-" + number_text(-value)
    mantissa, _, exponent = repr(value).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    size = len(digits)
    if size <= point <= 21:
        return digits + "0" * (point - size)
    if 0 < point <= 21:
        return f"{digits[:point]}.{digits[point:]}"
    if -6 < point <= 0:
        return "0." + "0" * -point + digits
    sign = "+" if point - 1 >= 0 else "-"
    rest = f".{digits[1:]}" if size > 1 else ""
    return f"{digits[0]}{rest}e{sign}{abs(point - 1)}"


def to_string(value: Any) -> str | None:
    """JavaScript's ``ToString`` of a primitive; ``None`` for anything else."""
    if isinstance(value, Unknown):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    return None


def _is_index(key: str) -> bool:
    """An array index key, which JavaScript lists before the other keys of an object."""
    return key.isdigit() and (key == "0" or key[0] != "0") and int(key) < 4294967295


# --------------------------------------------------------------------------------------------
# The file: its text, and what each name is bound to
# --------------------------------------------------------------------------------------------


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


def _text(node: Node) -> str:
    raw = node.text
    return raw.decode("utf-8", "replace") if raw is not None else ""


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


def _inner(node: Node) -> Node | None:
    """The expression a wrapper (parentheses, ``as``, ``!``, ``<T>``, ``await``) holds."""
    children = [c for c in node.named_children if c.type != "comment"]
    if not children:
        return None
    return children[-1] if node.type == "type_assertion" else children[0]


def _arguments(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.type != "arguments":
        return []
    return [c for c in arguments.named_children if c.type != "comment"]


def _broken(node: Node) -> bool:
    """A parse error in the node itself or among its own parts (not deeper down)."""
    if node.is_error or node.is_missing:
        return True
    return any(child.is_error or child.is_missing for child in node.children)


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


# --------------------------------------------------------------------------------------------
# Encodings: what each call style's SDK makes of JavaScript values
# --------------------------------------------------------------------------------------------

_Convert = Callable[[Any, Loc, Builder, str], Any]
"""An encoding's conversion: (value, its loc, the record, the file's text) → the value sent."""


def _members(value: dict[Any, Any] | list[Any]) -> list[tuple[Any, Any]]:
    return list(value.items()) if isinstance(value, dict) else list(enumerate(value))


def _shaped(original: dict[Any, Any] | list[Any], out: dict[Any, Any]) -> Any:
    """A JavaScript array stays a list while its indexes are 0..n-1 in order."""
    if isinstance(original, list) and list(out) == list(range(len(out))):
        return list(out.values())
    return out


def _json(value: Any, loc: Loc, b: Builder, text: str = "") -> Any:
    """``JSON.stringify``, as PHP's ``json_decode`` reads it back."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        for key, item in value.items():
            if item is UNDEFINED:
                _forget(b, (*loc, key))
            else:
                out[key] = _json(item, (*loc, key), b)
        return out
    if isinstance(value, list):
        return [_json(None if v is UNDEFINED else v, (*loc, i), b) for i, v in enumerate(value)]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)  # written without a fraction, read back as an integer
    return value


def _prepare_data(true: str, false: str) -> _Convert:
    """BX24.js's and BX.rest's ``ajax.prepareData``: scalars first, then objects."""

    def scalar(value: Any) -> Any:
        if isinstance(value, Unknown) or not isinstance(value, bool):
            return value if isinstance(value, Unknown) else to_string(value)
        return true if value else false

    def convert(value: Any, loc: Loc, b: Builder, text: str = "") -> Any:
        if not isinstance(value, (dict, list)) or isinstance(value, Unknown):
            return scalar(value)
        out: dict[Any, Any] = {}
        objects: list[tuple[Any, Any]] = []
        for key, item in _members(value):
            if isinstance(item, (dict, list)) or item is None:
                objects.append((key, item))
            else:
                out[key] = scalar(item)
        for key, item in objects:
            child = (*loc, key)
            if item is None or item == {}:  # nothing written for either
                _forget(b, child)
            elif item == []:
                out[key] = ""  # "name=": an empty array is sent as an empty string
            else:
                out[key] = convert(item, child, b)
        return _shaped(value, out)

    return convert


def _qs(value: Any, loc: Loc, b: Builder, text: str = "") -> Any:
    """``qs.stringify`` (b24jssdk batch commands): ``null`` is ``""``, ``undefined`` and empty
    objects are left out."""
    if isinstance(value, Unknown):
        return value
    if value is None:
        return ""
    if not isinstance(value, (dict, list)):
        return to_string(value)
    out: dict[Any, Any] = {}
    for key, item in _members(value):
        child = (*loc, key)
        converted = _qs(item, child, b) if item is not UNDEFINED else None
        if item is UNDEFINED or converted == {} or converted == []:
            _forget(b, child)
        else:
            out[key] = converted
    return _shaped(value, out)


def _joined(value: Any) -> str | None:
    """``Array.prototype.join``/``String()`` of a value, ``None`` if it holds an unknown."""
    if isinstance(value, list):
        parts = ["" if v is None or v is UNDEFINED else _joined(v) for v in value]
        return None if None in parts else ",".join(p for p in parts if p is not None)
    if isinstance(value, dict):
        return "[object Object]"
    return to_string(value)


def _search_params(value: Any, loc: Loc, b: Builder, text: str = "") -> Any:
    """``new URLSearchParams(record)``: every value a string, no nesting. A key that PHP would
    nest or rename (``fields[title]``, ``a.b``) leaves the whole params unknown."""
    if not isinstance(value, dict) or isinstance(value, Unknown):
        return value
    if any(not key or key[0] == " " or any(c in key for c in "[. ") for key in value):
        start, end = b.index.values.get(loc, (0, 0))
        _forget(b, loc)
        return b.runtime(loc, text[start:end], (start, end))
    out: dict[Any, Any] = {}
    for key, item in value.items():
        child = (*loc, key)
        written = _joined(item)
        if isinstance(item, (dict, list)):
            _forget(b, child, keep=True)  # a string now: nothing below it
        if written is None:
            start, end = b.index.values.get(child, (0, 0))
            out[key] = b.runtime(child, text[start:end], (start, end))
        else:
            out[key] = written
    return out


class _Style(NamedTuple):
    name: str
    encoding: str
    convert: _Convert


_BX24: Final = _prepare_data("true", "false")
_BX_REST: Final = _prepare_data("1", "0")
STYLES: Final = {
    "bx24": _Style("BX24.callMethod", "form", _BX24),
    "bx24 batch": _Style("BX24.callBatch", "batch", _BX24),
    "bx.rest": _Style("BX.rest.callMethod", "form", _BX_REST),
    "bx.rest batch": _Style("BX.rest.callBatch", "batch", _BX_REST),
    "b24jssdk v2": _Style("b24jssdk actions.v2.call", "json", _json),
    "b24jssdk v2 batch": _Style("b24jssdk actions.v2.batch", "batch", _qs),
    "b24jssdk callMethod": _Style("b24jssdk callMethod", "json", _json),
    "b24jssdk callBatch": _Style("b24jssdk callBatch", "batch", _qs),
    "client": _Style("client call", "json", _json),
    "fetch json": _Style("fetch JSON.stringify", "json", _json),
    "fetch form": _Style("fetch URLSearchParams", "form", _search_params),
    "axios json": _Style("axios.post", "json", _json),
    "axios form": _Style("axios.post URLSearchParams", "form", _search_params),
}


# --------------------------------------------------------------------------------------------
# Call styles
# --------------------------------------------------------------------------------------------


def _chain(node: Node) -> tuple[str, ...] | None:
    """The dotted name of a callee (``window.BX24.callMethod`` → ``("BX24", "callMethod")``);
    ``None`` for anything but names and dots."""
    parts: list[str] = []
    while node.type == "member_expression" or node.type in _WRAPPERS:
        if node.type in _WRAPPERS:  # (BX24).callMethod, this.$b24!.callMethod
            inner = _inner(node)
            if inner is None:
                return None
            node = inner
            continue
        owner, member = node.child_by_field_name("object"), node.child_by_field_name("property")
        if owner is None or member is None or member.type != "property_identifier":
            return None
        parts.append(_text(member))
        node = owner
    if node.type not in ("identifier", "this"):
        return None
    parts.append(_text(node))
    parts.reverse()
    while len(parts) > 1 and parts[0] in _GLOBALS:
        del parts[0]
    return tuple(parts)


class _Calls:
    """Finds the calls of one file, style by style."""

    def __init__(self, file: _File) -> None:
        self.file = file
        self.found: list[Call] = []

    def visit(self, node: Node) -> None:
        """Record the ``biconnector.*`` calls that the call expression ``node`` makes."""
        callee = node.child_by_field_name("function")
        chain = None if callee is None else _chain(callee)
        if chain is None:
            return
        arguments = _arguments(node)
        first = arguments[0] if arguments else None
        owner, name = chain[:-1], chain[-1]
        bx24, bx_rest = owner[-1:] == ("BX24",), owner[-2:] == ("BX", "rest")
        if name == "callMethod" and (bx24 or bx_rest):
            self.single(node, arguments, STYLES["bx24" if bx24 else "bx.rest"])
        elif name == "callBatch" and (bx24 or bx_rest):
            self.batch(first, STYLES["bx24 batch" if bx24 else "bx.rest batch"])
        elif chain[-4:] == ("actions", "v2", "call", "make"):
            self.sdk_call(node, first)
        elif chain[-4:] in (
            ("actions", "v2", "batch", "make"),
            ("actions", "v2", "batchByChunk", "make"),
        ):
            options = self.options(first)
            self.batch(
                None if options is None else options[0].get("calls"), STYLES["b24jssdk v2 batch"]
            )
        elif chain == ("fetch",):
            self.fetch(node, arguments)
        elif chain == ("axios", "post"):
            self.axios(node, arguments)
        elif name in ("callBatch", "callBatchByChunk") and self.sdk(owner):
            self.batch(first, STYLES["b24jssdk callBatch"])
        elif name == "callMethod" and self.sdk(owner):
            self.single(node, arguments, STYLES["b24jssdk callMethod"])
        elif chain[0] != "console" and name not in _LOGGING:
            self.client(node, arguments)

    def sdk(self, owner: tuple[str, ...]) -> bool:
        """Is the receiver b24jssdk's (``$b24``, or anything in a file that imports the SDK)?"""
        return self.file.uses_sdk or (bool(owner) and owner[-1] in _SDK_RECEIVERS)

    def method(self, node: Node | None) -> str | None:
        name = self.file.string(node)
        return name if name is not None and METHOD.fullmatch(name) else None

    def options(self, node: Node | None) -> tuple[dict[str, Node], bool] | None:
        """The members of the object literal ``node`` stands for (by key, the last one written)
        and whether it has a spread; ``None`` if it is not an object literal."""
        found = None if node is None else self.file.target(node)
        if found is None or found.type != "object" or _broken(found):
            return None
        members: dict[str, Node] = {}
        spread = False
        for member in found.named_children:
            if member.type == "spread_element":
                spread = True
            elif member.type == "shorthand_property_identifier":
                members[_text(member)] = member
            elif member.type == "pair":
                key_node, value = (
                    member.child_by_field_name("key"),
                    member.child_by_field_name("value"),
                )
                key = None if key_node is None else self.file.key(key_node)
                if key is not None and value is not None:
                    members[key] = value
        return members, spread

    def emit(
        self,
        where: Node,
        method_node: Node,
        method: str,
        params: Node | None,
        style: _Style,
        *,
        partial: bool = False,
    ) -> None:
        file, b = self.file, Builder()
        if params is None:
            value: Any = {}
            b.value((), file.span(where))
        else:
            value = file.value(params, (), b)
        if value is None or value is UNDEFINED:
            value = {}  # nothing sent: no params
        elif isinstance(value, (dict, list)):
            value = style.convert(value, (), b, file.text)
        elif not isinstance(value, Unknown):  # a string or a number as the whole params
            start, end = b.index.values.get((), file.span(where))
            value = b.runtime((), file.text[start:end], (start, end))
        if partial and isinstance(value, dict):
            b.incomplete(())
        self.found.append(
            b.call(
                method,
                value,
                span=file.span(where),
                method_span=file.span(method_node),
                encoding=style.encoding,
                style=style.name,
            )
        )

    def single(self, node: Node, arguments: list[Node], style: _Style) -> None:
        """``callMethod(method, params, ...)``."""
        method = self.method(arguments[0]) if arguments else None
        if method is not None:
            params = arguments[1] if len(arguments) > 1 else None
            self.emit(node, arguments[0], method, params, style)

    def sdk_call(self, node: Node, first: Node | None) -> None:
        """``$b24.actions.v2.call.make({method, params, requestId})``."""
        options = self.options(first)
        if options is None:
            return
        members, spread = options
        method_node, params = members.get("method"), members.get("params")
        method = self.method(method_node)
        if method_node is None or method is None or (params is None and spread):
            return
        self.emit(node, method_node, method, params, STYLES["b24jssdk v2"])

    def batch(self, calls: Node | None, style: _Style) -> None:
        """One call per ``biconnector.*`` command: ``[method, params]`` or ``{method, params}``,
        items of a list or values of an object."""
        found = None if calls is None else self.file.target(calls)
        if found is None or _broken(found) or found.type not in ("array", "object"):
            return
        for entry in found.named_children:
            if entry.type == "pair":
                entry = entry.child_by_field_name("value") or entry
            elif entry.type != "shorthand_property_identifier" and found.type == "object":
                continue
            command = self.command(entry)
            if command is not None:
                method_node, params = command
                method = self.method(method_node)
                if method is not None:
                    self.emit(entry, method_node, method, params, style)

    def command(self, entry: Node) -> tuple[Node, Node | None] | None:
        """The method and params of one batch command."""
        found = self.file.target(entry) if entry.type not in ("comment", "spread_element") else None
        if found is None or _broken(found):
            return None
        if found.type == "array":
            items = [c for c in found.named_children if c.type != "comment"]
            if not items or any(c.type == "spread_element" for c in items):
                return None
            return items[0], items[1] if len(items) > 1 else None
        options = self.options(found)
        if options is None or options[1] or "method" not in options[0]:
            return None
        return options[0]["method"], options[0].get("params")

    def client(self, node: Node, arguments: list[Node]) -> None:
        """``anything.call('biconnector.connector.add', {...})``: a method bicon-lint knows and
        an object literal."""
        if len(arguments) < 2:
            return
        method = self.method(arguments[0])
        params = self.file.target(arguments[1])
        if method is None or lookup(method) is None or params is None or params.type != "object":
            return
        self.emit(node, arguments[0], method, arguments[1], STYLES["client"])

    def url(self, node: Node) -> tuple[str, bool] | None:
        """The method a URL names at its end, and whether it has a query string."""
        found = self.file.target(node)
        if found is None or _broken(found):
            return None
        whole = True
        if found.type == "template_string":
            parts = [c for c in found.children if c.type == "template_substitution"]
            written = self.file.source(found)
            after = 1  # the text after the last substitution, without the backquotes
            if parts:
                whole = False
                after = self.file.offsets.char(parts[-1].end_byte) - self.file.span(found)[0]
            tail = unescape(written[after:-1], template=True)
        elif found.type == "binary_expression" and self.file.primitive(found) is _NOT_CONSTANT:
            right = found.child_by_field_name("right")
            operator = found.child_by_field_name("operator")
            tail = (
                None
                if right is None or operator is None or _text(operator) != "+"
                else self.file.string(right)
            )
            whole = False
        else:
            tail = self.file.string(found)
        if tail is None:
            return None
        path, _, query = tail.partition("#")[0].partition("?")
        if "/" in path:
            segment = path.rsplit("/", 1)[1]
        elif not whole:
            segment = path  # `${hook}biconnector.x.y`
        else:
            return None
        if segment.lower().endswith((".json", ".xml")):
            segment = segment.rsplit(".", 1)[0]
        return (segment, bool(query)) if METHOD.fullmatch(segment) else None

    def body(self, node: Node | None) -> tuple[str, Node | None] | None:
        """``JSON.stringify(x)`` (json) or ``new URLSearchParams(x)`` (form), and ``x``."""
        found = None if node is None else self.file.target(node)
        if found is None or _broken(found):
            return None
        arguments = _arguments(found)
        if found.type == "call_expression":
            callee = found.child_by_field_name("function")
            chain = None if callee is None else _chain(callee)
            plain = len(arguments) < 2 or self.file.primitive(arguments[1]) in (None, UNDEFINED)
            if chain == ("JSON", "stringify") and arguments and plain:  # no replacer
                return "json", arguments[0]
        if found.type == "new_expression":
            constructor = found.child_by_field_name("constructor")
            if constructor is not None and _text(constructor) == "URLSearchParams":
                return "form", arguments[0] if arguments else None
        return None

    def content_type(self, headers: Node | None) -> str | None:
        """The literal ``Content-Type`` of fetch's headers: ``""`` when none is set, ``None``
        when it cannot be told."""
        if headers is None:
            return ""
        found = self.file.target(headers)
        if found is not None and found.type == "new_expression":  # new Headers({...})
            arguments = _arguments(found)
            found = self.file.target(arguments[0]) if len(arguments) == 1 else None
        options = None if found is None else self.options(found)
        if options is None or options[1]:
            return None
        written = [v for k, v in options[0].items() if k.lower() == "content-type"]
        if not written:
            return ""
        return self.file.string(written[-1])

    def fetch(self, node: Node, arguments: list[Node]) -> None:
        """``fetch(url, {method: 'POST', headers, body})``."""
        if len(arguments) != 2:
            return
        url, options = self.url(arguments[0]), self.options(arguments[1])
        if url is None or options is None or options[1]:
            return
        members = options[0]
        verb = self.file.string(members.get("method"))
        body = self.body(members.get("body"))
        if verb is None or verb.upper() != "POST" or body is None:
            return
        content_type = self.content_type(members.get("headers"))
        if content_type is None:
            return
        if body[0] == "json" and _is_json(content_type):
            self.emit(node, arguments[0], url[0], body[1], STYLES["fetch json"], partial=url[1])
        elif body[0] == "form" and content_type == "":
            self.emit(node, arguments[0], url[0], body[1], STYLES["fetch form"], partial=url[1])

    def axios(self, node: Node, arguments: list[Node]) -> None:
        """``axios.post(url, data)``: an object is sent as JSON, URLSearchParams as a form."""
        if len(arguments) != 2:
            return
        url = self.url(arguments[0])
        data = self.file.target(arguments[1])
        if url is None or data is None:
            return
        body = self.body(data)
        if body is not None and body[0] == "form":
            self.emit(node, arguments[0], url[0], body[1], STYLES["axios form"], partial=url[1])
        elif data.type == "object":
            self.emit(
                node, arguments[0], url[0], arguments[1], STYLES["axios json"], partial=url[1]
            )


def _is_json(content_type: str) -> bool:
    """A content type the server decodes as JSON (SERVER-SPEC §2.1)."""
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or "+json" in kind


def _walk(root: Node) -> Iterator[Node]:
    """Every named node, in the order written."""
    cursor = root.walk()
    while True:
        node = cursor.node
        if node is not None and node.is_named:
            yield node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


def extract(text: str, kind: str) -> Extracted:
    """Every ``biconnector.*`` call written in ``text`` (``kind``: javascript, typescript or tsx),
    in the order written, and the suppression comments."""
    tree = Parser(_LANGUAGES[kind]).parse(text.encode("utf-8", "surrogatepass"))
    scope = _Scope()
    comments: list[Node] = []
    candidates: list[Node] = []
    for node in _walk(tree.root_node):
        if node.type == "comment":
            comments.append(node)
        elif node.type == "call_expression":
            candidates.append(node)
        scope.visit(node)
    file = _File(text, scope)
    ignores: dict[int, tuple[str, ...] | None] = {}
    for comment in comments:
        suppressions(file.source(comment), comment.start_point.row + 1, ignores)
    calls = _Calls(file)
    for candidate in candidates:
        calls.visit(candidate)
    return Extracted(calls.found, ignores)
