"""The backend contract: backends lay out the enriched values and add no words or punctuation of
their own. Changing the locale's label and separator words (settings.words) changes every
output that prints them, and no output keeps the default brackets or bar."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ..conftest import cvgen, pdf_text, visible_text, with_settings

LABEL = "({label})"
SEPARATOR = " / "


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The reference CV with its own label and separator words, in every format (one TeX run)."""
    import shutil

    from ..conftest import CONTENT

    work = tmp_path_factory.mktemp("contract")
    shutil.copytree(CONTENT, work / "content")
    cv = work / "content" / "cv.yaml"
    cv.write_text(with_settings(cv.read_text(encoding="utf-8"),
                                f"  words:\n    label: '{LABEL}'\n    separator: '{SEPARATOR}'\n"), encoding="utf-8")
    pdf = work / "build" / "cv.pdf"
    cvgen("build", cv, "-o", pdf, "--format", "pdf,html,md,json,docx")
    with zipfile.ZipFile(pdf.with_suffix(".docx")) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return {"pdf": pdf_text(pdf), "html": visible_text(pdf.with_suffix(".html").read_text(encoding="utf-8")),
            "md": pdf.with_suffix(".md").read_text(encoding="utf-8"), "docx": xml,
            "json": pdf.with_suffix(".json").read_text(encoding="utf-8")}


@pytest.mark.tex
@pytest.mark.parametrize("fmt", ["pdf", "html", "md", "docx"])
def test_tags_and_badges_take_the_locales_label_words(outputs: dict[str, str], fmt: str) -> None:
    text = outputs[fmt]
    assert "(ASPLOS'25)" in text and "(Artifact Evaluated" in text
    assert "[ASPLOS'25]" not in text and "[Artifact Evaluated" not in text


@pytest.mark.tex
@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_contact_details_take_the_locales_separator(outputs: dict[str, str], fmt: str) -> None:
    text = outputs[fmt]
    between = text[text.index("panwarit014@gmail.com"):text.index("https://apanwariisc.github.io")]
    assert SEPARATOR in between and "|" not in between


@pytest.mark.tex
def test_the_json_keeps_the_data_not_the_words(outputs: dict[str, str]) -> None:
    """JSON Resume holds the badges as data (a list), with no label words around them."""
    papers = json.loads(outputs["json"])["publications"]
    badges = [b for p in papers for b in p.get("badges", [])]
    assert "Artifact Evaluated" in badges and not any("(" in b for b in badges)


def test_the_joint_mark_comes_from_the_locale() -> None:
    """The joint-first-author mark on an author and in the legend is the locale's symbol, carried
    on the values (backends print what they get)."""
    from cvgen.enrich.values import Span
    from cvgen.backends import html, markdown

    author = Span("Ada", "author", joint="‡")
    assert "Ada‡" in visible_text(str(html.span(author))) and "Ada‡" in markdown.span(author)
    assert html.span(Span("‡", "joint")) == "‡" and markdown.span(Span("‡", "joint")) == "‡"
