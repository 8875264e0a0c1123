"""Server codes decided by the portal's state or by who calls, not by the payload.

bicon-lint assumes the state lets the request through and does not predict these, but explains
them: ``bicon-lint rule CODE``. Two of them are predicted where the payload alone decides, whatever
the portal holds: ``CONNECTOR_NOT_FOUND`` and ``SOURCE_NOT_FOUND`` for an id whose ``(int)`` is 0
or below, which no row can have (``predicted`` names the rule).
"""

from typing import NamedTuple


class StateCode(NamedTuple):
    code: str
    message: str
    methods: str
    explanation: str
    predicted: str = ""  # the rule that predicts the code where no portal state can avoid it


STATE_CODES: dict[str, StateCode] = {
    entry.code: entry
    for entry in (
        StateCode(
            "ACCESS_DENIED",
            "Access denied.",
            "every method (fields: the permission check only)",
            "The user lacks ACTION_BIC_ACCESS or ACTION_BIC_EXTERNAL_DASHBOARD_CONFIG, or the call "
            "came from a webhook (no client id) while the portal option "
            "biconnector_use_webhooks_rest_source is not 'Y'. It is answered before anything in "
            "the payload is looked at, inside result with HTTP 200 (Base::checkPermission and "
            "checkAndPrepareAppId, biconnector/lib/Rest/Base.php lines 551-586; "
            "CRestServer::processResponse, rest/classes/general/rest.php lines 893-923).",
        ),
        StateCode(
            "CONNECTOR_NOT_FOUND",
            "Connector was not found.",
            "connector.update/get/delete, source.add, source.get",
            "No connector with that id, or it belongs to another application. On update it is "
            "checked after the ID and fields checks and before the settings check, so a bad "
            "settings list of a foreign connector answers this (Connector::updateEntity, "
            "biconnector/lib/Rest/Connector.php lines 205-224; Source::addEntity, "
            "biconnector/lib/Rest/Source.php lines 170-177). "
            "Predicted for source.add when connectorId is numeric and its (int) is 0 or below "
            '(0, -1, "0", 0.5, ".5", "0e5", 1e19): no connector has such an id, so every portal '
            "answers this, after the field checks and before urlCheck and the title check (rule "
            "source-connector-exists). The other methods reject such an id earlier, with "
            "VALIDATION_INVALID_ID_FORMAT.",
            "source-connector-exists",
        ),
        StateCode(
            "CONNECTOR_DELETE_RESTRICTED",
            "Connector cannot be removed. Remove the connections related to the connector first.",
            "connector.delete",
            "Sources still use the connector (Connector::deleteEntity, "
            "biconnector/lib/Rest/Connector.php lines 255-268). Delete them first.",
        ),
        StateCode(
            "SOURCE_NOT_FOUND",
            "Source was not found.",
            "source.update/get/delete, table.add, dataset.add",
            "No source with that id, not a REST source, or its connector belongs to another "
            "application (biconnector/lib/Rest/Source.php lines 213-223, 249-259, 268-278; "
            "Dataset::addEntity, biconnector/lib/Rest/Dataset.php lines 234-245). Predicted for "
            "table.add and dataset.add "
            "when sourceId is numeric and its (int) is 0 or below: no source has such an id, so "
            "every portal answers this, after the field checks and the name format and before the "
            "column checks (rule dataset-source-exists). The other methods reject such an id "
            "earlier, with VALIDATION_INVALID_ID_FORMAT.",
            "dataset-source-exists",
        ),
        StateCode(
            "SOURCE_CREATE_CONNECTION_ERROR",
            "Cannot create connection.",
            "source.add",
            "The connector's urlCheck did not answer HTTP 200 with a non-empty body (a body of "
            "exactly 0 fails too), or the host resolves to a private address the portal refuses "
            "(Source::addEntity and checkConnectionBeforeAdd, biconnector/lib/Rest/Source.php "
            "lines 181-186 and 389-414; Rest::connect and query, "
            "biconnector/lib/ExternalSource/Source/Rest.php lines 96-130 and 334-387).",
        ),
        StateCode(
            "SOURCE_UPDATE_CONNECTION_ERROR",
            "Cannot update connection.",
            "source.update",
            "Every source.update calls urlCheck with the stored settings merged with the sent "
            "ones, even when no settings were sent (Source::updateEntity and "
            "checkConnectionBeforeUpdate, biconnector/lib/Rest/Source.php lines 225-230 and "
            "416-447).",
        ),
        StateCode(
            "BX_ERROR",
            "Cannot delete source. Delete all related datasets first.",
            "source.delete",
            "Datasets or tables are linked to the source (ExternalSourceTable::onBeforeDelete, "
            "biconnector/lib/ExternalSource/Internal/ExternalSourceTable.php lines 173-189). "
            "The wording is the docs'; the live text comes from a language file.",
        ),
        StateCode(
            "DATASET_NOT_FOUND",
            "Dataset was not found.",
            "table/dataset update, get, delete, fields.update",
            "No dataset with that id, not a REST dataset, or of another application "
            "(biconnector/lib/Rest/Dataset.php: updateEntity, deleteEntity, getEntity and "
            "fieldsUpdate, lines 263-341 and 516-529).",
        ),
        StateCode(
            "VALIDATION_DUPLICATE_EXIST_CODE",
            'The following "externalCode" values already exist in the current fields: <list>',
            "table/dataset fields.update",
            "An added column's externalCode is already a column of the dataset "
            "(RestDatasetManager::checkFieldsBeforeAdd, "
            "biconnector/lib/ExternalSource/RestDatasetManager.php lines 330-339).",
        ),
        StateCode(
            "VALIDATION_DUPLICATE_EXIST_NAME",
            'The following "name" values already exist in the current fields: <list>',
            "table/dataset fields.update",
            "An added column's name is already a column of the dataset "
            "(RestDatasetManager::checkFieldsBeforeAdd, "
            "biconnector/lib/ExternalSource/RestDatasetManager.php lines 341-350).",
        ),
        StateCode(
            "DATASET_UPDATE_ERROR",
            "Error updating dataset.",
            "table/dataset fields.update",
            "An event handler rejected the change after the update "
            "(RestDatasetManager::updateFieldsByDatasetId, "
            "biconnector/lib/ExternalSource/RestDatasetManager.php lines 167-187).",
        ),
        StateCode(
            "ERROR_CORE",
            "SQL query error!",
            "add and update methods",
            "A database error, top level with HTTP 500: e.g. a dataset name that already exists "
            "(unique index), or an overlong logo, description or settings text under a strict "
            "sql_mode (RestException::initFromException, rest/lib/restexception.php lines "
            "79-87). For the connector's texts the "
            "predicted answer names that condition (rule save-text-bytes, server_error.portal).",
        ),
    )
}


def explain(entry: StateCode) -> str:
    predicted = (
        f"predicted only where no state can avoid it, by rule {entry.predicted}"
        if entry.predicted
        else "never predicted"
    )
    return "\n".join(
        [
            f"{entry.code} (server code, decided by the portal's state; {predicted})",
            "",
            f"Message: {entry.message}",
            f"Methods: {entry.methods}",
            "",
            entry.explanation,
        ]
    )
