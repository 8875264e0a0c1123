"""A committed source payload must not hold a password-like setting value.

Source: ``biconnector/lib/ExternalSource/SourceManager.php``
(``SourceManager::prepareConnectionSettings``, lines 512-554, stores them) and
``biconnector/lib/ExternalSource/Source/Rest.php`` (``Rest::connect`` and
``fillConnectionSettings``, lines 96-130 and 442-454, post them to the connector as
``connection[<code>]``): a source's ``settings`` are the values its connector asks for, typically a
login and a password or an API token; written into a payload file, they end up in the repository. A
value is password-like when its code, or its name in the connector's payload of the same run
(``bicon_lint.connectors``), mentions pass, pwd, secret, token, api key, private key, access key or
credential, and it is not empty and not a placeholder (``${DB_PASSWORD}``, ``<password>``,
``****``). Files only, as ``secret-tokens``; the value is shown masked.

Pass: ``"settings": {"login": "bi_reader", "password": "${DB_PASSWORD}"}``
Fail: ``"settings": {"login": "bi_reader", "password": "s3cr3t-passw0rd"}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, connectors, php, redact
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="secret-settings",
    codes={
        "BL603": Code(
            'settings "{key}" holds a password-like value ({shown}) committed with the payload; '
            "fill it in when the call is made instead",
            server=False,
        )
    },
    methods=named("source", "add", "update"),
    stage=Stage.ADVISORY,
    summary="no password or token values in a committed source payload's settings",
)


def check(request: Request) -> Iterator[Finding]:
    settings = (access.fields(request) or {}).get("settings")
    if request.path is None or not php.is_array(settings):
        return
    declared = connectors.find(request).connector
    names = declared.settings if declared else {}
    for key, value in php.items(settings):
        if php.is_array(value) or value is None or isinstance(value, bool):
            continue
        text = php.to_string(value)
        normal = php.array_key(key) if isinstance(key, str) else key
        label = f"{key} {names.get(normal, '')}"
        if redact.PASSWORD_LIKE.search(label) and text.strip() and not redact.is_placeholder(text):
            shown = f'"{redact.mask(text)}"'
            yield Finding(("fields", "settings", key), "BL603", {"key": key, "shown": shown})
