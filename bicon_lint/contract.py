"""Field tables of each entity, in the shape the API's ``*.fields`` methods return.

Rows are in the server's order (``getFields()`` of ``biconnector/lib/Rest/Connector.php``,
``biconnector/lib/Rest/Source.php`` and ``biconnector/lib/Rest/Dataset.php``), which decides which
error the server answers first. Each row carries the targets it exists on. Rules read these tables;
no rule hard-codes a field list.
"""

from functools import cache
from typing import Final, NamedTuple

from bicon_lint.targets import Target

# ExternalSourceRestConnectorTable::getMap()
# (biconnector/lib/ExternalSource/Internal/ExternalSourceRestConnectorTable.php):
TITLE_MAX: Final = 512  # TITLE: LengthValidator(null, 512)
URL_MAX: Final = 2048  # URL_*: LengthValidator(null, 2048)
# Only in the REST docs (connector.add: sourceCode "max 64"); no server code seen has it.
SOURCE_CODE_MAX: Final = 64
# Connector::checkAndPrepareSettings (biconnector/lib/Rest/Connector.php): mb_strlen(...) > 512
SETTING_TEXT_MAX: Final = 512


_STRING_ONLY: Final = frozenset({"STRING"})
_STRING_AND_INT: Final = frozenset({"STRING", "INT"})


def setting_types(target: Target) -> frozenset[str]:
    """``SourceSettingType``: ``STRING``; ``INT`` since 2026-04-17
    (``biconnector/lib/ExternalSource/SourceSettingType.php``)."""
    return _STRING_AND_INT if target >= Target.V2026_04 else _STRING_ONLY


class FieldDef(NamedTuple):
    title: str
    type: str  # integer | string | boolean | array | datetime
    is_required: bool = False
    is_read_only: bool = False
    is_immutable: bool = False
    is_multiple: bool = False
    since: Target = Target.V2025_04
    until: Target | None = None  # exclusive

    def exists_on(self, target: Target) -> bool:
        return self.since <= target and (self.until is None or target < self.until)

    def as_api(self) -> dict[str, object]:
        """The item exactly as ``biconnector.<entity>.fields`` returns it."""
        return {
            "title": self.title,
            "type": self.type,
            "isRequired": self.is_required,
            "isReadOnly": self.is_read_only,
            "isImmutable": self.is_immutable,
            "isMultiple": self.is_multiple,
        }


class OrmField(NamedTuple):
    """A column of the ORM entity behind a REST field: the save stage's checks
    (``DataManager::add``/``update`` → ``checkFields``, ``main/lib/orm/data/datamanager.php``)."""

    name: str  # ORM name, e.g. URL_CHECK; also the label the ORM's messages fall back to
    rest_title: str | None  # the REST field that sets it; None if set by the server
    required: bool = False
    max_length: int | None = None
    since: Target = Target.V2025_04

    def exists_on(self, target: Target) -> bool:
        return self.since <= target


def _f(title: str, type_: str, flags: str = "", since: Target = Target.V2025_04) -> FieldDef:
    """Compact row: flags are letters R(equired) O (read-only) I(mmutable) M(ultiple)."""
    return FieldDef(
        title,
        type_,
        is_required="R" in flags,
        is_read_only="O" in flags,
        is_immutable="I" in flags,
        is_multiple="M" in flags,
        since=since,
    )


CONNECTOR: Final = (
    _f("id", "integer", "RO"),
    _f("title", "string", "R"),
    _f("logo", "string", "R"),
    _f("description", "string"),
    _f("sort", "integer"),
    _f("urlCheck", "string", "R"),
    _f("urlData", "string", "R"),
    _f("urlTableList", "string", "R"),
    _f("urlTableDescription", "string", "R"),
    _f("settings", "array", "RM"),
    _f("dateCreate", "datetime", "RO"),
    _f("supportMapping", "boolean", "", Target.V2026_01),
    # Only in the REST docs, no server code seen has it: its place in getFields() is unknown;
    # appended after supportMapping.
    _f("sourceCode", "string", "", Target.LATEST),
)

SOURCE: Final = (
    _f("id", "integer", "RO"),
    _f("title", "string", "R"),
    _f("type", "string", "RO"),
    _f("code", "string", "RO"),
    _f("description", "string"),
    _f("active", "boolean"),
    _f("dateCreate", "datetime", "RO"),
    _f("dateUpdate", "datetime", "RO"),
    _f("createdById", "integer", "RO"),
    _f("updatedById", "integer", "RO"),
    _f("connectorId", "integer", "RI"),
    _f("settings", "array", "RM"),
)

DATASET: Final = (
    _f("id", "integer", "RO"),
    _f("sourceId", "integer", "RI"),
    _f("name", "string", "RI"),
    _f("type", "string", "RO"),
    _f("description", "string"),
    _f("externalName", "string", "RI"),
    _f("externalCode", "string", "RI"),
    _f("externalId", "integer", "RO"),
    _f("dateCreate", "datetime", "RO"),
    _f("dateUpdate", "datetime", "RO"),
    _f("createdById", "integer", "RO"),
    _f("updatedById", "integer", "RO"),
    _f("fields", "array", "RM"),
)

ENTITIES: Final[dict[str, tuple[FieldDef, ...]]] = {
    "connector": CONNECTOR,
    "source": SOURCE,
    "dataset": DATASET,
    "table": DATASET,
}

# ExternalSourceRestConnectorTable::getMap() order: the ORM's required check walks it
# (DataManager::checkFields, main/lib/orm/data/datamanager.php).
CONNECTOR_ORM: Final = (
    OrmField("TITLE", "title", required=True, max_length=TITLE_MAX),
    OrmField("DATE_CREATE", None, required=True),
    OrmField("LOGO", "logo", required=True),
    OrmField("APP_ID", None, required=True, max_length=128),
    OrmField("SORT", "sort", required=True),
    OrmField("URL_CHECK", "urlCheck", required=True, max_length=URL_MAX),
    OrmField("SETTINGS", "settings", required=True),
    OrmField("URL_DATA", "urlData", required=True, max_length=URL_MAX),
    OrmField("URL_TABLE_LIST", "urlTableList", required=True, max_length=URL_MAX),
    OrmField("URL_TABLE_DESCRIPTION", "urlTableDescription", required=True, max_length=URL_MAX),
    OrmField("SUPPORT_MAPPING", "supportMapping", since=Target.V2026_01),
    OrmField("SOURCE_CODE", "sourceCode", max_length=SOURCE_CODE_MAX, since=Target.LATEST),
)


@cache
def fields_of(entity: str, target: Target) -> tuple[FieldDef, ...]:
    """The rows of ``entity``'s table that exist on ``target``, in server order."""
    return tuple(row for row in ENTITIES[entity] if row.exists_on(target))


@cache
def titles_of(entity: str, target: Target) -> frozenset[str]:
    return frozenset(row.title for row in fields_of(entity, target))


@cache
def indexed(entity: str, target: Target) -> dict[str | int, tuple[int, FieldDef]]:
    """Each row of ``fields_of(entity, target)`` by title, with its position in server order
    (typed to be asked with any PHP array key: an int key names no row)."""
    return {row.title: (index, row) for index, row in enumerate(fields_of(entity, target))}


def api_fields(entity: str, target: Target) -> list[dict[str, object]]:
    """What ``biconnector.<entity>.fields`` answers on ``target``: ``{"fields": [...]}`` items."""
    return [row.as_api() for row in fields_of(entity, target)]
