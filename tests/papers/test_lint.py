"""The coauthor and repeat lint of `cvgen check`: the reference CV's real inconsistencies, and no
warning for people who are merely alike."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cvgen.bib.entries import BibEntry
from cvgen.core.errors import Problems
from cvgen.papers.lint import check_names, check_repeats, entry_lists, spelling, why_same

ROOT = Path(__file__).resolve().parent.parent.parent


def cvgen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cvgen", *map(str, args)], cwd=ROOT, capture_output=True, text=True)


def where(bib: Path, key: str, name: str) -> tuple[int, int]:
    """Line and column of `name` in the author field of entry `key`, found in the file's text."""
    lines = bib.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"@\w+\{{{re.escape(key)},", line))
    for i in range(start, len(lines)):
        if "author" in lines[i] and name in lines[i]:
            return i + 1, lines[i].index(name) + 1
    raise AssertionError(f"{name} not in {key}")


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: coauthor " in line]


def test_reference_cv_spellings_are_warnings_one_per_person(cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    result = cvgen("check", cv_dir / "cv.yaml")
    assert result.returncode == 0, result.stderr
    found = warnings_of(result.stderr)
    assert len(found) == 2, result.stderr  # Amey Agrawal, Bhargav S. Gulavani: one warning per person
    line, col = where(bib, "agrawal2025chunked", "Arney Agrawal")
    assert any(w.startswith(f"{bib}:{line}:{col}: warning: coauthor 'Arney Agrawal' of entry 'agrawal2025chunked' "
                            "is written 'Amey Agrawal' in ") and "add [Arney Agrawal, Amey Agrawal] to 'distinct_people'"
               in w for w in found), found
    line, col = where(bib, "agrawal2024sarathi", "Bhargav Gulavani")
    other, _ = where(bib, "agrawal2025chunked", "Bhargav S Gulavani")
    bhargav = next(w for w in found if w.startswith(f"{bib}:{line}:{col}: warning: coauthor 'Bhargav S. Gulavani' "))
    assert f"'Bhargav Gulavani' in 'agrawal2024sarathi' ({bib}:{line})" in bhargav
    assert f"'Bhargav S Gulavani' in 'agrawal2025chunked' ({bib}:{other})" in bhargav
    assert "add [Bhargav Gulavani, Bhargav S. Gulavani] to 'distinct_people'" in bhargav
    strict = cvgen("check", cv_dir / "cv.yaml", "--strict")
    assert strict.returncode == 1 and "error: coauthor 'Arney Agrawal'" in strict.stderr


def test_distinct_people_silences_a_pair(cv_dir: Path) -> None:
    cv = cv_dir / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    silenced = "settings:\n  distinct_people:\n    - [Arney Agrawal, Amey Agrawal]\n"
    cv.write_text(text.replace("settings:\n", silenced, 1), encoding="utf-8")
    result = cvgen("check", cv)
    assert result.returncode == 0, result.stderr
    found = warnings_of(result.stderr)
    assert len(found) == 1 and not any("Arney" in w for w in found)


def test_distinct_people_needs_two_names(cv_dir: Path) -> None:
    cv = cv_dir / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("settings:\n", "settings:\n  distinct_people: [[A. Smith]]\n",
                                                         1), encoding="utf-8")
    result = cvgen("check", cv)
    assert result.returncode == 1 and re.search(r"cv\.yaml:\d+:\d+: error: .*at least two spellings", result.stderr)


def test_a_build_with_lint_warnings_still_writes_the_pdf(cv_dir: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "cv.pdf"
    result = cvgen("build", cv_dir / "cv.yaml", "-o", pdf)
    assert result.returncode == 0 and pdf.is_file()
    assert len(warnings_of(result.stderr)) == 2


def lint(*authors: str, distinct: list[list[str]] | None = None) -> list[str]:
    entries = [BibEntry("x.bib", f"e{i}", "misc", i * 10, {"author": a, "title": f"T{i}"}, {"author": i * 10})
               for i, a in enumerate(authors, start=1)]
    problems = Problems()
    check_names(entry_lists(entries), distinct or [], problems)
    return [p.message for p in problems.items]


@pytest.mark.parametrize("authors", [
    ("Amit Kumar", "Anil Kumar"),  # different first names
    ("Amit Kumar and Anil Kumar", "A. Kumar"),  # an initial that fits two people
    ("Wei Li and W. Li",),  # two people in one author list
    ("Jon Smith", "Jan Smith"),
    ("Michael Chen", "Michel Chen"),
    ("Bhargav S. Gulavani", "Bhargav T. Gulavani"),  # different middle initials
    ("Ana Silva", "Ana Silvan"),  # short surnames one letter apart
    ("{Barnes and Noble, Inc.}", "{Barnes and Noble Inc}"),  # corporate authors are left alone
])
def test_people_who_are_merely_alike_are_not_warned(authors: tuple[str, ...]) -> None:
    assert lint(*authors) == []


@pytest.mark.parametrize(("first", "second", "reason"), [
    ("Bhargav S. Gulavani", "Bhargav S Gulavani", "accents, case or punctuation"),
    ("Jos{\\'e} P{\\'e}rez", "Jose Perez", "accents, case or punctuation"),
    ("Bhargav Gulavani", "Bhargav S. Gulavani", "middle name or initial"),
    ("Amey Agrawal", "Arney Agrawal", "look alike"),
    ("Valdez, Andr{\\'e} Calero", "Calero Valdez, A", "initials"),
    ("Calero Valdez, Andr{\\'e}", "Calero-Valdez, Andre", "accents, case or punctuation"),
    ("Valdez, Andr{\\'e} Calero", "Calero-Valdez, Andre", "which of them form the surname"),
])
def test_one_person_spelled_two_ways(first: str, second: str, reason: str) -> None:
    a, b = spelling(first), spelling(second)
    assert a is not None and b is not None
    assert reason in (why_same(a, b) or "") and reason in (why_same(b, a) or "")
    messages = lint(first, first, second)
    assert len(messages) == 1 and reason in messages[0]
    assert lint(first, first, second, distinct=[[b.text, a.text]]) == []


def test_same_title_or_doi_twice() -> None:
    entries = [BibEntry("x.bib", "a", "misc", 1, {"title": "{LoCoML}: A Framework", "doi": "10.1/X"}, {"title": 2}),
               BibEntry("x.bib", "b", "misc", 9, {"title": "LoCoML -- a framework.", "doi": "other"}, {"title": 10}),
               BibEntry("x.bib", "c", "misc", 20, {"title": "Else", "doi": "https://doi.org/10.1/x"}, {"doi": 22})]
    problems = Problems()
    check_repeats(entries, problems)
    found = [(p.line, p.message) for p in problems.items]
    assert [line for line, _ in found] == [10, 22]
    assert "entry 'b' has the same title as entry 'a' (line 2)" in found[0][1]
    assert "entry 'c' has the same DOI as entry 'a' (line 1)" in found[1][1]


def check_cv(folder: Path, bib: str, name: str = "Ada Lovelace", settings: str = "",
             extra: str = "") -> list[str]:
    """`cvgen check` of a one-section CV over `bib`: its coauthor warnings."""
    (folder / "pubs.bib").write_text(bib, encoding="utf-8")
    (folder / "cv.yaml").write_text(f"name: {name}\n{extra}bibliography: pubs.bib\n{settings}sections:\n"
                                    "  - title: Papers\n    publications: {}\n", encoding="utf-8")
    result = cvgen("check", folder / "cv.yaml")
    assert result.returncode == 0, result.stderr
    return warnings_of(result.stderr)


def entry(key: str, authors: str, year: int = 2024) -> str:
    return f"@misc{{{key},\n  title = {{Paper {key}}},\n  author = {{{authors}}},\n  year = {year},\n}}\n"


def test_the_owner_is_not_linted_however_spelled(tmp_path: Path) -> None:
    """The owner's name, a bold_names spelling and the variants owner matching accepts (initials,
    a middle initial, accents, 'Last, First') are all the owner: never 'a coauthor written two ways'."""
    bib = "".join(entry(f"e{i}", f"{a} and Charles Babbage") for i, a in enumerate(
        ["Ada Lovelace", "A. Lovelace", "Ada K. Lovelace", "Lovelace, Ada", "Ad{\\'a} Lovelace", "Ada King"]))
    assert check_cv(tmp_path, bib, extra="bold_names: [Ada King]\n") == []
    # the same file for a CV of someone else: Ada's spellings are a coauthor's, and one warning says so
    found = check_cv(tmp_path, bib, name="Charles Babbage")
    assert len(found) == 1 and "coauthor 'Ada Lovelace'" in found[0], found
    for odd in ("A. Lovelace", "Ada K. Lovelace", "Adá Lovelace"):
        assert f"'{odd}' in '" in found[0], (odd, found)


def test_one_warning_per_person_listing_every_spelling_and_where(tmp_path: Path) -> None:
    bib = (entry("a1", "Ada Lovelace and Bhargav S. Gulavani") + entry("a2", "Ada Lovelace and Bhargav S. Gulavani")
           + entry("b1", "Ada Lovelace and Bhargav Gulavani") + entry("b2", "Ada Lovelace and Bhargav Gulavani")
           + entry("c1", "Ada Lovelace and Bhargav S Gulavani"))
    found = check_cv(tmp_path, bib)
    assert len(found) == 1, found
    bib_path = tmp_path / "pubs.bib"
    line, col = where(bib_path, "b1", "Bhargav Gulavani")
    lines = {k: where(bib_path, k, "Gulavani")[0] for k in ("b1", "b2", "c1")}
    assert found[0].startswith(f"{bib_path}:{line}:{col}: warning: coauthor 'Bhargav S. Gulavani' (as in 'a1' "), found
    assert (f"'Bhargav Gulavani' in 'b1' ({bib_path}:{lines['b1']}), 'b2' ({bib_path}:{lines['b2']}) "
            "(one has a middle name") in found[0]
    assert f"'Bhargav S Gulavani' in 'c1' ({bib_path}:{lines['c1']}) (they differ only in accents" in found[0]


def test_the_lint_reads_the_authors_the_cv_prints(tmp_path: Path) -> None:
    """After the author cap: a spelling past `max_authors` is not printed, so not linted; one
    printed is."""
    crowd = " and ".join(f"Person{i} Surname{i}" for i in range(10))
    bib = (entry("a1", "Ada Lovelace and Bhargav S. Gulavani") + entry("a2", "Ada Lovelace and Bhargav S. Gulavani")
           + entry("late", f"Ada Lovelace and {crowd} and Bhargav Gulavani"))
    assert check_cv(tmp_path, bib, settings="settings: {max_authors: 5}\n") == []
    found = check_cv(tmp_path, bib, settings="settings: {max_authors: 20}\n")
    assert len(found) == 1 and "coauthor 'Bhargav Gulavani' of entry 'late'" in found[0], found


CORPUS = ROOT / "tests" / "data" / "bib-corpus"


@pytest.mark.parametrize("bib", sorted(CORPUS.glob("*.bib")), ids=lambda p: p.stem)
def test_blocking_finds_what_all_pairs_find(bib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Comparing spellings only within their block (last word, first initial) loses no variant
    that comparing every pair finds, on every real file of the corpus."""
    from cvgen.bib.entries import load_bibtex
    from cvgen.papers import lint

    entries = list(load_bibtex(bib, Problems()).values())
    blocked = [(v.text, v.usual, v.reason) for v in lint.name_variants(entry_lists(entries), [])]
    monkeypatch.setattr(lint, "_block", lambda s: ())
    assert [(v.text, v.usual, v.reason) for v in lint.name_variants(entry_lists(entries), [])] == blocked


def test_blocking_loses_nothing_on_the_whole_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    from cvgen.bib.entries import load_bibtex
    from cvgen.papers import lint

    entries = [e for bib in sorted(CORPUS.glob("*.bib")) for e in load_bibtex(bib, Problems()).values()]
    blocked = [(v.text, v.usual, v.reason) for v in lint.name_variants(entry_lists(entries), [])]
    assert blocked  # the corpus has people written two ways: the comparison means something
    monkeypatch.setattr(lint, "_block", lambda s: ())
    assert [(v.text, v.usual, v.reason) for v in lint.name_variants(entry_lists(entries), [])] == blocked
