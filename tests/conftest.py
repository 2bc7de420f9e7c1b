"""Shared fixtures: PDFs are built once per test session (per xdist worker) and shared."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
REFERENCE_TXT = ROOT.parent / "shared" / "seeds" / "000_695b1355a21ac34f.txt"
CVGEN = Path(sys.executable).parent / "cvgen"


def cvgen(*args: str | Path, script: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`cvgen ARGS` as users run it: the console script (fast no-op path) or `python -m cvgen`."""
    command = [str(CVGEN)] if script and CVGEN.exists() else [sys.executable, "-m", "cvgen"]
    result = subprocess.run([*command, *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def pdf_text(pdf: Path, raw: bool = False) -> str:
    """The PDF's text layer as pdftotext reads it (what people copy and parsers read).
    `raw`: in the order it was written, not by pdftotext's layout guess (which moves a
    formula's raised radical sign, and the text after it, to another line)."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else []), str(pdf), "-"], check=True,
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


@pytest.fixture(scope="session")
def reference_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference CV as HTML, Markdown and JSON (no TeX), built once from a copy of content/;
    the path of its (never written) PDF, beside which they are."""
    from cvgen.pipeline import build

    work = tmp_path_factory.mktemp("reference-pages")
    shutil.copytree(CONTENT, work / "content")
    pdf = work / "build" / "cv.pdf"
    build(work / "content" / "cv.yaml", pdf, formats=("html", "md", "json"))
    return pdf


def visible_text(html: str) -> str:
    """The text of an HTML page a reader sees, without a browser: no head, script or style;
    block elements and <br> separate words."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("head", "script", "style"):
                self.hidden += 1
            if tag in ("br", "p", "li", "h1", "h2", "h3", "div", "section", "ul", "ol", "header"):
                self.out.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("head", "script", "style"):
                self.hidden -= 1

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.out.append(data)

    parser = Text()
    parser.feed(html)
    return "".join(parser.out)


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


# Markers (registered in pyproject.toml): `tex` for tests that run a TeX engine, `browser` for
# tests that run Chromium, so `pytest -m "not tex and not browser"` runs in seconds. A test is
# `tex` when it uses a fixture that builds a PDF or lives in a module that builds PDFs (whole
# modules: a module that runs TeX anywhere is marked, so the fast run never starts TeX).
TEX_FIXTURES = {"reference_build", "reference_text"}
TEX_MODULES = {"test_compile", "test_prestart", "test_texformat", "test_unicode", "test_stamp", "test_outputs",
               "test_watch", "test_reference", "test_attacks", "test_properties", "test_themes", "test_groups",
               "test_corpus", "test_venues", "test_cli", "test_workflow", "test_doctor", "test_new", "test_build",
               "test_html_browser", "test_import", "test_lint", "test_variants", "test_extras", "test_docx",
               "test_latex_footer"}
BROWSER_MODULES = {"test_html_browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.path.stem
        if module in BROWSER_MODULES or "preview" in item.name:
            item.add_marker(pytest.mark.browser)
        if module in TEX_MODULES or TEX_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.tex)


def with_settings(text: str, added: str) -> str:
    """cv.yaml `text` with `added` lines (two-space indented) under `settings:`; lines under an
    added `  words:` join the CV's own `words:` block when it has one (YAML keys are unique)."""
    lines = added.splitlines(keepends=True)
    if "  words:\n" in lines and "\n  words:\n" in text:
        at = lines.index("  words:\n")
        rest = lines[at + 1:]
        end = next((i for i, line in enumerate(rest) if not line.startswith("    ")), len(rest))
        text = text.replace("\n  words:\n", "\n  words:\n" + "".join(rest[:end]), 1)
        lines = lines[:at] + rest[end:]
    return text.replace("settings:\n", "settings:\n" + "".join(lines), 1)
