"""Hostile programs and docs: deep nesting, binary data, invalid UTF-8, a huge file. Each gets a
diagnostic or nothing, with a documented exit code, never a traceback (the command, run for real)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DEPTH = 3000
CALL = "biconnector.connector.add"

DEEP = {
    "deep.php": f"<?php CRest::call('{CALL}', " + "[" * DEPTH + "]" * DEPTH + ");\n",
    "deep.js": f"BX24.callMethod('{CALL}', " + "{a: " * DEPTH + "1" + "}" * DEPTH + ");\n",
    "deep.ts": f"await b24.callMethod('{CALL}', " + "[" * DEPTH + "]" * DEPTH + ");\n",
    "deep.go": f'package main\nfunc f() {{ c.Call(ctx, "{CALL}", '
    + 'b24.Params{"a": ' * DEPTH
    + "1"
    + "}" * DEPTH
    + ") }\n",
    "deep.md": f"```php\nCRest::call('{CALL}', " + "[" * DEPTH + "]" * DEPTH + ");\n```\n",
}


def check(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bicon_lint.cli", "check", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("name", DEEP)
def test_deep_nesting_is_read_without_a_crash(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(DEEP[name], encoding="utf-8")
    result = check(path)
    assert result.stderr == "", result.stderr
    # a params value that is no object of fields: "Fields not provided." (SERVER-SPEC §4.2 C1),
    # or, where the nesting is too deep to follow, nothing said about an unknown value
    assert result.returncode in (0, 1), result.stdout
    assert "Traceback" not in result.stdout


def test_deep_python_does_not_parse_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "deep.py"
    path.write_text(f"client.call('{CALL}', " + "[" * DEPTH + "]" * DEPTH + ")\n", "utf-8")
    result = check(path)
    assert result.returncode == 0 and result.stderr == ""
    assert " BL008 " in result.stdout


def test_binary_and_invalid_utf8_programs(tmp_path: Path) -> None:
    binary = tmp_path / "blob.php"
    binary.write_bytes(b"\x00\x01biconnector\xff\xfe" * 100)
    unrelated = tmp_path / "latin1.js"
    unrelated.write_bytes(b"// caf\xe9\nexport default 1;\n")  # not UTF-8, but no call: unread
    result = check(binary, unrelated)
    assert result.returncode == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    # the first byte that is not UTF-8: 0xff after "\x00\x01biconnector" (13 bytes)
    expected = f"{binary}:1:14: error: BL002 binary data (a NUL byte): byte 0xff at offset 13 "
    assert lines[0].startswith(expected), lines
    assert not any("latin1.js" in line for line in lines)


def test_a_huge_program_is_not_parsed_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "bundle.js"
    item = "{code: 'c', name: 'Имя', type: 'STRING'},"
    path.write_text(
        f"BX24.callMethod('{CALL}', {{fields: {{settings: [" + item * 120_000 + "]}});\n",
        encoding="utf-8",
    )
    result = check(path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{path}:1:1: warning: BL009 the file is ")
