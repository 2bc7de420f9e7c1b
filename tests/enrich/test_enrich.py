"""Enrich: every word decided before any backend, each entry carrying where it came from."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cvgen.enrich.enrich import Entry, Paper, Span, enrich
from cvgen.pipeline import check
from cvgen.model.words import ENGLISH

from ..conftest import CONTENT


def _enriched(words=ENGLISH):  # noqa: ANN001, ANN202
    checked = check(CONTENT / "cv.yaml")
    return enrich(checked.cv, checked.publications, words)


def test_words_and_origins_are_on_the_values() -> None:
    cv = _enriched()
    entries = [e for b in cv.blocks for e in b.entries]
    assert cv.title == "Ashish Panwar – Curriculum Vitae"
    assert any(isinstance(e, Entry) and e.when.startswith("Since ") for e in entries)
    assert any(s.style == "thesis" and s.label == "Thesis:" for e in entries if isinstance(e, Entry) for s in e.line)
    papers = [e for e in entries if isinstance(e, Paper)]
    assert any(Span(" Joint first authors.") in line for p in papers for line in p.lines)
    assert any(s.style == "inventors" and s.text == "Inventors:" for p in papers for s in p.lines[0])
    assert all(p.origin.startswith(str(CONTENT / "publications.bib") + ":") and "(entry '" in p.origin for p in papers)
    yaml_origins = [b.origin for b in cv.blocks] + [e.origin for e in entries if not isinstance(e, Paper)]
    for origin in yaml_origins:
        file, line = origin.rsplit(":", 1)
        assert Path(file) == CONTENT / "cv.yaml" and int(line) > 1


def test_another_words_table_changes_the_words_only() -> None:
    words = replace(ENGLISH, since="Seit {start}", thesis="Dissertation:", joint_first=" Gleichberechtigte Erstautoren.")
    cv = _enriched(words)
    entries = [e for b in cv.blocks for e in b.entries]
    assert any(isinstance(e, Entry) and e.when.startswith("Seit ") for e in entries)
    assert any(s.label == "Dissertation:" for e in entries if isinstance(e, Entry) for s in e.line)
    assert len(entries) == len([e for b in _enriched().blocks for e in b.entries])
