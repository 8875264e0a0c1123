"""The options of a curl command that decide what it sends: which words are URLs, data,
query additions and headers (curl's option table), the content type the server reads, and the
method a URL names."""

from __future__ import annotations

import re
from typing import Final, NamedTuple
from urllib.parse import unquote

from bicon_lint.extract.curl.shell import _Command
from bicon_lint.extract.curl.words import HOLE, Word, _unknown_word

_ASSIGNMENT: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=")
_PREFIXES: Final = frozenset(
    {"$", "%", "sudo", "env", "time", "command", "exec", "nohup", "noglob"}
)


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
