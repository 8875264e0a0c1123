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
from typing import Any, Final

from bicon_lint import access, php
from bicon_lint.engine import shared
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Loc, Part, Request, RuleSpec, Stage

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

Cells = dict[str | int, tuple[Loc, Any]]
EXACT: Final = {"NAME": "name", "EXTERNAL_CODE": "externalCode", "TYPE": "type"}


@shared  # read by this rule, dataset-column-values and dataset-column-duplicates (twice or more)
def columns(request: Request) -> list[tuple[Loc, Cells]]:
    """The columns ``checkFields`` walks: each one's location, and its values by converted key with
    their locations (the last payload key converting to a name wins). ``fields.update`` builds its
    columns from the ``add`` items that pass ``isset``, reading the keys exactly as written.
    Computed once per request: read-only."""
    if access.action(request) == "fields.update":
        params = request.params if isinstance(request.params, dict) else {}
        return [
            (("add", key), {name: (("add", key, raw), item[raw]) for name, raw in EXACT.items()})
            for key, item in php.items(params.get("add"))
            if php.isset(item, *EXACT.values())
        ]
    found: list[tuple[Loc, Cells]] = []
    for key, item in php.items((access.fields(request) or {}).get("fields")):
        loc: Loc = ("fields", "fields", key)
        raw_keys = item.keys() if isinstance(item, dict) else ()
        found.append((loc, {php.convert_key(raw): ((*loc, raw), item[raw]) for raw in raw_keys}))
    return found


def complete(cells: Cells) -> bool:
    return all(key in cells for key in EXACT)


def check(request: Request) -> Iterator[Finding]:
    for position, (loc, cells) in enumerate(columns(request)):
        if not complete(cells):
            yield Finding(
                loc=loc,
                code="VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS",
                part=Part.KEY,
                order=(4, position, 0),
                returns=True,
            )
