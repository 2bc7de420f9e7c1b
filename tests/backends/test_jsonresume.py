"""The JSON Resume backend: valid against the official schema (vendored in tests/data/jsonresume),
and every fact of the CV in it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from cvgen.enrich.enrich import enrich
from cvgen.backends.jsonresume import resume
from cvgen.pipeline import check

from ..conftest import CONTENT, ROOT
from ..test_reference import reference_lines

SCHEMA = json.loads((ROOT / "tests" / "data" / "jsonresume" / "schema.json").read_text(encoding="utf-8"))


def validate(data: object) -> None:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.fixture(scope="module")
def data(reference_pages: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(reference_pages.with_suffix(".json").read_text(encoding="utf-8"))


def test_valid_against_the_json_resume_schema(data: dict) -> None:  # type: ignore[type-arg]
    assert SCHEMA["$schema"].startswith("http://json-schema.org/draft-07")
    validate(data)


def test_the_schema_rejects_what_it_should() -> None:
    """The vendored schema and validator are live: a wrong date is caught."""
    validator = jsonschema.Draft7Validator(SCHEMA)
    assert not validator.is_valid({"work": [{"startDate": "March 2025"}]})


def test_basics_work_education(data: dict) -> None:  # type: ignore[type-arg]
    checked = check(CONTENT / "cv.yaml")
    cv = checked.cv
    assert data["basics"]["name"] == cv.name and data["basics"]["email"] == cv.email
    assert data["basics"]["url"] == cv.website and data["basics"]["summary"].startswith("I enjoy working")
    jobs = [e for s in cv.sections if hasattr(s, "experience") for e in s.experience]
    assert [(w["position"], w["name"]) for w in data["work"]] == [(e.position, e.organization) for e in jobs]
    assert data["work"][0] == {"name": "Microsoft Research, India", "position": "Principal Researcher",
                               "startDate": "2025-03"}  # no end: ongoing
    assert data["work"][1]["endDate"] == "2025-02"
    phd = data["education"][0]
    assert (phd["studyType"], phd["area"]) == ("Ph.D.", "Computer Science") and phd["score"] == "CGPA: 9/10"
    assert (data["education"][1]["studyType"], data["education"][1]["area"]) == ("M.Sc. (Engg.)", "Computer Science")
    assert phd["thesis"] == "Operating System Support for Efficient Virtual Memory"
    assert (phd["startDate"], phd["endDate"]) == ("2018-08", "2022-07")


def test_publications_keep_authors_acceptance_and_section(data: dict) -> None:  # type: ignore[type-arg]
    checked = check(CONTENT / "cv.yaml")
    pubs = [p for section in checked.publications for p in section or []]
    assert [p["name"] for p in data["publications"]] == [p.title for p in pubs]
    for got, pub in zip(data["publications"], pubs):
        assert got["authors"] == [a.name for a in pub.authors]  # no author lost
        assert got["releaseDate"].startswith(str(pub.year))
    trident = next(p for p in data["publications"] if p["name"].startswith("Trident"))
    assert trident["jointFirstAuthors"] == ["Venkat Sri Sai Ram", "Arkaprava Basu"]
    assert trident["badges"] == ["Artifact Evaluated"] and trident["venue"] == "MICRO"
    assert trident["section"] == "Research Publications (full conference papers)"
    acceptance = [p["acceptance"] for p in data["publications"] if "acceptance" in p]
    assert acceptance == [line for line in reference_lines() if line.startswith("Submissions: ")]


def test_publisher_is_the_venue_and_figures_are_numbers(data: dict) -> None:  # type: ignore[type-arg]
    """A theme prints "Published by <publisher>": the proceedings as the entry names them, not
    the citation sentence; the figures behind the acceptance line are numbers."""
    pod = next(p for p in data["publications"] if p["name"].startswith("POD-Attention"))
    assert pod["publisher"] == ("proceedings of the 30th ACM International Conference on Architectural Support for "
                                "Programming Languages and Operating Systems (ASPLOS) 2025")
    assert pod["acceptanceFigures"] == {"submitted": 510, "accepted": 105}
    assert not any(p.get("publisher", "").startswith("In ") for p in data["publications"])
    figures = [p for p in data["publications"] if "acceptanceFigures" in p]
    assert len(figures) == sum(1 for p in data["publications"] if "acceptance" in p) > 0


def test_talks_teaching_awards_and_service_where_themes_show_them(data: dict) -> None:  # type: ignore[type-arg]
    assert "cvgenSections" not in data  # every section of the reference CV has a standard home
    talks = [p for p in data["projects"] if p["type"] == "talk"]
    useful = next(t for t in talks if t["name"] == "Making Huge Pages Actually Useful")
    assert useful["venues"][0] == {"at": "ACM Inter-Research-Institute Student Symposium, Kochi, India",
                                   "date": "2019-02"}
    assert talks[0] == {"name": "Enabling Determinism in LLM Inference", "entity": "CDS, IISc", "startDate": "2024",
                        "type": "talk", "section": "Technical Talks"}
    courses = [p for p in data["projects"] if p["type"] == "teaching"]
    assert courses[0]["name"] == "Operating Systems" and courses[0]["term"] == "Jan-April, 2023"
    assistant = [c for c in courses if "sectionIntro" in c]
    assert assistant and all("teaching assistant" in c["sectionIntro"] for c in assistant)  # who did what is kept
    assert data["awards"][0]["title"].startswith("Recipient of the Alumni Medal")
    assert data["volunteer"][0] == {"organization": "IEEE/ACM International Symposium on Computer Architecture "
                                                    "(ISCA), 2026.",
                                    "sectionIntro": "I have served as a reviewer on the following program committees:"}
    basu = data["references"][0]
    assert basu == {"name": "Arkaprava Basu", "reference": "Associate Professor, Indian Institute of Science",
                    "position": "Associate Professor", "affiliation": "Indian Institute of Science",
                    "email": "arkapravab@iisc.ac.in"}  # content/cv.yaml publishes its referees' addresses


def test_referee_contacts_stay_off_the_web_by_default() -> None:
    """Without `publish_referee_contacts`, no referee's e-mail reaches the HTML, Markdown or
    JSON (the PDF, which the owner sends, keeps them)."""
    from cvgen.backends import html, markdown

    checked = check(CONTENT / "cv.yaml")
    cv = replace(checked.cv, settings=replace(checked.cv.settings, publish_referee_contacts=False))
    enriched = enrich(cv, checked.publications)
    addresses = ["arkapravab@iisc.ac.in", "markhill@cs.wisc.edu"]
    for text in (html.render(enriched), markdown.render(enriched), json.dumps(resume(enriched))):
        assert not [a for a in addresses if a in text]
        assert cv.email in text  # the owner's own address stays
    assert all(r.get("name") for r in resume(enriched)["references"])


def test_lists_of_unknown_kind_keep_their_own_key() -> None:
    from cvgen.backends.jsonresume import _list_home

    assert [_list_home(t) for t in ("Honors and Awards", "Professional Service", "Auszeichnungen", "Skills", None,
                                    "Awards and Service")] == ["awards", "volunteer", "awards", None, None, None]


def test_a_minimal_cv_is_valid_too() -> None:
    checked = check(CONTENT / "cv.yaml")
    cv = replace(checked.cv, email=None, website=None)
    out = resume(enrich(cv, checked.publications))
    assert "email" not in out["basics"]
    validate(out)


def test_an_undated_paper_has_no_release_date(tmp_path: Path) -> None:
    """No year (and a forthcoming one) leaves releaseDate out instead of writing "0000"."""
    (tmp_path / "pubs.bib").write_text(
        "@misc{noyear, title = {Undated Note}, author = {Ada Lovelace}}\n"
        "@article{soon, title = {Coming Soon}, author = {Ada Lovelace}, journal = {J}, pubstate = {forthcoming}}\n"
        "@misc{dated, title = {Dated Note}, author = {Ada Lovelace}, year = 2020, month = mar}\n", encoding="utf-8")
    (tmp_path / "cv.yaml").write_text("name: Ada Lovelace\nbibliography: pubs.bib\nsections:\n"
                                      "  - title: Publications\n    publications: {}\n", encoding="utf-8")
    checked = check(tmp_path / "cv.yaml")
    out = resume(enrich(checked.cv, checked.publications))
    dates = {p["name"]: p.get("releaseDate") for p in out["publications"]}
    assert dates == {"Undated Note": None, "Coming Soon": None, "Dated Note": "2020-03"}
    assert "0000" not in json.dumps(out)
    validate(out)
