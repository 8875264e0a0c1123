"""An endpoint's answer must not be empty: the body ``""`` and the body ``0`` count as no answer.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::processResponse()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 372-377): ``if (!$answer)`` comes before
the status, and PHP's ``!`` is true for the empty string and for the one-character string ``"0"``
(https://www.php.net/manual/en/language.types.boolean.php; ``" "``, ``"\\n"``, ``"0.0"``,
``"false"``, ``"[]"`` are not empty). The portal then fails with "Cannot establish connection."
whatever the status: ``urlCheck`` fails the check (the UI shows that text;
``biconnector.source.add``/``.update`` answer ``SOURCE_CREATE_CONNECTION_ERROR`` /
``SOURCE_UPDATE_CONNECTION_ERROR``), ``urlTableList`` shows "Query failed. Make sure the table data
source is available." instead (``getEntityList()``, lines 170-175), ``urlTableDescription`` "Query
failed. Make sure the data source is available and contains table fields." (``getDescription()``,
lines 220-223), and ``urlData`` gives BI Builder the error while the dataset preview shows no rows
(``getFirstNData()``, lines 305-307). An empty body is how a ``urlCheck`` refuses a connection on
purpose; for the other endpoints answer ``[]``.

Pass: ``{"endpoint": "urlTableList", "status": 200, "body": []}``
Fail: ``{"endpoint": "urlCheck", "status": 200, "body": "0"}``, a 204 with no body
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from bicon_lint import answers
from bicon_lint.answer_body import is_empty
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="answer-empty-body",
    codes={
        "BL700": Code(
            "{endpoint} answered {shown}, which PHP's !$answer counts as no answer: {outcome}",
            server=False,
        )
    },
    methods=answers.PSEUDO_METHODS,
    stage=Stage.ADVISORY,
    summary="answers: a body that is not empty and not the one character 0",
)

OUTCOMES = {
    "urlCheck": 'the check fails with "Cannot establish connection."',
    "urlTableList": 'the table picker shows "Query failed. Make sure the table data source is '
    'available."',
    "urlTableDescription": 'the dataset preview fails with "Query failed. Make sure the data '
    'source is available and contains table fields."',
    "urlData": 'BI Builder gets "Cannot establish connection."; the dataset preview shows no rows',
}


def check(request: Request) -> Iterator[Finding]:
    body = answers.body(request)
    if is_empty(body):
        name = answers.endpoint(request)
        shown = "an empty body" if not body else f"the body {json.dumps(body)}"
        yield Finding((), "BL700", {"endpoint": name, "shown": shown, "outcome": OUTCOMES[name]})
