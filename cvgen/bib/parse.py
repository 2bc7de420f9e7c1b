"""A BibTeX reader that knows where everything is: entries, @string macros, `#` joins.

Our own, rather than a library's, for three reasons: every problem is reported at the line
and column at fault (a missing comma where the comma belongs, not at the entry's first
line); BibTeX's own tolerance is kept (a repeated field warns and keeps the first value; one
broken entry does not hide the others); and it is linear, so a large shared .bib reads in
about a second. Values keep their inner braces; the outer `{}` or `""` are removed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from cvgen.core.errors import Problems

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

_AT = re.compile(r"@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(]?)")
_WS = re.compile(r"(?:\s|%[^\n]*)*")  # whitespace; a '%' comment between fields is skipped as biber does
_NAME = re.compile(r"[^\s\"#%'(),={}]+")
_KEY = re.compile(r"[^\s,{}()\"]*")
_BRACE = re.compile(r"[{}]")
_QUOTED = re.compile(r'[{}"]')


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

    def where(self, pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, pos)
        return line, pos - self.starts[line - 1] + 1

    def error(self, pos: int, message: str) -> None:
        line, col = self.where(pos)
        self.problems.error(self.file, line, col, message)

    def skip_ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def run(self) -> list[RawEntry]:
        entries: list[RawEntry] = []
        pos = 0
        text = self.text
        while (at := text.find("@", pos)) >= 0:
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
                self.error(exc.pos, "BibTeX syntax: " + exc.message)
                nxt = self.next_entry(max(exc.pos, at + 1))
                pos = nxt
        return entries

    def next_entry(self, pos: int) -> int:
        """Where to resume after an error: the next '@' that starts a line."""
        m = re.compile(r"^[ \t]*@", re.M).search(self.text, pos)
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
            value, pos, _ = self.value(self.skip_ws(pos + 1), f"@string {name}", at)
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
                self.error(pos, f"BibTeX syntax: two commas at line {line_no} in entry '{key}'; remove one")
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
            value, pos, undefined = self.value(value_start, f"field '{name}'", at)
            last_value = (value_start, pos, name)
            fline, fcol = self.where(name_pos)
            for macro in undefined:
                self.problems.error(self.file, fline, fcol,
                                    f"'{macro}' in field '{name}' is not a defined @string macro; "
                                    "put the value in braces or define it with @string")
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
                self.error(last_end, f"BibTeX syntax: missing comma after the field ending at line {line_no} "
                                     f"(entry '{key}'); add a ',' there")

    def value(self, pos: int, what: str, at: int) -> tuple[str, int, list[str]]:
        """A value: pieces joined by '#'. Returns the text, the end, undefined macro names."""
        text = self.text
        parts: list[str] = []
        undefined: list[str] = []
        while True:
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
                else:
                    undefined.append(word)
                    parts.append(word)  # kept, so the entry does not also look incomplete
                pos = m.end()
            after = self.skip_ws(pos)
            if not text.startswith("#", after):
                return "".join(parts), pos, undefined
            pos = self.skip_ws(after + 1)

    def braced(self, pos: int, what: str, at: int) -> int:
        depth = 1
        for m in _BRACE.finditer(self.text, pos):
            depth += 1 if m.group() == "{" else -1
            if depth == 0:
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
