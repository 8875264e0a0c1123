"""A recorded request's ``connection`` must be an array of setting values.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::fillConnectionSettings()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 442-454:
``$settingFields[$setting->getCode()] = $setting->getValue()``, then ``$queryFields['connection'] =
$settingFields``), encoded by ``http_build_query`` (``main/lib/web/http/formstream.php``, lines
15-18; https://www.php.net/manual/en/function.http-build-query.php) as
``connection[<code>]=<value>``. The stored values are trimmed strings
(``SourceManager::prepareConnectionSettings()``,
``biconnector/lib/ExternalSource/SourceManager.php``, lines 529-546), so ``connection`` is never a
string (``connection=...``) and, except in the urlCheck that ``biconnector.source.add``/``update``
makes with the settings as the app sent them (``biconnector/lib/Rest/Source.php``, lines 389-447),
never holds a nested array.

Pass: ``connection%5Blogin%5D=user&connection%5Bpassword%5D=secret``
Fail: ``connection=user`` , ``connection%5Blogin%5D%5B0%5D=user`` (urlData)
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import php, recorded
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="request-connection-shape",
    codes={
        "BL783": Code(
            "connection{where} is {what}: the portal sends each setting as "
            "connection[<code>]=<string value>",
            server=False,
        )
    },
    methods=recorded.RECORDED,
    stage=Stage.ADVISORY,
    summary="recorded requests: connection is an array of strings",
)


def check(request: Request) -> Iterator[Finding]:
    given = recorded.fields(request)
    if "connection" not in given:
        return
    value = given["connection"]
    if not php.is_array(value):
        what = f"the {php.type_name(value)} {php.to_string(value)!r}"
        yield Finding(("connection",), "BL783", {"where": "", "what": what})
        return
    if recorded.endpoint(request) == "urlCheck":
        return  # source.add/update pass the app's values through, arrays included
    for code, item in php.items(value):
        if php.is_array(item):
            where = f"[{code}]"
            yield Finding(("connection", code), "BL783", {"where": where, "what": "an array"})
