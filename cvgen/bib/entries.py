"""Reading BibTeX: entries with lower-case field names, @strings and crossrefs resolved.

Problems are collected (with 1-based line and column) instead of stopping at the first one.
Nothing here knows about LaTeX output or the CV model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cvgen.core.errors import Problems
from cvgen.core.sources import read_text

@dataclass
class BibEntry:
    """One BibTeX entry with lower-case field names, @strings resolved, braces kept."""

    file: str
    key: str
    type: str
    line: int
    fields: dict[str, str]
    field_lines: dict[str, int]

    def where(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


# biblatex's names for BibTeX's fields.
BIBLATEX_ALIASES = {"journaltitle": "journal", "location": "address", "annotation": "annote"}


def load_bibtex(path: Path, problems: Problems) -> dict[str, BibEntry]:
    """Parse a .bib file; syntax errors, duplicate keys and undefined macros become problems.

    Tolerant where BibTeX is (a repeated field keeps the first value and warns), precise
    where it is not (a missing comma is reported where the comma belongs).
    """
    text = read_text(path, problems, latin1=True)  # bounded in size (sources.MAX_INPUT_BYTES)
    if text is None:
        return {}
    from cvgen.bib.parse import parse

    entries: dict[str, BibEntry] = {}
    for raw in parse(text, str(path), problems):
        if raw.key in entries:
            problems.error(path, raw.line, raw.col,
                           f"duplicate entry key '{raw.key}' (first defined at line {entries[raw.key].line}); rename one")
            continue
        for alias, name in BIBLATEX_ALIASES.items():  # one name per field from here on
            if alias in raw.fields and name not in raw.fields:
                raw.fields[name] = raw.fields[alias]
                raw.field_lines[name] = raw.field_lines[alias]
        entries[raw.key] = BibEntry(str(path), raw.key, raw.type, raw.line, raw.fields, raw.field_lines)
    _inherit_crossrefs(entries, problems)
    return entries


def _inherit_crossrefs(entries: dict[str, BibEntry], problems: Problems) -> None:
    """BibTeX's crossref: a paper takes missing fields (booktitle, year...) from its proceedings."""
    for entry in entries.values():
        parent_key = entry.fields.get("crossref", "").strip()
        if not parent_key:
            continue
        parent = entries.get(parent_key)
        if parent is None or parent is entry:
            problems.error(entry.file, entry.where("crossref"), 1,
                           f"entry '{entry.key}' has crossref = {{{parent_key}}}, but there is no other entry "
                           f"'{parent_key}'; add it or fix the key")
            continue
        for name, value in parent.fields.items():
            if name not in entry.fields and name not in ("title", "crossref"):
                entry.fields[name] = value
                entry.field_lines[name] = parent.where(name)
        if "booktitle" not in entry.fields and "title" in parent.fields:
            entry.fields["booktitle"] = parent.fields["title"]
            entry.field_lines["booktitle"] = parent.where("title")
