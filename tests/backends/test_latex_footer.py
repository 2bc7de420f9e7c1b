"""The page footer: "Page N of M" on a CV of several pages, nothing on a one-page CV."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import cvgen, flat, pdf_text


def test_a_long_cv_numbers_its_pages(reference_text: str) -> None:
    assert "Page 1 of 4" in reference_text and "Page 4 of 4" in reference_text


@pytest.mark.parametrize("theme", ["classic", "sidebar"])
def test_a_one_page_cv_has_no_page_number(tmp_path: Path, theme: str) -> None:
    made = cvgen("new", "Ada Lovelace", tmp_path / "ada", "--theme", theme)
    assert made.returncode == 0, made.stderr
    built = cvgen("build", tmp_path / "ada" / "cv.yaml", "-o", tmp_path / "cv.pdf")
    assert built.returncode == 0, built.stderr
    text = flat(pdf_text(tmp_path / "cv.pdf"))
    assert "Ada Lovelace" in text and "Page" not in text and " of 1" not in text
