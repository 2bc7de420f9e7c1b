"""TeX started early (on the last format, or dumping one) gives the bytes of a plain build."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from cvgen.typeset.texrun import work_dir

from ..conftest import CVGEN, cvgen

TITLE = "Making Huge Pages Actually Useful"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fmt(pdf: Path) -> list[Path]:
    return sorted(work_dir(pdf, "pdflatex").glob("cvfmt-*.fmt"))


def test_cached_builds_give_the_bytes_of_a_fresh_build(cv_dir: Path) -> None:
    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "warm" / "cv.pdf"
    assert "wrote" in cvgen("build", cv, "-o", out).stdout  # cold: dumps the format
    (fmt,) = _fmt(out)
    first = _sha(out)
    bib = cv_dir / "publications.bib"
    original = bib.read_text(encoding="utf-8")
    bib.write_text(original.replace(TITLE, TITLE + " Again"), encoding="utf-8")
    cvgen("build", cv, "-o", out)  # warm: TeX started early on the format
    assert _sha(out) != first
    bib.write_text(original, encoding="utf-8")
    cvgen("build", cv, "-o", out, script=False)  # warm again, through click
    assert _fmt(out) == [fmt] and fmt.stat().st_mtime_ns == _fmt(out)[0].stat().st_mtime_ns  # reused
    fresh = cv_dir.parent / "fresh" / "cv.pdf"
    cvgen("build", cv, "-o", fresh)
    assert _sha(out) == _sha(fresh) == first
    assert "Title:" in subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout


def test_broken_format_under_an_early_tex_is_rebuilt(cv_dir: Path) -> None:
    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "build" / "cv.pdf"
    cvgen("build", cv, "-o", out)
    good = _sha(out)
    (fmt,) = _fmt(out)
    data = bytearray(fmt.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size: the early start trusts it, the digest check does not
    fmt.write_bytes(bytes(data))
    cv.write_text(cv.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # not a no-op
    cvgen("build", cv, "-o", out)
    assert _sha(out) == good and _fmt(out)[0].read_bytes() != bytes(data)


def _verbose_build(cv: Path, out: Path, *extra: str) -> str:
    return cvgen("build", cv, "-o", out, "-v", *extra).stderr


def test_the_head_goes_ahead_and_a_changed_head_is_never_used(cv_dir: Path) -> None:
    """The last build's head (through \\begin{document}) is in the pipe before the document is
    rendered; the same head gives the bytes of a fresh build in one pass, a different one
    (the name in the metadata changed) stops the early TeX and the PDF has the new name."""
    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "warm" / "cv.pdf"
    cvgen("build", cv, "-o", out)
    head = work_dir(out, "pdflatex") / "head.tex"
    assert head.read_text(encoding="utf-8").rstrip().endswith("\\begin{document}%")
    bib = cv_dir / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(TITLE, TITLE + " Again"), encoding="utf-8")
    assert "1 pass on the cached preamble format, TeX started early" in _verbose_build(cv, out)
    fresh = cv_dir.parent / "fresh" / "cv.pdf"
    cvgen("build", cv, "-o", fresh)
    assert _sha(out) == _sha(fresh)
    yaml_text = cv.read_text(encoding="utf-8")
    cv.write_text(yaml_text.replace("name: Ashish Panwar", "name: Ashish Panwar Renamed", 1), encoding="utf-8")
    log = _verbose_build(cv, out)
    assert "TeX started early" not in log  # its head named the old name: stopped unused
    assert "1 pass on the cached preamble format" in log  # with the last .aux it had begun to rewrite
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "Ashish Panwar Renamed" in info and "Ashish Panwar Renamed" in head.read_text(encoding="utf-8")
    cvgen("build", cv, "-o", fresh)
    assert _sha(out) == _sha(fresh)


def test_a_trusted_build_leaves_no_head(cv_dir: Path) -> None:
    """TeX code the user vouched for once is never read ahead of a later build's checks."""
    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "trusted" / "cv.pdf"
    cvgen("build", cv, "-o", out)
    head = work_dir(out, "pdflatex") / "head.tex"
    assert head.exists()
    with cv.open("a", encoding="utf-8") as f:
        f.write("\n")
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text.replace("sections:\n", "sections:\n  - title: Raw\n    raw_latex: '\\textbf{raw}'\n", 1),
                  encoding="utf-8")
    cvgen("build", cv, "-o", out, "--trust-tex")
    assert not head.exists()


@pytest.mark.parametrize("engine", ["xelatex", "lualatex"])
def test_unicode_engines_start_early_on_the_last_head(cv_dir: Path, engine: str) -> None:
    """Without a format, TeX reads the last head (the preamble: fonts) while Python works; the
    PDF is the fresh build's, and a TeX error still names the right line and entry (XeTeX's
    byte-order-mark sniff must not eat the document's first bytes)."""
    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "warm" / "cv.pdf"
    cvgen("build", cv, "-o", out, "--engine", engine)
    bib = cv_dir / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(TITLE, TITLE + " Again"), encoding="utf-8")
    assert "TeX started early" in _verbose_build(cv, out, "--engine", engine)
    fresh = cv_dir.parent / "fresh" / "cv.pdf"
    cvgen("build", cv, "-o", fresh, "--engine", engine)
    assert _sha(out) == _sha(fresh)
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text.replace("sections:\n", "sections:\n  - title: Raw\n    raw_latex: '\\undefinedcs'\n", 1),
                  encoding="utf-8")
    line = text[:text.index("sections:\n")].count("\n") + 2  # the new section's first line
    failed = subprocess.run([str(CVGEN), "build", cv, "-o", out, "--engine", engine, "--trust-tex"], cwd=cv_dir,
                            capture_output=True, text=True)
    assert failed.returncode == 1 and "Undefined control sequence" in failed.stderr
    tex_line = int(re.search(r"cv\.tex line (\d+)", failed.stderr).group(1))
    assert "\\undefinedcs" in out.with_suffix(".tex").read_text(encoding="utf-8").splitlines()[tex_line - 1]
    assert f"cv.yaml:{line}" in failed.stderr
    assert _sha(out) == _sha(fresh)  # the last good PDF stays
