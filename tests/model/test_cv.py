"""The CV model: strict keys, section kinds, dates, and errors at their YAML position."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvgen.core.errors import Problems
from cvgen.model.cv import CV, Month, parse_month, validate
from cvgen.core.sources import load_yaml


@pytest.mark.parametrize("value,expected", [
    ("2022-07", Month(2022, 7)), ("2022-7", Month(2022, 7)), ("2022/07", Month(2022, 7)),
    ("July 2022", Month(2022, 7)), ("Jul 2022", Month(2022, 7)), ("Sept. 2021", Month(2021, 9)),
    ("2022", Month(2022)), (2022, Month(2022)),
])
def test_dates_people_write(value: object, expected: Month) -> None:
    assert parse_month(value) == expected


@pytest.mark.parametrize("value,fragment", [
    ("2023-13", "no month 13"), ("July'22", "two-digit year"), ("Julu 2022", "not a month name"),
    ("soon", "is not a date"), ("1066", "out of range"),
])
def test_bad_dates(value: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_month(value)


def _validate_text(tmp_path: Path, text: str) -> tuple[CV | None, Problems]:
    path = tmp_path / "cv.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    doc = load_yaml(path, problems)
    return (validate(doc, problems) if doc is not None else None), problems


def _problems(tmp_path: Path, text: str) -> list:
    return _validate_text(tmp_path, text)[1].errors


def test_reference_cv_validates() -> None:
    problems = Problems()
    doc = load_yaml(Path("content/cv.yaml"), problems)
    cv = validate(doc, problems)
    assert isinstance(cv, CV) and not problems.items
    assert cv.owner_names == ["Ashish Panwar"]


@pytest.mark.parametrize("text,line,col,fragment", [
    ("name: A\nsections:\n  - title: X\n    txet: hi\n", 3, 5, "has no content"),
    ("name: A\nemial: a@b.c\nsections:\n  - text: hi\n", 2, 1, "unknown key 'emial'; did you mean 'email'?"),
    ("name: A\nsections:\n  - experience:\n      - start: 2023-13\n        position: P\n", 4, 16, "no month 13"),
    ("name: A\nsections:\n  - experience:\n      - start: July'22\n        position: P\n", 4, 16, "two-digit year"),
    ("name: A\nsections:\n  - experience:\n      - start: 2022-01\n", 4, 9, "'position' is required"),
    ("name: A\nsections:\n  - items: []\n", 3, 12, "is empty"),
    ("name: A\nsections: []\n", 2, 11, "is empty"),
    ("name: A\nname: B\nsections:\n  - text: x\n", 2, 1, "duplicate key 'name'"),
    ("name: A\nsections:\n  - text: [a, b\n", 3, 11, "YAML syntax"),
    ("name: A\nsections:\n\t- text: x\n", 3, 1, "YAML syntax"),
    ("name: A\nwebsite: www.x.org\nsections:\n  - text: x\n", 2, 10, "must start with https://"),
    ("name: A\nsections:\n  - text: x\n    items: [y]\n", 3, 5, "several content keys"),
    ("name: A\nsettings: {engine: context}\nsections:\n  - text: x\n", 2, 20, "must be one of"),
])
def test_errors_point_at_the_line(tmp_path: Path, text: str, line: int, col: int, fragment: str) -> None:
    errors = _problems(tmp_path, text)
    assert errors, text
    first = errors[0]
    assert fragment in first.message, first.message
    assert (first.line, first.col) == (line, col), first.render()


def test_all_problems_reported_together(tmp_path: Path) -> None:
    errors = _problems(tmp_path, "name: A\nemial: x\nsections:\n  - title: T\n    text: ''\n  - items: [a]\n    bulet: x\n")
    assert len(errors) == 3, [e.message for e in errors]


def test_render_shows_line_and_caret(tmp_path: Path) -> None:
    errors = _problems(tmp_path, "name: A\nemial: a@b.c\nsections:\n  - text: hi\n")
    text = errors[0].render()
    assert text.splitlines()[1].strip() == "emial: a@b.c"
    assert text.splitlines()[2].strip() == "^"


def _validated(tmp_path: Path, text: str) -> CV:
    cv, problems = _validate_text(tmp_path, text)
    assert cv is not None and not problems.items, [p.render() for p in problems.items]
    return cv


def test_numbers_in_text_fields_keep_what_was_typed(tmp_path: Path) -> None:
    cv = _validated(tmp_path, "name: 2024\nsections:\n  - education:\n      - {start: 2020, degree: 1.50,"
                              " institution: X, grade: 3.80}\n  - items: [1e3, 0x1F, 007]\n")
    assert cv.name == "2024"
    assert cv.sections[0].education[0].grade == "3.80" and cv.sections[0].education[0].degree == "1.50"
    assert cv.sections[1].items == ["1e3", "0x1F", "007"]


@pytest.mark.parametrize("text,line,col,message", [
    ("settings: {timeout: 1}\n", 1, 21, "'timeout' must be from 5 to 3600 seconds; got 1"),
    ("settings: {timeout: '120'}\n", 1, 21, "'timeout' must be a whole number, not str '120'"),
    ("settings: {venue_database: maybe}\n", 1, 28, "'venue_database' must be true or false, not str 'maybe'"),
    ("bold_names: []\n", 1, 13, "'bold_names' is empty; add at least one entry or remove it"),
    ("settings: [pdflatex]\n", 1, 11, "'settings' must be a mapping, not a list"),
    ("sections:\n  - title: T\n    txet: hi\n", 3, 5, "unknown key 'txet'; did you mean 'text'?"),
    ("sections:\n  - experience:\n      - {start: 2020, position: P, end: 2019-12}\n", 3, 41,
     "'end' is before 'start'; check both dates"),
    ("name:\n", 1, 6, "'name' must be text, not empty"),
])
def test_messages_name_the_value_and_the_fix(tmp_path: Path, text: str, line: int, col: int, message: str) -> None:
    if not text.startswith("name:"):
        text = "name: A\n" + text + ("" if "sections" in text else "sections:\n  - text: x\n")
        line += 1
    else:
        text += "sections:\n  - text: x\n"
    found = [(e.line, e.col, e.message) for e in _problems(tmp_path, text)]
    assert (line, col, message) in found, found


def test_yaml_words_and_numbers_are_read_as_typed(tmp_path: Path) -> None:
    cv = _validated(tmp_path, "name: A\nsections:\n  - items: [No, on, Yes, 2:00]\n"
                              "  - experience: [{start: 2021, end: 2022-07, position: P}]\n")
    assert cv.sections[0].items == ["No", "on", "Yes", "2:00"]
    assert (cv.sections[1].experience[0].start, cv.sections[1].experience[0].end) == (Month(2021), Month(2022, 7))


@pytest.mark.parametrize("text,line,col,message", [
    ("sections:\n  - just text\n", 2, 5, "each section must be a mapping with one content key (text, experience, "
     "education, publications, talks, items, teaching, references, raw_latex), not str 'just text'"),
    ("sections:\n  - items: [a, [b]]\n", 2, 16, "an entry of 'items' must be text, not a list"),
    ("sections:\n  - experience: [P]\n", 2, 18, "an entry of 'experience' must be a mapping, not str 'P'"),
    ("sections:\n  - {text: x, bullet: no}\n", 2, 23, "'bullet' must be one of 'none', 'bullet', 'diamond', "
     "'fourdiamond', 'asterisk' or 'dash'; got 'no'"),
    ("sections:\n  - experience: [{start: 2022.07, position: P}]\n", 2, 26,
     "'start': '2022.07' is not a date; write YYYY-MM (e.g. 2022-07), 'July 2022' or a year"),
    ("sections:\n  - experience: [{start: 33:42, position: P}]\n", 2, 26,
     "'start': '33:42' is not a date; write YYYY-MM (e.g. 2022-07), 'July 2022' or a year"),
    ("sections:\n  - experience: [{start: 2022-00-15, position: P}]\n", 2, 26,
     "'start': '2022-00-15': there is no month 0; months run from 1 to 12 (or give only the year)"),
    ("settings: {acceptance_format: 'Accepted!'}\nsections: [{text: x}]\n", 1, 31,
     "'acceptance_format' has no placeholder, so every paper would print the same text; use {submitted}, "
     "{accepted}, {rate}, {rate1}, {venue}, {year}, or 'long' / 'short'"),
    ("settings: {venue_database: !!bool maybe}\nsections: [{text: x}]\n", 1, 28,
     "cannot read 'maybe' as bool; quote it to keep it as text, or fix the value"),
])
def test_messages_for_odd_yaml(tmp_path: Path, text: str, line: int, col: int, message: str) -> None:
    found = [(e.line, e.col, e.message) for e in _problems(tmp_path, "name: A\n" + text)]
    assert found == [(line + 1, col, message)]
