"""The Word backend: enriched values -> a .docx (python-docx), for forms and portals that want Word.

Like the other backends it lays out values and adds no words: headings and lists use Word's
own styles (Title, Heading 1/2, List Bullet, Normal), so a user restyles the whole document
in Word's style pane; bold and italic come from the span roles, links stay live (a
`w:hyperlink` with its relationship), the acceptance lines and role marks are there as in
the PDF. The bytes are reproducible: fixed document properties and fixed times in the zip.
python-docx makes the package, the styles and the links' relationships; the body is written
as text (wordml.py, what python-docx writes for the same calls) and streamed into the zip, so
20,000 papers cost what the other formats cost instead of an lxml tree of millions of elements.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from cvgen.backends import wordml as w
from cvgen.enrich.values import Block, Enriched, Entry, Line, Paper, Person, Span

# Span roles printed bold or italic (the rest: plain, or their BibTeX style).
_BOLD = {"position", "degree", "grade", "owner", "bold", "bolditalic"}
_ITALIC = {"course", "note", "italic", "bolditalic", "math"}
LINK_SCHEMES = ("https://", "http://", "mailto:", "ftp://")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # every member's time: the same bytes from the same CV
DATE_COLUMN_CM = 3.4  # the width of a dated entry's date column ("Since March'25", "Aug 2018 – Jul 2022" wraps)


def render(cv: Enriched) -> bytes:
    """The .docx of an enriched CV."""
    from docx import Document  # not at import: only a docx build pays for python-docx and lxml
    from docx.opc.constants import RELATIONSHIP_TYPE

    document = Document()
    props = document.core_properties
    props.title, props.author, props.language = cv.title, cv.name, cv.lang
    props.comments = props.keywords = props.subject = props.category = ""
    props.last_modified_by, props.revision = cv.name, 1
    from datetime import datetime, timezone

    props.created = props.modified = datetime(2000, 1, 1, tzinfo=timezone.utc)
    _label_style(document)
    rels = document.part.rels
    body = _Body(lambda target: _external_rel(rels, RELATIONSHIP_TYPE.HYPERLINK, target))
    body.add(w.text_paragraph(cv.name, "Title"))
    contacts = [(cv.email, "mailto:" + cv.email)] if cv.email else []
    if cv.website:
        contacts.append((cv.website, cv.website))
    contacts.extend((text, target or "") for _, target, text in cv.contacts)
    if contacts:
        runs = []
        for k, (text, target) in enumerate(contacts):
            if k:
                runs.append(w.run(cv.words.separator))
            runs.append(body.link(text, target) if target else w.run(text))
        body.add(w.paragraph("".join(runs)))
    _blocks(body, cv)
    if cv.updated:  # settings.last_updated
        body.add(w.paragraph(w.run(cv.updated, italic=True)))
    document.add_paragraph(_MARKER)
    return _reproducible(document, body.pieces)


LABEL_STYLE = "CV Label"  # venue tags and badges
_MARKER = "cvgen-body-goes-here"  # a paragraph python-docx writes, replaced by the body's text


class _Body:
    """The body's XML, piece by piece (wordml.py), and the links' relationship ids."""

    def __init__(self, relate: Callable[[str], str]) -> None:
        self.pieces: list[str] = []
        self.relate = relate

    def add(self, xml: str) -> None:
        self.pieces.append(xml)

    def link(self, text: str, target: str, bold: bool = False, italic: bool = False) -> str:
        return w.hyperlink(self.relate(target), text, bold, italic)


def _label_style(document: Any) -> None:
    """A character style for labels: small and grey, so a tag does not read as part of the title."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    style = document.styles.add_style(LABEL_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.font.size = Pt(9)
    style.font.bold = False
    style.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _blocks(body: _Body, cv: Enriched) -> None:
    for block in cv.blocks:
        if block.kind == "raw":
            continue  # the user's own LaTeX: the PDF's only (the pipeline warns)
        if block.title:
            body.add(w.text_paragraph(block.title, "Heading 1"))
        if block.intro:
            body.add(_paragraph(body, block.intro_spans()))
        _body(body, block)


def _body(body: _Body, block: Block) -> None:
    if block.kind == "text":
        for spans in block.paragraph_spans():
            body.add(_paragraph(body, spans))
    elif block.kind == "entries":
        for e in block.entries:
            if isinstance(e, Entry):
                body.add(w.paragraph(w.run(e.when + "\t") + _line(body, e.line), layout=_DATE_COLUMN))
    elif block.kind == "papers":
        for group in block.groups or (None,):
            if group is not None:
                body.add(w.text_paragraph(group.title, "Heading 2"))
                if group.intro:
                    body.add(_paragraph(body, group.intro_spans()))
            for p in group.entries if group is not None else block.entries:
                if isinstance(p, Paper):
                    body.add(w.paragraph(_paper(body, p), "List Bullet"))
        if block.summary:
            body.add(w.text_paragraph(block.summary))
        if block.legend:
            body.add(w.paragraph(_line(body, block.legend)))
    elif block.kind == "list":
        for e in block.entries:
            if isinstance(e, Entry):
                body.add(w.paragraph(_line(body, e.line), "List Bullet"))
                for sub in e.sub:
                    body.add(w.paragraph(_line(body, sub), "List Bullet 2"))
    elif block.kind == "references":
        for r in block.entries:
            if isinstance(r, Person):
                body.add(w.paragraph(_person(body, r), "List Bullet"))
    else:
        raise TypeError(f"unknown block {block.kind}")


# A dated entry's date hangs in a column of its own, the entry aligned beside it (as the PDF's
# date column): a hanging indent with one tab stop (python-docx's Cm -> twips, rounded).
_DATE_COLUMN = w.hanging(round(DATE_COLUMN_CM * 360000 / 635))


def _paper(body: _Body, p: Paper) -> str:
    runs = []
    if p.number:
        runs.append(w.run(p.number + " "))
    if p.tag:  # a label, not part of the title: Word's character style "CV Label", which users can restyle
        runs += [w.run(p.tag, style=LABEL_STYLE), w.run(" ")]
    runs.append(_line(body, tuple(_bolder(s) for s in p.title)))
    for spans in p.lines:
        runs += [w.BREAK, _line(body, spans)]
    if p.acceptance:
        runs += [w.BREAK, w.run(p.acceptance)]
    return "".join(runs)


def _bolder(s: Span) -> Span:
    """A title's span, bold as titles are (italic stays italic)."""
    from dataclasses import replace

    return replace(s, style="bolditalic" if s.style in ("italic", "bolditalic", "math") else "bold")


def _person(body: _Body, r: Person) -> str:
    runs = [w.run(r.name, bold=True)]
    for text in (r.position, r.affiliation):
        if text:
            runs += [w.BREAK, w.run(text)]
    if r.email:  # the document the owner sends, like the PDF
        runs += [w.BREAK, body.link(r.email, "mailto:" + r.email)]
    return "".join(runs)


def _paragraph(body: _Body, spans: Line) -> str:
    """A paragraph of cv.yaml text: plain text as one plain run, styled runs where it has markup."""
    if len(spans) == 1 and spans[0].style == "" and spans[0].link is None:
        return w.text_paragraph(spans[0].text)
    return w.paragraph(_line(body, spans))


def _line(body: _Body, spans: Line) -> str:
    return "".join(_span(body, s) for s in spans)


def _span(body: _Body, s: Span) -> str:
    """One span as runs: its role's bold/italic, a link where it has one."""
    if s.style in ("author", "owner"):
        marks = w.run(s.joint + s.marks) if s.joint or s.marks else ""
        return w.run(s.text, bold=s.style == "owner") + marks
    if s.style == "thesis":
        return w.BREAK + w.run(s.label + " ") + w.run(s.text, italic=True)
    if s.style == "inventors":
        return w.run(s.text + " ")
    if s.style == "editors":
        return w.run(" " + s.text)
    if s.style == "joint":
        return w.run(s.text)
    if s.style == "badges":
        return w.run(" ") + w.run(s.text, style=LABEL_STYLE)
    space = w.run(" ") if s.style in ("eprint", "link") and s.link else ""
    if s.link and s.link.lower().startswith(LINK_SCHEMES):
        return space + body.link(s.text, s.link, bold=s.style in _BOLD, italic=s.style in _ITALIC)
    return space + w.run(s.text, bold=s.style in _BOLD or None, italic=s.style in _ITALIC or None, props=True,
                         font="Courier New" if s.style == "code" else None)  # cv.yaml's `code`: monospaced


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


def _reproducible(document: Any, body: list[str]) -> bytes:
    """The document's zip with every member at one fixed time, in the order python-docx wrote,
    the body's text in place of the marker paragraph."""
    raw = io.BytesIO()
    document.save(raw)
    marker = f"<w:p><w:r><w:t>{_MARKER}</w:t></w:r></w:p>".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                before, found, after = data.partition(marker)
                assert found, "python-docx wrote the marker paragraph differently"
                with target.open(fixed, "w") as member:  # streamed: the body is never one more copy
                    member.write(before)
                    for piece in body:
                        member.write(piece.encode("utf-8"))
                    member.write(after)
                continue
            target.writestr(fixed, data)
    return out.getvalue()
