"""The Python extractor: which calls it finds in a file, their params as the program writes them
(and as the library sends them), and where each key and value is written."""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path
from typing import Any

import pytest

from bicon_lint.api import Report, lint_document_all
from bicon_lint.extract.build import Call, Unknown
from bicon_lint.extract.python import extract
from bicon_lint.loaders import load_path


def calls(source: str) -> list[Call]:
    return extract(textwrap.dedent(source), "python").calls


def one(source: str) -> Call:
    found = calls(source)
    assert len(found) == 1, found
    return found[0]


def written(source: str, call: Call, loc: tuple[Any, ...], key: bool = False) -> str:
    """The text at a loc's value (or key) span."""
    text = textwrap.dedent(source)
    start, end = (call.index.keys if key else call.index.values)[loc]
    return text[start:end]


def params(source: str) -> Any:
    return one(source).params


# ---- b24pysdk scope calls ------------------------------------------------------------------


UPDATE = """\
from b24pysdk import Client
client = Client(token)
# Обновляем «Продажи» ночью
client.biconnector.connector.update(bitrix_id=4, fields={"title": "Отчёт «Продажи»", "sort": "x"}).call()
"""


def test_sdk_update_sends_bitrix_id_as_id() -> None:
    call = one(UPDATE)
    assert call.method == "biconnector.connector.update"
    assert call.params == {"id": 4, "fields": {"title": "Отчёт «Продажи»", "sort": "x"}}
    assert (call.encoding, call.style) == ("json", "b24pysdk")
    assert not call.unknown and not call.partial


def test_sdk_spans_count_characters_on_a_cyrillic_line() -> None:
    call = one(UPDATE)
    assert written(UPDATE, call, ("id",), key=True) == "bitrix_id"
    assert written(UPDATE, call, ("id",)) == "4"
    assert written(UPDATE, call, ("fields",), key=True) == "fields"
    assert written(UPDATE, call, ("fields", "title")) == '"Отчёт «Продажи»"'
    assert written(UPDATE, call, ("fields", "sort"), key=True) == '"sort"'
    assert written(UPDATE, call, ("fields", "sort")) == '"x"'
    assert UPDATE[call.method_span[0] : call.method_span[1]] == "biconnector.connector.update"
    assert UPDATE[call.span[0] : call.span[1]].startswith("client.biconnector")
    assert UPDATE[call.span[0] : call.span[1]].endswith('"sort": "x"})')
    assert written(UPDATE, call, ()).startswith("(bitrix_id=4")


def test_sdk_positional_arguments_bind_in_the_sdk_order() -> None:
    assert params("c.biconnector.source.update(7, {'title': 'S'})") == {
        "id": 7,
        "fields": {"title": "S"},
    }
    assert params("c.biconnector.connector.add({'title': 'S'})") == {"fields": {"title": "S"}}
    assert params("c.biconnector.dataset.get(3)") == {"id": 3}
    assert params("c.biconnector.connector.delete(bitrix_id=3, timeout=10)") == {"id": 3}


def test_sdk_positional_argument_span_is_its_key_span() -> None:
    source = "c.biconnector.source.update(7, fields={})\n"
    call = one(source)
    assert written(source, call, ("id",), key=True) == "7"


def test_sdk_list_sends_only_the_arguments_given_in_the_sdk_order() -> None:
    source = "c.biconnector.connector.list(page=None, order={'id': 'ASC'}, select=('id', 'title'))"
    assert params(source) == {"select": ["id", "title"], "order": {"id": "ASC"}, "page": None}
    assert params("c.biconnector.connector.list()") == {}


def test_sdk_list_select_that_list_would_change_is_unknown() -> None:
    call = one("c.biconnector.connector.list(select='title')")
    assert isinstance(call.params["select"], Unknown)
    assert ("select",) in call.unknown


def test_sdk_methods_of_every_entity_and_the_dataset_fields_object() -> None:
    found = calls(
        """
        c.biconnector.connector.fields()
        c.biconnector.source.fields()
        c.biconnector.dataset.fields()
        c.biconnector.dataset.fields.update(5, add=[{"name": "A"}], delete=(1, 2))
        c.biconnector.dataset.fields_update(5, update=[{"id": 1}])
        """
    )
    assert [(call.method, call.params) for call in found] == [
        ("biconnector.connector.fields", {}),
        ("biconnector.source.fields", {}),
        ("biconnector.dataset.fields", {}),
        ("biconnector.dataset.fields.update", {"id": 5, "add": [{"name": "A"}], "delete": [1, 2]}),
        # b24pysdk 1.3 names the method from the wrapper: snake_to_camel("fields_update")
        ("biconnector.dataset.fieldsUpdate", {"id": 5, "update": [{"id": 1}]}),
    ]


def test_sdk_calls_the_sdk_refuses_are_not_read() -> None:
    assert calls("c.biconnector.table.add({'name': 'x'})") == []  # no table entity in 1.3
    assert calls("c.biconnector.connector.add()") == []  # missing argument
    assert calls("c.biconnector.connector.add({}, {})") == []  # too many
    assert calls("c.biconnector.connector.add(field={})") == []  # unknown keyword
    assert calls("c.biconnector.connector.get(1, bitrix_id=2)") == []  # given twice
    assert calls("c.biconnector.connector.list(7)") == []  # keyword-only
    assert calls("c.biconnector.connector.fields_update(1)") == []  # dataset only
    assert calls("c.crm.deal.add({'TITLE': 'x'})") == []


def test_sdk_chain_roots() -> None:
    found = calls(
        """
        self.client.biconnector.connector.get(1)
        get_client().biconnector.connector.get(2).response
        biconnector.connector.get(3)
        b24.biconnector.source.get(4).result
        """
    )
    assert [call.params["id"] for call in found] == [1, 2, 3, 4]
    assert all(call.method.endswith(".get") for call in found)


def test_sdk_method_span_of_a_chain_across_lines() -> None:
    source = "client.biconnector \\\n    .connector.get(1)\n"
    call = one(source)
    assert source[call.method_span[0] : call.method_span[1]] == "biconnector \\\n    .connector.get"


def test_sdk_kwargs_spread_makes_the_params_partial() -> None:
    call = one("c.biconnector.connector.update(4, **rest)")
    assert call.params == {"id": 4}
    assert call.partial == {()}


def test_sdk_star_arguments_make_the_params_unknown() -> None:
    call = one("c.biconnector.connector.update(*args)")
    assert isinstance(call.params, Unknown)
    assert call.unknown == {()}


# ---- call_method, call -------------------------------------------------------------------


def test_call_method_positional_and_keyword() -> None:
    found = calls(
        """
        token.call_method("biconnector.table.add", {"fields": {"name": "t"}})
        token.call_method(api_method="biconnector.table.get", params={"id": 2}, timeout=5)
        call_method(domain=d, auth_token=a, is_webhook=True, api_method="biconnector.source.get", params={"id": 3})
        token.call_list("biconnector.connector.list", {"select": ["id"]})
        token.call_method("crm.deal.add", {"fields": {}})
        """
    )
    assert [(c.method, c.params, c.encoding) for c in found] == [
        ("biconnector.table.add", {"fields": {"name": "t"}}, "json"),
        ("biconnector.table.get", {"id": 2}, "json"),
        ("biconnector.source.get", {"id": 3}, "json"),
        ("biconnector.connector.list", {"select": ["id"]}, "json"),
    ]
    assert found[0].style == "b24pysdk call_method"


def test_call_method_spans() -> None:
    source = 'token.call_method("biconnector.table.get", {"id": 2})\n'
    call = one(source)
    assert source[call.method_span[0] : call.method_span[1]] == '"biconnector.table.get"'
    assert written(source, call, ()) == '{"id": 2}'
    assert written(source, call, ("id",), key=True) == '"id"'


def test_call_method_without_params_sends_an_empty_body() -> None:
    assert params('token.call_method("biconnector.connector.fields")') == {}
    assert params('token.call_method("BICONNECTOR.connector.fields", None)') == {}


def test_a_method_that_is_not_a_literal_is_never_judged() -> None:
    assert calls("from consts import METHOD_ADD\ntoken.call_method(METHOD_ADD, {})") == []
    assert calls("token.call_method(prefix + '.add', {})") == []


def test_a_method_constant_of_the_same_file_is_followed() -> None:
    call = one('METHOD = "biconnector.connector.get"\ntoken.call_method(METHOD, {"id": 1})')
    assert call.method == "biconnector.connector.get"


def test_call_method_params_from_elsewhere_are_unknown() -> None:
    call = one('def go(params):\n    token.call_method("biconnector.connector.add", params)')
    assert isinstance(call.params, Unknown) and call.unknown == {()}


def test_generic_client_call_with_a_dict() -> None:
    call = one('await client.call("biconnector.connector.add", {"fields": {"title": "T"}})')
    assert (call.method, call.encoding, call.style) == (
        "biconnector.connector.add",
        "json",
        "client.call",
    )
    assert call.params == {"fields": {"title": "T"}}


def test_generic_client_call_needs_a_dict_and_known_arguments() -> None:
    assert calls('client.call("biconnector.connector.add", fields)') == []
    assert calls('client.call("biconnector.connector.add", {"a": 1}, 3)') == []
    assert calls('client.call("biconnector.connector.add", fields={"a": 1})') == []
    assert calls("request.call()") == []


FAST = """\
from fast_bitrix24 import Bitrix
b = Bitrix(webhook)
b.call("biconnector.connector.update", {"id": 4, "fields": {"supportMapping": True, "description": None}})
b.call("biconnector.connector.update", {"id": 4, "fields": {"supportMapping": True}}, raw=True)
"""


def test_fast_bitrix24_call_travels_in_a_batch_and_raw_as_json() -> None:
    batched, raw = calls(FAST)
    assert (batched.encoding, batched.style) == ("batch", "fast_bitrix24 call")
    # utils.py http_build_query: quote(str(value)) for every scalar
    assert batched.params == {"id": 4, "fields": {"supportMapping": "True", "description": "None"}}
    assert (raw.encoding, raw.params["fields"]["supportMapping"]) == ("json", True)
    assert calls('import fast_bitrix24\nb.call("biconnector.connector.list", {})') == []


def test_fast_bitrix24_tuples_and_empty_lists_are_unknown() -> None:
    call = one(
        'import fast_bitrix24\nb.call("biconnector.source.list", {"select": ("id",), "filter": {}})'
    )
    assert isinstance(call.params["select"], Unknown)
    assert isinstance(call.params["filter"], Unknown)


# ---- batches -------------------------------------------------------------------------------


def test_token_batch_commands_are_calls_with_b24pysdks_query_strings() -> None:
    source = """
        token.call_batch({
            "a": ("biconnector.connector.update", {"id": 4, "fields": {"supportMapping": True, "settings": [], "sort": 1.5, "description": None}}),
            "b": ["crm.deal.get", {"id": 1}],
            "c": ("biconnector.connector.get", None),
        })
    """
    first, second = calls(source)
    assert (first.method, first.encoding, first.style) == (
        "biconnector.connector.update",
        "batch",
        "b24pysdk call_batch",
    )
    # utils/encoding.py _traverse: str() of scalars, "" for None, "key[]=" for an empty list
    assert first.params == {
        "id": 4,
        "fields": {"supportMapping": "True", "settings": [""], "sort": "1.5", "description": ""},
    }
    assert written(source, first, ()).startswith('{"id": 4, "fields"')
    assert written(source, first, ("fields", "supportMapping")) == "True"
    assert written(source, first, ("fields", "settings", 0)) == "[]"
    assert (second.method, second.params) == ("biconnector.connector.get", {})


def test_batch_command_spans() -> None:
    source = 'token.call_batch([("biconnector.connector.get", {"id": 1})])\n'
    call = one(source)
    assert source[call.span[0] : call.span[1]] == '("biconnector.connector.get", {"id": 1})'
    assert source[call.method_span[0] : call.method_span[1]] == '"biconnector.connector.get"'


def test_batch_collection_and_commands_in_variables() -> None:
    found = calls(
        """
        COMMAND = ("biconnector.source.get", {"id": 2})
        commands = [("biconnector.connector.get", {"id": 1}), COMMAND]
        token.call_batches(methods=commands, halt=True)
        """
    )
    assert [(c.method, c.params) for c in found] == [
        ("biconnector.source.get", {"id": 2}),
        ("biconnector.connector.get", {"id": 1}),
    ]


def test_client_batch_of_scope_calls_sends_them_as_query_strings() -> None:
    found = calls(
        """
        requests = [client.biconnector.connector.delete(5)]
        client.call_batch({"x": client.biconnector.source.list(filter={"active": True})}).call()
        client.call_batch(requests)
        client.biconnector.source.list(filter={"active": True})
        """
    )
    assert [(c.method, c.encoding, c.params) for c in found] == [
        ("biconnector.connector.delete", "batch", {"id": 5}),
        ("biconnector.source.list", "batch", {"filter": {"active": "True"}}),
        ("biconnector.source.list", "json", {"filter": {"active": True}}),
    ]


# ---- plain HTTP ----------------------------------------------------------------------------


def test_requests_json_body_with_an_f_string_url() -> None:
    source = """\
import requests
requests.post(f"https://{domain}/rest/1/{key}/biconnector.connector.add.json", json={"fields": {"title": "Склад"}})
"""
    call = one(source)
    assert (call.method, call.encoding, call.style) == (
        "biconnector.connector.add",
        "json",
        "requests.post",
    )
    assert call.params == {"fields": {"title": "Склад"}}
    assert source[call.method_span[0] : call.method_span[1]].startswith('f"https://{domain}')
    assert written(source, call, ("fields", "title")) == '"Склад"'


def test_requests_form_body_as_requests_writes_it() -> None:
    call = one(
        """
        import requests
        requests.post(BASE + "/biconnector.connector.update", data={"id": 4, "flag": True, "none": None, "fields": {"a": 1}, "n": 1.5})
        """
    )
    assert call.encoding == "form"
    # models.py _encode_params: str() of each value, None left out, nested values repeated keys
    assert call.params["id"] == 4 and call.params["flag"] == "True" and call.params["n"] == "1.5"
    assert "none" not in call.params and ("none",) not in call.index.values
    assert isinstance(call.params["fields"], Unknown)


def test_other_clients_form_bodies_keep_only_strings_and_ints() -> None:
    call = one('session.post(URL + "/biconnector.connector.delete", data={"id": 4, "x": True})')
    assert call.style == "session.post"
    assert call.params["id"] == 4 and isinstance(call.params["x"], Unknown)


def test_http_query_params_join_the_body_which_wins() -> None:
    source = """\
import requests
requests.post("https://x.bitrix24.ru/rest/biconnector.connector.update", params={"auth": token, "id": 9}, json={"id": 4})
"""
    call = one(source)
    assert call.params["id"] == 4
    assert isinstance(call.params["auth"], Unknown)
    assert written(source, call, ("auth",), key=True) == '"auth"'


def test_http_query_alone_and_in_the_url() -> None:
    call = one('httpx.get("https://x/rest/biconnector.connector.get", params={"id": 3})')
    assert (call.encoding, call.params, call.style) == ("form", {"id": 3}, "httpx.get")
    call = one('requests.get("https://x/rest/biconnector.connector.get?id=3")')
    assert call.params == {} and call.partial == {()}


def test_http_request_with_a_verb_and_url_variables() -> None:
    call = one(
        """
        URL = "https://x.bitrix24.ru/rest/biconnector.source.add"
        requests.request("POST", URL, json={"fields": {}})
        """
    )
    assert call.method == "biconnector.source.add"


def test_http_urls_that_do_not_name_a_method_literally() -> None:
    assert calls('requests.post(f"{base}/{method}", json={})') == []
    assert calls('requests.post(f"{base}biconnector.connector.add", json={})') == []
    assert calls('requests.get("https://docs/biconnector/connector/add.html")') == []
    assert calls('settings.get("biconnector.mode")') == []
    assert calls("requests.post(url, json={})") == []


def test_http_two_bodies_are_unknown() -> None:
    call = one('requests.post("https://x/rest/biconnector.connector.add", json={}, data={})')
    assert isinstance(call.params, Unknown)


# ---- values --------------------------------------------------------------------------------


def value(expression: str) -> Any:
    return params(f'token.call_method("biconnector.x.y", {{"v": {expression}}})')["v"]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('"a\\tb\\u0436\\N{DIGIT ONE}"', "a\tbж1"),
        ("'abc' 'def'", "abcdef"),
        ('"""x"""', "x"),
        ("r'\\d'", "\\d"),
        ('f"plain"', "plain"),
        ('"a" + "b" + f"c"', "abc"),
        ("0x1A", 26),
        ("0o17", 15),
        ("0b101", 5),
        ("1_000_000", 1000000),
        ("123456789012345678901234567890", 123456789012345678901234567890),
        ("-5", -5),
        ("+5", 5),
        ("-0x10", -16),
        ("--3", 3),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1_0.2_5e-1", 1.025),
        ("-1.5", -1.5),
        ("60 * 60", 3600),
        ("10 - 3", 7),
        ("True", True),
        ("False", False),
        ("None", None),
        ("(1, 'a')", [1, "a"]),
        ("[[], {}]", [[], {}]),
        ("{1: 'a', 'b': 2}", {"1": "a", "b": 2}),
        ("dict(a=1, b=[2])", {"a": 1, "b": [2]}),
    ],
)
def test_literal_forms(expression: str, expected: Any) -> None:
    found = value(expression)
    assert found == expected and type(found) is type(expected)


@pytest.mark.parametrize(
    "expression",
    [
        'f"{x}/check"',
        "b'bytes'",
        "1j",
        "1e999",
        "...",
        "{1, 2}",
        "[x for x in y]",
        "os.environ['BASE'] + '/check'",
        "config.title",
        "items[0]",
        "str(5)",
        "'a' * 3",
        "10 / 2",
        "not True",
        "lambda: 1",
        "[*rest]",
        "undefined_name",
    ],
)
def test_what_only_the_running_program_knows(expression: str) -> None:
    call = one(f'token.call_method("biconnector.x.y", {{"v": {expression}}})')
    assert isinstance(call.params["v"], Unknown)
    assert str(call.params["v"]) == expression
    assert ("v",) in call.unknown


def test_implicit_concatenation_spans_the_whole_literal() -> None:
    source = 'token.call_method("biconnector.x.y", {"t": "Отчёт "\n    "«Продажи»"})\n'
    call = one(source)
    assert call.params == {"t": "Отчёт «Продажи»"}
    assert written(source, call, ("t",)) == '"Отчёт "\n    "«Продажи»"'


def test_duplicate_keys_the_last_wins_and_is_located() -> None:
    source = 'token.call_method("biconnector.x.y", {"a": {"b": 1}, "c": 2, "a": 3})\n'
    call = one(source)
    assert call.params == {"a": 3, "c": 2}
    assert list(call.params) == ["a", "c"]  # Python keeps the first one's place
    assert written(source, call, ("a",)) == "3"
    assert ("a", "b") not in call.index.values


def test_computed_keys_are_dropped_and_make_the_dict_partial() -> None:
    call = one('token.call_method("biconnector.x.y", {"fields": {key: 1, "title": "T"}})')
    assert call.params == {"fields": {"title": "T"}}
    assert call.partial == {("fields",)}


def test_a_spread_makes_earlier_members_unknown() -> None:
    source = 'token.call_method("biconnector.x.y", {"fields": {"a": 1, **extra, "b": 2}})\n'
    call = one(source)
    fields = call.params["fields"]
    assert isinstance(fields["a"], Unknown) and fields["b"] == 2
    assert call.partial == {("fields",)}
    assert ("fields", "a") in call.unknown and ("fields", "b") not in call.unknown
    assert written(source, call, ("fields", "a"), key=True) == '"a"'


def test_a_spread_of_a_followed_dict_is_exact() -> None:
    source = """\
BASE = {"title": "Base", "sort": 1}
token.call_method("biconnector.x.y", {"fields": {"sort": 0, **BASE, "title": "T"}})
"""
    call = one(source)
    assert call.params == {"fields": {"sort": 1, "title": "T"}}
    assert not call.partial and not call.unknown
    assert written(source, call, ("fields", "sort")) == "1"  # in BASE, which overrides
    assert written(source, call, ("fields", "title")) == '"T"'


def test_dict_call_with_a_spread_and_a_shadowed_dict() -> None:
    call = one('token.call_method("biconnector.x.y", dict(a=1, **more))')
    assert isinstance(call.params["a"], Unknown) and call.partial == {()}
    call = one('dict = OrderedDict\ntoken.call_method("biconnector.x.y", dict(a=1))')
    assert isinstance(call.params, Unknown)


# ---- followed names and helpers ------------------------------------------------------------


FOLLOWED = """\
TITLE = "Склад"
FIELDS: dict = {"title": TITLE, "sort": SORT}
SORT = 10
def make():
    return {"fields": FIELDS}
token.call_method("biconnector.connector.add", make())
"""


def test_names_and_a_helper_are_followed_to_their_literals() -> None:
    call = one(FOLLOWED)
    assert call.params == {"fields": {"title": "Склад", "sort": 10}}
    assert written(FOLLOWED, call, ()) == '{"fields": FIELDS}'
    assert written(FOLLOWED, call, ("fields",)).startswith('{"title": TITLE')
    assert written(FOLLOWED, call, ("fields", "title")) == '"Склад"'
    assert written(FOLLOWED, call, ("fields", "sort")) == "10"


@pytest.mark.parametrize(
    "before",
    [
        "fields = {}\nfields = {'title': 'T'}",  # assigned twice
        "fields = {'title': 'T'}\nfields['sort'] = 1",  # changed in place
        "fields = {'title': 'T'}\nfields.update(sort=1)",
        "fields = {'title': 'T'}\nfields['x'].append(1)",
        "fields = {'title': 'T'}\nfields |= {'sort': 1}",
        "fields = {'title': 'T'}\nfor fields in rows: pass",
        "fields = {'title': 'T'}\ndef f(fields): pass",
        "fields = {'title': 'T'}\nimport fields",
        "fields, other = {'title': 'T'}, 1",
        "fields = fields",
        "fields = other\nother = fields",
    ],
)
def test_names_not_bound_exactly_once_are_unknown(before: str) -> None:
    call = one(f'{before}\ntoken.call_method("biconnector.x.y", {{"fields": fields}})')
    assert isinstance(call.params["fields"], Unknown)


def test_walrus_and_an_annotation_without_value() -> None:
    source = 'fields: dict\ntoken.call_method("biconnector.x.y", {"f": (fields := {"a": 1})})'
    assert one(source).params == {"f": {"a": 1}}


def test_helpers_followed_and_not() -> None:
    source = """\
import functools
class Sync:
    def payload(self):
        return {"id": 1}

    @functools.lru_cache(maxsize=None)
    def cached(self):
        return {"id": 2}

    @property
    def prop(self):
        return {"id": 3}

    def two(self):
        if x:
            return {"id": 4}
        return {"id": 5}

    def early(self):
        return {"id": 6}
        print("never")

    def gen(self):
        yield {"id": 7}
        return {"id": 8}

    def inner(self):
        def nested():
            return 1
        return {"id": 9}

    def run(self, title):
        token.call_method("biconnector.a.b", self.payload())
        token.call_method("biconnector.a.b", self.cached())
        token.call_method("biconnector.a.b", self.prop())
        token.call_method("biconnector.a.b", self.two())
        token.call_method("biconnector.a.b", self.early())
        token.call_method("biconnector.a.b", self.gen())
        token.call_method("biconnector.a.b", self.inner())
        token.call_method("biconnector.a.b", other.payload())
        token.call_method("biconnector.a.b", {"title": title})
"""
    found = [call.params for call in calls(source)]
    known = [p for p in found if not isinstance(p, Unknown)]
    assert known == [{"id": 1}, {"id": 2}, {"id": 9}, {"title": Unknown("title")}]
    assert isinstance(known[-1]["title"], Unknown)


def test_recursive_helpers_and_deep_nesting_do_not_crash() -> None:
    call = one('def f():\n    return f()\ntoken.call_method("biconnector.a.b", f())')
    assert isinstance(call.params, Unknown)
    deep = "[" * 150 + "]" * 150
    call = one(f'token.call_method("biconnector.a.b", {{"v": {deep}}})')
    assert ("v",) in call.index.values


def test_names_that_double_at_each_step_stay_bounded() -> None:
    strings = ['a0 = "xy"'] + [f"a{i + 1} = a{i} + a{i}" for i in range(64)]
    call = one("\n".join([*strings, 'token.call_method("biconnector.a.b", {"v": a64})']))
    assert isinstance(call.params["v"], Unknown)  # 2**65 characters: never built
    dicts = ['d0 = {"k": 1}'] + [f'd{i + 1} = {{"x": d{i}, "y": d{i}}}' for i in range(64)]
    found = calls("\n".join([*dicts, *['token.call_method("biconnector.a.b", d64)'] * 3]))
    assert len(found) == 3 and all(call.unknown for call in found)


def test_a_constant_is_followed_however_often_it_is_used() -> None:
    items = ", ".join(f'{{"code": "c{i}", "type": STRING}}' for i in range(2000))
    call = one(f'STRING = "STRING"\ntoken.call_method("biconnector.a.b", {{"s": [{items}]}})')
    assert not call.unknown and call.params["s"][-1] == {"code": "c1999", "type": "STRING"}


# ---- files ---------------------------------------------------------------------------------


def test_calls_come_in_source_order() -> None:
    found = calls(
        """
        token.call_batch([("biconnector.connector.get", {"id": 2})])
        token.call_method("biconnector.connector.get", {"id": 1})
        token.call_method("biconnector.connector.get", {"id": 3})
        """
    )
    assert [call.params["id"] for call in found] == [2, 1, 3]


def test_suppression_comments_and_not_strings() -> None:
    source = """\
token.call_method("biconnector.a.b", {"sort": "x"})  # bicon-lint: ignore[field-type]
text = "# bicon-lint: ignore"
# BICON-LINT: ignore
"""
    found = extract(source, "python")
    assert found.ignores == {1: ("field-type",), 3: None}


def test_commented_out_calls_docstrings_and_unrelated_code() -> None:
    assert (
        calls(
            '''
            """Example: client.biconnector.connector.add(fields={"title": "x"})"""
            # client.biconnector.connector.add(fields={"title": "x"})
            from django.http import JsonResponse
            def check(request):
                mode = request.GET.get("biconnector.mode")
                return JsonResponse({"biconnector": True})
            '''
        )
        == []
    )


def test_a_file_that_does_not_parse_yields_nothing_and_keeps_its_comments() -> None:
    source = '# bicon-lint: ignore\ntoken.call_method("biconnector.a.b", {"a": 1}\n'
    found = extract(source, "python")
    assert found.calls == [] and found.ignores == {1: None}
    assert extract("def (:\n", "python").calls == []
    assert extract("x = 1\0\n", "python").calls == []
    assert extract("\tif x:\n  y\n z\n", "python").calls == []


def test_parsing_warnings_stay_quiet() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would be raised here
        call = one('token.call_method("biconnector.a.b", {"p": "\\d", "n": 1if x else 2})')
    assert call.params["p"] == "\\d"


def test_a_byte_order_mark_keeps_the_offsets() -> None:
    source = '\ufefftoken.call_method("biconnector.a.b", {"t": "ж"})\n'
    call = extract(source, "python").calls[0]
    start, end = call.index.values[("t",)]
    assert source[start:end] == '"ж"'


# ---- end to end: the fixture files through the linter --------------------------------------
# Codes and messages: SERVER-SPEC §4.8 (connector), §3.4 (types), §3.8 (setting types), §2.2 and
# docs/rules.md (method-exists, form-boolean). Places: a value's first character, or for a field
# that is missing or must not be sent, its key (``Document.locate``: the key of the nearest
# ancestor that is written); columns count characters, so a Cyrillic line checks them.

FIXTURES = Path(__file__).parent / "fixtures" / "sources" / "python"


def place(path: Path, needle: str, after_line: int = 1) -> tuple[int, int]:
    """The 1-based line and character column where ``needle`` is first written, from a line on."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[after_line - 1 :], start=after_line):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} is not in {path.name} after line {after_line}")


def reports(name: str) -> list[Report]:
    return lint_document_all(load_path(str(FIXTURES / name)))


def found(report: Report) -> list[tuple[str, int, int]]:
    return [(str(d.code), d.line, d.column) for d in report.diagnostics]


def test_fixture_b24pysdk_script() -> None:
    path = FIXTURES / "b24pysdk_sync.py"
    add, rename, mapping, settings, reset, columns, quiet = reports("b24pysdk_sync.py")
    assert [r.command for r in (add, rename, mapping, settings, reset, columns, quiet)] == [
        f"line {n}" for n in (31, 36, 42, 48, 54, 58, 65)
    ]  # the commented-out call at the end is not code

    # every field from the helper, the settings from a constant: nothing to say
    assert (add.method, found(add), add.server_error) == ("biconnector.connector.add", [], None)

    # the id is the function's parameter and the title is fine: no known failure to answer
    assert (found(rename), rename.server_error) == ([], None)

    assert found(mapping) == [("VALIDATION_INVALID_FIELD_TYPE", *place(path, '"Y"'))]
    assert mapping.diagnostics[0].message == 'Field "supportMapping" must be of type boolean.'

    assert found(settings) == [
        ("VALIDATION_SETTINGS_INVALID_TYPE", *place(path, '"string"', after_line=48))
    ]
    assert settings.diagnostics[0].message == 'Parameter "type" is not correct.'

    assert found(reset) == [("VALIDATION_INVALID_ID_FORMAT", *place(path, "0, fields"))]
    assert reset.diagnostics[0].message == "ID has to be a positive integer."

    # b24pysdk 1.3 names dataset.fields_update's method biconnector.dataset.fieldsUpdate
    assert found(columns) == [("ERROR_METHOD_NOT_FOUND", *place(path, "biconnector", 58))]

    # suppressed on the line of the value; the server still refuses the string
    assert found(quiet) == []
    assert quiet.server_error is not None
    assert quiet.server_error.code == "VALIDATION_INVALID_FIELD_TYPE"


def test_fixture_payloads_built_in_helpers_and_partly_dynamic() -> None:
    path = FIXTURES / "helpers_dynamic.py"
    register, without_logo, mapping, sources = reports("helpers_dynamic.py")
    # the title is a parameter and three endpoints come from the environment: all keys present
    assert (found(register), register.server_error) == ([], None)

    assert found(without_logo) == [
        ("VALIDATION_REQUIRED_FIELD_MISSING", *place(path, '"fields": fields'))
    ]
    assert without_logo.diagnostics[0].message == 'Field "logo" is required.'

    # a batch command is a query string: b24pysdk writes True as "True", never a boolean
    assert mapping.command == f"line {place(path, '(', 42)[0]}"
    true = place(path, "True", 42)
    assert sorted(found(mapping)) == [("BL020", *true), ("VALIDATION_INVALID_FIELD_TYPE", *true)]
    assert (sources.method, found(sources)) == ("biconnector.source.list", [])


def test_fixture_raw_requests_client() -> None:
    path = FIXTURES / "raw_client.py"
    create, resort, forget, listing = reports("raw_client.py")
    assert found(create) == [("VALIDATION_READ_ONLY_FIELD", *place(path, '"dateCreate"'))]
    assert create.diagnostics[0].message == 'Field "dateCreate" is read only.'

    assert found(resort) == [("VALIDATION_INVALID_FIELD_TYPE", *place(path, '"abc"'))]
    assert resort.diagnostics[0].message == 'Field "sort" must be of type integer.'
    # the id is checked first (§4.3) but is the function's parameter: the first known failure
    # is answered, naming the run-time value checked before it
    assert resort.server_error is not None
    assert resort.server_error.code == "VALIDATION_INVALID_FIELD_TYPE"
    assert resort.server_error.runtime == "/params/id"

    assert found(forget) == [("VALIDATION_INVALID_ID_FORMAT", *place(path, '"-3"'))]
    assert (listing.method, found(listing), listing.server_error) == (
        "biconnector.connector.list",
        [],
        None,
    )


def test_fixture_without_calls() -> None:
    (report,) = reports("django_views.py")
    assert report.method is None and not report.diagnostics and report.server_error is None
