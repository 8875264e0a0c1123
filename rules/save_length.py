"""Connector ``title`` (512), each endpoint URL (2048) and ``sourceCode`` (64) have maximum lengths.

Source: ``biconnector/lib/ExternalSource/Internal/ExternalSourceRestConnectorTable.php``
(``LengthValidator(null, 512)`` on ``TITLE``, lines 68-80; ``LengthValidator(null, 2048)`` on
``URL_CHECK``, ``URL_DATA``, ``URL_TABLE_LIST`` and ``URL_TABLE_DESCRIPTION``, lines 123-181) and
``main/lib/orm/fields/validators/lengthvalidator.php`` (``LengthValidator::validate``, lines
87-113), run by ``main/lib/orm/data/datamanager.php`` (``DataManager::checkFields``, lines 686-727):
the ORM's ``LengthValidator`` compares ``mb_strlen`` in Unicode code points with ``> max``
(https://www.php.net/manual/en/function.mb-strlen.php), so the maximum itself passes. The server
checks the fields in the request's key order and answers the first; all ``save-required`` errors
come before these. These limits were undocumented until the 2026-08 docs (the
biconnector.connector.add page of the REST docs). ``sourceCode`` exists only on ``latest`` and its
limit is taken from the docs of 2026-08 and the ``varchar(64)`` column of a published install script
of the module; the server code that checks it is not public.

The server inserts the column's localized English label, which is not public (the public copy of the
modules has no ``lang`` folder); bicon-lint prints the ORM field name there. Match on the code.

Pass: ``"title": "x" * 512``   Fail: ``"title": "x" * 513``, ``"urlData": "a" * 2049``
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from bicon_lint import access, php
from bicon_lint.contract import CONNECTOR_ORM
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="save-length",
    codes={"BX_INVALID_VALUE": Code('The length of "{label}" should not exceed {max} characters.')},
    methods=CONNECTOR_WRITE,
    stage=Stage.SAVE,
    summary="title <= 512, URLs <= 2048, sourceCode <= 64 code points",
)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    table = limits(request.target)
    for position, (key, value) in enumerate(given.items()):
        column = table.get(key)
        if column is not None and isinstance(value, str) and php.mb_strlen(value) > column[1]:
            yield Finding(
                loc=("fields", key),
                code="BX_INVALID_VALUE",
                args={"label": column[0], "max": column[1]},
                order=(1, position),
            )


@cache
def limits(target: Target) -> dict[str | int, tuple[str, int]]:
    """REST title → (ORM column, maximum length) of the length-limited columns on ``target``."""
    return {
        column.rest_title: (column.name, column.max_length)
        for column in CONNECTOR_ORM
        if column.rest_title is not None
        and column.max_length is not None
        and column.exists_on(target)
    }
