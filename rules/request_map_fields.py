"""A recorded request's ``mapFields`` maps external codes to the NAMEs in ``select``.

Source: ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest::getData()`` and ``getMapFields()``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 264-265, 456-461):
``DatasetManager::getMapFieldsByTableName()`` gives ``externalCode => NAME`` of the fields of the
datasets with this table code (``biconnector/lib/ExternalSource/DatasetManager.php``, lines
545-563); with a ``select``, ``array_intersect($mapFields, $select)`` keeps only the entries whose
NAME is in it. So ``mapFields`` is an array of strings keyed by external code, and in a request with
``select`` each of its NAMEs is one of the selected ones. Sent since 2026-01
(``request-unknown-key`` says so for older targets).

Pass: ``select%5B0%5D=DEAL_ID&mapFields%5Bdeal_id%5D=DEAL_ID``
Fail: ``select%5B0%5D=DEAL_ID&mapFields%5Bstage%5D=STAGE``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import php, recorded
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage
from bicon_lint.portal_request import MAP_FIELDS_SINCE

SPEC = RuleSpec(
    name="request-map-fields",
    codes={
        "BL792": Code(
            "mapFields{where} is {what}: the portal sends mapFields[<external code>]=<NAME>",
            server=False,
        ),
        "BL793": Code(
            'mapFields[{code}] is "{name}", which is not in select: with a select the portal '
            "sends only the entries whose NAME it selects (array_intersect)",
            server=False,
        ),
    },
    methods=frozenset({recorded.PSEUDO["urlData"]}),
    stage=Stage.ADVISORY,
    summary="recorded requests: mapFields maps codes to the selected NAMEs",
    since=MAP_FIELDS_SINCE,
)


def check(request: Request) -> Iterator[Finding]:
    given = recorded.fields(request)
    value = given.get("mapFields")
    if value is None:
        return
    if not php.is_array(value):
        what = f"the {php.type_name(value)} {php.to_string(value)!r}"
        yield Finding(("mapFields",), "BL792", {"where": "", "what": what})
        return
    select = given.get("select")
    selected = {php.to_string(item) for _, item in php.items(select) if not php.is_array(item)}
    for code, name in php.items(value):
        if php.is_array(name):
            yield Finding(("mapFields", code), "BL792", {"where": f"[{code}]", "what": "an array"})
        elif php.is_array(select) and php.to_string(name) not in selected:
            args = {"code": code, "name": php.to_string(name)}
            yield Finding(("mapFields", code), "BL793", args)
