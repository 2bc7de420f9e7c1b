"""The `cvgen` command line: click commands that call the pipeline; no logic of their own.

Heavy modules are imported inside the commands so `cvgen --help` stays fast. User
mistakes exit 1 with file:line messages; usage errors exit 2; anything else is a bug,
reported in one line with the traceback saved to a file.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cvgen import DEFAULT_CV as _DEFAULT_CV
from cvgen import DEFAULT_PDF as _DEFAULT_PDF
from cvgen import ENGINES, __version__

if TYPE_CHECKING:
    from cvgen.pipeline.building import BuildOptions

DEFAULT_CV = Path(_DEFAULT_CV)
DEFAULT_PDF = Path(_DEFAULT_PDF)


class _Commands(click.Group):
    """Lists each command with its first sentence whole (wrapped), not cut at click's 45 columns."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, command.get_short_help_str(limit=10_000)) for name in self.list_commands(ctx)
                if (command := self.get_command(ctx, name)) is not None and not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="cvgen")
def cli() -> None:
    """cvgen: compile a researcher's CV from YAML and BibTeX into a PDF."""


def _find_cv(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """No CV named: cv.yaml in the current folder (a `cvgen new` folder), else content/cv.yaml
    (this repository's layout); neither is a message that says both places it looked."""
    if value is not None:
        return _plain_path(ctx, param, value)
    for candidate in (Path("cv.yaml"), DEFAULT_CV):
        if candidate.is_file():
            return candidate
    from cvgen.core.errors import BuildError

    raise BuildError(f"no CV found: neither ./cv.yaml nor ./{DEFAULT_CV} exists in {Path.cwd()}; name the CV "
                     "file (e.g. cvgen build path/to/cv.yaml) or start one with cvgen new \"Your Name\"")


def _plain_path(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A path holding a newline or another control character is refused: it would reach the
    action's GITHUB_OUTPUT and logs as several lines."""
    from cvgen.core.charset import CONTROL_CHARS

    if value is not None and (CONTROL_CHARS.search(str(value)) or "\n" in str(value) or "\t" in str(value)):
        raise click.BadParameter(f"{str(value)!r} holds a newline or control character; name a plain path")
    return value


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from cvgen.typeset.outputs import parse_formats

    try:
        return parse_formats(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.argument("cv_yaml", type=click.Path(path_type=Path), required=False, callback=_find_cv)
@click.option("-o", "--output", "pdf", type=click.Path(path_type=Path), default=None, callback=_plain_path,
              help="Where to write the PDF (the .tex and .log go beside it) [default: build/cv.pdf].")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="TeX engine; overrides settings.engine in the CV.")
@click.option("--theme", default=None, help="classic, modern, compact, sidebar or a folder (./mytheme); "
                                          "overrides settings.theme in the CV.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "formats", default="pdf", show_default=True, metavar="FORMATS", callback=_formats,
              help="What to write, several separated by commas: pdf, html (one self-contained page), md "
                   "(GitHub Markdown), json (JSON Resume), docx (Word), png (a preview per page: cv-1.png ...); "
                   "each beside the PDF path's stem. html, md, json and docx alone run no TeX.")
@click.option("-v", "--verbose", is_flag=True, help="Print each stage with its time, and slow first-time work.")
@click.option("--variant", default=None, metavar="NAME",
              help="Build the CV's variant NAME (its 'variants:' block); the default output is then build/cv-NAME.pdf.")
@click.option("--trust-tex", "--trust-raw-latex", "trust_raw_latex", is_flag=True,
              help="Run TeX code of your own: raw_latex sections and a theme folder (it can read any file you "
                   "can; see README). --trust-raw-latex is the old name.")
def build(cv_yaml: Path, pdf: Path | None, engine: str | None, theme: str | None, strict: bool,
          formats: tuple[str, ...], verbose: bool, variant: str | None, trust_raw_latex: bool) -> None:
    """Build the PDF (and other formats) from CV_YAML (default ./cv.yaml, else content/cv.yaml)."""
    options = _options(cv_yaml, pdf, formats, theme, variant, engine, strict, trust_raw_latex, verbose)
    from cvgen.typeset.stamp import Stamp, up_to_date_line

    stamp = Stamp(cv_yaml, options.output, engine=engine, strict=strict, formats=formats, theme=theme,
                  variant=variant, trust_raw_latex=trust_raw_latex)
    if (warnings := stamp.up_to_date()) is not None:  # nothing changed: no pipeline, no TeX
        for line in warnings:
            click.echo(line, err=True)
        click.echo(up_to_date_line(str(options.output), formats))
        return
    from cvgen.core.errors import BuildError
    from cvgen.pipeline import build as run_build
    from cvgen.pipeline.progress import Progress

    progress = Progress(verbose=verbose, echo=lambda line: click.echo(line, err=True))
    progress.say("the stamp says something changed: building")
    try:
        built = run_build(options, progress=progress)
    except OSError as exc:  # the output folder cannot be created or written
        raise BuildError(os_error_message(exc, options.output)) from None
    for line in built.warnings:
        click.echo(line, err=True)
    pages = sum(name.endswith(".png") for name in built.outputs)
    from cvgen.core.policy import closing  # "; 3 entries need attention, 1 left out"

    click.echo(f"cvgen: wrote {', '.join(built.written)}" + (f" and {pages} PNG page{'s' * (pages != 1)}" if pages else "")
               + closing(built.checked.problems.items, built.checked.entries.values()))


def _options(cv_yaml: Path, pdf: Path | None, formats: tuple[str, ...], theme: str | None, variant: str | None,
             engine: str | None, strict: bool, trust_raw_latex: bool, verbose: bool) -> BuildOptions:
    """The options of `build` and `watch`, checked as the command line gives them."""
    from cvgen.typeset.stamp import variant_pdf
    from cvgen.pipeline.building import BuildOptions

    if variant is not None and not variant.replace("-", "").replace("_", "").isalnum():
        raise click.BadParameter(f"'{variant}' is not a variant name (letters, digits, - and _)",
                                 param_hint="'--variant'")
    pdf = pdf or Path(variant_pdf(str(DEFAULT_PDF), variant))
    if pdf.suffix.lower() != ".pdf" or pdf.is_dir():
        raise click.BadParameter(f"'{pdf}' must be a file name ending in .pdf (its .tex and .log, and the "
                                 "other formats, go beside it)", param_hint="'-o' / '--output'")
    argv = tuple(sys.argv[2:]) if sys.argv[1:2] == ["build"] else None
    return BuildOptions(cv_yaml, pdf, formats=formats, theme=theme, variant=variant, engine=engine, strict=strict,
                        trust_raw_latex=trust_raw_latex, verbose=verbose, record=True, argv=argv)


@cli.command()
@click.argument("cv_yaml", type=click.Path(path_type=Path), required=False, callback=_find_cv)
@click.option("-o", "--output", "pdf", type=click.Path(path_type=Path), default=None, callback=_plain_path,
              help="Where to write the PDF (the .tex and .log go beside it) [default: build/cv.pdf].")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="TeX engine; overrides settings.engine in the CV.")
@click.option("--theme", default=None, help="As `build --theme`; overrides settings.theme in the CV.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "formats", default="pdf", show_default=True, metavar="FORMATS", callback=_formats,
              help="As `build --format`: every format listed is rebuilt on each save.")
@click.option("--variant", default=None, metavar="NAME", help="Watch the CV's variant NAME, as `build --variant`.")
@click.option("--serve", is_flag=True, help="Serve an HTML preview on 127.0.0.1 that reloads itself after each "
                                            "build (implied by --format html).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The preview's port on 127.0.0.1 (0: any free port).")
@click.option("-v", "--verbose", is_flag=True, help="Print each stage of each build as it starts and ends.")
@click.option("--trust-tex", "--trust-raw-latex", "trust_raw_latex", is_flag=True,
              help="Run raw_latex sections and a theme folder, as `build --trust-tex`.")
def watch(cv_yaml: Path, pdf: Path | None, engine: str | None, theme: str | None, strict: bool,
          formats: tuple[str, ...], variant: str | None, serve: bool, port: int, verbose: bool,
          trust_raw_latex: bool) -> None:
    """Build CV_YAML, then rebuild on every save of any input until Ctrl-C; errors are
    reported and the watch goes on (the last good files stay in place)."""
    from dataclasses import replace

    from cvgen.commands.watch import run

    if serve and "html" not in formats:
        formats = formats + ("html",)
    options = replace(_options(cv_yaml, pdf, formats, theme, variant, engine, strict, trust_raw_latex, verbose),
                      argv=None)
    try:
        status = run(options, echo=lambda line: click.echo(line, err=not line.startswith("cvgen watch")),
                     serve=port if "html" in formats else None)
    except KeyboardInterrupt:
        click.echo("cvgen watch: stopped", err=True)
        return
    sys.exit(status)


@cli.command()
@click.argument("cv_yaml", type=click.Path(path_type=Path), required=False, callback=_find_cv)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--trust-tex", "--trust-raw-latex", "trust_raw_latex", is_flag=True,
              help="Run raw_latex sections and a theme folder, as `build --trust-tex`.")
def check(cv_yaml: Path, strict: bool, trust_raw_latex: bool) -> None:
    """Validate CV_YAML, its BibTeX and venue figures without running TeX."""
    from cvgen.pipeline import check as run_check

    checked = run_check(cv_yaml, strict=strict, trust_raw_latex=trust_raw_latex)
    _print_warnings(checked.problems.warnings)
    pubs = sum(len(p or []) for p in checked.publications)
    click.echo(f"cvgen: {cv_yaml} is valid ({len(checked.cv.sections)} sections, {pubs} publications)")


@cli.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--into", "target", type=click.Path(path_type=Path), default=Path("content/publications.bib"),
              show_default=True, help="The .bib file to merge into (created when missing).")
@click.option("--update", is_flag=True, help="Update the fields of entries the file already has, and say which.")
@click.option("--keep-fields", is_flag=True, help="Keep abstract, timestamp, biburl and the other fields cvgen "
                                                  "does not print.")
@click.option("--keywords", default=None, help="keywords = {...} for every new entry, e.g. 'full' (sections "
                                               "select entries by keyword).")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def import_(source: Path, target: Path, update: bool, keep_fields: bool, keywords: str | None,
            dry_run: bool) -> None:
    """Merge SOURCE (a DBLP, Google Scholar, ACM, IEEE or Zotero export) into your .bib: only new
    entries are added; duplicates are skipped and named; the previous file is kept as .bak."""
    from cvgen.commands.importer import import_bib, report
    from cvgen.bib.write import FileChangedError
    from cvgen.core.errors import BuildError

    try:
        result = import_bib(source, target, update=update, keep_fields=keep_fields, dry_run=dry_run,
                            keywords=keywords)
    except FileChangedError:
        raise BuildError(f"{target} changed while cvgen was importing into it; nothing was written, run the "
                         "import again") from None
    except OSError as exc:
        raise BuildError(f"cannot write {exc.filename or target}: {exc.strerror or exc}; nothing was "
                         "changed") from None
    for line in result.warnings:
        click.echo(line, err=True)
    click.echo(report(result))


@cli.command("schema")
@click.argument("which", type=click.Choice(["cv", "venues"]), default="cv")
def schema_command(which: str) -> None:
    """Print the JSON Schema of cv.yaml or venues.yaml (for editors: yaml-language-server)."""
    import json

    from cvgen.pipeline import json_schema

    click.echo(json.dumps(json_schema(which), indent=2, ensure_ascii=False))


# cvgen.model.words.LOCALES, spelled out so `cvgen --help` imports no model (a test keeps them equal).
LOCALES = ("en", "de", "fr", "es", "pt", "it")


@cli.command()
@click.argument("full_name")
@click.argument("folder", type=click.Path(path_type=Path), required=False, callback=_plain_path)
@click.option("--action", default=None, metavar="OWNER/REPO@REF",
              help="The cvgen GitHub Action the starter's workflow uses (default: cvgen's own).")
@click.option("--theme", type=click.Choice(["classic", "modern", "compact", "sidebar"]), default="classic",
              show_default=True, help="The look of the starter CV (settings.theme; change it any time).")
@click.option("--locale", type=click.Choice(LOCALES), default="en", show_default=True,
              help="The language of dates and cvgen's own words (settings.locale; change it any time).")
def new(full_name: str, folder: Path | None, action: str | None, theme: str, locale: str) -> None:
    """Start a CV repository: FOLDER (default: a folder named after FULL_NAME) with cv.yaml,
    publications.bib, venues.yaml, its JSON Schema, .gitignore and a GitHub workflow; never
    overwrites anything."""
    import shlex

    from cvgen.commands.new import DEFAULT_ACTION, StarterError, check_action, check_name, create, folder_for
    from cvgen.core.errors import BuildError
    from cvgen.pipeline import check as run_check

    try:
        full_name = check_name(full_name)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="FULL_NAME") from None
    try:
        action = check_action(action or DEFAULT_ACTION)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--action'") from None
    try:
        folder = folder or folder_for(full_name)  # from a name: always a plain folder in the current one
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="FOLDER") from None
    try:
        files = create(full_name, folder, action, validate=lambda cv: run_check(cv), theme=theme, locale=locale)
    except StarterError as exc:
        raise BuildError(str(exc)) from None
    for path in files:
        click.echo(f"cvgen: wrote {path}")
    click.echo(f"Next: cd {shlex.quote(str(folder))} && cvgen build (writes build/cv.pdf; `cvgen watch` rebuilds "
               "it on every save). Edit cv.yaml and publications.bib; push the folder to a GitHub repository: its "
               "workflow builds the PDF on every push.")


@cli.command()
def doctor() -> None:
    """What this machine has and lacks for each engine, theme and output, with the command that
    installs what is missing; exit status 1 when the default build cannot work."""
    from cvgen import theme_dir
    from cvgen.commands.doctor import report

    text, status = report(theme_dir())
    click.echo(text)
    sys.exit(status)


def os_error_message(exc: OSError, pdf: Path) -> str:
    """A failed write in the user's terms: which file, why, and what to do."""
    import errno

    from cvgen.core.safewrite import disk_full

    where = exc.filename or pdf.parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return str(exc) if isinstance(exc, click.ClickException) else disk_full(exc, pdf) or ""
    return f"cannot write {where}: {exc.strerror or exc}; choose another output with -o"


def _print_warnings(warnings: list) -> list[str]:  # type: ignore[type-arg]
    from cvgen.core.errors import render_all

    shown = render_all(warnings)  # each file read once, however many warnings point into it
    for text in shown:
        click.echo(text, err=True)
    return shown


class _VenuesGroup(click.Group):
    """`cvgen venues QUERY...` searches: anything but a subcommand or --help starts a search,
    so the search's options may come first."""

    def resolve_command(self, ctx: click.Context, args: list[str]):  # type: ignore[no-untyped-def]
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            return "search", self.commands["search"], args
        return super().resolve_command(ctx, args)


@cli.group(cls=_VenuesGroup, subcommand_metavar="QUERY... | check [CV_YAML]",
           context_settings={"ignore_unknown_options": True})  # `venues --year 2024 OSDI` searches
def venues() -> None:
    """Acceptance figures of the shipped venue database.

    \b
    cvgen venues QUERY...          venues matching an acronym or words of the name,
                                   with their years, figures and sources
    cvgen venues check [CV_YAML]   the CV's papers against the database; exit status
                                   0 if nothing disagrees, 1 if a figure differs, 2 if
                                   the CV has errors
    """


@venues.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--year", type=int, default=None, help="Only this conference year.")
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True, help="How many venues to show in full.")
def venues_search(query: tuple[str, ...], year: int | None, limit: int) -> None:
    """Venues matching QUERY (an acronym, alias or words of the full name)."""
    from cvgen.commands.venues import search_report

    text, status = search_report(" ".join(query), year=year, limit=limit)
    click.echo(text, err=status != 0)
    sys.exit(status)


@venues.command("check")
@click.argument("cv_yaml", type=click.Path(path_type=Path), required=False, callback=_find_cv)
def venues_check(cv_yaml: Path) -> None:
    """Compare the figures of CV_YAML's papers with the venue database (no TeX needed)."""
    from cvgen.core.errors import CvError
    from cvgen.pipeline import check as run_check
    from cvgen.commands.venues import check_report

    try:
        checked = run_check(cv_yaml, trust_raw_latex=True)  # no TeX runs here
    except CvError as exc:
        exc.exit_code = 2
        raise
    text, status = check_report(cv_yaml, checked.publications, checked.venue_figures)
    click.echo(text)
    sys.exit(status)


def main() -> None:
    """Entry point: click's own exceptions print cleanly; a bug prints one line and a file."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:  # Ctrl-C
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:  # noqa: BLE001 - the last resort for bugs
        fd, name = tempfile.mkstemp(prefix="cvgen-crash-", suffix=".txt")
        with open(fd, "w") as out:
            out.write(traceback.format_exc())
        click.echo(f"cvgen: internal error (a bug in cvgen, not in your CV). Please report it with {name}", err=True)
        sys.exit(70)
