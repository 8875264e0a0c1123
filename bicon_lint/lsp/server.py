"""``bicon-lint server``: the language server, over standard input and output (pygls).

What it does, and how:

* **Diagnostics** for every file ``check`` reads, when a document is opened and as it changes:
  each open document is linted as ``check --stdin-filename PATH -`` would lint its text
  (``bicon_lint.lsp.linting``), in a worker thread, so that no request waits for a lint. Changes
  are debounced (:data:`DEBOUNCE_SECONDS`); one lint per document runs at a time, the newest
  text is linted next, and a result for a version older than the document's is dropped.
  Documents are synchronised in full (``TextDocumentSyncKind.Full``): the server never applies
  ranges to its copy, whose lines an editor and Python would split differently.
* **Ranges** in the position encoding agreed at ``initialize`` (UTF-16 by default; UTF-8 or UTF-32
  when the client offers them first), from the diagnostic's place to the end of the value it
  points at, never past the line (``bicon_lint.lsp.positions``).
* **The server's predicted first answer** for each call (each payload, batch command or
  endpoint answer) is one information-level diagnostic at the call, or at the envelope: a
  diagnostic rather than a code lens, so that every client shows it, in the problems list too.
* **Hover** over a diagnostic shows its rule's documentation, as docs/rules.md has it.
* **Quick fixes** where the fix is certain (``bicon_lint.lsp.fixes``).
* **Configuration**: ``[tool.bicon-lint]`` found from each file as ``check`` finds it;
  ``initializationOptions`` ``{"target": ..., "select": [...], "ignore": [...],
  "extend-select": [...]}`` act as the command line's options. A configuration that cannot be
  used is said once in ``window/showMessage``, and the files under it are checked with the
  defaults (and those options) until it is fixed; a ``pyproject.toml`` saved or changed on disk
  is read again.

It opens no connection: like ``check``, it reads only the editor's text and the configuration.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final, NamedTuple
from urllib.parse import urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from bicon_lint import __version__
from bicon_lint.config import CONFIG_NAME, ConfigError, Overrides, Resolver, selector_problem
from bicon_lint.lsp.fixes import Fix, fixes_for, verified
from bicon_lint.lsp.linting import Item, Linted, lint, name_for
from bicon_lint.lsp.positions import ENCODINGS, UTF16, TextIndex
from bicon_lint.model import Severity
from bicon_lint.sources import rule_url
from bicon_lint.targets import Target

SOURCE: Final = "bicon-lint"
DEBOUNCE_SECONDS: Final = 0.2  # after a change, before linting
LINT_WORKERS: Final = 2  # documents linted at once (one lint per document at a time)

SEVERITIES: Final = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

logger = logging.getLogger("bicon_lint.lsp")


class Shown(NamedTuple):
    """What was last published for a document: the text it was linted from and its items."""

    version: int | None
    text: str
    name: str
    linted: Linted
    diagnostics: tuple[types.Diagnostic, ...]
    resolver: Resolver
    encoding: str


class Snapshot(NamedTuple):
    uri: str
    version: int | None
    text: str
    name: str | None


class Outcome(NamedTuple):
    linted: Linted | None = None
    resolver: Resolver | None = None
    config_error: str | None = None
    failure: str | None = None


class Document:
    """An open document's linting: the debounce timer, whether a lint runs, what was shown."""

    __slots__ = ("again", "language", "path", "running", "shown", "timer", "uri")

    def __init__(self, uri: str, path: str | None, language: str | None) -> None:
        self.uri = uri
        self.path = path
        self.language = language
        self.timer: asyncio.TimerHandle | None = None
        self.running = False
        self.again = False  # the text changed while a lint ran: lint again when it ends
        self.shown: Shown | None = None


class BiconServer(LanguageServer):
    """The language server and its state, used from the event loop's thread only (workers get
    snapshots and give back outcomes)."""

    def __init__(self) -> None:
        super().__init__(
            "bicon-lint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
        )
        self.documents: dict[str, Document] = {}
        self.overrides = Overrides()
        self.root: str = os.getcwd()
        self.resolver = Resolver(self.overrides, cwd=None)
        self.fallback = Resolver(self.overrides, isolated=True)
        self.said: set[str] = set()  # messages shown once (a broken configuration, an option)
        self.pending_messages: list[str] = []  # before `initialized`, when a message may be sent
        self.ready = False
        self.shut_down = False
        self.lints = ThreadPoolExecutor(LINT_WORKERS, thread_name_prefix="bicon-lint-lint")
        self.checks = ThreadPoolExecutor(1, thread_name_prefix="bicon-lint-fixes")

    # -- set-up --------------------------------------------------------------------------------

    def configure(self, params: types.InitializeParams) -> None:
        root = _root(params)
        if root is not None:
            self.root = root
        self.overrides = self._overrides(params.initialization_options)
        self.reset()

    def reset(self) -> None:
        """Forget every configuration read (a ``pyproject.toml`` changed): read them again."""
        self.resolver = Resolver(self.overrides, cwd=_folder(self.root))
        self.fallback = Resolver(self.overrides, isolated=True, cwd=_folder(self.root))
        self.said = {message for message in self.said if not message.startswith("config:")}

    def _overrides(self, given: Any) -> Overrides:
        """``initializationOptions`` as the command line's options; what cannot be used is said
        and left out."""
        if isinstance(given, dict) and isinstance(given.get("bicon-lint"), dict):
            given = given["bicon-lint"]
        if not isinstance(given, dict):
            return Overrides()
        target = None
        if given.get("target") is not None:
            try:
                target = Target.parse(str(given["target"]))
            except ValueError as error:
                self.say(f"option: initializationOptions.target: {error}")
        return Overrides(
            target=target,
            select=self._selectors(given, "select") or None,
            extend_select=self._selectors(given, "extend-select", "extendSelect"),
            ignore=self._selectors(given, "ignore"),
        )

    def _selectors(self, given: dict[str, Any], *keys: str) -> tuple[str, ...]:
        value = next((given[key] for key in keys if given.get(key) is not None), None)
        if value is None:
            return ()
        listed = value.split(",") if isinstance(value, str) else value
        if not isinstance(listed, list):
            self.say(f"option: initializationOptions.{keys[0]}: expected a list of selectors")
            return ()
        kept = []
        for selector in (str(item).strip() for item in listed):
            problem = selector_problem(selector) if selector else None
            if problem is not None:
                self.say(f"option: initializationOptions.{keys[0]}: {problem}")
            elif selector:
                kept.append(selector)
        return tuple(kept)

    def say(self, key: str, kind: types.MessageType = types.MessageType.Error) -> None:
        """``window/showMessage`` once per message (``key`` is ``what: message``)."""
        if key in self.said:
            return
        self.said.add(key)
        message = "bicon-lint: " + key.split(": ", 1)[1]
        if not self.ready:
            self.pending_messages.append(message)
            return
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    @property
    def encoding(self) -> str:
        chosen = getattr(
            self.workspace.position_encoding, "value", self.workspace.position_encoding
        )
        return chosen if chosen in ENCODINGS else UTF16

    # -- linting -------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        document = self.documents.get(uri)
        if document is None:
            return
        if document.timer is not None:
            document.timer.cancel()
        loop = asyncio.get_running_loop()
        document.timer = loop.call_later(delay, self.start, uri)

    def start(self, uri: str) -> None:
        document = self.documents.get(uri)
        if document is None:
            return
        document.timer = None
        if document.running:
            document.again = True
            return
        held = self.workspace.get_text_document(uri)
        snapshot = Snapshot(
            uri, held.version, held.source, name_for(document.path, document.language)
        )
        document.running = True
        resolver, fallback, encoding = self.resolver, self.fallback, self.encoding
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.lints, _lint_job, snapshot, resolver, fallback, encoding)
        future.add_done_callback(lambda done: self.finished(snapshot, encoding, done))

    def finished(self, snapshot: Snapshot, encoding: str, done: asyncio.Future[Outcome]) -> None:
        document = self.documents.get(snapshot.uri)
        if document is None:  # closed meanwhile
            return
        document.running = False
        try:
            outcome = done.result()
        except BaseException as error:  # cancelled at shutdown, or a worker that failed
            outcome = Outcome(failure=f"{type(error).__name__}: {error}")
        current = self.workspace.get_text_document(snapshot.uri).version
        if outcome.config_error is not None:
            self.say(
                f"config: {outcome.config_error}; files under it are checked with the defaults"
            )
        if outcome.failure is not None:
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error,
                    message=f"bicon-lint could not check {snapshot.uri}: {outcome.failure}",
                )
            )
        if current == snapshot.version and outcome.resolver is not None:
            linted = outcome.linted or Linted(())
            self.publish(document, snapshot, linted, outcome.resolver, encoding)
        elif current == snapshot.version:
            self.publish(document, snapshot, Linted(()), self.resolver, encoding)
        if document.again:
            document.again = False
            self.start(snapshot.uri)

    def publish(
        self,
        document: Document,
        snapshot: Snapshot,
        linted: Linted,
        resolver: Resolver,
        encoding: str,
    ) -> None:
        diagnostics = tuple(diagnostic_of(item) for item in linted.items)
        document.shown = Shown(
            snapshot.version,
            snapshot.text,
            snapshot.name or "",
            linted,
            diagnostics,
            resolver,
            encoding,
        )
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=snapshot.uri, diagnostics=list(diagnostics), version=snapshot.version
            )
        )

    def current(self, uri: str) -> Shown | None:
        """What was shown for an open document, if it is of the document's current text."""
        document = self.documents.get(uri)
        if document is None or document.shown is None:
            return None
        if self.workspace.get_text_document(uri).version != document.shown.version:
            return None
        return document.shown


def _lint_job(snapshot: Snapshot, resolver: Resolver, fallback: Resolver, encoding: str) -> Outcome:
    """A worker's part: lint one snapshot (with the defaults when its configuration is
    broken)."""
    if snapshot.name is None:
        return Outcome(Linted(()), resolver)
    try:
        try:
            return Outcome(lint(snapshot.text, snapshot.name, resolver, encoding), resolver)
        except ConfigError as error:
            linted = lint(snapshot.text, snapshot.name, fallback, encoding)
            return Outcome(linted, fallback, config_error=str(error))
    except Exception as error:  # never the server's end: said in the log, nothing shown
        logger.exception("checking %s", snapshot.name)
        return Outcome(failure=f"{type(error).__name__}: {error}")


def diagnostic_of(item: Item) -> types.Diagnostic:
    line, character, end_line, end_character = item.range
    described = None
    if item.rule is not None:
        described = types.CodeDescription(href=rule_url(item.rule))
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=line, character=character),
            end=types.Position(line=end_line, character=end_character),
        ),
        message=item.message,
        severity=SEVERITIES[item.severity],
        code=item.code,
        code_description=described,
        source=SOURCE,
        data={"rule": item.rule, "answer": item.answer},
    )


def _root(params: types.InitializeParams) -> str | None:
    uri = params.root_uri
    if params.workspace_folders:
        uri = params.workspace_folders[0].uri
    if uri is not None:
        return _path(uri)
    return params.root_path


def _folder(path: str) -> Path | None:
    return Path(path) if os.path.isdir(path) else None


def _path(uri: str) -> str | None:
    """The file a ``file:`` URI names; ``None`` for any other scheme (an unsaved buffer)."""
    if urlparse(uri).scheme != "file":
        return None
    return to_fs_path(uri)


def _contains(item: Item, line: int, character: int) -> bool:
    start_line, start_character, end_line, end_character = item.range
    return (start_line, start_character) <= (line, character) <= (end_line, end_character)


def _overlaps(item: Item, selected: types.Range) -> bool:
    start_line, start_character, end_line, end_character = item.range
    return (start_line, start_character) <= (selected.end.line, selected.end.character) and (
        selected.start.line,
        selected.start.character,
    ) <= (end_line, end_character)


def hover_text(items: Sequence[Item]) -> str:
    """The hover's Markdown: each rule's section of the rule reference (once), after the answer's
    sentence."""
    from bicon_lint.docs import find_rules, rule_markdown

    parts: list[str] = []
    seen: set[str] = set()
    for item in items:
        if item.answer:
            parts.append(f"**{item.message}**")
        if item.rule is None or item.rule in seen:
            continue
        seen.add(item.rule)
        parts += [
            rule_markdown(rule).rstrip()
            for rule in find_rules(item.rule)
            if rule.spec.name == item.rule
        ]
    return "\n\n---\n\n".join(parts)


def code_action_of(fix: Fix, uri: str, index: TextIndex, encoding: str) -> types.CodeAction:
    places = index.positions([o for edit in fix.edits for o in (edit.start, edit.end)], encoding)
    edits = [
        types.TextEdit(
            range=types.Range(
                start=types.Position(*places[edit.start]),
                end=types.Position(*places[edit.end]),
            ),
            new_text=edit.text,
        )
        for edit in fix.edits
    ]
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic_of(fix.item)],
        edit=types.WorkspaceEdit(changes={uri: edits}),
        is_preferred=fix.preferred,
    )


def create() -> BiconServer:
    """The server with its features registered."""
    server = BiconServer()

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        server.configure(params)

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        server.ready = True
        for message in server.pending_messages:
            server.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=message)
            )
        server.pending_messages.clear()
        _watch_configuration(server)

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        server.shut_down = True
        for document in server.documents.values():
            if document.timer is not None:
                document.timer.cancel()
        server.lints.shutdown(wait=False, cancel_futures=True)
        server.checks.shutdown(wait=False, cancel_futures=True)

    @server.feature(types.EXIT)
    def exit_(params: None) -> None:
        # Leave now: pygls would wait for its reader thread, blocked on standard input. (Each
        # message was flushed as it was written.)
        os._exit(0 if server.shut_down else 1)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        given = params.text_document
        server.documents[given.uri] = Document(given.uri, _path(given.uri), given.language_id)
        server.schedule(given.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        if os.path.basename(_path(params.text_document.uri) or "") == CONFIG_NAME:
            _configuration_changed(server)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        document = server.documents.pop(params.text_document.uri, None)
        if document is not None and document.timer is not None:
            document.timer.cancel()
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(params: types.DidChangeWatchedFilesParams) -> None:
        if any(
            os.path.basename(_path(change.uri) or "") == CONFIG_NAME for change in params.changes
        ):
            _configuration_changed(server)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        shown = server.current(params.text_document.uri)
        if shown is None:
            return None
        where = params.position
        hits = [item for item in shown.linted.items if _contains(item, where.line, where.character)]
        if not hits:
            return None
        text = hover_text(hits)
        if not text:
            return None
        first = diagnostic_of(hits[0]).range
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=first
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    async def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        shown = server.current(uri)
        if shown is None or not shown.name:
            return None
        index = TextIndex(shown.text)
        chosen = [
            item for item in shown.linted.items if not item.answer and _overlaps(item, params.range)
        ]
        candidates = [
            fix for item in chosen for fix in fixes_for(shown.text, shown.name, item, index)
        ]
        if not candidates:
            return None
        loop = asyncio.get_running_loop()
        kept = await loop.run_in_executor(
            server.checks,
            verified,
            shown.text,
            shown.name,
            shown.resolver,
            shown.linted,
            candidates,
        )
        if server.current(uri) is not shown:
            return None  # the text changed meanwhile: these edits are for another text
        return [code_action_of(fix, uri, index, shown.encoding) for fix in kept] or None

    return server


def _configuration_changed(server: BiconServer) -> None:
    server.reset()
    for uri in list(server.documents):
        server.schedule(uri, 0)


def _watch_configuration(server: BiconServer) -> None:
    """Ask the client to say when a ``pyproject.toml`` changes (where it can be asked)."""
    capabilities = server.client_capabilities.workspace
    watching = capabilities.did_change_watched_files if capabilities is not None else None
    if watching is None or not watching.dynamic_registration:
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=f"**/{CONFIG_NAME}")]
    )
    registration = types.Registration(
        id="bicon-lint-configuration",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options,
    )
    server.client_register_capability(types.RegistrationParams(registrations=[registration]))


def serve() -> int:
    """Run the server until the client says ``exit`` (0 after ``shutdown``, else 1) or closes
    the connection (1)."""
    # A long-running process: the collector's usual pace (the command raises its threshold).
    gc.set_threshold(700, 10, 10)
    logging.basicConfig(
        level=logging.WARNING,
        stream=sys.stderr,
        format="bicon-lint server: %(levelname)s %(name)s: %(message)s",
    )
    server = create()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # The protocol owns standard output: anything else printed goes to standard error.
    sys.stdout = sys.stderr
    server.start_io(stdin, stdout)
    return 0 if server.shut_down else 1
