"""SERVER-SPEC §10 vectors #1-#94 (``biconnector.connector.add`` / ``update``): bicon-lint must
predict the server's first answer, code and message, on the vector's target.

The data is ``tests/vectors.py`` (one :class:`Vector` per row; #39 and #52 have one row per server
version). Each predictable vector is linted twice: as a value (:func:`lint_payload`) and as a file
(:func:`lint_text` of a ``{"method": ..., "params": ...}`` envelope), and both must agree.

bicon-lint sees the request only. It predicts on the assumption that the portal lets the request
through: the caller is an application whose user has both rights, and a connector named by ``id``
exists and belongs to the app. So

* a vector whose answer is decided by the caller or by the database (``ACCESS_DENIED``,
  ``CONNECTOR_NOT_FOUND``) is not asserted; it is listed, with the reason, in
  :data:`NOT_PREDICTABLE`;
* a vector whose answer holds *given* that the connector exists (#83, #88, #91, #93, #94) is
  asserted, see :data:`ASSUMES_CONNECTOR_4`;
* #85 is asserted for its request-decidable part only, see :data:`REQUEST_PART_ONLY`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bicon_lint import lint_payload, lint_text, php
from bicon_lint.api import Report
from bicon_lint.model import ServerError
from tests.vectors import VECTORS, Vector

FIRST, LAST = 1, 94  # the connector.add / connector.update rows of §10

NOT_PREDICTABLE: dict[int, str] = {
    72: "ACCESS_DENIED: called via a webhook, so no client id (§2.3 B); the caller is not in "
    "the payload",
    73: "ACCESS_DENIED: the user lacks the 'Access to Analytics hub' right (§2.3 A); the "
    "caller's rights are not in the payload",
    89: "CONNECTOR_NOT_FOUND: connector 7 belongs to another app (§4.3 D); a database look-up",
    90: "CONNECTOR_NOT_FOUND: connector 999 does not exist (§4.3 D). The look-up runs before the "
    "settings check, so the server never reaches the bad type X; assuming the connector exists, "
    "bicon-lint predicts VALIDATION_SETTINGS_INVALID_TYPE, which is #91",
}

# Expected results that hold once the portal lets the request through: connector 4 exists and
# belongs to the app (§10 assumptions). bicon-lint predicts under exactly that assumption, so these
# ARE asserted. The state note of each is in tests/vectors.py (Vector.state).
ASSUMES_CONNECTOR_4: dict[int, str] = {
    83: "ok: id '4.9' passes (is_numeric, (int) 4 > 0); the update then needs connector 4",
    88: "ok: partial update; the update then needs connector 4",
    91: "VALIDATION_SETTINGS_INVALID_TYPE: the settings check (§4.3 E) runs after the look-up",
    93: "BX_EMPTY_REQUIRED: the ORM save (§4.3 F) runs after the look-up",
    94: "BX_INVALID_VALUE: the ORM save (§4.3 F) runs after the look-up",
}

# The expected code comes from the database, but the part before the look-up is decided by the
# request: the id must pass. bicon-lint predicts no error there; the server then answers
# CONNECTOR_NOT_FOUND because no connector has id 9223372036854775807.
REQUEST_PART_ONLY: dict[int, str] = {
    85: "id '9999999999999999999' saturates to PHP_INT_MAX and passes validateParamsId (§3.3); "
    "the real answer, CONNECTOR_NOT_FOUND, comes from the database",
}

CONNECTOR_VECTORS = [v for v in VECTORS if FIRST <= v.number <= LAST]
PREDICTABLE = [v for v in CONNECTOR_VECTORS if v.number not in NOT_PREDICTABLE]


def _case_id(vector: Vector) -> str:
    if vector.number in REQUEST_PART_ONLY:
        outcome = "id-passes"
    elif vector.fatal:
        outcome = "FATAL"
    else:
        outcome = str(vector.code) if vector.code is not None else "ok"
    suffix = "" if vector.target == "2026-05" else f"@{vector.target}"
    encoding = "" if vector.encoding == "json" else f"-{vector.encoding}"
    return f"v{vector.number}-{outcome}{encoding}{suffix}"


CASES = [pytest.param(v, id=_case_id(v)) for v in PREDICTABLE]


def lint_vector(vector: Vector) -> Report:
    """The vector as the server receives it: decoded params, a form body, or a raw JSON body."""
    if vector.encoding == "form":
        assert vector.raw is not None
        params = php.parse_str(vector.raw)
        return lint_payload(params, vector.method, target=vector.target, encoding="form")
    if vector.encoding == "raw-json":
        assert vector.raw is not None
        path = f"v{vector.number}.json"
        return lint_text(vector.raw, path, method=vector.method, target=vector.target)
    return lint_payload(vector.params, vector.method, target=vector.target)


def envelope_text(vector: Vector) -> str:
    """The vector as a payload file: ``{"method": ..., "params": ...}``."""
    method = json.dumps(vector.method)
    if vector.encoding == "raw-json":  # keep the raw body byte for byte (its lone surrogate)
        return f'{{"method": {method}, "params": {vector.raw}}}'
    params: Any = vector.params
    if vector.encoding == "form":  # what $_POST holds, written as JSON: every leaf a string
        assert vector.raw is not None
        params = php.parse_str(vector.raw)
    return json.dumps({"method": vector.method, "params": params})


def assert_predicted(error: ServerError | None, vector: Vector) -> None:
    """``error`` is the answer §10 expects for ``vector``."""
    if vector.number in REQUEST_PART_ONLY:
        assert error is None, f"the id should pass; predicted {error}"
        return
    if vector.fatal:
        assert error is not None and error.fatal and error.code is None, error
        return
    if vector.code is None:
        assert error is None, f"expected ok, predicted {error}"
        return
    assert error is not None, f"expected {vector.code}, predicted ok"
    assert (error.code, error.fatal, error.top_level) == (vector.code, False, vector.top_level)
    if vector.message is not None:
        assert error.message == vector.message
        return
    # BX_* messages hold an ORM field label the spec could not see (§11.1): prefix and suffix.
    assert vector.message_prefix is not None and vector.message_suffix is not None
    assert error.message.startswith(vector.message_prefix), error.message
    assert error.message.endswith(vector.message_suffix), error.message
    assert len(error.message) > len(vector.message_prefix) + len(vector.message_suffix)


@pytest.mark.parametrize("vector", CASES)
def test_vector_predicted(vector: Vector) -> None:
    report = lint_vector(vector)
    assert_predicted(report.server_error, vector)
    if report.server_error is not None and not report.server_error.fatal:
        # The predicted answer is also one of the report's diagnostics.
        assert report.server_error.code in {d.code for d in report.diagnostics}


@pytest.mark.parametrize("vector", CASES)
def test_vector_as_file_agrees(vector: Vector) -> None:
    text = envelope_text(vector)
    from_file = lint_text(text, f"v{vector.number}.json", target=vector.target)
    assert from_file.method == vector.method
    assert from_file.server_error == lint_vector(vector).server_error
    assert_predicted(from_file.server_error, vector)


def test_every_connector_vector_is_tested_or_explained() -> None:
    numbers = {v.number for v in CONNECTOR_VECTORS}
    assert numbers == set(range(FIRST, LAST + 1))
    tested = {v.number for v in PREDICTABLE}
    assert tested | set(NOT_PREDICTABLE) == numbers
    assert not tested & set(NOT_PREDICTABLE)
    assert set(ASSUMES_CONNECTOR_4) | set(REQUEST_PART_ONLY) <= tested


def test_state_dependent_vectors_are_classified() -> None:
    """Every row whose result §10 ties to portal state is explained, asserted under the
    connector-exists assumption, or asserted for its request part; nothing else is skipped."""
    for vector in CONNECTOR_VECTORS:
        decided_by_state = vector.code in {"ACCESS_DENIED", "CONNECTOR_NOT_FOUND"}
        if decided_by_state:
            assert vector.number in NOT_PREDICTABLE or vector.number in REQUEST_PART_ONLY
        if vector.state is not None:
            classified = NOT_PREDICTABLE | ASSUMES_CONNECTOR_4 | REQUEST_PART_ONLY
            assert vector.number in classified, (vector.number, vector.state)
        if vector.number in NOT_PREDICTABLE:
            assert vector.state is not None, vector.number
