"""``bicon-lint server``: the real server process, driven over stdio by pygls's LanguageClient.

One server runs for most of this module (each test opens documents of its own); the tests of
start-up options, position encodings and the exit status start their own. Expected places are
computed here from the text (UTF-16 code units, as LSP counts by default), and expected codes and
messages come from the server's behaviour (SERVER-SPEC §4.1, §4.2: fields in table order, so a
read-only ``id`` is the first answer; ``"0x1A"`` is not an integer; ``"string"`` is no settings
type).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types

from bicon_lint.sources import rule_url
from tests.lsp_session import Session, apply_edits

READ_ONLY = "VALIDATION_READ_ONLY_FIELD"
FIELD_TYPE = "VALIDATION_INVALID_FIELD_TYPE"
SETTINGS_TYPE = "VALIDATION_SETTINGS_INVALID_TYPE"

# The "sort" value stands after Cyrillic and an emoji (two UTF-16 units, four UTF-8 bytes): its
# UTF-16 column differs from its column in code points and in bytes.
CONNECTOR_JSON = """\
{
  "method": "biconnector.connector.update",
  "params": {
    "id": 4,
    "fields": {
      "id": 5,
      "title": "Склад 📦", "sort": "0x1A",
      "settings": [
        {"name": "Токен", "code": "token", "type": "string"}
      ]
    }
  }
}
"""

SYNC_PHP = """\
<?php
// Склад 📦: синхронизация
$b24->call('biconnector.connector.update', [
    'id' => 4,
    'fields' => [
        'id' => 5,
        'title' => 'Склад 📦', 'sort' => '0x1A',
    ],
]);
"""


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def place(text: str, line: int, token: str) -> types.Range:
    """The UTF-16 range of the first ``token`` on 0-based ``line`` of ``text``."""
    written = text.split("\n")[line]
    column = written.index(token)
    start = utf16(written[:column])
    return types.Range(
        start=types.Position(line=line, character=start),
        end=types.Position(line=line, character=start + utf16(token)),
    )


def by_code(diagnostics: list[types.Diagnostic]) -> dict[str | int | None, list[types.Diagnostic]]:
    """The diagnostics by code, leaving out the server's predicted answers (information)."""
    found: dict[str | int | None, list[types.Diagnostic]] = {}
    for diagnostic in diagnostics:
        if diagnostic.severity != types.DiagnosticSeverity.Information:
            found.setdefault(diagnostic.code, []).append(diagnostic)
    return found


def errors(diagnostics: list[types.Diagnostic]) -> list[tuple[str | int | None, types.Range]]:
    return sorted(
        ((d.code, d.range) for d in diagnostics if d.severity == types.DiagnosticSeverity.Error),
        key=lambda pair: (pair[1].start.line, pair[1].start.character),
    )


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workspace")
    strict = folder / "strict"
    strict.mkdir()
    (strict / "pyproject.toml").write_text('[tool.bicon-lint]\nignore = ["field-type"]\n')
    return folder


@pytest.fixture(scope="module")
def session(root: Path) -> Iterator[Session]:
    started = Session(root)
    started.initialize(root)
    yield started
    started.stop()


def opened(
    session: Session, root: Path, name: str, text: str, language: str
) -> tuple[str, list[types.Diagnostic]]:
    uri = (root / name).as_uri()
    session.open(uri, language, text)
    return uri, session.diagnostics(uri, 1)


def test_initialize_announces_what_the_server_does(root: Path) -> None:
    session = Session(root)
    try:
        result = session.initialize(root)
        capabilities = result.capabilities
        assert result.server_info is not None and result.server_info.name == "bicon-lint"
        assert capabilities.position_encoding == types.PositionEncodingKind.Utf16
        sync = capabilities.text_document_sync
        assert isinstance(sync, types.TextDocumentSyncOptions)
        assert sync.open_close and sync.change == types.TextDocumentSyncKind.Full
        assert capabilities.hover_provider
        actions = capabilities.code_action_provider
        assert isinstance(actions, types.CodeActionOptions)
        assert list(actions.code_action_kinds or ()) == [types.CodeActionKind.QuickFix]
        assert session.shutdown() == 0
        # it asked to hear of changed pyproject.toml files, as the client allows it to
        watched = [
            registration
            for params in session.registrations
            for registration in params.registrations
        ]
        assert [r.method for r in watched] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    finally:
        session.stop()


def test_exit_without_shutdown_is_status_1(root: Path) -> None:
    session = Session(root)
    try:
        session.initialize(root)
        session.notify(session.client.exit, None)
        assert session.call(session.process.wait()) == 1
    finally:
        session.stop()


def test_json_diagnostics_at_utf16_ranges(session: Session, root: Path) -> None:
    _uri, diagnostics = opened(session, root, "connector.json", CONNECTOR_JSON, "json")
    assert errors(diagnostics) == [
        (READ_ONLY, place(CONNECTOR_JSON, 5, '"id"')),
        (FIELD_TYPE, place(CONNECTOR_JSON, 6, '"0x1A"')),
        (SETTINGS_TYPE, place(CONNECTOR_JSON, 8, '"string"')),
    ]
    line = CONNECTOR_JSON.split("\n")[6]
    before = line[: line.index('"0x1A"')]
    sort = by_code(diagnostics)[FIELD_TYPE][0]
    # UTF-16 differs from code points and from bytes on this line: the range is UTF-16's
    assert sort.range.start.character == utf16(before)
    assert len(before) != utf16(before) != len(before.encode("utf-8"))
    assert sort.message == 'Field "sort" must be of type integer.'
    assert sort.source == "bicon-lint"
    assert sort.code_description is not None
    assert sort.code_description.href == rule_url("field-type")
    (read_only,) = by_code(diagnostics)[READ_ONLY]
    assert read_only.code_description is not None
    assert read_only.code_description.href == rule_url("field-read-only")


def test_the_servers_first_answer_is_one_information_at_the_envelope(
    session: Session, root: Path
) -> None:
    _uri, diagnostics = opened(session, root, "answer.json", CONNECTOR_JSON, "json")
    answers = [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Information]
    assert len(answers) == 1
    (answer,) = answers
    assert answer.range.start == types.Position(line=0, character=0)  # the envelope's "{"
    assert answer.code == READ_ONLY
    assert 'Field "id" is read only.' in answer.message
    assert "biconnector.connector.update" in answer.message


def test_php_diagnostics_and_the_answer_at_the_call(session: Session, root: Path) -> None:
    _uri, diagnostics = opened(session, root, "Sync.php", SYNC_PHP, "php")
    assert errors(diagnostics) == [
        (READ_ONLY, place(SYNC_PHP, 5, "'id'")),
        (FIELD_TYPE, place(SYNC_PHP, 6, "'0x1A'")),
    ]
    (answer,) = [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Information]
    assert answer.range.start == types.Position(line=2, character=0)  # "$b24->call(" starts
    assert answer.range.end.line == 2
    assert answer.code == READ_ONLY


def test_a_change_replaces_the_diagnostics(session: Session, root: Path) -> None:
    uri, first = opened(session, root, "changed.json", CONNECTOR_JSON, "json")
    assert FIELD_TYPE in by_code(first)
    fixed = CONNECTOR_JSON.replace('"sort": "0x1A"', '"sort": 26')
    session.change(uri, fixed, 2)
    second = session.diagnostics(uri, 2)
    assert FIELD_TYPE not in by_code(second)
    assert errors(second) == [
        (READ_ONLY, place(fixed, 5, '"id"')),
        (SETTINGS_TYPE, place(fixed, 8, '"string"')),
    ]


def test_the_newest_text_wins(session: Session, root: Path) -> None:
    uri, _ = opened(session, root, "typing.json", CONNECTOR_JSON, "json")
    texts = {version: CONNECTOR_JSON.replace('"0x1A"', f'"0x{version}"') for version in range(2, 8)}
    last = max(texts)
    texts[last] = CONNECTOR_JSON.replace('"sort": "0x1A"', '"sort": 7')  # only the last is right
    for version, text in texts.items():  # as fast as the client can write them
        session.change(uri, text, version)
    final = session.diagnostics(uri, last)
    assert FIELD_TYPE not in by_code(final)
    versions = [params.version for params in session.published[uri]]
    assert versions == sorted(versions) and versions[-1] == last  # nothing older came after


def test_hover_shows_the_rules_documentation(session: Session, root: Path) -> None:
    uri, diagnostics = opened(session, root, "hover.json", CONNECTOR_JSON, "json")
    sort = by_code(diagnostics)[FIELD_TYPE][0].range
    hover = session.hover(uri, sort.start.line, sort.start.character + 2)
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "## field-type" in hover.contents.value
    assert 'Field "{title}" must be of type {type}.' in hover.contents.value
    assert hover.range == sort
    # "method" on line 1: no diagnostic there, no hover
    assert session.hover(uri, 1, 5) is None


def actions_for(session: Session, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    found = session.code_actions(uri, diagnostic)
    assert all(isinstance(action, types.CodeAction) for action in found)
    return [action for action in found if isinstance(action, types.CodeAction)]


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[uri])


def test_quick_fix_upper_cases_the_settings_type(session: Session, root: Path) -> None:
    uri, diagnostics = opened(session, root, "type.json", CONNECTOR_JSON, "json")
    (wrong,) = by_code(diagnostics)[SETTINGS_TYPE]
    (action,) = [a for a in actions_for(session, uri, wrong) if "STRING" in a.title]
    assert action.kind == types.CodeActionKind.QuickFix
    fixed = apply_edits(CONNECTOR_JSON, edits_of(action, uri))
    assert fixed == CONNECTOR_JSON.replace('"type": "string"', '"type": "STRING"')
    session.change(uri, fixed, 2)
    assert SETTINGS_TYPE not in by_code(session.diagnostics(uri, 2))


def test_quick_fix_removes_a_read_only_field_from_json(session: Session, root: Path) -> None:
    uri, diagnostics = opened(session, root, "readonly.json", CONNECTOR_JSON, "json")
    (read_only,) = by_code(diagnostics)[READ_ONLY]
    actions = actions_for(session, uri, read_only)
    assert all("bicon-lint: ignore" not in a.title for a in actions)  # JSON has no comments
    (action,) = [a for a in actions if "Remove" in a.title]
    fixed = apply_edits(CONNECTOR_JSON, edits_of(action, uri))
    fields = json.loads(fixed)["params"]["fields"]  # still JSON
    assert "id" not in fields and fields["title"] == "Склад 📦"
    assert fixed == CONNECTOR_JSON.replace('      "id": 5,\n', "")
    session.change(uri, fixed, 2)
    assert READ_ONLY not in by_code(session.diagnostics(uri, 2))


def test_quick_fixes_in_php_remove_the_field_and_add_an_ignore_comment(
    session: Session, root: Path
) -> None:
    uri, diagnostics = opened(session, root, "Fixes.php", SYNC_PHP, "php")
    (read_only,) = by_code(diagnostics)[READ_ONLY]
    (removal,) = [a for a in actions_for(session, uri, read_only) if "Remove" in a.title]
    text = apply_edits(SYNC_PHP, edits_of(removal, uri))
    assert text == SYNC_PHP.replace("        'id' => 5,\n", "")
    session.change(uri, text, 2)
    second = session.diagnostics(uri, 2)
    assert READ_ONLY not in by_code(second)
    (sort,) = by_code(second)[FIELD_TYPE]
    (ignore,) = [a for a in actions_for(session, uri, sort) if "ignore" in a.title]
    text = apply_edits(text, edits_of(ignore, uri))
    line = text.split("\n")[sort.range.start.line]
    assert line.endswith("// bicon-lint: ignore[VALIDATION_INVALID_FIELD_TYPE]")
    session.change(uri, text, 3)
    assert FIELD_TYPE not in by_code(session.diagnostics(uri, 3))


def test_configuration_is_found_from_each_file(session: Session, root: Path) -> None:
    _, outside = opened(session, root, "outside.json", CONNECTOR_JSON, "json")
    _, inside = opened(session, root, "strict/inside.json", CONNECTOR_JSON, "json")
    assert FIELD_TYPE in by_code(outside)
    assert FIELD_TYPE not in by_code(inside)  # strict/pyproject.toml: ignore = ["field-type"]
    assert READ_ONLY in by_code(inside)


def test_a_file_bicon_lint_does_not_read_gets_nothing(session: Session, root: Path) -> None:
    _, diagnostics = opened(session, root, "notes.txt", CONNECTOR_JSON, "plaintext")
    assert diagnostics == []


def test_closing_a_document_clears_its_diagnostics(session: Session, root: Path) -> None:
    uri, diagnostics = opened(session, root, "closed.json", CONNECTOR_JSON, "json")
    assert diagnostics
    session.close_document(uri)
    assert session.diagnostics(uri, None) == []


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        (types.PositionEncodingKind.Utf8, lambda text: len(text.encode("utf-8"))),
        (types.PositionEncodingKind.Utf32, len),
    ],
)
def test_the_position_encoding_the_client_offers(
    root: Path, kind: types.PositionEncodingKind, count: object
) -> None:
    assert callable(count)
    session = Session(root)
    try:
        result = session.initialize(root, encodings=[kind, types.PositionEncodingKind.Utf16])
        assert result.capabilities.position_encoding == kind
        uri = (root / f"encoded-{kind.value}.json").as_uri()
        session.open(uri, "json", CONNECTOR_JSON)
        (sort,) = by_code(session.diagnostics(uri, 1))[FIELD_TYPE]
        line = CONNECTOR_JSON.split("\n")[6]
        column = line.index('"0x1A"')
        assert sort.range.start == types.Position(line=6, character=count(line[:column]))
        assert sort.range.end == types.Position(line=6, character=count(line[: column + 6]))
        assert session.shutdown() == 0
    finally:
        session.stop()
