"""bicon-lint guarding calls made through the real official SDK, b24pysdk, with the network cut."""

from __future__ import annotations

import socket
import sys
from typing import Any

import pytest

if sys.version_info < (3, 11):  # b24pysdk 1.3 declares 3.9+, but its own classes fail to build
    pytest.skip(
        "b24pysdk 1.3 does not import on Python 3.10 (TypeError: multiple bases have instance "
        "lay-out conflict, in b24pysdk.api.responses)",
        allow_module_level=True,
    )
b24pysdk = pytest.importorskip("b24pysdk")

from bicon_lint import PayloadError  # noqa: E402
from bicon_lint.b24pysdk import CheckedToken  # noqa: E402

TIME = {
    "start": 0,
    "finish": 0,
    "duration": 0,
    "processing": 0,
    "date_start": "2026-01-01T00:00:00+00:00",
    "date_finish": "2026-01-01T00:00:00+00:00",
}

GOOD_FIELDS = {"title": "Sales", "sort": "100", "supportMapping": True}


class RecordingWebhook(b24pysdk.BitrixWebhook):  # type: ignore[misc]
    """The SDK's own webhook token; the one network step is replaced by recording the call."""

    def __init__(self) -> None:
        super().__init__(domain="example.bitrix24.com", webhook_token="1/not-a-real-key")
        self.sent: list[tuple[str, Any]] = []

    def call_method(self, api_method: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        self.sent.append((api_method, params))
        return {"result": True, "time": TIME}

    def call_batch(self, methods: Any, *args: Any, **kwargs: Any) -> Any:
        self.sent.append(("batch", methods))
        empty = {"result": {}, "result_error": {}, "result_total": {}, "result_next": {}}
        return {"result": {**empty, "result_time": {}}, "time": TIME}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("bicon-lint tests must not open network connections")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def client_for(inner: RecordingWebhook, target: str = "latest") -> Any:
    return b24pysdk.Client(CheckedToken(inner, target=target))


def test_bad_update_is_refused_before_sending() -> None:
    inner = RecordingWebhook()
    request = client_for(inner).biconnector.connector.update(4, {"sort": "0x1A"})
    with pytest.raises(PayloadError) as raised:
        request.call()
    # SERVER-SPEC §3.3/§3.4: "0x1A" is not is_numeric, so the integer check fails.
    assert raised.value.server_error is not None
    assert raised.value.server_error.code == "VALIDATION_INVALID_FIELD_TYPE"
    assert raised.value.server_error.message == 'Field "sort" must be of type integer.'
    assert [d.pointer for d in raised.value.diagnostics] == ["/fields/sort"]
    assert inner.sent == []


def test_good_update_reaches_the_sdk_unchanged() -> None:
    inner = RecordingWebhook()
    client_for(inner).biconnector.connector.update(4, GOOD_FIELDS).call()
    assert inner.sent == [("biconnector.connector.update", {"id": 4, "fields": GOOD_FIELDS})]


def test_add_without_required_fields_names_the_first_in_server_order() -> None:
    inner = RecordingWebhook()
    request = client_for(inner).biconnector.connector.add({"title": "T", "logo": "x"})
    with pytest.raises(PayloadError) as raised:
        request.call()
    # §4.1: urlCheck is the first required field after title and logo in getFields() order.
    assert raised.value.server_error is not None
    assert raised.value.server_error.message == 'Field "urlCheck" is required.'
    assert inner.sent == []


def test_batch_booleans_arrive_as_strings() -> None:
    """§2.6, §8.1: batch commands are query strings; the SDK encodes True as "True"."""
    inner = RecordingWebhook()
    client = client_for(inner)
    update = client.biconnector.connector.update(4, GOOD_FIELDS)
    with pytest.raises(PayloadError) as raised:
        client.call_batch({"u": update}).call()
    assert raised.value.server_error is not None
    assert raised.value.server_error.message == 'Field "supportMapping" must be of type boolean.'
    assert [d.pointer for d in raised.value.diagnostics] == ["/fields/supportMapping"]
    assert inner.sent == []


def test_batch_without_booleans_passes() -> None:
    inner = RecordingWebhook()
    client = client_for(inner)
    fields = {"title": "Sales", "sort": 100}
    client.call_batch({"u": client.biconnector.connector.update(4, fields)}).call()
    assert [name for name, _ in inner.sent] == ["batch"]


def test_other_scopes_are_not_checked() -> None:
    inner = RecordingWebhook()
    token = CheckedToken(inner)
    token.call_method("crm.deal.add", {"fields": "anything"})
    assert inner.sent == [("crm.deal.add", {"fields": "anything"})]
    assert token.reports == []


def test_target_decides_what_is_known() -> None:
    """§1.1: supportMapping arrived 2026-01-16; earlier servers call it unknown."""
    inner = RecordingWebhook()
    request = client_for(inner, target="2025-07").biconnector.connector.update(4, GOOD_FIELDS)
    with pytest.raises(PayloadError) as raised:
        request.call()
    assert raised.value.server_error is not None
    assert raised.value.server_error.message == "Unknown parameters: supportMapping"


def test_advisory_errors_block_only_in_strict_mode() -> None:
    """The server accepts a localhost endpoint (§7: the portal refuses to call it later)."""
    fields = {"urlCheck": "https://localhost/check"}
    relaxed = RecordingWebhook()
    client_for(relaxed).biconnector.connector.update(4, fields).call()
    assert [name for name, _ in relaxed.sent] == ["biconnector.connector.update"]
    strict_inner = RecordingWebhook()
    strict = b24pysdk.Client(CheckedToken(strict_inner, strict=True))
    with pytest.raises(PayloadError) as raised:
        strict.biconnector.connector.update(4, fields).call()
    assert raised.value.server_error is None
    assert "BL312" in {d.code for d in raised.value.diagnostics}
    assert strict_inner.sent == []


def test_an_id_beyond_64_bits_is_refused_as_php_decodes_it() -> None:
    """The SDK sends JSON (requests json=); json_decode makes 9999999999999999999 the float
    1.0E+19, which is no positive integer for PHP (SERVER-SPEC §3.3)."""
    inner = RecordingWebhook()
    request = client_for(inner).biconnector.connector.update(9999999999999999999, GOOD_FIELDS)
    with pytest.raises(PayloadError) as raised:
        request.call()
    assert raised.value.server_error is not None
    assert raised.value.server_error.code == "VALIDATION_INVALID_ID_FORMAT"
    assert inner.sent == []


def test_a_lone_surrogate_empties_the_body_and_is_refused() -> None:
    """json.dumps writes "\\ud800", which json_decode rejects: the server sees no params (§2.1)."""
    inner = RecordingWebhook()
    request = client_for(inner).biconnector.connector.update(4, {"title": "Склад \ud800"})
    with pytest.raises(PayloadError) as raised:
        request.call()
    assert raised.value.server_error is not None
    assert raised.value.server_error.code == "VALIDATION_ID_NOT_PROVIDED"
    assert [(d.code, d.pointer) for d in raised.value.diagnostics if d.code == "BL006"] == [
        ("BL006", "/fields/title")
    ]
    assert inner.sent == []
