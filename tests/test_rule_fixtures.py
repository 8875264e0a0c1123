"""Per-rule fixtures: ``tests/fixtures/rules/<rule-name>.txt`` (actionlint/sqlfluff style).

A fixture file is a sequence of cases. Lines before the first case, and lines starting with ``#``,
are comments. Each case is::

    === case: <name> (pass|fail) [method=<method>] [target=<target>] [encoding=<codec>]
    <payload file text, the expected span of each diagnostic marked ⟦ … ⟧>
    >> [n] CODE /json/pointer | exact message
    => CODE | exact message

* ``⟦`` and ``⟧`` are removed before linting. When the ``>>`` lines are numbered, every marker of
  the case carries a one-digit label (``⟦1`` … ``⟧1``), so pairs may nest; several ``>>`` lines may
  share a label. An empty pointer is written as nothing: ``>> CODE | message``.
* Expected line/column come from the marker positions: 1-based lines, columns in code points, end
  exclusive. Macros are expanded first: ``⟪x*513⟫`` repeats ``x`` 513 times, ``⟪U+FEFF⟫`` is that
  code point; in an expected message ``⟪python⟫`` is the running Python's version.
* A pass case asserts the rule reports nothing; a fail case that the rule's diagnostics are exactly
  the ``>>`` lines, in order. The optional ``=>`` line is the predicted server answer of the whole
  report (``FATAL | message`` for a crash, ``ok`` for none); an answer that depends on the
  portal's data ends with `` | if <condition>, else <the answer otherwise>``.
* The payload is linted as text; with ``encoding=`` it is linted as the bytes of that codec.
* ``ext=<extension>`` names the file ``<rule>/<case>.<extension>`` (default ``json``), which
  chooses the loader: ``ext=yaml`` for YAML, ``ext=form`` for a form-encoded body.
* ``endpoint=<name>`` lints it as a bare answer of that connector endpoint (``urlCheck``, ...):
  the case's text is the body, byte for byte (``check --endpoint``); an answer envelope
  ``{"endpoint": ..., "status": ..., "body": ...}`` needs no option.
* ``with=<case>[,<case>...]`` lints it in one run with those cases of the same file (each at
  ``<rule>/<case>.json``), for the checks that compare files (a source and its connector).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from bicon_lint.api import Report, lint_document, lint_text
from bicon_lint.identify import identify
from bicon_lint.loaders import load_text
from bicon_lint.model import Diagnostic, Payload, Rule, RunContext, ServerError
from bicon_lint.rules import RULES
from bicon_lint.targets import DEFAULT_TARGET, Target

FIXTURES = Path(__file__).parent / "fixtures" / "rules"

HEADER = re.compile(r"=== case: (?P<name>\S+) \((?P<kind>pass|fail)\)(?P<options>(?: \w+=\S+)*)")
EXPECT = re.compile(r">> (?:\[(?P<label>\d)\] )?(?P<code>\S+) (?P<pointer>.*?) ?\| (?P<message>.*)")
MACRO = re.compile(r"⟪U\+(?P<hex>[0-9A-F]{4,6})⟫|⟪(?P<text>[^⟪⟫]+?)\*(?P<count>\d+)⟫")

Span = tuple[int, int, int, int]  # line, column, end line, end column

# Codes after which the module's rules never run: a rule's pass case must not hit one of them.
NOT_LINTED = {"BL001", "BL002", "BL004", "BL005", "ERROR_METHOD_NOT_FOUND"}
MODULE_RULES = {rule.spec.name for rule in RULES}


@dataclass(frozen=True)
class Expected:
    code: str
    pointer: str
    message: str
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None

    @classmethod
    def of(cls, d: Diagnostic) -> Expected:
        return cls(d.code, d.pointer, d.message, d.line, d.column, d.end_line, d.end_column)


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    kind: str  # pass | fail
    text: str
    expected: tuple[Expected, ...]
    server: str | None  # the "=>" line, if any
    options: dict[str, str]

    @property
    def id(self) -> str:
        return f"{self.rule}::{self.name}"


def expand(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        return chr(int(match["hex"], 16)) if match["hex"] else match["text"] * int(match["count"])

    return MACRO.sub(one, text)


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _versioned(message: str) -> str:
    """An expected message with ``⟪python⟫`` as the running Python's version (BL008 names it)."""
    return message.replace("⟪python⟫", ".".join(map(str, sys.version_info[:2])))


def unmark(marked: str, labelled: bool) -> tuple[str, dict[str, Span]]:
    """Remove the markers; return the clean text and each label's span."""
    pieces: list[str] = []
    length = last = 0
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for match in re.finditer(r"([⟦⟧])(\d)" if labelled else r"([⟦⟧])()", marked):
        pieces.append(marked[last : match.start()])
        length, last = length + match.start() - last, match.end()
        bracket, label = match.groups()
        seen = starts if bracket == "⟦" else ends
        assert label not in seen, f"marker {bracket}{label} used twice"
        seen[label] = length
    assert starts.keys() == ends.keys(), f"unpaired markers in {marked!r}"
    text = "".join(pieces) + marked[last:]
    return text, {k: (*_position(text, starts[k]), *_position(text, ends[k])) for k in starts}


def parse_case(rule: str, header: re.Match[str], body: list[str]) -> Case:
    where = f"{rule}::{header['name']}"
    payload: list[str] = []
    checks: list[re.Match[str]] = []
    server: str | None = None
    for line in body:
        if line.startswith("#"):
            continue
        if expect := EXPECT.fullmatch(line):
            checks.append(expect)
        elif line.startswith("=> "):
            server = line[3:]
        elif checks or server is not None:
            assert not line, f"{where}: payload after the >> lines"
        else:
            payload.append(line)
    while payload and not payload[-1]:
        payload.pop()
    labelled = any(check["label"] for check in checks)
    text, spans = unmark(expand("\n".join(payload)), labelled)
    labels = {check["label"] or "" for check in checks}
    assert set(spans) == labels, f"{where}: markers {set(spans)} but >> labels {labels}"
    expected = tuple(
        Expected(c["code"], c["pointer"], _versioned(c["message"]), *spans[c["label"] or ""])
        for c in checks
    )
    assert (header["kind"] == "fail") == bool(expected), f"{where}: {header['kind']} case"
    options = dict(option.split("=", 1) for option in header["options"].split())
    return Case(rule, header["name"], header["kind"], text, expected, server, options)


def load_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    header: re.Match[str] | None = None
    body: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), "=== end"]:
        if line.startswith("=== "):
            if header is not None:
                cases.append(parse_case(path.stem, header, body))
            header, body = HEADER.fullmatch(line), []
            assert header is not None or line == "=== end", f"{path.name}: bad header {line!r}"
        elif header is not None:
            body.append(line)
    return cases


CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in load_cases(path)]


def answer(error: ServerError | None) -> str:
    if error is None:
        return "ok"
    said = f"{'FATAL' if error.fatal else error.code} | {error.message}"
    if error.portal is not None:
        said += f" | if {error.portal}, else {answer(error.otherwise)}"
    return said


CASES_BY_ID = {case.id: case for case in CASES}


def file_name(case: Case) -> str:
    return f"{case.rule}/{case.name}.{case.options.get('ext', 'json')}"


def lint_case(case: Case, rules: Sequence[Rule] = RULES) -> Report:
    """Lint a case as a file, in one run with the cases its ``with=`` option names."""
    codec = case.options.get("encoding")
    data = case.text.encode(codec) if codec else case.text
    method, target = case.options.get("method"), case.options.get("target", DEFAULT_TARGET.label)
    names = [name for name in case.options.get("with", "").split(",") if name]
    endpoint = case.options.get("endpoint")
    if not names:
        return lint_text(
            data, file_name(case), method=method, target=target, rules=rules, endpoint=endpoint
        )
    document = load_text(data, file_name(case))
    payloads = []
    others = (
        load_text(CASES_BY_ID[f"{case.rule}::{name}"].text, f"{case.rule}/{name}.json")
        for name in names
    )
    for other in (document, *others):
        found = identify(other.value, method, Target.parse(target), infer=False)
        if found is not None and found.method is not None:
            payloads.append(Payload(other.path, found.method.strip().lower(), found.params))
    context = RunContext(tuple(payloads))
    return lint_document(document, method=method, target=target, rules=rules, context=context)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_fixture(case: Case) -> None:
    report = lint_case(case)
    assert tuple(Expected.of(d) for d in report.diagnostics if d.rule == case.rule) == case.expected
    if case.rule in MODULE_RULES:
        assert not {d.code for d in report.diagnostics} & NOT_LINTED, "the rules did not run"
    if case.server is not None:
        assert answer(report.server_error) == case.server


# An invalid UTF-8 byte cannot be written in a UTF-8 fixture; deep nesting is generated.

HEAD = '{"method": "biconnector.connector.add",\n "params": {"fields": {"title": "Привет 😀 '


def _diagnostics(rule: str, data: bytes | str) -> list[Expected]:
    report = lint_text(data, f"{rule}/generated.json")
    return [Expected.of(d) for d in report.diagnostics if d.rule == rule]


def test_invalid_utf8_is_bl002_at_the_bad_byte() -> None:
    text, spans = unmark(HEAD + "⟦⟧", labelled=False)
    line, column, _, _ = spans[""]
    message = f"invalid UTF-8: byte 0xff at offset {len(text.encode())} cannot be decoded."
    expected = Expected("BL002", "", message, line, column, line, column + 1)
    assert _diagnostics("invalid-encoding", text.encode() + b'\xff"}}}') == [expected]


def test_valid_utf8_is_not_bl002() -> None:
    assert _diagnostics("invalid-encoding", (HEAD + '"}}}').encode()) == []


DEPTH = "nesting deeper than 512 levels: PHP's json_decode rejects the body and the server sees no "


@pytest.mark.parametrize("lists", [509, 510])
def test_nesting_deeper_than_512_levels_is_bl006(lists: int) -> None:
    # the envelope, params and fields are 3 levels; 3 + 509 = 512 passes, 513 fails
    head = '{"method": "biconnector.connector.add", "params": {"fields": {"title": '
    text = head + "[" * lists + "]" * lists + "}}}"
    report = lint_text(text, "server-undecodable/deep.json")
    found = [Expected.of(d) for d in report.diagnostics if d.rule == "server-undecodable"]
    if 3 + lists <= 512:
        assert found == []
        assert answer(report.server_error) == (
            'VALIDATION_INVALID_FIELD_TYPE | Field "title" must be of type string.'
        )
        return
    column = len(head) + (512 - 3) + 1  # the bracket that opens level 513
    assert found == [Expected("BL006", "", DEPTH + "parameters.", 1, column, 1, column + 1)]
    assert answer(report.server_error) == "VALIDATION_FIELDS_NOT_PROVIDED | Fields not provided."


def test_markers_count_lines_and_code_points() -> None:
    text, spans = unmark('{"a": "😀", ⟦1"b"⟧1: ⟦2[\n]⟧2}', labelled=True)
    assert text == '{"a": "😀", "b": [\n]}'
    assert spans == {"1": (1, 12, 1, 15), "2": (1, 17, 2, 2)}
    assert unmark(expand("⟦⟪я*3⟫⟧⟪U+0041⟫"), labelled=False) == ("яяяA", {"": (1, 1, 1, 4)})
