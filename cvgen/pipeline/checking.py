"""The checking stage: load -> validate -> resolve publications, every problem at once.

Everything `cvgen check` does, and nothing that needs TeX or a backend (tests/test_architecture.py
holds that). Paths inside cv.yaml are relative to the folder of cv.yaml.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cvgen.model import cv as m
from cvgen.core.charset import PrintedText, check_printed
from cvgen.core.errors import CvError, Problem, Problems
from cvgen.papers.groups import unplaced
from cvgen.papers.lint import check_publications
from cvgen.papers.fields import check_keys
from cvgen.papers.limits import limit_authors, refuse_raw_latex
from cvgen.papers.build import Publication, apply_extras, build_publication, select, sort_newest_first
from cvgen.bib.entries import BibEntry, load_bibtex
from cvgen.core.sources import NOWHERE, Origin, YamlDoc, load_yaml
from cvgen.model.schema import Record, given
from cvgen.pipeline.reuse import reused
from cvgen.enrich.markup import check_markup
from cvgen.papers.variants import apply_variant
from cvgen.venues.figures import VenueFigures, load_venue_figures, missing_figures, missing_figures_message



@dataclass
class Checked:
    """A validated CV with its publications resolved, ready to render."""

    cv: m.CV
    cv_file: str  # as given: messages and the theme folder's base
    publications: list[list[Publication] | None]  # per section of cv.sections: its papers (None: not a list of papers)
    problems: Problems = field(default_factory=Problems)
    entries: dict[str, BibEntry] = field(default_factory=dict)
    venue_figures: VenueFigures = field(default_factory=lambda: VenueFigures([]))  # the CV's venues.yaml
    dropped: frozenset[int] = frozenset()  # sections the variant leaves out
    dropped_items: frozenset[tuple[int, int]] = frozenset()  # (section, entry) it leaves out


def check(cv_path: Path, strict: bool = False, engine: str | None = None, theme: str | None = None,
          variant: str | None = None, trust_raw_latex: bool = False) -> Checked:
    """Load and validate (everything but TeX): raises CvError with all problems, or returns the
    checked CV with its publications resolved (and, with `variant`, filtered as it says)."""
    problems = Problems()
    if not os.path.lexists(cv_path):
        problems.error(cv_path, 0, 0, "the CV file was not found; check the path (the default is content/cv.yaml)")
        problems.raise_if_errors()
    doc = reused(load_yaml, cv_path, problems)
    cv = m.validate(doc, problems) if doc is not None else None
    if cv is None or doc is None:
        _check_files_anyway(cv_path, doc, problems)
        problems.raise_if_errors(strict)
        raise AssertionError("unreachable: no CV and no problem")
    if engine:
        cv = replace(cv, settings=replace(cv.settings, engine=engine))
    if theme:
        cv = replace(cv, settings=replace(cv.settings, theme=theme))
    base = cv_path.parent
    _check_settings(cv, base, problems, theme_from_option=bool(theme))
    entries: dict[str, BibEntry] = {}
    if cv.bibliography:
        entries = reused(load_bibtex, base / cv.bibliography, problems)
    figures = VenueFigures([])
    if cv.venue_figures:
        figures = reused(load_venue_figures, base / cv.venue_figures, problems)
    checked = Checked(cv, doc.file, [], problems=problems, venue_figures=figures, entries=entries)
    refuse_raw_latex(cv, problems, trusted=trust_raw_latex, theme_option=bool(theme))  # and a theme folder
    listed: set[str] = set()
    for i, section in enumerate(cv.sections):
        pubs = None
        if isinstance(section, m.PublicationsSection):
            pubs = _publications(section, cv, entries, figures, problems)
            listed.update(e.key for e in select(entries, section.publications))
        checked.publications.append(pubs)
    check_keys(cv, entries, problems)  # overlays, selected: known and unambiguous keys
    if variant is not None:
        checked.dropped, checked.dropped_items, checked.publications = \
            apply_variant(cv, checked.publications, variant, problems)
    check_printed(printed(cv, entries, listed), cv.settings.engine, problems)
    check_markup(cv, problems)  # inline Markdown markers that print as written
    check_publications(checked.publications, entries, cv.settings, problems)
    _check_latex_commands(entries, listed, problems)
    if cv.bibliography and any(isinstance(s, m.PublicationsSection) for s in cv.sections):
        for key, entry in entries.items():
            if key not in listed:
                problems.warn(entry.file, entry.line, 1, f"entry '{key}' is not listed in any publications section")
    problems.raise_if_errors(strict)
    return checked


def _check_settings(cv: m.CV, base: Path, problems: Problems, theme_from_option: bool) -> None:
    """What the settings name must exist: the theme folder, the sections of section_order; a
    font other than Latin Modern needs pdflatex."""
    import difflib

    from cvgen.model.settings import check_theme
    from cvgen.model.themes import resolve

    s = cv.settings
    try:
        resolve(check_theme(s.theme) if theme_from_option else s.theme, base)
    except ValueError as exc:
        if theme_from_option:
            raise CvError([Problem("--theme", 0, 0, str(exc))]) from None
        problems.error(*s.at("theme"), str(exc))
    if s.font != "latin-modern" and s.engine != "pdflatex":
        problems.error(*s.at("font"), f"font '{s.font}' is a Type 1 font for pdflatex; use 'engine: pdflatex' "
                                            "or leave 'font' out (lualatex and xelatex print Latin Modern)")
    titles = [sec.title for sec in cv.sections if sec.title]
    for j, title in enumerate(s.section_order or []):
        if title not in titles or (s.section_order or []).index(title) != j:
            close = difflib.get_close_matches(title, titles, n=1, cutoff=0.6)
            message = (f"'{title}' is listed twice; remove one" if title in titles else
                       f"no section is titled '{title}'; " +
                       (f"did you mean '{close[0]}'?" if close else f"the titles are: {', '.join(titles)}"))
            problems.error(*s.at("section_order", j), f"section_order: {message}")


def _check_files_anyway(cv_path: Path, doc: YamlDoc | None, problems: Problems) -> None:
    """When cv.yaml is invalid, still read the files it names, so all problems show at once."""
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    if isinstance(data.get("bibliography"), str):
        load_bibtex(cv_path.parent / data["bibliography"], problems)
    if isinstance(data.get("venue_figures"), str):
        load_venue_figures(cv_path.parent / data["venue_figures"], problems)


# BibTeX fields that reach the PDF (others, such as abstract, may hold anything).
PRINTED_FIELDS = ("title", "author", "editor", "booktitle", "journal", "venue", "shortjournal", "badges",
                  "type", "number", "volume", "pages", "chapter", "edition", "eprinttype", "archiveprefix",
                  "howpublished", "note", "cv_note", "publisher", "address", "school", "institution", "organization",
                  "pubstate", "year")


def printed(cv: m.CV, entries: dict[str, BibEntry], listed: set[str]) -> Iterator[PrintedText]:
    """Every printed text with where it was written: the checked CV's texts (each value knows
    its place) and the listed entries' printed fields."""
    def walk(value: object, origin: Origin, below: tuple[str | int, ...], name: str) -> Iterator[PrintedText]:
        if isinstance(value, Record):
            for key, item in given(value).items():
                yield from walk(item, value.origin or origin, (key,) if value.origin else below + (key,), key)
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, origin, below + (key,), key if isinstance(key, str) else name)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, origin, below + (i,), name)
        elif isinstance(value, str):
            line, col = origin.where(*below)
            yield PrintedText(origin.file, line, col, f"'{name}'", value)

    yield from walk(cv, cv.origin or NOWHERE, (), "value")
    for key in sorted(listed):
        entry = entries[key]
        for name in PRINTED_FIELDS:
            if name in entry.fields:
                # math is typeset as math by the theme: only the text around it must be printable
                yield PrintedText(entry.file, entry.where(name), 1, f"field '{name}' of entry '{key}'",
                                  entry.decoded(name).plain_text, shortened=name == "author", in_entry=True)


def _check_latex_commands(entries: dict[str, BibEntry], listed: set[str], problems: Problems) -> None:
    """BibTeX LaTeX that decodes to nothing must not vanish silently: warn at its field."""
    start = len(problems.items)
    for key, entry in ((k, entries[k]) for k in sorted(listed)):
        for name in PRINTED_FIELDS:
            commands = list(entry.decoded(name).unknown) if "\\" in entry.fields.get(name, "") else []
            if commands:
                shown = ", ".join("\\" + c for c in commands)
                problems.warn(entry.file, entry.where(name), 1,
                              f"field '{name}' of entry '{key}' uses {shown}, which cvgen does not render "
                              "(it decodes BibTeX's LaTeX and never runs it): the command is left out and "
                              "its argument text is kept; write the text you mean instead")
            for note in entry.decoded(name).notes:  # deep nesting, HTML tags, unsafe math
                problems.warn(entry.file, entry.where(name), 1, f"field '{name}' of entry '{key}' {note}")
    problems.mark_in_entry(start)  # each about one entry: counted on the build's last line


def _publications(section: m.PublicationsSection, cv: m.CV,
                  entries: dict[str, BibEntry], figures: VenueFigures, problems: Problems) -> list[Publication]:
    selection = section.publications
    if not cv.bibliography:
        problems.error(*selection.at(), "a publications section needs 'bibliography: FILE.bib' at the top level")
        return []
    seen: set[str] = set()
    for j, key in enumerate(selection.keys or []):
        if key not in entries:
            problems.error(*selection.at("keys", j), f"no entry '{key}' in {cv.bibliography}; check the key")
        elif key in seen:
            problems.error(*selection.at("keys", j), f"'{key}' is listed twice in this section; remove one")
        seen.add(key)
    pubs = []
    use_database = cv.settings.venue_database if selection.venue_database is None else selection.venue_database
    selected = set(cv.selected or [])
    for entry in select(entries, selection):
        pub = build_publication(entry, cv.owner_names, figures.with_database(use_database), selection.acceptance,
                                problems)
        if pub is not None:
            pub = apply_extras(pub, entry, (cv.papers or {}).get(entry.key), selected, problems)
            limit_authors(pub, entry, cv.settings.max_authors, problems)
            if pub.selected or not selection.selected:
                pubs.append(pub)
    if use_database and selection.acceptance and (missing := missing_figures(pubs)):
        # Only a CV that asked for the database expects every conference paper to have figures.
        problems.warn(*selection.at(), missing_figures_message(missing))
    if not pubs and not problems.errors:
        problems.warn(*selection.at(), "this publications section selects no entries")
    pubs = sort_newest_first(pubs)
    if left := unplaced(pubs, selection):
        problems.warn(*selection.at("groups"), f"{len(left)} entr{'y' if len(left) == 1 else 'ies'} of this section fit "
                      f"no group and are left out ({', '.join(p.key for p in left)}); add a group without "
                      "filters to catch the rest")
    return pubs


def json_schema(which: str) -> dict[str, Any]:
    """The JSON Schema of cv.yaml ("cv") or venues.yaml ("venues"), for editors and checkers."""
    from cvgen.model.schema import json_schema as emit
    from cvgen.venues.figures import VenuesFile

    if which == "cv":
        return emit(m.CV, "cvgen cv.yaml", "A researcher's CV for cvgen: who, where the publications are, and the "
                                           "sections in order.")
    return emit(VenuesFile, "cvgen venues.yaml", "Acceptance figures per venue name and year, each with its "
                                                 "submitted and accepted counts (cvgen computes the rate).")
