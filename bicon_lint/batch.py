"""``batch`` commands: ``method?query`` strings, decoded as the REST core decodes them.

``CRestUtil::ParseBatchQuery`` splits each command with ``parse_url`` and decodes the query with
``parse_str`` (SERVER-SPEC §2.6), so every leaf value reaches the method as a string, whatever the
outer batch request's encoding was: ``fields[supportMapping]=true`` is the string ``"true"``.
"""

from __future__ import annotations

from typing import Any

from bicon_lint import php


def decode_command(command: str) -> tuple[str, dict[str | int, Any]]:
    """The method and the params of one batch command.

    >>> decode_command("biconnector.connector.update?id=4&fields[sort]=10")
    ('biconnector.connector.update', {'id': '4', 'fields': {'sort': '10'}})
    """
    method, _, query = command.partition("?")
    return method.strip(), php.parse_str(query)
