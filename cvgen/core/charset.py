"""The character policy: which characters each engine prints, checked before TeX for every
printed field, and a missing glyph in TeX's log mapped back to the fields that hold it.

Three kinds of trouble: control and invisible characters (never printable as typed: refused
in every field); characters outside the pdflatex theme's table (scripts/pdflatex_charset.py
wrote it: what pdflatex prints and extracts literally); and characters no font of a Unicode
engine has, which only TeX knows (lualatex exits 0 with a "Missing character" log line).
Light on purpose: `cvgen check` uses it without PyLaTeX or the TeX runner.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from cvgen import theme_dir
from cvgen.core.errors import Problems

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# Invisible characters that copy-and-paste brings in: they would print as nothing, so the
# PDF's text layer could never hold what was typed.
# Also the direction marks and joiners lualatex drops silently, and the separators xelatex
# prints as U+FFFD (U+1680, U+2028, U+2029): refused under every engine alike.
# Variation selectors (U+FE0F after an emoji or a symbol: lualatex drops it, xelatex refuses it)
# are refused the same way.
INVISIBLE_CHARS = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u1680\u180b-\u180f\u200b-\u200f\u2028-\u202e"
                             "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f"
                             "\U000e0100-\U000e01ef]")
# Typographic spaces: every engine prints them as a space (the fonts lack most of them, so the
# LaTeX writer spells them as TeX spaces; the no-break ones as `~`).
SPACE_CHARS = {**dict.fromkeys("\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000", " "),
               "\u2007": "~", "\u202f": "~"}
# Sub- and superscript characters: every engine typesets them with \textsubscript or
# \textsuperscript of the plain character (pdflatex's fonts have none of them, and the
# Unicode engines' theme fonts lack most), so the PDF reads the plain character.
SCRIPT_CHARS: dict[str, tuple[str, str]] = {
    **{sup: ("sup", plain) for sup, plain in zip("⁰ⁱ⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ", "0i456789+-=()n")},
    **{sub: ("sub", plain) for sub, plain in zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", "0123456789+-=()aeoxhklmnpst")},
}
MAX_FIELD_CHARS = 20_000  # several pages of text; TeX's line buffer holds 200,000 bytes
MISSING_GLYPH = re.compile(r"Missing character: There is no (\S+?)(?: \(U\+[0-9A-F]+\))? in font (.+?)!")


def char_hint(engine: str) -> str:
    """What to do about characters pdflatex cannot print: the Unicode engine that prints them."""
    return f"set 'engine: {engine}' under settings (or use --engine {engine}), or replace the character"


# What a character no font prints becomes in a BibTeX field: the theme's \cvlostchar, a boxed
# '?' (pdftotext reads '?'), so the gap shows instead of a silently shortened word. U+FFFD is
# what an encoding slip leaves where a character was; private-use characters mean something
# only to the program or font that wrote them. LuaTeX refuses U+FFFD in its input outright.
LOST_MARK = "a boxed '?'"


# Han, kana, Hangul, Bopomofo, CJK punctuation and compatibility forms, fullwidth forms: what
# only Noto CJK prints. lualatex loads it as a fallback only for a CV holding one (it costs
# about a second and 400 MB per pass); a glyph found missing without it retries with it.
_CJK_RANGES = ("[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
               "\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")


def has_cjk(text: str) -> bool:
    """Whether `text` holds a character of a CJK script (compiled on first use: lualatex only)."""
    return not text.isascii() and _cjk_pattern().search(text) is not None


@lru_cache(maxsize=1)
def _cjk_pattern() -> re.Pattern[str]:
    return re.compile(_CJK_RANGES)


@dataclass(frozen=True)
class PrintedText:
    """One text that reaches the PDF, with where it was written and how messages name it."""

    file: str
    line: int
    col: int
    what: str  # "'title'" or "field 'title' of entry 'k'"
    text: str
    shortened: bool = False  # printed shortened by a policy (an author list): no length limit
    in_entry: bool = False  # a BibTeX field: a character that cannot print is a warning there


def never_printable(ch: str) -> bool:
    """No font of any engine prints this character as what was meant: U+FFFD (a character lost
    to an encoding slip before cvgen read the file) and the private-use characters."""
    return ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or ch >= "\U000f0000"


def _never_printable_note(ch: str) -> str:
    if ch == "\ufffd":
        return ("U+FFFD REPLACEMENT CHARACTER, the mark an encoding slip leaves where a character was lost "
                "before cvgen read the file")
    return f"U+{ord(ch):04X}, a private-use character (it means something only to the program or font that wrote it)"


def bad_character(value: str) -> str | None:
    """Why `value` cannot be printed as typed (a control or invisible character), or None."""
    if bad := CONTROL_CHARS.search(value):
        return f"contains the control character U+{ord(bad.group()):04X}; remove it"
    if bad := INVISIBLE_CHARS.search(value):
        return (f"contains the invisible character U+{ord(bad.group()):04X} {unicodedata.name(bad.group())} "
                "(often pasted from a web page or PDF); remove it")
    return None


def unicode_engine_for(chars: Iterable[str]) -> str:
    """The engine to suggest for characters pdflatex cannot print: xelatex (an edit about half
    of lualatex's) when the theme's Latin Modern OpenType faces have them all, else lualatex,
    whose fallback fonts add Greek, Cyrillic and CJK."""
    covered = _charset_table(str(theme_dir() / "xelatex-charset.txt"))
    return "xelatex" if all(ch in covered for ch in chars) else "lualatex"


@lru_cache(maxsize=4)
def _charset_table(table: str) -> frozenset[str]:
    """Characters beyond ASCII that a table of the theme lists (pdflatex's, or xelatex's)."""
    chars = set()
    with open(table, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                chars.add(chr(int(line.split()[0], 16)))
    return frozenset(chars)


def unprintable(text: str, engine: str) -> list[str]:
    """The characters of `text` that `engine` cannot print so that they read back literally.

    pdflatex is checked against the theme's table; the Unicode engines print what their
    fonts have, which only TeX knows (see `missing_glyphs`).
    """
    if engine != "pdflatex" or text.isascii():
        return []
    allowed = _charset_table(str(theme_dir() / "pdflatex-charset.txt"))
    seen: list[str] = []
    for ch in text:
        if (not ch.isascii() and ch not in allowed and ch not in seen and ch not in SPACE_CHARS
                and ch not in SCRIPT_CHARS and not never_printable(ch)):
            seen.append(ch)
    return seen


def describe_char(ch: str) -> str:
    """'≤' (U+2264 LESS-THAN OR EQUAL TO) for messages."""
    name = unicodedata.name(ch, "")
    shown = ch if ch.isprintable() and not unicodedata.category(ch).startswith(("M", "Z", "C")) else ""
    return f"'{shown}' (U+{ord(ch):04X}{' ' + name if name else ''})" if shown else f"U+{ord(ch):04X}{' ' + name if name else ''}"


def check_printed(texts: Iterable[PrintedText], engine: str, problems: Problems) -> None:
    """Characters that cannot be printed are errors at their field, before TeX runs."""
    refused: list[tuple[PrintedText, list[str]]] = []
    for p in texts:
        if len(p.text) > MAX_FIELD_CHARS and not p.shortened:
            problems.error(p.file, p.line, p.col, f"{p.what} is {len(p.text):,} characters long; cvgen prints text "
                                                  f"fields of at most {MAX_FIELD_CHARS:,} characters (several pages); "
                                                  "shorten it or split it into several entries")
            continue
        if reason := bad_character(p.text):
            problems.error(p.file, p.line, p.col, f"{p.what} {reason}")
            continue
        for ch in dict.fromkeys(ch for ch in p.text if not ch.isascii() and never_printable(ch)):
            if p.in_entry:
                start = len(problems.items)
                problems.warn(p.file, p.line, p.col, f"{p.what} contains {_never_printable_note(ch)}; no font prints "
                                                     f"it, so it prints as {LOST_MARK}; write the character you mean")
                problems.mark_in_entry(start)
            else:
                problems.error(p.file, p.line, p.col, f"{p.what} contains {_never_printable_note(ch)}; no font "
                                                      "prints it; write the character you mean")
        if bad := unprintable(p.text, engine):
            refused.append((p, bad))
    if refused:  # one engine for the whole CV: the one that prints every refused character
        hint = char_hint(unicode_engine_for(ch for _, bad in refused for ch in bad))
        for p, bad in refused:
            chars = ", ".join(describe_char(ch) for ch in bad)
            problems.error(p.file, p.line, p.col, f"{p.what} contains {chars}, which {engine} cannot print; {hint}")


def missing_glyphs(log_text: str) -> list[tuple[str, str]]:
    """(character, font) for each glyph TeX's log says no font had."""
    return MISSING_GLYPH.findall(log_text)


def glyph_problems(texts: Iterable[PrintedText], chars: list[str], engine: str) -> Problems:
    """TeX found no glyph for `chars`: at a BibTeX field a warning (the character prints as the
    lost-character mark: one entry never stops the CV), in cv.yaml an error (the user's own text)."""
    problems = Problems()
    for p in texts:
        bad = [ch for ch in chars if ch in p.text]
        if bad:
            names = ", ".join(describe_char(ch) for ch in bad)
            fix = ("replace the character (not even the fallback fonts have it)" if engine == "lualatex" else
                   "use engine: lualatex, whose fallback fonts cover Greek, Cyrillic and CJK, or replace the character")
            if p.in_entry:
                problems.warn(p.file, p.line, p.col, f"{p.what} contains {names}, which no font of the {engine} theme "
                                                     f"has, so it prints as {LOST_MARK}; {fix}")
            else:
                problems.error(p.file, p.line, p.col, f"{p.what} contains {names}, which no font of the {engine} theme "
                                                      f"has (it would be dropped); {fix}")
    return problems
