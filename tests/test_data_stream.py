"""A large bare urlData answer read as a stream (``bicon_lint.data_stream``) gets exactly the
report of the general path (the whole file decoded, then ``data_answer.scan``): every code,
message, position and predicted answer. The size threshold and the chunk size are lowered so that
small generated answers take the streaming path, with rows cut by the ends of chunks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bicon_lint import answers, data_stream
from bicon_lint.api import Report
from bicon_lint.targets import DEFAULT_TARGET

_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.sampled_from('ab é€😀"\\\n\t/,[]{}:0'), max_size=8),
    st.sampled_from(["", "0", "2025-01-31", "12,5", "1e3", "31.01.2025", "abc"]),
)
_CELLS = st.one_of(
    _SCALARS,
    _SCALARS.map(lambda v: [v]),
    st.just([]),
    st.just({"a": 1}),
    st.just([{"b": [1]}]),
)
_ROWS = st.one_of(
    st.lists(_CELLS, max_size=4),
    st.lists(_SCALARS, min_size=3, max_size=3),
    _SCALARS,
    st.dictionaries(st.sampled_from(["A", "B", "C"]), _SCALARS, max_size=3),
)
_HEADERS = st.one_of(
    st.lists(st.one_of(st.sampled_from(["A", "B", "C", "1"]), _SCALARS), max_size=4),
    st.just(["A", "B", "C"]),
    _SCALARS,
    st.just([["A"], "B"]),
)
_SPACE = st.sampled_from(["", " ", "\n", "\r\n", "\t", "\n  "])


@st.composite
def answer_texts(draw: st.DrawFn, lines: bool | None = None) -> bytes:
    """The text of an answer: a list of a header and rows, with space anywhere JSON allows it,
    sometimes spoilt (a character changed, dropped or added; a byte order mark, a NUL, a lone
    surrogate escape, invalid UTF-8, data after the list)."""
    header = draw(_HEADERS)
    lines = draw(st.booleans()) if lines is None else lines
    if lines:  # mostly rows as long as the header, one a line
        header = draw(st.lists(st.sampled_from(["A", "B", "C", "1", 2, None]), max_size=4))
        width = len(header)
        row = st.lists(_SCALARS, min_size=width, max_size=width)
        rows = draw(st.lists(row, max_size=80))
        for _ in range(draw(st.integers(0, 2))):
            rows.insert(draw(st.integers(0, len(rows))), draw(_ROWS))
        if rows and draw(st.booleans()):  # one defect again and again: counted, not placed
            defect = draw(st.sampled_from(["short", "long", "scalar", "nested"]))
            every = draw(st.integers(1, 4))
            for index in range(draw(st.integers(0, len(rows))), len(rows), every):
                cells = rows[index] if isinstance(rows[index], list) else []
                if defect == "short":
                    rows[index] = cells[:-1]
                elif defect == "long":
                    rows[index] = [*cells, 1]
                elif defect == "scalar":
                    rows[index] = draw(_SCALARS)
                elif cells:
                    rows[index] = [[cells[0]], *cells[1:]]
        space = st.sampled_from(["\n", "\n", "\r\n", " \n "])
    else:
        rows = draw(st.lists(_ROWS, max_size=30))
        space = _SPACE
    parts = [draw(_SPACE), "["]
    for index, value in enumerate([header, *rows]):
        if index:
            parts += ["" if lines else draw(_SPACE), ",", draw(space)]
        ascii_only = not lines and draw(st.booleans())
        parts += [draw(_SPACE), json.dumps(value, ensure_ascii=ascii_only)]
    parts += [draw(_SPACE), "]", draw(_SPACE)]
    text = "".join(parts)
    spoils = ["change", "drop", "add", "bom", "tail", "utf8"]
    spoil = draw(st.sampled_from(["none"] * (18 if lines else 6) + spoils))
    if spoil in ("change", "drop", "add") and text:
        at = draw(st.integers(0, len(text) - 1))
        char = draw(st.sampled_from([*',[]{}"\\ 1ae\x00', "\\ud800", "\\udc00", "\x01"]))
        kept = text[at + 1 :] if spoil != "add" else text[at:]
        text = text[:at] + ("" if spoil == "drop" else char) + kept
    elif spoil == "bom":
        text = "\ufeff" + text
    elif spoil == "tail":
        text += draw(st.sampled_from(["0", "[]", ",", "x"]))
    data = text.encode("utf-8")
    if spoil == "utf8":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xff" + data[at:]
    return data


def _batches(monkeypatch: pytest.MonkeyPatch, note: bool = True) -> list[int]:
    """The sizes of the batches of rows the stream takes (clean, or adding to counts only)."""
    taken: list[int] = []
    clean, known = data_stream._clean, data_stream._known

    def spy_clean(rows: list[Any], width: int) -> bool:
        found = clean(rows, width)
        taken.extend([len(rows)] if found else [])
        return found

    def spy_known(rows: list[Any], *args: Any) -> bool:
        found = known(rows, *args)
        taken.extend([len(rows)] if found else [])
        if note and found and not clean(rows, args[1]):
            event("a batch only adds to counts")
        return found

    monkeypatch.setattr(data_stream, "_clean", spy_clean)
    monkeypatch.setattr(data_stream, "_known", spy_known)
    return taken


def _general(path: Path) -> Report:
    document = answers.bare_document(path.read_bytes(), str(path))
    report = answers.lint_answer_document(document, endpoint="urlData")
    assert report is not None
    return report


def _same(streamed: Report, general: Report) -> None:
    assert streamed.diagnostics == general.diagnostics
    assert streamed.server_error == general.server_error
    assert (streamed.path, streamed.method, streamed.target) == (
        general.path,
        general.method,
        general.target,
    )


def _plain(data: bytes) -> bool:
    """An answer the stream reads to the end: a list of rows, none of them written as or holding
    an object, with no escape in it (a lone surrogate escape gives up) and nothing spoilt."""
    try:
        value = json.loads(data.decode("utf-8"))
    except ValueError:
        return False
    text = data.decode("utf-8")
    return (
        isinstance(value, list)
        and len(value) > 0
        and "{" not in json.dumps(value)
        and "\\u" not in text
        and not text.startswith("\ufeff")
    )


@_SETTINGS
@given(
    data=answer_texts(), chunk=st.sampled_from([1, 2, 3, 5, 8, 13, 32, 64, 256, 4096, 4096, 4096])
)
def test_stream_gives_the_general_report(
    tmp_path: Path, data: bytes, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(data)
    general = _general(path)
    batched = _batches(monkeypatch)
    streamed = data_stream.lint_file(path, str(path), DEFAULT_TARGET, None, None, chunk=chunk)
    if streamed is None:  # given up: the general path reads the file
        event("given up")
        assert not _plain(data)
    else:
        event("streamed, rows decoded in batches" if any(batched) else "streamed, row by row")
        event("with findings" if general.diagnostics else "clean")
        _same(streamed, general)


@_SETTINGS
@given(
    data=answer_texts(lines=True),
    chunk=st.sampled_from([8, 16, 32, 64, 128, 256, 4096]),
    window=st.sampled_from([(16, 4), (64, 8), (256, 16), (1 << 20, 1 << 12)]),
)
def test_batches_give_the_general_report(
    tmp_path: Path,
    data: bytes,
    chunk: int,
    window: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows one a line, a few of them with findings, in chunks that hold a few lines and batches
    of a few rows: rows are decoded in batches between the rows read one at a time."""
    monkeypatch.setattr(data_stream, "BATCH_MAX", window[0])
    monkeypatch.setattr(data_stream, "BATCH_MIN", window[1])
    test_stream_gives_the_general_report.hypothesis.inner_test(  # type: ignore[attr-defined]
        tmp_path, data, chunk, monkeypatch
    )


@_SETTINGS
@given(data=answer_texts())
def test_a_streamed_document_gives_the_general_report(
    tmp_path: Path, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the loader: a large urlData answer file is a streamed document, whether the
    stream reads it to the end or gives up and the general path reads it."""
    monkeypatch.setattr(data_stream, "STREAM_MIN", 0)
    monkeypatch.setattr(data_stream, "CHUNK", 7)
    path = tmp_path / "data.json"
    path.write_bytes(data)
    document = answers.bare_file(path, "urldata")
    assert answers.is_bare(document) and document.text == ""
    report = answers.lint_answer_document(document, endpoint="urlData")
    assert report is not None
    _same(report, _general(path))


# rows one a line, mostly clean (decoded in batches), a few not, one at the very end
_LINES = (
    '[["A","B","C"],\n'
    + ",\n".join(
        "[1,[2],3]" if n == 600 else '["x",2]' if n % 97 == 5 else f'[{n},"é{n}",null]'
        for n in range(1000)
    )
    + ",\n[1,2]]\n"
)


@pytest.mark.parametrize(
    "text",
    [
        '[["A","B"],[1,2],\n[1],\n [1,2,3],\n"x",\n[1,[2]],\n[[[]],2]]',
        '\n\n  [ ["A", "B"] ,\r\n [1, 2] , [3] ] \n',
        '[["A","A",1,true],["é😀",2,3,4],[5]]',
        '["A",[1],[2]]',
        '[["A"]]',
        "[[]," + ",".join(f"[{n}]" for n in range(40)) + "]",
        '[["A","B"],' + ",".join('[1,"x"]' if n % 7 else "[1]" for n in range(200)) + "]",
        _LINES,
    ],
)
@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 16, 1 << 20])
def test_examples_are_streamed_to_the_end(tmp_path: Path, text: str, chunk: int) -> None:
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    streamed = data_stream.lint_file(path, str(path), DEFAULT_TARGET, None, None, chunk=chunk)
    assert streamed is not None
    general = _general(path)
    _same(streamed, general)


def test_rows_are_decoded_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows one a line are decoded many at a time, and the rows after a batch one by one still
    place their findings (the comparison above is of such a file)."""
    path = tmp_path / "data.json"
    path.write_text(_LINES, encoding="utf-8")
    batched = _batches(monkeypatch, note=False)
    streamed = data_stream.lint_file(path, str(path), DEFAULT_TARGET, None, None, chunk=512)
    assert streamed is not None
    assert sum(batched) > 500
    assert [d.code for d in streamed.diagnostics] == ["BL746", "BL747", "BL756"]
    _same(streamed, _general(path))


def test_the_examples_have_findings(tmp_path: Path) -> None:
    """The examples above are not all clean: the comparison compares findings."""
    path = tmp_path / "data.json"
    path.write_text('[["A","B"],[1,2],\n[1],\n [1,2,3],\n"x",\n[1,[2]]]', encoding="utf-8")
    codes = [d.code for d in _general(path).diagnostics]
    assert codes == ["BL746", "BL746", "BL746", "BL756"]


_CHECK = (sys.executable, "-m", "bicon_lint.cli", "check", "-e", "urlData", "--format", "json")


def _cli(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_CHECK, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_streams_a_large_answer(tmp_path: Path) -> None:
    """A real answer above the threshold, through the CLI: the report is the general path's
    (``lint_answer``, the body in memory, never streamed)."""
    rows: list[Any] = [["ID", "TITLE", "DAY"]]
    rows += [[n, f"deal {n} é, signed", "2025-01-31"] for n in range(180_000)]
    rows[5] = [5, "short"]
    rows[150_000] = [150_000, ["nested"], "2025-01-31"]
    rows[170_000] = "row"
    text = "[" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "]\n"
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= data_stream.STREAM_MIN
    assert answers.bare_file(path, "urlData").text == ""  # left to the stream
    result = _cli(path)
    assert result.returncode == 1, result.stderr
    (shown,) = json.loads(result.stdout)["files"]
    general = answers.lint_answer("urlData", None, text.encode("utf-8"), path=str(path))
    expected = [
        (d.code, d.message, d.line, d.column, d.end_line, d.end_column) for d in general.diagnostics
    ]
    got = [
        (d["code"], d["message"], d["line"], d["column"], d["end_line"], d["end_column"])
        for d in shown["diagnostics"]
    ]
    assert got == expected
    # a short row in the preview, a list in a cell, a row that is no list beyond the preview
    assert [(d[0], d[2]) for d in got] == [("BL746", 6), ("BL756", 150_001), ("BL747", 170_001)]
    assert shown["server_error"] is None


@st.composite
def repeated_defects(draw: st.DrawFn) -> str:
    """Rows one a line, a few dozen of them, where one defect comes back again and again."""
    width = draw(st.integers(1, 4))
    rows: list[Any] = [[n, *["v"] * (width - 1)] for n in range(draw(st.integers(25, 150)))]
    for _ in range(draw(st.integers(1, 3))):
        defect = draw(st.sampled_from(["short", "long", "scalar", "nested", "nested last"]))
        every = draw(st.integers(1, 5))
        for index in range(draw(st.integers(0, len(rows))), len(rows), every):
            cells = rows[index] if isinstance(rows[index], list) else []
            if defect == "short":
                rows[index] = cells[:-1]
            elif defect == "long":
                rows[index] = [*cells, None]
            elif defect == "scalar":
                rows[index] = draw(st.sampled_from([None, 1, 10**20, 1.5, "x", True]))
            elif cells:
                at = 0 if defect == "nested" else len(cells) - 1
                rows[index] = [*cells[:at], [cells[at]], *cells[at + 1 :]]
    header = json.dumps(["C"] * width)
    return "[" + header + ",\n" + ",\n".join(json.dumps(row) for row in rows) + "]\n"


@_SETTINGS
@given(
    text=repeated_defects(),
    chunk=st.sampled_from([16, 64, 256, 4096]),
    window=st.sampled_from([(16, 4), (64, 8), (256, 16), (1 << 20, 1 << 12)]),
)
def test_repeated_findings_are_counted_in_batches(
    tmp_path: Path,
    text: str,
    chunk: int,
    window: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A defect found again after its first place is only counted: rows that add to counts
    are taken in batches, and the counts (``and N more like it``) are the general path's."""
    monkeypatch.setattr(data_stream, "BATCH_MAX", window[0])
    monkeypatch.setattr(data_stream, "BATCH_MIN", window[1])
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    _batches(monkeypatch)
    streamed = data_stream.lint_file(path, str(path), DEFAULT_TARGET, None, None, chunk=chunk)
    assert streamed is not None
    _same(streamed, _general(path))


def test_a_defect_in_every_row_is_counted_in_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [[n, "x"] if n % 3 else [n] for n in range(3000)]
    rows[2000] = [[1], "x"]
    rows[2500] = [[1], "y"]
    text = '[["A","B"],\n' + ",\n".join(json.dumps(row) for row in rows) + "]"
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    known = data_stream._known
    taken: list[int] = []

    def spy(rows: list[Any], found: Any, width: int, position: int) -> bool:
        result = known(rows, found, width, position)
        taken.extend([len(rows)] if result else [])
        return result

    monkeypatch.setattr(data_stream, "_known", spy)
    monkeypatch.setattr(data_stream, "BATCH_MAX", 4096)
    monkeypatch.setattr(data_stream, "BATCH_MIN", 256)
    streamed = data_stream.lint_file(path, str(path), DEFAULT_TARGET, None, None, chunk=8192)
    assert streamed is not None
    assert sum(taken) > 2000
    general = _general(path)
    _same(streamed, general)
    messages = [d.message for d in general.diagnostics]
    assert any("(and 992 more like it)" in message for message in messages)  # rows 21..2997
    assert any("(and 1 more like it)" in message for message in messages)  # the two lists
