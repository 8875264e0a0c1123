"""Loading payload files: bytes to a :class:`Document` (value, problems, positions).

A file that cannot be opened raises :class:`LoadError` (the CLI exits 2); a file that opens but is
not a readable payload (bad encoding, bad syntax, empty) is a document with coded problems (exit 1).

The file name's extension chooses the format (:func:`format_of`): ``.yaml``/``.yml`` YAML,
``.form``/``.urlencoded`` a form-encoded body, anything else JSON. Every format must be UTF-8.
"""

from __future__ import annotations

import codecs
import os
import stat
from typing import Final

from bicon_lint.extract import SOURCE_SUFFIXES, source_kind
from bicon_lint.loaders.document import Document, Problem
from bicon_lint.loaders.form_loader import load_form
from bicon_lint.loaders.json_loader import load_json
from bicon_lint.loaders.source_loader import load_source, mentions
from bicon_lint.model import Span

JSON_SUFFIXES: Final = (".json",)
YAML_SUFFIXES: Final = (".yaml", ".yml")
FORM_SUFFIXES: Final = (".form", ".urlencoded")
PAYLOAD_FILE_SUFFIXES: Final = (*JSON_SUFFIXES, *YAML_SUFFIXES, *FORM_SUFFIXES)
READABLE_SUFFIXES: Final = (*PAYLOAD_FILE_SUFFIXES, *SOURCE_SUFFIXES)
"""Every file a directory search reads: payload files, and the source files and docs whose
``biconnector.*`` calls are checked (``bicon_lint.extract``)."""

MAX_FILE_BYTES: Final = 256 * 1024 * 1024  # beyond this a file is refused, not read into memory

_UTF16_32_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class LoadError(OSError):
    """The path could not be read at all (missing, a directory, unreadable, not a regular file)."""


class DirectoryError(LoadError):
    """The path is a directory (a run searches it instead: ``runner.candidates``)."""


# Opened without blocking (a FIFO would wait for a writer) and without becoming the controlling
# terminal; what was opened is then examined with fstat, not looked up again by name.
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def load_path(path: str | os.PathLike[str]) -> Document:
    data = read_bytes(path)
    kind = source_kind(os.fspath(path))
    if kind is not None and not mentions(data):  # most source files: no call, not even decoded
        return load_source("", os.fspath(path), kind)
    try:  # decoded here so that the bytes are freed before parsing (a 30 MB file: 30 MB less)
        contents: str | bytes = data.decode("utf-8")
    except UnicodeDecodeError:
        contents = data  # load_text reports the bad byte
    del data
    return load_text(contents, os.fspath(path))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A regular file's bytes (:class:`LoadError`, or :class:`DirectoryError` for a folder)."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except OSError as error:
        if os.path.isdir(path):  # where a directory cannot be opened (Windows)
            raise DirectoryError(f"{path}: is a directory") from None
        raise LoadError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        data = _read(descriptor, _regular_size(path, descriptor))
    except LoadError:
        raise
    except OSError as error:
        raise LoadError(f"{path}: cannot read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    return data


def _regular_size(path: str | os.PathLike[str], descriptor: int) -> int:
    """The size of the open file, or ``LoadError`` if it is not a regular file of a sane size."""
    info = os.fstat(descriptor)
    if stat.S_ISDIR(info.st_mode):
        raise DirectoryError(f"{path}: is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(f"{path}: not a regular file (a FIFO, socket or device is not read)")
    if info.st_size > MAX_FILE_BYTES:
        raise LoadError(f"{path}: {info.st_size} bytes is larger than the {MAX_FILE_BYTES} limit")
    return info.st_size


def _read(descriptor: int, size: int) -> bytes:
    """The whole file, with plain system calls (a run reads thousands of small files)."""
    chunks = [os.read(descriptor, size + 1)]  # a short read is the end of a regular file
    while len(chunks[-1]) > (size if len(chunks) == 1 else 0):  # it grew: read on
        chunks.append(os.read(descriptor, 1 << 20))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def format_of(path: str) -> str:
    """``json``, ``yaml`` or ``form``, from the file name's extension (case-insensitive).

    >>> format_of("a/b.yml"), format_of("c.FORM"), format_of("d.urlencoded"), format_of("<stdin>")
    ('yaml', 'form', 'form', 'json')
    """
    name = path.lower()
    if name.endswith(YAML_SUFFIXES):
        return "yaml"
    return "form" if name.endswith(FORM_SUFFIXES) else "json"


def encoding_of(document: Document) -> str:
    """How the requests of ``document`` travel (``Request.encoding``): ``form`` for a form body,
    ``json`` otherwise (a YAML payload is sent as JSON)."""
    try:
        known: str = document.memo[encoding_of]
    except KeyError:  # a document made elsewhere than by load_text
        known = document.memo[encoding_of] = _encoding(format_of(document.path))
    return known


def _encoding(kind: str) -> str:
    return "form" if kind == "form" else "json"


def load_text(data: str | bytes, path: str) -> Document:
    """Decode bytes as UTF-8 (reporting the first bad byte's place) and parse by file type."""
    problems: list[Problem] = []
    language = source_kind(path)
    if language is not None and not mentions(data):
        return load_source("", path, language)
    kind = format_of(path)
    if isinstance(data, bytes):
        for bom, name in _UTF16_32_BOMS:
            if data.startswith(bom):
                return _unreadable(
                    path, "BL002", f"the file is {name}, not UTF-8.", Span(1, 1, 1, 2)
                )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            detail, span = _bad_byte(data, error)
            return _unreadable(path, "BL002", detail, span, data.decode("utf-8", "replace"))
    else:
        text = data
    if language is not None:  # a program or a doc: a byte order mark or no text is fine
        return load_source(text.removeprefix("\ufeff"), path, language)
    if text.startswith("\ufeff"):
        text = text[1:]
        if kind == "json":  # YAML allows one; in a form file it is an editor's, not the body's
            problems.append(
                Problem(
                    "BL007",
                    "UTF-8 byte order mark at the start: PHP's json_decode rejects it.",
                    Span(1, 1, 1, 2),
                )
            )
    if not text or text.isspace():  # not text.strip(), which would copy a 30 MB file
        return _unreadable(
            path, "BL004", "the file is empty: there is no payload.", Span(1, 1, 1, 1)
        )
    if kind == "yaml":
        from bicon_lint.loaders.yaml_loader import load_yaml  # PyYAML: imported when needed

        document = load_yaml(text, path)
    elif kind == "form":
        document = load_form(text, path)
    else:
        document = load_json(text, path)
    document.problems[:0] = problems
    document.memo[encoding_of] = _encoding(kind)
    return document


def _bad_byte(data: bytes, error: UnicodeDecodeError) -> tuple[str, Span]:
    before = data[: error.start]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", "replace")) + 1
    kind = "binary data (a NUL byte)" if b"\x00" in data[:8192] else "invalid UTF-8"
    detail = f"{kind}: byte 0x{data[error.start]:02x} at offset {error.start} cannot be decoded."
    return detail, Span(line, column, line, column + 1)


def _readable(data: bytes, encoding: str) -> str:
    return data.decode(encoding.lower().replace("-", ""), "replace")


def _unreadable(path: str, code: str, message: str, span: Span, text: str = "") -> Document:
    """A file that is not a readable payload; ``text`` is kept (best effort) for recognition."""
    return Document(path=path, text=text, lintable=False, problems=[Problem(code, message, span)])


__all__ = [
    "PAYLOAD_FILE_SUFFIXES",
    "READABLE_SUFFIXES",
    "DirectoryError",
    "Document",
    "LoadError",
    "Problem",
    "encoding_of",
    "format_of",
    "load_path",
    "load_text",
    "read_bytes",
]
