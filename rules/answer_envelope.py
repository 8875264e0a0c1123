"""An answer envelope names one of the four endpoints, an HTTP status and the body.

Source: the four endpoints are those ``Bitrix\\BIConnector\\ExternalSource\\Source\\Rest`` calls
(``biconnector/lib/ExternalSource/Source/Rest.php``, lines 96-268), and the status is an integer,
compared with ``!== 200`` (``processResponse()``, line 379); the envelope is bicon-lint's own file
format (``bicon_lint.answers``): ``{"endpoint": "urlTableList", "status": 200, "body":
..., "request": {...}}``. ``endpoint`` is ``urlCheck``, ``urlTableList``, ``urlTableDescription`` or
``urlData`` (any case); ``status`` an integer from 100 to 599, or ``null`` (not known: judged as
200); ``body`` a JSON value (its JSON text is the body) or a string (the body's raw text);
``request`` the fields the portal sent (an object, or the form body as a string), for the checks
that compare them with the answer. Without an endpoint or a body nothing is judged; a wrong status
is judged as not known. These are reported where the file is read.

Pass: ``{"endpoint": "urlCheck", "status": 200, "body": "OK"}``
Fail: ``{"endpoint": "urlTable", "body": []}``, ``{"endpoint": "urlCheck", "status": "200", "body": "OK"}``
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator, Sequence

from bicon_lint.answers import ENVELOPE_KEYS, PSEUDO_METHODS
from bicon_lint.engine import stamp
from bicon_lint.model import (
    Code,
    Diagnostic,
    Finding,
    Loc,
    Part,
    Request,
    Rule,
    RuleSpec,
    Severity,
    Span,
    Stage,
)

SPEC = RuleSpec(
    name="answer-envelope",
    codes={
        "BL735": Code("{detail}: the answer is not judged", server=False),
        "BL736": Code(
            "status {shown} is not an HTTP status (an integer from 100 to 599): the answer is "
            "judged as if the status were not known",
            server=False,
        ),
        "BL737": Code('the answer envelope has no "body": the answer is not judged', server=False),
        "BL738": Code(
            '"request" must be an object of the fields the portal sent, or its form body (a '
            "string): it is ignored",
            server=False,
        ),
        "BL739": Code(
            '{shown} is not a key of an answer envelope ("endpoint", "status", "body", '
            '"request"){hint}: it is ignored',
            server=False,
            severity=Severity.WARNING,
        ),
    },
    methods=PSEUDO_METHODS,
    stage=Stage.ADVISORY,
    summary="answer envelopes: a known endpoint, an integer status, a body",
)


def check(request: Request) -> Iterator[Finding]:
    """Nothing: the file's envelope is checked where it is read (``answers.lint_answer_document``),
    before there is a request."""
    return iter(())


def unknown_key(key: str) -> dict[str, object]:
    """The message arguments of BL739 for ``key``, with the envelope key it is closest to."""
    close = difflib.get_close_matches(str(key).lower(), ENVELOPE_KEYS, n=1, cutoff=0.6)
    hint = f" (did you mean {json.dumps(close[0])}?)" if close else ""
    return {"shown": json.dumps(key, ensure_ascii=False), "hint": hint}


def stamped(
    found: Sequence[tuple[str, Loc, dict[str, object], Part]],
    locate: Callable[[Loc, Part], Span | None],
) -> list[Diagnostic]:
    """The diagnostics of the envelope's problems (code, place from the file's root, arguments)."""
    rule = Rule(SPEC, check, __doc__ or "")
    return [
        stamp(rule, Finding(loc, code, args, part), locate, ()) for code, loc, args, part in found
    ]
