r"""``fields`` must be a non-empty array (JSON object).

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateParamsForAdd``
and ``validateParamsForUpdate`` (lines 249-283), then ``validateFields`` (lines 318-323):
``$fields = $params['fields'] ?? []`` then ``empty($fields) || !is_array($fields)``
(https://www.php.net/manual/en/function.empty.php). ``{}``, ``[]``, ``null``, ``""``, ``"0"``,
``0``, ``false``, any string or number fail. Top-level keys are case-sensitive: ``Fields`` is not
read. On ``update`` the check follows the ID checks (``validateParamsId``, lines 285-302).

Pass: ``{"fields": {"title": "T"}}``   Fail: ``{"fields": {}}``, ``{"Fields": {...}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="fields-provided",
    codes={"VALIDATION_FIELDS_NOT_PROVIDED": Code("Fields not provided.")},
    methods=named("connector", "add", "update")
    | named("source", "add", "update")
    | named("dataset", "add", "update"),
    stage=Stage.FIELDS,
    summary="`fields` must be a non-empty object",
)


def check(request: Request) -> Iterator[Finding]:
    if access.fields(request) is None:
        present = php.key_exists(request.params, "fields")
        yield Finding(
            loc=("fields",) if present else (),
            code="VALIDATION_FIELDS_NOT_PROVIDED",
            order=(0,),
            returns=True,
        )
