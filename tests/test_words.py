"""The wording table: dates, labels, the acceptance line and the summary, in one place."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from cvgen.words import ENGLISH, check_acceptance_format, sentence


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
