"""Venue acceptance figures kept once per venue and year, and the rate arithmetic.

`content/venues.yaml` maps a venue to its years, each with submitted and accepted counts
(optionally per cycle). The rate is always computed here, never typed: accepted / submitted
as a percentage rounded half up to two decimals, so 105/510 prints 20.59 and 49/250 19.60.

A paper's figures come from the CV first and, only where the CV (or its publications
section) sets `venue_database: true`, from the shipped database (`cvgen.venues.database`):

* the venue of a BibTeX entry is decided by `cvgen.venues.decision` (its `venue` field if
  given, else the booktitle / journal, else short names; a track, or a booktitle year that
  differs from the entry's, prints no figures at all); CV keys match
  by their own spelling or through the database's aliases (`USENIX ATC` == `ATC`);
* a paper with `cycle = {N}` gets that cycle's figures, else the whole year's;
* only venues of kind `conference` get figures (never journals, workshops, pre-prints).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from collections.abc import Iterator
from typing import Annotated, Any

from cvgen.venues import database as venue_db
from cvgen.model.schema import JsonHint, Record, doc, record, validate
from cvgen.venues.decision import VenueDecision, venue_decision  # noqa: F401 - re-exported
from cvgen.core.errors import Problems
from cvgen.core.sources import YamlDoc, load_yaml
from cvgen.model.words import ENGLISH, Words

DATABASE = "database"  # Figures.origin of rows from the shipped database
CC_BY_SA = "CC BY-SA 4.0"


@dataclass(frozen=True)
class Figures:
    """Acceptance counts of one venue-year (or one cycle of it) and where they were written.

    `source` is `file:line` for the CV's own figures and `owner/repo:path@commit` for
    database rows (followed by `(CC BY-SA 4.0)` for rows under that licence)."""

    venue: str
    year: int
    submitted: int
    accepted: int
    cycle: str | None = None
    source: str = ""
    license: str = ""
    origin: str = "cv"  # "cv" (venues.yaml) or "database" (cvgen/data)

    @property
    def rate(self) -> Decimal:
        return acceptance_rate(self.accepted, self.submitted)

    @property
    def rate1(self) -> Decimal:
        """The rate to one decimal, rounded half up from the counts (not from `rate`)."""
        return acceptance_rate(self.accepted, self.submitted, places=1)

    @property
    def counts(self) -> str:
        """'510/105 (20.59%)': submitted/accepted and the rate, for reports."""
        return f"{self.submitted}/{self.accepted} ({self.rate}%)"


def acceptance_rate(accepted: int, submitted: int, places: int = 2) -> Decimal:
    """Percentage accepted, rounded half up (Decimal, so 19.60 keeps its zero)."""
    if submitted <= 0:
        raise ValueError("submitted must be positive")
    return (Decimal(accepted) * 100 / Decimal(submitted)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_acceptance(figures: Figures, template: str, words: Words = ENGLISH) -> str:
    """The annotation line, e.g. 'Submissions: 510, Accepted: 105, Acceptance rate: 20.59%'."""
    return words.acceptance(template, figures.submitted, figures.accepted, figures.rate, figures.rate1, figures.venue,
                            figures.year)


def venue_key(name: str) -> str:
    """Venue names compare without case, spaces or punctuation: 'USENIX ATC' == 'usenix-atc'."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


# --- which venue an entry names: cvgen.venues.decision (re-exported here) ---------------------


def database_figures(canonical: str | None, year: int, cycle: str | None = None) -> Figures | None:
    """The database's figures for a venue-year: the cycle's row if asked and present, else the
    whole year's. Rows under CC BY-SA say so in their source."""
    if not canonical:
        return None
    row = venue_db.figures(canonical, year, cycle) if cycle else None
    row = row or venue_db.figures(canonical, year)
    if row is None:
        return None
    source = row.source + (f" ({row.license})" if row.license else "")
    return Figures(row.venue, row.year, row.submitted, row.accepted, row.cycle, source, row.license, DATABASE)


class VenueFigures:
    """The CV's own figures, looked up by venue name (or its canonical venue) and year.

    `use_database` (set per section with `with_database`) lets the shipped database fill
    in venue-years the CV has no figures for; the CV's figures always win."""

    def __init__(self, figures: list[Figures], use_database: bool = False) -> None:
        self.figures = list(figures)
        self.use_database = use_database
        self._by_key = {(venue_key(f.venue), f.year, f.cycle): f for f in figures}
        self._by_canonical: dict[tuple[str, int, str | None], Figures] = {}
        for f in figures:
            found = venue_db.venue(f.venue)
            if found:
                self._by_canonical.setdefault((found.acronym, f.year, f.cycle), f)

    def from_cv(self, name: str | None, canonical: str | None, year: int, cycle: str | None = None) -> Figures | None:
        """The CV's figures for a paper: its cycle's if it names one and they exist, else the
        year's; by the entry's own venue name first, then by its canonical venue."""
        for c in ((cycle, None) if cycle else (None,)):
            if name and (f := self._by_key.get((venue_key(name), year, c))):
                return f
            if canonical and (f := self._by_canonical.get((canonical, year, c))):
                return f
        return None

    def lookup(self, name: str | None, canonical: str | None, year: int, cycle: str | None = None) -> Figures | None:
        """What a paper prints: the CV's figures, else (when enabled) the database's."""
        found = self.from_cv(name, canonical, year, cycle)
        if found is None and self.use_database:
            found = database_figures(canonical, year, cycle)
        return found

    def with_database(self, use_database: bool) -> VenueFigures:
        if use_database == self.use_database:
            return self
        view = VenueFigures.__new__(VenueFigures)
        view.__dict__.update(self.__dict__)
        view.use_database = use_database
        return view



# --- sections: summary line and papers without figures ---------------------------------------


def median_rate(figures: list[Figures]) -> Decimal | None:
    """Median of the exact rates, rounded half up to one decimal (None for no figures)."""
    rates = sorted(Fraction(f.accepted * 100, f.submitted) for f in figures)
    if not rates:
        return None
    mid = len(rates) // 2
    value = rates[mid] if len(rates) % 2 else (rates[mid - 1] + rates[mid]) / 2
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def publication_summary(pubs: list[Any], words: Words = ENGLISH) -> str:
    """'13 papers; median acceptance rate of their venues 20.1%': only papers with figures
    count for the median, and the line says how many when not all have them."""
    with_figures = [p.figures for p in pubs if p.figures is not None]
    return words.summary(len(pubs), median_rate(with_figures), len(with_figures))


def missing_figures(pubs: list[Any]) -> list[Any]:
    """Conference papers (by their resolved venue) that print no figures, except those that
    must not (a track, a year in doubt: already said at their entry)."""
    return [p for p in pubs if p.figures is None and _figure_kind(p) == "conference"
            and getattr(getattr(p, "venue_decision", None), "status", "") not in ("track", "year")]


def _figure_kind(pub: Any) -> str:
    resolved = getattr(pub, "resolved", None)
    return resolved.kind if resolved is not None else pub.kind


def missing_figures_message(pubs: list[Any]) -> str:
    listed = ", ".join(f"{p.tag or p.key} ({p.key}, {Path(p.file).name}:{p.line})" for p in pubs)
    return (f"{ENGLISH.count_papers(len(pubs))} at conferences with no acceptance figures in venues.yaml or the venue "
            f"database: {listed}; add their figures to venues.yaml, or set 'acceptance: false' for this section")


# --- venues.yaml: its types (schema.py validates them) and the figures read from it ------------------------------------------------------------------------------


def _positive(value: int) -> int:
    if value <= 0:
        raise ValueError(f"must be a positive whole number, not {value!r}")
    return value


def _year(key: Any) -> int:
    if isinstance(key, str) and key.isdigit():
        key = int(key)
    if not (isinstance(key, int) and not isinstance(key, bool) and 1900 <= key <= 2200):
        raise ValueError("is not a year; write e.g. 2024")
    return key


Count = Annotated[int, _positive, JsonHint({"minimum": 1})]
Year = Annotated[int, _year, JsonHint({"pattern": "^(19|2[0-2])[0-9]{2}$"})]
TypedRate = Annotated[Any, JsonHint({"type": ["number", "string"]})]


@record
class Counts(Record):
    """Submissions and acceptances of one submission cycle."""

    submitted: Count = doc("Papers submitted (reviewed).")
    accepted: Count = doc("Papers accepted.")
    rate: TypedRate | None = doc("The rate as the venue published it; checked against the counts, never printed.",
                                 None)


@record
class YearFigures(Record):
    """One venue-year: its counts, or its cycles' counts (and then optionally the whole year's)."""

    submitted: Count | None = doc("Papers submitted (reviewed) that year.", None)
    accepted: Count | None = doc("Papers accepted that year.", None)
    rate: TypedRate | None = doc("The rate as the venue published it; checked against the counts, never printed.",
                                 None)
    cycles: dict[str, Counts] | None = doc("Counts per submission cycle; a paper's `cycle` field picks one.", None)

    def invariants(self) -> Iterator[tuple[str, str]]:
        if self.cycles is None or self.submitted is not None or self.accepted is not None or self.rate is not None:
            for name in ("submitted", "accepted"):
                if getattr(self, name) is None:
                    yield name, "is required but missing; add it"


VenuesFile = dict[str, Annotated[dict[Year, YearFigures], JsonHint({  # venue name -> year -> figures
    "description": "A venue (its acronym or name, e.g. OSDI) and its figures by year."})]]


def load_venue_figures(path: Path, problems: Problems) -> VenueFigures:
    """Read venues.yaml: `VENUE: {YEAR: {submitted: N, accepted: M}}`; check that counts add up."""
    doc = load_yaml(path, problems)
    data = validate(doc, problems, VenuesFile, _subject) if doc is not None else None
    if doc is None or data is None:
        return VenueFigures([])
    figures: list[Figures] = []
    seen: dict[str, str] = {}
    for venue, years in data.items():
        if venue_key(venue) in seen and seen[venue_key(venue)] != venue:
            problems.error(path, *doc.where((venue,), key=True),
                           f"venue '{venue}' is the same as '{seen[venue_key(venue)]}'; merge them")
        seen[venue_key(venue)] = venue
        raw_years = {_year_of(y): y for y in doc.data[venue]}
        for year, value in years.items():
            where = (venue, raw_years[year])
            for cycle, counts in (value.cycles or {}).items():
                raw_cycle = next(c for c in doc.data[venue][raw_years[year]]["cycles"] if str(c) == cycle)
                figures += _checked_figures(doc, where + ("cycles", raw_cycle), venue, year, counts, cycle, problems)
            if value.submitted is not None and value.accepted is not None:
                figures += _checked_figures(doc, where, venue, year, value, None, problems)
    return VenueFigures(figures)


def _year_of(key: Any) -> Any:
    return int(key) if isinstance(key, str) and key.isdigit() else key


def _subject(path: tuple[Any, ...]) -> str:
    """How venues.yaml messages name a value: "'submitted' of OSDI 2024 cycle 2"."""
    if not path:
        return "the file's top level (venue names)"
    if len(path) == 1:
        return f"'{path[0]}'"
    if len(path) == 2:
        return f"'{path[1]}' under '{path[0]}'"
    label = f"{path[0]} {path[1]}" + (f" cycle {path[3]}" if len(path) >= 4 and path[2] == "cycles" else "")
    return f"'{path[-1]}' of {label}"


def _checked_figures(doc: YamlDoc, path: tuple[Any, ...], venue: str, year: int, counts: Any, cycle: str | None,
                     problems: Problems) -> list[Figures]:
    """The figures of one year or cycle, if they add up (and agree with a typed rate)."""
    label = f"{venue} {year}" + (f" cycle {cycle}" if cycle else "")
    if counts.accepted > counts.submitted:
        problems.error(doc.file, *doc.where(path + ("accepted",)),
                       f"{label}: accepted ({counts.accepted}) is more than submitted ({counts.submitted}); "
                       "check both counts")
        return []
    line, _ = doc.where(path)
    fig = Figures(venue, year, counts.submitted, counts.accepted, cycle, f"{doc.file}:{line}")
    if counts.rate is not None:
        try:
            typed_rate = Decimal(str(counts.rate).rstrip("%").strip())
        except ArithmeticError:
            typed_rate = None
        if typed_rate is None or abs(typed_rate - fig.rate) >= Decimal("0.01"):
            problems.error(doc.file, *doc.where(path + ("rate",)),
                           f"{label}: the typed rate {counts.rate} does not match {counts.accepted}/{counts.submitted}"
                           f" = {fig.rate}%; remove 'rate' (cvgen computes it) or fix the counts")
            return []
    return [fig]
