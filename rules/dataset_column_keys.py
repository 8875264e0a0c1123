r"""Each table column must be an object with the keys ``name``, ``externalCode`` and ``type``.

Source: ``biconnector/lib/ExternalSource/RestDatasetManager.php``,
``Bitrix\BIConnector\ExternalSource\RestDatasetManager::checkFields`` (lines 270-285), after
``Bitrix\BIConnector\Rest\Dataset::addEntity`` (``biconnector/lib/Rest/Dataset.php`` lines 208-214)
converted the keys with ``main/lib/engine/response/converter.php`` (``Converter::formatArray``,
lines 54-91, and ``StringHelper::camel2snake``, ``main/lib/text/stringhelper.php`` lines 44-47). On
``add`` the column keys went through ``camel2snake`` and upper-casing: ``name`` and ``Name`` become
``NAME``, ``externalCode`` and ``external_code`` become ``EXTERNAL_CODE``, but upper-case ``NAME``
becomes ``N_AM_E`` and ``EXTERNALCODE`` ``E_X_T…``, both missing. Presence is ``array_key_exists``
(https://www.php.net/manual/en/function.array-key-exists.php), so ``"type": null`` counts as present
(and fails the type test instead). A column that is not an object (a string, a number, a list) is
missing all three. The first such column answers ``VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS``
and ends the column checks, after the ``externalCode`` duplicates and the earlier columns' errors.
On ``fields.update`` the ``add`` items already passed ``isset`` (``fields-update-items``), so this
never fires there.

Pass: ``{"name": "ID", "externalCode": "id", "type": "int"}``   Fail: ``{"NAME": "ID", "externalCode": "id", "type": "int"}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import table_columns
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="dataset-column-keys",
    codes={
        "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS": Code(
            'Field must include the required parameters: "name", "externalCode" and "type".'
        )
    },
    methods=named("dataset", "add", "fields.update"),
    stage=Stage.CONTENT,
    summary="table columns need name, externalCode and type (after key conversion)",
)

EXACT = table_columns.EXACT  # the keys as fields.update reads them (bicon_lint.schema)


def check(request: Request) -> Iterator[Finding]:
    for column in table_columns.irregular(table_columns.column_parts(request)):
        if not column.keys.complete:
            yield Finding(
                loc=column.loc,
                code="VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS",
                part=Part.KEY,
                order=(4, column.position, 0),
                returns=True,
            )
