"""``bicon_lint.extract.javascript``: the ``biconnector.*`` calls of JavaScript and TypeScript
files, their params as each SDK sends them, and where each key and value is written.

The expected values are JavaScript's own (ECMA-262 literals, ``Number::toString``,
``JSON.stringify``) and what each SDK's source does with them: BX24.js and BX.rest
``ajax.prepareData``, b24jssdk (axios JSON body; ``qs.stringify`` for batch commands), the WHATWG
``URLSearchParams``. End-to-end expectations come from SERVER-SPEC and docs/rules.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bicon_lint.api import lint_document_all
from bicon_lint.extract import extract as extract_any
from bicon_lint.extract.build import Call, Unknown
from bicon_lint.extract.javascript import extract
from bicon_lint.extract.javascript.literals import number, number_text, unescape
from bicon_lint.loaders import load_path
from tests.shared import no_hang

FIXTURES = Path(__file__).parent / "fixtures" / "sources" / "javascript"


def calls(text: str, kind: str = "javascript") -> list[Call]:
    return extract(text, kind).calls


def one(text: str, kind: str = "javascript") -> Call:
    found = calls(text, kind)
    assert len(found) == 1, found
    return found[0]


def token(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]


def client_value(expression: str, *, before: str = "") -> Any:
    """The value of ``expression`` as a JSON client sends it (``JSON.stringify``)."""
    text = f"{before}\nclient.call('biconnector.connector.add', {{ v: {expression} }});\n"
    return one(text).params["v"]


def bx24_fields(fields: str, *, before: str = "") -> Any:
    text = f"{before}\nBX24.callMethod('biconnector.connector.add', {{ fields: {fields} }});\n"
    return one(text).params["fields"]


# --------------------------------------------------------------------------------------------
# Call styles: method, style, encoding, spans
# --------------------------------------------------------------------------------------------


def test_bx24_call_method() -> None:
    text = "BX24.callMethod('biconnector.connector.add', {fields: {title: 'T'}}, cb);"
    call = one(text)
    assert (call.method, call.style, call.encoding) == (
        "biconnector.connector.add",
        "BX24.callMethod",
        "form",
    )
    assert token(text, call.method_span) == "'biconnector.connector.add'"
    assert token(text, call.span) == text[:-1]
    assert call.params == {"fields": {"title": "T"}}


def test_window_bx24_and_bx_rest() -> None:
    text = (
        "window.BX24.callMethod('biconnector.connector.get', {id: 4});\n"
        "BX.rest.callMethod('biconnector.connector.update', {id: 4, fields: {supportMapping: true}});\n"
    )
    first, second = calls(text)
    assert (first.style, first.params) == ("BX24.callMethod", {"id": "4"})
    assert (second.style, second.encoding) == ("BX.rest.callMethod", "form")
    # BX.rest's prepareData writes booleans as 1/0 (rest.client.js)
    assert second.params == {"id": "4", "fields": {"supportMapping": "1"}}


def test_call_without_params_sends_none() -> None:
    text = "BX24.callMethod('biconnector.connector.fields');"
    call = one(text)
    assert call.params == {}
    assert call.index.values[()] == call.span


def test_b24jssdk_v2_call() -> None:
    text = (
        "await $b24.actions.v2.call.make({\n"
        "  method: 'biconnector.connector.update',\n"
        "  params: { id: 4, fields: { sort: 1.0 } },\n"
        "  requestId: 'r-1',\n"
        "});\n"
    )
    call = one(text, "typescript")
    assert (call.method, call.style, call.encoding) == (
        "biconnector.connector.update",
        "b24jssdk actions.v2.call",
        "json",
    )
    assert token(text, call.method_span) == "'biconnector.connector.update'"
    assert call.params == {"id": 4, "fields": {"sort": 1}}  # JSON writes 1.0 as 1
    assert token(text, call.span).startswith("$b24.actions.v2.call.make(")


def test_b24jssdk_v2_call_without_params() -> None:
    call = one("b24.actions.v2.call.make({ method: 'biconnector.connector.fields' })")
    assert call.params == {}


def test_b24jssdk_v3_is_not_recognised() -> None:
    text = "$b24.actions.v3.call.make({ method: 'biconnector.connector.add', params: {} })"
    assert calls(text) == []


def test_b24jssdk_call_method_by_receiver_or_import() -> None:
    text = "$b24.callMethod('biconnector.connector.get', { id: 4 })"
    assert one(text).style == "b24jssdk callMethod"
    text = "import { B24Hook } from '@bitrix24/b24jssdk'\nhook.callMethod('biconnector.x.y', {})"
    assert one(text, "typescript").style == "b24jssdk callMethod"
    # any other receiver is a client of unknown make: known methods only
    assert calls("api.callMethod('biconnector.x.y', {})") == []
    assert one("api.callMethod('biconnector.connector.get', {id: 4})").style == "client call"


def test_generic_clients() -> None:
    text = (
        'await client.call("biconnector.connector.add", { fields: { title: "T" } });\n'
        "callB24('biconnector.source.update', { id: 1, fields: { active: true } });\n"
        "this.api.request('biconnector.table.fields.update', { id: 2, add: [] });\n"
    )
    found = calls(text)
    assert [c.method for c in found] == [
        "biconnector.connector.add",
        "biconnector.source.update",
        "biconnector.table.fields.update",
    ]
    assert {c.style for c in found} == {"client call"}
    assert {c.encoding for c in found} == {"json"}
    assert found[1].params == {"id": 1, "fields": {"active": True}}


@pytest.mark.parametrize(
    "text",
    [
        "console.log('biconnector.connector.add', { fields: {} })",
        "logger.info('biconnector.connector.add', { fields: {} })",
        "client.call('biconnector.unknown.method', { fields: {} })",  # not a method bicon-lint knows
        "client.call('biconnector.connector.add', 'fields[title]=T')",  # not an object
        "client.call('biconnector.connector.add', params)",  # unknown: maybe not a payload at all
        "client.call('biconnector.connector.add')",
        "client.call('see biconnector.connector.add', {})",
        "t('biconnector.title', { count: 2 })",
    ],
)
def test_not_a_client_call(text: str) -> None:
    assert calls(text) == []


def test_method_from_a_constant_of_the_file() -> None:
    text = "const ADD = 'biconnector.connector.add';\nBX24.callMethod(ADD, {fields: {}});"
    call = one(text)
    assert call.method == "biconnector.connector.add"
    assert token(text, call.method_span) == "ADD"


@pytest.mark.parametrize(
    "text",
    [
        "import { METHOD_ADD } from './methods';\nBX24.callMethod(METHOD_ADD, {fields: {}});",
        "BX24.callMethod(`biconnector.${entity}.add`, {fields: {}});",
        "let m = 'biconnector.connector.add'; m = 'x';\nBX24.callMethod(m, {fields: {}});",
        "BX24.callMethod('crm.item.add', {fields: {}});",
        "BX24.callMethod(methods.add, {fields: {}});",
    ],
)
def test_method_not_known_skips_the_call(text: str) -> None:
    assert calls(text) == []


def test_unknown_params_are_unknown() -> None:
    text = "function add(params) { BX24.callMethod('biconnector.connector.add', params); }"
    call = one(text)
    assert isinstance(call.params, Unknown)
    assert call.unknown == frozenset({()})
    assert token(text, call.index.values[()]) == "params"


def test_bx24_call_batch() -> None:
    text = (
        "BX24.callBatch({\n"
        "  remove: ['biconnector.connector.delete', { id: 0 }],\n"
        "  me: ['user.current', {}],\n"
        "  read: { method: 'biconnector.connector.get', params: { id: 7 } },\n"
        "  list: { method: 'biconnector.connector.list' },\n"
        "}, cb, true);\n"
        "BX24.callBatch([['biconnector.source.get', {id: 1}]], cb);\n"
    )
    found = calls(text)
    assert [(c.method, c.style, c.encoding) for c in found] == [
        ("biconnector.connector.delete", "BX24.callBatch", "batch"),
        ("biconnector.connector.get", "BX24.callBatch", "batch"),
        ("biconnector.connector.list", "BX24.callBatch", "batch"),
        ("biconnector.source.get", "BX24.callBatch", "batch"),
    ]
    assert [c.params for c in found] == [{"id": "0"}, {"id": "7"}, {}, {"id": "1"}]
    # each command is a call of its own: its span is the command's
    assert token(text, found[0].span) == "['biconnector.connector.delete', { id: 0 }]"
    assert token(text, found[1].span).startswith("{ method: 'biconnector.connector.get'")
    assert token(text, found[0].method_span) == "'biconnector.connector.delete'"


def test_b24jssdk_batches() -> None:
    text = (
        "$b24.actions.v2.batch.make({ calls: [['biconnector.connector.delete', {id: 1}]] });\n"
        "$b24.actions.v2.batchByChunk.make({ calls: [\n"
        "  { method: 'biconnector.connector.get', params: { id: 2 }, as: 'two' }] });\n"
        "$b24.callBatch({ three: ['biconnector.connector.get', { id: 3, flag: true }] }, true);\n"
        "$b24.callBatchByChunk([['biconnector.source.get', { id: 4 }]], true);\n"
    )
    found = calls(text)
    assert [c.style for c in found] == [
        "b24jssdk actions.v2.batch",
        "b24jssdk actions.v2.batch",
        "b24jssdk callBatch",
        "b24jssdk callBatch",
    ]
    assert {c.encoding for c in found} == {"batch"}
    assert [c.params for c in found] == [
        {"id": "1"},
        {"id": "2"},
        {"id": "3", "flag": "true"},
        {"id": "4"},
    ]


def test_bx_rest_call_batch() -> None:
    call = one(
        "BX.rest.callBatch([['biconnector.source.update', {id: 1, fields: {active: false}}]])"
    )
    assert (call.style, call.encoding) == ("BX.rest.callBatch", "batch")
    assert call.params == {"id": "1", "fields": {"active": "0"}}


# --------------------------------------------------------------------------------------------
# fetch and axios
# --------------------------------------------------------------------------------------------

JSON_HEADERS = "headers: { 'Content-Type': 'application/json' }"


@pytest.mark.parametrize(
    ("url", "method"),
    [
        (
            "'https://portal.bitrix24.ru/rest/1/abc/biconnector.connector.add'",
            "biconnector.connector.add",
        ),
        (
            "'https://portal.bitrix24.ru/rest/1/abc/biconnector.connector.add.json'",
            "biconnector.connector.add",
        ),
        ("`${WEBHOOK}/biconnector.source.update.json`", "biconnector.source.update"),
        ("`${WEBHOOK}biconnector.table.add`", "biconnector.table.add"),
        ("WEBHOOK + '/biconnector.connector.get.json'", "biconnector.connector.get"),
        (
            "`https://${host}/rest/${user}/${key}/biconnector.dataset.fields.update.xml`",
            "biconnector.dataset.fields.update",
        ),
    ],
)
def test_fetch_json(url: str, method: str) -> None:
    text = (
        f"await fetch({url}, {{ method: 'POST', {JSON_HEADERS},\n"
        "  body: JSON.stringify({ id: 4, fields: { title: 'T', gone: undefined } }) });\n"
    )
    call = one(text)
    assert (call.method, call.style, call.encoding) == (method, "fetch JSON.stringify", "json")
    assert token(text, call.method_span) == url
    assert call.params == {"id": 4, "fields": {"title": "T"}}
    assert call.partial == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        # no Content-Type: fetch sends text/plain, which the server does not read as JSON
        "fetch(URL_, { method: 'POST', body: JSON.stringify({ id: 4 }) })",
        # GET: no body
        f"fetch(URL_, {{ {JSON_HEADERS}, body: JSON.stringify({{ id: 4 }}) }})",
        # headers the file does not show
        "fetch(URL_, { method: 'POST', headers, body: JSON.stringify({ id: 4 }) })",
        # a replacer changes what is sent
        f"fetch(URL_, {{ method: 'POST', {JSON_HEADERS}, body: JSON.stringify({{ id: 4 }}, ['id']) }})",
        # a JSON content type with a form body: the server finds no JSON
        f"fetch(URL_, {{ method: 'POST', {JSON_HEADERS}, body: new URLSearchParams({{ id: 4 }}) }})",
        # the method is not at the end of the URL
        "fetch(`${base}/biconnector.${entity}.add`, { method: 'POST', body: new URLSearchParams({}) })",
        "fetch('/biconnector/connector/add', { method: 'POST', body: new URLSearchParams({}) })",
    ],
)
def test_fetch_not_understood_is_skipped(text: str) -> None:
    url = "'https://portal.example.com/rest/1/k/biconnector.connector.update.json'"
    assert calls(text.replace("URL_", url)) == []


def test_fetch_form_body() -> None:
    text = (
        "fetch(`${hook}/biconnector.connector.update.json`, { method: 'post',\n"
        "  body: new URLSearchParams({ id: 4, flag: true, none: null, list: [1, [2, 3]], o: {} }) });\n"
    )
    call = one(text)
    assert (call.style, call.encoding) == ("fetch URLSearchParams", "form")
    # every value is String(value): no nesting, no booleans
    assert call.params == {
        "id": "4",
        "flag": "true",
        "none": "null",
        "list": "1,2,3",
        "o": "[object Object]",
    }
    assert token(text, call.index.values[("list",)]) == "[1, [2, 3]]"
    assert ("list", 0) not in call.index.values


def test_search_params_key_that_php_would_nest_makes_params_unknown() -> None:
    text = (
        "const body = new URLSearchParams({ 'fields[title]': 'T' });\n"
        "fetch(`${hook}/biconnector.connector.add`, { method: 'POST', body });\n"
    )
    call = one(text)
    assert isinstance(call.params, Unknown)
    assert call.unknown == frozenset({()})


def test_query_string_makes_the_params_partial() -> None:
    text = (
        f"fetch(`${{hook}}/biconnector.connector.update.json?id=4`, {{ method: 'POST', {JSON_HEADERS},"
        " body: JSON.stringify({ fields: { title: 'T' } }) });"
    )
    call = one(text)
    assert call.partial == frozenset({()})
    assert call.params == {"fields": {"title": "T"}}


def test_axios_post() -> None:
    text = (
        "await axios.post(`${hook}/biconnector.source.add.json`, { fields: { title: 'S' } });\n"
        "await axios.post(`${hook}/biconnector.source.add.json`, new URLSearchParams({ a: false }));\n"
        "await axios.post(`${hook}/biconnector.source.add.json`, { a: 1 }, { headers });\n"
        "await axios.post(`${hook}/biconnector.source.add.json`, JSON.stringify({ a: 1 }));\n"
        "await api.post(`${hook}/biconnector.source.add.json`, { a: 1 });\n"
    )
    found = calls(text)
    assert [(c.style, c.encoding, c.params) for c in found] == [
        ("axios.post", "json", {"fields": {"title": "S"}}),
        ("axios.post URLSearchParams", "form", {"a": "false"}),
    ]


# --------------------------------------------------------------------------------------------
# Literals
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        (r"'a\nb'", "a\nb"),
        (r'"\t\r\v\f\b"', "\t\r\v\f\b"),
        (r"'\x41\x7e'", "A~"),
        (r"'\u0416'", "Ж"),
        (r"'\u{1F600}'", "\U0001f600"),
        (r"'\uD83D\uDE00'", "\U0001f600"),  # a surrogate pair is one character
        ("'a\\\nb'", "ab"),  # a line continuation
        ("'a\\\r\nb'", "ab"),
        (r"'\101\60'", "A0"),  # legacy octal
        (r"'\0'", "\0"),
        (r"'\08'", "\x008"),
        (r"'\8\9'", "89"),
        (r"'\q\'\"\\'", "q'\"\\"),
        ("'Склад «Север»'", "Склад «Север»"),
        ("`a${'b'}c`", "<unknown>"),  # a substitution, even of a constant
        (r"`a\`b\u{41}`", "a`bA"),
        ("`two\nlines`", "two\nlines"),
        ("`crlf\r\nline`", "crlf\nline"),
        ("'a' + 'b' + 1 + true", "ab1true"),
        ("1 + 2 + 'x'", "3x"),
        ("'n' + null + undefined", "nnullundefined"),
        ("'x' + 1.5e21", "x1.5e+21"),
    ],
)
def test_string_values(literal: str, expected: str) -> None:
    value = client_value(literal)
    if expected == "<unknown>":
        assert isinstance(value, Unknown)
    else:
        assert value == expected
        assert not isinstance(value, Unknown)


@pytest.mark.parametrize(
    "literal",
    [r"'\x4'", r"'\u04'", r"'\u{110000}'", r"`\101`", r"`\8`", "`a${b}c`", "10n", "-'5'", "a + 1"],
)
def test_invalid_or_dynamic_is_unknown(literal: str) -> None:
    assert isinstance(client_value(literal), Unknown)


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("0x1F", 31),
        ("0XfF", 255),
        ("0o17", 15),
        ("0b1010", 10),
        ("017", 15),  # legacy octal
        ("018", 18),  # a decimal with a leading zero
        ("1_000_000", 1000000),
        ("1e3", 1000),
        ("1.0", 1),
        ("-0", 0),
        ("-5", -5),
        ("+5", 5),
        ("- -5", 5),
        (".5", 0.5),
        ("5.", 5),
        ("2.5e-3", 0.0025),
        ("1e21", 1e21),  # JSON writes 1e+21: PHP reads a float
        ("9007199254740993", 9007199254740992),  # a double
        ("0.1 + 0.2", 0.30000000000000004),
    ],
)
def test_number_values_as_json(literal: str, expected: float) -> None:
    value = client_value(literal)
    assert value == expected
    assert type(value) is type(expected)


def test_number_helpers() -> None:
    assert number("1e400") is None
    assert [number_text(x) for x in (0.1, 100.0, 1e-6, 1.5e-7, 123456789012345680000.0)] == [
        "0.1",
        "100",
        "0.000001",
        "1.5e-7",
        "123456789012345680000",
    ]
    assert unescape(r"\u{D83D}\u{DE00}") == "\U0001f600"


def test_keywords_and_undefined_in_json() -> None:
    text = "client.call('biconnector.connector.add', { a: true, b: false, c: null, d: undefined, e: [undefined, 1] });"
    call = one(text)
    assert call.params == {"a": True, "b": False, "c": None, "e": [None, 1]}
    # JSON.stringify leaves an undefined member out: no key, no value recorded
    assert ("d",) not in call.index.keys
    assert ("d",) not in call.index.values


# --------------------------------------------------------------------------------------------
# Objects and arrays
# --------------------------------------------------------------------------------------------


def test_object_keys() -> None:
    text = "client.call('biconnector.connector.add', { 'a b': 1, \"c\": 2, 0x10: 3, 1.50: 4, b: 5, 2: 6, 1: 7 });"
    call = one(text)
    # integer keys come first, ascending; then the others as written (JavaScript's own order)
    assert list(call.params) == ["1", "2", "16", "a b", "c", "1.5", "b"]
    assert token(text, call.index.keys[("16",)]) == "0x10"
    assert token(text, call.index.keys[("a b",)]) == "'a b'"


def test_duplicate_key_last_wins_in_the_first_place() -> None:
    text = "client.call('biconnector.connector.add', { a: { x: 1 }, b: 2, a: 3 });"
    call = one(text)
    assert list(call.params.items()) == [("a", 3), ("b", 2)]
    assert token(text, call.index.values[("a",)]) == "3"
    assert text.index("a: 3") == call.index.keys[("a",)][0]
    assert ("a", "x") not in call.index.values


def test_proto_is_not_a_member() -> None:
    assert client_value("{ __proto__: { a: 1 }, b: 2 }") == {"b": 2}
    assert client_value("{ ['__proto__']: 1 }") == {}


def test_method_member_is_unknown() -> None:
    text = "client.call('biconnector.connector.add', { fields: { title() { return 'T'; }, sort: 1 } });"
    call = one(text)
    assert isinstance(call.params["fields"]["title"], Unknown)
    assert call.params["fields"]["sort"] == 1
    assert ("fields", "title") in call.index.keys


def test_computed_key_is_dropped_and_partial() -> None:
    text = "client.call('biconnector.connector.add', { fields: { [key]: 'x', title: 'T' } });"
    call = one(text)
    assert call.params == {"fields": {"title": "T"}}
    assert call.partial == frozenset({("fields",)})


def test_spread_makes_earlier_members_unknown() -> None:
    text = (
        "client.call('biconnector.connector.add', { fields: { title: 'T', ...extra, sort: 5 } });"
    )
    call = one(text)
    fields = call.params["fields"]
    assert isinstance(fields["title"], Unknown)
    assert fields["sort"] == 5
    assert call.partial == frozenset({("fields",)})
    assert ("fields", "title") in call.unknown
    assert token(text, call.index.keys[("fields", "title")]) == "title"


@pytest.mark.parametrize("literal", ["[...items]", "[1, , 2]", "[, 1]"])
def test_array_with_spread_or_hole_is_unknown(literal: str) -> None:
    assert isinstance(client_value(literal), Unknown)


def test_array_trailing_comma_is_no_hole() -> None:
    assert client_value("[1, 2, ]") == [1, 2]


@pytest.mark.parametrize(
    "literal",
    ["({ a: 1 })", "{ a: 1 } as const", "{ a: 1 } satisfies Record<string, number>", "({ a: 1 })!"],
)
def test_typescript_wrappers(literal: str) -> None:
    text = f"client.call('biconnector.connector.add', {{ v: {literal} }});"
    assert one(text, "typescript").params == {"v": {"a": 1}}


def test_type_assertion() -> None:
    text = "client.call('biconnector.connector.add', { v: <Fields>{ a: 1 } });"
    assert one(text, "typescript").params == {"v": {"a": 1}}


# --------------------------------------------------------------------------------------------
# Encodings of BX24.js, BX.rest and qs
# --------------------------------------------------------------------------------------------


def test_bx24_writes_values_as_prepare_data_does() -> None:
    fields = bx24_fields(
        "{ settings: [], supportMapping: true, off: false, none: null, u: undefined,"
        " empty: {}, sort: 1e21, ratio: 1.50, id: 4 }"
    )
    # scalars first, then the objects; null and {} are not sent; [] is "name=" ("")
    assert list(fields.items()) == [
        ("supportMapping", "true"),
        ("off", "false"),
        ("u", "undefined"),
        ("sort", "1e+21"),
        ("ratio", "1.5"),
        ("id", "4"),
        ("settings", ""),
    ]


def test_bx24_list_with_null_and_mixed_items() -> None:
    fields = bx24_fields("{ list: [1, null, 2], mixed: [{ a: 1 }, 'x'] }")
    # list[0]=1&list[2]=2, then mixed[1]=x&mixed[0][a]=1: PHP arrays, not lists
    assert fields == {"list": {0: "1", 2: "2"}, "mixed": {1: "x", 0: {"a": "1"}}}
    assert list(fields["mixed"]) == [1, 0]


def test_bx24_dropped_member_has_no_position() -> None:
    text = "BX24.callMethod('biconnector.connector.add', { fields: { description: null } });"
    call = one(text)
    assert call.params == {"fields": {}}
    assert ("fields", "description") not in call.index.keys


def test_qs_batch_values() -> None:
    text = (
        "$b24.callBatch([['biconnector.connector.update', { id: 1, fields: {\n"
        "  a: null, b: undefined, c: [], d: {}, e: true, f: [1, undefined, 2], g: 1e21 } }]]);"
    )
    call = one(text)
    assert call.params == {
        "id": "1",
        "fields": {"a": "", "e": "true", "f": {0: "1", 2: "2"}, "g": "1e+21"},
    }


# --------------------------------------------------------------------------------------------
# Following names and helpers
# --------------------------------------------------------------------------------------------


def test_followed_constant_positions_are_the_literal() -> None:
    text = (
        "const fields = {\n"
        "  title: 'Склад',\n"
        "};\n"
        "BX24.callMethod('biconnector.connector.add', { fields });\n"
    )
    call = one(text)
    assert call.params == {"fields": {"title": "Склад"}}
    assert token(text, call.index.keys[("fields",)]) == "fields"  # the shorthand in the call
    assert token(text, call.index.values[("fields",)]).startswith("{\n  title")
    assert token(text, call.index.values[("fields", "title")]) == "'Склад'"


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("var v = { a: 1 };", {"a": 1}),
        ("let v = { a: 1 };", {"a": 1}),
        ("export const v = [1];", [1]),
        ("const w = 'x'; const v = w;", "x"),
        ("function make() { return { a: 1 }; }\nconst v = make();", {"a": 1}),
        ("const make = () => ({ a: 1 });\nconst v = make();", {"a": 1}),
        ("const make = function () { return 2; };\nconst v = make();", 2),
        ("async function make() { return 'y'; }\nconst v = await make();", "y"),
        (
            "function make(a) { function inner() { return 1; } return 'z'; }\nconst v = make(1);",
            "z",
        ),
    ],
)
def test_followed(before: str, expected: Any) -> None:
    assert client_value("v", before=before) == expected


@pytest.mark.parametrize(
    "before",
    [
        "let v = 1; v = 2;",
        "let v; v = { a: 1 };",
        "var v = 1; var v = 2;",
        "const v = { a: 1 }; v.b = 2;",
        "const v = { a: 1 }; v['b'] = 2;",
        "const v = { a: [] }; v.a.push(1);",
        "const v = { a: 1 }; delete v.a;",
        "const v = { a: 1 }; Object.assign(v, { b: 2 });",
        "const v = [1]; v.sort();",
        "let v = 1; v++;",
        "let v = 1; v += 1;",
        "const v = 1; function f(v) {}",
        "const v = 1; const { v: other, ...rest } = o; [v] = [2];",
        "const v = 1; try {} catch (v) {}",
        "import v from './v';",
        "for (const v of list) {}",
        "const v = w; const w = v;",  # a cycle
        "function make() { if (x) return 1; return 2; }\nconst v = make();",
        "function make() { if (x) { return 1; } }\nconst v = make();",
        "function make() {}\nconst v = make();",
        "const v = process.env.V;",
        "const v = obj.v;",
    ],
)
def test_not_followed(before: str) -> None:
    assert isinstance(client_value("v", before=before), Unknown)


def test_shorthand_of_a_parameter_is_unknown_but_present() -> None:
    text = (
        "function add(title) { client.call('biconnector.connector.add', { fields: { title } }); }"
    )
    call = one(text)
    assert isinstance(call.params["fields"]["title"], Unknown)
    assert ("fields", "title") in call.unknown
    assert token(text, call.index.keys[("fields", "title")]) == "title"


def test_deep_chain_stops_at_the_depth_guard() -> None:
    names = "".join(f"const v{i} = v{i + 1};\n" for i in range(200)) + "const v200 = 1;\n"
    assert isinstance(client_value("v0", before=names), Unknown)
    assert client_value("v190", before=names) == 1


# --------------------------------------------------------------------------------------------
# Spans on a Cyrillic line, kinds, comments, syntax errors
# --------------------------------------------------------------------------------------------


def test_spans_are_characters_on_a_cyrillic_line() -> None:
    text = (
        "/* Склад */ BX24.callMethod('biconnector.connector.add', { fields: {"
        " title: 'Склад «Север»', sort: 'десять' } });\n"
    )
    call = one(text)
    assert token(text, call.method_span) == "'biconnector.connector.add'"
    assert token(text, call.index.keys[("fields", "sort")]) == "sort"
    assert token(text, call.index.values[("fields", "sort")]) == "'десять'"
    assert token(text, call.index.values[("fields", "title")]) == "'Склад «Север»'"
    assert token(text, call.span).startswith("BX24.callMethod(")


def test_astral_characters_count_once() -> None:
    text = "client.call('biconnector.connector.add', { t: '😀😀', u: 'x' });"
    call = one(text)
    assert token(text, call.index.values[("u",)]) == "'x'"


def test_jsx_and_tsx() -> None:
    jsx = "const el = <button onClick={() => BX24.callMethod('biconnector.connector.get', {id: 1})} />;"
    assert one(jsx).method == "biconnector.connector.get"
    tsx = "const el = <div>{BX24.callMethod('biconnector.connector.get', {id: 1} as Params)}</div>;"
    assert one(tsx, "tsx").params == {"id": "1"}


def test_suppression_comments() -> None:
    text = (
        "BX24.callMethod('biconnector.connector.add', {\n"
        "  fields: { urlCheck: 'http://x.example.com' }, // bicon-lint: ignore[BL311, endpoint-url]\n"
        "  /* first line\n"
        "     bicon-lint: ignore */\n"
        "});\n"
    )
    assert extract(text, "javascript").ignores == {2: ("BL311", "endpoint-url"), 4: None}


def test_commented_out_and_quoted_calls_are_not_calls() -> None:
    text = (
        "// BX24.callMethod('biconnector.connector.add', { fields: {} });\n"
        "/* BX24.callMethod('biconnector.connector.delete', { id: 1 }); */\n"
        "const doc = \"BX24.callMethod('biconnector.connector.delete', { id: 1 })\";\n"
    )
    assert calls(text) == []


def test_unrelated_code() -> None:
    text = "export const route = '/biconnector/connectors';\nfetch('/api/biconnector').then(r => r.json());"
    assert extract(text, "typescript") == ([], {}, ())


def test_the_package_entry_point_skips_files_without_mention() -> None:
    assert extract_any("const a = 1;", "javascript") == ([], {}, ())


def test_parse_error_inside_a_value_makes_only_it_unknown() -> None:
    text = "BX24.callMethod('biconnector.connector.add', { fields: { title: 'T', sort: , description: 'D' } });"
    call = one(text)
    fields = call.params["fields"]
    assert isinstance(fields["sort"], Unknown)
    assert (fields["title"], fields["description"]) == ("T", "D")


@pytest.mark.parametrize(
    "text",
    [
        "BX24.callMethod('biconnector.connector.add', { fields: { title: 'T' }",
        "BX24.callMethod('biconnector.connector.add', { fields: { title: 'T }});",
        "BX24.callMethod('biconnector.connector.add', { fields: { title: 'T' } } } });",
        "}{)(][ BX24.callMethod('biconnector",
        "const x = `${",
        "\ufeffBX24.callMethod('biconnector.connector.add', {fields: {title: '\ud800'}});",
    ],
)
def test_syntax_errors_do_not_crash(text: str) -> None:
    for kind in ("javascript", "typescript", "tsx"):
        for call in extract(text, kind).calls:
            for start, end in [*call.index.values.values(), call.span, call.method_span]:
                assert 0 <= start <= end <= len(text)


# --------------------------------------------------------------------------------------------
# End to end: the fixtures linted through the public API (SERVER-SPEC, docs/rules.md)
# --------------------------------------------------------------------------------------------

Expected = tuple[str, str, list[tuple[str, int | None, int | None]], str | int | None]


def lint(name: str) -> list[Expected]:
    reports = lint_document_all(load_path(str(FIXTURES / name)))
    return [
        (
            report.method or "",
            report.command or "",
            [(d.code, d.line, d.column) for d in report.diagnostics],
            None if report.server_error is None else report.server_error.code,
        )
        for report in reports
        if not report.skipped
    ]


def test_fixture_bx24_app() -> None:
    assert lint("bx24-app.js") == [
        ("biconnector.connector.add", "line 13", [], None),
        # BX24.js sends true as "true": is_bool fails (§3.4, §8.1); form-boolean explains it
        (
            "biconnector.connector.update",
            "line 33",
            [("BL020", 35, 31), ("VALIDATION_INVALID_FIELD_TYPE", 35, 31)],
            "VALIDATION_INVALID_FIELD_TYPE",
        ),
        # BX24.js sends [] as "fields[settings]=": "" is not an array (§3.4); the http urlCheck
        # warning (BL311) is suppressed on its line
        (
            "biconnector.connector.add",
            "line 39",
            [("BL021", 47, 17), ("VALIDATION_INVALID_FIELD_TYPE", 47, 17)],
            "VALIDATION_INVALID_FIELD_TYPE",
        ),
        # the batch command: id "0" fails (int) > 0 (§4.3 C1)
        (
            "biconnector.connector.delete",
            "line 54",
            [("VALIDATION_INVALID_ID_FORMAT", 54, 52)],
            "VALIDATION_INVALID_ID_FORMAT",
        ),
        ("biconnector.connector.get", "line 56", [], None),
    ]


def test_fixture_b24jssdk_module() -> None:
    reports = lint("b24jssdk-connector.ts")
    assert [r[:3] for r in reports] == [
        # helper + shorthand: title, logo and settings followed; the URLs depend on `base`
        ("biconnector.connector.add", "line 30", []),
        ("biconnector.connector.update", "line 39", [("VALIDATION_INVALID_FIELD_TYPE", 45, 15)]),
        ("biconnector.connector.update", "line 52", [("VALIDATION_SETTINGS_INVALID_TYPE", 57, 58)]),
        ("biconnector.connector.delete", "line 66", [("VALIDATION_INVALID_ID_FORMAT", 66, 46)]),
        ("biconnector.connector.list", "line 67", []),
    ]
    assert reports[3][3] == "VALIDATION_INVALID_ID_FORMAT"


def test_fixture_webhook_client() -> None:
    reports = lint("webhook-client.mjs")
    assert [r[:3] for r in reports] == [
        # "Y" is not a boolean (§3.4)
        ("biconnector.connector.add", "line 19", [("VALIDATION_INVALID_FIELD_TYPE", 31, 25)]),
        ("biconnector.connector.update", "line 38", []),
        # "type" is read only on source.add (§5.2); the column counts characters after Cyrillic
        ("biconnector.source.add", "line 45", [("VALIDATION_READ_ONLY_FIELD", 46, 44)]),
        ("biconnector.connector.delete", "line 53", []),
    ]
    assert reports[0][3] == "VALIDATION_INVALID_FIELD_TYPE"
    assert reports[2][3] == "VALIDATION_READ_ONLY_FIELD"


@pytest.mark.parametrize("name", ["commented-out.js", "ConnectorList.tsx"])
def test_fixtures_without_calls(name: str) -> None:
    assert lint(name) == []
    assert extract(
        (FIXTURES / name).read_text("utf-8"), "tsx" if name.endswith("x") else "javascript"
    ) == ([], {}, ())


# --------------------------------------------------------------------------------------------
# Hostile input: shared values, deep nesting
# --------------------------------------------------------------------------------------------


def test_shared_concatenation_is_capped() -> None:
    names = "const v0 = 'ab';\n" + "".join(
        f"const v{i} = v{i - 1} + v{i - 1};\n" for i in range(1, 60)
    )
    with no_hang():
        assert client_value("v10", before=names) == "ab" * 1024
        assert isinstance(client_value("v59", before=names), Unknown)


def test_shared_objects_stop_at_the_step_budget() -> None:
    names = "const x0 = { a: 1 };\n" + "".join(
        f"const x{i} = {{ a: x{i - 1}, b: x{i - 1} }};\n" for i in range(1, 40)
    )
    with no_hang():
        call = one(names + "client.call('biconnector.connector.add', { v: x39 });")
    assert call.unknown  # the rest of the 2**39 leaves is unknown, not evaluated


@pytest.mark.parametrize(
    "text",
    [
        "BX24.callMethod('biconnector.connector.add', " + "[" * 5000 + "]" * 5000 + ");",
        "BX24.callMethod('biconnector.connector.add', {fields: "
        + "(" * 5000
        + "1"
        + ")" * 5000
        + "});",
        "function f() {" + "{" * 3000 + "return 1;" + "}" * 3000 + "}\n"
        "BX24.callMethod('biconnector.connector.add', {v: f()});",
        "const " + "[" * 3000 + "a" + "]" * 3000 + " = b;\n"
        "BX24.callMethod('biconnector.connector.add', {v: a});",
    ],
    ids=["arrays", "parentheses", "blocks", "pattern"],
)
def test_deep_nesting(text: str) -> None:
    with no_hang():
        call = one(text)
    assert call.unknown


def _locs(value: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [loc]
    if isinstance(value, dict) and not isinstance(value, Unknown):
        for key, item in value.items():
            found += _locs(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _locs(item, (*loc, index))
    return found


MIXED = """\
const shared = { a: [1, null, { b: undefined }], c: {} };
BX24.callMethod('biconnector.connector.add', { fields: { ...x, d: shared, e: [], f: null, g: 'Ж', g: 2 } });
BX.rest.callMethod('biconnector.connector.update', { id: 1, fields: { s: [[1], { t: true }] } });
$b24.callBatch([['biconnector.connector.get', { id: null, u: undefined, v: [undefined, 'x'], w: shared }]]);
client.call('biconnector.connector.add', { fields: { [k]: 1, m() {}, d: shared, n: [undefined] } });
fetch(`${h}/biconnector.source.add`, { method: 'POST', body: new URLSearchParams({ a: [1, q], b: shared }) });
"""


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("bx24-app.js", "javascript"),
        ("b24jssdk-connector.ts", "typescript"),
        ("webhook-client.mjs", "javascript"),
        ("", "javascript"),
    ],
)
def test_every_value_and_key_has_its_place(name: str, kind: str) -> None:
    text = (FIXTURES / name).read_text("utf-8") if name else MIXED
    found = calls(text, kind)
    assert found
    for call in found:
        locs = _locs(call.params)
        assert set(locs) == set(call.index.values), call.method
        for loc in locs:
            if loc and isinstance(loc[-1], str):
                assert loc in call.index.keys, (call.method, loc)
        assert call.unknown <= set(locs)
        assert call.partial <= set(locs)
