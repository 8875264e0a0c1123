"""cURL commands in shell text (a Markdown ``bash``/``sh``/``console`` block): the ``biconnector.*``
REST calls they make, with their params as the server receives them.

Shell: the text is split into words as a POSIX shell splits it, keeping where every character of
every word is written. Single quotes are verbatim; double quotes process ``\\"``, ``\\\\``, ``\\$``,
``\\```` and backslash-newline; ``$'...'`` decodes its escapes; a backslash-newline joins lines.
Commands end at a newline, ``;``, ``&``, ``|``, ``&&``, ``||``, ``(`` and ``)``; ``#`` starts a
comment (read for ``bicon-lint: ignore`` marks); a here-document (``<<EOF``, ``<<'EOF'``,
``<<-EOF``) and a here-string (``<<<``) are the command's standard input. A command is a cURL call
when its first word, after a prompt (``$``, ``%``), variable assignments and ``sudo``/``env``/
``time``/``command``/``exec``/``nohup``/``noglob``, is ``curl`` (or ``.../curl``, ``curl.exe``).
Commands inside ``$(...)`` are read too.

What cURL sends (``curl/curl`` ``src/tool_getparam.c``: ``set_data``, ``data_urlencode``,
``url_query``; the option table ``aliases[]`` says which options take an argument):

| option | body |
|---|---|
| ``-d``/``--data``/``--data-ascii`` | the text; ``@file`` reads a file with its line breaks removed |
| ``--data-binary`` | the text; ``@file`` reads a file as is |
| ``--data-raw`` | the text, ``@`` included |
| ``--data-urlencode`` | ``name=content`` → ``name=`` + urlencoded content; ``=content`` and
  ``content`` → urlencoded content; ``name@file``/``@file`` → a file's content |
| ``--json`` | like ``--data-binary``, sets ``Content-Type: application/json``; several are
  concatenated without ``&`` |
| several of the above | joined with ``&`` |
| ``-G``/``--get`` | all of it goes to the URL's query string instead |
| ``--url-query`` | adds to the query string (``+text`` as is, else like ``--data-urlencode``) |
| ``-F``/``--form``, ``--form-string`` | a multipart body of ``name=value`` fields (a ``-F`` value
  read from a file, ``@...``/``<...``, or with ``;type=``-like parts is unknown) |

The method is the last path segment of the URL (a positional argument or ``--url``), less a
``.json``/``.xml`` suffix (the transport, SERVER-SPEC §2.1), when it starts with ``biconnector.``;
one call per such URL (a method segment with curl's ``{a,b}``/``[1-3]`` globs is several requests:
not read). ``-X``/``--request`` changes nothing the server reads: ``getRequestData``
reads the body whatever the HTTP method.

Encoding (how the server decodes it, SERVER-SPEC §2.1 ``CRestUtil::getRequestData``, §8.1):

| request | ``Call.encoding`` | params |
|---|---|---|
| ``Content-Type`` ``application/json`` (or ``…+json``; ``--json``) and a body | ``json`` | the body
  as PHP's ``json_decode`` decodes it (``json_loader.load_json``), over the query string's pairs |
| any other body (curl's default type for ``-d`` is ``application/x-www-form-urlencoded``; a
  multipart body fills ``$_POST`` the same way) | ``form`` | ``parse_str`` of the body over the
  query string's (``form_loader.parse_pairs``: every leaf a string) |
| no body, or ``-G`` | ``form`` | ``parse_str`` of the query string |

Body keys win over query-string keys (``array_replace``). A top-level ``auth`` key (the OAuth
tabs of the docs) is removed: ``CRestServer::checkAuth`` takes it out before the method sees the
params (§2.1 step 3).

Unknown: ``$VAR``, ``${...}``, ``$(...)`` and backquotes, unquoted or in double quotes, are only
known when the command runs. In a JSON body such an expansion inside a string makes that string
unknown; standing alone as a value it makes that value unknown; anywhere else (a key, a number) the
whole body is unknown. In a form body it makes the value of its pair unknown; in a pair's name
the pair may set any key, like a spread. A body read from a file or a pipe is unknown (a form body
read from a file is such a spread; a JSON one makes the params unknown). An unquoted expansion is
assumed to stay one word. Assumed as written: glob characters (``*``, ``[...]``), ``~`` and brace
expansion; ``-K``/``--config`` files and ``--variable`` are not read (``--expand-*`` arguments
holding ``{{`` are unknown). A command with an unterminated quote is skipped.

Problems: a JSON body that is not valid JSON (BL001; the server ignores it, §2.1) makes the params
unknown; a key given twice (BL003); PHP's decoding limits (BL006).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Final, NamedTuple
from urllib.parse import quote_plus, unquote

from bicon_lint.extract.build import Builder, Call, Extracted, moved, suppressions
from bicon_lint.loaders.document import Document, OffsetSpan, Problem
from bicon_lint.loaders.duplicates import duplicate_problems
from bicon_lint.loaders.form_loader import parse_pairs
from bicon_lint.loaders.json_loader import index_positions, load_json
from bicon_lint.model import Loc

HOLE: Final = "\ue000"
"""The one character that stands, in a word's text, for an expansion known only at run time."""

STYLE: Final = "cURL"

_OPERATORS: Final = frozenset(";&|()<>\n")
_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN: Final = re.compile(r"[^\s;&|()<>'\"\\$`]+")  # a run of unquoted characters read as written
_QUOTED_PLAIN: Final = re.compile(r'[^"\\$`]+')  # a run in double quotes (or a here-document)
_ASSIGNMENT: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=")
_PREFIXES: Final = frozenset(
    {"$", "%", "sudo", "env", "time", "command", "exec", "nohup", "noglob"}
)
_MAX_DEPTH: Final = 8  # nested $(...) read as scripts

# Options of curl that take an argument (curl's ``aliases[]``: ARG_STRG and ARG_FILE). ``-h`` and
# ``--help`` take one too but are left out: without it they print the help and send nothing.
_SHORT_WITH_ARGUMENT: Final = frozenset("ACDEFHKPQTUXYbcdemortuwxyz")
_LONG_OPTIONS_WITH_ARGUMENT: Final = """
    abstract-unix-socket alt-svc aws-sigv4 cacert capath cert cert-type ciphers config
    connect-timeout connect-to continue-at cookie cookie-jar create-file-mode crlfile curves data
    data-ascii data-binary data-raw data-urlencode delegation dns-interface dns-ipv4-addr
    dns-ipv6-addr dns-servers doh-url dump-header ech egd-file engine etag-compare etag-save
    expect100-timeout form form-string ftp-account ftp-alternative-to-user ftp-method ftp-port
    ftp-ssl-ccc-mode happy-eyeballs-timeout-ms haproxy-clientip header hostpubmd5 hostpubsha256
    hsts interface ip-tos ipfs-gateway json keepalive-cnt keepalive-time key key-type knownhosts
    krb krb4 libcurl limit-rate local-port login-options mail-auth mail-from mail-rcpt
    max-filesize max-redirs max-time netrc-file noproxy oauth2-bearer output output-dir
    parallel-max parallel-max-host pass pinnedpubkey preproxy proto proto-default proto-redir
    proxy proxy-cacert proxy-capath proxy-cert proxy-cert-type proxy-ciphers proxy-crlfile
    proxy-header proxy-key proxy-key-type proxy-pass proxy-pinnedpubkey proxy-service-name
    proxy-tls13-ciphers proxy-tlsauthtype proxy-tlspassword proxy-tlsuser proxy-user proxy1.0
    pubkey quote random-file range rate referer request request-target resolve retry retry-delay
    retry-max-time sasl-authzid service-name sigalgs socks4 socks4a socks5 socks5-gssapi-service
    socks5-hostname speed-limit speed-time ssl-sessions stderr telnet-option tftp-blksize
    time-cond tls-max tls13-ciphers tlsauthtype tlspassword tlsuser trace trace-ascii
    trace-config unix-socket upload-file upload-flags url url-query user user-agent variable
    vlan-priority write-out"""
_LONG_WITH_ARGUMENT: Final = frozenset(_LONG_OPTIONS_WITH_ARGUMENT.split())
_SHORT_NAMES: Final = {
    "d": "data",
    "F": "form",
    "H": "header",
    "G": "get",
    "X": "request",
    ":": "next",
}
_DATA_OPTIONS: Final = frozenset(
    {"data", "data-ascii", "data-binary", "data-raw", "data-urlencode", "json"}
)
_ANSI_ESCAPES: Final = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
_ANSI_NUMERIC: Final = re.compile(
    r"[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}"
)


class Word(NamedTuple):
    """One shell word after quote removal; an expansion is one :data:`HOLE` character."""

    text: str
    offsets: tuple[int, ...]  # where each character is written, then where the last one ends
    stops: tuple[int, ...]  # where each character's writing ends (after a quote boundary, ...)
    span: OffsetSpan  # the word as written, quotes included
    broken: bool = False  # an unterminated quote

    def tail(self, start: int) -> Word:
        """The word from its character ``start`` on (``-dvalue``, ``--data=value``)."""
        span = (self.offsets[start], self.span[1])
        return Word(self.text[start:], self.offsets[start:], self.stops[start:], span)


class _Chars:
    """Characters gathered one by one, each with the place in the source it was read from."""

    __slots__ = ("chars", "end", "starts", "stops")

    def __init__(self, end: int) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.stops: list[int] = []
        self.end = end  # where the last character's source ends

    def put(self, char: str, start: int, stop: int) -> None:
        self.chars.append(char)
        self.starts.append(start)
        self.stops.append(stop)
        self.end = stop

    def verbatim(self, source: str, start: int, stop: int) -> None:
        """The characters ``source[start:stop]``, each written as itself."""
        if start < stop:
            self.chars.extend(source[start:stop])
            self.starts.extend(range(start, stop))
            self.stops.extend(range(start + 1, stop + 1))
            self.end = stop

    def take(self, word: Word, start: int = 0, stop: int | None = None) -> None:
        """Copy ``word.text[start:stop]`` with its places."""
        stop = len(word.text) if stop is None else stop
        if start < stop:
            self.chars.extend(word.text[start:stop])
            self.starts.extend(word.offsets[start:stop])
            self.stops.extend(word.stops[start:stop])
            self.end = word.stops[stop - 1]

    def place(self, span: OffsetSpan) -> OffsetSpan:
        """Where the characters ``span`` of the text are written."""
        start, end = span
        first = self.starts[start] if start < len(self.starts) else self.end
        return first, (self.stops[end - 1] if end > start else first)

    def __len__(self) -> int:
        return len(self.chars)

    def text(self) -> str:
        return "".join(self.chars)

    def offsets(self) -> tuple[int, ...]:
        return (*self.starts, self.end)

    def word(self, span: OffsetSpan, broken: bool = False) -> Word:
        return Word(self.text(), self.offsets(), tuple(self.stops), span, broken)


class _Command:
    __slots__ = ("stdin", "stdin_known", "words")

    def __init__(self, piped: bool) -> None:
        self.words: list[Word] = []
        self.stdin: Word | None = None  # a here-document or here-string
        self.stdin_known = not piped  # False: a pipe or a file feeds it


class _Heredoc(NamedTuple):
    delimiter: str
    literal: bool  # the delimiter was quoted: no expansion in the body
    strip_tabs: bool  # <<-
    command: _Command


class _Lexer:
    """Splits ``text[start:end]`` into commands of words, as a POSIX shell does."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.pos = start
        self.end = end
        self.commands: list[_Command] = []
        self.comments: list[tuple[int, str]] = []
        self.substitutions: list[tuple[int, int]] = []  # inside $(...): read as scripts too
        self.pending: list[_Heredoc] = []
        self.command = _Command(piped=False)

    def run(self) -> _Lexer:
        text = self.text
        while self.pos < self.end:
            char = text[self.pos]
            if char in " \t\r":
                self.pos += 1
            elif _joined(text, self.pos, self.end):
                self.pos += _joined(text, self.pos, self.end)
            elif char == "\n":
                self._finish(piped=False)
                self.pos += 1
                self._heredocs()
            elif char == "#":
                stop = text.find("\n", self.pos, self.end)
                stop = self.end if stop == -1 else stop
                self.comments.append((self.pos, text[self.pos : stop]))
                self.pos = stop
            elif char in "<>" or (char == "&" and text.startswith(">", self.pos + 1)):
                self._redirect()
            elif char in ";&|()":
                double = text[self.pos : self.pos + 2] in ("&&", "||", ";;", "|&")
                piped = char == "|" and not double
                self.pos += 2 if double else 1
                self._finish(piped)
            else:
                word = self._word()
                if not (word.text.isdigit() and text.startswith(("<", ">"), self.pos)):
                    self.command.words.append(word)  # (digits before a redirection: a descriptor)
        self._finish(piped=False)
        return self

    def _finish(self, piped: bool) -> None:
        if self.command.words:
            self.commands.append(self.command)
        self.command = _Command(piped)

    def _skip_blanks(self) -> None:
        text = self.text
        while self.pos < self.end:
            if text[self.pos] in " \t":
                self.pos += 1
            elif _joined(text, self.pos, self.end):
                self.pos += _joined(text, self.pos, self.end)
            else:
                return

    def _redirect(self) -> None:
        text, start = self.text, self.pos
        for operator in ("<<<", "<<-", "<<", "&>>", "&>", ">>", ">&", ">|", "<&", "<>", "<", ">"):
            if text.startswith(operator, start):
                break
        self.pos = start + len(operator)
        self._skip_blanks()
        if self.pos >= self.end or text[self.pos] in _OPERATORS:
            return
        target = self._word()
        if operator in ("<<", "<<-"):
            written = text[target.span[0] : target.span[1]]
            literal = any(quote in written for quote in "'\"\\")
            self.pending.append(_Heredoc(target.text, literal, operator == "<<-", self.command))
        elif operator == "<<<":
            body = _Chars(target.offsets[-1])
            body.take(target)
            body.put("\n", target.offsets[-1], target.offsets[-1])
            self.command.stdin, self.command.stdin_known = body.word(target.span), True
        elif operator in ("<", "<&", "<>"):
            self.command.stdin, self.command.stdin_known = None, False

    def _heredocs(self) -> None:
        """Read the bodies of the here-documents opened on the line that just ended."""
        text = self.text
        for heredoc in self.pending:
            start = position = self.pos
            body_end = self.end
            while position < self.end:
                line_end = text.find("\n", position, self.end)
                line_end = self.end if line_end == -1 else line_end
                line = text[position:line_end].rstrip("\r")
                if (line.lstrip("\t") if heredoc.strip_tabs else line) == heredoc.delimiter:
                    body_end = position
                    position = min(line_end + 1, self.end)
                    break
                position = line_end + 1
            self.pos = min(position, self.end)
            chars = _Chars(start)
            if heredoc.literal:
                chars.verbatim(text, start, body_end)
            else:
                self._expanding(start, chars, None, "$`\\\n", body_end)
            if heredoc.strip_tabs:
                chars = _without_leading_tabs(chars)
            heredoc.command.stdin = chars.word((start, body_end))
            heredoc.command.stdin_known = True
        self.pending = []

    def _word(self) -> Word:
        text, start = self.text, self.pos
        chars = _Chars(start)
        position = start
        while position < self.end:
            char = text[position]
            if char in " \t\r" or char in _OPERATORS:
                break
            mark = len(chars)
            if char == "\\":
                if position + 1 >= self.end:
                    chars.put("\\", position, position + 1)
                    position += 1
                elif _joined(text, position, self.end):
                    position += _joined(text, position, self.end)
                else:
                    chars.put(text[position + 1], position, position + 2)
                    position += 2
                continue
            if char == "'":
                close = text.find("'", position + 1, self.end)
                if close == -1:
                    return self._broken(chars, mark, position)
                chars.verbatim(text, position + 1, close)
                position = close + 1
            elif char == '"' or (char == "$" and text.startswith('"', position + 1)):
                opening = position + (2 if char == "$" else 1)
                position, closed = self._expanding(opening, chars, '"', '$`"\\\n', self.end)
                if not closed:
                    return self._broken(chars, mark, opening - 1)
            elif char == "$" and text.startswith("'", position + 1):
                close = _ansi_c(text, position + 2, self.end, chars)
                if close == -1:
                    return self._broken(chars, mark, position)
                position = close + 1
            elif char in "$`":
                position = self._expansion(position, chars, self.end)
            else:
                plain = _PLAIN.match(text, position, self.end)
                stop = plain.end() if plain else position + 1
                chars.verbatim(text, position, stop)
                position = stop
        self.pos = position
        return chars.word((start, position))

    def _broken(self, chars: _Chars, mark: int, quote: int) -> Word:
        """An unterminated quote: the word ends with the line, and the command is not read."""
        del chars.chars[mark:], chars.starts[mark:]
        stop = self.text.find("\n", quote, self.end)
        stop = self.end if stop == -1 else stop
        chars.verbatim(self.text, quote, stop)
        start = self.pos
        self.pos = stop
        return chars.word((start, stop), broken=True)

    def _expanding(
        self, position: int, chars: _Chars, quote: str | None, escapable: str, limit: int
    ) -> tuple[int, bool]:
        """Read double-quoted text (or a here-document's body) up to ``quote``: backslash escapes
        only ``escapable``; expansions become holes. Returns where it stopped and whether the
        quote was closed."""
        text = self.text
        while position < limit:
            char = text[position]
            if char == quote:
                return position + 1, True
            if char == "\\" and "\n" in escapable and _joined(text, position, limit):
                position += _joined(text, position, limit)
            elif char == "\\" and position + 1 < limit and text[position + 1] in escapable:
                chars.put(text[position + 1], position, position + 2)
                position += 2
            elif char in "$`":
                position = self._expansion(position, chars, limit)
            else:
                plain = _QUOTED_PLAIN.match(text, position, limit)
                stop = plain.end() if plain else position + 1
                chars.verbatim(text, position, stop)
                position = stop
        return position, quote is None

    def _expansion(self, position: int, chars: _Chars, limit: int) -> int:
        """``$name``, ``${...}``, ``$(...)``, ``$((...))``, backquotes: a hole; a lone ``$`` is
        itself."""
        text = self.text
        if text[position] == "`":
            close = position + 1
            while close < limit and text[close] != "`":
                close += 2 if text[close] == "\\" else 1
            stop = min(close + 1, limit)
        else:
            after = text[position + 1] if position + 1 < limit else ""
            if after == "(":
                stop = _balanced(text, position + 2, limit, "(", ")")
                if not text.startswith("((", position + 1):
                    self.substitutions.append((position + 2, max(position + 2, stop - 1)))
            elif after == "{":
                stop = _balanced(text, position + 2, limit, "{", "}")
            elif after.isalpha() or after == "_":
                match = _NAME.match(text, position + 1)
                stop = match.end() if match else position + 2
            elif after.isdigit() or (after and after in "@*#?-$!"):
                stop = position + 2
            else:
                chars.put("$", position, position + 1)
                return position + 1
        chars.put(HOLE, position, stop)
        return stop


def _joined(text: str, position: int, limit: int) -> int:
    """The length of a backslash-newline at ``position`` (the shell removes it, joining the
    lines; a CRLF line break too), or 0."""
    if text.startswith("\\\n", position, limit):
        return 2
    return 3 if text.startswith("\\\r\n", position, limit) else 0


def _balanced(text: str, position: int, limit: int, opening: str, closing: str) -> int:
    """Where the ``closing`` that matches an already open ``opening`` ends (quotes skipped)."""
    depth = 1
    while position < limit:
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "'":
            close = text.find("'", position + 1, limit)
            position = limit if close == -1 else close + 1
            continue
        if char == '"':
            position += 1
            while position < limit and text[position] != '"':
                position += 2 if text[position] == "\\" else 1
            position += 1
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return limit


def _ansi_c(text: str, position: int, limit: int, chars: _Chars) -> int:
    """Decode ``$'...'`` from ``position`` (after the quote); where the closing quote is, or -1."""
    while position < limit:
        char = text[position]
        if char == "'":
            return position
        if char != "\\" or position + 1 >= limit:
            chars.put(char, position, position + 1)
            position += 1
            continue
        after = text[position + 1]
        if after in _ANSI_ESCAPES:
            chars.put(_ANSI_ESCAPES[after], position, position + 2)
            position += 2
            continue
        number = _ANSI_NUMERIC.match(text, position + 1, limit)
        if number is not None:
            digits = number.group()
            code = int(digits, 8) if digits[0].isdigit() else int(digits[1:], 16)
            chars.put(chr(min(code, 0x10FFFF)), position, number.end())
            position = number.end()
            continue
        chars.put("\\", position, position + 1)  # bash keeps an unknown escape as written
        position += 1
    return -1


def _without_leading_tabs(chars: _Chars) -> _Chars:
    """A ``<<-`` here-document's body: the tabs that start its lines are removed."""
    kept = _Chars(chars.end)
    line_start = True
    for char, start, stop in zip(chars.chars, chars.starts, chars.stops, strict=True):
        if line_start and char == "\t":
            continue
        line_start = char == "\n"
        kept.put(char, start, stop)
    kept.end = chars.end
    return kept


def commands(text: str) -> tuple[list[_Command], list[tuple[int, str]]]:
    """Every command of ``text`` (those inside ``$(...)`` too), and its comments by offset."""
    found: list[_Command] = []
    comments: list[tuple[int, str]] = []
    ranges = [(0, len(text), 0)]
    while ranges:
        start, end, depth = ranges.pop()
        lexer = _Lexer(text, start, end).run()
        found.extend(lexer.commands)
        comments.extend(lexer.comments)
        if depth < _MAX_DEPTH:
            ranges.extend((a, b, depth + 1) for a, b in lexer.substitutions)
    found.sort(key=lambda command: command.words[0].span[0])
    return found, comments


# ---------------------------------------------------------------------------------------------
# What one curl command sends


class _Data(NamedTuple):
    option: str  # data, data-ascii, data-binary, data-raw, data-urlencode, json, form, form-string
    word: Word


class _Options:
    """The options of one curl command that decide what it sends."""

    def __init__(self) -> None:
        self.urls: list[Word] = []
        self.data: list[_Data] = []
        self.queries: list[Word] = []  # --url-query
        self.headers: list[Word] = []
        self.get = False
        self.broken = False


def _curl_word(command: _Command) -> int | None:
    """Where ``curl`` is among the command's words, or ``None`` when it is not a curl call."""
    for index, word in enumerate(command.words):
        if _ASSIGNMENT.match(word.text) or word.text in _PREFIXES:
            continue
        name = word.text.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()
        return index if name in ("curl", "curl.exe") else None
    return None


def _read_options(arguments: list[Word]) -> list[_Options]:
    """The options of each part of the command (``--next`` starts a new one)."""
    parts = [_Options()]
    options = parts[0]
    index, literal_only = 0, False

    def argument(word: Word, at: int) -> Word | None:
        nonlocal index
        if at < len(word.text):
            return word.tail(at)
        index += 1
        return arguments[index] if index < len(arguments) else None

    while index < len(arguments):
        word = arguments[index]
        options.broken |= word.broken
        text = word.text
        if literal_only or not text.startswith("-") or text == "-":
            options.urls.append(word)
        elif text == "--":
            literal_only = True
        elif text.startswith("--"):
            written, equals, _ = text[2:].partition("=")
            expand = written.startswith("expand-")
            name = written.removeprefix("expand-")
            if name in _LONG_WITH_ARGUMENT:
                # --name=value (curl 8.x) or --name value
                value = word.tail(3 + len(written)) if equals else argument(word, len(text))
                if value is not None:
                    if expand and "{{" in value.text:
                        value = _unknown_word(value)
                    _take(options, name, value)
            elif name in ("get", "no-get"):
                options.get = name == "get"
            elif name == "next":
                options = _Options()
                parts.append(options)
        else:
            for at in range(1, len(text)):
                letter = text[at]
                if letter in _SHORT_WITH_ARGUMENT:
                    value = argument(word, at + 1)
                    if value is not None:
                        _take(options, _SHORT_NAMES.get(letter, letter), value)
                    break
                if letter == "G":
                    options.get = True
                elif letter == ":":
                    options = _Options()
                    parts.append(options)
        index += 1
    return parts


def _unknown_word(word: Word) -> Word:
    """``word`` whose whole content is only known at run time (one hole)."""
    return Word(HOLE, (word.offsets[0], word.offsets[-1]), (word.offsets[-1],), word.span)


def _take(options: _Options, name: str, value: Word) -> None:
    options.broken |= value.broken
    if name in _DATA_OPTIONS or name in ("form", "form-string"):
        options.data.append(_Data(name, value))
    elif name == "url":
        options.urls.append(value)
    elif name == "url-query":
        options.queries.append(value)
    elif name == "header":
        options.headers.append(value)


def _content_type(options: _Options) -> str | None:
    """The request's content type as the server reads it: "json", "form", or ``None`` when only
    the running script knows (a header computed at run time)."""
    declared: str | None = ""
    for header in options.headers:
        name, colon, value = header.text.partition(":")
        if HOLE in name:
            declared = None  # any header, Content-Type included
        elif colon and name.strip().lower() == "content-type":
            declared = None if HOLE in value else value.strip()
    if declared is None:
        return None
    if not declared:
        if any(data.option == "json" for data in options.data):
            return "json"
        return "form"  # curl's own type (form-urlencoded or multipart): $_POST, or parse_str
    mime = declared.split(";", 1)[0].strip().lower()
    return "json" if mime == "application/json" or mime.endswith("+json") else "form"


def _method(url: Word) -> str | None:
    text = url.text
    path = re.split(r"[?#]", text, maxsplit=1)[0]
    segment = path.rsplit("/", 1)[-1]
    if not segment or HOLE in segment or any(c in segment for c in "{}[]"):
        return None  # computed at run time, or a curl glob (several requests)
    name = unquote(segment)
    for suffix in (".json", ".xml"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name if name.lower().startswith("biconnector.") else None


# ---------------------------------------------------------------------------------------------
# Bodies


class _Body:
    """A request body or query string as sent, each character placed in the source.

    A pair (form) or a piece (JSON) whose content only the running command knows (a file, a pipe)
    is one :data:`HOLE` standing for all of it, marked in ``unknown_pieces``.
    """

    def __init__(self, start: int) -> None:
        self.chars = _Chars(start)
        self.pieces = 0
        self.unknown_pieces = 0
        self.dynamic = False  # an expansion in the text

    def separate(self, separator: str) -> None:
        if self.pieces and separator:
            self.chars.put(separator, self.chars.end, self.chars.end)
        self.pieces += 1

    def add(self, word: Word, start: int = 0, stop: int | None = None) -> None:
        self.chars.take(word, start, stop)
        self.dynamic |= HOLE in word.text[start:stop]

    def add_unknown(self, word: Word) -> None:
        self.chars.put(HOLE, word.span[0], word.span[1])
        self.unknown_pieces += 1

    def add_encoded(self, word: Word, start: int = 0, stop: int | None = None) -> None:
        """Characters ``start:stop`` of ``word`` urlencoded as curl does (``curl_easy_escape``,
        then ``%20`` → ``+``), each encoded character placed at its source."""
        stop = len(word.text) if stop is None else stop
        for at in range(start, stop):
            char = word.text[at]
            self.dynamic |= char == HOLE
            for encoded in quote_plus(char, safe="", errors="surrogatepass"):
                self.chars.put(encoded, word.offsets[at], word.stops[at])


def _stdin_text(command: _Command, strip_newlines: bool) -> Word | None:
    """The text a here-document or here-string feeds curl (``@-``); ``None`` when unknown.
    ``-d @file`` drops line breaks (curl's ``file2string``); ``--data-binary`` keeps them."""
    word = command.stdin
    if word is None or not command.stdin_known:
        return None
    if not strip_newlines:
        return word
    chars = _Chars(word.offsets[-1])
    cut = False
    for at, char in enumerate(word.text):
        if char == "\n":
            cut = False
        elif char == "\r":
            cut = True  # file2string keeps a line only up to its first carriage return
        elif not cut:
            chars.put(char, word.offsets[at], word.stops[at])
    chars.end = word.offsets[-1]
    return chars.word(word.span)


def _add_data(body: _Body, data: _Data, command: _Command) -> None:
    """One ``-d``-like argument, as ``set_data`` appends it to the body."""
    word, option = data.word, data.option
    body.separate("" if option == "json" else "&")
    if option == "data-urlencode":
        _add_urlencoded(body, word, command)
    elif word.text.startswith("@") and option != "data-raw":
        source = _stdin_text(command, option not in ("data-binary", "json"))
        if word.text == "@-" and source is not None:
            body.add(source)
        else:
            body.add_unknown(word)
    else:
        body.add(word)


def _add_urlencoded(body: _Body, word: Word, command: _Command) -> None:
    """``--data-urlencode`` (``data_urlencode``): ``name=content``, ``=content``, ``content``,
    ``name@file``, ``@file``."""
    text = word.text
    separator = text.find("=")
    if separator == -1:
        separator = text.find("@")
    if separator == -1:
        body.add_encoded(word)
        return
    if text[separator] == "@":
        source = _stdin_text(command, strip_newlines=False)
        if text[separator + 1 :] != "-" or source is None:
            if separator == 0:
                body.add_unknown(word)
                return
            source = _unknown_word(word.tail(separator + 1))
        if separator:
            body.add(word, 0, separator)
            body.chars.put("=", word.offsets[separator], word.stops[separator])
        body.add_encoded(source)
        return
    if separator:
        body.add(word, 0, separator + 1)
    body.add_encoded(word, separator + 1)


def _add_form_field(body: _Body, data: _Data) -> None:
    """One ``-F``/``--form-string`` field: ``name=value`` of a multipart body, put in the body as
    the form pair PHP would register from it."""
    word = data.word
    body.separate("&")
    name_end = word.text.find("=")
    if name_end <= 0:
        body.add_unknown(word)  # curl rejects it
        return
    body.add_encoded(word, 0, name_end)
    body.chars.put("=", word.offsets[name_end], word.stops[name_end])
    value = word.tail(name_end + 1)
    read = data.option == "form" and (value.text[:1] in ("@", "<") or ";" in value.text)
    body.add_encoded(_unknown_word(value) if read else value)  # a file, or ;type=... parts


class _Params(NamedTuple):
    value: Any
    builder: Builder
    problems: list[tuple[str, str, OffsetSpan, Loc]]  # code, message, source span, loc
    repeated: dict[Loc, list[OffsetSpan]]


def _form_params(body: _Body, source: str) -> _Params:
    """``parse_str`` of the body, with unknown values and spread-like pairs."""
    chars = body.chars
    text = chars.text()
    chunks: list[tuple[int, int]] = []
    barrier = -1  # after the last pair that may set any key
    start = 0
    for end in [*(m.start() for m in re.finditer("&", text)), len(text)]:
        if HOLE in text[start:end].split("=", 1)[0]:
            barrier = end
        elif end > start:
            chunks.append((start, end))
        start = end + 1
    parsed = parse_pairs(text, chunks)
    builder = Builder()
    for loc, span in parsed.index.keys.items():
        builder.key(loc, chars.place(span))
    for loc, span in parsed.index.values.items():
        builder.value(loc, chars.place(span))
    value: dict[Any, Any] = parsed.value
    for loc, leaf in list(_leaves(value)):
        span = parsed.index.values.get(loc, (0, 0))
        if HOLE in leaf or span[0] < barrier:
            placed = chars.place(span)
            _set(value, loc, builder.runtime(loc, source[placed[0] : placed[1]], placed))
    if barrier != -1:
        builder.incomplete(())
    repeated = {
        loc: [chars.place(span) for span in spans] for loc, spans in parsed.repeated.items()
    }
    return _Params(value, builder, [], repeated)


def _leaves(value: Any) -> Iterator[tuple[Loc, str]]:
    """Every string in ``value`` (dicts and lists), with its loc; no recursion."""
    stack: list[tuple[Loc, Any]] = [((), value)]
    while stack:
        loc, item = stack.pop()
        if isinstance(item, dict):
            stack.extend(((*loc, key), child) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend(((*loc, index), child) for index, child in enumerate(item))
        elif isinstance(item, str):
            yield loc, item


def _keys(value: Any) -> Iterator[str]:
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield from (key for key in item if isinstance(key, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _set(value: Any, loc: Loc, new: Any) -> None:
    for part in loc[:-1]:
        value = value[part]
    value[loc[-1]] = new


def _json_text(body: _Body) -> _Chars:
    """The body's text for the JSON decoder: a hole outside a string becomes a string holding
    the hole (an expansion standing for a whole value), so that its value is found unknown."""
    if HOLE not in body.chars.text():
        return body.chars
    chars = _Chars(body.chars.end)
    inside = escaped = False
    for char, start, stop in zip(
        body.chars.chars, body.chars.starts, body.chars.stops, strict=True
    ):
        if char == HOLE and not inside:
            for quoted in f'"{HOLE}"':
                chars.put(quoted, start, stop)
            continue
        if inside and not escaped and char == '"':
            inside = False
        elif not inside and char == '"':
            inside = True
        escaped = inside and char == "\\" and not escaped
        chars.put(char, start, stop)
    chars.end = body.chars.end
    return chars


def _json_params(body: _Body, source: str) -> _Params | None:
    """The JSON body as ``json_decode`` gives it; ``None`` when only the running command knows
    it. Invalid JSON: unknown params and a BL001 problem (the server ignores the body)."""
    chars = _json_text(body)
    text = chars.text()
    document = load_json(text, "<curl>")
    builder = Builder()
    whole = chars.place((0, len(text)))
    if not document.lintable:
        if body.dynamic:
            return None  # the expansions may be what makes it valid
        problems = [
            (problem.code, problem.message, _span_back(text, chars, problem), problem.loc)
            for problem in document.problems
        ]
        unknown = builder.runtime((), source[whole[0] : whole[1]], whole)
        return _Params(unknown, builder, problems, {})
    value = document.value
    if any(HOLE in key for key in _keys(value)):
        return None
    duplicates: list[tuple[Loc, OffsetSpan, OffsetSpan]] = []
    index = index_positions(text, duplicates=duplicates)
    for loc, span in index.keys.items():
        builder.key(loc, chars.place(span))
    for loc, span in index.values.items():
        builder.value(loc, chars.place(span))
    if HOLE in text:
        for loc, leaf in list(_leaves(value)):
            if HOLE in leaf:
                placed = chars.place(index.values[loc])
                if loc:  # (a string body is no params at all)
                    _set(value, loc, builder.runtime(loc, source[placed[0] : placed[1]], placed))
    problems = [
        (problem.code, problem.message, _span_back(text, chars, problem), problem.loc)
        for problem in document.problems
        if problem.code != "BL003"
    ]
    repeated: dict[Loc, list[OffsetSpan]] = {}
    for loc, first, again in duplicates:
        spans = repeated.setdefault(loc, [chars.place(first)])
        spans.append(chars.place(again))
    if document.server_undecodable is not None:
        value = {}  # the server ignores the whole body (SERVER-SPEC §2.1, §8.1)
    return _Params(value, builder, problems, repeated)


def _span_back(text: str, chars: _Chars, problem: Problem) -> OffsetSpan:
    """A loader problem's line:column span in ``text``, as source offsets."""
    if problem.span is None:
        return chars.place((0, len(text)))
    starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def offset(line: int, column: int) -> int:
        line = min(max(line, 1), len(starts))
        return min(starts[line - 1] + column - 1, len(text))

    start = offset(problem.span.line, problem.span.column)
    end = offset(problem.span.end_line, problem.span.end_column)
    return chars.place((start, max(start, end)))


def _merge(query: _Params | None, body: _Params | None) -> _Params:
    """The params the method sees: the body's keys over the query string's (``array_replace``)."""
    if body is None:
        return query if query is not None else _Params({}, Builder(), [], {})
    if query is None or not isinstance(body.value, dict) or not query.value:
        return body
    value = {**query.value, **body.value}
    builder = Builder()
    for part in (query, body):
        for loc, span in part.builder.index.keys.items():
            if part is body or loc[0] not in body.value:
                builder.key(loc, span)
        for loc, span in part.builder.index.values.items():
            if loc and (part is body or loc[0] not in body.value):
                builder.value(loc, span)
        keep = {
            loc
            for loc in part.builder.unknown
            if loc and (part is body or loc[0] not in body.value)
        }
        builder.unknown.update(keep)
    builder.partial.update(body.builder.partial | query.builder.partial)
    builder.value((), body.builder.index.values[()])
    repeated = {**query.repeated, **body.repeated}
    return _Params(value, builder, body.problems, repeated)


def _without_auth(params: _Params) -> None:
    """``CRestServer::checkAuth`` takes ``auth`` out of the params before the method runs."""
    if not isinstance(params.value, dict) or "auth" not in params.value:
        return
    del params.value["auth"]
    index = params.builder.index
    for table in (index.keys, index.values):
        for loc in [loc for loc in table if loc[:1] == ("auth",)]:
            del table[loc]
    params.builder.unknown.difference_update(
        {loc for loc in params.builder.unknown if loc[:1] == ("auth",)}
    )
    for loc in [loc for loc in params.repeated if loc[:1] == ("auth",)]:
        del params.repeated[loc]


# ---------------------------------------------------------------------------------------------
# Calls


class _Placer:
    """Places problems and comments in the file the text comes from (a Markdown file)."""

    def __init__(self, where: Callable[[int], int], file_text: str) -> None:
        self.where = where
        self.document = Document(path="", text=file_text)

    def span(self, span: OffsetSpan) -> OffsetSpan:
        return self.where(span[0]), self.where(span[1])

    def problems(self, params: _Params) -> tuple[Problem, ...]:
        found = [
            Problem(code, message, self.document.span_of(*self.span(span)), loc)
            for code, message, span, loc in params.problems
        ]
        for loc, spans in params.repeated.items():
            placed = [self.span(span) for span in spans]
            found.extend(duplicate_problems(self.document, loc, placed))
        return tuple(found)

    def line(self, offset: int) -> int:
        return self.document.span_of(self.where(offset), self.where(offset)).line


def _query_body(options: _Options, url: Word, command: _Command) -> _Body | None:
    """The URL's query string, with ``--url-query`` and (``-G``) the data added."""
    body = _Body(url.offsets[-1])
    question = url.text.find("?")
    if question != -1:
        hash_at = url.text.find("#", question)
        body.separate("&")
        body.add(url, question + 1, None if hash_at == -1 else hash_at)
    for word in options.queries:
        body.separate("&")
        if word.text.startswith("+"):
            body.add(word, 1)
        else:
            _add_urlencoded(body, word, command)
    if options.get:
        for data in options.data:
            if data.option not in ("form", "form-string"):
                _add_data(body, data, command)
    return body if body.pieces else None


def _request_body(options: _Options, command: _Command) -> _Body | None:
    if options.get or not options.data:
        return None
    body = _Body(options.data[0].word.span[0])
    for data in options.data:
        if data.option in ("form", "form-string"):
            _add_form_field(body, data)
        else:
            _add_data(body, data, command)
    return body


def _params(options: _Options, url: Word, command: _Command, source: str) -> tuple[_Params, str]:
    """What the method receives, and how it was encoded."""
    query_body = _query_body(options, url, command)
    query = _form_params(query_body, source) if query_body is not None else None
    body = _request_body(options, command)
    kind = _content_type(options) if body is not None else "form"
    if body is None:
        params = _merge(query, None)
        if not params.builder.index.values.get(()):
            params.builder.value((), url.span)
        return params, "form"
    whole = (body.chars.starts[0] if body.chars.starts else body.chars.end, body.chars.end)
    if kind is None or (kind == "json" and body.unknown_pieces):
        unknown = Builder()
        value = unknown.runtime((), source[whole[0] : whole[1]], whole)
        return _Params(value, unknown, [], {}), kind or "form"
    if kind == "json":
        decoded = _json_params(body, source)
        if decoded is None:
            unknown = Builder()
            value = unknown.runtime((), source[whole[0] : whole[1]], whole)
            return _Params(value, unknown, [], {}), "json"
        if () in decoded.builder.unknown:
            return decoded, "json"  # invalid JSON
        if isinstance(decoded.value, (dict, list)):
            return _merge(query, decoded), "json"
        return _merge(query, None), "json"  # a scalar: the server sees no body params
    form = _form_params(body, source)
    form.builder.value((), whole)
    return _merge(query, form), "form"


def _calls(command: _Command, source: str, placer: _Placer) -> list[Call]:
    first = _curl_word(command)
    if first is None:
        return []
    span = (command.words[first].span[0], command.words[-1].span[1])
    found = []
    for options in _read_options(command.words[first + 1 :]):
        if options.broken:
            continue
        for url in options.urls:
            method = _method(url)
            if method is None:
                continue
            params, encoding = _params(options, url, command, source)
            _without_auth(params)
            call = params.builder.call(
                method,
                params.value,
                span=span,
                method_span=url.span,
                encoding=encoding,
                style=STYLE,
                problems=placer.problems(params),
            )
            found.append(moved(call, placer.where))
    return found


def extract_curl(
    text: str, *, where: Callable[[int], int] | None = None, file_text: str | None = None
) -> Extracted:
    """Every ``biconnector.*`` call made by a ``curl`` command in the shell text ``text``, and
    the ``bicon-lint: ignore`` marks of its comments.

    ``where`` maps an offset of ``text`` to an offset of ``file_text`` (a Markdown block's text to
    its file's): the calls' spans, the problems and the marks' lines are then the file's.
    """
    if where is None or file_text is None:
        where, file_text = (lambda offset: offset), text
    placer = _Placer(where, file_text)
    found, comments = commands(text)
    calls = [call for command in found for call in _calls(command, text, placer)]
    ignores: dict[int, tuple[str, ...] | None] = {}
    for offset, comment in comments:
        suppressions(comment, placer.line(offset), ignores)
    return Extracted(calls, ignores)
