"""Request bodies and query strings as curl builds them from its options (``set_data``,
``data_urlencode``, ``url_query``, multipart fields), each character placed in the source."""

from __future__ import annotations

from urllib.parse import quote_plus

from bicon_lint.extract.curl.options import _Data, _Options
from bicon_lint.extract.curl.shell import _Command
from bicon_lint.extract.curl.words import HOLE, Word, _Chars, _unknown_word


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
