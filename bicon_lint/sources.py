"""Public addresses: the project's home, its rule reference, and the sources rules cite.

A rule's documentation cites where its behaviour comes from in material anyone can read:

* the server's code, by its path in the Bitrix module tree (``biconnector/lib/Rest/Base.php``,
  ``main/lib/orm/fields/field.php``, ``rest/classes/general/rest_util.php``), which
  :func:`references` turns into a link to that file in a public mirror of the modules at the
  commit the rules were checked against;
* the REST docs, by the page of each method the rule applies to (:func:`docs_url`);
* PHP's own functions, by their manual page (``https://www.php.net/...``), written out in full.

``bicon-lint rule``, docs/rules.md and SARIF's ``helpUri`` all take their addresses from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bicon_lint.model import ANY_METHOD

HOME_URL = "https://github.com/bicon-lint/bicon-lint"
RULES_DOC_URL = f"{HOME_URL}/blob/main/docs/rules.md"

# A public mirror of the Bitrix modules (biconnector, main, rest), at the newest commit read.
SERVER_MIRROR = "https://github.com/yuliai/bitrix-modules"
SERVER_COMMIT = "a3a2a579ba9fdb636ede47f2d8ca02f9c8a66dc9"
SERVER_MODULE_VERSION = "26.250.100"  # the main module version that commit names

DOCS_BASE = "https://apidocs.bitrix24.com/api-reference/biconnector"
# The connectors' overview page: what the portal sends to a connector's endpoints and expects back.
CONNECTORS_OVERVIEW_URL = f"{DOCS_BASE}/connector/index.html"

# A path in the module tree: <module>/(lib|classes|install|lang)/...php
# (``bitrix/modules/biconnector/lib/...`` names a file of another repository: it is not linked)
_SERVER_PATH = re.compile(
    r"(?<![\w/.-])(?:biconnector|main|rest|ui)/(?:lib|classes|install|lang)/[\w./-]+\.php\b"
)


def rule_url(name: str) -> str:
    """The rule's section in the rule reference."""
    return f"{RULES_DOC_URL}#{name}"


def server_url(path: str) -> str:
    """A file of the server's modules, e.g. ``biconnector/lib/Rest/Connector.php``."""
    return f"{SERVER_MIRROR}/blob/{SERVER_COMMIT}/{path}"


def docs_url(method: str) -> str:
    """The REST docs page of a ``biconnector.*`` method (or of the module, for ``*``)."""
    if method == ANY_METHOD:
        return f"{DOCS_BASE}/index.html"
    parts = method.lower().split(".")
    if len(parts) < 3 or parts[0] != "biconnector":
        return f"{DOCS_BASE}/index.html"
    return f"{DOCS_BASE}/{parts[1]}/{'-'.join(parts)}.html"


def server_paths(text: str) -> list[str]:
    """The server files a documentation text names, in order, each once."""
    return list(dict.fromkeys(match.group(0) for match in _SERVER_PATH.finditer(text)))


def references(text: str, methods: Iterable[str]) -> list[tuple[str, str]]:
    """``(label, url)`` for each server file ``text`` names, then each method's docs page."""
    found = [(path, server_url(path)) for path in server_paths(text)]
    names = sorted(set(methods))
    methods_of_the_api = [name for name in names if name.startswith("biconnector.")]
    if ANY_METHOD in names:
        found.append(("REST docs: biconnector", docs_url(ANY_METHOD)))
    else:
        found += [(f"REST docs: {name}", docs_url(name)) for name in methods_of_the_api]
    if len(methods_of_the_api) < len(names) and ANY_METHOD not in names:
        # the connector's endpoints (endpoint.urlcheck, request.urldata): the connectors' overview
        found.append(("REST docs: connectors and their endpoints", CONNECTORS_OVERVIEW_URL))
    return found
