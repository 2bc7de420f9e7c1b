"""The character policy: what each engine prints, control and invisible characters, and a
missing glyph in the log mapped back to its fields."""

from __future__ import annotations

from cvgen.core.charset import (PrintedText, bad_character, check_printed, describe_char, glyph_problems, missing_glyphs,
                           unprintable)
from cvgen.core.errors import Problems


def test_pdflatex_prints_its_table_and_nothing_else() -> None:
    assert unprintable("Müller, Łukasz, naïve – “quoted”", "pdflatex") == []
    assert unprintable("n ≤ 2, 東京, n ≤ 3", "pdflatex") == ["≤", "東", "京"]
    assert unprintable("n ≤ 2, 東京", "lualatex") == []  # only TeX knows what its fonts have


def test_control_and_invisible_characters_are_refused() -> None:
    assert bad_character("plain text") is None
    assert "control character U+0007" in (bad_character("bell\x07") or "")
    assert "invisible character U+00AD SOFT HYPHEN" in (bad_character("soft\u00adhyphen") or "")


def test_problems_are_at_the_field() -> None:
    problems = Problems()
    texts = [PrintedText("cv.yaml", 3, 5, "'title'", "fine"), PrintedText("a.bib", 7, 1, "field 'title' of entry 'k'", "x ≤ y")]
    check_printed(texts, "pdflatex", problems)
    (problem,) = problems.errors
    assert (problem.file, problem.line, problem.col) == ("a.bib", 7, 1)
    assert problem.message.startswith("field 'title' of entry 'k' contains '≤' (U+2264 LESS-THAN OR EQUAL TO), which "
                                      "pdflatex cannot print;")


def test_missing_glyph_in_the_log_maps_back_to_fields() -> None:
    log = "Missing character: There is no 東 (U+6771) in font [lmroman10-regular]:mapping=tex-text;!\n"
    chars = [ch for ch, _ in missing_glyphs(log)]
    assert chars == ["東"]
    texts = [PrintedText("cv.yaml", 2, 7, "'name'", "東京"), PrintedText("cv.yaml", 3, 7, "'email'", "a@b.org")]
    (problem,) = glyph_problems(texts, chars, "xelatex").errors
    assert problem.line == 2 and "which no font of the xelatex theme has" in problem.message
    assert describe_char("\u200b") == "U+200B ZERO WIDTH SPACE"


def test_pdflatex_prints_what_its_fonts_print_and_spells_scripts() -> None:
    # … ‰ ™ ° µ ² through T1/TS1; ₂ ⁻ through \textsubscript/\textsuperscript; thin spaces as spaces
    assert unprintable("… ‰ ™ ° µ ² ﬁ CO₂ 10⁻³ a\u2009b\u202fc", "pdflatex") == []
    assert unprintable("≤ Ω", "pdflatex") == ["≤", "Ω"]  # truly not in pdflatex's fonts: still refused


def test_variation_selectors_are_refused_under_every_engine() -> None:
    assert bad_character("ok\u2764\ufe0f") is not None and "U+FE0F" in bad_character("\ufe0f")  # type: ignore[operator]
    assert bad_character("a\u205fb") is None  # a typographic space: printed as a space everywhere


def test_a_character_no_font_prints_warns_in_an_entry_and_stops_cv_yaml() -> None:
    """U+FFFD (an encoding slip's mark) and private-use characters: one entry never stops the
    CV (a warning; the theme prints a boxed '?'), the user's own cv.yaml does (an error)."""
    problems = Problems()
    texts = [PrintedText("a.bib", 7, 1, "field 'author' of entry 'k'", "Gonzalez-Sol\ufffds", in_entry=True),
             PrintedText("a.bib", 9, 1, "field 'title' of entry 'j'", "Ba\ue03clefield", in_entry=True),
             PrintedText("cv.yaml", 3, 5, "'name'", "Jos\ufffd")]
    check_printed(texts, "pdflatex", problems)  # not "pdflatex cannot print": no engine can
    (error,) = problems.errors
    assert (error.file, error.line) == ("cv.yaml", 3) and "U+FFFD REPLACEMENT CHARACTER" in error.message
    first, second = problems.warnings
    assert (first.line, second.line) == (7, 9) and first.in_entry and second.in_entry
    assert "encoding slip" in first.message and "prints as a boxed '?'" in first.message
    assert "U+E03C, a private-use character" in second.message


def test_a_missing_glyph_in_an_entry_is_a_warning() -> None:
    texts = [PrintedText("a.bib", 4, 1, "field 'title' of entry 'k'", "K⁎(892)", in_entry=True)]
    problems = glyph_problems(texts, ["⁎"], "lualatex")
    assert not problems.errors and "so it prints as a boxed '?'" in problems.warnings[0].message


def test_the_latex_writer_prints_what_no_font_has_as_the_mark() -> None:
    from cvgen.backends.latex import escape

    assert escape("Sol\ufffds \ue03c") == r"Sol\cvlostchar{}s \cvlostchar{}"
