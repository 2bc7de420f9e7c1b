"""HTML tags that people paste into BibTeX fields (Crossref and publisher exports carry
`<i>Drosophila</i>`, `CO<sub>2</sub>`, `<scp>`): which ones cvgen renders, and how.

A tag outside this table is reported (its text is kept); closing tags end the style.
"""

from __future__ import annotations

import html
import re
import unicodedata

# tag -> style: "italic", "bold", "sup", "sub", or "" (text kept as is, no warning)
HTML_TAGS: dict[str, str] = {
    "i": "italic", "em": "italic", "cite": "italic", "var": "italic", "dfn": "italic",
    "b": "bold", "strong": "bold",
    "sup": "sup", "sub": "sub",
    "span": "", "p": "", "div": "", "font": "", "a": "", "small": "", "big": "", "tt": "", "code": "",
    "u": "", "mark": "", "abbr": "", "acronym": "", "scp": "", "sc": "", "inline-formula": "",
    "jats:italic": "italic", "jats:bold": "bold", "jats:sup": "sup", "jats:sub": "sub", "jats:p": "",
}

_TAG = re.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9:-]*)(.*?)/?>", re.S)
_ATTR = re.compile(r"([A-Za-z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))")


def html_tag(raw: str) -> tuple[str, bool, dict[str, str]]:
    """'<a href="x">' -> ('a', False, {'href': 'x'}); names in lower case."""
    m = _TAG.fullmatch(raw)
    if not m:
        return raw, False, {}
    attrs = {a.group(1).lower(): a.group(2) or a.group(3) or a.group(4) or "" for a in _ATTR.finditer(m.group(3))}
    return m.group(2).lower(), bool(m.group(1)), attrs


def tag_content(tokens: list[tuple[str, str]], pos: int, name: str) -> tuple[list[tuple[str, str]], int]:
    """The tokens inside tag `name` opened just before `pos`, up to its matching closing tag (nested
    tags of the same name counted), and the position after it; an unclosed tag runs to the end."""
    inner: list[tuple[str, str]] = []
    depth = 1
    while pos < len(tokens):
        tok = tokens[pos]
        pos += 1
        if tok[0] == "tag":
            other, other_closing, _ = html_tag(tok[1])
            if other == name:
                depth += -1 if other_closing else 1
                if depth == 0:
                    break
        inner.append(tok)
    return inner, pos


_SUP = str.maketrans("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SCRIPT_TEXT = re.compile(r"[A-Za-z0-9+\-=()., ]{1,40}")


def script(kind: str, text: str) -> tuple[str | None, str]:
    """<sup>2</sup> as a math formula and its Unicode reading; None when it is not simple text."""
    text = text.strip()
    if not _SCRIPT_TEXT.fullmatch(text):
        return None, text
    body = "\\mathrm{" + text.replace(" ", "\\ ") + "}"
    table = _SUP if kind == "sup" else _SUB
    shown = text.translate(table)
    if any(ch.isascii() for ch in shown):
        shown = ("^" if kind == "sup" else "_") + (text if len(text) == 1 else f"({text})")
    return ("{}^{" if kind == "sup" else "{}_{") + body + "}", shown


def entity(raw: str) -> str:
    """&amp; &#233; &eacute; -> the character; an unknown name stays as typed."""
    text = html.unescape(raw)
    if text == raw or not text or any(unicodedata.category(ch) == "Cc" for ch in text):
        return raw
    return text
