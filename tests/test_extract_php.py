"""``bicon_lint.extract.php``: the ``biconnector.*`` calls of PHP files (CRest, the b24phpsdk core,
its Biconnector services and batches, generic clients, hand-written ``http_build_query``
requests), their params as PHP evaluates the literals, where each key and value is written, and
what only the running program knows; then the fixture files under
``tests/fixtures/sources/php`` linted end to end, their findings checked against SERVER-SPEC.
"""

from __future__ import annotations

import doctest
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bicon_lint.api import Report, lint_document_all
from bicon_lint.extract import extract as extract_any
from bicon_lint.extract.build import Call, Unknown
from bicon_lint.extract.php import extract
from bicon_lint.extract.php import literals as php
from bicon_lint.loaders import load_path, load_text

FIXTURES = Path(__file__).parent / "fixtures" / "sources" / "php"


def calls(text: str) -> list[Call]:
    return extract(text, "php").calls


def one(text: str) -> Call:
    found = calls(text)
    assert len(found) == 1, found
    return found[0]


def params_of(expression: str, before: str = "") -> Any:
    """The params of a CRest call whose params argument is ``expression``."""
    text = f"<?php\n{before}\nCRest::call('biconnector.connector.add', {expression});\n"
    return one(text).params


def value_of(expression: str, before: str = "") -> Any:
    return params_of(f"['v' => {expression}]", before)["v"]


def written(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]


def test_the_module_doctests() -> None:
    # the default test run collects doctests under tests/ only
    failures, tried = doctest.testmod(php, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0


# --- CRest --------------------------------------------------------------------------------------


def test_crest_call_is_found_with_its_method_params_encoding_and_style() -> None:
    text = "<?php\n$r = CRest::call('biconnector.connector.add', ['fields' => ['title' => 'T']]);\n"
    call = one(text)
    assert call.method == "biconnector.connector.add"
    assert call.params == {"fields": {"title": "T"}}
    assert (call.encoding, call.style) == ("form", "CRest::call")
    assert written(text, call.span).startswith("CRest::call(") and text[call.span[1] - 1] == ")"
    assert written(text, call.method_span) == "'biconnector.connector.add'"


def test_crest_call_without_params_sends_an_empty_array() -> None:
    call = one("<?php \\CRest::call('biconnector.connector.fields');")
    assert call.params == [] and call.method == "biconnector.connector.fields"


def test_crest_through_a_subclass_of_the_same_file_and_its_static_calls() -> None:
    text = """<?php
class Rest extends CRest {
    public static function addConnector() {
        return static::call('biconnector.connector.add', ['fields' => []]);
    }
}
class Portal extends Rest {}
Portal::call('biconnector.connector.get', ['id' => 4]);
Other::call('biconnector.connector.get', ['id' => 5]);
"""
    found = calls(text)
    assert [(c.method, c.style, c.encoding) for c in found] == [
        ("biconnector.connector.add", "CRest::call", "form"),
        ("biconnector.connector.get", "CRest::call", "form"),
        ("biconnector.connector.get", "::call", "json"),  # an unknown static client
    ]


def test_crest_named_arguments() -> None:
    call = one("<?php CRest::call(params: ['id' => 4], method: 'biconnector.connector.get');")
    assert call.params == {"id": 4}


def test_crest_call_batch_gives_one_call_per_biconnector_command() -> None:
    text = """<?php
CRest::callBatch([
    'add' => ['method' => 'biconnector.source.add', 'params' => ['fields' => ['title' => 'Склад']]],
    'lead' => ['method' => 'crm.lead.add', 'params' => ['fields' => []]],
    'list' => ['method' => 'biconnector.connector.list'],
    'dyn' => ['method' => $method, 'params' => ['id' => 1]],
    'odd' => $command,
], 1);
"""
    found = calls(text)
    assert [(c.method, c.params, c.encoding, c.style) for c in found] == [
        ("biconnector.source.add", {"fields": {"title": "Склад"}}, "batch", "CRest::callBatch"),
        ("biconnector.connector.list", [], "batch", "CRest::callBatch"),
    ]
    first, second = found
    assert written(text, first.span).startswith("['method' => 'biconnector.source.add'")
    assert written(text, first.method_span) == "'biconnector.source.add'"
    assert written(text, first.index.keys[("fields", "title")]) == "'title'"
    assert written(text, first.index.values[("fields", "title")]) == "'Склад'"
    assert written(text, second.index.values[()]) == "['method' => 'biconnector.connector.list']"


def test_crest_call_batch_sends_only_its_first_fifty_commands() -> None:
    commands = ", ".join(
        f"['method' => 'biconnector.connector.get', 'params' => ['id' => {n}]]"
        for n in range(1, 53)
    )
    found = calls(f"<?php CRest::callBatch([{commands}]);")
    assert [c.params["id"] for c in found] == list(range(1, 51))  # CRest::BATCH_COUNT


# --- b24phpsdk core and generic clients -----------------------------------------------------------


def test_sdk_core_call_is_json_and_lower_cases_the_method_as_the_api_client_does() -> None:
    text = """<?php
$b24Service->core->call('BIConnector.Connector.Get', ['id' => 4]);
$sb->getMainScope()->core->call(apiMethod: 'biconnector.source.list', parameters: ['select' => ['*']]);
"""
    found = calls(text)
    assert [(c.method, c.params, c.encoding, c.style) for c in found] == [
        ("biconnector.connector.get", {"id": 4}, "json", "b24phpsdk core->call"),
        ("biconnector.source.list", {"select": ["*"]}, "json", "b24phpsdk core->call"),
    ]
    assert written(text, found[0].method_span) == "'BIConnector.Connector.Get'"


def test_generic_clients_keep_the_method_as_written() -> None:
    text = """<?php
$client->call('biconnector.connector.get', ['id' => 4]);
$this->bitrix?->callMethod('BIconnector.source.get', ['id' => 5]);
"""
    found = calls(text)
    assert [(c.method, c.encoding, c.style) for c in found] == [
        ("biconnector.connector.get", "json", "->call"),
        ("BIconnector.source.get", "json", "->callMethod"),
    ]


def test_a_method_name_the_file_does_not_tell_is_never_judged() -> None:
    text = """<?php
use App\\Methods;
$m = 'biconnector.connector.add';
$m = 'biconnector.connector.update';
CRest::call(Methods::ADD, ['fields' => []]);
CRest::call($m, ['fields' => []]);
CRest::call($_GET['method'], []);
CRest::call('crm.lead.add', ['fields' => []]);
$client->call('batch', ['cmd' => ['a' => 'biconnector.connector.list']]);
"""
    assert calls(text) == []


def test_a_method_name_in_a_constant_or_variable_of_the_file_is_followed() -> None:
    text = """<?php
const ADD = 'biconnector.connector.add';
define('GET', 'biconnector.connector.get');
class Names { const DELETE = 'biconnector.connector.delete'; }
$update = 'biconnector.connector.update';
CRest::call(ADD, []);
CRest::call(GET, []);
CRest::call(Names::DELETE, []);
CRest::call($update, []);
"""
    found = calls(text)
    assert [c.method for c in found] == [
        "biconnector.connector.add",
        "biconnector.connector.get",
        "biconnector.connector.delete",
        "biconnector.connector.update",
    ]
    assert [written(text, c.method_span) for c in found] == [
        "'biconnector.connector.add'",
        "'biconnector.connector.get'",
        "'biconnector.connector.delete'",
        "'biconnector.connector.update'",
    ]


# --- b24phpsdk services -------------------------------------------------------------------------

SDK = """<?php
namespace App;
use Bitrix24\\SDK\\Services\\Biconnector\\Connector\\Service\\Connector;
use Bitrix24\\SDK\\Services\\Biconnector\\BiconnectorServiceBuilder as Bi;
"""


def sdk_calls(body: str) -> list[tuple[str, Any, str]]:
    return [(c.method, c.params, c.encoding) for c in calls(SDK + body)]


def test_service_methods_map_their_arguments_as_the_sdk_does() -> None:
    body = """
$c = $serviceBuilder->getBiconnectorScope()->connector();
$c->add(['title' => 'T']);
$c->update(4, ['title' => 'U']);
$c->get(5);
$c->delete(6);
$c->fields();
$c->list(['id' => 'ASC'], ['title' => 'x']);
$sb->getBiconnectorScope()->source()->list(select: ['id']);
$sb->getBiconnectorScope()->source()->add(['title' => 'S', 'connectorId' => 4]);
"""
    assert sdk_calls(body) == [
        ("biconnector.connector.add", {"fields": {"title": "T"}}, "json"),
        ("biconnector.connector.update", {"id": 4, "fields": {"title": "U"}}, "json"),
        ("biconnector.connector.get", {"id": 5}, "json"),
        ("biconnector.connector.delete", {"id": 6}, "json"),
        ("biconnector.connector.fields", [], "json"),
        (
            "biconnector.connector.list",
            {"order": {"id": "ASC"}, "filter": {"title": "x"}, "select": [], "page": 1},
            "json",
        ),
        ("biconnector.source.list", {"order": [], "filter": [], "select": ["id"]}, "json"),
        ("biconnector.source.add", {"fields": {"title": "S", "connectorId": 4}}, "json"),
    ]


def test_dataset_update_fields_sends_only_what_is_not_empty() -> None:
    body = """
$d = $sb->getBiconnectorScope()->dataset();
$d->updateFields(3, [['name' => 'A', 'externalCode' => 'a', 'type' => 'int']]);
$d->updateFields(3, [], delete: [7]);
$d->updateFields(3, $added);
"""
    assert sdk_calls(body) == [
        (
            "biconnector.dataset.fields.update",
            {"id": 3, "add": [{"name": "A", "externalCode": "a", "type": "int"}]},
            "json",
        ),
        ("biconnector.dataset.fields.update", {"id": 3, "delete": [7]}, "json"),
        ("biconnector.dataset.fields.update", {"id": 3, "add": Unknown("$added")}, "json"),
    ]


def test_service_call_spans_name_the_sdk_method() -> None:
    text = SDK + "$sb->getBiconnectorScope()->connector()->update(4, ['title' => 'Склад']);\n"
    call = one(text)
    assert call.style == "b24phpsdk connector()->update"
    assert written(text, call.method_span) == "update"
    assert written(text, call.span).startswith("$sb->getBiconnectorScope()")
    assert written(text, call.index.values[("id",)]) == "4"
    assert written(text, call.index.values[("fields", "title")]) == "'Склад'"
    assert written(text, call.index.keys[("fields", "title")]) == "'title'"


def test_service_objects_kept_in_properties_variables_and_typed_parameters() -> None:
    body = """
class Installer {
    private Connector $typed;
    public function __construct(private Bi $bi, $sb) {
        $builder = $sb->getBiconnectorScope();
        $this->connectorService = $builder->connector();
        $this->sources = $this->bi->source();
    }
    public function run(Connector $connectors): void {
        $this->connectorService->get(1);
        $this->typed->get(2);
        $connectors->get(3);
        $this->sources->get(4);
        $this->unknownService->get(5);
    }
}
"""
    assert [(m, p) for m, p, _ in sdk_calls(body)] == [
        ("biconnector.connector.get", {"id": 1}),
        ("biconnector.connector.get", {"id": 2}),
        ("biconnector.connector.get", {"id": 3}),
        ("biconnector.source.get", {"id": 4}),
    ]


def test_a_property_holding_different_services_is_not_judged() -> None:
    body = """
class A { function a($sb) { $this->svc = $sb->getBiconnectorScope()->connector(); } }
class B { function b($sb) { $this->svc = $sb->getBiconnectorScope()->source(); $this->svc->get(1); } }
"""
    assert sdk_calls(body) == []


def test_service_arguments_php_refuses_or_converts() -> None:
    body = """
$c = $sb->getBiconnectorScope()->connector();
$c->add('title');
$c->update(4);
$c->update('4', ['title' => 'T']);
$c->get(...$ids);
"""
    assert sdk_calls(body) == [  # a TypeError, an ArgumentCountError, a coercion, a spread
        ("biconnector.connector.update", {"id": Unknown("'4'"), "fields": {"title": "T"}}, "json")
    ]


def test_service_batches_give_one_command_each() -> None:
    text = (
        SDK
        + """
$c = $sb->getBiconnectorScope()->connector();
$c->batch->add([['title' => 'A'], ['title' => 'B']]);
$c->batch->update([7 => ['fields' => ['title' => 'C']], 8 => ['fields' => ['sort' => 1], 'params' => ['x' => 1]]]);
$c->batch->delete([0, 9]);
$sb->getBiconnectorScope()->dataset()->batch->delete([3]);
$c->batch->list();
"""
    )
    found = calls(text)
    assert [(c.method, c.params, c.encoding) for c in found] == [
        ("biconnector.connector.add", {"fields": {"title": "A"}}, "batch"),
        ("biconnector.connector.add", {"fields": {"title": "B"}}, "batch"),
        ("biconnector.connector.update", {"id": 7, "fields": {"title": "C"}}, "batch"),
        (
            "biconnector.connector.update",
            {"id": 8, "fields": {"sort": 1}, "params": {"x": 1}},
            "batch",
        ),
        ("biconnector.connector.delete", {"id": 0}, "batch"),
        ("biconnector.connector.delete", {"id": 9}, "batch"),
        ("biconnector.dataset.delete", {"id": 3}, "batch"),
    ]
    assert found[0].style == "b24phpsdk connector()->batch->add"
    assert written(text, found[0].span) == "['title' => 'A']"
    update = found[2]
    assert written(text, update.span) == "7 => ['fields' => ['title' => 'C']]"
    assert written(text, update.index.values[("id",)]) == "7"
    assert written(text, update.index.keys[("fields",)]) == "'fields'"


def test_a_batch_the_sdk_refuses_sends_nothing() -> None:
    body = """
$c = $sb->getBiconnectorScope()->connector();
$c->batch->delete([1, '2']);
$c->batch->update(['a' => ['fields' => []]]);
$c->batch->update([4 => ['title' => 'no fields key']]);
$c->batch->add($items);
"""
    assert sdk_calls(body) == []


# --- http_build_query -----------------------------------------------------------------------------


def test_http_build_query_posted_to_a_rest_url() -> None:
    text = """<?php
$queryUrl = 'https://portal.bitrix24.ru/rest/1/key/biconnector.source.add.json';
$queryData = http_build_query(['fields' => ['title' => 'S']]);
$curl = curl_init();
curl_setopt_array($curl, [CURLOPT_URL => $queryUrl, CURLOPT_POSTFIELDS => $queryData]);

$ch = curl_init("https://{$domain}/rest/biconnector.connector.delete");
curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query(['auth' => $token, 'id' => 4]));

$h = curl_init();
curl_setopt($h, CURLOPT_URL, $webhook . 'biconnector.dataset.get.json');
curl_setopt($h, CURLOPT_POSTFIELDS, http_build_query(['id' => 2]));

$r = file_get_contents($webhook . 'biconnector.connector.list.json?' . http_build_query(['page' => 2]));
"""
    found = calls(text)
    assert [(c.method, c.params, c.encoding, c.style) for c in found] == [
        ("biconnector.source.add", {"fields": {"title": "S"}}, "form", "http_build_query"),
        (
            "biconnector.connector.delete",
            {"auth": Unknown("$token"), "id": 4},
            "form",
            "http_build_query",
        ),
        ("biconnector.dataset.get", {"id": 2}, "form", "http_build_query"),
        ("biconnector.connector.list", {"page": 2}, "form", "http_build_query"),
    ]
    assert [written(text, c.method_span) for c in found] == [
        "'https://portal.bitrix24.ru/rest/1/key/biconnector.source.add.json'",
        '"https://{$domain}/rest/biconnector.connector.delete"',
        "'biconnector.dataset.get.json'",
        "'biconnector.connector.list.json?'",
    ]
    assert written(text, found[0].span) == "http_build_query(['fields' => ['title' => 'S']])"


def test_http_build_query_without_a_rest_url_naming_one_method_is_not_a_call() -> None:
    text = """<?php
$link = 'https://bi.example.com/report?' . http_build_query(['m' => 'biconnector.connector.add']);
curl_setopt($c, CURLOPT_POSTFIELDS, http_build_query(['id' => 1]));
error_log('biconnector.connector.add ' . http_build_query(['id' => 2]));
$x = curl_init('biconnector.connector.add');
curl_setopt($x, CURLOPT_POSTFIELDS, http_build_query(['id' => 3]));
post('https://p/rest/biconnector.connector.add', 'https://p/rest/biconnector.connector.delete', http_build_query(['id' => 4]));
"""
    assert calls(text) == []


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (r"'a\'b\\c\n\t'", "a'b\\c\\n\\t"),
        (r'"a\tb\nc\\d\$e\"f\v\e\f\r"', 'a\tb\nc\\d$e"f\x0b\x1b\x0c\r'),
        (r'"\101\x41\x4a\u{416}\u{1F600}\q\u00"', "AAJЖ😀\\q\\u00"),
        (r'"\400"', "\x00"),
        (r"b'bytes'", "bytes"),
        ('"Коннектор"', "Коннектор"),
        ("'a' . 1 . 1.5 . true . false . null . 'z'", "a11.51z"),
        ("'n' . 0.1 . -2 . 1e20", "n0.1-21.0E+20"),
    ],
)
def test_strings(expression: str, expected: str) -> None:
    assert value_of(expression) == expected


def test_heredoc_and_nowdoc_strip_the_closing_indentation() -> None:
    before = '$h = <<<EOT\n    line\\t1 "q" \\"\n      line 2\n    EOT;\n'
    before += "$n = <<<'EOT'\n  raw\\t $x {$y}\n  EOT;\n"
    before += '$e = <<<"EOT"\nEOT;\n'
    params = params_of("['h' => $h, 'n' => $n, 'e' => $e]", before)
    assert params == {"h": 'line\t1 "q" \\"\n  line 2', "n": "raw\\t $x {$y}", "e": ""}


@pytest.mark.parametrize(
    "expression",
    ['"x{$y}"', '"x $y"', '"${y}"', '"\\xff"', "<<<EOT\n$a\nEOT", '"\\u{110000}"'],
)
def test_strings_only_known_at_run_time(expression: str) -> None:
    value = value_of(expression)
    assert isinstance(value, Unknown) and value == expression


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("1_000", 1000),
        ("0x1F", 31),
        ("0o17", 15),
        ("0O17", 15),
        ("017", 15),
        ("0b101", 5),
        ("0", 0),
        ("-5", -5),
        ("+5", 5),
        ("- 5", -5),
        ("9223372036854775807", 9223372036854775807),
        ("9223372036854775808", 9.223372036854776e18),
        ("-9223372036854775808", -9.223372036854776e18),
        ("0xFFFFFFFFFFFFFFFF", 1.8446744073709552e19),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("1e3", 1000.0),
        ("1_0.2_5E-1", 1.025),
        ("-0.0", -0.0),
        ("TRUE", True),
        ("False", False),
        ("NULL", None),
        ("!0", True),
        ("!'a'", False),
    ],
)
def test_numbers_booleans_and_null(expression: str, expected: Any) -> None:
    value = value_of(expression)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    "expression",
    [
        "(int) '5'",
        "$a ? 1 : 2",
        "$a ?? 3",
        "1 + 2",
        "PHP_EOL",
        "-'5'",
        "getenv('X')",
        "new Foo()",
    ],
)
def test_expressions_not_modelled_are_unknown(expression: str) -> None:
    value = value_of(expression)
    assert isinstance(value, Unknown) and value == expression


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("[]", []),
        ("array()", []),
        ("['a', 'b']", ["a", "b"]),
        ("[0 => 'a', 1 => 'b']", ["a", "b"]),
        ("[1 => 'a', 0 => 'b']", {1: "a", 0: "b"}),
        ("array('a', 'k' => array(1))", {0: "a", "k": [1]}),
        (
            "['1' => 'a', '01' => 'b', true => 'c', null => 'd', 2.7 => 'e', 'f', -7 => 'g']",
            {1: "c", "01": "b", "": "d", 2: "e", 3: "f", -7: "g"},
        ),
        ("[5 => 'a', 'b', '10' => 'c', 'd']", {5: "a", 6: "b", 10: "c", 11: "d"}),
        ("[-1 => 'a', 'b']", {-1: "a", 0: "b"}),
        ("['a' => 1, 'b' => 2, 'a' => 3]", {"a": 3, "b": 2}),
        ("['x', 'y', 0 => 'z']", ["z", "y"]),
    ],
)
def test_arrays_as_php_builds_them(expression: str, expected: Any) -> None:
    assert value_of(expression) == expected


def test_an_invalid_number_makes_its_array_unknown() -> None:
    assert isinstance(params_of("['v' => 08]"), Unknown)  # "Invalid numeric literal"


def test_a_duplicate_key_keeps_the_position_of_the_one_that_wins() -> None:
    text = "<?php CRest::call('biconnector.connector.add', ['fields' => ['title' => 'a', 'title' => 'b']]);"
    call = one(text)
    assert call.params == {"fields": {"title": "b"}}
    key = call.index.keys[("fields", "title")]
    assert written(text, call.index.values[("fields", "title")]) == "'b'"
    assert written(text, key) == "'title'" and text.index("'title' => 'b'") == key[0]


def test_auto_increment_after_only_negative_keys_depends_on_the_php_version() -> None:
    value = value_of("[-5 => 'a', 'b']")  # 0 before PHP 8.3, -4 since
    assert isinstance(value, Unknown)
    assert value_of("[-5 => 'a', 'k' => 'b', 'c']") == {-5: "a", "k": "b"}


def test_spreads_of_known_arrays_are_merged_as_php_does() -> None:
    before = "$base = ['a' => 1, 'b' => 2];\n$list = ['x', 'y'];\n"
    assert value_of("[...$base, 'b' => 3, ...$list, 'z']", before) == {
        "a": 1,
        "b": 3,
        0: "x",
        1: "y",
        2: "z",
    }
    assert value_of("[0, ...$list]", before) == [0, "x", "y"]


def test_a_spread_known_only_at_run_time() -> None:
    text = "<?php CRest::call('biconnector.connector.add', ['fields' => ['title' => 'T', ...$extra, 'sort' => 5]]);"
    call = one(text)
    fields = call.params["fields"]
    assert fields == {"title": Unknown("'T'"), "sort": 5}  # the spread may override title
    assert isinstance(fields["title"], Unknown)
    assert ("fields",) in call.partial and ("fields", "title") in call.unknown
    assert written(text, call.index.keys[("fields", "title")]) == "'title'"
    listed = value_of("[1, ...$extra]")
    assert isinstance(listed, Unknown) and listed == "[1, ...$extra]"


def test_the_union_of_two_arrays() -> None:
    text = """<?php
$defaults = ['sort' => 100, 'title' => 'По умолчанию'];
CRest::call('biconnector.connector.add', ['fields' => ['title' => 'Склад'] + $defaults, 'x' => [1] + [5, 6]]);
"""
    call = one(text)
    assert call.params == {"fields": {"title": "Склад", "sort": 100}, "x": [1, 6]}
    assert written(text, call.index.values[("fields", "sort")]) == "100"
    assert written(text, call.index.values[("fields", "title")]) == "'Склад'"
    assert written(text, call.index.values[("fields",)]) == "['title' => 'Склад'] + $defaults"
    assert isinstance(value_of("['a' => 1] + $unknown"), Unknown)
    assert isinstance(value_of("['a' => 1] + [...$unknown, 'b' => 2]"), Unknown)


def test_computed_keys_are_dropped_and_references_unknown() -> None:
    text = "<?php CRest::call('biconnector.connector.add', ['v' => [$key => 1, 'k' => &$ref, 'n' => 2]]);"
    call = one(text)
    assert call.params["v"] == {"k": Unknown("&$ref"), "n": 2}
    assert ("v",) in call.partial and ("v", "k") in call.unknown


def test_unknown_values_keep_their_keys_and_source_text() -> None:
    text = "<?php CRest::call('biconnector.connector.add', ['fields' => ['urlCheck' => $appDomain . '/check']]);"
    call = one(text)
    value = call.params["fields"]["urlCheck"]
    assert isinstance(value, Unknown) and value == "$appDomain . '/check'"
    assert ("fields", "urlCheck") in call.unknown
    assert written(text, call.index.values[("fields", "urlCheck")]) == "$appDomain . '/check'"
    assert written(text, call.index.keys[("fields", "urlCheck")]) == "'urlCheck'"


# --- following variables, helpers and constants ----------------------------------------------


def test_a_variable_assigned_once_is_followed_to_its_literal() -> None:
    text = """<?php
$fields = [
    'title' => 'Склад',
];
$result = CRest::call('biconnector.connector.add', ['fields' => $fields]);
"""
    call = one(text)
    assert call.params == {"fields": {"title": "Склад"}}
    assert written(text, call.index.values[("fields",)]).startswith("[\n    'title'")
    assert written(text, call.index.values[("fields", "title")]) == "'Склад'"
    assert written(text, call.index.keys[("fields", "title")]) == "'title'"


@pytest.mark.parametrize(
    "before",
    [
        "$v = [1];\n$v = [2];",  # assigned twice
        "$v = [1];\n$v['k'] = 2;",  # changed in place
        "$v = [1];\n$v[] = 2;",
        "$v = 'a';\n$v .= 'b';",
        "$v = 1;\n$v++;",
        "$v = [1];\nunset($v[0]);",
        "$v = [1];\narray_push($v, 2);",
        "$v = [1];\nsort($v);",
        "function grow(array &$a) { $a[] = 1; }\n$v = [1];\ngrow($v);",
        "$v = [1];\nforeach ($rows as $v) {}",
        "$v = [1];\n[$v, $w] = $pair;",
        "$v = [1];\n$alias = &$v;",
        "function f($v) { return $v; }\n$v = [1];",  # a parameter of the same name
        "",  # never assigned
    ],
)
def test_a_variable_not_assigned_exactly_once_is_unknown(before: str) -> None:
    value = value_of("$v", before)
    assert isinstance(value, Unknown) and value == "$v"


def test_a_variable_is_followed_only_where_php_can_see_its_value() -> None:
    text = """<?php
$top = ['a' => 1];
$late = CRest::call('biconnector.connector.get', ['v' => $after]);
$after = 1;
function f() {
    CRest::call('biconnector.connector.get', ['v' => $top]);
    $inner = ['x' => 1];
    $byValue = function () use ($inner) { return CRest::call('biconnector.connector.get', $inner); };
    $arrow = fn() => CRest::call('biconnector.connector.get', $inner);
    $noUse = function () { return CRest::call('biconnector.connector.get', $inner); };
}
"""
    found = [c.params for c in calls(text)]
    assert found == [
        {"v": Unknown("$after")},  # assigned after the call
        {"v": Unknown("$top")},  # a function does not see the file's variables
        {"x": 1},  # captured by use ()
        {"x": 1},  # an arrow function captures by value
        Unknown("$inner"),  # a closure without use () does not see it
    ]


def test_helpers_with_one_return_are_followed() -> None:
    text = """<?php
function makeConnectorFields(string $title): array
{
    return ['title' => $title, 'sort' => 100];
}
function twoReturns($x) { if ($x) { return ['a' => 1]; } return ['b' => 2]; }
class App {
    const TITLE = 'Заголовок';
    private function fields(): array { $f = ['title' => self::TITLE]; return $f; }
    private static function settings(): array { return [['name' => 'N', 'type' => 'STRING', 'code' => 'c']]; }
    public function run(): void {
        CRest::call('biconnector.connector.add', ['fields' => makeConnectorFields('x'), 'two' => twoReturns(1)]);
        CRest::call('biconnector.connector.add', ['fields' => $this->fields(), 's' => self::settings(), 't' => static::settings()]);
    }
}
"""
    first, second = calls(text)
    assert first.params == {
        "fields": {"title": Unknown("$title"), "sort": 100},
        "two": Unknown("twoReturns(1)"),
    }
    assert ("fields", "title") in first.unknown
    assert written(text, first.index.values[("fields", "sort")]) == "100"
    settings = [{"name": "N", "type": "STRING", "code": "c"}]
    assert second.params == {"fields": {"title": "Заголовок"}, "s": settings, "t": settings}


def test_constants_of_the_file() -> None:
    before = """const TOP = 'top';
define('DEFINED', 5);
class K { const C = 'class'; const LIST = ['x']; }
class L { const C = 'other'; function f() { return self::C; } }
"""
    assert params_of(
        "['a' => TOP, 'b' => DEFINED, 'c' => K::C, 'd' => K::LIST, 'e' => \\TOP]", before
    ) == {
        "a": "top",
        "b": 5,
        "c": "class",
        "d": ["x"],
        "e": "top",
    }
    assert isinstance(value_of("static::C", before), Unknown)  # outside a class
    assert isinstance(value_of("top", before), Unknown)  # constant names are case-sensitive


def test_cycles_do_not_hang() -> None:
    before = "$a = [$a];\nfunction r() { return r(); }\nconst X = X;\n"
    assert params_of("['a' => $a, 'r' => r(), 'x' => X]", before) == {
        "a": [Unknown("$a")],  # the $a inside is read before the assignment
        "r": Unknown("r()"),
        "x": Unknown("X"),
    }


# --- positions ----------------------------------------------------------------------------------


def test_spans_are_character_offsets_on_cyrillic_lines() -> None:
    text = (
        "<?php\n// Коннектор «Склад»\n"
        "CRest::call('biconnector.connector.add', ['fields' => ['title' => 'Склад №1', 'sort' => 'первый']]);\n"
    )
    call = one(text)
    assert written(text, call.index.keys[("fields", "sort")]) == "'sort'"
    assert written(text, call.index.values[("fields", "sort")]) == "'первый'"
    assert written(text, call.index.values[("fields", "title")]) == "'Склад №1'"
    assert written(text, call.index.values[()]).startswith("['fields' => [")
    assert written(text, call.span).endswith("'первый']])")


# --- comments, suppressions, errors, other files ------------------------------------------------


def test_suppression_comments_of_every_kind() -> None:
    text = """<?php
// bicon-lint: ignore[BL311]
# bicon-lint: ignore[field-type, BL020]
/* a note
   bicon-lint: ignore */
$x = 1; /** bicon-lint: ignore[VALIDATION_INVALID_ID_FORMAT] */
"""
    assert extract(text, "php").ignores == {
        2: ("BL311",),
        3: ("field-type", "BL020"),
        5: None,
        6: ("VALIDATION_INVALID_ID_FORMAT",),
    }


def test_commented_out_calls_and_strings_are_not_calls() -> None:
    text = """<?php
/*
CRest::call('biconnector.connector.delete', ['id' => 1]);
*/
// CRest::call('biconnector.connector.delete', ['id' => 2]);
# CRest::call('biconnector.connector.delete', ['id' => 3]);
$doc = "CRest::call('biconnector.connector.delete', ['id' => 4]);";
$sample = <<<'PHP'
CRest::call('biconnector.connector.delete', ['id' => 5]);
PHP;
"""
    assert calls(text) == []


def test_a_syntax_error_makes_only_the_broken_expression_unknown() -> None:
    text = """<?php
CRest::call('biconnector.connector.add', ['fields' => ['title' => 'ok', 'bad' => [1, 2,, 3]], 'z' => 1]);
$broken = ['title' => 'x', 'sort' => ];
CRest::call('biconnector.connector.update', ['id' => 1, 'fields' => $broken]);
CRest::call('biconnector.connector.get', ['id' => 1
"""
    found = calls(text)
    assert [c.params for c in found] == [
        {"fields": {"title": "ok", "bad": Unknown("[1, 2,, 3]")}, "z": 1},
        {"id": 1, "fields": Unknown("['title' => 'x', 'sort' => ]")},
    ]


@pytest.mark.parametrize(
    "text",
    [
        "<?php CRest::call('biconnector.connector.add', [",
        "<?php CRest::call(",
        "<?php $a = <<<EOT\nbiconnector.connector.add\n",
        '<?php "\\u{',
        "<?php CRest::callBatch([['method' => 'biconnector.x', 'params' => ",
        "<?php " + "[" * 3000 + "biconnector" + "]" * 3000,
        "<?php CRest::call('biconnector.connector.add', " + "[" * 500 + "]" * 500 + ");",
        "\x00\x01biconnector\udcff",
    ],
)
def test_broken_files_do_not_crash(text: str) -> None:
    extract(text, "php")


def test_text_without_an_open_tag_is_read_as_php_code() -> None:
    # a Markdown code block often leaves out <?php
    call = one("$result = CRest::call('biconnector.connector.get', ['id' => 4]);\n")
    assert call.params == {"id": 4}
    html = (
        "<h1>Склад</h1>\n<?php CRest::call('biconnector.connector.get', ['id' => 5]); ?>\n<p>x</p>"
    )
    assert one(html).params == {"id": 5}


def test_unrelated_code_has_no_calls() -> None:
    text = """<?php
Artisan::call('biconnector:sync', ['--force' => true]);
$container->call('biconnectorSync', []);
event('biconnector.synced');
return view('biconnector.index', ['connectors' => Cache::get('biconnector.connectors', [])]);
"""
    assert calls(text) == []
    assert extract_any("<?php CRest::call('crm.lead.add', []);", "php").calls == []


# --- against PHP itself ---------------------------------------------------------------------------

AGAINST_PHP = [
    r"'a\'b\\c\n'",
    r'"a\tb\x41\101\u{416}\e\$x\"\q"',
    "[1_000, 0x1F, 0o17, 017, 0b11, -5, 9223372036854775807, 9223372036854775808]",
    "[-9223372036854775808, 0xFFFFFFFFFFFFFFFFF, 1.5, .5, 1e3, 1_0.2_5, 1E-3]",
    "['a' => 1, 2 => 'x'] + ['a' => 3, 'b' => 4, 2 => 'y', 3 => 'z'] + [9, 8, 7, 6, 5]",
    "['1' => 'a', '01' => 'b', true => 'c', null => 'd', 2.7 => 'e', 'f', -7 => 'g']",
    "[5 => 'a', 'b', '10' => 'c', 'd', 'x' => [], 'y' => array(1, 2)]",
    "['a' => 1, 'b' => 2, 'a' => 3, 'l' => [0 => 'a', 1 => 'b'], 'm' => [1 => 'a', 0 => 'b']]",
    "'a' . 1 . 1.5 . true . false . null . 0.1 . 1e20 . -2",
    "[TRUE, False, NULL, !0, !'', -0.0, +7]",
    '<<<EOT\n    line\\t1 "q" \\"\n      line 2\n    EOT',
    "<<<'EOT'\n  raw\\t $x\n  EOT",
]


@pytest.mark.skipif(shutil.which("php") is None, reason="no php on PATH")
def test_literals_evaluate_as_php_evaluates_them() -> None:
    source = "<?php\n$values = [\n" + ",\n".join(AGAINST_PHP) + ",\n];\n"
    source += "echo json_encode($values, JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_UNICODE);\n"
    done = subprocess.run(
        ["php", "-n", "-d", "display_errors=stderr", "-r", source.removeprefix("<?php\n")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    expected = json.loads(done.stdout)
    ours = value_of("[\n" + ",\n".join(AGAINST_PHP) + ",\n]")
    assert _as_json(ours) == expected


def _as_json(value: Any) -> Any:
    """What PHP's json_encode then json_decode would make of ``value`` (object keys are strings)."""
    if isinstance(value, dict):
        return {str(key): _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value


# --- the fixture files, end to end -----------------------------------------------------------------


def reports(name: str) -> tuple[str, list[Report]]:
    path = FIXTURES / name
    return path.read_text(encoding="utf-8"), lint_document_all(load_path(path))


def line_of(text: str, needle: str, start: str | None = None) -> int:
    """The 1-based line of ``needle`` (after ``start``, when given)."""
    offset = text.index(needle, text.index(start) if start else 0)
    return text.count("\n", 0, offset) + 1


def column_of(text: str, needle: str, start: str | None = None) -> int:
    """The 1-based column, in characters, of ``needle`` (after ``start``)."""
    offset = text.index(needle, text.index(start) if start else 0)
    return offset - text.rfind("\n", 0, offset)


def findings(report: Report) -> set[tuple[str, int]]:
    """Errors and warnings (infos are explanations next to them) as (code, line)."""
    return {(d.code, d.line) for d in report.diagnostics if d.severity.value != "info"}


def test_fixture_crest_install() -> None:
    text, found = reports("crest_install.php")
    source_command, get_command = "'source' => [", "'check' =>"
    assert [(r.method, r.command) for r in found] == [
        ("biconnector.connector.add", f"line {line_of(text, 'CRest::call(')}"),
        ("biconnector.connector.update", f"line {line_of(text, 'CRest::call(', 'Сопоставление')}"),
        ("biconnector.source.add", f"line {line_of(text, source_command)}"),
        ("biconnector.connector.get", f"line {line_of(text, get_command)}"),
        ("biconnector.connector.update", f"line {line_of(text, 'CRest::call(', 'plain http')}"),
    ]
    add, mapping, source, get, suppressed = found
    # SERVER-SPEC §3.8, §4.2 E: the setting type enum is exact and case-sensitive
    bad_type = "'string'"
    assert findings(add) == {("VALIDATION_SETTINGS_INVALID_TYPE", line_of(text, bad_type))}
    (diagnostic,) = add.diagnostics
    assert diagnostic.column == column_of(text, bad_type)
    assert (
        add.server_error is not None and add.server_error.code == "VALIDATION_SETTINGS_INVALID_TYPE"
    )
    # §8.1: a form body has no booleans: "1" fails the strict is_bool (field-type); form-boolean explains
    true_line = line_of(text, "'supportMapping' => true")
    assert findings(mapping) == {("VALIDATION_INVALID_FIELD_TYPE", true_line)}
    assert ("BL020", true_line) in {(d.code, d.line) for d in mapping.diagnostics}
    # the connector id is known only at run time: nothing is claimed about it
    assert findings(source) == set()
    # §2.6, §3.3: a batch command's "0" is numeric, (int) 0 is not positive
    assert findings(get) == {("VALIDATION_INVALID_ID_FORMAT", line_of(text, "'check' =>"))}
    # the commented-out deletes are not calls; the http warning (BL311) is suppressed on its line
    assert not suppressed.diagnostics
    unsuppressed = text.replace(" // bicon-lint: ignore[BL311]", "")
    again = lint_document_all(load_text(unsuppressed, str(FIXTURES / "crest_install.php")))
    assert findings(again[-1]) == {("BL311", line_of(text, "'http://bi.example.com/check'"))}


def test_fixture_sdk_app() -> None:
    text, found = reports("sdk_app.php")
    assert [(r.method, r.command) for r in found] == [
        ("biconnector.connector.add", f"line {line_of(text, '->add(')}"),
        ("biconnector.connector.update", f"line {line_of(text, '->update($connectorId')}"),
        ("biconnector.connector.update", f"line {line_of(text, '->update(0')}"),
        ("biconnector.source.add", f"line {line_of(text, 'source()->add(')}"),
        ("biconnector.connector.update", f"line {line_of(text, '->update(5')}"),
        (
            "biconnector.dataset.fields.update",
            f"line {line_of(text, 'dataset()->updateFields')}",
        ),
        ("biconnector.source.delete", f"line {line_of(text, 'core->call(')}"),
    ]
    install, mapping, rename, source, backdate, columns, delete = found
    # the payload built in the helper is complete and valid (JSON keeps its types)
    assert findings(install) == set() and install.server_error is None
    # §3.4: boolean is a strict is_bool, "Y" fails
    assert findings(mapping) == {
        ("VALIDATION_INVALID_FIELD_TYPE", line_of(text, "'supportMapping' => 'Y'"))
    }
    # §4.3 C1: 0 is not a positive integer
    assert findings(rename) == {("VALIDATION_INVALID_ID_FORMAT", line_of(text, "->update(0"))}
    assert (
        rename.server_error is not None
        and rename.server_error.code == "VALIDATION_INVALID_ID_FORMAT"
    )
    # §5.2: settings is required on source.add (connectorId is present, its value known at run time)
    assert findings(source) == {
        ("VALIDATION_REQUIRED_FIELD_MISSING", line_of(text, "source()->add("))
    }
    assert "settings" in source.diagnostics[0].message
    # §4.1, §4.3 C2: dateCreate is read-only
    assert findings(backdate) == {("VALIDATION_READ_ONLY_FIELD", line_of(text, "'dateCreate'"))}
    # §6.4 step 3: an updated column needs id and visible; dataset.* is deprecated on the latest server
    assert findings(columns) == {
        (
            "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS",
            line_of(text, "update: [['id' => 12]]"),
        ),
        ("BL201", line_of(text, "dataset()->updateFields")),
    }
    # §3.3: "last" is not numeric
    assert findings(delete) == {("VALIDATION_INVALID_ID_FORMAT", line_of(text, "'last'"))}


def test_fixture_dynamic_payload() -> None:
    text, found = reports("dynamic_payload.php")
    add, source = found
    assert add.method == "biconnector.connector.add"
    # §3.4: sort is an integer field and "first" is not numeric; the run-time title, logo and
    # endpoints are never judged, and are present (no "required" error)
    assert findings(add) == {("VALIDATION_INVALID_FIELD_TYPE", line_of(text, "'first'"))}
    (diagnostic,) = add.diagnostics
    assert diagnostic.column == column_of(text, "'first'")
    # §5.3: connectorId is immutable on source.update; it is written after the run-time spread
    assert source.method == "biconnector.source.update"
    assert findings(source) == {("VALIDATION_IMMUTABLE_FIELD", line_of(text, "'connectorId' => 5"))}


def test_fixture_raw_http() -> None:
    text, found = reports("raw_http.php")
    assert [(r.method, r.command) for r in found] == [
        ("biconnector.connector.delete", f"line {line_of(text, 'http_build_query(')}"),
        (
            "biconnector.source.add",
            f"line {line_of(text, 'http_build_query(', 'CURLOPT_RETURNTRANSFER, true')}",
        ),
    ]
    delete, source = found
    # §8.1, §3.3: the form's "0" is numeric but not positive
    assert findings(delete) == {("VALIDATION_INVALID_ID_FORMAT", line_of(text, "['id' => 0]"))}
    # source-connector-id: "04" names connector 4 but builds the code rest_04
    assert findings(source) == {("BL504", line_of(text, "'04'"))}
    (diagnostic,) = [d for d in source.diagnostics if d.code == "BL504"]
    assert diagnostic.column == column_of(text, "'04'")


@pytest.mark.parametrize("name", ["no_calls.php", "laravel_controller.php"])
def test_fixtures_without_calls(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert "biconnector" in text  # parsed, not skipped by the mention test
    assert extract_any(text, "php").calls == []
    _, found = reports(name)
    assert all(r.method is None and not r.diagnostics for r in found)
