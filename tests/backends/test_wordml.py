"""The body written as text is what python-docx writes for the same calls (its own output is
the oracle), so the streamed .docx is the document python-docx would have made."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.shared import Cm
from lxml import etree

from cvgen.backends import wordml as w
from cvgen.backends.docx import DATE_COLUMN_CM

TEXTS = ["plain", " leading", "trailing ", "a\tb", "line\nbreak\r!", "x & <y> \"q\" 'z'", "", "\t", "Zoë – ☃ 𝛼"]


def _xml(element: object) -> str:
    """An element as python-docx writes it inside document.xml (the namespaces declared on the root)."""
    return re.sub(r' xmlns:\w+="[^"]*"', "", etree.tostring(element, encoding="unicode"))


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("bold,italic", [(None, None), (True, None), (False, True), (None, True)])
def test_a_run_is_what_python_docx_writes(text: str, bold: bool | None, italic: bool | None) -> None:
    paragraph = Document().add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    assert w.run(text, bold=bold, italic=italic, props=True) == _xml(run._r)


@pytest.mark.parametrize("text", TEXTS)
def test_styled_and_plain_runs_and_paragraphs(text: str) -> None:
    document = Document()
    document.styles.add_style("CV Label", 2)  # a character style, as docx.py adds it
    paragraph = document.add_paragraph(style="List Bullet")
    assert w.run(text, style="CV Label") == _xml(paragraph.add_run(text, style="CV Label")._r)
    assert w.run(text) == _xml(paragraph.add_run(text)._r)
    code = paragraph.add_run(text)
    code.bold = code.italic = None
    code.font.name = "Courier New"
    assert w.run(text, props=True, font="Courier New") == _xml(code._r)
    broken = paragraph.add_run()
    broken.add_break()
    assert w.BREAK == _xml(broken._r)
    assert w.text_paragraph(text, "Heading 2") == _xml(document.add_heading(text, level=2)._p)
    assert w.text_paragraph(text, "List Bullet 2") == _xml(document.add_paragraph(text, style="List Bullet 2")._p)
    assert w.text_paragraph(text) == _xml(document.add_paragraph(text)._p)


def test_the_date_column_is_python_docx_s_hanging_indent() -> None:
    paragraph = Document().add_paragraph()
    layout = paragraph.paragraph_format
    layout.left_indent, layout.first_line_indent = Cm(DATE_COLUMN_CM), Cm(-DATE_COLUMN_CM)
    layout.tab_stops.add_tab_stop(Cm(DATE_COLUMN_CM))
    paragraph.add_run("2024\t")
    twips = round(DATE_COLUMN_CM * 360000 / 635)
    assert w.paragraph(w.run("2024\t"), layout=w.hanging(twips)) == _xml(paragraph._p)


def test_a_control_character_is_refused_as_lxml_refuses_it() -> None:
    with pytest.raises(ValueError) as ours:
        w.run("bad \x01 char")
    with pytest.raises(ValueError) as theirs:
        Document().add_paragraph("bad \x01 char")
    assert str(ours.value) == str(theirs.value)
