"""Policies that keep a CV from reaching too far or printing too much: TeX code of the
user's own (`raw_latex` sections, a theme from outside cvgen's latex_templates/) runs only
when the user says they trust it (`--trust-tex`), and an author list longer than
`settings.max_authors` is shortened, with a warning, keeping the CV's owner."""

from __future__ import annotations

from cvgen.model import cv as m
from cvgen.bib.entries import BibEntry
from cvgen.core.errors import Problems
from cvgen.papers.build import Publication, shorten_authors

RAW_LATEX_REFUSED = ("a raw_latex section runs TeX code unchecked: it could copy any file your account can read "
                     "into the PDF (\\pdfobj file, \\pdffiledump), and under lualatex also read, write and delete "
                     "files anywhere through Lua; build with --trust-tex only if you wrote this LaTeX yourself, "
                     "or use a text or items section")


def refuse_raw_latex(cv: m.CV, problems: Problems, trusted: bool = False,
                     theme_option: bool = False) -> None:
    """An error at every raw_latex section and at a theme folder (at --theme when `theme_option`:
    the option named it), unless the user said they trust TeX code of their own."""
    refuse_user_theme(cv, problems, trusted, theme_option)
    for section in cv.sections if not trusted else []:
        if isinstance(section, m.RawLatexSection):
            problems.error(*section.at("raw_latex"), RAW_LATEX_REFUSED)


def theme_refused(name: str) -> str:
    return (f"the theme '{name}' is not one of cvgen's own (classic, modern, compact, sidebar): its .cls is TeX "
            "code that runs unchecked, like a raw_latex section; it could copy any file your account can read into "
            "the PDF (\\pdfobj file), and under lualatex read, write and delete files anywhere through Lua. "
            "Build with --trust-tex only if you wrote this theme yourself or have read it, or use a shipped theme")


def refuse_user_theme(cv: m.CV, problems: Problems, trusted: bool = False,
                      from_option: bool = False) -> None:
    """An error at settings.theme (or at --theme) when it names a folder, unless the user trusts its TeX."""
    from cvgen.model.settings import THEMES

    name = cv.settings.theme
    if trusted or name in THEMES:
        return
    if from_option:
        problems.error("--theme", 0, 0, theme_refused(name))
        return
    problems.error(*cv.settings.at("theme"), theme_refused(name))


def limit_authors(pub: Publication, entry: BibEntry, limit: int, problems: Problems) -> None:
    """Shorten a list of more than `limit` authors (a collaboration of thousands would fill
    pages, and an entry taller than a page is cut), warning at the entry's author field."""
    if (count := len(pub.authors)) > limit:
        pub.authors = shorten_authors(pub.authors, limit)
        problems.warn(entry.file, entry.where("author"), 1,
                      f"entry '{entry.key}' has {count:,} authors; the PDF prints the first {limit}, you, "
                      "and 'et al.' (settings.max_authors sets how many)")
