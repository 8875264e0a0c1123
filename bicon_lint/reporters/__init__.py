"""Output formats: each is a pure ``render(run) -> str``, registered by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bicon_lint.api import Report


@dataclass(frozen=True, slots=True)
class RunResult:
    """Everything one CLI run produced, in the order the files were given."""

    reports: list[Report]
    failures: list[str] = field(default_factory=list)  # paths the tool could not read (exit 2)

    @property
    def checked(self) -> list[Report]:
        return [report for report in self.reports if not report.skipped]

    @property
    def errors(self) -> int:
        return sum(report.errors for report in self.reports)

    @property
    def warnings(self) -> int:
        return sum(report.warnings for report in self.reports)


Renderer = Callable[[RunResult, bool], str]


def _registry() -> dict[str, Renderer]:
    from bicon_lint.reporters import json_format, text

    return {"text": text.render, "json": json_format.render}


FORMATS: tuple[str, ...] = ("text", "json")


def render(name: str, result: RunResult, *, color: bool = False) -> str:
    return _registry()[name](result, color)
