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
from typing import BinaryIO

from bicon_lint.api import LoadError, Report, RunResult, lint_document
from bicon_lint.identify import identify
from bicon_lint.loaders import Document, load_path, load_text
from bicon_lint.model import Payload, Rule, RunContext
from bicon_lint.rules import RULES
from bicon_lint.targets import DEFAULT_TARGET, Target

PAYLOAD_SUFFIXES: tuple[str, ...] = (".json",)
SKIPPED_DIRECTORIES = frozenset({"node_modules", "__pycache__", "venv"})


@dataclass(frozen=True, slots=True)
class Options:
    method: str | None = None
    target: Target = DEFAULT_TARGET
    only_payloads: bool = False
    stdin_filename: str | None = None
    rules: Sequence[Rule] = RULES


@dataclass(slots=True)
class Loaded:
    document: Document
    only_payloads: bool  # skip it quietly if it is not a payload (hook mode, or found by walking)


@dataclass(slots=True)
class Inputs:
    loaded: list[Loaded] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def walk(directory: Path) -> Iterator[Path]:
    """Payload candidates below ``directory``, sorted, skipping hidden and vendored folders."""
    for root, folders, files in os.walk(directory):
        folders[:] = sorted(
            name for name in folders if not name.startswith(".") and name not in SKIPPED_DIRECTORIES
        )
        for name in sorted(files):
            if name.endswith(PAYLOAD_SUFFIXES):
                yield Path(root, name)


def load_inputs(paths: Sequence[str], options: Options, stdin: BinaryIO | None = None) -> Inputs:
    inputs = Inputs()
    for given in paths:
        if given == "-":
            data = (stdin or sys.stdin.buffer).read()
            document = load_text(data, options.stdin_filename or "<stdin>")
            inputs.loaded.append(Loaded(document, options.only_payloads))
            continue
        path = Path(given)
        walked = path.is_dir()
        for candidate in walk(path) if walked else (path,):
            try:
                document = load_path(candidate)
            except LoadError as error:
                inputs.failures.append(str(error))
                continue
            inputs.loaded.append(Loaded(document, options.only_payloads or walked))
    return inputs


def context_of(inputs: Inputs, options: Options) -> RunContext:
    """Every identifiable payload of the run, for checks that compare files."""
    payloads = []
    for item in inputs.loaded:
        if not item.document.lintable:
            continue
        found = identify(item.document.value, options.method, options.target, infer=False)
        if found is not None and found.method is not None:
            method = found.method.strip().lower()
            payloads.append(Payload(item.document.path, method, found.params))
    return RunContext(tuple(payloads))


def run_paths(paths: Sequence[str], options: Options, stdin: BinaryIO | None = None) -> RunResult:
    inputs = load_inputs(paths, options, stdin)
    context = context_of(inputs, options)
    reports: list[Report] = [
        lint_document(
            item.document,
            method=options.method,
            target=options.target,
            only_payloads=item.only_payloads,
            rules=options.rules,
            context=context,
        )
        for item in inputs.loaded
    ]
    return RunResult(reports=reports, failures=inputs.failures)
