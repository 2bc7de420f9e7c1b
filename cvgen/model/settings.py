"""`settings:` of cv.yaml: how the document is made and how it looks (engine, theme, design
knobs, language), each a typed field the generic validator checks at its YAML line.

The themes, fonts and named colours are listed here (not read from the disk) so a misspelt one
gets "did you mean" and the JSON Schema offers the choices; a theme in the user's own folder
is a path (`./mytheme`), checked by the pipeline against the CV's folder.
"""

from __future__ import annotations

import datetime
import difflib
import re
import string
from collections.abc import Callable
from typing import Annotated, Any, Literal

from cvgen import ENGINES
from cvgen.core.charset import bad_character
from cvgen.model.papers import LegendPlace, Role, RoleMark
from cvgen.model.schema import JsonHint, Record, doc, keys, record
from cvgen.model.wordrules import MONTH_KEYS, WORD_KEYS, check_acceptance_format, check_word
from cvgen.model.words import DATE_FORMATS, DETAIL_ROLES, LOCALES, PREPRINT_SERVERS

THEMES = ("classic", "modern", "compact", "sidebar")  # shipped in latex_templates/
# Fonts TeX Live's recommended packages ship as Type 1 (pdflatex): name -> what the theme loads.
FONTS = ("latin-modern", "charter", "palatino", "times", "helvetica", "bookman", "schoolbook")
COLORS = {  # named colours -> hex; anything else is written #RRGGBB
    "blue": "1F4E9A", "navy": "164078", "teal": "00747A", "green": "2E7D32", "red": "B3261E", "maroon": "7B1E3A",
    "purple": "5E35B1", "orange": "C25E00", "gray": "555555", "black": "000000", "brown": "6D4C41",
}


def _plain(value: str) -> str:
    if reason := bad_character(value):
        raise ValueError(reason)
    if not value.strip():
        raise ValueError("is empty; write some text or remove the key")
    return value


def _color(value: str) -> str:
    """A colour: #RRGGBB or one of COLORS; returned as six upper-case hex digits."""
    text = value.strip()
    if re.fullmatch(r"#?[0-9A-Fa-f]{6}", text):
        return text.lstrip("#").upper()
    if text.lower() in COLORS:
        return COLORS[text.lower()]
    close = difflib.get_close_matches(text.lower(), list(COLORS), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"write #RRGGBB (e.g. #1F4E79) or one of {', '.join(COLORS)}"
    raise ValueError(f"'{value}' is not a colour; {hint}")


def _updated(value: str) -> str:
    """settings.last_updated: auto, YYYY-MM or YYYY-MM-DD (a real date)."""
    text = value.strip()
    if text == "auto":
        return text
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not match:
        raise ValueError(f"'{value}' is not a date; write YYYY-MM (2025-03), YYYY-MM-DD or auto")
    try:
        datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
    except ValueError:
        raise ValueError(f"'{value}' is not a date of the calendar; write YYYY-MM or YYYY-MM-DD") from None
    return text


def _length(value: str) -> str:
    text = value.strip().replace(" ", "")
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(cm|mm|in|pt)", text)
    if not match:
        raise ValueError(f"'{value}' is not a length; write a number with cm, mm, in or pt (e.g. 2cm)")
    size = float(match.group(1)) * {"cm": 10, "mm": 1, "in": 25.4, "pt": 0.3515}[match.group(2)]
    if not 5 <= size <= 50:
        raise ValueError(f"'{value}' is out of range; margins run from 5 mm to 5 cm")
    return text


def check_theme(value: str) -> str:
    """A shipped theme's name or a folder of the user's (./mytheme) holding one .cls."""
    if value in THEMES or "/" in value or value.startswith("."):
        return value
    close = difflib.get_close_matches(value, THEMES, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else \
        f"use one of {', '.join(THEMES)}, or a folder of your own written as ./NAME"
    raise ValueError(f"'{value}' is not a theme; {hint}")


def _between(low: int, high: int, unit: str) -> Callable[[int], int]:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high} {unit}; got {value}")
        return value
    return check


def _two_or_more(value: list[str]) -> list[str]:
    """A group of spellings that are different people needs at least two of them."""
    if len(value) < 2:
        raise ValueError("must list at least two spellings that are different people, e.g. [A. Smith, Alan Smith]")
    return value


def _word(key: str) -> Callable[[str], str]:
    return lambda value: check_word(key, value)


def _twelve(value: list[str]) -> list[str]:
    if len(value) != 12:
        raise ValueError(f"must list twelve month names, January first; got {len(value)}")
    return value


def _server(value: str) -> str:
    """A pre-print server's name as cvgen spells it in tags (the key of words.preprint_servers)."""
    if value in PREPRINT_SERVERS:
        return value
    same = [s for s in PREPRINT_SERVERS if s.casefold() == value.casefold()]
    close = same or difflib.get_close_matches(value, PREPRINT_SERVERS, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(PREPRINT_SERVERS)}"
    raise ValueError(f"is not a pre-print server's name as cvgen writes it; {hint}")


Server = Annotated[str, _server, JsonHint({"enum": list(PREPRINT_SERVERS)})]
Color = Annotated[str, _plain, _color, JsonHint({"examples": ["#1F4E79", "navy"]})]
Length = Annotated[str, _plain, _length, JsonHint({"pattern": r"^\d+(\.\d+)?\s*(cm|mm|in|pt)$"})]


def _detail(role: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        names = [n for _, n, _, _ in string.Formatter().parse(value) if n is not None]
        if any(names) or len(names) > 1:
            raise ValueError("takes one {} for the value (e.g. 'pp. {}'), and no named placeholder")
        return value
    return check


def _detail_field(example: str) -> Any:
    return doc(f"English: '{example}'; {{}} is the value.", None)


@record
class DetailWords(Record):
    """The words around a publication's details (where it appeared); {} is the field's value."""

    container: Annotated[str, _plain, _detail("container")] | None = _detail_field("In {}")
    editors: Annotated[str, _plain, _detail("editors")] | None = _detail_field("edited by {}")
    number: Annotated[str, _plain, _detail("number")] | None = _detail_field("no. {}")
    pages: Annotated[str, _plain, _detail("pages")] | None = _detail_field("pp. {}")
    page: Annotated[str, _plain, _detail("page")] | None = _detail_field("p. {}")
    chapter: Annotated[str, _plain, _detail("chapter")] | None = _detail_field("chapter {}")
    book_volume: Annotated[str, _plain, _detail("book_volume")] | None = _detail_field("volume {}")
    edition: Annotated[str, _plain, _detail("edition")] | None = _detail_field("{} edition")
    report: Annotated[str, _plain, _detail("report")] | None = _detail_field("Technical report {}")
    phdthesis: Annotated[str, _plain, _detail("phdthesis")] | None = _detail_field("PhD thesis")
    mastersthesis: Annotated[str, _plain, _detail("mastersthesis")] | None = _detail_field("Master's thesis")
    thesis: Annotated[str, _plain, _detail("thesis")] | None = _detail_field("Thesis")


assert tuple(f.name for f in keys(DetailWords)) == DETAIL_ROLES


@record
class WordOverrides(Record):
    """Your wording for any of the words cvgen writes (on top of `locale`); placeholders in braces."""

    document_title: Annotated[str, _plain, _word("document_title")] | None = doc(
        "The PDF's title: {name} – Curriculum Vitae.", None)
    since: Annotated[str, _plain, _word("since")] | None = doc("An entry that goes on: Since {start}.", None)
    span: Annotated[str, _plain, _word("span")] | None = doc("A date range: {start} – {end}.", None)
    present: Annotated[str, _plain, _word("present")] | None = doc(
        "The end of an open range in date formats other than short: Present.", None)
    at: Annotated[str, _plain, _word("at")] | None = doc("Between a talk and its venue: ' at '.", None)
    thesis: Annotated[str, _plain, _word("thesis")] | None = doc("The label before a thesis title: Thesis:.", None)
    inventors: Annotated[str, _plain, _word("inventors")] | None = doc("The label of a patent's authors.", None)
    editors: Annotated[str, _plain, _word("editors")] | None = doc("After the editors of a book: (eds.).", None)
    joint_first: Annotated[str, _plain, _word("joint_first")] | None = doc(
        "The legend under a paper with joint first authors.", None)
    acceptance_long: Annotated[str, _plain, _word("acceptance_long")] | None = doc(
        "The 'long' acceptance line: Submissions: {submitted}, Accepted: {accepted}, Acceptance rate: {rate}%.", None)
    acceptance_short: Annotated[str, _plain, _word("acceptance_short")] | None = doc(
        "The 'short' acceptance line: acceptance rate {rate1}%.", None)
    paper: Annotated[str, _plain, _word("paper")] | None = doc("One paper in a summary: {n} paper.", None)
    papers: Annotated[str, _plain, _word("papers")] | None = doc("Several papers in a summary: {n} papers.", None)
    median: Annotated[str, _plain, _word("median")] | None = doc(
        "The summary line: {papers}; median acceptance rate of their venues {median}%.", None)
    median_some: Annotated[str, _plain, _word("median_some")] | None = doc(
        "The summary line when only {count} papers have figures.", None)
    page: Annotated[str, _plain, _word("page")] | None = doc("The footer: Page {page} of {pages}.", None)
    last_updated: Annotated[str, _plain, _word("last_updated")] | None = doc(
        "The line of settings.last_updated: Last updated: {month} {year}.", None)
    short_date: Annotated[str, _plain, _word("short_date")] | None = doc(
        "A date in the short format: {month}'{yy} ({year} for four digits).", None)
    long_date: Annotated[str, _plain, _word("long_date")] | None = doc(
        "A date in the long style (talks with talk_date_format: long): {month}, {year}.", None)
    decimal: Annotated[str, _plain, _word("decimal")] | None = doc("The decimal mark of rates: '.' or ','.", None)
    quote_open: Annotated[str, _plain, _word("quote_open")] | None = doc(
        "Before a talk's title: the language's opening quote (“ in English, „ in German); '\"' for straight quotes.",
        None)
    quote_close: Annotated[str, _plain, _word("quote_close")] | None = doc("After a talk's title: ” in English.", None)
    label: Annotated[str, _plain, _word("label")] | None = doc(
        "A venue tag or badges as text: [{label}] (themes style it as a label).", None)
    separator: Annotated[str, _plain, _word("separator")] | None = doc(
        "Between contact details in the HTML, Markdown and Word outputs: ' | '.", None)
    months: Annotated[list[Annotated[str, _plain]], _twelve] | None = doc(
        "The twelve month names, January first.", None)
    short_months: Annotated[list[Annotated[str, _plain]], _twelve] | None = doc(
        "The twelve short month names of date columns, January first.", None)
    details: DetailWords | None = doc("The words around a publication's details (In, pp., edition, ...).", None)
    preprint: Annotated[str, _plain, _word("preprint")] | None = doc(
        "The tag of a pre-print: Pre-print. {server} (the year follows: Pre-print. arXiv'24).", None)
    preprint_unnamed: Annotated[str, _plain, _word("preprint_unnamed")] | None = doc(
        "The tag of a pre-print whose server is not named: Pre-print.", None)


assert {f.name for f in keys(WordOverrides)} == set(WORD_KEYS) | set(MONTH_KEYS) | {"details"}


@record
class Settings(Record):
    """How the PDF is made and how it looks."""

    engine: Literal[ENGINES] = doc("The TeX engine; lualatex or xelatex print any script their fonts have.",  # type: ignore[valid-type]
                                   "pdflatex")
    paper: Literal["a4", "letter"] = doc("The paper size.", "a4")
    acceptance_format: Annotated[str, _plain, check_acceptance_format] = doc(
        "How acceptance figures print: 'long', 'short' or a template of {submitted}, {accepted}, {rate}, "
        "{rate1}, {venue}, {year}. short: 'acceptance rate 20.6% (105/510)'; long: 'Submissions: 510, "
        "Accepted: 105, Acceptance rate: 20.59%'.", "short")
    venue_database: bool = doc("Fill in acceptance figures the CV lacks from cvgen's venue database.", False)
    timeout: Annotated[int, _between(5, 3600, "seconds")] = doc("Seconds a TeX run may take before it is stopped.",
                                                                120)
    max_authors: Annotated[int, _between(3, 1000, "authors")] = doc(
        "Authors printed per paper: a longer list prints its first max_authors, then you (always), then "
        "'et al.', with a warning.", 100)
    theme: Annotated[str, _plain, check_theme, JsonHint({"examples": list(THEMES) + ["./mytheme"]})] = doc(
        "The look: classic, modern, compact, sidebar, or a folder of your own (./mytheme) holding a .cls.",
        "classic")
    locale: Literal[tuple(LOCALES)] = doc(  # type: ignore[valid-type]
        "The language of the words cvgen writes (dates, labels, acceptance lines, footer).", "en")
    words: WordOverrides | None = doc("Your own wording for any of those words.", None)
    preprint_servers: dict[Server, Annotated[str, _plain]] | None = doc(
        "Your own spelling of a pre-print server's name in tags, e.g. {arXiv: Arxiv} for [Pre-print. Arxiv'24] "
        "(default: the server's own, arXiv, bioRxiv, ePrint).", None)
    date_format: Literal[DATE_FORMATS] = doc(  # type: ignore[valid-type]
        "Dates of entries: medium (Aug 2018 – Jul 2022, Mar 2025 – Present), short (Aug'18 – July'22, "
        "Since March'25), long (March, 2025), numeric (03/2025) or iso (2025-03).", "medium")
    talk_date_format: Literal[DATE_FORMATS] = doc(  # type: ignore[valid-type]
        "Dates of talks, in the same styles: medium (Jan 2020), long (January, 2020) ...", "medium")
    capitalize_venues: bool = doc(
        "Capitalise a venue that the .bib writes in lower case ('In Proceedings of the ...' for 'proceedings "
        "of the ...'); false prints it as written.", True)
    accent_color: Color | None = doc("The theme's accent colour (name, headings): #RRGGBB or a name.", None)
    link_color: Color | None = doc("The colour of links: #RRGGBB or a name (default: the accent colour).", None)
    font: Literal[FONTS] = doc(  # type: ignore[valid-type]
        "The text font (pdflatex): latin-modern, charter, palatino, times, helvetica, bookman or schoolbook.",
        "latin-modern")
    font_size: Literal[10, 11, 12] = doc("The body text size in points.", 10)
    margins: Length | None = doc("The page margins left and right (e.g. 2cm); default: the theme's.", None)
    last_updated: Annotated[str, _updated, JsonHint({"examples": ["auto", "2025-03"]})] | None = doc(
        "Print 'Last updated: March 2025': a date (2025-03 or 2025-03-14), or auto (the newest git commit of "
        "the CV's folder, else its files' modification time; SOURCE_DATE_EPOCH wins).", None)
    footer: bool = doc("Print 'Page X of Y' at the bottom of each page.", True)
    label_style: Literal["label", "title"] = doc(
        "How the PDF prints a venue tag and badges: label (small and muted, apart from the title) or title "
        "(the tag in the title's bold, the badges in the accent colour).", "label")
    section_order: list[Annotated[str, _plain]] | None = doc(
        "Section titles in the order to print them; sections not listed follow in their written order.", None)
    links: bool = doc("Print a publication's links ([DOI] [PDF] [Code] ...) after it; false for print.", True)
    legend: LegendPlace = doc("Where role marks are explained: under each entry, once per section, or once "
                              "for the CV (after the last publications section).", "entry")
    marks: dict[Role, RoleMark] | None = doc("Symbols and legend words of the author roles (equal, "
                                             "corresponding, senior, student, presenting).", None)
    publish_referee_contacts: bool = doc(
        "Show referees' e-mail addresses in the web outputs (HTML, Markdown, JSON Resume) too; the PDF, which "
        "you send, always shows them. Off by default: a page on the web is read by everyone.", False)
    distinct_people: list[Annotated[list[Annotated[str, _plain]], _two_or_more]] | None = doc(
        "Author spellings that are different people, so the coauthor check does not take them for one: "
        "[[A. Smith, Alan Smith], ...].", None)
