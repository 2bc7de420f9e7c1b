"""Inline Markdown in cv.yaml read back from every output: the PDF (pdftotext, its link
annotations), the HTML parsed, the Markdown, the .docx XML and the JSON Resume (as written)."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..conftest import cvgen, flat, pdf_text

pytestmark = pytest.mark.tex

CV = r"""name: Ada Lovelace
email: ada@example.org
sections:
  - title: About
    intro: An intro with **strong words**.
    text: |
      I work on *analytical engines* and _notes_, see [my page](https://example.org/a_b#x%y}z\\w)
      and `code_here` and a literal \* star.

      A hostile [click](javascript:alert(1)) and [file](ftp://x/y) stay text.
  - title: Work
    experience:
      - {start: 2020-01, end: 2022-07, position: Engineer, organization: Babbage Ltd., details: "Built **the mill**."}
  - title: Awards
    items:
      - "A **bold** award with [a link](https://example.org/award)"
"""
PAGE = "https://example.org/a_b#x%25y%7Dz%5Cw"  # what markdown-it makes of the written target


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("richtext")
    (folder / "cv.yaml").write_text(CV, encoding="utf-8")
    result = cvgen("build", folder / "cv.yaml", "-o", folder / "cv.pdf", "--format", "pdf,html,md,json,docx")
    assert "javascript:alert(1)" in result.stderr and "ftp://x/y" in result.stderr  # both warned
    return folder


def test_pdf_prints_the_text_without_markers_and_links_only_the_web(out: Path) -> None:
    text = flat(pdf_text(out / "cv.pdf"))
    assert "An intro with strong words." in text
    assert "I work on analytical engines and notes, see my page and code_here and a literal * star." in text
    assert "A hostile [click](javascript:alert(1)) and file stay text." in text
    assert "Built the mill." in text and "A bold award with a link" in text
    uris = [a.get_object()["/A"]["/URI"] for page in PdfReader(out / "cv.pdf").pages
            for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert PAGE in uris and "https://example.org/award" in uris
    assert not [u for u in uris if not u.startswith(("https://", "mailto:"))]


def test_pdf_sets_bold_italic_and_code_fonts(out: Path) -> None:
    tex = (out / "cv.tex").read_text(encoding="utf-8")
    assert r"\cvbold{strong words}" in tex and r"\cvitalic{analytical engines}" in tex
    assert r"\texttt{code\_here}" in tex and "javascript" not in tex.replace("[click](javascript:alert(1))", "")


def test_html_has_the_tags_and_no_hostile_link(out: Path) -> None:
    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[tuple[str, str]] = []
            self.stack: list[str] = []
            self.hrefs: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.stack.append(tag)
            self.hrefs += [v or "" for k, v in attrs if k == "href"]

        def handle_endtag(self, tag: str) -> None:
            self.stack.pop() if self.stack and self.stack[-1] == tag else None

        def handle_data(self, data: str) -> None:
            if self.stack:
                self.seen.append((self.stack[-1], data))

    page = Tags()
    page.feed((out / "cv.html").read_text(encoding="utf-8"))
    for pair in [("strong", "strong words"), ("em", "analytical engines"), ("em", "notes"), ("code", "code_here"),
                 ("a", "my page"), ("strong", "the mill"), ("a", "a link")]:
        assert pair in page.seen
    assert PAGE in page.hrefs and not [h for h in page.hrefs if h.lower().startswith(("javascript", "ftp"))]


def test_markdown_keeps_the_markdown(out: Path) -> None:
    md = (out / "cv.md").read_text(encoding="utf-8")
    assert "An intro with **strong words**." in md
    assert f"*analytical engines* and *notes*, see [my page](<{PAGE}>) and `code_here` and a literal \\* star." in md
    assert "Built **the mill**." in md
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(md)
    assert "A hostile [click](javascript:alert(1)) and file stay text." in rendered  # escaped: no link
    assert f'<a href="{PAGE}">my page</a>' in rendered


def test_docx_has_bold_italic_monospace_runs_and_a_live_link(out: Path) -> None:
    with zipfile.ZipFile(out / "cv.docx") as z:
        xml = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert re.search(r"<w:b/></w:rPr><w:t>strong words</w:t>", xml)
    assert re.search(r"<w:i/></w:rPr><w:t>analytical engines</w:t>", xml)
    assert re.search(r'w:ascii="Courier New"[^>]*/></w:rPr><w:t>code_here</w:t>', xml)
    assert re.search(r"<w:hyperlink [^>]*>.*?my page</w:t>", xml) and f'Target="{PAGE}"' in rels
    assert "javascript" not in rels


def test_json_resume_keeps_the_text_as_written(out: Path) -> None:
    resume = json.loads((out / "cv.json").read_text(encoding="utf-8"))
    assert resume["basics"]["summary"].startswith("I work on *analytical engines* and _notes_")
