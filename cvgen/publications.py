"""BibTeX entry -> publication in plain Unicode: names, roles, venue tag, badges, figures.

Nothing here writes LaTeX: BibTeX's own LaTeX (accents, `--`, braces) is decoded to Unicode
once, and the render stage escapes the result. Author lists are split on the raw value
before decoding, so `{Barnes and Noble, Inc.}` stays one (corporate) author.

BibTeX fields cvgen reads besides the standard ones (all optional):
  venue         short venue name for the tag, e.g. `ApSys` (else: shortjournal, the
                acronym in parentheses in booktitle/journal, or the ACM-style series)
  badges        comma-separated badges, e.g. `Artifact Evaluated, Best Artifact Award`
  badges_after  `authors` to print the badges after the author list (default: last line)
  author+an     biblatex annotations; `2=equal;3=equal` marks joint first authors
  cycle         which submission cycle the paper's acceptance figures are for
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import Problems
from .model import PublicationSelection
from .bibtex import BibEntry
from .venue_db import Venue
from .venues import Figures, VenueFigures, resolve_venue

CONFERENCE_TYPES = {"inproceedings", "conference", "proceedings"}
JOURNAL_TYPES = {"article"}
PREPRINT_TYPES = {"misc", "unpublished", "online", "techreport", "preprint"}
PATENT_TYPES = {"patent"}
KNOWN_TYPES = CONFERENCE_TYPES | JOURNAL_TYPES | PREPRINT_TYPES | PATENT_TYPES | {
    "book", "inbook", "incollection", "phdthesis", "mastersthesis", "thesis", "report"}
REQUIRED = {"title": "the title", "author": "the author list", "year": "the year"}
REQUIRED_BY_TYPE = {
    "inproceedings": {"booktitle": "the conference's name"},
    "conference": {"booktitle": "the conference's name"},
    "article": {"journal": "the journal's name (or eprinttype = {arXiv} for a pre-print)"},
    "patent": {"number": "the patent or application number"},
}


@dataclass(frozen=True)
class Author:
    name: str
    owner: bool = False  # the CV's owner: printed in bold
    joint_first: bool = False  # marked with '*' and explained in a legend line
    others: bool = False  # BibTeX `and others`: printed as "et al."


@dataclass
class Publication:
    key: str
    kind: str  # conference | journal | workshop | preprint | patent | other
    title: str
    authors: list[Author]
    year: int
    month: int
    tag: str | None  # e.g. "ASPLOS'25"
    venue: str | None  # short venue name used for figures, e.g. "ASPLOS"
    venue_line: str | None  # e.g. "In proceedings of the ... (OSDI), 2024."
    badges: list[str] = field(default_factory=list)
    badges_after_authors: bool = False
    figures: Figures | None = None
    resolved: Venue | None = None  # the canonical venue (cvgen.venue_db), for figures and kind
    cycle: str | None = None  # BibTeX `cycle`: which submission cycle the figures are for
    file: str = ""
    line: int = 0

    @property
    def joint_first(self) -> bool:
        return any(a.joint_first for a in self.authors)


@lru_cache(maxsize=4096)
def decode_latex(text: str) -> str:
    """BibTeX's LaTeX to Unicode: accents, \\&, -- and ---, braces.

    Math is converted to Unicode text ($\\alpha$ -> α, $\\leq$ -> ≤, $O(n^2)$ -> O(n^2)); a
    character the engine cannot print is then reported at its field like any other.
    """
    if not any(ch in text for ch in "\\$~`\"") and "--" not in text and "''" not in text:
        return " ".join(text.replace("{", "").replace("}", "").split())  # only braces: no need for pylatexenc
    decoded = _latex_to_text().latex_to_text(text)
    return " ".join(decoded.replace("\xa0", " ").split())


@lru_cache(maxsize=1)
def _latex_to_text():  # noqa: ANN202 - a pylatexenc converter, built once (it is costly)
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


# Commands pylatexenc knows but that print no text (they would vanish from the field).
_SILENT_COMMANDS = {"input", "include", "includeonly", "cite", "ref", "label", "footnote", "bibliography"}
_COMMAND = re.compile(r"\\([A-Za-z]+)")


def dropped_commands(raw: str) -> list[str]:
    """LaTeX commands in a BibTeX field that decoding would drop or garble: unknown or silent ones."""
    if "\\" not in raw:
        return []
    from pylatexenc.latex2text import get_default_latex_context_db

    db = get_default_latex_context_db()
    found = []
    for name in _COMMAND.findall(raw):
        if (name in _SILENT_COMMANDS or db.get_macro_spec(name) is None) and name not in found:
            found.append(name)
    return found


def split_authors(raw: str) -> list[str]:
    """Split an author list at top-level ' and ' (brace-aware), then 'Last, First' -> 'First Last'."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    names = []
    for name in split_multiple_persons_names(raw):
        parts = _top_level_split(name, ",")
        if len(parts) == 2:
            name = f"{parts[1].strip()} {parts[0].strip()}"
        elif len(parts) == 3:
            name = f"{parts[2].strip()} {parts[0].strip()}, {parts[1].strip()}"
        names.append(name.strip())
    return names


def _top_level_split(text: str, sep: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _name_key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


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
                  if wanted in {k.strip().casefold() for k in decode_latex(e.fields.get("keywords", "")).split(",")}]
    return chosen


def sort_newest_first(pubs: list[Publication]) -> list[Publication]:
    """Newest year first (then month when given); ties keep the order they were listed in."""
    return sorted(pubs, key=lambda p: (-p.year, -p.month))


def build_publication(entry: BibEntry, owners: list[str], figures: VenueFigures, acceptance: bool,
                      problems: Problems) -> Publication | None:
    """Turn one BibTeX entry into a publication; missing fields become problems at their line."""
    ok = True
    required = dict(REQUIRED, **REQUIRED_BY_TYPE.get(entry.type, {}))
    if entry.type == "article" and _archive(entry):
        required.pop("journal")
    for name, what in required.items():
        if name not in entry.fields:
            problems.error(entry.file, entry.line, 1, f"entry '{entry.key}' has no '{name}' field ({what}); add it")
            ok = False
        elif not decode_latex(entry.fields[name]).strip():
            problems.error(entry.file, entry.where(name), 1,
                           f"'{name}' of entry '{entry.key}' is empty; write {what} there")
            ok = False
    if entry.type not in KNOWN_TYPES:
        problems.error(entry.file, entry.line, 1,
                       f"entry '{entry.key}' has type @{entry.type}, which cvgen does not know; "
                       f"use one of @inproceedings, @article, @misc, @patent, @incollection, @phdthesis")
        ok = False
    year_text = entry.fields.get("year", "").strip()
    if year_text and not re.fullmatch(r"\d{4}", year_text):
        problems.error(entry.file, entry.where("year"), 1,
                       f"year '{year_text}' of entry '{entry.key}' is not a four-digit year")
        ok = False
    month = _month(entry, problems)
    if not ok:
        return None
    year = int(year_text)
    kind = _kind(entry)
    authors = _authors(entry, owners, problems)
    venue = _short_venue(entry, kind)
    pub = Publication(
        key=entry.key, kind=kind, title=decode_latex(entry.fields["title"]), authors=authors,
        year=year, month=month, tag=_tag(entry, kind, venue, year), venue=venue,
        venue_line=_venue_line(entry, kind, year),
        badges=[b.strip() for b in decode_latex(entry.fields.get("badges", "")).split(",") if b.strip()],
        badges_after_authors=entry.fields.get("badges_after", "").strip().lower() == "authors",
        file=entry.file, line=entry.line,
    )
    pub.resolved = _canonical_venue(entry, kind, venue)
    if pub.tag is None and pub.resolved is not None:  # e.g. a DBLP booktitle without '(ACRONYM)'
        pub.tag = _tag(entry, kind, pub.resolved.acronym, year)
    pub.cycle = decode_latex(entry.fields.get("cycle", "")).strip() or None
    if acceptance and (pub.resolved.kind if pub.resolved else kind) == "conference" and (venue or pub.resolved):
        pub.figures = figures.lookup(venue, pub.resolved.acronym if pub.resolved else None, year, pub.cycle)
    return pub


def _month(entry: BibEntry, problems: Problems) -> int:
    raw = entry.fields.get("month", "").strip()
    if not raw:
        return 0
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    low = raw.lower()[:3]
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    if low in names:
        return names.index(low) + 1
    problems.error(entry.file, entry.where("month"), 1,
                   f"month '{raw}' of entry '{entry.key}' is not a month; write e.g. jan or 1")
    return 0


def _kind(entry: BibEntry) -> str:
    if entry.type in PATENT_TYPES:
        return "patent"
    if entry.type in JOURNAL_TYPES:
        return "preprint" if _archive(entry) and "journal" not in entry.fields else "journal"
    if entry.type in CONFERENCE_TYPES:
        return "workshop" if re.search(r"\bworkshop\b", entry.fields.get("booktitle", ""), re.I) else "conference"
    if entry.type in PREPRINT_TYPES:
        return "preprint"
    return "other"


def _archive(entry: BibEntry) -> str | None:
    for name in ("eprinttype", "archiveprefix"):
        if entry.fields.get(name, "").strip():
            return decode_latex(entry.fields[name])
    if "arxiv" in entry.fields.get("journal", "").lower() or "arxiv" in entry.fields.get("publisher", "").lower():
        return "arXiv"
    return None


def _short_venue(entry: BibEntry, kind: str) -> str | None:
    for name in ("venue", "shortjournal", "shortbooktitle"):
        if entry.fields.get(name, "").strip():
            return decode_latex(entry.fields[name])
    container = entry.fields.get("booktitle") or entry.fields.get("journal") or ""
    if m := re.search(r"\(([A-Z][A-Za-z0-9&+\-/]*[A-Za-z0-9])(?:\s*['’]?\d{2,4})?\)", decode_latex(container)):
        return m.group(1)
    if series := entry.fields.get("series", "").strip():
        return re.sub(r"\s*['’]?\d{2,4}$", "", decode_latex(series)).strip() or None
    return None


def _canonical_venue(entry: BibEntry, kind: str, short: str | None) -> Venue | None:
    """The canonical venue (for figures and kind), separate from the printed tag: the `venue`
    field if given, else the booktitle / journal, else the short names or the archive."""
    if kind == "patent":
        return None
    f = entry.fields
    container = f.get("booktitle") or f.get("journal") or ""
    return resolve_venue(decode_latex(f["venue"]) if f.get("venue", "").strip() else None, decode_latex(container),
                         (short, decode_latex(f.get("series", "")), _archive(entry)))


def _tag(entry: BibEntry, kind: str, venue: str | None, year: int) -> str | None:
    yy = f"{year % 100:02d}"
    if kind == "patent":
        return None
    if kind == "preprint" and "venue" not in entry.fields:
        archive = _archive(entry) or "Preprint"
        return f"Pre-print. {archive.capitalize()}'{yy}"
    return f"{venue}'{yy}" if venue else None


def _venue_line(entry: BibEntry, kind: str, year: int) -> str | None:
    f = entry.fields
    if kind == "patent":
        parts = [decode_latex(f[n]) for n in ("type", "number") if f.get(n, "").strip()]
        return " ".join(parts) or None
    container = f.get("booktitle") if kind in ("conference", "workshop") else f.get("journal")
    if not container:
        container = f.get("booktitle") or f.get("journal") or f.get("howpublished")
    if not container or kind == "preprint":
        return None
    text = decode_latex(container)
    if re.search(rf"\b{year}\s*$", text):
        return f"In {text}."
    return f"In {text}, {year}."


def _authors(entry: BibEntry, owners: list[str], problems: Problems) -> list[Author]:
    raw = entry.fields.get("author", "")
    names = split_authors(raw) if raw.strip() else []
    equal = _equal_positions(entry, len(names), problems)
    owner_keys = {_name_key(o) for o in owners}
    authors = []
    for i, name in enumerate(names, start=1):
        if name.strip().lower() == "others":
            authors.append(Author("et al.", others=True))
            continue
        text = decode_latex(name)
        authors.append(Author(text, owner=_name_key(text) in owner_keys, joint_first=i in equal))
    return authors


def _equal_positions(entry: BibEntry, count: int, problems: Problems) -> set[int]:
    raw = entry.fields.get("author+an", "").strip()
    positions: set[int] = set()
    if not raw:
        return positions
    for item in raw.split(";"):
        item = item.strip()
        if not item:
            continue
        m = re.fullmatch(r"(\d+)\s*=\s*([\w, ]+)", item)
        if not m or not 1 <= int(m.group(1)) <= count:
            problems.error(entry.file, entry.where("author+an"), 1,
                           f"author+an item '{item}' of entry '{entry.key}' must be N=equal with N from 1 to {count}")
            continue
        if "equal" in {a.strip() for a in m.group(2).split(",")}:
            positions.add(int(m.group(1)))
    return positions
