"""Simple math in BibTeX fields (`$\\sim$`, `M$_\\odot$`, `$O(n^2)$`): a formula and its text.

The formula is rebuilt from whitelisted tokens only (the commands of `texsymbols`, ASCII
letters, digits and a few signs, `^{}`/`_{}` groups), so a renderer may typeset it as math
without any of the user's LaTeX passing through. Anything else makes the math "unsafe": it
then prints as its Unicode text, and unknown commands are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cvgen.bib.symbols import ACCENTS, LETTERS, MATH_SYMBOLS, MATH_WORDS, SYMBOLS


class Math:
    """Simple math: Greek, common symbols and operators, sub/superscripts, text in \\mathrm."""

    SAFE_CHARS = re.compile(r"[A-Za-z0-9+\-=()\[\]/.,;:!?'|<>*@ ]")

    def __init__(self, tokens: list[tuple[str, str]], warn: Callable[[str], None]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.warn = warn
        self.safe = True

    def render(self) -> tuple[str, str, bool]:
        formula, text = self.seq(len(self.tokens))
        return " ".join(formula.split()), " ".join(text.split()), self.safe

    def seq(self, end: int) -> tuple[str, str]:
        formula, text = [], []
        while self.pos < end:
            f, t = self.atom()
            formula.append(f)
            text.append(t)
        return "".join(formula), "".join(text)

    def group_end(self) -> int:
        depth, i = 1, self.pos
        while i < len(self.tokens):
            if self.tokens[i] == ("brace", "{"):
                depth += 1
            elif self.tokens[i] == ("brace", "}"):
                depth -= 1
                if depth == 0:
                    return i
            i += 1
        return len(self.tokens)

    def argument(self) -> tuple[str, str]:
        while self.pos < len(self.tokens) and self.tokens[self.pos] == ("text", " "):
            self.pos += 1
        if self.pos >= len(self.tokens):
            return "", ""
        kind, value = self.tokens[self.pos]
        if kind == "text" and len(value) > 1:  # x^23 is x^{2}3: one character is the argument
            self.tokens[self.pos] = ("text", value[1:])
            return self.atom_text(value[0])
        if self.tokens[self.pos] == ("brace", "{"):
            self.pos += 1
            end = self.group_end()
            f, t = self.seq(end)
            self.pos = end + 1
            return f, t
        return self.atom()

    def atom_text(self, value: str) -> tuple[str, str]:
        for ch in value:
            if not self.SAFE_CHARS.fullmatch(ch):
                self.safe = False
        return value, value

    def atom(self) -> tuple[str, str]:
        kind, value = self.tokens[self.pos]
        self.pos += 1
        if kind == "brace":
            if value == "{":
                end = self.group_end()
                f, t = self.seq(end)
                self.pos = end + 1
                return "{" + f + "}", t
            return "", ""
        if kind == "text":
            if value in "^_":
                f, t = self.argument()
                if value == "_":
                    return f"_{{{f}}}", t
                return f"^{{{f}}}", f"^{t}" if len(t) <= 1 else f"^({t})"
            if value == " ":
                return " ", ""
            return self.atom_text(value)
        if kind == "sym":
            if value in "{}%#&$_":
                return "\\" + value, value
            if value in ",;: !>":
                return "\\,", " "
            self.safe = False
            return "", value
        if kind == "math":
            return "", ""
        if value in MATH_SYMBOLS:
            return "\\" + value + " ", MATH_SYMBOLS[value]
        if value in MATH_WORDS:  # \mathrm{...}, \text{...}, \log
            if MATH_WORDS[value] is None:
                f, t = self.argument()
                return "\\mathrm{" + f + "}", t
            return "\\" + value + " ", MATH_WORDS[value]
        if value in ("left", "right", "big", "Big", "bigl", "bigr", "displaystyle", "nolimits", "limits"):
            return "", ""
        if value in ACCENTS or value in LETTERS or value in SYMBOLS:
            self.safe = False
            return "", LETTERS.get(value) or SYMBOLS.get(value, "")
        self.safe = False
        self.warn(value)
        return "", ""
