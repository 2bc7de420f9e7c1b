"""Author names: BibTeX's grammar on the raw field, and the CV owner however spelled."""

from __future__ import annotations

import pytest

from cvgen.bib.names import OwnerMatcher, parse_name, split_names


@pytest.mark.parametrize("raw, display", [
    (r"\textbf{Allesina, S.}", "S. Allesina"),
    (r"\'Emile Zola", "Émile Zola"),
    (r"\v{C}apek, Karel", "Karel Čapek"),
    (r"M{\"u}ller, J{\"o}rg", "Jörg Müller"),
    ("van der Berg, Jan", "Jan van der Berg"),
    ("Jan van der Berg", "Jan van der Berg"),
    ("Leal-Taix{\\'e}, Laura", "Laura Leal-Taixé"),
    ("{Barnes and Noble, Inc.}", "Barnes and Noble, Inc."),
    ("King, Jr, Martin Luther", "Martin Luther King, Jr"),
    ("Knuth, D.~E.", "D. E. Knuth"),
])
def test_names_keep_every_character(raw: str, display: str) -> None:
    assert parse_name(raw).display == display


def test_split_only_at_top_level_and() -> None:
    assert split_names("A B and {C and D} AND E F and\n\\textbf{Allesina, S.} and others") == [
        "A B", "{C and D}", "E F", "\\textbf{Allesina, S.}", "others"]


def test_bold_in_the_bib_is_remembered() -> None:
    assert parse_name(r"\textbf{Allesina, S.}").bold and not parse_name("S. Allesina").bold


OWNER = OwnerMatcher.of(["Ashish Panwar"])


@pytest.mark.parametrize("raw", ["Panwar, Ashish", "A. Panwar", "Ashish K. Panwar", "A. K. Panwar", "Panwar, A.",
                                 "A.K. Panwar", "{Ashish} {Panwar}", "ashish panwar", r"\textbf{Panwar, Ashish}"])
def test_owner_found_however_spelled(raw: str) -> None:
    assert OWNER.matches(parse_name(raw))


@pytest.mark.parametrize("raw", ["B. Panwar", "Anil Panwar", "Panwar", "Ashish Panwarr", "Ashish Kumar"])
def test_loose_matches_are_not_the_owner(raw: str) -> None:
    assert not OWNER.matches(parse_name(raw))


def test_accents_hyphens_and_multi_part_surnames() -> None:
    assert OwnerMatcher.of(["Jörg Müller"]).matches(parse_name(r"M{\"u}ller, J."))
    assert not OwnerMatcher.of(["Jörg Müller"]).matches(parse_name("Mueller, J."))  # only if listed
    assert OwnerMatcher.of(["Jörg Müller", "J. Mueller"]).matches(parse_name("Mueller, J."))
    assert OwnerMatcher.of(["Laura Leal-Taixé"]).matches(parse_name(r"L. Leal-Taix{\'e}"))
    assert OwnerMatcher.of(["Jan van der Berg"]).matches(parse_name("van der Berg, J."))
    assert OwnerMatcher.of(["Émile Zola"]).matches(parse_name(r"E. Zola"))
