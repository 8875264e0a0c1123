"""An urlTableDescription answer lists the columns a ``table.add`` payload of its table has,
with the same types.

Source: "Sync fields" of a saved dataset fetches the description again
(``Bitrix\\BIConnector\\Controller\\ExternalSource\\Dataset::syncFieldAction()``,
``biconnector/lib/controller/externalsource/dataset.php``, lines 814-899; its ``externalTableData``
has no ``ID``) and merges it with the stored fields by external code
(``DatasetViewer::mergeDataWithFields()``,
``biconnector/lib/controller/externalsource/datasetviewer.php``, lines 201-269): a stored column the
description no longer lists is left out of the merged fields. The preview then converts the values
by the description's type (``Rest::mapType()``, ``biconnector/lib/ExternalSource/Source/Rest.php``,
lines 413-423; on 2025-04 upper-case names only) while the dataset stores the type of its
``table.add`` payload (``biconnector/lib/Rest/Dataset.php``), which BI Builder's schema uses
(``ApacheSupersetFieldDto::mapType()``,
``biconnector/lib/DataSourceConnector/ApacheSupersetFieldDto.php``, lines 44-54). Compared when the
run holds a ``dataset.add`` / ``table.add`` payload whose ``externalCode`` is the table this answer
describes (the envelope's ``"table"`` or the recorded request's ``table``). Warnings.

Pass: ``[{"code": "id", "name": "ID", "type": "int"}]`` for a table column ``id`` of type ``int``
Fail: ``[{"code": "id", "name": "ID", "type": "string"}]`` for it, or no column ``id``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answer_links, php
from bicon_lint.answer_links import URLTABLEDESCRIPTION
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

_W = Severity.WARNING
SPEC = RuleSpec(
    name="answer-description-dataset",
    codes={
        "BL761": Code(
            'column "{code}" of table "{table}" in {label} is not in this description: syncing '
            "the dataset's fields leaves it out",
            False,
            _W,
        ),
        "BL762": Code(
            'column "{code}" is of type {described} here, {stored} in {label}: the dataset '
            "preview after a fields sync converts its values as {described}, while the dataset "
            "stores {stored}",
            False,
            _W,
        ),
    },
    methods=frozenset({URLTABLEDESCRIPTION}),
    stage=Stage.ADVISORY,
    summary="urlTableDescription: the columns and types of the table's table.add payload",
)


def check(request: Request) -> Iterator[Finding]:
    table = answer_links.table_of(request.envelope)
    described = answer_links.described(request.params, request.target)
    stored = answer_links.dataset_columns(request, table) if table is not None else None
    if stored is None or described is None:
        return
    where = {column.key: (index, column) for index, column in enumerate(described)}
    keys = [key for key, _item in php.items(request.params)]
    for column in stored.items:
        found = where.get(column.key)
        if found is None:
            args = {"code": column.code, "table": table, "label": stored.label}
            yield Finding((), "BL761", args)
        elif column.type is not None and found[1].type != column.type:
            args = {"code": column.code, "described": found[1].type, "stored": column.type}
            yield Finding((keys[found[0]], "type"), "BL762", {**args, "label": stored.label})
