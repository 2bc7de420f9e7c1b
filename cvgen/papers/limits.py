"""Two policies of issue 15 that keep a CV from reaching too far or printing too much:
`raw_latex` runs only when the user says they trust it, and an author list longer than
`settings.max_authors` is shortened, with a warning, keeping the CV's owner."""

from __future__ import annotations

from cvgen.model import cv as m
from cvgen.bib.entries import BibEntry
from cvgen.core.errors import Problems
from cvgen.papers.build import Publication, shorten_authors
from cvgen.core.sources import YamlDoc

RAW_LATEX_REFUSED = ("a raw_latex section runs TeX code unchecked: it could copy any file your account can read "
                     "into the PDF (\\pdfobj file, \\pdffiledump), and under lualatex also read, write and delete "
                     "files anywhere through Lua; build with --trust-raw-latex only if you wrote this LaTeX yourself, "
                     "or use a text or items section")


def refuse_raw_latex(cv: m.CV, doc: YamlDoc, problems: Problems, trusted: bool = False) -> None:
    """An error at every raw_latex section, unless the user said they trust them."""
    for i, section in enumerate(cv.sections if not trusted else []):
        if isinstance(section, m.RawLatexSection):
            line, col = doc.where(("sections", i, "raw_latex"))
            problems.error(doc.file, line, col, RAW_LATEX_REFUSED)


def limit_authors(pub: Publication, entry: BibEntry, limit: int, problems: Problems) -> None:
    """Shorten a list of more than `limit` authors (a collaboration of thousands would fill
    pages, and an entry taller than a page is cut), warning at the entry's author field."""
    if (count := len(pub.authors)) > limit:
        pub.authors = shorten_authors(pub.authors, limit)
        problems.warn(entry.file, entry.where("author"), 1,
                      f"entry '{entry.key}' has {count:,} authors; the PDF prints the first {limit}, you, "
                      "and 'et al.' (settings.max_authors sets how many)")
