r"""An id the server accepts should also be the id that was meant: a plain integer.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateParamsId`` (lines
285-302), then ``(int)$params['id']`` in each entity (``biconnector/lib/Rest/Connector.php`` lines
203, 245, 285): the server takes ``is_numeric($id) && (int)$id > 0`` and then uses ``(int)$id``, so
a numeric string or a float is quietly truncated or reinterpreted: ``"4.5"`` and ``"4.9"`` update
connector 4, ``"1e3"`` connector 1000, ``" 4"``, ``"4 "`` and ``"+4"`` connector 4, and a digit
string beyond 64 bits saturates to 9223372036854775807. A JSON ``4.0`` is a float (ids beyond 2^53
lose digits as floats). Checked for the ``id`` parameter, ``source.add``'s ``connectorId`` (its
non-canonical strings are ``source-connector-id``) and ``table.add``/``dataset.add``'s ``sourceId``.
PHP: https://www.php.net/manual/en/function.is-numeric.php,
https://www.php.net/manual/en/language.types.integer.php.

Pass: ``{"id": 4}``, ``{"id": "4"}``   Fail: ``{"id": "4.5"}``, ``{"id": "1e3"}``, ``{"id": 4.0}``
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from bicon_lint import access, php
from bicon_lint.methods import named
from bicon_lint.model import Code, Finding, Loc, Request, RuleSpec, Severity, Stage
from bicon_lint.rules import id_required

SPEC = RuleSpec(
    name="id-coerced",
    codes={
        "BL510": Code(
            "{name} {shown} is not a plain integer: the server casts it with (int) and uses "
            "{used}{note}",
            server=False,
            severity=Severity.WARNING,
        )
    },
    methods=id_required.SPEC.methods | named("source", "add") | named("dataset", "add"),
    stage=Stage.ADVISORY,
    summary='ids the server truncates or reinterprets ("4.5" is 4, "1e3" is 1000)',
)


def check(request: Request) -> Iterator[Finding]:
    candidates: list[tuple[Loc, object]] = []
    if access.action(request) == "add":
        given = access.fields(request) or {}
        for name in ("connectorId", "sourceId"):
            if name in given:
                candidates.append((("fields", name), given[name]))
    elif php.key_exists(request.params, "id"):
        candidates.append((("id",), request.params["id"]))
    for loc, value in candidates:
        if not php.is_positive_id(value) or (
            isinstance(value, int) and not isinstance(value, bool)
        ):
            continue
        used = php.int_cast(value)
        if loc[-1] == "connectorId" and php.to_string(value) != str(used):
            continue  # source-connector-id: the source stores no settings
        if isinstance(value, str) and value == str(used):
            continue
        note = " (the largest 64-bit integer)" if used == php.INT_MAX else ""
        args = {"name": loc[-1], "shown": json.dumps(value), "used": used, "note": note}
        yield Finding(loc, "BL510", args)
