r"""A connector setting's ``code`` and ``name`` must not be empty or only whitespace.

Source: ``biconnector/lib/Rest/Connector.php``,
``Bitrix\BIConnector\Rest\Connector::checkAndPrepareSettings`` (lines 309-353), and
``biconnector/lib/ExternalSource/Source/Rest.php`` (``Rest::query``, lines 334-355, through
``main/lib/web/http/formstream.php``): ``isset`` accepts ``""``
(https://www.php.net/manual/en/function.isset.php), so the server stores blank codes and names. A
blank code cannot name a value: the portal posts it as ``connection[]`` (``http_build_query``,
https://www.php.net/manual/en/function.http-build-query.php), which PHP's parser reads as the next
list index, ``connection[0]``; a code of spaces arrives the same way (PHP skips one leading blank
inside ``[ ]``, https://www.php.net/manual/en/function.parse-str.php). A blank name shows an input
without a label in the source form. ``false`` is the empty string in PHP.

Pass: ``{"code": "token", "name": "Token", "type": "STRING"}``
Fail: ``{"code": "", "name": "Token", "type": "STRING"}``, ``{"code": "token", "name": " ", ...}`` (a warning)
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="settings-blank",
    codes={
        "BL403": Code(
            "setting code {shown} is blank: the connector receives its value as connection[], "
            "which PHP reads as connection[0]",
            server=False,
        ),
        "BL404": Code(
            "setting name {shown} is blank: the source form shows an input without a label",
            server=False,
            severity=Severity.WARNING,
        ),
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.ADVISORY,
    summary="settings: code and name are not blank",
    requires=access.general_setting_items,
)


def check(request: Request) -> Iterator[Finding]:
    for item in access.general_setting_items(request):
        if not item.complete:
            continue
        for key, code in (("CODE", "BL403"), ("NAME", "BL404")):
            value = item.value(key)
            if not php.is_array(value) and not php.to_string(value).strip():
                shown = json.dumps(value, ensure_ascii=False)
                yield Finding(item.value_loc(key), code, {"shown": shown})
