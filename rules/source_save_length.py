"""A source's ``title`` may have at most 512 characters, and so may its ``code``
(``"rest_"`` followed by ``connectorId`` exactly as sent).

Source: ``biconnector/lib/ExternalSource/Internal/ExternalSourceTable.php``
(``LengthValidator(null, 512)`` on ``CODE`` and ``TITLE``, lines 103-128) and
``main/lib/orm/fields/validators/lengthvalidator.php`` (lines 103-110), saved by
``biconnector/lib/ExternalSource/SourceManager.php`` (``addConnection`` saves the row at line 242,
before the settings at line 251; ``updateConnection`` saves the settings at line 400, then the row
at line 409): the ORM's ``LengthValidator(null, 512)`` on ``TITLE`` and ``CODE`` compares
``mb_strlen`` in code points (https://www.php.net/manual/en/function.mb-strlen.php), so 512 passes
and 513 fails (``TYPE`` is always ``rest``). ``CODE`` only overflows when ``connectorId`` is a
numeric string padded to 508 characters or more (``"000…04"`` still finds connector 4). On ``add``
the source row is saved before its settings, its values validated in the order ``SourceManager``
sets them (``CODE``, then ``TITLE``), and the call stops there. On ``update`` the settings are saved
first (``source-settings-values``), then a changed ``TITLE``.

The server inserts the column's localized English label, which is not public (the public copy of the
modules has no ``lang`` folder); bicon-lint prints the ORM field name there. Match on the code.

Pass: ``"title": "x" * 512``   Fail: ``"title": "x" * 513``
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="source-save-length",
    codes={"BX_INVALID_VALUE": Code('The length of "{label}" should not exceed {max} characters.')},
    methods=named("source", "add", "update"),
    stage=Stage.SAVE,
    summary="source title (and the derived code) <= 512 code points",
)

MAX: Final = 512  # ExternalSourceTable TITLE and CODE: LengthValidator(null, 512)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    adding = access.action(request) == "add"
    connector_id = given.get("connectorId")
    code = "rest_" + php.to_string(connector_id)
    if adding and php.is_numeric(connector_id) and php.mb_strlen(code) > MAX:
        args = {"label": "CODE", "max": MAX}
        yield Finding(
            ("fields", "connectorId"), "BX_INVALID_VALUE", args, order=(0, 0), returns=True
        )
    title = given.get("title")
    if isinstance(title, str) and php.mb_strlen(title) > MAX:
        order = (0, 1) if adding else (1, 0)
        args = {"label": "TITLE", "max": MAX}
        yield Finding(("fields", "title"), "BX_INVALID_VALUE", args, order=order, returns=True)
