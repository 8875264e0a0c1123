"""Quick fixes: edits of the text that take one diagnostic away, offered only where they are
certain.

* A settings item's ``type`` written in the wrong case (``"string"``): the known type it matches
  case-insensitively (``"STRING"``), in every format; only letters change, so the edit is the same
  whatever quotes or encoding hold the value.
* A read-only field in ``fields`` (``id``, ``dateCreate``, ...): the member removed, with its
  comma, in a JSON file (the value is skipped as JSON); in a YAML file where the member is one
  line of a block mapping that has other members; in a program where key and value are plain
  literals (``'id' => 5``, ``"id": 5``, ``id: 5``) between commas or brackets. Anything else:
  nothing is offered.
* ``bicon-lint: ignore[CODE]`` added to the diagnostic's line, in the languages whose comments
  bicon-lint reads for it (``bicon_lint.extract.build.suppressions``): PHP, JavaScript,
  TypeScript and Go (``//``), Python (``#``). Not in JSON (no comments), nor in YAML, form bodies
  or Markdown, whose payloads bicon-lint reads no such comment in.

Every fix is then checked by linting the edited text as the file (:func:`verified`): it is
offered only when the diagnostic is gone and the edit broke nothing. A text too large to lint
again at once (:data:`VERIFY_LIMIT`) keeps only the fixes certain by construction (the type's
case, a JSON member).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Final, NamedTuple

from bicon_lint.config import Resolver
from bicon_lint.contract import setting_types
from bicon_lint.extract import source_kind
from bicon_lint.extract.build import SUPPRESSION
from bicon_lint.inputs import INPUT_RULES
from bicon_lint.loaders import format_of
from bicon_lint.lsp.linting import Item, Linted, lint, tally
from bicon_lint.lsp.positions import UTF32, TextIndex

SETTINGS_TYPE: Final = "VALIDATION_SETTINGS_INVALID_TYPE"
READ_ONLY: Final = "VALIDATION_READ_ONLY_FIELD"
VERIFY_LIMIT: Final = 2 * 1024 * 1024  # characters: a larger text is not linted again per fix
# problems of the file itself (bicon_lint.inputs): an edit that brings one broke the file
INPUT_CODES: Final = frozenset(code for rule in INPUT_RULES for code in rule.spec.codes)

COMMENT_MARKERS: Final = {
    "php": "//",
    "javascript": "//",
    "typescript": "//",
    "tsx": "//",
    "go": "//",
    "python": "#",
}
PROGRAMS: Final = frozenset(COMMENT_MARKERS)

_QUOTES: Final = "\"'`"
_BLANK: Final = " \t\r\n"
_JSON_STRING: Final = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_SCALAR: Final = re.compile(r"-?[0-9][0-9eE.+-]*|true\b|false\b|null\b")
_JSON_STRUCTURE: Final = re.compile(r'["{}\[\]]')
_NAME: Final = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
_PROGRAM_LITERAL: Final = re.compile(
    r"""-?(?:0[xX][0-9a-fA-F]+|[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\b"""
    r"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`\\$\n]*`"""
    r"""|(?:true|false|null|nil|None|True|False|undefined|TRUE|FALSE|NULL)\b"""
)
_SEPARATORS: Final = {"php": "=>", "python": ":", "go": ":", "javascript": ":"}


class Edit(NamedTuple):
    start: int  # offsets into the text (code points)
    end: int
    text: str


class Fix(NamedTuple):
    title: str
    edits: tuple[Edit, ...]
    item: Item
    certain: bool  # right by construction: offered even where the text is too large to re-lint
    preferred: bool = True


def language(name: str) -> str:
    """``json``, ``yaml``, ``form``, a program's language or ``markdown``."""
    kind = source_kind(name)
    return kind if kind is not None else format_of(name)


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with the edits made (they do not overlap)."""
    for edit in sorted(edits, key=lambda edit: edit.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def fixes_for(text: str, name: str, item: Item, index: TextIndex) -> list[Fix]:
    """The fixes one diagnostic may have (to be :func:`verified`)."""
    if item.answer:
        return []
    kind = language(name)
    found: list[Fix | None] = []
    if item.code == SETTINGS_TYPE:
        found.append(_type_case(text, item))
    if item.code == READ_ONLY:
        found.append(_without_member(text, item, kind))
    found.append(_ignore_comment(text, item, kind, index))
    return [fix for fix in found if fix is not None]


def verified(
    text: str, name: str, resolver: Resolver, linted: Linted, fixes: Sequence[Fix]
) -> list[Fix]:
    """The fixes that do what they say, checked on the edited text linted as the file again, as
    the command would: the diagnostic is gone, the file still holds as many requests, and no
    problem of the file itself (syntax, encoding, an unrecognised payload: the input rules)
    appeared. Other findings may appear: the server validates on once one is fixed (a settings
    item's next key, an advisory the error hid)."""
    if not fixes:
        return []
    if len(text) > VERIFY_LIMIT:
        return [fix for fix in fixes if fix.certain]
    before = tally(linted.items)
    kept = []
    for fix in fixes:
        try:
            edited = lint(apply(text, fix.edits), name, resolver, UTF32)
        except Exception:  # the edited text cannot be checked: not certain
            continue
        after = tally(edited.items)
        target = (fix.item.code, fix.item.message)
        appeared = after - before
        if (
            edited.requests == linted.requests
            and after[target] == before[target] - 1
            and not any(code in INPUT_CODES for code, _ in appeared)
        ):
            kept.append(fix)
    return kept


# ------------------------------------------------------------------------------------------------
# A settings type in the wrong case
# ------------------------------------------------------------------------------------------------


def _type_case(text: str, item: Item) -> Fix | None:
    token = text[item.start : item.end]
    quoted = len(token) >= 2 and token[0] in _QUOTES and token[-1] == token[0]
    inner = token[1:-1] if quoted else token
    start = item.start + (1 if quoted else 0)
    if not inner.isascii() or not inner.isalpha():
        return None
    wanted = inner.upper()
    if wanted == inner or wanted not in setting_types(item.target):
        return None
    return Fix(
        f'Change "{inner}" to "{wanted}"', (Edit(start, start + len(inner), wanted),), item, True
    )


# ------------------------------------------------------------------------------------------------
# A read-only field removed
# ------------------------------------------------------------------------------------------------


def _without_member(text: str, item: Item, kind: str) -> Fix | None:
    if kind == "json":
        edit, certain = _json_member(text, item.start, item.end), True
    elif kind == "yaml":
        edit, certain = _yaml_member(text, item.start, item.end), False
    elif kind in PROGRAMS:
        edit, certain = _program_member(text, item.start, item.end, kind), False
    else:
        return None
    if edit is None:
        return None
    field = text[item.start : item.end].strip("\"'`")
    return Fix(f'Remove the read-only field "{field}"', (edit,), item, certain)


def _skip_blank(text: str, at: int) -> int:
    while at < len(text) and text[at] in _BLANK:
        at += 1
    return at


def _skip_blank_back(text: str, at: int) -> int:
    """The offset just after the last non-blank character before ``at``."""
    while at > 0 and text[at - 1] in _BLANK:
        at -= 1
    return at


def _json_value_end(text: str, at: int) -> int | None:
    if at >= len(text):
        return None
    if text[at] == '"':
        match = _JSON_STRING.match(text, at)
        return match.end() if match is not None else None
    if text[at] in "{[":
        depth = 0
        while True:
            found = _JSON_STRUCTURE.search(text, at)
            if found is None:
                return None
            at = found.start()
            char = text[at]
            if char == '"':
                string = _JSON_STRING.match(text, at)
                if string is None:
                    return None
                at = string.end()
                continue
            depth += 1 if char in "{[" else -1
            at += 1
            if depth == 0:
                return at
    match = _JSON_SCALAR.match(text, at)
    return match.end() if match is not None else None


def _json_member(text: str, start: int, end: int) -> Edit | None:
    if _JSON_STRING.fullmatch(text, start, end) is None:
        return None
    colon = _skip_blank(text, end)
    if colon >= len(text) or text[colon] != ":":
        return None
    value_end = _json_value_end(text, _skip_blank(text, colon + 1))
    if value_end is None:
        return None
    return _member_removed(text, start, value_end)


def _member_removed(text: str, start: int, end: int) -> Edit | None:
    """Remove the member ``text[start:end]`` of an object or array with its comma: a member on
    lines of its own goes with those lines; the last one takes the comma before it; the only
    one leaves ``{}``."""
    after = _skip_blank(text, end)
    if after < len(text) and text[after] == ",":
        past = after + 1
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", past)
        line_end = len(text) if line_end == -1 else line_end
        if not text[line_start:start].strip() and not text[past:line_end].strip():
            return Edit(line_start, min(line_end + 1, len(text)), "")
        while past < len(text) and text[past] in " \t":
            past += 1
        return Edit(start, past, "")
    if after >= len(text) or text[after] not in "}])":
        return None
    before = _skip_blank_back(text, start)
    if before > 0 and text[before - 1] == ",":
        return Edit(before - 1, end, "")
    if before > 0 and text[before - 1] in "{[(":
        return Edit(before, after, "")
    return None


def _program_member(text: str, start: int, end: int, kind: str) -> Edit | None:
    """``KEY SEP VALUE`` where the key is the literal the diagnostic points at and the value a
    plain literal (a number, a string without interpolation, true/false/null...)."""
    token = text[start:end]
    quoted = len(token) >= 2 and token[0] in "\"'" and token[-1] == token[0]
    inner = token[1:-1] if quoted else token
    if _NAME.match(inner) is None or (
        not quoted and kind not in ("javascript", "typescript", "tsx")
    ):
        return None
    separator = _SEPARATORS.get(kind, ":")
    at = _skip_blank(text, end)
    if not text.startswith(separator, at):
        return None
    value = _PROGRAM_LITERAL.match(text, _skip_blank(text, at + len(separator)))
    if value is None:
        return None
    if kind == "php" and value.group().startswith('"') and "$" in value.group():
        return None  # interpolated
    return _member_removed(text, start, value.end())


def _yaml_member(text: str, start: int, end: int) -> Edit | None:
    """A one-line member ``KEY: SCALAR`` of a block mapping that keeps another member."""
    line_start = text.rfind("\n", 0, start) + 1
    indent = text[line_start:start]
    if indent.strip(" "):
        return None  # a "- " list item, a flow mapping, or text before the key
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    rest = text[end:line_end].rstrip("\r")
    value = re.match(r"[ \t]*:[ \t]+([^\s|>&*!{\[#].*)", rest)
    if value is None or value.group(1).split(" #")[0].rstrip().endswith((":", ",")):
        return None
    width = len(indent)
    after = _yaml_lines(text[line_end + 1 :].split("\n", _YAML_LOOK)[:_YAML_LOOK])
    first = next(after, None)
    if first is not None and _depth(first) > width:
        return None  # the value goes on below: more than one line
    sibling = first is not None and _key_column(first) == width and _depth(first) == width
    if not sibling:
        before = text[:line_start].rsplit("\n", _YAML_LOOK)[-_YAML_LOOK:]
        for line in _yaml_lines(reversed(before)):
            if _depth(line) > width:
                continue  # inside an earlier member's value
            sibling = _key_column(line) == width
            break
    if not sibling:
        return None  # the only member: removing it would leave the mapping empty (null)
    return Edit(line_start, min(line_end + 1, len(text)), "")


_YAML_LOOK: Final = 500  # lines looked at around a member for its siblings


def _yaml_lines(lines: Iterable[str]) -> Iterator[str]:
    """The lines that hold YAML (not blank, not a comment alone)."""
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield line.rstrip("\r")


def _depth(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where a line's key starts, after its indentation and any ``- `` list markers."""
    return len(line) - len(re.sub(r"^[ ]*(?:-[ ]+)*", "", line))


# ------------------------------------------------------------------------------------------------
# bicon-lint: ignore[CODE]
# ------------------------------------------------------------------------------------------------


def _ignore_comment(text: str, item: Item, kind: str, index: TextIndex) -> Fix | None:
    marker = COMMENT_MARKERS.get(kind)
    if marker is None or item.code is None:
        return None
    code = str(item.code)
    line_start = index.offset(item.line, 1)
    line_end = index.line_end(item.line)
    title = f"Ignore {code} on this line (bicon-lint: ignore[{code}])"
    written = SUPPRESSION.search(text, line_start, line_end)
    if written is not None:
        if written.group(1) is None:
            return None  # a bare ignore: the line says every code already
        return Fix(title, (Edit(written.end(1), written.end(1), f", {code}"),), item, False, False)
    return Fix(
        title,
        (Edit(line_end, line_end, f"  {marker} bicon-lint: ignore[{code}]"),),
        item,
        False,
        False,
    )
