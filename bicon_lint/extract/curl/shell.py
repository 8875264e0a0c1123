"""A POSIX shell's split of text into commands of words: quotes, expansions, comments,
operators, redirections, here-documents and here-strings (a command's standard input), and the
commands inside ``$(...)``."""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from bicon_lint.extract.curl.quoting import _ansi_c, _balanced, _joined, _without_leading_tabs
from bicon_lint.extract.curl.words import HOLE, Word, _Chars

_OPERATORS: Final = frozenset(";&|()<>\n")
_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN: Final = re.compile(r"[^\s;&|()<>'\"\\$`]+")  # a run of unquoted characters read as written
_QUOTED_PLAIN: Final = re.compile(r'[^"\\$`]+')  # a run in double quotes (or a here-document)

_MAX_DEPTH: Final = 8  # nested $(...) read as scripts


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
