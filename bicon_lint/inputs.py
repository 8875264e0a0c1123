"""Diagnostics about the input itself (codes ``BL0xx``) and the REST core's answer to an unknown
method. They are documented like rules, so ``bicon-lint rule BL001`` explains them too."""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint.methods import lookup
from bicon_lint.model import ANY_METHOD, Code, Finding, Request, Rule, RuleSpec, Severity, Stage

ALL_METHODS = frozenset({ANY_METHOD})


def _input_rule(name: str, code: str, message: str, doc: str, severity: Severity) -> Rule:
    spec = RuleSpec(
        name=name,
        codes={code: Code(message, server=False, severity=severity)},
        methods=ALL_METHODS,
        stage=Stage.REQUEST,
        summary=doc.strip().splitlines()[0],
    )
    return Rule(spec=spec, check=lambda _request: iter(()), doc=doc)


INPUT_RULES: tuple[Rule, ...] = (
    _input_rule(
        "invalid-json",
        "BL001",
        "{detail}",
        """The file is not valid JSON (or YAML).

Syntax errors, trailing commas, ``NaN``/``Infinity`` and comments are all rejected by PHP's
``json_decode``, so the server would see no body at all (SERVER-SPEC §2.1). The diagnostic points at
the first offending character. Exit code 1.""",
        Severity.ERROR,
    ),
    _input_rule(
        "invalid-encoding",
        "BL002",
        "{detail}",
        """The file is not UTF-8 text (invalid UTF-8, UTF-16/32, or a binary file).

The server decodes bodies as UTF-8 and rejects invalid sequences (SERVER-SPEC §2.1). The diagnostic
gives the line and column of the first bad byte. Exit code 1.""",
        Severity.ERROR,
    ),
    _input_rule(
        "duplicate-key",
        "BL003",
        "{detail}",
        """An object has the same key twice.

PHP keeps the last value, at the first key's position (SERVER-SPEC §2.1), so one of the two is
silently lost. Both places are reported.""",
        Severity.ERROR,
    ),
    _input_rule(
        "empty-file",
        "BL004",
        "{detail}",
        """The file is empty or holds only whitespace: there is no payload to check.""",
        Severity.ERROR,
    ),
    _input_rule(
        "unknown-payload",
        "BL005",
        "{detail}",
        """bicon-lint cannot tell which ``biconnector.*`` method the file is for.

Wrap the params in an envelope ``{"method": "biconnector.connector.update", "params": {...}}``, or
pass ``--method``. With ``--only-payloads`` (the pre-commit hook's default) such files are skipped.""",
        Severity.ERROR,
    ),
    _input_rule(
        "server-undecodable",
        "BL006",
        "{detail}",
        """Valid JSON that PHP's ``json_decode($body, true, 512)`` still rejects.

A lone UTF-16 surrogate escape (``"\\ud800"``) or nesting deeper than 512 levels makes the whole body
undecodable; since 2026-05 the server then ignores the body and sees no parameters (SERVER-SPEC §2.1,
§8.1): ``add`` answers ``VALIDATION_FIELDS_NOT_PROVIDED``, ``update`` ``VALIDATION_ID_NOT_PROVIDED``.""",
        Severity.ERROR,
    ),
    _input_rule(
        "byte-order-mark",
        "BL007",
        "{detail}",
        """The file starts with a UTF-8 byte order mark.

PHP's ``json_decode`` rejects a body that starts with a BOM, so sent as it is the payload would not
be read. The rest of the file is still checked.""",
        Severity.ERROR,
    ),
)


def _method_exists(request: Request) -> Iterator[Finding]:
    method = lookup(request.method)
    if method is None or not method.exists_on(request.target):
        yield Finding(loc=(), code="ERROR_METHOD_NOT_FOUND", args={"top_level": True}, returns=True)


METHOD_EXISTS = Rule(
    spec=RuleSpec(
        name="method-exists",
        codes={"ERROR_METHOD_NOT_FOUND": Code("Method not found!")},
        methods=ALL_METHODS,
        stage=Stage.REQUEST,
        summary="the method must exist on the target server",
    ),
    check=_method_exists,
    doc="""The method must exist on the chosen server version.

The REST core answers an unknown method before any ``biconnector`` code runs, at the top level of
the response: ``ERROR_METHOD_NOT_FOUND`` / ``Method not found!`` (SERVER-SPEC §2.2).
``biconnector.source.*`` appeared with 25.550.100 and ``biconnector.table.*`` on 2026-04-17 (§1.1).""",
)
