"""What an entry is (conference paper, journal paper, pre-print, thesis, ...) and the line that
describes where it appeared, from its BibTeX type and fields. Format-neutral, no LaTeX.

The rules are written down in README.md ("Entry types and venue tags"); `publications`
applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cvgen.bib.entries import BibEntry

CONFERENCE_TYPES = {"inproceedings", "conference"}
BOOK_TYPES = {"book", "mvbook", "booklet", "manual", "proceedings", "mvproceedings", "collection",
              "mvcollection", "reference", "mvreference", "periodical", "suppperiodical"}
CHAPTER_TYPES = {"inbook", "incollection", "bookinbook", "suppbook", "suppcollection", "inreference"}
THESIS_TYPES = {"phdthesis", "mastersthesis", "thesis"}
REPORT_TYPES = {"techreport", "report"}
OTHER_TYPES = {"misc", "unpublished", "online", "electronic", "www", "preprint", "software", "dataset",
               "artwork", "audio", "video", "image", "movie", "music", "performance", "standard", "letter",
               "commentary", "jurisdiction", "legislation", "legal", "review", "set", "xdata", "patent",
               "article"} | {f"custom{c}" for c in "abcdef"}
KNOWN_TYPES = CONFERENCE_TYPES | BOOK_TYPES | CHAPTER_TYPES | THESIS_TYPES | REPORT_TYPES | OTHER_TYPES

# Pre-print servers, as exporters name them in eprinttype, journal, howpublished, publisher...,
# each with the one spelling its tag takes (the server's own: arXiv, bioRxiv, ePrint).
_ARCHIVES = [
    (re.compile(r"\barxiv\b|^\s*corr\s*$|\bcorr\s+abs/|computing research repository", re.I), "arXiv"),
    (re.compile(r"\bbiorxiv\b", re.I), "bioRxiv"),
    (re.compile(r"\bmedrxiv\b", re.I), "medRxiv"),
    (re.compile(r"\bssrn\b|social science research network", re.I), "SSRN"),
    (re.compile(r"\bchemrxiv\b", re.I), "ChemRxiv"),
    (re.compile(r"\bpsyarxiv\b", re.I), "PsyArXiv"),
    (re.compile(r"\bsocarxiv\b", re.I), "SocArXiv"),
    (re.compile(r"\beartharxiv\b", re.I), "EarthArXiv"),
    (re.compile(r"\btechrxiv\b", re.I), "TechRxiv"),
    (re.compile(r"\bresearch square\b", re.I), "Research Square"),
    (re.compile(r"\bpreprints\.org\b", re.I), "Preprints.org"),
    (re.compile(r"\bosf preprints\b", re.I), "OSF Preprints"),
    (re.compile(r"^\s*hal\s*$|\bhal-\d|hal\.science|archives-ouvertes", re.I), "HAL"),
    # 'Cryptology ePrint Archive', DBLP's 'IACR Cryptol. ePrint Arch.'
    (re.compile(r"cryptol(?:ogy|\.)?\s+e-?print\s+arch|^\s*iacr\s*$|eprint\.iacr\.org", re.I), "ePrint"),
    # the Electronic Colloquium on Computational Complexity; DBLP: 'Electron. Colloquium Comput. Complex.'
    (re.compile(r"electron(?:ic|\.)?\s+colloquium\s+(?:on\s+)?comput|^\s*eccc\s*$|eccc\.weizmann", re.I), "ECCC"),
    (re.compile(r"\bauthorea\b", re.I), "Authorea"),
]
SERVER_NAMES = tuple(dict.fromkeys(name for _, name in _ARCHIVES))
_ARXIV_ID = re.compile(r"^(?:arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)$", re.I)
_URL_ARCHIVES = [("arxiv.org/", "arXiv"), ("biorxiv.org/", "bioRxiv"), ("medrxiv.org/", "medRxiv"),
                 ("ssrn.com/", "SSRN"), ("eprint.iacr.org/", "ePrint"), ("eccc.weizmann.ac.il/", "ECCC")]
_RXIV_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.1101/[\w./-]+)$", re.I)  # bioRxiv, medRxiv
_IACR_ID = re.compile(r"^(\d{4}/\d{3,5})$")
# Words that only name a server: a venue text made of them says no more than the tag does.
_SERVER_WORDS = re.compile(
    r"\b(?:arxiv|corr|biorxiv|medrxiv|ssrn|chemrxiv|psyarxiv|socarxiv|eartharxiv|techrxiv|authorea|hal|eccc|iacr|"
    r"research|square|osf|preprints?|pre-prints?|e-?prints?|org|cryptol(?:ogy)?|arch(?:ive)?|electron(?:ic)?|"
    r"colloquium|on|comput(?:ational)?|complex(?:ity)?|social|science|network|computing|repository|the)\b", re.I)

_STATUS = [
    (re.compile(r"\bforthcoming\b", re.I), "forthcoming"), (re.compile(r"\bto appear\b", re.I), "to appear"),
    (re.compile(r"\bin ?press\b", re.I), "in press"), (re.compile(r"\bunder ?review\b", re.I), "under review"),
    (re.compile(r"\bsubmitted\b", re.I), "submitted"), (re.compile(r"\baccepted\b", re.I), "accepted"),
    (re.compile(r"\bin ?preparation\b", re.I), "in preparation"),
]


def _f(entry: BibEntry, name: str) -> str:
    return entry.text(name)


def archive_name(text: str) -> str | None:
    """'arXiv', 'CoRR', 'bioRxiv preprint' -> one name per server."""
    for pattern, name in _ARCHIVES:
        if pattern.search(text):
            return name
    return None


def archive(entry: BibEntry) -> str | None:
    """The pre-print server the entry names anywhere (type, journal, eprint id, address)."""
    for name in ("eprinttype", "archiveprefix"):
        if text := _f(entry, name):
            return archive_name(text) or text
    for name in ("journal", "howpublished", "publisher", "institution", "note", "booktitle"):
        if (text := _f(entry, name)) and (found := archive_name(text)):
            return found
    if _ARXIV_ID.match(_f(entry, "eprint")):
        return "arXiv"
    url = _f(entry, "url").lower()
    return next((name for host, name in _URL_ARCHIVES if host in url), None)


def _is_archive_venue(text: str) -> bool:
    return bool(text) and archive_name(text) is not None


def classify(entry: BibEntry) -> str:
    """conference | workshop | journal | preprint | patent | thesis | book | chapter | report |
    software | dataset | talk | poster | other."""
    t = entry.type if entry.type in KNOWN_TYPES else "misc"
    booktitle, journal = _f(entry, "booktitle"), _f(entry, "journal")
    if t == "patent":
        return "patent"
    if t in THESIS_TYPES:
        return "thesis"
    if t in BOOK_TYPES:
        return "book"
    if t in CHAPTER_TYPES:
        return "chapter"
    if t in REPORT_TYPES:
        return "preprint" if _is_archive_venue(_f(entry, "institution")) else "report"
    if t in CONFERENCE_TYPES or (booktitle and not journal and not _is_archive_venue(booktitle)):
        return "workshop" if re.search(r"\bworkshops?\b", booktitle, re.I) else "conference"
    if journal and not _is_archive_venue(journal):
        return "journal"
    if archive(entry) or t == "preprint":
        return "preprint"
    if t == "article":
        return "journal"  # no journal: warned about; it prints with what it has
    if t in ("software", "dataset"):
        return t
    said = " ".join(_f(entry, n) for n in ("type", "howpublished", "note")).lower()
    if re.search(r"\bposter\b", said):
        return "poster"
    if re.search(r"\b(talk|keynote|presentation|invited lecture|seminar)\b", said):
        return "talk"
    return "other"


def venue_tag_allowed(kind: str) -> bool:
    """Only papers at a venue get a venue tag ([OSDI'24]); a pre-print gets its server's."""
    return kind in ("conference", "workshop", "journal")


def status_of(entry: BibEntry) -> str | None:
    """'forthcoming', 'submitted', ... from biblatex's pubstate, or the year or note saying so."""
    for name in ("pubstate", "year", "note"):
        text = _f(entry, name)
        for pattern, status in _STATUS:
            if pattern.search(text):
                return status
        if name == "pubstate" and text:
            return text.lower()
    return None


def year_is_status(text: str) -> bool:
    """`year = {forthcoming}`: a status written where the year goes."""
    return any(pattern.search(text) for pattern, _ in _STATUS)


def eprint_url(entry: BibEntry) -> tuple[str, str] | None:
    """The eprint as (address, shown text): an arXiv id becomes its abstract page."""
    eprint = _f(entry, "eprint").strip()
    m = _ARXIV_ID.match(eprint)
    if m and archive(entry) in (None, "arXiv"):
        return f"https://arxiv.org/abs/{m.group(1)}", f"arXiv:{m.group(1)}"
    return None


def preprint_link(entry: BibEntry) -> tuple[str, str] | None:
    """An eprint that is not an arXiv id, as (link field, address): a bioRxiv or medRxiv DOI
    ('10.1101/...') is a DOI, an IACR ePrint id ('2024/123') its page, a URL itself."""
    eprint = entry.fields.get("eprint", "").replace("{", "").replace("}", "").replace("\\_", "_").strip()
    server = archive(entry)
    if m := _RXIV_DOI.match(eprint):
        return "doi", f"https://doi.org/{m.group(1)}"
    if server == "ePrint" and (m := _IACR_ID.match(eprint)):
        return "url", f"https://eprint.iacr.org/{m.group(1)}"
    if re.match(r"https?://[^\s]+$", eprint) and not _ARXIV_ID.match(eprint):
        return "url", eprint
    return None


def _preprint_parts(entry: BibEntry) -> list[tuple[str, str]]:
    """A pre-print's venue text, wherever the exporter put it ('arXiv preprint arXiv:2401.12345',
    'CoRR abs/2401.12345', 'In submission to CRYPTO 2025'), with its volume, number and pages;
    a text that only names the server is left out (the tag says it)."""
    parts: list[tuple[str, str]] = []
    ids = " ".join(x for x in (_f(entry, "volume"), _f(entry, "number")) if x)
    for name in ("journal", "booktitle", "institution", "howpublished"):
        text = _f(entry, name)
        if not text or (name == "institution" and entry.type not in REPORT_TYPES):
            continue
        if ids and name in ("journal", "institution"):
            text, ids = f"{text} {ids}", ""
        if (pages := _f(entry, "pages")) and name == "journal" and pages not in text:
            text = f"{text}, {pages}"
        if _SERVER_WORDS.sub("", text).strip(" .,:;-–()"):
            parts.append(("howpublished", text))
    if note := _f(entry, "note"):
        parts.append(("note", note))
    return parts


@dataclass(frozen=True)
class Details:
    """Where and how the work appeared: (role, value) parts, values as the entry gives them.

    Roles: container, editors, volume, number, chapter, pages, page, edition, book_volume,
    publisher, address, school, institution, report, report_typed, phdthesis, mastersthesis,
    thesis, thesis_typed, howpublished, organization, note, date, patent. The words around
    the values ("In", "pp.", "PhD thesis") are the locale's (words.Words.detail)."""

    parts: tuple[tuple[str, str], ...] = ()


def details(entry: BibEntry, kind: str, year: int, status: str | None) -> Details:
    """The standard fields of the entry's type that describe where it appeared."""
    f = lambda name: _f(entry, name)  # noqa: E731
    when = str(year) if year else (status or "")
    if kind == "patent":
        number = " ".join(p for p in (f("type"), f("number")) if p)
        return Details((("patent", number),) if number else ())
    if kind == "preprint":
        return Details(tuple(_preprint_parts(entry)))
    parts: list[tuple[str, str]] = []
    add = lambda role, text: parts.append((role, text)) if text else None  # noqa: E731
    if kind in ("conference", "workshop", "journal", "chapter"):
        add("container", (f("journal") if kind == "journal" else f("booktitle")) or f("booktitle") or f("journal"))
        if kind == "chapter" and f("editor"):
            add("editors", _names(entry.fields["editor"]))
        if kind == "journal":
            add("volume", f("volume") + (f"({f('number')})" if f("number") else "") if f("volume") else "")
            add("number", f("number") if not f("volume") else "")
        add("chapter", f("chapter"))
        add("pages" if re.search(r"[-–—,]", f("pages")) else "page", f("pages"))
        if kind == "chapter":
            add("publisher", f("publisher"))
            add("address", f("address"))
    elif kind == "thesis":
        stated = f("type")
        key = {"phdthesis": "phdthesis", "mathesis": "mastersthesis", "mastersthesis": "mastersthesis"}.get(
            stated.lower().replace(" ", ""))  # biblatex writes the type as a key: type = {phdthesis}
        add("thesis_typed", "" if key else stated)
        if key or not stated:
            parts.append((key or entry.type, ""))
        add("school", f("school") or f("institution"))
        add("address", f("address"))
    elif kind == "report":
        stated = "" if f("type").lower() == "techreport" else f("type")
        add("report_typed", f"{stated} {f('number')}".strip() if stated else "")
        if not stated:
            parts.append(("report", f("number")))
        add("institution", f("institution"))
        add("address", f("address"))
    elif kind == "book":
        add("edition", f("edition"))
        add("book_volume", f("volume"))
        add("publisher", f("publisher") or f("organization"))
        add("address", f("address"))
    else:
        for name in ("howpublished", "organization", "institution", "publisher"):
            add(name, f(name))
    if kind not in ("conference", "workshop", "journal"):
        add("note", f("note"))
    if when and not (parts and re.search(rf"\b{re.escape(when)}\s*$", parts[-1][1])):
        add("date", when)  # the year is not repeated when the last part already ends with it
    return Details(tuple(parts))


def _names(raw: str) -> str:
    from cvgen.bib.names import parse_name, split_names

    return ", ".join(parse_name(n).display for n in split_names(raw))
