"""Rule documentation from the registry: ``bicon-lint rule``, ``bicon-lint rules``, docs/rules.md.

``python -m bicon_lint.docs > docs/rules.md`` (or ``bicon-lint rules --markdown``) regenerates the
Markdown reference; a test fails when the committed file differs from what the registry gives, so a
rule added to the registry shows up there by running that command.

A rule's documentation is its module's docstring, in reStructuredText's inline markup (literals
between double backquotes, ``**strong**``, ``*emphasis*``, ``*`` / ``-`` / ``1.`` list items). The terminal
text (``bicon-lint rule``, SARIF's ``help.text``) shows it plain, re-wrapped to :data:`WIDTH`
columns; docs/rules.md (and SARIF's ``help.markdown``) as Markdown. Both show each message
template with its placeholders explained (:data:`PLACEHOLDERS`) and end with the rule's references
(:func:`bicon_lint.sources.references`).
"""

from __future__ import annotations

import inspect
import json
import re
import string
import sys
import textwrap
from collections.abc import Iterable

from bicon_lint import sources
from bicon_lint.inputs import INPUT_RULES, METHOD_EXISTS
from bicon_lint.model import ANY_METHOD, Rule
from bicon_lint.rules import RULES
from bicon_lint.state_codes import STATE_CODES, StateCode, explain

ALL_RULES: tuple[Rule, ...] = (*INPUT_RULES, METHOD_EXISTS, *RULES)

WIDTH = 100  # the terminal text's columns


def find_rules(code_or_name: str) -> list[Rule]:
    """Rules named so, or emitting that code (the server reuses a few codes across rules)."""
    wanted = code_or_name.strip()
    return [
        rule
        for rule in ALL_RULES
        if rule.spec.name == wanted.lower() or wanted.upper() in rule.spec.codes
    ]


def suggestions(wanted: str) -> list[str]:
    """Rule names and codes (the rules' and the portal-state ones) ``wanted`` probably meant:
    those it begins (``settings-type``), else those that contain it, else those holding each of
    its words, else the one closest in spelling (``settngs-type``); at most three."""
    import difflib  # only to suggest a name

    key = wanted.strip().lower()
    if not key:
        return []
    known = [rule.spec.name for rule in ALL_RULES]
    known += [code for rule in ALL_RULES for code in rule.spec.codes] + list(STATE_CODES)
    pool = {name.lower(): name for name in known}  # names are lower-case, codes upper-case

    def shortest(keys: Iterable[str]) -> list[str]:
        return [pool[name] for name in sorted(keys, key=lambda name: (len(name), name))[:3]]

    for found in (
        [name for name in pool if name.startswith(key)],
        [name for name in pool if key in name],
    ):
        if found:
            return shortest(found)

    def words(text: str) -> list[str]:
        return [word for word in re.split(r"[-_.\s]+", text) if word]

    def similar(word: str, other: str) -> bool:
        return word == other or (
            len(word) > 3 and difflib.SequenceMatcher(None, word, other).ratio() >= 0.8
        )

    wanted_words = words(key)
    every_word = [
        name
        for name in pool
        if wanted_words and all(any(similar(w, o) for o in words(name)) for w in wanted_words)
    ]
    if every_word:
        every_word.sort(key=lambda name: -difflib.SequenceMatcher(None, key, name).ratio())
        return [pool[every_word[0]]]
    return [pool[name] for name in difflib.get_close_matches(key, list(pool), n=1, cutoff=0.6)]


def unknown_rule_message(wanted: str) -> str:
    """``bicon-lint rule``'s error for a name or code no rule has, with a did-you-mean."""
    close = [repr(name) for name in suggestions(wanted)]
    if not close:
        return f"unknown rule or code {wanted!r} (see 'bicon-lint rules')"
    listed = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
    return f"unknown rule or code {wanted!r} (did you mean {listed}?)"


def methods_label(rule: Rule) -> str:
    if ANY_METHOD in rule.spec.methods:
        return "all"
    actions: dict[str, list[str]] = {}
    for name in sorted(rule.spec.methods):
        entity, _, action = name.removeprefix("biconnector.").partition(".")
        actions.setdefault(entity, []).append(action)
    if actions.get("dataset") == actions.get("table") and "table" in actions:
        actions["dataset|table"] = actions.pop("dataset")
        del actions["table"]
    return " ".join(f"{entity}.{{{','.join(names)}}}" for entity, names in actions.items())


def versions_label(rule: Rule) -> str:
    since = rule.spec.since.label if rule.spec.since else "2025-04"
    return f"{since}..{rule.spec.until.label}" if rule.spec.until else f"{since}.."


# ------------------------------------------------------------------------------------------------
# Message placeholders
# ------------------------------------------------------------------------------------------------

# What each ``str.format`` field of the codes' messages holds, in the docstrings' markup. A name
# that holds something else in one rule is explained for that rule in PLACEHOLDER_OVERRIDES.
PLACEHOLDERS: dict[str, str] = {
    "arrived": "where PHP puts the value when it reads the form body back, as a ``$_POST`` path "
    '(``$_POST["connection"]["a"]``)',
    "call": "the PHP function that throws (``mb_strlen()``, ``FieldType::tryFrom()``)",
    "code": "the setting code as the file writes it (``token``)",
    "codes": "the setting codes the connector declares, comma-separated (``token, login``)",
    "column": 'the column of the answer, by its index or its key (``column 0``, ``column "id"``)',
    "comma": '``(read whole only if the dataset\'s double delimiter is ",")`` when that delimiter '
    "decides the reading, else nothing",
    "connector": "the connector payload of the run that declares the settings, by its file "
    "(``the connector of connector.json``)",
    "converted": "the key the server's key conversion makes of it (``TOKEN``)",
    "declared": "the setting codes the connector declares, comma-separated (``login, password``)",
    "default": "the dataset's default format for the column's type, in PHP ``date()`` letters "
    "(``Y-m-d``)",
    "definition": "the whole filter key as the ORM reads it, after the server's key conversion "
    "(``BOGUS``, ``<>>!!TITLE``)",
    "described": "the column's type in this urlTableDescription answer (``string``)",
    "detail": "what exactly is wrong, worded for the case at hand",
    "effect": "what the dataset preview then does (``the dataset preview shows no data, without "
    "a message``)",
    "endpoint": "the connector's endpoint (``urlCheck``, ``urlTableList``, "
    "``urlTableDescription``, ``urlData``)",
    "entity": "the ORM entity class the filter queries "
    "(``\\Bitrix\\BIConnector\\ExternalSource\\Internal\\ExternalSourceRestConnector``)",
    "example": "the form to write the value in (``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM:SS``)",
    "expected": "what the portal sends under that key (``an integer in decimal`` or ``one string``)",
    "fallback": 'the type the portal uses instead (``"string"``)',
    "field": "the field as the server names it in its answer: an item of ``select``, or a key of "
    "``filter`` or ``order`` (``url_check``, ``ID``)",
    "first": "where the same thing was met first",
    "first_host": "the host of the URL field met first (``127.1``)",
    "formats": "the dataset formats that read the value, in PHP ``date()`` letters "
    "(``d.m.Y or m.d.Y``)",
    "hazards": "what the SVG holds, at most three, then how many more (``a <script> element``; "
    '``an external reference href="https://tracker.example/p.png"``)',
    "hint": "a hint in parentheses (a did-you-mean, or how the portal reads the value), or nothing",
    "host": "the URL's host (``::1``)",
    "id": "the connector's id as the server reads it, which is how to write it (``4``)",
    "index": "the entry's position in the list, from 0",
    "item": "the ``select`` item as recorded (``created_at``)",
    "json": "``object`` or ``list``: what the cell holds",
    "key": "the key concerned, as the file writes it (``token``, ``limit``)",
    "kind": "the type of the value or column concerned",
    "label": "the payload checked in the same run that declares it, by its file "
    "(``connector 4 (connector-4.json)``; ``the table.add payload deals-table.json``)",
    "later": "the later key, whose value the server keeps (``Token``)",
    "length": "the code's length in characters",
    "limit": "the request's ``limit``, as recorded (``20``)",
    "max": "the column's limit in characters (``512``, ``2048``)",
    "message": 'the ORM\'s own message (``Invalid order "UP"``; ``Order must be a string``)',
    "method": "the method called (``biconnector.connector.update``)",
    "mime": "the ``data:`` URL's media type (``text/html``, ``image/bmp``)",
    "more": "``(and N more like it)`` when the same problem recurs, else nothing",
    "name": "the name concerned, as the message says",
    "names": "the names concerned, comma-separated, as the server lists them (``foo, bar``)",
    "note": "``(the largest 64-bit integer)`` when the cast gives that integer, else nothing",
    "order": "``(its keys are not the header's codes in order)`` when they are not, else nothing",
    "outcome": "what the portal then does, with the message the user sees",
    "problem": "what is wrong, worded for the case at hand",
    "reason": "why, worded for the case at hand (``a relative URL has no host for the portal's "
    "HTTP client to call``)",
    "reference": "the connector reference as the source file writes it "
    "(``../connectors/warehouse.json``)",
    "row": "the row's index in the answer's list (or its key, quoted)",
    "rows": "how many rows follow the header",
    "sent": "the value as sent",
    "shown": 'the value as the file writes it, JSON-encoded and cut when long (``"04"``); a '
    'secret is masked (``"d2****"``)',
    "size": "the logo's length in bytes",
    "status": "the answer's HTTP status (``401``)",
    "stored": "the column's type in the table payload of the run (``int``)",
    "table": "the table concerned",
    "title": "the field's name as the server spells it (``fields.supportMapping`` -> "
    "``supportMapping``)",
    "twin": "the same call under ``biconnector.table.*`` (``biconnector.table.get``)",
    "type": "the type the field must have, as the server names it (``string``, ``integer``, "
    "``array``)",
    "types": "the logo media types every current browser renders, comma-separated",
    "used": "the integer the server uses after the cast (``4``)",
    "user": "the id of the user the webhook calls as (``1``)",
    "value": 'the value as the answer writes it, cut when long (``"12.7"``)',
    "what": "what was found there, in words (``an array``; ``the string 'user'``)",
    "where": "the path below the key, in brackets (``[login]``), or nothing for the key itself",
    "why": 'why the server does not read it (``the server ignores it (did you mean "fields"?)``)',
    "width": "how many columns the header has",
}

COLUMN_CODE = "the column's code, as the table payload or the header writes it (``closed_at``)"

# (rule name, placeholder): what the placeholder holds in that rule's messages.
PLACEHOLDER_OVERRIDES: dict[tuple[str, str], str] = {
    ("answer-data-dates", "code"): COLUMN_CODE,
    ("answer-data-header-codes", "code"): COLUMN_CODE,
    ("answer-data-nested", "code"): COLUMN_CODE,
    ("answer-data-numbers", "code"): COLUMN_CODE,
    ("answer-description-dataset", "code"): COLUMN_CODE,
    (
        "answer-data-numbers",
        "shown",
    ): "what the dataset preview makes of it (``12``, ``null (empty)``)",
    ("answer-empty-body", "shown"): 'the body, in words (``the body "0"``; ``an empty body``)',
    ("endpoint-url", "shown"): "the URL as written, or (credentials) its start with them masked "
    "(``https://bi****:****@``)",
    ("answer-data-header", "kind"): "row 0's JSON type, as PHP names it (``string``, ``int``, "
    "``null``)",
    ("answer-data-header-keys", "first"): "the index of the header entry that names it first",
    ("answer-data-header-keys", "key"): 'the key PHP makes of the entry (``"1"`` for ``true``)',
    ("answer-data-header-keys", "value"): "the header entry as the answer writes it (``null``, "
    "``true``)",
    ("answer-data-dates", "kind"): "the column's type: ``date`` or ``datetime``",
    ("answer-data-nested", "column"): "the cell's position in its row, from 0",
    ("answer-data-nested", "kind"): "the column's type: ``date`` or ``datetime``",
    ("answer-data-nested", "method"): "the converter that throws: ``convertToDate`` or "
    "``convertToDateTime``",
    ("answer-data-rows", "detail"): "how the row differs: its length or its JSON type (``has 1 "
    "value``; ``is int, not a list``)",
    ("answer-data-rows", "where"): "what becomes of such a row (``BI Builder forwards it as it "
    "is``)",
    ("answer-data-shape", "first"): "the key of the object's first member (``columns``)",
    ("answer-data-header-codes", "table"): "the table's code in the table payload (``deals``)",
    ("answer-description-dataset", "table"): "the table's code in the table payload (``deals``)",
    ("answer-table-dataset-name", "problem"): "the dataset name rule it breaks (``must match "
    "^[a-z][a-z0-9_]*$``)",
    ("answer-table-dataset-name", "table"): "the table of the urlTableList answer, by its index "
    'or key (``table 0``, ``table "deals"``)',
    ("answer-table-picker", "first"): "the table that has that id first (``table 0``)",
    ("answer-table-picker", "key"): "the member holding the id: ``id`` or ``code``",
    ("answer-table-picker", "table"): "the table of the urlTableList answer, by its index or key "
    '(``table 0``, ``table "deals"``)',
    ("dataset-column-values", "key"): "the column's key whose value is an array: ``name`` or "
    "``type``",
    ("endpoint-host", "field"): "the connector's URL field (``urlCheck``, ``urlData``)",
    ("endpoint-host", "first"): "the URL field met first (``urlCheck``)",
    ("endpoint-host", "host"): "the URL's host (``::1``)",
    ("endpoint-url", "field"): "the connector's URL field (``urlCheck``, ``urlData``)",
    ("id-coerced", "name"): "the key holding the id: ``id``, ``connectorId`` or ``sourceId``",
    ("list-filter-orm-field", "field"): "the element of the filter key the ORM stops at "
    "(``BOGUS``, ``TITLE``)",
    ("list-filter-orm-field", "kind"): "the ORM field class of that element "
    "(``Bitrix\\Main\\ORM\\Fields\\StringField``)",
    ("logo-image", "kind"): "the image type the media type names, with its article (``an SVG``, "
    "``a PNG``)",
    ("logo-image", "reason"): "why, worded for the case at hand (``there is no ',' between the "
    "media type and the data``)",
    ("params-known", "key"): 'the top-level key, quoted (``"field"``)',
    ("request-map-fields", "code"): "the key of the ``mapFields`` entry: a column's external "
    "code (``stage``)",
    ("request-map-fields", "name"): "the field NAME the entry maps it to (``STAGE``)",
    ("save-length", "label"): "the table column the field is stored in (``TITLE``, ``URL_CHECK``)",
    ("save-required", "label"): "the table column the field is stored in (``TITLE``, ``LOGO``)",
    ("settings-duplicate-codes", "first"): "the index or key of the settings item that declares "
    "it first (``0``)",
    ("settings-key-collision", "what"): "``item`` (settings sent as an object) or ``value`` (a "
    "settings item's key)",
    ("settings-key-collision", "where"): "``settings`` (settings sent as an object) or "
    "``settings item``",
    ("settings-scalar-values", "key"): "the settings item key whose value is an array, quoted "
    '(``"name"``)',
    ("source-active", "sent"): 'the key and value as sent (``"active": false``)',
    ("source-connector-id", "sent"): "``connectorId`` as PHP makes it a string (``04``, ``4.5``)",
    ("source-save-length", "label"): "the table column the field is stored in: ``CODE`` (made "
    "from ``connectorId``) or ``TITLE``",
    ("source-settings-keys", "name"): "the setting's name in parentheses (``(API token)``), or "
    "nothing when it has none",
}


def placeholders(message: str) -> list[str]:
    """The ``str.format`` fields of a message template, in order, each once."""
    fields = (name for _, name, _, _ in string.Formatter().parse(message) if name)
    return list(dict.fromkeys(fields))


def placeholder_text(rule: str, name: str) -> str | None:
    """What the placeholder ``name`` holds in the messages of ``rule`` (docstring markup)."""
    return PLACEHOLDER_OVERRIDES.get((rule, name), PLACEHOLDERS.get(name))


def _placeholders_of(rule: Rule) -> list[tuple[str, str]]:
    names = dict.fromkeys(
        name for info in rule.spec.codes.values() for name in placeholders(info.message)
    )
    return [(name, placeholder_text(rule.spec.name, name) or "") for name in names]


# ------------------------------------------------------------------------------------------------
# Markup: the docstrings' reStructuredText inline markup, as plain text or Markdown
# ------------------------------------------------------------------------------------------------

_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)
_STRONG = re.compile(r"\*\*(?=\S)([^*]+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])")
# A line that starts an item of its paragraph: a list item, or a Pass:/Fail: example line.
_ITEM = re.compile(r"(?P<indent> *)(?P<marker>(?:[*-]|\d+\.) +|(?:Pass|Fail): +)")
_NO_BREAK = "\ue000"  # a space inside a short literal while the text is wrapped
_HOLE = re.compile("\ue001(\\d+)\ue002")  # a literal taken out while markup is read


def _literals(text: str) -> tuple[str, list[str]]:
    """``text`` with each literal replaced by a numbered hole, and the literals."""
    found: list[str] = []

    def hole(match: re.Match[str]) -> str:
        found.append(match.group(1))
        return f"\ue001{len(found) - 1}\ue002"

    return _LITERAL.sub(hole, text), found


def plain(text: str, *, keep_together: bool = False) -> str:
    """Docstring markup as plain text: literals unwrapped, strong and emphasis marks dropped.
    With ``keep_together``, spaces of short literals become :data:`_NO_BREAK`."""
    holed, found = _literals(text)
    holed = _EMPHASIS.sub(r"\1", _STRONG.sub(r"\1", holed))

    def literal(match: re.Match[str]) -> str:
        content = found[int(match.group(1))].replace("\n", " ")
        return content.replace(" ", _NO_BREAK) if keep_together and len(content) <= 40 else content

    return _HOLE.sub(literal, holed)


def markdown_text(text: str) -> str:
    """Docstring markup as Markdown: literals as code spans (strong and emphasis are the same)."""
    return _LITERAL.sub(lambda match: _code(match.group(1).replace("\n", " ")), text)


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    wrapper = textwrap.TextWrapper(
        width=WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    )
    return [line.replace(_NO_BREAK, " ") for line in wrapper.wrap(text)] or [first.rstrip()]


def wrap_doc(text: str) -> list[str]:
    """A docstring as plain lines of at most :data:`WIDTH` columns: each paragraph, list item
    and ``Pass:``/``Fail:`` line re-wrapped, list items with a hanging indent."""
    lines: list[str] = []
    for block in re.split(r"\n[ \t]*\n", inspect.cleandoc(text)):
        if not block.strip():
            continue
        if lines:
            lines.append("")
        items: list[tuple[str, str, list[str]]] = []
        for line in block.splitlines():
            match = _ITEM.match(line)
            if match:
                marker = match.group("marker").rstrip() + " "
                items.append((match.group("indent"), marker, [line[match.end() :]]))
            elif items:
                items[-1][2].append(line.strip())
            else:
                indent = line[: len(line) - len(line.lstrip())]
                items.append((indent, "", [line.strip()]))
        for indent, marker, parts in items:
            body = plain(" ".join(parts), keep_together=True)
            lines += _wrap(body, indent + marker, indent + " " * len(marker))
    return lines


def _wrap_lines(text: str, rest: str = "") -> list[str]:
    """Each line of ``text`` wrapped on its own, continuation lines indented by ``rest``."""
    lines: list[str] = []
    for line in text.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        lines += _wrap(plain(line.strip(), keep_together=True), indent, indent + rest)
    return lines


# ------------------------------------------------------------------------------------------------
# References
# ------------------------------------------------------------------------------------------------


def _explained_here(rule: Rule) -> list[StateCode]:
    """The portal-state codes this rule predicts, explained after its text."""
    return [
        entry
        for code in rule.spec.codes
        if (entry := STATE_CODES.get(code)) is not None and entry.predicted == rule.spec.name
    ]


def rule_references(rule: Rule) -> list[tuple[str, str]]:
    """``(label, url)``: the server files the rule's text cites, the REST docs of its methods, and
    its own section of the rule reference."""
    text = "\n".join([rule.doc, *(entry.explanation for entry in _explained_here(rule))])
    found = sources.references(text, rule.spec.methods)
    return [*found, (f"Rule reference: {rule.spec.name}", sources.rule_url(rule.spec.name))]


def state_references(entry: StateCode) -> list[tuple[str, str]]:
    found = sources.references(entry.explanation, [ANY_METHOD])
    return [
        *found,
        ("Rule reference: portal-state codes", f"{sources.RULES_DOC_URL}#{STATE_ANCHOR}"),
    ]


def _references_text(references: list[tuple[str, str]]) -> list[str]:
    lines = ["References:"]
    for label, url in references:
        line = f"  {label}: {url}"
        # a URL is never broken: one longer than the line gets a line of its own
        lines += [line] if len(line) <= WIDTH else [f"  {label}", f"    {url}"]
    return lines


def _references_markdown(references: list[tuple[str, str]]) -> list[str]:
    return ["References:", "", *(f"- [{label}]({url})" for label, url in references), ""]


# ------------------------------------------------------------------------------------------------
# bicon-lint rule, bicon-lint rules
# ------------------------------------------------------------------------------------------------


def plain_doc(rule: Rule) -> str:
    """The rule's docstring as plain text (SARIF's ``fullDescription``)."""
    return "\n".join(wrap_doc(rule.doc))


def rule_text(rule: Rule) -> str:
    """``bicon-lint rule``'s text of a rule: its codes with their message templates and what
    each placeholder holds, its methods and server versions, its documentation, for a
    portal-state code the rule predicts where the payload alone decides it
    (``StateCode.predicted``) that code's explanation, and its references."""
    spec = rule.spec
    lines = [spec.name, ""]
    described: set[str] = set()  # each placeholder under the first message that has it
    for code, info in spec.codes.items():
        origin = "server code" if info.server else "bicon-lint code"
        lines.append(f"{code} ({origin}, {info.severity.value})")
        lines += _wrap(info.message, "    ", "    ")
        for name in placeholders(info.message):
            if name in described:
                continue
            described.add(name)
            explained = plain(placeholder_text(spec.name, name) or "", keep_together=True)
            lines += _wrap(f"{{{name}}}: {explained}", "      ", "        ")
    lines += [
        "",
        *_wrap(f"Methods: {methods_label(rule)}", "", " " * len("Methods: ")),
        f"Server versions: {versions_label(rule)}",
        "",
        *wrap_doc(rule.doc),
    ]
    for entry in _explained_here(rule):
        lines += ["", *_wrap_lines(explain(entry))]
    lines += ["", *_references_text(rule_references(rule))]
    return "\n".join(lines)


def state_text(entry: StateCode) -> str:
    """``bicon-lint rule``'s text of a portal-state code no rule predicts."""
    lines = _wrap_lines(explain(entry))
    return "\n".join([*lines, "", *_references_text(state_references(entry))])


def explain_text(code_or_name: str) -> str | None:
    """What ``bicon-lint rule CODE_OR_NAME`` prints, or ``None`` for no rule or code."""
    found = find_rules(code_or_name)
    if found:
        return "\n\n".join(rule_text(rule) for rule in found)
    entry = STATE_CODES.get(code_or_name.strip().upper())
    return None if entry is None else state_text(entry)


def rules_table() -> str:
    """``bicon-lint rules``: a row per code (code, rule, server versions, severity), its
    methods on the next line, within :data:`WIDTH` columns."""
    header = ("CODE", "RULE", "VERSIONS", "SEVERITY")
    rows = [
        (code, rule.spec.name, versions_label(rule), info.severity.value, methods_label(rule))
        for rule in ALL_RULES
        for code, info in rule.spec.codes.items()
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(widths[i]) if i < 3 else cell for i, cell in enumerate(cells))

    lines = [line(header)]
    for *cells, methods in rows:
        lines.append(line(tuple(cells)))
        lines += _wrap(methods, "    methods: ", " " * len("    methods: "))
    return "\n".join(lines)


def rules_json() -> str:
    """``bicon-lint rules --format json``: the table's rows, one per code, as a JSON document."""
    rows = [
        {
            "code": code,
            "rule": rule.spec.name,
            "message": info.message,
            "severity": info.severity.value,
            "server": info.server,
            "methods": sorted(rule.spec.methods),
            "since": rule.spec.since.label if rule.spec.since else None,
            "until": rule.spec.until.label if rule.spec.until else None,
            "summary": rule.spec.summary,
            "url": sources.rule_url(rule.spec.name),
        }
        for rule in ALL_RULES
        for code, info in rule.spec.codes.items()
    ]
    return json.dumps({"version": 1, "codes": rows}, indent=2)


# ------------------------------------------------------------------------------------------------
# docs/rules.md
# ------------------------------------------------------------------------------------------------

GENERATE_COMMAND = "python -m bicon_lint.docs > docs/rules.md"
STATE_ANCHOR = "portal-state-codes"


def _code(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _versions_text(rule: Rule) -> str:
    since = rule.spec.since.label if rule.spec.since else "2025-04"
    if rule.spec.until:
        return f"from {since}, before {rule.spec.until.label} ({_code(versions_label(rule))})"
    return f"from {since} on ({_code(versions_label(rule))})"


def _methods_text(rule: Rule) -> str:
    if ANY_METHOD in rule.spec.methods:
        return "every method (even unknown names)"
    return ", ".join(_code(name) for name in sorted(rule.spec.methods))


def _rule_section(rule: Rule) -> list[str]:
    spec = rule.spec
    lines = [f"## {spec.name}", ""]
    if spec.summary:
        lines += [f"*{spec.summary}*", ""]
    lines += ["| Code | Kind | Severity | Message |", "|---|---|---|---|"]
    for code, info in spec.codes.items():
        kind = "server code" if info.server else "bicon-lint code"
        lines.append(
            f"| {_cell(_code(code))} | {kind} | {info.severity.value} | {_cell(_code(info.message))} |"
        )
    lines += [
        "",
        f"- **Methods:** {_methods_text(rule)}",
        f"- **Server versions:** {_versions_text(rule)}",
        f"- **Explain:** {_code('bicon-lint rule ' + spec.name)}",
        "",
    ]
    fields = _placeholders_of(rule)
    if fields:
        lines += ["Placeholders in the messages:", ""]
        lines += [f"- {_code('{' + name + '}')}: {markdown_text(text)}" for name, text in fields]
        lines.append("")
    # a Pass:/Fail: line keeps its own line (a hard line break)
    doc = re.sub(r"(?<=\S)\n(?=(?:Pass|Fail): )", "\\\n", inspect.cleandoc(rule.doc))
    lines += [markdown_text(doc), ""]
    lines += _references_markdown(rule_references(rule))
    return lines


def rule_markdown(rule: Rule) -> str:
    """The rule's section of docs/rules.md (SARIF's ``help.markdown``)."""
    return "\n".join(_rule_section(rule))


def _state_section() -> list[str]:
    lines = [
        "## Portal-state codes",
        "",
        "Server codes decided by the portal's state or by who calls, not by the payload. "
        "bicon-lint does not predict them (it assumes the state lets the request through), but "
        f"{_code('bicon-lint rule CODE')} explains each one. Two are predicted where the payload "
        "alone decides: an id whose `(int)` is 0 or below, which no row can have "
        "([source-connector-exists](#source-connector-exists), "
        "[dataset-source-exists](#dataset-source-exists)).",
        "",
        "| Code | Message | Methods | Explanation |",
        "|---|---|---|---|",
    ]
    for entry in STATE_CODES.values():
        explanation = markdown_text(entry.explanation)
        cells = (_code(entry.code), _code(entry.message), entry.methods, explanation)
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    lines.append("")
    return lines


def markdown() -> str:
    """docs/rules.md: an index of every code, a section per rule (anchor ``#<rule-name>``), and
    the portal-state codes."""
    lines = [
        "# bicon-lint rules",
        "",
        f"<!-- Generated from the rule registry by `{GENERATE_COMMAND}`. Do not edit by hand. -->",
        "",
        "Every code bicon-lint reports, by rule. **Server codes** are the ones the server answers "
        "in `error`, with its own message; **bicon-lint codes** (`BLxxx`) are bicon-lint's own, "
        "for what the server has no code for. A rule applies to the listed methods on the listed "
        "server versions (`--target`); `2025-04..` means every version, `a..b` from `a` up to, not "
        "including, `b`. `bicon-lint rule CODE_OR_NAME` prints a rule's section, and `select`, "
        "`ignore`, `per-file-ignores` and `severity` in `[tool.bicon-lint]` take these codes, rule "
        "names or code prefixes.",
        "",
        "| Code | Rule | Severity | Methods | Server versions |",
        "|---|---|---|---|---|",
    ]
    for rule in ALL_RULES:
        for code, info in rule.spec.codes.items():
            cells = (
                _code(code),
                f"[{rule.spec.name}](#{rule.spec.name})",
                info.severity.value,
                methods_label(rule),
                versions_label(rule),
            )
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    lines.append("")
    for rule in ALL_RULES:
        lines += _rule_section(rule)
    lines += _state_section()
    return "\n".join(lines)


def main() -> int:
    sys.stdout.write(markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
