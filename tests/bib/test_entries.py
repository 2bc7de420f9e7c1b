"""Reading BibTeX with real error messages."""

from __future__ import annotations

from pathlib import Path

from cvgen.bib.entries import load_bibtex
from cvgen.core.errors import Problems


def _bib(tmp_path: Path, text: str) -> tuple[dict, Problems]:
    path = tmp_path / "x.bib"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    return load_bibtex(path, problems), problems


def test_bibtex_fields_strings_and_lines(tmp_path: Path) -> None:
    entries, problems = _bib(tmp_path, '@string{conf = "Proc. of X"}\n\n@InProceedings{k,\n  Title = {T},\n'
                                       '  booktitle = conf # " 2024",\n  month = jan,\n  year = 2024\n}\n')
    assert not problems.items
    entry = entries["k"]
    assert entry.type == "inproceedings" and entry.line == 3
    assert entry.fields == {"title": "T", "booktitle": "Proc. of X 2024", "month": "1", "year": "2024"}
    assert entry.where("booktitle") == 5


def test_bibtex_problems_with_lines(tmp_path: Path) -> None:
    text = ("@article{a, title={A}, year=2020}\n"
            "@article{a, title={B}, year=2021}\n"
            "@article{b, title={broken, year=2020}\n"
            "@misc{c, title={C}, journal=undefinedmacro, year=2021}\n")
    entries, problems = _bib(tmp_path, text)
    assert not problems.errors  # each is a problem inside one entry: a warning (cvgen.core.policy)
    messages = {(p.line, p.message.split(";")[0]) for p in problems.warnings}
    assert (2, "two different entries have the key 'a' (lines 1 and 2)") in messages
    assert any(line == 3 and m.startswith("BibTeX syntax") for line, m in messages)
    assert (4, "'undefinedmacro' in field 'journal' of entry 'c' is not a defined @string macro") in messages
    assert list(entries) == ["a", "a (line 2)", "c"] and entries["c"].fields["journal"] == ""


def test_missing_bib_file(tmp_path: Path) -> None:
    problems = Problems()
    assert load_bibtex(tmp_path / "nope.bib", problems) == {}
    assert "file not found" in problems.errors[0].message


def _messages(problems: Problems) -> list[tuple[str, int, int, str]]:
    return [(p.severity, p.line, p.col, p.message.split(";")[0]) for p in problems.items]


def test_repeated_field_warns_at_its_line_and_keeps_the_first(tmp_path: Path) -> None:
    entries, problems = _bib(tmp_path, "@misc{k,\n  title = {T},\n  url = {a},\n  URL = {b},\n  year = 2020\n}\n")
    assert entries["k"].fields["url"] == "a"
    assert _messages(problems) == [("warning", 4, 3, "field 'url' is given twice in entry 'k' (first at line 3)")]


def test_missing_comma_and_two_commas_at_the_place_at_fault(tmp_path: Path) -> None:
    _, problems = _bib(tmp_path, "@misc{k,\n  title = {T}\n  year = 2020,\n}\n@misc{j,\n  title = {T},,\n  year = 2020}\n")
    assert _messages(problems) == [
        ("warning", 2, 14, "BibTeX syntax: missing comma after the field ending at line 2 (entry 'k')"),
        ("warning", 6, 15, "BibTeX syntax: two commas at line 6 in entry 'j'")]


def test_strings_through_strings_and_month_with_day(tmp_path: Path) -> None:
    entries, problems = _bib(tmp_path, '@string{acm = "ACM"}\n@string{conf = {Proc. } # acm}\n'
                                       '@misc{k, title = {T}, booktitle = conf # " X", month = dec # "~1", year = 2020}\n')
    assert not problems.items
    assert entries["k"].fields["booktitle"] == "Proc. ACM X" and entries["k"].fields["month"] == "12~1"


def test_comments_parentheses_and_free_text(tmp_path: Path) -> None:
    entries, problems = _bib(tmp_path, "% @misc{gone, title={No}}\nfree text @ here\n@comment{ @misc{x, } }\n"
                                       "@preamble{ \"\\newcommand{\\noopsort}[1]{}\" }\n@Misc(k, title = \"A {\"}B\", year = 2020)\n")
    assert not problems.items and list(entries) == ["k"] and entries["k"].fields["title"] == 'A {"}B'


def test_a_broken_entry_does_not_hide_the_next(tmp_path: Path) -> None:
    entries, problems = _bib(tmp_path, "@misc{a, title = {T}, year = 2020\n@misc{b, title = {U}, year = 2021}\n")
    assert list(entries) == ["b"]
    assert _messages(problems) == [("warning", 1, 1, "BibTeX syntax: entry 'a' has no closing '}'")]
    assert problems.items[0].left_out and "entry 'a' (line 1) cannot be read and is left out" in \
        problems.items[0].message


def test_a_large_shared_bib_reads_in_linear_time(tmp_path: Path) -> None:
    """Four times the entries cost about four times the CPU, not sixteen (CPU time, not wall
    time: other work on the machine does not count)."""
    import time

    entry = "@inproceedings{k%d,\n  title = {Title {%d} of $\\alpha$},\n  author = {A. B and C. D},\n  year = 2020,\n}\n"

    def cpu_seconds(count: int) -> float:
        path = tmp_path / f"big{count}.bib"
        path.write_text("".join(entry % (i, i) for i in range(count)), encoding="utf-8")
        start = time.process_time()
        problems = Problems()
        entries = load_bibtex(path, problems)
        assert len(entries) == count and not problems.items
        return time.process_time() - start

    cpu_seconds(500)  # warm the imports and caches
    assert cpu_seconds(10000) / cpu_seconds(2500) < 8


def test_a_latin1_bib_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "old.bib"
    path.write_bytes("@misc{k,\n  author = {J\xf6rg M\xfcller},\n  title = {Caf\xe9},\n  year = 2001\n}\n".encode("latin-1"))
    problems = Problems()
    entries = load_bibtex(path, problems)
    assert entries["k"].fields["author"] == "Jörg Müller" and entries["k"].fields["title"] == "Café"
    assert [(p.severity, p.line, p.col) for p in problems.items] == [("warning", 2, 14)]
    assert "read as Latin-1" in problems.items[0].message


def test_any_text_reads_without_an_exception(tmp_path: Path) -> None:
    """The reader never raises, whatever the bytes: every problem is a message."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cvgen.bib.parse import parse

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet='@{}()",=# %\n\\abk1', max_size=60))
    def run(text: str) -> None:
        problems = Problems()
        for entry in parse(text, "x.bib", problems):
            assert all(isinstance(v, str) for v in entry.fields.values())
        assert all(p.line >= 1 for p in problems.items)

    run()


def test_biblatex_field_names_read_as_bibtex_ones(tmp_path: Path) -> None:
    entries, _ = _bib(tmp_path, "@article{k, title={T}, journaltitle={J. Things}, location={Paris}, year=2020}")
    assert entries["k"].fields["journal"] == "J. Things" and entries["k"].fields["address"] == "Paris"
