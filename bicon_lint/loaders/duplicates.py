"""BL003 for every format: a key given twice loses a value, as PHP keeps the last one
(``json_decode`` for JSON bodies, ``parse_str`` for form bodies and batch commands). Worded as the
JSON loader words it."""

from __future__ import annotations

from bicon_lint.loaders.document import Document, OffsetSpan, Problem
from bicon_lint.model import Loc


def duplicate_problems(document: Document, loc: Loc, spans: list[OffsetSpan]) -> list[Problem]:
    """The BL003 problems of a key set at each of ``spans``, in the JSON loader's words."""
    name = str(loc[-1])
    places = [document.span_of(*span) for span in spans]
    last = places[-1]
    problems = [
        Problem(
            "BL003",
            f'duplicate key "{name}": the value here is lost, the server keeps the one at '
            f"line {last.line}, column {last.column}.",
            place,
            loc,
        )
        for place in places[:-1]
    ]
    others = ", ".join(f"line {p.line}, column {p.column}" for p in places[:-1])
    message = f'duplicate key "{name}": the server keeps this value (also at {others}).'
    problems.append(Problem("BL003", message, last, loc))
    return problems
