"""``urlTableList`` and ``urlTableDescription`` must answer JSON that PHP decodes to an array.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::decode()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 425-440; ``Json::decode`` =
``json_decode($data, true, 512, JSON_THROW_ON_ERROR)``, ``main/lib/web/json.php``, lines 50-62,
https://www.php.net/manual/en/function.json-decode.php): a UTF-8 byte order mark, invalid UTF-8,
single quotes, a trailing comma, a comment, ``NaN``, nesting 512 levels deep or a lone surrogate
escape throw, and ``decode()`` returns ``null``; so does valid JSON that is no array (a string, a
number, ``true``, ``null``): a JSON object and a JSON list are both arrays. The table picker then
shows "Could not get table list.<br>Make sure the JSON response is correct." (``getEntityList()``,
lines 162-167), the dataset preview "Could not get table field descriptions. Make sure the JSON
response is correct." (``getDescription()``, lines 225-228). The place reported is where PHP's
decoder stops. Only an answer that got through the transport checks (a body, status 200) is decoded.
``urlCheck`` answers are never decoded (``connect()``, lines 96-130); ``urlData`` has its own rules.

Pass: ``[{"code": "deals", "title": "Deals"}]``
Fail: ``[{'code': 'deals'}]``, ``"deals"`` (a JSON string)
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answers
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="answer-json",
    codes={
        "BL702": Code(
            "{endpoint}: the body is no JSON PHP can decode ({reason}), so {outcome}", server=False
        ),
        "BL703": Code(
            "{endpoint}: the body is {reason}: Rest::decode() keeps only arrays, so {outcome}",
            server=False,
        ),
    },
    methods=frozenset({answers.URL_TABLE_LIST, answers.URL_TABLE_DESCRIPTION}),
    stage=Stage.ADVISORY,
    summary="urlTableList, urlTableDescription: JSON that decodes to an object or a list",
    requires=answers.transported,
)

OUTCOMES = {
    "urlTableList": 'the table picker shows "Could not get table list.<br>Make sure the JSON '
    'response is correct."',
    "urlTableDescription": 'the dataset preview fails with "Could not get table field '
    'descriptions. Make sure the JSON response is correct."',
}


def check(request: Request) -> Iterator[Finding]:
    failure = answers.failure(request) if answers.transported(request) else None
    if failure is None:
        return
    name = answers.endpoint(request)
    code = "BL703" if failure.kind == "scalar" else "BL702"
    yield Finding((), code, {"endpoint": name, "reason": failure.reason, "outcome": OUTCOMES[name]})
