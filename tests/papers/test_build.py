"""BibTeX entries -> publications: names, roles, tags, badges, figures, order."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvgen.core.errors import Problems
from cvgen.model.cv import PublicationSelection
from cvgen.bib.decode import decode_text
from cvgen.bib.names import parse_name, split_names
from cvgen.papers.build import build_publication, select, sort_newest_first
from cvgen.bib.entries import load_bibtex
from cvgen.venues.figures import Figures, VenueFigures

FIGS = VenueFigures([Figures("ASPLOS", 2025, 510, 105), Figures("OSDI", 2024, 282, 49)])


def _pubs(tmp_path: Path, text: str, owners: list[str] | None = None) -> tuple[list, Problems]:
    path = tmp_path / "p.bib"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    entries = load_bibtex(path, problems)
    pubs = [build_publication(e, owners or ["Ada Lovelace"], FIGS, True, problems) for e in entries.values()]
    return [p for p in pubs if p], problems


def test_names_split_before_decoding() -> None:
    assert [parse_name(n).display for n in split_names(r"M{\"u}ller, J. and {Barnes and Noble, Inc.} and others")] == \
        ["J. Müller", "Barnes and Noble, Inc.", "et al."]
    assert decode_text(r"Caf{\'e} \& {GPU} 10--20") == "Café & GPU 10–20"


def test_conference_paper(tmp_path: Path) -> None:
    pubs, problems = _pubs(tmp_path, r"""@inproceedings{k,
  title = {{POD}: Fast}, author = {Lovelace, Ada and Charles Babbage and others},
  author+an = {2=equal},
  booktitle = {proceedings of the 30th ACM Conference on Things (ASPLOS)}, year = 2025,
  badges = {Artifact Evaluated, Best Artifact Award}}""")
    assert not problems.items
    p = pubs[0]
    assert p.tag == "ASPLOS'25" and p.title == "POD: Fast"
    assert [(a.name, a.owner, a.joint_first, a.others) for a in p.authors] == [
        ("Ada Lovelace", True, False, False), ("Charles Babbage", False, True, False), ("et al.", False, False, True)]
    assert p.venue_line == "In proceedings of the 30th ACM Conference on Things (ASPLOS), 2025."
    assert p.badges == ["Artifact Evaluated", "Best Artifact Award"]
    assert (p.figures.submitted, p.figures.accepted) == (510, 105)


def test_year_in_booktitle_is_not_repeated_and_no_figures_elsewhere(tmp_path: Path) -> None:
    pubs, _ = _pubs(tmp_path, """@inproceedings{k, title={T}, author={A B},
  booktitle={proceedings of the Symposium on Memory (ISMM) 2025}, year=2025}
@misc{p, title={P}, author={A B}, year=2026, eprinttype={arXiv}}
@article{j, title={J}, author={A B}, journal={IEEE Computer Architecture Letters}, shortjournal={IEEE CAL}, year=2024}
@inproceedings{w, title={W}, author={A B}, booktitle={Workshop on Systems (APSys)}, venue={ApSys}, year=2025}""")
    by_key = {p.key: p for p in pubs}
    assert by_key["k"].venue_line.endswith("(ISMM) 2025.") and by_key["k"].figures is None
    assert by_key["p"].tag == "Pre-print. arXiv'26" and by_key["p"].venue_line is None
    assert by_key["j"].tag == "IEEE CAL'24" and by_key["j"].kind == "journal"
    assert by_key["w"].kind == "workshop" and by_key["w"].tag == "ApSys'25" and by_key["w"].figures is None


def test_missing_fields_are_warnings_and_the_entry_prints_with_what_it_has(tmp_path: Path) -> None:
    """The policy (cvgen.core.policy): no author, no title, no venue, no year: a warning each,
    at the entry, and the publication is built from what is there; nothing is made up."""
    pubs, problems = _pubs(tmp_path, "\n@inproceedings{k, title={T}, year=2020}\n@misc{n, author={A B}, year=2021}\n"
                                     "@article{v, title={V}, author={A B}, year=2022}\n"
                                     "@misc{y, title={Y}, author={A B}}\n")
    assert not problems.errors
    assert [(p.line, p.message.split(";")[0]) for p in problems.warnings] == [
        (2, "entry 'k' has no 'author' field (the author list)"), (2, "entry 'k' has no 'booktitle' field "
                                                                      "(the conference's name)"),
        (3, "entry 'n' has no 'title' field (the title)"),
        (4, "entry 'v' has no 'journal' field (the journal's name (or eprinttype = {arXiv} for a pre-print))"),
        (5, "entry 'y' has no 'year' field")]
    by_key = {p.key: p for p in pubs}
    assert by_key["k"].authors == [] and by_key["k"].title == "T" and by_key["k"].tag is None
    assert by_key["n"].title == "" and by_key["n"].venue_line == "2021."
    assert by_key["v"].venue_line == "2022." and by_key["v"].tag is None
    assert (by_key["y"].year, by_key["y"].undated, by_key["y"].venue_line) == (0, True, None)
    assert [p.key for p in sort_newest_first(pubs)] == ["v", "n", "k", "y"]  # no year: after the dated ones


@pytest.mark.parametrize(("written", "year", "printed"), [
    ("2009/10", 2009, "2009/10."), ("2006--2017", 2006, "2006–2017."), ("2019a", 2019, "2019a."),
    ("{2019b}", 2019, "2019b."), ("2020", 2020, "2020.")])
def test_years_as_people_write_them_print_as_written_and_sort_by_the_first(
        tmp_path: Path, written: str, year: int, printed: str) -> None:
    pubs, problems = _pubs(tmp_path, f"@misc{{k, title={{T}}, author={{A B}}, year = {written}}}\n"
                                     "@misc{z, title={Z}, author={A B}, year=2005}\n")
    assert not problems.items
    assert (pubs[0].year, pubs[0].venue_line, pubs[0].undated) == (year, printed, False)
    assert [p.key for p in sort_newest_first(pubs)] == ["k", "z"]


@pytest.mark.parametrize(("written", "status"), [
    ("upcoming", "forthcoming"), ("{in press}", "in press"), ("forthcoming", "forthcoming"),
    ("{Submitted}", "submitted")])
def test_a_state_written_as_the_year_is_a_state(tmp_path: Path, written: str, status: str) -> None:
    pubs, problems = _pubs(tmp_path, f"@misc{{k, title={{T}}, author={{A B}}, year = {written}}}\n"
                                     "@misc{z, title={Z}, author={A B}, year=2024}\n")
    assert not problems.items
    assert (pubs[0].year, pubs[0].status, pubs[0].undated) == (0, status, False)
    assert [p.key for p in sort_newest_first(pubs)] == ["k", "z"]  # forthcoming first, as before


@pytest.mark.parametrize("written", ["0", "{-}", "{n.d.}", "{20x}"])
def test_no_year_written_as_a_year_is_no_year_with_a_warning(tmp_path: Path, written: str) -> None:
    pubs, problems = _pubs(tmp_path, f"@misc{{k, title={{T}}, author={{A B}}, year = {written}}}\n"
                                     "@misc{z, title={Z}, author={A B}, year=2024}\n")
    assert [(p.severity, p.line) for p in problems.items] == [("warning", 1)]
    assert "prints without a year" in problems.items[0].message
    assert (pubs[0].year, pubs[0].undated, pubs[0].venue_line, pubs[0].tag) == (0, True, None, None)
    assert [p.key for p in sort_newest_first(pubs)] == ["z", "k"]


@pytest.mark.parametrize(("written", "month"), [
    ("JULY", 7), ("{Sept.}", 9), ("{17--23 Jul}", 7), ("sep", 9), ("{12}", 12), ("1", 1), ("{mAy}", 5)])
def test_months_as_people_write_them(tmp_path: Path, written: str, month: int) -> None:
    pubs, problems = _pubs(tmp_path, f"@misc{{k, title={{T}}, author={{A B}}, year=2020, month = {written}}}")
    assert not problems.items and pubs[0].month == month


@pytest.mark.parametrize("written", ["{٣}", "13", "{Spring}", "JULIO"])
def test_a_month_that_is_no_month_is_a_warning_naming_the_field(tmp_path: Path, written: str) -> None:
    pubs, problems = _pubs(tmp_path, f"@misc{{k, title={{T}}, author={{A B}}, year=2020, month = {written}}}")
    assert [(p.severity, p.message.split(",")[0]) for p in problems.items] == [
        ("warning", f"month '{written.strip('{}')}' of entry 'k' is not a month")]
    assert pubs[0].month == 0 and pubs[0].venue_line == "2020."


def test_names_separated_by_commas_keep_their_order(tmp_path: Path) -> None:
    pubs, problems = _pubs(tmp_path, "@misc{a, title={T}, year=2020, author={Babbage, Charles, Ada Lovelace, and "
                                     "Mary Somerville}}\n"
                                     "@misc{b, title={T}, year=2020, author={Charles Babbage, Ada Lovelace, Mary "
                                     "Somerville}}\n")
    assert [p.severity for p in problems.items] == ["warning", "warning"]
    assert "print as written" in problems.items[0].message and "read as 3 names" in problems.items[1].message
    assert [a.name for a in pubs[0].authors] == ["Babbage, Charles, Ada Lovelace, and Mary Somerville"]
    assert [(a.name, a.owner) for a in pubs[1].authors] == [
        ("Charles Babbage", False), ("Ada Lovelace", True), ("Mary Somerville", False)]


def test_selection_and_order(tmp_path: Path) -> None:
    path = tmp_path / "p.bib"
    path.write_text("@misc{a, title={A}, author={X}, year=2019, keywords={short}}\n"
                    "@inproceedings{b, title={B}, author={X}, booktitle={C (X)}, year=2021, keywords={full, x}}\n"
                    "@inproceedings{c, title={C}, author={X}, booktitle={C (X)}, year=2021, month=oct, keywords={full}}\n",
                    encoding="utf-8")
    problems = Problems()
    entries = load_bibtex(path, problems)
    chosen = select(entries, PublicationSelection(keyword="full"))
    assert [e.key for e in chosen] == ["b", "c"]
    pubs = [build_publication(e, ["X"], FIGS, True, problems) for e in entries.values()]
    assert [p.key for p in sort_newest_first(pubs)] == ["c", "b", "a"]
    assert [e.key for e in select(entries, PublicationSelection(keys=["c", "a"]))] == ["c", "a"]


def test_bibtex_as_people_write_it_reads_back_from_the_pdf(tmp_path: Path) -> None:
    """Accents, \\&, --, braces, @string, month macros, et al., corporate authors, math."""
    from cvgen.pipeline import build

    from ..conftest import flat, pdf_text

    (tmp_path / "p.bib").write_text(r"""@string{sosp = "Proceedings of the 29th Symposium on Operating Systems Principles (SOSP)"}
@inproceedings{k1,
  author    = {M{\"u}ller, J{\"o}rg and Fran\c{c}ois Lef\`{e}vre and {Barnes and Noble, Inc.} and Ada Lovelace and others},
  title     = {Caf{\'e} \& {GPU}s: 10--20{\%} Faster with $\times$ Speed-ups},
  booktitle = sosp,
  month     = oct,
  year      = 2023,
}
""", encoding="utf-8")
    (tmp_path / "cv.yaml").write_text("name: Ada Lovelace\nbibliography: p.bib\nsections:\n"
                                      "  - title: Papers\n    publications: {types: [inproceedings]}\n", encoding="utf-8")
    pdf = tmp_path / "out" / "cv.pdf"
    build(tmp_path / "cv.yaml", pdf)
    text = flat(pdf_text(pdf))
    assert "[SOSP'23] Café & GPUs: 10–20% Faster with × Speed-ups" in text
    assert "Jörg Müller, François Lefèvre, Barnes and Noble, Inc., Ada Lovelace, et al." in text
    assert "In Proceedings of the 29th Symposium on Operating Systems Principles (SOSP), 2023." in text


def test_latex_as_people_write_it_reads_back_from_the_pdf(tmp_path: Path) -> None:
    """Every problem of issue 10's 'LaTeX in fields' list, built with pdflatex and read back."""
    from cvgen.pipeline import build

    from ..conftest import flat, pdf_text

    (tmp_path / "p.bib").write_text(r"""@article{a,
  title = {\href{https://example.org/x_y}{Linked} \texttt{ghOSt} \mbox{Word} \LaTeX{} {\textbar} Co\-Design\ldots},
  author = {Ada Lovelace and \textbf{Allesina, S.} and \'Emile Zola and \v{C}apek, Karel},
  journal = {\apj}, year = 2024, volume = 3, pages = {1--9}, eprint = {2401.01234}, archivePrefix = {arXiv},
}
@article{b,
  title = {{\noopsort{zz}}End of $\sim$10 M$_\odot$ stars: $\alpha$, $3\times 4$ and $O(n^2)$ at 5~K \& more},
  author = {Lovelace, A.},
  journal = {\mnras}, year = 2023,
}
@book{c, title = {A Book}, author = {Lovelace, Ada}, publisher = {MIT Press}, address = {Cambridge}, year = 2020}
@phdthesis{d, title = {A Thesis}, author = {Lovelace, Ada}, school = {IISc}, year = 2019}
@misc{e, title = {A Talk}, author = {Ada Lovelace}, howpublished = {Invited talk at X}, year = 2018}
""", encoding="utf-8")
    (tmp_path / "cv.yaml").write_text("name: Ada Lovelace\nbibliography: p.bib\nsections:\n"
                                      "  - title: Papers\n    publications: {}\n", encoding="utf-8")
    pdf = tmp_path / "out" / "cv.pdf"
    build(tmp_path / "cv.yaml", pdf)
    text = flat(pdf_text(pdf))
    assert "Linked ghOSt Word LaTeX | CoDesign..." in text
    assert "Ada Lovelace, S. Allesina, Émile Zola, Karel Čapek" in text
    assert "In ApJ, 3, pp. 1–9, 2024. arXiv:2401.01234" in text
    assert "End of ∼10 M⊙ stars: α, 3 × 4 and O(n2" in text and ") at 5 K & more" in text
    assert "In MNRAS, 2023." in text
    assert "MIT Press, Cambridge, 2020." in text and "PhD thesis, IISc, 2019." in text
    assert "Invited talk at X, 2018." in text
    assert "Pre-print" not in text and "zz" not in text


@pytest.mark.parametrize("engine", ["pdflatex", "lualatex", "xelatex"])
def test_math_in_titles_reads_back_under_every_engine(tmp_path: Path, engine: str) -> None:
    from cvgen.pipeline import build

    from ..conftest import flat, pdf_text

    (tmp_path / "p.bib").write_text("@misc{k, title = {Gas at $z\\sim 1$ of 10 M$_\\odot$ and $\\alpha$ stars},"
                                    " author = {Ada Lovelace}, year = 2024}\n", encoding="utf-8")
    (tmp_path / "cv.yaml").write_text("name: Ada Lovelace\nbibliography: p.bib\nsections:\n"
                                      "  - title: Papers\n    publications: {}\n", encoding="utf-8")
    pdf = tmp_path / "out" / "cv.pdf"
    build(tmp_path / "cv.yaml", pdf, engine=engine)
    assert "Gas at z ∼ 1 of 10 M⊙ and α stars" in flat(pdf_text(pdf))


def test_tracks_and_year_disagreements_print_no_figures(tmp_path: Path) -> None:
    figs = VenueFigures([Figures("ICSE", 2020, 617, 129), Figures("ICLR", 2023, 4966, 1576),
                         Figures("AAAI", 2019, 7095, 1150)])
    path = tmp_path / "p.bib"
    path.write_text(r"""@inproceedings{nier, title = {N}, author = {Ada Lovelace}, year = 2020, series = {ICSE '20},
  booktitle = {Proceedings of the ACM/IEEE 42nd International Conference on Software Engineering: New Ideas and Emerging Results}}
@inproceedings{spring, title = {S}, author = {Ada Lovelace}, year = 2019,
  booktitle = {Proceedings of the AAAI 2019 Spring Symposium on Combining Machine Learning with Knowledge Engineering (AAAI-MAKE 2019)}}
@inproceedings{iclr, title = {I}, author = {Ada Lovelace}, year = 2023,
  booktitle = {ICLR 2024}}
@inproceedings{main, title = {M}, author = {Ada Lovelace}, year = 2020,
  booktitle = {Proceedings of the ACM/IEEE 42nd International Conference on Software Engineering}}
""", encoding="utf-8")
    problems = Problems()
    entries = load_bibtex(path, problems)
    pubs = {e.key: build_publication(e, ["Ada Lovelace"], figs, True, problems) for e in entries.values()}
    assert pubs["main"].figures is not None and pubs["main"].figures.submitted == 617
    assert pubs["nier"].figures is None and pubs["spring"].figures is None and pubs["iclr"].figures is None
    assert pubs["nier"].venue_decision.status == "track" and pubs["iclr"].venue_decision.status == "year"
    warnings = {w.line: w.message for w in problems.warnings}
    assert not problems.errors
    year_warning = warnings[6]  # at the booktitle of 'iclr'
    assert "2024" in year_warning and "2023" in year_warning and "iclr" in year_warning
    assert any("ICSE" in m and "nier" in m for m in warnings.values())  # figures it would have printed


def test_a_poster_in_the_main_proceedings_prints_no_figures(tmp_path: Path) -> None:
    figs = VenueFigures([Figures("CCS", 2019, 934, 149)])
    path = tmp_path / "p.bib"
    path.write_text(r"""@inproceedings{poster, title = {POSTER: A Fast Thing}, author = {Ada Lovelace}, year = 2019,
  booktitle = {Proceedings of the 2019 ACM SIGSAC Conference on Computer and Communications Security}}
@inproceedings{paper, title = {A Fast Thing}, author = {Ada Lovelace}, year = 2019,
  booktitle = {Proceedings of the 2019 ACM SIGSAC Conference on Computer and Communications Security}}
""", encoding="utf-8")
    problems = Problems()
    pubs = {e.key: build_publication(e, ["Ada Lovelace"], figs, True, problems)
            for e in load_bibtex(path, problems).values()}
    assert pubs["paper"].figures is not None and pubs["poster"].figures is None
    assert pubs["poster"].venue_decision.status == "track"
    assert any("poster" in w.message and "CCS" in w.message for w in problems.warnings)


def test_an_undated_entry_is_not_grouped_as_forthcoming(tmp_path: Path) -> None:
    from cvgen.papers.groups import _split

    pubs, _ = _pubs(tmp_path, "@misc{u, title={U}, author={A B}}\n@misc{f, title={F}, author={A B}, year={upcoming}}\n"
                              "@misc{d, title={D}, author={A B}, year=2020}\n")
    split = _split(sort_newest_first(pubs), PublicationSelection(group_by_year=True))
    assert [(g.title, [p.key for p in members]) for g, members in split] == [
        ("Forthcoming", ["f"]), ("2020", ["d"]), ("Undated", ["u"])]
