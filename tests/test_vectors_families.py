"""SERVER-SPEC §10 vectors #95-#144: connector get/delete/list/fields, source.*, table.*, batch.

Each predictable vector asserts bicon-lint's predicted first answer. Vectors decided by portal
state or by who calls are listed in NOT_PREDICTABLE with the reason; bicon-lint predicts assuming
the state lets the request through (the source exists, urlCheck answers, ...).
"""

from __future__ import annotations

import json

import pytest

from bicon_lint import lint_payload, lint_text
from bicon_lint.batch import decode_command
from tests.vectors import VECTORS, Vector

NOT_PREDICTABLE: dict[int, str] = {
    97: "CONNECTOR_NOT_FOUND: connector 7 belongs to another application (database, §4.4)",
    99: "CONNECTOR_DELETE_RESTRICTED: connector 5 has sources (database, §4.5)",
    101: "connector.fields takes no parameters; the answer is the field table (see test_cli fields)",
    123: "CONNECTOR_NOT_FOUND: connector 999 does not exist (database, §5.2 step 4)",
    124: "SOURCE_CREATE_CONNECTION_ERROR: the connector's urlCheck answers 500 (§5.2 step 6)",
    125: "SOURCE_CREATE_CONNECTION_ERROR: urlCheck answers 200 with body 0 (§7)",
    129: "SOURCE_NOT_FOUND: source 999 does not exist (database, §5.3)",
    130: "BX_ERROR: source 11 has linked datasets (ORM onBeforeDelete, §5.4)",
    132: "SOURCE_NOT_FOUND: source 999 does not exist (database, §6.2 step 4)",
}

IN_RANGE = [v for v in VECTORS if 95 <= v.number <= 144]


def _params(vector: Vector) -> tuple[str, object, str]:
    if vector.encoding == "batch":
        assert vector.raw is not None
        method, params = decode_command(vector.raw)
        return method, params, "batch"
    return vector.method, vector.params, "json"


def _cases() -> list[object]:
    return [
        pytest.param(v, id=f"v{v.number}-{v.target}")
        for v in IN_RANGE
        if v.number not in NOT_PREDICTABLE
    ]


@pytest.mark.parametrize("vector", _cases())
def test_vector(vector: Vector) -> None:
    method, params, encoding = _params(vector)
    report = lint_payload(params, method, target=vector.target, encoding=encoding)
    answer = report.server_error
    if vector.code is None and not vector.fatal:
        assert answer is None, f"#{vector.number}: expected ok, got {answer}"
        return
    assert answer is not None, f"#{vector.number}: expected {vector.code}, got ok"
    assert answer.fatal == vector.fatal
    if vector.fatal:
        assert answer.code is None
        return
    assert answer.code == vector.code
    assert answer.top_level == vector.top_level
    if vector.message is not None:
        assert answer.message == vector.message
    if vector.message_prefix is not None:
        assert answer.message.startswith(vector.message_prefix)
    if vector.message_suffix is not None:
        assert answer.message.endswith(vector.message_suffix)


@pytest.mark.parametrize("vector", _cases())
def test_vector_as_file(vector: Vector) -> None:
    """The same answer when the payload is a file with an envelope."""
    method, params, encoding = _params(vector)
    if encoding != "json":
        pytest.skip("batch commands are strings, not JSON files")
    text = json.dumps({"method": method, "params": params})
    from_file = lint_text(text, f"v{vector.number}.json", target=vector.target)
    direct = lint_payload(params, method, target=vector.target)
    assert from_file.server_error == direct.server_error


def test_every_vector_is_tested_or_explained() -> None:
    numbers = {v.number for v in IN_RANGE}
    assert numbers == set(range(95, 145))
    assert set(NOT_PREDICTABLE) <= numbers
    for number in NOT_PREDICTABLE:
        assert any(v.state for v in IN_RANGE if v.number == number) or number == 101
