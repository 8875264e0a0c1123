"""What the reader knows of b24phpsdk: the classes a parameter or property may be typed with,
and the parameters of the services' methods and of their batches (the table in the package's
docstring)."""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from bicon_lint.extract.php.literals import _NOPE

_SERVICES: Final = ("connector", "source", "dataset")
_SDK_CLASSES: Final = {
    "bitrix24\\sdk\\services\\biconnector\\biconnectorservicebuilder": "builder",
    **{
        f"bitrix24\\sdk\\services\\biconnector\\{name}\\service\\{name}": name for name in _SERVICES
    },
    **{
        f"bitrix24\\sdk\\services\\biconnector\\{name}\\service\\batch": f"batch:{name}"
        for name in _SERVICES
    },
}
"""The b24phpsdk classes a parameter or property may be typed with, and what each one is."""


class _Param(NamedTuple):
    name: str
    kind: str  # "int" | "array"
    default: Any = _NOPE  # _NOPE: required


_FIELDS: Final = _Param("fields", "array")
_ID: Final = _Param("id", "int")
_LIST: Final = (
    _Param("order", "array", []),
    _Param("filter", "array", []),
    _Param("select", "array", []),
)
_SERVICE_METHODS: Final[dict[str, tuple[str, tuple[_Param, ...]]]] = {
    "add": ("add", (_FIELDS,)),
    "update": ("update", (_ID, _FIELDS)),
    "get": ("get", (_ID,)),
    "delete": ("delete", (_ID,)),
    "fields": ("fields", ()),
    "list": ("list", _LIST),
}
"""A service's method (lower-cased) → its REST method's last part and its parameters (whose names
are the REST params' names too)."""

_UPDATE_FIELDS: Final = (
    _ID,
    _Param("add", "array", []),
    _Param("update", "array", []),
    _Param("delete", "array", []),
)
_BATCH_PARAMETERS: Final = {
    "add": {"connector": "connectors", "source": "sources", "dataset": "datasets"},
    "update": dict.fromkeys(_SERVICES, "entityItems"),
    "delete": {"connector": "connectorIds", "source": "sourceIds", "dataset": "datasetIds"},
}
"""``->batch->add/update/delete``: the parameter's name in each service's Batch class."""
