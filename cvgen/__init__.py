"""cvgen: a CV compiler for researchers (YAML + BibTeX -> LaTeX -> PDF)."""

from __future__ import annotations

import os

__version__ = "0.1.0"

# Shared by the command line, the no-op stamp (which must stay light) and the TeX runner.
ENGINES = ("pdflatex", "lualatex", "xelatex")
DEFAULT_CV = "content/cv.yaml"
DEFAULT_PDF = "build/cv.pdf"
# The formats written from the enriched values alone (no TeX): name -> (suffix, backend module
# whose `render(enriched)` returns text, written as UTF-8, or bytes). A new format is its
# backend module plus one line here: the CLI, the stamp and the pipeline read this table.
TEXT_BACKENDS = {"html": (".html", "cvgen.backends.html"), "md": (".md", "cvgen.backends.markdown"),
                 "json": (".json", "cvgen.backends.jsonresume"), "docx": (".docx", "cvgen.backends.docx")}
# `cvgen build --format`: the formats in the order they are made (pdf and png go through TeX;
# png: build/cv-1.png ...), and the suffix of each text format.
FORMATS = ("pdf", *TEXT_BACKENDS, "png")
TEXT_SUFFIXES = {name: suffix for name, (suffix, _) in TEXT_BACKENDS.items()}


def output_names(pdf: str, formats: tuple[str, ...]) -> list[str]:
    """What a build of `formats` writes, as shown to the user (the PDF path as given)."""
    stem = pdf[:-len(".pdf")] if pdf.endswith(".pdf") else pdf
    names = [pdf] if "pdf" in formats or "png" in formats else []
    names += [stem + TEXT_SUFFIXES[f] for f in formats if f in TEXT_SUFFIXES]
    return names + ([stem + "-*.png"] if "png" in formats else [])


def theme_dir() -> Path:  # noqa: F821 - imported inside, off the no-op path
    """The theme: $CVGEN_THEME_DIR, else the source tree's latex_templates/ (also an editable
    install's), else the copy a wheel ships inside the package."""
    from pathlib import Path  # not at import: the no-op path never needs it

    override = os.environ.get("CVGEN_THEME_DIR")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent
    return next((d for d in (package.parent / "latex_templates", package / "latex_templates") if d.is_dir()),
                package.parent / "latex_templates")
