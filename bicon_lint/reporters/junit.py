"""JUnit XML: ``testsuites`` > one ``testsuite`` per checked file (per batch command) > ``testcase``.

* Each diagnostic is a test case named ``CODE POINTER`` (its class name is the file), so a finding
  keeps its name when lines move. An error is a ``failure`` (``type`` the code, ``message`` the
  message, the body ``path:line:col: CODE message [rule]``); a warning or an info passes, its line
  in ``system-out``: failures count what makes the exit code 1.
* A file without diagnostics is one passing test case named ``bicon-lint``.
* The suite's ``properties`` give the method, the target, the batch command and the server's
  predicted answer (``server``: ``answers CODE: message`` or ``crashes with no error code (...)``).
* Paths that could not be read are test cases with an ``error`` in a last suite, ``unreadable``.

Built with ``xml.etree``; characters XML 1.0 cannot hold (control characters, lone surrogates) are
written as ``\\xNN`` / ``\\uNNNN``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from bicon_lint.api import Report, RunResult
from bicon_lint.model import Diagnostic, Severity
from bicon_lint.reporters._common import answer_sentence, display_path, escaped, label, where

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(escaped, text)


def _element(
    parent: ET.Element, tag: str, text: str | None = None, **attributes: str
) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {key: _xml_text(value) for key, value in attributes.items()}
    )
    if text is not None:
        element.text = _xml_text(text)
    return element


def _line(path: str, diagnostic: Diagnostic) -> str:
    return f"{where(path, diagnostic)}: {diagnostic.code} {diagnostic.message} [{diagnostic.rule}]"


def _suite(parent: ET.Element, report: Report) -> tuple[int, int]:
    path = display_path(report)
    name = label(report)
    failures = sum(d.severity is Severity.ERROR for d in report.diagnostics)
    tests = max(len(report.diagnostics), 1)
    suite = _element(
        parent,
        "testsuite",
        name=name,
        tests=str(tests),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    properties = _element(suite, "properties")
    facts = {
        "method": report.method,
        "target": report.target.label,
        "command": report.command,
        "server": answer_sentence(report.server_error) if report.server_error else None,
    }
    for key, value in facts.items():
        if value is not None:
            _element(properties, "property", name=key, value=value)
    located = {"file": path} if report.path is not None else {}
    if not report.diagnostics:
        _element(suite, "testcase", name="bicon-lint", classname=name, **located)
    seen: dict[str, int] = {}
    for diagnostic in report.diagnostics:
        attributes = dict(located)
        if diagnostic.line is not None:
            attributes["line"] = str(diagnostic.line)
        case_name = f"{diagnostic.code} {diagnostic.pointer}".rstrip()
        seen[case_name] = seen.get(case_name, 0) + 1
        if seen[case_name] > 1:  # the same code at the same place: keep the names unique
            case_name += f" ({seen[case_name]})"
        case = _element(suite, "testcase", name=case_name, classname=name, **attributes)
        if diagnostic.severity is Severity.ERROR:
            text = _line(path, diagnostic)
            _element(case, "failure", text, type=diagnostic.code, message=diagnostic.message)
        else:
            _element(case, "system-out", f"{diagnostic.severity.value}: {_line(path, diagnostic)}")
    return tests, failures


def render(result: RunResult, color: bool = False) -> str:
    root = ET.Element("testsuites", {"name": "bicon-lint"})
    tests = failures = 0
    for report in result.checked:
        counted, failed = _suite(root, report)
        tests += counted
        failures += failed
    errors = len(result.failures)
    if result.failures:
        suite = _element(
            root,
            "testsuite",
            name="unreadable",
            tests=str(errors),
            failures="0",
            errors=str(errors),
            skipped="0",
        )
        for failure in result.failures:
            case = _element(suite, "testcase", name=failure, classname="unreadable")
            _element(case, "error", failure, type="unreadable", message=failure)
    root.set("tests", str(tests + errors))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
