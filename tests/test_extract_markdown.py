"""``bicon_lint.extract.markdown``: the calls in a Markdown file's fenced code blocks, read by each
language's extractor and placed in the Markdown file; then the fixture docs under
``tests/fixtures/sources/markdown`` linted end to end, their findings checked against SERVER-SPEC.
"""

from __future__ import annotations

import doctest
from pathlib import Path
from typing import Any

import pytest

from bicon_lint.api import Report, lint_document_all
from bicon_lint.extract import extract as extract_any
from bicon_lint.extract import markdown
from bicon_lint.extract.build import Call, Unknown
from bicon_lint.extract.markdown import extract, language
from bicon_lint.loaders import load_path

FIXTURES = Path(__file__).parent / "fixtures" / "sources" / "markdown"
LOGO = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="
URL = "https://portal.example/rest/1/abc/biconnector.connector.update"


def calls(text: str) -> list[Call]:
    return extract(text, "markdown").calls


def one(text: str) -> Call:
    found = calls(text)
    assert len(found) == 1, found
    return found[0]


def written(text: str, call: Call, loc: tuple[Any, ...], key: bool = False) -> str:
    start, end = (call.index.keys if key else call.index.values)[loc]
    return text[start:end]


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def test_the_module_doctests() -> None:
    failures, tried = doctest.testmod(markdown, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0


# --- which language a block is read as --------------------------------------------------------


@pytest.mark.parametrize(
    ("info", "kind"),
    [
        ("php", "php"),
        ("PHP", "php"),
        ("js", "javascript"),
        ("javascript", "javascript"),
        ("jsx", "javascript"),
        ("mjs", "javascript"),
        ("ts", "typescript"),
        ("typescript", "typescript"),
        ("tsx", "tsx"),
        ("python", "python"),
        ("py", "python"),
        ("go", "go"),
        ("golang", "go"),
        ("bash", "curl"),
        ("sh", "curl"),
        ("shell", "curl"),
        ("console", "curl"),
        ("curl", "curl"),
        ("zsh", "curl"),
        ("json", "json"),
        ("html", "html"),
        ("js title=app.js", "javascript"),
        ("{.python}", "python"),
    ],
)
def test_the_info_string_names_the_language(info: str, kind: str) -> None:
    assert language(info, "") == kind


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("curl -d id=1 https://p/rest/biconnector.connector.get", "curl"),
        ("# comment\n  $ curl https://p", "curl"),
        ("<?php\nCRest::call('biconnector.x', []);", "php"),
        ("$r = CRest::call('biconnector.x', []);", "php"),
        ("$b24Service->core->call('biconnector.x', []);", "php"),
        ('package main\nimport "fmt"', "go"),
        ('res, err := client.Core().Call(ctx, "biconnector.x", b24.Params{})', "go"),
        ("const x = 1\nBX24.callMethod('biconnector.x', {})", "javascript"),
        ("await $b24.actions.v2.call.make({})", "javascript"),
        ("const r = await client.call('biconnector.x', {})", "javascript"),
        ("import os\nclient.biconnector.connector.add(fields={})", "python"),
        ("def f():\n    return 1", "python"),
        ("<script>BX24.init()</script>", "javascript"),  # a strong marker comes first
        ("<div><script>go()</script></div>", "html"),
        ("biconnector.connector.add → biconnector.source.add", None),
    ],
)
def test_an_untagged_block_is_sniffed(code: str, kind: str | None) -> None:
    assert language("", code) == kind
    assert language("text", code) == kind


# --- blocks read by the cURL reader ------------------------------------------------------------


PAGE = """# Обновление коннектора

- cURL (Webhook)

    ```bash
    curl -X POST \\
         -H "Content-Type: application/json" \\
         -d '{
             "id": 4,
             "fields": {"title": "Склад и остатки", "sort": 200}
             }' \\
         https://**put_your_bitrix24_address**/rest/1/abc/biconnector.connector.update
    ```

> Blockquoted:
>
> ```sh
> curl -d 'id=7' -d 'fields[title]=Отчёт' https://p/rest/biconnector.connector.update
> ```
"""


def test_a_curl_block_in_a_list_item_is_placed_in_the_file() -> None:
    first = calls(PAGE)[0]
    assert first.method == "biconnector.connector.update" and first.style == "cURL"
    assert first.params == {"id": 4, "fields": {"title": "Склад и остатки", "sort": 200}}
    assert written(PAGE, first, ("id",)) == "4"
    assert written(PAGE, first, ("fields", "sort")) == "200"
    assert written(PAGE, first, ("fields", "sort"), key=True) == '"sort"'
    assert written(PAGE, first, ("fields", "title")) == '"Склад и остатки"'
    assert PAGE[first.span[0] : first.span[1]].startswith("curl -X POST")
    assert line_of(PAGE, first.span[0]) == 6
    sort = first.index.values[("fields", "sort")][0]
    line_start = PAGE.rfind("\n", 0, sort) + 1
    row = PAGE[line_start : PAGE.find("\n", sort)]
    assert sort - line_start == row.index("200")  # a character column, after Cyrillic text


def test_a_curl_block_in_a_blockquote_is_placed_in_the_file() -> None:
    second = calls(PAGE)[1]
    assert second.params == {"id": "7", "fields": {"title": "Отчёт"}}
    assert second.encoding == "form"
    assert written(PAGE, second, ("fields", "title")) == "Отчёт"
    assert written(PAGE, second, ("fields", "title"), key=True) == "fields[title]"
    assert line_of(PAGE, second.index.values[("id",)][0]) == 18


def test_crlf_line_breaks() -> None:
    text = PAGE.replace("\n", "\r\n")
    first, second = calls(text)
    assert written(text, first, ("fields", "sort")) == "200"
    assert written(text, second, ("fields", "title")) == "Отчёт"


def test_a_tab_partly_expanded_by_the_list_indentation() -> None:
    text = "- item\n\n  ```bash\n\tcurl -d 'id=4' https://p/rest/biconnector.connector.get\n  ```\n"
    call = one(text)
    assert written(text, call, ("id",)) == "4"


def test_a_list_in_a_blockquote() -> None:
    text = "> - step\n>\n>   ```sh\n>   \tcurl -d 'id=4' https://p/rest/biconnector.connector.get\n>   ```\n"
    call = one(text)
    assert written(text, call, ("id",)) == "4"
    assert line_of(text, call.span[0]) == 4


def test_continuation_prompts_of_a_console_transcript() -> None:
    text = (
        "```console\n$ curl -X POST \\\n>   --json '{\n>     \"id\": 4\n> }' \\\n"
        ">   https://p/rest/biconnector.connector.get\n"
        '{"result": {"item": {"id": "4"}}}\n> quoted output\n```\n'
    )
    call = one(text)
    assert call.params == {"id": 4} and written(text, call, ("id",)) == "4"


def test_an_oauth_tab_loses_its_auth_key() -> None:
    text = (
        "```bash\ncurl -H 'Content-Type: application/json' "
        """-d '{"id": 4, "auth": "**put_access_token_here**"}' """
        "https://**put_your_bitrix24_address**/rest/biconnector.connector.get\n```\n"
    )
    assert one(text).params == {"id": 4}


def test_an_invalid_json_body_problem_is_placed_in_the_file() -> None:
    text = "Intro\n\n```bash\ncurl --json '{\"id\": 4,}' https://p/rest/biconnector.connector.get\n```\n"
    (problem,) = one(text).problems
    assert problem.code == "BL001" and problem.span is not None
    assert problem.span.line == 4
    assert text.split("\n")[3][problem.span.column - 1] == ","


def test_a_repeated_key_problem_names_lines_of_the_file() -> None:
    text = '# T\n\n```bash\ncurl --json \'{\n  "id": 1,\n  "id": 2\n}\' https://p/rest/biconnector.a\n```\n'
    problems = one(text).problems
    assert [(p.code, p.span.line if p.span else 0) for p in problems] == [
        ("BL003", 5),
        ("BL003", 6),
    ]
    assert "line 6, column 3" in problems[0].message


# --- blocks read by the other extractors -------------------------------------------------------


def test_php_snippet_without_an_opening_tag() -> None:
    text = (
        "- PHP\n\n    ```php\n    require_once('crest.php');\n\n"
        "    $result = CRest::call('biconnector.connector.update', ['id' => 4, 'fields' => ['title' => 'Склад']]);\n"
        "    ```\n"
    )
    call = one(text)
    assert call.method == "biconnector.connector.update" and call.style == "CRest::call"
    assert call.encoding == "form"
    assert written(text, call, ("fields", "title")) == "'Склад'"
    assert written(text, call, ("id",), key=True) == "'id'"
    assert text[call.method_span[0] : call.method_span[1]] == "'biconnector.connector.update'"


def test_php_file_with_its_opening_tag() -> None:
    text = "```php\n<?php\n$r = CRest::call('biconnector.connector.get', ['id' => 5]);\n```\n"
    call = one(text)
    assert call.params == {"id": 5} and written(text, call, ("id",)) == "5"


def test_javascript_and_typescript_blocks() -> None:
    text = (
        "```js\nBX24.callMethod('biconnector.connector.get', {id: 4}, cb);\n```\n\n"
        "```ts\nconst r: unknown = await $b24.actions.v2.call.make({method: 'biconnector.source.get', "
        "params: {id: 5}})\n```\n"
    )
    first, second = calls(text)
    assert first.method == "biconnector.connector.get" and first.style == "BX24.callMethod"
    assert (second.method, second.params) == ("biconnector.source.get", {"id": 5})
    assert written(text, first, ("id",)) == "4" and written(text, second, ("id",)) == "5"


def test_the_scripts_of_an_html_block() -> None:
    text = (
        '```html\n<script src="https://unpkg.com/x.js"></script>\n'
        '<script type="application/json">{"method": "biconnector.connector.get"}</script>\n'
        "<script>\n  BX24.callMethod('biconnector.connector.get', {id: 4})\n</script>\n```\n"
    )
    call = one(text)
    assert call.method == "biconnector.connector.get" and written(text, call, ("id",)) == "4"
    assert line_of(text, call.span[0]) == 5


def test_python_block() -> None:
    text = (
        "1. Python:\n\n   ```python\n   client.biconnector.connector.update(\n"
        '       bitrix_id=4, fields={"title": "Склад"}\n   ).response\n   ```\n'
    )
    call = one(text)
    assert call.method == "biconnector.connector.update"
    assert call.params == {"id": 4, "fields": {"title": "Склад"}}
    assert written(text, call, ("fields", "title")) == '"Склад"'


def test_go_statements_outside_a_function() -> None:
    text = (
        "- Go\n\n    ```go\n"
        '    res, err := client.Core().Call(ctx, "biconnector.connector.get", b24.Params{\n'
        '    \t"id": 4,\n    })\n    ```\n'
    )
    call = one(text)
    assert call.params == {"id": 4}
    assert written(text, call, ("id",)) == "4"
    assert written(text, call, ("id",), key=True) == '"id"'


def test_go_file_with_its_package() -> None:
    text = (
        "```go\npackage main\n\nfunc main() {\n"
        '\tclient.Core().Call(ctx, "biconnector.connector.get", b24.Params{"id": 4})\n}\n```\n'
    )
    call = one(text)
    assert call.params == {"id": 4} and written(text, call, ("id",)) == "4"


def test_unknown_values_stay_unknown() -> None:
    text = "```js\nBX24.callMethod('biconnector.connector.get', {id: someId})\n```\n"
    call = one(text)
    assert isinstance(call.params["id"], Unknown) and ("id",) in call.unknown
    assert written(text, call, ("id",)) == "someId"


# --- JSON envelopes ----------------------------------------------------------------------------


def test_a_json_envelope_block() -> None:
    text = (
        "Send:\n\n```json\n"
        '{\n  "method": "biconnector.connector.update",\n'
        '  "params": {"id": 4, "fields": {"title": "Склад", "sort": 1}}\n}\n```\n'
    )
    call = one(text)
    assert call.method == "biconnector.connector.update" and call.encoding == "json"
    assert call.style == "JSON envelope"
    assert call.params == {"id": 4, "fields": {"title": "Склад", "sort": 1}}
    assert written(text, call, ("fields", "sort")) == "1"
    assert written(text, call, ("fields", "title"), key=True) == '"title"'
    assert text[call.method_span[0] : call.method_span[1]] == '"biconnector.connector.update"'
    assert written(text, call, ()).startswith('{"id"')


def test_an_envelope_key_given_twice() -> None:
    text = '```json\n{"method": "biconnector.a",\n "params": {"id": 1,\n "id": 2}}\n```\n'
    call = one(text)
    assert call.params == {"id": 2}
    assert [(p.code, p.loc, p.span.line if p.span else 0) for p in call.problems] == [
        ("BL003", ("id",), 3),
        ("BL003", ("id",), 4),
    ]


@pytest.mark.parametrize(
    "body",
    [
        '{"result": {"id": 4}, "method": "biconnector.connector.add"}x',
        '{"result": {"item": {"title": "biconnector"}}}',
        '{"method": "crm.deal.add", "params": {"biconnector": 1}}',
        '{\n  ...,\n  "method": "biconnector.connector.add"\n}',
    ],
)
def test_other_json_blocks_are_no_calls(body: str) -> None:
    assert calls(f"```json\n{body}\n```\n") == []


# --- what is not read --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "    curl -d id=1 https://p/rest/biconnector.connector.get\n",  # an indented code block
        "Run `curl -d id=1 https://p/rest/biconnector.connector.get` now.\n",
        "```yaml\nmethod: biconnector.connector.get\n```\n",
        "```bash\ncurl -d id=1 https://p/rest/crm.deal.get\n```\n",
        "",
        "```\n",
        "```bash\n",
        "<!-- -->\n> ```\n> ~~~\n",
    ],
)
def test_no_call(text: str) -> None:
    assert calls(text) == []


def test_a_fence_left_open_runs_to_the_end() -> None:
    text = "~~~sh\ncurl -d id=4 https://p/rest/biconnector.connector.get"
    assert written(text, one(text), ("id",)) == "4"


def test_the_package_entry_point_reads_markdown() -> None:
    text = "```bash\ncurl -d id=4 https://p/rest/biconnector.connector.get\n```\n"
    assert [call.params for call in extract_any(text, "markdown").calls] == [{"id": "4"}]
    assert extract_any("# nothing here\n", "markdown").calls == []


# --- suppression comments ----------------------------------------------------------------------


def test_suppression_comments_of_the_markdown_and_of_the_blocks() -> None:
    text = """<!-- bicon-lint: ignore[BL311] -->
Text with an inline comment <!-- bicon-lint: ignore -->
and on the next line <!-- bicon-lint: ignore[BL408, field-type] --> too.

`<!-- bicon-lint: ignore[BL001] -->` in a code span is no comment.

> <!--
> bicon-lint: ignore[BL312]
> -->

- PHP

    ```php
    CRest::call('biconnector.connector.get', [
        'id' => 4, // bicon-lint: ignore[VALIDATION_INVALID_ID_FORMAT]
    ]);
    ```

```bash
curl -d id=4 https://p/rest/biconnector.connector.get  # bicon-lint: ignore[BL510]
```

```bash
# bicon-lint: ignore[BL999] (a block that names no method of ours is not read)
```
"""
    assert extract(text, "markdown").ignores == {
        1: ("BL311",),
        2: None,
        3: ("BL408", "field-type"),
        8: ("BL312",),
        15: ("VALIDATION_INVALID_ID_FORMAT",),
        20: ("BL510",),
    }


# --- the fixture docs --------------------------------------------------------------------------


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_the_docs_page_every_tab_is_a_call() -> None:
    text = fixture("biconnector-connector-add.md")
    found = calls(text)
    styles = [(call.style, call.encoding, line_of(text, call.span[0])) for call in found]
    assert [style for style, _, _ in styles] == [
        "cURL",
        "cURL",
        "b24jssdk actions.v2.call",
        "b24jssdk actions.v2.call",
        "b24pysdk",
        "b24phpsdk core->call",
        "BX24.callMethod",
        "CRest::call",
        "b24gosdk Core.Call",
    ]
    assert {call.method for call in found} == {"biconnector.connector.add"}
    oauth = found[1]
    assert "auth" not in oauth.params
    planted = {
        0: (("fields", "supportMapping"), '"true"'),
        1: (("fields", "settings", 0, "type"), '"string"'),
        4: (("fields", "sort"), '"abc"'),
        5: (("fields", "dateCreate"), "'2024-09-03T14:10:18+02:00'"),
        7: (("fields", "supportMapping"), "true"),
        8: (("fields", "title"), '"Коннектор продаж"'),
    }
    for number, (loc, token) in planted.items():
        assert written(text, found[number], loc) == token, number
    assert "urlData" not in found[2].params["fields"]


def test_the_seed_page_of_the_docs() -> None:
    text = fixture("biconnector-connector-update.md")
    found = calls(text)
    assert [(call.style, line_of(text, call.span[0])) for call in found] == [
        ("BX.rest.callMethod", 70),
        ("cURL", 108),
        ("cURL", 142),
        ("CRest::call", 179),
    ]
    for call in found:
        assert call.method == "biconnector.connector.update"
        assert written(text, call, ("fields", "settings", 1, "code")).strip("'\"") == "password"
    assert "auth" not in found[2].params


def test_the_readme() -> None:
    text = fixture("README.md")
    result = extract(text, "markdown")
    assert [(call.method, call.encoding, line_of(text, call.span[0])) for call in result.calls] == [
        ("biconnector.connector.add", "form", 17),
        ("biconnector.connector.update", "json", 30),
        ("biconnector.connector.list", "form", 40),
        ("biconnector.connector.get", "form", 53),
    ]
    add, update, listing, _ = result.calls
    assert "settings" not in add.params["fields"]
    assert written(text, add, ("fields", "title")) == "Склад"
    assert written(text, update, ("id",)) == "0"
    assert listing.params == {"select": {0: "id", 1: "title"}, "order": {"id": "DESC"}}
    assert result.ignores == {32: ("BL408",), 35: ("BL311",), 53: ("id-format",)}


def test_an_unrelated_markdown_file() -> None:
    assert extract(fixture("unrelated.md"), "markdown") == ([], {}, ())


# --- end to end: linted as a file --------------------------------------------------------------


def lint(name: str) -> list[Report]:
    return lint_document_all(load_path(str(FIXTURES / name)))


def errors(report: Report) -> set[str]:
    return {d.code for d in report.diagnostics if d.severity.value == "error"}


def place(report: Report, code: str) -> tuple[int | None, int | None]:
    (found,) = [d for d in report.diagnostics if d.code == code]
    return found.line, found.column


def test_end_to_end_the_docs_page() -> None:
    text = fixture("biconnector-connector-add.md")
    lines = text.split("\n")
    reports = lint("biconnector-connector-add.md")
    assert [report.method for report in reports] == ["biconnector.connector.add"] * 9
    assert [report.command for report in reports] == [
        f"line {n}" for n in (17, 40, 67, 90, 115, 135, 157, 179, 200)
    ]

    def at(token: str, line: int) -> tuple[int, int]:
        return line, lines[line - 1].index(token) + 1

    served = [report.server_error.code if report.server_error else None for report in reports]
    # SERVER-SPEC §4.2 C: the first failing field, in the §4.1 table order; §3.4 type checks;
    # E: the settings type enum; §8.1: a form body sends true as "1", never a boolean.
    assert served == [
        "VALIDATION_INVALID_FIELD_TYPE",  # "supportMapping": "true" (a string)
        "VALIDATION_SETTINGS_INVALID_TYPE",  # "type": "string" (lower case)
        "VALIDATION_REQUIRED_FIELD_MISSING",  # no urlData
        None,
        "VALIDATION_INVALID_FIELD_TYPE",  # "sort": "abc"
        "VALIDATION_READ_ONLY_FIELD",  # dateCreate
        None,
        "VALIDATION_INVALID_FIELD_TYPE",  # CRest: supportMapping true → "1"
        None,
    ]
    assert place(reports[0], "VALIDATION_INVALID_FIELD_TYPE") == at('"true"', 22)
    assert place(reports[1], "VALIDATION_SETTINGS_INVALID_TYPE") == at('"string"', 52)
    assert place(reports[4], "VALIDATION_INVALID_FIELD_TYPE") == at('"abc"', 124)
    assert place(reports[5], "VALIDATION_READ_ONLY_FIELD") == at("'dateCreate'", 143)  # the key
    assert place(reports[7], "VALIDATION_INVALID_FIELD_TYPE") == at("true", 190)
    assert "BL020" in {d.code for d in reports[7].diagnostics}  # the form-boolean note
    for number in (3, 6, 8):
        assert errors(reports[number]) == set(), number


def test_end_to_end_the_seed_page() -> None:
    reports = lint("biconnector-connector-update.md")
    assert [report.command for report in reports] == ["line 70", "line 108", "line 142", "line 179"]
    for report in reports:
        assert report.method == "biconnector.connector.update"
        assert report.server_error is None  # the server accepts every tab
        # logo-image: "NEWLOGODATA" decodes to bytes of noise, no SVG (docs/rules.md)
        assert errors(report) == {"BL303"}
        codes = {d.code for d in report.diagnostics}
        assert "BL311" in codes  # endpoint-url: plain http endpoints
        assert "BL408" in codes  # update-settings-replace: settings replaces the whole list


def test_end_to_end_the_readme() -> None:
    text = fixture("README.md")
    lines = text.split("\n")
    add, update, listing, check = lint("README.md")
    assert add.server_error is not None
    assert (add.server_error.code, add.server_error.message) == (
        "VALIDATION_REQUIRED_FIELD_MISSING",
        'Field "settings" is required.',
    )
    assert update.server_error is not None
    assert update.server_error.code == "VALIDATION_INVALID_ID_FORMAT"  # §4.3 C1: id 0
    assert place(update, "VALIDATION_INVALID_ID_FORMAT") == (31, lines[30].index("0,") + 1)
    assert listing.server_error is None and errors(listing) == set()
    # "ID" is not numeric (§4.3 C1, §4.4), but the comment on its line suppresses the rule id-format
    assert check.server_error is not None
    assert check.server_error.code == "VALIDATION_INVALID_ID_FORMAT"
    assert not check.diagnostics


def test_end_to_end_an_unrelated_file_has_no_finding() -> None:
    for report in lint("unrelated.md"):
        assert not report.diagnostics and report.server_error is None


def test_an_ignore_comment_right_above_a_block_covers_every_line_of_it() -> None:
    text = (
        "# Wrong on purpose\n"
        "\n"
        "<!-- bicon-lint: ignore[field-type] -->\n"
        "```bash\n"
        "curl -H 'Content-Type: application/json' \\\n"
        '  -d \'{"id": 4, "fields": {"sort": "abc"}}\' \\\n'
        "  https://p.example.com/rest/1/x/biconnector.connector.update\n"
        "```\n"
        "\n"
        "Some text.\n"
        "\n"
        "```bash\n"
        "curl -d 'id=0' https://p.example.com/rest/1/x/biconnector.connector.delete\n"
        "```\n"
    )
    found = extract(text, "markdown")
    assert [call.method for call in found.calls] == [
        "biconnector.connector.update",
        "biconnector.connector.delete",
    ]
    # lines 4 to 8 (the fence and its content) carry the mark; the second block none
    assert found.ignores == {3: ("field-type",), **dict.fromkeys(range(4, 9), ("field-type",))}
