"""Golden tests: each kind of bad input with its exact message, position and exit code.

Each case writes a small CV (cv.yaml, pubs.bib, venues.yaml) into a temporary folder, runs
`cvgen check` (or `build`) there as a user would, and compares stderr and the exit code
with tests/golden/NAME.txt. Regenerate after an intended change with
`pytest tests/test_errors.py --update-golden` and review the diff.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent.parent / "golden"

CV = """name: Ada Lovelace
email: ada@example.org
bibliography: pubs.bib
venue_figures: venues.yaml
sections:
  - title: About
    text: Hello.
  - title: Papers
    publications: {keyword: full}
"""
BIB = """@inproceedings{ok2024,
  title = {A Paper},
  author = {Ada Lovelace},
  booktitle = {Proceedings of Things (OSDI)},
  year = 2024,
  keywords = {full},
}
"""
VENUES = "OSDI:\n  2024: {submitted: 282, accepted: 49}\n"


def case(cv: str = CV, bib: str = BIB, venues: str = VENUES, args: tuple[str, ...] = ()) -> dict:
    return {"cv.yaml": cv, "pubs.bib": bib, "venues.yaml": venues, "args": args}


def edit(old: str, new: str, base: str = CV) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


CASES: dict[str, dict] = {
    # YAML syntax
    "yaml_bad_indentation": case(cv=edit("  - title: Papers", "   - title: Papers")),
    "yaml_unclosed_bracket": case(cv=edit("{keyword: full}", "{keyword: full")),
    "yaml_tab_indentation": case(cv=edit("    text: Hello.", "\ttext: Hello.")),
    "yaml_duplicate_key": case(cv=edit("email: ada@example.org", "email: ada@example.org\nemail: b@example.org")),
    "yaml_not_utf8": case(cv=CV.replace("Ada Lovelace", "Ada Lövelace")),  # written as latin-1 below
    "yaml_empty_file": case(cv=""),
    "yaml_top_level_list": case(cv="- name: Ada\n"),
    "yaml_unquoted_colon": case(cv=edit("text: Hello.", "text: Note: hello")),
    # schema
    "schema_unknown_key_suggestion": case(cv=edit("email:", "emial:")),
    "schema_unknown_key": case(cv=edit("    text: Hello.", "    text: Hello.\n    colour: blue")),
    "schema_wrong_type": case(cv=edit("text: Hello.", "text: [Hello]")),
    "schema_missing_required": case(cv=edit("name: Ada Lovelace\n", "")),
    "schema_bad_month": case(cv=edit("  - title: About\n    text: Hello.",
                                     "  - title: Work\n    experience:\n      - {start: 2023-13, position: P}")),
    "schema_two_digit_year": case(cv=edit("  - title: About\n    text: Hello.",
                                          "  - title: Work\n    experience:\n      - {start: July'22, position: P}")),
    "schema_impossible_day": case(cv=edit("  - title: About\n    text: Hello.",
                                          "  - title: Work\n    experience:\n      - {start: 2022-02-30, position: P}")),
    "schema_end_before_start": case(cv=edit("  - title: About\n    text: Hello.",
                                            "  - title: Work\n    experience:\n      - {start: 2023-05, end: 2021-01, position: P}")),
    "schema_empty_list": case(cv=edit("text: Hello.", "items: []").replace("- title: About", "- title: About", 1)),
    "schema_section_without_content": case(cv=edit("    text: Hello.\n", "")),
    "schema_section_two_contents": case(cv=edit("    text: Hello.", "    text: Hello.\n    items: [a]")),
    "schema_bad_email": case(cv=edit("ada@example.org", "ada at example.org")),
    "schema_bad_url": case(cv=edit("email: ada@example.org", "email: ada@example.org\nwebsite: example.org")),
    "schema_bad_engine": case(cv=edit("sections:", "settings: {engine: context}\nsections:")),
    "schema_control_character": case(cv=edit("text: Hello.", 'text: "Hello\\u0007."')),
    "schema_empty_text": case(cv=edit("text: Hello.", "text: ''")),
    "schema_several_problems_at_once": case(cv=edit("email:", "emial:").replace("text: Hello.", "text: []")),
    # BibTeX
    "bib_syntax_error": case(bib=BIB.replace("title = {A Paper},", "title = {A Paper,"), args=("--strict",)),
    "bib_duplicate_key": case(bib=BIB + BIB.replace("A Paper", "Another"), args=("--strict",)),
    "bib_missing_author": case(bib=BIB.replace("  author = {Ada Lovelace},\n", ""), args=("--strict",)),
    "bib_missing_booktitle": case(bib=BIB.replace("  booktitle = {Proceedings of Things (OSDI)},\n", ""),
                                  args=("--strict",)),  # BibTeX only warns; --strict makes it an error
    "bib_undefined_string": case(bib=BIB.replace("{Proceedings of Things (OSDI)}", "osdiproc"), args=("--strict",)),
    "bib_bad_year": case(bib=BIB.replace("year = 2024", "year = {24}"), args=("--strict",)),
    "bib_unknown_type": case(bib=BIB.replace("@inproceedings", "@talk"), args=("--strict",)),  # else @misc
    "bib_missing_crossref": case(bib=BIB.replace("  year = 2024,", "  year = 2024,\n  crossref = {osdi24},"),
                                 args=("--strict",)),
    "bib_section_cites_missing_key": case(cv=edit("{keyword: full}", "{keys: [ok2024, nope2023]}")),
    "bib_key_listed_twice": case(cv=edit("{keyword: full}", "{keys: [ok2024, ok2024]}")),
    "bib_crossref_to_itself": case(bib=BIB.replace("  year = 2024,", "  year = 2024,\n  crossref = {ok2024},"),
                                   args=("--strict",)),
    "bib_control_character": case(bib=BIB.replace("{A Paper}", "{A\x7fPaper}")),
    "bib_empty_title": case(bib=BIB.replace("{A Paper}", "{{}}"), args=("--strict",)),
    "bib_file_not_found": case(cv=edit("pubs.bib", "papers.bib")),
    "bib_bad_author_annotation": case(bib=BIB.replace("  year = 2024,", "  year = 2024,\n  author+an = {3=equal},")),
    # venue figures
    "venues_accepted_more_than_submitted": case(venues="OSDI:\n  2024: {submitted: 49, accepted: 282}\n"),
    "venues_typed_rate_disagrees": case(venues="OSDI:\n  2024: {submitted: 282, accepted: 49, rate: 18.1}\n"),
    "venues_non_positive": case(venues="OSDI:\n  2024: {submitted: -3, accepted: 0}\n"),
    "venues_not_a_year": case(venues="OSDI:\n  twenty: {submitted: 282, accepted: 49}\n"),
    # the warning policy (cvgen.core.policy): what stays an error without --strict
    "bib_ambiguous_key_in_cv": case(bib=BIB + BIB.replace("A Paper", "Another"),
                                    cv=edit("{keyword: full}", "{keys: [ok2024]}")),
    "bib_string_bomb": case(bib='@string{s0 = "' + "x" * 80 + '"}\n' + "".join(
        f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, 41)) + BIB),
    # each warning case, refused by --strict
    "bib_no_year_strict": case(bib=BIB.replace("  year = 2024,\n", ""), args=("--strict",)),
    "bib_no_month_strict": case(bib=BIB.replace("  year = 2024,", "  year = 2024, month = {Spring},"),
                                args=("--strict",)),
    "bib_comma_names_strict": case(bib=BIB.replace("{Ada Lovelace}", "{Babbage, Charles, Ada Lovelace, and Mary "
                                                                     "Somerville}"), args=("--strict",)),
    "bib_cut_off_entry_strict": case(bib="@misc{cut, title = {Cut {Off}, year = 2020}\n\n" + BIB, args=("--strict",)),
    "bib_stray_and_doubled_comma_strict": case(bib=BIB.replace("  year = 2024,", "  year = 2024,,\n  note = ,") + "}\n",
                                               args=("--strict",)),
    "bib_year_as_written_strict": case(bib=BIB.replace("year = 2024", "year = {n.d.}"), args=("--strict",)),
    # characters the engine cannot print
    "chars_pdflatex_cannot_print": case(cv=edit("text: Hello.", "text: n ≤ 2 and αβ")),
    "chars_in_bibtex_title": case(bib=BIB.replace("{A Paper}", "{Fast for n ≤ 2}")),  # $n \\leq 2$ prints as math
    "bib_command_that_prints_nothing": case(bib=BIB.replace("{A Paper}", "{A Paper \\input{/etc/hostname}}"),
                                            args=("--strict",)),
    # warnings, --strict
    "strict_entry_not_listed": case(bib=BIB + BIB.replace("ok2024", "other2023").replace("{full}", "{other}"),
                                    args=("--strict",)),
    # inline Markdown in text fields (cvgen.enrich.markup), --strict
    "markup_unclosed_bold": case(cv=edit("text: Hello.", "text: Hello **world, and `code` \\* star."),
                                 args=("--strict",)),
    "markup_link_not_web": case(cv=edit("    text: Hello.", "    text: |\n      Hello.\n      See [me](javascript:alert(1))."),
                                args=("--strict",)),
    # publications as a whole (cvgen.papers.lint), --strict
    "lint_coauthor_two_spellings": case(bib=BIB.replace("{Ada Lovelace}", "{Ada Lovelace and Bhargav S. Gulavani}")
                                        + BIB.replace("ok2024", "two2024").replace("{A Paper}", "{B Paper}")
                                        .replace("{Ada Lovelace}", "{Ada Lovelace and Bhargav Gulavani}"),
                                        args=("--strict",)),
    "lint_same_doi_twice": case(bib=BIB.replace("  year", "  doi = {10.1145/1},\n  year")
                                + BIB.replace("ok2024", "two2024").replace("{A Paper}", "{B Paper}")
                                .replace("  year", "  doi = {https://doi.org/10.1145/1},\n  year"),
                                args=("--strict",)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_message(name: str, tmp_path: Path, update_golden: bool) -> None:
    spec = CASES[name]
    for file in ("cv.yaml", "pubs.bib", "venues.yaml"):
        data = spec[file].encode("latin-1" if name == "yaml_not_utf8" and file == "cv.yaml" else "utf-8")
        (tmp_path / file).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "cvgen", "check", "cv.yaml", *spec["args"]], cwd=tmp_path,
                            capture_output=True, text=True)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    actual = f"exit {result.returncode}\n{result.stderr}"
    golden = GOLDEN / f"{name}.txt"
    if update_golden or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"new golden file {golden.name} written; review it and run again")
    assert actual == golden.read_text(encoding="utf-8")


def test_at_least_25_classes() -> None:
    assert len(CASES) >= 25


def test_messages_escape_control_characters(tmp_path: Path) -> None:
    """An escape sequence in a YAML key never reaches the terminal raw (it could rewrite the screen)."""
    cv = tmp_path / "cv.yaml"
    cv.write_text('name: A\nsections: []\n"\\e[2J\\e]0;pwned\\a": 1\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cvgen", "check", str(cv)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b[2J\\x1b]0;pwned\\x07" in result.stderr


def test_a_very_long_source_line_is_shown_around_the_column(tmp_path: Path) -> None:
    from cvgen.core.errors import SHOWN_CHARS, Problem

    source = tmp_path / "cv.yaml"
    source.write_text("name: " + "x" * 50_000 + "Y" + "z" * 50_000 + "\n", encoding="utf-8")
    shown = Problem(str(source), 1, 50_007, "a problem").render().splitlines()
    assert len(shown[1]) < SHOWN_CHARS + 20 and shown[1].strip().startswith("...")
    assert shown[1][shown[2].index("^")] == "Y"


@pytest.mark.parametrize("field", ["month = {²}", "month = {٣}", "title = {A \\href{x}}", "title = {A \\href}",
                                   "title = {A \\footnote}", "title = {A \\input}", "journal = {\\url}"])
def test_bibtex_input_that_crashed_is_a_message(field: str, tmp_path: Path) -> None:
    """Issue 15 item 8: these ended in exit 70 (or, for a non-ASCII digit, passed as a month)."""
    (tmp_path / "cv.yaml").write_text(CV, encoding="utf-8")
    bib = BIB.replace("  title = {A Paper},", f"  {field},") if "title" in field else \
        BIB.replace("  year = 2024,", f"  year = 2024,\n  {field},")
    (tmp_path / "pubs.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "venues.yaml").write_text(VENUES, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cvgen", "check", "cv.yaml"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    if "month" in field:
        assert "is not a month, so it is ignored" in result.stderr
    elif "title" in field:
        assert "pubs.bib:2:1: warning: field 'title' of entry 'ok2024' uses \\" in result.stderr
