r"""A committed payload file must not hold an access token, a webhook URL or a URL's password.

Source: ``rest/lib/oauth/auth.php`` (``Bitrix\Rest\OAuth\Auth``, lines 39-45) and
``rest/classes/general/rest.php`` (``CRestServer``): the REST core takes ``auth`` (an OAuth access
token) from the request and checks it before any ``biconnector`` code runs; the OAuth examples of
the REST docs (the biconnector.connector.add page, for one) put it in the body, and a payload copied
from them carries a live token. A webhook URL ``https://<portal>/rest/<user>/<key>/`` (the docs'
webhook examples, and SDK configuration) is a password: anyone who has it calls the REST API as that
user. Reported in files only, never for params linted in memory (``lint_payload``, ``check_call``,
the b24pysdk guard), which are about to be sent and may carry their token legitimately. ``auth``,
``access_token``, ``refresh_token`` and ``client_secret`` are looked for at the top of the params
and in the envelope; webhook URLs and ``scheme://user:password@`` in every string value (the
connector's endpoint URLs are ``endpoint-url``'s). Values are masked (``redact.mask``); placeholders
such as ``**put_access_token_here**`` or ``${TOKEN}`` are not secrets.

Pass: ``{"method": "biconnector.connector.get", "params": {"id": 4}}``
Fail: ``{..., "params": {"id": 4, "auth": "d2b8c0f1a9e3..."}}``, ``"description": "https://x.bitrix24.com/rest/1/k3j2h4g5f6d7s8a9/"``
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bicon_lint import endpoints, php, redact
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import ANY_METHOD, Code, Finding, Loc, Request, RuleSpec, Stage

TOKEN_KEYS = ("auth", "access_token", "refresh_token", "client_secret")
_TOKEN_KEY_SET = frozenset(TOKEN_KEYS)
SPEC = RuleSpec(
    name="secret-tokens",
    codes={
        "BL601": Code(
            'an OAuth credential is committed with the payload: "{key}" is {shown}; keep it out '
            "of the file (the REST client supplies it when it calls)",
            False,
        ),
        "BL602": Code(
            "a Bitrix24 webhook URL with its secret key is committed with the payload ({shown}): "
            "anyone who reads it can call the REST API as user {user}",
            False,
        ),
        "BL604": Code("a URL with a password is committed with the payload ({shown})", False),
    },
    methods=frozenset({ANY_METHOD}),
    stage=Stage.ADVISORY,
    summary="no access token, webhook URL or URL password in a committed payload file",
)


def check(request: Request) -> Iterator[Finding]:
    if request.path is None:
        return
    for scope, root in ((request.params, False), (request.envelope, True)):
        if isinstance(scope, Mapping) and not _TOKEN_KEY_SET.isdisjoint(scope):
            yield from _tokens(scope, root)
    if request.text is not None and not redact.may_hold_url_secret(request.text):
        return  # no string of the file holds a webhook or URL password, not even escaped
    skip: set[Loc] = set()
    if request.method in CONNECTOR_WRITE:
        skip = {("fields", name) for name in endpoints.ENDPOINTS}
    yield from _strings(request.params, (), skip, root=False)
    for key, value in request.envelope.items():
        if key not in TOKEN_KEYS:
            yield from _strings(value, (key,), set(), root=True)


def _tokens(scope: Mapping[Any, Any], root: bool) -> Iterator[Finding]:
    for key in TOKEN_KEYS:
        value = scope.get(key)
        if isinstance(value, str) and value.strip() and not redact.is_placeholder(value):
            args = {"key": key, "shown": f'"{redact.mask(value)}"'}
            yield Finding((key,), "BL601", args, root=root)
        elif php.is_array(value) and value:
            yield Finding((key,), "BL601", {"key": key, "shown": "an object"}, root=root)


def _strings(value: Any, loc: Loc, skip: set[Loc], root: bool) -> Iterator[Finding]:
    top = set() if loc or root else set(TOKEN_KEYS)  # the params' credential keys are BL601's
    for where, text in redact.suspect_strings(value, loc, skip=top):
        hook = redact.webhook(text)
        if hook is not None:
            yield Finding(where, "BL602", {"shown": hook[1], "user": hook[0]}, root=root)
        elif where not in skip and (credentials := redact.url_credentials(text)):
            yield Finding(where, "BL604", {"shown": credentials}, root=root)
