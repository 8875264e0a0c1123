"""Output formats: each is a pure ``render(run) -> str``, registered by name."""

from __future__ import annotations

from collections.abc import Callable

from bicon_lint.api import RunResult

Renderer = Callable[[RunResult, bool], str]


def _registry() -> dict[str, Renderer]:
    from bicon_lint.reporters import json_format, text

    return {"text": text.render, "json": json_format.render}


FORMATS: tuple[str, ...] = ("text", "json")


def render(name: str, result: RunResult, *, color: bool = False) -> str:
    return _registry()[name](result, color)
