"""The LaTeX boundary: the one place that escapes user text and writes LaTeX.

PyLaTeX builds the document; every argument of every theme macro is user text passed
through `escape` (or `escape_url` for link targets) exactly once and wrapped in `NoEscape`
here and nowhere else. Text renders literally: `\\input{x}` typed into a title prints those
characters, `--` stays two hyphens, a straight quote stays straight.

Each entry is preceded by a `%% cvgen-source: FILE:LINE` comment so a TeX error at a line
of the .tex can be traced back to the YAML entry or BibTeX key that produced it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote

from pylatex import Command, Document, NoEscape
from pylatex.base_classes import Environment

from . import model as m
from .compile import DUMP_MARK
from .publications import Publication
from .texdecode import Span
from .venues import format_acceptance, publication_summary

SOURCE_MARK = "%% cvgen-source: "

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
}
# After escaping, the only pairs T1 fonts would still join into other characters are
# '--' (en dash) and ',,' (low quotes): a `{}` between them keeps them literal.
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=,)(?=,)")
_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def escape(text: str) -> str:
    """User text -> LaTeX that prints exactly that text (whitespace runs become one space)."""
    text = _SPECIAL.sub(lambda match: _ESCAPES[match.group()], text)
    return _LIGATURE.sub("{}", text)


@lru_cache(maxsize=1)
def _pdflatex_charset() -> frozenset[str]:
    """Characters beyond ASCII that pdflatex prints and extracts literally with this theme."""
    from .compile import theme_dir

    table = theme_dir() / "pdflatex-charset.txt"
    chars = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            chars.add(chr(int(line.split()[0], 16)))
    return frozenset(chars)


def unprintable(text: str, engine: str) -> list[str]:
    """The characters of `text` that `engine` cannot print so that they read back literally.

    pdflatex is checked against the theme's table (scripts/pdflatex_charset.py); the Unicode
    engines print what their fonts have, which only TeX knows (a missing glyph is caught from
    the log by compile.py).
    """
    if engine != "pdflatex" or text.isascii():
        return []
    allowed = _pdflatex_charset()
    seen: list[str] = []
    for ch in text:
        if not ch.isascii() and ch not in allowed and ch not in seen and ch not in "\n\t\r":
            seen.append(ch)
    return seen


def describe_char(ch: str) -> str:
    """'≤' (U+2264 LESS-THAN OR EQUAL TO) for messages."""
    import unicodedata

    name = unicodedata.name(ch, "")
    shown = ch if ch.isprintable() and not unicodedata.category(ch).startswith(("M", "Z", "C")) else ""
    return f"'{shown}' (U+{ord(ch):04X}{' ' + name if name else ''})" if shown else f"U+{ord(ch):04X}{' ' + name if name else ''}"


def escape_url(url: str) -> str:
    """A URL for hyperref's \\href: percent-encode what TeX or PDF would mangle, escape # and %."""
    safe = quote(url, safe="/:?=&@.-_~+!$,;*()[]'%#")
    return safe.replace("\\", "%5C").replace("%", r"\%").replace("#", r"\#")


def rich(spans: tuple[Span, ...]) -> NoEscape:
    """Decoded BibTeX text: each run escaped once and wrapped in the theme's style macros.
    A math run is a formula cvgen built from whitelisted tokens only (cvgen.texdecode)."""
    out = []
    for s in spans:
        body = "{" + s.math + "}" if s.math is not None else escape(s.text)
        if s.math is not None:
            body = r"\cvmath" + body
        if s.italic:
            body = r"\cvitalic{" + body + "}"
        if s.bold:
            body = r"\cvbold{" + body + "}"
        if s.link:
            body = r"\cvlink{" + escape_url(s.link) + "}{" + body + "}"
        out.append(body)
    return NoEscape("".join(out))


def t(text: str) -> NoEscape:
    """Escape once and mark as LaTeX: the only place user text becomes `NoEscape`."""
    return NoEscape(escape(text))


class _Env(Environment):
    """A theme environment (`cventries`, `cvlist`, ...) with its name given per instance."""

    def __init__(self, name: str, arguments: list[NoEscape] | None = None) -> None:
        self._latex_name = name
        super().__init__(arguments=arguments)


def cmd(name: str, *args: NoEscape, options: NoEscape | None = None) -> Command:
    return Command(name, arguments=list(args) if args else None, options=options)


# --- dates -------------------------------------------------------------------------------

AP_MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]
LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def short_date(d: m.Month) -> str:
    """July'22: AP-style month with a two-digit year, as compact date columns print it."""
    yy = f"'{d.year % 100:02d}"
    return f"{AP_MONTHS[d.month - 1]}{yy}" if d.month else f"{d.year}"


def date_range(start: m.Month, end: m.Month | None) -> str:
    if end is None:
        return f"Since {short_date(start)}"
    return f"{short_date(start)} – {short_date(end)}"


def long_date(d: m.Month) -> str:
    return f"{LONG_MONTHS[d.month - 1]}, {d.year}" if d.month else str(d.year)


def sentence(text: str) -> str:
    """End with a full stop unless the text already ends with one."""
    return text if text.endswith((".", "!", "?")) else text + "."


# --- the document ------------------------------------------------------------------------


def render(cv: m.CV, sections: list[tuple[m._Section, list[Publication] | None]],
           sources: dict[int, str], yaml_file: str) -> str:
    """The whole .tex for a CV; `sections` pairs each section with its publications."""
    doc = Document(documentclass="cvgen", document_options=[f"{cv.settings.paper}paper"],
                   fontenc=None, inputenc=None, lmodern=False, textcomp=False,
                   microtype=False, page_numbers=True, indent=True, font_size="normalsize")
    # Everything above the dump mark is the precompiled format (compile.py); the blank line
    # ends the line mylatexformat scans. What follows it is per document and runs every pass.
    doc.preamble.append(NoEscape("\n" + DUMP_MARK + "\n"))
    doc.preamble.append(cmd("cvmetadata", t(f"{cv.name} – Curriculum Vitae"), t(cv.name)))
    contacts: list[str] = []
    if cv.email:
        contacts.append(cmd("cvemail", NoEscape(escape_url("mailto:" + cv.email)), t(cv.email)).dumps())
    if cv.website:
        contacts.append(cmd("cvwebsite", NoEscape(escape_url(cv.website)), t(cv.website)).dumps())
    doc.append(cmd("cvheader", t(cv.name), NoEscape(r"\cvcontactsep{}".join(contacts))))
    for section, pubs in sections:
        if pubs == []:
            continue  # a publications section that selects nothing (check warned about it)
        doc.append(_mark(sources, section, yaml_file))
        if section.title:
            doc.append(cmd("cvsection", t(section.title)))
        else:
            doc.append(cmd("cvsectioncont"))
        if section.intro:
            doc.append(cmd("cvparagraph", t(section.intro)))
        doc.append(_section_body(cv, section, pubs, sources, yaml_file))
    return doc.dumps()


def _mark(sources: dict[int, str], obj: object, default: str) -> NoEscape:
    where = sources.get(id(obj), default)
    # A TeX comment ends at a line break: a file name holding one must not end it early.
    return NoEscape(SOURCE_MARK + re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]", "?", where))


def _list(bullet: str, items: Iterable[tuple[object, list[object]]], sources: dict[int, str],
          default: str) -> _Env:
    env = _Env("cvlist", [NoEscape("\\cvbullet" + bullet)])
    for obj, parts in items:
        env.append(_mark(sources, obj, default))
        env.append(NoEscape(r"\item{}"))
        for part in parts:
            env.append(part)
    return env


def _section_body(cv: m.CV, section: m._Section, pubs: list[Publication] | None,
                  sources: dict[int, str], default: str):  # noqa: ANN202 - a PyLaTeX element
    if isinstance(section, m.TextSection):
        paragraphs = [p for p in re.split(r"\n\s*\n", section.text) if p.strip()]
        return NoEscape("\n".join(cmd("cvparagraph", t(p)).dumps() for p in paragraphs))
    if isinstance(section, m.ExperienceSection):
        env = _Env("cventries")
        for e in section.experience:
            body = cmd("cvposition", t(sentence(e.position))).dumps()
            if e.organization:
                body += " " + escape(sentence(e.organization))
            if e.details:
                body += " " + escape(e.details)
            env.append(_mark(sources, e, default))
            env.append(cmd("cventry", t(date_range(e.start, e.end)), NoEscape(body)))
        return env
    if isinstance(section, m.EducationSection):
        env = _Env("cventries")
        for e in section.education:
            body = cmd("cvdegree", t(e.degree)).dumps() + ", " + escape(sentence(e.institution))
            if e.grade:
                body += " " + cmd("cvgrade", t(e.grade)).dumps()
            if e.thesis:
                body += cmd("cvthesis", t(e.thesis)).dumps()
            env.append(_mark(sources, e, default))
            env.append(cmd("cventry", t(date_range(e.start, e.end)), NoEscape(body)))
        return env
    if isinstance(section, m.PublicationsSection):
        assert pubs is not None
        bullet = section.bullet or ("diamond" if pubs and all(p.kind == "patent" for p in pubs) else "fourdiamond")
        pub_list = _list(bullet, ((p, [_publication(cv, p)]) for p in pubs), sources, default)
        if not section.publications.summary:
            return pub_list
        return NoEscape(pub_list.dumps() + "\n" + cmd("cvpubsummary", t(publication_summary(pubs))).dumps())
    if isinstance(section, m.TalksSection):
        return _list(section.bullet or "asterisk", ((talk, [_talk(talk)]) for talk in section.talks),
                     sources, default)
    if isinstance(section, m.ItemsSection):
        return _list(section.bullet or "diamond", ((i, [t(i)]) for i in section.items), sources, default)
    if isinstance(section, m.TeachingSection):
        return _list(section.bullet or "bullet", ((c, [_course(c)]) for c in section.teaching), sources, default)
    if isinstance(section, m.ReferencesSection):
        env = _Env("cvreferences")
        for r in section.references:
            env.append(_mark(sources, r, default))
            email_url = NoEscape(escape_url("mailto:" + r.email)) if r.email else NoEscape("")
            env.append(cmd("cvreference", t(r.name), t(r.position or ""), t(r.affiliation or ""),
                           email_url, t(r.email or "")))
        return env
    if isinstance(section, m.RawLatexSection):
        return NoEscape(section.raw_latex)  # the documented opt-in: the user's own LaTeX, unescaped
    raise TypeError(f"unknown section {type(section).__name__}")


def _publication(cv: m.CV, p: Publication) -> NoEscape:
    names = []
    for a in p.authors:
        name = cmd("cvowner", t(a.name)).dumps() if a.owner else escape(a.name)
        names.append(cmd("cvauthor", NoEscape(name + (r"\cvjoint{}" if a.joint_first else ""))).dumps())
    prefix = r"\cvinventors{}" if p.kind == "patent" else ""
    lines = [prefix + ", ".join(names) + (r"\cveditors{}" if p.editors else "")]
    if p.details.parts:  # the theme lays out the parts; the words were decided in entrykinds
        items = "".join(cmd("cvpubdetail", NoEscape(role), t(text)).dumps() for role, text in p.details.parts)
        lines.append(cmd("cvpubdetails", NoEscape(items), t(p.details.end)).dumps())
    if p.link:
        eprint = cmd("cvpubeprint", NoEscape(escape_url(p.link)), t(p.link_text)).dumps()
        if p.details.parts:
            lines[-1] += eprint
        else:
            lines.append(eprint)
    if p.joint_first:
        lines.append(r"\cvjoint{} Joint first authors.")
    if p.badges:
        badges = cmd("cvbadges", t(", ".join(p.badges))).dumps()
        lines[0 if p.badges_after_authors else -1] += badges
    tag = NoEscape("{" + escape(p.tag) + "}") if p.tag else None  # braces: a ']' in the tag stays inside
    out = cmd("cvpub", rich(p.title_spans) if p.title_spans else t(p.title), options=tag).dumps()
    out += "".join(cmd("cvpubline", NoEscape(line)).dumps() for line in lines)
    if p.figures:
        out += cmd("cvacceptance", t(format_acceptance(p.figures, cv.settings.acceptance_format))).dumps()
    return NoEscape(out)


def _talk(talk: m.Talk) -> NoEscape:
    out = cmd("cvtalktitle", t(talk.title)).dumps()
    if talk.at or talk.date:
        out += " at " + escape(sentence(_where(talk.at, talk.date, talk.note)))
    if talk.venues:
        items = "".join(r"\item{}" + escape(sentence(_where(v.at, v.date, v.note))) for v in talk.venues)
        out += r"\begin{cvsublist}" + items + r"\end{cvsublist}"
    return NoEscape(out)


def _where(at: str | None, when: m.Month | None, note: str | None) -> str:
    text = ", ".join(x for x in (at, long_date(when) if when else None) if x)
    return f"{text} ({note})" if note else text


def _course(c: m.Course) -> NoEscape:
    out = cmd("cvcourse", t(c.course)).dumps()
    if c.role:
        out += ", " + escape(c.role)
    if c.term:
        out += " (" + escape(c.term) + ")"
    if c.details:
        out += ". " + escape(c.details)
    return NoEscape(out)
