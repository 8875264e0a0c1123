r"""A settings item's ``name`` and ``code`` must be at most 512 characters (code points).

Source: ``biconnector/lib/Rest/Connector.php``,
``Bitrix\BIConnector\Rest\Connector::checkAndPrepareSettings`` (lines 322-332):
``mb_strlen($s['NAME']) > 512``, then the same for ``CODE``, each followed by ``continue``. 512
passes, 513 fails, counted in Unicode code points (``"😀"`` is 1;
https://www.php.net/manual/en/function.mb-strlen.php). The message says "less than 512" although 512
itself passes (the REST docs' "must not exceed 512" matches the code). Scalars are coerced (``5`` is
1 character, ``true`` 1, ``false`` 0); an array is a crash, reported by ``settings-scalar-values``.

Pass: ``"name": "я" * 512``   Fail: ``"name": "я" * 513``, ``"code": "c" * 513``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access
from bicon_lint.methods import CONNECTOR_WRITE
from bicon_lint.model import Code, Finding, Request, RuleSpec, Stage

SPEC = RuleSpec(
    name="settings-text-length",
    codes={
        "VALIDATION_SETTINGS_NAME_TOO_LONG": Code(
            'Parameter "name" must be less than 512 characters.'
        ),
        "VALIDATION_SETTINGS_CODE_TOO_LONG": Code(
            'Parameter "code" must be less than 512 characters.'
        ),
    },
    methods=CONNECTOR_WRITE,
    stage=Stage.CONTENT,
    summary="settings name and code: at most 512 code points",
    requires=access.general_setting_items,
)

CHECKED = (
    ("NAME", 1, "VALIDATION_SETTINGS_NAME_TOO_LONG"),
    ("CODE", 2, "VALIDATION_SETTINGS_CODE_TOO_LONG"),
)


def check(request: Request) -> Iterator[Finding]:
    for item in access.general_setting_items(request):
        if not item.complete:
            continue
        for key, step, code in CHECKED:
            if item.too_long(key):
                yield Finding(
                    loc=item.value_loc(key),
                    code=code,
                    order=(item.position, step),
                    group=("setting", item.position),
                )
