"""A ``urlCheck`` answer with status 200 and any body that is not empty is a successful check.

Source: ``biconnector/lib/ExternalSource/Source/Rest.php``, lines 96-130 and 363-387
(``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::connect()`` → ``query()`` →
``processResponse()``): the body of a ``urlCheck`` answer is never read. ``{"status": "ERROR"}``,
``{"ok": false}``, ``{"error": "bad token"}``, the word ``false``, an HTML error page, a body of
only spaces or a line break: with status 200 each connects, and ``biconnector.source.add`` stores
the source. The connectors overview page of the REST docs asks for status 200 and a body that is not
empty, and the code checks nothing more. To fail a check, answer a status other than 200, or an
empty body. This warns when the body reads like a refusal: blank text; ``false``, ``null``, ``0.0``,
``""`` or a word such as ``error``; an HTML page; or a JSON object whose
``error``/``errors``/``exception`` is not empty, whose ``ok``/``success``/
``connected``/``valid``/``result``/``status`` is ``false``, or whose ``status``/``result``/
``state`` is ``"error"``/``"fail"``/``"failed"``/``"failure"``.

Pass: ``{"endpoint": "urlCheck", "status": 200, "body": {"status": "ok"}}``; ``{..., "status": 401, "body": {"error": "bad token"}}``
Fail: ``{"endpoint": "urlCheck", "status": 200, "body": {"error": "bad token"}}``
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from bicon_lint import answers, php
from bicon_lint.model import Code, Finding, Loc, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="answer-check-success",
    codes={
        "BL730": Code(
            "urlCheck answered {what} with status 200, and the portal reads only the status and "
            "whether the body is empty: the check succeeds. To refuse the connection, answer a "
            "status other than 200 or an empty body",
            server=False,
            severity=Severity.WARNING,
        )
    },
    methods=frozenset({answers.URL_CHECK}),
    stage=Stage.ADVISORY,
    summary="urlCheck: a body that reads like a refusal still passes with status 200",
    requires=answers.transported,
)

WORDS = frozenset({"false", "null", "0.0", '""', "error", "fail", "failed", "failure", "ko"})
ERROR_KEYS = ("error", "errors", "exception")
FALSE_KEYS = ("ok", "success", "connected", "valid", "result", "status")
STATE_KEYS = ("status", "result", "state")
FAILED = frozenset({"error", "fail", "failed", "failure"})


def check(request: Request) -> Iterator[Finding]:
    if not answers.transported(request):
        return
    found = _refusal(answers.body(request), request.params)
    if found is not None:
        loc, what = found
        yield Finding(loc, "BL730", {"what": what})


def _refusal(body: str, value: Any) -> tuple[Loc, str] | None:
    text = body.strip()
    if not text:
        return (), "a body of only white space (not empty for PHP)"
    if text.lower() in WORDS:
        return (), f"the text {json.dumps(text)}"
    if text[:15].lower().startswith(("<!doctype html", "<html")):
        return (), "an HTML page"
    if not isinstance(value, dict):
        return None
    for key in ERROR_KEYS:
        if key in value and not php.empty(value[key]):
            return (key,), f'an object with "{key}"'
    for key in FALSE_KEYS:
        if value.get(key) is False:
            return (key,), f'an object with "{key}": false'
    for key in STATE_KEYS:
        state = value.get(key)
        if isinstance(state, str) and state.strip().lower() in FAILED:
            return (key,), f'an object with "{key}": {json.dumps(state)}'
    return None
