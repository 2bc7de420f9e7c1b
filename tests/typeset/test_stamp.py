"""No-op builds from the stamp, and cached (early-started) builds through the command line.

What must hold: the cached path gives the very bytes of an uncached build; a no-op never
starts TeX; any changed input means a build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from cvgen.typeset.stamp import Stamp
from cvgen.typeset.texrun import work_dir

from ..conftest import CONTENT, ROOT, cvgen, pdf_text

TITLE = "Making Huge Pages Actually Useful"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fmt(pdf: Path) -> list[Path]:
    return sorted(work_dir(pdf, "pdflatex").glob("cvfmt-*.fmt"))


@pytest.mark.parametrize("script", [True, False], ids=["console-script", "python-m"])
def test_noop_returns_without_tex(cv_dir: Path, script: bool) -> None:
    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "build" / "cv.pdf"
    cvgen("build", cv, "-o", out, script=script)
    before = out.stat().st_mtime_ns, _sha(out)
    log = work_dir(out, "pdflatex")  # every TeX build makes and removes a run folder in it
    log_before = log.stat().st_mtime_ns
    result = cvgen("build", cv, "-o", out, script=script)
    assert result.stdout.strip() == f"cvgen: {out} is up to date"
    assert (out.stat().st_mtime_ns, _sha(out)) == before
    assert log.stat().st_mtime_ns == log_before  # TeX did not run


def test_noop_repeats_the_warnings(cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@misc{stray2020, title = {Stray}, author = {A. B}, year = {2020}}\n",
                   encoding="utf-8")
    out = cv_dir.parent / "build" / "cv.pdf"
    first = cvgen("build", cv_dir / "cv.yaml", "-o", out)
    assert "stray2020" in first.stderr
    again = cvgen("build", cv_dir / "cv.yaml", "-o", out)
    warnings = [line for line in first.stderr.splitlines() if not line.startswith("cvgen: ")]  # not progress notes
    assert "up to date" in again.stdout and again.stderr.splitlines() == warnings


def _theme_copy(tmp: Path) -> Path:
    theme = tmp / "theme"
    shutil.copytree(ROOT / "latex_templates", theme)
    return theme


@pytest.mark.parametrize("change", ["bib", "venues", "cv", "theme", "engine-option", "pdf", "tex-beside"])
def test_any_change_means_a_real_build(cv_dir: Path, change: str) -> None:
    theme = _theme_copy(cv_dir.parent)
    env = {"CVGEN_THEME_DIR": str(theme)}
    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "build" / "cv.pdf"
    cvgen("build", cv, "-o", out, env=env)
    args: list[str | Path] = ["build", cv, "-o", out]
    if change == "bib":
        bib = cv_dir / "publications.bib"
        bib.write_text(bib.read_text(encoding="utf-8").replace(TITLE, TITLE + " Twice"), encoding="utf-8")
    elif change == "venues":
        venues = cv_dir / "venues.yaml"
        venues.write_text(venues.read_text(encoding="utf-8").replace("submitted: 307", "submitted: 308"), encoding="utf-8")
    elif change == "cv":
        cv.write_text(cv.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "theme":
        cls = theme / "cvgen.cls"
        cls.write_text(cls.read_text(encoding="utf-8").replace("{22,64,120}", "{22,64,121}"), encoding="utf-8")
    elif change == "engine-option":
        args += ["--engine", "pdflatex"]
    elif change == "pdf":
        out.write_bytes(out.read_bytes() + b"\n")
    elif change == "tex-beside":
        out.with_suffix(".tex").unlink()
    result = cvgen(*args, env=env)
    assert "wrote" in result.stdout, result.stdout
    if change in ("bib", "venues", "theme"):
        assert "up to date" in cvgen(*args, env=env).stdout  # and the new state is stamped


def test_fast_path_trusts_only_the_same_arguments(cv_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before click, the stamp is trusted only for the arguments that wrote it (no second parser)."""
    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "build" / "cv.pdf"
    cvgen("build", cv, "-o", out)
    stamp = json.loads((out.parent / ".cvgen" / "cv.stamp.json").read_text())
    assert stamp["argv"] == [str(ROOT), str(cv), "-o", str(out)]
    before = _sha(out)
    result = cvgen("build", "-o", out, cv)  # same build, other spelling: click's path decides
    assert "up to date" in result.stdout and _sha(out) == before
    monkeypatch.chdir(ROOT)
    # Up to date: the saved warnings of the build come back (the reference CV has the coauthor lint's)
    assert Stamp(cv, out).up_to_date(argv=[str(cv), "-o", str(out)]) == stamp["warnings"]
    assert Stamp(cv, out).up_to_date(argv=[str(cv), "-o", str(out), "--strict"]) is None
    assert Stamp(cv, out).up_to_date() is not None  # the same options, checked through click
    monkeypatch.chdir(cv_dir)
    assert Stamp(cv, out).up_to_date(argv=[str(cv), "-o", str(out)]) is None  # another folder


def test_stamp_names_its_inputs_and_no_cache(cv_dir: Path) -> None:
    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "build" / "cv.pdf"
    cvgen("build", cv, "-o", out)
    files = json.loads((out.parent / ".cvgen" / "cv.stamp.json").read_text())["files"]
    for name in ("cv.yaml", "publications.bib", "venues.yaml"):
        assert str(cv_dir / name) in files
    assert not [f for f in files if ".cache" in f or f.endswith(".pickle")]


def test_content_is_not_touched() -> None:
    assert not list(CONTENT.glob(".cvgen*")) and not list(CONTENT.glob("*.stamp.json"))


def test_every_package_of_cvgen_is_part_of_the_stamp() -> None:
    """A change to any module of cvgen means a real build: every package folder is hashed
    (the pipeline package was once left out, so a changed build stage kept an old PDF)."""
    from cvgen.typeset.stamp import CODE_DIRS, PACKAGE_DIR

    packages = {str(p.parent) for p in Path(PACKAGE_DIR).glob("*/__init__.py")}
    assert packages <= {os.path.abspath(d) for d in CODE_DIRS}, sorted(packages)


def test_an_input_saved_while_tex_runs_is_never_called_up_to_date(cv_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The stamp records each input as the build read it: a .bib saved while TeX typesets the
    old text makes the next `cvgen build` a real build (it used to record the new bytes beside
    the old PDF, and the next build called that PDF up to date)."""
    import cvgen.typeset.compile as compile_module
    from cvgen.pipeline import BuildOptions, build

    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "build" / "cv.pdf"
    bib = cv_dir / "publications.bib"
    real = compile_module.compile_tex

    def save_during_tex(*args: object, **kwargs: object) -> object:
        bib.write_text(bib.read_text(encoding="utf-8").replace(TITLE, TITLE + " Saved Meanwhile"), encoding="utf-8")
        return real(*args, **kwargs)  # the real TeX, on the text read before the save

    monkeypatch.setattr(compile_module, "compile_tex", save_during_tex)
    build(BuildOptions(cv, out, record=True, argv=[str(cv), "-o", str(out)]))
    monkeypatch.setattr(compile_module, "compile_tex", real)
    result = cvgen("build", cv, "-o", out)
    assert "up to date" not in result.stdout
    assert "Saved Meanwhile" in " ".join(pdf_text(out).split())
