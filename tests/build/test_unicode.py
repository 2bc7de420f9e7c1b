"""Names in other scripts: lualatex prints them (fallback fonts), others say which field fails."""

from __future__ import annotations

import shutil
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
