"""``bicon-lint server``'s settings: ``initializationOptions`` as the command line's options, and
a broken ``[tool.bicon-lint]`` said once in ``window/showMessage``, never the server's end.

One server for the module, started with ``{"target": "2025-07", "ignore": [...]}``: the settings
type ``INT`` is known from 2026-04 on only (SERVER-SPEC §3.8), so it is wrong for 2025-07.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp_session import Session

PAYLOAD = """\
{
  "method": "biconnector.connector.update",
  "params": {
    "id": 4,
    "fields": {
      "id": 5,
      "settings": [{"name": "Порт", "code": "port", "type": "INT"}]
    }
  }
}
"""
OPTIONS = {"target": "2025-07", "ignore": ["field-read-only", "NOT_A_CODE_9"]}


def codes(diagnostics: list[types.Diagnostic]) -> set[str | int | None]:
    return {d.code for d in diagnostics if d.severity != types.DiagnosticSeverity.Information}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("configured")
    broken = folder / "broken"
    broken.mkdir()
    (broken / "pyproject.toml").write_text('[tool.bicon-lint]\nignore = "not a list"\n')
    return folder


@pytest.fixture(scope="module")
def session(root: Path) -> Iterator[Session]:
    started = Session(root)
    started.initialize(root, options=OPTIONS)
    yield started
    started.stop()


def test_initialization_options_choose_the_target_and_the_selection(
    session: Session, root: Path
) -> None:
    uri = (root / "port.json").as_uri()
    session.open(uri, "json", PAYLOAD)
    found = codes(session.diagnostics(uri, 1))
    assert "VALIDATION_SETTINGS_INVALID_TYPE" in found  # INT: not before 2026-04
    assert "VALIDATION_READ_ONLY_FIELD" not in found  # ignored by the options


def test_an_option_that_names_no_rule_is_said_once(session: Session, root: Path) -> None:
    message = session.wait_message(lambda text: "NOT_A_CODE_9" in text)
    assert "unknown rule selector" in message
    uri = (root / "another.json").as_uri()
    session.open(uri, "json", PAYLOAD)
    session.diagnostics(uri, 1)
    assert sum("NOT_A_CODE_9" in m.message for m in session.messages) == 1


def test_a_broken_configuration_is_said_once_and_fixed_on_save(
    session: Session, root: Path
) -> None:
    broken = root / "broken"
    first, second = (broken / "a.json").as_uri(), (broken / "b.json").as_uri()
    session.open(first, "json", PAYLOAD)
    session.open(second, "json", PAYLOAD)
    # checked all the same (defaults, and the options), and the problem said
    assert "VALIDATION_SETTINGS_INVALID_TYPE" in codes(session.diagnostics(first, 1))
    assert "VALIDATION_SETTINGS_INVALID_TYPE" in codes(session.diagnostics(second, 1))
    message = session.wait_message(lambda text: "pyproject.toml" in text)
    assert "ignore" in message and "expected an array" in message
    said = [m for m in session.messages if "pyproject.toml" in m.message]
    assert len(said) == 1 and said[0].type == types.MessageType.Error
    # fixed on disk and saved: read again, and the open documents are checked again
    config = broken / "pyproject.toml"
    config.write_text('[tool.bicon-lint]\nignore = ["settings-type-enum"]\n')
    count = len(session.published[first])
    session.saved(config.as_uri())
    with session.changed:
        assert session.changed.wait_for(lambda: len(session.published[first]) > count, 120)
    assert "VALIDATION_SETTINGS_INVALID_TYPE" not in codes(session.diagnostics(first, 1))
    assert sum("pyproject.toml" in m.message for m in session.messages) == 1
