"""Real researchers' .bib files (tests/data/bib-corpus, see its SOURCES.md) build into correct CVs.

Each file is built once, as given, into a CV that lists all of it; a file whose characters
pdflatex cannot print is built again with the one setting the message names (`--engine
lualatex` or `xelatex`). Then every title and every author's name must read back from the PDF's text.
A file with a slip that BibTeX itself reports (a duplicate key, a missing comma) or an entry
cvgen prints with what it has (no year) builds, with that warning at its line (the policy:
cvgen.core.policy).
The text is read in the order it was written (pdftotext -raw): a formula's raised radical
sign otherwise moves, with the text after it, to another line. A character no font prints
reads back as '?', the mark the build's warning names. SURVEY.md lists what each file of the second batch got before the
tolerant reader.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from cvgen.bib.entries import load_bibtex
from cvgen.core.errors import BuildError, CvError, Problems
from cvgen.bib.names import parse_name, read_author_list
from cvgen.bib.decode import decode

from ..conftest import pdf_text

CORPUS = Path(__file__).resolve().parent.parent / "data" / "bib-corpus"
FILES = sorted(p.stem for p in CORPUS.glob("*.bib"))
ENGINE_HINT = re.compile(r"set 'engine: (lualatex|xelatex)'")

# The files with slips inside entries, and the first line of warnings they must give (they build).
EXPECTED_WARNINGS = {
    "alfolio-books-schaposnik": ["warning: two different entries have the key 'paco1'"],
    "alfolio-patents-arneuofc": ["34:22: warning: BibTeX syntax: missing comma after the field ending at line 34"],
    "alfolio-talks-congzhang": ["33:1: warning: two different entries have the key 'jones2023perceiving-c' "
                                "(lines 18 and 33)"],
    "biblatex-arronlacey": ["41:31: warning: BibTeX syntax: missing comma after the field ending at line 41",
                            "102:31: warning: BibTeX syntax: missing comma after the field ending at line 102"],
    "handkept-biostat-caffo": ["216:1: warning: the authors of entry 'sair2017early': 'Vanhaudenhuyse, A Laureys, S' "
                               "has commas that make it more than one name (an 'and' missing?), so it prints as "
                               "written"],
    "lab-evodevo-andrewwt": ["43:1: warning: the authors of entry 'wentworth2018transcriptomic' are separated by "
                             "commas, not 'and'; they are read as 11 names, each 'Last, Initials', in the order written"],
    "scholar-agecon-drichoutis": ["675:1: warning: the authors of entry 'segovia2022': 'Palma, Marco, A.' is read as "
                                  "'Marco A. Palma'"],
    "inspire-large-gutsche": ["1765:1: warning: field 'title' of entry 'Hayrapetyan:2024_2850101' contains '⁎' "
                              "(U+204E LOW ASTERISK), which no font of the lualatex theme has, so it prints as a "
                              "boxed '?'"],
    "jabref-econ-jrnold": ["94:1: warning: field 'title' of entry 'costly-lottery' contains U+E03C, a private-use "
                           "character"],
    "mendeley-budisc": ["108:1: warning: entry 'Ganti2000' has no 'year' field"],
    "scholar-seancrowell": ["25:1: warning: entry 'nivitanontsnr' has no 'year' field",
                            "94:1: warning: two different entries have the key 'shi2018model' (lines 75 and 94)"],
    "zotero-ecology-trevail": ["413:1: warning: field 'author' of entry 'miller2023' contains U+FFFD REPLACEMENT "
                               "CHARACTER, the mark an encoding slip leaves"],
}



def _build(work: Path, engine: str | None) -> tuple[str | None, list[str]]:
    """(PDF text, or None when refused; the message lines: errors, or the warnings of a build)."""
    from cvgen.core.errors import render_all
    from cvgen.pipeline import build

    try:
        built = build(work / "cv.yaml", work / "out" / "cv.pdf", engine=engine)
    except CvError as exc:
        return None, exc.format_message().splitlines()
    except BuildError as exc:  # TeX failed on what cvgen wrote: a bug, kept visible
        return None, [f"TeX: {line}" for line in exc.format_message().splitlines()]
    return pdf_text(work / "out" / "cv.pdf", raw=True), "\n".join(render_all(built.checked.problems.warnings)).splitlines()


@pytest.fixture
def corpus_build(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str | None, list[str], str]:
    """(file, PDF text or None, error lines, engine): one build per file, lualatex only when asked."""
    name = request.param
    shutil.copy(CORPUS / f"{name}.bib", tmp_path / f"{name}.bib")
    (tmp_path / "cv.yaml").write_text(f"name: Ada Lovelace\nbibliography: {name}.bib\nsections:\n"
                                      "  - title: Publications\n    publications: {}\n", encoding="utf-8")
    text, errors = _build(tmp_path, None)
    engine = "pdflatex"
    hints = {m.group(1) for e in errors if ": error: " in e for m in ENGINE_HINT.finditer(e)}
    if text is None and len(hints) == 1:
        if all(ENGINE_HINT.search(e) for e in errors if ": error: " in e):  # the one setting the message names
            engine = hints.pop()
            text, errors = _build(tmp_path, engine)
    return name, text, errors, engine


def _norm(text: str) -> str:
    """Compare text as pdftotext gives it: no whitespace, composed accents, one apostrophe."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("ﬁ", "fi").replace("ﬂ", "fl")
    text = text.replace("\u2010", "-").replace("\u2011", "-")  # pdflatex prints U+2010 as a hyphen
    # A radical sign stands taller than its line: pdftotext reads it as a line of its own, in
    # the middle of the title's text (the sign itself is printed, and extracted, as √).
    text = text.replace("\u221a", "")
    return re.sub(r"\s+", "", text)


LOST_MARK = "so it prints as a boxed '?'"


def _lost_chars(errors: list[str]) -> dict[str, str]:
    """Each character a warning says prints as the lost-character mark -> '?', its reading."""
    return {chr(int(code, 16)): "?" for line in errors if LOST_MARK in line
            for code in re.findall(r"U\+([0-9A-F]{4,6})", line.split(LOST_MARK)[0])}


def _expected_texts(file: Path, lost: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(entry key, text) for every title run outside math and every author's name; each
    character the build said it prints as the lost-character mark reads as '?'."""
    pairs = _expected_texts_as_written(file)
    table = str.maketrans(lost or {})
    return [(key, text.translate(table)) for key, text in pairs]


def _expected_texts_as_written(file: Path) -> list[tuple[str, str]]:
    problems = Problems()
    out = []
    for key, entry in load_bibtex(file, problems).items():
        chunk = ""
        for span in decode(entry.fields.get("title", "")).spans:
            if span.math is None:
                chunk += span.text
            elif chunk.strip():
                out.append((key, chunk))
                chunk = ""
        if chunk.strip():
            out.append((key, chunk))
        names = entry.fields.get("author") or entry.fields.get("editor") or ""
        reading = read_author_list(names)  # as cvgen reads the list (a name with stray commas: as written)
        out += [(key, decode(n).plain_text if i in reading.as_written else parse_name(n).display)
                for i, n in enumerate(reading.names)]
    return out


@pytest.mark.parametrize("corpus_build", FILES, indirect=True)
def test_corpus_file_builds_and_reads_back(corpus_build: tuple[str, str | None, list[str], str]) -> None:
    name, text, errors, engine = corpus_build
    assert not any("Traceback" in e for e in errors)
    assert text is not None, "\n".join(errors)
    for expected in EXPECTED_WARNINGS.get(name, []):
        assert any(expected in e for e in errors), (expected, [e for e in errors if ": warning: " in e])
    pdf = _norm(text)
    missing = [(key, t) for key, t in _expected_texts(CORPUS / f"{name}.bib", _lost_chars(errors)) if _norm(t) not in pdf]
    assert not missing, f"{engine}: {missing}"


def test_the_corpus_is_there() -> None:
    assert len(FILES) >= 55 and (CORPUS / "SOURCES.md").is_file() and (CORPUS / "SURVEY.md").is_file()


def test_no_wrong_tag_in_the_corpus() -> None:
    """Issue 10's wrong tags, over every corpus entry: never a series, never a pre-print tag for a
    paper in a journal, one pre-print style for every server, no 'Pre-print. Preprint'."""
    from cvgen.bib.kinds import archive_name
    from cvgen.papers.build import build_publication
    from cvgen.bib.decode import decode_text
    from cvgen.venues.figures import VenueFigures

    tags = []
    for file in sorted(CORPUS.glob("*.bib")):
        for entry in load_bibtex(file, Problems()).values():
            pub = build_publication(entry, ["Ada Lovelace"], VenueFigures([]), True, Problems())
            if pub is None or pub.tag is None:
                continue
            tags.append(pub.tag)
            series = decode_text(entry.fields.get("series", ""))
            assert not series or series not in pub.tag, (entry.key, pub.tag)
            journal = decode_text(entry.fields.get("journal", ""))
            if journal and archive_name(journal) is None:
                assert not pub.tag.startswith("Pre-print"), (entry.key, pub.tag)
            if pub.tag.startswith("Pre-print"):
                assert re.fullmatch(r"Pre-print\. (arXiv|bioRxiv|medRxiv|SSRN|Authorea|HAL|ePrint|ECCC|Research Square|"
                                    r"PsyArXiv|SocArXiv)('\d\d)?", pub.tag), pub.tag  # an undated pre-print: no year
    assert len(tags) > 50
