"""One run over many paths: find the files, then load, identify and lint each on every core.

Each file is processed where it is loaded (a forked worker, or this process), and only its reports
travel back (or, for an output made file by file, ``Options.render_file``, its part of the output
and a tally, as plain values), with whether it holds connector payloads. Cross-file checks (a
``source.*`` payload compared with the connector payloads of the run, ``connectors.py``) need every
file identified first: such a file is set aside, and linted here once the connector payloads are
read again from the files that hold them. Reports come back in the order the paths were given (a
directory's files sorted), whatever happens inside.
"""

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from bicon_lint import answer_links, answers, connectors, parallel, recorded
from bicon_lint.api import (
    LoadError,
    Report,
    RunResult,
    Tally,
    lint_document_all,
    source_payloads,
)
from bicon_lint.batch import find_batch
from bicon_lint.config import Config, ConfigError, FileSettings, Resolver, shown_path
from bicon_lint.identify import identify_document
from bicon_lint.loaders import (
    READABLE_SUFFIXES,
    DirectoryError,
    Document,
    load_path,
    load_text,
)
from bicon_lint.loaders.source_loader import source_kind_of
from bicon_lint.model import NO_PAYLOADS, Payload, Rule, RunContext
from bicon_lint.rules import RULES
from bicon_lint.targets import DEFAULT_TARGET, Target

# JSON, YAML and form bodies; PHP, JavaScript/TypeScript, Python, Go and Markdown files
PAYLOAD_SUFFIXES: tuple[str, ...] = READABLE_SUFFIXES
# Folders of other people's code and of build output, skipped by a directory search (hidden
# folders too); ``include`` and ``exclude`` decide the rest.
SKIPPED_DIRECTORIES = frozenset(
    {
        "node_modules",
        "bower_components",
        "vendor",
        "__pycache__",
        "venv",
        "site-packages",
    }
)


# ``Path("")`` is the current folder: an empty path (an unset shell variable) must not search it.
EMPTY_PATH = "an empty path names no file (write '.' for the current folder)"


class Options(NamedTuple):
    method: str | None = None
    target: Target = DEFAULT_TARGET
    only_payloads: bool = False
    stdin_filename: str | None = None
    rules: Sequence[Rule] = RULES
    # Per-file settings ([tool.bicon-lint] merged with the command line: method, target,
    # selection, include/exclude); None checks every file with the options above.
    resolver: Resolver | None = None
    # Renders each file's reports where the file is linted (a worker): the run keeps that text
    # and a tally instead of the reports (RunResult.rendered, .tally), for an output that is
    # each file's part in order and a summary (reporters.file_renderer: text, json, github).
    render_file: Callable[[Sequence[Report]], str] | None = None
    # The endpoint (urlCheck, ...) whose answer each file is, byte for byte (--endpoint).
    endpoint: str | None = None
    # With render_file, for a run of one path: writes the file's part as it is made
    # (reporters.Stream.file) instead of keeping it (RunResult.rendered is then "").
    stream: Callable[[Sequence[Report]], None] | None = None


class Candidate(NamedTuple):
    """A file to check: a path, or standard input's bytes."""

    path: str | Path | None
    only_payloads: bool  # skip it quietly if it is not a payload (hook mode, or found by walking)
    data: bytes | None = None  # standard input
    settings: FileSettings | None = None  # standard input's (files resolve theirs where loaded)
    named: bool = False  # named on the command line (may be a folder: then it is searched)


class Processed(NamedTuple):
    """What checking one file gives back: its reports (or why it could not be read), and what the
    run's cross-file checks need of it."""

    reports: Sequence[Report] = ()
    failure: str | None = None
    # It holds connector payloads: a run with a source.* payload reads it again for them
    # (``_connectors``); kept for every file, they held each settings list until the run's end.
    connectors: bool = False
    deferred: bool = False  # it needs the run's connector payloads: linted once all are known
    directory: bool = False  # a path named on the command line is a folder: search it instead
    rendered: str | None = None  # with Options.render_file: its reports' text (reports are ())
    tally: Tally | None = None  # and their tally


class Loaded(NamedTuple):
    document: Document
    only_payloads: bool
    settings: FileSettings | None = None  # from Options.resolver


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
        by_type = resolver is None or resolver.walks_by_type(root)
        for name in sorted(files):
            readable = name.endswith(PAYLOAD_SUFFIXES)
            if by_type:
                if readable:
                    yield Path(root, name)
            elif resolver is not None and resolver.walk_keeps(
                Path(root, name), folder=False, default=readable
            ):
                yield Path(root, name)


def candidates(
    paths: Sequence[str], options: Options, stdin: BinaryIO | None = None
) -> list[Candidate]:
    """The files the paths name, in order: directories walked, ``force-exclude`` applied.
    ``ValueError`` for an empty path (``EMPTY_PATH``)."""
    found: list[Candidate] = []
    resolver = options.resolver
    for given in paths:
        if not given:
            raise ValueError(EMPTY_PATH)
        if given == "-":
            data = (stdin or sys.stdin.buffer).read()
            settings = resolver.settings_for(options.stdin_filename) if resolver else None
            if settings is None or not settings.force_excluded:
                found.append(Candidate(None, options.only_payloads, data, settings))
            continue
        if resolver is not None and resolver.force_excluded(given):
            continue
        if given.endswith(PAYLOAD_SUFFIXES) or not os.path.isdir(given):
            # A file, or a folder named like one: a worker finds out (``Processed.directory``).
            # Not stat'ed here, where thousands of named files would wait for it one by one.
            found.append(Candidate(given, options.only_payloads, None, None, True))  # named
        else:
            found.extend(Candidate(file, True) for file in walk(Path(given), resolver))
    return found


def load(candidate: Candidate, options: Options) -> Loaded:
    """Read and decode one candidate (``LoadError`` when it cannot be read). A file that is an
    endpoint's answer (``--endpoint``, ``[tool.bicon-lint.endpoints]``) is kept as its bytes."""
    if candidate.path is None:
        name = options.stdin_filename or "<stdin>"
        if _endpoint(candidate.settings, options) is not None:
            document = answers.bare_document(candidate.data or b"", name)
        else:
            document = load_text(candidate.data or b"", name)
            if options.stdin_filename is None:
                _hint_stdin(document)
        return Loaded(document, candidate.only_payloads, candidate.settings)
    path = candidate.path
    resolver = options.resolver
    settings = resolver.settings_for(path) if resolver else None
    endpoint = _endpoint(settings, options)  # a large urlData answer is read as a stream
    document = load_path(path) if endpoint is None else answers.bare_file(path, endpoint)
    return Loaded(document, candidate.only_payloads, settings)


STDIN_HINT = (
    "reading standard input as JSON; for YAML or a form body, pass --stdin-filename NAME.yaml "
    "or NAME.form"
)


_JSON_START = re.compile(r'\s*[\[{"]')


def _hint_stdin(document: Document) -> None:
    """Standard input without ``--stdin-filename`` is read as JSON: where it is not JSON (a YAML
    file piped in), the syntax problem says how to have it read as what it is. Not for text that
    starts as JSON does (``{``, ``[``, ``"``): that is JSON with a mistake in it."""
    if _JSON_START.match(document.text):
        return
    for index, problem in enumerate(document.problems):
        if problem.code == "BL001" and STDIN_HINT not in problem.message:
            text = problem.message
            hinted = (
                f"{text[:-1]} ({STDIN_HINT})." if text.endswith(".") else f"{text} ({STDIN_HINT})"
            )
            document.problems[index] = problem._replace(message=hinted)


def _endpoint(settings: FileSettings | None, options: Options) -> str | None:
    """The endpoint whose answer the file is (``--endpoint``, or the configuration's)."""
    return settings.answer_endpoint if settings is not None else options.endpoint


def _method(item: Loaded, options: Options) -> str | None:
    if item.settings is None:
        return options.method
    return item.settings.method_for(item.document.value if item.document.lintable else None)


def _target(item: Loaded, options: Options) -> Target:
    return item.settings.target if item.settings is not None else options.target


def payloads_of(item: Loaded, options: Options) -> list[Payload]:
    """The requests a loaded file makes, as cross-file checks see them (none if unidentified)."""
    document = item.document
    if not document.lintable or answers.is_bare(document):  # a bare answer: its bytes only
        return []
    if source_kind_of(document) is not None:  # each call written in a program or a doc
        return source_payloads(document)
    call = find_batch(document)
    if call is not None:  # each command of a batch file is a payload of the run
        return [
            Payload(document.path, command.method.lower(), command.params)
            for command in call.commands
            if command.biconnector
        ]
    found = identify_document(document, _method(item, options), _target(item, options), infer=False)
    if found is None or found.method is None:
        # an endpoint's answer (bicon_lint.answer_links), for the answers' checks of the run
        answer = answer_links.answer_payload(document.path, document.value)
        answer = answer or recorded.payload(document)  # a recorded request (bicon_lint.recorded)
        return [answer] if answer is not None else []
    return [Payload(document.path, found.method.strip().lower(), found.params)]


def process(candidate: Candidate, options: Options) -> Processed:
    """Load, identify and lint one file, alone: a file whose checks need the other files of the
    run is only identified here (``deferred``)."""
    try:
        item = load(candidate, options)
    except DirectoryError as error:
        return Processed(directory=True) if candidate.named else Processed(failure=str(error))
    except LoadError as error:
        return Processed(failure=str(error))
    payloads = payloads_of(item, options)
    methods = {payload.method for payload in payloads}
    held = not (
        methods.isdisjoint(connectors.SUMMARISED) and methods.isdisjoint(answer_links.SUMMARISED)
    )
    if not methods.isdisjoint(connectors.CONSULTED_BY) or any(map(_needs_run, payloads)):
        return Processed(connectors=held, deferred=True)
    return _linted(_lint(item, options, NO_PAYLOADS), options, held)


def _needs_run(payload: Payload) -> bool:
    """An endpoint answer whose checks compare it with the run's other files."""
    if recorded.needs_run(payload):  # a recorded request naming its connector's payload
        return True
    return payload.method in answer_links.CONSULTED_BY and answer_links.needs_context(payload)


def _linted(reports: list[Report], options: Options, held: bool) -> Processed:
    """A linted file's outcome: its reports, or their text and tally (``Options.render_file``)."""
    if options.render_file is None:
        return Processed(reports, connectors=held)
    if options.stream is not None:  # the run's only file, in this process: written as made
        options.stream(reports)
        return Processed((), None, held, False, False, "", Tally.of(reports))
    rendered = options.render_file(reports)
    return Processed((), None, held, False, False, rendered, Tally.of(reports))


def _pack(results: list[Processed]) -> list[tuple[Any, ...]]:
    """Results made with ``Options.render_file`` (no report among them) as plain values, which a
    worker sends several times faster than the objects (``parallel.map_ordered``)."""
    return [
        (failure, held, deferred, directory, rendered, tally and tuple(tally))
        for _, failure, held, deferred, directory, rendered, tally in results
    ]


def _unpack(sent: list[tuple[Any, ...]]) -> list[Processed]:
    return [
        Processed((), failure, held, deferred, directory, rendered, tally and Tally(*tally))
        for failure, held, deferred, directory, rendered, tally in sent
    ]


def run_paths(paths: Sequence[str], options: Options, stdin: BinaryIO | None = None) -> RunResult:
    found = candidates(paths, options, stdin)
    if options.stream is not None and (len(found) != 1 or options.render_file is None):
        options = options._replace(stream=None)  # written in order only for one file, here
    # Many files are processed on every core (forked workers; the order of the results is kept).
    processed = _processed(found, options)
    if any(outcome.directory for outcome in processed):
        found, processed = _search_folders(found, processed, options)
        options = options._replace(stream=None)  # a folder's files: their parts kept, in order
    if any(outcome.deferred for outcome in processed):
        context = RunContext(_connectors(found, processed, options))
        processed = [
            _linted(_lint(load(candidate, options), options, context), options, outcome.connectors)
            if outcome.deferred
            else outcome
            for candidate, outcome in zip(found, processed, strict=True)
        ]
    reports = [report for outcome in processed for report in outcome.reports]
    failures = [outcome.failure for outcome in processed if outcome.failure is not None]
    if options.render_file is None:
        return RunResult(reports=reports, failures=failures)
    rendered = "".join(outcome.rendered or "" for outcome in processed)
    tally = Tally.total([outcome.tally for outcome in processed if outcome.tally is not None])
    return RunResult(reports, failures, rendered, tally)


def _processed(found: list[Candidate], options: Options) -> list[Processed]:
    """``process`` each candidate, on every core (forked workers; the order of the results is
    kept)."""
    plain = options.render_file is not None  # then no report travels: plain values do
    return parallel.map_ordered(
        lambda candidate: process(candidate, options),
        found,
        pack=_pack if plain else None,
        unpack=_unpack if plain else None,
    )


def _connectors(
    found: list[Candidate], processed: list[Processed], options: Options
) -> tuple[Payload, ...]:
    """The connector payloads of the run (their summaries), for its ``source.*`` payloads: the
    files that hold them (``Processed.connectors``) are read again; then the files the
    configuration's ``connectors`` names (``_configured``), for the files set aside."""
    holding = [
        candidate for candidate, outcome in zip(found, processed, strict=True) if outcome.connectors
    ]
    read = parallel.map_ordered(lambda candidate: _read_again(candidate, options), holding)
    pool = [payload for payloads in read for payload in payloads]
    resolver = options.resolver
    if resolver is None:
        return tuple(pool)
    configs: dict[int, Config] = {}
    for candidate, outcome in zip(found, processed, strict=True):
        if outcome.deferred:
            settings = candidate.settings or resolver.settings_for(candidate.path)
            configs.setdefault(id(settings.config), settings.config)
    present = {_normal(candidate.path) for candidate in holding if candidate.path is not None}
    for config in configs.values():
        for path in config.connector_files():
            if _normal(path) not in present:
                present.add(_normal(path))
                pool.extend(_configured(path, config, options))
    return tuple(pool)


def _normal(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.abspath(path))


def _configured(path: Path, config: Config, options: Options) -> list[Payload]:
    """The connector payloads of a file the configuration's ``connectors`` names: read, never
    reported on. Bare params are recognised by their shape, as in a file named on the command
    line, and when it fits a connector's method and others (``{"id": 7, "fields": {"settings":
    [...]}}`` could be a source's), the connector's is taken: the configuration says it is one. A
    file that cannot be read, is not a readable payload or holds no connector payload is a
    :class:`ConfigError` naming the configuration and the file."""
    shown = shown_path(path)
    where = f"{shown_path(config.path or config.root)}: connectors: {shown}"
    try:
        item = load(Candidate(shown, False), options)
    except LoadError as error:
        reason = str(error).removeprefix(f"{shown}: ")
        raise ConfigError(f"{where}: {reason}") from None
    document = item.document
    if not document.lintable:
        first = document.problems[0] if document.problems else None
        reason = f"{first.code} {first.message}" if first is not None else "not a readable payload"
        raise ConfigError(f"{where}: not a readable payload: {reason}")
    found = payloads_of(item, options)
    if not found:
        method, target = _method(item, options), _target(item, options)
        shaped = identify_document(document, method, target, infer=True)
        if shaped is not None:  # a connector file: of the methods its shape fits, the connector's
            fitting = [shaped.method] if shaped.method is not None else shaped.candidates
            named = [name for name in fitting if name.strip().lower() in connectors.SUMMARISED]
            if len(named) == 1:
                found = [Payload(document.path, named[0].strip().lower(), shaped.params)]
    summaries = [summary for summary in map(connectors.summary, found) if summary is not None]
    if not summaries:
        raise ConfigError(
            f"{where}: holds no biconnector.connector.add or biconnector.connector.update "
            "payload (an envelope, or [tool.bicon-lint.methods], names the method of bare params)"
        )
    return summaries


def _read_again(candidate: Candidate, options: Options) -> list[Payload]:
    try:
        item = load(candidate, options)
    except LoadError:  # gone since: its worker reported it as it was
        return []
    summaries = (  # connector payloads, and what answers read (answer_links.summary)
        connectors.summary(payload) or answer_links.summary(payload)
        for payload in payloads_of(item, options)
    )
    return [summary for summary in summaries if summary is not None]


def _search_folders(
    found: list[Candidate], processed: list[Processed], options: Options
) -> tuple[list[Candidate], list[Processed]]:
    """Replace each folder named like a file (``Processed.directory``) by the files found in it,
    processed, in place."""
    searched = [
        [Candidate(file, True) for file in walk(Path(str(candidate.path)), options.resolver)]
        if outcome.directory
        else []
        for candidate, outcome in zip(found, processed, strict=True)
    ]
    walked = [candidate for files in searched for candidate in files]
    results = iter(_processed(walked, options._replace(stream=None)))  # many files: each kept
    found_now: list[Candidate] = []
    processed_now: list[Processed] = []
    for candidate, outcome, files in zip(found, processed, searched, strict=True):
        if outcome.directory:
            found_now.extend(files)
            processed_now.extend(next(results) for _ in files)
        else:
            found_now.append(candidate)
            processed_now.append(outcome)
    return found_now, processed_now


def _lint(item: Loaded, options: Options, context: RunContext) -> list[Report]:
    """The file's reports: one, or one per command of a batch file."""
    settings = item.settings
    reports = lint_document_all(
        item.document,
        method=_method(item, options),
        endpoint=_endpoint(settings, options),
        target=_target(item, options),
        # a file the configuration maps to a method is a payload: never skipped as "not ours"
        only_payloads=item.only_payloads and (settings is None or settings.mapped is None),
        rules=options.rules,
        context=context,
    )
    # Selection drops or re-grades diagnostics after linting: server_error is unaffected.
    return [settings.select(report) for report in reports] if settings is not None else reports
