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
``.json``/``.xml`` suffix (the transport, read by the ``/rest/`` entry point), when it starts with
``biconnector.``;
one call per such URL (a method segment with curl's ``{a,b}``/``[1-3]`` globs is several requests:
not read). ``-X``/``--request`` changes nothing the server reads: ``getRequestData``
reads the body whatever the HTTP method.

Encoding (how the server decodes it: ``CRestUtil::getRequestData``,
``rest/classes/general/rest_util.php``):

| request | ``Call.encoding`` | params |
|---|---|---|
| ``Content-Type`` ``application/json`` (or ``…+json``; ``--json``) and a body | ``json`` | the body
  as PHP's ``json_decode`` decodes it (``json_loader.load_json``), over the query string's pairs |
| any other body (curl's default type for ``-d`` is ``application/x-www-form-urlencoded``; a
  multipart body fills ``$_POST`` the same way) | ``form`` | ``parse_str`` of the body over the
  query string's (``form_loader.parse_pairs``: every leaf a string) |
| no body, or ``-G`` | ``form`` | ``parse_str`` of the query string |

Body keys win over query-string keys (``array_replace``). A top-level ``auth`` key (the OAuth
tabs of the docs) is removed: ``CRestServer::checkAuth`` (``rest/classes/general/rest.php``) takes
it out before the method sees the params.

Unknown: ``$VAR``, ``${...}``, ``$(...)`` and backquotes, unquoted or in double quotes, are only
known when the command runs. In a JSON body such an expansion inside a string makes that string
unknown; standing alone as a value it makes that value unknown; anywhere else (a key, a number) the
whole body is unknown. In a form body it makes the value of its pair unknown; in a pair's name
the pair may set any key, like a spread. A body read from a file or a pipe is unknown (a form body
read from a file is such a spread; a JSON one makes the params unknown). An unquoted expansion is
assumed to stay one word. Assumed as written: glob characters (``*``, ``[...]``), ``~`` and brace
expansion; ``-K``/``--config`` files and ``--variable`` are not read (``--expand-*`` arguments
holding ``{{`` are unknown). A command with an unterminated quote is skipped.

Problems: a JSON body that is not valid JSON (BL001; the server ignores it) makes the params
unknown; a key given twice (BL003); PHP's decoding limits (BL006).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from bicon_lint.extract.build import Call, Extracted, moved, suppressions
from bicon_lint.extract.curl.options import _curl_word, _method, _read_options
from bicon_lint.extract.curl.params import _Params, _params, _without_auth
from bicon_lint.extract.curl.shell import _Command, commands
from bicon_lint.loaders.document import Document, OffsetSpan, Problem
from bicon_lint.loaders.duplicates import duplicate_problems

STYLE: Final = "cURL"


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
