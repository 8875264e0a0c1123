"""Check every ``biconnector.*`` call made through the official ``b24pysdk`` before it is sent.

Wrap the token the SDK client is built with; nothing else changes in the calling code::

    from b24pysdk import BitrixWebhook, Client
    from bicon_lint.b24pysdk import CheckedToken

    client = Client(CheckedToken(BitrixWebhook(domain="example.bitrix24.com", webhook_token="1/key")))
    client.biconnector.connector.update(4, {"sort": "0x1A"}).call()   # raises PayloadError, sends nothing

Single calls travel as JSON (``requests.post(json=...)``), so the params are checked as PHP's
``json_decode`` gives them back (``bicon_lint.json_body``: an integer beyond 64 bits is a float; a
lone surrogate, nesting 512 levels deep or NaN leaves the server no params). Batch commands
travel as query strings (``CRestUtil::ParseBatchQuery``, ``rest/classes/general/rest_util.php``):
each is encoded with the SDK's own encoder and decoded
as PHP's ``parse_str`` does, so the check sees what the server sees (``True`` arrives as the string
``"True"``, which no ``boolean`` field accepts). This module never imports the SDK itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bicon_lint import php
from bicon_lint.api import PayloadError, Report, lint_payload, rejects
from bicon_lint.targets import DEFAULT_TARGET, Target


def _is_biconnector(method: object) -> bool:
    return isinstance(method, str) and method.strip().lower().startswith("biconnector.")


class CheckedToken:
    """A proxy for a b24pysdk token: ``call_method`` and the batch calls are linted first and raise
    :class:`PayloadError` when the server would reject a ``biconnector.*`` call (with ``strict``,
    also on bicon-lint's own errors, such as a private-network endpoint)."""

    def __init__(
        self,
        token: Any,
        *,
        target: Target | str = DEFAULT_TARGET,
        encoder: Callable[[Any], str] | None = None,
        strict: bool = False,
    ) -> None:
        self._token = token
        self._strict = strict
        self._target = target
        self._encoder = encoder
        self.reports: list[Report] = []  # what was checked, in call order

    def __getattr__(self, name: str) -> Any:
        return getattr(self._token, name)

    def _check(self, method: str, params: Any, encoding: str = "json") -> None:
        report = lint_payload(params or {}, method, target=self._target, encoding=encoding)
        self.reports.append(report)
        if rejects(report, strict=self._strict):
            raise PayloadError(report)

    def _encode(self, params: Any) -> str:
        if self._encoder is None:
            from b24pysdk.utils.encoding import encode_params  # the SDK's own batch encoder

            self._encoder = encode_params
        return self._encoder(params or {})

    def _check_batch(self, methods: Mapping[Any, Any] | Iterable[Any]) -> None:
        commands = methods.values() if isinstance(methods, Mapping) else methods
        for command in commands:
            method, params = command[0], command[1]
            if _is_biconnector(method):
                self._check(method, php.parse_str(self._encode(params)), encoding="batch")

    def call_method(self, api_method: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if _is_biconnector(api_method):
            self._check(api_method, params)
        return self._token.call_method(api_method, params, *args, **kwargs)

    def call_batch(self, methods: Any, *args: Any, **kwargs: Any) -> Any:
        self._check_batch(methods)
        return self._token.call_batch(methods, *args, **kwargs)

    def call_batches(self, methods: Any, *args: Any, **kwargs: Any) -> Any:
        self._check_batch(methods)
        return self._token.call_batches(methods, *args, **kwargs)

    def __repr__(self) -> str:
        return f"CheckedToken({self._token!r})"
