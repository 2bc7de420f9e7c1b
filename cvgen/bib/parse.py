"""A BibTeX reader that knows where everything is: entries, @string macros, `#` joins.

Our own, rather than a library's, for three reasons: every problem is reported at the line
and column at fault (a missing comma where the comma belongs, not at the entry's first
line); BibTeX's own tolerance is kept (a repeated field warns and keeps the first value; one
broken entry does not hide the others); and it is linear, so a large shared .bib reads in
about a second. Values keep their inner braces; the outer `{}` or `""` are removed.

Every slip with one reading is read that way with a warning at its place (cvgen.core.policy):
a missing or doubled comma, `field = ,`, a stray character between entries, an undefined
macro (empty, as BibTeX prints it). An entry that cannot be read (a brace never closed) is
left out from its `@` to the next `@` at the start of a line, with a warning naming its key.
Nothing here recurses; braces deeper than MAX_NESTING and @string values longer than
MAX_FIELD_CHARS stop at the field, so no input can exhaust the stack or the memory.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from cvgen.core.charset import MAX_FIELD_CHARS
from cvgen.core.errors import Problems

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

_AT = re.compile(r"@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(]?)")
_WS = re.compile(r"(?:\s|%[^\n]*)*")  # whitespace; a '%' comment between fields is skipped as biber does
_NAME = re.compile(r"[^\s\"#%'(),={}]+")
_KEY = re.compile(r"[^\s,{}()\"]*")
_BRACE = re.compile(r"[{}]")
_QUOTED = re.compile(r'[{}"]')
_LINE_AT = re.compile(r"^[ \t]*@", re.M)
_STRAY = re.compile(r"[^\s\w@%]{1,3}")  # '}', ',', ';' left between entries: a slip, not a comment
_WORDS_KEPT = ("month", "year")  # `month = JULY`, `year = 2009/10`, `year = upcoming`: read, not emptied
MAX_NESTING = 100  # brace levels in one value; real titles use two or three


class _TooLong(Exception):
    """A value (an @string joining @strings) longer than MAX_FIELD_CHARS."""


@dataclass
class RawEntry:
    """One entry as written: lower-case type and field names, values with macros resolved."""

    type: str
    key: str
    line: int
    col: int
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)


class _Syntax(Exception):
    """A syntax error at a position; the reader resumes at the next entry."""

    def __init__(self, pos: int, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


class _Reader:
    def __init__(self, text: str, file: str, problems: Problems) -> None:
        self.text = re.sub(r"\r(?!\n)", "\n", text)  # a CR alone ends a line too (old Mac files); offsets stay
        self.file = file
        self.problems = problems
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.strings: dict[str, str] = {m: str(i) for i, m in enumerate(MONTHS, start=1)}
        self.key = ""  # of the entry being read, for messages

    def where(self, pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, pos)
        return line, pos - self.starts[line - 1] + 1

    def error(self, pos: int, message: str) -> None:
        line, col = self.where(pos)
        self.problems.error(self.file, line, col, message)

    def warn(self, pos: int, message: str, left_out: bool = False) -> None:
        line, col = self.where(pos)
        self.problems.warn(self.file, line, col, message, left_out=left_out)

    def skip_ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def run(self) -> list[RawEntry]:
        entries: list[RawEntry] = []
        pos = 0
        text = self.text
        while (at := text.find("@", pos)) >= 0:
            self.stray(pos, at)
            line_start = self.starts[bisect.bisect_right(self.starts, at) - 1]
            if "%" in text[line_start:at]:  # a commented-out line: '% @article{...'
                pos = text.find("\n", at)
                pos = len(text) if pos < 0 else pos
                continue
            m = _AT.match(text, at)
            if m is None or not m.group(2):
                pos = at + 1  # an '@' in free text between entries (BibTeX ignores it too)
                continue
            kind, opener = m.group(1).lower(), m.group(2)
            closer = "}" if opener == "{" else ")"
            self.key = ""
            try:
                if kind == "comment":
                    pos = self.skip_group(m.end(), closer, at)
                elif kind == "preamble":
                    pos = self.skip_group(m.end(), closer, at)
                elif kind == "string":
                    pos = self.string(m.end(), closer, at)
                else:
                    entry, pos = self.entry(kind, m.end(), closer, at)
                    entries.append(entry)
            except _Syntax as exc:
                pos = self.next_entry(max(exc.pos, at + 1))
                if kind in ("comment", "preamble", "string"):
                    self.warn(exc.pos, "BibTeX syntax: " + exc.message)
                else:
                    end = self.where(pos - 1 if pos < len(text) else pos)[0]
                    self.warn(exc.pos, f"BibTeX syntax: {exc.message}; entry '{self.key}' (line "
                                       f"{self.where(at)[0]}) cannot be read and is left out (lines "
                                       f"{self.where(at)[0]}-{end})", left_out=True)
        if pos < len(text):
            self.stray(pos, len(text))
        return entries

    def stray(self, start: int, end: int) -> None:
        """A lone '}' or ',' between entries (an entry closed twice): ignored, as BibTeX does, but said."""
        between = self.text[start:end]
        if not between.strip() or len(between) > 10_000:
            return
        for line in between.splitlines(keepends=True):
            if _STRAY.fullmatch(line.strip()):
                pos = start + len(between[:between.index(line)]) + len(line) - len(line.lstrip())
                self.warn(pos, f"stray '{line.strip()}' between entries is ignored; remove it")
                return

    def next_entry(self, pos: int) -> int:
        """Where to resume after an error: the next '@' that starts a line."""
        m = _LINE_AT.search(self.text, pos)
        return m.start() if m else len(self.text)

    def skip_group(self, pos: int, closer: str, at: int) -> int:
        depth = 1
        if closer == ")":
            end = self.text.find(")", pos)
            return len(self.text) if end < 0 else end + 1
        for m in _BRACE.finditer(self.text, pos):
            depth += 1 if m.group() == "{" else -1
            if depth == 0:
                return m.end()
        raise _Syntax(at, "this block has no closing '}'; check its braces")

    def string(self, pos: int, closer: str, at: int) -> int:
        pos = self.skip_ws(pos)
        m = _NAME.match(self.text, pos)
        if m is None:
            raise _Syntax(pos, "@string needs a name = value; check its braces and quotes")
        name = m.group()
        pos = self.skip_ws(m.end())
        if self.text.startswith("=", pos):
            try:
                value, pos, undefined = self.value(self.skip_ws(pos + 1), f"@string {name}", at)
            except _TooLong:
                self.error(at, f"@string {name} expands to more than {MAX_FIELD_CHARS:,} characters (an @string "
                               "joining @strings that join @strings); it is not defined; write its text out")
                pos = self.skip_value(self.skip_ws(pos + 1))
            else:
                for macro in undefined:
                    self.warn(at, f"'{macro}' in @string {name} is not a defined @string macro; it is read as "
                                  "empty, as BibTeX does; define it first or put the value in braces")
                self.strings[name.lower()] = value
        pos = self.skip_ws(pos)
        if not self.text.startswith(closer, pos):
            raise _Syntax(pos, f"@string {name} is not closed by '{closer}'; check its braces and quotes")
        return pos + 1

    def entry(self, kind: str, pos: int, closer: str, at: int) -> tuple[RawEntry, int]:
        text = self.text
        line, col = self.where(at)
        pos = self.skip_ws(pos)
        key_match = _KEY.match(text, pos)
        key = key_match.group() if key_match else ""
        self.key = key
        entry = RawEntry(kind, key, line, col)
        pos = self.skip_ws(key_match.end() if key_match else pos)
        if text.startswith(closer, pos):
            return entry, pos + 1
        if not text.startswith(",", pos):
            raise _Syntax(pos, f"expected ',' after the key '{key}' of this entry; check the key")
        last_end = pos
        last_value = (pos, pos, "")  # where the last value started and ended, and the field's name
        pos += 1
        first_field: dict[str, int] = {}
        while True:
            pos = self.skip_ws(pos)
            if text.startswith(closer, pos):
                return entry, pos + 1
            if text.startswith(",", pos):
                line_no = self.where(pos)[0]
                self.warn(pos, f"BibTeX syntax: two commas at line {line_no} in entry '{key}'; one is read; "
                               "remove the other")
                pos += 1
                continue
            m = _NAME.match(text, pos)
            if m is None or text.startswith("@", pos) or pos >= len(text):
                start, end, fname = last_value
                if re.search(r"\n\s*[\w+-]+\s*=", text[start:end]):  # a value that swallowed the next fields
                    raise _Syntax(start, f"the value of '{fname}' in entry '{key}' runs on to line "
                                         f"{self.where(end)[0]}, taking in the fields after it: a brace or quote "
                                         "is not closed in it; check its braces and quotes")
                raise _Syntax(at, f"entry '{key}' has no closing '{closer}'; "
                                  f"check its braces and quotes (the last field ends at line {self.where(last_end)[0]})")
            name, name_pos = m.group().lower(), pos
            pos = self.skip_ws(m.end())
            if not text.startswith("=", pos):
                raise _Syntax(pos, f"expected '=' after the field name '{m.group()}' in entry '{key}'; "
                                  "check the commas and quotes before it")
            value_start = self.skip_ws(pos + 1)
            fline, fcol = self.where(name_pos)
            if text.startswith((",", closer), value_start):  # `month = ,`
                self.warn(value_start, f"field '{name}' of entry '{key}' has no value after '='; it is read as "
                                       "empty; write a value in braces or remove the field")
                value, pos, undefined = "", value_start, []
            else:
                try:
                    value, pos, undefined = self.value(value_start, f"field '{name}'", at, keep_words=name in _WORDS_KEPT)
                except _TooLong:
                    self.error(value_start, f"field '{name}' of entry '{key}' expands to more than "
                                            f"{MAX_FIELD_CHARS:,} characters; shorten it")
                    value, pos, undefined = "", self.skip_value(value_start), []
            last_value = (value_start, pos, name)
            for macro in undefined:
                if name not in _WORDS_KEPT:  # a year or month that is none is said once, where it is read
                    self.problems.warn(self.file, fline, fcol,
                                       f"'{macro}' in field '{name}' of entry '{key}' is not a defined @string "
                                       "macro; it prints as empty, as BibTeX does; put the value in braces or "
                                       "define it with @string")
            if name in entry.fields:
                self.problems.warn(self.file, fline, fcol,
                                   f"field '{name}' is given twice in entry '{key}' (first at line "
                                   f"{first_field[name]}); the first value is kept, so remove one")
            else:
                entry.fields[name] = value
                entry.field_lines[name] = fline
                first_field[name] = fline
            last_end = pos
            pos = self.skip_ws(pos)
            if text.startswith(",", pos):
                pos += 1
            elif not text.startswith(closer, pos) and _NAME.match(text, pos) and not text.startswith("@", pos):
                line_no = self.where(last_end)[0]
                self.warn(last_end, f"BibTeX syntax: missing comma after the field ending at line {line_no} "
                                    f"(entry '{key}'); it is read as if there; add a ',' there")

    def value(self, pos: int, what: str, at: int, keep_words: bool = False) -> tuple[str, int, list[str]]:
        """A value: pieces joined by '#'. Returns the text, the end, undefined macro names (empty
        in the text, as BibTeX prints them, or kept as written with `keep_words`: a month's `JULY`).
        Raises _TooLong past MAX_FIELD_CHARS (an @string bomb)."""
        text = self.text
        parts: list[str] = []
        undefined: list[str] = []
        length = counted = 0
        expanded = False  # only macros can make a value grow beyond what is written
        while True:
            if expanded and length > MAX_FIELD_CHARS:
                raise _TooLong()
            if text.startswith("{", pos):
                end = self.braced(pos + 1, what, at)
                parts.append(text[pos + 1:end])
                pos = end + 1
            elif text.startswith('"', pos):
                end = self.quoted(pos + 1, what, at)
                parts.append(text[pos + 1:end])
                pos = end + 1
            else:
                m = _NAME.match(text, pos)
                if m is None:
                    raise _Syntax(pos, f"{what} has no value after '='; write one in braces")
                word = m.group()
                if word.isdigit():
                    parts.append(word)
                elif word.lower() in self.strings:
                    parts.append(self.strings[word.lower()])
                    expanded = True
                else:
                    undefined.append(word)
                    if keep_words:
                        parts.append(word)
                pos = m.end()
            length += sum(len(part) for part in parts[counted:])
            counted = len(parts)
            after = self.skip_ws(pos)
            if not text.startswith("#", after):
                if expanded and length > MAX_FIELD_CHARS:
                    raise _TooLong()
                return "".join(parts), pos, list(dict.fromkeys(undefined))
            pos = self.skip_ws(after + 1)

    def skip_value(self, pos: int) -> int:
        """The end of a value read once already (after _TooLong): its pieces and '#'s."""
        text = self.text
        while True:
            if text.startswith("{", pos):
                pos = self.braced(pos + 1, "", 0) + 1
            elif text.startswith('"', pos):
                pos = self.quoted(pos + 1, "", 0) + 1
            elif m := _NAME.match(text, pos):
                pos = m.end()
            after = self.skip_ws(pos)
            if not text.startswith("#", after):
                return pos
            pos = self.skip_ws(after + 1)

    def braced(self, pos: int, what: str, at: int) -> int:
        depth = 1
        deepest = 1
        for m in _BRACE.finditer(self.text, pos):
            depth += 1 if m.group() == "{" else -1
            deepest = max(deepest, depth)
            if depth == 0:
                if deepest > MAX_NESTING:
                    raise _Syntax(pos, f"the value of {what} nests braces {deepest} levels deep (at most "
                                       f"{MAX_NESTING}); remove the extra braces")
                return m.start()
        raise _Syntax(at, f"the value of {what} opened at line {self.where(pos)[0]} is never closed; "
                          "check its braces")

    def quoted(self, pos: int, what: str, at: int) -> int:
        depth = 0
        for m in _QUOTED.finditer(self.text, pos):
            ch = m.group()
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif depth <= 0:
                return m.start()
        raise _Syntax(at, f"the quoted value of {what} opened at line {self.where(pos)[0]} is never closed; "
                          "check its quotes")


def parse(text: str, file: str, problems: Problems) -> list[RawEntry]:
    """Every entry of a .bib text, in file order, with problems collected."""
    return _Reader(text, file, problems).run()
