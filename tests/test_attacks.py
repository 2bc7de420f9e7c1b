"""Hostile and clumsy inputs (issue 15): each test reproduces one defect; the slow attacks
(2 GB files, alias bombs, kill loops) live in benchmarks/attacks.py."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from cvgen.errors import BuildError, CvError
from cvgen.pipeline import build, check

RAW_LUA = (r'\directlua{local f = io.open("/etc/passwd"); if f then tex.print("LEAKED " .. f:read("*l")) end; '
           r'local g = io.open("OUTSIDE", "w"); if g then g:write("x"); g:close() end}')


def _add_section(cv: Path, body: str) -> int:
    """Append a section to cv.yaml; returns the line of its content key."""
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text + "  - title: Extra\n" + body, encoding="utf-8")
    return len(text.splitlines()) + 2


@pytest.mark.parametrize("engine", ["lualatex", "pdflatex"])
def test_raw_latex_cannot_reach_files_without_trust(cv_dir: Path, tmp_path: Path, engine: str) -> None:
    outside = tmp_path / "outside.txt"
    line = _add_section(cv_dir / "cv.yaml", "    raw_latex: '" + RAW_LUA.replace("OUTSIDE", str(outside)) + "'\n")
    pdf = tmp_path / "build" / "cv.pdf"
    with pytest.raises(CvError) as info:
        build(cv_dir / "cv.yaml", pdf, engine=engine)
    problem = info.value.problems[0]
    assert (problem.file, problem.line) == (str(cv_dir / "cv.yaml"), line)
    assert "--trust-raw-latex" in problem.message and "any file" in problem.message
    assert not outside.exists() and not pdf.exists()
    assert not pdf.with_suffix(".tex").exists()


def test_no_pickle_in_cvgen() -> None:
    """A cache restored from an untrusted CI branch must never run code when read."""
    package = Path(__file__).resolve().parent.parent / "cvgen"
    for module in package.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "import pickle" not in text and "pickle.load" not in text and "marshal" not in text, module


def test_venue_cache_is_checked_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cvgen import venue_db

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    venue_db._index.cache_clear()
    fresh = venue_db._index()
    (cached,) = (tmp_path / "cvgen").glob("venue-index-*.json")
    data = json.loads(cached.read_text(encoding="utf-8"))
    data["raw"] = {k: "NO-SUCH-VENUE" for k in data["raw"]}  # a poisoned mapping
    cached.write_text(json.dumps(data), encoding="utf-8")
    venue_db._index.cache_clear()
    assert venue_db._index() == fresh
    cached.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")  # nested too deeply
    venue_db._index.cache_clear()
    assert venue_db._index() == fresh
    venue_db._index.cache_clear()
