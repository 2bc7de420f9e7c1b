"""Which venue an entry names, and whether its acceptance figures are certain.

The decision reads the entry's `venue` field, booktitle / journal, short names (series,
shortjournal, the archive), title and note, and says: resolved (figures may print),
unresolved, a track of a venue (a NIER paper, a workshop, a 'POSTER:' in the main
proceedings: never the host's figures), or a booktitle year that differs from the entry's
(which one is right is unknown: no figures). `cvgen venues check` prints each decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cvgen.venues import database as venue_db


_SATELLITE = re.compile(r"\b(workshops?|companion|adjunct|findings|posters?|demos?|abstracts|doctoral|"
                        r"tutorials?|co-located|nier|seip|seet|symposium series|spring symposium|"
                        r"fall symposium)\b", re.I)


@dataclass(frozen=True)
class VenueDecision:
    """What an entry's venue fields decide: the venue, and whether its figures are certain.

    status: `resolved` (figures may print), `unresolved`, `track` (a track, satellite or
    co-located event of `host`: never the host's figures) or `year` (the booktitle names
    another year than the entry: which one is right is unknown, so no figures)."""

    venue: venue_db.Venue | None
    status: str
    host: venue_db.Venue | None = None
    detail: str = ""  # the track's words, or the two years

    @property
    def figures_allowed(self) -> bool:
        return self.status == "resolved"

    def describe(self) -> str:
        """One line for `cvgen venues check`."""
        if self.status == "track" and self.host:
            return f"a track of {self.host.acronym} ({self.detail}): no figures"
        if self.status == "year" and self.venue:
            return f"{self.venue.acronym}, but {self.detail}: no figures"
        return f"resolved to {self.venue.acronym}" if self.venue else "not resolved"


# A paper the main proceedings print under the main booktitle but that is not a main-track
# paper: 'POSTER: ...' (CCS), 'Brief Announcement: ...' (PODC, SPAA), 'Demo: ...'.
_TRACK_TITLE = re.compile(r"^\s*(posters?|demo|demonstration|brief announcement|extended abstract|"
                          r"work[- ]in[- ]progress|wip|invited (?:paper|talk)|keynote|tutorial|panel|short paper|"
                          r"student research competition|src|doctoral symposium|late[- ]breaking(?: results)?)\s*[:.]",
                          re.I)
_TRACK_NOTE = re.compile(r"\b(posters?|demo|demonstration|short paper|workshop|extended abstract|"
                         r"work[- ]in[- ]progress|brief announcement|tutorial|doctoral|student research|"
                         r"late[- ]breaking|findings|companion|adjunct|"
                         r"(?<!main )(?<!research )(?<!technical )track)\b", re.I)


# Track and satellite words wherever an exporter puts them: the booktitle, the series
# ('CHI EA '15', 'AAAI Technical Reports'), the number ('FS-16': an AAAI Fall Symposium), the
# event's title. A paper so named never takes its host's figures.
_TRACK_WORDS = re.compile(r"\b(extended abstracts?|companion|adjunct|findings|posters?|demos?|demonstrations?|"
                          r"late[- ]breaking|doctoral|workshops?|tutorials?|co-located|fall symposium|"
                          r"spring symposium|symposium series|technical reports?|early research achievements|nier|"
                          r"student research|work[- ]in[- ]progress|(?<!main )(?<!research )(?<!technical )track)\b",
                          re.I)
_TRACK_SERIES = re.compile(r"\b(EA|LBW|WIP|SRC)\b")  # CHI EA '15, CHI LBW, ... (capitals only)
_TRACK_NUMBER = re.compile(r"^\s*(FS|SS|WS)-\d{2}\s*$", re.I)  # AAAI's Fall/Spring Symposium and Workshop reports


def _named_track(series: str | None, number: str | None, eventtitle: str | None,
                 container: str | None) -> tuple[str, str] | None:
    """(field, words) of a track named outside the title and note, or None."""
    for field, text in (("booktitle", container), ("series", series), ("eventtitle", eventtitle)):
        if text and (m := _TRACK_WORDS.search(text)):
            return field, m.group(1)
    if series and (m := _TRACK_SERIES.search(series)):
        return "series", m.group(1)
    if number and (m := _TRACK_NUMBER.match(number)):
        return "number", m.group(1).upper()
    return None


def venue_decision(explicit: str | None, container: str | None, short_names: Iterable[str | None] = (),
                   year: int | None = None, title: str | None = None, note: str | None = None,
                   series: str | None = None, number: str | None = None,
                   eventtitle: str | None = None) -> VenueDecision:
    """The canonical venue of an entry and whether figures may print for it.

    `explicit` (the BibTeX `venue` field) names the venue, looked up as an acronym or alias,
    then as free text, never falling back to the booktitle; but a booktitle (`container`)
    that names a track of that venue keeps it a track. Otherwise the booktitle / journal is
    resolved; the short names (shortjournal, series, arXiv...) are tried only when it names
    nothing at all (a workshop or track shares its host's series and acronym)."""
    texts = [t for t in (explicit, container) if t and t.strip()]
    found = venue_db.decide(container) if container and container.strip() else venue_db.Decision(None)
    if explicit and explicit.strip():
        v = venue_db.venue(explicit)
        chosen = venue_db.Decision(v) if v else venue_db.decide(explicit)
        if chosen.venue and found.host and found.host.acronym == chosen.venue.acronym:
            chosen = found
    else:
        chosen = found
        if chosen == venue_db.Decision(None) and not (container and _SATELLITE.search(container)):
            for name in short_names:
                if name and name.strip() and (v := venue_db.venue(name) or venue_db.resolve(name)):
                    chosen = venue_db.Decision(v)
                    texts.append(name)  # 'ICSE '20' as the series of a 2021 paper: a year in doubt
                    break
    if chosen.host is not None:
        return VenueDecision(None, "track", chosen.host, chosen.track or "")
    if chosen.venue is not None and chosen.venue.kind == "conference":
        marks = (("title", title and _TRACK_TITLE.match(title)), ("note", note and _TRACK_NOTE.search(note)))
        for field, marked in marks:
            if marked:
                return VenueDecision(None, "track", chosen.venue, f"'{marked.group(1)}' in the {field}")
        if named := _named_track(series, number, eventtitle, container):
            return VenueDecision(None, "track", chosen.venue, f"'{named[1]}' in the {named[0]}")
    if chosen.venue is None:
        return VenueDecision(None, "unresolved")
    if year is not None:
        for text in texts:
            written = venue_db.booktitle_years(text)
            if written and year not in written:
                said = " or ".join(str(y) for y in sorted(written))
                return VenueDecision(chosen.venue, "year", None, f"'{text}' says {said} and the year is {year}")
    return VenueDecision(chosen.venue, "resolved")


