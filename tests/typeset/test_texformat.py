"""The precompiled preamble: a stale or broken format is rebuilt, never trusted; a TeX error
on the format still names the entry."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from cvgen.typeset.compile import compile_tex
from cvgen.core.errors import BuildError
from cvgen.backends.latex import render as render_tex
from cvgen.model.themes import resolve
from cvgen.pipeline import Checked, check, enrich
from cvgen.typeset.texformat import default_preamble
from cvgen.typeset.texrun import TexSource, work_dir

from ..conftest import ROOT


def render(checked: Checked):  # noqa: ANN201 - the TexSource the build renders
    """The LaTeX a build renders for `checked`, through the real stages."""
    return render_tex(enrich(checked), resolve(checked.cv.settings.theme, Path(checked.cv_file).parent))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fmt(pdf: Path) -> list[Path]:
    return sorted(work_dir(pdf, "pdflatex").glob("cvfmt-*.fmt"))


def _theme_copy(tmp: Path) -> Path:
    theme = tmp / "theme"
    shutil.copytree(ROOT / "latex_templates", theme)
    return theme


def test_rendered_preamble_is_the_guessed_one(cv_dir: Path) -> None:
    tex = render(check(cv_dir / "cv.yaml"))
    assert tex.preamble == default_preamble("a4")
    assert r"\cvmetadata" not in tex.preamble  # per document: after the mark
    cv = cv_dir / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("paper: a4", "paper: letter"), encoding="utf-8")
    assert render(check(cv)).preamble == default_preamble("letter")


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


def test_tex_error_on_the_format_names_the_entry_and_line(cv_dir: Path) -> None:
    tex = render(check(cv_dir / "cv.yaml"))
    lines = tex.text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("%% cvgen-source:") and ".bib:" in line)
    lines.insert(at + 1, r"\cvnosuchmacro%")
    broken = "\n".join(lines) + "\n"
    out = cv_dir.parent / "build" / "cv.pdf"
    compile_tex(tex, out)  # the format exists: the failing pass runs on it
    good = _sha(out)
    with pytest.raises(BuildError) as info:
        compile_tex(TexSource(broken), out)
    message = info.value.format_message()
    origin = lines[at][len("%% cvgen-source: "):].rstrip("%").strip()
    assert origin in message and f"cv.tex line {at + 2}" in message and "Undefined control sequence" in message
    assert _sha(out) == good
    assert not compile_tex(tex, out).format_built  # a document error does not discard the format
