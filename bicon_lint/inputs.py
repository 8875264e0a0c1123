"""Diagnostics about the input itself (codes ``BL0xx``) and the REST core's answer to an unknown
method. They are documented like rules, so ``bicon-lint rule BL001`` explains them too."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from bicon_lint import access, php
from bicon_lint.methods import lookup
from bicon_lint.model import (
    ANY_METHOD,
    Code,
    Finding,
    Loc,
    Part,
    Request,
    Rule,
    RuleSpec,
    Severity,
    Stage,
)
from bicon_lint.targets import Target

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


# --------------------------------------------------------------------------------------------
# Encodings that carry only strings: form bodies and batch commands (CRestUtil::getRequestData and
# CRestUtil::ParseBatchQuery in rest/classes/general/rest_util.php).
# Notes next to what the server answers, explaining why; never the server's answer themselves.
# --------------------------------------------------------------------------------------------

STRING_ENCODINGS = frozenset({"form", "batch"})


def _carrier(request: Request) -> str:
    return "a batch command" if request.encoding == "batch" else "a form-encoded body"


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:36] + '..."'


def _form_boolean(request: Request) -> Iterator[Finding]:
    given = access.fields(request) if request.encoding in STRING_ENCODINGS else None
    for row in access.field_table(request) if given is not None else ():
        value = given.get(row.title) if given is not None else None
        if row.type == "boolean" and isinstance(value, str):
            detail = (
                f'"{row.title}" is the string {_shown(value)} here: {_carrier(request)} carries '
                "only strings, never a boolean, so the server answers VALIDATION_INVALID_FIELD_TYPE."
                " Send the call as JSON to set it."
            )
            yield Finding(loc=("fields", row.title), code="BL020", args={"detail": detail})


def _form_empty_array(request: Request) -> Iterator[Finding]:
    given = access.fields(request) if request.encoding in STRING_ENCODINGS else None
    method = lookup(request.method)
    adding = method is not None and method.action == "add"
    for row in access.field_table(request) if given is not None else ():
        if row.type != "array" or given is None:
            continue
        value = given.get(row.title)
        if isinstance(value, str):
            detail = (
                f'"{row.title}" is the string {_shown(value)} here: {_carrier(request)} cannot send '
                f"an empty array (fields[{row.title}]= is a string). Send at least one item, "
                f"fields[{row.title}][0][...]=..., or leave the field out."
            )
            yield Finding(loc=("fields", row.title), code="BL021", args={"detail": detail})
        elif adding and row.is_required and not row.is_read_only and row.title not in given:
            detail = (
                f'"{row.title}" is missing: {_carrier(request)} cannot carry an empty array '
                "(http_build_query leaves it out), and add requires the field. Send at least one "
                f"item, fields[{row.title}][0][...]=..."
            )
            yield Finding(loc=access.FIELDS, code="BL021", args={"detail": detail}, part=Part.KEY)


def _leaves(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    for key, item in php.items(value):
        if php.is_array(item):
            yield from _leaves(item, (*loc, key))
        else:
            yield (*loc, key), item


def _form_null(request: Request) -> Iterator[Finding]:
    if request.encoding not in STRING_ENCODINGS:
        return
    for loc, value in _leaves(request.params):
        if isinstance(value, str) and value.strip().lower() == "null":
            detail = (
                f"{_shown(value)} is a string here, not null: {_carrier(request)} has no null "
                "(http_build_query leaves a null out). Leave the key out to send nothing."
            )
            yield Finding(loc=loc, code="BL022", args={"detail": detail})


def _encoding_rule(
    name: str,
    code: str,
    doc: str,
    severity: Severity,
    check: Callable[[Request], Iterator[Finding]],
) -> Rule:
    spec = RuleSpec(
        name=name,
        codes={code: Code("{detail}", server=False, severity=severity)},
        methods=ALL_METHODS,
        stage=Stage.ADVISORY,
        summary=doc.strip().splitlines()[0],
    )
    return Rule(spec=spec, check=check, doc=doc)


ENCODING_RULES: tuple[Rule, ...] = (
    _encoding_rule(
        "form-boolean",
        "BL020",
        """A ``boolean`` field sent in a form-encoded body or a batch command arrives as a string.

Form bodies and batch command strings carry only strings (``$_POST``, ``parse_str``):
``fields[supportMapping]=1`` and ``=true`` are the strings ``"1"`` and ``"true"``, never a boolean,
so the strict ``is_bool`` check answers ``VALIDATION_INVALID_FIELD_TYPE``, as the ``field-type``
diagnostic at the same place says. This note (info) explains why. Send the call as JSON to set the
field, or leave it out.

Source: ``rest/classes/general/rest_util.php`` (``CRestUtil::getRequestData``, lines 57-98, and
``CRestUtil::ParseBatchQuery``, lines 478-491) and ``biconnector/lib/Rest/Base.php``
(``Base::validateFields``, lines 366-377). PHP:
https://www.php.net/manual/en/function.parse-str.php,
https://www.php.net/manual/en/function.is-bool.php.""",
        Severity.INFO,
        _form_boolean,
    ),
    _encoding_rule(
        "form-empty-array",
        "BL021",
        """An ``array`` field in a form-encoded body or a batch command is a string, or is missing on add.

Form encoding has no empty array: ``http_build_query`` leaves ``settings: []`` out, so ``add``
answers ``Field "settings" is required.``; written by hand, ``fields[settings]=`` is the string
``""`` and fails the type check (``must be of type array``). This note (info) sits next to that
server error and explains it. Send at least one item (``fields[settings][0][code]=...``) or send the
call as JSON.

Source: ``biconnector/lib/Rest/Base.php`` (``Base::validateFields``: the required test at lines
342-350, the type test at lines 366-377). PHP:
https://www.php.net/manual/en/function.http-build-query.php.""",
        Severity.INFO,
        _form_empty_array,
    ),
    _encoding_rule(
        "form-null",
        "BL022",
        """A value ``null`` in a form-encoded body or a batch command is the four-letter string.

Form encoding cannot express ``null``: ``http_build_query`` leaves a null out, and
``fields[description]=null`` sends the string ``"null"``, which a string field accepts and stores as
it is (a warning: nothing fails, the data is wrong). Leave the key out to send nothing.

Source: ``rest/classes/general/rest_util.php`` (``CRestUtil::getRequestData``, lines 57-98: a form
body is read as strings) and ``biconnector/lib/Rest/Base.php`` (``Base::validateFields``, lines
366-377: ``is_string`` accepts ``"null"``). PHP:
https://www.php.net/manual/en/function.http-build-query.php.""",
        Severity.WARNING,
        _form_null,
    ),
)


INPUT_RULES: tuple[Rule, ...] = (
    _input_rule(
        "invalid-json",
        "BL001",
        "{detail}",
        """The file is not valid JSON (or YAML).

Syntax errors, trailing commas, ``NaN``/``Infinity`` and comments are all rejected by PHP's
``json_decode``, so the server would see no body at all. The diagnostic points at the first
offending character. Exit code 1.

In a ``.yaml``/``.yml`` file: the YAML parser's error at its position, or what the sender's
``yaml.safe_load`` refuses (an unknown tag such as ``!Ref``, an undefined or redefined anchor).

Source: ``rest/classes/general/rest_util.php`` (``CRestUtil::getRequestData``, lines 57-98) and
``main/lib/web/json.php`` (``Json::decode``, lines 50-62). PHP:
https://www.php.net/manual/en/function.json-decode.php.""",
        Severity.ERROR,
    ),
    _input_rule(
        "invalid-encoding",
        "BL002",
        "{detail}",
        """The file is not UTF-8 text (invalid UTF-8, UTF-16/32, or a binary file).

The server decodes bodies as UTF-8 and rejects invalid sequences. The diagnostic gives the line and
column of the first bad byte. Exit code 1.

Source: ``main/lib/web/json.php`` (``Json::decode``, lines 50-62: ``json_decode`` refuses invalid
UTF-8), called by ``rest/classes/general/rest_util.php`` (``CRestUtil::getRequestData``, lines
57-98). PHP: https://www.php.net/manual/en/function.json-decode.php.""",
        Severity.ERROR,
    ),
    _input_rule(
        "duplicate-key",
        "BL003",
        "{detail}",
        """An object has the same key twice.

PHP keeps the last value, at the first key's position (``json_decode`` through ``Json::decode``,
``main/lib/web/json.php`` lines 50-62), so one of the two is silently lost. Both places are
reported. The same holds for a YAML mapping (keys compared as the JSON strings they become: ``1``
and ``"1"`` collide) and for a name repeated in a form body or a batch command (``parse_str`` keeps
the last one; ``a=1&a[x]=2`` loses the string). PHP:
https://www.php.net/manual/en/function.json-decode.php,
https://www.php.net/manual/en/function.parse-str.php.""",
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
pass ``--method``. With ``--only-payloads`` (the pre-commit hook's default) such files are skipped.
An envelope is recognised by its ``"method"`` alone: params that are not under ``"params"`` are
``envelope-params`` (BL014).""",
        Severity.ERROR,
    ),
    _input_rule(
        "server-undecodable",
        "BL006",
        "{detail}",
        """Valid JSON that PHP's ``json_decode($body, true, 512)`` still rejects.

A lone UTF-16 surrogate escape (``"\\ud800"``) or nesting deeper than 512 levels makes the whole
body undecodable; since 2026-05 the server then ignores the body and sees no parameters
(``CRestUtil::getRequestData`` in ``rest/classes/general/rest_util.php``, lines 57-98, rewritten on
2026-05-01: ``HttpRequest::decodeJsonStrict``, ``main/lib/httprequest.php`` lines 598-614, throws
and the whole body is dropped): ``add`` answers ``VALIDATION_FIELDS_NOT_PROVIDED``, ``update``
``VALIDATION_ID_NOT_PROVIDED``.

A Python value (``lint_payload``, ``check_call``, the b24pysdk guard) and a call read from a program
that sends JSON are judged as the body ``json.dumps``/``JSON.stringify`` writes of them
(``bicon_lint.json_body``): a string or key holding a lone surrogate (written as the escape
``\\ud800``), arrays and objects nested 512 levels deep counting the params object as level 1
(``json_decode`` with depth 512 accepts 511: measured with PHP 8.2), or a float ``nan``/``inf``
(``json.dumps`` writes ``NaN``, which ``json_decode`` rejects; ``requests``, so b24pysdk, refuses
to send it). The diagnostic points at that value (a key: the object holding it); without a file it
has a pointer only. ``check_call`` raises on it even where the method accepts empty params (a
``list`` without its filter). A value that contains itself has no JSON form and is never sent.
PHP: https://www.php.net/manual/en/function.json-decode.php.""",
        Severity.ERROR,
    ),
    _input_rule(
        "byte-order-mark",
        "BL007",
        "{detail}",
        """The file starts with a UTF-8 byte order mark.

PHP's ``json_decode`` rejects a body that starts with a BOM, so sent as it is the payload would not
be read. The rest of the file is still checked.

Source: ``main/lib/web/json.php`` (``Json::decode``, lines 50-62), called by
``rest/classes/general/rest_util.php`` (``CRestUtil::getRequestData``, lines 57-98). PHP:
https://www.php.net/manual/en/function.json-decode.php.""",
        Severity.ERROR,
    ),
    _input_rule(
        "source-syntax",
        "BL008",
        "{detail}",
        """A program that mentions ``biconnector`` cannot be parsed, so its calls are not checked.

PHP, JavaScript/TypeScript and Go files are read with tree-sitter, which recovers from syntax errors
(only the broken expression is then a value known at run time, and not judged). A Python file is
read with the ``ast`` module of the Python that runs bicon-lint: a syntax error there, or syntax
newer than that Python, leaves the whole file unread. The diagnostic is a warning at the error's
position; run bicon-lint with a Python as new as the code's.""",
        Severity.WARNING,
    ),
    _input_rule(
        "source-too-large",
        "BL009",
        "{detail}",
        """A program or a doc that mentions ``biconnector`` is larger than bicon-lint reads calls from
(4 MiB), so its calls are not checked.

Hand-written source files are far smaller; a file this large is usually generated (a bundled or
minified script), and the calls it holds are checked in the sources it was built from. Parsing it
would take seconds and about a hundred times its size in memory. The warning is at the start of
the file; exclude generated files in the configuration (``exclude = ["dist"]``) to silence it.""",
        Severity.WARNING,
    ),
    _input_rule(
        "yaml-multiple-documents",
        "BL010",
        "{detail}",
        """A YAML file holds more than one document (``---`` starts another).

A payload file is one request. The sender's ``yaml.safe_load`` refuses a stream of several
documents ("expected a single document in the stream"), so nothing would be sent. bicon-lint
points at the start of the second document and checks the first one. Put each request in its own
file, or several commands in a batch file.""",
        Severity.ERROR,
    ),
    _input_rule(
        "yaml-alias-limit",
        "BL011",
        "{detail}",
        """YAML aliases expand the document beyond 100,000 nodes, or an alias is inside its own node.

An alias (``*name``) repeats its anchored node wherever it is used, so a few lines can stand for
billions of values (the "billion laughs" attack). bicon-lint counts the nodes that aliases add
(``MAX_ALIAS_NODES`` in ``bicon_lint.loaders.yaml_loader``) and refuses the document at the alias
that crosses the limit; an alias inside the node it names is infinite and has no JSON form. The
file is not checked further.""",
        Severity.ERROR,
    ),
    _input_rule(
        "yaml-not-json",
        "BL012",
        "{detail}",
        """A YAML value has no JSON form: ``!!binary`` data, ``.inf``/``.nan``, or a collection as a key.

A YAML payload is sent as JSON. JSON has no bytes and no infinity: Python's encoder writes
``NaN``/``Infinity``, which PHP's ``json_decode`` rejects (the server then ignores the whole body:
``CRestUtil::getRequestData``, ``rest/classes/general/rest_util.php`` lines 57-98), JavaScript's
writes ``null``, and a mapping or sequence cannot be an object key at all. The rest of the file is
still checked (``!!binary`` as its base64 text).""",
        Severity.ERROR,
    ),
    _input_rule(
        "yaml-1.1-scalar",
        "BL013",
        "{detail}",
        """A plain YAML scalar that YAML 1.1 and YAML 1.2 read differently.

``yes``/``no``/``on``/``off`` are booleans, ``012`` is octal 10, ``1_000`` and ``1:30`` are
numbers in YAML 1.1; ``1e3`` and ``0o17`` are strings there. bicon-lint reads YAML as PyYAML's
``safe_load`` does (YAML 1.1), so ``title: no`` is ``false`` and the server would answer
``Field "title" must be of type string.``; a YAML 1.2 library (js-yaml, for one) sends the string
``"no"``. What reaches the server depends on the sender: quote the value, or write it so that both
versions agree (``true``, ``10``, ``1000``).

Source: ``biconnector/lib/Rest/Base.php`` (``Base::validateFields``, lines 366-377: the type test
that a boolean or a number fails where a string is declared).""",
        Severity.WARNING,
    ),
    _input_rule(
        "envelope-params",
        "BL014",
        "{detail}",
        """An envelope whose params are not under ``"params"``, so they are not sent.

Only the envelope's ``"params"`` is sent as the call's body; its other keys are bicon-lint's own
(``"method"``, a source's ``"connector"`` reference) and never reach the server. So an envelope
without ``"params"`` is a call without parameters, and the predicted answer is the server's to that:
``add`` answers ``VALIDATION_FIELDS_NOT_PROVIDED``, ``update``, ``get`` and ``delete``
``VALIDATION_ID_NOT_PROVIDED`` (``biconnector/lib/Rest/Base.php``: ``validateParamsForAdd`` and
``validateParamsId``, lines 249-302). A misspelled key would not help even if it reached the method:
the method ignores a top-level key it does not read, and keys are case-sensitive, so ``"param"`` or
``"Params"`` is not ``params`` (the method reads ``$params['fields']`` and ``$params['id']`` by
their exact names). This error says what happened:

* a key close to ``"params"`` (``"param"``, ``"Params"``, ``"parameters"``): did you mean
  ``"params"``?
* no ``"params"``, and the method's params written next to ``"method"`` (a flat envelope
  ``{"method": ..., "id": 4, "fields": {...}}``): the params must be under ``"params"``;
* a key of the method's params next to ``"params"`` rather than inside it (``"fields"`` beside
  ``"params"``; ``"id"`` is left alone there, since JSON-RPC envelopes carry a request ``id``).

Pass: ``{"method": "biconnector.connector.update", "params": {"id": 4, "fields": {...}}}``
Fail: ``{"method": "biconnector.connector.update", "param": {"id": 4, "fields": {...}}}``""",
        Severity.ERROR,
    ),
    _input_rule(
        "batch-command",
        "BL023",
        "{detail}",
        """A batch command that the REST core does not read as written.

``methodsBatch`` skips a command that is not a string, and splits each command with ``parse_url``: a
``#`` starts the URL's fragment, so the rest of the command is dropped (``fields[title]=C#`` sends
the title ``C``). Write ``#`` as ``%23``.

Source: ``rest/classes/general/rest_provider.php`` (``CRestProvider::methodsBatch``, lines 285-298)
and ``rest/classes/general/rest_util.php`` (``CRestUtil::ParseBatchQuery``, lines 478-491). PHP:
https://www.php.net/manual/en/function.parse-url.php.""",
        Severity.WARNING,
    ),
    *ENCODING_RULES,
)


def _method_exists(request: Request) -> Iterator[Finding]:
    if not method_available(request.method, request.target):
        yield Finding(loc=(), code="ERROR_METHOD_NOT_FOUND", args={"top_level": True}, returns=True)


@lru_cache(maxsize=256)
def method_available(name: str, target: Target) -> bool:
    """Does the REST core of ``target`` know the method ``name``?"""
    method = lookup(name)
    return method is not None and method.exists_on(target)


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
the response: ``ERROR_METHOD_NOT_FOUND`` / ``Method not found!``. ``biconnector.source.*`` appeared
with 25.550.100 and ``biconnector.table.*`` on 2026-04-17.

Source: ``rest/classes/general/rest.php`` (``CRestServer::processCall``, lines 223-228, answered by
``processException``, lines 860-884); ``biconnector/lib/Rest/Source.php`` first appears in the
public copy of the modules of 2025-07-07 (biconnector 25.300.0 of 2025-04, in the
``alex-jazzman/bitrix24_source`` repository, has no ``Rest/Source.php``), and
``biconnector/lib/Rest/Dataset.php`` registers ``biconnector.table.*`` since 2026-04-17
(``OnRestServiceBuildDescription``, lines 28-94).""",
)
