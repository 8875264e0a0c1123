r"""A new table needs at least one column: ``fields`` must not be empty.

Source: ``biconnector/lib/Rest/Base.php`` (``Bitrix\BIConnector\Rest\Base::validateFields``, lines
310-381) and ``biconnector/lib/ExternalSource/DatasetManager.php``
(``Bitrix\BIConnector\ExternalSource\DatasetManager::checkAndPrepareBeforeAdd``, lines 127-185):
``validateFields`` accepts ``[]`` and ``{}`` (both pass ``is_array``,
https://www.php.net/manual/en/function.is-array.php); ``checkAndPrepareBeforeAdd`` then answers
``FIELDS_EMPTY`` with the message ``$fields is empty`` (a PHP variable name, verbatim) and stops the
call (``empty($fields)``, lines 168-171, https://www.php.net/manual/en/function.empty.php). It runs
after the look-up of the source, the onBeforeAddDataset event and the Superset name check.

``VALIDATION_SOURCE_ID_REQUIRED`` (``The "sourceId" parameter is required.``), which
``RestDatasetManager`` checks next with ``!$sourceId``
(``biconnector/lib/ExternalSource/RestDatasetManager.php`` lines 206-214), is never reached:
``sourceId`` is required and numeric (``validateFields``), and one that is falsy as an int (``0``,
``"0"``, ``"0.5"``) names no source, so the look-up before it already answered ``SOURCE_NOT_FOUND``
(``Dataset::addEntity``, ``biconnector/lib/Rest/Dataset.php`` lines 234-245). bicon-lint never
reports it.

Pass: ``"fields": [{"name": "ID", "externalCode": "id", "type": "int"}]``   Fail: ``"fields": []``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="dataset-fields-empty",
    codes={"FIELDS_EMPTY": Code("$fields is empty")},
    methods=named("dataset", "add"),
    stage=Stage.CONTENT,
    summary="a new table needs at least one column",
)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    columns = given.get("fields") if given is not None else None
    if php.is_array(columns) and php.empty(columns):
        yield Finding(loc=("fields", "fields"), code="FIELDS_EMPTY", order=(2,), returns=True)
