"""Venue acceptance figures kept once per venue and year, and the rate arithmetic.

`content/venues.yaml` maps a venue to its years, each with submitted and accepted counts
(optionally per cycle). The rate is always computed here, never typed: accepted / submitted
as a percentage rounded half up to two decimals, so 105/510 prints 20.59 and 49/250 19.60.

A paper's figures come from the CV first and, only where the CV (or its publications
section) sets `venue_database: true`, from the shipped database (`cvgen.venue_db`):

* the venue of a BibTeX entry is decided by `cvgen.venue_decision` (its `venue` field if
  given, else the booktitle / journal, else short names; a track, or a booktitle year that
  differs from the entry's, prints no figures at all); CV keys match
  by their own spelling or through the database's aliases (`USENIX ATC` == `ATC`);
* a paper with `cycle = {N}` gets that cycle's figures, else the whole year's;
* only venues of kind `conference` get figures (never journals, workshops, pre-prints).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from . import venue_db
from .venue_decision import VenueDecision, resolve_venue, venue_decision  # noqa: F401 - re-exported
from .errors import Problems
from .sources import YamlDoc, load_yaml

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


# --- the annotation's wording --------------------------------------------------------------

NAMED_FORMATS = {
    "long": "Submissions: {submitted}, Accepted: {accepted}, Acceptance rate: {rate}%",
    "short": "acceptance rate {rate1}%",
}
PLACEHOLDERS = {
    "submitted": "submissions", "accepted": "accepted papers", "rate": "rate, two decimals",
    "rate1": "rate, one decimal", "venue": "venue name", "year": "conference year",
}


def check_acceptance_format(value: str) -> str:
    """Validate settings.acceptance_format: a named form or a template of known placeholders."""
    if value in NAMED_FORMATS:
        return value
    allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise ValueError(f"is not a valid template ({exc}); write literal braces as {{{{ and }}}}") from None
    for name, spec, conv in fields:
        if name not in PLACEHOLDERS:
            shown = "{" + name + "}" if name else "{}"
            raise ValueError(f"has an unknown placeholder {shown}; use {allowed}, or 'long' / 'short'")
        if spec or conv:
            raise ValueError(f"placeholder {{{name}}} takes no format or conversion; "
                             "for a one-decimal rate use {rate1}")
    if not fields:
        raise ValueError(f"has no placeholder, so every paper would print the same text; use {allowed}, "
                         "or 'long' / 'short'")
    return value


def format_acceptance(figures: Figures, template: str) -> str:
    """The annotation line, e.g. 'Submissions: 510, Accepted: 105, Acceptance rate: 20.59%'.

    `template` is a named form (`long`, `short`) or a template of PLACEHOLDERS."""
    template = NAMED_FORMATS.get(template, template)
    return template.format(submitted=figures.submitted, accepted=figures.accepted, rate=figures.rate,
                           rate1=figures.rate1, venue=figures.venue, year=figures.year)


def venue_key(name: str) -> str:
    """Venue names compare without case, spaces or punctuation: 'USENIX ATC' == 'usenix-atc'."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


# --- which venue an entry names: cvgen.venue_decision (re-exported here) ---------------------


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

    def get(self, venue: str, year: int, cycle: str | None = None) -> Figures | None:
        return self._by_key.get((venue_key(venue), year, cycle))

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

    def __len__(self) -> int:
        return len(self._by_key)


# --- sections: summary line and papers without figures ---------------------------------------


def _papers(n: int) -> str:
    return f"{n} paper" + ("" if n == 1 else "s")


def median_rate(figures: list[Figures]) -> Decimal | None:
    """Median of the exact rates, rounded half up to one decimal (None for no figures)."""
    rates = sorted(Fraction(f.accepted * 100, f.submitted) for f in figures)
    if not rates:
        return None
    mid = len(rates) // 2
    value = rates[mid] if len(rates) % 2 else (rates[mid - 1] + rates[mid]) / 2
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def publication_summary(pubs: list[Any]) -> str:
    """'13 papers; median acceptance rate of their venues 20.1%': only papers with figures
    count for the median, and the line says how many when not all have them
    ('13 papers; median acceptance rate of their venues 20.6% (11 with figures)')."""
    with_figures = [p.figures for p in pubs if p.figures is not None]
    text = _papers(len(pubs))
    median = median_rate(with_figures)
    if median is None:
        return text
    if len(with_figures) == len(pubs):
        return f"{text}; median acceptance rate of their venues {median}%"
    return f"{text}; median acceptance rate of their venues {median}% ({len(with_figures)} with figures)"


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
    return (f"{_papers(len(pubs))} at conferences with no acceptance figures in venues.yaml or the venue "
            f"database: {listed}; add their figures to venues.yaml, or set 'acceptance: false' for this section")


def load_venue_figures(path: Path, problems: Problems) -> VenueFigures:
    """Read venues.yaml: `VENUE: {YEAR: {submitted: N, accepted: M}}`; check that counts add up."""
    doc = load_yaml(path, problems)
    if doc is None:
        return VenueFigures([])
    figures: list[Figures] = []
    if not isinstance(doc.data, dict):
        line, col = doc.where(())
        problems.error(path, line, col, "must be a mapping from venue names to years")
        return VenueFigures([])
    seen: dict[str, str] = {}
    for venue, years in doc.data.items():
        where = doc.where((venue,), key=True)
        if venue_key(venue) in seen and seen[venue_key(venue)] != venue:
            problems.error(path, *where, f"venue '{venue}' is the same as '{seen[venue_key(venue)]}'; merge them")
        seen[venue_key(venue)] = venue
        if not isinstance(years, dict):
            problems.error(path, *doc.where((venue,)), f"'{venue}' must map years to figures, e.g. 2024: {{submitted: 282, accepted: 49}}")
            continue
        for year, value in years.items():
            figures.extend(_year_figures(doc, str(venue), year, value, problems))
    return VenueFigures(figures)


def _year_figures(doc: YamlDoc, venue: str, year: Any, value: Any, problems: Problems) -> list[Figures]:
    path = (venue, year)
    if isinstance(year, str) and year.isdigit():
        year = int(year)
    if not (isinstance(year, int) and 1900 <= year <= 2200):
        problems.error(doc.file, *doc.where(path, key=True), f"'{year}' under '{venue}' is not a year; write e.g. 2024")
        return []
    if isinstance(value, dict) and "cycles" in value:
        cycles = value["cycles"]
        if not isinstance(cycles, dict):
            problems.error(doc.file, *doc.where(path + ("cycles",)), "'cycles' must map cycle names to figures")
            return []
        out = []
        for cycle, counts in cycles.items():
            fig = _counts(doc, path + ("cycles", cycle), venue, int(year), counts, problems, str(cycle))
            if fig:
                out.append(fig)
        rest = {k: v for k, v in value.items() if k != "cycles"}
        if rest:
            fig = _counts(doc, path, venue, year, rest, problems, None)
            if fig:
                out.append(fig)
        return out
    fig = _counts(doc, path, venue, year, value, problems, None)
    return [fig] if fig else []


def _counts(doc: YamlDoc, path: tuple[Any, ...], venue: str, year: int, value: Any, problems: Problems,
            cycle: str | None) -> Figures | None:
    label = f"{venue} {year}" + (f" cycle {cycle}" if cycle else "")
    if not isinstance(value, dict):
        problems.error(doc.file, *doc.where(path), f"{label} must be a mapping such as {{submitted: 282, accepted: 49}}")
        return None
    ok = True
    for key in value:
        if key not in ("submitted", "accepted", "rate"):
            problems.error(doc.file, *doc.where(path + (key,), key=True),
                           f"unknown key '{key}' in {label}; use submitted, accepted (and optionally rate)")
            ok = False
    counts: dict[str, int] = {}
    for key in ("submitted", "accepted"):
        if key not in value:
            problems.error(doc.file, *doc.where(path), f"{label} has no '{key}' count; add it")
            ok = False
            continue
        n = value[key]
        if not isinstance(n, int) or isinstance(n, bool) or n <= 0:
            problems.error(doc.file, *doc.where(path + (key,)), f"'{key}' of {label} must be a positive whole number, not {n!r}")
            ok = False
            continue
        counts[key] = n
    if not ok:
        return None
    if counts["accepted"] > counts["submitted"]:
        problems.error(doc.file, *doc.where(path + ("accepted",)),
                       f"{label}: accepted ({counts['accepted']}) is more than submitted ({counts['submitted']}); "
                       "check both counts")
        return None
    line, _ = doc.where(path)
    fig = Figures(venue, year, counts["submitted"], counts["accepted"], cycle, f"{doc.file}:{line}")
    if "rate" in value:
        typed = value["rate"]
        try:
            typed_rate = Decimal(str(typed).rstrip("%").strip())
        except Exception:
            typed_rate = None
        if typed_rate is None or abs(typed_rate - fig.rate) >= Decimal("0.01"):
            problems.error(doc.file, *doc.where(path + ("rate",)),
                           f"{label}: the typed rate {typed} does not match {counts['accepted']}/{counts['submitted']}"
                           f" = {fig.rate}%; remove 'rate' (cvgen computes it) or fix the counts")
            return None
    return fig
