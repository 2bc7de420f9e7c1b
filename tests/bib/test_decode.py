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
