"""The HTML backend: enriched values -> one self-contained, accessible page.

Like latex.py it only chooses markup for each role and escapes: the words were decided by
enrich. User text enters the page only through `escape` (the standard library's
`html.escape`), which returns `Markup`; pieces are combined only by `join` and `tag`, which
accept `Markup` and raise on a plain `str`, so text is escaped exactly once, by type. The
JSON-LD block goes through `json_ld`, which also escapes `<`, `>` and `&` so no value can
end the script element.

The page has its CSS inline (cvgen/data/cv.css: a light and a dark scheme following the
reader's setting, a print stylesheet), no web fonts, no scripts, nothing fetched (a Content
Security Policy says so to the browser), one `h1`, a section with an `h2` per titled block,
publications as ordered lists, and schema.org JSON-LD: a `Person` and their works.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from cvgen.enrich.values import Block, Enriched, Entry, Line, Paper, Person, Span

CSS = Path(__file__).parent.parent / "data" / "cv.css"
# Nothing may be fetched or run: inline style only, images only as data: URLs.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


LINK_SCHEMES = ("https://", "http://", "mailto:", "ftp://")


class Markup(str):
    """HTML that is safe to write as is: escaped text or markup built from escaped text."""


def escape(text: str) -> Markup:
    """User text -> HTML that shows exactly that text. The one way text enters the page."""
    return Markup(html.escape(text, quote=True))


def join(*parts: Markup, sep: str = "") -> Markup:
    """Markup pieces one after another; a plain `str` here is a bug (it was never escaped)."""
    for part in parts:
        if not isinstance(part, Markup):
            raise TypeError(f"unescaped text reached the HTML writer: {part!r}")
    if len(parts) == 1:  # no copy: a long list's markup is megabytes
        return parts[0]
    return Markup(sep.join(parts))


def tag(name: str, *content: Markup, **attrs: str | None) -> Markup:
    """<name attrs>content</name>; attribute values are escaped here (`class_` for class)."""
    shown = "".join(f' {key.rstrip("_").replace("_", "-")}="{escape(value)}"'
                    for key, value in attrs.items() if value is not None)
    return Markup("".join([f"<{name}{shown}>", join(*content), f"</{name}>"]))


def json_ld(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json">: no '<', '>' or '&' can end or open a tag."""
    # One line, by the C encoder (an indented dump goes through Python, and took 165 MB for a
    # 20,000-paper CV), and one pass over it for the three characters.
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SAFE))


_JSON_SAFE = {ord("&"): "\\u0026", ord("<"): "\\u003c", ord(">"): "\\u003e"}


_EMPTY = Markup("")
_SPACE = Markup(" ")
_BR = Markup("<br>")
# Markup of each role of a span (enrich.Span.style); plain text has none.
_TAGS = {"position": "strong", "degree": "strong", "grade": "strong", "course": "em"}


def span(s: Span) -> Markup:
    """One span: its role's markup around the escaped text."""
    if s.style in ("author", "owner"):
        name = tag("strong", escape(s.text), class_="owner") if s.style == "owner" else escape(s.text)
        return tag("span", name, escape(s.joint) if s.joint else _EMPTY, escape(s.marks) if s.marks else _EMPTY,
                   class_="author")
    if s.style == "thesis":
        return join(_BR, tag("span", escape(s.label), _SPACE, tag("cite", escape(s.text)), class_="thesis"))
    if s.style == "inventors":
        return join(escape(s.text), _SPACE)
    if s.style == "editors":
        return join(_SPACE, escape(s.text))
    if s.style == "joint":
        return escape(s.text)
    if s.style in ("eprint", "link") and s.link:
        return join(_SPACE, _link(escape(s.text), s.link))
    if s.style == "note":
        return tag("em", escape(s.text), class_="note")
    if s.style == "talk":
        return tag("span", escape(s.text), class_="talk")  # its quotes are the locale's, in the text
    if s.style == "badges":
        return join(_SPACE, tag("span", escape(s.text), class_="label badges"))
    if s.style in _TAGS:
        return tag(_TAGS[s.style], escape(s.text))
    return _text(s)


def _text(s: Span) -> Markup:
    """BibTeX text or cv.yaml's inline Markdown: bold, italic, code, a link; math as its Unicode
    text (`detail` is plain text)."""
    out = tag("code", escape(s.text)) if s.style == "code" else escape(s.text)
    if s.style in ("italic", "bolditalic") or s.style == "math":
        out = tag("i" if s.style == "math" else "em", out)
    if s.style in ("bold", "bolditalic"):
        out = tag("strong", out)
    return _link(out, s.link) if s.link else out


def _link(text: Markup, target: str) -> Markup:
    """A link to a web or mail address; any other scheme (javascript:, data:, file:) prints the text only."""
    if not target.lower().startswith(LINK_SCHEMES):
        return text
    return tag("a", text, href=target)


def line(spans: Line) -> Markup:
    return join(*(span(s) for s in spans))


def render(cv: Enriched) -> str:
    """The whole page of an enriched CV."""
    contacts = []
    if cv.email:
        contacts.append(tag("a", escape(cv.email), href="mailto:" + cv.email))
    if cv.website:
        contacts.append(tag("a", escape(cv.website), href=cv.website))
    for kind, target, text in cv.contacts:
        inner = join(_icon(kind), escape(text))
        contacts.append(tag("a", inner, href=target) if target else tag("span", inner))
    # The separator (the locale's word) goes with the contact after it: a narrow screen stacks
    # the contacts without it (cv.css).
    sep = tag("span", escape(cv.words.separator), class_="sep", aria_hidden="true")
    header = tag("header", tag("h1", escape(cv.name)),
                 tag("p", join(contacts[0], *(tag("span", join(sep, c), class_="item") for c in contacts[1:])),
                     class_="contact")
                 if contacts else _EMPTY)
    head = join(Markup('<meta charset="utf-8">'),
                Markup('<meta name="viewport" content="width=device-width, initial-scale=1">'),
                Markup('<meta name="color-scheme" content="light dark">'),
                Markup(f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">'),
                Markup('<meta name="generator" content="cvgen">'),
                tag("title", escape(cv.title)),
                tag("style", Markup(CSS.read_text(encoding="utf-8") + _accent(cv.design.accent_color))),
                tag("script", json_ld(linked_data(cv)), type="application/ld+json"), sep="\n")
    footer = tag("footer", tag("p", escape(cv.updated), class_="updated")) if cv.updated else None  # last_updated
    # Joined once, at the end: a 20,000-paper page is tens of megabytes, and every wrapping
    # tag around the sections would copy it again.
    chunks = [f'<!DOCTYPE html>\n<html lang="{escape(cv.lang)}">\n<head>\n', head, "\n</head>\n<body>\n", header,
              "\n<main>"]
    for k, section in enumerate(_sections(cv.blocks)):
        chunks += ["\n", section] if k else [section]
    chunks.append("</main>")
    if footer is not None:
        chunks += ["\n", footer]
    chunks.append("\n</body>\n</html>\n")
    return "".join(chunks)


# Inline SVG icons of the contact kinds (nothing is fetched: the CSP forbids it); simple
# outline glyphs drawn in the text colour.
_ICON_PATHS = {
    "phone": "M3 2h3l1.5 4-2 1.5a9 9 0 0 0 5 5L12 10.5l4 1.5v3a1 1 0 0 1-1 1A14 14 0 0 1 2 3a1 1 0 0 1 1-1z",
    "location": "M9 1a5 5 0 0 1 5 5c0 4-5 10-5 10S4 10 4 6a5 5 0 0 1 5-5zm0 3a2 2 0 1 0 0 4 2 2 0 0 0 0-4z",
    "orcid": "M9 1a8 8 0 1 0 0 16A8 8 0 0 0 9 1zM6 5v8M9 7h2a3 3 0 0 1 0 6H9z",
    "scholar": "M9 2L1 7l8 5 8-5zM4 9v4c2 2 8 2 10 0V9",
    "github": "M9 1a8 8 0 0 0-2.5 15.6c.4 0 .5-.2.5-.4v-1.5c-2.2.5-2.7-1-2.7-1-.4-.9-.9-1.2-.9-1.2-.7-.5.1-.5.1-.5"
              ".8.1 1.2.8 1.2.8.7 1.2 1.9.9 2.3.7.1-.5.3-.9.5-1.1-1.8-.2-3.6-.9-3.6-4 0-.9.3-1.6.8-2.1-.1-.2-.4-1 "
              ".1-2.1 0 0 .7-.2 2.2.8a7.5 7.5 0 0 1 4 0c1.5-1 2.2-.8 2.2-.8.4 1.1.2 1.9.1 2.1.5.6.8 1.3.8 2.1 0 3.1-1.9"
              " 3.8-3.6 4 .3.3.6.8.6 1.5v2.2c0 .2.1.5.6.4A8 8 0 0 0 9 1z",
    "linkedin": "M2 2h14v14H2zM5 7v6M5 4.5v.5M8 13V7M8 9.5a2 2 0 0 1 4 0V13",
    "social": "M3 9a6 6 0 1 1 12 0c0 2-1 3-2.5 3S11 11 11 9V6M11 9a2 2 0 1 1-4 0 2 2 0 0 1 4 0",
    "link": "M7.5 10.5l3-3M6 8L4 10a2.5 2.5 0 0 0 3.5 3.5L9.5 11.5M12 10l2-2a2.5 2.5 0 0 0-3.5-3.5L8.5 6.5",
}


def _icon(kind: str) -> Markup:
    path = _ICON_PATHS.get(kind)
    if not path:
        return _EMPTY
    return Markup(f'<svg class="icon" viewBox="0 0 18 18" width="1em" height="1em" aria-hidden="true">'
                  f'<path d="{path}" fill="none" stroke="currentColor" stroke-width="1.4"/></svg> ')


def _accent(color: str | None) -> str:
    """The CV's accent colour (settings.accent_color, six hex digits), as the PDF uses it: as is
    on white and in print; lightened toward white on the dark scheme so it stays readable."""
    if not color or len(color) != 6 or any(c not in "0123456789abcdefABCDEF" for c in color):
        return ""
    return (f"\n:root {{ --accent: #{color}; }}\n"
            f"@media (prefers-color-scheme: dark) {{ :root {{ --accent: color-mix(in srgb, #{color} 40%, #ffffff); }} }}\n"
            f"@media print {{ :root {{ --accent: #{color}; }} }}\n")


def _sections(blocks: tuple[Block, ...]) -> list[Markup]:
    """A titled block opens a <section> with its heading; a titleless one continues it."""
    sections: list[list[Markup]] = []
    anchors: list[str] = []  # the fragments taken so far
    ids: list[str | None] = []  # each section's heading id (None: an untitled first section)
    for block in blocks:
        if block.kind == "raw":
            continue  # the user's own LaTeX: the PDF's only (the pipeline warns)
        if block.title is not None or not sections:
            sections.append([])
            ids.append(_anchor(block.title, anchors) if block.title is not None else None)
        if block.title is not None:
            sections[-1].append(tag("h2", escape(block.title), id=ids[-1]))
        if block.intro:
            sections[-1].append(tag("p", line(block.intro_spans()), class_="intro"))
        sections[-1].append(_body(block))
    return [tag("section", join(*parts, sep="\n"), aria_labelledby=ident) for parts, ident in zip(sections, ids)]


def _anchor(title: str, taken: list[str]) -> str:
    """A readable, stable fragment for a section (`#publications`, `#honors-and-awards`): the
    title's letters and digits in lower case joined by hyphens (any script), numbered when
    two sections share one; appended to `taken`."""
    words = re.findall(r"[^\W_]+", title.casefold())
    slug = "-".join(words)[:60].strip("-") or "section"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.append(candidate)
    return candidate


def _lines(*items: Markup) -> Markup:
    """List items one per line of the source (for people who read or diff the page)."""
    return join(_EMPTY, *items, _EMPTY, sep="\n") if items else _EMPTY  # one copy: "\n<li>..</li>\n...\n"


def _body(block: Block) -> Markup:
    if block.kind == "text":
        return join(*(tag("p", line(p)) for p in block.paragraph_spans()), sep="\n")
    if block.kind == "entries":
        return tag("ul", _lines(*(_dated(e) for e in block.entries if isinstance(e, Entry))), class_="entries")
    if block.kind == "papers":
        parts = []
        for group in block.groups or (None,):
            if group is not None:
                parts.append(tag("h3", escape(group.title), class_="group"))
                if group.intro:
                    parts.append(tag("p", line(group.intro_spans())))
            papers = group.entries if group is not None else block.entries
            parts.append(tag("ol", _lines(*(_paper(p) for p in papers if isinstance(p, Paper))),
                             class_=f"papers bullet-{block.bullet}"))
        if block.summary:
            parts.append(tag("p", escape(block.summary), class_="summary"))
        if block.legend:
            parts.append(tag("p", line(block.legend), class_="legend"))
        return join(*parts, sep="\n")
    if block.kind == "list":
        return tag("ul", _lines(*(tag("li", _item(e)) for e in block.entries if isinstance(e, Entry))),
                   class_=f"items bullet-{block.bullet}")
    if block.kind == "references":
        return tag("ul", _lines(*(_person(r) for r in block.entries if isinstance(r, Person))), class_="references")
    raise TypeError(f"unknown block {block.kind}")


def _dated(e: Entry) -> Markup:
    return tag("li", tag("span", escape(e.when), class_="when"), _SPACE, tag("span", line(e.line), class_="what"))


def _item(e: Entry) -> Markup:
    if not e.sub:
        return line(e.line)
    return join(line(e.line), tag("ul", *(tag("li", line(sub)) for sub in e.sub), class_="sub"))


def _paper(p: Paper) -> Markup:
    parts = [tag("span", escape(p.number), class_="number"), _SPACE] if p.number else []
    label = join(tag("span", escape(p.tag), class_="label tag"), _SPACE) if p.tag else _EMPTY  # styled apart (cv.css)
    parts.append(tag("strong", label, line(p.title), class_="title"))
    parts += [tag("div", line(spans)) for spans in p.lines]
    if p.acceptance:
        parts.append(tag("div", escape(p.acceptance), class_="acceptance"))
    return tag("li", *parts)


def _person(r: Person) -> Markup:
    parts = [tag("strong", escape(r.name))]
    parts += [tag("div", escape(text)) for text in (r.position, r.affiliation) if text]
    if r.email and r.public:  # a referee's address is not published on the web unless the CV says so
        parts.append(tag("div", tag("a", escape(r.email), href="mailto:" + r.email)))
    return tag("li", *parts)


def linked_data(cv: Enriched) -> dict[str, Any]:
    """schema.org: the CV's owner as a `Person`, each paper a `ScholarlyArticle` (a patent a
    `CreativeWork`) whose author list points back to the person."""
    person: dict[str, Any] = {"@type": "Person", "@id": "#person", "name": cv.name}
    if cv.email:
        person["email"] = "mailto:" + cv.email
    if cv.website:
        person["url"] = cv.website
    graph: list[dict[str, Any]] = [person]
    for block in cv.blocks:
        for e in block.entries:
            facts = dict(e.facts) if isinstance(e, Entry) else {}
            if block.section == "experience" and "end" not in facts and "position" in facts and "jobTitle" not in person:
                person["jobTitle"] = facts["position"]
                if "organization" in facts:
                    person["worksFor"] = {"@type": "Organization", "name": facts["organization"]}
            elif block.section == "education" and "institution" in facts:
                person.setdefault("alumniOf", []).append({"@type": "EducationalOrganization",
                                                          "name": facts["institution"]})
            elif isinstance(e, Paper):
                graph.append(_work(e))
    return {"@context": "https://schema.org", "@graph": graph}


def _work(p: Paper) -> dict[str, Any]:
    authors = [{"@id": "#person"} if a.style == "owner" else {"@type": "Person", "name": a.text} for a in p.authors()]
    work: dict[str, Any] = {"@type": "CreativeWork" if p.kind == "patent" else "ScholarlyArticle", "name": p.title_text(),
                            "author": authors, "datePublished": p.date}
    if p.venue_line:
        work["description"] = p.venue_line
    return work
