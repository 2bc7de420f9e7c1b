"""Inline Markdown in cv.yaml's free-text fields -> the styled spans BibTeX markup also becomes.

A small subset, parsed with markdown-it-py (CommonMark's rules, no raw HTML): `**bold**`,
`*italic*` or `_italic_`, `[text](url)` and `` `code` ``; a backslash keeps a marker literal
(`\\*`). Only http(s) and mailto links become links (any other target prints its text only).
Text without markers comes back as one plain span holding exactly what was written, so
every output stays as it was. Markers that open nothing (`**bold` with no end) print as
written, and `check_markup` warns about them at their file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cvgen.core.errors import Problems
from cvgen.core.sources import NOWHERE, Origin
from cvgen.enrich.values import Line, Span
from cvgen.model import cv as m

LINK_SCHEMES = ("http://", "https://", "mailto:")
# What may start markup (a link needs "]("); text without any of it is never parsed.
_MARKERS = re.compile(r"[*_`\\]|\](?=\()")
# A run of '*' or '_' that could open emphasis (a non-space follows; '_' not inside a word).
_OPENER = re.compile(r"(?<![\w*])\*+(?=\S)|(?<![\w_])_+(?=[^\s_])")
_LINK_LEFT = re.compile(r"\[[^\]]*\]\([^)]*\)")  # a link markdown-it refused (javascript:, ...)


@dataclass(frozen=True)
class Parsed:
    """A field's spans, and (offset in the text, message) for each marker left as written."""

    spans: Line
    problems: tuple[tuple[int, str], ...] = ()


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    # "zero" has raw HTML, entities, autolinks and line breaks off; text_join off keeps an escaped
    # marker ("\\*") a token of its own, so a literal '*' is not taken for an unclosed one.
    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(
        ["emphasis", "link", "backticks", "escape"]).disable("text_join")


@lru_cache(maxsize=4096)
def parse(text: str) -> Parsed:
    """`text` as spans: plain text, bold, italic, bolditalic or code, some linked."""
    if not _MARKERS.search(text):
        return Parsed((Span(text),))
    spans: list[Span] = []
    problems: list[tuple[int, str]] = []
    bold = italic = 0
    link: str | None = None
    cursor = 0
    for token in _parser().parseInline(text)[0].children or []:
        kind = token.type
        if kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            target = str(token.attrs.get("href", ""))
            link = target if target.lower().startswith(LINK_SCHEMES) else None
            if link is None:
                problems.append((_find(text, "[", cursor), f"the link to '{target}' is not a web (http, https) or "
                                 "mail (mailto) address: its text prints without the link"))
        elif kind == "link_close":
            link = None
        elif kind in ("text", "text_special", "code_inline"):
            content = token.content
            at = _find(text, content, cursor)
            cursor = at + len(content) if at >= 0 else cursor
            if kind == "text":
                problems += [(at + p, message) for p, message in _left_as_written(content)]
            style = "code" if kind == "code_inline" else \
                "bolditalic" if bold and italic else "bold" if bold else "italic" if italic else ""
            if content:
                spans.append(Span(content, style, link=link))
    merged: list[Span] = []
    for s in spans:  # an escaped marker is a token of its own: join it to its plain neighbours
        if merged and (merged[-1].style, merged[-1].link) == (s.style, s.link):
            merged[-1] = Span(merged[-1].text + s.text, s.style, link=s.link)
        else:
            merged.append(s)
    return Parsed(tuple(merged) or (Span(""),), tuple((max(p, 0), msg) for p, msg in problems))


def _find(text: str, part: str, start: int) -> int:
    at = text.find(part, start)
    return at if at >= 0 else start


def _left_as_written(content: str) -> Iterator[tuple[int, str]]:
    """Markers markdown-it left as text: an opener with no closer, an odd backtick, a refused link."""
    for match in _OPENER.finditer(content):
        marker = match.group()
        yield match.start(), (f"'{marker}' opens {'bold' if len(marker) == 2 else 'italics'} that never closes: "
                              f"it prints as written; close it, or write '\\{marker[0]}' for a literal "
                              f"'{marker[0]}'")
    if "`" in content:
        yield content.index("`"), ("'`' opens code that never closes: it prints as written; close it, "
                                   "or write '\\`' for a literal '`'")
    for match in _LINK_LEFT.finditer(content):
        yield match.start(), ("this link's target is not a web (http, https) or mail (mailto) address: "
                              "it prints as written")


def with_prefix(prefix: str, spans: Line) -> Line:
    """`prefix` (", " or " ") before the spans: inside the first when it is plain text, so
    a field without markup gives the very span it gave before markup existed."""
    if spans and spans[0].style == "" and spans[0].link is None:
        return (Span(prefix + spans[0].text),) + spans[1:]
    return (Span(prefix),) + spans


def plain(spans: Line) -> str:
    """The text the spans print, markers gone (for outputs that take plain text)."""
    return "".join(s.text for s in spans)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """A text section's paragraphs (a blank line starts one), each with its offset in `text`;
    each is parsed on its own, so a marker never pairs with one in another paragraph."""
    out, start = [], 0
    for gap in re.finditer(r"\n\s*\n", text + "\n\n"):
        if text[start:gap.start()].strip():
            out.append((start, text[start:gap.start()]))
        start = gap.end()
    return out


def rich_fields(cv: m.CV) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(YAML path, text) of every free-text field that takes markup (a text section: per paragraph,
    the path's text then being the whole field's)."""
    for i, s in enumerate(cv.sections):
        if s.intro:
            yield ("sections", i, "intro"), s.intro
        if isinstance(s, m.TextSection):
            yield from ((("sections", i, "text"), p) for _, p in paragraphs(s.text))
        elif isinstance(s, m.ItemsSection):
            yield from ((("sections", i, "items", j), item) for j, item in enumerate(s.items))
        elif isinstance(s, m.ExperienceSection):
            yield from ((("sections", i, "experience", j, "details"), e.details)
                        for j, e in enumerate(s.experience) if e.details)
        elif isinstance(s, m.TeachingSection):
            yield from ((("sections", i, "teaching", j, "details"), c.details)
                        for j, c in enumerate(s.teaching) if c.details)


def check_markup(cv: m.CV, problems: Problems) -> None:
    """Warn, at its line and column, about each marker that prints as written."""
    origin = cv.origin or NOWHERE
    for path, text in rich_fields(cv):
        for offset, message in parse(text).problems:
            line, col = _position(origin, path, text, offset)
            problems.warn(origin.file, line, col, message)


def _position(origin: Origin, path: tuple[str | int, ...], text: str, offset: int) -> tuple[int, int]:
    """Where `text[offset]` is in the file: the marker and what follows it on its line, looked
    for from the value's own position on (so quotes, `|` and `>` scalars need no arithmetic)."""
    line, col = origin.where(*path)
    try:
        with open(origin.file, encoding="utf-8", errors="replace") as f:
            source = f.read().split("\n")
    except OSError:
        return line, col
    probe = text[offset:].split("\n")[0][:40].rstrip() or text[offset:offset + 1]
    for k in range(line - 1, len(source)):
        at = source[k].find(probe, col - 1 if k == line - 1 else 0)
        if at >= 0:
            return k + 1, at + 1
    return line, col
