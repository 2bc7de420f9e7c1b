"""The format-neutral values every backend lays out: blocks of entries, papers and people whose
text is a sequence of `Span`s (plain text, or a role a backend maps to its own markup), each
with its `origin` (`file:line`). Built by `cvgen.enrich.enrich`; no LaTeX, no HTML here."""

from __future__ import annotations

from dataclasses import dataclass, field

from cvgen.model import cv as m
from cvgen.model.words import ENGLISH, Words


@dataclass(frozen=True)
class Design:
    """What the CV's settings ask of the page, as the backends need it (they never read the
    model's Settings): the theme, the engine and the design knobs."""

    theme: str = "classic"
    engine: str = "pdflatex"
    font: str = "latin-modern"
    font_size: int = 10
    accent_color: str | None = None  # "#RRGGBB" or a colour name
    link_color: str | None = None
    margins: str | None = None
    footer: bool = True  # the page footer ("Page 1 of 3")
    label_style: str = "label"  # venue tags and badges: "label" (apart from the title) or "title"

    @classmethod
    def of(cls, s: m.Settings) -> Design:
        return cls(s.theme, s.engine, s.font, s.font_size, s.accent_color, s.link_color, s.margins, s.footer,
                   s.label_style)


@dataclass(frozen=True, slots=True)  # thousands per long CV
class Span:
    """A piece of text; `style` names its role ("" for plain text): position, degree, grade,
    thesis, course, talk, author, owner, joint, badges, inventors, editors, detail (`label` is
    the detail's role: container, pages, ...), eprint; in BibTeX text bold, italic, bolditalic
    and math (`label` is the formula, built from whitelisted tokens by cvgen.bib.math); in
    cv.yaml's inline Markdown (cvgen.enrich.markup) also code."""

    text: str
    style: str = ""
    label: str = ""  # a word that goes with the role ("Thesis:")
    joint: str = ""  # an author's joint-first-author mark (the role "equal" with the locale's symbol, '*'), or ""
    link: str | None = None  # the text links to this address
    marks: str = ""  # an author's other role marks ("†§"); a "mark" span's text is one mark (in a legend)


Line = tuple[Span, ...]
# The user's own values behind an entry, by the model's field names, dates as ISO 8601
# ("2025-03", "2024"): for backends that write data rather than layout (JSON Resume, JSON-LD).
Facts = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Entry:
    """One item of a section: its date column, main line and sub-lines (a talk's other venues)."""

    origin: str
    line: Line
    when: str = ""
    sub: tuple[Line, ...] = ()
    facts: Facts = ()
    sub_facts: tuple[Facts, ...] = ()  # one per sub-line


@dataclass(frozen=True)
class Paper:
    """A publication as printed: tag, title, lines (authors, venue, legend) and acceptance line;
    then its data (ISO date, kind, short venue, venue line, badges); `authors()` lists its authors."""

    origin: str
    tag: str | None
    title: Line
    lines: tuple[Line, ...]
    acceptance: str | None
    date: str = ""
    kind: str = ""
    venue: str | None = None
    venue_line: str | None = None
    badges: tuple[str, ...] = ()
    number: str | None = None  # the printed number ("[J12]", "C-3") when the section numbers its papers
    container: str | None = None  # the journal or proceedings as the entry names it (data outputs)
    figures: tuple[int, int] | None = None  # (submitted, accepted) behind `acceptance`
    url: str | None = None  # the entry's first link (DOI, URL, ...), for data outputs

    def authors(self) -> tuple[Span, ...]:
        """The author spans (style `author` or `owner`), in order."""
        return tuple(s for s in self.lines[0] if s.style in ("author", "owner")) if self.lines else ()

    def title_text(self) -> str:
        """The title as plain text (math as its Unicode text)."""
        return "".join(s.text for s in self.title)


@dataclass(frozen=True)
class Person:
    """A reference."""

    origin: str
    name: str
    position: str
    affiliation: str
    email: str | None
    public: bool = False  # the e-mail may appear in web outputs (settings.publish_referee_contacts)


@dataclass(frozen=True)
class PaperGroup:
    """A titled group of a publications section ("Journal articles (12)")."""

    title: str
    intro: str | None
    entries: tuple[Paper, ...]
    intro_line: Line = ()  # the intro as spans (its inline Markdown styled: cvgen.enrich.markup)

    def intro_spans(self) -> Line:
        """The intro to lay out: its spans, or its text as one plain span."""
        return self.intro_line or ((Span(self.intro),) if self.intro else ())


@dataclass(frozen=True)
class Block:
    """One section: `kind` is text, entries, list, papers, references or raw; `section` is
    cv.yaml's key for it (experience, education, talks, items, teaching, ...)."""

    origin: str
    kind: str
    title: str | None
    intro: str | None
    bullet: str = ""
    paragraphs: tuple[str, ...] = ()
    entries: tuple[Entry | Paper | Person, ...] = ()
    summary: str | None = None
    raw: str | None = None
    section: str = ""
    groups: tuple[PaperGroup, ...] = ()  # a papers block split into titled groups (entries holds them all)
    legend: Line = ()  # the role marks this block's papers use (settings.legend: section or cv)
    # `intro` and `paragraphs` as spans, their inline Markdown styled (cvgen.enrich.markup);
    # `intro` and `paragraphs` keep the text as written (for outputs that carry data).
    intro_line: Line = ()
    paragraph_lines: tuple[Line, ...] = ()

    def intro_spans(self) -> Line:
        """The intro to lay out: its spans, or its text as one plain span."""
        return self.intro_line or ((Span(self.intro),) if self.intro else ())

    def paragraph_spans(self) -> tuple[Line, ...]:
        """The paragraphs to lay out: their spans, or each text as one plain span."""
        return self.paragraph_lines or tuple((Span(p),) for p in self.paragraphs)


@dataclass(frozen=True)
class Enriched:
    """The whole CV, ready for any backend."""

    name: str
    title: str  # the document's title (PDF metadata)
    email: str | None
    website: str | None
    paper: str
    blocks: tuple[Block, ...]
    lang: str = "en"  # the language of the words (BCP 47), for HTML's lang
    words: Words = ENGLISH  # the table the words came from: backends read its footer
    design: Design = field(default_factory=Design)  # theme and design knobs
    contacts: tuple[tuple[str, str | None, str], ...] = ()  # (kind, url or None, text) after e-mail and website
    updated: str | None = None  # "Last updated: March 2025" (settings.last_updated), in the CV's words
