"""Answers that depend on data stored on the portal: the prediction says so instead of choosing.

The case the spec names (SERVER-SPEC §5.2 step 7, §5.3 step 4; ``SourceManager.php`` lines
347-437 and 512-554): ``prepareConnectionSettings`` calls ``trim()`` only on the values whose key
is one of the connector's setting codes, read from the connector's row, so an array under such a
key crashes the server and under any other key is dropped. ``source.update`` saves the settings
before the row, so with an overlong title too the answer is the crash or ``BX_INVALID_VALUE``,
depending on the connector; ``source.add`` saves the row first.

* the mechanism: ``Finding.portal`` → ``ServerError.portal``/``otherwise`` (engine, JSON, text);
* a differential test (Hypothesis): generated ``source.add``/``source.update`` calls against an
  oracle written from ``SourceManager``; with the connector's payload in the run its codes decide.
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bicon_lint import lint_payload, lint_text
from bicon_lint.api import RunResult
from bicon_lint.engine import first_server_error
from bicon_lint.model import Code, Finding, Payload, Rule, RuleSpec, RunContext, ServerError, Stage
from bicon_lint.reporters import json_format
from bicon_lint.reporters._common import answer_sentence

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOURCE_ADD = "biconnector.source.add"
SOURCE_UPDATE = "biconnector.source.update"
CRASH = "The server fails without an error code: trim() throws a TypeError"
TOO_LONG = "BX_INVALID_VALUE"


# --------------------------------------------------------------------------------------------
# The mechanism
# --------------------------------------------------------------------------------------------


def _rule(name: str, stage: Stage, code: str, fatal: bool = False) -> Rule:
    spec = RuleSpec(name, {code: Code(f"{code} message", server=not fatal)}, frozenset(), stage)
    return Rule(spec, lambda _request: (), "")


A = _rule("a", Stage.CONTENT, "A")
B = _rule("b", Stage.SAVE, "B")
C = _rule("c", Stage.SAVE, "C", fatal=True)


def test_an_answer_without_a_condition_is_unchanged() -> None:
    answer = first_server_error([(B, Finding(("x",), "B"))])
    assert answer == ServerError("B", "B message")
    assert "portal" not in answer.as_dict() and "portal" not in repr(answer)


def test_the_condition_and_the_answer_otherwise() -> None:
    stamped = [
        (C, Finding(("s", "a"), "C", order=(0,), fatal=True, portal="p")),
        (C, Finding(("s", "b"), "C", order=(1,), fatal=True, portal="p")),  # same condition
        (B, Finding(("t",), "B", order=(2,))),
    ]
    answer = first_server_error(stamped)
    assert answer is not None and answer.fatal and answer.portal == "p"
    assert answer.otherwise == ServerError("B", "B message")  # both "p" findings left out
    assert answer.as_dict()["otherwise"] == {
        "code": "B",
        "message": "B message",
        "fatal": False,
        "top_level": False,
    }


def test_an_earlier_stage_answers_without_a_condition() -> None:
    stamped = [(C, Finding(("s",), "C", fatal=True, portal="p")), (A, Finding(("t",), "A"))]
    assert first_server_error(stamped) == ServerError("A", "A message")


def test_conditions_nest_and_accepting_is_none() -> None:
    stamped = [
        (C, Finding(("s",), "C", order=(0,), fatal=True, portal="p")),
        (B, Finding(("t",), "B", order=(1,), portal="q")),
    ]
    answer = first_server_error(stamped)
    assert answer is not None and answer.portal == "p"
    assert answer.otherwise == ServerError("B", "B message", portal="q", otherwise=None)
    assert answer_sentence(answer) == (
        "crashes with no error code (C message) if p (which only the portal knows); otherwise it answers "
        "B: B message if q (which only the portal knows); otherwise it accepts the call"
    )


def test_distinct_conditions_without_end_stop_nesting() -> None:
    stamped = [
        (C, Finding(("s", n), "C", order=(n,), fatal=True, portal=f"p{n}")) for n in range(50)
    ]
    answer, depth = first_server_error(stamped), 0
    while answer is not None and answer.portal is not None:
        answer, depth = answer.otherwise, depth + 1
    assert answer is not None and answer.fatal  # the rest is answered without a condition
    assert depth < 50


# --------------------------------------------------------------------------------------------
# The case of the spec, through the library and the outputs
# --------------------------------------------------------------------------------------------

UPDATE = {"id": 10, "fields": {"title": "x" * 513, "settings": {"token": ["t"]}}}


def test_source_update_array_and_long_title_depends_on_the_connector() -> None:
    answer = lint_payload(UPDATE, SOURCE_UPDATE).server_error
    assert answer is not None and answer.fatal and answer.message.startswith(CRASH)
    assert answer.portal == 'the connector declares "token" as a setting code'
    assert answer.otherwise is not None and answer.otherwise.code == TOO_LONG
    assert answer.otherwise.portal is None


def test_the_json_and_text_reports_say_it() -> None:
    text = json.dumps({"method": SOURCE_UPDATE, "params": UPDATE})
    report = lint_text(text, "source.json")
    shown = json.loads(json_format.render(RunResult([report])))
    server_error = shown["files"][0]["server_error"]
    assert server_error["code"] is None and server_error["fatal"] is True
    assert server_error["portal"] == 'the connector declares "token" as a setting code'
    assert server_error["otherwise"]["code"] == TOO_LONG
    assert "portal" not in server_error["otherwise"]
    assert report.server_error is not None
    sentence = answer_sentence(report.server_error)
    assert (
        ' if the connector declares "token" as a setting code (which only the portal knows); '
        in sentence
    )
    assert sentence.endswith(
        'otherwise it answers BX_INVALID_VALUE: The length of "TITLE" should not exceed 512 '
        "characters."
    )


def test_source_add_saves_the_row_first() -> None:
    params = {"fields": {"title": "x" * 513, "connectorId": 4, "settings": {"token": ["t"]}}}
    answer = lint_payload(params, SOURCE_ADD).server_error
    assert answer is not None and answer.code == TOO_LONG and answer.portal is None


# --------------------------------------------------------------------------------------------
# Differential: generated calls against an oracle of SourceManager
# --------------------------------------------------------------------------------------------

KEYS = ["token", "login", "5", "port"]
VALUES = st.sampled_from(["t", 5, True, None, ["t"], {"a": 1}, []])


@st.composite
def calls(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    method = draw(st.sampled_from([SOURCE_ADD, SOURCE_UPDATE]))
    fields: dict[str, Any] = {}
    title = draw(st.sampled_from(["S", "", "x" * 513, None]))
    if title is not None:
        fields["title"] = title
    fields["settings"] = draw(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=4))
    if method == SOURCE_ADD:
        fields["connectorId"] = draw(st.sampled_from([4, "4", "04"]))
        return method, {"fields": fields}
    return method, {"id": 10, "fields": fields}


def oracle(method: str, fields: dict[str, Any], declared: set[str] | None) -> dict[str, Any]:
    """What the server answers, as ``{"answer": ..., "if": keys, "otherwise": ...}`` when it
    depends on the connector's codes (``declared`` is None: not known)."""
    title = fields.get("title")
    if method == SOURCE_ADD and title is None:
        return {"answer": "VALIDATION_REQUIRED_FIELD_MISSING"}
    if title in (None, "", "0"):  # prepareBeforeAdd/Update: empty($data['title'])
        return {"answer": 0}
    long_title = len(title) > 512
    if method == SOURCE_ADD and long_title:  # addConnection: $source->save() first
        return {"answer": TOO_LONG}
    settings = fields["settings"]
    # configKey: 'rest_' . connectorId as sent on add; on update the stored connector's id
    if method == SOURCE_ADD and fields["connectorId"] == "04":
        arrays: list[str] = []
    else:  # trim() on each declared code whose value isset (not null)
        arrays = [key for key, value in settings.items() if isinstance(value, (list, dict))]
    if declared is not None:
        arrays = [key for key in arrays if key in declared]
    after = TOO_LONG if long_title else None  # update: the row is saved after the settings
    if not arrays:
        return {"answer": after}
    if declared is not None:
        return {"answer": "FATAL"}
    return {"answer": "FATAL", "if": arrays, "otherwise": after}


def observed(answer: ServerError | None) -> dict[str, Any]:
    if answer is None:
        return {"answer": None}
    code = "FATAL" if answer.fatal else answer.code
    if answer.portal is None:
        return {"answer": code}
    otherwise = answer.otherwise
    assert otherwise is None or otherwise.portal is None
    named = re.findall(r'"([^"]*)"', answer.portal)  # the first keys, in order; then a count
    more = re.search(r"\(or (\d+) more keys?\)", answer.portal)
    keys = (named, len(named) + (int(more[1]) if more else 0))
    return {"answer": code, "if": keys, "otherwise": otherwise.code if otherwise else None}


def _named(outcome: dict[str, Any]) -> dict[str, Any]:
    """The oracle's keys as a condition names them: the first three, and how many in all."""
    if "if" in outcome:
        outcome = {**outcome, "if": (outcome["if"][:3], len(outcome["if"]))}
    return outcome


@PROFILE
@given(calls())
def test_settings_arrays_agree_with_the_oracle(call: tuple[str, dict[str, Any]]) -> None:
    method, params = call
    answer = lint_payload(params, method).server_error
    assert observed(answer) == _named(oracle(method, params["fields"], None)), answer


CONNECTOR_4 = {"id": 4, "fields": {"settings": [
    {"code": "token", "name": "Token", "type": "STRING"},
    {"code": 5, "name": "Five", "type": "STRING"}]}}  # fmt: skip


@PROFILE
@given(calls())
def test_the_connector_in_the_run_decides(call: tuple[str, dict[str, Any]]) -> None:
    method, params = call
    if method != SOURCE_ADD:  # an update names its connector by an envelope reference
        return
    context = RunContext((Payload("c.json", "biconnector.connector.update", CONNECTOR_4),))
    answer = lint_payload(params, method, context=context).server_error
    expected = oracle(method, params["fields"], {"token", "5"})
    assert observed(answer) == expected, answer


# --------------------------------------------------------------------------------------------
# Differential: TEXT columns and the portal's sql_mode (SERVER-SPEC §4.1, §11.5)
# --------------------------------------------------------------------------------------------

STRICT = "the portal's MySQL runs with a strict sql_mode"
ALPHABET = st.sampled_from(["a", "я", "😀", "<", "&", "'", "/", "\u2028", " "])


def stored_bytes(settings: list[dict[str, Any]]) -> int:
    """``Json::encode`` of the settings as stored: Python's JSON, then PHP's escapes for the
    generated characters (``JSON_HEX_TAG|AMP|APOS``: 6 bytes; ``\\/``: 2; U+2028: 6)."""
    text = json.dumps(settings, ensure_ascii=False, separators=(",", ":"))
    extra = 5 * sum(text.count(c) for c in "<>&'") + text.count("/") + 3 * text.count("\u2028")
    return len(text.encode()) + extra


@st.composite
def updates(draw: st.DrawFn) -> dict[str, Any]:
    """Descriptions and settings around 65,535 bytes, of characters of 1 to 4 bytes, some of
    which PHP escapes."""
    fields: dict[str, Any] = {}
    if draw(st.booleans()):
        char = draw(ALPHABET)
        near = 65_535 // len(char.encode())
        fields["description"] = char * draw(st.integers(near - 2, near + 2) | st.integers(1, near))
    if draw(st.booleans()) or not fields:
        char, size = draw(ALPHABET), draw(st.integers(400, 512))
        name = draw(st.sampled_from([1, char * size]))
        one = stored_bytes([{"name": name, "code": char * size, "type": "STRING"}])
        near = 65_535 // one  # items around the column's size, and any other number
        count = draw(st.integers(near - 1, near + 2) | st.integers(0, 2 * near))
        codes = (
            st.just(char * (size - 3)) if draw(st.booleans()) else st.text(ALPHABET, max_size=509)
        )
        fields["settings"] = [
            {"name": name, "code": draw(codes) + f"{n:03}", "type": "STRING"} for n in range(count)
        ]
    fields["title"] = draw(st.sampled_from(["T", "T", "T", "", "x" * 513]))
    return {"id": 4, "fields": fields}


def text_oracle(fields: dict[str, Any]) -> dict[str, Any]:
    """connector.update: settings items are all valid (512 code points at most); the ORM's
    required check (an empty title), its validators (title <= 512), then MySQL's column sizes."""
    if fields["title"] == "":
        return {"answer": "BX_EMPTY_REQUIRED"}
    if len(fields["title"]) > 512:
        return {"answer": "BX_INVALID_VALUE"}
    too_big = len(fields.get("description", "").encode()) > 65_535
    if "settings" in fields:
        stored = [{k: s[k] for k in ("name", "code", "type")} for s in fields["settings"]]
        too_big = too_big or stored_bytes(stored) > 65_535
    return (
        {"answer": "ERROR_CORE", "if": STRICT, "otherwise": None} if too_big else {"answer": None}
    )


@PROFILE
@given(updates())
def test_text_columns_agree_with_the_oracle(params: dict[str, Any]) -> None:
    answer = lint_payload(params, "biconnector.connector.update").server_error
    got: dict[str, Any] = {"answer": None if answer is None else answer.code}
    if answer is not None and answer.portal is not None:
        assert answer.top_level and answer.message == "SQL query error!"
        got.update({"if": answer.portal, "otherwise": answer.otherwise})
    assert got == text_oracle(params["fields"]), answer


def test_a_call_in_a_program_says_it_too() -> None:
    # The title is computed at run time (engine._run_with_unknowns): the answer on what is known
    # still names the portal's condition.
    source = (
        "<?php\nCRest::call('biconnector.source.update', ['id' => 10, 'fields' => "
        "['title' => $title, 'settings' => ['token' => ['t']]]]);\n"
    )
    report = lint_text(source, "sync.php")
    answer = report.server_error
    assert answer is not None and answer.fatal and answer.otherwise is None
    assert answer.portal == 'the connector declares "token" as a setting code'
