"""The sidebar theme's page 1, read back by position (pdftotext -bbox): the side column left of
the main one, its entries ragged with a grade flush right at the end of the entry's text. The
reference CV is built once for the module."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import CONTENT, cvgen

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


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference CV with Honors and Awards, Professional Service and References moved up to
    follow Education: more side sections before the first long one than page 1 holds."""
    root = tmp_path_factory.mktemp("crowded")
    shutil.copytree(CONTENT, root / "content")
    cv = root / "content" / "cv.yaml"
    head, sections = cv.read_text(encoding="utf-8").split("\nsections:\n")
    parts = [p if p.endswith("\n") else p + "\n" for p in re.split(r"(?m)^(?=  - title: )", sections) if p]
    moved = [p for p in parts if p.split("\n")[0] in
             ("  - title: Honors and Awards", "  - title: Professional Service", "  - title: References")]
    rest = [p for p in parts if p not in moved]
    at = next(i for i, p in enumerate(rest) if p.startswith("  - title: Education")) + 1
    cv.write_text(head + "\nsections:\n" + "".join(rest[:at] + moved + rest[at:]), encoding="utf-8")
    pdf = root / "cv.pdf"
    done = cvgen("build", cv, "--theme", "sidebar", "-o", pdf)
    assert done.returncode == 0, done.stderr
    return pdf


def test_side_sections_that_do_not_fit_page_one_print_full_width_after_the_columns(crowded: Path) -> None:
    """Honors and Awards fits under Education in the side column; Professional Service does not,
    so the columns end on page 1 and it, References and the rest run the full width: no side
    column (nor its rule) on page 2, which had held the overflow beside an empty main column."""
    page = words(crowded, 1)
    main_left = _first(page, "About")[0]
    left = _first(page, "Education")[0]
    honors = _first(page, "Honors")
    assert honors[0] < main_left - 15  # in the side column
    service = _first(page, "Professional")  # on page 1, at the left margin, under the columns
    assert abs(service[0] - left) < 2 and service[1] > max(w[3] for w in page if w[4] == "Services")
    assert any(w[2] > main_left + 100 for w in page if w[1] > service[3])  # its lines run across
    for number in range(2, 4):
        later = [w for w in words(crowded, number) if w[4] not in ("Page", "of") and not w[4].isdigit()]
        assert min(w[0] for w in later) - left < 2 and max(w[2] for w in later) > 450, number
