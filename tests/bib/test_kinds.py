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
    assert pub.kind == "preprint" and pub.tag == "Pre-print. arXiv'24"
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


# Pre-prints (issue 20): the venue text kept wherever the exporter put it, the server's own
# spelling in the tag, the words from the locale, bioRxiv DOIs and URL eprints as links.

@pytest.mark.parametrize("fields, tag, line", [
    ("journal={arXiv preprint arXiv:2401.12345}", "arXiv", "arXiv preprint arXiv:2401.12345."),
    ("journal={CoRR}, volume={abs/2401.12345}", "arXiv", "CoRR abs/2401.12345."),
    ("journal={arXiv e-prints}, pages={arXiv:2401.12345}, archivePrefix={arXiv}", "arXiv",
     "arXiv e-prints, arXiv:2401.12345."),  # ADS
    ("journal={IACR Cryptol. ePrint Arch.}, pages={123}", "ePrint", "IACR Cryptol. ePrint Arch., 123."),  # DBLP
    ("howpublished={Cryptology ePrint Archive, Paper 2024/123}", "ePrint", "Cryptology ePrint Archive, Paper 2024/123."),
    ("journal={Electron. Colloquium Comput. Complex.}, volume={{TR24-021}}", "ECCC",
     "Electron. Colloquium Comput. Complex. TR24-021."),
    ("journal={bioRxiv}", "bioRxiv", None),  # the server's name alone: the tag says it
    ("journal={bioRxiv}, note={Under review at Cell}", "bioRxiv", "Under review at Cell."),
    ("journal={medRxiv}, volume={2024.01.02.24300000}", "medRxiv", "medRxiv 2024.01.02.24300000."),
    ("journal={SSRN Electronic Journal}", "SSRN", "SSRN Electronic Journal."),
    ("eprint={2401.12345}, archivePrefix={arXiv}, howpublished={In submission to CRYPTO 2025}", "arXiv",
     "In submission to CRYPTO 2025."),
    ("eprinttype={arXiv}", "arXiv", None),  # the reference CV's: no line under the authors
])
def test_preprint_venue_text_is_kept_wherever_the_exporter_put_it(tmp_path: Path, fields: str, tag: str,
                                                                  line: str | None) -> None:
    pub, problems = _pub(tmp_path, f"@article{{k, title={{T}}, author={{A B}}, {fields}, year=2024}}")
    assert not problems.errors
    assert pub.kind == "preprint" and pub.tag == f"Pre-print. {tag}'24" and pub.preprint_server == tag
    assert pub.venue_line == line


def test_the_preprint_tag_takes_the_locales_words_and_the_cvs_spelling() -> None:
    from cvgen.bib.kinds import SERVER_NAMES
    from cvgen.model.words import LOCALES, PREPRINT_SERVERS, words_for

    assert SERVER_NAMES == PREPRINT_SERVERS  # the names a CV may respell are the ones tags use
    tags = {code: words.preprint_tag("arXiv", 2024) for code, words in LOCALES.items()}
    assert tags == {"en": "Pre-print. arXiv'24", "de": "Preprint. arXiv'24", "fr": "Prépublication. arXiv'24",
                    "es": "Prepublicación. arXiv'24", "pt": "Pré-publicação. arXiv'24", "it": "Preprint. arXiv'24"}
    assert all(words.preprint_tag("", 2024) == words.preprint_unnamed + "'24" for words in LOCALES.values())
    assert words_for("en", servers={"arXiv": "Arxiv"}).preprint_tag("arXiv", 2026) == "Pre-print. Arxiv'26"
    assert words_for("de", servers={"arXiv": "Arxiv"}).preprint_tag("bioRxiv", 2026) == "Preprint. bioRxiv'26"
    assert words_for("en", "short", {"preprint": "Preprint ({server})"}).preprint_tag("ePrint") == "Preprint (ePrint)"


def test_the_reference_cv_keeps_its_spelling_only_through_its_setting(tmp_path: Path) -> None:
    import shutil

    from cvgen.enrich.enrich import enrich
    from cvgen.pipeline import check

    content = Path(__file__).resolve().parent.parent.parent / "content"
    shutil.copytree(content, tmp_path / "content")
    cv = tmp_path / "content" / "cv.yaml"

    def tags() -> set[str]:
        checked = check(cv)
        found = enrich(checked.cv, checked.publications)
        return {str(p.tag) for b in found.blocks for p in b.entries if "Pre-print" in str(getattr(p, "tag", ""))}

    assert tags() == {"[Pre-print. Arxiv'26]", "[Pre-print. Arxiv'25]"}
    text = cv.read_text(encoding="utf-8")
    assert "  preprint_servers: {arXiv: Arxiv}" in text
    cv.write_text(text.replace("  preprint_servers: {arXiv: Arxiv}", ""), encoding="utf-8")
    assert tags() == {"[Pre-print. arXiv'26]", "[Pre-print. arXiv'25]"}


def test_biorxiv_dois_and_url_eprints_are_links(tmp_path: Path) -> None:
    from cvgen.bib.entries import BibEntry
    from cvgen.papers.extras import links_of

    def links(**fields: str) -> list[tuple[str, str]]:
        return links_of(BibEntry("x.bib", "k", "misc", 1, fields, {}), None)

    assert links(eprint="10.1101/2024.01.02.573999", eprinttype="bioRxiv") == [
        ("doi", "https://doi.org/10.1101/2024.01.02.573999")]
    assert links(eprint="https://doi.org/10.1101/2023.05.01.23289000", eprinttype="medRxiv") == [
        ("doi", "https://doi.org/10.1101/2023.05.01.23289000")]
    assert links(doi="10.1101/2024.01.02.573999", eprint="10.1101/2024.01.02.573999", eprinttype="bioRxiv") == [
        ("doi", "https://doi.org/10.1101/2024.01.02.573999")]  # the same address once
    assert links(eprint="2024/123", eprinttype="iacr") == [("url", "https://eprint.iacr.org/2024/123")]
    assert links(eprint="https://www.biorxiv.org/content/10.1101/x") == [
        ("url", "https://www.biorxiv.org/content/10.1101/x")]
    assert links(eprint="2401.12345", archiveprefix="arXiv") == [("eprint", "https://arxiv.org/abs/2401.12345")]
    assert links(eprint="not a link") == []


def test_preprints_in_the_pdf_keep_their_venue_text_in_the_locales_words(tmp_path: Path) -> None:
    """One German CV of pre-prints as exporters write them, built and read back from the PDF."""
    from ..conftest import cvgen, flat, pdf_text

    (tmp_path / "pubs.bib").write_text(
        "@article{a, title={First}, author={Ada Lovelace}, journal={arXiv preprint arXiv:2401.12345}, year=2024}\n"
        "@article{b, title={Second}, author={Ada Lovelace}, journal={IACR Cryptol. ePrint Arch.}, pages={123},"
        " year=2023}\n"
        "@misc{c, title={Third}, author={Ada Lovelace}, eprint={10.1101/2024.01.02.573999}, eprinttype={bioRxiv},"
        " year=2024}\n"
        "@misc{d, title={Fourth}, author={Ada Lovelace}, eprint={2501.00001}, archivePrefix={arXiv},"
        " howpublished={In submission to CRYPTO 2025}, year=2025}\n", encoding="utf-8")
    (tmp_path / "cv.yaml").write_text("name: Ada Lovelace\nbibliography: pubs.bib\nsettings: {locale: de}\n"
                                      "sections:\n  - title: Preprints\n    publications: {}\n", encoding="utf-8")
    pdf = tmp_path / "cv.pdf"
    cvgen("build", tmp_path / "cv.yaml", "-o", pdf)
    text = flat(pdf_text(pdf))
    for expected in ("[Preprint. arXiv'24] First", "arXiv preprint arXiv:2401.12345.",
                     "[Preprint. ePrint'23] Second", "IACR Cryptol. ePrint Arch., 123.",
                     "[Preprint. bioRxiv'24] Third", "[Preprint. arXiv'25] Fourth", "In submission to CRYPTO 2025."):
        assert expected in text, (expected, text)
    assert "Arxiv" not in text and "Pre-print" not in text
    from pypdf import PdfReader

    uris = {a.get_object()["/A"]["/URI"] for page in PdfReader(pdf).pages for a in page.get("/Annots") or []
            if "/URI" in a.get_object().get("/A", {})}
    assert {"https://doi.org/10.1101/2024.01.02.573999", "https://arxiv.org/abs/2501.00001"} <= uris, uris
