"""BibTeX's LaTeX, as people write it, decoded into text that is never silently dropped.

Format-neutral: the result is a sequence of `Span`s (text, optionally bold, italic, a link
or simple math) for a renderer to lay out, plus the commands cvgen could not render (their
argument text is kept; the caller warns) and a sort key from `\\noopsort`. Nothing here
writes LaTeX: a math span carries a *normalized* formula built only from the whitelisted
tokens below, which a LaTeX renderer may typeset as math and other outputs print as text.

`Span` and `Decoded` (the result) live in bib/spans.py, HTML tags and entities in bib/html.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from cvgen.bib.spans import Decoded, Span, normalize
from cvgen.bib.html import HTML_TAGS, html_tag, script, tag_content
from cvgen.bib.html import entity as html_entity
from cvgen.bib.math import MAX_NESTING, Math
from cvgen.bib.units import HEP_MACROS
from cvgen.bib.symbols import (ACCENTS, BOLD, CASE, DECLARATIONS, DROP_ARG, IGNORED, ITALIC, JOURNALS, LETTERS,
                         LINKS, MATH_SYMBOLS, MATH_WORDS, NEUTRAL, NOOPSORT, SPACING_ACCENTS, SYMBOLS)


@dataclass
class _State:
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass
class _Out:
    spans: list[Span] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    sortkey: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    quotes: int = 0  # single quotes opened with ` and not yet closed
    tags: int = 0  # HTML tags open around the current token

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def add(self, text: str, st: _State, math: str | None = None) -> None:
        if text:
            self.spans.append(Span(text, st.bold, st.italic, st.link, math))

    def warn(self, name: str) -> None:
        if name not in self.unknown:
            self.unknown.append(name)


_TOKEN = re.compile(r"\\([A-Za-z]+\*?)|\\(.)|\\$|(\$)|(---?)|(``|'')|([{}~])|(\s+)"
                    r"|(</?[A-Za-z][A-Za-z0-9:-]*(?:\s+[A-Za-z-]+(?:=(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>\"']*))?)*\s*/?>)"
                    r"|(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
                    r"|([^\\{}$~\s`'^_<&-]+|.)", re.S)
_NOT_SIMPLE = re.compile(r"[\\{}$~`'<&]|--")


@lru_cache(maxsize=8192)
def decode(raw: str) -> Decoded:
    """Decode one field value (braces kept by the reader) into spans."""
    raw = unicodedata.normalize("NFC", raw)  # accents typed as combining marks (macOS) become letters
    if not _NOT_SIMPLE.search(raw):  # the common case: plain words
        text = " ".join(raw.split())
        return Decoded((Span(text),) if text else ())
    out = _Out()
    raw, depth = _flatten(raw)
    if depth > MAX_NESTING:
        out.note(f"nests braces {depth} levels deep; cvgen reads at most {MAX_NESTING} levels, so the braces "
                 "deeper than that are ignored; remove the extra braces")
    tokens, raws = _tokenize(raw)
    _Parser(tokens, out, raws).run(_State())
    return Decoded(normalize(out.spans), tuple(out.unknown), "".join(out.sortkey), tuple(out.notes))


def _flatten(raw: str) -> tuple[str, int]:
    """The field without the braces nested deeper than MAX_NESTING, and its deepest nesting.

    Every reader of the field recurses once per level: a bound keeps a hostile or broken
    field (500 levels) a warning instead of a RecursionError."""
    depth = deepest = 0
    out: list[str] = []
    escaped = False
    for ch in raw:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_NESTING:
                continue
        elif ch == "}":
            depth -= 1
            if depth >= MAX_NESTING:
                continue
        out.append(ch)
    return ("".join(out), deepest) if deepest > MAX_NESTING else (raw, deepest)


def decode_text(raw: str) -> str:
    """The plain text of a field (math as its Unicode reading)."""
    return decode(raw).text


def _tokenize(raw: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(kind, value) pairs (cmd, sym, math, brace, text) and the source text of each."""
    out: list[tuple[str, str]] = []
    raws: list[str] = []
    for m in _TOKEN.finditer(raw):
        raws.append(m.group())
        word, sym, dollar, dash, quote, brace, space, tag, entity, text = m.groups()
        if word is not None:
            out.append(("cmd", word))
        elif sym is not None:
            out.append(("sym", sym))
        elif dollar is not None:
            out.append(("math", dollar))
        elif dash is not None:
            out.append(("text", "—" if dash == "---" else "–"))
        elif quote is not None:
            out.append(("text", "“" if quote == "``" else "”"))
        elif brace is not None:
            out.append(("brace", brace) if brace in "{}" else ("text", " "))
        elif space is not None:
            out.append(("text", " "))
        elif tag is not None:
            out.append(("tag", tag))
        elif entity is not None:
            out.append(("text", html_entity(entity)))
        elif text is not None:
            out.append(("text", text))
        else:  # a lone backslash at the very end
            out.append(("text", "\\"))
    return out, raws


class _Parser:
    """Walks the tokens once; groups restore the style they started with."""

    def __init__(self, tokens: list[tuple[str, str]], out: _Out, raws: list[str] | None = None) -> None:
        self.tokens = tokens
        self.raws = raws
        self.pos = 0
        self.out = out
        self.inner = (0, 0)  # token indices of the last argument's contents, for its source text

    def run(self, st: _State) -> None:
        while self.pos < len(self.tokens):
            self.step(st)

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def step(self, st: _State) -> None:
        kind, value = self.tokens[self.pos]
        self.pos += 1
        if kind == "text":
            if value == "`":  # LaTeX's quotes: `x' is ‘x’ (an apostrophe elsewhere stays as typed)
                self.out.quotes += 1
                value = "‘"
            elif value == "'" and self.out.quotes:
                self.out.quotes -= 1
                value = "’"
            self.out.add(value, st)
        elif kind == "tag":
            self.tag(value, st)
        elif kind == "brace":
            if value == "{":
                self.group(st)
            # a stray '}' prints nothing (BibTeX's reader already balanced the braces)
        elif kind == "math":
            if self.peek() == ("math", "$"):  # $$ opens display math (as in TeX: only when opening)
                self.pos += 1
                self.math("$$")
            else:
                self.math("$")
        elif kind == "sym":
            self.symbol(value, st)
        else:
            self.command(value, st)

    def group(self, st: _State) -> None:
        """Parse up to the matching '}' with a copy of the style (declarations stay inside)."""
        inner = _State(st.bold, st.italic, st.link)
        while self.pos < len(self.tokens):
            if self.tokens[self.pos] == ("brace", "}"):
                self.pos += 1
                return
            self.step(inner)

    def argument(self) -> list[tuple[str, str]] | None:
        """The next argument's tokens (a braced group or one token); None at the end."""
        while self.peek() == ("text", " "):
            self.pos += 1
        tok = self.peek()
        if tok is None:
            return None
        self.pos += 1
        if tok != ("brace", "{"):
            self.inner = (self.pos - 1, self.pos)
            return [tok]
        depth, start = 1, self.pos
        while self.pos < len(self.tokens):
            t = self.tokens[self.pos]
            self.pos += 1
            if t == ("brace", "{"):
                depth += 1
            elif t == ("brace", "}"):
                depth -= 1
                if depth == 0:
                    self.inner = (start, self.pos - 1)
                    return self.tokens[start:self.pos - 1]
        self.inner = (start, len(self.tokens))
        return self.tokens[start:]

    def sub(self, tokens: list[tuple[str, str]] | None, st: _State) -> None:
        if tokens:
            raws = self.raws[self.inner[0]:self.inner[1]] if self.raws is not None else None
            _Parser(tokens, self.out, raws).run(st)

    def arg_text(self) -> str:
        tokens = self.argument()
        if not tokens:
            return ""
        inner = _Out()
        _Parser(tokens, inner).run(_State())
        self.out.unknown.extend(n for n in inner.unknown if n not in self.out.unknown)
        return "".join(s.text for s in inner.spans)

    def symbol(self, ch: str, st: _State) -> None:
        if ch in ACCENTS:
            self.out.add(_accent(ch, self.arg_text()), st)
        elif ch in "&%$#_{}":
            self.out.add(ch, st)
        elif ch in " \n\t\\":
            self.out.add(" ", st)
        elif ch in ",;:>":
            self.out.add(" ", st)
        elif ch in "-/@!":
            pass  # discretionary hyphen, italic correction, spacing hints
        elif ch in "([":
            self.math("\\" + ch)
        elif ch in ")]":
            pass  # a math closer with no opener (TeX would stop here): nothing to print
        else:
            self.out.warn(ch)
            self.out.add(ch, st)

    def command(self, name: str, st: _State) -> None:
        out = self.out
        if name not in SYMBOLS and name not in JOURNALS and name not in HEP_MACROS and self.peek() == ("text", " "):
            self.pos += 1  # TeX skips the space after a command word; kept after symbols (`\LaTeX is`)
        if name in ACCENTS:
            out.add(_accent(name, self.arg_text()), st)
        elif name in LETTERS:
            out.add(LETTERS[name], st)
        elif name in SYMBOLS:
            out.add(SYMBOLS[name], st)
        elif name in JOURNALS:
            out.add(JOURNALS[name], st)
        elif name in DECLARATIONS:  # {\bf x}: the rest of the group
            st.bold = st.bold or DECLARATIONS[name] == "bold"
            st.italic = st.italic or DECLARATIONS[name] == "italic"
        elif name in BOLD or name in ITALIC or name in NEUTRAL:
            self.sub(self.argument(), _State(st.bold or name in BOLD, st.italic or name in ITALIC, st.link))
        elif name in CASE:
            inner = _Out()
            _Parser(self.argument() or [], inner).run(_State(st.bold, st.italic, st.link))
            out.unknown.extend(n for n in inner.unknown if n not in out.unknown)
            out.spans.extend(Span(CASE[name](s.text), s.bold, s.italic, s.link, s.math) for s in inner.spans)
        elif name in LINKS:
            self.link(name, st)
        elif name in HEP_MACROS:  # \TeV, \ttbar, \pt: typeset as math, read as their units
            text, formula = HEP_MACROS[name]
            out.add(text, _State(), formula)
        elif name in NOOPSORT:
            out.sortkey.append(self.arg_text())
        elif name in DROP_ARG:
            for _ in range(DROP_ARG[name]):
                self.argument()
            if name in ("hspace", "hspace*", "hskip"):
                out.add(" ", st)
        elif name in IGNORED:
            out.add(IGNORED[name], st)
        elif name == "ensuremath":
            self.math_tokens(self.argument() or [])
        elif name in MATH_SYMBOLS and name not in MATH_WORDS:
            self.math_tokens([("cmd", name)])  # \alpha outside $...$: print it as math anyway
        else:
            out.warn(name)  # not rendered: its arguments still print as text (never a vanished word)

    def link(self, name: str, st: _State) -> None:
        target = self.argument()
        if target is None:
            self.out.warn(name)
            return
        url = ""
        if target is not None and self.raws is not None:
            url = "".join(self.raws[self.inner[0]:self.inner[1]]).strip()
            url = url.replace("\\%", "%").replace("\\#", "#").replace("\\_", "_").replace("\\&", "&")
        elif target:
            url = "".join(v for _, v in target).strip()
        if name == "doi" and url:
            url = "https://doi.org/" + url
        if name == "href":
            text_tokens = self.argument()
            if text_tokens is None:  # \href{x} at the end of a field: show the address, and say so
                self.out.warn(name)
                self.out.add(url, _State(st.bold, st.italic, url or None))
                return
            self.sub(text_tokens, _State(st.bold, st.italic, url or None))
            return
        shown = url.removeprefix("https://doi.org/") if name == "doi" else url
        self.out.add(shown, _State(st.bold, st.italic, url or None))

    # --- math -----------------------------------------------------------------------------

    def math(self, opener: str) -> None:
        closer = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}[opener]
        tokens: list[tuple[str, str]] = []
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            self.pos += 1
            if tok[0] == "math" and closer == "$$" and self.peek() == ("math", "$"):
                self.pos += 1
                break
            if (tok[0] == "math" and closer.startswith("$")) or (tok[0] == "sym" and "\\" + tok[1] == closer):
                break
            tokens.append(tok)
        self.math_tokens(tokens)

    def math_tokens(self, tokens: list[tuple[str, str]]) -> None:
        formula, text, safe = Math(tokens, self.out.warn).render()
        if text.strip():
            if not safe:
                self.out.note(f"has math cvgen cannot typeset safely ('{_source(tokens)}'): it prints as the text "
                              f"'{text}'; write it with simple math (letters, digits, \\sqrt, \\mathrm, ^, _) or as text")
            self.out.add(text, _State(), formula if safe else None)

    def tag(self, raw: str, st: _State) -> None:
        """An HTML tag pasted into a field: its content gets the tag's style up to the closing tag."""
        name, closing, attrs = html_tag(raw)
        if closing or name in ("br", "hr", "wbr"):
            if name in ("br", "hr"):
                self.out.add(" ", st)
            return
        if name not in HTML_TAGS:
            self.out.note(f"holds the HTML tag <{name}>, which cvgen does not render: its text is kept; "
                          "remove the tag or write LaTeX")
        if self.out.tags >= MAX_NESTING:  # <i><i><i>...: read flat past the limit, never a RecursionError
            self.out.note(f"nests HTML tags more than {MAX_NESTING} levels deep; the deeper tags are ignored; "
                          "remove the extra tags")
            return
        style = HTML_TAGS.get(name, "")
        start = self.pos
        inner, self.pos = tag_content(self.tokens, self.pos, name)
        raws = self.raws[start:start + len(inner)] if self.raws is not None else None
        if style in ("sup", "sub"):
            sink = _Out(tags=self.out.tags + 1)
            _Parser(inner, sink, raws).run(_State())
            self.out.unknown.extend(n for n in sink.unknown if n not in self.out.unknown)
            self.out.notes.extend(n for n in sink.notes if n not in self.out.notes)
            text = "".join(s.text for s in sink.spans)
            formula, shown = script(style, text)
            if formula is None:
                self.out.add(text, st)
            else:
                self.out.add(shown, _State(), formula)
            return
        link = attrs.get("href") if name == "a" else None
        new = _State(st.bold or style == "bold", st.italic or style == "italic", link or st.link)
        self.out.tags += 1
        _Parser(inner, self.out, raws).run(new)
        self.out.tags -= 1


def _source(tokens: list[tuple[str, str]]) -> str:
    """A short reading of math tokens for messages."""
    text = "".join(("\\" + v) if k in ("cmd", "sym") else v for k, v in tokens)
    return text if len(text) <= 60 else text[:57] + "..."


def _accent(accent: str, base: str) -> str:
    """`\\"{o}` -> ö; an accent on nothing prints the accent itself."""
    mark = ACCENTS[accent]
    if not base.strip():
        return SPACING_ACCENTS.get(accent, "")
    base = {"ı": "i", "ȷ": "j"}.get(base[0], base[0]) + base[1:]
    return unicodedata.normalize("NFC", base[0] + mark + base[1:])
