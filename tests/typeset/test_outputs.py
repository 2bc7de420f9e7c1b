"""`cvgen build --format`: the files each format writes, written atomically, never over an
input, covered by the no-op stamp; HTML, Markdown and JSON without TeX; PNG pages per PDF page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cvgen.typeset.outputs import parse_formats, write_atomic

from ..conftest import CVGEN, ROOT, cvgen


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`cvgen ARGS` that may fail."""
    return subprocess.run([str(CVGEN), *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("value,expected", [
    ("pdf", ("pdf",)),
    ("md,html", ("html", "md")),
    (" JSON , pdf,json ", ("pdf", "json")),
    ("pdf,html,md,json,png", ("pdf", "html", "md", "json", "png")),
])
def test_parse_formats(value: str, expected: tuple[str, ...]) -> None:
    assert parse_formats(value) == expected


@pytest.mark.parametrize("value", ["doc", "pdf,htm", "", ","])
def test_unknown_format_is_a_usage_error(value: str, tmp_path: Path) -> None:
    result = run("build", "content/cv.yaml", "-o", tmp_path / "cv.pdf", "--format", value)
    assert result.returncode == 2 and "choose from pdf, html, md, json, docx, png" in result.stderr
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


def test_text_formats_run_no_tex(cv_dir: Path, tmp_path: Path) -> None:
    """With no TeX on PATH at all, HTML, Markdown and JSON are written; no PDF, .tex or .log."""
    out = cv_dir.parent / "build" / "cv.pdf"
    no_tex = tmp_path / "empty-path"
    no_tex.mkdir()
    result = cvgen("build", cv_dir / "cv.yaml", "-o", out, "--format", "html,md,json", env={"PATH": str(no_tex)})
    assert result.stdout.strip() == f"cvgen: wrote {out.with_suffix('.html')}, {out.with_suffix('.md')}, " \
                                    f"{out.with_suffix('.json')}"
    assert sorted(p.name for p in out.parent.iterdir()) == [".cvgen", "cv.html", "cv.json", "cv.md"]
    again = cvgen("build", cv_dir / "cv.yaml", "-o", out, "--format", "html,md,json", env={"PATH": str(no_tex)})
    assert "are up to date" in again.stdout


def test_text_formats_import_no_tex_module(cv_dir: Path) -> None:
    out = cv_dir.parent / "build" / "cv.pdf"
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "cvgen", "build", str(cv_dir / "cv.yaml"),
                             "-o", str(out), "--format", "html,md,json"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "cvgen.backends.html" in modules and "cvgen.backends.jsonresume" in modules
    assert not {m for m in modules if m.split(".")[0] == "pylatex" or m in
                ("cvgen.backends.latex", "cvgen.typeset.texrun", "cvgen.typeset.compile", "cvgen.typeset.prestart", "cvgen.typeset.texformat")}


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def test_png_one_image_per_page_and_stale_pages_go(cv_dir: Path) -> None:
    out = cv_dir.parent / "build" / "cv.pdf"
    result = cvgen("build", cv_dir / "cv.yaml", "-o", out, "--format", "png")
    pages = _pages(out)
    assert pages >= 2 and result.stdout.strip() == f"cvgen: wrote {out} and {pages} PNG pages"
    pngs = sorted(out.parent.glob("cv-*.png"))
    assert [p.name for p in pngs] == sorted(f"cv-{n}.png" for n in range(1, pages + 1))
    for png in pngs:
        head = png.read_bytes()[:24]
        assert head.startswith(b"\x89PNG\r\n\x1a\n")
        width = int.from_bytes(head[16:20], "big")
        assert 800 < width < 1000  # A4 at 110 dpi: 910 px
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".") and p.name != ".cvgen"]
    short = cv_dir / "short.yaml"
    short.write_text("name: Ada Lovelace\nsections:\n  - title: About\n    text: Notes on the engine.\n",
                     encoding="utf-8")
    cvgen("build", short, "-o", out, "--format", "png")
    assert _pages(out) == 1 and [p.name for p in out.parent.glob("cv-*.png")] == ["cv-1.png"]


def test_the_stamp_covers_every_output(cv_dir: Path) -> None:
    out = cv_dir.parent / "build" / "cv.pdf"
    args = ("build", cv_dir / "cv.yaml", "-o", out, "--format", "pdf,html,md,json,png")
    assert "wrote" in cvgen(*args).stdout
    assert "up to date" in cvgen(*args).stdout
    html = out.with_suffix(".html")
    html.write_text(html.read_text(encoding="utf-8").replace("Ashish", "Somebody"), encoding="utf-8")
    assert "wrote" in cvgen(*args).stdout and "Somebody" not in html.read_text(encoding="utf-8")
    out.with_suffix(".md").unlink()
    assert "wrote" in cvgen(*args).stdout and out.with_suffix(".md").exists()
    (out.parent / "cv-2.png").unlink()
    assert "wrote" in cvgen(*args).stdout and (out.parent / "cv-2.png").exists()
    assert "up to date" in cvgen(*args).stdout
    # Another set of formats has a stamp of its own: neither undoes the other.
    assert "wrote" in cvgen("build", cv_dir / "cv.yaml", "-o", out, "--format", "md").stdout
    assert "up to date" in cvgen(*args).stdout
    assert "up to date" in cvgen("build", cv_dir / "cv.yaml", "-o", out, "--format", "md").stdout


def test_outputs_are_renamed_into_place(cv_dir: Path) -> None:
    """A reader holding the old file keeps the old bytes: the new file is a new inode."""
    out = cv_dir.parent / "build" / "cv.pdf"
    cvgen("build", cv_dir / "cv.yaml", "-o", out, "--format", "json")
    old = out.with_suffix(".json")
    keep = out.parent / "held.json"
    os.link(old, keep)
    before = keep.read_bytes()
    (cv_dir / "cv.yaml").write_text((cv_dir / "cv.yaml").read_text(encoding="utf-8").replace(
        "name: Ashish Panwar", "name: Ashish Panwar Jr"), encoding="utf-8")
    cvgen("build", cv_dir / "cv.yaml", "-o", out, "--format", "json")
    assert keep.read_bytes() == before and b"Panwar Jr" in old.read_bytes()
    assert sorted(p.name for p in out.parent.iterdir()) == [".cvgen", "cv.json", "held.json"]


def test_write_atomic_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "cv.md"
    digest = write_atomic(target, b"# A\n")
    assert target.read_bytes() == b"# A\n" and len(digest) == 64
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())  # the umask's mode, like open()
    assert [p.name for p in target.parent.iterdir()] == ["cv.md"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_an_output_never_replaces_an_input(cv_dir: Path) -> None:
    """venues.yaml may have any name; one named like an output is refused before anything is written."""
    (cv_dir / "venues.yaml").rename(cv_dir / "cv.json")
    cv = cv_dir / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("venue_figures: venues.yaml", "venue_figures: cv.json"),
                  encoding="utf-8")
    before = (cv_dir / "cv.json").read_bytes()
    result = run("build", cv, "-o", cv_dir / "cv.pdf", "--format", "html,json")
    assert result.returncode == 1 and "would overwrite an input of the build" in result.stderr
    assert (cv_dir / "cv.json").read_bytes() == before and not (cv_dir / "cv.html").exists()


def test_raw_latex_is_left_out_of_other_formats_with_a_warning(cv_dir: Path) -> None:
    cv = cv_dir / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8") + "  - title: Extra\n    raw_latex: '\\textbf{x}'\n", encoding="utf-8")
    out = cv_dir.parent / "build" / "cv.pdf"
    result = cvgen("build", cv, "-o", out, "--format", "html,md")
    assert "a raw_latex section is LaTeX for the PDF only; the html, md output leaves it out" in result.stderr
    assert "\\textbf" not in out.with_suffix(".html").read_text(encoding="utf-8")
    strict = run("build", cv, "-o", out, "--format", "md", "--strict")
    assert strict.returncode == 1
