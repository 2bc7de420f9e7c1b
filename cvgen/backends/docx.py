"""The Word backend: enriched values -> a .docx (python-docx), for forms and portals that want Word.

Like the other backends it lays out values and adds no words: headings and lists use Word's
own styles (Title, Heading 1/2, List Bullet, Normal), so a user restyles the whole document
in Word's style pane; bold and italic come from the span roles, links stay live (a
`w:hyperlink` with its relationship), the acceptance lines and role marks are there as in
the PDF. The bytes are reproducible: fixed document properties and fixed times in the zip.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from cvgen.enrich.values import Block, Enriched, Entry, Line, Paper, Person, Span

# Span roles printed bold or italic (the rest: plain, or their BibTeX style).
_BOLD = {"position", "degree", "grade", "owner", "bold", "bolditalic"}
_ITALIC = {"course", "note", "italic", "bolditalic", "math"}
LINK_SCHEMES = ("https://", "http://", "mailto:", "ftp://")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
DATE_COLUMN_CM = 3.4  # the width of a dated entry's date column ("Since March'25", "Aug 2018 – Jul 2022" wraps)  # every member's time: the same bytes from the same CV


def render(cv: Enriched) -> bytes:
    """The .docx of an enriched CV."""
    from docx import Document  # not at import: only a docx build pays for python-docx and lxml

    document = Document()
    props = document.core_properties
    props.title, props.author, props.language = cv.title, cv.name, cv.lang
    props.comments = props.keywords = props.subject = props.category = ""
    props.last_modified_by, props.revision = cv.name, 1
    from datetime import datetime, timezone

    props.created = props.modified = datetime(2000, 1, 1, tzinfo=timezone.utc)
    _label_style(document)
    document.add_paragraph(cv.name, style="Title")
    contacts = [(cv.email, "mailto:" + cv.email)] if cv.email else []
    if cv.website:
        contacts.append((cv.website, cv.website))
    contacts.extend((text, target or "") for _, target, text in cv.contacts)
    if contacts:
        paragraph = document.add_paragraph()
        for k, (text, target) in enumerate(contacts):
            if k:
                paragraph.add_run(cv.words.separator)
            if target:
                _hyperlink(paragraph, text, target)
            else:
                paragraph.add_run(text)
    _blocks(document, cv)
    if cv.updated:  # settings.last_updated
        document.add_paragraph().add_run(cv.updated).italic = True
    return _reproducible(document)


LABEL_STYLE = "CV Label"  # venue tags and badges


def _label_style(document: Any) -> None:
    """A character style for labels: small and grey, so a tag does not read as part of the title."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    style = document.styles.add_style(LABEL_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.font.size = Pt(9)
    style.font.bold = False
    style.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _blocks(document: Any, cv: Enriched) -> None:
    for block in cv.blocks:
        if block.kind == "raw":
            continue  # the user's own LaTeX: the PDF's only (the pipeline warns)
        if block.title:
            document.add_heading(block.title, level=1)
        if block.intro:
            _paragraph(document, block.intro_spans())
        _body(document, block)


def _body(document: Any, block: Block) -> None:
    if block.kind == "text":
        for spans in block.paragraph_spans():
            _paragraph(document, spans)
    elif block.kind == "entries":
        for e in block.entries:
            if isinstance(e, Entry):
                _line(_dated(document, e.when), e.line)
    elif block.kind == "papers":
        for group in block.groups or (None,):
            if group is not None:
                document.add_heading(group.title, level=2)
                if group.intro:
                    _paragraph(document, group.intro_spans())
            for p in group.entries if group is not None else block.entries:
                if isinstance(p, Paper):
                    _paper(document.add_paragraph(style="List Bullet"), p)
        if block.summary:
            document.add_paragraph(block.summary)
        if block.legend:
            _line(document.add_paragraph(), block.legend)
    elif block.kind == "list":
        for e in block.entries:
            if isinstance(e, Entry):
                _line(document.add_paragraph(style="List Bullet"), e.line)
                for sub in e.sub:
                    _line(document.add_paragraph(style="List Bullet 2"), sub)
    elif block.kind == "references":
        for r in block.entries:
            if isinstance(r, Person):
                _person(document.add_paragraph(style="List Bullet"), r)
    else:
        raise TypeError(f"unknown block {block.kind}")


def _dated(document: Any, when: str) -> Any:
    """A paragraph whose date hangs in a column of its own, the entry aligned beside it (as the
    PDF's date column): a hanging indent with one tab stop."""
    from docx.shared import Cm

    paragraph = document.add_paragraph()
    layout = paragraph.paragraph_format
    layout.left_indent, layout.first_line_indent = Cm(DATE_COLUMN_CM), Cm(-DATE_COLUMN_CM)
    layout.tab_stops.add_tab_stop(Cm(DATE_COLUMN_CM))
    paragraph.add_run(when + "\t")
    return paragraph


def _paper(paragraph: Any, p: Paper) -> None:
    if p.number:
        paragraph.add_run(p.number + " ")
    if p.tag:  # a label, not part of the title: Word's character style "CV Label", which users can restyle
        paragraph.add_run(p.tag, style=LABEL_STYLE)
        paragraph.add_run(" ")
    _line(paragraph, tuple(_bolder(s) for s in p.title))
    for spans in p.lines:
        paragraph.add_run().add_break()
        _line(paragraph, spans)
    if p.acceptance:
        paragraph.add_run().add_break()
        paragraph.add_run(p.acceptance)


def _bolder(s: Span) -> Span:
    """A title's span, bold as titles are (italic stays italic)."""
    from dataclasses import replace

    return replace(s, style="bolditalic" if s.style in ("italic", "bolditalic", "math") else "bold")


def _person(paragraph: Any, r: Person) -> None:
    paragraph.add_run(r.name).bold = True
    for text in (r.position, r.affiliation):
        if text:
            paragraph.add_run().add_break()
            paragraph.add_run(text)
    if r.email:  # the document the owner sends, like the PDF
        paragraph.add_run().add_break()
        _hyperlink(paragraph, r.email, "mailto:" + r.email)


def _paragraph(document: Any, spans: Line) -> None:
    """A paragraph of cv.yaml text: plain text as one plain run, styled runs where it has markup."""
    if len(spans) == 1 and spans[0].style == "" and spans[0].link is None:
        document.add_paragraph(spans[0].text)
    else:
        _line(document.add_paragraph(), spans)


def _line(paragraph: Any, spans: Line) -> None:
    for s in spans:
        _span(paragraph, s)


def _span(paragraph: Any, s: Span) -> None:
    """One span as runs: its role's bold/italic, a link where it has one."""
    if s.style in ("author", "owner"):
        run = paragraph.add_run(s.text)
        run.bold = s.style == "owner"
        if s.joint or s.marks:
            paragraph.add_run(s.joint + s.marks)
        return
    if s.style == "thesis":
        paragraph.add_run().add_break()
        paragraph.add_run(s.label + " ")
        paragraph.add_run(s.text).italic = True
        return
    if s.style == "inventors":
        paragraph.add_run(s.text + " ")
        return
    if s.style == "editors":
        paragraph.add_run(" " + s.text)
        return
    if s.style == "joint":
        paragraph.add_run(s.text)
        return
    if s.style == "badges":
        paragraph.add_run(" ")
        paragraph.add_run(s.text, style=LABEL_STYLE)
        return
    if s.style in ("eprint", "link") and s.link:
        paragraph.add_run(" ")
    if s.link and s.link.lower().startswith(LINK_SCHEMES):
        _hyperlink(paragraph, s.text, s.link, bold=s.style in _BOLD, italic=s.style in _ITALIC)
        return
    run = paragraph.add_run(s.text)
    run.bold = s.style in _BOLD or None
    run.italic = s.style in _ITALIC or None
    if s.style == "code":  # cv.yaml's `code`: a monospaced run
        run.font.name = "Courier New"


def _external_rel(rels: Any, reltype: str, target: str) -> str:
    """The rId of a link to `target`, as `part.relate_to` gives it (one per address, the lowest free
    rId), through an index kept on the collection: relate_to scans every relationship, twice,
    for each link, which made a 20,000-paper CV quadratic (issue 22)."""
    index = rels.__dict__.get("_cvgen_index")
    if index is None:
        index = rels._cvgen_index = {(r.reltype, r.target_ref): r.rId for r in rels.values() if r.is_external}
        rels._cvgen_next = 1
    rid = index.get((reltype, target))
    if rid is None:
        while f"rId{rels._cvgen_next}" in rels:
            rels._cvgen_next += 1
        rid = f"rId{rels._cvgen_next}"
        rels.add_relationship(reltype, target, rid, is_external=True)
        index[(reltype, target)] = rid
    return rid


def _hyperlink(paragraph: Any, text: str, target: str, bold: bool = False, italic: bool = False) -> None:
    """A live link: python-docx has no API for it, so the `w:hyperlink` element is built here."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = _external_rel(paragraph.part.rels, RELATIONSHIP_TYPE.HYPERLINK, target)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    for flag, name in ((bold, "w:b"), (italic, "w:i")):
        if flag:
            props.append(OxmlElement(name))
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "1F4E79")
    props.append(color)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _reproducible(document: Any) -> bytes:
    """The document's zip with every member at one fixed time, in the order python-docx wrote."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
