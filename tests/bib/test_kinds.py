"""Entry types and venue tags as exporters write them: every type read, tags never from series."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvgen.bib.entries import load_bibtex
from cvgen.core.errors import Problems
from cvgen.papers.build import build_publication
from cvgen.venues.figures import VenueFigures


def _pub(tmp_path: Path, body: str, owners: tuple[str, ...] = ("Ada Lovelace",)):  # noqa: ANN202
    path = tmp_path / "p.bib"
    path.write_text(body, encoding="utf-8")
    problems = Problems()
    entries = load_bibtex(path, problems)
    pubs = [build_publication(e, list(owners), VenueFigures([]), True, problems) for e in entries.values()]
    return pubs[0] if len(pubs) == 1 else pubs, problems


def _msgs(problems: Problems) -> list[tuple[str, str]]:
    return [(p.severity, p.message.split(";")[0]) for p in problems.items]


@pytest.mark.parametrize("series", ["Lecture Notes in Computer Science", "LIPIcs", "Proceedings of Machine Learning Research"])
def test_series_is_never_the_tag(tmp_path: Path, series: str) -> None:
    pub, _ = _pub(tmp_path, f"@inproceedings{{k, title={{T}}, author={{A B}}, booktitle={{Some Workshop on Things}},"
                            f" series={{{series}}}, year=2022}}")
    assert pub.tag is None or series not in pub.tag


def test_journal_article_with_an_eprint_is_a_journal_paper(tmp_path: Path) -> None:
    pub, problems = _pub(tmp_path, r"""@ARTICLE{k, author = {{Smith}, J. and {Doe}, A.}, title = "{A star}",
  journal = {\apj}, year = 2024, volume = {960}, pages = {1-10}, eprint = {2401.01234}, archivePrefix = {arXiv}}""")
    assert not problems.items
    assert pub.kind == "journal" and pub.tag is None or not pub.tag.startswith("Pre-print")
    assert (pub.link, pub.link_text) == ("https://arxiv.org/abs/2401.01234", "arXiv:2401.01234")
    assert pub.venue_line == "In ApJ, 960, pp. 1-10, 2024."


@pytest.mark.parametrize("body", [
    "@article{k, title={T}, author={A B}, journal={CoRR}, volume={abs/2401.01234}, year=2024}",
    "@misc{k, title={T}, author={A B}, eprint={2401.01234}, archivePrefix={arXiv}, primaryClass={cs.OS}, year=2024}",
    "@article{k, title={T}, author={A B}, journal={arXiv preprint arXiv:2401.01234}, year=2024}",
    "@misc{k, title={T}, author={A B}, howpublished={arXiv:2401.01234}, year=2024}",
    "@online{k, title={T}, author={A B}, eprinttype={arxiv}, eprint={2401.01234}, year=2024}",
])
def test_one_preprint_tag_whatever_the_exporter(tmp_path: Path, body: str) -> None:
    pub, problems = _pub(tmp_path, body)
    assert pub.kind == "preprint" and pub.tag == "Pre-print. Arxiv'24"
    assert not [p for p in problems.items if p.severity == "error"]


def test_other_servers_get_their_own_name(tmp_path: Path) -> None:
    pub, _ = _pub(tmp_path, "@article{k, title={T}, author={A B}, journal={bioRxiv}, year=2021}")
    assert pub.tag == "Pre-print. bioRxiv'21"


@pytest.mark.parametrize("body, kind, line", [
    ("@book{k, title={T}, author={A B}, publisher={MIT Press}, address={Cambridge, MA}, edition={2}, year=2019}",
     "book", "2nd edition, MIT Press, Cambridge, MA, 2019."),
    ("@phdthesis{k, title={T}, author={A B}, school={IISc}, year=2022}", "thesis", "PhD thesis, IISc, 2022."),
    ("@mastersthesis{k, title={T}, author={A B}, school={MIT}, year=2015}", "thesis", "Master's thesis, MIT, 2015."),
    ("@techreport{k, title={T}, author={A B}, institution={MSR}, number={TR-1}, year=2020}", "report",
     "Technical report TR-1, MSR, 2020."),
    ("@inbook{k, title={T}, author={A B}, booktitle={Big Book}, chapter={3}, publisher={Springer}, year=2018}",
     "chapter", "In Big Book, chapter 3, Springer, 2018."),
    ("@misc{k, title={T}, author={A B}, howpublished={Poster at NSDI}, year=2020}", "poster", "Poster at NSDI, 2020."),
    ("@misc{k, title={T}, author={A B}, howpublished={Invited talk, Google}, year=2020}", "talk",
     "Invited talk, Google, 2020."),
    ("@software{k, title={T}, author={A B}, url={https://x.org}, version={1.0}, year=2020}", "software", "2020."),
    ("@misc{k, title={T}, author={A B}, note={Newspaper piece}, year=2014}", "other", "Newspaper piece, 2014."),
    ("@unpublished{k, title={T}, author={A B}, note={Manuscript}, year=2014}", "other", "Manuscript, 2014."),
    ("@manual{k, title={T}, author={A B}, organization={ACM}, year=2014}", "book", "ACM, 2014."),
])
def test_each_type_prints_its_standard_fields_and_no_preprint_tag(tmp_path: Path, body: str, kind: str,
                                                                   line: str | None) -> None:
    pub, problems = _pub(tmp_path, body)
    assert not problems.items
    assert (pub.kind, pub.venue_line, pub.tag) == (kind, line, None)


def test_unknown_type_warns_and_reads_as_misc(tmp_path: Path) -> None:
    pub, problems = _pub(tmp_path, "@articlebold{k, title={T}, author={A B}, howpublished={Somewhere}, year=2020}")
    assert pub.kind == "other" and pub.venue_line == "Somewhere, 2020."
    assert _msgs(problems) == [("warning", "entry 'k' has type @articlebold, which is not a BibTeX or biblatex type")]


def test_missing_venue_and_article_with_booktitle_warn_and_print(tmp_path: Path) -> None:
    pubs, problems = _pub(tmp_path, "@inproceedings{a, title={T}, author={A B}, year=2020}\n"
                                    "@article{b, title={T}, author={A B}, booktitle={Proc. of Things (OSDI)}, year=2020}\n")
    assert [p.kind for p in pubs] == ["conference", "conference"] and pubs[1].tag == "OSDI'20"
    assert _msgs(problems) == [
        ("warning", "entry 'a' has no 'booktitle' field (the conference's name)"),
        ("warning", "entry 'b' is an @article but names a conference (booktitle), not a journal")]


def test_missing_year_is_a_warning_unless_forthcoming(tmp_path: Path) -> None:
    pubs, problems = _pub(tmp_path, "@misc{a, title={T}, author={A B}}\n"
                                    "@article{b, title={T}, author={A B}, journal={J}, pubstate={forthcoming}}\n"
                                    "@article{c, title={T}, author={A B}, journal={J}, note={Under review}}\n"
                                    "@article{d, title={T}, author={A B}, journal={J}, year={submitted}}\n")
    assert _msgs(problems) == [("warning", "entry 'a' has no 'year' field")]
    assert (pubs[0].year, pubs[0].status, pubs[0].undated, pubs[0].venue_line) == (0, None, True, None)
    assert [(p.status, p.venue_line) for p in pubs[1:]] == [
        ("forthcoming", "In J, forthcoming."), ("under review", "In J, under review."), ("submitted", "In J, submitted.")]


def test_month_forms(tmp_path: Path) -> None:
    pubs, problems = _pub(tmp_path, '@misc{a, title={T}, author={A B}, year=2020, month=dec # "~1"}\n'
                                    "@misc{b, title={T}, author={A B}, year=2020, month={October}}\n"
                                    "@misc{c, title={T}, author={A B}, year=2020, month={²}}\n"
                                    "@misc{d, title={T}, author={A B}, year=2020, month={٣}}\n"
                                    "@misc{e, title={T}, author={A B}, year=2020, month={23-25 Jun}}\n")
    assert [p.month for p in pubs] == [12, 10, 0, 0, 6]
    assert _msgs(problems) == [("warning", "month '²' of entry 'c' is not a month, so it is ignored"),
                               ("warning", "month '٣' of entry 'd' is not a month, so it is ignored")]


def test_noopsort_orders_entries_of_one_year(tmp_path: Path) -> None:
    from cvgen.papers.build import sort_newest_first

    pubs, _ = _pub(tmp_path, "@misc{a, title={{\\noopsort{b}}Zed}, author={A B}, year=2020}\n"
                             "@misc{b, title={{\\noopsort{a}}End}, author={A B}, year=2020}\n")
    assert [p.title for p in sort_newest_first(pubs)] == ["End", "Zed"]


def test_editors_stand_in_for_authors(tmp_path: Path) -> None:
    pub, problems = _pub(tmp_path, "@proceedings{k, title={Proc. of X}, editor={Ada Lovelace and C. Babbage},"
                                   " publisher={ACM}, year=2020}")
    assert not problems.items and pub.editors
    assert [(a.name, a.owner) for a in pub.authors] == [("Ada Lovelace", True), ("C. Babbage", False)]


def test_biblatex_date_stands_for_year_and_month(tmp_path: Path) -> None:
    pubs, problems = _pub(tmp_path, "@article{a, title={T}, author={A B}, journal={J}, date={2024-05-17}}\n"
                                    "@article{b, title={T}, author={A B}, journal={J}, date={2021}}\n")
    assert not problems.items and [(p.year, p.month) for p in pubs] == [(2024, 5), (2021, 0)]
