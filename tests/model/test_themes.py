"""Themes, design knobs and locales, on real TeX: each theme's PDF of the reference CV is built
once per session (per xdist worker) and read back with pdftotext and pdffonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cvgen.core.errors import BuildError, CvError
from cvgen.pipeline import build, check
from cvgen.model.settings import FONTS, THEMES

from ..conftest import CONTENT, flat, pdf_text, with_settings
from ..test_reference import reference_lines

OTHER_THEMES = [t for t in THEMES if t != "classic"]


def _build_copy(root: Path, settings: str = "", theme: str | None = None) -> Path:
    """content/ copied to `root`, `settings` lines added under settings:, built to root/build/cv.pdf."""
    shutil.copytree(CONTENT, root / "content")
    cv = root / "content" / "cv.yaml"
    if settings:
        text = cv.read_text(encoding="utf-8")
        for key in re.findall(r"^  (\w+): \S", settings, re.M):  # a value given here replaces the CV's own
            text = re.sub(rf"^  {key}:.*\n", "", text, count=1, flags=re.M)
        cv.write_text(with_settings(text, settings), encoding="utf-8")
    pdf = root / "build" / "cv.pdf"
    build(cv, pdf, theme=theme)
    return pdf


@pytest.fixture(scope="session")
def theme_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every theme's PDF of the reference CV, built lazily once."""
    cache: dict[str, Path] = {}

    class Pdfs(dict):  # type: ignore[type-arg]
        def __missing__(self, theme: str) -> Path:
            cache[theme] = _build_copy(tmp_path_factory.mktemp(f"theme-{theme}"), theme=theme)
            self[theme] = cache[theme]
            return cache[theme]

    return Pdfs()


@pytest.mark.parametrize("theme", THEMES)
def test_every_reference_line_is_in_each_theme(theme: str, theme_pdfs: dict[str, Path]) -> None:
    text = flat(pdf_text(theme_pdfs[theme]))
    missing = [line for line in reference_lines() if line not in text]
    assert not missing, f"{theme}: {len(missing)} reference lines missing, e.g. {missing[:3]}"


@pytest.mark.parametrize("theme", THEMES)
def test_each_theme_has_no_type3_font_and_embeds_all(theme: str, theme_pdfs: dict[str, Path]) -> None:
    out = subprocess.run(["pdffonts", str(theme_pdfs[theme])], check=True, capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert "Type 3" not in row, row
        assert row.split()[-5] == "yes", f"font not embedded: {row}"


def test_classic_is_byte_identical_to_the_default(theme_pdfs: dict[str, Path], reference_build: Path) -> None:
    """`--theme classic` is the default look, byte for byte (cmp, as the issue asks)."""
    assert subprocess.run(["cmp", str(theme_pdfs["classic"]), str(reference_build)]).returncode == 0


def test_compact_numbers_publications_and_is_shorter(theme_pdfs: dict[str, Path], reference_build: Path) -> None:
    from pypdf import PdfReader

    text = pdf_text(theme_pdfs["compact"])
    assert "1. [ISMM’25] EMD" in flat(text) or "1. [ISMM'25] EMD" in flat(text)
    assert len(PdfReader(theme_pdfs["compact"]).pages) < len(PdfReader(reference_build).pages)
    patents = flat(text.split("Patents", 1)[1])  # a one-paper list: the section's bullet, never a lone "1."
    assert patents.startswith("◆ Efficient LLM Inference by Piggybacking"), patents[:80]


def test_compact_follows_the_cvs_own_numbering(tmp_path: Path) -> None:
    """A section numbered by the CV (numbering: descending) prints its own labels, not compact's too."""
    shutil.copytree(CONTENT, tmp_path / "content")
    cv = tmp_path / "content" / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text.replace("      types: [patent]\n", "      types: [patent]\n      numbering: descending\n", 1)
                  .replace("      keyword: full\n", "      keyword: full\n      numbering: descending\n", 1),
                  encoding="utf-8")
    pdf = tmp_path / "build" / "cv.pdf"
    build(cv, pdf, theme="compact")
    got = pdf_text(pdf, raw=True)
    # the CV's own labels (after the section's bullet, which this CV names), and no number of compact's
    assert re.search(r"^(\S )?\[1\] Efficient LLM Inference", got, re.M), got[-800:]
    assert re.search(r"^(\S )?\[13\] \[ISMM'25\] EMD", got, re.M)
    assert not re.search(r"^\d+\.\s+(\S\s+)?\[\d+\]", got, re.M)


def test_german_locale(tmp_path: Path) -> None:
    pdf = _build_copy(tmp_path, "  locale: de\n")
    text = flat(pdf_text(pdf))
    assert "Seit März’25" not in text and "Seit März 2025" in text
    assert "Aug. 2018 – Juli 2022" in text
    assert "Einreichungen: 510, angenommen: 105, Annahmequote: 20,59 %" in text
    assert "Seite 1 von" in text and "Page 1 of" not in text
    assert "Januar 2020" in text or "Juni 2023" in text


def test_knobs_reach_the_pdf(tmp_path: Path) -> None:
    pdf = _build_copy(tmp_path, "  font: charter\n  accent_color: '#8B0000'\n  link_color: teal\n"
                                "  margins: 2.5cm\n  font_size: 11\n  footer: false\n  date_format: iso\n"
                                "  section_order: [Education, About Me]\n  words:\n    present: 'now'\n")
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "Charter" in fonts and "Type 3" not in fonts
    text = flat(pdf_text(pdf))
    assert "Page 1 of" not in text
    assert "2025-03 – now" in text and "2022-07 – 2025-02" in text
    assert text.index("Education") < text.index("About Me") < text.index("Employment History")


def _user_theme(tmp_path: Path, cls: str) -> Path:
    """content/ copied with settings.theme: ./mytheme holding `cls` as mine.cls; returns cv.yaml."""
    shutil.copytree(CONTENT, tmp_path / "content")
    folder = tmp_path / "content" / "mytheme"
    folder.mkdir()
    (folder / "mine.cls").write_text(cls, encoding="utf-8")
    cv = tmp_path / "content" / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("settings:\n", "settings:\n  theme: ./mytheme\n", 1),
                  encoding="utf-8")
    return cv


MINE = ("\\ProvidesClass{mine}\n\\DeclareOption*{\\PassOptionsToClass{\\CurrentOption}{cvgen}}\n"
        "\\ProcessOptions\\relax\n\\LoadClass{cvgen}\n\\renewcommand{\\cvsection}[1]{\\par\\textbf{MINE #1}\\par}\n")


def test_a_theme_in_the_users_folder(tmp_path: Path) -> None:
    """A theme folder is TeX code: refused at its settings line without --trust-tex, built with it."""
    import sys

    cv = _user_theme(tmp_path, MINE)
    line = 1 + cv.read_text(encoding="utf-8").splitlines().index("  theme: ./mytheme")
    refused = subprocess.run([sys.executable, "-m", "cvgen", "build", "content/cv.yaml"],
                             cwd=tmp_path, capture_output=True, text=True)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"content/cv.yaml:{line}:" in refused.stderr and "--trust-tex" in refused.stderr
    assert not (tmp_path / "build" / "cv.pdf").exists()
    built = subprocess.run([sys.executable, "-m", "cvgen", "build", "content/cv.yaml", "--trust-raw-latex"],
                           cwd=tmp_path, capture_output=True, text=True)  # the old name still works
    assert built.returncode == 0, built.stderr
    assert "MINE Education" in pdf_text(tmp_path / "build" / "cv.pdf")


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex", "lualatex"])
def test_a_trusted_theme_still_cannot_write_outside_the_run_folder(engine: str, tmp_path: Path) -> None:
    """--trust-tex runs the theme, but TeX's own file access stays paranoid (openout_any=p)."""
    target = tmp_path / "outside.tex"
    cv = _user_theme(tmp_path, MINE + f"\\newwrite\\cvgenattack\\immediate\\openout\\cvgenattack={target}\n"
                     "\\immediate\\write\\cvgenattack{pwned}\\immediate\\closeout\\cvgenattack\n")
    with pytest.raises(BuildError, match="openout|Not writing|TeX failed"):
        build(cv, tmp_path / "build" / "cv.pdf", engine=engine, trust_raw_latex=True)
    assert not target.exists()


def test_theme_option_folder_is_refused_untrusted(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "content" / "mytheme").mkdir()
    (tmp_path / "content" / "mytheme" / "mine.cls").write_text(MINE, encoding="utf-8")
    with pytest.raises(CvError) as info:
        check(tmp_path / "content" / "cv.yaml", theme="./mytheme")
    assert any(p.file == "--theme" and "--trust-tex" in p.message for p in info.value.problems)


def _problems(tmp_path: Path, settings: str) -> list[str]:
    shutil.copytree(CONTENT, tmp_path / "content")
    cv = tmp_path / "content" / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("settings:\n", "settings:\n" + settings, 1),
                  encoding="utf-8")
    with pytest.raises(CvError) as info:
        check(cv)
    return [p.render() for p in info.value.problems]


def test_knob_mistakes_are_errors_at_their_line(tmp_path: Path) -> None:
    line = 1 + (CONTENT / "cv.yaml").read_text(encoding="utf-8").splitlines().index("settings:")
    found = _problems(tmp_path, "  theme: modrn\n  font: palatno\n  accent_color: bleu\n  locale: xx\n"
                                "  words:\n    sinse: x\n    since: Since then\n")
    text = "\n".join(found)
    for offset, needle in [(1, "did you mean 'modern'?"), (2, "did you mean 'palatino'?"),
                           (3, "did you mean 'blue'?"), (4, "'locale' must be one of"),
                           (6, "did you mean 'since'?"), (7, "lacks {start}")]:
        assert any(f"cv.yaml:{line + offset}:" in p and needle in p for p in found), (needle, text)


def test_section_order_names_existing_sections(tmp_path: Path) -> None:
    line = 1 + (CONTENT / "cv.yaml").read_text(encoding="utf-8").splitlines().index("settings:")
    found = _problems(tmp_path, "  section_order:\n    - Education\n    - Educaton\n")
    assert any(f"cv.yaml:{line + 3}:" in p and "did you mean 'Education'?" in p for p in found), found


@pytest.mark.parametrize("theme", ["modern", "sidebar"])
def test_contact_symbols_extract_as_themselves(theme: str, theme_pdfs: dict[str, Path]) -> None:
    """A symbol font without a Unicode map would put a stray letter ('B', 'm') before the
    address in the text layer, where parsers read it as part of it."""
    text = flat(pdf_text(theme_pdfs[theme]))
    assert "✉ panwarit014@gmail.com" in text and "➔ https://apanwariisc.github.io" in text


def test_a_longer_date_widens_the_date_column(tmp_path: Path) -> None:
    """German dates ('Aug. 2015 – Okt. 2016') are wider than the English column: every entry
    body still starts at one x (pdftotext -bbox), not pushed right by its own date."""
    import re

    pdf = _build_copy(tmp_path, "  locale: de\n")
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', html)
    starts = {float(x) for x, w in words if w in ("Principal", "Senior", "Member", "Software", "Assistant")}
    assert len(starts) == 1, starts


def test_theme_option_mistake(tmp_path: Path) -> None:
    import sys

    shutil.copytree(CONTENT, tmp_path / "content")
    result = subprocess.run([sys.executable, "-m", "cvgen", "build", "content/cv.yaml", "--theme", "modrn"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0 and "did you mean 'modern'?" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "build" / "cv.pdf").exists()


EXTRA_SECTIONS = """
  - title: Selected Papers
    intro: One of them, with the summary line.
    publications:
      keys: [panwar2015green]
      summary: true
  - raw_latex: '\\cvparagraph{A raw paragraph through the theme.}'
  - title: Skills
    items: [Memory management, Systems for machine learning]
"""


@pytest.mark.parametrize("theme", THEMES)
def test_every_section_kind_in_each_theme(theme: str, tmp_path: Path) -> None:
    """Beyond the reference: an intro, a publication summary, raw LaTeX using the theme's
    macros, and a second list, in every theme."""
    shutil.copytree(CONTENT, tmp_path / "content")
    cv = tmp_path / "content" / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").rstrip("\n") + "\n" + EXTRA_SECTIONS, encoding="utf-8")
    pdf = tmp_path / "build" / "cv.pdf"
    build(cv, pdf, theme=theme, trust_raw_latex=True)
    text = flat(pdf_text(pdf))
    for expected in ("Selected Papers", "One of them, with the summary line.", "1 paper",
                     "A raw paragraph through the theme.", "Memory management", "Systems for machine learning"):
        assert expected in text, (theme, expected)


def test_every_locale_prints_with_pdflatex() -> None:
    """The locales' words (accents, ’, æ) are all in pdflatex's printable set (charset.py)."""
    from cvgen import theme_dir
    from cvgen.core.charset import _charset_table
    from cvgen.model.words import LOCALES

    allowed = _charset_table(str(theme_dir() / "pdflatex-charset.txt"))
    for code, words in LOCALES.items():
        texts = [v for v in vars(words).values() if isinstance(v, str)]
        texts += [t for v in vars(words).values() if isinstance(v, tuple) for t in v]
        texts += list(words.acceptance_formats.values()) + list(words.details.values())
        odd = {ch for t in texts for ch in t if ord(ch) > 127 and ch not in allowed}
        assert not odd, (code, odd)


FONT_NAMES = {"charter": "Charter", "palatino": "Palladio", "times": "NimbusRom", "helvetica": "NimbusSan",
              "bookman": "URWBookman", "schoolbook": "CenturySchL"}


@pytest.mark.parametrize("font", [f for f in FONTS if f != "latin-modern"])
def test_each_font_is_type1_and_extracts_ligatures(font: str, tmp_path: Path) -> None:
    pdf = _build_copy(tmp_path, f"  font: {font}\n")
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "Type 3" not in fonts and FONT_NAMES[font] in fonts, fonts
    text = flat(pdf_text(pdf))
    assert "Efficient Dynamic Memory De-bloating" in text and "Artifact Evaluated" in text


ENTRY_KINDS_BIB = r"""
@book{b1, title = {A Book on \emph{Paging}}, editor = {Ada Lovelace and Alan Turing}, edition = {2},
  publisher = {Kernel Press}, year = {2020}}
@phdthesis{t1, title = {Fast Page Tables in $O(\log n)$ Steps}, author = {Grace Hopper}, school = {IISc}, year = {2019}}
@techreport{r1, title = {Huge Pages Considered Helpful}, author = {Grace Hopper}, institution = {NetApp},
  number = {TR-7}, year = {2018}}
@article{a1, title = {Memory \textbf{Tiering}}, author = {Grace Hopper}, journal = {ACM TOCS}, volume = {3},
  pages = {1--9}, year = {2021}, eprint = {2101.00001}, archiveprefix = {arXiv}}
"""


@pytest.mark.parametrize("theme", THEMES)
def test_bibtex_entry_kinds_in_each_theme(theme: str, tmp_path: Path) -> None:
    """Each theme inherits the entry-kind macros (\\cvpubdetail, \\cveditors, \\cvpubeprint,
    \\cvmath, ...) from cvgen.cls: books, theses, reports and pre-prints print in every one."""
    (tmp_path / "p.bib").write_text(ENTRY_KINDS_BIB, encoding="utf-8")
    cv = tmp_path / "cv.yaml"
    cv.write_text(f"name: Grace Hopper\nbibliography: p.bib\nsettings:\n  theme: {theme}\n"
                  "sections:\n  - title: Works\n    publications: {types: [book, phdthesis, techreport, article]}\n",
                  encoding="utf-8")
    pdf = tmp_path / "cv.pdf"
    build(cv, pdf)
    text = flat(pdf_text(pdf))
    for expected in ("A Book on Paging", "(eds.)", "2nd edition", "PhD thesis", "Technical report TR-7",
                     "Memory Tiering", "pp. 1–9", "arXiv:2101.00001", "Steps"):
        assert expected in text, (theme, expected, text)


def test_modern_keeps_an_intro_with_its_first_two_items(theme_pdfs: dict[str, Path]) -> None:
    """The teaching section's intro ("In addition, ...") never ends a page with one item after it."""
    from pypdf import PdfReader

    pages = [flat(p.extract_text()) for p in PdfReader(theme_pdfs["modern"]).pages]
    page = next(p for p in pages if "In addition, I have served as a teaching assistant" in p)
    after = page.split("In addition, I have served as a teaching assistant", 1)[1]
    assert "Operating Systems, graduate course" in after and "Compiler Design, graduate course" in after, after[:300]


def _fonts_of(pdf: Path, *starts: str) -> dict[str, str]:
    """The font of the first text run on page 1 that contains each of `starts`."""
    from pypdf import PdfReader

    found: dict[str, str] = {}

    def visit(text: str, cm: object, tm: object, font: dict | None, size: float) -> None:  # type: ignore[type-arg]
        for start in starts:
            if start in text and start not in found and font:
                found[start] = str(font.get("/BaseFont"))

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("theme", THEMES)
def test_venue_tags_and_badges_are_labels_not_title_text(theme: str, tmp_path: Path) -> None:
    """By default the tag before a title and the badges after a venue print as labels (small,
    muted), not in the title's bold; `label_style: title` (the reference CV's choice) keeps
    them in the title's bold."""
    fonts = _fonts_of(_build_copy(tmp_path, "  label_style: label\n", theme=theme), "[ISMM", "EMD: Fair",
                      "[Artifact Evaluated")
    assert "Bold" in fonts["EMD: Fair"], fonts
    assert "Bold" not in fonts["[ISMM"] and "Bold" not in fonts["[Artifact Evaluated"], fonts


def test_label_style_title_keeps_the_tag_in_the_titles_bold(theme_pdfs: dict[str, Path]) -> None:
    assert "Bold" in _fonts_of(theme_pdfs["classic"], "[ISMM")["[ISMM"]


@pytest.mark.parametrize("theme", THEMES)
def test_a_new_cv_has_one_bullet_style_per_theme(theme: str, tmp_path: Path) -> None:
    """The starter names no bullets: every list of it shows its theme's one bullet."""
    from ..conftest import cvgen

    cvgen("new", "Ada Lovelace", tmp_path / "ada")
    pdf = tmp_path / "cv.pdf"
    cvgen("build", tmp_path / "ada" / "cv.yaml", "-o", pdf, "--theme", theme)
    bullets = re.findall(r"^([◆❖✱•–])", pdf_text(pdf, raw=True), re.M)
    assert len(bullets) >= 2 and len(set(bullets)) == 1, bullets


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, word) of one page, from pdftotext -bbox."""
    import re

    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), w) for a, b, c, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', html)]


def test_sidebar_has_two_columns_on_page_one_only(theme_pdfs: dict[str, Path]) -> None:
    """Page 1 opens with the side column (education) left of the main column (About Me); from
    the first publications list on, and on every later page, text runs the full width, and a
    later side-kind section (Honors and Awards, References) starts at the left margin."""
    pdf = theme_pdfs["sidebar"]
    first = _words(pdf, 1)
    x_of = {w: x for x, _, _, w in reversed(first)}  # a word's first occurrence
    assert x_of["Education"] < x_of["About"] and x_of["About"] - x_of["Education"] > 100
    research = next(x for x, _, _, w in first if w == "Research")  # the first publications heading
    assert abs(research - x_of["Education"]) < 2  # full width: back at the left margin
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                             text=True).stdout).group(1))
    left = min(x for x, _, _, _ in first)
    for page in range(2, pages + 1):
        words = _words(pdf, page)
        body = [w for w in words if w[3] not in ("Page", "of") and not w[3].isdigit()]
        assert min(x for x, _, _, _ in body) - left < 2, page  # nothing is pushed right of a side column
        assert max(x for _, _, x, _ in body) > 450, page  # and lines reach across the page
    honors = [(p, x) for p in range(2, pages + 1) for x, _, _, w in _words(pdf, p) if w == "Honors"]
    assert honors and abs(honors[0][1] - left) < 2, honors


def test_sidebar_keeps_a_grade_on_one_line(theme_pdfs: dict[str, Path]) -> None:
    """The side column's grades were split at the colon ('CGPA:' / '9/10'); they end a line."""
    lines = [line.strip() for line in pdf_text(theme_pdfs["sidebar"], raw=True).splitlines()]
    assert any(line.endswith("CGPA: 9/10") for line in lines) and any(line.endswith("CGPA: 6.3/8") for line in lines)
