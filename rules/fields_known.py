r"""Every key of ``fields`` must be one of the entity's field titles, spelt exactly.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateFields`` (lines
325-332): ``array_diff(array_keys($fields), $titles)``
(https://www.php.net/manual/en/function.array-diff.php) before any key conversion (the entities
convert the keys later, in ``addEntity`` and ``updateEntity``), so ``URLCheck``, ``url_check`` and
``Title`` are unknown. The server collects this error first and always answers it before any other
field error (only a result's first error is answered, ``Base::add``, line 55); the message lists
every unknown key in request order (an int key prints as digits, an empty key as nothing).
``fields`` sent as a JSON list has the keys ``0``, ``1``, … (``json_decode`` turns a list into a PHP
array with integer keys). ``sourceCode`` is unknown to servers before ``latest``.

Pass: ``{"fields": {"urlCheck": "https://ex.com/c"}}``   Fail: ``{"fields": {"url_check": "…"}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.contract import titles_of
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage
from bicon_lint.rules import fields_provided

SPEC = RuleSpec(
    name="fields-known",
    codes={"VALIDATION_UNKNOWN_PARAMETERS": Code("Unknown parameters: {names}")},
    methods=fields_provided.SPEC.methods,
    stage=Stage.FIELDS,
    summary="`fields` keys must be the entity's field titles, exactly",
)


def check(request: Request) -> Iterator[Finding]:
    given = access.fields(request)
    if given is None:
        return
    titles = titles_of(access.entity(request), request.target)
    unknown = [
        key for key in given if key not in titles
    ]  # no title is numeric: an int key is unknown
    names = ", ".join(php.to_string(key) for key in unknown)
    for position, key in enumerate(unknown):
        yield Finding(
            loc=("fields", key),
            code="VALIDATION_UNKNOWN_PARAMETERS",
            args={"names": names},
            part=Part.KEY,
            order=(1, position),
        )
