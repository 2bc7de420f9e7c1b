"""Enrich: the checked CV -> format-neutral values, every word the reader sees decided.

Each section becomes a `Block` of entries whose text is a sequence of `Span`s (the value
types are in `cvgen.enrich.values`): plain text or a role (a position, an author, a badge ...)
that a renderer maps to its own markup. Dates,
joining words, labels and legends come from a `words.Words` table, so a renderer (LaTeX today,
HTML or Markdown next) only chooses macros or tags and escapes. Where each entry came from
(`file:line` of its YAML entry or BibTeX key) travels on the entry as `origin`.
No LaTeX, no HTML here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cvgen.model import cv as m
from cvgen.papers.groups import groups
from cvgen.papers.build import Author, Publication
from cvgen.model.papers import ROLES
from cvgen.bib.decode import Span as TextSpan
from cvgen.venues.figures import format_acceptance, publication_summary
from cvgen.enrich.updated import updated_month
from cvgen.enrich.markup import parse, with_prefix
from cvgen.model.contact import contact_links
from cvgen.core.sources import NOWHERE
from cvgen.model.schema import given
from cvgen.model.words import Words, sentence, words_for
from cvgen.enrich.values import Block, Design, Enriched, Entry, Facts, Line, Paper, PaperGroup, Person, Span


def enrich(cv: m.CV, publications: list[list[Publication] | None], words: Words | None = None,
           dropped: frozenset[int] = frozenset(), dropped_items: frozenset[tuple[int, int]] = frozenset()) -> Enriched:
    """`publications[i]` is section i's list of publications (None for other kinds); the words
    are the CV's locale with its overrides unless given. Sections whose index is in `dropped`,
    and entries (section, entry) in `dropped_items` (a variant left them out), are not printed."""
    if words is None:
        s = cv.settings
        words = words_for(s.locale, s.date_format, given(s.words) if s.words else None, s.preprint_servers,
                          s.talk_date_format, s.capitalize_venues)
    blocks = []
    for i, (section, pubs) in enumerate(zip(cv.sections, publications)):
        block = _block(cv, section, pubs, words) if i not in dropped else None
        if block is not None and block.kind != "papers" and any(k == i for k, _ in dropped_items):
            kept = tuple(e for j, e in enumerate(block.entries) if (i, j) not in dropped_items)
            block = replace(block, entries=kept) if kept else None  # a section the variant empties goes
        if block is not None:
            blocks.append(block)
    if cv.settings.legend == "cv":  # one legend, after the last publications section that has one
        used = {r for pubs in publications for p in pubs or [] for r in p.roles}
        last = max((k for k, b in enumerate(blocks) if b.kind == "papers"), default=None)
        if used and last is not None:
            blocks[last] = replace(blocks[last], legend=_legend(cv, used, words))
    return Enriched(cv.name, words.document_title.format(name=cv.name), cv.email, cv.website, cv.settings.paper,
                    ordered(tuple(blocks), cv.settings.section_order), words.lang, words, Design.of(cv.settings),
                    contact_links(cv), _updated_line(cv.settings.last_updated, _file(cv), words))


def _file(cv: m.CV) -> str:
    """The CV file (its `last_updated: auto` reads the file's date)."""
    return (cv.origin or NOWHERE).file


def _updated_line(setting: str | None, cv_file: str, words: Words) -> str | None:
    """settings.last_updated in the locale's words; None when the CV asks for no line."""
    month = updated_month(setting, cv_file)
    return words.updated(*month) if month else None


def ordered(blocks: tuple[Block, ...], order: list[str] | None) -> tuple[Block, ...]:
    """settings.section_order: the named sections first, in that order, each with the titleless
    sections that continue it; the others after them as written."""
    if not order:
        return blocks
    groups: list[list[Block]] = []
    for b in blocks:
        if b.title is None and groups:
            groups[-1].append(b)
        else:
            groups.append([b])
    rank = {title: i for i, title in enumerate(order)}
    groups.sort(key=lambda g: rank.get(g[0].title or "", len(rank)))  # stable: the rest keep their order
    return tuple(b for g in groups for b in g)


def _block(cv: m.CV, s: m.Section, pubs: list[Publication] | None, words: Words) -> Block | None:
    def where(*below: str | int) -> str:
        """`file:line` of the section, or of an entry in it (each output's origin comments)."""
        return (s.origin or NOWHERE).line(*below)

    def block(kind: str, bullet: str = "", **values) -> Block:  # noqa: ANN003
        return Block(where(), kind, s.title, s.intro, bullet, section=_section_key(s), intro_line=_rich(s.intro),
                     **values)

    if isinstance(s, m.TextSection):
        paragraphs = tuple(p for p in re.split(r"\n\s*\n", s.text) if p.strip())
        return block("text", paragraphs=paragraphs, paragraph_lines=tuple(parse(p).spans for p in paragraphs))
    if isinstance(s, m.ExperienceSection):
        return block("entries", entries=tuple(
            Entry(where("experience", j), _position(e), _when(e, words), facts=_facts(e))
            for j, e in enumerate(s.experience)))
    if isinstance(s, m.EducationSection):
        return block("entries", entries=tuple(
            Entry(where("education", j), _degree(e, words), _when(e, words), facts=_facts(e))
            for j, e in enumerate(s.education)))
    if isinstance(s, m.PublicationsSection):
        assert pubs is not None
        if not pubs:
            return None  # a publications section that selects nothing (check warned about it)
        numbered = s.publications.numbering != "none"
        bullet = s.bullet or ("none" if numbered else "default")  # the theme's one bullet
        summary = publication_summary(pubs, words) if s.publications.summary else None
        split = groups(pubs, s.publications, words)
        made = [tuple(_paper(cv, p, words, label) for p, label in zip(g.papers, g.labels)) for g in split]
        papers = tuple(paper for group in made for paper in group)
        titled = tuple(PaperGroup(g.title, g.intro, group, _rich(g.intro))
                       for g, group in zip(split, made) if g.title is not None)
        count = str(len(papers))
        used = {r for p in pubs for r in p.roles} if cv.settings.legend == "section" else set()
        intro = s.intro.replace("{count}", count) if s.intro else None
        return Block(where(), "papers", s.title.replace("{count}", count) if s.title else None,
                     intro, bullet, entries=papers, intro_line=_rich(intro),
                     summary=summary, section=_section_key(s), groups=titled,
                     legend=_legend(cv, used, words) if used else ())
    if isinstance(s, m.TalksSection):
        return block("list", s.bullet or "default", entries=tuple(
            _talk(where("talks", j), talk, words) for j, talk in enumerate(s.talks)))
    if isinstance(s, m.ItemsSection):
        return block("list", s.bullet or "default", entries=tuple(
            Entry(where("items", j), parse(item).spans, facts=(("item", item),)) for j, item in enumerate(s.items)))
    if isinstance(s, m.TeachingSection):
        return block("list", s.bullet or "default", entries=tuple(
            Entry(where("teaching", j), _course(c), facts=_facts(c)) for j, c in enumerate(s.teaching)))
    if isinstance(s, m.ReferencesSection):
        return block("references", entries=tuple(
            Person(where("references", j), r.name, r.position or "", r.affiliation or "", r.email,
                   cv.settings.publish_referee_contacts)
            for j, r in enumerate(s.references)))
    if isinstance(s, m.RawLatexSection):
        return block("raw", raw=s.raw_latex)
    raise TypeError(f"unknown section {type(s).__name__}")


def _rich(text: str | None) -> Line:
    """A free-text field's spans, its inline Markdown styled; none for no text."""
    return parse(text).spans if text else ()


def _section_key(s: m.Section) -> str:
    return next(key for key, kind in m.SECTION_KINDS.items() if type(s) is kind)


def _facts(record: object) -> Facts:
    """The record's set fields in declaration order, dates as ISO 8601, lists left out."""
    facts = []
    for name in getattr(record, "__dataclass_fields__", {}):
        value = getattr(record, name)
        if isinstance(value, m.Month):
            facts.append((name, iso_date(value.year, value.month)))
        elif isinstance(value, str):
            facts.append((name, value))
    return tuple(facts)


def iso_date(year: int, month: int) -> str:
    """2025-03, or 2025 when the month is unknown."""
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def _when(e: m.Dated, words: Words) -> str:
    start = (e.start.year, e.start.month)
    return words.date_range(start, (e.end.year, e.end.month) if e.end else None)


def _position(e: m.Experience) -> Line:
    spans = [Span(sentence(e.position), "position")]
    if e.organization:
        spans.append(Span(" " + sentence(e.organization)))
    if e.details:
        spans.extend(with_prefix(" ", parse(e.details).spans))
    return tuple(spans)


def _degree(e: m.Education, words: Words) -> Line:
    spans = [Span(e.degree, "degree"), Span(", " + sentence(e.institution))]
    if e.grade:
        spans += [Span(" "), Span(e.grade, "grade")]
    if e.thesis:
        spans.append(Span(e.thesis, "thesis", words.thesis))
    return tuple(spans)


def _symbol(cv: m.CV, role: str, words: Words) -> str:
    mark = (cv.settings.marks or {}).get(role)
    return (mark.symbol if mark and mark.symbol else None) or words.role_symbols[role]


def _is_joint(cv: m.CV, words: Words) -> bool:
    """The equal role keeps the `joint` flag and span (every backend's '*') unless the CV sets its own mark."""
    return _symbol(cv, "equal", words) == words.role_symbols["equal"]


def _legend(cv: m.CV, used: set[str], words: Words) -> Line:
    """One line explaining the marks `used`, in the order of pubmodel.ROLES."""
    spans: list[Span] = []
    for role in ROLES:
        if role not in used:
            continue
        mark = (cv.settings.marks or {}).get(role)
        text = (" " + mark.legend if mark and mark.legend else None) or \
            (words.joint_first if role == "equal" else " " + words.role_legends[role])
        if spans:
            spans.append(Span(" "))
        spans.append(Span(words.role_symbols["equal"], "joint") if role == "equal" and _is_joint(cv, words)
                     else Span(_symbol(cv, role, words), "mark"))
        spans.append(Span(text))
    return tuple(spans)


def _author(cv: m.CV, a: Author, words: Words) -> Span:
    joint = words.role_symbols["equal"] if "equal" in a.roles and _is_joint(cv, words) else ""
    marks = "".join(_symbol(cv, r, words) for r in ROLES if r in a.roles and not (r == "equal" and joint))
    return Span(a.name, "owner" if a.owner else "author", label="as written" if a.written else "", joint=joint,
                marks=marks)


def _links(cv: m.CV, p: Publication, words: Words) -> list[Span]:
    """"[DOI] [PDF] [Code]": each link's label, linked (none when settings.links is false; a
    published paper's eprint is already linked by its id)."""
    if not cv.settings.links:
        return []
    return [Span(words.link_format.format(words.link_labels[name]), "link", name, link=target)
            for name, target in p.links if not (name == "eprint" and p.link)]


def _paper(cv: m.CV, p: Publication, words: Words, number: str | None = None) -> Paper:
    authors: list[Span] = [Span(words.inventors, "inventors")] if p.kind == "patent" else []
    for k, a in enumerate(p.authors):
        if k:
            authors.append(Span(", "))
        authors.append(_author(cv, a, words))
    if p.editors:
        authors.append(Span(words.editors, "editors"))
    lines: list[list[Span]] = [authors]
    details = _details(p, words)
    printed_details = "".join(s.text for s in details) or None  # where it appeared, in the CV's words
    if details:
        lines.append(details)
    links = ([Span(p.link_text, "eprint", link=p.link)] if p.link else []) + _links(cv, p, words)
    if links:  # a published paper's pre-print and the links: after the details, or on a line of their own
        if details:
            details.extend(links)
        else:
            lines.append(links)
    if p.roles and cv.settings.legend == "entry":
        lines.append(list(_legend(cv, p.roles, words)))
    if p.badges:
        lines[0 if p.badges_after_authors else -1].append(Span(words.label.format(label=", ".join(p.badges)), "badges"))
    if p.note:
        lines.append([Span(p.note, "note")])
    acceptance = format_acceptance(p.figures, cv.settings.acceptance_format, words) if p.figures else None
    title = tuple(_text_span(s) for s in p.title_spans) if p.title_spans else (Span(p.title),)
    tag = words.preprint_tag(p.preprint_server, p.year) if p.preprint_server is not None else p.tag
    tag = words.label.format(label=tag) if tag else None
    return Paper(f"{p.file}:{p.line} (entry '{p.key}')", tag, title, tuple(tuple(line) for line in lines),
                 acceptance, iso_date(p.year, p.month), p.kind, p.venue, printed_details, tuple(p.badges), number,
                 dict(p.details.parts).get("container"), (p.figures.submitted, p.figures.accepted) if acceptance
                 and p.figures else None, p.links[0][1] if p.links else (p.link or None))


def _details(p: Publication, words: Words) -> list[Span]:
    """Where it appeared: each standard field in the locale's words, joined, with a full stop."""
    parts = words.details_parts(p.details.parts)
    if not parts:
        return []
    spans: list[Span] = []
    for k, (role, text) in enumerate(parts):
        if k:
            spans.append(Span(words.detail_separator))
        spans.append(Span(text, "detail", role))
    if p.kind != "patent" and not parts[-1][1].endswith((".", "!", "?")):
        spans.append(Span(words.detail_end))
    return spans


def _text_span(s: TextSpan) -> Span:
    """A run of decoded BibTeX text (cvgen.bib.decode) as a span of this stage."""
    if s.math is not None:
        return Span(s.text, "math", s.math, link=s.link)
    style = "bolditalic" if s.bold and s.italic else "bold" if s.bold else "italic" if s.italic else ""
    return Span(s.text, style, link=s.link)


def _talk(origin: str, talk: m.Talk, words: Words) -> Entry:
    line = [Span(words.quote_open + talk.title + words.quote_close, "talk")]  # the quotes are words
    if talk.at or talk.date:
        line.append(Span(words.at + sentence(_place(talk.at, talk.date, talk.note, words))))
    sub = tuple((Span(sentence(_place(v.at, v.date, v.note, words))),) for v in talk.venues or [])
    return Entry(origin, tuple(line), sub=sub, facts=_facts(talk), sub_facts=tuple(_facts(v) for v in talk.venues or []))


def _place(at: str | None, when: m.Month | None, note: str | None, words: Words) -> str:
    text = ", ".join(x for x in (at, words.talk_date(when.year, when.month) if when else None) if x)
    return f"{text} ({note})" if note else text


def _course(c: m.Course) -> Line:
    spans = [Span(c.course, "course")]
    if c.role:
        spans.append(Span(", " + c.role))
    if c.term:
        spans.append(Span(" (" + c.term + ")"))
    if c.details:
        spans.extend(with_prefix(". ", parse(c.details).spans))
    return tuple(spans)
