"""A recorded endpoint request carries ``connection[<code>]`` for the connector's setting codes.

Source: the portal sends ``connection[<code>]`` only for the codes the connector declares and the
source stores a value for (``Rest::fillConnectionSettings()``,
``biconnector/lib/ExternalSource/Source/Rest.php``, lines 442-454;
``SourceManager::prepareConnectionSettings()``,
``biconnector/lib/ExternalSource/SourceManager.php``, lines 512-554: undeclared codes are dropped, a
declared code without a value is skipped); only the urlCheck of ``source.add``/``source.update``
gets the settings as the app sent them
(``Bitrix\\BIConnector\\Rest\\Source::checkConnectionBeforeAdd()`` /
``checkConnectionBeforeUpdate()``, ``biconnector/lib/Rest/Source.php``, lines 389-447), so urlCheck
answers are not compared for undeclared codes. An answer's envelope records the request
(``"request"``: the fields, or the form body); its connector is the payload its ``"connector"``
names (a path relative to the answer's file), else the one connector payload of the run that
declares settings. A code it does not declare is a request the portal never sends (BL763); a
declared code the request lacks means a source without a value for it (BL764). Codes compare as PHP
array keys, case-sensitively; a recorded request without ``connection`` is not compared (it may
record only the table). Warnings.

Pass: connector codes ``token`` and a request ``connection[token]=t``
Fail: connector codes ``token`` and a request ``connection[api_key]=t``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answer_links, php
from bicon_lint.answer_links import ENDPOINTS, URLCHECK
from bicon_lint.model import Code, Finding, Loc, Part, Request, RuleSpec, Severity, Stage

_W = Severity.WARNING
SPEC = RuleSpec(
    name="answer-connection-codes",
    codes={
        "BL763": Code(
            "the request sends connection[{code}], not a setting code of {label} (its codes: "
            "{codes}): the portal never sends it",
            False,
            _W,
        ),
        "BL764": Code(
            "the request has no connection[{code}], a setting of {label}: the source has no "
            "value for it, and the endpoint must do without it",
            False,
            _W,
        ),
    },
    methods=ENDPOINTS,
    stage=Stage.ADVISORY,
    summary="endpoint requests: connection[...] codes are the connector's setting codes",
)


def check(request: Request) -> Iterator[Finding]:
    declared, _missing = answer_links.connector_of(request)
    sent = answer_links.recorded(request.envelope)
    connection = sent.get("connection", {})
    if declared is None or "connection" not in sent or not isinstance(connection, dict):
        return
    codes = ", ".join(php.to_string(code) for code in declared.codes) or "none"
    keys = {php.array_key(str(key)): key for key in connection}
    if request.method != URLCHECK:
        for key, raw in keys.items():
            if key not in declared.codes:
                args = {"code": raw, "label": declared.label, "codes": codes}
                yield Finding(_where(request, raw), "BL763", args, part=Part.KEY, root=True)
    for code in declared.codes:
        if code not in keys:
            args = {"code": code, "label": declared.label}
            yield Finding(("request",), "BL764", args, part=Part.KEY, root=True)


def _where(request: Request, code: object) -> Loc:
    """The recorded key: ``request.connection.<code>``, ``request["connection[<code>]"]``, or the
    request itself (a form body)."""
    given = request.envelope.get("request")
    if isinstance(given, dict):
        if isinstance(given.get("connection"), dict) and code in given["connection"]:
            return ("request", "connection", str(code))
        if f"connection[{code}]" in given:
            return ("request", f"connection[{code}]")
    return ("request",)
