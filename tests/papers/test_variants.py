"""Variants from one source: `cvgen build --variant NAME` writes its own PDF; the full CV is unchanged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import CONTENT, flat, pdf_text
from .test_groups import _build


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cvgen", "build", *args], cwd=cwd, capture_output=True, text=True,
                          env=os.environ.copy())


@pytest.fixture(scope="module")
def short(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("variant")
    shutil.copytree(CONTENT, work / "content")
    result = run(work, "--variant", "short")
    assert result.returncode == 0, result.stderr
    assert "wrote build/cv-short.pdf" in result.stdout
    return work


def test_short_variant_has_selected_papers_of_the_last_five_years(short: Path) -> None:
    text = flat(pdf_text(short / "build" / "cv-short.pdf"))
    for title in ("POD-Attention", "vAttention", "Trident", "vMitosis", "LLM-42"):
        assert title in text
    for title in ("HawkEye", "Mitosis: Transparently", "Sarathi-Serve", "nuKSM"):
        assert title not in text  # not selected, or before 2021
    assert "Patents" not in text  # a section the variant empties is left out
    assert "Education" in text and "Ph.D. in Computer Science" in text  # the rest of the CV stays


def test_full_cv_stays_the_reference_and_each_output_has_its_stamp(short: Path, reference_build: Path) -> None:
    again = run(short, "--variant", "short")
    assert again.returncode == 0 and "build/cv-short.pdf is up to date" in again.stdout
    full = run(short)
    assert full.returncode == 0 and "wrote build/cv.pdf" in full.stdout  # another output, another stamp
    assert (short / "build" / "cv.pdf").read_bytes() == reference_build.read_bytes()
    assert run(short, "--variant", "short").stdout.strip() == "cvgen: build/cv-short.pdf is up to date"


def test_unknown_variant_is_an_error_naming_the_variants(short: Path) -> None:
    result = run(short, "--variant", "long")
    assert result.returncode == 1
    assert "there is no variant 'long' (this CV's variants: short)" in result.stderr
    assert run(short, "--variant", "../x").returncode == 2  # not a name: it would leave build/


def test_tags_since_and_at_most_n(tmp_path: Path) -> None:
    text = flat(pdf_text(_build(tmp_path, variant="recent")))
    assert "Bernoulli Numbers" in text and "Engines That Weave" in text
    assert "Punched Cards" not in text  # tagged weaving: excluded
    assert "Notes on the Analytical Engine" not in text and "Difference Engines" not in text  # before 2023
    assert "Publications (2)" in text


def test_tagged_sections_and_entries(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    cv = tmp_path / "content" / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    text = text.replace("  - title: Teaching Experience\n", "  - title: Teaching Experience\n    tags: [teaching]\n")
    text = text.replace("        position: Assistant System Engineer\n",
                        "        position: Assistant System Engineer\n        tags: [early]\n")
    text = text.replace("    since: 2021           # of the last five years\n",
                        "    since: 2021           # of the last five years\n  lean:\n    exclude_tags: [teaching, early]\n")
    cv.write_text(text, encoding="utf-8")
    result = run(tmp_path, "--variant", "lean")
    assert result.returncode == 0, result.stderr
    lean = flat(pdf_text(tmp_path / "build" / "cv-lean.pdf"))
    assert "Teaching Experience" not in lean and "Assistant System Engineer" not in lean
    assert "Member of Technical Staff" in lean and "HawkEye" in lean  # the rest stays
