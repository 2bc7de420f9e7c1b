"""The output formats of `cvgen build --format`: which files each writes, and writing them safely.

Every output lands beside the PDF path's stem (`build/cv.pdf` -> `build/cv.html`, `cv.md`,
`cv.json`, `cv-1.png` ...), is written to a temporary file in the same folder and renamed
into place (a reader never sees half a file), and never replaces one of the build's inputs.
HTML, Markdown and JSON come from the enriched values alone (no TeX); PNG previews are the
PDF's pages through poppler's `pdftoppm`, so `png` needs the PDF.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from cvgen import FORMATS
from cvgen import TEXT_SUFFIXES as SUFFIXES
from cvgen.core.errors import BuildError
from cvgen.core.safewrite import check_outputs, write_atomic

__all__ = ["check_outputs", "needs_tex", "parse_formats", "png_pages", "text_outputs", "write_atomic"]

PNG_DPI = 110  # an A4 page 910 px wide: a README's width


def parse_formats(value: str) -> tuple[str, ...]:
    """'pdf,html' -> ('pdf', 'html'): known names, each once, in FORMATS order; ValueError else."""
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        shown = ", ".join(repr(n) for n in unknown) or "''"
        raise ValueError(f"unknown format {shown}; choose from {', '.join(FORMATS)} (several separated by commas)")
    return tuple(name for name in FORMATS if name in names)


def needs_tex(formats: tuple[str, ...]) -> bool:
    return "pdf" in formats or "png" in formats


def text_outputs(pdf: Path, formats: tuple[str, ...]) -> dict[str, Path]:
    """The HTML, Markdown and JSON files the formats ask for, by format."""
    return {f: pdf.with_suffix(SUFFIXES[f]) for f in formats if f in SUFFIXES}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def png_pages(pdf: Path, dpi: int = PNG_DPI, timeout: float = 120) -> dict[str, str]:
    """One PNG per page of `pdf` (`cv-1.png`, `cv-2.png` ...) beside it, each renamed into place;
    the previews of pages the PDF no longer has are removed. Path -> SHA-256."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise BuildError("PNG previews need poppler's pdftoppm, which is not installed; install it with "
                         "`sudo apt-get install poppler-utils` (or leave png out of --format)")
    with tempfile.TemporaryDirectory(prefix=f".{pdf.stem}-png.", dir=pdf.parent) as work:
        try:
            proc = subprocess.run([exe, "-png", "-r", str(dpi), str(pdf), os.path.join(work, "page")],
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise BuildError(f"pdftoppm took more than {timeout:.0f} s on {pdf}; leave png out of --format") from None
        if proc.returncode != 0:
            raise BuildError(f"pdftoppm could not read {pdf}: {proc.stderr.strip() or proc.returncode}")
        # pdftoppm pads page numbers to the width of the page count (page-01.png): read them back.
        pages = sorted((int(m.group(1)), name) for name in os.listdir(work)
                       if (m := re.fullmatch(r"page-(\d+)\.png", name)))
        written = {}
        for number, name in pages:
            target = pdf.with_name(f"{pdf.stem}-{number}.png")
            os.replace(os.path.join(work, name), target)
            written[str(target)] = digest(target.read_bytes())
    stale = re.compile(re.escape(pdf.stem) + r"-(\d+)\.png")
    for name in os.listdir(pdf.parent):
        if (m := stale.fullmatch(name)) and int(m.group(1)) > len(pages):
            (pdf.parent / name).unlink(missing_ok=True)
    return written
