"""Figures the CV keeps in venues.yaml print for a venue the shipped database lacks, and for a
track under its own name; never the host's for a track (issue 21 item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cvgen.core.errors import Problems
from cvgen.papers.build import build_publication
from cvgen.bib.entries import load_bibtex
from cvgen.venues.figures import load_venue_figures

from ..conftest import CONTENT, cvgen, flat, pdf_text

ENTRIES = """
@inproceedings{sot,
  author = {Ashish Panwar}, title = {A Paper at a Small Workshop}, year = {2024},
  booktitle = {Proceedings of the Symposium on Tiny Things}, venue = {SOT},
}
@inproceedings{tiny,
  author = {Ashish Panwar}, title = {Another Small Paper}, year = {2024},
  booktitle = {Proceedings of the Conference on Tiny Things (CTT)},
}
@inproceedings{chiea,
  author = {Ashish Panwar}, title = {An Extended Abstract}, year = {2015}, venue = {CHI},
  booktitle = {Proceedings of the 33rd Annual ACM Conference Extended Abstracts on Human Factors in Computing Systems},
  series = {CHI EA '15},
}
"""
VENUES = "SOT:\n  2024: {submitted: 97, accepted: 13}\nCTT:\n  2024: {submitted: 40, accepted: 20}\n" \
         "CHI:\n  2015: {submitted: 2120, accepted: 486}\n"


@pytest.fixture
def publications(tmp_path: Path) -> dict[str, object]:
    (tmp_path / "p.bib").write_text(ENTRIES, encoding="utf-8")
    (tmp_path / "venues.yaml").write_text(VENUES, encoding="utf-8")
    problems = Problems()
    figures = load_venue_figures(tmp_path / "venues.yaml", problems)
    entries = load_bibtex(tmp_path / "p.bib", problems)
    built = {key: build_publication(entry, ["Ashish Panwar"], figures, True, problems) for key, entry in entries.items()}
    assert not problems.errors
    return built


def test_a_venue_the_database_lacks_prints_the_cvs_own_figures(publications: dict) -> None:  # type: ignore[type-arg]
    assert (publications["sot"].figures.submitted, publications["sot"].figures.accepted) == (97, 13)
    assert (publications["tiny"].figures.submitted, publications["tiny"].figures.accepted) == (40, 20)  # (CTT)


def test_a_track_never_takes_its_hosts_figures_even_the_cvs_own(publications: dict) -> None:  # type: ignore[type-arg]
    assert publications["chiea"].figures is None


def test_the_pdf_prints_them(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "c")
    bib = tmp_path / "c" / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + ENTRIES.replace("}\n@", ",\n  keywords = {full},\n}\n@", 1)
                   .split("@inproceedings{tiny")[0], encoding="utf-8")
    venues = tmp_path / "c" / "venues.yaml"
    venues.write_text(venues.read_text(encoding="utf-8") + VENUES.split("CTT:")[0], encoding="utf-8")
    built = cvgen("build", tmp_path / "c" / "cv.yaml", "-o", tmp_path / "cv.pdf")
    assert built.returncode == 0, built.stderr
    text = flat(pdf_text(tmp_path / "cv.pdf"))
    assert "A Paper at a Small Workshop" in text
    assert "Submissions: 97, Accepted: 13, Acceptance rate: 13.40%" in text


@pytest.mark.parametrize(("fields", "where"), [
    ({"series": "CHI Extended Abstracts"}, "series"),
    ({"series": "CHI EA '15"}, "series"),
    ({"series": "AAAI Technical Reports", "number": "FS-16"}, "series"),
    ({"number": "FS-16"}, "number"),
    ({"number": "SS-19"}, "number"),
    ({"eventtitle": "CHI Late-Breaking Work"}, "eventtitle"),
    ({"note": "Industry Track"}, "note"),
    ({"title": "Poster: A Small Result"}, "title"),
])
def test_a_track_named_anywhere_is_a_track(fields: dict[str, str], where: str) -> None:
    """Issue 20: a track or satellite named in any field never takes the main conference's figures."""
    from cvgen.venues.decision import venue_decision

    decision = venue_decision("CHI", "Proceedings of the 2015 CHI Conference on Human Factors in Computing Systems",
                              (), 2015, title=fields.get("title", "A Paper"), note=fields.get("note"),
                              series=fields.get("series"), number=fields.get("number"),
                              eventtitle=fields.get("eventtitle"))
    assert decision.status == "track" and decision.host and decision.host.acronym == "CHI", decision
    assert f"in the {where}" in decision.detail


def test_the_main_track_stays_resolved() -> None:
    from cvgen.venues.decision import venue_decision

    decision = venue_decision("CHI", "Proceedings of the 2015 CHI Conference on Human Factors in Computing Systems",
                              (), 2015, title="A Paper", series="CHI '15", number="123")
    assert decision.status == "resolved"


def test_the_audit_is_kept_with_the_data() -> None:
    """Every venue-year the sources disagree on is listed with each source's figures and the
    choice made; a withheld one (CHI 2015) prints no figures."""
    import csv

    from cvgen.venues.figures import database_figures

    data = Path(__file__).resolve().parents[2] / "cvgen" / "data"
    with open(data / "venues-disagreements.csv", newline="", encoding="utf-8") as f:
        audit = {(r["venue"], int(r["year"])): r for r in csv.DictReader(f)}
    assert len(audit) > 400 and all(r["choice"].startswith(("printed: ", "withheld: ")) for r in audit.values())
    assert audit[("CHI", 2015)]["choice"].startswith("withheld: ") and database_figures("CHI", 2015) is None
    with open(data / "venues.csv", newline="", encoding="utf-8") as f:
        shipped = {(r["venue"], int(r["year"])): r for r in csv.DictReader(f) if not r["cycle"]}
    for key, row in audit.items():
        if row["choice"].startswith("printed: ") and key in shipped:
            figures = row["choice"].split()[2]  # "printed: SOURCE S/A (...)"
            assert figures == f"{shipped[key]['submitted']}/{shipped[key]['accepted']}", key
