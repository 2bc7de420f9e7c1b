"""An entry's venue decision (cvgen.venues.decision): figures only where they are certain."""

from __future__ import annotations

import pytest

from cvgen.venues.decision import venue_decision


def _acr(venue: object) -> str | None:
    return venue.acronym if venue is not None else None  # type: ignore[attr-defined]


# --- what an entry's venue decides: figures only where they are certain ---------------------

@pytest.mark.parametrize("container,short,year,status,venue,host", [
    ("Proceedings of the 42nd International Conference on Software Engineering", [], 2020, "resolved", "ICSE", None),
    # a NIER paper whose series names ICSE: the series must not bring ICSE's figures back
    ("Proceedings of the ACM/IEEE 42nd International Conference on Software Engineering: New Ideas and "
     "Emerging Results", ["ICSE '20"], 2020, "track", None, "ICSE"),
    ("ICSE-NIER 2020", ["ICSE '20"], 2020, "track", None, "ICSE"),
    ("Proceedings of the AAAI 2019 Spring Symposium on Combining Machine Learning with Knowledge Engineering",
     ["AAAI"], 2019, "track", None, "AAAI"),
    ("ICLR 2024", [], 2023, "year", "ICLR", None),
    ("ICLR 2024", [], 2024, "resolved", "ICLR", None),
    ("ISCA '22: Proceedings of the 49th Annual International Symposium on Computer Architecture", [], 2021,
     "year", "ISCA", None),
    ("Proceedings of Something Unknown", [], 2020, "unresolved", None, None),
    ("Proceedings of Something Unknown", ["ICSE '20"], 2020, "resolved", "ICSE", None),
    ("Proceedings of Something Unknown", ["ICSE '20"], 2021, "year", "ICSE", None),
])
def test_venue_decision(container: str, short: list, year: int, status: str, venue: str | None,
                        host: str | None) -> None:
    d = venue_decision(None, container, short, year)
    assert (d.status, _acr(d.venue), _acr(d.host)) == (status, venue, host)
    assert d.figures_allowed == (status == "resolved")


def test_venue_decision_names_both_years() -> None:
    d = venue_decision(None, "ICLR 2024", [], 2023)
    assert "2024" in d.detail and "2023" in d.detail


def test_explicit_venue_of_a_track_is_still_a_track() -> None:
    d = venue_decision("ICSE", "43rd IEEE/ACM International Conference on Software Engineering: New Ideas and "
                               "Emerging Results, ICSE (NIER) 2021", [], 2021)
    assert d.status == "track" and not d.figures_allowed
    assert venue_decision("ICSE", "Proceedings of the 43rd International Conference on Software Engineering",
                          [], 2021).figures_allowed


@pytest.mark.parametrize("title,note,status", [
    ("POSTER: Detecting Malicious Behaviour", None, "track"),
    ("Poster: A Fast Thing", None, "track"),
    ("Brief Announcement: Faster Consensus", None, "track"),
    ("Demo: A System That Works", None, "track"),
    ("Extended Abstract: Lower Bounds", None, "track"),
    ("Work-in-Progress: Early Results", None, "track"),
    ("Invited Paper: The Road Ahead", None, "track"),
    ("A Fast Thing", "Poster", "track"),
    ("A Fast Thing", "Short paper", "track"),
    ("A Fast Thing", "Workshop version", "track"),
    ("A Fast Thing", "Best Paper Award", "resolved"),
    ("A Fast Thing", "Oral presentation", "resolved"),
    ("A Fast Thing", "Creative AI Track", "track"),
    ("A Fast Thing", "Datasets and Benchmarks Track", "track"),
    ("A Fast Thing", "Main Track", "resolved"),
    ("A Fast Thing", "Research track, full paper", "resolved"),
    ("Posters Considered Harmful", None, "resolved"),
    ("Demographics of Code Review", None, "resolved"),
])
def test_posters_and_short_papers_in_main_proceedings_get_no_figures(title: str, note: str | None,
                                                                       status: str) -> None:
    """ACM prints CCS posters, PODC brief announcements and the like in the main proceedings,
    under the main booktitle: only the title (or a note) says what they are."""
    d = venue_decision(None, "Proceedings of the 2019 ACM SIGSAC Conference on Computer and Communications Security",
                       [], 2019, title=title, note=note)
    assert d.status == status, (title, note, d)
    if status == "track":
        assert d.host is not None and d.host.acronym == "CCS"
