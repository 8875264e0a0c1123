"""Output formats: each is a pure ``render(result, color) -> str``, registered by name.

``text`` (the default), ``json`` (stable, version 1), ``sarif`` (SARIF 2.1.0), ``github`` (GitHub
Actions workflow commands), ``gitlab`` (GitLab Code Quality) and ``junit`` (JUnit XML). Each
module's docstring, and the README, describe its shape. Formats are imported when used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing the linter is left to the formats, when one is used
    from bicon_lint.api import Report, RunResult

Renderer = Callable[["RunResult", bool], str]

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github", "gitlab", "junit")

_MODULES = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}


def renderer(name: str) -> Renderer:
    """The ``render`` function of format ``name``; ``KeyError`` for an unknown name."""
    module = importlib.import_module(f"bicon_lint.reporters.{_MODULES[name]}")
    found: Renderer = module.render
    return found


def render(name: str, result: RunResult, *, color: bool = False) -> str:
    return renderer(name)(result, color)


def file_renderer(name: str, color: bool = False) -> Callable[[Sequence[Report]], str] | None:
    """For a format whose output is each file's part in order (``text``, ``json``, ``github``): the
    function that makes one file's part from its reports, for ``runner.Options.render_file``
    (a worker then renders the files it lints); ``None`` for a format made from the whole run."""
    module = importlib.import_module(f"bicon_lint.reporters.{_MODULES[name]}")
    render_reports: Callable[[Sequence[Report], bool], str] | None = getattr(
        module, "render_reports", None
    )
    if render_reports is None:
        return None
    return lambda reports: render_reports(reports, color)


class Stream:
    """A format's output written as it is made (``text`` and ``json``: ``streamed``): each file's
    part, a piece at a time (the module's ``write_reports``), then the rest (``finish``). The
    bytes are ``render``'s; a flood's diagnostics are never held as one text. ``started`` tells
    whether anything was written (else ``render`` makes the output as usual)."""

    __slots__ = ("_color", "_held", "_module", "_write", "started")

    def __init__(self, name: str, color: bool, write: Callable[[str], object]) -> None:
        self._module = importlib.import_module(f"bicon_lint.reporters.{_MODULES[name]}")
        self._color = color
        self._write = write
        self._held = ""  # json: the last ",\n" written, which the last entry goes without
        self.started = False

    def file(self, reports: Sequence[Report]) -> None:
        """Write one file's part (``render_reports``)."""
        self._module.write_reports(reports, self._color, self._piece)

    def _piece(self, piece: str) -> None:
        if self._module.__name__.endswith("json_format"):
            if not self.started:
                self._write(self._module.HEAD)
            piece = self._held + piece
            self._held = piece[-2:]
            piece = piece[:-2]
        self.started = True
        self._write(piece)

    def finish(self, result: RunResult) -> None:
        """Write what follows the files' parts: ``render``'s output for a run without them, from
        where the files' part would be."""
        rest: str = self._module.render(result._replace(rendered=""), self._color)
        if self._module.__name__.endswith("json_format"):
            rest = "\n  ]" + rest[rest.index(self._module.NO_FILES) + len(self._module.NO_FILES) :]
        self._write(rest)


STREAMED: tuple[str, ...] = ("text", "json")


def stream(name: str, color: bool, write: Callable[[str], object]) -> Stream | None:
    """A :class:`Stream` of format ``name`` writing with ``write``; ``None`` for a format that is
    not ``STREAMED``."""
    return Stream(name, color, write) if name in STREAMED else None


def default_format(environ: Mapping[str, str]) -> str:
    """``github`` inside a GitHub Actions workflow (``GITHUB_ACTIONS=true`` and ``GITHUB_WORKFLOW``
    set, as yamllint detects it), ``text`` everywhere else.

    >>> default_format({"GITHUB_ACTIONS": "true", "GITHUB_WORKFLOW": "CI"})
    'github'
    >>> default_format({"GITHUB_ACTIONS": "true"})
    'text'
    """
    in_actions = environ.get("GITHUB_ACTIONS") == "true" and "GITHUB_WORKFLOW" in environ
    return "github" if in_actions else "text"


__all__ = [
    "FORMATS",
    "STREAMED",
    "Renderer",
    "Stream",
    "default_format",
    "file_renderer",
    "render",
    "renderer",
    "stream",
]
