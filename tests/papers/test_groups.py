"""Groups, numbering, role marks with their legend, links and notes, read back from real PDFs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cvgen.pipeline import build

from ..conftest import flat, pdf_text

DATA = Path(__file__).resolve().parent.parent / "data" / "pubs"


def _build(tmp: Path, edit: tuple[str, str] | None = None, variant: str | None = None) -> Path:
    shutil.copytree(DATA, tmp / "cv")
    cv = tmp / "cv" / "cv.yaml"
    if edit:
        text = cv.read_text(encoding="utf-8")
        assert edit[0] in text
        cv.write_text(text.replace(*edit), encoding="utf-8")
    pdf = tmp / "build" / "cv.pdf"
    build(cv, pdf, variant=variant)
    return pdf


def _uris(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [a.get_object()["/A"]["/URI"] for page in PdfReader(pdf).pages for a in page.get("/Annots") or []
            if "/URI" in a.get_object().get("/A", {})]


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("grouped"))


def test_two_groups_numbered_descending_with_counts(grouped: Path) -> None:
    text = flat(pdf_text(grouped))
    assert "Publications (5)" in text
    assert "Journal articles (2)" in text and "Conference papers (3)" in text
    labels = re.findall(r"\[J\d\]|C-\d", text)
    assert labels == ["[J2]", "[J1]", "C-3", "C-2", "C-1"]
    # newest first inside each group
    assert text.index("Engines That Weave") < text.index("Notes on the Analytical Engine")
    assert text.index("Bernoulli Numbers") < text.index("Punched Cards") < text.index("Difference Engines")


def test_role_marks_and_one_legend_for_the_section(grouped: Path) -> None:
    text = flat(pdf_text(grouped))
    assert "Ada Lovelace†, Charles Babbage, Mary Somerville§" in text
    assert "Charles Babbage*, Ada Lovelace*, Mary Somerville, Michael Faraday‡" in text
    assert "Ada Lovelace, Joseph Jacquard¶" in text
    assert "Ada Lovelace, Charles Babbage§" in text  # the overlay's marks: 2=student
    legend = ("* Joint first authors. † Corresponding author. ‡ Joint senior authors. "
              "§ Student or mentee supervised. ¶ Presenting author.")
    assert text.count(legend) == 1


def test_links_are_pdf_link_annotations_with_their_targets(grouped: Path) -> None:
    text = flat(pdf_text(grouped))
    assert "2024. [DOI] [Code]" in text and "arXiv:2501.01234 [PDF] [Video]" in text and "[URL]" in text
    assert _uris(grouped) == [
        "https://doi.org/10.1000/jae.2024_12%3A4",          # % and _ survive
        "https://example.org/code/engines#readme",          # #
        "https://example.org/~ada/notes_2019.html",         # ~ is a tilde, not a space
        "https://arxiv.org/abs/2501.01234",
        "https://example.org/papers/bernoulli.pdf",
        "https://example.org/v?id=7&t=1",                   # & from the YAML overlay
    ]


def test_notes_print_under_their_entry(grouped: Path) -> None:
    text = flat(pdf_text(grouped))
    assert "[DOI] [Code] My contribution: the algebra and the writing. [J1]" in text  # cv_note field
    assert "[Video] Best Paper Award. C-2" in text  # the overlay's note


def test_ascending_over_the_section_links_off_legend_for_the_cv(tmp_path: Path) -> None:
    pdf = _build(tmp_path, ("  legend: section\n", "  legend: cv\n  links: false\n"
                            "  marks: {corresponding: {symbol: '°', legend: Corresponding.}}\n"))
    text = flat(pdf_text(pdf))
    assert re.findall(r"\[J\d\]|C-\d", text) == ["[J2]", "[J1]", "C-3", "C-2", "C-1"]
    assert "[DOI]" not in text and "[Code]" not in text and "[Video]" not in text
    assert _uris(pdf) == ["https://arxiv.org/abs/2501.01234"]  # the eprint id is text, still linked
    assert "Ada Lovelace°," in text and text.count("° Corresponding.") == 1

    pdf = _build(tmp_path / "asc", ("      numbering: descending\n      number_per_group: true\n",
                                    "      numbering: ascending\n"))
    assert re.findall(r"\[J\d\]|C-\d", flat(pdf_text(pdf))) == ["[J1]", "[J2]", "C-3", "C-4", "C-5"]


def test_legend_lists_only_the_marks_used(tmp_path: Path) -> None:
    pdf = _build(tmp_path, ("      types: [article, inproceedings]\n", "      keys: [ada2025conf]\n"))
    text = flat(pdf_text(pdf))
    assert "* Joint first authors. ‡ Joint senior authors." in text
    assert "Corresponding" not in text and "Student" not in text and "Presenting" not in text
    assert "Journal articles (" not in text  # an empty group is left out


def test_mistakes_in_groups_overlay_and_selection(tmp_path: Path) -> None:
    from cvgen.core.errors import CvError
    from cvgen.pipeline import check

    shutil.copytree(DATA, tmp_path / "cv")
    cv = tmp_path / "cv" / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text.replace('label: "C-{n}"', 'label: "C-"'), encoding="utf-8")
    with pytest.raises(CvError) as info:
        check(cv)
    assert [f"{p.line}: {p.message}" for p in info.value.problems] == [
        "18: 'label': 'C-' has no {n} for the number; write e.g. '[J{n}]' or 'C-{n}'"]
    cv.write_text(text.replace("  ada2018conf:\n", "  ada2018cnof:\n")
                  .replace("selected: [ada2025conf]", "selected: [ada2025conf, nosuchkey]"), encoding="utf-8")
    with pytest.raises(CvError) as info:
        check(cv)
    messages = [f"{p.line}: {p.message}" for p in info.value.problems]
    assert any(m.startswith("24: no entry 'ada2018cnof' in pubs.bib") for m in messages), messages
    assert any("no entry 'nosuchkey' in pubs.bib" in m for m in messages), messages


def test_entries_that_fit_no_group_are_a_warning(tmp_path: Path) -> None:
    from cvgen.pipeline import check

    shutil.copytree(DATA, tmp_path / "cv")
    cv = tmp_path / "cv" / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("types: [inproceedings]", "year: 2025"), encoding="utf-8")
    warnings = [p.message for p in check(cv).problems.warnings]
    assert "2 entries of this section fit no group and are left out (ada2023conf, ada2018conf); add a group " \
           "without filters to catch the rest" in warnings


def _edited(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    shutil.copytree(DATA, tmp_path / "cv")
    cv = tmp_path / "cv" / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    cv.write_text(text, encoding="utf-8")
    return cv


def test_selected_section_and_groups_by_year(tmp_path: Path) -> None:
    from cvgen.pipeline import check, enrich

    cv = _edited(tmp_path, ("      number_per_group: true\n", "      selected: true\n      group_by_year: true\n"))
    text = cv.read_text(encoding="utf-8")  # without the explicit groups
    cv.write_text(text[:text.index("      groups:\n")] + text[text.index("papers:\n"):], encoding="utf-8")
    block = enrich(check(cv)).blocks[0]
    # keywords = {selected} (ada2024journal) and the YAML list (ada2025conf), newest first, by year
    assert [(g.title, [p.number for p in g.entries]) for g in block.groups] == [("2025", ["[2]"]), ("2024", ["[1]"])]
    assert block.title == "Publications (2)"


def test_a_mark_symbol_pdflatex_cannot_print_is_an_error_at_its_line(tmp_path: Path) -> None:
    from cvgen.core.errors import CvError
    from cvgen.pipeline import check

    cv = _edited(tmp_path, ("  legend: section\n", "  legend: section\n  marks: {student: {symbol: '✉'}}\n"))
    with pytest.raises(CvError) as info:
        check(cv)
    assert [(p.line, p.message.split(";")[0]) for p in info.value.problems] == [
        (5, "'symbol' contains '✉' (U+2709 ENVELOPE), which pdflatex cannot print")]


def test_year_group_headings_in_the_cv_words(tmp_path: Path) -> None:
    """A German CV grouped by year heads its not-yet-out and undated papers in German, one
    heading per state (a submitted paper never sits under 'In press')."""
    from cvgen.model.cv import PublicationSelection
    from cvgen.model.words import LOCALES
    from cvgen.papers.build import build_publication, sort_newest_first
    from cvgen.papers.groups import groups
    from cvgen.bib.entries import load_bibtex
    from cvgen.core.errors import Problems
    from ..papers.test_build import FIGS

    path = tmp_path / "p.bib"
    path.write_text("@misc{u, title={U}, author={A B}}\n@misc{f, title={F}, author={A B}, pubstate={inpress}}\n"
                    "@misc{s, title={S}, author={A B}, year={submitted}}\n"
                    "@misc{d, title={D}, author={A B}, year=2020}\n", encoding="utf-8")
    problems = Problems()
    pubs = [build_publication(e, ["A B"], FIGS, True, problems) for e in load_bibtex(path, problems).values()]
    sel = PublicationSelection(group_by_year=True)
    german = groups(sort_newest_first(pubs), sel, LOCALES["de"])
    assert [(g.title, [p.key for p in g.papers]) for g in german] == [
        ("Im Druck", ["f"]), ("Eingereicht", ["s"]), ("2020", ["d"]), ("Ohne Jahr", ["u"])]  # a state each
    assert [g.title for g in groups(sort_newest_first(pubs), sel)] == ["In press", "Submitted", "2020", "Undated"]
