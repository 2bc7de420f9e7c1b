"""The LaTeX backend: enriched values -> TexSource. The one place that writes LaTeX.

It only chooses the theme's macros (latex_templates/cvgen.cls) for each role and escapes:
the words were decided by enrich. PyLaTeX builds the document. User text reaches it only
through `escape` (or `url` for link targets), which returns PyLaTeX's `NoEscape`; pieces are
joined only by `join`, which takes `NoEscape` and `Command` values and nothing else, so no
escaped `str` circulates and nothing is escaped twice. Text renders literally: `\\input{x}`
typed into a title prints those characters, `--` stays two hyphens, a straight quote stays
straight.

Each entry is preceded by a `%% cvgen-source: FILE:LINE` comment so a TeX error at a line
of the .tex can be traced back to the YAML entry or BibTeX key that produced it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Union
from urllib.parse import quote

from pylatex import Command, Document, NoEscape
from pylatex.base_classes import Environment

from cvgen.core.charset import SCRIPT_CHARS, SPACE_CHARS, has_cjk
from cvgen.core.texsource import DUMP_MARK, SOURCE_MARK, TexSource
from cvgen.enrich.contract import (ENGLISH, Block, Enriched, Entry, Line, Paper, Person, Design, Span, Theme, Words,
                                   shipped_class, template_parts)

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "'": r"\textquotesingle{}",
    '"': r"\textquotedbl{}",
    "`": r"\textasciigrave{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "\n": " ",
    "\t": " ",
    "\r": " ",
    "\xa0": "~",
    **SPACE_CHARS,
    **{ch: (r"\textsuperscript{" if kind == "sup" else r"\textsubscript{") + plain + "}"
       for ch, (kind, plain) in SCRIPT_CHARS.items()},
}
# After escaping, the only pairs T1 fonts would still join into other characters are
# '--' (en dash) and ',,' (low quotes): a `{}` between them keeps them literal.
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=,)(?=,)")
# Characters no font prints (cvgen.core.charset.never_printable) print as the theme's mark.
_NEVER = "\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff"
_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + _NEVER + "]")
_LOST_MARK = r"\cvlostchar{}"
# The characters TeX found no glyph for in a first run (BibTeX fields only: see
# cvgen.core.charset.glyph_problems): set by `render(lost=...)` for its own duration.
_SPECIAL_NOW: ContextVar[re.Pattern[str]] = ContextVar("special", default=_SPECIAL)


def escape(text: str) -> NoEscape:
    """User text -> LaTeX that prints exactly that text (whitespace runs become one space).
    The one function through which user text enters the document."""
    text = _SPECIAL_NOW.get().sub(lambda match: _ESCAPES.get(match.group(), _LOST_MARK), text)
    return NoEscape(_LIGATURE.sub("{}", text))


def url(target: str) -> NoEscape:
    """A URL for hyperref's \\href: percent-encode what TeX or PDF would mangle, escape # and %."""
    safe = quote(target, safe="/:?=&@.-_~+!$,;*()[]'%#")
    return NoEscape(safe.replace("\\", "%5C").replace("%", r"\%").replace("#", r"\#"))


Latex = Union[NoEscape, Command, Environment]


def join(*parts: Latex, sep: str = "") -> NoEscape:
    """LaTeX pieces one after another; a plain `str` here is a bug (it was never escaped)."""
    out = []
    for part in parts:
        if not isinstance(part, (NoEscape, Command, Environment)):
            raise TypeError(f"unescaped text reached the LaTeX writer: {part!r}")
        out.append(part if isinstance(part, NoEscape) else part.dumps())
    return NoEscape(sep.join(out))


class _Env(Environment):
    """A theme environment (`cventries`, `cvlist`, ...) with its name given per instance."""

    def __init__(self, name: str, arguments: list[NoEscape] | None = None) -> None:
        self._latex_name = name
        super().__init__(arguments=arguments)


def cmd(name: str, *args: NoEscape, options: NoEscape | None = None) -> Command:
    return Command(name, arguments=list(args) if args else None, options=options)


_EMPTY = NoEscape("")
_JOINT = NoEscape(r"\cvjoint{}")  # braces: the space after it is text
# The macro of each role of a span (enrich.Span.style); plain text has none.
_MACROS = {"position": "cvposition", "degree": "cvdegree", "grade": "cvgrade", "course": "cvcourse",
           "talk": "cvtalktitle", "owner": "cvowner", "badges": "cvbadges"}


def span(s: Span) -> Latex:
    """One span: its role's macro around the escaped text."""
    if s.style == "author" and s.label == "as written":
        return escape(s.text)  # a whole author field as written: it breaks across lines like any text
    if s.style in ("author", "owner"):
        name = cmd("cvowner", escape(s.text)) if s.style == "owner" else escape(s.text)
        return cmd("cvauthor", join(name, _JOINT if s.joint else _EMPTY,
                                    cmd("cvmark", escape(s.marks)) if s.marks else _EMPTY))
    if s.style == "thesis":
        return cmd("cvthesis", escape(s.label), escape(s.text))
    if s.style == "inventors":
        return cmd("cvinventors", escape(s.text))
    if s.style == "editors":
        return cmd("cveditors", escape(s.text))
    if s.style == "joint":
        return _JOINT
    if s.style == "mark":
        return cmd("cvmark", escape(s.text))
    if s.style == "link" and s.link:
        return cmd("cvpublink", url(s.link), escape(s.text))
    if s.style == "note":
        return cmd("cvpubnote", escape(s.text))
    if s.style == "detail":  # the role is one of entrykinds.Details' fixed names, never user text
        return cmd("cvpubdetail", NoEscape(s.label), escape(s.text))
    if s.style == "eprint" and s.link:
        return cmd("cvpubeprint", url(s.link), escape(s.text))
    if s.style in _MACROS:
        return cmd(_MACROS[s.style], escape(s.text))
    return _text(s)


def _text(s: Span) -> Latex:
    """BibTeX text or cv.yaml's inline Markdown: bold, italic, code, a link, or math. A math
    span's formula was rebuilt by cvgen.bib.math from whitelisted tokens only, so it goes in as it is."""
    out: Latex = cmd("cvmath", NoEscape(s.label)) if s.style == "math" else escape(s.text)
    if s.style == "code":
        out = cmd("texttt", join(out))
    if s.style in ("italic", "bolditalic"):
        out = cmd("cvitalic", join(out))
    if s.style in ("bold", "bolditalic"):
        out = cmd("cvbold", join(out))
    if s.link:
        out = cmd("cvlink", url(s.link), join(out))
    return out


def line(spans: Line) -> NoEscape:
    return join(*(span(s) for s in spans))


def render(cv: Enriched, theme: Theme | None = None, lost: Iterable[str] = (), cjk: bool = False) -> TexSource:
    """The whole .tex of an enriched CV, for `theme` (default: the shipped one the CV names).
    `lost`: characters the engine's fonts lack (found by a first run) that print as the mark.
    `cjk`: under lualatex, load the CJK fallback font even if no CJK character is seen (a first
    run found a glyph missing)."""
    lost = "".join(sorted(set(lost)))
    token = _SPECIAL_NOW.set(re.compile("[" + re.escape("".join(_ESCAPES) + lost) + _NEVER + "]")) if lost else None
    try:
        source = _render(cv, theme)
    finally:
        if token is not None:
            _SPECIAL_NOW.reset(token)
    if cv.design.engine == "lualatex" and (cjk or has_cjk(source.text)):  # a knob: above the dump mark
        knob = r"\providecommand{\cvsetfallbackcjk}{}\cvsetfallbackcjk"  # a theme of one's own may lack it
        return TexSource(source.text.replace("\n\n" + DUMP_MARK, "\n" + knob + "%\n\n" + DUMP_MARK, 1))
    return source


def _render(cv: Enriched, theme: Theme | None) -> TexSource:
    s = cv.design
    theme = theme or Theme(s.theme, shipped_class(s.theme))
    options = [f"{cv.paper}paper"] + ([f"{s.font_size}pt"] if s.font_size != 10 else [])
    doc = Document(documentclass=NoEscape(theme.cls), document_options=options,
                   fontenc=None, inputenc=None, lmodern=False, textcomp=False,
                   microtype=False, page_numbers=True, indent=True, font_size="normalsize")
    if theme.digest:  # the user's theme files are part of what the precompiled format depends on
        doc.preamble.append(NoEscape(f"% theme files sha256 {theme.digest}"))
    doc.preamble.extend(_knobs(s))
    # Everything above the dump mark is the precompiled format (texformat.py); the blank line
    # ends the line mylatexformat scans. What follows it is per document and runs every pass.
    doc.preamble.append(NoEscape("\n" + DUMP_MARK + "\n"))
    doc.preamble.append(cmd("cvmetadata", escape(cv.title), escape(cv.name)))
    if _date_words(cv.words) != _date_words(ENGLISH):  # English short dates fit every theme's column
        dates = dict.fromkeys(e.when for b in cv.blocks if b.kind == "entries" for e in b.entries
                              if isinstance(e, Entry))
        doc.preamble.extend(cmd("cvfitdate", escape(when)) for when in dates if when)
    if s.label_style != "label":  # per document: the precompiled preamble stays the guessed one
        doc.preamble.append(cmd("cvsetlabelstyle", NoEscape(s.label_style)))
    if not s.footer:
        doc.preamble.append(cmd("cvnofooter"))
    else:  # the locale's words; the theme's own text is only a fallback
        doc.preamble.append(cmd("cvpagefooter", _footer(cv.words.page)))
    contacts: list[Latex] = []
    if cv.email:
        contacts.append(cmd("cvemail", url("mailto:" + cv.email), escape(cv.email)))
    if cv.website:
        contacts.append(cmd("cvwebsite", url(cv.website), escape(cv.website)))
    contacts.extend(cmd("cvcontact", NoEscape(kind), url(target) if target else _EMPTY, escape(text))
                    for kind, target, text in cv.contacts)
    doc.append(cmd("cvheader", escape(cv.name), join(*contacts, sep=r"\cvcontactsep{}")))
    for block in cv.blocks:
        doc.append(_mark(block.origin))
        if block.section:  # which kind of section follows (a theme may place it: sidebar)
            doc.append(cmd("cvsectionkind", NoEscape(block.section)))
        doc.append(cmd("cvsection", escape(block.title)) if block.title else cmd("cvsectioncont"))
        if block.intro:
            doc.append(cmd("cvintro", line(block.intro_spans())))
        doc.append(_body(block))
    doc.append(cmd("cvsectionkind", NoEscape("end")))  # no section follows (sidebar ends its columns)
    if cv.updated:  # settings.last_updated: called only when set, so other CVs print as before
        doc.append(cmd("cvlastupdated", escape(cv.updated)))
    return TexSource(doc.dumps())


def _knobs(s: Design) -> list[Command]:
    """The design knobs that differ from the theme's defaults, as the theme's setter macros."""
    knobs = []
    if s.font != "latin-modern":
        knobs.append(cmd("cvsetfont", NoEscape(s.font)))
    if s.accent_color:
        knobs.append(cmd("cvsetaccent", NoEscape(s.accent_color)))
    if s.link_color:
        knobs.append(cmd("cvsetlinkcolor", NoEscape(s.link_color)))
    if s.margins:
        knobs.append(cmd("cvsetmargins", NoEscape(s.margins)))
    return knobs


def _date_words(w: Words) -> tuple[object, ...]:
    return w.short_months, w.short_date, w.date_style, w.since, w.span


def _footer(template: str) -> NoEscape:
    """The footer words with the page numbers in place of {page} and {pages}."""
    numbers = {"page": NoEscape(r"\thepage{}"), "pages": NoEscape(r"\pageref*{LastPage}"), None: _EMPTY}
    return join(*(join(escape(text), numbers[name]) for text, name in template_parts(template)))


def _mark(origin: str) -> NoEscape:
    # A TeX comment ends at a line break: a file name holding one must not end it early.
    return NoEscape(SOURCE_MARK + re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]", "?", origin))


def _list(bullet: str, items: Iterable[tuple[str, Latex]], name: str = "cvlist") -> _Env:
    env = _Env(name, [NoEscape("\\cvbullet" + bullet)])
    for origin, item in items:
        env.append(_mark(origin))
        env.append(NoEscape(r"\item{}"))
        env.append(item)
    return env


def _body(block: Block) -> Latex:
    if block.kind == "text":
        return join(*(cmd("cvparagraph", line(p)) for p in block.paragraph_spans()), sep="\n")
    if block.kind == "entries":
        env = _Env("cventries")
        for e in block.entries:
            assert isinstance(e, Entry)
            env.append(_mark(e.origin))
            env.append(cmd("cventry", escape(e.when), line(e.line)))
        return env
    if block.kind == "papers":
        parts: list[Latex] = []
        for group in block.groups or (None,):
            if group is not None:
                parts.append(cmd("cvpubgroup", escape(group.title)))
                if group.intro:
                    parts.append(cmd("cvintro", line(group.intro_spans())))
            papers = group.entries if group is not None else block.entries
            listed = [p for p in papers if isinstance(p, Paper)]
            parts.append(cmd("cvpubcount", NoEscape(str(len(listed)))))  # a numbering theme needs it first
            if any(p.number for p in listed):  # the CV numbers them itself ([J12]): a theme adds no numbers
                parts.append(NoEscape(r"\cvpubnumbered{}"))
            parts.append(_list(block.bullet, ((p.origin, _paper(p)) for p in listed), "cvpublist"))
        if block.summary is not None:
            parts.append(cmd("cvpubsummary", escape(block.summary)))
        if block.legend:
            parts.append(cmd("cvpublegend", line(block.legend)))
        return parts[0] if len(parts) == 1 else join(*parts, sep="\n")
    if block.kind == "list":
        return _list(block.bullet, ((e.origin, _entry(e)) for e in block.entries if isinstance(e, Entry)))
    if block.kind == "references":
        env = _Env("cvreferences")
        for r in block.entries:
            assert isinstance(r, Person)
            env.append(_mark(r.origin))
            env.append(cmd("cvreference", escape(r.name), escape(r.position), escape(r.affiliation),
                           url("mailto:" + r.email) if r.email else _EMPTY, escape(r.email or "")))
        return env
    if block.kind == "raw":
        return NoEscape(block.raw or "")  # the documented opt-in: the user's own LaTeX, unescaped
    raise TypeError(f"unknown block {block.kind}")


def _entry(e: Entry) -> NoEscape:
    if not e.sub:
        return line(e.line)
    return join(line(e.line), NoEscape(r"\begin{cvsublist}"),
                *(join(NoEscape(r"\item{}"), line(sub)) for sub in e.sub), NoEscape(r"\end{cvsublist}"))


def _paper(p: Paper) -> NoEscape:
    tag = join(NoEscape("{"), escape(p.tag), NoEscape("}")) if p.tag else None  # braces: a ']' stays inside
    parts: list[Latex] = [cmd("cvpubnumber", escape(p.number))] if p.number else []
    parts.append(cmd("cvpub", line(p.title), options=tag))
    parts += [cmd("cvpubline", line(spans)) for spans in p.lines if spans]  # no author: no empty line
    if p.acceptance:
        parts.append(cmd("cvacceptance", escape(p.acceptance)))
    return join(*parts)
