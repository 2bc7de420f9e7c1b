"""The page footer: "Page N of M" on a CV of several pages, nothing on a one-page CV."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize(("locale", "quoted"), [("en", "“EXAMPLE Talk Title”"), ("de", "„EXAMPLE Talk Title“"),
                                                ("fr", "«\u00a0EXAMPLE Talk Title\u00a0»")])
def test_talk_titles_take_the_languages_quotes(tmp_path: Path, locale: str, quoted: str) -> None:
    """A new CV quotes talk titles as its language does, in the PDF, the page and the Markdown
    (the reference CV keeps its straight quotes by saying so in its settings)."""
    made = cvgen("new", "Ada Lovelace", tmp_path / "ada")
    assert made.returncode == 0, made.stderr
    cv = tmp_path / "ada" / "cv.yaml"
    cv.write_text(re.sub(r"(?m)^  locale: en\b", f"  locale: {locale}", cv.read_text(encoding="utf-8"), count=1),
                  encoding="utf-8")
    built = cvgen("build", cv, "-o", tmp_path / "cv.pdf", "--format", "pdf,html,md")
    assert built.returncode == 0, built.stderr
    assert quoted.replace("\u00a0", " ") in pdf_text(tmp_path / "cv.pdf").replace("\u00a0", " ")
    assert quoted in (tmp_path / "cv.html").read_text(encoding="utf-8")
    assert quoted in (tmp_path / "cv.md").read_text(encoding="utf-8")
    assert '"EXAMPLE Talk Title"' not in (tmp_path / "cv.md").read_text(encoding="utf-8")
