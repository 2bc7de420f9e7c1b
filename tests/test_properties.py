"""Property: any text in any kind of field either prints literally or fails with a clear message.

Each example is one real TeX build holding the drawn text in every kind of text field at
once, so the examples stay few; the escaping function itself is tested on thousands of
cases in test_latex.py.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from cvgen.bib.decode import decode
from cvgen.core.charset import SCRIPT_CHARS
from cvgen.core.errors import CvError
from cvgen.pipeline import build

from .conftest import flat, pdf_text

TEX_SPECIALS = list("\\{}$&#^_%~'\"`<>|-,.!?@*[]()/:; \n\t") + ["--", ",,", "\\input{/etc/hostname}", "\\write18{x}"]
TEXT = st.lists(
    st.one_of(
        st.sampled_from(TEX_SPECIALS),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.characters(min_codepoint=0x20, max_codepoint=0x17F),
    ),
    min_size=1, max_size=16,
).map("".join)

FIELDS = """name: {v}
sections:
  - title: {v}
    intro: {v}
    text: {v}
  - title: Work
    experience:
      - {{start: 2020-01, position: {v}, organization: {v}, details: {v}}}
  - title: Talks
    talks:
      - {{title: {v}, at: {v}, date: 2021, note: {v}}}
  - title: Items
    items: [{v}]
  - title: Teaching
    teaching:
      - {{course: {v}, role: {v}, term: {v}, details: {v}}}
  - title: References
    references:
      - {{name: {v}, position: {v}, affiliation: {v}}}
settings: {{engine: {engine}}}
"""


# Sub- and superscripts as their plain characters: they print raised or lowered (\textsuperscript,
# textcomp's ¹²³), and the text layer of pdflatex's fonts reads those glyphs as plain digits.
_SCRIPTS = str.maketrans({**{ch: plain for ch, (_, plain) in SCRIPT_CHARS.items()}, "¹": "1", "²": "2", "³": "3"})


# Letter ligatures that are characters of their own (Ĳ, ǆ, ﬁ): the PDF shows the ligature's glyph,
# and pdftotext reads it back as its letters (poppler expands ligatures), so compare them as letters.
_LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in
                            [*range(0x132, 0x134), 0x13F, 0x140, 0x149, *range(0x1C4, 0x1CD), *range(0x1F1, 0x1F4),
                             *range(0xFB00, 0xFB07)]})


def _normal(text: str) -> str:
    """NFC, whitespace collapsed, scripts as their plain characters, letter ligatures as their
    letters, and without format characters (joiners, direction marks), which are invisible by
    nature and so never in a text layer."""
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf").translate(_SCRIPTS).translate(_LIGATURES)
    return flat(unicodedata.normalize("NFC", text))


def _check(text: str, engine: str, work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    cv = work / "cv.yaml"
    cv.write_text(FIELDS.format(v=json.dumps(text), engine=engine), encoding="utf-8")
    pdf = work / "out" / "cv.pdf"
    try:
        build(cv, pdf)
    except CvError as exc:  # a clear validation message at a position, never a crash
        event("rejected with a message")
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == str(cv) and problem.line > 0 and problem.message
        return
    event("built and read back")
    expected = _normal(text)
    got = _normal(pdf_text(pdf))
    assert expected, "an empty text must not pass validation"
    assert expected in got, (text, got[:400])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
@example(text="--,,''``!`?`<<>>")
def test_any_text_prints_literally_or_fails_clearly_pdflatex(text: str, tmp_path: Path) -> None:
    _check(text, "pdflatex", tmp_path / "pdflatex")


@pytest.mark.skipif(shutil.which("lualatex") is None, reason="lualatex not installed")
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
@example(text="--,,''``!`?`<<>>")  # TeX ligatures must not turn typed text into other characters
@example(text="soft\xadhyphen")  # an invisible character is refused, not silently dropped
@example(text="\u200d")  # only a joiner: as good as empty
def test_any_text_prints_literally_or_fails_clearly_lualatex(text: str, tmp_path: Path) -> None:
    _check(text, "lualatex", tmp_path / "lualatex")


# Math as BibTeX fields carry it, well-formed or not (issue 20): cvgen either typesets it from
# whitelisted tokens or prints it as text; the TeX it writes never fails.
MATH_PIECES = ["$", "$", "$$", "^", "_", "{", "}", "{", "}", "\\sqrt", "\\mathrm", "\\text", "\\frac", "\\hat",
               "\\bar", "\\alpha", "\\to", "\\sim", "\\TeV", "\\fbinv", "\\ttbar", "\\pt", "\\left(", "\\right)",
               "x", "0", "S", "K", " ", "=", "13", "\\", "\\foo", "<sub>", "</sub>", "<sup>", "<i>", "</i>", "&amp;",
               "é", "'", "`", "''", "\\,", "\\&", "\\%", "\\#", "\\$", "\\(", "\\)", "\\[", "\\]", "-", "--", "~",
               "\\mathrm{S}", "\\sqrt{s}", "%", "#", "&", "\\\\", "\\ensuremath", "\\textbf", "\\emph"]
MATH_TEXT = st.lists(st.sampled_from(MATH_PIECES), min_size=1, max_size=14).map("".join)
_ARGUMENT_COMMANDS = re.compile(r"\\(sqrt|frac|mathrm|hat|bar|tilde)(?![A-Za-z])(?!\{)")


def _balanced(formula: str) -> bool:
    depth = 0
    for token in re.findall(r"\\.|[{}]", formula):
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth < 0:
            return False
    return depth == 0


@settings(max_examples=3000, deadline=None)
@given(raw=MATH_TEXT)
@example(raw="D$^0$$\\to$ K$^0_\\mathrm{S}$K$^0_\\mathrm{S}$ decays at $\\sqrt{s}$ = 13 TeV")
@example(raw="$x^a^b_c_d$ $\\sqrt$ $\\frac{1}$")
def test_decoded_math_is_always_well_formed(raw: str) -> None:
    decoded = decode(raw)
    for span in decoded.spans:
        if span.math is not None:
            f = span.math
            assert _balanced(f), (raw, f)
            assert "$" not in f.replace("\\$", "") and "\\\\" not in f and "#" not in f.replace("\\#", "")
            assert not _ARGUMENT_COMMANDS.search(f), (raw, f)  # \sqrt without its braces: "Missing { inserted"
            assert not re.search(r"\^\{[^{}]*\}\^|_\{[^{}]*\}_", f), (raw, f)  # a double script


def _build_titles(titles: list[str], engine: str, work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    bib = "".join(f"@article{{k{i},\n  author = {{Ada Lovelace}},\n  title = {{T {t}}},\n  journal = {{J}}, year = {{2020}}}}\n"
                  for i, t in enumerate(titles))
    (work / "pubs.bib").write_text(bib, encoding="utf-8")
    keys = ", ".join(f"k{i}" for i in range(len(titles)))
    (work / "cv.yaml").write_text(f"name: Ada Lovelace\nbibliography: pubs.bib\nsettings: {{engine: {engine}}}\n"
                                  f"sections:\n  - title: P\n    publications: {{keys: [{keys}]}}\n", encoding="utf-8")
    try:
        build(work / "cv.yaml", work / "out" / "cv.pdf")
    except CvError as exc:  # allowed: a character the engine has no glyph for, refused at its field
        errors = [p for p in exc.problems if p.severity == "error"]
        assert errors and all(p.file.endswith("pubs.bib") and p.line > 0
                              and ("cannot print" in p.message or "no font of" in p.message)
                              for p in errors), [p.message for p in errors]
        event("a character refused at its field")
        return
    text = flat(pdf_text(work / "out" / "cv.pdf"))  # TeX ran to the end: no formula stopped it
    assert "Ada Lovelace" in text


def _braced(raw: str) -> str:
    """A title as a .bib holds it: the reader needs balanced braces, so close what is open.
    BibTeX counts a brace after a backslash too (`\\}` closes a group), so the reader does."""
    depth = 0
    out = []
    for token in re.findall(r"\\[^{}]|.", raw, re.S):
        if token == "}" and depth == 0:
            continue
        depth += {"{": 1, "}": -1}.get(token, 0)
        out.append(token)
    return "".join(out) + "}" * depth


@pytest.mark.skipif(shutil.which("lualatex") is None, reason="lualatex not installed")
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # each example is a TeX build: no long shrinking
@given(titles=st.lists(MATH_TEXT.map(_braced), min_size=12, max_size=12))
def test_any_math_in_titles_compiles_lualatex(titles: list[str], tmp_path: Path) -> None:
    _build_titles(titles, "lualatex", tmp_path / "lualatex")


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # each example is a TeX build: no long shrinking
@given(titles=st.lists(MATH_TEXT.map(_braced), min_size=12, max_size=12))
def test_any_math_in_titles_compiles_pdflatex(titles: list[str], tmp_path: Path) -> None:
    _build_titles(titles, "pdflatex", tmp_path / "pdflatex")
