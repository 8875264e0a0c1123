r"""``biconnector.dataset.*`` is deprecated since 2026-04: use ``biconnector.table.*``.

Source: ``biconnector/lib/Rest/Dataset.php`` (``Bitrix\BIConnector\Rest\Dataset``): on 2026-04-17
the server registered ``biconnector.table.*`` (``OnRestServiceBuildDescription``, lines 28-94) and
marked ``dataset.*`` "TODO: remove in future releases" (lines 60-63). Both families take the same
payloads and run the same checks, but ``dataset.add`` and ``dataset.delete`` now use the "old
behavior" callbacks (``addOldBehavior``, ``deleteOldBehavior``, lines 620-632): ``dataset.add`` also
creates the BI Builder dataset (``RestDatasetManager::addWithDataset``,
``biconnector/lib/ExternalSource/RestDatasetManager.php`` lines 15-53), and a failure there answers
error code 0 ``Error adding dataset``; ``dataset.delete`` also deletes it
(``Error deleting dataset``, ``deleteWithDataset``, lines 55-96). The switch is a static flag
(``$useOldBehavior``, line 26) that is never reset, so in one ``batch`` every ``table.add`` or
``table.delete`` after a ``dataset.add`` or ``dataset.delete`` behaves the old way too. A bicon-lint
warning, never a server answer; servers before 2026-04 have only ``dataset.*`` and get no warning.

Pass: ``biconnector.table.add``   Fail: ``biconnector.dataset.add`` on target 2026-04 or later (a warning)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from bicon_lint.methods import METHODS
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage
from bicon_lint.targets import Target

PREFIX: Final = "biconnector.dataset."

SPEC = RuleSpec(
    name="dataset-deprecated",
    codes={
        "BL201": Code(
            "biconnector.dataset.* is deprecated since 2026-04; use biconnector.table.* ({twin})",
            server=False,
            severity=Severity.WARNING,
        )
    },
    methods=frozenset(name for name in METHODS if name.startswith(PREFIX)),
    stage=Stage.ADVISORY,
    summary="biconnector.dataset.* is deprecated: use biconnector.table.*",
    since=Target.V2026_04,
)


def check(request: Request) -> Iterator[Finding]:
    twin = "biconnector.table." + request.method.removeprefix(PREFIX)
    yield Finding(loc=(), code="BL201", args={"twin": twin})
