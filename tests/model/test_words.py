"""The wording table: dates, labels, the acceptance line and the summary, in one place."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from cvgen.model.wordrules import check_acceptance_format
from cvgen.model.words import ENGLISH, sentence


def test_dates() -> None:
    assert ENGLISH.date_range((2025, 3), None) == "Since March'25"
    assert ENGLISH.date_range((2022, 7), (2025, 2)) == "July'22 – Feb'25"
    assert ENGLISH.date_range((2015, 9), (2016, 1)) == "Sept'15 – Jan'16"
    assert ENGLISH.date_range((2015, 0), None) == "Since 2015"
    assert ENGLISH.long_date(2020, 1) == "January, 2020"
    assert ENGLISH.long_date(2018, 0) == "2018"


def test_another_locale_is_another_value() -> None:
    german = replace(ENGLISH, since="Seit {start}", short_months=("Jan", "Feb", "März", "Apr", "Mai", "Juni", "Juli",
                                                                  "Aug", "Sept", "Okt", "Nov", "Dez"),
                     papers=("{n} Artikel", "{n} Artikel"))
    assert german.date_range((2025, 3), None) == "Seit März'25"
    assert german.summary(3, None, 0) == "3 Artikel"


def test_acceptance_line_and_summary() -> None:
    assert ENGLISH.acceptance("long", 510, 105, Decimal("20.59"), Decimal("20.6"), "ASPLOS", 2025) == \
        "Submissions: 510, Accepted: 105, Acceptance rate: 20.59%"
    assert ENGLISH.summary(1, None, 0) == "1 paper"
    assert ENGLISH.summary(13, Decimal("20.6"), 11) == "13 papers; median acceptance rate of their venues 20.6% (11 with figures)"


def test_sentence() -> None:
    assert sentence("Microsoft Research, India") == "Microsoft Research, India."
    assert sentence("Done!") == "Done!"


@pytest.mark.parametrize("template", ["long", "short", "{venue}: {rate1}%"])
def test_good_templates(template: str) -> None:
    assert check_acceptance_format(template) == template


def test_details_in_words() -> None:
    from cvgen.model.words import ENGLISH

    assert ENGLISH.details_text((("container", "Proc. of X"), ("pages", "1–9"), ("date", "2024"))) == \
        "In Proc. of X, pp. 1–9, 2024."
    assert ENGLISH.details_text((("chapter", "3"), ("edition", "2"))) == "chapter 3, 2nd edition."
    assert ENGLISH.details_text((("chapter", "Annex III: Tables"),)) == "Annex III: Tables."
    assert ENGLISH.details_text((("phdthesis", ""), ("school", "IISc"), ("date", "2019"))) == "PhD thesis, IISc, 2019."
    assert ENGLISH.details_text((("report", ""), ("date", "forthcoming"))) == "Technical report, forthcoming."
    assert ENGLISH.details_text((("date", "submitted"),)) == "Submitted."
    assert ENGLISH.details_text((("patent", "US Patent 1"),), patent=True) == "US Patent 1"


def test_every_locale_has_twelve_months_and_every_word() -> None:
    from cvgen.model.words import LOCALES

    for code, words in LOCALES.items():
        assert words.lang == code
        assert len(words.long_months) == 12 and len(words.short_months) == 12, code
        assert words.footer("1", "3").count("1") == 1 and "3" in words.footer("1", "3"), code
        assert "{start}" in words.since and set(words.acceptance_formats) == {"long", "short"}, code
        assert set(words.details) == set(ENGLISH.details), code  # every detail role in every language
        assert set(words.statuses) == set(ENGLISH.statuses) and words.undated, code  # every publication state
        assert code == "en" or all(words.status(s) != s for s in words.statuses), code  # translated, not English


def test_german_words_and_decimal_comma() -> None:
    from cvgen.model.words import words_for

    de = words_for("de")
    assert de.date_range((2025, 3), None) == "Seit März 2025"
    assert de.date_range((2022, 7), (2025, 12)) == "Juli 2022 – Dez. 2025"
    assert de.long_date(2020, 1) == "Januar 2020"
    assert de.acceptance("long", 510, 105, Decimal("20.59"), Decimal("20.6"), "X", 2025) == \
        "Einreichungen: 510, angenommen: 105, Annahmequote: 20,59 %"
    assert de.footer("2", "5") == "Seite 2 von 5"


def test_date_formats_and_overrides() -> None:
    from cvgen.model.words import words_for

    assert words_for("en", "numeric").date_range((2022, 7), None) == "07/2022 – Present"
    assert words_for("en", "iso").date_range((2022, 7), (2023, 1)) == "2022-07 – 2023-01"
    assert words_for("fr", "long").date_range((2022, 7), None) == "juillet 2022 – aujourd’hui"
    mine = words_for("en", overrides={"since": "From {start}", "paper": "{n} article", "acceptance_long": "{rate}%"})
    assert mine.date_range((2025, 3), None) == "From March'25"
    assert mine.count_papers(1) == "1 article" and mine.count_papers(2) == "2 papers"
    assert mine.acceptance("long", 1, 1, Decimal("100.00"), Decimal("100.0"), "X", 2025) == "100.00%"


def test_word_overrides_are_checked() -> None:
    from cvgen.model.wordrules import check_word

    assert check_word("since", "Ab {start}") == "Ab {start}"
    with pytest.raises(ValueError, match="lacks {start}"):
        check_word("since", "Since then")
    with pytest.raises(ValueError, match="unknown placeholder {begin}"):
        check_word("since", "Since {begin}")


def test_publication_states_in_the_cv_words() -> None:
    """'In press', 'Submitted', ... come from the locale table like every other word: in the
    detail line (capital when alone) and as a year group's heading; a free pubstate prints as written."""
    from cvgen.model.words import LOCALES

    de, fr = LOCALES["de"], LOCALES["fr"]
    assert de.details_text((("date", "in press"),)) == "Im Druck."
    assert fr.details_text((("report", ""), ("date", "submitted"))) == "Rapport technique, soumis."
    assert ENGLISH.details_text((("date", "under review"),)) == "Under review."
    assert de.status("prepublished") == "prepublished" and de.status("2020") == "2020"


def test_every_state_bib_kinds_names_has_words() -> None:
    """The states cvgen.bib.kinds reads are the ones each locale translates (model.states)."""
    from cvgen.bib.kinds import _STATUS
    from cvgen.model.states import STATE_WORDS, STATUS_KEYS

    assert sorted({state for _, state in _STATUS}) == sorted(STATUS_KEYS)
    assert all(len(words) == len(STATUS_KEYS) for words in STATE_WORDS.values())
def test_the_medium_style_and_talk_dates() -> None:
    from cvgen.model.words import words_for

    en = words_for("en", "medium", talk_format="medium")
    assert en.date_range((2018, 8), (2022, 7)) == "Aug 2018 – Jul 2022"
    assert en.date_range((2025, 3), None) == "Mar 2025 – Present"
    assert en.talk_date(2020, 1) == "Jan 2020" and en.talk_date(2020, 0) == "2020"
    assert words_for("en", "short", talk_format="long").talk_date(2020, 1) == "January, 2020"
    assert words_for("fr", "medium").date_range((2018, 8), (2022, 7)) == "août 2018 – juil. 2022"


@pytest.mark.parametrize("written, printed", [
    ("proceedings of the 30th ASPLOS", "Proceedings of the 30th ASPLOS"),
    ("journal of Things", "Journal of Things"),
    ("eLife", "eLife"), ("npj Quantum Information", "npj Quantum Information"), ("arXiv preprint", "arXiv preprint"),
    ("Proceedings of X", "Proceedings of X")])
def test_a_lower_case_venue_word_is_capitalised_and_names_are_not(written: str, printed: str) -> None:
    from cvgen.model.words import words_for

    assert words_for("en", capital_venues=True).detail("container", written) == f"In {printed}"
    assert words_for("en").detail("container", written) == f"In {written}"
