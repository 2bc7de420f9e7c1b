"""BibTeX entries -> publications: names, roles, tags, badges, figures, order."""

from __future__ import annotations

from pathlib import Path

from cvgen.errors import Problems
from cvgen.model import PublicationSelection
from cvgen.publications import build_publication, decode_latex, select, sort_newest_first, split_authors
from cvgen.bibtex import load_bibtex
from cvgen.venues import Figures, VenueFigures

FIGS = VenueFigures([Figures("ASPLOS", 2025, 510, 105), Figures("OSDI", 2024, 282, 49)])


def _pubs(tmp_path: Path, text: str, owners: list[str] | None = None) -> tuple[list, Problems]:
    path = tmp_path / "p.bib"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    entries = load_bibtex(path, problems)
    pubs = [build_publication(e, owners or ["Ada Lovelace"], FIGS, True, problems) for e in entries.values()]
    return [p for p in pubs if p], problems


def test_names_split_before_decoding() -> None:
    assert split_authors(r"M{\"u}ller, J. and {Barnes and Noble, Inc.} and others") == \
        [r'J. M{\"u}ller', "{Barnes and Noble, Inc.}", "others"]
    assert decode_latex(r"Caf{\'e} \& {GPU} 10--20") == "Café & GPU 10–20"


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
    assert by_key["p"].tag == "Pre-print. Arxiv'26" and by_key["p"].venue_line is None
    assert by_key["j"].tag == "IEEE CAL'24" and by_key["j"].kind == "journal"
    assert by_key["w"].kind == "workshop" and by_key["w"].tag == "ApSys'25" and by_key["w"].figures is None


def test_missing_fields_are_errors_at_the_entry(tmp_path: Path) -> None:
    pubs, problems = _pubs(tmp_path, "\n@inproceedings{k, title={T}, year=2020}\n@book{b, author={A}, title={B}, year={20x}}")
    messages = [(p.line, p.message) for p in problems.errors]
    assert (2, "entry 'k' has no 'author' field (the author list); add it") in messages
    assert any(line == 3 and "four-digit year" in m for line, m in messages)


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

    from .conftest import flat, pdf_text

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
