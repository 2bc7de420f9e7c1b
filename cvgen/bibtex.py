"""Reading BibTeX: entries with lower-case field names, @strings and crossrefs resolved.

Problems are collected (with 1-based line and column) instead of stopping at the first one.
Nothing here knows about LaTeX output or the CV model.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .errors import Problems
from .sources import read_text

MONTH_MACROS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


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


def load_bibtex(path: Path, problems: Problems) -> dict[str, BibEntry]:
    """Parse a .bib file; syntax errors, duplicate keys and undefined macros become problems."""
    import bibtexparser
    from bibtexparser import model as bm

    text = read_text(path, problems)
    if text is None:
        return {}
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text, parse_stack=[])
    lines = text.splitlines()
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bm.DuplicateBlockKeyBlock):
            first = library.entries_dict.get(block.key)
            first_line = (first.start_line + 1) if first is not None and first.start_line is not None else "?"
            problems.error(path, line, _col_of(lines, line, "@"),
                           f"duplicate entry key '{block.key}' (first defined at line {first_line}); rename one")
        else:
            reason = getattr(getattr(block, "error", None), "abort_reason", None) or "cannot parse this block"
            problems.error(path, line, _col_of(lines, line, "@"),
                           f"BibTeX syntax in this entry: {reason.strip().rstrip('.')}; "
                           "check its braces, quotes and the commas between fields")
    strings: dict[str, str] = {}
    for s in library.strings:
        strings[s.key.lower()] = _strip_enclosing(s.value)
    entries: dict[str, BibEntry] = {}
    for entry in library.entries:
        entry_line = (entry.start_line or 0) + 1
        fields: dict[str, str] = {}
        field_lines: dict[str, int] = {}
        for f in entry.fields:
            name = f.key.lower()
            fline = (f.start_line or entry.start_line or 0) + 1
            if name in fields:
                problems.error(path, fline, _col_of(lines, fline, f.key),
                               f"field '{name}' is given twice in entry '{entry.key}'; keep one")
                continue
            value = _resolve_value(str(f.value), strings, name)
            if value is None:
                problems.error(path, fline, _col_of(lines, fline, f.key),
                               f"'{f.value}' in field '{name}' is not a defined @string macro; "
                               "put the value in braces or define it with @string")
                value = str(f.value)  # keep it, so the entry does not also look incomplete
            fields[name] = value
            field_lines[name] = fline
        entries[entry.key] = BibEntry(str(path), entry.key, entry.entry_type.lower(), entry_line,
                                      fields, field_lines)
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


def _col_of(lines: list[str], line: int, needle: str) -> int:
    if 1 <= line <= len(lines):
        idx = lines[line - 1].find(needle)
        return idx + 1 if idx >= 0 else 1
    return 1


def _strip_enclosing(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and ((value[0] == "{" and value[-1] == "}") or (value[0] == '"' and value[-1] == '"')):
        return value[1:-1]
    return value


def _resolve_value(raw: str, strings: dict[str, str], name: str) -> str | None:
    """Resolve @string macros and `#` concatenation; None when a macro is undefined."""
    parts = _split_concat(raw.strip())
    out = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if part[0] in '{"':
            out.append(_strip_enclosing(part))
        elif part.isdigit():
            out.append(part)
        elif part.lower() in strings:
            out.append(strings[part.lower()])
        elif name == "month" and part.lower()[:3] in MONTH_MACROS and part.lower() == part.lower()[:3]:
            out.append(str(MONTH_MACROS[part.lower()]))
        else:
            return None
    return "".join(out)


def _split_concat(raw: str) -> list[str]:
    """Split `a # {b} # "c"` at top-level `#` signs."""
    if "#" not in raw:
        return [raw]
    parts, depth, quote, start = [], 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quote = not quote
        elif ch == "#" and depth == 0 and not quote:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return parts
