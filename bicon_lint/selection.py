"""Which diagnostics a file reports, and at which severity: ``select``, ``extend-select``,
``ignore``, ``per-file-ignores`` and ``severity`` of ``[tool.bicon-lint]`` and the command line.

A pure function of a report and a :class:`Selection`, applied after linting: it drops or re-grades
diagnostics and never touches ``server_error``, which stays the server's predicted answer.

A *selector* is ``ALL``, a rule name (``settings-type-enum``), a full code (``BL201``) or a code
prefix (``BL2``, ``VALIDATION_SETTINGS_``); codes match case-insensitively. When several selectors
of one layer match a diagnostic, the most specific decides (ruff's and flake8's "longest match
wins"): ``ALL`` < a prefix < a longer prefix < the full code < the rule name; between a ``select``
and an ``ignore`` of equal specificity, ``ignore`` wins. So ``ignore = ["BL3"]`` with
``select = ["ALL", "BL301"]`` reports ``BL301`` and no other ``BL3xx``.

Layers apply in order (the configuration file, then the command line, then the file's
``per-file-ignores``), as ruff layers them: a layer with ``select`` decides afresh for every
diagnostic; a layer with only ``extend-select``/``ignore`` changes just the diagnostics its
selectors match.

>>> layer = Layer(select=("ALL", "BL301"), ignore=("BL3",))
>>> [layer.decide(code, "some-rule", True) for code in ("BL301", "BL302", "BL001")]
[True, False, True]
"""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from bicon_lint.api import Report
from bicon_lint.model import Diagnostic, Severity

ALL = "ALL"
NAME_SPECIFICITY = 10_000  # a rule name is more specific than any code or code prefix
NO_MATCH = -1


def specificity(selector: str, code: str, rule: str) -> int:
    """How specifically ``selector`` names a diagnostic of ``code`` from ``rule``; ``NO_MATCH``
    (-1) when it does not name it at all.

    >>> [specificity(s, "BL201", "dataset-deprecated") for s in ("ALL", "BL", "bl20", "BL201")]
    [0, 2, 4, 5]
    >>> specificity("dataset-deprecated", "BL201", "dataset-deprecated") > specificity("BL201", "BL201", "x")
    True
    >>> specificity("BL1", "BL201", "dataset-deprecated")
    -1
    """
    wanted = selector.strip()
    if not wanted:
        return NO_MATCH
    if wanted.upper() == ALL:
        return 0
    if wanted.lower() == rule:
        return NAME_SPECIFICITY
    if code.upper().startswith(wanted.upper()):
        return len(wanted)
    return NO_MATCH


def best_match(selectors: Iterable[str], code: str, rule: str) -> int:
    return max((specificity(selector, code, rule) for selector in selectors), default=NO_MATCH)


class Layer(NamedTuple):
    """One source of selection: a configuration file, the command line, or per-file ignores."""

    select: tuple[str, ...] | None = None  # None: keep what earlier layers decided
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def decide(self, code: str, rule: str, enabled: bool) -> bool:
        """Whether a diagnostic is reported after this layer, given what earlier layers said."""
        chosen = best_match((*(self.select or ()), *self.extend_select), code, rule)
        dropped = best_match(self.ignore, code, rule)
        if self.select is None and chosen == NO_MATCH and dropped == NO_MATCH:
            return enabled
        return chosen > dropped

    @property
    def empty(self) -> bool:
        return self.select is None and not self.extend_select and not self.ignore


class Selection(NamedTuple):
    """Everything that decides what one file reports. The default reports everything as is."""

    layers: tuple[Layer, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()  # selector -> severity; most specific wins

    def enabled(self, code: str, rule: str) -> bool:
        on = True  # the implicit first layer: select = ["ALL"]
        for layer in self.layers:
            on = layer.decide(code, rule, on)
        return on

    def severity_of(self, code: str, rule: str, default: Severity) -> Severity:
        """The severity an override gives the diagnostic (the later of equally specific keys)."""
        best, chosen = NO_MATCH, default
        for selector, severity in self.severity:
            found = specificity(selector, code, rule)
            if found != NO_MATCH and found >= best:
                best, chosen = found, severity
        return chosen

    @property
    def is_default(self) -> bool:
        return not self.severity and all(layer.empty for layer in self.layers)


def apply(diagnostics: Sequence[Diagnostic], selection: Selection) -> list[Diagnostic]:
    """The diagnostics ``selection`` keeps, with their severity overrides, in the same order.

    >>> from bicon_lint.model import Diagnostic, Severity
    >>> found = [Diagnostic(1, 1, "BL201", "m", Severity.WARNING, "dataset-deprecated", (), "")]
    >>> [d.severity.value for d in apply(found, Selection(severity=(("BL2", Severity.ERROR),)))]
    ['error']
    >>> apply(found, Selection(layers=(Layer(ignore=("dataset-deprecated",)),)))
    []
    """
    if selection.is_default:
        return list(diagnostics)
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if not selection.enabled(diagnostic.code, diagnostic.rule):
            continue
        severity = selection.severity_of(diagnostic.code, diagnostic.rule, diagnostic.severity)
        if severity is not diagnostic.severity:
            diagnostic = diagnostic._replace(severity=severity)
        kept.append(diagnostic)
    return kept


def apply_to_report(report: Report, selection: Selection) -> Report:
    """The report with its diagnostics selected; ``server_error`` (the prediction) unchanged."""
    if selection.is_default:
        return report
    return report._replace(diagnostics=apply(report.diagnostics, selection))


__all__ = [
    "ALL",
    "Layer",
    "Selection",
    "apply",
    "apply_to_report",
    "best_match",
    "specificity",
]
