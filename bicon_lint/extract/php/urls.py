"""The REST URL an ``http_build_query`` call's result is sent to: the statement around it, a
variable it is assigned to, and the URLs those name (``curl_init``, ``CURLOPT_URL``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from tree_sitter import Node

from bicon_lint.extract.php.file import _File
from bicon_lint.extract.php.nodes import _FUNCTION_LIKE, _MAX_DEPTH, _STRINGS
from bicon_lint.loaders.document import OffsetSpan

_URL_METHOD: Final = re.compile(
    r"(?:^|/)(biconnector(?:\.[a-z0-9_]+)+?)(?:\.json)?/?(?:\?[^#]*)?(?:#.*)?\Z", re.IGNORECASE
)

_SIMPLE_STATEMENTS: Final = frozenset(
    {"expression_statement", "return_statement", "echo_statement"}
)
_STATEMENT_ENDS: Final = frozenset(
    {"compound_statement", "program", "declaration_list", "switch_block", *_FUNCTION_LIKE}
)


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
