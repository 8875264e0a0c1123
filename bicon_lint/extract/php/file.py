"""One parsed PHP file as the calls are read from it: the index (:mod:`.scope`) and the
evaluation (:mod:`.values`), plus what a b24phpsdk object expression is and whether a static
call's class is CRest."""

from __future__ import annotations

from tree_sitter import Node

from bicon_lint.extract.php.nodes import _MAX_DEPTH, _MEMBER_ACCESS, _MEMBER_CALLS, _last_segment
from bicon_lint.extract.php.sdk import _SDK_CLASSES, _SERVICES
from bicon_lint.extract.php.values import _Values


class _File(_Values):
    """One parsed PHP file: where its variables, functions and constants are defined, and the
    evaluation of expressions against them."""

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
