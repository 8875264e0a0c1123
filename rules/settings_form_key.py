r"""A connector setting's ``code`` must survive the trip to the connector as a form field name.

Source: ``biconnector/lib/ExternalSource/Source/Rest.php``
(``Bitrix\BIConnector\ExternalSource\Source\Rest::query``, lines 334-355, and
``fillConnectionSettings``, lines 442-454) and ``main/lib/web/http/formstream.php`` (line 17): the
portal posts the source's settings to every endpoint with ``http_build_query``
(https://www.php.net/manual/en/function.http-build-query.php): the field ``connection[<code>]``,
percent-encoded, so ``&``, ``=``, ``#``, spaces and non-ASCII letters travel intact. What matters is
how the connector's parser reads the name back; for PHP (``$_POST``, ``parse_str``,
https://www.php.net/manual/en/function.parse-str.php; bicon-lint runs PHP's own algorithm,
``php.parse_str``) only the top-level name ``connection`` is mangled (dots and spaces become ``_``),
and inside the brackets the key is taken verbatim up to the first ``]``. So a code with ``]``
arrives cut (``a]b`` is read as ``connection["a"]``) and a NUL byte cuts the whole name: errors.
Dots, spaces and a ``[`` arrive intact in PHP, but a ``[`` is read as nesting by bracket-aware
parsers such as Node.js ``qs`` (Express's extended parser): ``connection[a[b]`` becomes
``{"connection[a": {"b": ...}}``, a warning. Blank codes are ``settings-blank``.

Pass: ``"code": "api.key"``, ``"code": "user name"``, ``"code": "a&b=c"``
Fail: ``"code": "filter[status]"``, ``"code": "a[b"`` (a warning)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bicon_lint import access, php
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="settings-form-key",
    codes={
        "BL405": Code(
            'setting code "{code}" does not survive the form encoding: the portal posts '
            "connection[{code}]=..., and PHP reads it back as {arrived}",
            server=False,
        ),
        "BL406": Code(
            'setting code "{code}" holds "[": PHP reads connection[{code}] intact, but '
            "bracket-nesting form parsers (Node.js qs) split it",
            server=False,
            severity=Severity.WARNING,
        ),
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.ADVISORY,
    summary="settings codes: usable as the form field name connection[<code>]",
    requires=access.general_setting_items,
)


def check(request: Request) -> Iterator[Finding]:
    for item in access.general_setting_items(request):
        text = item.code_text()
        if text is None or access.plain_code(text) or not text.strip():
            continue  # a plain code travels intact (tests/test_fast_paths.py)
        arrived = php.parse_str(php.build_query({"connection": {text: "v"}}))
        printable = text.replace("\0", "\\0")
        if arrived != {"connection": {php.array_key(text): "v"}}:
            args = {"code": printable, "arrived": _path(arrived)}
            yield Finding(item.value_loc("CODE"), "BL405", args)
        elif "[" in text:
            yield Finding(item.value_loc("CODE"), "BL406", {"code": printable})


def _path(value: Any) -> str:
    """``$_POST["connection"]["a"]``: the first path through what PHP decoded."""
    path = "$_POST"
    while isinstance(value, dict) and value:
        key, value = next(iter(value.items()))
        path += f'["{key}"]' if isinstance(key, str) else f"[{key}]"
    return path
