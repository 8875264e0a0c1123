"""Calls to ``biconnector.*`` methods written in Python, read with the standard library's ``ast``.

Call styles recognised, and how their arguments become the REST params:

* **b24pysdk scopes** (1.3): ``<anything>.biconnector.<entity>.<action>(...)``, with or without
  ``.call()`` / ``.response`` / ``.result`` after it. Entities and actions are those b24pysdk 1.3
  defines (``scopes/biconnector/_base_biconnector.py``, ``dataset/__init__.py``,
  ``dataset/fields.py``): ``connector`` and ``source`` with ``fields add get list update
  delete``; ``dataset`` with ``add get list update delete fields_update`` and the callable
  ``dataset.fields()`` / ``dataset.fields.update(...)``. 1.3 has no ``table`` entity, so
  ``.biconnector.table.add(...)`` fails in the SDK and is not read. The method is the path plus
  the action in camelCase (``scopes/_base_context.py`` ``BaseContext._get_api_method``,
  ``utils/case.py`` ``snake_to_camel``): ``dataset.fields_update`` calls
  ``biconnector.dataset.fieldsUpdate``. Arguments bind as the SDK's signatures do (positional in
  its order, or by keyword; ``timeout`` is no param); ``bitrix_id`` is sent as ``id``; the
  keyword-only ``select filter order page`` and ``add update delete`` are sent only when given
  (the SDK's ``MISSING``; an explicit ``None`` is sent), in the SDK's order; ``select``, ``add``,
  ``update``, ``delete`` go through ``list()``, so only a list or tuple stays known. A call the
  SDK refuses with a ``TypeError`` (unknown keyword, missing or extra argument) sends nothing
  and is not read. Its runtime type checks (``utils/functional.py`` ``type_checker``) are not
  modelled.
* **b24pysdk tokens**: ``<anything>.call_method(api_method, params)``, ``call_list`` (its first
  request is that call) and the keyword-only function ``call_method(..., api_method=, params=)``.
* **Batches**: ``<anything>.call_batch(methods)`` / ``call_batches`` with a list, tuple or dict of
  ``(api_method, params)`` pairs (token level) or of b24pysdk scope calls (client level,
  ``client.call_batch([client.biconnector.connector.add(...)])``): one call per command.
* **Generic clients**: ``<anything>.call("biconnector.…", {...})`` with a dict of params (no
  other arguments than ``params``/``items`` and ``raw``): fast_bitrix24's ``Bitrix.call`` when
  the file imports ``fast_bitrix24``, a JSON client otherwise.
* **Plain HTTP**: ``<x>.post|put|patch|get(url, json= | data= | params=)`` and
  ``<x>.request(verb, url, ...)`` (requests, httpx, sessions) when the URL's literal tail names the
  method after a ``/``: ``f"https://{domain}/rest/biconnector.connector.add"``,
  ``BASE + "/biconnector.source.add.json"``. ``params=`` is the query string: its keys join the
  body's, which win (SERVER-SPEC §2.1). A query string written in the URL makes the params partial.

Encodings, from each library's source:

=============================== ======== =========================================================
style                           encoding decided in
=============================== ======== =========================================================
b24pysdk scope call             json     b24pysdk 1.3.2 ``api/requesters/bitrix_api_requester.py``
                                         ``BitrixAPIRequester._request``: ``requests.post(url=…,
                                         json=self._params)``, reached from ``credentials/
                                         bitrix_token.py`` ``BitrixToken.call_method`` →
                                         ``api/callers/call_method.py`` ``call_method`` →
                                         ``api/callers/call.py`` ``call``
b24pysdk ``call_method``        json     the same path
b24pysdk ``call_batch``         batch    ``api/callers/call_batch.py`` ``_BatchCaller._cmd``:
                                         ``f"{api_method}?{encode_params(params)}"``
                                         (``utils/encoding.py`` ``encode_params``); client level:
                                         ``api/requests/bitrix_api_batch_request.py``
                                         ``BitrixAPIBatchRequest._methods`` → the same caller
fast_bitrix24 ``call``          batch    github.com/leshchenko1979/fast_bitrix24, in
                                         ``fast_bitrix24/``: ``user_request.py``
                                         ``CallUserRequest.run`` →
                                         ``mult_request.py`` ``package_batch``: ``f"{method}?
                                         {http_build_query(item)}"`` (``utils.py``); ``raw=True``:
                                         ``RawCallUserRequest`` → ``srh.py`` ``request_attempt``,
                                         ``session.post(url=…, json=…)``: json
other ``.call(method, {...})``  json     a generic client (CALL-STYLES.md)
``.post(json=…)``               json     requests 2.34 ``models.py`` ``prepare_body``
``.post(data=…)``, ``params=``  form     requests 2.34 ``models.py`` ``_encode_params``
=============================== ======== =========================================================

Python's query-string encoders are not PHP's ``http_build_query``. b24pysdk's ``encode_params``
writes ``True`` as ``True``, ``None`` as an empty string and an empty list or dict as
``key[]=``; fast_bitrix24 writes ``str()`` of every scalar (``None`` as ``None``) and nothing for
an empty list or dict; requests writes ``str()`` and leaves ``None`` out. So the params of those
calls hold what the library sends for booleans, ``None``, floats and empty containers
(``_as_query``, ``_form``), and the core's ``batch``/``form`` decoding then sees what the server
sees. What a library would write in a way not modelled (a nested value in a form body, a boolean
in a form body of a client other than requests, a tuple or an empty list or dict in a
fast_bitrix24 batch) is unknown.

Values: ``ast`` literals (strings with implicit concatenation and escapes, f-strings without
substitutions, every int and float form, ``True False None``, dicts, lists, tuples), unary minus
and plus, ``+`` of strings, ``+ - *`` of numbers, ``dict(a=1)``. A name is followed when it is
bound exactly once in the whole file (an assignment, an annotated assignment with a value, a
walrus) and never changed in place (``x[k] = v``, ``x.update(...)``, ...); a call of a function
defined once in the file (or ``self.f()`` / ``cls.f()``), undecorated or with a caching
decorator, whose body ends with its only ``return``, is followed to what it returns. Everything
else is unknown: parameters, attributes, subscripts, other calls, interpolations, environment
reads, bytes, sets, comprehensions, non-finite floats. A ``**spread`` in a dict (or
``dict(**x)``) that is not a followed dict makes that dict partial and its members written
before it unknown; ``**kwargs`` in a call makes its params partial; a ``*spread`` makes a list
unknown; a key that is not a string or an int is dropped and its dict partial. Following is
bounded (nesting depth, names and helpers per call, work per file, the size of a folded constant):
past a bound the value is unknown. A file that does not parse yields no call, and the warning ``BL008`` at the syntax error.
"""

from __future__ import annotations

import ast
import io
import math
import re
import sys
import tokenize
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final, TypeAlias

from bicon_lint.extract import build
from bicon_lint.extract.build import Builder, Call, Extracted, Offsets, Unknown
from bicon_lint.loaders.document import OffsetSpan, Problem
from bicon_lint.model import Loc, Span

_DEPTH: Final = 64
"""How deep values, names and helpers are followed (nested literals count too)."""

_BUDGET: Final = 100_000
"""How many expressions a file may evaluate, plus ten per node of its tree: names that refer
to each other twice over (``b = {"x": a, "y": a}``, ``c = {"x": b, "y": b}``, ...) would double
the work at each step."""

_FOLLOWS: Final = 1024
"""How many names bound to a dict or a list, and helpers, one call's params may follow."""

_LARGEST: Final = 1 << 20
"""The longest string (characters) and the widest int (bits) a constant fold may make."""

_NOTHING: Final = object()
"""What a constant fold gives for an expression it cannot evaluate (``None`` is a value)."""

_MUTATORS: Final = frozenset(
    {"update", "setdefault", "pop", "popitem", "clear", "append", "extend", "insert", "remove"}
    | {"sort", "reverse", "__setitem__", "__delitem__", "__ior__", "__iadd__"}
)
"""Methods that change a dict or list in place: a name they are called on is not followed."""

_PURE_DECORATORS: Final = frozenset({"staticmethod", "classmethod", "cache", "lru_cache"})

# b24pysdk 1.3: the actions of each entity, and the signatures as (positional-or-keyword names in
# order, keyword-only names, required names); every action also takes ``timeout``, no param.
_ACTIONS: Final = {
    "connector": frozenset({"fields", "add", "get", "list", "update", "delete"}),
    "source": frozenset({"fields", "add", "get", "list", "update", "delete"}),
    "dataset": frozenset({"add", "get", "list", "update", "delete", "fields_update"}),
}
_ID: Final = ("bitrix_id",)
_SIGNATURES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]] = {
    "fields": ((), (), ()),
    "add": (("fields",), (), ("fields",)),
    "get": (_ID, (), _ID),
    "delete": (_ID, (), _ID),
    "update": ((*_ID, "fields"), (), (*_ID, "fields")),
    "list": ((), ("select", "filter", "order", "page"), ()),
    "fields_update": (_ID, ("add", "update", "delete"), _ID),
}
_REST_NAME: Final = {"bitrix_id": "id"}
_LISTED: Final = frozenset({"select", "add", "update", "delete"})  # the SDK sends list(value)

_NEWLINE: Final = re.compile(r"\r\n|\r|\n")

_HTTP_VERBS: Final = frozenset({"post", "put", "patch", "get", "request"})
_URL_METHOD: Final = re.compile(
    r"/(biconnector\.[A-Za-z0-9_.]+?)(?:\.(?:json|xml))?(?P<query>\?.*)?\Z", re.IGNORECASE | re.S
)

# What b24pysdk and fast_bitrix24 write in a batch command where PHP's http_build_query differs.
_QUERY: Final[dict[str, dict[str, Any]]] = {
    # utils/encoding.py _traverse: _force_str(value), "" for None, "key[]=" for an empty iterable
    "b24pysdk": {"None": "", "empty": [""]},
    # utils.py http_build_query: quote(str(value)) for every scalar, nothing for an empty dict
    "fast_bitrix24": {"None": "None", "empty": None},
}


def extract(text: str, kind: str) -> Extracted:
    """Every ``biconnector.*`` call written in the Python ``text``, in order, and the suppression
    comments. A text that does not parse gives no call."""
    ignores: dict[int, tuple[str, ...] | None] = {}
    shift = 1 if text.startswith("\ufeff") else 0  # ``ast`` refuses a byte order mark in a str
    source = text[shift:]
    if re.search("bicon-lint", source, re.IGNORECASE):
        _comments(source, ignores)
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" is the program's business
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except SyntaxError as error:
        return Extracted([], ignores, (_unparsed(text, shift, error),))
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        return Extracted([], ignores, (_unparsed(text, shift, error),))
    file = _File(text, tree, shift)
    return Extracted(_Reader(file).calls(), ignores)


def _unparsed(text: str, shift: int, error: Exception) -> Problem:
    """BL008 at the syntax error (``SyntaxError.lineno``/``.offset``: 1-based, the offset in
    characters of the line) or, for an error without a place, at the start of the file."""
    version = ".".join(map(str, sys.version_info[:2]))
    if isinstance(error, SyntaxError) and error.lineno:
        line = error.lineno
        column = max(error.offset or 1, 1) + (shift if line == 1 else 0)
        reason = error.msg
    else:
        line, column = 1, 1
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    detail = (
        f"Python {version} cannot parse this file ({reason}), so its biconnector.* calls are "
        "not checked."
    )
    return Problem("BL008", detail, Span(line, column, line, column + 1))


def _comments(text: str, into: dict[int, tuple[str, ...] | None]) -> None:
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                build.suppressions(token.string, token.start[0], into)
    except (tokenize.TokenError, SyntaxError):  # the comments before the error still count
        return


def _is_method(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith("biconnector.")


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


def _keyword(node: ast.Call, *names: str) -> ast.keyword | None:
    return next((kw for kw in node.keywords if kw.arg in names), None)


def _argument(node: ast.Call, position: int, *names: str) -> ast.expr | None:
    """An argument given by keyword, or at ``position`` with no ``*spread`` before it."""
    found = _keyword(node, *names)
    if found is not None:
        return found.value
    before = node.args[: position + 1]
    if len(before) > position and not any(isinstance(arg, ast.Starred) for arg in before):
        return node.args[position]
    return None


def _spreads(node: ast.Call) -> bool:
    return any(kw.arg is None for kw in node.keywords)


def _chain(func: ast.expr) -> tuple[str, str, ast.expr] | None:
    """``….biconnector.<entity>.<action>``: the method, the SDK action, and the node that names
    ``biconnector`` (an attribute, or a variable of that name)."""
    parts: list[tuple[str, ast.expr]] = []
    node = func
    while isinstance(node, ast.Attribute):
        parts.append((node.attr, node))
        node = node.value
    if isinstance(node, ast.Name):
        parts.append((node.id, node))
    parts.reverse()
    names = [name for name, _ in parts]
    if names[-4:] == ["biconnector", "dataset", "fields", "update"]:
        return "biconnector.dataset.fields.update", "fields_update", parts[-4][1]
    if len(names) < 3 or names[-3] != "biconnector":
        return None
    entity, action = names[-2:]
    anchor = parts[-3][1]
    if entity == "dataset" and action == "fields":  # ``dataset.fields`` is a callable object
        return "biconnector.dataset.fields", "fields", anchor
    if action not in _ACTIONS.get(entity, ()):
        return None
    first, *rest = action.split("_")
    return f"biconnector.{entity}.{first}{''.join(w.capitalize() for w in rest)}", action, anchor


def _bind(
    node: ast.Call, signature: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
) -> dict[str, tuple[ast.expr, ast.keyword | None]] | None:
    """The arguments of an SDK call by parameter name; ``None`` where Python raises TypeError."""
    positional, keyword_only, required = signature
    if len(node.args) > len(positional):
        return None
    bound: dict[str, tuple[ast.expr, ast.keyword | None]] = {
        name: (arg, None) for name, arg in zip(positional, node.args, strict=False)
    }
    for kw in node.keywords:
        if kw.arg is None or kw.arg == "timeout":
            continue
        if kw.arg in bound or kw.arg not in (*positional, *keyword_only):
            return None
        bound[kw.arg] = (kw.value, kw)
    if not _spreads(node) and any(name not in bound for name in required):
        return None
    return bound


def _as_query(values: _Values, value: Any, loc: Loc, library: str) -> Any:
    """``value`` as b24pysdk's or fast_bitrix24's batch encoder writes it, where PHP's would not:
    booleans, ``None``, floats and empty containers (``str()`` of a scalar in both)."""
    if isinstance(value, Unknown):
        return value
    written = _QUERY[library]
    if isinstance(value, (dict, list)):
        if loc and not value:
            if written["empty"] is None:
                return values.replaced(loc, value)
            values.b.value((*loc, 0), values.b.index.values[loc])
            return list(written["empty"])
        if library == "fast_bitrix24" and loc in values.tuples:
            return values.replaced(loc, value)  # it writes the tuple's repr
        keys = list(value) if isinstance(value, dict) else range(len(value))
        for key in keys:
            value[key] = _as_query(values, value[key], (*loc, key), library)
        return value
    if value is None:
        return written["None"]
    if isinstance(value, (bool, float)):
        return str(value)
    return value


def _form(values: _Values, params: dict[str, Any], library: str, strings: bool) -> dict[str, Any]:
    """A form body or query as an HTTP library writes it: requests sends ``str()`` of scalars
    and leaves ``None`` out; for other libraries only strings and ints are known. Nested values
    are sent as repeated keys by requests and httpx: unknown. ``strings``: ints as strings too
    (a query merged under a JSON body)."""
    exact = library == "requests"
    for name in list(params):
        value = params[name]
        loc = (name,)
        if isinstance(value, str):  # an Unknown too
            continue
        if isinstance(value, (dict, list)) or (not exact and not _plain_int(value)):
            params[name] = values.replaced(loc, value)
        elif value is None:
            del values.b.index.values[loc]
            values.b.index.keys.pop(loc, None)
            del params[name]
        elif strings or isinstance(value, (bool, float)):
            params[name] = str(value)
    return params


def _plain_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _url_tail(values: _Values, node: ast.expr, depth: int = 0) -> str | None:
    """The literal end of a URL expression: the text after its last substitution."""
    whole = values.scalar(node)
    if isinstance(whole, str):
        return whole
    if depth > _DEPTH:
        return None
    if isinstance(node, ast.Name):
        target = values.file.assigned(node.id)
        return None if target is None else _url_tail(values, target, depth + 1)
    if isinstance(node, ast.JoinedStr):
        tail: list[str] = []
        for part in reversed(node.values):
            if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                break
            tail.append(part.value)
        return "".join(reversed(tail))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _url_tail(values, node.right, depth + 1)
    return None


def _only(builder: Builder, prefix: Loc) -> Builder:
    """The part of ``builder``'s record at and below ``prefix``."""
    depth = len(prefix)
    part = Builder()
    part.index.values.update((k, v) for k, v in builder.index.values.items() if k[:depth] == prefix)
    part.index.keys.update((k, v) for k, v in builder.index.keys.items() if k[:depth] == prefix)
    part.unknown.update(loc for loc in builder.unknown if loc[:depth] == prefix)
    part.partial.update(loc for loc in builder.partial if loc[:depth] == prefix)
    return part


class _Reader:
    """Finds the calls of one file."""

    def __init__(self, file: _File) -> None:
        self.file = file
        self.batched: set[int] = set()  # b24pysdk scope calls sent inside a client batch
        self.fast = "fast_bitrix24" in file.imported_from.values()

    def calls(self) -> list[Call]:
        nodes = self.file.calls
        found: list[Call] = []
        for node in nodes:  # first the batches: the scope calls inside them travel as queries
            if _callee(node) in ("call_batch", "call_batches"):
                found.extend(self._guarded(self._batch, node))
        for node in nodes:
            found.extend(self._guarded(self._call, node))
        return sorted(found, key=lambda call: call.span)

    @staticmethod
    def _guarded(read: Callable[[ast.Call], list[Call]], node: ast.Call) -> list[Call]:
        try:
            return read(node)
        except (RecursionError, ValueError):  # a pathological expression: never a traceback
            return []

    def _call(self, node: ast.Call) -> list[Call]:
        if _chain(node.func) is not None:
            return self._scope_call(node)
        callee = _callee(node)
        if callee in ("call_method", "call_list"):
            return self._call_method(node)
        if callee == "call":
            return self._generic_call(node)
        if callee in _HTTP_VERBS:
            return self._http(node)
        return []

    def _scope_call(self, node: ast.Call) -> list[Call]:
        chain = _chain(node.func)
        assert chain is not None
        method, action, anchor = chain
        signature = _SIGNATURES[action]
        starred = any(isinstance(arg, ast.Starred) for arg in node.args)
        bound = None if starred else _bind(node, signature)
        if bound is None and not starred:
            return []  # the SDK raises TypeError: nothing is sent
        file = self.file
        values = _Values(file, Builder())
        arguments = file.after(node.func, node)
        params: Any = {}
        values.b.value((), arguments)
        if bound is None:
            params = values.replaced((), params, arguments)
        else:
            for name in (*signature[0], *signature[1]):
                if name in bound:
                    rest_name = _REST_NAME.get(name, name)
                    params[rest_name] = self._sdk_argument(values, name, *bound[name])
            if _spreads(node):
                values.b.incomplete(())
        batched = id(node) in self.batched
        if batched:
            params = _as_query(values, params, (), "b24pysdk")
        if isinstance(anchor, ast.Attribute):
            start = file.name_span(anchor, "biconnector")[0]
        else:
            start = file.span(anchor)[0]
        return [
            values.b.call(
                method,
                params,
                span=file.span(node),
                method_span=(start, file.span(node.func)[1]),
                encoding="batch" if batched else "json",
                style="b24pysdk",
            )
        ]

    def _sdk_argument(
        self, values: _Values, name: str, node: ast.expr, keyword: ast.keyword | None
    ) -> Any:
        loc = (_REST_NAME.get(name, name),)
        file = self.file
        values.b.key(loc, file.span(node) if keyword is None else file.name_span(keyword, name))
        value = values.value(node, loc)
        if name in _LISTED and not isinstance(value, (list, Unknown)):
            return values.replaced(loc, value)  # list(value) of a str or a dict: not modelled
        return value

    def _call_method(self, node: ast.Call) -> list[Call]:
        method = _argument(node, 0, "api_method")
        params = _argument(node, 1, "params")
        if method is None:
            return []
        unknown = params is None and _spreads(node)  # the params may be in the spread
        style = f"b24pysdk {_callee(node)}"
        return self._single(node, method, params, "json", style, unknown=unknown)

    def _generic_call(self, node: ast.Call) -> list[Call]:
        """``client.call("biconnector.…", {...})``: a dict of params and nothing else unknown."""
        allowed = ("method", "params", "items", "raw")
        if len(node.args) > 2 or any(kw.arg not in allowed for kw in node.keywords):
            return []
        method = _argument(node, 0, "method")
        params = _argument(node, 1, "params", "items")
        if method is None:
            return []
        if not self.fast:
            return self._single(node, method, params, "json", "client.call", dict_only=True)
        raw = _keyword(node, "raw")
        if raw is not None and isinstance(raw.value, ast.Constant) and raw.value.value is True:
            style = "fast_bitrix24 call(raw=True)"
            return self._single(node, method, params, "json", style, dict_only=True)
        if raw is not None and not isinstance(raw.value, ast.Constant):
            return []  # json or batch: only the running program knows
        style = "fast_bitrix24 call"
        return self._single(node, method, params, "batch", style, query="fast_bitrix24")

    def _single(
        self,
        node: Node,
        method_node: ast.expr,
        params_node: ast.expr | None,
        encoding: str,
        style: str,
        *,
        query: str = "",
        unknown: bool = False,
        dict_only: bool = False,
    ) -> list[Call]:
        """A call whose method and params are two of its arguments (or a batch command's)."""
        file = self.file
        values = _Values(file, Builder())
        method = values.scalar(method_node)
        if not _is_method(method):
            return []
        span = file.span(node)
        params: Any
        if unknown:
            values.b.value((), span)
            params = values.replaced((), None, span)
        elif params_node is None:
            params = {}  # no params: an empty body (b24pysdk: ``params or {}``)
            values.b.value((), span)
        elif isinstance(params_node, ast.Constant) and params_node.value is None:
            params = {}
            values.b.value((), file.span(params_node))
        else:
            params = values.value(params_node, ())
        if (dict_only or query == "fast_bitrix24") and not isinstance(params, dict):
            return []
        if query == "fast_bitrix24" and not params:
            return []  # its call() refuses an empty item (a contract in user_request.py)
        if query:
            params = _as_query(values, params, (), query)
        return [
            values.b.call(
                method,
                params,
                span=span,
                method_span=file.span(method_node),
                encoding=encoding,
                style=style,
            )
        ]

    def _batch(self, node: ast.Call) -> list[Call]:
        collection = _argument(node, 0, "methods", "bitrix_api_requests")
        found: list[Call] = []
        for item in [] if collection is None else self._items(collection):
            if isinstance(item, ast.Call) and _chain(item.func) is not None:
                self.batched.add(id(item))  # read with the other scope calls
            elif isinstance(item, (ast.Tuple, ast.List)) and len(item.elts) == 2:
                method, params = item.elts
                style = "b24pysdk call_batch"
                found.extend(self._single(item, method, params, "batch", style, query="b24pysdk"))
        return found

    def _items(self, node: ast.expr) -> list[ast.expr]:
        """The commands of a batch collection written in the file (names followed)."""
        node = self._followed(node)
        if isinstance(node, ast.Dict):
            items = [
                value for key, value in zip(node.keys, node.values, strict=True) if key is not None
            ]
        elif isinstance(node, (ast.List, ast.Tuple)):
            items = [item for item in node.elts if not isinstance(item, ast.Starred)]
        else:
            return []
        return [self._followed(item) for item in items]

    def _followed(self, node: ast.expr) -> ast.expr:
        seen: set[str] = set()
        while isinstance(node, ast.Name) and node.id not in seen:
            seen.add(node.id)
            target = self.file.assigned(node.id)
            if target is None:
                break
            node = target
        return node

    def _http(self, node: ast.Call) -> list[Call]:
        verb = _callee(node)
        url = _argument(node, 1, "url") if verb == "request" else _argument(node, 0, "url")
        file = self.file
        values = _Values(file, Builder())
        tail = None if url is None else _url_tail(values, url)
        found = None if tail is None else _URL_METHOD.search(tail)
        if url is None or found is None:
            return []
        library = self._library(node.func)
        bodies = [kw for kw in node.keywords if kw.arg in ("json", "data")]
        encoding = "json" if bodies and bodies[0].arg == "json" else "form"
        arguments = file.after(node.func, node)
        params: Any
        if len(bodies) > 1 or _spreads(node):
            values.b.value((), arguments)
            params = values.replaced((), None, arguments)
        elif bodies:
            params = self._body(values, bodies[0], library)
        else:
            params = {}
            values.b.value((), arguments)
        query = _keyword(node, "params")
        if query is not None and isinstance(params, dict):
            self._merge_query(values, params, query, library, strings=encoding == "json")
        if found.group("query") and isinstance(params, dict):
            values.b.incomplete(())  # members in the URL's own query string
        return [
            values.b.call(
                found.group(1),
                params,
                span=file.span(node),
                method_span=file.span(url),
                encoding=encoding,
                style=f"{library}.{verb}" if library else f".{verb}",
            )
        ]

    def _library(self, func: ast.expr) -> str:
        """``requests`` for ``requests.post`` and for ``post`` imported from it; else the name
        of the receiver (``session``)."""
        if isinstance(func, ast.Name):
            return self.file.imported_from.get(func.id, "")
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            name = func.value.id
            return self.file.imported_from.get(name, name)
        return ""

    def _body(self, values: _Values, keyword: ast.keyword, library: str) -> Any:
        params = values.value(keyword.value, ())
        if keyword.arg == "json" or isinstance(params, Unknown):
            return params
        if not isinstance(params, dict):
            return values.replaced((), params)  # a prepared string or bytes: not modelled
        return _form(values, params, library, strings=False)

    def _merge_query(
        self,
        values: _Values,
        params: dict[str, Any],
        query: ast.keyword,
        library: str,
        *,
        strings: bool,
    ) -> None:
        """``params=`` travels in the URL; the body's keys win over it (SERVER-SPEC §2.1)."""
        inner = _Values(self.file, Builder())
        found = inner.value(query.value, ())
        if not isinstance(found, dict):
            values.b.incomplete(())
            return
        if () in inner.b.partial:
            values.b.incomplete(())
        for name, value in _form(inner, found, library, strings).items():
            if name not in params:
                params[name] = value
                build.prefixed(values.b, (), _only(inner.b, (name,)))
