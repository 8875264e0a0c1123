r"""A settings item's ``name``, ``code`` and ``type`` must not be arrays: the server crashes.

Source: ``biconnector/lib/Rest/Connector.php``,
``Bitrix\BIConnector\Rest\Connector::checkAndPrepareSettings`` (lines 322, 328 and 334):
``mb_strlen(array)`` and ``SourceSettingType::tryFrom(array)`` throw a PHP ``TypeError``
(https://www.php.net/manual/en/class.typeerror.php), which the REST server does not catch:
``CRestServer::process`` catches ``Exception`` only (``rest/classes/general/rest.php`` lines
116-133), and ``ExceptionHandler::handleException`` (``main/lib/diag/exceptionhandler.php`` lines
261-275) prints the error and ends the request. The request dies with a non-JSON page and **the
server fails without an error code**. The crash happens where the check is reached: an array
``code`` only after the ``name`` passed, an array ``type`` only after both passed. Because the loop
keeps going after ordinary errors, a crash in a later item beats an earlier item's error.

Pass: ``"name": "n"``   Fail: ``"name": ["x"]``, ``"type": ["STRING"]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="settings-scalar-values",
    codes={
        "BL101": Code(
            "The server fails without an error code: {call} throws a TypeError "
            "for the array in settings {key}.",
            server=False,
        )
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.CONTENT,
    summary="settings name, code and type must not be arrays (the server crashes)",
    requires=access.general_setting_items,
)

CALLS = (
    ("NAME", 1, "mb_strlen()"),
    ("CODE", 2, "mb_strlen()"),
    ("TYPE", 3, "SourceSettingType::tryFrom()"),
)


def check(request: Request) -> Iterator[Finding]:
    for item in access.general_setting_items(request):
        if not item.complete:
            continue
        for key, step, call in CALLS:
            if php.is_array(item.value(key)):
                yield Finding(
                    loc=item.value_loc(key),
                    code="BL101",
                    args={"call": call, "key": f'"{key.lower()}"'},
                    order=(item.position, step),
                    group=("setting", item.position),
                    fatal=True,
                )
