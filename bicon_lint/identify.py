"""Which method a document is for: ``--method`` > an envelope in the file > bare params' ``$schema``
naming the method's JSON Schema (``bicon_lint.schema``) > the payload's shape.

An envelope is ``{"method": "biconnector.…", "params": {...}}``. Inference looks at the keys the
server reads (``id``, ``fields`` and its titles, ``select``/``filter``/``order``, ``add``/``update``/
``delete``) and names the method only when exactly one fits; otherwise it lists the candidates.

Only an envelope's ``"params"`` is sent: :func:`envelope_problems` finds the envelopes whose params
are not there (a misspelled ``"param"``, or the params written next to ``"method"``).
"""

import json
from typing import Any, NamedTuple

from bicon_lint.contract import titles_of
from bicon_lint.loaders.document import Document
from bicon_lint.methods import EVERY_PARAM, METHODS, params_read
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


PARAMS = "params"
# The envelope's own keys: what bicon-lint reads (the method, the params, a source's connector
# reference, connectors.REFERENCE), never misplaced params.
ENVELOPE_KEYS = frozenset({"method", PARAMS, "connector"})
NEAR_MISS = 0.7  # difflib's ratio from which a key is taken for a misspelled "params"


def envelope_problems(envelope: dict[Any, Any], method: str) -> list[tuple[Loc, str]]:
    """Where an envelope's params are not under ``"params"``, so they are not sent: each problem's
    place (an envelope key) and what it says. ``method`` decides which keys are params.

    Without ``"params"``: a key close to it (``"param"``, ``"Params"``), else the keys of the
    params written next to ``"method"`` (a flat envelope). With it: each key of the params
    written beside it (``id`` excepted: a JSON-RPC envelope's request id).

    >>> envelope_problems({"method": "biconnector.connector.get", "param": {"id": 4}},
    ...                   "biconnector.connector.get")
    [(('param',), '"param" is not "params" (did you mean "params"?): the envelope has no "params", so the server receives no parameters')]
    >>> envelope_problems({"method": "biconnector.connector.list", "id": 1}, "biconnector.connector.list")
    []
    """
    import difflib  # only to recognise a misspelling

    others = [key for key in envelope if key not in ENVELOPE_KEYS]
    read = params_read(method)
    params = EVERY_PARAM if read is None else frozenset(read)
    if PARAMS not in envelope:
        for key in others:
            if difflib.get_close_matches(str(key).lower(), [PARAMS], cutoff=NEAR_MISS):
                detail = (
                    f'{_quoted(key)} is not "params" (did you mean "params"?): the envelope has '
                    'no "params", so the server receives no parameters'
                )
                return [((key,), detail)]
        flat = [key for key in others if key in params]
        if not flat:
            return []
        detail = (
            f'the envelope has no "params": {", ".join(map(_quoted, flat))} next to "method" '
            f"{'is' if len(flat) == 1 else 'are'} not sent, so the server receives no parameters; "
            'the params must be under "params": {"method": ..., "params": {...}}'
        )
        return [((flat[0],), detail)]
    return [
        (
            (key,),
            f'{_quoted(key)} is next to "params", not inside it: only "params" is sent, so the '
            "server does not receive it",
        )
        for key in others
        if key in params and key != "id"
    ]


def _quoted(key: object) -> str:
    return json.dumps(str(key), ensure_ascii=False)


def identify(value: Any, method: str | None, target: Target, *, infer: bool) -> Identified | None:
    """``None`` when the document is not recognisably a biconnector payload at all."""
    enveloped = envelope_method(value)
    if enveloped is not None:
        params = value.get("params", {})
        return Identified(method or enveloped, params, ("params",), how="envelope")
    if method is not None:
        return Identified(method, value, ())
    named = schema_method(value)
    if named is not None:
        return Identified(named, value, (), how="schema")
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


# A key naming the file's JSON Schema for editors (``bicon_lint.schema``), never a parameter.
SCHEMA_KEY = "$schema"


def schema_method(value: Any) -> str | None:
    """The method whose params schema bare params name in ``$schema``
    (``.../schemas/biconnector.connector.update.json``, a URL or a path: its file name counts).

    >>> schema_method({"$schema": "https://example.com/schemas/biconnector.connector.get.json"})
    'biconnector.connector.get'
    >>> schema_method({"$schema": "schemas/envelope.json"}), schema_method({"$schema": 4})
    (None, None)
    """
    if not isinstance(value, dict) or not isinstance(value.get(SCHEMA_KEY), str):
        return None
    name = value[SCHEMA_KEY].split("#", 1)[0].replace("\\", "/").rsplit("/", 1)[-1]
    name = name.removesuffix(".json")
    return name if name in METHODS else None


def infer_methods(params: dict[Any, Any], target: Target) -> list[str]:
    keys = {str(key) for key in params} - {SCHEMA_KEY}
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
