"""The TeX run: atomic output, reproducible bytes, errors mapped back to entries, timeouts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from cvgen.typeset.compile import compile_tex
from cvgen.core.errors import BuildError, CvError
from cvgen.pipeline import build

from ..conftest import flat, pdf_text


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_input_same_bytes(reference_build: Path, cv_dir: Path) -> None:
    pdf = cv_dir.parent / "again" / "cv.pdf"
    build(cv_dir / "cv.yaml", pdf)
    assert _sha(pdf) == _sha(reference_build)
    assert pdf.with_suffix(".tex").exists() and pdf.with_suffix(".log").exists()


def test_failed_build_keeps_last_good_pdf_and_names_the_entry(cv_dir: Path) -> None:
    pdf = cv_dir.parent / "build" / "cv.pdf"
    build(cv_dir / "cv.yaml", pdf)
    before = _sha(pdf)
    cv = cv_dir / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text + "  - title: Extra\n    raw_latex: '\\cvnosuchmacro{x}'\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(cv, pdf, trust_raw_latex=True)
    message = info.value.format_message()
    line = len(text.splitlines()) + 1
    assert message.startswith(f"{cv}:{line}: TeX failed at cv.tex line ")
    assert "Undefined control sequence" in message and "cv.log" in message
    assert _sha(pdf) == before
    assert (cv_dir.parent / "build" / "cv.log").exists()


def test_unprintable_character_is_caught_before_tex(cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("Making Huge Pages Actually Useful}", "Making Huge Pages Actually Useful for n ≤ 2}"),
                   encoding="utf-8")
    with pytest.raises(CvError) as info:
        build(cv_dir / "cv.yaml", cv_dir.parent / "build" / "cv.pdf")
    problem = next(p for p in info.value.problems if p.severity == "error")  # warnings (coauthor lint) come along
    assert problem.file.endswith("publications.bib")
    assert problem.line == text.splitlines().index("  title     = {Making Huge Pages Actually Useful},") + 1
    assert problem.message == ("field 'title' of entry 'panwar2018hugepages' contains '≤' (U+2264 LESS-THAN OR "
                               "EQUAL TO), which pdflatex cannot print; set 'engine: lualatex' under settings "
                               "(or use --engine lualatex), or replace the character")
    assert not (cv_dir.parent / "build" / "cv.pdf").exists()


def test_tex_in_data_prints_literally(cv_dir: Path) -> None:
    cv = cv_dir / "cv.yaml"
    evil = r"\input{/etc/hostname} \write18{touch pwned} 100% & $x$ #1 a_b {c} ~ ^ \catcode"
    cv.write_text(cv.read_text(encoding="utf-8").replace(
        "Recipient of the Quantum Leaper award at NetApp, 2017.", json.dumps(evil)).replace(
        "title: Enabling Determinism in LLM Inference", "title: " + json.dumps(evil)), encoding="utf-8")
    pdf = cv_dir.parent / "build" / "cv.pdf"
    build(cv, pdf)
    text = flat(pdf_text(pdf))
    assert evil in text  # an item
    assert f'"{evil}" at CDS, IISc, 2024.' in text  # a talk's title
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else None
    if hostname:
        assert hostname not in text.replace(evil, "")
    assert not list((pdf.parent / ".cvgen").rglob("pwned"))


def test_one_pass_when_aux_is_unchanged(tmp_path: Path) -> None:
    tex = (r"\documentclass{article}\usepackage{lastpage}\begin{document}"
           r"Page \thepage\ of \pageref{LastPage}\end{document}")
    first = compile_tex(tex, tmp_path / "x.pdf")
    second = compile_tex(tex, tmp_path / "x.pdf")
    assert first.passes == 2 and second.passes == 1
    assert "Page 1 of 1" in pdf_text(tmp_path / "x.pdf")


def test_loop_is_stopped_by_timeout(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(BuildError, match="did not finish within 2 s"):
        compile_tex(r"\def\x{\x}\x", target, timeout=2)
    assert target.read_bytes() == b"previous"


def test_missing_engine_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BuildError, match="apt-get install"):
        compile_tex("x", tmp_path / "x.pdf")


def test_every_theme_file_ships_in_the_package() -> None:
    """A plain `pip install .` must carry latex_templates/ (as cvgen/latex_templates)."""
    import fnmatch
    import tomllib

    config = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"]["cvgen.latex_templates"] == "latex_templates"
    patterns = config["package-data"]["cvgen.latex_templates"]
    theme = sorted(p.name for p in Path("latex_templates").iterdir())
    assert theme and all(any(fnmatch.fnmatch(name, pat) for pat in patterns) for name in theme), theme
