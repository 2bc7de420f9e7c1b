"""settings.last_updated: "Last updated: March 2025" in the locale's words, in every output,
read back from each (the PDF's text, the page, the Markdown, JSON Resume, the .docx XML)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import re
from pathlib import Path

import pytest

from cvgen.enrich.updated import updated_month
from cvgen.model.words import LOCALES

from ..conftest import cvgen, flat, pdf_text


def _new_cv(folder: Path, settings: str) -> Path:
    made = cvgen("new", "Ada Lovelace", folder)
    assert made.returncode == 0, made.stderr
    cv = folder / "cv.yaml"
    text = re.sub(r"(?m)^  locale: .*\n", "", cv.read_text(encoding="utf-8"), count=1)  # the starter names its own
    cv.write_text(text.replace("settings:\n", f"settings:\n{settings}", 1),
                  encoding="utf-8")
    return cv


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One German CV updated 2025-03, built to every format (one TeX run for the module)."""
    out = tmp_path_factory.mktemp("updated")
    cv = _new_cv(out / "ada", "  locale: de\n  last_updated: 2025-03-14\n")
    done = cvgen("build", cv, "-o", out / "cv.pdf", "--format", "pdf,html,md,json,docx")
    assert done.returncode == 0, done.stderr
    return out


LINE = "Stand: März 2025"


def test_the_pdf_prints_the_line(built: Path) -> None:
    assert LINE in flat(pdf_text(built / "cv.pdf"))


def test_the_web_outputs_print_the_line(built: Path) -> None:
    assert f'<p class="updated">{LINE}</p>' in (built / "cv.html").read_text(encoding="utf-8")
    assert (built / "cv.md").read_text(encoding="utf-8").rstrip().endswith(f"*{LINE}*")
    assert json.loads((built / "cv.json").read_text(encoding="utf-8"))["meta"]["lastUpdated"] == LINE


def test_the_docx_prints_the_line(built: Path) -> None:
    from docx import Document

    texts = [p.text for p in Document(io.BytesIO((built / "cv.docx").read_bytes())).paragraphs]
    assert texts[-1] == LINE


def test_every_locale_has_its_words() -> None:
    lines = {code: words.updated(2025, 3) for code, words in LOCALES.items()}
    assert lines["en"] == "Last updated: March 2025"
    assert len(set(lines.values())) == len(LOCALES) and all("2025" in t for t in lines.values())


def test_auto_follows_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cv = tmp_path / "cv.yaml"
    cv.write_text("name: A\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741000000")  # 2025-03-03
    assert updated_month("auto", str(cv)) == (2025, 3)


def test_auto_takes_the_git_commit_date_over_the_file_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    cv = tmp_path / "cv.yaml"
    cv.write_text("name: A\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2021-07-01T12:00:00Z", "GIT_COMMITTER_DATE": "2021-07-01T12:00:00Z",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "cv.yaml"], ["commit", "-q", "-m", "cv"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True)
    assert updated_month("auto", str(cv)) == (2021, 7)
    os.utime(cv, (0, 0))  # outside git the file time counts
    subprocess.run(["rm", "-rf", str(tmp_path / ".git")], check=True)
    assert updated_month("auto", str(cv)) == (1970, 1)


def test_a_wrong_date_is_reported_at_its_line(tmp_path: Path) -> None:
    cv = _new_cv(tmp_path / "ada", "  last_updated: 2025-13\n")
    done = subprocess.run([sys.executable, "-m", "cvgen", "check", str(cv)], capture_output=True, text=True)
    assert done.returncode == 1
    line = next(n for n, text in enumerate(cv.read_text(encoding="utf-8").splitlines(), 1) if "2025-13" in text)
    assert f"cv.yaml:{line}:17: error: 'last_updated': '2025-13' is not a date of the calendar" in done.stderr
    assert "Traceback" not in done.stderr
