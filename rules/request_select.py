"""A recorded request's ``select`` is a list of dataset field NAMEs.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Dataset\\Connector\\Rest::query()``
(``biconnector/lib/ExternalSource/Dataset/Connector/Rest.php``, line 44:
``array_column($schema, 'NAME')``, a PHP list, encoded as ``select[0]=...&select[1]=...``) of the
visible fields' NAMEs, which the portal accepts only as ``^[A-Z][A-Z0-9_]*$``
(``biconnector/lib/ExternalSource/Internal/ExternalDatasetFieldTable.php``, lines 52, 160-185). The
connectors overview page of the REST docs calls ``select`` the names of the table's fields: they are
the dataset's field NAMEs, not the external codes. So ``select`` is never a single string, never
keyed by names, and its items are never arrays: errors. An item that is not an UPPER_SNAKE_CASE NAME
(an external code such as ``deal_id``) cannot come from a saved dataset either; a warning, since a
field saved before that check could still carry one.

Pass: ``select%5B0%5D=DEAL_ID&select%5B1%5D=STAGE``
Fail: ``select=DEAL_ID``, ``select%5B0%5D=deal_id`` (a warning)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from bicon_lint import php, recorded
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Severity, Stage

NAME: Final = re.compile(r"[A-Z][A-Z0-9_]*")

SPEC = RuleSpec(
    name="request-select",
    codes={
        "BL788": Code(
            "select{where} is {what}: the portal sends a list of field NAMEs, "
            "select[0]=NAME&select[1]=NAME...",
            server=False,
        ),
        "BL789": Code(
            'select[{index}] "{item}" is not a dataset field NAME (^[A-Z][A-Z0-9_]*$): select '
            "carries the NAMEs of the dataset's visible fields, not external codes",
            server=False,
            severity=Severity.WARNING,
        ),
    },
    methods=frozenset({recorded.PSEUDO["urlData"]}),
    stage=Stage.ADVISORY,
    summary="recorded requests: select is a list of field NAMEs",
)


def check(request: Request) -> Iterator[Finding]:
    value = recorded.fields(request).get("select")
    if value is None:
        return
    if not php.is_array(value):
        what = f"the {php.type_name(value)} {php.to_string(value)!r}"
        yield Finding(("select",), "BL788", {"where": "", "what": what})
        return
    for position, (index, item) in enumerate(php.items(value)):
        key = php.array_key(index) if isinstance(index, str) else index
        if key != position:
            what = f"keyed {index!r}, not {position}"
            yield Finding(("select", index), "BL788", {"where": "", "what": what}, Part.KEY)
            return
        if php.is_array(item):
            yield Finding(("select", index), "BL788", {"where": f"[{index}]", "what": "an array"})
        elif not NAME.fullmatch(php.to_string(item)):
            args = {"index": index, "item": php.to_string(item)}
            yield Finding(("select", index), "BL789", args)
