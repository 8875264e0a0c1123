"""Secrets in payload text, found and masked: no message of bicon-lint ever repeats one whole.

``mask`` keeps the first two characters of a value of 8 or more characters and replaces the rest
with ``****``; a shorter value is all ``****`` (two characters of a 5-character password are too
much of it). Placeholders (``${DB_PASSWORD}``, ``{{token}}``, ``<password>``, ``%TOKEN%``,
``**put_access_token_here**``) are not secrets.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any, Final

from bicon_lint import php
from bicon_lint.compact import CompactArray
from bicon_lint.model import Loc

MASK: Final = "****"
SHOWN: Final = 2  # leading characters kept by mask()
SHOWN_FROM: Final = 8  # shorter values are masked entirely

# A Bitrix24 inbound webhook: https://<portal>/rest/<user id>/<secret key>/<method>
_WEBHOOK: Final = re.compile(r"/rest/(?P<user>\d+)/(?P<key>[0-9A-Za-z_]{8,})(?=[/?#\s]|\Z)")
_URL_CREDENTIALS: Final = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{0,63}://)(?P<user>[^/?#@\s:]*)(?::(?P<password>[^/?#@\s]*))?@"
)
_PLACEHOLDER: Final = re.compile(
    r"\s*(?:\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{.*\}\}|<[^<>]*>|%[A-Za-z_]\w*%|\*+.*\*+|[*xX.]+)\s*\Z"
)
PASSWORD_LIKE: Final = re.compile(
    r"pass|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential",
    re.IGNORECASE,
)


def mask(value: str) -> str:
    """>>> mask("s3cr3t-passw0rd"), mask("hunter2"), mask("")
    ('s3****', '****', '****')
    """
    return value[:SHOWN] + MASK if len(value) >= SHOWN_FROM else MASK


def is_placeholder(value: str) -> bool:
    """>>> [is_placeholder(v) for v in ("${DB_PASS}", "**put_access_token_here**", "<token>", "s3cret")]
    [True, True, True, False]
    """
    return _PLACEHOLDER.match(value) is not None


def webhook(text: str) -> tuple[str, str] | None:
    """The user id and the masked form of the first webhook URL in ``text``.

    >>> webhook("https://b24-x.bitrix24.com/rest/1/k3j2h4g5f6d7s8a9/profile")
    ('1', '…/rest/1/k3****/')
    >>> webhook("https://example.com/rest/1/biconnector/"), webhook("/rest/1/**put_your_webhook_here**/")
    (None, None)
    """
    for found in _WEBHOOK.finditer(text):
        key = found["key"]
        if re.search(r"[0-9]", key) and re.search(r"[A-Za-z]", key):
            return found["user"], f"…/rest/{found['user']}/{mask(key)}/"
    return None


def url_credentials(text: str) -> str | None:
    """The masked ``scheme://user:password@`` of the first URL in ``text`` that carries a password.

    >>> url_credentials("postgresql://bi_reader:s3cret-pw@db.example.com/sales")
    'postgresql://bi****:****@'
    >>> url_credentials("https://user@example.com/"), url_credentials("https://example.com/")
    (None, None)
    """
    if "://" not in text or "@" not in text:  # no URL with credentials: skip the regex
        return None
    for found in _URL_CREDENTIALS.finditer(text):
        if found["password"] and not is_placeholder(found["password"]):
            return f"{found['scheme']}{mask(found['user'])}:{MASK}@"
    return None


def display(text: str, limit: int = 60) -> str:
    """``text`` for a message: webhook keys and URL passwords masked, control characters escaped,
    long values shortened.

    >>> display("https://bi:s3cret-pw@example.com/rest/7/abcdef1234567890/x")
    'https://****:****@example.com/rest/7/ab****/x'
    """
    shown = _WEBHOOK.sub(lambda m: f"/rest/{m['user']}/{mask(m['key'])}", text)
    shown = _URL_CREDENTIALS.sub(
        lambda m: f"{m['scheme']}{mask(m['user'])}{':' + MASK if m['password'] else ''}@", shown
    )
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in shown)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def may_hold_url_secret(text: str) -> bool:
    """Whether some string decoded from ``text`` (JSON, YAML or a form body) could hold a webhook
    URL or a URL password: the marks they need ("/rest/"; "://" and "@"), or an escape that
    could stand for one of their characters (a backslash, a ``%``).

    >>> may_hold_url_secret('{"url": "https://example.com/a"}'), may_hold_url_secret("a%40b")
    (False, True)
    """
    return _has_marks(text) or "\\" in text or "%" in text


def _has_marks(text: str) -> bool:
    """What a webhook URL ("/rest/") or a URL with a password ("://" and "@") needs."""
    return "/rest/" in text or ("@" in text and "://" in text)


def suspect_strings(
    value: Any, loc: Loc = (), *, skip: Collection[object] = ()
) -> Iterator[tuple[Loc, str]]:
    """The strings of ``value`` that could hold a webhook URL (it needs "/rest/") or a URL with a
    password (it needs "://" and "@"), with where they are; ``skip`` names keys of ``value``
    itself to leave out. Walked with a stack, never recursion; a place is made only for a
    container or a suspect, not for every string."""
    if isinstance(value, str):
        if _has_marks(value):
            yield loc, value
        return
    stack: list[tuple[Loc, Any]] = [(loc, value)]
    while stack:
        here, container = stack.pop()
        if isinstance(container, CompactArray):
            # The strings of a compact list's plain runs are their text: only items holding
            # "/rest/" or "://" are decoded.
            pairs: Iterable[tuple[Any, Any]] = container.items_with("/rest/", "://")
        else:
            pairs = php.items(container)
        own = skip if here == loc else ()
        nested: list[tuple[Loc, Any]] = []
        for key, item in pairs:
            if key in own:
                continue
            if isinstance(item, str):
                if _has_marks(item):
                    yield (*here, key), item
            elif isinstance(item, (dict, list, CompactArray)):
                nested.append(((*here, key), item))
        stack.extend(reversed(nested))  # depth first, in document order
