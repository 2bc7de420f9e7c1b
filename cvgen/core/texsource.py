"""A rendered LaTeX document as the LaTeX backend hands it to the TeX runner.

It lives in core because both sides use it and neither may import the other: the backend
(which imports only enrich and core) writes it, the build half (which imports only core) runs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SOURCE_MARK = "%% cvgen-source: "
DUMP_MARK = r"\csname endofdump\endcsname"
_MARK_LINE = re.compile(r"^" + re.escape(DUMP_MARK) + r"$", re.M)


@dataclass(frozen=True)
class TexSource:
    """A rendered document. `preamble` is what a precompiled format may hold (the text before
    the dump mark), None for a document that must be typeset plainly; the `%% cvgen-source:`
    comments in `text` say which entry wrote each part."""

    text: str

    @property
    def preamble(self) -> str | None:
        match = _MARK_LINE.search(self.text)
        if match is None:
            return None
        preamble = self.text[:match.start()]
        # mylatexformat reads the preamble by lines; a line ending in % would glue the mark to it.
        if not preamble.endswith("\n") or preamble[:-1].endswith("%"):
            return None
        return preamble

    def origin(self, line: int) -> str:
        """The entry that wrote .tex line `line`: the nearest source comment above it."""
        lines = self.text.splitlines()
        for i in range(min(line, len(lines)) - 1, -1, -1):
            if lines[i].startswith(SOURCE_MARK):
                return lines[i][len(SOURCE_MARK):].rstrip("%").strip()
        return "the theme (latex_templates)"

    def longest_entry(self) -> str:
        """The origin of the entry that wrote the most text (a guess at one taller than a page)."""
        best, size, current, length = "the theme (latex_templates)", -1, None, 0
        for line in [*self.text.splitlines(), SOURCE_MARK]:
            if line.startswith(SOURCE_MARK):
                if current is not None and length > size:
                    best, size = current, length
                current, length = line[len(SOURCE_MARK):].rstrip("%").strip(), 0
            else:
                length += len(line)
        return best

    def origin_of_text(self, char: str) -> str:
        for i, text in enumerate(self.text.splitlines()):
            if char in text and not text.startswith(SOURCE_MARK):
                return f" (from {self.origin(i + 1)})"
        return ""
