"""Author names: BibTeX's grammar on the raw field, and the CV owner however spelled."""

from __future__ import annotations

import pytest

from cvgen.bib.names import OwnerMatcher, parse_name, read_author_list, split_names


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


@pytest.mark.parametrize(("raw", "names", "written"), [
    # handkept-biostat-caffo: one 'and' missing; only that name prints as written
    ("Sair, H and Vanhaudenhuyse, A \nLaureys, S and Chabanne, R",
     ["H Sair", "Vanhaudenhuyse, A Laureys, S", "R Chabanne"], {1}),
    # lab-evodevo-andrewwt: 'Last, Initials' pairs with commas only (an initial alone is nobody)
    ("Wentworth, S. A., Thede, K., Monroe, I., Packer, R. K.",
     ["S. A. Wentworth", "K. Thede", "I. Monroe", "R. K. Packer"], set()),
    # scholar-agecon-drichoutis: 'Last, Given, Initial' (BibTeX would make 'Marco' a Jr part)
    ("Segovia,  Michelle and Palma, Marco, A. and Lusk, Jayson L", ["Michelle Segovia", "Marco A. Palma",
                                                                  "Jayson L Lusk"], set()),
    # two readings: 'Smith, John, Doe, Jane' is two people or four; printed whole as written
    ("Smith, John, Doe, Jane", ["Smith, John, Doe, Jane"], {0}),
    ("Ng, A, B and Li, C", ["Ng, A, B", "C Li"], {0}),  # 'A, B': a name with a stray comma
    ("King, Jr., Martin Luther and Moore, B, III", ["Martin Luther King, Jr.", "B Moore, III"], set()),  # Scholar's order
    ("King, Jr., Martin Luther", ["Martin Luther King, Jr."], set()),  # BibTeX's own
])
def test_an_author_list_reads_one_way_or_as_written(raw: str, names: list[str], written: set[int]) -> None:
    reading = read_author_list(raw)
    assert set(reading.as_written) == written
    shown = [" ".join(n.split()) if i in reading.as_written else parse_name(n).display
             for i, n in enumerate(reading.names)]
    assert shown == names
    assert bool(reading.note) == (raw != "King, Jr., Martin Luther"), reading  # every other reading is warned about
