"""Each connector setting needs its own ``code``.

Source: ``biconnector/lib/Rest/Connector.php`` (``checkAndPrepareSettings``, lines 309-353, stores
the list as sent), ``biconnector/lib/ExternalSource/SourceManager.php`` (``saveConnectionSettings``,
lines 453-510) and ``biconnector/lib/ExternalSource/Source/Rest.php`` (``fillConnectionSettings``,
lines 442-454): a source stores one value per code (``SourceManager`` looks settings up with
``getEntityByCode``) and the portal posts each as the form field ``connection[<code>]``. Two
settings with one code show two inputs in the source form, but only one value is kept and sent: the
connector never sees the other. The server does not check this. Codes are compared as PHP array keys
of their string form (``5`` and ``"5"`` are one code; ``"05"`` is another;
https://www.php.net/manual/en/language.types.array.php).

Pass: ``[{"code": "login", ...}, {"code": "password", ...}]``
Fail: ``[{"code": "token", ...}, {"code": "token", ...}]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="settings-duplicate-codes",
    codes={
        "BL402": Code(
            'setting code "{code}" is declared again (first by settings item {first}): a source '
            "keeps one value for both, and the connector receives one connection[{code}]",
            server=False,
        )
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.ADVISORY,
    summary="settings: every code is unique",
    requires=access.setting_codes_may_repeat,
)


def check(request: Request) -> Iterator[Finding]:
    if access.setting_codes_distinct(request):
        return
    seen: dict[str | int, str | int] = {}
    for item in access.setting_items(request):
        text = item.code_text()
        if text is None:
            continue
        key = php.array_key(text)
        if key in seen:
            args = {"code": text, "first": seen[key]}
            yield Finding(item.value_loc("CODE"), "BL402", args)
        else:
            seen[key] = item.loc[-1]
