"""Reading BibTeX: entries with lower-case field names, @strings and crossrefs resolved.

Problems are collected (with 1-based line and column) instead of stopping at the first one.
Nothing here knows about LaTeX output or the CV model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cvgen.bib.decode import Decoded, decode
from cvgen.core.errors import Problems
from cvgen.core.sources import read_text

@dataclass(slots=True)  # tens of thousands in a shared library: no per-instance __dict__
class BibEntry:
    """One BibTeX entry with lower-case field names, @strings resolved, braces kept."""

    file: str
    key: str
    type: str
    line: int
    fields: dict[str, str]
    field_lines: dict[str, int]
    written_key: str = ""  # the key in the file, when a second, different entry under it is kept as `key`
    _decoded: dict[str, Decoded] = field(default_factory=dict, repr=False, compare=False)

    def where(self, name: str) -> int:
        return self.field_lines.get(name, self.line)

    def decoded(self, name: str) -> Decoded:
        """Field `name` decoded, once per entry: every later stage (papers, checks) reads this
        instead of decoding the field again (issue 19). A missing field decodes as empty."""
        value = self._decoded.get(name)
        if value is None:
            raw = self.fields.get(name)
            value = self._decoded[name] = decode(raw) if raw else _EMPTY
        return value

    def text(self, name: str) -> str:
        """The plain text of field `name` (math as its Unicode reading)."""
        return self.decoded(name).text


_EMPTY = Decoded(())

# biblatex's names for BibTeX's fields.
BIBLATEX_ALIASES = {"journaltitle": "journal", "location": "address", "annotation": "annote"}


def load_bibtex(path: Path, problems: Problems) -> dict[str, BibEntry]:
    """Parse a .bib file; syntax slips, duplicate keys and undefined macros become warnings.

    Tolerant where BibTeX is (a repeated field keeps the first value and warns), precise
    where it is not (a missing comma is reported where the comma belongs). Keys that differ
    only in case are one key, as in BibTeX. A second entry under a key prints once if it is
    the same entry, and beside the first if it is a different one: it is kept under the key
    `KEY (line N)` (both are real papers; cv.yaml naming KEY is then ambiguous, see
    `ambiguous_keys`).
    """
    text = read_text(path, problems, latin1=True)  # bounded in size (sources.MAX_INPUT_BYTES)
    if text is None:
        return {}
    from cvgen.bib.parse import parse

    start = len(problems.items)
    entries: dict[str, BibEntry] = {}
    first: dict[str, BibEntry] = {}  # casefolded key -> the first entry under it
    for raw in parse(text, str(path), problems):
        for alias, name in BIBLATEX_ALIASES.items():  # one name per field from here on
            if alias in raw.fields and name not in raw.fields:
                raw.fields[name] = raw.fields[alias]
                raw.field_lines[name] = raw.field_lines[alias]
        entry = BibEntry(str(path), raw.key, raw.type, raw.line, raw.fields, raw.field_lines)
        earlier = first.get(raw.key.casefold())
        if earlier is not None:
            same = earlier.type == raw.type and earlier.fields == raw.fields
            spelled = "" if earlier.key == raw.key else \
                f" (as '{earlier.key}': keys that differ only in case are one key, as in BibTeX)"
            if same:
                problems.warn(path, raw.line, raw.col,
                              f"entry '{raw.key}' is given twice{spelled}, the same both times (first at line "
                              f"{earlier.line}); it prints once; remove one")
                continue
            entry.written_key, entry.key = raw.key, f"{earlier.key} (line {raw.line})"
            problems.warn(path, raw.line, raw.col,
                          f"two different entries have the key '{raw.key}'{spelled} (lines {earlier.line} and "
                          f"{raw.line}); both print, and cv.yaml cannot name either by that key; rename one")
        else:
            first[raw.key.casefold()] = entry
        entries[entry.key] = entry
    _inherit_crossrefs(entries, first, problems)
    problems.mark_in_entry(start)
    return entries


def ambiguous_keys(entries: dict[str, BibEntry]) -> set[str]:
    """The keys (casefolded) that name two different entries: cv.yaml cannot refer to them."""
    return {e.written_key.casefold() for e in entries.values() if e.written_key}


def _inherit_crossrefs(entries: dict[str, BibEntry], first: dict[str, BibEntry], problems: Problems) -> None:
    """BibTeX's crossref (and biblatex's xdata): a paper takes missing fields (booktitle,
    year...) from its proceedings. One level, as BibTeX reads it: nothing here recurses. A
    parent that is not in the file is a warning; the entry prints with its own fields."""
    for entry in entries.values():
        for parent_key in [k.strip() for k in entry.fields.get("xdata", "").split(",") if k.strip()]:
            parent = first.get(parent_key.casefold())
            if parent is None or parent is entry:
                _missing_parent(entry, "xdata", parent_key, problems)
                continue
            for name, value in parent.fields.items():
                if name not in entry.fields and name not in ("crossref", "xdata"):
                    entry.fields[name] = value
                    entry.field_lines[name] = parent.where(name)
        parent_key = entry.fields.get("crossref", "").strip()
        if not parent_key:
            continue
        parent = first.get(parent_key.casefold())
        if parent is None or parent is entry:
            _missing_parent(entry, "crossref", parent_key, problems)
            continue
        for name, value in parent.fields.items():
            if name not in entry.fields and name not in ("title", "crossref"):
                entry.fields[name] = value
                entry.field_lines[name] = parent.where(name)
        if "booktitle" not in entry.fields and "title" in parent.fields:
            entry.fields["booktitle"] = parent.fields["title"]
            entry.field_lines["booktitle"] = parent.where("title")


def _missing_parent(entry: BibEntry, name: str, parent_key: str, problems: Problems) -> None:
    problems.warn(entry.file, entry.where(name), 1,
                  f"entry '{entry.key}' has {name} = {{{parent_key}}}, but there is no other entry '{parent_key}' "
                  "in the file; it prints with its own fields; add that entry or fix the key")
