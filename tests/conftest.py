"""Shared fixtures: PDFs are built once per test session (per xdist worker) and shared."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
REFERENCE_TXT = ROOT.parent / "shared" / "seeds" / "000_695b1355a21ac34f.txt"


def pdf_text(pdf: Path) -> str:
    """The PDF's text layer as pdftotext reads it (what people copy and parsers read)."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """Whitespace-insensitive form for 'is this text in the PDF' checks."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def reference_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference CV built once from a copy of content/ (inputs are never touched)."""
    from cvgen.pipeline import build

    work = tmp_path_factory.mktemp("reference")
    shutil.copytree(CONTENT, work / "content")
    pdf = work / "build" / "cv.pdf"
    build(work / "content" / "cv.yaml", pdf)
    return pdf


@pytest.fixture(scope="session")
def reference_text(reference_build: Path) -> str:
    return pdf_text(reference_build)


@pytest.fixture
def cv_dir(tmp_path: Path) -> Path:
    """A writable copy of content/ for tests that edit the CV."""
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.txt from the current output instead of comparing")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


# CI runs the property tests on fixed examples so that a run is reproducible; local runs
# keep exploring new ones (and hypothesis replays any failure it found before).
import os  # noqa: E402

from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
