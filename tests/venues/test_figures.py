"""Acceptance-rate arithmetic and the CV's venue figures (content/venues.yaml)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from cvgen.core.errors import Problems
from cvgen.venues.figures import Figures, acceptance_rate, format_acceptance, load_venue_figures

LONG = "Submissions: {submitted}, Accepted: {accepted}, Acceptance rate: {rate}%"


@pytest.mark.parametrize("accepted,submitted,rate", [
    (105, 510, "20.59"), (49, 282, "17.38"), (25, 96, "26.04"), (49, 250, "19.60"),
    (94, 423, "22.22"), (75, 398, "18.84"), (86, 476, "18.07"), (74, 350, "21.14"), (56, 307, "18.24"),
    (1, 8, "12.50"), (1, 400, "0.25"), (1, 800, "0.13"),  # 0.125 rounds half up
    (10, 10, "100.00"),
])
def test_rate_two_decimals_half_up(accepted: int, submitted: int, rate: str) -> None:
    assert str(acceptance_rate(accepted, submitted)) == rate


def test_rate_rejects_zero_submissions() -> None:
    with pytest.raises(ValueError):
        acceptance_rate(1, 0)


def test_format_long_form() -> None:
    assert format_acceptance(Figures("ASPLOS", 2025, 510, 105), LONG) == \
        "Submissions: 510, Accepted: 105, Acceptance rate: 20.59%"


def _load(tmp_path: Path, text: str) -> tuple[object, Problems]:
    path = tmp_path / "venues.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    return load_venue_figures(path, problems), problems


def test_lookup_ignores_case_and_punctuation(tmp_path: Path) -> None:
    figures, problems = _load(tmp_path, "USENIX ATC:\n  2024: {submitted: 488, accepted: 77}\n")
    assert not problems.items
    assert figures.from_cv("usenix-atc", None, 2024).accepted == 77  # type: ignore[attr-defined]
    assert figures.from_cv("USENIX ATC", None, 2023) is None  # type: ignore[attr-defined]


def test_cycles(tmp_path: Path) -> None:
    figures, problems = _load(tmp_path, "ASPLOS:\n  2025:\n    cycles:\n      '2': {submitted: 510, accepted: 105}\n")
    assert not problems.items
    assert figures.from_cv("ASPLOS", None, 2025, "2").rate == Decimal("20.59")  # type: ignore[attr-defined]


@pytest.mark.parametrize("text,line,fragment", [
    ("OSDI:\n  2024: {submitted: 49, accepted: 282}\n", 2, "more than submitted"),
    ("OSDI:\n  2024: {submitted: 0, accepted: 0}\n", 2, "positive whole number"),
    ("OSDI:\n  2024: {submitted: 282, accepted: 49, rate: 18.5}\n", 2, "does not match 49/282 = 17.38%"),
    ("OSDI:\n  2024: {submitted: 282}\n", 2, "'accepted' of OSDI 2024 is required but missing"),
    ("OSDI:\n  '24': {submitted: 282, accepted: 49}\n", 2, "is not a year"),
    ("OSDI:\n  2024: {submited: 282, accepted: 49}\n", 2, "unknown key 'submited'"),
])
def test_figures_that_do_not_add_up(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    _, problems = _load(tmp_path, text)
    assert problems.errors, text
    assert problems.errors[0].line == line
    assert fragment in problems.errors[0].message


def test_typed_rate_that_matches_is_accepted(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "OSDI:\n  2024: {submitted: 282, accepted: 49, rate: 17.38}\n")
    assert not problems.items


# --- the database behind the CV's figures ---------------------------------------------------

from cvgen.venues import database as venue_db  # noqa: E402
from cvgen.model.wordrules import check_acceptance_format  # noqa: E402
from cvgen.venues.figures import (  # noqa: E402
    database_figures,
    median_rate,
    publication_summary,
    venue_decision,
)


def _acr(venue: object) -> str | None:
    return venue.acronym if venue is not None else None  # type: ignore[attr-defined]


@pytest.mark.parametrize("explicit,container,short,expected", [
    (None, "Proceedings of the 30th ACM International Conference on Architectural Support for Programming "
           "Languages and Operating Systems, Volume 1", [], "ASPLOS"),
    (None, "18th USENIX Symposium on Operating Systems Design and Implementation (OSDI 24)", [], "OSDI"),
    (None, "proceedings of the ACM SIGPLAN International Symposium on Memory Management (ISMM) 2025", [], "ISMM"),
    (None, "ACM SIGOPS Operating Systems Review", ["OpSysRev"], "OSR"),
    (None, "", ["IEEE CAL"], "IEEE CAL"),
    (None, "", [None, "", "arXiv"], "arXiv"),
    ("ApSys", "proceedings of the 7th ACM SIGOPS Asia-Pacific Workshop on Systems (APSys)", [], "APSys"),
    # the venue field overrides the booktitle, and never falls back to it
    ("EuroSys", "Proceedings of the 30th ACM International Conference on Architectural Support ...", [], "EuroSys"),
    ("My Own Workshop", "Proceedings of the 26th ACM International Conference on Architectural Support for "
                        "Programming Languages and Operating Systems", [], None),
    # a companion volume shares its host's series: the series must not resolve it
    (None, "Companion Proceedings of the 30th ASPLOS", ["ASPLOS '25"], None),
    (None, "Proceedings of Something Unknown", ["ASPLOS '25"], "ASPLOS"),
])
def test_venue_decision_resolves(explicit: str | None, container: str, short: list, expected: str | None) -> None:
    assert _acr(venue_decision(explicit, container, short).venue) == expected


def test_database_figures_carry_source_and_licence() -> None:
    fig = database_figures("OSDI", 2024)
    assert (fig.submitted, fig.accepted, fig.origin, fig.license) == (272, 49, "database", "")
    assert fig.source.startswith("emeryberger/csconferences:csconferences.csv@")
    cc = database_figures("PACT", 2017)
    assert cc.license == "CC BY-SA 4.0" and cc.source.endswith("(CC BY-SA 4.0)") and "eitanf/sysconf" in cc.source
    assert database_figures(None, 2024) is None and database_figures("PACT", 2021) is None


def test_database_cycles_fall_back_to_the_whole_year() -> None:
    assert database_figures("ASPLOS", 2023, "2").submitted == venue_db.figures("ASPLOS", 2023, "2").submitted
    assert database_figures("ASPLOS", 2023, "2").cycle == "2"
    assert database_figures("ASPLOS", 2025, "2").cycle is None  # no per-cycle rows for 2025: the year's
    assert database_figures("ASPLOS", 2025, "2").submitted == 912


def test_cv_figures_match_through_aliases_and_win_over_the_database(tmp_path: Path) -> None:
    figures, problems = _load(tmp_path, "USENIX ATC:\n  2021: {submitted: 300, accepted: 60}\n"
                                        "ASPLOS:\n  2023:\n    cycles: {'2': {submitted: 100, accepted: 30}}\n")
    assert not problems.items
    # the entry's short name is 'ATC' (booktitle '(ATC)'); venues.yaml says 'USENIX ATC'
    assert figures.lookup("ATC", "ATC", 2021).accepted == 60  # type: ignore[attr-defined]
    # canonical match even when the entry's own name is different
    assert figures.lookup("Annual Technical Conference", "ATC", 2021).accepted == 60  # type: ignore[attr-defined]
    with_db = figures.with_database(True)  # type: ignore[attr-defined]
    assert with_db.lookup("ATC", "ATC", 2021).origin == "cv"  # the CV wins
    assert with_db.lookup("ATC", "ATC", 2022).origin == "database"
    assert figures.lookup("ATC", "ATC", 2022) is None  # database off (the default): nothing
    # cycles: the paper's cycle first, in the CV, then the database
    assert with_db.lookup("ASPLOS", "ASPLOS", 2023, "2").submitted == 100
    assert with_db.lookup("ASPLOS", "ASPLOS", 2023, "1").source == database_figures("ASPLOS", 2023, "1").source
    assert with_db.lookup("ASPLOS", "ASPLOS", 2023).submitted == 598  # no cycle: the whole year


def test_short_and_named_formats() -> None:
    assert format_acceptance(Figures("ASPLOS", 2025, 510, 105), "short") == "acceptance rate 20.6% (105/510)"
    assert format_acceptance(Figures("ASPLOS", 2025, 510, 105), "long") == \
        "Submissions: 510, Accepted: 105, Acceptance rate: 20.59%"
    # one decimal, half up, from the counts (1/80 = 1.25%; 1/8 = 12.5%; 41/200 = 20.5%)
    assert [str(Figures("X", 2020, s, a).rate1) for s, a in ((80, 1), (8, 1), (200, 41), (400, 1))] == \
        ["1.3", "12.5", "20.5", "0.3"]
    assert format_acceptance(Figures("OSDI", 2024, 282, 49), "{venue}'{year}: {accepted} of {submitted} ({rate1}%)") \
        == "OSDI'2024: 49 of 282 (17.4%)"


@pytest.mark.parametrize("template,fragment", [
    ("{submitted} {oops}", "unknown placeholder {oops}"),
    ("rate {}", "unknown placeholder {}"),
    ("rate {rate:.1f}", "takes no format"),
    ("rate {rate", "not a valid template"),
])
def test_bad_templates(template: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        check_acceptance_format(template)


def test_median_and_summary() -> None:
    class P:
        def __init__(self, fig: Figures | None) -> None:
            self.figures = fig

    a, b, c = Figures("A", 2020, 100, 20), Figures("B", 2020, 100, 19), Figures("C", 2020, 3, 1)
    assert str(median_rate([a, b, c])) == "20.0"
    assert str(median_rate([a, b])) == "19.5"
    assert median_rate([]) is None
    # 19.6 and 20.59 -> 20.095 -> 20.1 (exact rates, rounded once)
    assert str(median_rate([Figures("P", 2024, 250, 49), Figures("A", 2025, 510, 105)])) == "20.1"
    assert publication_summary([P(a), P(b)]) == "2 papers; median acceptance rate of their venues 19.5%"
    assert publication_summary([P(a), P(None), P(b)]) == \
        "3 papers; median acceptance rate of their venues 19.5% (2 with figures)"
    assert publication_summary([P(None)]) == "1 paper"
