r"""The ``id`` parameter must be a positive integer, as PHP reads one.

Source: ``biconnector/lib/Rest/Base.php``, ``Bitrix\BIConnector\Rest\Base::validateParamsId`` (line
296): ``!is_numeric($id) || (int)$id <= 0``. Numeric strings with surrounding whitespace, decimals
and exponents pass (``"4.9"`` addresses connector 4, ``"1e3"`` connector 1000); ``null``, booleans,
arrays, ``"0x1A"``, ``"0.5"`` and ``-4`` fail. A JSON number beyond 64 bits is a float that wraps
negative when cast (``1e19``) and fails; the same digits as a string saturate and pass. PHP:
https://www.php.net/manual/en/function.is-numeric.php,
https://www.php.net/manual/en/language.types.integer.php.

Pass: ``{"id": "4"}``   Fail: ``{"id": "0.5"}``, ``{"id": null}``, ``{"id": [4]}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import php
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage
from bicon_lint.rules import id_required

SPEC = RuleSpec(
    name="id-format",
    codes={"VALIDATION_INVALID_ID_FORMAT": Code("ID has to be a positive integer.")},
    methods=id_required.SPEC.methods,
    stage=Stage.ID,
    summary="`id` must be a positive integer (is_numeric and (int) > 0)",
)


def check(request: Request) -> Iterator[Finding]:
    if php.key_exists(request.params, "id") and not php.is_positive_id(request.params["id"]):
        yield Finding(loc=("id",), code="VALIDATION_INVALID_ID_FORMAT", order=(1,), returns=True)
