"""The project's public face: one home address everywhere, and the documents that ship with it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bicon_lint import sources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_pyproject_urls_are_the_home() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    urls = project["urls"]
    assert urls["Homepage"] == sources.HOME_URL
    assert all(url.startswith(sources.HOME_URL) for url in urls.values()), urls
    assert urls["Rules"] == sources.RULES_DOC_URL
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_every_project_address_in_the_docs_is_the_home() -> None:
    """No placeholder owner, no second spelling of the project's repository."""
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        assert "<owner>" not in text, document.name
        for url in re.findall(r"https?://github\.com/[\w.-]+/bicon-lint\b[^\s)`\"']*", text):
            assert url.startswith(sources.HOME_URL), (document.name, url)


def test_user_documents_cite_no_internal_document() -> None:
    """The documents users read name only public sources."""
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for internal in ("SERVER-SPEC", "ENDPOINT-CONTRACT"):
            assert internal not in text, (document.name, internal)


def test_rule_url_is_an_anchor_of_the_rule_reference() -> None:
    reference = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    url = sources.rule_url("settings-type-enum")
    assert url == f"{sources.RULES_DOC_URL}#settings-type-enum"
    assert "\n## settings-type-enum\n" in reference


def test_docs_and_server_addresses() -> None:
    assert sources.docs_url("biconnector.connector.add") == (
        "https://apidocs.bitrix24.com/api-reference/biconnector/connector/"
        "biconnector-connector-add.html"
    )
    assert sources.docs_url("BICONNECTOR.TABLE.FIELDS.UPDATE").endswith(
        "/table/biconnector-table-fields-update.html"
    )
    assert sources.docs_url("*").endswith("/biconnector/index.html")
    path = "biconnector/lib/Rest/Base.php"
    assert sources.server_paths(f"see ``{path}`` and {path}, main/lib/web/json.php") == [
        path,
        "main/lib/web/json.php",
    ]
    # a path inside another repository's tree is not a file of the mirror
    older = "bitrix/modules/biconnector/lib/Rest/Connector.php in alex-jazzman/bitrix24_source"
    assert sources.server_paths(older) == []
    assert sources.server_paths("ui/lib/entityselector/item.php:61-67") == [
        "ui/lib/entityselector/item.php"
    ]
    assert sources.server_url(path) == (
        f"https://github.com/yuliai/bitrix-modules/blob/{sources.SERVER_COMMIT}/{path}"
    )


def test_endpoint_rules_link_the_connectors_overview() -> None:
    """The connector's endpoints have no method page: their rules link the connectors' overview,
    where the REST docs describe what the portal sends and expects."""
    found = dict(sources.references("", ["endpoint.urlcheck", "request.urldata"]))
    assert list(found.values()) == [sources.CONNECTORS_OVERVIEW_URL]
    mixed = sources.references("", ["biconnector.connector.add", "endpoint.urldata"])
    assert [url for _, url in mixed] == [
        sources.docs_url("biconnector.connector.add"),
        sources.CONNECTORS_OVERVIEW_URL,
    ]
