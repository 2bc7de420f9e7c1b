"""The one build: check -> enrich -> render each format -> compile, as `cvgen build`, `cvgen
watch` and the tests run it, from one `BuildOptions`.

`build` runs the stages; with `record` it also does what the command adds around them: one
build per output at a time (the output's lock), TeX started early on the last format while
Python works, and the no-op stamp written after a success.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cvgen import TEXT_BACKENDS
from cvgen.core.errors import CvError, render_all
from cvgen.pipeline.progress import Progress

if TYPE_CHECKING:  # checking (the model, the readers) is imported once TeX is loading: _stages
    from cvgen.pipeline.checking import Checked
    from cvgen.typeset.compile import CompileResult
    from cvgen.typeset.prestart import EarlyTex
    from cvgen.enrich.enrich import Enriched


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build depends on besides the files: what the command line's options say."""

    cv: Path
    output: Path  # the PDF path; the other formats go beside its stem
    formats: tuple[str, ...] = ("pdf",)
    theme: str | None = None  # overrides settings.theme
    variant: str | None = None
    engine: str | None = None  # overrides settings.engine
    strict: bool = False
    trust_raw_latex: bool = False
    verbose: bool = False
    record: bool = False  # as the command: take the output's lock, start TeX early, write the stamp
    argv: tuple[str, ...] | None = None  # the command's arguments, for the stamp's no-op path


@dataclass
class BuildResult:
    """What a build made and from what: the stamp records these."""

    checked: Checked
    tex_path: Path | None  # None: no TeX ran (only HTML, Markdown, JSON)
    result: CompileResult | None
    inputs: list[str]  # the user's files the build read
    engine: str
    identity: list[str]  # files whose change means a different TeX installation
    outputs: dict[str, str] = field(default_factory=dict)  # every file written -> its SHA-256
    warnings: list[str] = field(default_factory=list)  # as printed: the CV's, then TeX's

    @property
    def written(self) -> list[str]:
        """The files the user asked for (PNG pages counted apart)."""
        names = [name for name in self.outputs if not name.endswith(".png")]
        return names if self.result else [n for n in names if not n.endswith(".pdf")]


def build(options: BuildOptions | Path, output: Path | None = None, /, *, early: EarlyTex | None = None,
          progress: Progress | None = None, locked: bool = False, **fields: object) -> BuildResult:
    """Build as `options` say (scripts and tests may pass `cv, output, **fields` instead).
    `early` is a TeX the caller already started (watch keeps one warm between saves);
    `locked`: the caller holds the output's lock already."""
    if not isinstance(options, BuildOptions):
        assert output is not None, "build(cv, output, ...) needs the output path"
        options = BuildOptions(Path(options), Path(output), **fields)  # type: ignore[arg-type]
    progress = progress or Progress(verbose=options.verbose)
    if not options.record:
        return _stages(options, early, progress)
    from cvgen.typeset.stamp import Stamp
    from cvgen.core.safewrite import build_lock

    stamp = Stamp(options.cv, options.output, engine=options.engine, strict=options.strict, formats=options.formats,
                  theme=options.theme, variant=options.variant, trust_raw_latex=options.trust_raw_latex)
    with nullcontext() if locked else build_lock(options.output):
        with _warm_tex(options, stamp) if early is None else nullcontext(early) as warm:
            built = _stages(options, warm, progress)
        from cvgen.pipeline.reuse import digests_read

        stamp.save(built.inputs, built.engine, built.identity, built.outputs, built.warnings,
                   list(options.argv) if options.argv is not None else None, read=digests_read(built.inputs))
    return built


def _warm_tex(options: BuildOptions, stamp: object) -> AbstractContextManager[EarlyTex | None]:
    """TeX loads the last format (or dumps a guessed one) while Python imports and renders;
    HTML, Markdown and JSON alone start no TeX."""
    from cvgen.typeset.outputs import needs_tex

    if not needs_tex(options.formats):
        return nullcontext(None)
    from cvgen.typeset.prestart import EarlyTex
    from cvgen.typeset.texformat import default_preamble

    engine = options.engine or stamp.last_engine() or "pdflatex"  # type: ignore[attr-defined]
    return EarlyTex.start(options.output, engine, default_preamble())


def enrich(checked: Checked) -> Enriched:
    """The enrich stage: format-neutral values, every word decided."""
    from cvgen.enrich.enrich import enrich as enrich_cv

    return enrich_cv(checked.cv, checked.publications, dropped=checked.dropped,
                     dropped_items=checked.dropped_items)


# Format -> its backend module (the registry is cvgen.TEXT_BACKENDS).
BACKENDS = {name: module for name, (_, module) in TEXT_BACKENDS.items()}


def render_output(fmt: str, enriched: Enriched) -> bytes:
    """The file of format `fmt` (a key of BACKENDS) for an enriched CV."""
    out = __import__(BACKENDS[fmt], fromlist=["render"]).render(enriched)  # the import statement's path: -X importtime sees it
    return out.encode("utf-8") if isinstance(out, str) else out


def render_text(fmt: str, enriched: Enriched) -> str:
    """The HTML ("html"), Markdown ("md") or JSON Resume ("json") text of an enriched CV."""
    return render_output(fmt, enriched).decode("utf-8")


LARGE_BIBLIOGRAPHY = 300  # entries: checking this many takes seconds on a slow machine


def _stages(options: BuildOptions, early: EarlyTex | None, progress: Progress) -> BuildResult:
    """Check, enrich, and write each format: the PDF (its .tex kept beside it for inspection)
    and PNG previews through TeX; HTML, Markdown and JSON from the enriched values, no TeX."""
    from cvgen.typeset.outputs import check_outputs, needs_tex, png_pages, text_outputs, write_atomic
    from cvgen.model.themes import theme_inputs
    from cvgen.pipeline.checking import check

    cv_path, pdf, formats = options.cv, options.output, options.formats
    tex = needs_tex(formats)
    with progress.stage(f"checking {cv_path}", slow=_large_bibliography(cv_path)) as stage:
        checked = check(cv_path, strict=options.strict, engine=options.engine, theme=options.theme,
                        variant=options.variant, trust_raw_latex=options.trust_raw_latex or not tex)  # raw_latex: TeX only
        pubs = sum(len(p or []) for p in checked.publications)
        stage.detail = f"{len(checked.cv.sections)} sections, {pubs} publications"
    base = cv_path.parent
    inputs = [str(cv_path)] + [str(base / name) for name in (checked.cv.bibliography, checked.cv.venue_figures) if name]
    texts = text_outputs(pdf, formats)
    if tex:
        inputs += theme_inputs(checked.cv.settings.theme, base)
    check_outputs([Path(p) for p in inputs], pdf, list(texts.values()))  # before anything is written
    with progress.stage("enriching"):
        enriched = enrich(checked)
    if texts:
        for block in enriched.blocks:
            if block.kind == "raw":
                file, _, line = block.origin.rpartition(":")
                checked.problems.warn(file, int(line), 1, "a raw_latex section is LaTeX for the PDF only; the "
                                      f"{', '.join(texts)} output leaves it out")
        checked.problems.raise_if_errors(options.strict)
    settings = checked.cv.settings
    built = BuildResult(checked, None, None, inputs, settings.engine, [])
    built.warnings = render_all(checked.problems.warnings)  # each file read once
    if tex:
        built.tex_path, built.result = _build_pdf(checked, enriched, pdf, early, progress, options.strict)
        built.warnings = render_all(checked.problems.warnings)  # with any a first TeX run found
        built.identity = _identity(settings.engine, pdf)
        built.outputs[str(pdf)] = built.result.digest
        built.warnings += built.result.warnings
        if "png" in formats:
            with progress.stage("PNG previews", slow="rendering each page with pdftoppm") as stage:
                pages = png_pages(pdf, timeout=settings.timeout)
                stage.detail = f"{len(pages)} pages"
            built.outputs.update(pages)
    for fmt, path in texts.items():
        with progress.stage(f"writing {fmt}") as stage:
            built.outputs[str(path)] = write_atomic(path, render_output(fmt, enriched))
            stage.detail = str(path)
    return built


def _large_bibliography(cv_path: Path) -> str | None:
    """Why checking may take seconds (a bibliography of hundreds of entries), or None. A cheap
    look (the size of the .bib files beside the CV), never a parse."""
    try:
        size = sum(p.stat().st_size for p in cv_path.parent.glob("*.bib"))
    except OSError:
        return None
    return f"a large bibliography ({size // 1024} KB of BibTeX)" if size > LARGE_BIBLIOGRAPHY * 600 else None


def _identity(engine: str, pdf: Path) -> list[str]:
    from cvgen.typeset.compile import identity_files

    return identity_files(engine, pdf)


def _build_pdf(checked: Checked, enriched: Enriched, pdf: Path, early: EarlyTex | None,
               progress: Progress, strict: bool = False) -> tuple[Path, CompileResult]:
    from cvgen.backends.latex import render as render_tex
    from cvgen.core.charset import glyph_problems
    from cvgen.pipeline.checking import printed
    from cvgen.typeset.compile import compile_tex
    from cvgen.typeset.texrun import MissingGlyphs
    from cvgen.core.safewrite import write_atomic
    from cvgen.model.themes import resolve

    settings = checked.cv.settings
    theme = resolve(settings.theme, Path(checked.cv_file).parent)
    tex_path = pdf.with_suffix(".tex")
    lost: list[str] = []
    cjk = False
    while True:
        with progress.stage("rendering LaTeX") as stage:
            source = render_tex(enriched, theme, lost=lost, cjk=cjk)
            stage.detail = f"{len(source.text) // 1024} KB"
        write_atomic(tex_path, source.text.encode("utf-8"))
        slow = "; ".join(slow_first_time(settings.engine, early)) or None
        try:
            with progress.stage(f"compiling with {settings.engine}", slow=slow) as stage:
                result = compile_tex(source, pdf, engine=settings.engine, timeout=settings.timeout, early=early,
                                     theme_files=theme.files, trusted=any(b.kind == "raw" for b in enriched.blocks))
                how = ["on the cached preamble format" if result.formatted and not result.format_built else
                       "after building the preamble format" if result.format_built else "without a format",
                       "TeX started early" if result.prestarted else ""]
                stage.detail = (f"{result.passes} pass{'es' if result.passes != 1 else ''} "
                                f"{', '.join(h for h in how if h)}")
            return tex_path, result
        except MissingGlyphs as exc:
            if settings.engine == "lualatex" and not cjk and "\\cvsetfallbackcjk" not in source.text:
                cjk, early = True, None  # the CJK fallback font may have it (loaded only when needed)
                continue
            # A glyph no font has: an error in cv.yaml; in a BibTeX entry a warning, and the
            # character prints as the theme's mark (one entry never stops the CV). Once.
            listed = {p.key for pubs in checked.publications for p in pubs or []}
            problems = glyph_problems(printed(checked.cv, checked.entries, listed), exc.chars, settings.engine)
            if problems.errors or lost or not problems.warnings:
                if problems.errors:
                    raise CvError(problems.errors) from None
                raise
            if strict:  # --strict: every warning is an error (cvgen.core.policy)
                raise CvError([replace(p, severity="error") for p in problems.warnings]) from None
            checked.problems.items.extend(replace(p, in_entry=True) for p in problems.warnings)
            lost, early = exc.chars, None


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
