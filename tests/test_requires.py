"""A rule the engine does not run (``RuleSpec.requires`` is empty or false) has nothing to say.

Some rules report only on one part of a request: the irregular settings items, a logo, the
settings list. They declare it as ``requires``, and the engine skips them where it is empty, which
is most requests. Here each such rule is run anyway wherever the engine would skip it, on every
request of every rule fixture, every server vector and generated payloads, and must find nothing;
and every report is the same whether the engine skips them or not.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bicon_lint import engine, lint_payload
from bicon_lint.api import Report
from bicon_lint.model import Request, Rule
from bicon_lint.rules import RULES
from bicon_lint.targets import Target
from tests.test_fast_paths import METHODS, PROFILE, TARGETS, VALUES, as_data, settings_items
from tests.test_rule_fixtures import CASES, Case, lint_case
from tests.vectors import VECTORS, Vector

REQUIRING = [rule for rule in RULES if rule.spec.requires is not None]
UNCONDITIONAL = tuple(
    rule._replace(spec=rule.spec._replace(requires=None)) if rule.spec.requires else rule
    for rule in RULES
)


def skipped_rules_say_nothing(request: Request, seen: set[tuple[str, bool]]) -> None:
    """Run each requiring rule the engine would skip for ``request``: it must find nothing.
    ``seen`` collects (rule name, whether its requirement held)."""
    for rule in REQUIRING:
        if not rule.spec.applies(request.method, request.target):
            continue
        held = bool(rule.spec.requires(request))  # type: ignore[misc]
        seen.add((rule.spec.name, held))
        if not held:
            found = list(rule.check(request))
            assert found == [], (rule.spec.name, request.method, request.params, found)


@contextlib.contextmanager
def every_request_checked(seen: set[tuple[str, bool]] | None = None) -> Iterator[None]:
    """Every request the engine runs is first given to ``skipped_rules_say_nothing``."""
    run = engine.run
    noted: set[tuple[str, bool]] = set() if seen is None else seen

    def checking(request: Request, rules: Any, **options: Any) -> engine.Outcome:
        skipped_rules_say_nothing(request, noted)
        return run(request, rules, **options)

    with mock.patch.object(engine, "run", checking):
        yield


def lint_vector(vector: Vector, rules: Sequence[Rule] = RULES) -> Report:
    return lint_payload(vector.params, vector.method, target=vector.target, rules=rules)


PAYLOAD_VECTORS = [vector for vector in VECTORS if vector.params is not None]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_fixtures(case: Case) -> None:
    with every_request_checked():
        report = lint_case(case)
    assert as_data(report) == as_data(lint_case(case, UNCONDITIONAL))


@pytest.mark.parametrize("vector", PAYLOAD_VECTORS, ids=[str(v.number) for v in PAYLOAD_VECTORS])
def test_server_vectors(vector: Vector) -> None:
    with every_request_checked():
        report = lint_vector(vector)
    assert as_data(report) == as_data(lint_vector(vector, UNCONDITIONAL))


LOGOS = st.one_of(
    VALUES,
    st.sampled_from(
        [
            "",
            "data:image/png;base64,AA==",
            "data:image/svg+xml;base64,PHN2Zz48c2NyaXB0Lz48L3N2Zz4=",
            "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
            "http://example.com/logo.png",
            "https://example.com/logo.png",
        ]
    ),
)


@PROFILE
@given(
    st.one_of(
        st.lists(settings_items(), max_size=3),
        st.dictionaries(st.sampled_from(["a", "A", "b"]), settings_items(), max_size=3),
        VALUES,
        st.just([]),
        st.just({}),
    ),
    LOGOS,
    METHODS,
    TARGETS,
)
def test_generated_payloads(settings: Any, logo: Any, method: str, target: Target) -> None:
    fields: dict[str, Any] = {"title": "T", "settings": settings, "logo": logo}
    params = {"id": 4, "fields": fields}
    with every_request_checked():
        report = lint_payload(params, method, target=target)
    assert as_data(report) == as_data(
        lint_payload(params, method, target=target, rules=UNCONDITIONAL)
    )


def test_the_fixtures_and_vectors_meet_both_sides_of_every_requirement() -> None:
    """Every requiring rule is met both skipped and run by the fixtures and vectors, so the
    tests above are not vacuous."""
    seen: set[tuple[str, bool]] = set()
    with every_request_checked(seen):
        for case in CASES:
            lint_case(case)
        for vector in PAYLOAD_VECTORS:
            lint_vector(vector)
    names = {rule.spec.name for rule in REQUIRING}
    assert {name for name, held in seen if not held} == names
    assert {name for name, held in seen if held} == names


def test_the_requiring_rules() -> None:
    """The rules that declare a requirement (a change here should add them to the inputs above)."""
    assert sorted(rule.spec.name for rule in REQUIRING) == [
        # endpoint answers: their fixtures are the inputs (answers.transported, .delivered)
        "answer-check-success",
        "answer-column-code",
        "answer-column-timezone",
        "answer-column-type",
        "answer-description-empty",
        "answer-description-items",
        "answer-description-keys",
        "answer-json",
        "answer-table-dataset-name",
        "answer-table-list-items",
        "answer-table-list-keys",
        "answer-table-picker",
        "logo-image",
        "logo-svg-safety",
        "settings-blank",
        "settings-duplicate-codes",
        "settings-form-key",
        "settings-item-keys",
        "settings-key-collision",
        "settings-scalar-values",
        "settings-text-length",
        "settings-type-enum",
        "settings-unknown-keys",
        "update-settings-replace",
    ]
