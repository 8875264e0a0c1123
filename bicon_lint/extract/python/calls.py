"""The call styles of Python: b24pysdk scope calls, ``call_method``/``call_list``, batches,
generic ``.call(...)`` clients (fast_bitrix24), and plain HTTP to a REST URL; each call's method
and params read from its arguments."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Any, Final

from bicon_lint.extract import build
from bicon_lint.extract.build import Builder, Call, Unknown
from bicon_lint.extract.python.arguments import (
    _LISTED,
    _REST_NAME,
    _SIGNATURES,
    _argument,
    _bind,
    _chain,
    _keyword,
    _spreads,
)
from bicon_lint.extract.python.encodings import _as_query, _form, _only
from bicon_lint.extract.python.scope import Node, _File
from bicon_lint.extract.python.values import _DEPTH, _callee, _Values

_HTTP_VERBS: Final = frozenset({"post", "put", "patch", "get", "request"})
_URL_METHOD: Final = re.compile(
    r"/(biconnector\.[A-Za-z0-9_.]+?)(?:\.(?:json|xml))?(?P<query>\?.*)?\Z", re.IGNORECASE | re.S
)


def _is_method(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith("biconnector.")


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
        """``params=`` travels in the URL; the body's keys win over it
        (``CRestUtil::getRequestData``, ``rest/classes/general/rest_util.php``)."""
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
