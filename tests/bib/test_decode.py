"""LaTeX as people write it in BibTeX: decoded into text, never dropped, never a crash."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cvgen.bib.decode import decode, decode_text


@pytest.mark.parametrize("raw, text", [
    (r"\texttt{ghOSt} and \mbox{Word}", "ghOSt and Word"),
    (r"\LaTeX{} and \TeX", "LaTeX and TeX"),
    (r"A {\textbar} B", "A | B"),
    (r"Co\-Design", "CoDesign"),  # a discretionary hyphen prints nothing
    (r"Wait\ldots{} what", "Wait... what"),
    (r"10~GB \& more", "10 GB & more"),
    (r"\v{C}apek \'Emile M{\"u}ller Fran\c{c}ois \o{} \ss{} \'{\i}", "Čapek Émile Müller François ø ß í"),
    (r"Bj\o rn", "Bjørn"),  # the space after \o ends the command, as in TeX
    (r"``Quoted'' -- and --- dashes", "“Quoted” – and — dashes"),
    (r"{\bf Bold} and {\em it}", "Bold and it"),
    (r"\MakeUppercase{abc}", "ABC"),
    (r"\apj, \mnras, \aap, \aj, \apjl, \apjs, \pasp, \nat, \sci", "ApJ, MNRAS, A&A, AJ, ApJL, ApJS, PASP, Nature, Science"),
    (r"50\% off", "50% off"),
])
def test_text_commands_print_as_themselves(raw: str, text: str) -> None:
    decoded = decode(raw)
    assert decoded.text == text and not decoded.unknown


def test_noopsort_prints_nothing_and_sorts() -> None:
    decoded = decode(r"{\noopsort{zz}}End")
    assert decoded.text == "End" and decoded.sortkey == "zz"


def test_links_keep_text_and_address() -> None:
    decoded = decode(r"See \href{https://x.org/a_b~c%20d}{the \textbf{code}} or \url{https://y.org/p#q}")
    assert decoded.text == "See the code or https://y.org/p#q"
    links = [(s.text, s.link, s.bold) for s in decoded.spans if s.link]
    assert links == [("the ", "https://x.org/a_b~c%20d", False), ("code", "https://x.org/a_b~c%20d", True),
                     ("https://y.org/p#q", "https://y.org/p#q", False)]


def test_styles_are_spans() -> None:
    spans = decode(r"A \emph{new} \textbf{way}").spans
    assert [(s.text, s.bold, s.italic) for s in spans] == [("A ", False, False), ("new", False, True),
                                                           (" ", False, False), ("way", True, False)]


@pytest.mark.parametrize("raw, text, formula", [
    (r"$\sim$10 stars", "∼10 stars", r"\sim"),
    (r"1 M$_\odot$", "1 M⊙", r"_{\odot }"),
    (r"$\alpha$-synuclein", "α-synuclein", r"\alpha"),
    (r"$3\times 4$", "3×4", r"3\times 4"),
    (r"$O(n^2)$", "O(n^2)", r"O(n^{2})"),
    (r"$10^{-3}$", "10^(-3)", r"10^{-3}"),
    (r"$\mathrm{H}_2$O", "H2O", r"\mathrm{H}_{2}"),
])
def test_simple_math_becomes_a_safe_formula(raw: str, text: str, formula: str) -> None:
    decoded = decode(raw)
    assert decoded.text == text
    assert [s.math for s in decoded.spans if s.math] == [formula]
    assert decoded.plain_text == "".join(s.text for s in decoded.spans if s.math is None)


def test_math_with_commands_outside_the_whitelist_is_text_and_reported() -> None:
    decoded = decode(r"$\foo x$")
    assert decoded.unknown == ("foo",) and all(s.math is None for s in decoded.spans)


@pytest.mark.parametrize("raw, unknown, text", [
    (r"A \unknowncmd{arg} text", ("unknowncmd",), "A arg text"),
    (r"A \footnote{note}", ("footnote",), "A note"),
    (r"A \footnote", ("footnote",), "A"),
    (r"A \input", ("input",), "A"),
    (r"A \cite{key}", ("cite",), "A key"),
])
def test_unknown_commands_are_named_and_keep_their_argument(raw: str, unknown: tuple, text: str) -> None:
    decoded = decode(raw)
    assert decoded.unknown == unknown and decoded.text == text


@pytest.mark.parametrize("raw", [r"\href{x}", r"\href", r"A \href{", "\\", "{", "}", "$", r"\'", r"$x^$", r"$_$",
                                 r"\url", r"\textbf", r"{\noopsort", r"\v", "$\\sqrt", r"\ensuremath"])
def test_truncated_commands_never_crash(raw: str) -> None:
    decode_text(raw)


@given(st.text(alphabet="\\{}$^_~-'`ab \"=.vcuHtk&%#", max_size=30))
@example("$\\$")  # found by hypothesis: an escaped dollar inside math
def test_any_field_decodes_without_an_exception(raw: str) -> None:
    decoded = decode(raw)
    assert isinstance(decoded.text, str)
    for span in decoded.spans:
        if span.math is not None:
            # No line break and no bare $ that could end math mode (an escaped \$ is the dollar sign).
            assert "\\\\" not in span.math and re.search(r"(?<!\\)\$", span.math) is None


def test_combining_accents_become_letters() -> None:
    assert decode_text("Leal-Taixe\u0301 and Mu\u0308ller") == "Leal-Taixé and Müller"


def test_inspire_math_is_inline_formulas_side_by_side() -> None:
    # A real INSPIRE title (CMS, PRL 2023): `$$` between two formulas ends one and opens the next.
    decoded = decode(r"D$^0$$\to$ K$^0_\mathrm{S}$K$^0_\mathrm{S}$ decays in proton-proton collisions at $\sqrt{s}$ = 13 TeV")
    assert [s.math for s in decoded.spans if s.math] == ["^{0}", r"\to", r"^{0}_{\mathrm{S}}", r"^{0}_{\mathrm{S}}",
                                                        r"\sqrt{s}"]
    assert decoded.plain_text == "D KK decays in proton-proton collisions at  = 13 TeV"
    assert decode(r"$$x^2$$ is display").spans[0].math == "x^{2}"


@pytest.mark.parametrize("raw, text, formula", [
    (r"$\sqrt{s}=13\TeV$", "√s=13 TeV", r"\sqrt{s}=13\,\mathrm{TeV}"),
    (r"139\fbinv", "139 fb⁻¹", r"\,\mathrm{fb}^{-1}"),
    (r"\ttbar{} production", "tt̄ production", r"\mathrm{t}\bar{\mathrm{t}}"),
    (r"\PW\PZ", "WZ", r"\mathrm{W}"),
    (r"high-\pt jets", "high-pT jets", r"p_{\mathrm{T}}"),
    (r"$\frac{1}{2}\hat{x}$", "1/2x̂", r"\frac{1}{2}\hat{x}"),
    (r"$x^a^b$", "x^a^b", r"x^{a}{}^{b}"),  # TeX refuses a double superscript: an empty base
])
def test_hep_macros_and_math_with_arguments(raw: str, text: str, formula: str) -> None:
    decoded = decode(raw)
    assert decoded.text == text and formula in [s.math for s in decoded.spans]
    assert not decoded.unknown and not decoded.notes


def test_html_markup_becomes_styles_and_characters() -> None:
    # Crossref-style titles (e.g. Genetics, PNAS exports): tags and entities as pasted.
    decoded = decode("Sex ratio in <i>Drosophila</i> &amp; CO<sub>2</sub>, caf&eacute; &#233;&#xE9; <b>x</b><sup>2+</sup>")
    assert decoded.text == "Sex ratio in Drosophila & CO₂, café éé x²⁺"
    assert [(s.text, s.italic, s.bold, s.math) for s in decoded.spans if s.italic or s.bold or s.math] == [
        ("Drosophila", True, False, None), ("₂", False, False, r"{}_{\mathrm{2}}"), ("x", False, True, None),
        ("²⁺", False, False, r"{}^{\mathrm{2+}}")]
    assert not decoded.notes and decode("a < b > c &nope; AT&T").text == "a < b > c &nope; AT&T"


def test_unknown_html_tag_keeps_its_text_and_is_noted() -> None:
    decoded = decode("A <blink>flashing</blink> title")
    assert decoded.text == "A flashing title" and "<blink>" in decoded.notes[0]


def test_latex_single_quotes_are_curly() -> None:
    assert decode_text("the `wonder' of ``engines'' isn't") == "the ‘wonder’ of “engines” isn't"


def test_unsafe_math_prints_as_text_with_a_note() -> None:
    decoded = decode("$é^2$")
    assert decoded.text == "é^2" and all(s.math is None for s in decoded.spans)
    assert "cannot typeset" in decoded.notes[0]


@pytest.mark.parametrize("depth", [65, 500, 5000])
def test_deep_braces_are_a_note_not_a_recursion_error(depth: int) -> None:
    for raw in ("{" * depth + "x" + "}" * depth, "$" + "{" * depth + "x^2" + "}" * depth + "$",
                r"\textbf" * depth + "{x}", "<i>" * depth + "x"):
        decoded = decode(raw)
        assert "x" in decoded.text
    assert "at most 64 levels" in decode("{" * depth + "x" + "}" * depth).notes[0]
