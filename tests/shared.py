"""Test data and helpers several test modules use: one place, so that they cannot drift apart."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

# Fields of biconnector.connector.fields on 2026-05, in the server's order (SERVER-SPEC §4.1).
CONNECTOR_FIELDS_2026_05 = [
    "id",
    "title",
    "logo",
    "description",
    "sort",
    "urlCheck",
    "urlData",
    "urlTableList",
    "urlTableDescription",
    "settings",
    "dateCreate",
    "supportMapping",
]

# Two errors: the settings type (line 6, VALIDATION_SETTINGS_INVALID_TYPE, settings-type-enum) and
# the type of "sort" (line 7, VALIDATION_INVALID_FIELD_TYPE, field-type). The server validates the
# field types before the settings, so it answers the "sort" error.
BAD = """\
{
  "method": "biconnector.connector.update",
  "params": {
    "id": 4,
    "fields": {
      "settings": [{"code": "token", "name": "Token", "type": "string"}],
      "sort": "0x1A"
    }
  }
}
"""


@contextlib.contextmanager
def no_hang(seconds: int = 60) -> Iterator[None]:
    """Fail, rather than stall the suite, if the block has not finished after ``seconds``: a
    guard against a hang (an alias bomb expanded after all), far above any normal run. Speed
    itself is measured by benchmarks/, never asserted here."""
    if not hasattr(signal, "SIGALRM"):  # Windows: no guard
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
