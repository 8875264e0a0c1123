"""What the portal posts to a connector's endpoints (``bicon_lint.portal_request``).

Each expected value is written from ENDPOINT-CONTRACT §2.1, §3-§6.2 and the portal code it cites
(``ExternalSource/Source/Rest.php``, ``DataSourceConnector/Connector/Base.php``), never from the
program's output: the bodies are decoded with the project's PHP-compatible ``parse_str`` and
compared with the fields the contract lists; the contract's own example is compared byte for
byte; and, where PHP is installed, every body is compared with PHP's real ``http_build_query``.
The curl command is run against a local server that records what it receives.
"""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import quote, unquote_plus

import pytest

from bicon_lint import php
from bicon_lint.bi_filter import BiFilter, Condition, DateRange, FilterError, php_date
from bicon_lint.portal_request import (
    PortalRequest,
    PortalRequestError,
    as_curl,
    build,
    endpoint_name,
    headers,
)
from bicon_lint.targets import Target

PHP = shutil.which("php")
CURL = shutil.which("curl")
needs_php = pytest.mark.skipif(PHP is None, reason="PHP is not installed")

CONNECTOR: dict[str, Any] = {
    "method": "biconnector.connector.add",
    "params": {
        "fields": {
            "title": "Sales",
            "urlCheck": "https://c.example/check",
            "urlTableList": "https://c.example/tables",
            "urlTableDescription": "https://c.example/describe",
            "urlData": "https://c.example/data",
            "settings": [
                {"code": "login", "name": "Login", "type": "STRING"},
                {"code": "password", "name": "Password", "type": "STRING"},
            ],
        }
    },
}
SETTINGS = {"password": "secret", "login": "user"}  # given in another order than declared

# ENDPOINT-CONTRACT §6.1, the BI Builder example (decoded for reading), one pair per line.
CONTRACT_EXAMPLE = """\
select[0]=DEAL_ID&select[1]=CREATED_AT&select[2]=STAGE
&filter[>=CREATED_AT]=01.08.2026 00:00:00&filter[<=CREATED_AT]=31.08.2026 23:59:59
&filter[0][LOGIC]=OR&filter[0][0][=STAGE][0]=WON&filter[0][0][=STAGE][1]=LOSE
&filter[1][LOGIC]=OR&filter[1][0][=MANAGER]=0
&limit=10000&connection[login]=user&connection[password]=secret
&table=sales_2024&mapFields[deal_id]=DEAL_ID&mapFields[created_at]=CREATED_AT&mapFields[stage]=STAGE"""

FIELD_TYPES = {"DEAL_ID": "int", "CREATED_AT": "datetime", "STAGE": "string", "MANAGER": "int"}
EXAMPLE_FILTER = BiFilter(
    DateRange("2026-08-01", "2026-08-31"),
    [[Condition("STAGE", "IN_LIST", ["WON", "LOSE"])], [Condition("MANAGER", "IS_NULL")]],
    FIELD_TYPES,
)
MAP_FIELDS = {
    "deal_id": "DEAL_ID",
    "created_at": "CREATED_AT",
    "stage": "STAGE",
    "amount": "AMOUNT",
}


def example(target: Target = Target.LATEST) -> PortalRequest:
    return build(
        "urlData",
        CONNECTOR,
        {"login": "user", "password": "secret"},
        table="sales_2024",
        select=["DEAL_ID", "CREATED_AT", "STAGE"],
        filter=EXAMPLE_FILTER,
        limit=10000,
        target=target,
        map_fields=MAP_FIELDS,
    )


def wire(decoded: str) -> str:
    """The contract's decoded example as it is on the wire: every pair urlencoded as PHP's
    ``urlencode`` does (RFC 1738: space as ``+``, brackets and operators percent-encoded)."""
    pairs = decoded.replace("\n", "").split("&")
    encode = lambda text: quote(text, safe="-_.").replace("%20", "+")  # noqa: E731
    return "&".join(
        encode(name) + "=" + encode(value) for name, value in (p.rsplit("=", 1) for p in pairs)
    )


def test_the_contract_example_byte_for_byte() -> None:
    request = example()
    assert request.body == wire(CONTRACT_EXAMPLE)
    assert unquote_plus(request.body) == CONTRACT_EXAMPLE.replace("\n", "")
    assert request.url == "https://c.example/data"


def test_the_contract_preview_example() -> None:
    # §6.1: "preview, connector without settings, no dataset yet: limit=20&table=sales_2024"
    connector = {"urlData": "https://c.example/data", "settings": []}
    assert build("urlData", connector, {}, table="sales_2024").body == "limit=20&table=sales_2024"


# --------------------------------------------------------------------------------------------
# Each endpoint, decoded as the handler's $_POST: exactly the contract's fields
# --------------------------------------------------------------------------------------------

CONNECTION = {"login": "user", "password": "secret"}

EXPECTED: list[tuple[str, dict[str, Any], dict[str | int, Any]]] = [
    # §3: connection only
    ("urlCheck", {}, {"connection": CONNECTION}),
    # §4: searchString + connection; '' is sent as searchString=
    ("urlTableList", {"search": "deal"}, {"searchString": "deal", "connection": CONNECTION}),
    ("urlTableList", {}, {"searchString": "", "connection": CONNECTION}),
    # §5: table + connection (never "name")
    ("urlTableDescription", {"table": "deals"}, {"table": "deals", "connection": CONNECTION}),
    # §6.1 preview: limit 20, connection, table; mapFields without select: all of them (V2+)
    (
        "urlData",
        {"table": "deals", "map_fields": {"deal_id": "DEAL_ID"}},
        {
            "limit": "20",
            "connection": CONNECTION,
            "table": "deals",
            "mapFields": {"deal_id": "DEAL_ID"},
        },
    ),
    # §6.1 BI Builder: select, filter (none here), limit, connection, table, mapFields ∩ select
    (
        "urlData",
        {"table": "deals", "select": ["DEAL_ID"], "limit": 0, "map_fields": MAP_FIELDS},
        {
            "select": {0: "DEAL_ID"},
            "limit": "0",
            "connection": CONNECTION,
            "table": "deals",
            "mapFields": {"deal_id": "DEAL_ID"},
        },
    ),
]


@pytest.mark.parametrize(("endpoint", "options", "expected"), EXPECTED)
def test_each_endpoint_decodes_to_the_contract_fields(
    endpoint: str, options: dict[str, Any], expected: dict[str | int, Any]
) -> None:
    request = build(endpoint, CONNECTOR, SETTINGS, **options)
    assert php.parse_str(request.body) == expected
    assert list(php.parse_str(request.body)) == list(expected)  # the portal's order, §6.1
    fields = CONNECTOR["params"]["fields"]
    assert request.url == fields[endpoint]


def test_the_example_decodes_as_php_reads_it() -> None:
    # §6.2: "A PHP receiver gets $_POST['filter']['>=CREATED_AT'] and $_POST['filter'][0]['LOGIC']"
    received = php.parse_str(example().body)
    assert received["filter"][">=CREATED_AT"] == "01.08.2026 00:00:00"
    assert received["filter"][0]["LOGIC"] == "OR"
    assert received["filter"][1][0]["=MANAGER"] == "0"  # IS_NULL: PHP false, on the wire 0
    assert "timezone" not in received  # §6.1 step 2: dropped


def test_a_source_without_settings_sends_no_connection() -> None:
    # §2.1: "a connector with settings: [] ... sends no connection key at all; an urlCheck for
    # such a source is an empty POST body"
    request = build("urlCheck", CONNECTOR, {})
    assert request.body == ""
    assert request.headers["Content-Length"] == "0"


def test_stored_settings_are_trimmed_declared_and_in_the_connectors_order() -> None:
    # §2.1: values trimmed when stored, only declared codes, a null value is not stored (isset)
    request = build("urlCheck", CONNECTOR, {"password": " s p \n", "login": None})
    assert php.parse_str(request.body) == {"connection": {"password": "s p"}}
    request = build("urlCheck", CONNECTOR, {"password": "p", "login": 3306})
    assert request.body == "connection%5Blogin%5D=3306&connection%5Bpassword%5D=p"


def test_raw_settings_reach_the_check_of_source_add_as_sent() -> None:
    # §2.1 exception: untrimmed, undeclared codes included, JSON types mapped (true -> 1)
    request = build("urlCheck", CONNECTOR, {"token": " t ", "on": True}, raw_settings=True)
    assert request.body == "connection%5Btoken%5D=+t+&connection%5Bon%5D=1"


def test_map_fields_start_with_2026_01_and_the_start_date_turns_full_with_2026_04() -> None:
    # §10: mapFields sent from V2 (2026-01); date-range start SHORT before V3, FULL since
    v1 = php.parse_str(example(Target.V2025_07).body)
    assert "mapFields" not in v1
    assert v1["filter"][">=CREATED_AT"] == "01.08.2026"
    v2 = php.parse_str(example(Target.V2026_01).body)
    assert v2["mapFields"] == {"deal_id": "DEAL_ID", "created_at": "CREATED_AT", "stage": "STAGE"}
    assert v2["filter"][">=CREATED_AT"] == "01.08.2026"
    v3 = php.parse_str(example(Target.V2026_04).body)
    assert v3["filter"][">=CREATED_AT"] == "01.08.2026 00:00:00"
    assert v3["filter"]["<=CREATED_AT"] == "31.08.2026 23:59:59"


def test_dimension_filters_as_the_portal_writes_them() -> None:
    # §6.2: operator prefixes, "!" for EXCLUDE, LOGIC=OR even with one condition, regex dropped,
    # date values in the site format (date SHORT, datetime FULL), groups left empty are not sent
    types = {"AMOUNT": "double", "TITLE": "string", "CLOSED": "date", "CREATED_AT": "datetime"}
    bi = BiFilter(
        None,
        [
            [
                Condition("AMOUNT", "BETWEEN", ["1", "9"]),
                Condition("TITLE", "CONTAINS", ["x"], True),
            ],
            [Condition("TITLE", "REGEXP_PARTIAL_MATCH", ["a.*"])],
            [
                Condition("CLOSED", "EQUALS", ["2026-08-01"]),
                Condition("CREATED_AT", "NUMERIC_GREATER_THAN", "20260801"),
            ],
        ],
        types,
        date_format="MM/DD/YYYY",
        datetime_format="MM/DD/YYYY H:MI:SS T",
    )
    request = build("urlData", CONNECTOR, {}, table="t", select=["AMOUNT"], filter=bi, limit=5)
    assert php.parse_str(request.body)["filter"] == {
        0: {"LOGIC": "OR", 0: {"><AMOUNT": {0: "1", 1: "9"}}, 1: {"!%TITLE": {0: "x"}}},
        1: {
            "LOGIC": "OR",
            0: {"=CLOSED": {0: "08/01/2026"}},
            1: {">CREATED_AT": "08/01/2026 12:00:00 am"},
        },
    }


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("CLOSED_ON", "CLOSED_ON"),  # configParams.timeFilterColumn names a date field: it
        ("STAGE", "CREATED_AT"),  # names another field: the dataset's first date/datetime field
        ("", "CREATED_AT"),  # names none: the same (Base.php:320-340)
    ],
)
def test_the_date_range_falls_on_the_named_or_the_first_date_field(
    column: str, expected: str
) -> None:
    types = {"STAGE": "string", "CREATED_AT": "datetime", "CLOSED_ON": "date"}
    bi = BiFilter(DateRange("2026-08-01", "9999-12-31", column), (), types)
    request = build("urlData", CONNECTOR, {}, table="t", select=["STAGE"], filter=bi, limit=1)
    assert php.parse_str(request.body)["filter"] == {
        ">=" + expected: "01.08.2026 00:00:00",
        "<=" + expected: "31.12.9999 23:59:59",  # '9999-12-31' ends at 23:59:59 too (:365-369)
    }


def test_a_filter_mapping_is_sent_as_it_is() -> None:
    where = {">=D": "01.01.2026", 0: {"LOGIC": "OR", 0: {"=S": ["a"]}}}
    request = build("urlData", CONNECTOR, {}, table="t", select=["S"], filter=where, limit=1)
    assert request.fields["filter"] == where


def test_headers_as_the_http_client_builds_them() -> None:
    # §2.1: Host (the host alone: Uri::getHost), Connection: close, Accept: */*, Accept-Language:
    # en, Basic auth from user:password@, Content-Type without charset, Content-Length; no
    # User-Agent
    assert headers("https://u:p%40ss@C.example:8443/d?x=1", "a=1") == {
        "Host": "C.example",
        "Connection": "close",
        "Accept": "*/*",
        "Accept-Language": "en",
        "Authorization": "Basic dTpwJTQwc3M=",  # base64("u:p%40ss"), undecoded
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": "3",
    }


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: endpoint_name("urlDat"), "unknown endpoint 'urlDat': did you mean 'urlData'?"),
        (lambda: endpoint_name("ping"), "unknown endpoint 'ping': (known: urlCheck, urlTableList"),
        (
            lambda: build("urlCheck", CONNECTOR, {"token": "x"}),
            "the connector declares no setting 'token'",
        ),
        (
            lambda: build("urlCheck", {"urlCheck": "0"}, {}),
            "the connector has no urlCheck URL: the portal makes no call",
        ),
        (lambda: build("urlData", {}, {}, table="t"), "no urlData URL: the portal makes no call"),
        (
            lambda: build("urlTableDescription", CONNECTOR, {}),
            "urlTableDescription is always called for a table",
        ),
        (
            lambda: build("urlCheck", CONNECTOR, {}, table="t"),
            "table is sent only to urlTableDescription and urlData",
        ),
        (
            lambda: build("urlTableList", CONNECTOR, {}, select=["A"]),
            "sent only to urlData, not urlTableList",
        ),
        (
            lambda: build("urlData", CONNECTOR, {}, table="t", limit=5),
            "the dataset preview always asks for 20 rows",
        ),
        (
            lambda: build("urlData", CONNECTOR, {}, table="t", select=["A"]),
            "a BI Builder query always sends limit",
        ),
        (
            lambda: build("urlData", CONNECTOR, {}, table="t", filter={}),
            "a filter comes only with a BI Builder query",
        ),
        (
            lambda: build("urlData", CONNECTOR, {}, table="t", raw_settings=True),
            "raw settings reach only urlCheck",
        ),
    ],
)
def test_requests_the_portal_cannot_make_are_refused(call: Any, message: str) -> None:
    with pytest.raises(PortalRequestError) as raised:
        call()
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("bi", "message"),
    [
        (
            BiFilter(DateRange("2026-08-01"), (), {"A": "int"}),
            "a date range needs a date or datetime field",
        ),
        (
            BiFilter(DateRange("2026-13-01"), (), {"D": "date"}),
            "the date range start '2026-13-01' is not a date",
        ),
        (
            BiFilter(None, [[Condition("X", "EQUALS", ["1"])]], {"A": "int"}),
            "'X' is not a field of the dataset",
        ),
        (
            BiFilter(None, [[Condition("D", "EQUALS", ["soon"])]], {"D": "date"}),
            "strtotime() cannot read",
        ),
    ],
)
def test_filters_the_portal_cannot_send_are_refused(bi: BiFilter, message: str) -> None:
    with pytest.raises(FilterError) as raised:
        build("urlData", CONNECTOR, {}, table="t", select=["A"], filter=bi, limit=1)
    assert message in str(raised.value)


# --------------------------------------------------------------------------------------------
# Against PHP itself
# --------------------------------------------------------------------------------------------


def _php(code: str, stdin: str) -> str:
    assert PHP is not None
    done = subprocess.run(
        [PHP, "-d", "display_errors=stderr", "-r", code],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def _requests() -> Iterator[PortalRequest]:
    yield example()
    yield example(Target.V2025_07)
    for endpoint, options, _ in EXPECTED:
        yield build(endpoint, CONNECTOR, SETTINGS, **options)
    yield build("urlTableList", CONNECTOR, {"login": "ü ~*+&=#%[]", "password": ""}, search="a b/ц")
    yield build(
        "urlCheck", CONNECTOR, {"k[x]": True, "e": [], "n": None, "f": 1.5}, raw_settings=True
    )


@needs_php
def test_bodies_are_phps_http_build_query_byte_for_byte() -> None:
    requests = list(_requests())
    # PHP rebuilds each $data from JSON (objects as arrays; false stays false) and encodes it
    code = (
        "foreach (json_decode(stream_get_contents(STDIN), true) as $d) "
        "{ echo http_build_query($d, '', '&'), \"\\n\"; }"
    )
    given = json.dumps([request.fields for request in requests])
    assert _php(code, given).split("\n")[:-1] == [request.body for request in requests]


@needs_php
def test_parse_str_reads_the_bodies_as_php_does() -> None:
    bodies = [request.body for request in _requests()]
    code = (
        "foreach (json_decode(stream_get_contents(STDIN), true) as $b) "
        '{ parse_str($b, $o); echo json_encode($o, JSON_FORCE_OBJECT), "\\n"; }'
    )
    decoded = [json.loads(line) for line in _php(code, json.dumps(bodies)).split("\n")[:-1]]

    def as_json(value: Any) -> Any:
        return (
            {str(k): as_json(v) for k, v in value.items()} if isinstance(value, Mapping) else value
        )

    assert decoded == [as_json(php.parse_str(body)) for body in bodies]


DATES = [
    datetime(2026, 8, 1, 0, 0, 0),
    datetime(2026, 12, 31, 23, 59, 59),
    datetime(2026, 3, 5, 12, 7, 9),
]
FORMATS = ["d.m.Y H:i:s", "m/d/Y h:i:s a", "Y-m-d", "j.n.y G:i A", "d F Y, D", "M l g \\h"]


@needs_php
def test_site_dates_are_phps_date() -> None:
    moments = [moment.strftime("%Y-%m-%d %H:%M:%S") for moment in DATES]
    code = (
        "date_default_timezone_set('UTC'); $in = json_decode(stream_get_contents(STDIN), true);"
        'foreach ($in[1] as $f) foreach ($in[0] as $m) echo date($f, strtotime($m)), "\\n";'
    )
    expected = _php(code, json.dumps([moments, FORMATS])).split("\n")[:-1]
    assert [php_date(f, moment) for f in FORMATS for moment in DATES] == expected


# --------------------------------------------------------------------------------------------
# The curl command, run against a local server
# --------------------------------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.seen.append((self.command, dict(self.headers.items()), self.rfile.read(length)))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_the_curl_command_sends_the_portals_body_and_headers() -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/data?x=1"
        connector = {"urlData": url, "settings": [{"code": "login", "name": "L", "type": "STRING"}]}
        request = build(
            "urlData", connector, {"login": "it's me"}, table="t", select=["A B"], limit=3
        )
        _Recorder.seen.clear()
        subprocess.run(["sh", "-c", as_curl(request)], check=True, capture_output=True, timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    [(method, received, body)] = _Recorder.seen
    assert method == "POST"
    assert body.decode() == request.body
    assert received["Host"] == "127.0.0.1"  # the host alone, as the portal's client writes it
    assert received["Content-Type"] == "application/x-www-form-urlencoded"
    assert received["Accept-Language"] == "en"
    assert received["Connection"] == "close"
    assert "User-Agent" not in received
