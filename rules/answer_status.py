"""An endpoint's answer must have the HTTP status 200: any other status fails.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::processResponse()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 379-384): ``$client->getStatus() !==
200`` after the body was found not empty, for every other status (201, 204 with a body, 4xx, 5xx) —
despite the "404" in the message's key, ``BICONNECTOR_REST_CONNECTION_ERROR_404_ERROR``: "Query
failed. Make sure the table data source is available.". ``urlTableList`` shows that text
(``getEntityList()``, lines 170-175), ``urlTableDescription`` "Query failed. Make sure the data
source is available and contains table fields." (``getDescription()``, lines 220-223), ``urlData``
gives BI Builder the error and the preview no rows (``getFirstNData()``, lines 305-307). A redirect
is followed by the portal (at most 5, ``HttpClient::$redirectMax``, ``main/lib/web/httpclient.php``,
lines 51, 345-367): only the last hop's status counts. A status other than 200 is how a ``urlCheck``
refuses a connection on purpose (wrong credentials); the check then fails. An answer whose status is
not known (a bare answer file) is judged as 200. The body of an answer that fails here is not read.

Pass: ``{"endpoint": "urlCheck", "status": 200, "body": "OK"}``
Fail: ``{"endpoint": "urlTableList", "status": 201, "body": []}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answers
from bicon_lint.answer_body import is_empty
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="answer-status",
    codes={
        "BL701": Code(
            "{endpoint} answered status {status}: the portal accepts only 200, so {outcome}",
            server=False,
        )
    },
    methods=answers.PSEUDO_METHODS,
    stage=Stage.ADVISORY,
    summary="answers: HTTP status 200",
)

OUTCOMES = {
    "urlCheck": 'the check fails with "Query failed. Make sure the table data source is '
    'available."',
    "urlTableList": 'the table picker shows "Query failed. Make sure the table data source is '
    'available."',
    "urlTableDescription": 'the dataset preview fails with "Query failed. Make sure the data '
    'source is available and contains table fields."',
    "urlData": 'BI Builder gets "Query failed. Make sure the table data source is available."; '
    "the dataset preview shows no rows",
}


def check(request: Request) -> Iterator[Finding]:
    status = answers.status(request)
    if status is not None and status != 200 and not is_empty(answers.body(request)):
        name = answers.endpoint(request)
        yield Finding((), "BL701", {"endpoint": name, "status": status, "outcome": OUTCOMES[name]})
