"""Escaping: user text renders literally, in the one module that writes LaTeX."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvgen.backends.latex import escape, join
from cvgen.backends.latex import url as escape_url


@pytest.mark.parametrize("text,expected", [
    ("a & b", r"a \& b"),
    ("50% of $5 #1 under_score", r"50\% of \$5 \#1 under\_score"),
    ("{x}", r"\{x\}"),
    ("~^", r"\textasciitilde{}\textasciicircum{}"),
    ("\\input{/etc/passwd}", r"\textbackslash{}input\{/etc/passwd\}"),
    ("10--20", "10-{}-20"),
    ("a---b", "a-{}-{}-b"),
    ("Prime Minister's", r"Prime Minister\textquotesingle{}s"),
    ('say "hi"', r"say \textquotedbl{}hi\textquotedbl{}"),
    ("line\nbreak", "line break"),
    ("Müller — ok", "Müller — ok"),
])
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


@given(st.text(max_size=60))
@settings(max_examples=5000, deadline=None)
def test_escape_leaves_no_active_character(text: str) -> None:
    """Whatever the input, the output has no unescaped TeX special and no ligature pair."""
    out = escape(text)
    stripped = re.sub(r"\\(textbackslash|textasciitilde|textasciicircum|textquotesingle|textquotedbl|"
                      r"textasciigrave|textless|textgreater|textbar|cvlostchar)\{\}", "", out)
    stripped = re.sub(r"\\[{}#$%&_]", "", stripped)
    stripped = re.sub(r"\\text(super|sub)script\{[^{}\\]\}", "", stripped)  # ₂ ⁰: a plain character raised
    stripped = stripped.replace("{}", "")  # ligature breaks
    if "\xa0" in text:
        stripped = stripped.replace("~", "")  # a no-break space is TeX's tie, on purpose
    assert not re.search(r"[\\{}#$%&_~^]", stripped), out
    assert "--" not in out and ",," not in out
    assert "\n" not in out


def test_escape_url_for_hyperref() -> None:
    assert escape_url("https://x.org/a b#frag%20") == r"https://x.org/a\%20b\#frag\%20"
    assert escape_url("https://x.org/~me") == "https://x.org/~me"
    assert "\\" not in escape_url("https://x.org/{}\\").replace(r"\%", "")


def test_escaping_is_a_type_a_plain_str_cannot_reach_the_document() -> None:
    from pylatex import NoEscape

    assert isinstance(escape("a_b"), NoEscape) and isinstance(escape_url("https://x.org/a b"), NoEscape)
    assert join(escape("50%"), NoEscape(r"\cvjoint{}")) == r"50\%\cvjoint{}"
    with pytest.raises(TypeError, match="unescaped text"):
        join(escape("a"), "50%")  # type: ignore[arg-type]


def test_an_author_field_printed_as_written_breaks_across_lines(tmp_path: Path) -> None:
    """A list whose people cannot be told apart prints as written (with a warning): as text that
    wraps, not as one unbreakable name running into the margin (a real hand-kept entry)."""
    from ..conftest import cvgen, flat, pdf_text

    names = ", ".join(f"Person{i}, Ann" for i in range(14))  # 14 people or 28: not plain
    (tmp_path / "p.bib").write_text("@article{x,\n  author = {" + names + "},\n  title = {A Title},\n"
                                    "  journal = {J}, year = {2020},\n}\n", encoding="utf-8")
    (tmp_path / "cv.yaml").write_text("name: Ada Lovelace\nbibliography: p.bib\nsections:\n  - title: P\n"
                                      "    publications: {}\n", encoding="utf-8")
    built = cvgen("build", tmp_path / "cv.yaml", "-o", tmp_path / "cv.pdf")
    assert built.returncode == 0, built.stderr
    assert "print as written" in built.stderr and "wider than the line" not in built.stderr
    assert "Person0, Ann, Person1, Ann" in flat(pdf_text(tmp_path / "cv.pdf"))
