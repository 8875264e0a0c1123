"""The ``biconnector.*`` REST methods, which entity each serves and on which server versions."""

from typing import Final, NamedTuple

from bicon_lint.targets import Target


class Method(NamedTuple):
    name: str
    entity: str  # connector | source | dataset | table
    action: str  # add | update | get | delete | list | fields | fields.update
    since: Target = Target.V2025_04
    deprecated_since: Target | None = None

    def exists_on(self, target: Target) -> bool:
        return target >= self.since


def _family(
    entity: str, actions: tuple[str, ...], since: Target, deprecated: Target | None = None
) -> dict[str, Method]:
    return {
        f"biconnector.{entity}.{action}": Method(
            f"biconnector.{entity}.{action}", entity, action, since, deprecated
        )
        for action in actions
    }


_BASIC: Final = ("add", "update", "get", "delete", "list", "fields")

METHODS: Final[dict[str, Method]] = {
    **_family("connector", _BASIC, Target.V2025_04),
    # §1.1: no Rest/Source.php in 25.300.0; it appears with 25.550.100.
    **_family("source", _BASIC, Target.V2025_07),
    **_family("dataset", (*_BASIC, "fields.update"), Target.V2025_04, Target.V2026_04),
    **_family("table", (*_BASIC, "fields.update"), Target.V2026_04),
}

CONNECTOR_ADD: Final = "biconnector.connector.add"
CONNECTOR_UPDATE: Final = "biconnector.connector.update"
CONNECTOR_WRITE: Final = frozenset({CONNECTOR_ADD, CONNECTOR_UPDATE})


def named(entity: str, *actions: str) -> frozenset[str]:
    """Method names of ``entity`` (``dataset`` also covers its ``table`` twin) for ``actions``."""
    entities = ("dataset", "table") if entity == "dataset" else (entity,)
    return frozenset(f"biconnector.{e}.{action}" for e in entities for action in actions)


def lookup(name: str) -> Method | None:
    """The REST core tries the lower-cased name first (SERVER-SPEC §2.1)."""
    return METHODS.get(name.strip().lower())
