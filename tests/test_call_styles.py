"""The same mistakes written in every call style give the same server answers.

Each mistake is a ``biconnector.connector.update`` params value, written as a JSON envelope file,
a PHP ``CRest::call``, a PHP SDK core call, a ``BX24.callMethod``, a b24pysdk call, a Go
``Core().Call`` and a cURL block of a Markdown doc. The JSON-encoded styles must give exactly the
envelope's diagnostics and answer; the form-encoded ones (CRest, BX24.js) the answer of the same
params sent as a form body, as SERVER-SPEC §8.1 describes it. Every diagnostic stands at the place
of its value in each file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from bicon_lint.api import Report, lint_document_all
from bicon_lint.loaders import load_text

SETTING = {"code": "token", "name": "Токен", "type": "STRING"}

# name: (params, the JSON answer, the form answer) - codes from SERVER-SPEC
MISTAKES: dict[str, tuple[dict[str, Any], str | None, str | None]] = {
    # §4.3 C1: (int)0 <= 0, in a JSON body and as the form string "0" alike
    "id-zero": ({"id": 0, "fields": {"title": "Склад"}}, "VALIDATION_INVALID_ID_FORMAT", None),
    # §3.8: the type enum is case-sensitive
    "type-lower-case": (
        {"id": 4, "fields": {"settings": [{**SETTING, "type": "string"}]}},
        "VALIDATION_SETTINGS_INVALID_TYPE",
        None,
    ),
    # §3.3: "abc" is not numeric
    "sort-not-numeric": (
        {"id": 4, "fields": {"sort": "abc"}},
        "VALIDATION_INVALID_FIELD_TYPE",
        None,
    ),
    # §8.1: a boolean is a boolean in JSON, a string ("1" or "true") in a form body
    "boolean": ({"id": 4, "fields": {"supportMapping": True}}, None, None),
}
FORM_ANSWERS = {
    "id-zero": "VALIDATION_INVALID_ID_FORMAT",
    "type-lower-case": "VALIDATION_SETTINGS_INVALID_TYPE",
    "sort-not-numeric": "VALIDATION_INVALID_FIELD_TYPE",
    "boolean": "VALIDATION_INVALID_FIELD_TYPE",
}
METHOD = "biconnector.connector.update"


def php(value: Any) -> str:
    if isinstance(value, dict):
        return "[" + ", ".join(f"{php(k)} => {php(v)}" for k, v in value.items()) + "]"
    if isinstance(value, list):
        return "[" + ", ".join(php(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return str(value)


def js(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k}: {js(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(js(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def python(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python(k)}: {python(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(python(item) for item in value) + "]"
    return repr(value)


def go(value: Any) -> str:
    if isinstance(value, dict):
        return "b24.Params{" + ", ".join(f"{go(k)}: {go(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        if all(isinstance(item, dict) for item in value):
            inner = ", ".join(go(item).removeprefix("b24.Params") for item in value)
            return "[]b24.Params{" + inner + "}"
        return "[]any{" + ", ".join(go(item) for item in value) + "}"
    return json.dumps(value, ensure_ascii=False)


def envelope(params: dict[str, Any]) -> tuple[str, str]:
    return "payload.json", json.dumps({"method": METHOD, "params": params}, ensure_ascii=False)


def crest(params: dict[str, Any]) -> tuple[str, str]:
    return "Sync.php", f"<?php\n$result = CRest::call('{METHOD}', {php(params)});\n"


def php_sdk(params: dict[str, Any]) -> tuple[str, str]:
    return "Sync.php", f"<?php\n$result = $b24Service->core->call('{METHOD}', {php(params)});\n"


def bx24(params: dict[str, Any]) -> tuple[str, str]:
    return "app.js", f"BX24.callMethod('{METHOD}', {js(params)}, (result) => {{}});\n"


def b24pysdk(params: dict[str, Any]) -> tuple[str, str]:
    return (
        "sync.py",
        "def sync(client):\n"
        f"    client.biconnector.connector.update(bitrix_id={python(params['id'])}, "
        f"fields={python(params['fields'])}).call()\n",
    )


def go_sdk(params: dict[str, Any]) -> tuple[str, str]:
    return (
        "sync.go",
        "package main\n\nfunc sync() {\n"
        f'\tclient.Core().Call(ctx, "{METHOD}", {go(params)})\n}}\n',
    )


def curl_doc(params: dict[str, Any]) -> tuple[str, str]:
    body = json.dumps(params, ensure_ascii=False)
    return (
        "README.md",
        "# Update\n\n```bash\n"
        'curl -X POST -H "Content-Type: application/json" \\\n'
        f"  -d '{body}' \\\n"
        f"  https://portal.example.com/rest/1/w3bh00k/{METHOD}.json\n```\n",
    )


Style = Callable[[dict[str, Any]], tuple[str, str]]
JSON_STYLES: dict[str, Style] = {
    "PHP SDK core": php_sdk,
    "b24pysdk": b24pysdk,
    "Go Core().Call": go_sdk,
    "Markdown cURL": curl_doc,
}
FORM_STYLES: dict[str, Style] = {"CRest::call": crest, "BX24.callMethod": bx24}


def lint(style: Style, params: dict[str, Any]) -> tuple[Report, str]:
    name, text = style(params)
    reports = lint_document_all(load_text(text, name))
    assert len(reports) == 1, (name, text, reports)
    (report,) = reports
    assert report.method == METHOD, (name, text)
    return report, text


def answer(report: Report) -> str | None:
    return None if report.server_error is None else str(report.server_error.code)


@pytest.mark.parametrize("mistake", MISTAKES)
def test_the_envelope_gives_the_spec_answer(mistake: str) -> None:
    params, expected, _ = MISTAKES[mistake]
    report, _ = lint(envelope, params)
    assert answer(report) == expected


@pytest.mark.parametrize("style", JSON_STYLES)
@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_json_style_gives_the_envelope_s_diagnostics(style: str, mistake: str) -> None:
    params = MISTAKES[mistake][0]
    expected, _ = lint(envelope, params)
    report, text = lint(JSON_STYLES[style], params)
    assert report.server_error == expected.server_error
    assert [(d.code, d.pointer, d.message) for d in report.diagnostics] == [
        (d.code, d.pointer, d.message) for d in expected.diagnostics
    ]
    _assert_placed(report, text)


@pytest.mark.parametrize("style", FORM_STYLES)
@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_form_style_gives_the_answer_of_its_encoding(style: str, mistake: str) -> None:
    params = MISTAKES[mistake][0]
    report, text = lint(FORM_STYLES[style], params)
    assert answer(report) == FORM_ANSWERS[mistake]
    if mistake == "boolean":  # the note that says why a boolean fails in a form body
        assert "BL020" in [d.code for d in report.diagnostics]
    _assert_placed(report, text)


VALUES = {"/params/id": "0", "/params/fields/sort": "abc", "/params/fields/supportMapping": "true"}


def _assert_placed(report: Report, text: str) -> None:
    """Each diagnostic stands on the value it names, as written in this language (quotes
    included): the mistake's value, never its key or the call."""
    lines = text.splitlines()
    for diagnostic in report.diagnostics:
        assert diagnostic.line is not None and diagnostic.column is not None, diagnostic
        row = lines[diagnostic.line - 1]
        written = row[diagnostic.column - 1 : (diagnostic.end_column or 0) - 1]
        expected = VALUES.get(diagnostic.pointer, "string")  # the settings item's type
        assert written in {expected, f"'{expected}'", f'"{expected}"'}, (diagnostic, row)
