"""The reference CV: every line of the researcher's CV text is in the built PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from .conftest import REFERENCE_TXT, flat

BULLETS = "❖◆✉🌐"


def reference_lines() -> list[str]:
    """The reference's lines without its markdown: bullets, **bold**, *italic*, <links>."""
    if not REFERENCE_TXT.exists():
        pytest.skip(f"reference text not found at {REFERENCE_TXT}")
    lines = []
    for raw in REFERENCE_TXT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        line = re.sub(r"^- ", "", line)
        line = re.sub(r'^\* (?=")', "", line)  # the talks' bullet
        line = line.replace("**", "")
        line = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", line)  # *italic*
        line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
        line = line.strip(BULLETS + " ")
        if line:
            lines.append(flat(line))
    return lines


def test_reference_has_many_lines() -> None:
    assert len(reference_lines()) > 100


@pytest.mark.parametrize("line", reference_lines() if REFERENCE_TXT.exists() else [])
def test_every_reference_line_is_in_the_pdf(line: str, reference_text: str) -> None:
    assert line in flat(reference_text)


def test_acceptance_lines_exact(reference_text: str) -> None:
    expected = [
        "Submissions: 510, Accepted: 105, Acceptance rate: 20.59%",
        "Submissions: 510, Accepted: 105, Acceptance rate: 20.59%",
        "Submissions: 282, Accepted: 49, Acceptance rate: 17.38%",
        "Submissions: 250, Accepted: 49, Acceptance rate: 19.60%",
        "Submissions: 423, Accepted: 94, Acceptance rate: 22.22%",
        "Submissions: 96, Accepted: 25, Acceptance rate: 26.04%",
        "Submissions: 398, Accepted: 75, Acceptance rate: 18.84%",
        "Submissions: 476, Accepted: 86, Acceptance rate: 18.07%",
        "Submissions: 350, Accepted: 74, Acceptance rate: 21.14%",
        "Submissions: 307, Accepted: 56, Acceptance rate: 18.24%",
    ]
    found = [line.strip() for line in reference_text.splitlines() if line.strip().startswith("Submissions:")]
    assert found == expected


def test_fonts_embedded_and_not_type3(reference_build: Path) -> None:
    out = subprocess.run(["pdffonts", str(reference_build)], check=True, capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        assert "Type 3" not in row, row
        cols = row.split()
        assert cols[-5] == "yes", f"font not embedded: {row}"


def test_metadata_and_links(reference_build: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(reference_build)
    assert reader.metadata.title == "Ashish Panwar – Curriculum Vitae"
    assert reader.metadata.author == "Ashish Panwar"
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(action["/URI"])
    assert "mailto:panwarit014@gmail.com" in uris
    assert "https://apanwariisc.github.io" in uris


def test_page_x_of_y_footer(reference_build: Path, reference_text: str) -> None:
    from pypdf import PdfReader

    pages = len(PdfReader(reference_build).pages)
    assert pages >= 2
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in reference_text


def test_ligatures_extract_as_letters(reference_text: str) -> None:
    assert "Prefill-Decode" in reference_text and "first" in reference_text
    assert "\ufb01" not in reference_text and "\ufb02" not in reference_text


def test_no_acceptance_line_without_figures(reference_text: str) -> None:
    text = flat(reference_text)
    for title in ["De-bloating of Transparent Huge Pages", "VIDUR: A Large-Scale", "Green Memory Manager"]:
        start = text.index(title)
        following = text[start:start + 400].split("❖")[0]
        assert "Submissions:" not in following, following


def test_no_address_that_the_reference_does_not_have(reference_text: str) -> None:
    """Nothing in content/ is invented: every e-mail address and link the PDF shows is in the reference."""
    reference = REFERENCE_TXT.read_text(encoding="utf-8") if REFERENCE_TXT.exists() else pytest.skip("no reference")
    shown = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", reference_text))
    assert shown and {a for a in shown if a not in reference} == set()
