"""The Word backend: every reference line is in the .docx, read back from its XML; headings and
lists are Word styles; links are live; the bytes are the same for the same CV."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from cvgen.backends.docx import render
from cvgen.enrich.enrich import enrich
from cvgen.pipeline import check

from ..conftest import CONTENT, flat, pdf_text
from ..test_reference import reference_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    checked = check(CONTENT / "cv.yaml")
    return render(enrich(checked.cv, checked.publications))


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style, text) of each paragraph, a line break or tab read as a space."""
    from docx import Document

    out = []
    for paragraph in Document(io.BytesIO(data)).paragraphs:
        text = "".join(node.text or (" " if node.tag in (W + "br", W + "tab") else "")
                       for node in paragraph._p.iter(W + "t", W + "br", W + "tab"))
        out.append((paragraph.style.name, text))
    return out


def test_every_reference_line_is_in_the_document(docx_bytes: bytes) -> None:
    text = flat(" ".join(t for _, t in _paragraphs(docx_bytes)))
    assert [line for line in reference_lines() if line not in text] == []


def test_headings_and_lists_are_word_styles(docx_bytes: bytes) -> None:
    paragraphs = _paragraphs(docx_bytes)
    assert paragraphs[0] == ("Title", "Ashish Panwar")
    headings = [t for s, t in paragraphs if s == "Heading 1"]
    assert headings[:3] == ["About Me", "Employment History", "Education"] and headings[-1] == "References"
    bullets = [t for s, t in paragraphs if s == "List Bullet"]
    assert any(t.startswith("[ASPLOS'25] POD-Attention") and "Submissions: 510, Accepted: 105" in t for t in bullets)


def test_links_are_live(docx_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        body = z.read("word/document.xml").decode()
    assert 'Target="mailto:panwarit014@gmail.com"' in rels and 'Target="https://apanwariisc.github.io"' in rels
    assert body.count("<w:hyperlink ") >= 2 + 5  # the owner's two, and each referee's address


def test_the_bytes_are_reproducible(docx_bytes: bytes) -> None:
    checked = check(CONTENT / "cv.yaml")
    assert render(enrich(checked.cv, checked.publications)) == docx_bytes
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed (optional)")
def test_libreoffice_opens_it(docx_bytes: bytes, tmp_path: Path) -> None:
    (tmp_path / "cv.docx").write_bytes(docx_bytes)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "cv.docx")],
                   check=True, capture_output=True, timeout=180)
    # pdftotext joins a word broken at its hyphen ("Multi-" "socket" -> "Multisocket"): compare without hyphens
    text = flat(pdf_text(tmp_path / "cv.pdf").replace("-", ""))
    assert [line for line in reference_lines() if flat(line.replace("-", "")) not in text] == []
    assert re.search(r"Ashish Panwar", text)


def test_format_docx_writes_it_beside_the_pdf_without_tex(tmp_path: Path) -> None:
    from ..conftest import cvgen

    built = cvgen("build", CONTENT / "cv.yaml", "-o", tmp_path / "cv.pdf", "--format", "docx")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "cv.docx").exists() and not (tmp_path / "cv.pdf").exists()  # no TeX for a .docx alone
    text = flat(" ".join(t for _, t in _paragraphs((tmp_path / "cv.docx").read_bytes())))
    assert [line for line in reference_lines() if line not in text] == []
    assert "cv.docx" in built.stdout
