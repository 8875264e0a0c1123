"""Codes decided by portal state are explained by `bicon-lint rule`, and predicted only where no
state can avoid them (an id no row can have: ``StateCode.predicted``)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bicon_lint import lint_payload
from bicon_lint.docs import ALL_RULES, find_rules
from bicon_lint.state_codes import STATE_CODES
from tests.vectors import VECTORS

STATE_VECTORS = [v for v in VECTORS if v.state and isinstance(v.code, str)]
STATE_ANSWERS = sorted({str(v.code) for v in STATE_VECTORS if v.code in STATE_CODES})


def test_every_state_code_of_the_spec_vectors_is_explained() -> None:
    # The §10 vectors whose answer comes from the portal: each such code has an explanation.
    rule_codes = {code for rule in ALL_RULES for code in rule.spec.codes}
    unexplained = {str(v.code) for v in STATE_VECTORS} - rule_codes - set(STATE_CODES)
    assert unexplained == set()
    assert {"ACCESS_DENIED", "CONNECTOR_NOT_FOUND", "SOURCE_NOT_FOUND"} <= set(STATE_ANSWERS)


def test_the_predicted_state_codes_name_their_rule() -> None:
    # A state code is predicted only where the payload alone decides it, by the rule it names.
    by_rule = {rule.spec.name: set(rule.spec.codes) for rule in ALL_RULES}
    predicted = {code: entry.predicted for code, entry in STATE_CODES.items() if entry.predicted}
    assert predicted == {
        "CONNECTOR_NOT_FOUND": "source-connector-exists",
        "SOURCE_NOT_FOUND": "dataset-source-exists",
    }
    assert all(by_rule[rule] == {code} for code, rule in predicted.items())


@pytest.mark.parametrize("code", sorted(STATE_CODES))
def test_rule_command_explains_state_codes(code: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "rule", code.lower()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    header = f"{code} (server code, decided by the portal's state"
    rule = STATE_CODES[code].predicted
    words = " ".join(done.stdout.split())  # the text is wrapped to 100 columns
    if rule:  # the rule's text first, then what the portal decides
        assert done.stdout.startswith(f"{rule}\n")
        assert f" {header}; predicted only where no state can avoid it, by rule {rule})" in words
        assert STATE_CODES[code].message in words
    elif not find_rules(code):  # a rule that reuses the code for something else prints its text
        assert words.startswith(f"{header}; never predicted)")
        assert STATE_CODES[code].message in words


def test_a_foreign_connector_is_assumed_to_exist() -> None:
    # Vector #90: the server answers CONNECTOR_NOT_FOUND for connector 999; bicon-lint assumes the
    # connector exists and reports what the payload itself gets wrong (#91's answer).
    report = lint_payload(
        {"id": 999, "fields": {"settings": [{"code": "c", "name": "n", "type": "X"}]}},
        "biconnector.connector.update",
    )
    assert report.server_error is not None
    assert report.server_error.code == "VALIDATION_SETTINGS_INVALID_TYPE"
