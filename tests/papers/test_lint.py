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
from cvgen.papers.lint import check_names, check_repeats, spelling, why_same

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


def test_reference_cv_spellings_are_warnings(cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    result = cvgen("check", cv_dir / "cv.yaml")
    assert result.returncode == 0, result.stderr
    found = warnings_of(result.stderr)
    expected = [("agrawal2025chunked", "Arney Agrawal", "Amey Agrawal"),
                ("agrawal2024sarathi", "Bhargav Gulavani", "Bhargav S. Gulavani"),
                ("agrawal2025chunked", "Bhargav S Gulavani", "Bhargav S. Gulavani")]
    assert len(found) == len(expected), result.stderr
    for key, odd, usual in expected:
        line, col = where(bib, key, odd)
        assert any(w.startswith(f"{bib}:{line}:{col}: warning: coauthor '{odd}' of entry '{key}' is written "
                                f"'{usual}' in ") and f"add [{odd}, {usual}] to 'distinct_people'" in w
                   for w in found), (key, odd, found)
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
    assert len(found) == 2 and not any("Arney" in w for w in found)


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
    assert len(warnings_of(result.stderr)) == 3


def lint(*authors: str, distinct: list[list[str]] | None = None) -> list[str]:
    entries = [BibEntry("x.bib", f"e{i}", "misc", i * 10, {"author": a, "title": f"T{i}"}, {"author": i * 10})
               for i, a in enumerate(authors, start=1)]
    problems = Problems()
    check_names(entries, distinct or [], problems)
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
