"""The warning policy (README, "Warnings, errors and --strict"; cvgen.core.policy) on minimal
real-world snippets: each problem inside one entry is a warning at its place and the CV is
built with what the entry has; `--strict` refuses each; errors stay for what cannot print."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cvgen.core.errors import CvError
from cvgen.pipeline import check

from ..conftest import cvgen, pdf_text

CV = "name: Ada Lovelace\nbibliography: pubs.bib\nsections:\n  - title: Publications\n    publications: {}\n"
OK = "@misc{ok, title = {Fine}, author = {Ada Lovelace}, year = 2020}\n"

# (case, snippet, where the warning is, its first words): each as seen in files people keep
SNIPPETS = [
    ("no year (arXiv record from Zotero)", "@misc{a, title = {T}, author = {Ada Lovelace}}", "2:1",
     "entry 'a' has no 'year' field"),
    ("no author (a project page)", "@misc{a, title = {T}, year = 2020}", "2:1",
     "entry 'a' has no 'author' field"),
    ("no title (a news item)", "@misc{a, author = {Ada Lovelace}, year = 2020}", "2:1",
     "entry 'a' has no 'title' field"),
    ("no venue", "@inproceedings{a, title = {T}, author = {Ada Lovelace}, year = 2020}", "2:1",
     "entry 'a' has no 'booktitle' field"),
    ("year 0", "@misc{a, title = {T}, author = {Ada Lovelace}, year = {0}}", "2:1",
     "entry 'a' has year = {0} (no year)"),
    ("a month that is none", "@misc{a, title = {T}, author = {Ada Lovelace}, year = 2020, month = {٣}}", "2:1",
     "month '٣' of entry 'a' is not a month"),
    ("an undefined macro", "@misc{a, title = {T}, author = {Ada Lovelace}, year = 2020, note = ieeepress}",
     "2:61", "'ieeepress' in field 'note' of entry 'a' is not a defined @string macro"),
    ("the same entry twice", OK.strip(), "2:1", "entry 'ok' is given twice"),
    ("two papers under one key", "@misc{OK, title = {Other}, author = {Ada Lovelace}, year = 2021}", "2:1",
     "two different entries have the key 'OK' (as 'ok'"),
    ("a missing comma", "@misc{a, title = {T}\n  author = {Ada Lovelace}, year = 2020}", "2:21",
     "BibTeX syntax: missing comma after the field ending at line 2 (entry 'a')"),
    ("a missing comma after a number", "@misc{a, title = {T}, year = 2020\n  author = {Ada Lovelace}}", "2:34",
     "BibTeX syntax: missing comma after the field ending at line 2 (entry 'a')"),
    ("a doubled comma", "@misc{a, title = {T},, author = {Ada Lovelace}, year = 2020}", "2:22",
     "BibTeX syntax: two commas"),
    ("field = ,", "@misc{a, title = {T}, author = {Ada Lovelace}, year = 2020, month = ,}", "2:69",
     "field 'month' of entry 'a' has no value after '='"),
    ("a stray character", "}\n@misc{a, title = {T}, author = {Ada Lovelace}, year = 2020}", "2:1",
     "stray '}' between entries is ignored"),
    ("an entry cut off", "@misc{a, title = {T {cut}, author = {Ada Lovelace}, year = 2020}\n", "2:1",
     "BibTeX syntax: entry 'a' has no closing '}'"),
    ("a crossref out of the file", "@inproceedings{a, title = {T}, author = {Ada Lovelace}, year = 2020, "
                                   "crossref = {DBLP:conf/x/2020}}", "2:1",
     "entry 'a' has crossref = {DBLP:conf/x/2020}, but there is no other entry"),
    ("an xdata out of the file", "@inproceedings{a, title = {T}, author = {Ada Lovelace}, year = 2020, "
                                 "booktitle = {B}, xdata = {conf}}", "2:1",
     "entry 'a' has xdata = {conf}, but there is no other entry"),
    ("names separated by commas", "@misc{a, title = {T}, author = {Babbage, Charles, Ada Lovelace, and Mary "
                                  "Somerville}, year = 2020}", "2:1",
     "the authors of entry 'a' are separated by commas"),
]


def _write(tmp_path: Path, bib: str, cv: str = CV) -> Path:
    (tmp_path / "pubs.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "cv.yaml").write_text(cv, encoding="utf-8")
    return tmp_path / "cv.yaml"


@pytest.mark.parametrize(("case", "snippet", "where", "message"), SNIPPETS, ids=[s[0] for s in SNIPPETS])
def test_a_problem_inside_one_entry_is_a_warning_and_strict_refuses_it(
        tmp_path: Path, case: str, snippet: str, where: str, message: str) -> None:
    cv = _write(tmp_path, OK + snippet + "\n")
    checked = check(cv)
    line, col = (int(n) for n in where.split(":"))
    assert not checked.problems.errors
    assert [(p.line, p.col) for p in checked.problems.warnings if p.message.startswith(message)] == [(line, col)], \
        [p.render(with_source=False) for p in checked.problems.items]
    assert "ok" in {p.key for pubs in checked.publications for p in pubs or []}  # the good entry prints
    with pytest.raises(CvError) as refused:
        check(cv, strict=True)
    assert any(p.severity == "error" and p.message.startswith(message) for p in refused.value.problems)


def test_a_key_that_names_two_papers_is_an_error_where_cv_yaml_names_it(tmp_path: Path) -> None:
    bib = OK + "@misc{Ok, title = {Other}, author = {Ada Lovelace}, year = 2021}\n"
    cv = _write(tmp_path, bib, CV + "selected: [ok]\npapers:\n  ok: {note: hi}\n")
    with pytest.raises(CvError) as refused:
        check(cv)
    assert [(p.file.endswith("cv.yaml"), p.line, p.message.split(" (")[0]) for p in refused.value.problems
            if p.severity == "error"] == [(True, 6, "'ok' names 2 different entries of pubs.bib"),
                                          (True, 8, "'ok' names 2 different entries of pubs.bib")]


def test_a_string_bomb_stops_at_the_string_and_deep_braces_at_the_field(tmp_path: Path) -> None:
    """Issue 21 items 5 and 6: 40 levels of `s1 = s0 # s0` (MemoryError before) and 500 levels of
    braces in one field are messages, at the @string and at the entry, not crashes."""
    bomb = '@string{s0 = "' + "x" * 80 + '"}\n' + "".join(f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n"
                                                        for i in range(1, 41))
    deep = "@misc{deep, title = {" + "{" * 500 + "x" + "}" * 500 + "}, author = {A B}, year = 2020}\n"
    cv = _write(tmp_path, bomb + OK + deep)
    with pytest.raises(CvError) as refused:
        check(cv)
    shown = [(p.severity, p.line, p.message.split(";")[0]) for p in refused.value.problems]
    assert ("error", 9, "@string s8 expands to more than 20,000 characters (an @string joining @strings that join "
                        "@strings)") in shown
    assert ("warning", 43, "BibTeX syntax: the value of field 'title' nests braces 501 levels deep (at most 100)") \
        in shown


def test_the_build_prints_what_it_has_and_counts_what_needs_attention(tmp_path: Path) -> None:
    """One real build: exit 0, every readable entry in the PDF, no year last, the closing line
    counting the entries with warnings and those left out; --strict refuses with exit 1."""
    bib = ("@misc{noyear, title = {Undated Note}, author = {Ada Lovelace}}\n"
           "@misc{split, title = {Split Year}, author = {Ada Lovelace}, year = {2009/10}}\n"
           "@misc{cut, title = {Cut {Off}, author = {Ada Lovelace}, year = 2014}\n\n"
           "@misc{month, title = {Upper Month}, author = {Ada Lovelace}, year = 2012, month = JULY}\n"
           "@misc{later, title = {Later One}, author = {Ada Lovelace}, year = 2013, crossref = {nowhere}}\n")
    cv = _write(tmp_path, bib)
    built = cvgen("build", cv, "-o", tmp_path / "out" / "cv.pdf")
    assert built.returncode == 0, built.stderr
    assert built.stdout.strip().splitlines()[-1].endswith("cv.pdf; 2 entries need attention, 1 left out")
    text = pdf_text(tmp_path / "out" / "cv.pdf")
    order = [text.index(t) for t in ("Later One", "Upper Month", "Split Year", "2009/10", "Undated Note")]
    assert order == sorted(order) and "Cut" not in text
    refused = subprocess.run([sys.executable, "-m", "cvgen", "build", str(cv), "-o", str(tmp_path / "strict" / "cv.pdf"),
                              "--strict"], capture_output=True, text=True)
    assert refused.returncode == 1 and "pubs.bib:1:1: error: entry 'noyear' has no 'year' field" in refused.stderr
    assert not (tmp_path / "strict" / "cv.pdf").exists()
