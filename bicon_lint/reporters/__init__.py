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


__all__ = ["FORMATS", "Renderer", "default_format", "file_renderer", "render", "renderer"]
