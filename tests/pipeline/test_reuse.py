"""Inputs parsed once per content: unchanged bytes give the remembered parse and its problems."""

from __future__ import annotations

import os
from pathlib import Path

from cvgen.bib.entries import load_bibtex
from cvgen.core.errors import Problems
from cvgen.pipeline.reuse import reused

BIB = """@inproceedings{a2024,
  title = {One},
  author = {Ada Lovelace},
  booktitle = {ASPLOS},
  year = {2024},
  year = {2025},
}
"""


def _load(path: Path) -> tuple[dict, list[str]]:
    problems = Problems()
    entries = reused(load_bibtex, path, problems)
    return entries, [p.message for p in problems.items]


def test_unchanged_bytes_reuse_the_parse_and_replay_its_problems(tmp_path: Path) -> None:
    bib = tmp_path / "p.bib"
    bib.write_text(BIB, encoding="utf-8")
    first, said = _load(bib)
    again, said_again = _load(bib)
    assert again is first and said_again == said and any("year" in m for m in said)  # the repeated field
    bib.write_text(BIB.replace("{One}", "{Two}"), encoding="utf-8")
    changed, _ = _load(bib)
    assert changed is not first and changed["a2024"].fields["title"] == "Two"
    bib.write_text(BIB, encoding="utf-8")  # back to the first bytes: parsed again (one version kept)
    back, _ = _load(bib)
    assert back is not first and back["a2024"].fields["title"] == "One"


def test_a_link_is_parsed_every_time(tmp_path: Path) -> None:
    target = tmp_path / "real.bib"
    target.write_text(BIB, encoding="utf-8")
    link = tmp_path / "p.bib"
    os.symlink(target, link)
    first, _ = _load(link)
    again, _ = _load(link)
    assert again is not first and again["a2024"].fields["title"] == "One"
