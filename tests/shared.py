"""Test data several test modules use: one place, so that they cannot drift apart."""

from __future__ import annotations

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
