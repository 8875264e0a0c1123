"""PHP's construction of an array literal (key casts, auto-increment, duplicates, spreads),
and the part of a value's record below one of its members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from tree_sitter import Node

from bicon_lint import php
from bicon_lint.extract import build
from bicon_lint.extract.build import Builder
from bicon_lint.extract.php.literals import _array_key
from bicon_lint.loaders.document import OffsetSpan

if TYPE_CHECKING:
    from bicon_lint.extract.php.values import _Values


class _Member(NamedTuple):
    """One member of an array literal being built."""

    value: Any
    record: Builder
    key_span: OffsetSpan | None
    node: Node  # the value expression (made unknown when a later spread may override it)


class _ArrayBuilder:
    """PHP's construction of an array literal: key casts, auto-increment, duplicates, spreads."""

    def __init__(self, file: _Values, depth: int) -> None:
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
