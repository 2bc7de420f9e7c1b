"""The Word document's body as WordprocessingML text, written piece by piece.

python-docx builds every paragraph and run as an lxml element behind an object layer; a
20,000-paper CV became millions of elements (765 MB, 7x the time of 5,000 papers). The body is
therefore written here as text, element for element what python-docx writes for the same calls
(`add_paragraph`, `add_run`, `bold`/`italic`, `add_break`, the `w:hyperlink` docx.py built), so
the reference CV's document.xml is byte-identical; docx.py keeps python-docx for the package,
the styles and the relationships, and puts this body in place of a marker paragraph.
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # the control characters lxml refuses in XML text
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_SPECIAL = re.compile(r"([\t\n\r])")


def style_id(name: str) -> str:
    """Word's style id for a built-in style name, as python-docx looks it up ("List Bullet 2")."""
    return name.replace(" ", "")


def xml_text(text: str) -> str:
    """Text as lxml writes it in an element; refused as lxml refuses it (ValueError)."""
    if _FORBIDDEN.search(text):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    return text.translate(_TEXT_ESCAPES)


def run_content(text: str) -> str:
    """A run's text: `w:t` pieces, a tab as `w:tab`, a line break (\\n or \\r) as `w:br`."""
    parts = []
    for piece in _SPECIAL.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{xml_text(piece)}</w:t>")
    return "".join(parts)


def run(text: str = "", *, bold: bool | None = None, italic: bool | None = None, props: bool = False,
        style: str | None = None, font: str | None = None) -> str:
    """`add_run(text, style)` then `.bold`/`.italic` set (True `<w:b/>`, False `<w:b w:val="0"/>`);
    `props`: the properties element exists though empty (python-docx writes `<w:rPr/>` once
    `bold = None` was assigned)."""
    inner = []
    if style:
        inner.append(f'<w:rStyle w:val="{style_id(style)}"/>')
    if font:
        inner.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>')
    for flag, tag in ((bold, "b"), (italic, "i")):
        if flag is not None:
            inner.append(f"<w:{tag}/>" if flag else f'<w:{tag} w:val="0"/>')
    rpr = f"<w:rPr>{''.join(inner)}</w:rPr>" if inner else "<w:rPr/>" if props else ""
    content = run_content(text)
    return f"<w:r>{rpr}{content}</w:r>" if rpr or content else "<w:r/>"


BREAK = "<w:r><w:br/></w:r>"  # add_run().add_break()


def hyperlink(rid: str, text: str, bold: bool = False, italic: bool = False) -> str:
    flags = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    return (f'<w:hyperlink r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>{flags}<w:color w:val="1F4E79"/>'
            f'<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r></w:hyperlink>')


def paragraph(runs: str = "", style: str | None = None, layout: str = "") -> str:
    """`add_paragraph(style=...)` holding `runs` (already written); `layout`: pPr children."""
    ppr = (f'<w:pStyle w:val="{style_id(style)}"/>' if style else "") + layout
    inner = (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + runs
    return f"<w:p>{inner}</w:p>" if inner else "<w:p/>"


def text_paragraph(text: str, style: str | None = None) -> str:
    """`add_paragraph(text, style)` or `add_heading(text)`: no run at all for empty text."""
    return paragraph(run(text) if text else "", style)


def hanging(twips: int) -> str:
    """A hanging indent with one left tab stop at it (the dated entries' date column)."""
    return f'<w:tabs><w:tab w:pos="{twips}" w:val="left"/></w:tabs><w:ind w:left="{twips}" w:hanging="{twips}"/>'
