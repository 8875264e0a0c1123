"""The types of Go's composite literals: what a map, slice or named type makes of a literal
(:class:`_Type`), resolved through the file's type declarations and imports (``b24.Params``)."""

from __future__ import annotations

from typing import Final, NamedTuple

from tree_sitter import Node

from bicon_lint.extract.go.nodes import _MAX_DEPTH, _named
from bicon_lint.extract.go.scope import _Index


class _Type(NamedTuple):
    """What a composite literal's type makes of it: ``map`` (string keys), ``list``, ``any`` or
    ``other`` (structs, pointers, scalars: unknown), and the element type of a map or list for the
    elided literals inside it (``None``: ``any``)."""

    kind: str
    element: Node | None = None
    named: bool = False  # a named type (``b24.Params``): a struct literal may hide behind it


_OTHER: Final = _Type("other")


class _Types(_Index):
    """The types of the file's composite literals."""

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
