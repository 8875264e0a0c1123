"""Markdown docs: the ``biconnector.*`` calls written in their fenced code blocks.

The file is parsed with markdown-it-py (CommonMark). Each fenced code block (indented code blocks
are not read) that mentions ``biconnector`` is read by the extractor of its language, and every
offset of the calls found is mapped back to the Markdown file, line by line: a block inside a list
item or a blockquote has lost its indentation or its ``>`` (each content line is found at the end of
its file line). The language is the info string's first word, case-insensitive:

| info string | read as |
|---|---|
| ``php``, ``phtml`` | PHP (``<?php`` is put before a snippet that has none) |
| ``js``, ``javascript``, ``jsx``, ``mjs``, ``cjs``, ``node`` | JavaScript |
| ``ts``, ``typescript``, ``mts``, ``cts``; ``tsx`` | TypeScript; TSX |
| ``python``, ``py``, ``python3``, ``py3`` | Python |
| ``go``, ``golang`` | Go (a snippet without ``package`` is given ``package main``, and its
  statements a function, when it declares nothing at the top level) |
| ``bash``, ``sh``, ``shell``, ``console``, ``curl``, ``zsh``, ``shell-session``, ``sh-session``,
  ``terminal`` | cURL commands (:mod:`bicon_lint.extract.curl`) |
| ``json`` | a JSON envelope ``{"method": "biconnector.…", "params": {...}}`` only (encoding
  ``json``, as a payload file's envelope) |
| ``html``, ``htm`` | the JavaScript of its ``<script>`` elements |
| none, or any other | sniffed, see below |

Sniffing, first the markers only one language has, then the weaker ones, in this order:

1. a line starting with ``curl`` or ``$ curl`` → cURL;
2. ``<?php`` or ``CRest::`` → PHP; ``package main`` or ``b24.Params`` → Go; ``BX24.``,
   ``BX.rest.`` or ``$b24.`` → JavaScript; ``client.biconnector`` → Python; ``<script`` → HTML;
3. ``->call(`` → PHP; ``:=`` → Go; ``await `` or ``const `` → JavaScript; ``def `` or ``import ``
   → Python;
4. else the block is not read.

(Some weaker markers are shared: PHP code may hold ``const``, Go code ``const`` and ``import``; so PHP
and Go are tried before JavaScript and Python.)

Each call keeps the style and encoding its language's extractor gives it (``encoding`` is how that
SDK sends the params, see each module); a JSON envelope is ``json``.

In a console transcript (``console``, ``shell-session``, ``sh-session``, ``terminal``) the ``> ``
that starts a line going on with a ``$`` command is a prompt, not a redirection, and is not read.

Suppressions: ``<!-- bicon-lint: ignore[...] -->`` HTML comments of the Markdown text count on the
line they are written on, and so do the comments of the code blocks (mapped to the file's lines); an
HTML block of such a comment right above a fenced block covers every line of that block (a doc's
example kept wrong on purpose).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Final, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bicon_lint.extract import MENTION, extractor
from bicon_lint.extract.build import Builder, Call, Extracted, moved, suppressions
from bicon_lint.extract.curl import extract_curl
from bicon_lint.identify import envelope_method
from bicon_lint.loaders.document import Document, OffsetSpan, Problem
from bicon_lint.loaders.duplicates import duplicate_problems
from bicon_lint.loaders.json_loader import index_positions, load_json
from bicon_lint.model import Loc, Span

CURL: Final = "curl"
JSON: Final = "json"
HTML: Final = "html"

LANGUAGES: Final = {
    "php": "php",
    "phtml": "php",
    "js": "javascript",
    "javascript": "javascript",
    "jsx": "javascript",
    "mjs": "javascript",
    "cjs": "javascript",
    "node": "javascript",
    "ts": "typescript",
    "typescript": "typescript",
    "mts": "typescript",
    "cts": "typescript",
    "tsx": "tsx",
    "python": "python",
    "py": "python",
    "python3": "python",
    "py3": "python",
    "go": "go",
    "golang": "go",
    "bash": CURL,
    "sh": CURL,
    "shell": CURL,
    "console": CURL,
    "curl": CURL,
    "zsh": CURL,
    "shell-session": CURL,
    "sh-session": CURL,
    "terminal": CURL,
    "json": JSON,
    "html": HTML,
    "htm": HTML,
}
"""An info string's first word (lower-cased) → what the block is read as."""

_TRANSCRIPTS: Final = frozenset({"console", "shell-session", "sh-session", "terminal"})
_CURL_LINE: Final = re.compile(r"^[ \t]*(?:\$[ \t]+)?curl\b", re.MULTILINE)
_STRONG: Final = (
    ("php", ("<?php", "CRest::")),
    ("go", ("package main", "b24.Params")),
    ("javascript", ("BX24.", "BX.rest.", "$b24.")),
    ("python", ("client.biconnector",)),
    (HTML, ("<script",)),
)
_WEAK: Final = (
    ("php", ("->call(",)),
    ("go", (":=",)),
    ("javascript", ("await ", "const ")),
    ("python", ("def ", "import ")),
)
_INFO_WORD: Final = re.compile(r"[\s{.]*([\w+#-]+)")
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_COMMENT: Final = re.compile(r"<!--.*?-->", re.DOTALL)
_SCRIPT: Final = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_SCRIPT_TYPE: Final = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_SCRIPT_LANG: Final = re.compile(r"""\blang\s*=\s*["']?(ts|tsx)\b""", re.IGNORECASE)
_SCRIPT_TYPES: Final = frozenset(
    {"", "module", "text/javascript", "application/javascript", "text/babel"}
)
_GO_PACKAGE: Final = re.compile(r"^package\s", re.MULTILINE)
_GO_TOP_LEVEL: Final = re.compile(r"^(?:func|import|type|var|const)\b", re.MULTILINE)

_PARSER: Final = MarkdownIt("commonmark")
_MODULES: Final = {"typescript": "javascript", "tsx": "javascript"}  # as extract.extractor has it


def language(info: str, code: str) -> str | None:
    """What a fenced block is read as: a language of ``SOURCE_KINDS``, ``"curl"``, ``"json"``,
    ``"html"``, or ``None`` (not read).

    >>> language("PHP title='x'", ""), language("", "$ curl -d a=1 https://x"), language("text", "x")
    ('php', 'curl', None)
    """
    word = _INFO_WORD.match(info)
    named = LANGUAGES.get(word.group(1).lower()) if word else None
    if named is not None:
        return named
    if _CURL_LINE.search(code):
        return CURL
    for markers in (_STRONG, _WEAK):
        for kind, found in markers:
            if any(marker in code for marker in found):
                return kind
    return None


class _Lines:
    """Where each line of the file starts and ends (before its line break), as markdown-it counts
    lines (``\\r\\n``, ``\\r`` and ``\\n`` each end one)."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        start = 0
        for match in _LINE_BREAK.finditer(text):
            self.starts.append(start)
            self.ends.append(match.start())
            start = match.end()
        self.starts.append(start)
        self.ends.append(len(text))


def block_map(text: str, lines: _Lines, first_line: int, content: str) -> Callable[[int], int]:
    """The offset in the file (``text``) of each offset of a block's ``content``, whose first line
    is the file's line ``first_line`` (0-based). Each content line is found at the end of its file
    line (what was stripped before it is a list's indentation or a blockquote's ``>``)."""
    starts = [0, *(match.end() for match in re.finditer("\n", content))]
    anchors: list[tuple[int, int, int]] = []  # (content column, its file offset, line start)
    for number, start in enumerate(starts):
        stop = content.find("\n", start)
        row = content[start : len(content) if stop == -1 else stop]
        line = first_line + number
        if line >= len(lines.starts):
            anchors.append((0, len(text), len(text)))
            continue
        line_start, line_end = lines.starts[line], lines.ends[line]
        if number == len(starts) - 1 and not row:  # after the last line break: the next line
            anchors.append((0, line_start, line_start))
        elif text.endswith(row, line_start, line_end):
            anchors.append((0, line_end - len(row), line_start))
        else:  # a tab partly expanded to spaces: match what follows the indentation
            stripped = row.lstrip(" \t")
            lead = len(row) - len(stripped)
            if stripped and text.endswith(stripped, line_start, line_end):
                anchors.append((lead, line_end - len(stripped), line_start))
            else:
                anchors.append((0, max(line_start, line_end - len(row)), line_start))

    def where(offset: int) -> int:
        number = max(bisect_right(starts, offset) - 1, 0)
        column, at, line_start = anchors[number]
        return max(at + offset - starts[number] - column, line_start)

    return where


class _Code(NamedTuple):
    """A piece of a block given to a language's extractor: its text and where each of its offsets
    stands in the file."""

    kind: str
    text: str
    where: Callable[[int], int]


def _wrapped(kind: str, code: str, where: Callable[[int], int]) -> _Code:
    """``code`` made a whole file of its language: a PHP snippet without ``<?php`` is HTML text to
    a PHP parser; Go statements outside a function do not parse."""
    prefix = suffix = ""
    if kind == "php" and "<?php" not in code.lower():
        prefix = "<?php "
    elif kind == "go" and _GO_PACKAGE.search(code) is None:
        prefix = "package main\n"
        if _GO_TOP_LEVEL.search(code) is None:
            prefix, suffix = "package main\nfunc _() {\n", "\n}\n"
    if not prefix:
        return _Code(kind, code, where)
    shift, size = len(prefix), len(code)
    return _Code(kind, prefix + code + suffix, lambda o: where(min(max(o - shift, 0), size)))


def _scripts(code: str, where: Callable[[int], int]) -> list[_Code]:
    """The JavaScript of an HTML snippet's ``<script>`` elements."""
    found = []
    for match in _SCRIPT.finditer(code):
        attributes, body = match.group(1), match.group(2)
        declared = _SCRIPT_TYPE.search(attributes)
        if declared is not None and declared.group(1).lower() not in _SCRIPT_TYPES:
            continue  # a JSON island, a template
        if not body.strip():
            continue
        kind = "typescript" if _SCRIPT_LANG.search(attributes) else "javascript"
        found.append(_Code(kind, body, _shifted(where, match.start(2))))
    return found


def _shifted(where: Callable[[int], int], start: int) -> Callable[[int], int]:
    return lambda offset: where(start + offset)


class _File:
    """The Markdown file's text, its lines, and what was found in it so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _Lines(text)
        self.document = Document(path="", text=text)
        self.calls: list[Call] = []
        self.ignores: dict[int, tuple[str, ...] | None] = {}

    def line(self, offset: int) -> int:
        return bisect_right(self.lines.starts, offset)

    def span(self, span: OffsetSpan) -> Span:
        return self.document.span_of(*span)


def extract(text: str, kind: str) -> Extracted:
    """Every ``biconnector.*`` call in the fenced code blocks of the Markdown ``text``, in the
    order written, and the suppression comments (``kind`` is ``"markdown"``)."""
    found = _File(text)
    before: dict[int, tuple[str, ...] | None] = {}  # the marks of an HTML block just before
    for token in _PARSER.parse(text):
        if token.type == "fence" and token.map is not None:
            _fence(found, token)
            for selectors in before.values():  # a mark just above a block covers all of it
                for line in range(token.map[0] + 1, token.map[1] + 1):
                    _ignore(found, line, selectors)
        before = {}
        if token.type == "html_block" and token.map is not None:
            _comments(found, token.content, token.map[0] + 1)
            suppressions_of(token.content, token.map[0] + 1, before)
        elif token.type == "inline" and "<!--" in token.content:
            _inline_comments(found, token)
    found.calls.sort(key=lambda call: call.span[0])
    return Extracted(found.calls, found.ignores)


def _comments(found: _File, html: str, line: int) -> None:
    suppressions_of(html, line, found.ignores)


def suppressions_of(html: str, line: int, into: dict[int, tuple[str, ...] | None]) -> None:
    """The ``bicon-lint: ignore`` marks of the HTML comments in ``html``, which starts on
    ``line``."""
    for comment in _COMMENT.finditer(html):
        suppressions(comment.group(), line + html.count("\n", 0, comment.start()), into)


def _inline_comments(found: _File, token: Token) -> None:
    """The HTML comments of a paragraph, on their lines (each child is found in order in the
    paragraph's text, which keeps its line breaks)."""
    if token.map is None or not token.children:
        return
    cursor = 0
    for child in token.children:
        if child.type != "html_inline" or not child.content.startswith("<!--"):
            continue
        at = token.content.find(child.content, cursor)
        at = cursor if at == -1 else at
        _comments(found, child.content, token.map[0] + 1 + token.content.count("\n", 0, at))
        cursor = at + len(child.content)


def _fence(found: _File, token: Token) -> None:
    content = token.content
    if token.map is None or MENTION.search(content) is None:
        return
    kind = language(token.info, content)
    if kind is None:
        return
    where = block_map(found.text, found.lines, token.map[0] + 1, content)
    if kind == CURL:
        info = _INFO_WORD.match(token.info)
        if info is not None and info.group(1).lower() in _TRANSCRIPTS:
            content = _without_continuation_prompts(content)
        extracted = extract_curl(content, where=where, file_text=found.text)
        found.calls.extend(extracted.calls)
        for line, selectors in extracted.ignores.items():
            _ignore(found, line, selectors)
    elif kind == JSON:
        call = _envelope(found, content, where)
        if call is not None:
            found.calls.append(call)
    elif kind == HTML:
        for script in _scripts(content, where):
            _code(found, script)
    else:
        _code(found, _wrapped(kind, content, where))


def _without_continuation_prompts(transcript: str) -> str:
    """A console transcript with its continuation prompts (``> `` on the lines that go on with
    a ``$`` command) made blanks: same length, so every offset stays."""
    lines = transcript.split("\n")
    command = False
    for number, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        if stripped.startswith(("$ ", "% ")):
            command = True
        elif command and (stripped.startswith("> ") or stripped == ">"):
            lines[number] = line.replace(">", " ", 1)
        else:
            command = False
    return "\n".join(lines)


def _ignore(found: _File, line: int, selectors: tuple[str, ...] | None) -> None:
    if selectors is None or found.ignores.get(line, ()) is None:
        found.ignores[line] = None
    else:
        found.ignores[line] = (*(found.ignores.get(line) or ()), *selectors)


def _code(found: _File, code: _Code) -> None:
    """A code piece read by its language's extractor, its offsets mapped to the file."""
    try:
        read = extractor(code.kind)
    except ModuleNotFoundError as error:
        if error.name == f"bicon_lint.extract.{_MODULES.get(code.kind, code.kind)}":
            return  # no extractor for this language in this installation
        raise
    extracted = read(code.text, code.kind)
    starts = [0, *(match.end() for match in re.finditer("\n", code.text))]

    def offset(line: int, column: int = 1) -> int:
        line = min(max(line, 1), len(starts))
        return min(starts[line - 1] + max(column, 1) - 1, len(code.text))

    for call in extracted.calls:
        problems = tuple(
            _problem_moved(found, problem, offset, code.where) for problem in call.problems
        )
        found.calls.append(moved(call, code.where)._replace(problems=problems))
    for line, selectors in extracted.ignores.items():
        _ignore(found, found.line(code.where(offset(line))), selectors)


def _problem_moved(
    found: _File, problem: Problem, offset: Callable[[int, int], int], where: Callable[[int], int]
) -> Problem:
    """A problem an extractor placed by line and column in its piece, placed in the file."""
    if problem.span is None:
        return problem
    start = where(offset(problem.span.line, problem.span.column))
    end = where(offset(problem.span.end_line, problem.span.end_column))
    return problem._replace(span=found.span((start, max(start, end))))


def _envelope(found: _File, content: str, where: Callable[[int], int]) -> Call | None:
    """A JSON block that is a call's envelope: ``{"method": "biconnector.…", "params": {...}}``."""
    document = load_json(content, "<markdown>")
    if not document.lintable:
        return None  # a response sample with "..." in it, most often: not a call
    method = envelope_method(document.value)
    if method is None:
        return None
    duplicates: list[tuple[Loc, OffsetSpan, OffsetSpan]] = []
    index = index_positions(content, duplicates=duplicates)
    builder = Builder()
    for loc, span in index.values.items():
        if loc[:1] == ("params",):
            builder.value(loc[1:], span)
    for loc, span in index.keys.items():
        if loc[:1] == ("params",) and len(loc) > 1:
            builder.key(loc[1:], span)
    builder.index.values.setdefault((), index.values[()])
    problems = _envelope_problems(found, document.problems, duplicates, content, where)
    call = builder.call(
        method,
        document.value.get("params", {}),
        span=index.values[()],
        method_span=index.values[("method",)],
        encoding="json",
        style="JSON envelope",
        problems=problems,
    )
    return moved(call, where)


def _envelope_problems(
    found: _File,
    problems: list[Problem],
    duplicates: list[tuple[Loc, OffsetSpan, OffsetSpan]],
    content: str,
    where: Callable[[int], int],
) -> tuple[Problem, ...]:
    """The JSON loader's problems placed in the file; repeated keys worded with the file's lines."""
    starts = [0, *(match.end() for match in re.finditer("\n", content))]

    def offset(line: int, column: int) -> int:
        line = min(max(line, 1), len(starts))
        return min(starts[line - 1] + max(column, 1) - 1, len(content))

    placed = [
        _problem_moved(found, problem, offset, where)
        for problem in problems
        if problem.code != "BL003"
    ]
    repeated: dict[Loc, list[OffsetSpan]] = {}
    for loc, first, again in duplicates:
        spans = repeated.setdefault(loc, [(where(first[0]), where(first[1]))])
        spans.append((where(again[0]), where(again[1])))
    for loc, spans in repeated.items():
        inside = loc[1:] if loc[:1] == ("params",) else loc
        placed.extend(
            problem._replace(loc=inside)
            for problem in duplicate_problems(found.document, loc, spans)
        )
    return tuple(placed)
