"""One run over many paths: find the files, load them, gather what cross-file checks need, lint.

Two passes: every file is loaded and identified first, so that a source's check can see the
connector payloads of the same run (``RunContext``); then each document is linted. Reports come
back in the order the paths were given (a directory's files sorted), whatever happens inside.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from bicon_lint import parallel
from bicon_lint.api import LoadError, Report, RunResult, lint_document_all
from bicon_lint.batch import find_batch
from bicon_lint.identify import identify
from bicon_lint.loaders import PAYLOAD_FILE_SUFFIXES, Document, load_path, load_text
from bicon_lint.model import Payload, Rule, RunContext
from bicon_lint.rules import RULES
from bicon_lint.targets import DEFAULT_TARGET, Target

if TYPE_CHECKING:
    from bicon_lint.config import FileSettings, Resolver

PAYLOAD_SUFFIXES: tuple[str, ...] = PAYLOAD_FILE_SUFFIXES  # JSON, YAML and form bodies
SKIPPED_DIRECTORIES = frozenset({"node_modules", "__pycache__", "venv"})


@dataclass(frozen=True, slots=True)
class Options:
    method: str | None = None
    target: Target = DEFAULT_TARGET
    only_payloads: bool = False
    stdin_filename: str | None = None
    rules: Sequence[Rule] = RULES
    # Per-file settings ([tool.bicon-lint] merged with the command line: method, target,
    # selection, include/exclude); None checks every file with the options above.
    resolver: Resolver | None = None


@dataclass(slots=True)
class Loaded:
    document: Document
    only_payloads: bool  # skip it quietly if it is not a payload (hook mode, or found by walking)
    settings: FileSettings | None = None  # from Options.resolver


@dataclass(slots=True)
class Inputs:
    loaded: list[Loaded] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def walk(directory: Path, resolver: Resolver | None = None) -> Iterator[Path]:
    """Payload candidates below ``directory``, sorted, skipping hidden and vendored folders (and
    what the configuration's ``exclude`` names, or its ``include`` does not)."""
    for root, folders, files in os.walk(directory):
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".")
            and name not in SKIPPED_DIRECTORIES
            and (resolver is None or resolver.walk_keeps(Path(root, name), folder=True))
        )
        for name in sorted(files):
            readable = name.endswith(PAYLOAD_SUFFIXES)
            if resolver is None:
                if readable:
                    yield Path(root, name)
            elif resolver.walk_keeps(Path(root, name), folder=False, default=readable):
                yield Path(root, name)


def load_inputs(paths: Sequence[str], options: Options, stdin: BinaryIO | None = None) -> Inputs:
    inputs = Inputs()
    resolver = options.resolver
    for given in paths:
        if given == "-":
            data = (stdin or sys.stdin.buffer).read()
            settings = resolver.settings_for(options.stdin_filename) if resolver else None
            if settings is not None and settings.force_excluded:
                continue
            document = load_text(data, options.stdin_filename or "<stdin>")
            inputs.loaded.append(Loaded(document, options.only_payloads, settings))
            continue
        path = Path(given)
        walked = path.is_dir()
        if resolver is not None and resolver.force_excluded(path):
            continue
        for candidate in walk(path, resolver) if walked else (path,):
            try:
                document = load_path(candidate)
            except LoadError as error:
                inputs.failures.append(str(error))
                continue
            settings = resolver.settings_for(candidate) if resolver else None
            inputs.loaded.append(Loaded(document, options.only_payloads or walked, settings))
    return inputs


def _method(item: Loaded, options: Options) -> str | None:
    if item.settings is None:
        return options.method
    return item.settings.method_for(item.document.value if item.document.lintable else None)


def _target(item: Loaded, options: Options) -> Target:
    return item.settings.target if item.settings is not None else options.target


def context_of(inputs: Inputs, options: Options) -> RunContext:
    """Every identifiable payload of the run, for checks that compare files."""
    payloads: list[Payload] = []
    for item in inputs.loaded:
        if not item.document.lintable:
            continue
        call = find_batch(item.document)
        if call is not None:  # each command of a batch file is a payload of the run
            payloads.extend(
                Payload(item.document.path, command.method.lower(), command.params)
                for command in call.commands
                if command.biconnector
            )
            continue
        found = identify(
            item.document.value, _method(item, options), _target(item, options), infer=False
        )
        if found is not None and found.method is not None:
            method = found.method.strip().lower()
            payloads.append(Payload(item.document.path, method, found.params))
    return RunContext(tuple(payloads))


def run_paths(paths: Sequence[str], options: Options, stdin: BinaryIO | None = None) -> RunResult:
    inputs = load_inputs(paths, options, stdin)
    context = context_of(inputs, options)
    # Many files are linted on every core (forked workers; the order of the reports is kept).
    linted = parallel.map_ordered(lambda item: _lint(item, options, context), inputs.loaded)
    reports: list[Report] = [report for of_file in linted for report in of_file]
    return RunResult(reports=reports, failures=inputs.failures)


def _lint(item: Loaded, options: Options, context: RunContext) -> list[Report]:
    """The file's reports: one, or one per command of a batch file."""
    settings = item.settings
    reports = lint_document_all(
        item.document,
        method=_method(item, options),
        target=_target(item, options),
        # a file the configuration maps to a method is a payload: never skipped as "not ours"
        only_payloads=item.only_payloads and (settings is None or settings.mapped is None),
        rules=options.rules,
        context=context,
    )
    # Selection drops or re-grades diagnostics after linting: server_error is unaffected.
    return [settings.select(report) for report in reports] if settings is not None else reports
