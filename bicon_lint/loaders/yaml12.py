"""Where YAML 1.1 (``yaml.safe_load``, which bicon-lint follows) and YAML 1.2 read a plain scalar
differently: ``yes``/``no``/``on``/``off``, ``012``, ``1_000``, ``1:30`` are booleans and numbers in
1.1, strings or other numbers in 1.2; ``1e3`` and ``0o17`` the other way round (BL013).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Final

# The YAML 1.2 core schema, yaml.org/spec/1.2.2, section 10.3.2
_CORE_NULL: Final = re.compile(r"(?:null|Null|NULL|~|)\Z")
_CORE_BOOL: Final = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_CORE_INT: Final = re.compile(r"[-+]?[0-9]+\Z|0o[0-7]+\Z|0x[0-9a-fA-F]+\Z")
_CORE_FLOAT: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_CORE_SPECIAL: Final = re.compile(r"([-+]?)\.(?:(inf|Inf|INF)|nan|NaN|NAN)\Z")


def difference(text: str, value: Any) -> str | None:
    """How YAML 1.2 reads the plain scalar ``text`` that YAML 1.1 read as ``value``, shown as
    JSON; ``None`` when both read the same value.

    >>> difference("yes", True), difference("012", 10), difference("true", True)
    ('"yes"', '12', None)
    """
    modern = yaml12(text)
    return None if _same(value, modern) else shown(modern)


def yaml12(text: str) -> Any:
    """The value of a plain scalar in the YAML 1.2 core schema."""
    if _CORE_NULL.match(text):
        return None
    if _CORE_BOOL.match(text):
        return text.lower() == "true"
    if _CORE_INT.match(text):
        base = 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10
        return int(text[2:] if base != 10 else text, base)
    if _CORE_FLOAT.match(text):
        return float(text)
    if special := _CORE_SPECIAL.match(text):
        number = math.inf if special.group(2) else math.nan
        return -number if special.group(1) == "-" else number
    return text


def _same(old: Any, new: Any) -> bool:
    """Both YAML versions give the same JSON value (an integer and an equal float count as one)."""
    if isinstance(old, float) and isinstance(new, float) and math.isnan(old) and math.isnan(new):
        return True
    kinds = (bool, str, type(None), dict, list)
    return old == new and all(isinstance(old, kind) == isinstance(new, kind) for kind in kinds)


def shown(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
