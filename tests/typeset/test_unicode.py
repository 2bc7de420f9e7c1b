"""Names in other scripts: lualatex prints them (fallback fonts), others say which field fails."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from cvgen.core.errors import CvError
from cvgen.pipeline import build

from ..conftest import flat, pdf_text

NAME = "Ἀσίσ Панвар 阿希什 Müller ≤ 2"
MINIMAL = f"""name: "{NAME}"
email: a@b.org
settings: {{engine: ENGINE}}
sections:
  - title: Über uns — Ελληνικά
    text: "Ελληνικά, русский, 中文, 日本語, Français, Čeština"
"""


def _cv(tmp_path: Path, engine: str) -> Path:
    path = tmp_path / "cv.yaml"
    path.write_text(MINIMAL.replace("ENGINE", engine), encoding="utf-8")
    return path


@pytest.mark.skipif(shutil.which("lualatex") is None, reason="lualatex not installed")
def test_lualatex_prints_greek_cyrillic_cjk(tmp_path: Path) -> None:
    pdf = tmp_path / "out" / "cv.pdf"
    build(_cv(tmp_path, "lualatex"), pdf)
    text = flat(pdf_text(pdf))
    assert NAME in text
    assert "Ελληνικά, русский, 中文, 日本語, Français, Čeština" in text
    assert "Über uns — Ελληνικά" in text
    again = tmp_path / "elsewhere" / "cv.pdf"
    build(_cv(tmp_path, "lualatex"), again)
    assert again.read_bytes() == pdf.read_bytes()  # reproducible under lualatex too


def test_pdflatex_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(CvError) as info:
        build(_cv(tmp_path, "pdflatex"), tmp_path / "out" / "cv.pdf")
    problems = info.value.problems
    assert [(p.line, p.col) for p in problems] == [(1, 7), (5, 12), (6, 11)]
    assert problems[0].message.startswith("'name' contains 'Ἀ' (U+1F08 GREEK CAPITAL LETTER ALPHA WITH PSILI)")
    assert "set 'engine: lualatex'" in problems[0].message
    assert "Müller" not in problems[0].message.split("which")[0]  # Latin accents are fine


@pytest.mark.skipif(shutil.which("xelatex") is None, reason="xelatex not installed")
def test_xelatex_missing_glyph_is_an_error_at_the_field(tmp_path: Path) -> None:
    pdf = tmp_path / "out" / "cv.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"last good")
    with pytest.raises(CvError) as info:
        build(_cv(tmp_path, "xelatex"), pdf)
    first = info.value.problems[0]
    assert (first.line, first.col) == (1, 7) and "no font of the xelatex theme has" in first.message
    assert pdf.read_bytes() == b"last good"


# Titles as INSPIRE, ADS, Crossref and hand-kept files carry them (issue 20).
PASTED_BIB = r"""@article{inspire,
  author = {Tumasyan, A. and others},
  title = {Observation of D$^0$$\to$ K$^0_\mathrm{S}$K$^0_\mathrm{S}$ decays in proton-proton collisions at $\sqrt{s}$ = 13 TeV},
  journal = {Phys. Rev. Lett.}, year = {2023}}
@article{cms,
  author = {Sirunyan, A. M. and others},
  title = {Search for \ttbar{} resonances at $\sqrt{s}=13\TeV$ with 137\fbinv of data},
  journal = {JHEP}, year = {2021}}
@article{crossref,
  author = {Lovelace, Ada},
  title = {Sex ratio in <i>Drosophila</i> &amp; CO<sub>2</sub> at 10&#8201;°C: caf&eacute; <blink>now</blink>},
  journal = {Genetics}, year = {2020}}
@article{quotes,
  author = {Lovelace, Ada},
  title = {The `wonder' of ``engines'' … 5‰ CO₂ and x² in H₂O},
  journal = {Nature}, year = {2019}}
"""
PASTED_KEYS = "[inspire, cms, crossref, quotes]"
# What the text layer reads (pdftotext places math sub/superscripts out of line: math is
# checked in the .tex, and by eye: pdftoppm -png -r 110).
PASTED_READ = ["Observation of D", "decays in proton-proton collisions at", "Search for", "resonances at",
               "of data", "Sex ratio in Drosophila & CO", "at 10 °C: café now",
               "The ‘wonder’ of “engines” ... 5‰ CO2 and x² in H2O"]
PASTED_MATH = [r"D\cvmath{^{0}}\cvmath{\to} K\cvmath{^{0}_{\mathrm{S}}}K\cvmath{^{0}_{\mathrm{S}}} decays",
               r"at \cvmath{\sqrt{s}} = 13 TeV", r"\cvmath{\mathrm{t}\bar{\mathrm{t}}} resonances",
               r"\cvmath{\sqrt{s}=13\,\mathrm{TeV}} with 137\cvmath{\,\mathrm{fb}^{-1}} of data",
               r"CO\cvmath{{}_{\mathrm{2}}} at"]


@pytest.fixture(scope="module", params=["pdflatex", "lualatex"])
def pasted_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """One CV with every pasted title, built once per engine."""
    if shutil.which(request.param) is None:
        pytest.skip(f"{request.param} not installed")
    folder = tmp_path_factory.mktemp(request.param)
    (folder / "pubs.bib").write_text(PASTED_BIB, encoding="utf-8")
    (folder / "cv.yaml").write_text(f"name: Ada Lovelace\nbibliography: pubs.bib\nsettings: {{engine: {request.param}}}\n"
                                    f"sections:\n  - title: Papers\n    publications: {{keys: {PASTED_KEYS}}}\n",
                                    encoding="utf-8")
    built = build(folder / "cv.yaml", folder / "out" / "cv.pdf", formats=("pdf", "md"))
    return folder / "out", built


def _squash(text: str) -> str:
    """The text layer without spaces (pdftotext spaces an ellipsis and math its own way)."""
    return "".join(unicodedata.normalize("NFKC", text).replace("−", "-").split())


def test_pasted_markup_math_and_units_print(pasted_build: tuple[Path, object]) -> None:
    out, built = pasted_build
    text = _squash(pdf_text(out / "cv.pdf"))
    for title in PASTED_READ:
        assert _squash(title) in text, (title, text[:600])
    markdown = (out / "cv.md").read_text(encoding="utf-8")
    assert "*Drosophila*" in markdown and "CO₂" in markdown and "‘wonder’" in markdown and "“engines”" in markdown
    assert "√s" in markdown and "= 13 TeV" in markdown and "tt̄" in markdown
    warned = [p.message for p in built.checked.problems.warnings]  # type: ignore[attr-defined]
    assert any("<blink>" in m and "crossref" in m for m in warned), warned
    tex = (out / "cv.tex").read_text(encoding="utf-8")
    for formula in PASTED_MATH:  # four inline formulas side by side, never display math
        assert formula in tex


@pytest.mark.skipif(shutil.which("lualatex") is None, reason="lualatex not installed")
def test_lualatex_loads_the_cjk_font_only_when_needed(tmp_path: Path) -> None:
    """Noto CJK costs about a second and 400 MB per pass: only a CV with CJK text loads it, or
    one whose character no other font has (found by a first run, which retries with it)."""
    import subprocess

    def fonts(pdf: Path) -> str:
        return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout

    cv = tmp_path / "cv.yaml"
    cv.write_text("name: Ἀσίσ Панвар\nsettings: {engine: lualatex}\nsections:\n  - title: A\n    text: x\n",
                  encoding="utf-8")
    build(cv, tmp_path / "greek" / "cv.pdf")  # Greek and Cyrillic: CMU, no CJK font
    assert "Ἀσίσ Панвар" in pdf_text(tmp_path / "greek" / "cv.pdf")
    assert "Noto" not in fonts(tmp_path / "greek" / "cv.pdf") and "CMU" in fonts(tmp_path / "greek" / "cv.pdf")
    cv.write_text(cv.read_text(encoding="utf-8").replace("text: x", "text: step ①"), encoding="utf-8")
    build(cv, tmp_path / "circled" / "cv.pdf")  # ① is no CJK script, but only Noto CJK has it
    assert "step ①" in pdf_text(tmp_path / "circled" / "cv.pdf") and "Noto" in fonts(tmp_path / "circled" / "cv.pdf")


@pytest.mark.skipif(shutil.which("xelatex") is None, reason="xelatex not installed")
def test_the_suggested_engine_is_xelatex_when_its_fonts_print_everything(tmp_path: Path) -> None:
    """A Vietnamese name: pdflatex cannot print 'ễ', Latin Modern OpenType can, so the message
    names xelatex (an edit about half lualatex's), and xelatex prints it; Greek still needs
    lualatex's fallback fonts."""
    cv = tmp_path / "cv.yaml"
    cv.write_text("name: Nguyễn Thị Minh Khai\nsections:\n  - title: A\n    text: x\n", encoding="utf-8")
    with pytest.raises(CvError) as info:
        build(cv, tmp_path / "out" / "cv.pdf")
    assert "set 'engine: xelatex'" in info.value.problems[0].message
    build(cv, tmp_path / "out" / "cv.pdf", engine="xelatex")
    assert "Nguyễn Thị Minh Khai" in unicodedata.normalize("NFC", pdf_text(tmp_path / "out" / "cv.pdf"))
    cv.write_text(cv.read_text(encoding="utf-8").replace("text: x", "text: αβ"), encoding="utf-8")
    with pytest.raises(CvError) as info:
        build(cv, tmp_path / "out" / "cv.pdf")
    assert all("set 'engine: lualatex'" in p.message for p in info.value.problems)
