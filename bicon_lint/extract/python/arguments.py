"""A call's arguments: by keyword or by position, ``**`` spreads, and b24pysdk 1.3's scope
calls (``….biconnector.<entity>.<action>``), whose arguments bind to the SDK's signatures."""

from __future__ import annotations

import ast
from typing import Final

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
