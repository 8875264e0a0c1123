"""bicon_lint.selection: select / extend-select / ignore / severity as a pure function of the
diagnostics. Every case is (code, rule) pairs in, the ones kept out."""

from __future__ import annotations

import pytest

from bicon_lint.api import Report
from bicon_lint.model import Diagnostic, ServerError, Severity
from bicon_lint.selection import (
    NAME_SPECIFICITY,
    Layer,
    Selection,
    apply,
    apply_to_report,
    specificity,
)
from bicon_lint.targets import Target

# (code, rule) of diagnostics as real rules emit them
DUPLICATE = ("BL003", "duplicate-key")
BOM = ("BL007", "byte-order-mark")
DEPRECATED = ("BL201", "dataset-deprecated")
FIELD_TYPE = ("VALIDATION_INVALID_FIELD_TYPE", "field-type")
SETTINGS_TYPE = ("VALIDATION_SETTINGS_INVALID_TYPE", "settings-type-enum")
SAVE_LENGTH = ("BX_INVALID_VALUE", "save-length")
SOURCE_SAVE_LENGTH = ("BX_INVALID_VALUE", "source-save-length")
EVERY = (DUPLICATE, BOM, DEPRECATED, FIELD_TYPE, SETTINGS_TYPE, SAVE_LENGTH, SOURCE_SAVE_LENGTH)


def diagnostic(code: str, rule: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(1, 1, code, f"{code} message", severity, rule, (), "")


def kept(*layers: Layer) -> set[tuple[str, str]]:
    selection = Selection(layers=layers)
    return {(d.code, d.rule) for d in apply([diagnostic(*pair) for pair in EVERY], selection)}


def test_default_selection_keeps_everything_unchanged() -> None:
    found = [diagnostic(*pair) for pair in EVERY]
    assert apply(found, Selection()) == found
    assert kept() == set(EVERY)


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("ALL", set(EVERY)),
        ("BL003", {DUPLICATE}),  # a code
        ("bl003", {DUPLICATE}),  # codes match case-insensitively
        ("duplicate-key", {DUPLICATE}),  # a rule name
        ("BL0", {DUPLICATE, BOM}),  # a prefix
        ("BL", {DUPLICATE, BOM, DEPRECATED}),
        ("VALIDATION_", {FIELD_TYPE, SETTINGS_TYPE}),
        ("BX_INVALID_VALUE", {SAVE_LENGTH, SOURCE_SAVE_LENGTH}),  # a code two rules share
        ("save-length", {SAVE_LENGTH}),  # ... and one of those rules
    ],
)
def test_select_by_code_name_or_prefix(selector: str, expected: set[tuple[str, str]]) -> None:
    assert kept(Layer(select=(selector,))) == expected


def test_ignore_by_code_name_or_prefix() -> None:
    assert kept(Layer(ignore=("BL0",))) == set(EVERY) - {DUPLICATE, BOM}
    assert kept(Layer(ignore=("field-type",))) == set(EVERY) - {FIELD_TYPE}
    assert kept(Layer(ignore=("BX_INVALID_VALUE",))) == set(EVERY) - {
        SAVE_LENGTH,
        SOURCE_SAVE_LENGTH,
    }


def test_longest_match_wins_between_select_and_ignore() -> None:
    # ignore a family, select one member back (the "ignore BL3 but select BL301")
    assert kept(Layer(select=("ALL", "BL003"), ignore=("BL0",))) == set(EVERY) - {BOM}
    # and the reverse: select a family, ignore one member
    assert kept(Layer(select=("BL0",), ignore=("BL003",))) == {BOM}
    # a longer prefix beats a shorter one whichever list it is in
    assert kept(Layer(select=("VALIDATION_SETTINGS",), ignore=("VALIDATION_",))) == {SETTINGS_TYPE}
    assert kept(Layer(select=("VALIDATION_",), ignore=("VALIDATION_SETTINGS",))) == {FIELD_TYPE}


def test_ignore_wins_a_tie() -> None:
    assert kept(Layer(select=("BL003",), ignore=("BL003",))) == set()
    assert kept(Layer(select=("ALL",), ignore=("ALL",))) == set()


def test_rule_name_is_more_specific_than_any_code() -> None:
    """A rule name narrows a code several rules share; it beats the full code too."""
    assert kept(Layer(select=("ALL", "save-length"), ignore=("BX_INVALID_VALUE",))) == (
        set(EVERY) - {SOURCE_SAVE_LENGTH}
    )
    assert kept(
        Layer(ignore=("field-type",), extend_select=("VALIDATION_INVALID_FIELD_TYPE",))
    ) == (set(EVERY) - {FIELD_TYPE})
    assert specificity("field-type", *FIELD_TYPE) == NAME_SPECIFICITY


def test_extend_select_adds_to_select() -> None:
    assert kept(Layer(select=("BL0",), extend_select=("field-type",))) == {
        DUPLICATE,
        BOM,
        FIELD_TYPE,
    }


def test_a_later_layer_with_select_decides_afresh() -> None:
    """The command line's --select replaces the file's select and its ignores (ruff's layers)."""
    config = Layer(select=("BL",), ignore=("BL003",))
    assert kept(config) == {BOM, DEPRECATED}
    assert kept(config, Layer(select=("BL003", "field-type"))) == {DUPLICATE, FIELD_TYPE}


def test_a_later_layer_without_select_changes_only_what_it_names() -> None:
    config = Layer(select=("BL",), ignore=("BL003",))
    assert kept(config, Layer(ignore=("BL201",))) == {BOM}
    assert kept(config, Layer(extend_select=("BL003",))) == {DUPLICATE, BOM, DEPRECATED}
    assert kept(config, Layer(extend_select=("VALIDATION_SETTINGS",))) == {
        BOM,
        DEPRECATED,
        SETTINGS_TYPE,
    }


def test_per_file_ignores_layer_drops_even_a_more_specific_select() -> None:
    assert kept(Layer(select=("BL003",)), Layer(ignore=("BL",))) == set()


def test_severity_override_most_specific_key_wins() -> None:
    selection = Selection(
        severity=(
            ("VALIDATION_", Severity.WARNING),
            ("VALIDATION_SETTINGS", Severity.INFO),
            ("field-type", Severity.ERROR),
            ("BL201", Severity.ERROR),
        )
    )
    found = [diagnostic(*pair) for pair in (FIELD_TYPE, SETTINGS_TYPE)]
    found.append(diagnostic(*DEPRECATED, severity=Severity.WARNING))
    found.append(diagnostic(*DUPLICATE))
    assert [d.severity for d in apply(found, selection)] == [
        Severity.ERROR,  # the rule name beats the VALIDATION_ prefix
        Severity.INFO,  # the longer prefix
        Severity.ERROR,  # BL201 raised from a warning
        Severity.ERROR,  # untouched
    ]
    # the diagnostic is otherwise the same
    assert apply(found, selection)[1]._replace(severity=Severity.ERROR) == found[1]


def test_selected_report_keeps_the_server_prediction() -> None:
    answer = ServerError("VALIDATION_INVALID_FIELD_TYPE", 'Field "sort" must be of type integer.')
    report = Report(
        "x.json",
        "biconnector.connector.update",
        Target.LATEST,
        [diagnostic(*FIELD_TYPE), diagnostic(*SETTINGS_TYPE)],
        answer,
    )
    quiet = apply_to_report(report, Selection(layers=(Layer(ignore=("VALIDATION_",)),)))
    assert quiet.diagnostics == [] and quiet.errors == 0
    assert quiet.server_error == answer  # selection never changes what the server would answer
    assert not quiet.ok
    assert (quiet.path, quiet.method, quiet.target) == (report.path, report.method, report.target)
    assert apply_to_report(report, Selection()) is report


def test_order_is_preserved() -> None:
    found = [diagnostic(*pair) for pair in EVERY]
    out = apply(found, Selection(layers=(Layer(ignore=("BL0",)),)))
    assert out == [d for d in found if not d.code.startswith("BL0")]
