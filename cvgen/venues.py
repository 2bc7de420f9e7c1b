"""Venue acceptance figures kept once per venue and year, and the rate arithmetic.

`content/venues.yaml` maps a venue to its years, each with submitted and accepted counts
(optionally per cycle). The rate is always computed here, never typed: accepted / submitted
as a percentage rounded half up to two decimals, so 105/510 prints 20.59 and 49/250 19.60.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from .errors import Problems
from .sources import YamlDoc, load_yaml


@dataclass(frozen=True)
class Figures:
    """Acceptance counts of one venue-year (or one cycle of it) and where they were written."""

    venue: str
    year: int
    submitted: int
    accepted: int
    cycle: str | None = None
    source: str = ""

    @property
    def rate(self) -> Decimal:
        return acceptance_rate(self.accepted, self.submitted)


def acceptance_rate(accepted: int, submitted: int) -> Decimal:
    """Percentage accepted, rounded half up to two decimals (Decimal, so 19.60 keeps its zero)."""
    if submitted <= 0:
        raise ValueError("submitted must be positive")
    return (Decimal(accepted) * 100 / Decimal(submitted)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_acceptance(figures: Figures, template: str) -> str:
    """The annotation line, e.g. 'Submissions: 510, Accepted: 105, Acceptance rate: 20.59%'."""
    return template.format(submitted=figures.submitted, accepted=figures.accepted, rate=figures.rate,
                           venue=figures.venue, year=figures.year)


def venue_key(name: str) -> str:
    """Venue names compare without case, spaces or punctuation: 'USENIX ATC' == 'usenix-atc'."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


class VenueFigures:
    """The CV's own figures, looked up by venue name and year."""

    def __init__(self, figures: list[Figures]) -> None:
        self._by_key = {(venue_key(f.venue), f.year, f.cycle): f for f in figures}

    def get(self, venue: str, year: int, cycle: str | None = None) -> Figures | None:
        return self._by_key.get((venue_key(venue), year, cycle))

    def __len__(self) -> int:
        return len(self._by_key)


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
