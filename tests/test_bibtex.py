"""Reading BibTeX with real error messages."""

from __future__ import annotations

from pathlib import Path

from cvgen.bibtex import load_bibtex
from cvgen.errors import Problems


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
    messages = {(p.line, p.message.split(";")[0]) for p in problems.errors}
    assert (2, "duplicate entry key 'a' (first defined at line 1)") in messages
    assert any(line == 3 and m.startswith("BibTeX syntax") for line, m in messages)
    assert (4, "'undefinedmacro' in field 'journal' is not a defined @string macro") in messages
    assert "a" in entries


def test_missing_bib_file(tmp_path: Path) -> None:
    problems = Problems()
    assert load_bibtex(tmp_path / "nope.bib", problems) == {}
    assert "file not found" in problems.errors[0].message
