"""The Markdown backend: enriched values -> GitHub-flavoured Markdown (a profile README, a static site).

Like latex.py it only chooses markup for each role and escapes: the words were decided by
enrich. User text enters only through `escape`, which returns `Md` with every character
Markdown could read as markup escaped, and nothing else (so the file reads as plain text);
pieces are combined only by `join`, which raises on a plain `str`. Line breaks inside an item
are hard breaks as every Markdown renderer reads them: two spaces at the end of the line (a
trailing backslash is CommonMark's only, and Python-Markdown would print it).
"""

from __future__ import annotations

import re

from cvgen.enrich.values import Block, Enriched, Entry, Line, Paper, Person, Span


class Md(str):
    """Markdown that is safe to write as is: escaped text or markup built from it."""


# Escaping only what CommonMark (and Python-Markdown, which MkDocs and Pelican use) would read
# as markup, so the file stays pleasant to edit and shows no stray backslash under either.
# A backslash escape is used only for characters both renderers accept it for; elsewhere an
# entity. `escape` sees one fragment of a line and not its neighbours, so a character whose
# meaning depends on what follows (`]`, `!`, `<`, `&`, `\`) is escaped at a fragment's end too.
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")  # ASCII white space only: a no-break space is meant
_ALWAYS = re.compile(r"([`*])")                      # code spans, emphasis
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")  # a backslash that would escape what follows
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")  # emphasis; intraword `_` never is
_CLOSE = re.compile(r"\](?=[(\[:]|$)")               # a link, a reference or a definition
_BANG = re.compile(r"!$")                            # an image, if a link follows
_LT = re.compile(r"<(?=[A-Za-z/!?]|$)")              # HTML or an autolink
_AMP = re.compile(r"&(?=#?[0-9A-Za-z]+;|$)")         # an entity
_TILDE = re.compile(r"~")                            # strikethrough (GitHub's takes one or two)
_DOLLAR = re.compile(r"\$")                          # math on GitHub
_PIPE_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*\|")     # a table's delimiter row
# At the start of a line: a heading, a quote, a list item, a rule or a setext underline.
_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|(?=[-=_ ]+$)[-=])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def escape(text: str) -> Md:
    """User text -> Markdown that shows exactly that text (whitespace runs become one space)."""
    text = _WHITESPACE.sub(" ", text)
    text = _BACKSLASH.sub(r"\\\\", text)
    text = _ALWAYS.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _CLOSE.sub(r"\\]", text)
    text = _BANG.sub(r"\\!", text)
    text = _AMP.sub("&amp;", text)  # before any entity of ours
    text = _LT.sub("&lt;", text)
    if text.count("~") > 1 or text.startswith("~") or text.endswith("~"):
        text = _TILDE.sub("&#126;", text)
    if text.count("$") > 1 or text.startswith("$") or text.endswith("$"):
        text = _DOLLAR.sub("&#36;", text)
    if _PIPE_ROW.match(text):
        text = text.replace("|", "&#124;")
    text = _START.sub(lambda m: "&#61;" if m.group(1) == "=" else "\\" + m.group(1), text)
    return Md(_ORDERED.sub(r"\1\\\2", text))  # "1. " at the start would begin a numbered list


def url(target: str) -> Md:
    """A link destination in <...>: spaces, '<', '>' and '\\' percent-encoded so it stays one."""
    return Md("<" + target.replace("\\", "%5C").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") + ">")


def _line_end(text: str) -> Md:
    """Text that ends its line: a closing `]` there opens no link (nothing follows it), so it
    needs no backslash."""
    if text.endswith("]"):
        return join(escape(text[:-1]), Md("]"))
    return escape(text)


def join(*parts: Md, sep: str = "") -> Md:
    """Markdown pieces one after another; a plain `str` here is a bug (it was never escaped)."""
    for part in parts:
        if not isinstance(part, Md):
            raise TypeError(f"unescaped text reached the Markdown writer: {part!r}")
    return Md(sep.join(parts))


def link(text: str, target: str) -> Md:
    return Md(f"[{escape(text)}]({url(target)})")


def _wrap(mark: str, inner: Md) -> Md:
    return Md(f"{mark}{inner}{mark}") if inner else inner


_EMPTY = Md("")
_BREAK = Md("  \n  ")  # a hard line break, continuing the list item
_PAPER_BREAK = Md("  \n   ")  # the same in a "1. " item, which indents three spaces
_MARKS = {"position": "**", "degree": "**", "grade": "**", "course": "*"}


def span(s: Span) -> Md:
    """One span: its role's markup around the escaped text."""
    if s.style in ("author", "owner"):
        name = _wrap("**", escape(s.text)) if s.style == "owner" else escape(s.text)
        return join(name, escape(s.joint) if s.joint else _EMPTY, escape(s.marks) if s.marks else _EMPTY)
    if s.style == "thesis":
        return join(_BREAK, escape(s.label), Md(" "), _wrap("*", escape(s.text)))
    if s.style == "inventors":
        return join(escape(s.text), Md(" "))
    if s.style == "editors":
        return join(Md(" "), escape(s.text))
    if s.style == "joint":
        return escape(s.text)
    if s.style in ("eprint", "link") and s.link:
        return join(Md(" "), _linked(escape(s.text), s.link))
    if s.style == "note":
        return _wrap("*", escape(s.text))
    if s.style == "talk":
        return escape(s.text)  # its quotes are the locale's, in the text
    if s.style == "badges":
        return join(Md(" "), _line_end(s.text))  # the label as text ("[Artifact Available]"), never a link
    if s.style in _MARKS:
        return _wrap(_MARKS[s.style], escape(s.text))
    return _text(s)


def _text(s: Span) -> Md:
    """BibTeX text or cv.yaml's inline Markdown: bold, italic, code, a link; math as its Unicode
    text (`detail` is plain text)."""
    out = _code(s.text) if s.style == "code" else escape(s.text)
    if s.style in ("italic", "bolditalic", "math"):
        out = _wrap("*", out)
    if s.style in ("bold", "bolditalic"):
        out = _wrap("**", out)
    return _linked(out, s.link) if s.link else out


def _code(text: str) -> Md:
    """A code span: fenced by more backticks than it holds in a row, padded where it starts or ends
    with one (CommonMark strips one space each side); never escaped (nothing is special inside)."""
    fence = "`" * (max((len(r) for r in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}")


def _linked(text: Md, target: str) -> Md:
    """A link to a web or mail address; any other scheme prints the text only."""
    if not text or not target.lower().startswith(("https://", "http://", "mailto:", "ftp://")):
        return text
    return Md(f"[{text}]({url(target)})")


def line(spans: Line) -> Md:
    return join(*(span(s) for s in spans))


def render(cv: Enriched) -> str:
    """The whole Markdown document of an enriched CV."""
    parts = [join(Md("# "), escape(cv.name))]
    contacts = [link(cv.email, "mailto:" + cv.email)] if cv.email else []
    if cv.website:
        contacts.append(link(cv.website, cv.website))
    contacts.extend(link(text, target) if target else escape(text) for _, target, text in cv.contacts)
    if contacts:
        parts.append(join(*contacts, sep=cv.words.separator))
    for block in cv.blocks:
        if block.kind == "raw":
            continue  # the user's own LaTeX: the PDF's only (the pipeline warns)
        if block.title:
            parts.append(join(Md("## "), escape(block.title)))
        if block.intro:
            parts.append(line(block.intro_spans()))
        parts.append(_body(block))
    if cv.updated:  # settings.last_updated
        parts.append(_wrap("*", escape(cv.updated)))
    return "\n\n".join(p for p in parts if p) + "\n"


def _body(block: Block) -> Md:
    if block.kind == "text":
        return join(*(line(p) for p in block.paragraph_spans()), sep="\n\n")
    if block.kind == "entries":
        return join(*(join(Md("- "), _wrap("*", escape(e.when)), Md(" "), line(e.line))
                      for e in block.entries if isinstance(e, Entry)), sep="\n")
    if block.kind == "papers":
        parts = []
        for group in block.groups or (None,):
            if group is not None:
                parts.append(join(Md("### "), escape(group.title)))
                if group.intro:
                    parts.append(line(group.intro_spans()))
            papers = [p for p in (group.entries if group is not None else block.entries) if isinstance(p, Paper)]
            # numbered papers carry their own labels ("[J12]", descending): a bullet list then
            parts.append(join(*(join(Md("- " if p.number else f"{n}. "), _paper(p))
                                for n, p in enumerate(papers, start=1)), sep="\n"))
        parts += [escape(block.summary)] if block.summary else []
        parts += [line(block.legend)] if block.legend else []
        return join(*parts, sep="\n\n")
    if block.kind == "list":
        return join(*(join(Md("- "), _item(e)) for e in block.entries if isinstance(e, Entry)), sep="\n")
    if block.kind == "references":
        return join(*(join(Md("- "), _person(r)) for r in block.entries if isinstance(r, Person)), sep="\n")
    raise TypeError(f"unknown block {block.kind}")


def _item(e: Entry) -> Md:
    return join(line(e.line), *(join(Md("\n  - "), line(sub)) for sub in e.sub))


def _paper(p: Paper) -> Md:
    parts = [join(escape(p.number + " ") if p.number else _EMPTY,
                  _wrap("**", join(escape(f"{p.tag} ") if p.tag else _EMPTY, line(p.title))))]
    parts += [line(spans) for spans in p.lines]
    if p.acceptance:
        parts.append(escape(p.acceptance))
    return join(*parts, sep=_PAPER_BREAK)


def _person(r: Person) -> Md:
    parts = [_wrap("**", escape(r.name))] + [escape(t) for t in (r.position, r.affiliation) if t]
    if r.email and r.public:  # a referee's address is not published on the web unless the CV says so
        parts.append(link(r.email, "mailto:" + r.email))
    return join(*parts, sep=_BREAK)
