"""Which method a document is for: ``--method`` > an envelope in the file > the payload's shape.

An envelope is ``{"method": "biconnector.…", "params": {...}}``. Inference looks at the keys the
server reads (``id``, ``fields`` and its titles, ``select``/``filter``/``order``, ``add``/``update``/
``delete``) and names the method only when exactly one fits; otherwise it lists the candidates.
"""

from typing import Any, NamedTuple

from bicon_lint.contract import titles_of
from bicon_lint.loaders.document import Document
from bicon_lint.model import Loc
from bicon_lint.targets import Target


class Identified(NamedTuple):
    method: str | None  # None when the shape fits several methods, or none
    params: Any
    prefix: Loc  # where the params sit in the file
    candidates: tuple[str, ...] = ()
    how: str = "flag"  # flag | envelope | shape


LIST_KEYS = frozenset({"select", "filter", "order", "page"})
FIELDS_UPDATE_KEYS = frozenset({"add", "update", "delete"})


def envelope_method(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("method"), str):
        name: str = value["method"]
        if name.strip().lower().startswith("biconnector."):
            return name
    return None


def identify(value: Any, method: str | None, target: Target, *, infer: bool) -> Identified | None:
    """``None`` when the document is not recognisably a biconnector payload at all."""
    enveloped = envelope_method(value)
    if enveloped is not None:
        params = value.get("params", {})
        return Identified(method or enveloped, params, ("params",), how="envelope")
    if method is not None:
        return Identified(method, value, ())
    if not infer or not isinstance(value, dict):
        return None
    candidates = infer_methods(value, target)
    if not candidates:
        return None
    chosen = candidates[0] if len(candidates) == 1 else None
    return Identified(chosen, value, (), tuple(candidates), how="shape")


def identify_document(
    document: Document, method: str | None, target: Target, *, infer: bool
) -> Identified | None:
    """:func:`identify` of a loaded document's value, worked out once per document: the run asks
    it to collect the connector payloads, then again to lint the file.

    Without ``infer`` the answer is the inferring one unless that was inferred (``how="shape"``):
    both questions share one computation.
    """
    key = (identify_document, method, target)
    try:
        found: Identified | None = document.memo[key]
    except KeyError:
        found = document.memo[key] = identify(document.value, method, target, infer=True)
    return found if infer or found is None or found.how != "shape" else None


def _dataset_family(target: Target) -> str:
    return "table" if target >= Target.V2026_04 else "dataset"


def _entities_naming(keys: set[str], target: Target) -> list[str]:
    """Entities whose field table has every one of ``keys``; all three when none has them all."""
    fitting = [
        entity for entity in ("connector", "source", "dataset") if keys <= titles_of(entity, target)
    ]
    return fitting or ["connector", "source", "dataset"]


def infer_methods(params: dict[Any, Any], target: Target) -> list[str]:
    keys = {str(key) for key in params}
    datasets = _dataset_family(target)
    if keys & FIELDS_UPDATE_KEYS and keys <= FIELDS_UPDATE_KEYS | {"id"}:
        return [f"biconnector.{datasets}.fields.update"]
    if keys and keys <= LIST_KEYS:
        entities = _entities_naming(_list_field_names(params) - {"*", "logic"}, target)
        return [f"biconnector.{_family(e, datasets)}.list" for e in entities]
    if "fields" in keys and keys <= {"id", "fields"}:
        action = "update" if "id" in keys else "add"
        fields = params["fields"]
        titles = {str(key) for key in fields} if isinstance(fields, dict) else set()
        entities = _entities_naming(titles, target)
        return [f"biconnector.{_family(e, datasets)}.{action}" for e in entities]
    if keys == {"id"}:
        return [
            f"biconnector.{_family(entity, datasets)}.{action}"
            for entity in ("connector", "source", "dataset")
            for action in ("get", "delete")
        ]
    return []


def _family(entity: str, datasets: str) -> str:
    return datasets if entity == "dataset" else entity


def _list_field_names(params: dict[Any, Any]) -> set[str]:
    names: set[str] = set()
    select = params.get("select")
    if isinstance(select, list):
        names |= {item for item in select if isinstance(item, str)}
    for part in ("filter", "order"):
        if isinstance(params.get(part), dict):
            names |= {str(key).lstrip("<>=!@%") for key in params[part]}
    return names
