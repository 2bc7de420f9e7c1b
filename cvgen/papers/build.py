"""BibTeX entry -> publication in plain Unicode: names, kind, venue tag, badges, figures.

Nothing here writes LaTeX: BibTeX's own LaTeX is decoded once (cvgen.bib.decode) and the
render stage escapes the result. Author lists are split on the raw value before decoding
(cvgen.bib.names), so `{Barnes and Noble, Inc.}` stays one (corporate) author.

The rules for kinds and tags (README, "Entry types and venue tags"):
- every BibTeX and biblatex type is read; an unknown one (`@articlebold`) warns and reads as @misc;
- the tag is the `venue` field, else `shortjournal`/`shortbooktitle`, else the acronym in
  parentheses in booktitle/journal, else the canonical venue's acronym; never `series`;
- a pre-print is an entry whose only venue is a pre-print server (an arXiv/bioRxiv/SSRN/...
  eprint, or such a journal/howpublished, DBLP's `CoRR` included): tagged `Pre-print. arXiv'24`
  whatever the exporter (the words are the locale's, the server's name its own spelling, see
  `Publication.preprint_server`), its venue text kept in the line under the authors; a
  journal article with an eprint stays a journal paper;
- patents, theses, reports, books, talks, posters, software and data get no venue tag: their
  kind is printed in their line instead.

BibTeX fields cvgen reads besides the standard ones (all optional):
  venue         short venue name for the tag, e.g. `ApSys`
  badges        comma-separated badges, e.g. `Artifact Evaluated, Best Artifact Award`
  badges_after  `authors` to print the badges after the author list (default: last line)
  author+an     biblatex annotations; `2=equal;3=equal` marks joint first authors
  cycle         which submission cycle the paper's acceptance figures are for
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cvgen.bib.entries import BibEntry
from cvgen.bib.kinds import KNOWN_TYPES, Details, archive, classify, details, eprint_url, venue_tag_allowed
from cvgen.core.errors import Problems
from cvgen.model.cv import PublicationSelection
from cvgen.bib.names import OwnerMatcher, parse_name, read_author_list, split_names
from cvgen.papers.extras import highlighted, links_of, parse_roles
from cvgen.papers.fields import check_required, read_month, read_year
from cvgen.model.papers import PaperOverlay
from cvgen.model.words import ENGLISH
from cvgen.bib.decode import Span, decode, decode_text
from cvgen.venues.database import Venue
from cvgen.venues.figures import Figures, VenueDecision, VenueFigures, venue_decision

@dataclass(frozen=True, slots=True)
class Author:
    name: str
    owner: bool = False  # the CV's owner: printed in bold
    joint_first: bool = False  # marked with '*' and explained in a legend line (the role "equal")
    roles: tuple[str, ...] = ()  # author+an roles: equal, corresponding, senior, student, presenting
    others: bool = False  # BibTeX `and others`: printed as "et al."
    written: bool = False  # the whole field, printed as written (which words make one person is not plain)


def shorten_authors(authors: list[Author], limit: int) -> list[Author]:
    """At most `limit` authors and every owner: the first ones, '...' before an owner further
    down, and 'et al.' when any were left out (a 5,000-author paper must not fill pages)."""
    if len(authors) <= limit:
        return authors
    shown = list(authors[:limit])
    last = limit - 1
    for i in range(limit, len(authors)):
        if authors[i].owner:
            if i > last + 1:
                shown.append(Author("...", others=True))
            shown.append(authors[i])
            last = i
    if last < len(authors) - 1:
        shown.append(Author("et al.", others=True))
    return shown


@dataclass(slots=True)  # 20,000 of them: no per-instance __dict__
class Publication:
    key: str
    kind: str  # conference | journal | workshop | preprint | patent | thesis | book | chapter | report | other
    title: str
    authors: list[Author]
    year: int  # 0 when the entry has no year (a status such as forthcoming, or none at all); the first of `2009/10`
    month: int
    tag: str | None  # e.g. "ASPLOS'25"
    venue: str | None  # short venue name used for figures, e.g. "ASPLOS"
    details: Details  # the line under the authors, part by part (see entrykinds.Details)
    badges: list[str] = field(default_factory=list)
    badges_after_authors: bool = False
    figures: Figures | None = None
    resolved: Venue | None = None  # the canonical venue (cvgen.venues.database), for figures and kind
    venue_decision: VenueDecision | None = None  # how the venue was decided, and whether figures may print
    cycle: str | None = None  # BibTeX `cycle`: which submission cycle the figures are for
    file: str = ""
    line: int = 0
    title_spans: tuple[Span, ...] = ()  # the title with its bold/italic/link/math runs
    status: str | None = None  # "forthcoming", "submitted", "under review" when there is no year
    editors: bool = False  # the names are the editors (a book or proceedings with no author)
    link: str | None = None  # a published paper's eprint: its address (arXiv abstract page, ...)
    link_text: str = ""  # ... and how it is shown, e.g. "arXiv:2401.01234"
    sortkey: str = ""  # from \noopsort: orders entries of the same date
    links: list[tuple[str, str]] = field(default_factory=list)  # (field, address): doi, url, eprint, pdf, ...
    note: str | None = None  # cv_note or the overlay's note: a line under the entry
    selected: bool = False  # keywords = {selected}, the CV's 'selected' list or the overlay
    tags: tuple[str, ...] = ()  # for variants: the entry's 'tags' field and the overlay's
    entry_type: str = ""  # the BibTeX type (for groups by type)
    preprint_server: str | None = None  # a pre-print's tag is the locale's words with this ('' unnamed)
    keywords: frozenset[str] = frozenset()  # casefolded (for groups by keyword)
    undated: bool = False  # no year and no status: sorts after the dated entries of its section

    @property
    def venue_line(self) -> str | None:
        """The line under the authors as English text, e.g. "In proceedings of ... (OSDI), 2024."
        (for messages and reports; the PDF takes its words from enrich's locale)."""
        from cvgen.model.words import ENGLISH

        return ENGLISH.details_text(self.details.parts, patent=self.kind == "patent")

    @property
    def joint_first(self) -> bool:
        return any(a.joint_first for a in self.authors)

    @property
    def roles(self) -> set[str]:
        """Every role marked on any author."""
        return {r for a in self.authors for r in a.roles}


def select(entries: dict[str, BibEntry], selection: PublicationSelection) -> list[BibEntry]:
    """The entries a section lists, in the order given (keys) or the file's order."""
    if selection.keys is not None:
        chosen = [entries[k] for k in selection.keys if k in entries]
    else:
        chosen = list(entries.values())
    if selection.types is not None:
        types = {t.lower() for t in selection.types}
        chosen = [e for e in chosen if e.type in types]
    if selection.keyword is not None:
        wanted = selection.keyword.casefold()
        chosen = [e for e in chosen
                  if wanted in {k.strip().casefold() for k in e.text("keywords").split(",")}]
    return chosen


def sort_newest_first(pubs: list[Publication]) -> list[Publication]:
    """Forthcoming first, then newest year (then month when given), entries without a year
    last; `\\noopsort` keys order entries of one date; other ties keep the listed order."""
    return sorted(pubs, key=lambda p: (p.undated, -(p.year or 10000), -p.month, p.sortkey))


def build_publication(entry: BibEntry, owners: list[str], figures: VenueFigures, acceptance: bool,
                      problems: Problems) -> Publication | None:
    """Turn one BibTeX entry into a publication; problems are reported at their line."""
    start = len(problems.items)
    check_required(entry, problems)
    if entry.type not in KNOWN_TYPES:
        problems.warn(entry.file, entry.line, 1,
                      f"entry '{entry.key}' has type @{entry.type}, which is not a BibTeX or biblatex type; "
                      "it prints as @misc; use @inproceedings, @article, @misc, @book, @phdthesis, ...")
    year, year_text, status = read_year(entry, problems)
    date = re.fullmatch(r"([0-9]{4})-([0-9]{2})(?:-[0-9]{2})?(?:/.*)?", entry.text("date"))
    month = read_month(entry, problems)
    if not month and date and 1 <= int(date.group(2)) <= 12 and "year" not in entry.fields:
        month = int(date.group(2))
    kind = classify(entry)
    authors, editors = _authors(entry, OwnerMatcher.of(owners), problems)
    venue = _short_venue(entry) if venue_tag_allowed(kind) else None
    title = entry.decoded("title")
    parts = details(entry, kind, year, status).parts
    if year_text != str(year):  # `2009/10` printed as written (kinds.details knows the number only)
        parts = tuple((role, year_text if role == "date" and text == str(year) else text) for role, text in parts)
    pub = Publication(
        key=entry.key, kind=kind, title=title.text, authors=authors,
        year=year, month=month, tag=_tag(entry, kind, venue, year), venue=venue,
        details=Details(parts), undated=not year and status is None,
        badges=[b.strip() for b in entry.text("badges").split(",") if b.strip()],
        badges_after_authors=entry.fields.get("badges_after", "").strip().lower() == "authors",
        file=entry.file, line=entry.line, title_spans=title.spans, status=status if not year else None,
        editors=editors, preprint_server=_preprint_server(entry, kind),
        sortkey="".join(entry.decoded(n).sortkey for n in ("year", "title", "author")),
    )
    if kind != "preprint" and (eprint := eprint_url(entry)):  # a pre-print's own tag already says it
        pub.link, pub.link_text = eprint
    decision = pub.venue_decision = _canonical_venue(entry, kind, venue, year)
    pub.resolved = decision.venue if decision else None
    if pub.tag is None and pub.resolved is not None and venue_tag_allowed(kind):
        pub.tag = _tag(entry, kind, pub.resolved.acronym, year)  # e.g. a DBLP booktitle without '(ACRONYM)'
    pub.cycle = entry.text("cycle") or None
    named = pub.resolved or (decision.host if decision else None)  # a track names its host
    if acceptance and year and (named.kind if named else kind) == "conference" \
            and kind == "conference" and (venue or named):
        if decision is None or decision.figures_allowed:
            pub.figures = figures.lookup(venue, pub.resolved.acronym if pub.resolved else None, year, pub.cycle)
        elif (own := _own_figures(decision, venue, year, pub.cycle, figures)) is not None:
            pub.figures = own
        else:
            _warn_uncertain_figures(entry, decision, venue, year, pub.cycle, figures, problems)
    problems.mark_in_entry(start)
    return pub


def _own_figures(decision: VenueDecision, venue: str | None, year: int, cycle: str | None,
                 figures: VenueFigures) -> Figures | None:
    """The CV's own figures (venues.yaml) for a venue the shipped database does not know, or for
    a track the CV keeps figures of under its own name ('SOT', 'CHI EA'): the user's counts are
    theirs to print. Never the host's figures for a track, never for a year in doubt."""
    if not venue or decision.status not in ("unresolved", "track"):
        return None
    if decision.host is not None and venue.casefold() == decision.host.acronym.casefold():
        return None  # 'venue = {CHI}' on a CHI Extended Abstracts entry: still a track of CHI
    return figures.from_cv(venue, None, year, cycle)


def _warn_uncertain_figures(entry: BibEntry, decision: VenueDecision, venue: str | None, year: int,
                            cycle: str | None, figures: VenueFigures, problems: Problems) -> None:
    """No figures for a track or a year in doubt: say so where figures would otherwise print."""
    field = "booktitle" if "booktitle" in entry.fields else "journal"
    if decision.status == "year":
        problems.warn(entry.file, entry.where(field), 1,
                      f"entry '{entry.key}': {decision.detail}; which is right is unknown, so no acceptance "
                      f"figures are printed; correct the {field} or the year")
    elif decision.host and figures.lookup(venue, decision.host.acronym, year, cycle):
        fix = next((w for w in ("title", "note") if f"in the {w}" in decision.detail), field)
        problems.warn(entry.file, entry.where(field), 1,
                      f"entry '{entry.key}' is a track of {decision.host.acronym} ({decision.detail}), so "
                      f"{decision.host.acronym}'s acceptance figures are not printed for it; if it is a main-track "
                      f"paper, correct its {fix}")


def _short_venue(entry: BibEntry) -> str | None:
    """The tag's venue: explicit short names, else '(ACRONYM)' in booktitle/journal. Never `series`."""
    for name in ("venue", "shortjournal", "shortbooktitle", "journalabbrev"):
        if text := entry.text(name):
            return text
    container = entry.fields.get("booktitle") or entry.fields.get("journal") or ""
    if m := re.search(r"\(([A-Z][A-Za-z0-9&+\-/]*[A-Za-z0-9])(?:\s*['’]?\d{2,4})?\)", decode_text(container)):
        return m.group(1)
    return None


def _canonical_venue(entry: BibEntry, kind: str, short: str | None, year: int) -> VenueDecision | None:
    """The canonical venue (for figures and kind), separate from the printed tag: the `venue`
    field if given, else the booktitle / journal, else the short names or the archive."""
    if not venue_tag_allowed(kind) and kind != "preprint":
        return None
    f = entry.fields
    container = f.get("booktitle") or f.get("journal") or ""
    return venue_decision(entry.text("venue") if entry.text("venue") else None, decode_text(container),
                          (short, entry.text("series"), archive(entry) if kind == "preprint" else None),
                          year or None, title=entry.text("title"), note=entry.text("note") or None,
                          series=entry.text("series") or None, number=entry.text("number") or None,
                          eventtitle=entry.text("eventtitle") or None)


def _preprint_server(entry: BibEntry, kind: str) -> str | None:
    """The server a pre-print's tag names ('' when none is named); None when the tag is another."""
    if kind != "preprint" or entry.text("venue"):
        return None
    return archive(entry) or ""


def _tag(entry: BibEntry, kind: str, venue: str | None, year: int) -> str | None:
    """The tag in English (messages and reports; enrich words a pre-print's in the CV's locale)."""
    if (server := _preprint_server(entry, kind)) is not None:
        return ENGLISH.preprint_tag(server, year)
    yy = f"'{year % 100:02d}" if year else ""
    return f"{venue}{yy}" if venue and venue_tag_allowed(kind) else None


def _authors(entry: BibEntry, owner: OwnerMatcher, problems: Problems) -> tuple[list[Author], bool]:
    """The author list (or, for a book with none, the editors: the second value says so)."""
    field_name = "author" if entry.text("author") else "editor"
    raw = entry.fields.get(field_name, "")
    if not decode_text(raw):  # no author line at all (warned by check_required)
        return [], False
    reading = read_author_list(raw)
    if reading.note and len(reading.names) == 1 and reading.as_written:  # one comma list, not plain
        problems.warn(entry.file, entry.where(field_name), 1,
                      f"the {field_name}s of entry '{entry.key}' are separated by commas, not 'and', and it is not "
                      "plain which words make one person; they print as written; separate the names with 'and'")
        return [Author(decode_text(raw), written=True)], field_name == "editor"
    if reading.note.startswith("read as"):  # a comma list with one reading
        problems.warn(entry.file, entry.where(field_name), 1,
                      f"the {field_name}s of entry '{entry.key}' are separated by commas, not 'and'; they are "
                      f"{reading.note}; separate the names with 'and'")
    elif reading.note:  # one name among the `and`s has extra commas
        problems.warn(entry.file, entry.where(field_name), 1, f"the {field_name}s of entry '{entry.key}': {reading.note}")
    names = [parse_name(n) if i not in reading.as_written else None for i, n in enumerate(reading.names)]
    roles = parse_roles(entry.fields.get("author+an", ""), len(names), entry, problems) if field_name == "author" \
        else {}
    marked = highlighted(entry.fields.get("author+an", "")) if field_name == "author" else set()
    authors = []
    for i, name in enumerate(names, start=1):
        if name is None:  # this name prints as written (see read_author_list)
            authors.append(Author(decode_text(reading.names[i - 1]), written=True))
        elif name.others:
            authors.append(Author("et al.", others=True))
        else:
            # a name the .bib itself sets in bold (`\textbf{Allesina, S.}`) is its owner's way of marking it
            authors.append(Author(name.display, owner=name.bold or i in marked or owner.matches(name),
                                  joint_first="equal" in roles.get(i, ()), roles=roles.get(i, ())))
    return authors, field_name == "editor"


def apply_extras(pub: Publication, entry: BibEntry, overlay: PaperOverlay | None, selected: set[str],
                 problems: Problems) -> Publication:
    """The publication with its overlay's roles, links, note, tags and selection."""
    authors = pub.authors
    if overlay and overlay.marks and not pub.editors:
        extra = parse_roles(overlay.marks, len(authors), entry, problems, where=f"the 'marks' of papers.{entry.key}")
        authors = [replace(a, roles=tuple(dict.fromkeys(a.roles + extra.get(i, ())))) if i in extra else a
                   for i, a in enumerate(authors, start=1)]
        authors = [replace(a, joint_first="equal" in a.roles) for a in authors]
    keywords = {k.strip().casefold() for k in entry.text("keywords").split(",")}
    tags = [t.strip() for t in re.split(r"[,;]", entry.text("tags")) if t.strip()]
    note = (overlay.note if overlay else None) or entry.text("cv_note").strip() or None
    return replace(pub, authors=authors, links=links_of(entry, overlay), note=note,
                   selected=entry.key in selected or "selected" in keywords or bool(overlay and overlay.selected),
                   tags=tuple(dict.fromkeys(tags + list(overlay.tags or []) if overlay else tags)),
                   entry_type=entry.type, keywords=frozenset(keywords - {""}))
