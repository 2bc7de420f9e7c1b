"""Acceptance-rate arithmetic and the CV's venue figures (content/venues.yaml)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cvgen.errors import Problems
from cvgen.venues import Figures, acceptance_rate, format_acceptance, load_venue_figures

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
    assert figures.get("usenix-atc", 2024).accepted == 77  # type: ignore[attr-defined]
    assert figures.get("USENIX ATC", 2023) is None  # type: ignore[attr-defined]


def test_cycles(tmp_path: Path) -> None:
    figures, problems = _load(tmp_path, "ASPLOS:\n  2025:\n    cycles:\n      '2': {submitted: 510, accepted: 105}\n")
    assert not problems.items
    assert figures.get("ASPLOS", 2025, "2").rate == Decimal("20.59")  # type: ignore[attr-defined]


@pytest.mark.parametrize("text,line,fragment", [
    ("OSDI:\n  2024: {submitted: 49, accepted: 282}\n", 2, "more than submitted"),
    ("OSDI:\n  2024: {submitted: 0, accepted: 0}\n", 2, "positive whole number"),
    ("OSDI:\n  2024: {submitted: 282, accepted: 49, rate: 18.5}\n", 2, "does not match 49/282 = 17.38%"),
    ("OSDI:\n  2024: {submitted: 282}\n", 2, "has no 'accepted' count"),
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
