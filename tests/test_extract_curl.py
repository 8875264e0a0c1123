"""The cURL command reader (``bicon_lint.extract.curl``): shell words, curl's options, the body
as the server decodes it, and where each key and value is written."""

from __future__ import annotations

from typing import Any

import pytest

from bicon_lint.extract.build import Call, Unknown
from bicon_lint.extract.curl import extract_curl

URL = "https://portal.example/rest/1/abc/biconnector.connector.update"


def calls(text: str) -> list[Call]:
    return extract_curl(text).calls


def one(text: str) -> Call:
    found = calls(text)
    assert len(found) == 1, found
    return found[0]


def written(text: str, call: Call, loc: tuple[Any, ...], key: bool = False) -> str:
    start, end = (call.index.keys if key else call.index.values)[loc]
    return text[start:end]


DOCS_WEBHOOK = """curl -X POST \\
     -H "Content-Type: application/json" \\
     -H "Accept: application/json" \\
     -d '{
         "id": 4,
         "fields": {
             "title": "Коннектор продаж",
             "settings": [{"name": "Логин", "type": "STRING", "code": "login"}],
             "sort": 200
         }
         }' \\
     https://**put_your_bitrix24_address**/rest/**put_your_user_id_here**/**put_your_webhook_here**/biconnector.connector.update
"""


def test_docs_webhook_tab_is_a_json_call_with_every_place() -> None:
    call = one(DOCS_WEBHOOK)
    assert call.method == "biconnector.connector.update"
    assert call.encoding == "json" and call.style == "cURL"
    assert call.params == {
        "id": 4,
        "fields": {
            "title": "Коннектор продаж",
            "settings": [{"name": "Логин", "type": "STRING", "code": "login"}],
            "sort": 200,
        },
    }
    assert written(DOCS_WEBHOOK, call, ("id",)) == "4"
    assert written(DOCS_WEBHOOK, call, ("id",), key=True) == '"id"'
    assert written(DOCS_WEBHOOK, call, ("fields", "title")) == '"Коннектор продаж"'
    assert written(DOCS_WEBHOOK, call, ("fields", "settings", 0, "type")) == '"STRING"'
    assert written(DOCS_WEBHOOK, call, ("fields", "sort"), key=True) == '"sort"'
    assert (
        written(DOCS_WEBHOOK, call, ()).startswith("{")
        and written(DOCS_WEBHOOK, call, ())[-1] == "}"
    )
    start, end = call.span
    assert DOCS_WEBHOOK[start:end].startswith("curl -X POST")
    assert DOCS_WEBHOOK[start:end].endswith("biconnector.connector.update")
    method_start, method_end = call.method_span
    assert DOCS_WEBHOOK[method_start:method_end].startswith("https://**put_your_bitrix24_address**")
    assert not call.unknown and not call.partial and not call.problems


def test_oauth_tab_auth_is_taken_out_by_the_rest_core() -> None:
    text = (
        "curl -X POST -H 'Content-Type: application/json' "
        """-d '{"id": 4, "fields": {"sort": 1}, "auth": "**put_access_token_here**"}' """
        "https://**put_your_bitrix24_address**/rest/biconnector.connector.update"
    )
    call = one(text)
    assert call.params == {"id": 4, "fields": {"sort": 1}}
    assert ("auth",) not in call.index.values and ("auth",) not in call.index.keys


@pytest.mark.parametrize(
    ("url", "method"),
    [
        ("https://p/rest/biconnector.source.add.json", "biconnector.source.add"),
        ("https://p/rest/biconnector.source.add.xml", "biconnector.source.add"),
        ("https://p/rest/7/xyz/BIConnector.Connector.List?x=1#top", "BIConnector.Connector.List"),
        ("p.example/rest/biconnector.table.fields.update", "biconnector.table.fields.update"),
        ("'https://p/rest/biconnector%2Econnector.get'", "biconnector.connector.get"),
    ],
)
def test_the_method_is_the_last_path_segment(url: str, method: str) -> None:
    assert one(f"curl {url}").method == method


@pytest.mark.parametrize(
    "text",
    [
        "curl https://p/rest/crm.deal.add -d 'x=1'",
        "curl https://p/rest/$METHOD -d 'x=1'",
        'curl "https://p/rest/biconnector.connector.${ACTION}"',
        "curl https://p/rest/biconnector.connector.{get,delete}",
        "curl https://p/rest/biconnector.connector.add/",
        "wget https://p/rest/biconnector.connector.add",
        "echo curl https://p/rest/biconnector.connector.add",
        "# curl https://p/rest/biconnector.connector.add",
        "curl -o https://p/rest/biconnector.connector.add https://p/other",
    ],
)
def test_no_call(text: str) -> None:
    assert calls(text) == []


@pytest.mark.parametrize(
    "prefix",
    ["$ ", "% ", "sudo ", "LANG=C ", "TOKEN=$(cat t) env ", "/usr/bin/", "time ", ""],
)
def test_prompts_and_prefixes(prefix: str) -> None:
    text = f"{prefix}curl -d id=4 https://p/rest/biconnector.connector.get"
    call = one(text)
    assert call.params == {"id": "4"}
    assert text[call.span[0] : call.span[0] + 4] in ("curl", "/usr")


def test_curl_exe() -> None:
    assert one("curl.exe -d id=4 https://p/rest/biconnector.connector.get").params == {"id": "4"}


def test_form_body_is_decoded_as_parse_str() -> None:
    text = (
        "curl -d 'fields[title]=Сводка+продаж&fields[sort]=abc' "
        "--data 'fields[settings][0][type]=string' "
        "--data-raw 'fields[supportMapping]=true&id=%34' "
        "--data-ascii 'fields[logo]' "
        f"{URL}"
    )
    call = one(text)
    assert call.encoding == "form"
    assert call.params == {
        "fields": {
            "title": "Сводка продаж",
            "sort": "abc",
            "settings": {0: {"type": "string"}},
            "supportMapping": "true",
            "logo": "",
        },
        "id": "4",
    }
    assert written(text, call, ("fields", "title")) == "Сводка+продаж"
    assert written(text, call, ("fields", "title"), key=True) == "fields[title]"
    assert written(text, call, ("fields", "settings", 0, "type")) == "string"
    assert written(text, call, ("id",)) == "%34"


def test_form_key_given_twice_keeps_the_last_and_is_a_problem() -> None:
    text = f"curl -d 'id=1' -d 'id=2' {URL}"
    call = one(text)
    assert call.params == {"id": "2"}
    assert written(text, call, ("id",)) == "2"
    codes = [
        (problem.code, problem.span.column if problem.span else None) for problem in call.problems
    ]
    assert codes == [("BL003", text.index("id=1") + 1), ("BL003", text.index("id=2") + 1)]


def test_data_urlencode_forms() -> None:
    text = (
        "curl --data-urlencode 'fields[title]=A & B = C' "
        "--data-urlencode '=solo' "
        "--data-urlencode 'bare word' "
        "--data-urlencode 'fields[logo]@logo.txt' "
        "https://p/rest/biconnector.connector.add"
    )
    call = one(text)
    assert call.params["fields"]["title"] == "A & B = C"
    assert call.params["solo"] == "" and call.params["bare_word"] == ""
    assert isinstance(call.params["fields"]["logo"], Unknown)
    assert ("fields", "logo") in call.unknown
    assert written(text, call, ("fields", "title")) == "A & B = C"


def test_get_puts_the_data_in_the_query_string() -> None:
    text = (
        "curl -G --data-urlencode 'filter[%=title]=My%' -d 'select[]=id' "
        "'https://p/rest/biconnector.connector.list?page=2'"
    )
    call = one(text)
    assert call.encoding == "form"
    # curl splits --data-urlencode at the first "=": the name is "filter[%" (PHP: "filter_%")
    assert call.params == {"page": "2", "filter_%": "title]=My%", "select": {0: "id"}}
    assert written(text, call, ("page",)) == "2"


def test_query_string_under_the_body() -> None:
    text = (
        "curl -H 'Content-Type: application/json' "
        """-d '{"id": 5, "fields": {"sort": 1}}' """
        "'https://p/rest/biconnector.connector.update?id=9&auth=secret&extra=x'"
    )
    call = one(text)
    assert call.encoding == "json"
    assert call.params == {"id": 5, "extra": "x", "fields": {"sort": 1}}
    assert written(text, call, ("id",)) == "5"
    assert written(text, call, ("extra",)) == "x"


def test_url_query_option() -> None:
    text = "curl --url-query 'id=4 2' --url-query '+select[]=a%20b' --url https://p/rest/biconnector.connector.get"
    call = one(text)
    assert call.params == {"id": "4 2", "select": {0: "a b"}}


@pytest.mark.parametrize(
    ("header", "encoding"),
    [
        ("-H 'Content-Type: application/json'", "json"),
        ("-H 'content-type:application/json; charset=utf-8'", "json"),
        ("--header 'Content-Type: application/vnd.api+json'", "json"),
        ("-H 'Content-Type: text/plain'", "form"),
        ("-H 'Accept: application/json'", "form"),
        ("", "form"),
    ],
)
def test_content_type_decides_the_encoding(header: str, encoding: str) -> None:
    call = one(f"""curl {header} -d '{{"id": 4}}' https://p/rest/biconnector.connector.get""")
    assert call.encoding == encoding
    if encoding == "form":  # PHP parse_str reads the JSON text as one key
        assert list(call.params) == ['{"id":_4}']
    else:
        assert call.params == {"id": 4}


def test_json_option() -> None:
    text = """curl --json '{"id": 4}' https://p/rest/biconnector.connector.get"""
    call = one(text)
    assert call.encoding == "json" and call.params == {"id": 4}
    assert written(text, call, ("id",)) == "4"


def test_several_json_options_are_concatenated() -> None:
    call = one(
        """curl --json '{"id": 4}' --json '{"x": 1}' https://p/rest/biconnector.connector.get"""
    )
    assert [problem.code for problem in call.problems] == ["BL001"]


def test_invalid_json_is_a_problem_at_its_place_and_unknown_params() -> None:
    text = "curl -H 'Content-Type: application/json' -d '{\"id\": 4,}' https://p/rest/biconnector.connector.get"
    call = one(text)
    assert isinstance(call.params, Unknown) and () in call.unknown
    (problem,) = call.problems
    assert problem.code == "BL001" and "trailing comma" in problem.message
    assert problem.span is not None and problem.span.line == 1
    assert text[problem.span.column - 1] == ","


def test_placeholder_body_of_the_docs_is_invalid_json() -> None:
    call = one(
        "curl -H 'Content-Type: application/json' -d '{...}' https://p/rest/biconnector.source.add"
    )
    assert [problem.code for problem in call.problems] == ["BL001"]


def test_json_duplicate_key_problem_names_the_line_of_the_text() -> None:
    text = 'curl --json \'{\n "id": 1,\n "id": 2\n}\' https://p/rest/biconnector.connector.get'
    call = one(text)
    assert call.params == {"id": 2}
    messages = [(p.code, p.span.line if p.span else 0, p.message) for p in call.problems]
    assert messages[0][:2] == ("BL003", 2) and "line 3, column 2" in messages[0][2]
    assert messages[1][:2] == ("BL003", 3)


def test_json_decoded_as_php_does() -> None:
    call = one(
        """curl --json '{"id": 99999999999999999999, "x": "\\u00e9"}' https://p/rest/biconnector.a"""
    )
    assert call.params == {"id": 1e20, "x": "é"}


# ---- values only the running command knows


def test_expansion_inside_a_json_string_is_unknown() -> None:
    text = (
        'curl -H "Content-Type: application/json" '
        '-d "{\\"id\\": 4, \\"fields\\": {\\"title\\": \\"Отчёт $TITLE\\"}}" '
        "https://p/rest/biconnector.connector.update"
    )
    call = one(text)
    assert call.params["id"] == 4
    title = call.params["fields"]["title"]
    assert isinstance(title, Unknown) and ("fields", "title") in call.unknown
    assert written(text, call, ("fields", "title")) == '\\"Отчёт $TITLE\\"'


def test_expansion_standing_for_a_json_value_is_unknown() -> None:
    text = """curl --json '{"id": '$ID', "fields": {"sort": 1}}' https://p/rest/biconnector.connector.update"""
    call = one(text)
    assert isinstance(call.params["id"], Unknown)
    assert written(text, call, ("id",)) == "$ID"
    assert call.params["fields"] == {"sort": 1}


def test_expansion_in_a_json_key_or_number_makes_the_body_unknown() -> None:
    for body in ("""'{"'$KEY'": 1}'""", """'{"id": 4'$N'}'"""):
        call = one(f"curl --json {body} https://p/rest/biconnector.connector.get")
        assert isinstance(call.params, Unknown) and not call.problems


def test_dollar_in_single_quotes_is_text() -> None:
    call = one("""curl --json '{"title": "$HOME"}' https://p/rest/biconnector.x""")
    assert call.params == {"title": "$HOME"} and not call.unknown


@pytest.mark.parametrize("expansion", ["$ID", "${ID}", "$(cat id)", "`cat id`", "$((1+2))", "$1"])
def test_expansion_in_a_form_value_is_unknown(expansion: str) -> None:
    text = (
        f'curl -d "id={expansion}" -d "fields[sort]=1" https://p/rest/biconnector.connector.update'
    )
    call = one(text)
    assert isinstance(call.params["id"], Unknown) and ("id",) in call.unknown
    assert written(text, call, ("id",)) == expansion
    assert call.params["fields"] == {"sort": "1"}


def test_expansion_in_a_form_name_is_like_a_spread() -> None:
    text = "curl -d 'id=4' -d \"$NAME=x\" -d 'fields[sort]=1' https://p/rest/biconnector.connector.update"
    call = one(text)
    assert () in call.partial
    assert isinstance(call.params["id"], Unknown)  # may be set again by the unknown pair
    assert call.params["fields"] == {"sort": "1"}


def test_body_from_a_file() -> None:
    form = one("curl -d @body.txt -d 'fields[sort]=5' https://p/rest/biconnector.connector.add")
    assert () in form.partial and form.params == {"fields": {"sort": "5"}}
    raw = one("curl --data-raw @body.txt https://p/rest/biconnector.connector.add")
    assert raw.params == {"@body_txt": ""}
    json = one("curl --json @body.json https://p/rest/biconnector.connector.add")
    assert isinstance(json.params, Unknown)


def test_body_from_a_here_document() -> None:
    text = (
        "curl -H 'Content-Type: application/json' --data-binary @- \\\n"
        "  https://p/rest/biconnector.connector.update <<'EOF'\n"
        '{"id": 4, "fields": {"title": "Отчёт $X"}}\n'
        "EOF\n"
        "echo done\n"
    )
    call = one(text)
    assert call.params == {"id": 4, "fields": {"title": "Отчёт $X"}}
    assert written(text, call, ("fields", "title")) == '"Отчёт $X"'


def test_unquoted_here_document_expands_and_d_drops_line_breaks() -> None:
    text = "curl -d @- https://p/rest/biconnector.connector.get <<EOF\nid=4&\nx=$X\nEOF\n"
    call = one(text)
    assert call.params["id"] == "4" and isinstance(call.params["x"], Unknown)


def test_here_document_with_its_tabs_removed() -> None:
    text = "curl -d @- https://p/rest/biconnector.connector.get <<-EOF\n\tid=4\n\tEOF\necho\n"
    call = one(text)
    assert call.params == {"id": "4"} and written(text, call, ("id",)) == "4"


def test_expand_options_with_curl_variables_are_unknown() -> None:
    text = "curl --variable %ID --expand-data 'id={{ID}}' https://p/rest/biconnector.connector.get"
    assert () in one(text).partial
    text = "curl --expand-data 'id=4' https://p/rest/biconnector.connector.get"
    assert one(text).params == {"id": "4"}


def test_here_string() -> None:
    call = one("curl --data-binary @- https://p/rest/biconnector.connector.get <<< 'id=7'")
    assert call.params == {"id": "7\n"}


def test_piped_body_is_unknown() -> None:
    call = one("echo '{}' | curl --json @- https://p/rest/biconnector.connector.get")
    assert isinstance(call.params, Unknown)


def test_curl_inside_a_command_substitution() -> None:
    text = 'RESULT=$(curl -s -d "id=4" "https://$HOST/rest/biconnector.connector.delete")'
    call = one(text)
    assert call.method == "biconnector.connector.delete" and call.params == {"id": "4"}
    assert text[call.span[0] : call.span[1]].startswith("curl -s")


def test_header_computed_at_run_time_makes_the_params_unknown() -> None:
    call = one("""curl -H "$CT" -d '{"id": 4}' https://p/rest/biconnector.connector.get""")
    assert isinstance(call.params, Unknown)


# ---- shell words


def test_double_quote_escapes() -> None:
    text = 'curl -d "fields[title]=a\\"b\\\\c\\$d\\`e\\x" https://p/rest/biconnector.connector.add'
    assert one(text).params == {"fields": {"title": 'a"b\\c$d`e\\x'}}


def test_ansi_c_quoting() -> None:
    text = "curl -d $'fields[title]=a\\tb\\x41\\u0416\\'' https://p/rest/biconnector.connector.add"
    assert one(text).params == {"fields": {"title": "a\tbAЖ'"}}


def test_words_made_of_several_quoted_parts() -> None:
    text = """curl -d 'fields[title]='"Отчёт"' за 'май https://p/rest/biconnector.connector.add"""
    call = one(text)
    assert call.params == {"fields": {"title": "Отчёт за май"}}


@pytest.mark.parametrize(
    "options",
    [
        "-XPOST -sSL -H'Content-Type: application/json' -d'{\"id\": 4}'",
        "--request=POST --header='Content-Type: application/json' --data='{\"id\": 4}'",
        "-sH 'Content-Type: application/json' --data-binary '{\"id\": 4}' -o out.json -w '%{http_code}'",
        "--json '{\"id\": 4}' --no-get --retry 3 --",
    ],
)
def test_option_forms(options: str) -> None:
    call = one(f"curl {options} https://p/rest/biconnector.connector.get")
    assert call.params == {"id": 4} and call.encoding == "json"


def test_next_starts_a_new_request() -> None:
    found = calls(
        "curl -d id=1 https://p/rest/biconnector.connector.get --next "
        "-d id=2 https://p/rest/biconnector.source.get"
    )
    assert [(call.method, call.params) for call in found] == [
        ("biconnector.connector.get", {"id": "1"}),
        ("biconnector.source.get", {"id": "2"}),
    ]


def test_several_commands_and_operators() -> None:
    text = (
        "curl -d id=1 https://p/rest/biconnector.connector.get | jq .; "
        "curl -d id=2 https://p/rest/biconnector.connector.get && echo ok\n"
        "curl -d id=3 https://p/rest/biconnector.connector.get > out.json 2>&1 &\n"
    )
    assert [call.params["id"] for call in calls(text)] == ["1", "2", "3"]


def test_multipart_form() -> None:
    text = (
        "curl -F 'fields[title]=Привет' -F 'fields[logo]=@logo.svg' "
        "--form-string 'fields[code]=a;b' https://p/rest/biconnector.connector.add"
    )
    call = one(text)
    assert call.encoding == "form"
    assert call.params["fields"]["title"] == "Привет"
    assert call.params["fields"]["code"] == "a;b"
    assert isinstance(call.params["fields"]["logo"], Unknown)
    assert written(text, call, ("fields", "title")) == "Привет"


def test_crlf_line_continuation() -> None:
    text = 'curl -X POST \\\r\n  -d "id=4" \\\r\n  https://p/rest/biconnector.connector.get\r\n'
    assert one(text).params == {"id": "4"}


@pytest.mark.parametrize(
    "text",
    [
        "curl -d 'id=1 https://p/rest/biconnector.connector.get",
        'curl -d "id=$(echo https://p/rest/biconnector.connector.get',
        "curl -d $'id=1 https://p/rest/biconnector.connector.get",
        "curl \\",
        "curl <<",
        "curl -d",
        "))) ((( && || ;; | & < > <<< `",
        "curl ${ https://p/rest/biconnector.connector.get",
    ],
)
def test_broken_shell_never_crashes(text: str) -> None:
    for call in calls(text):
        assert call.method.startswith("biconnector.")


def test_an_unterminated_quote_skips_its_line_only() -> None:
    text = "echo 'it\ncurl -d id=1 https://p/rest/biconnector.connector.get\n"
    assert [call.params for call in calls(text)] == [{"id": "1"}]


def test_a_quote_closed_on_a_later_line_holds_the_lines_between() -> None:
    text = "echo 'it''s\ncurl -d id=1 https://p/rest/biconnector.connector.get\necho 'oops\n"
    assert calls(text) == []  # as a shell reads it: the curl line is inside a string


def test_suppression_comments() -> None:
    text = (
        "# bicon-lint: ignore[BL311]\n"
        "curl -d id=4 https://p/rest/biconnector.connector.get  # bicon-lint: ignore\n"
        "echo '# bicon-lint: ignore'\n"
    )
    assert extract_curl(text).ignores == {1: ("BL311",), 2: None}


def test_offsets_mapped_to_a_file() -> None:
    file_text = (
        "> intro\n> curl -d 'id=4' https://p/rest/biconnector.connector.get # bicon-lint: ignore\n"
    )
    block = "curl -d 'id=4' https://p/rest/biconnector.connector.get # bicon-lint: ignore\n"
    result = extract_curl(block, where=lambda offset: offset + 10, file_text=file_text)
    (call,) = result.calls
    start, end = call.index.values[("id",)]
    assert file_text[start:end] == "4"
    assert file_text[call.method_span[0] : call.method_span[1]].endswith("connector.get")
    assert result.ignores == {2: None}
