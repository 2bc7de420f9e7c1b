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
from cvgen.bib.units import HEP_MACROS

# Braces nested deeper than this are ignored (decode.py drops them, with a warning): each
# level costs a few Python frames in every recursive reader of a field.
MAX_NESTING = 64
# Math accents: command -> combining mark of the Unicode reading.
MATH_ACCENTS = {"bar": "\u0304", "overline": "\u0305", "hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303",
                "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308", "check": "\u030c",
                "breve": "\u0306", "acute": "\u0301", "grave": "\u0300", "underline": "\u0332"}


_ENDS_IN_SUPERSCRIPT = re.compile(r"\^(\{[^{}]*\}|\\?\w+)\s*$")


class Math:
    """Simple math: Greek, common symbols and operators, sub/superscripts, text in \\mathrm."""

    SAFE_CHARS = re.compile(r"[A-Za-z0-9+\-=()\[\]/.,;:!?'|<>*@ ]")

    def __init__(self, tokens: list[tuple[str, str]], warn: Callable[[str], None]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.warn = warn
        self.safe = True
        self.depth = 0
        self.script = ""  # "^" or "_" when the last atom was a script (x^a^b is a TeX error)

    def render(self) -> tuple[str, str, bool]:
        formula, text = self.seq(len(self.tokens))
        return " ".join(formula.split()), " ".join(text.split()), self.safe

    def seq(self, end: int) -> tuple[str, str]:
        formula, text = [], []
        scripts = ""  # the scripts already attached to the current base
        self.depth += 1
        if self.depth > 2 * MAX_NESTING + 2:  # decode() already flattened deeper braces; a guard all the same
            self.safe = False
            text = "".join(v for k, v in self.tokens[self.pos:end] if k == "text")
            self.pos = end
            self.depth -= 1
            return "", text
        while self.pos < end:
            self.script = ""
            f, t = self.atom()
            if self.script:
                if self.script in scripts:  # a second ^ or _ on one base: give it an empty base
                    f, scripts = "{}" + f, ""
                scripts += self.script
            elif f.strip() and not f.strip().strip("'"):  # a prime is a superscript to TeX (x^{2}' fails)
                if "^" in scripts:
                    f, scripts = "{}" + f, ""
                scripts += "^"
            elif f.strip():  # a unit such as \fbinv ends in its own superscript
                scripts = "^" if _ENDS_IN_SUPERSCRIPT.search(f) else ""
            formula.append(f)
            text.append(t)
        self.depth -= 1
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
                self.script = value
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
        if value in HEP_MACROS:
            text, formula = HEP_MACROS[value]
            return formula + " ", text
        if value == "sqrt":
            f, t = self.argument()
            return "\\sqrt{" + f + "}", "√" + (t if len(t) <= 1 else f"({t})")
        if value in ("frac", "dfrac", "tfrac"):
            (f1, t1), (f2, t2) = self.argument(), self.argument()
            wrap = (lambda t: t if len(t) <= 1 else f"({t})")
            return "\\frac{" + f1 + "}{" + f2 + "}", wrap(t1) + "/" + wrap(t2)
        if value in MATH_ACCENTS:
            f, t = self.argument()
            return "\\" + value + "{" + f + "}", (t[:1] + MATH_ACCENTS[value] + t[1:]) if t else ""
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
