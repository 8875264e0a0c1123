r"""A source's ``title`` must not be empty (``""`` and ``"0"`` are refused), and ``update`` must
send it.

Source: ``biconnector/lib/ExternalSource/SourceManager.php``,
``Bitrix\BIConnector\ExternalSource\SourceManager::prepareBeforeAdd`` (line 321) and
``prepareBeforeUpdate`` (line 443), called through ``addConnection`` and ``updateConnection`` by
``biconnector/lib/Rest/Source.php`` (lines 188 and 232): ``SourceManager`` tests
``empty($data['title'] ?? null)`` (https://www.php.net/manual/en/function.empty.php) and answers
error **code 0** with the lang message ``EXTERNAL_CONNECTION_ERROR_FIELDS_INCOMPLETE``,
``All the fields are required.`` in English (text from the newest docs, the
biconnector.source.update page of the REST docs). It runs after the look-up (``CONNECTOR_NOT_FOUND``
on ``add``, ``SOURCE_NOT_FOUND`` on ``update``) and after the call to the connector's ``urlCheck``
(``Rest/Source.php`` lines 181-186 and 225-230). On ``update`` the docs' field table (the
biconnector.source.update page, until 2026-08) says ``title`` is optional; the code requires it, so
every ``source.update`` must repeat the title (the newest docs mark it required). On ``add`` a
missing title is already ``field-required``; a non-string one is ``field-type``.

Pass: ``{"id": 10, "fields": {"title": "S", "description": "d"}}``   Fail: ``{"id": 10, "fields": {"description": "d"}}``, ``"title": "0"``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="source-title",
    codes={"0": Code("All the fields are required.")},
    methods=named("source", "add", "update"),
    stage=Stage.CONTENT,
    summary='source title: not "" or "0"; required on update too',
)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    if "title" not in given:
        if access.action(request) == "update":
            yield Finding(loc=access.FIELDS, code="0", part=Part.KEY, order=(0,), returns=True)
    elif isinstance(given["title"], str) and php.empty(given["title"]):
        yield Finding(loc=("fields", "title"), code="0", order=(0,), returns=True)
