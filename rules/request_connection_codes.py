"""A recorded request's ``connection`` must hold codes the connector declares.

Source: ``SourceManager::prepareConnectionSettings()``
(``biconnector/lib/ExternalSource/SourceManager.php``, lines 512-554): a REST source stores a value
only for each code its connector declares (others are dropped, a missing one is skipped), and
``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::fillConnectionSettings()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 442-454) sends those stored values. Only
the urlCheck that ``biconnector.source.add``/``update`` makes carries the app's settings as sent,
undeclared codes included (``Source::checkConnectionBeforeAdd()`` /
``checkConnectionBeforeUpdate()``, ``biconnector/lib/Rest/Source.php``, lines 389-447): a warning
there. The connector is the payload the file's envelope names, ``"connector": "<path>"`` (as for a
source, ``bicon_lint.connectors``); without it nothing is checked. No ``connection`` at all, while
the connector declares settings, is possible only for a source whose settings named none of them: a
warning.

Pass: ``connection[login]=user`` with a connector declaring ``login``
Fail: ``connection[token]=x`` (urlData) with a connector declaring only ``login``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import connectors, php, recorded
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="request-connection-codes",
    codes={
        "BL784": Code(
            "connection[{code}] is not a setting of {connector}: the portal stores and sends only "
            "the declared codes ({declared})",
            server=False,
        ),
        "BL785": Code(
            "connection[{code}] is not a setting of {connector} ({declared}): only the check of "
            "biconnector.source.add/update sends it, never a later call",
            server=False,
            severity=Severity.WARNING,
        ),
        "BL786": Code(
            "no connection, though {connector} declares settings ({declared}): the portal sends "
            "none only for a source that stored no value for any of them",
            server=False,
            severity=Severity.WARNING,
        ),
    },
    methods=recorded.RECORDED,
    stage=Stage.ADVISORY,
    summary="recorded requests: connection holds the connector's setting codes",
)


def check(request: Request) -> Iterator[Finding]:
    if connectors.REFERENCE not in request.envelope:
        return
    declared = connectors.find(request).connector
    if declared is None or not declared.settings:
        return
    args = {
        "connector": declared.label,
        "declared": ", ".join(str(code) for code in declared.settings),
    }
    given = recorded.fields(request).get("connection")
    if given is None:
        yield Finding((), "BL786", args, Part.KEY)
        return
    code = "BL785" if recorded.endpoint(request) == "urlCheck" else "BL784"
    for key, _value in php.items(given):
        normal = php.array_key(key) if isinstance(key, str) else key
        if normal not in declared.settings:
            yield Finding(("connection", key), code, {**args, "code": key}, Part.KEY)
