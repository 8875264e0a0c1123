"""A real ``bicon-lint server`` process, driven over stdio by pygls's own ``LanguageClient``,
for synchronous tests: the client's event loop runs in a thread of its own, and every call here
waits for what it asked for (with a timeout, never a sleep)."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Callable, Coroutine, Mapping
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.client import LanguageClient

T = TypeVar("T")
WAIT = 120.0  # seconds: a bound for a stuck server, not a timing assertion


class Session:
    def __init__(
        self,
        cwd: Path,
        *,
        env: Mapping[str, str] | None = None,
        args: tuple[str, ...] = ("-m", "bicon_lint.cli", "server"),
    ) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = LanguageClient("bicon-lint-tests", "1")
        self.changed = threading.Condition()
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.messages: list[types.ShowMessageParams] = []
        self.logs: list[types.LogMessageParams] = []
        self.registrations: list[types.RegistrationParams] = []
        self.stderr = bytearray()
        self.returncode: int | None = None

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            with self.changed:
                self.published.setdefault(params.uri, []).append(params)
                self.changed.notify_all()

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def shown(params: types.ShowMessageParams) -> None:
            with self.changed:
                self.messages.append(params)
                self.changed.notify_all()

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(params: types.LogMessageParams) -> None:
            with self.changed:
                self.logs.append(params)
                self.changed.notify_all()

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            self.registrations.append(params)

        environment = dict(os.environ if env is None else env)
        self.call(self.client.start_io(sys.executable, *args, cwd=str(cwd), env=environment))
        process = self.client._server
        assert process is not None and process.stderr is not None
        self.process = process
        self.call(self._drain_later(process.stderr))

    # -- plumbing ------------------------------------------------------------------------------

    def call(self, coroutine: Coroutine[Any, Any, T], timeout: float = WAIT) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def notify(self, send: Callable[[Any], None], params: Any) -> None:
        """A notification, written from the client's loop (its stream is not thread-safe)."""

        async def sent() -> None:
            send(params)

        self.call(sent())

    async def _drain_later(self, stream: asyncio.StreamReader) -> None:
        async def drain() -> None:
            while chunk := await stream.read(65536):
                self.stderr.extend(chunk)

        self.loop.create_task(drain())

    def write_raw(self, data: bytes) -> None:
        """Bytes straight onto the server's standard input (a message no client would send)."""

        async def written() -> None:
            assert self.process.stdin is not None
            self.process.stdin.write(data)
            await self.process.stdin.drain()

        self.call(written())

    # -- the protocol --------------------------------------------------------------------------

    def initialize(
        self,
        root: Path,
        *,
        options: Any = None,
        encodings: list[types.PositionEncodingKind] | None = None,
    ) -> types.InitializeResult:
        capabilities = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=encodings)
            if encodings is not None
            else None,
            workspace=types.WorkspaceClientCapabilities(
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                    dynamic_registration=True
                )
            ),
            text_document=types.TextDocumentClientCapabilities(
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                    version_support=True, code_description_support=True, data_support=True
                ),
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            ),
        )
        result = self.call(
            self.client.initialize_async(
                types.InitializeParams(
                    process_id=os.getpid(),
                    root_uri=root.as_uri(),
                    capabilities=capabilities,
                    initialization_options=options,
                )
            )
        )
        self.notify(self.client.initialized, types.InitializedParams())
        return result

    def open(self, uri: str, language: str, text: str, version: int = 1) -> None:
        self.notify(
            self.client.text_document_did_open,
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=version, text=text
                )
            ),
        )

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify(
            self.client.text_document_did_change,
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            ),
        )

    def close_document(self, uri: str) -> None:
        self.notify(
            self.client.text_document_did_close,
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)),
        )

    def saved(self, uri: str) -> None:
        self.notify(
            self.client.text_document_did_save,
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)),
        )

    def diagnostics(
        self, uri: str, version: int | None, timeout: float = WAIT
    ) -> list[types.Diagnostic]:
        """The diagnostics published for ``uri`` at ``version`` (waits for them)."""

        def found() -> types.PublishDiagnosticsParams | None:
            for params in reversed(self.published.get(uri, [])):
                if params.version == version:
                    return params
            return None

        with self.changed:
            if not self.changed.wait_for(lambda: found() is not None, timeout):
                raise AssertionError(
                    f"no diagnostics for {uri} at version {version}: "
                    f"{[p.version for p in self.published.get(uri, [])]}; stderr: "
                    f"{self.stderr.decode(errors='replace')[-2000:]}"
                )
            params = found()
            assert params is not None
            return list(params.diagnostics)

    def wait_message(self, predicate: Callable[[str], bool], timeout: float = WAIT) -> str:
        with self.changed:
            ok = self.changed.wait_for(
                lambda: any(predicate(message.message) for message in self.messages), timeout
            )
            assert ok, [message.message for message in self.messages]
            return next(m.message for m in self.messages if predicate(m.message))

    def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        return self.call(
            self.client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=line, character=character),
                )
            )
        )

    def code_actions(
        self, uri: str, diagnostic: types.Diagnostic
    ) -> list[types.CodeAction | types.Command]:
        found = self.call(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=diagnostic.range,
                    context=types.CodeActionContext(diagnostics=[diagnostic]),
                )
            )
        )
        return list(found or [])

    def shutdown(self) -> int:
        """``shutdown``, ``exit``, and the process's exit status."""
        self.call(self.client.shutdown_async(None))
        self.notify(self.client.exit, None)
        self.returncode = self.call(self.process.wait())
        self.stop()
        return self.returncode

    def stop(self) -> None:
        """End the server (if it still runs) and the client's loop; once."""
        if not self.thread.is_alive():
            return
        if self.process.returncode is None:
            self.process.kill()
            self.call(self.process.wait())
        try:
            self.call(self.client.stop(), timeout=30)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(30)


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions, the default encoding) to ``text``, as a client
    does: written here from the specification, not with the server's code."""
    lines = text.split("\n")  # the texts of these tests end lines with "\n" only

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return before + index
            units += 2 if ord(char) > 0xFFFF else 1
        return before + len(line)

    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text
