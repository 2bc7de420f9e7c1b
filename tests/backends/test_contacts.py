"""The contact block: phone, location, ORCID, Google Scholar, GitHub, LinkedIn, Mastodon and
free links, in every output read back; mistakes (an ORCID typo, a URL for a name) at their line."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, cvgen, flat, pdf_text

CONTACTS = (ROOT / "tests" / "data" / "contacts.yaml").read_text(encoding="utf-8")  # every kind (the gallery uses it too)


def _new_cv(folder: Path, contacts: str) -> Path:
    made = cvgen("new", "Ada Lovelace", folder)
    assert made.returncode == 0, made.stderr
    cv = folder / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text.replace("settings:\n", contacts + "settings:\n", 1), encoding="utf-8")
    return cv


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("contacts")
    cv = _new_cv(out / "ada", CONTACTS)
    done = cvgen("build", cv, "-o", out / "cv.pdf", "--format", "pdf,html,md,json,docx")
    assert done.returncode == 0, done.stderr
    return out


def test_the_pdf_shows_every_contact(built: Path) -> None:
    text = flat(pdf_text(built / "cv.pdf"))
    for shown in ("+44 20 7946 0958", "London, UK", "0000-0002-1825-0097", "Google Scholar", "adalovelace",
                  "ada-lovelace", "@ada@mathstodon.xyz", "Blog"):
        assert shown in text
    assert "☎ +44 20 7946 0958" in text and "Tel." not in text  # an icon, no English word in the theme


def test_the_page_links_them_with_inline_icons(built: Path) -> None:
    page = (built / "cv.html").read_text(encoding="utf-8")
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in page and 'href="tel:+442079460958"' in page
    assert 'href="https://mathstodon.xyz/@ada"' in page and 'href="https://example.org/blog"' in page
    assert page.count('<svg class="icon"') == 8 and "London, UK" in page


def test_markdown_links_them(built: Path) -> None:
    md = (built / "cv.md").read_text(encoding="utf-8")
    assert "[adalovelace](<https://github.com/adalovelace>)" in md and "London, UK" in md


def test_json_resume_fills_basics(built: Path) -> None:
    basics = json.loads((built / "cv.json").read_text(encoding="utf-8"))["basics"]
    assert basics["phone"] == "+44 20 7946 0958" and basics["location"] == {"address": "London, UK"}
    networks = {p["network"]: p["url"] for p in basics["profiles"]}
    assert networks["GitHub"] == "https://github.com/adalovelace" and networks["Blog"] == "https://example.org/blog"
    assert networks["ORCID"] == "https://orcid.org/0000-0002-1825-0097" and "Mastodon" in networks


def test_the_docx_links_them(built: Path) -> None:
    import zipfile

    with zipfile.ZipFile(io.BytesIO((built / "cv.docx").read_bytes())) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        body = z.read("word/document.xml").decode()
    assert "https://www.linkedin.com/in/ada-lovelace" in rels and "London, UK" in body


@pytest.mark.parametrize(("line", "message"), [
    ("orcid: 0000-0002-1825-0096", "has a wrong check digit (the last should be 7)"),
    ("github: https://github.com/ada", "is not a GitHub name; write the name only, not a URL"),
    ("social: https://mathstodon.xyz/@ada", "is a URL; write the handle"),
])
def test_a_wrong_contact_is_reported_at_its_line(tmp_path: Path, line: str, message: str) -> None:
    cv = _new_cv(tmp_path / "ada", line + "\n")
    lineno = cv.read_text(encoding="utf-8").splitlines().index(line) + 1
    done = subprocess.run([sys.executable, "-m", "cvgen", "check", str(cv)], capture_output=True, text=True)
    assert done.returncode == 1 and f"cv.yaml:{lineno}:" in done.stderr and message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("theme,engine", [("classic", "pdflatex"), ("compact", "pdflatex"), ("classic", "lualatex")])
def test_a_wrapped_contact_line_leaves_no_separator_hanging(built: Path, theme: str, engine: str) -> None:
    """Nine contacts wrap the header's line: the bar between two contacts goes where the line
    breaks, so no line of the header ends or starts with '|'. (LuaTeX charges the break
    \\hyphenpenalty, not \\exhyphenpenalty: its line never wrapped and ran 370pt off the page.)"""
    pdf = built / "cv.pdf"
    if (theme, engine) != ("classic", "pdflatex"):
        pdf = built / f"cv-{theme}-{engine}.pdf"
        done = cvgen("build", built / "ada" / "cv.yaml", "-o", pdf, "--theme", theme, "--engine", engine)
        assert "runs into the margin" not in done.stderr, done.stderr
    header = [line.strip() for line in pdf_text(pdf, raw=True).split("About Me")[0].splitlines()[1:] if line.strip()]
    assert len(header) >= 2, header  # it did wrap
    assert not [line for line in header if line.endswith("|") or line.startswith("|")], header


# Each contact's first word as pdftotext reads it; the icon is drawn left of it.
CONTACT_WORDS = {"email": "you@example.org", "phone": "+44", "location": "London,", "orcid": "0000-0002-1825-0097",
                 "scholar": "Google", "github": "adalovelace", "linkedin": "ada-lovelace",
                 "social": "@ada@mathstodon.xyz", "link": "Blog"}
DPI = 144  # 2 pixels a point


def _page_pixels(pdf: Path) -> tuple[int, bytes]:
    """Page 1 rendered as RGB (pdftoppm's PPM): its width in pixels and the raw bytes."""
    ppm = subprocess.run(["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", str(pdf)], check=True,
                         capture_output=True).stdout
    magic, width, height, depth, data = ppm.split(maxsplit=4)
    assert magic == b"P6" and depth == b"255" and len(data) == int(width) * int(height) * 3
    return int(width), data


def _ink(pixels: tuple[int, bytes], box: tuple[float, float, float, float]) -> list[tuple[int, int, int]]:
    """The non-white pixels inside a box given in points (x0, y0, x1, y1, from the top left)."""
    width, data = pixels
    scale = DPI / 72
    found = []
    for y in range(round(box[1] * scale), round(box[3] * scale)):
        for x in range(round(box[0] * scale), round(box[2] * scale)):
            r, g, b = data[(y * width + x) * 3:(y * width + x) * 3 + 3]
            if min(r, g, b) < 180:
                found.append((r, g, b))
    return found


def _word_boxes(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', html)
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in found]


@pytest.mark.parametrize("theme,engine", [("classic", "pdflatex"), ("modern", "xelatex"), ("sidebar", "lualatex")])
def test_every_contact_has_its_icon_drawn_and_its_text_extractable(built: Path, theme: str, engine: str) -> None:
    """Left of each contact's text, within 1.6 em, there is ink: a drawn icon (ORCID's green disc
    among them), or for e-mail and phone a sign that extracts as ✉/☎. The services' names that
    stood in for logos ('ORCID', 'GitHub', 'LinkedIn') are gone; the contacts' texts remain."""
    pdf = built / "cv.pdf"
    if (theme, engine) != ("classic", "pdflatex"):
        pdf = built / f"icons-{theme}-{engine}.pdf"
        done = cvgen("build", built / "ada" / "cv.yaml", "-o", pdf, "--theme", theme, "--engine", engine)
        assert done.returncode == 0, done.stderr
    words, pixels = _word_boxes(pdf), _page_pixels(pdf)
    text = flat(pdf_text(pdf))
    assert not {"ORCID", "GitHub", "LinkedIn", "Tel."} & set(text.split()), text[:300]
    for kind, first in CONTACT_WORDS.items():
        x0, y0, _, y1, _ = next(w for w in words if w[4] == first)
        em = y1 - y0  # the word box is about an em high
        assert em < 14, (kind, em)  # a contact, not the name in the heading
        before = [w for w in words if abs(w[3] - y1) < 2 and x0 - 1.6 * em < w[2] <= x0 + 0.1 and w[4] != first]
        if kind in ("email", "phone"):
            assert [w[4] for w in before] == [{"email": "✉", "phone": "☎"}[kind]], (kind, before)
            continue
        assert not before, (kind, before)  # a drawing, not a word
        ink = _ink(pixels, (x0 - 1.6 * em, y0, x0 - 0.5, y1))
        assert len(ink) > 20, (kind, len(ink))
        green = [p for p in ink if p[1] > 150 and p[0] < 200 and p[2] < 120]  # ORCID's (166, 206, 57)
        assert bool(green) == (kind == "orcid"), (kind, len(green))
