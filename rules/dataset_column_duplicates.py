"""Column names must be unique within a table, and so must column ``externalCode`` values.

Source: ``biconnector/lib/ExternalSource/DatasetManager.php`` (``DatasetManager::checkBefore``,
lines 398-415) and ``biconnector/lib/ExternalSource/RestDatasetManager.php``
(``RestDatasetManager::checkFields``, lines 238-311). On ``add``, ``checkBefore`` runs first (after
the source look-up): repeated names answer ``Duplicate column names: A`` with error **code 0** and
stop the call, before the Superset name check and ``FIELDS_EMPTY``. The biconnector.table.add page
of the REST docs (2026-08) describes the code ``DUPLICATE_FIELDS`` and the text
``Duplicate column names: A.`` for a newer server whose code is not public; bicon-lint answers that
on target ``latest``, assuming the check kept its place. ``checkFields`` then collects repeated
``externalCode`` values as ``VALIDATION_DUPLICATE_FIELD_CODE`` and goes on checking each column
(``dataset-column-keys``, ``dataset-column-values``).

``VALIDATION_DUPLICATE_FIELD_NAME``, its twin for names, is unreachable on ``add``: ``checkBefore``
already stopped at the same duplicates (the biconnector.dataset.add docs list it; the code wins).
``fields.update`` calls ``checkFields`` on its ``add`` items without ``checkBefore``
(``checkFieldsBeforeAdd``, lines 313-328), so repeated names there get that code.

Values compare as ``array_count_values`` counts them: strings and integers only, and a decimal
string is its integer (``"1"`` repeats ``1``); ``null``, booleans, floats and arrays are skipped (a
PHP warning). The message lists each repeated value once, in first-occurrence order. PHP:
https://www.php.net/manual/en/function.array-count-values.php.

Pass: names ``A``, ``B``; codes ``x``, ``y``   Fail: names ``A``, ``A``; codes ``x``, ``x``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php, table_columns
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Loc, Request, RuleSpec, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="dataset-column-duplicates",
    codes={
        "0": Code("Duplicate column names: {names}"),
        "DUPLICATE_FIELDS": Code("Duplicate column names: {names}."),
        "VALIDATION_DUPLICATE_FIELD_CODE": Code(
            'Duplicate values found in the "code" parameter: {names}'
        ),
        "VALIDATION_DUPLICATE_FIELD_NAME": Code(
            'Duplicate values found in the "name" parameter: {names}'
        ),
    },
    methods=named("dataset", "add", "fields.update"),
    stage=Stage.CONTENT,
    summary="column names and externalCode values must be unique",
)


counted = table_columns.counted


def repeated(request: Request, key: str) -> tuple[str, list[Loc]]:
    """The repeated values of column ``key`` as the message lists them, and where each repeat is
    (none without decoding a run when every value is distinct: ``table_columns.distinct``)."""
    if table_columns.distinct(table_columns.column_parts(request), key):
        return "", []
    counts: dict[str | int, int] = {}
    repeats: list[Loc] = []
    for column in table_columns.all_columns(request):
        loc, value = column.cell(key)
        found = counted(value)
        if found is not None:
            counts[found] = counts.get(found, 0) + 1
            if counts[found] > 1:
                repeats.append(loc)
    return ", ".join(php.to_string(k) for k, n in counts.items() if n > 1), repeats


def check(request: Request) -> Iterator[Finding]:
    adding = access.action(request) == "add"
    if adding:
        code = "DUPLICATE_FIELDS" if request.target >= Target.LATEST else "0"
        names, repeats = repeated(request, "NAME")
        for n, loc in enumerate(repeats):
            yield Finding(loc, code, {"names": names}, order=(0, n), returns=True)
    checks = [("EXTERNAL_CODE", "VALIDATION_DUPLICATE_FIELD_CODE")]
    if not adding:
        checks.append(("NAME", "VALIDATION_DUPLICATE_FIELD_NAME"))
    for step, (key, code) in enumerate(checks):
        names, repeats = repeated(request, key)
        for n, loc in enumerate(repeats):
            yield Finding(loc, code, {"names": names}, order=(3, step, n))
