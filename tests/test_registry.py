"""The rule registry is complete, consistent, documented and covered by fixtures."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from bicon_lint.docs import ALL_RULES
from bicon_lint.model import Rule
from bicon_lint.rules import MODULES
from bicon_lint.sources import server_paths
from tests.test_rule_fixtures import CASES, FIXTURES

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
MAX_MODULE_LINES = 90


def _short(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def _docstring(path: Path) -> str:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""


RULE_FILES = sorted(path for path in RULES_DIR.glob("*.py") if path.stem != "__init__")


def test_every_rule_module_is_registered() -> None:
    files = {path.stem for path in RULE_FILES}
    registered = {_short(module) for module in MODULES}
    assert sorted(files - registered) == [], "rule modules missing from rules.MODULES"
    assert sorted(registered - files) == []
    assert len(MODULES) == len(set(MODULES))


def test_rule_names_are_unique() -> None:
    names = Counter(rule.spec.name for rule in ALL_RULES)
    assert [name for name, count in names.items() if count > 1] == []


# The server itself reuses these codes: module errors without a code answer 0 (SERVER-SPEC §2.4),
# every ORM length validator answers BX_INVALID_VALUE (§4.2 F2, §5.2 step 7), and the REST core
# answers ERROR_CORE for any exception without a code: an SQL error (save-text-bytes) and the ORM's
# SystemException for a scalar field inside a filter chain (list-filter-orm-field) (§2.5).
SHARED_SERVER_CODES = {"0", "BX_INVALID_VALUE", "ERROR_CORE"}


def test_codes_are_unique_across_rules_and_inputs() -> None:
    codes = Counter(code for rule in ALL_RULES for code in rule.spec.codes)
    assert {code for code, count in codes.items() if count > 1} == SHARED_SERVER_CODES


def test_every_fixture_file_names_a_rule() -> None:
    names = {rule.spec.name for rule in ALL_RULES}
    assert {path.stem for path in FIXTURES.glob("*.txt")} - names == set()


@pytest.mark.parametrize("rule", ALL_RULES, ids=[rule.spec.name for rule in ALL_RULES])
def test_every_code_has_a_fail_case_and_the_rule_a_pass_case(rule: Rule) -> None:
    spec = rule.spec
    cases = [case for case in CASES if case.rule == spec.name]
    failed = {expected.code for case in cases if case.kind == "fail" for expected in case.expected}
    assert set(spec.codes) - failed == set(), f"codes of {spec.name} without a fail case"
    assert any(case.kind == "pass" for case in cases), f"{spec.name} has no pass case"


@pytest.mark.parametrize("path", RULE_FILES, ids=[path.stem for path in RULE_FILES])
def test_rule_module_is_documented_and_short(path: Path) -> None:
    doc = _docstring(path)
    sources = [line for line in doc.splitlines() if line.startswith("Source:")]
    assert sources, f"{path.name}: no 'Source:' paragraph"
    for private in ("SERVER-SPEC", "ENDPOINT-CONTRACT", "§"):
        assert private not in doc, f"{path.name} cites {private!r}, which users cannot read"
    module = next(module for module in MODULES if _short(module) == path.stem)
    if any(code.server for code in module.SPEC.codes.values()):
        assert server_paths(doc), f"{path.name}: a server code, but no server file cited"
    examples = {kind for kind in re.findall(r"\b(Pass|Fail)(?: \([^)]*\))?:", doc)}
    assert examples == {"Pass", "Fail"}, f"{path.name}: no 'Pass:'/'Fail:' examples"
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name} has {lines} lines (max {MAX_MODULE_LINES})"
