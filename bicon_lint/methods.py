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
    # No Rest/Source.php in biconnector 25.300.0 (2025-04); it appears with 25.550.100 (2025-07).
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
    """The REST core lower-cases the name (``CRestServer::__construct``, ``rest.php``)."""
    return METHODS.get(name.strip().lower())


class UnknownMethodError(ValueError):
    """A method name given to bicon-lint (``--method``, the configuration's ``methods``, the
    ``method`` argument of the library's functions) that names no ``biconnector.*`` method."""


_ACTIONS: Final[dict[str, frozenset[str]]] = {
    entity: frozenset(m.action for m in METHODS.values() if m.entity == entity)
    for entity in dict.fromkeys(m.entity for m in METHODS.values())
}


def _suggestion(wanted: str) -> str | None:
    """The method ``wanted`` was probably meant to be: its entity and its action each the known
    one closest in spelling (``connector.udpate``, ``biconnector.conector.add``), else ``None``."""
    import difflib  # only to suggest a name

    entity, _, action = wanted.removeprefix("biconnector.").partition(".")
    entities = [entity] if entity in _ACTIONS else difflib.get_close_matches(entity, _ACTIONS)
    for known in entities:
        actions = _ACTIONS[known]
        close = [action] if action in actions else difflib.get_close_matches(action, actions)
        if close:
            return f"biconnector.{known}.{close[0]}"
    return None


def check_method(name: str) -> str:
    """The method ``name`` names, written as the REST core reads it (trimmed, lower-cased, as
    ``CRestServer`` does); :class:`UnknownMethodError` with a did-you-mean when it names none.

    Names are written in full, as the server receives them: ``connector.update`` is refused (the
    server answers ``ERROR_METHOD_NOT_FOUND`` to it), with the full name suggested.

    >>> check_method(" BIConnector.Connector.Update ")
    'biconnector.connector.update'
    >>> check_method("connector.update")
    Traceback (most recent call last):
    ...
    bicon_lint.methods.UnknownMethodError: unknown method 'connector.update' (did you mean 'biconnector.connector.update'?)
    >>> check_method("")
    Traceback (most recent call last):
    ...
    bicon_lint.methods.UnknownMethodError: the method name is empty (e.g. 'biconnector.connector.update')
    """
    wanted = name.strip().lower()
    if not wanted:
        raise UnknownMethodError(f"the method name is empty (e.g. {CONNECTOR_UPDATE!r})")
    if wanted in METHODS:
        return wanted
    close = _suggestion(wanted)
    hint = f"did you mean {close!r}?" if close else f"e.g. {CONNECTOR_UPDATE!r}"
    raise UnknownMethodError(f"unknown method {name!r} ({hint})")


# The top-level params each action reads: ``biconnector/lib/Rest/Base.php`` reads
# ``fields`` (add; update after ``id``), ``id`` (update, get, delete), ``select``, ``filter``,
# ``order``, ``page`` (list), nothing (fields); ``Rest/Dataset.php`` ``fieldsUpdate`` reads ``id``,
# ``add``, ``update``, ``delete``.
READS: Final[dict[str, tuple[str, ...]]] = {
    "add": ("fields",),
    "update": ("id", "fields"),
    "get": ("id",),
    "delete": ("id",),
    "list": ("select", "filter", "order", "page"),
    "fields": (),
    "fields.update": ("id", "add", "update", "delete"),
}
EVERY_PARAM: Final = frozenset(key for keys in READS.values() for key in keys)


def params_read(name: str) -> tuple[str, ...] | None:
    """The top-level params the method ``name`` reads, in the order it reads them; ``None`` for
    an unknown method."""
    method = lookup(name)
    return None if method is None else READS[method.action]
