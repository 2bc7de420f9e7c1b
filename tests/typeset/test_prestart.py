"""TeX started early (on the last format, or dumping one) gives the bytes of a plain build."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from cvgen.typeset.texrun import work_dir

from ..conftest import cvgen

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
