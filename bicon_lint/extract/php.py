"""PHP: the ``biconnector.*`` calls of a PHP file, with their params as PHP evaluates the literals.

Call styles recognised (``style`` in brackets):

* CRest (``CRest::call``): ``CRest::call('biconnector.connector.add', $params)``, also through a
  class of the same file that extends ``CRest`` (``self::call``, ``static::call``, ``MyRest::call``).
  The params are the second argument (``[]`` when it is left out).
* CRest batch (``CRest::callBatch``): ``CRest::callBatch([$key => ['method' => ..., 'params' =>
  [...]], ...])``; each ``biconnector.*`` command is a call of its own whose params are its
  ``params`` (``[]`` when absent). CRest sends only the first 50 commands that name a method.
* b24phpsdk core (``b24phpsdk core->call``): ``...->core->call('biconnector...', $params)``; and any
  other ``->call(...)`` / ``->callMethod(...)`` / ``X::call(...)`` whose first argument is the
  method name (``->call``, ``->callMethod``, ``::call``: a generic client).
* b24phpsdk services (``b24phpsdk connector()->add`` ...): ``->connector()``, ``->source()`` and
  ``->dataset()`` of ``->getBiconnectorScope()``, or of a variable or ``$this->property`` that holds
  one (every assignment in the file agreeing), or a parameter or property typed with the SDK class
  (resolved through ``use``). The SDK sends:

  ======================================  ===============================================
  service method                          REST method and params
  ======================================  ===============================================
  ``add(array $fields)``                  ``.add`` ``['fields' => $fields]``
  ``update(int $id, array $fields)``      ``.update`` ``['id' => $id, 'fields' => $fields]``
  ``get(int $id)`` / ``delete(int $id)``  ``.get`` / ``.delete`` ``['id' => $id]``
  ``fields()``                            ``.fields`` ``[]``
  ``list($order = [], $filter = [],``     ``.list`` ``['order', 'filter', 'select']``, and
  ``$select = [], int $page = 1)``        ``'page'`` for connectors only
  ``dataset()->updateFields(int $id,``    ``biconnector.dataset.fields.update`` ``['id' => $id]``
  ``$add = [], $update = [], $delete``    plus ``add``, ``update``, ``delete`` when ``!== []``
  ``= [])``
  ``->batch->add(array $items)``          one ``.add`` command ``['fields' => $item]`` per item
  ``->batch->update(array $items)``       one ``.update`` command per ``$id => ['fields' => ...,
                                          'params' => ...]`` (``id``, ``fields``, ``params``)
  ``->batch->delete(array $ids)``         one ``.delete`` command ``['id' => $id]`` per id
  ======================================  ===============================================

  The SDK throws before sending when a batch item breaks its rules (an id that is not an int, an
  update item without ``fields``): such a batch is not reported. An ``int $id`` argument that is
  not an int literal is unknown (PHP's coercion of it is not modelled); an ``array`` argument that
  is a known non-array is a ``TypeError``: that call is not reported. ``->batch->list()`` and
  ``count()`` page through lists with parameters of the SDK's own and are not reported.
* Raw HTTP (``http_build_query``): ``http_build_query($params)`` whose result is sent to a URL
  naming the method as its last path segment (``.../rest/.../biconnector.connector.add``, optional
  ``.json``, a query string after it), when the URL is in the same statement, or in a variable
  assigned once that the statement uses (``curl_init($url)`` assigned to the handle, or one
  ``curl_setopt($ch, CURLOPT_URL, $url)`` for it), or in the one statement that uses the variable
  the query was assigned to. The URL's known text must show ``/rest/`` before the method, or be a
  literal that starts with the method right after a value only known at run time (``$webhook .
  'biconnector.source.add.json'``). More than one method named there: not reported.

Encodings, from each SDK's own source (repository, file, function; the commit read):

=====================  ========  ==============================================================
style                  encoding  source
=====================  ========  ==============================================================
CRest::call            form      bitrix-tools/crest ``src/crest.php`` ``CRest::callCurl``
                                 (0a3a4d2): ``$sPostFields = http_build_query($arParams
                                 ['params'])``, the POST body (a webhook's URL query)
CRest::callBatch       batch     same file, ``CRest::callBatch``: ``$arDataRest['cmd'][$key] =
                                 $data['method'] . '?' . http_build_query($data['params'])``
                                 for the first ``BATCH_COUNT`` (50) commands naming a method
b24phpsdk core,        json      bitrix24/b24phpsdk ``src/Core/ApiClient.php``
services                         ``ApiClient::getResponse`` (32027b2): ``'json' => $parameters``
                                 (Symfony HttpClient's JSON body); the services call
                                 ``$this->core->call`` in ``src/Services/Biconnector/Connector/
                                 Service/Connector.php`` (788ab03), ``Source/Service/Source.php``
                                 (51fb4bb), ``Dataset/Service/Dataset.php`` (3d867ad), built by
                                 ``BiconnectorServiceBuilder`` (ceaa9cc)
b24phpsdk batch        batch     ``src/Core/Batch.php`` ``Batch::convertToApiCommands``
                                 (32027b2): ``sprintf('%s?%s', $apiMethod, http_build_query(
                                 $command->getParameters()))``; items from ``Biconnector/*/
                                 Service/Batch.php`` (``add``: ``['fields' => $item]``) and
                                 ``Core/Batch::updateEntityItems`` (``id``, ``fields``,
                                 ``params``), ids checked by ``Biconnector/*/Batch.php``
                                 ``deleteEntityItems`` (``is_int``)
generic ->call         json      assumed: a client of unknown source is read as the b24phpsdk
                                 core (JSON keeps types: no finding of form encoding is claimed)
http_build_query       form      PHP's ``http_build_query``
=====================  ========  ==============================================================

``ApiClient::getResponse`` lower-cases the method name (``strtolower($apiMethod)``), so the b24phpsdk
core and services report it lower-cased; the others as written.

Values: PHP's literals exactly (single-quoted, double-quoted and heredoc escapes, nowdoc, every
integer and float form, integer overflow to float, ``true``/``false``/``null`` in any case,
``array()``/``[]`` with PHP's key casts and auto-increment, spreads, ``+`` of two arrays, ``.`` of
constants, unary ``-``/``+``/``!``); a variable assigned exactly once in the file (before the use, in the same
function, or captured by value by a closure), a function or method of the file with exactly one
``return``, and constants (``const``, ``define``, class constants) defined once in the file are
followed. A variable also changed in place (``$a['k'] = ...``, ``$a[] = ...``, ``.=``, ``++``,
``unset``, a ``foreach`` or ``list()`` target, a reference, an argument of a by-reference parameter
of PHP's array functions or of the file's own functions) is not followed. Everything else
(parameters, properties, interpolation, other calls, casts, arithmetic, ``??``, ternaries) is a
value only known at run time, and so are a string that is not UTF-8, an infinite float, an
expression with a syntax error in it, a key written after only negative int keys (PHP 8.3 changed
the next key), a list with a spread only known at run time, and the members an unknown spread
may override (its array is incomplete; a computed key's member is dropped from it). Text without
an open tag (a Markdown code block) is read as PHP code throughout.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any, Final, NamedTuple

import tree_sitter_php
from tree_sitter import Language, Node, Parser

from bicon_lint import php
from bicon_lint.extract import build
from bicon_lint.extract.build import Builder, Call, Extracted, Offsets, Unknown
from bicon_lint.loaders.document import OffsetSpan

_PHP: Final = Language(tree_sitter_php.language_php())
_PHP_ONLY: Final = Language(tree_sitter_php.language_php_only())
_OPEN_TAG: Final = re.compile(r"<\?(?:php|=)", re.IGNORECASE)

_NOPE: Final[Any] = object()
"""A value the file does not tell (a scalar evaluation's answer, never stored in params)."""

_MAX_DEPTH: Final = 64  # nested arrays plus followed variables, helpers and constants

_FUNCTION_LIKE: Final = frozenset(
    {"function_definition", "method_declaration", "anonymous_function"}
)
_MEMBER_CALLS: Final = frozenset({"member_call_expression", "nullsafe_member_call_expression"})
_MEMBER_ACCESS: Final = frozenset({"member_access_expression", "nullsafe_member_access_expression"})
_CALLS: Final = frozenset({"function_call_expression", "scoped_call_expression", *_MEMBER_CALLS})
_STRINGS: Final = frozenset({"string", "encapsed_string", "heredoc", "nowdoc"})
_LITERAL_PARTS: Final = frozenset({"string_content", "escape_sequence", "text", "nowdoc_string"})
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
_SIMPLE_STATEMENTS: Final = frozenset(
    {"expression_statement", "return_statement", "echo_statement"}
)
_STATEMENT_ENDS: Final = frozenset(
    {"compound_statement", "program", "declaration_list", "switch_block", *_FUNCTION_LIKE}
)

_SERVICES: Final = ("connector", "source", "dataset")
_SDK_CLASSES: Final = {
    "bitrix24\\sdk\\services\\biconnector\\biconnectorservicebuilder": "builder",
    **{
        f"bitrix24\\sdk\\services\\biconnector\\{name}\\service\\{name}": name for name in _SERVICES
    },
    **{
        f"bitrix24\\sdk\\services\\biconnector\\{name}\\service\\batch": f"batch:{name}"
        for name in _SERVICES
    },
}
"""The b24phpsdk classes a parameter or property may be typed with, and what each one is."""

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

_URL_METHOD: Final = re.compile(
    r"(?:^|/)(biconnector(?:\.[a-z0-9_]+)+?)(?:\.json)?/?(?:\?[^#]*)?(?:#.*)?\Z", re.IGNORECASE
)
_BICONNECTOR: Final = re.compile(r"biconnector\.", re.IGNORECASE)

_SIMPLE_ESCAPES: Final = {
    ord("n"): 10,
    ord("t"): 9,
    ord("v"): 11,
    ord("e"): 27,
    ord("f"): 12,
    ord("r"): 13,
    ord("\\"): 92,
    ord("$"): 36,
}
_HEX: Final = frozenset(b"0123456789abcdefABCDEF")
_OCTAL: Final = frozenset(b"01234567")


# Literals ------------------------------------------------------------------------------------


def _single_quoted(raw: bytes) -> bytes:
    r"""A single-quoted string's bytes: only ``\'`` and ``\\`` are escapes.

    >>> _single_quoted(rb"a\'b\\c\nd")
    b"a'b\\c\\nd"
    """
    out = bytearray()
    at, size = 0, len(raw)
    while at < size:
        if raw[at] == 0x5C and at + 1 < size and raw[at + 1] in (0x5C, 0x27):
            out.append(raw[at + 1])
            at += 2
        else:
            out.append(raw[at])
            at += 1
    return bytes(out)


def _name_start(byte: int) -> bool:
    return byte == 0x5F or 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A or byte >= 0x80


def _interpolates(raw: bytes, at: int) -> bool:
    """Does ``$`` or ``{`` at ``at`` start an interpolation (``$name``, ``${``, ``{$``)?"""
    if at + 1 >= len(raw):
        return False
    follower = raw[at + 1]
    if raw[at] == 0x24:
        return _name_start(follower) or follower == 0x7B
    return raw[at] == 0x7B and follower == 0x24


def _double_quoted(raw: bytes, quote: int | None) -> bytes | None:
    r"""A double-quoted string's (``quote`` ``"``) or a heredoc's (``None``) bytes; ``None`` when it
    interpolates a variable or has an escape PHP refuses (``\u{}``).

    >>> _double_quoted(rb"a\tb\x41\101\u{416}\q\400\"", ord('"'))
    b'a\tbAA\xd0\x96\\q\x00"'
    >>> _double_quoted(rb"\"", None), _double_quoted(rb"$x", 34), _double_quoted(rb"\$x {x", 34)
    (b'\\"', None, b'$x {x')
    """
    out = bytearray()
    at, size = 0, len(raw)
    while at < size:
        byte = raw[at]
        if byte == 0x5C and at + 1 < size:
            escaped = _escape(raw, at, quote, out)
            if escaped is None:
                return None
            at = escaped
            continue
        if byte in (0x24, 0x7B) and _interpolates(raw, at):
            return None
        out.append(byte)
        at += 1
    return bytes(out)


def _escape(raw: bytes, at: int, quote: int | None, out: bytearray) -> int | None:
    """Append the escape sequence at ``at`` (a backslash) to ``out``; where the text goes on."""
    follower = raw[at + 1]
    if follower in _SIMPLE_ESCAPES:
        out.append(_SIMPLE_ESCAPES[follower])
        return at + 2
    if quote is not None and follower == quote:
        out.append(follower)
        return at + 2
    if follower in _OCTAL:
        end = at + 1
        while end < len(raw) and end < at + 4 and raw[end] in _OCTAL:
            end += 1
        out.append(int(raw[at + 1 : end], 8) & 0xFF)  # "\400" overflows to "\000" (a warning)
        return end
    if follower == ord("x") and at + 2 < len(raw) and raw[at + 2] in _HEX:
        end = at + 3 if at + 3 < len(raw) and raw[at + 3] in _HEX else at + 2
        out.append(int(raw[at + 2 : end + 1], 16))
        return end + 1
    if follower == ord("u") and at + 2 < len(raw) and raw[at + 2] == ord("{"):
        close = raw.find(b"}", at + 3)
        digits = raw[at + 3 : close]
        if close == -1 or not digits or not all(byte in _HEX for byte in digits):
            return None  # a compile error in PHP
        point = int(digits, 16)
        if point > 0x10FFFF:
            return None
        out += chr(point).encode("utf-8", "surrogatepass")
        return close + 1
    out.append(0x5C)  # not an escape: the backslash stays
    return at + 1


def _integer(text: str) -> int | float | None:
    """A PHP integer literal's value; beyond ``PHP_INT_MAX`` a float, as PHP's lexer makes it.

    >>> [_integer(t) for t in ("1_000", "0x1F", "0o17", "017", "0b101", "0", "08")]
    [1000, 31, 15, 15, 5, 0, None]
    >>> _integer("9223372036854775808"), _integer("0xFFFFFFFFFFFFFFFF")
    (9.223372036854776e+18, 1.8446744073709552e+19)
    """
    digits = text.replace("_", "")
    prefix = digits[:2].lower()
    base = {"0x": 16, "0b": 2, "0o": 8}.get(prefix)
    if base is not None:
        digits = digits[2:]
    elif len(digits) > 1 and digits[0] == "0":
        base, digits = 8, digits[1:]
    else:
        base = 10
    try:
        value = int(digits, base)
    except ValueError:
        return None  # "08": PHP's "Invalid numeric literal"
    if value <= php.INT_MAX:
        return value
    if base == 10:
        return float(digits)  # zend_strtod: correctly rounded
    number = 0.0  # zend_hex_strtod and friends accumulate in a double, digit by digit
    for digit in digits:
        number = number * base + int(digit, base)
    return number


def _float(text: str) -> float | None:
    try:
        return float(text.replace("_", ""))
    except ValueError:
        return None


def _array_key(key: Any) -> str | int | None:
    """The key PHP stores for ``key`` in an array literal; ``None`` when the file cannot tell.

    >>> [_array_key(k) for k in ("1", "01", True, False, None, 2.9, -0.5, "x")]
    [1, '01', 1, 0, '', 2, 0, 'x']
    """
    if isinstance(key, bool):
        return int(key)
    if isinstance(key, int):
        return key
    if isinstance(key, str):
        return php.array_key(key)
    if key is None:
        return ""
    if isinstance(key, float) and math.isfinite(key) and php.INT_MIN <= key < php.INT_MAX:
        return int(key)  # truncated (a deprecation notice for a fraction)
    return None


def _concat_part(value: Any) -> str | None:
    """A scalar's string in a ``.`` concatenation; ``None`` for what the file cannot tell."""
    if value is _NOPE or isinstance(value, (dict, list)):
        return None  # an array is "Array" with a warning: a bug, not a value to check
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return php.to_string(value)


def _heredoc_lines(raw: bytes, indent: bytes) -> bytes | None:
    """A heredoc's body without the closing marker's indentation (PHP 7.3)."""
    if not indent:
        return raw
    lines = []
    for line in raw.split(b"\n"):
        if line.startswith(indent):
            lines.append(line[len(indent) :])
        elif line.strip(b"\r") == b"":
            lines.append(line)
        else:
            return None  # "Invalid body indentation level": a parse error in PHP
    return b"\n".join(lines)


# The file ------------------------------------------------------------------------------------


class _Def(NamedTuple):
    """One place where a variable gets a value (or may change)."""

    kind: str  # "assign" (value), "param" (typed by type), "other" (changed in place)
    at: Node  # the variable
    value: Node | None
    scope: Node | None  # the function the variable lives in; None: the file's top level
    type: str | None = None


class _Param(NamedTuple):
    name: str
    kind: str  # "int" | "array"
    default: Any = _NOPE  # _NOPE: required


_FIELDS: Final = _Param("fields", "array")
_ID: Final = _Param("id", "int")
_LIST: Final = (
    _Param("order", "array", []),
    _Param("filter", "array", []),
    _Param("select", "array", []),
)
_SERVICE_METHODS: Final[dict[str, tuple[str, tuple[_Param, ...]]]] = {
    "add": ("add", (_FIELDS,)),
    "update": ("update", (_ID, _FIELDS)),
    "get": ("get", (_ID,)),
    "delete": ("delete", (_ID,)),
    "fields": ("fields", ()),
    "list": ("list", _LIST),
}
"""A service's method (lower-cased) → its REST method's last part and its parameters (whose names
are the REST params' names too)."""

_UPDATE_FIELDS: Final = (
    _ID,
    _Param("add", "array", []),
    _Param("update", "array", []),
    _Param("delete", "array", []),
)
_BATCH_PARAMETERS: Final = {
    "add": {"connector": "connectors", "source": "sources", "dataset": "datasets"},
    "update": dict.fromkeys(_SERVICES, "entityItems"),
    "delete": {"connector": "connectorIds", "source": "sourceIds", "dataset": "datasetIds"},
}
"""``->batch->add/update/delete``: the parameter's name in each service's Batch class."""


class _File:
    """One parsed PHP file: where its variables, functions and constants are defined, and the
    evaluation of expressions against them."""

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

    # -- b24phpsdk service objects

    def service(self, node: Node, depth: int = 0) -> str | None:
        """What a b24phpsdk object expression is: "builder", a service name, "batch:<name>"."""
        if depth >= _MAX_DEPTH or node.has_error:
            return None
        kind = node.type
        if kind == "parenthesized_expression" and node.named_children:
            return self.service(node.named_children[0], depth + 1)
        if kind in _MEMBER_CALLS:
            name = self.name(node.child_by_field_name("name")).lower()
            if name == "getbiconnectorscope":
                return "builder"
            target = node.child_by_field_name("object")
            if (
                name in _SERVICES
                and target is not None
                and self.service(target, depth + 1) == "builder"
            ):
                return name
            return None
        if kind in _MEMBER_ACCESS:
            name = self.name(node.child_by_field_name("name"))
            target = node.child_by_field_name("object")
            if target is None:
                return None
            if name == "batch":
                owner = self.service(target, depth + 1)
                return f"batch:{owner}" if owner in _SERVICES else None
            if self.name(target) == "$this":
                return self._property_service(name, depth)
            return None
        if kind == "variable_name":
            return self._variable_service(node, depth)
        return None

    def _variable_service(self, node: Node, depth: int) -> str | None:
        found: set[str | None] = set()
        for definition in self.vars.get(self.name(node), []):
            if definition.kind == "assign" and definition.value is not None:
                found.add(self.service(definition.value, depth + 1))
            elif definition.kind == "param":
                found.add(self._sdk_class(definition.type))
            else:
                return None
        return found.pop() if len(found) == 1 else None

    def _property_service(self, name: str, depth: int) -> str | None:
        assigned = {self.service(value, depth + 1) for value in self.props.get(name, [])}
        typed = {self._sdk_class(type_name) for type_name in self.prop_types.get(name, [])}
        found = assigned | typed
        return found.pop() if len(found) == 1 else None

    def _sdk_class(self, type_name: str | None) -> str | None:
        if not type_name:
            return None
        name = type_name.lstrip("?")
        if name.startswith("\\"):
            full = name[1:].lower()
        else:
            first, _, rest = name.lower().partition("\\")
            if first in self.uses:
                full = self.uses[first] + (f"\\{rest}" if rest else "")
            else:
                full = f"{self.namespace}\\{name.lower()}" if self.namespace else name.lower()
        return _SDK_CLASSES.get(full)

    # -- CRest

    def is_crest(self, scope: Node, call: Node) -> bool:
        """Is a static call's scope CRest, or a class of this file that extends it?"""
        name = self.name(scope).lower()
        if name in ("self", "static"):
            owner = self.enclosing_class(call)
            return owner is not None and self._extends_crest(owner, 0)
        if name == "parent":
            owner = self.enclosing_class(call)
            parent = self.parents.get(owner or "")
            return parent is not None and self._extends_crest(parent, 0)
        return self._extends_crest(_last_segment(name), 0)

    def _extends_crest(self, name: str, depth: int) -> bool:
        if name == "crest":
            return True
        parent = self.parents.get(name)
        return parent is not None and depth < _MAX_DEPTH and self._extends_crest(parent, depth + 1)


class _Member(NamedTuple):
    """One member of an array literal being built."""

    value: Any
    record: Builder
    key_span: OffsetSpan | None
    node: Node  # the value expression (made unknown when a later spread may override it)


class _ArrayBuilder:
    """PHP's construction of an array literal: key casts, auto-increment, duplicates, spreads."""

    def __init__(self, file: _File, depth: int) -> None:
        self.file = file
        self.depth = depth
        self.members: dict[str | int, _Member] = {}
        self.max_int: int | None = None
        self.next_unknown = False  # after a spread only known at run time
        self.partial = False

    def has_string_key(self) -> bool:
        return any(isinstance(key, str) for key in self.members)

    def add(self, element: Node) -> bool:
        """Add one ``array_element_initializer``; ``False`` when its structure is broken."""
        parts = [child for child in element.named_children if child.type != "comment"]
        arrow = any(child.type == "=>" for child in element.children)
        if not parts or element.is_error:
            return False
        if parts[0].type == "variadic_unpacking":
            return self._spread(parts[0])
        if len(parts) != (2 if arrow else 1):
            return False
        if arrow and parts[0].has_error:
            return False
        value_node = parts[-1]
        if arrow:
            key = _array_key(self.file.scalar(parts[0], self.depth + 1))
            if key is None:
                self.partial = True  # a computed key: the member is dropped
                return True
            self._put(key, value_node, self.file.span(parts[0]))
        else:
            self._append(value_node)
        return True

    def _evaluate(self, node: Node) -> tuple[Any, Builder]:
        if node.type == "by_ref":
            record = Builder()
            return self.file.unknown(node, record), record
        return self.file.value(node, self.depth + 1)

    def _put(self, key: str | int, node: Node, key_span: OffsetSpan | None) -> None:
        value, record = self._evaluate(node)
        self._store(key, _Member(value, record, key_span, node))

    def _store(self, key: str | int, member: _Member) -> None:
        self.members[key] = member  # a duplicate replaces the value and keeps the first's place
        if isinstance(key, int):
            self.max_int = key if self.max_int is None else max(self.max_int, key)

    def _next_key(self) -> int | None:
        """The key PHP gives a member written without one; ``None`` when it depends on the PHP
        version (only negative keys before: 8.3 changed it) or on a run-time spread."""
        if self.next_unknown:
            return None
        if self.max_int is None:
            return 0
        if self.max_int < -1 or self.max_int >= php.INT_MAX:
            return None
        return self.max_int + 1

    def _append(self, node: Node) -> None:
        key = self._next_key()
        if key is None:
            self.partial = True
            return
        self._put(key, node, None)

    def _spread(self, spread: Node) -> bool:
        operands = [child for child in spread.named_children if child.type != "comment"]
        if len(operands) != 1:
            return False
        value, record = self.file.value(operands[0], self.depth + 1)
        if isinstance(value, (dict, list)) and () not in record.partial:
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                inner, key_span = _below(record, key)
                member = _Member(item, inner, key_span, operands[0])
                if isinstance(key, str):
                    self._store(key, member)
                    continue
                position = self._next_key()
                if position is None:
                    self.partial = True
                    continue
                self._store(position, member)
            return True
        # Members before it may be overridden by it: their values become unknown.
        for key, member in list(self.members.items()):
            record = Builder()
            self.members[key] = member._replace(
                value=self.file.unknown(member.node, record), record=record
            )
        self.next_unknown = True
        self.partial = True
        return True

    def finish(self, record: Builder) -> Any:
        keys = list(self.members)
        if not self.partial and keys == list(range(len(keys))):
            result: Any = [member.value for member in self.members.values()]
        else:
            result = {key: member.value for key, member in self.members.items()}
        if self.partial:
            record.incomplete(())
        for key, member in self.members.items():
            build.prefixed(record, (key,), member.record)
            if member.key_span is not None:
                record.key((key,), member.key_span)
        return result


def _below(record: Builder, first: str | int) -> tuple[Builder, OffsetSpan | None]:
    """The part of ``record`` below its member ``first``, and that member's key span."""
    inner = Builder()
    for loc, span in record.index.values.items():
        if loc and loc[0] == first:
            inner.index.values[loc[1:]] = span
    key_span = None
    for loc, span in record.index.keys.items():
        if loc == (first,):
            key_span = span
        elif loc and loc[0] == first:
            inner.index.keys[loc[1:]] = span
    inner.unknown.update(loc[1:] for loc in record.unknown if loc and loc[0] == first)
    inner.partial.update(loc[1:] for loc in record.partial if loc and loc[0] == first)
    return inner, key_span


def _last_segment(name: str) -> str:
    return name.rsplit("\\", 1)[-1].lower()


def _namespace_of(name: str) -> str:
    return name.lstrip("\\").rpartition("\\")[0].lower()


def _arguments(arguments: Node) -> list[Node]:
    return [child for child in arguments.named_children if child.type == "argument"]


def _argument_value(argument: Node) -> Node:
    """An ``argument``'s expression (after its name, for a named argument)."""
    name = argument.child_by_field_name("name")
    values = [
        child for child in argument.named_children if child != name and child.type != "comment"
    ]
    return values[-1] if values else argument


def _name_is(call: Node, name: str, file: _File) -> bool:
    """Is ``call`` a call of the PHP function ``name`` (any case, optionally ``\\``-rooted)?"""
    if call.type != "function_call_expression":
        return False
    return file.name(call.child_by_field_name("function")).lstrip("\\").lower() == name


# Calls ---------------------------------------------------------------------------------------


class _Bound(NamedTuple):
    """A call's arguments bound to parameter names (their expressions)."""

    values: dict[str, Node]
    broken: bool  # an argument list tree-sitter could not parse: later arguments are unknown


def _bind(file: _File, call: Node, names: tuple[str, ...]) -> _Bound | None:
    """Bind ``call``'s arguments to ``names`` as PHP does (positional, then named); ``None`` when
    PHP would refuse the call or the file cannot tell (a spread ``...$args``)."""
    arguments = call.child_by_field_name("arguments")
    if arguments is None:
        return None
    broken = any(child.is_error or child.is_missing for child in arguments.children)
    bound: dict[str, Node] = {}
    named = False
    for position, argument in enumerate(_arguments(arguments)):
        if any(child.type == "variadic_unpacking" for child in argument.named_children):
            return None
        label = argument.child_by_field_name("name")
        if label is not None:
            name = file.name(label)
            if name not in names or name in bound:
                return None
            bound[name] = _argument_value(argument)
            named = True
        elif named:
            return None  # a positional argument after a named one: a compile error
        elif position < len(names):
            bound[names[position]] = _argument_value(argument)
        if broken:
            break  # the first argument may still be read; the rest is unknown
    return _Bound(bound, broken)


class _Calls:
    """Finds the calls of one file, in the order they are written."""

    def __init__(self, file: _File) -> None:
        self.file = file
        self.found: list[Call] = []

    def run(self) -> list[Call]:
        for node in self.file.calls:
            self._call(node)
        return self.found

    def _call(self, node: Node) -> None:
        kind = node.type
        file = self.file
        if kind == "scoped_call_expression":
            name = file.name(node.child_by_field_name("name")).lower()
            scope = node.child_by_field_name("scope")
            crest = scope is not None and file.is_crest(scope, node)
            if crest and name == "callbatch":
                self._crest_batch(node)
            elif name == "call":
                style = "CRest::call" if crest else "::call"
                self._method_call(node, ("method", "params"), style, "form" if crest else "json")
        elif kind in _MEMBER_CALLS:
            self._member_call(node)
        elif _name_is(node, "http_build_query", file):
            self._http(node)

    def _member_call(self, node: Node) -> None:
        file = self.file
        name = file.name(node.child_by_field_name("name")).lower()
        target = node.child_by_field_name("object")
        if target is None:
            return
        if name in ("call", "callmethod"):
            core = (
                target.type in _MEMBER_ACCESS
                and file.name(target.child_by_field_name("name")) == "core"
            )
            if core and name == "call":
                self._method_call(
                    node, ("apiMethod", "parameters"), "b24phpsdk core->call", "json", lower=True
                )
            else:
                self._method_call(
                    node,
                    ("method", "params"),
                    f"->{file.name(node.child_by_field_name('name'))}",
                    "json",
                )
            return
        service = file.service(target)
        if service in _SERVICES:
            assert service is not None
            self._service_call(node, service, name)
        elif service is not None and service.startswith("batch:"):
            self._batch_call(node, service.partition(":")[2], name)

    # -- a method name and its params

    def _method_name(self, node: Node) -> tuple[str, OffsetSpan] | None:
        """A method name argument: a known ``biconnector.*`` string and where it is written."""
        name = self.file.scalar(node, 0)
        if not isinstance(name, str) or _BICONNECTOR.match(name) is None:
            return None
        written = node
        for _ in range(_MAX_DEPTH):  # the literal a followed variable or constant holds
            target = self.file.target(written)
            if target is None:
                break
            written = target
        return name, self.file.span(written)

    def _method_call(
        self, node: Node, names: tuple[str, str], style: str, encoding: str, *, lower: bool = False
    ) -> None:
        bound = _bind(self.file, node, names)
        if bound is None or names[0] not in bound.values:
            return
        named = self._method_name(bound.values[names[0]])
        if named is None:
            return
        method, method_span = named
        arguments = node.child_by_field_name("arguments")
        assert arguments is not None
        if bound.broken:
            record = Builder()
            params: Any = self.file.unknown(arguments, record)
        elif names[1] in bound.values:
            params, record = self.file.value(bound.values[names[1]])
        else:
            params, record = [], Builder()
            record.value((), self.file.span(arguments))
        self._add(
            record, method.lower() if lower else method, params, node, method_span, encoding, style
        )

    def _add(
        self,
        record: Builder,
        method: str,
        params: Any,
        node: Node | OffsetSpan,
        method_span: OffsetSpan,
        encoding: str,
        style: str,
    ) -> None:
        span = node if isinstance(node, tuple) else self.file.span(node)
        self.found.append(
            record.call(
                method, params, span=span, method_span=method_span, encoding=encoding, style=style
            )
        )

    # -- CRest::callBatch

    def _crest_batch(self, node: Node) -> None:
        bound = _bind(self.file, node, ("arData", "halt"))
        if bound is None or bound.broken or "arData" not in bound.values:
            return
        commands, record = self.file.value(bound.values["arData"])
        if not isinstance(commands, (dict, list)):
            return
        items = commands.items() if isinstance(commands, dict) else enumerate(commands)
        counted = 0
        for key, command in items:
            if counted >= 50:  # CRest::BATCH_COUNT: later commands are never sent
                break
            inner, _ = _below(record, key)
            method = command.get("method") if isinstance(command, dict) else None
            if not isinstance(command, dict) or () in inner.partial:
                counted += 1  # it may name a method: it counts (``!empty($data['method'])``)
            elif isinstance(method, Unknown) or not php.empty(method):
                counted += 1
            if isinstance(method, Unknown) or not isinstance(method, str):
                continue
            if _BICONNECTOR.match(method) is not None:
                assert isinstance(command, dict)
                self._crest_command(inner, command, method)

    def _crest_command(self, inner: Builder, command: dict[Any, Any], method: str) -> None:
        span = inner.index.values[()]
        method_span = inner.index.values.get(("method",), span)
        params_record, params = _below(inner, "params")[0], command.get("params", [])
        if "params" not in command:
            params_record = Builder()
            if () in inner.partial:  # a run-time spread may bring them
                params = params_record.runtime((), self.file.text[span[0] : span[1]], span)
            else:
                params_record.value((), span)
        self._add(params_record, method, params, span, method_span, "batch", "CRest::callBatch")

    # -- b24phpsdk services

    def _service_call(self, node: Node, service: str, name: str) -> None:
        parameters: tuple[_Param, ...]
        if name == "updatefields" and service == "dataset":
            rest, parameters = "fields.update", _UPDATE_FIELDS
        elif name in _SERVICE_METHODS:
            rest, parameters = _SERVICE_METHODS[name]
            if name == "list" and service == "connector":
                parameters = (*parameters, _Param("page", "int", 1))
        else:
            return
        bound = _bind(self.file, node, tuple(parameter.name for parameter in parameters))
        if bound is None or bound.broken:
            return
        name_node = node.child_by_field_name("name")
        arguments = node.child_by_field_name("arguments")
        assert name_node is not None and arguments is not None
        method_span = self.file.span(name_node)
        record = Builder()
        record.value((), self.file.span(arguments))
        params: dict[str, Any] = {}
        for parameter in parameters:
            argument = bound.values.get(parameter.name)
            if argument is None:
                if parameter.default is _NOPE:
                    return  # ArgumentCountError: nothing is sent
                if rest == "fields.update" and parameter.name != "id":
                    continue  # updateFields leaves out what is []
                params[parameter.name] = parameter.default
                record.value((parameter.name,), method_span)
                record.key((parameter.name,), method_span)
                continue
            value, inner = self._typed(argument, parameter.kind)
            if value is _NOPE:
                return  # a TypeError: nothing is sent
            if rest == "fields.update" and parameter.name != "id" and value == []:
                continue
            params[parameter.name] = value
            build.prefixed(record, (parameter.name,), inner)
            record.key((parameter.name,), self.file.span(argument))
        style = f"b24phpsdk {service}()->{self.file.name(name_node)}"
        sent: Any = params if parameters else []  # fields(): core->call() with its default []
        self._add(record, f"biconnector.{service}.{rest}", sent, node, method_span, "json", style)

    def _typed(self, argument: Node, kind: str) -> tuple[Any, Builder]:
        """An argument of an ``int`` or ``array`` parameter: its value, unknown when PHP would
        convert it, ``_NOPE`` when PHP refuses it (a known non-array for ``array``)."""
        value, record = self.file.value(argument)
        if isinstance(value, Unknown):
            return value, record
        if kind == "array":
            return (value, record) if isinstance(value, (dict, list)) else (_NOPE, record)
        if isinstance(value, int) and not isinstance(value, bool):
            return value, record
        record = Builder()
        return self.file.unknown(argument, record), record

    def _batch_call(self, node: Node, service: str, name: str) -> None:
        if name not in _BATCH_PARAMETERS:
            return
        parameter = _BATCH_PARAMETERS[name][service]
        bound = _bind(self.file, node, (parameter,))
        if bound is None or bound.broken or parameter not in bound.values:
            return
        items, record = self.file.value(bound.values[parameter])
        if not isinstance(items, (dict, list)):
            return
        pairs = list(items.items() if isinstance(items, dict) else enumerate(items))
        commands = [self._batch_command(name, key, item, record) for key, item in pairs]
        if any(command is None for command in commands):
            return  # the SDK throws before sending anything
        style = f"b24phpsdk {service}()->batch->{self.file.name(node.child_by_field_name('name'))}"
        method = f"biconnector.{service}.{name}"
        name_node = node.child_by_field_name("name")
        assert name_node is not None
        for command in commands:
            assert command is not None
            params, inner, span = command
            self._add(inner, method, params, span, self.file.span(name_node), "batch", style)

    def _batch_command(
        self, name: str, key: str | int, item: Any, record: Builder
    ) -> tuple[Any, Builder, OffsetSpan] | None:
        """One batch item's command params, their record and the item's span."""
        inner, key_span = _below(record, key)
        span = inner.index.values[()]
        command = Builder()
        command.value((), span)
        if name == "add":
            build.prefixed(command, ("fields",), inner)
            command.key(("fields",), span)
            return {"fields": item}, command, span
        if name == "delete":
            if isinstance(item, Unknown) or (isinstance(item, int) and not isinstance(item, bool)):
                build.prefixed(command, ("id",), inner)
                command.key(("id",), span)
                return {"id": item}, command, span
            return None  # deleteEntityItems: "id must be integer type"
        if not isinstance(key, int):
            return None  # updateEntityItems: "entity id must be integer type"
        id_span = key_span or span
        command.value(("id",), id_span)
        command.key(("id",), id_span)
        whole = (min(id_span[0], span[0]), max(id_span[1], span[1]))
        if isinstance(item, Unknown):
            build.prefixed(command, ("fields",), inner)
            command.key(("fields",), span)
            return {"id": key, "fields": item}, command, whole
        if not isinstance(item, dict) or ("fields" not in item and () not in inner.partial):
            return None  # "array key «fields» not found in entity item"
        params: dict[str, Any] = {"id": key}
        for part in ("fields", "params"):
            if part in item:
                below, part_key = _below(inner, part)
                params[part] = item[part]
                build.prefixed(command, (part,), below)
                command.key((part,), part_key or span)
            elif part == "fields":
                params[part] = command.runtime((part,), self.file.text[span[0] : span[1]], span)
        return params, command, whole

    # -- http_build_query

    def _http(self, node: Node) -> None:
        bound = _bind(self.file, node, ("data", "numeric_prefix", "arg_separator", "encoding_type"))
        if bound is None or bound.broken or "data" not in bound.values:
            return
        found = _Urls(self.file, node).find()
        if found is None:
            return
        method, method_span = found
        params, record = self.file.value(bound.values["data"])
        self._add(record, method, params, node, method_span, "form", "http_build_query")


class _Urls:
    """The REST URL an ``http_build_query`` call's result is sent to, if the file tells."""

    def __init__(self, file: _File, query: Node) -> None:
        self.file = file
        self.query = query
        self.found: dict[str, OffsetSpan] = {}
        self._seen: set[Node] = set()

    def find(self) -> tuple[str, OffsetSpan] | None:
        statement = _statement(self.query)
        self._collect(statement, 0)
        if not self.found:
            self._through_variable(statement)
        methods = {method.lower() for method in self.found}
        if len(methods) != 1:
            return None
        return next(iter(self.found.items()))

    def _through_variable(self, statement: Node) -> None:
        """``$query = http_build_query(...)``: the statements that use ``$query``."""
        parent = self.query.parent
        if parent is None or parent.type != "assignment_expression":
            return
        left = parent.child_by_field_name("left")
        if (
            left is None
            or left.type != "variable_name"
            or parent.child_by_field_name("right") != self.query
        ):
            return
        name = self.file.name(left)
        if len(self.file.vars.get(name, [])) != 1:
            return
        scope = self.file.scope(parent)
        uses = {
            _statement(use)
            for use in _descendants(scope if scope is not None else _root(statement))
            if use.type == "variable_name" and use != left and self.file.name(use) == name
        }
        for use in uses:
            self._collect(use, 0)

    def _collect(self, node: Node, depth: int) -> None:
        if depth >= _MAX_DEPTH:
            return
        for child in _descendants(node, skip=self.query):
            if child in self._seen:
                continue
            self._seen.add(child)
            if child.type in _STRINGS:
                self._literal(child)
            elif child.type == "variable_name":
                self._variable(child, depth)

    def _variable(self, node: Node, depth: int) -> None:
        target = self.file.follow_variable(node)
        if target is not None:
            self._collect(target, depth + 1)
        if len(self.file.vars.get(self.file.name(node), [])) == 1:
            for url in self.file.curl_urls.get(self.file.name(node), []):
                self._collect(url, depth + 1)

    def _literal(self, node: Node) -> None:
        tail = self.file.string_tail(node)
        if tail is None:
            return
        text, whole = tail
        match = _URL_METHOD.search(text)
        if match is None:
            return
        before = text[: match.start(1)]
        parent = node.parent
        concatenated = (
            parent is not None
            and parent.type == "binary_expression"
            and parent.child_by_field_name("right") == node
            and self.file.name(parent.child_by_field_name("operator")) == "."
        )
        after_run_time = match.start(1) == 0 and (not whole or concatenated)
        if "/rest/" in before.lower() or after_run_time:
            self.found.setdefault(match.group(1), self.file.span(node))


def _statement(node: Node) -> Node:
    """The statement that holds ``node``, or the condition of an ``if``/``while`` holding it."""
    current = node
    while current.type not in _SIMPLE_STATEMENTS:
        parent = current.parent
        if parent is None or parent.type in _STATEMENT_ENDS:
            break
        if parent.type.endswith("_statement") and parent.type not in _SIMPLE_STATEMENTS:
            break  # a condition: not the whole statement with its body
        current = parent
    return current


def _root(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def _descendants(node: Node, skip: Node | None = None) -> Iterator[Node]:
    """``node`` and every node below it, in order (not below ``skip``, nor inside strings)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current == skip:
            continue
        yield current
        if current.type not in _STRINGS:
            stack.extend(reversed(current.children))


def extract(text: str, kind: str) -> Extracted:
    """Every ``biconnector.*`` call written in the PHP ``text``, in order, and the suppression
    comments. Text without an open tag (a Markdown code block) is read as PHP code throughout."""
    source = text.encode("utf-8", "surrogatepass")
    language = _PHP if _OPEN_TAG.search(text) else _PHP_ONLY
    tree = Parser(language).parse(source)
    file = _File(text, source, tree.root_node)
    return Extracted(_Calls(file).run(), file.ignores)
