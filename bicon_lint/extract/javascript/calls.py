"""The call styles of JavaScript and TypeScript: BX24, BX.rest and b24jssdk calls and batches,
other clients' ``.call(...)``, ``fetch`` and ``axios.post`` to a REST URL; each call's method and
params found among its arguments."""

from __future__ import annotations

import re
from typing import Any, Final

from tree_sitter import Node

from bicon_lint.extract.build import Builder, Call, Unknown
from bicon_lint.extract.javascript.encodings import STYLES, _Style
from bicon_lint.extract.javascript.literals import UNDEFINED, unescape
from bicon_lint.extract.javascript.nodes import _WRAPPERS, _arguments, _broken, _inner, _text
from bicon_lint.extract.javascript.values import _NOT_CONSTANT, _File
from bicon_lint.methods import lookup

METHOD: Final = re.compile(r"biconnector(?:\.[A-Za-z0-9_]+)+", re.IGNORECASE)
"""A ``biconnector.*`` method name (the whole string)."""

_SDK_RECEIVERS: Final = frozenset({"$b24", "b24"})
_GLOBALS: Final = frozenset({"window", "globalThis", "self"})
_LOGGING: Final = frozenset({"log", "info", "warn", "error", "debug", "trace"})


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
    """A content type the server decodes as JSON (``HttpRequest::isJson``,
    ``main/lib/httprequest.php``, since 2026-05; ``application/json`` alone before)."""
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or "+json" in kind
