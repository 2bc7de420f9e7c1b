"""Enrich: the checked CV -> format-neutral values, every word the reader sees decided.

Each section becomes a `Block` of entries whose text is a sequence of `Span`s: plain text or
a role (a position, an author, a badge ...) that a renderer maps to its own markup. Dates,
joining words, labels and legends come from a `words.Words` table, so a renderer (LaTeX today,
HTML or Markdown next) only chooses macros or tags and escapes. Where each entry came from
(`file:line` of its YAML entry or BibTeX key) travels on the entry as `origin`.
No LaTeX, no HTML here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import model as m
from .publications import Publication
from .sources import YamlDoc
from .venues import format_acceptance, publication_summary
from .words import ENGLISH, Words, sentence


@dataclass(frozen=True)
class Span:
    """A piece of text; `style` names its role ("" for plain text): position, degree, grade,
    thesis, course, talk, author, owner, joint, badges, inventors."""

    text: str
    style: str = ""
    label: str = ""  # a word that goes with the role ("Thesis:")
    joint: bool = False  # an author marked as a joint first author


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Entry:
    """One item of a section: its date column, main line and sub-lines (a talk's other venues)."""

    origin: str
    line: Line
    when: str = ""
    sub: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Paper:
    """A publication as printed: tag, title, lines (authors, venue, legend) and acceptance line."""

    origin: str
    tag: str | None
    title: str
    lines: tuple[Line, ...]
    acceptance: str | None


@dataclass(frozen=True)
class Person:
    """A reference."""

    origin: str
    name: str
    position: str
    affiliation: str
    email: str | None


@dataclass(frozen=True)
class Block:
    """One section: `kind` is text, entries, list, papers, references or raw."""

    origin: str
    kind: str
    title: str | None
    intro: str | None
    bullet: str = ""
    paragraphs: tuple[str, ...] = ()
    entries: tuple[Entry | Paper | Person, ...] = ()
    summary: str | None = None
    raw: str | None = None


@dataclass(frozen=True)
class Enriched:
    """The whole CV, ready for any backend."""

    name: str
    title: str  # the document's title (PDF metadata)
    email: str | None
    website: str | None
    paper: str
    blocks: tuple[Block, ...]


def enrich(cv: m.CV, doc: YamlDoc, publications: list[list[Publication] | None], words: Words = ENGLISH) -> Enriched:
    """`publications[i]` is section i's list of publications (None for other kinds)."""
    blocks = []
    for i, (section, pubs) in enumerate(zip(cv.sections, publications)):
        def where(*path: str | int, i: int = i) -> str:
            return f"{doc.file}:{doc.where(('sections', i, *path))[0]}"
        block = _block(cv, section, pubs, where, words)
        if block is not None:
            blocks.append(block)
    return Enriched(cv.name, words.document_title.format(name=cv.name), cv.email, cv.website, cv.settings.paper,
                    tuple(blocks))


def _block(cv: m.CV, s: m.Section, pubs: list[Publication] | None, where, words: Words) -> Block | None:  # noqa: ANN001
    def block(kind: str, bullet: str = "", **values) -> Block:  # noqa: ANN003
        return Block(where(), kind, s.title, s.intro, bullet, **values)

    if isinstance(s, m.TextSection):
        return block("text", paragraphs=tuple(p for p in re.split(r"\n\s*\n", s.text) if p.strip()))
    if isinstance(s, m.ExperienceSection):
        return block("entries", entries=tuple(
            Entry(where("experience", j), _position(e), _when(e, words)) for j, e in enumerate(s.experience)))
    if isinstance(s, m.EducationSection):
        return block("entries", entries=tuple(
            Entry(where("education", j), _degree(e, words), _when(e, words)) for j, e in enumerate(s.education)))
    if isinstance(s, m.PublicationsSection):
        assert pubs is not None
        if not pubs:
            return None  # a publications section that selects nothing (check warned about it)
        bullet = s.bullet or ("diamond" if all(p.kind == "patent" for p in pubs) else "fourdiamond")
        summary = publication_summary(pubs, words) if s.publications.summary else None
        papers = tuple(_paper(cv, p, words) for p in pubs)
        return block("papers", bullet, entries=papers, summary=summary)
    if isinstance(s, m.TalksSection):
        return block("list", s.bullet or "asterisk", entries=tuple(
            _talk(where("talks", j), talk, words) for j, talk in enumerate(s.talks)))
    if isinstance(s, m.ItemsSection):
        return block("list", s.bullet or "diamond", entries=tuple(
            Entry(where("items", j), (Span(item),)) for j, item in enumerate(s.items)))
    if isinstance(s, m.TeachingSection):
        return block("list", s.bullet or "bullet", entries=tuple(
            Entry(where("teaching", j), _course(c)) for j, c in enumerate(s.teaching)))
    if isinstance(s, m.ReferencesSection):
        return block("references", entries=tuple(
            Person(where("references", j), r.name, r.position or "", r.affiliation or "", r.email)
            for j, r in enumerate(s.references)))
    if isinstance(s, m.RawLatexSection):
        return block("raw", raw=s.raw_latex)
    raise TypeError(f"unknown section {type(s).__name__}")


def _when(e: m.Dated, words: Words) -> str:
    start = (e.start.year, e.start.month)
    return words.date_range(start, (e.end.year, e.end.month) if e.end else None)


def _position(e: m.Experience) -> Line:
    spans = [Span(sentence(e.position), "position")]
    if e.organization:
        spans.append(Span(" " + sentence(e.organization)))
    if e.details:
        spans.append(Span(" " + e.details))
    return tuple(spans)


def _degree(e: m.Education, words: Words) -> Line:
    spans = [Span(e.degree, "degree"), Span(", " + sentence(e.institution))]
    if e.grade:
        spans += [Span(" "), Span(e.grade, "grade")]
    if e.thesis:
        spans.append(Span(e.thesis, "thesis", words.thesis))
    return tuple(spans)


def _paper(cv: m.CV, p: Publication, words: Words) -> Paper:
    authors: list[Span] = [Span(words.inventors, "inventors")] if p.kind == "patent" else []
    for k, a in enumerate(p.authors):
        if k:
            authors.append(Span(", "))
        authors.append(Span(a.name, "owner" if a.owner else "author", joint=a.joint_first))
    lines: list[list[Span]] = [authors]
    if p.venue_line:
        lines.append([Span(p.venue_line)])
    if p.joint_first:
        lines.append([Span("", "joint"), Span(words.joint_first)])
    if p.badges:
        lines[0 if p.badges_after_authors else -1].append(Span(", ".join(p.badges), "badges"))
    acceptance = format_acceptance(p.figures, cv.settings.acceptance_format, words) if p.figures else None
    return Paper(f"{p.file}:{p.line} (entry '{p.key}')", p.tag, p.title, tuple(tuple(line) for line in lines),
                 acceptance)


def _talk(origin: str, talk: m.Talk, words: Words) -> Entry:
    line = [Span(talk.title, "talk")]
    if talk.at or talk.date:
        line.append(Span(words.at + sentence(_place(talk.at, talk.date, talk.note, words))))
    sub = tuple((Span(sentence(_place(v.at, v.date, v.note, words))),) for v in talk.venues or [])
    return Entry(origin, tuple(line), sub=sub)


def _place(at: str | None, when: m.Month | None, note: str | None, words: Words) -> str:
    text = ", ".join(x for x in (at, words.long_date(when.year, when.month) if when else None) if x)
    return f"{text} ({note})" if note else text


def _course(c: m.Course) -> Line:
    spans = [Span(c.course, "course")]
    if c.role:
        spans.append(Span(", " + c.role))
    if c.term:
        spans.append(Span(" (" + c.term + ")"))
    if c.details:
        spans.append(Span(". " + c.details))
    return tuple(spans)
