"""A column of ``type`` ``timezone`` breaks BI Builder: never answer it as a column type.

Source: since 2026-04 (``FieldType::Timezone``, ``biconnector/lib/ExternalSource/FieldType.php``,
line 13) ``Rest::mapType()`` accepts ``timezone``
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 413-423) and the ORM stores it
(``biconnector/lib/ExternalSource/Internal/Validator/FieldTypeValidator.php``, lines 11-19), but the
BI Builder field factory ``Bitrix\\BIConnector\\ExternalSource\\Dataset\\Base::getField()``
(``biconnector/lib/ExternalSource/Dataset/Base.php``, lines 76-93) has no ``match`` arm for it:
``UnhandledMatchError``, an ``\\Error`` that neither ``catch (\\Exception)`` around it (lines
145-148) nor the event manager (``main/lib/eventmanager.php``, line 459) stops, each time BI Builder
lists the external datasets (``onBIBuilderExternalDataSources``, lines 105-150) once a dataset holds
such a column. This is inferred from the code, not observed on a portal, and the risk is high.
``timezone`` is a dataset format setting (``biconnector/lib/controller/externalsource/dataset.php``,
lines 1037-1044), not a column type. Before 2026-04 it is an unknown type (``answer-column-type``).
Whether the dataset wizard lets such a column be saved is decided in JavaScript that the public copy
of the portal code does not contain.

Pass: ``{"code": "TZ", "name": "Time zone", "type": "string"}``
Fail: ``{"code": "TZ", "name": "Time zone", "type": "timezone"}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answers
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage
from bicon_lint.targets import Target

SPEC = RuleSpec(
    name="answer-column-timezone",
    codes={
        "BL725": Code(
            "urlTableDescription: {column}: the type {shown} is accepted, but BI Builder has no "
            "field for it: once a dataset holds this column, listing the external datasets fails "
            'with an UnhandledMatchError (ExternalSource\\Dataset\\Base::getField()); use "string"',
            server=False,
        )
    },
    methods=frozenset({answers.URL_TABLE_DESCRIPTION}),
    stage=Stage.ADVISORY,
    summary="urlTableDescription: no timezone column (BI Builder cannot list it)",
    since=Target.V2026_04,
    requires=answers.delivered,
)


def check(request: Request) -> Iterator[Finding]:
    for key, item in answers.members(request):
        value = item.get("type") if isinstance(item, dict) else None
        if isinstance(value, str) and value.lower() == "timezone":
            args = {"column": answers.named("column", key), "shown": answers.shown(value)}
            yield Finding((key, "type"), "BL725", args)
