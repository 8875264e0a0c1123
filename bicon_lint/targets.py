"""Server versions a payload can be checked against (the dated versions of the server code).

Each target names the first server build that behaves a certain way; ``latest`` is the newest
documented behaviour, including what only the documentation describes so far (``sourceCode``).
"""

from __future__ import annotations

import enum


class Target(enum.IntEnum):
    """Ordered server versions; compare them with ``<`` and ``>=``."""

    V2025_04 = 1  # biconnector 25.300.0: first REST classes, lower-case settings keys, no source.*
    V2025_07 = 2  # "25.550.100": upper-case settings keys, webhooks denied, source.* present
    V2026_01 = 3  # "25.1150.0": supportMapping
    V2026_04 = 4  # "26.250.0+": settings type INT, biconnector.table.*, dataset.* deprecated
    V2026_05 = 5  # "26.250.100": strict JSON body decoding; the newest code read (2026-05-11)
    LATEST = 6  # documented 2026-08: sourceCode (max 64)

    @property
    def label(self) -> str:
        return "latest" if self is Target.LATEST else self.name[1:].replace("_", "-")

    def __str__(self) -> str:
        """The label, as ``--target`` and the configuration spell it (not the number an
        ``IntEnum`` would print): ``str(report.target)`` is ``"latest"``, ``f"{target}"`` too.

        >>> str(Target.V2026_05), f"{Target.LATEST}", f"{Target.V2025_04:>8}"
        ('2026-05', 'latest', ' 2025-04')
        """
        return self.label

    def __format__(self, spec: str) -> str:
        return format(self.label, spec)

    @classmethod
    def parse(cls, text: str) -> Target:
        """``"2026-04"`` or ``"latest"`` to a target.

        >>> Target.parse("2026-04"), Target.parse("latest").label
        (<Target.V2026_04: 4>, 'latest')
        """
        for target in cls:
            if target.label == text.strip().lower():
                return target
        known = ", ".join(target.label for target in cls)
        raise ValueError(f"unknown target {text!r} (known: {known})")


DEFAULT_TARGET = Target.LATEST
