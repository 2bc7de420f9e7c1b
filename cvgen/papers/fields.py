"""What an entry's fields say, read as people write them, and what is missing: the BibTeX
half of the warning policy (cvgen.core.policy).

A missing title, author, venue or year is a warning and the entry prints with what it has;
years print as written (`2009/10`, `2006--2017`, `2019a`) and sort by the first; a state in
the year (`forthcoming`, `in press`, `upcoming`) is a state; `0`, `-`, `n.d.` are no year.
Nothing is made up in place of what is missing.
"""

from __future__ import annotations

import re

from cvgen.bib.entries import BibEntry, ambiguous_keys
from cvgen.bib.kinds import archive, status_of, year_is_status
from cvgen.core.errors import Problems
from cvgen.model.cv import CV, PublicationsSection

REQUIRED_BY_TYPE = {
    "inproceedings": {"booktitle": "the conference's name"},
    "conference": {"booktitle": "the conference's name"},
    "article": {"journal": "the journal's name (or eprinttype = {arXiv} for a pre-print)"},
    "patent": {"number": "the patent or application number"},
}


# Years as people write them: `2009/10`, `2006--2017`, `2019a`, `2019b`: printed as written, sorted by the first.
_YEAR_AS_WRITTEN = re.compile(r"([0-9]{4})(?:[a-z]|\s*(?:/|-{1,3}|–|—)\s*(?:[0-9]{2}|[0-9]{4}))?")
_NO_YEAR = {"0", "0000", "-", "--", "n.d.", "n.d", "nd", "s.d.", "?", "unknown"}
_STATE_WORDS = {"upcoming": "forthcoming"}  # a publication state written where the year goes


def read_year(entry: BibEntry, problems: Problems) -> tuple[int, str, str | None]:
    """(year for sorting and tags, the year as printed, the publication state): the year as
    written when it is one; a state word (`forthcoming`, `in press`, `upcoming`) is a state,
    not a year; no year or `0`, `-`, `n.d.` is no year, with a warning; nothing invented."""
    written = entry.text("year").strip()
    date = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2}))?(?:-[0-9]{2})?(?:/.*)?", entry.text("date"))
    if not written and date:  # biblatex's `date = {2024-05-17}` in place of year and month
        written = date.group(1)
    status = status_of(entry)
    if written.lower() in _STATE_WORDS:
        return 0, "", _STATE_WORDS[written.lower()]
    if year_is_status(written):
        return 0, "", status
    if m := _YEAR_AS_WRITTEN.fullmatch(written):
        return int(m.group(1)), written, status
    if written and written.lower() not in _NO_YEAR:
        problems.warn(entry.file, entry.where("year"), 1,
                      f"year '{written}' of entry '{entry.key}' is not a year cvgen can read (e.g. 2024, "
                      "2009/10, 2019a); it prints without a year, after the dated entries; correct it")
    elif status is None:
        said = f"year = {{{written}}} (no year)" if written else "no 'year' field"
        problems.warn(entry.file, entry.where("year") if written else entry.line, 1,
                      f"entry '{entry.key}' has {said}; it prints without a year, after the dated entries; add "
                      "the year, or pubstate = {forthcoming} (or submitted) for a paper not yet out")
    return 0, "", status


def check_required(entry: BibEntry, problems: Problems) -> None:
    """A missing title, author or venue warns and the entry prints with what it has (the
    policy: cvgen.core.policy); nothing is made up in its place."""
    f = entry.fields
    if "title" not in f:
        problems.warn(entry.file, entry.line, 1, f"entry '{entry.key}' has no 'title' field (the title); it prints "
                                                 "without a title; add it")
    elif not entry.text("title"):
        problems.warn(entry.file, entry.where("title"), 1, f"'title' of entry '{entry.key}' is empty; it prints "
                                                           "without a title; write the title there")
    if "author" not in f and "editor" not in f:
        problems.warn(entry.file, entry.line, 1, f"entry '{entry.key}' has no 'author' field (the author list); it "
                                                 "prints without an author line; add it")
    elif "author" in f and not entry.text("author") and not entry.text("editor"):
        problems.warn(entry.file, entry.where("author"), 1,
                      f"'author' of entry '{entry.key}' is empty; it prints without an author line; write the "
                      "author list there")
    required = dict(REQUIRED_BY_TYPE.get(entry.type, {}))
    if entry.type == "article" and (archive(entry) or "booktitle" in f):
        required.pop("journal")
    if entry.type == "article" and "journal" not in f and "booktitle" in f:
        problems.warn(entry.file, entry.line, 1,
                      f"entry '{entry.key}' is an @article but names a conference (booktitle), not a journal; "
                      "it prints as a conference paper; make it @inproceedings")
    for name, what in required.items():
        if not entry.text(name):
            where = entry.where(name) if name in f else entry.line
            problems.warn(entry.file, where, 1,
                          f"entry '{entry.key}' has no '{name}' field ({what}); it prints without it; add it")


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "sept",
                "october", "november", "december"}


def read_month(entry: BibEntry, problems: Problems) -> int:
    """`10`, `oct`, `October`, `23-25 Jun`, Google Scholar's `dec # "~1"` (12~1); anything else warns."""
    raw = entry.text("month")
    if not raw:
        return 0
    m = re.match(r"([0-9]{1,2})(?![0-9])", raw, re.ASCII)
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(1))
    for word in re.findall(r"[A-Za-z]+", raw):  # `Oct`, `October`, `23-25 Jun`
        if word.lower()[:3] in _MONTHS and (len(word) == 3 or word.lower() in _MONTH_NAMES):
            return _MONTHS.index(word.lower()[:3]) + 1
    problems.warn(entry.file, entry.where("month"), 1,
                  f"month '{raw}' of entry '{entry.key}' is not a month, so it is ignored; write e.g. jan or 1")
    return 0

def check_ambiguous_keys(cv: CV, entries: dict[str, BibEntry], problems: Problems) -> None:
    """A key under which the .bib has two different entries prints both, but cv.yaml naming it
    (an overlay, `selected:`, a section's or group's `keys:`) is ambiguous: an error there."""
    ambiguous = ambiguous_keys(entries)
    if not ambiguous:
        return
    named = [(cv.at("papers", k), k) for k in cv.papers or {}]
    named += [(cv.at("selected", j), k) for j, k in enumerate(cv.selected or [])]
    for section in cv.sections:
        if isinstance(section, PublicationsSection):
            named += [(section.publications.at("keys", j), k) for j, k in enumerate(section.publications.keys or [])]
            for group in section.publications.groups or []:
                named += [(group.at("keys", j), k) for j, k in enumerate(group.keys or [])]
    for place, key in named:
        if key.casefold() in ambiguous:
            lines = sorted(e.line for e in entries.values() if (e.written_key or e.key).casefold() == key.casefold())
            problems.error(*place, f"'{key}' names {len(lines)} different entries of "
                                   f"{cv.bibliography} (lines {', '.join(map(str, lines))}); give "
                                   "each its own key there and use that key here")


def check_keys(cv: CV, entries: dict[str, BibEntry], problems: Problems) -> None:
    """Keys cv.yaml names (`papers:`, `selected:`) must be entries, and not ambiguous ones."""
    from cvgen.papers.extras import check_overlay_keys

    check_overlay_keys(cv, entries, problems)
    check_ambiguous_keys(cv, entries, problems)
