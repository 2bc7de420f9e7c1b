"""Fast builds: the precompiled preamble, TeX started early, and no-op builds from the stamp.

What must hold: the cached path gives the very bytes of an uncached build; a stale or broken
format is rebuilt, never trusted; a no-op never starts TeX; any changed input means a build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cvgen import cache
from cvgen.compile import compile_tex, default_preamble, format_preamble, work_dir
from cvgen.errors import BuildError
from cvgen.pipeline import check, render

from .conftest import CONTENT, ROOT

CVGEN = Path(sys.executable).parent / "cvgen"
TITLE = "Making Huge Pages Actually Useful"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cvgen(*args: str | Path, script: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`cvgen ARGS` as users run it: the console script (fast no-op path) or `python -m cvgen`."""
    command = [str(CVGEN)] if script and CVGEN.exists() else [sys.executable, "-m", "cvgen"]
    result = subprocess.run([*command, *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _fmt(pdf: Path) -> list[Path]:
    return sorted(work_dir(pdf, "pdflatex").glob("cvfmt-*.fmt"))


def test_rendered_preamble_is_the_guessed_one(cv_dir: Path) -> None:
    tex = render(check(cv_dir / "cv.yaml"))
    assert format_preamble(tex) == default_preamble("a4")
    assert r"\cvmetadata" not in format_preamble(tex)  # per document: after the mark
    cv = cv_dir / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("paper: a4", "paper: letter"), encoding="utf-8")
    assert format_preamble(render(check(cv))) == default_preamble("letter")


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


@pytest.mark.parametrize("script", [True, False], ids=["console-script", "python-m"])
def test_noop_returns_without_tex(cv_dir: Path, script: bool) -> None:
    cv, out = cv_dir / "cv.yaml", cv_dir.parent / "build" / "cv.pdf"
    cvgen("build", cv, "-o", out, script=script)
    before = out.stat().st_mtime_ns, _sha(out)
    log = work_dir(out, "pdflatex") / "cv.log"
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
    assert "up to date" in again.stdout and again.stderr == first.stderr


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


def test_theme_change_rebuilds_the_format(cv_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theme = _theme_copy(cv_dir.parent)
    monkeypatch.setenv("CVGEN_THEME_DIR", str(theme))
    tex = render(check(cv_dir / "cv.yaml"))
    out = cv_dir.parent / "build" / "cv.pdf"
    assert compile_tex(tex, out).format_built
    (old,) = _fmt(out)
    cls = theme / "cvgen.cls"
    cls.write_text(cls.read_text(encoding="utf-8") + "\n\\newcommand{\\cvtestmacro}{}\n", encoding="utf-8")
    result = compile_tex(tex, out)
    (new,) = _fmt(out)
    assert result.format_built and new != old and not old.exists()
    assert not compile_tex(tex, out).format_built


@pytest.mark.parametrize("damage", ["truncated", "garbage", "garbage-recorded", "deleted", "meta"])
def test_broken_format_is_rebuilt(cv_dir: Path, damage: str) -> None:
    tex = render(check(cv_dir / "cv.yaml"))
    out = cv_dir.parent / "build" / "cv.pdf"
    compile_tex(tex, out)
    good = _sha(out)
    (fmt,) = _fmt(out)
    meta_path = fmt.parent / "format.json"
    if damage == "truncated":
        fmt.write_bytes(fmt.read_bytes()[: fmt.stat().st_size // 2])
    elif damage.startswith("garbage"):
        fmt.write_bytes(b"\0garbage" * 1000)
        if damage == "garbage-recorded":  # the record agrees: only TeX itself can tell
            meta = json.loads(meta_path.read_text())
            meta.update(size=fmt.stat().st_size, sha256=_sha(fmt))
            meta_path.write_text(json.dumps(meta))
    elif damage == "deleted":
        fmt.unlink()
    elif damage == "meta":
        meta_path.write_text("{not json")
    result = compile_tex(tex, out)
    assert result.format_built and _sha(out) == good
    assert not compile_tex(tex, out).format_built


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


def test_tex_error_on_the_format_names_the_entry_and_line(cv_dir: Path) -> None:
    tex = render(check(cv_dir / "cv.yaml"))
    lines = tex.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("%% cvgen-source:") and ".bib:" in line)
    lines.insert(at + 1, r"\cvnosuchmacro%")
    broken = "\n".join(lines) + "\n"
    out = cv_dir.parent / "build" / "cv.pdf"
    compile_tex(tex, out)  # the format exists: the failing pass runs on it
    good = _sha(out)
    with pytest.raises(BuildError) as info:
        compile_tex(broken, out)
    message = info.value.format_message()
    origin = lines[at][len("%% cvgen-source: "):].rstrip("%").strip()
    assert origin in message and f"cv.tex line {at + 2}" in message and "Undefined control sequence" in message
    assert _sha(out) == good
    assert not compile_tex(tex, out).format_built  # a document error does not discard the format


def test_parse_build_args() -> None:
    p = cache.parse_build_args
    assert p([]) == ("content/cv.yaml", "build/cv.pdf", None, False)
    assert p(["x.yaml", "-o", "o.pdf", "--strict"]) == ("x.yaml", "o.pdf", None, True)
    assert p(["--output=o.pdf", "--engine=lualatex"]) == ("content/cv.yaml", "o.pdf", "lualatex", False)
    assert p(["-oo.pdf", "--engine", "xelatex", "a.yaml"]) == ("a.yaml", "o.pdf", "xelatex", False)
    for odd in (["--help"], ["-o"], ["a", "b"], ["--engine", "tex"], ["--", "a"], ["-x"]):
        assert p(odd) is None
    from cvgen import cli

    assert (cache.DEFAULT_CV, cache.DEFAULT_PDF) == (str(cli.DEFAULT_CV), str(cli.DEFAULT_PDF))


def test_content_is_not_touched() -> None:
    assert not list(CONTENT.glob(".cvgen*")) and not list(CONTENT.glob("*.stamp.json"))
