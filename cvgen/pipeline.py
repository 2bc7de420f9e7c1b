"""load -> validate -> enrich -> render -> compile, each a plain function call.

`check` runs the stages that need no TeX and reports every problem at once; `build` adds
rendering and compiling. Paths inside cv.yaml are relative to the folder of cv.yaml.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cvgen.model import cv as m
from cvgen.core.charset import PrintedText, check_printed, glyph_problems
from cvgen.core.errors import CvError, Problem, Problems
from cvgen.papers.groups import unplaced
from cvgen.papers.lint import check_publications
from cvgen.papers.extras import check_overlay_keys
from cvgen.papers.limits import limit_authors, refuse_raw_latex
from cvgen.papers.build import Publication, apply_extras, build_publication, select, sort_newest_first
from cvgen.bib.entries import BibEntry, load_bibtex
from cvgen.core.sources import YamlDoc, load_yaml
from cvgen.papers.variants import apply_variant
from cvgen.venues.figures import VenueFigures, load_venue_figures, missing_figures, missing_figures_message

if TYPE_CHECKING:
    from cvgen.build.compile import CompileResult
    from cvgen.enrich.enrich import Enriched
    from cvgen.build.prestart import EarlyTex
    from cvgen.build.texrun import TexSource


@dataclass
class Checked:
    """A validated CV with its publications resolved, ready to render."""

    cv: m.CV
    doc: YamlDoc
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
    doc = load_yaml(cv_path, problems)
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
    _check_settings(cv, doc, base, problems, theme_from_option=bool(theme))
    entries: dict[str, BibEntry] = {}
    if cv.bibliography:
        entries = load_bibtex(base / cv.bibliography, problems)
    figures = VenueFigures([])
    if cv.venue_figures:
        figures = load_venue_figures(base / cv.venue_figures, problems)
    checked = Checked(cv, doc, [], problems=problems, venue_figures=figures, entries=entries)
    refuse_raw_latex(cv, doc, problems, trusted=trust_raw_latex)  # it can read any file the user can
    listed: set[str] = set()
    for i, section in enumerate(cv.sections):
        pubs = None
        if isinstance(section, m.PublicationsSection):
            pubs = _publications(doc, i, section, cv, entries, figures, problems)
            listed.update(e.key for e in select(entries, section.publications))
        checked.publications.append(pubs)
    check_overlay_keys(doc, cv.papers, cv.selected, cv.bibliography, entries, problems)
    if variant is not None:
        checked.dropped, checked.dropped_items, checked.publications = \
            apply_variant(cv, doc, checked.publications, variant, problems)
    check_printed(_printed(doc, entries, listed), cv.settings.engine, problems)
    check_publications([e for e in entries.values() if e.key in listed], cv.settings.distinct_people or [], problems)
    _check_latex_commands(entries, listed, problems)
    if cv.bibliography and any(isinstance(s, m.PublicationsSection) for s in cv.sections):
        for key, entry in entries.items():
            if key not in listed:
                problems.warn(entry.file, entry.line, 1, f"entry '{key}' is not listed in any publications section")
    problems.raise_if_errors(strict)
    return checked


def _check_settings(cv: m.CV, doc: YamlDoc, base: Path, problems: Problems, theme_from_option: bool) -> None:
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
        line, col = doc.where(("settings", "theme"))
        problems.error(doc.file, line, col, str(exc))
    if s.font != "latin-modern" and s.engine != "pdflatex":
        line, col = doc.where(("settings", "font"))
        problems.error(doc.file, line, col, f"font '{s.font}' is a Type 1 font for pdflatex; use 'engine: pdflatex' "
                                            "or leave 'font' out (lualatex and xelatex print Latin Modern)")
    titles = [sec.title for sec in cv.sections if sec.title]
    for j, title in enumerate(s.section_order or []):
        if title not in titles or (s.section_order or []).index(title) != j:
            line, col = doc.where(("settings", "section_order", j))
            close = difflib.get_close_matches(title, titles, n=1, cutoff=0.6)
            message = (f"'{title}' is listed twice; remove one" if title in titles else
                       f"no section is titled '{title}'; " +
                       (f"did you mean '{close[0]}'?" if close else f"the titles are: {', '.join(titles)}"))
            problems.error(doc.file, line, col, f"section_order: {message}")


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


def _printed(doc: YamlDoc, entries: dict[str, BibEntry], listed: set[str]) -> Iterator[PrintedText]:
    """Every printed text with where it was written."""
    from cvgen.bib.decode import decode

    def walk(value: object, path: tuple[str | int, ...]) -> Iterator[PrintedText]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, path + (i,))
        elif isinstance(value, str):
            line, col = doc.where(path)
            name = next((p for p in reversed(path) if isinstance(p, str)), "value")
            yield PrintedText(doc.file, line, col, f"'{name}'", value)

    yield from walk(doc.data, ())
    for key in sorted(listed):
        entry = entries[key]
        for name in PRINTED_FIELDS:
            if name in entry.fields:
                # math is typeset as math by the theme: only the text around it must be printable
                yield PrintedText(entry.file, entry.where(name), 1, f"field '{name}' of entry '{key}'",
                                  decode(entry.fields[name]).plain_text, shortened=name == "author")


def _check_latex_commands(entries: dict[str, BibEntry], listed: set[str], problems: Problems) -> None:
    """BibTeX LaTeX that decodes to nothing must not vanish silently: warn at its field."""
    from cvgen.papers.build import decode, dropped_commands
    for key, entry in ((k, entries[k]) for k in sorted(listed)):
        for name in PRINTED_FIELDS:
            commands = dropped_commands(entry.fields.get(name, ""))
            if commands:
                shown = ", ".join("\\" + c for c in commands)
                problems.warn(entry.file, entry.where(name), 1,
                              f"field '{name}' of entry '{key}' uses {shown}, which cvgen does not render "
                              "(it decodes BibTeX's LaTeX and never runs it): the command is left out and "
                              "its argument text is kept; write the text you mean instead")
            for note in decode(entry.fields.get(name, "")).notes:  # deep nesting, HTML tags, unsafe math
                problems.warn(entry.file, entry.where(name), 1, f"field '{name}' of entry '{key}' {note}")


def _publications(doc: YamlDoc, index: int, section: m.PublicationsSection, cv: m.CV,
                  entries: dict[str, BibEntry], figures: VenueFigures, problems: Problems) -> list[Publication]:
    selection = section.publications
    if not cv.bibliography:
        line, col = doc.where(("sections", index, "publications"))
        problems.error(doc.file, line, col, "a publications section needs 'bibliography: FILE.bib' at the top level")
        return []
    seen: set[str] = set()
    for j, key in enumerate(selection.keys or []):
        line, col = doc.where(("sections", index, "publications", "keys", j))
        if key not in entries:
            problems.error(doc.file, line, col, f"no entry '{key}' in {cv.bibliography}; check the key")
        elif key in seen:
            problems.error(doc.file, line, col, f"'{key}' is listed twice in this section; remove one")
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
        line, col = doc.where(("sections", index, "publications"))
        problems.warn(doc.file, line, col, missing_figures_message(missing))
    if not pubs and not problems.errors:
        line, col = doc.where(("sections", index, "publications"))
        problems.warn(doc.file, line, col, "this publications section selects no entries")
    pubs = sort_newest_first(pubs)
    if left := unplaced(pubs, selection):
        line, col = doc.where(("sections", index, "publications", "groups"))
        problems.warn(doc.file, line, col, f"{len(left)} entr{'y' if len(left) == 1 else 'ies'} of this section fit "
                      f"no group and are left out ({', '.join(p.key for p in left)}); add a group without "
                      "filters to catch the rest")
    return pubs


def enrich(checked: Checked) -> Enriched:
    from cvgen.enrich.enrich import enrich as enrich_cv

    return enrich_cv(checked.cv, checked.doc, checked.publications, dropped=checked.dropped,
                     dropped_items=checked.dropped_items)


def render(checked: Checked) -> TexSource:
    from cvgen.backends.latex import render as render_tex
    from cvgen.model.themes import resolve

    return render_tex(enrich(checked), resolve(checked.cv.settings.theme, Path(checked.doc.file).parent))


def render_text(fmt: str, enriched: Enriched) -> str:
    """The HTML ("html"), Markdown ("md") or JSON Resume ("json") text of an enriched CV."""
    if fmt == "html":
        from cvgen.backends.html import render as render_html

        return render_html(enriched)
    if fmt == "md":
        from cvgen.backends.markdown import render as render_md

        return render_md(enriched)
    from cvgen.backends.jsonresume import render as render_json

    return render_json(enriched)


@dataclass
class Built:
    """What a build made and from what: the stamp records these."""

    checked: Checked
    tex_path: Path | None  # None: no TeX ran (only HTML, Markdown, JSON)
    result: CompileResult | None
    inputs: list[str]  # the user's files the build read
    engine: str
    identity: list[str]  # files whose change means a different TeX installation
    outputs: dict[str, str] = field(default_factory=dict)  # every file written -> its SHA-256


def build(cv_path: Path, pdf: Path, strict: bool = False, engine: str | None = None, trust_raw_latex: bool = False,
          early: EarlyTex | None = None, formats: tuple[str, ...] = ("pdf",),
          say: Callable[[str], None] | None = None, theme: str | None = None, variant: str | None = None) -> Built:
    """Check, enrich, and write each format: the PDF (its .tex kept beside it for inspection)
    and PNG previews through TeX; HTML, Markdown and JSON from the enriched values, no TeX.
    `say` (for --verbose) hears each stage with its time, and what slow first-time work is under way."""
    from cvgen.build.outputs import check_outputs, needs_tex, png_pages, text_outputs, write_atomic
    from cvgen.model.themes import theme_inputs

    clock = time.perf_counter()
    checked = check(cv_path, strict=strict, engine=engine, theme=theme, variant=variant,  # raw_latex: TeX only
                    trust_raw_latex=trust_raw_latex or not needs_tex(formats))
    if say:
        pubs = sum(len(p or []) for p in checked.publications)
        say(f"checked {cv_path}: {len(checked.cv.sections)} sections, {pubs} publications "
            f"({time.perf_counter() - clock:.3f} s)")
        clock = time.perf_counter()
    base = cv_path.parent
    inputs = [str(cv_path)] + [str(base / name) for name in (checked.cv.bibliography, checked.cv.venue_figures) if name]
    texts = text_outputs(pdf, formats)
    tex = needs_tex(formats)
    if tex:
        inputs += theme_inputs(checked.cv.settings.theme, base)
    check_outputs([Path(p) for p in inputs], pdf, list(texts.values()))  # before anything is written
    enriched = enrich(checked)
    if texts:
        for block in enriched.blocks:
            if block.kind == "raw":
                file, _, line = block.origin.rpartition(":")
                checked.problems.warn(file, int(line), 1, "a raw_latex section is LaTeX for the PDF only; the "
                                      f"{', '.join(texts)} output leaves it out")
        checked.problems.raise_if_errors(strict)
    settings = checked.cv.settings
    built = Built(checked, None, None, inputs, settings.engine, [])
    if tex:
        built.tex_path, built.result = _build_pdf(checked, enriched, pdf, early, say)
        built.identity = _identity(settings.engine, pdf)
        built.outputs[str(pdf)] = built.result.digest
        if "png" in formats:
            clock = time.perf_counter()
            pages = png_pages(pdf, timeout=settings.timeout)
            built.outputs.update(pages)
            if say:
                say(f"PNG previews: {len(pages)} pages ({time.perf_counter() - clock:.3f} s)")
    for fmt, path in texts.items():
        clock = time.perf_counter()
        built.outputs[str(path)] = write_atomic(path, render_text(fmt, enriched).encode("utf-8"))
        if say:
            say(f"wrote {fmt}: {path} ({time.perf_counter() - clock:.3f} s)")
    return built


def _identity(engine: str, pdf: Path) -> list[str]:
    from cvgen.build.compile import identity_files

    return identity_files(engine, pdf)


def _build_pdf(checked: Checked, enriched: Enriched, pdf: Path, early: EarlyTex | None,
               say: Callable[[str], None] | None) -> tuple[Path, CompileResult]:
    from cvgen.build.compile import compile_tex
    from cvgen.backends.latex import render as render_tex
    from cvgen.core.safewrite import write_atomic
    from cvgen.build.texrun import MissingGlyphs
    from cvgen.model.themes import resolve

    clock = time.perf_counter()
    theme = resolve(checked.cv.settings.theme, Path(checked.doc.file).parent)
    source = render_tex(enriched, theme)
    if say:
        say(f"rendered LaTeX: {len(source.text) // 1024} KB ({time.perf_counter() - clock:.3f} s)")
        clock = time.perf_counter()
        for note in slow_first_time(checked.cv.settings.engine, early):
            say(note)
    tex_path = pdf.with_suffix(".tex")
    write_atomic(tex_path, source.text.encode("utf-8"))
    settings = checked.cv.settings
    try:
        result = compile_tex(source, pdf, engine=settings.engine, timeout=settings.timeout, early=early,
                             theme_files=theme.files)
        if say:
            how = ["on the cached preamble format" if result.formatted and not result.format_built else
                   "after building the preamble format" if result.format_built else "without a format",
                   "TeX started early" if result.prestarted else ""]
            say(f"compiled with {settings.engine}: {result.passes} pass{'es' if result.passes != 1 else ''} "
                f"{', '.join(h for h in how if h)} ({time.perf_counter() - clock:.3f} s)")
    except MissingGlyphs as exc:
        listed = {p.key for pubs in checked.publications for p in pubs or []}
        problems = glyph_problems(_printed(checked.doc, checked.entries, listed), exc.chars, settings.engine)
        if problems.errors:
            raise CvError(problems.items) from None
        raise
    return tex_path, result


def slow_first_time(engine: str, early: EarlyTex | None) -> list[str]:
    """What will take long this once, so a first build does not look hung."""
    notes = []
    if early is not None and early.dump is not None:
        notes.append("building the preamble format once (first build, or TeX or the theme changed): about a second")
    if engine == "lualatex" and not _luatex_font_cache():
        notes.append("lualatex builds its font cache once for this user: this can take a minute")
    return notes


def _luatex_font_cache() -> bool:
    """Whether luaotfload's font cache exists (its first build takes tens of seconds)."""
    import shutil
    import subprocess

    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        return True
    value = subprocess.run([kpsewhich, "-var-value", "TEXMFCACHE"], capture_output=True, text=True).stdout.strip()
    folders = [f for f in value.replace(";", ":").split(":") if f]
    return any(any(Path(f, "luatex-cache").glob("generic*/names/luaotfload-names.lu*")) for f in folders)


def json_schema(which: str) -> dict[str, Any]:
    """The JSON Schema of cv.yaml ("cv") or venues.yaml ("venues"), for editors and checkers."""
    from cvgen.model.schema import json_schema as emit
    from cvgen.venues.figures import VenuesFile

    if which == "cv":
        return emit(m.CV, "cvgen cv.yaml", "A researcher's CV for cvgen: who, where the publications are, and the "
                                           "sections in order.")
    return emit(VenuesFile, "cvgen venues.yaml", "Acceptance figures per venue name and year, each with its "
                                                 "submitted and accepted counts (cvgen computes the rate).")
