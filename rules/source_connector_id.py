r"""``source.add``'s ``connectorId`` must be written as the connector's plain decimal id.

Source: ``biconnector/lib/Rest/Source.php`` (``Bitrix\BIConnector\Rest\Source::addEntity``, lines
161-200: the look-up by ``(int)`` at line 170, the code at line 178) and
``biconnector/lib/ExternalSource/SourceManager.php`` (``getFieldsConfig``, lines 57-86, and
``prepareConnectionSettings``, lines 512-554): the connector is looked up by ``(int)connectorId``,
but the source's code is the string ``'rest_' . connectorId`` *as sent*, and that code is the key
under which ``SourceManager`` finds the connector's setting codes. ``"04"`` names connector 4 and
builds ``rest_04``, which declares nothing, so the source is created and **none of its settings is
stored**, without an error; the same for ``"4.0"``, ``" 4"``, ``"4 "``, ``"+4"``, ``"1e3"`` and the
float ``4.5``. A JSON ``4.0`` is the PHP float 4.0, whose string is ``"4"``: it works (PHP prints
``(string)4.0`` as ``4``, https://www.php.net/manual/en/language.types.string.php), and
``id-coerced`` mentions it.

Pass: ``"connectorId": 4``, ``"connectorId": "4"``   Fail: ``"connectorId": "04"``, ``"connectorId": "4.0"``
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="source-connector-id",
    codes={
        "BL504": Code(
            'connectorId {shown} is not written as {id}: the server names the source "rest_{sent}", '
            "finds no connector settings under that name and silently stores none (write {id})",
            server=False,
        )
    },
    methods=named("source", "add"),
    stage=Stage.ADVISORY,
    summary='source.add connectorId: the plain decimal id ("04" stores no settings)',
)


def check(request: Request) -> Iterator[Finding]:
    value = (access.fields(request) or {}).get("connectorId")
    if not php.is_positive_id(value):
        return
    if not php.is_canonical_int(value):
        canonical, sent = str(php.int_cast(value)), php.to_string(value)
        args = {"shown": json.dumps(value), "id": canonical, "sent": sent}
        yield Finding(("fields", "connectorId"), "BL504", args)
