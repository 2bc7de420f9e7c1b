"""The sidebar theme's page 1, read back by position (pdftotext -bbox): the side column left of
the main one, its entries ragged with a grade flush right at the end of the entry's text. The
reference CV is built once for the module."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from ..conftest import cvgen

pytestmark = pytest.mark.tex

Word = tuple[float, float, float, float, str]  # xMin, yMin, xMax, yMax, text


def words(pdf: Path, page: int) -> list[Word]:
    """Every word of one page with its box, in the order pdftotext reads them."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', html)
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in found]


@pytest.fixture(scope="module")
def sidebar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = tmp_path_factory.mktemp("sidebar") / "cv.pdf"
    done = cvgen("build", "content/cv.yaml", "--theme", "sidebar", "-o", pdf)
    assert done.returncode == 0, done.stderr
    return pdf


def _first(page: list[Word], text: str) -> Word:
    return next(w for w in page if w[4] == text)


def test_page_one_side_column_is_left_of_the_main_column(sidebar: Path) -> None:
    page = words(sidebar, 1)
    main_left = _first(page, "About")[0]
    employment_bottom = _first(page, "Services")[3]  # the band's last main-column line (Tata Consultancy...)
    side = [w for w in page if w[0] < main_left - 5 and w[1] < employment_bottom]
    assert any(w[4] == "Education" for w in side) and any(w[4] == "9/10" for w in side)
    # every side word ends well before the main column: a gap, not text run into the rule
    assert max(w[2] for w in side) < main_left - 15, max(side, key=lambda w: w[2])


def test_side_column_grade_sits_flush_right_after_the_entry_text(sidebar: Path) -> None:
    page = words(sidebar, 1)
    main_left = _first(page, "About")[0]
    band_bottom = _first(page, "Research")[1]  # the first full-width heading, under the band
    side_right = max(w[2] for w in page if w[2] < main_left - 5 and w[3] < band_bottom)
    for grade in ("9/10", "6.3/8", "75%."):
        box = _first(page, grade)
        assert abs(box[2] - side_right) < 3, (grade, box, side_right)  # flush right (a glyph's overhang aside)
        label = page[page.index(box) - 1]
        assert label[4] in ("CGPA:", "Percentage:") and abs(label[1] - box[1]) < 1  # one line, never split
    # the text layer keeps the CV's order: the degree's text, then its grade
    text = " ".join(w[4] for w in page)
    assert "Bangalore, India. CGPA: 9/10 Thesis:" in text
