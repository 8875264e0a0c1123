"""``urlTableDescription`` must answer a list of column objects.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::checkTableDescription()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 77-82, 225-228, since "25.550.100",
2025-07): every item must be an array (a JSON object), else the dataset preview fails with "Could
not get table field descriptions. Make sure the JSON response is correct.". A single object
``{"code": ..., "name": ..., "type": ...}`` fails: ``foreach`` walks its values, which are strings.
An object whose values are column objects works like a list. On 25.300.0 (``2025-04``,
``bitrix/modules/biconnector/lib/ExternalSource/Source/Rest.php`` of
``alex-jazzman/bitrix24_source``) nothing is checked: a string item throws "Cannot access offset of
type string on string", any other one reaches ``mapType(null)``: a ``TypeError`` either way, an
``\\Error`` the controller's ``catch (\\Exception)`` does not stop
(``biconnector/lib/controller/externalsource/dataset.php``, lines 550-559), so the UI shows PHP's
own message.

Pass: ``[{"code": "ID", "name": "ID", "type": "int"}]``
Fail: ``{"code": "ID", "name": "ID", "type": "int"}``, ``["ID"]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answers, php
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="answer-description-items",
    codes={"BL721": Code("urlTableDescription: {what}, so {outcome}", server=False)},
    methods=frozenset({answers.URL_TABLE_DESCRIPTION}),
    stage=Stage.ADVISORY,
    summary="urlTableDescription: a list of column objects",
    requires=answers.delivered,
)

REFUSED = (
    'the dataset preview fails with "Could not get table field descriptions. Make sure the JSON '
    'response is correct."'
)
CRASH = "the portal fails with a PHP TypeError"
KEYS = ("code", "name", "type", "title")


def check(request: Request) -> Iterator[Finding]:
    value = answers.delivered(request)
    outcome = CRASH if request.target < Target.V2025_07 else REFUSED
    if answers.single_object(value, KEYS):
        what = (
            "the body is one column object, not a list: PHP walks its values, which are no columns"
        )
        yield Finding((), "BL721", {"what": what, "outcome": outcome})
        return
    for key, item in answers.members(request):
        if not php.is_array(item):
            what = f"{answers.named('column', key)} is {answers.shown(item)}, not an object"
            yield Finding((key,), "BL721", {"what": what, "outcome": outcome})
