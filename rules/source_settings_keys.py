r"""A source's ``settings`` keys must be the setting codes its connector declares.

Source: ``biconnector/lib/ExternalSource/SourceManager.php``,
``Bitrix\BIConnector\ExternalSource\SourceManager::prepareConnectionSettings`` (lines 512-554; the
test at line 532): the server stores a value only under a code the connector declares
(``isset($data[$code])``) and drops every other key silently, with ``null`` values; a declared code
with no value is simply not stored, and the connector's endpoints never receive
``connection[<code>]``. bicon-lint compares when the run holds the connector's payload
(``bicon_lint.connectors``; the files the configuration's ``connectors`` names count as the
run's): a ``connector.update`` whose ``id`` is this ``source.add``'s
``connectorId``, or the file named by the envelope key
``"connector": "<path relative to this file>"`` (for a ``connector.add``, which has no id yet; on
``source.update`` too). Codes are compared as PHP array keys, case-sensitively. On ``update`` the
sent values are merged with the stored ones, so a missing code is not reported there. A reference
that names no connector payload of the run is an info.

Pass: connector codes ``token``, ``login`` and ``"settings": {"token": "t", "login": "l"}``
Fail: ``"settings": {"tokne": "t"}``, a missing ``login``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, connectors, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Severity, Stage

_W = Severity.WARNING
SPEC = RuleSpec(
    name="source-settings-keys",
    codes={
        "BL501": Code(
            'settings "{key}" is not a setting code of {label} (its codes: {codes}): the server '
            "silently stores no value for it",
            False,
            _W,
        ),
        "BL502": Code(
            'settings has no value for "{code}"{name}, a setting of {label}: the connector never '
            "receives connection[{code}]",
            False,
            _W,
        ),
        "BL503": Code(
            'the connector reference "{reference}" names no connector.add or connector.update '
            "payload checked in this run: settings keys are not compared (check both together)",
            False,
            Severity.INFO,
        ),
    },
    methods=named("source", "add", "update"),
    stage=Stage.ADVISORY,
    summary="source settings keys: the connector's setting codes (when its payload is in the run)",
)


def check(request: Request) -> Iterator[Finding]:
    found = connectors.find(request)
    if found.missing is not None:
        yield Finding((connectors.REFERENCE,), "BL503", {"reference": found.missing}, root=True)
    given = access.fields(request)
    declared = found.connector
    if given is None or declared is None or not php.is_array(given.get("settings")):
        return
    sent: set[str | int] = set()
    codes = ", ".join(php.to_string(code) for code in declared.settings) or "none"
    for key, value in php.items(given["settings"]):
        normal = php.array_key(key) if isinstance(key, str) else key
        if normal not in declared.settings:
            args = {"key": key, "label": declared.label, "codes": codes}
            yield Finding(("fields", "settings", key), "BL501", args, part=Part.KEY)
        elif value is not None:
            sent.add(normal)
    if access.action(request) != "add":
        return
    for code, name in declared.settings.items():
        if code not in sent:
            args = {"code": code, "name": f" ({name})" if name else "", "label": declared.label}
            yield Finding(("fields", "settings"), "BL502", args, part=Part.KEY)
