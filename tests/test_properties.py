"""Property: any text in any kind of field either prints literally or fails with a clear message.

Each example is one real TeX build holding the drawn text in every kind of text field at
once, so the examples stay few; the escaping function itself is tested on thousands of
cases in test_latex.py.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

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


def _normal(text: str) -> str:
    """NFC, whitespace collapsed, and without format characters (joiners, direction marks),
    which are invisible by nature and so never in a text layer."""
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
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
