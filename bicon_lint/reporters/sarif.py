"""SARIF 2.1.0 (OASIS): one run, every rule's metadata, one result per diagnostic.

* Columns count code points, as everywhere in bicon-lint: the run says so with
  ``"columnKind": "unicodeCodePoints"`` (SARIF 2.1.0, section 3.14.27) instead of converting to
  UTF-16 code units.
  Regions are 1-based, ``endColumn`` exclusive, as SARIF's are.
* ``tool.driver.rules`` holds one reporting descriptor per (rule, code) pair of every rule, in the
  order of ``bicon-lint rules``. Two rules share a server code (``BX_INVALID_VALUE``, ``0``); their
  descriptors share the id, which SARIF allows (section 3.19.23), and ``ruleIndex`` tells them
  apart.
  Each describes its rule as ``bicon-lint rule`` does: ``help.text`` is that text, ``help.markdown``
  the rule's section of docs/rules.md, ``helpUri`` that section's address, ``fullDescription`` the
  rule's documentation as plain text.
* The server's predicted answer is not a result (it is one of the diagnostics, seen from the
  server): each analysed file is an entry of ``run.artifacts`` whose ``properties.reports`` lists,
  per report of that file, the JSON output's ``command``, ``method``, ``target`` and
  ``server_error``.
* ``partialFingerprints["biconLint/v1"]`` hashes the path, the command, the code, the JSON
  pointer and the message, not the line: a result keeps it when lines move.
* Paths that could not be read are error notifications of the invocation, which then reports
  ``executionSuccessful: false``.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from bicon_lint import __version__, sources
from bicon_lint.api import RunResult
from bicon_lint.docs import ALL_RULES, plain_doc, rule_markdown, rule_text
from bicon_lint.model import Diagnostic, Severity
from bicon_lint.reporters._common import artifact_uri, display_path, fingerprints

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "biconLint/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@functools.cache
def _descriptors() -> tuple[list[dict[str, Any]], dict[tuple[str, str], int]]:
    """Every code's rule descriptor (the same in every run: made once per process, about 0.2 s of
    rendering every rule's text; the documents only read them)."""
    descriptors: list[dict[str, Any]] = []
    index: dict[tuple[str, str], int] = {}
    for rule in ALL_RULES:
        # the texts are the rule's, shared by the descriptors of its codes
        full = plain_doc(rule)
        short = rule.spec.summary or full.split("\n\n", 1)[0].replace("\n", " ")
        help_ = {"text": rule_text(rule), "markdown": rule_markdown(rule)}
        for code, info in rule.spec.codes.items():
            index[(rule.spec.name, code)] = len(descriptors)
            descriptors.append(
                {
                    "id": code,
                    "name": rule.spec.name,
                    "shortDescription": {"text": short},
                    "fullDescription": {"text": full},
                    "helpUri": sources.rule_url(rule.spec.name),
                    "help": help_,
                    "defaultConfiguration": {"level": LEVELS[info.severity]},
                    "properties": {"server": info.server},
                }
            )
    return descriptors, index


def _region(diagnostic: Diagnostic) -> dict[str, int] | None:
    if diagnostic.line is None or diagnostic.column is None:
        return None
    region = {"startLine": diagnostic.line, "startColumn": diagnostic.column}
    if diagnostic.end_line is not None and diagnostic.end_column is not None:
        region |= {"endLine": diagnostic.end_line, "endColumn": diagnostic.end_column}
    return region


def render(result: RunResult, color: bool = False) -> str:
    rule_index = _descriptors()[1]

    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    for report in result.checked:
        uri = artifact_uri(display_path(report))
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            artifacts.append(
                {
                    "location": {"uri": uri},
                    "roles": ["analysisTarget"],
                    "properties": {"reports": []},
                }
            )
        artifacts[artifact_index[uri]]["properties"]["reports"].append(
            {
                "command": report.command,
                "method": report.method,
                "target": report.target.label,
                "server_error": report.server_error.as_dict() if report.server_error else None,
            }
        )

    results: list[dict[str, Any]] = []
    for report, diagnostic, fingerprint in fingerprints(result):
        uri = artifact_uri(display_path(report))
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "index": artifact_index[uri]}}
        region = _region(diagnostic)
        if region is not None:
            physical["region"] = region
        entry: dict[str, Any] = {"ruleId": diagnostic.code}
        found = rule_index.get((diagnostic.rule, diagnostic.code))
        if found is not None:
            entry["ruleIndex"] = found
        entry |= {
            "level": LEVELS[diagnostic.severity],
            "message": {"text": diagnostic.message},
            "locations": [
                {
                    "physicalLocation": physical,
                    "logicalLocations": [{"fullyQualifiedName": diagnostic.pointer}],
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        if report.command is not None:
            entry["properties"] = {"command": report.command}
        results.append(entry)

    invocation: dict[str, Any] = {"executionSuccessful": not result.failures}
    if result.failures:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": failure}} for failure in result.failures
        ]

    run = {
        "tool": {
            "driver": {
                "name": "bicon-lint",
                "version": __version__,
                "informationUri": sources.HOME_URL,
                "rules": _RULES_MARK,
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    text = json.dumps(document, ensure_ascii=False, indent=2)
    # the rule descriptors (about 1 MB of JSON, the same in every run) are written once per
    # process and put in their place: the document is byte for byte what dumping them gives
    mark = json.dumps(_RULES_MARK)
    at = text.index(mark)
    indent = at - text.rindex("\n", 0, at) - 1 - len('"rules": ')
    return text[:at] + _rules_json(indent) + text[at + len(mark) :] + "\n"


# Put where the descriptors go; "rules" comes before every value of the run in the document, so
# the first occurrence of the mark is its own, whatever text a payload holds.
_RULES_MARK = "\x00rules\x00"


@functools.cache
def _rules_json(indent: int) -> str:
    """The descriptors as ``json.dumps(..., indent=2)`` writes them ``indent`` columns in."""
    return json.dumps(_descriptors()[0], ensure_ascii=False, indent=2).replace(
        "\n", "\n" + " " * indent
    )
