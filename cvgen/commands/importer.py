"""`cvgen import`: merge a DBLP, Google Scholar, ACM, IEEE or Zotero export into the user's .bib.

Only what is new is added, under readable keys (`panwar2024vattention`), without the fields
exporters add for themselves; what the file already has is skipped and named, what might be
the same paper is listed for the user to decide. The user's text is never rewritten (unless
`--update`, which edits only the values it changes), and the file is replaced atomically
with the previous version kept beside it: through a symlink where it points, with its line
endings and mode, never when it is read-only, and only if every value reads back as written
(else the previous file is put back and the message names the value).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from cvgen.bib.match import Index, Match, dblp_key, doi_key, fold, is_preprint, plain, title_key
from cvgen.bib.entries import BibEntry, load_bibtex
from cvgen.bib.write import (ReadBackError, ReadOnlyError, edit_fields, entry_span, format_entry, newline_of,
                             refuse_read_only, unwritable_value, write_checked)
from cvgen.core.errors import CvError, Problem, Problems
from cvgen.papers.lint import Variant, entry_lists, name_variants
from cvgen.bib.names import parse_name, split_names
from cvgen.papers.build import build_publication
from cvgen.core.sources import read_text
from cvgen.venues.figures import VenueFigures

# Fields exporters add that a CV never prints: search and library metadata, not facts of the paper.
# `keywords` is dropped too: exporters fill it with subject tags, and cvgen's sections select
# entries by keyword (`--keywords` sets the ones you want). `--keep-fields` keeps everything.
TRIMMED_FIELDS = frozenset("""
    abstract file files timestamp biburl bibsource keywords annote annotation note_zotero urldate
    langid language copyright issn isbn shorttitle groups ranking readstatus printed priority
    qualityassured owner date-added date-modified mendeley-tags mendeley-groups added-at interhash numpages
    intrahash eprintclass researcherid-numbers unique-id orcid-numbers web-of-science-categories
    da type_of_work
""".split())
_TRIMMED_PREFIXES = ("bdsk-", "mendeley-", "zotero-")
# cvgen's own fields: --update never takes them from an export.
OWN_FIELDS = frozenset({"venue", "badges", "badges_after", "author+an", "cycle", "keywords"})
_STOP_WORDS = frozenset("""a an the on of in for to towards toward and with from at by is are do does how what
    why when via using into as or its it this that we our""".split())


@dataclass
class Added:
    key: str
    source: BibEntry
    line: int  # where it starts in the target file
    venue: str  # what cvgen resolves it to, for the report
    suspects: list[Match] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what cvgen would say about it in a build


@dataclass
class Skipped:
    source: BibEntry
    match: Match
    updated: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # field -> (old, new)


@dataclass
class ImportResult:
    source: Path
    target: Path
    added: list[Added] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    trimmed: Counter[str] = field(default_factory=Counter)
    backup: Path | None = None
    written: bool = False
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)
    names: list[Variant] = field(default_factory=list)  # coauthor spellings the new entries bring


def backup_path(target: Path) -> Path:
    return target.with_name(target.name + ".bak")


def import_bib(source: Path, target: Path, *, update: bool = False, keep_fields: bool = False,
               dry_run: bool = False, keywords: str | None = None) -> ImportResult:
    """Merge `source` into `target` and return what happened; CvError when either file has errors."""
    problems = Problems()
    if keywords is not None and (why := unwritable_value(keywords)):
        raise CvError([Problem("--keywords", 0, 0, f"'{keywords}' {why}, so the .bib would no longer be read "
                                                   "from there on; write balanced braces, or none")])
    if not dry_run:
        try:
            refuse_read_only(target)
        except ReadOnlyError as exc:
            raise CvError([Problem(str(target), 0, 0, f"is read-only{_link_note(target, exc)}, so cvgen import does "
                                                      "not change it; make it writable (chmod u+w) to import into "
                                                      "it, or import --into another file")]) from None
    incoming = load_bibtex(source, problems)
    existing: dict[str, BibEntry] = {}
    old_bytes: bytes | None = None
    text = ""
    if target.exists():
        existing = load_bibtex(target, problems)
        got = read_text(target, problems)
        text = got or ""
        old_bytes = text.encode("utf-8") if got is not None else None
    if problems.errors:
        raise CvError(problems.items)
    result = ImportResult(source, target, dry_run=dry_run, warnings=[p.render() for p in problems.warnings])
    newline = newline_of(text)
    index = Index()
    for entry in existing.values():
        index.add(entry)
    taken = {k.casefold() for k in existing}
    updates: dict[str, dict[str, str]] = {}
    new_entries: list[tuple[int, str, str, dict[str, str]]] = []  # (order in export, type, key, fields)
    order = {id(e): i for i, e in enumerate(incoming.values())}
    merged = list(existing.values())
    volumes = {e.fields["crossref"].strip() for e in incoming.values() if e.fields.get("crossref", "").strip()}
    # Published versions first, so a pre-print later in the export meets its published version.
    for entry in sorted(incoming.values(), key=is_preprint):
        if entry.key in volumes:  # DBLP's @proceedings behind `crossref`: not a paper of yours
            result.skipped.append(Skipped(entry, Match("volume", entry.key, "")))
            continue
        fields = _kept_fields(entry, keep_fields, result.trimmed)
        match = index.duplicate(entry)
        if match is not None:
            skipped = Skipped(entry, match)
            if update and match.rule != "preprint" and match.key in existing:
                skipped.updated = _changes(existing[match.key], fields)
                if skipped.updated:
                    updates.setdefault(match.key, {}).update({n: new for n, (_, new) in skipped.updated.items()})
            result.skipped.append(skipped)
            index.add(replace(entry, key=match.key))  # its pre-print, later, is a pre-print of the user's entry
            continue
        key = _unique_key(_readable_key(entry), taken)
        taken.add(key.casefold())
        if keywords:
            fields["keywords"] = keywords
        added = Added(key, entry, 0, "", suspects=index.suspects(replace(entry, key=key)))
        new = BibEntry(str(target), key, entry.type, 0, fields, {})
        index.add(new)
        merged.append(new)
        result.added.append(added)
        new_entries.append((order[id(entry)], entry.type, key, fields))
    _refuse_unwritable(result, updates)
    new_keys = {a.key for a in result.added}
    result.names = [v for v in name_variants(entry_lists(merged), []) if new_keys & {u.entry.key for u in v.uses + v.usual_uses}]
    text = _apply_updates(text, existing, updates, newline)
    text = _append(text, sorted(new_entries), result, newline)
    data = text.encode("utf-8")
    if not dry_run and (result.added or updates):
        if old_bytes is not None:
            result.backup = backup_path(target)
        expected = {k: dict(e.fields, **updates.get(k, {})) for k, e in existing.items()}
        expected.update({key: fields for _, _, key, fields in new_entries})
        try:
            write_checked(target, data, old_bytes, result.backup, lambda path: _reads_back(path, expected))
        except ReadBackError as exc:
            raise CvError([Problem(str(target), 0, 0, f"{exc}; cvgen put the file back as it was, so nothing "
                                                      "changed (please report this: cvgen wrote a value it "
                                                      "cannot read)")]) from None
        result.written = True
    return result


def _link_note(target: Path, exc: Exception) -> str:
    return f" (it is a link to {exc})" if target.is_symlink() else ""


def _refuse_unwritable(result: ImportResult, updates: dict[str, dict[str, str]]) -> None:
    """Every value to write must read back as written: one that cannot (unbalanced braces) is an
    error at its entry in the export, and nothing is written."""
    problems = Problems()
    sources = {a.key: a.source for a in result.added} | {s.match.key: s.source for s in result.skipped}
    fields_of = [(a.key, a.source.fields) for a in result.added] + list(updates.items())
    for key, fields in fields_of:
        for name, value in fields.items():
            if not (why := unwritable_value(value)):
                continue
            source = sources[key]
            problems.error(source.file, source.where(name), 1,
                           f"the value of '{name}' of entry '{source.key}' {why}; cvgen cannot write it into "
                           "your .bib as it is; correct it in the export")
    problems.raise_if_errors()


def _reads_back(path: Path, expected: dict[str, dict[str, str]]) -> str | None:
    """What of the written file does not read back as meant (every entry, every value), or None."""
    problems = Problems()
    found = load_bibtex(path, problems)
    if problems.errors:
        return f"the file written no longer reads: {problems.errors[0].render(with_source=False)}"
    for key, fields in expected.items():
        if key not in found:
            return f"entry '{key}' is not read back from the file written"
        for name, value in fields.items():
            got = found[key].fields.get(name)
            if got is None or " ".join(got.split()) != " ".join(value.split()):
                return f"the value of '{name}' of entry '{key}' ({_short(value, 60)!r}) does not read back as written"
    return None


def _kept_fields(entry: BibEntry, keep_all: bool, trimmed: Counter[str]) -> dict[str, str]:
    """The export's fields without the exporters' metadata; a DBLP record keeps its id in `dblp`
    so the next import recognises it whatever key it now has."""
    kept: dict[str, str] = {}
    for name, value in entry.fields.items():
        if name == "crossref":
            continue  # the proceedings' fields are already inlined: the new entry stands alone
        if not keep_all and (name in TRIMMED_FIELDS or name.startswith(_TRIMMED_PREFIXES)):
            trimmed[name] += 1
            continue
        kept[name] = value
    if (dblp := dblp_key(entry)) and "dblp" not in kept:
        kept["dblp"] = dblp
    return kept


def _changes(known: BibEntry, fields: dict[str, str]) -> dict[str, tuple[str | None, str]]:
    """Fields of the export that the user's entry lacks or holds with another text."""
    changes: dict[str, tuple[str | None, str]] = {}
    for name, value in fields.items():
        if name in OWN_FIELDS:
            continue
        old = known.fields.get(name)
        if old is not None and name == "title" and title_key(old) == title_key(value):
            continue  # only case or punctuation differ: the user's own styling stays
        if old is not None and name == "doi" and doi_key(old) == doi_key(value):
            continue
        if old is None or not _same_text(old, value):
            changes[name] = (old, " ".join(value.split()))
    return changes


def _same_text(a: str, b: str) -> bool:
    return " ".join(plain(a).split()) == " ".join(plain(b).split())


def _apply_updates(text: str, existing: dict[str, BibEntry], updates: dict[str, dict[str, str]],
                   newline: str) -> str:
    spans = []
    for key, changes in updates.items():
        span = entry_span(text, existing[key].line, key)
        if span is None:
            entry = existing[key]
            raise CvError([Problem(entry.file, entry.line, 1, f"cvgen cannot follow the text of entry '{key}' "
                                                              "to update it; update it by hand")])
        spans.append((span, changes))
    for span, changes in sorted(spans, key=lambda s: -s[0].start):
        text = text[:span.start] + edit_fields(text, span, changes, newline) + text[span.end:]
    return text


def _append(text: str, entries: list[tuple[int, str, str, dict[str, str]]], result: ImportResult,
            newline: str) -> str:
    """The text with the new entries after it, each after a blank line; records where each starts."""
    if not entries:
        return text
    if text and not text.endswith(("\n", "\r")):
        text += newline
    by_key = {a.key: a for a in result.added}
    end = "\r" if newline == "\r" else "\n"
    line = text.count(end) + 1  # the line an editor shows
    for _, entry_type, key, fields in entries:
        added = by_key[key]
        added.line = line + 1
        written = newline + format_entry(entry_type, key, fields, newline) + newline
        line += written.count(end)
        text += written
        _describe(added, BibEntry(str(result.target), key, entry_type, added.line, fields, {}))
    return text


def _describe(added: Added, entry: BibEntry) -> None:
    """What cvgen makes of the new entry: its venue, and anything a build would complain about."""
    problems = Problems()
    try:
        pub = build_publication(entry, [], VenueFigures([]), False, problems)
    except Exception:  # noqa: BLE001 - the LaTeX decoder fails on some truncated commands
        added.venue = "its LaTeX cannot be read; check its fields"
        return
    added.problems = [p.message for p in problems.items]
    if pub is None:
        added.venue = "not buildable as it is"
        return
    tag = f", tag [{pub.tag}]" if pub.tag else ""
    if pub.resolved is not None:
        added.venue = f"venue {pub.resolved.acronym} ({pub.resolved.kind}){tag}"
    elif pub.kind in ("conference", "workshop"):
        added.venue = f"venue not resolved{tag} (write venue = {{ACRONYM}} for acceptance figures)"
    else:
        added.venue = f"{pub.kind}{tag}"


def _readable_key(entry: BibEntry) -> str:
    """`surname` + `year` + first meaningful title word, ASCII: panwar2024vattention."""
    people = entry.fields.get("author") or entry.fields.get("editor") or ""
    surname = _ascii_word(_first_surname(people)) or "anon"
    year = re.sub(r"\D", "", entry.fields.get("year", ""))[:4] or "nd"
    words = title_key(entry.fields.get("title", "")).split()
    word = next((w for w in (_ascii_word(w) for w in words if w not in _STOP_WORDS) if w), "")
    return f"{surname}{year}{word}"


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))[:24]


def _first_surname(raw: str) -> str:
    """The first person's surname, without 'von' parts: 'van der Aalst, Wil' -> 'Aalst'."""
    names = split_names(raw)
    name = parse_name(names[0]) if names else None
    return "" if name is None or name.others else name.last


def _unique_key(base: str, taken: set[str]) -> str:
    if base.casefold() not in taken:
        return base
    for suffix in "bcdefghijklmnopqrstuvwxyz":
        if (base + suffix).casefold() not in taken:
            return base + suffix
    n = 2
    while f"{base}{n}".casefold() in taken:
        n += 1
    return f"{base}{n}"


def report(result: ImportResult) -> str:
    """What the import did, in the order a person checks it: added, skipped, suspects, the file."""
    target, lines = result.target, []
    verb = "would add" if result.dry_run else "added"
    lines.append(f"cvgen import: {result.source} -> {target}")
    lines.append(f"{verb.capitalize()} ({len(result.added)}):")
    for a in sorted(result.added, key=lambda a: a.line):
        lines.append(f"  + {target}:{a.line}: {a.key} {a.venue} (from {a.source.key}, line {a.source.line})")
        lines.append(f"      {_short(plain(a.source.fields.get('title', '')))}")
        for message in a.problems:
            lines.append(f"      ! {message}")
    lines.append(f"Skipped ({len(result.skipped)}):")
    for s in result.skipped:
        if s.match.rule == "volume":
            lines.append(f"  = {s.source.file}:{s.source.line}: {s.source.key}: the proceedings volume its papers "
                         "cross-reference (its fields are copied into them), not a paper")
            continue
        rule = s.match.detail if s.match.rule == "preprint" else f"{s.match.rule}: {s.match.detail}"
        lines.append(f"  = {s.source.file}:{s.source.line}: {s.source.key} is {s.match.key} ({rule})")
        for name, (old, new) in s.updated.items():
            was = "added" if old is None else f"was {_short(old, 40)!r}"
            verb = "would update" if result.dry_run else "updated"
            lines.append(f"      {verb} {name} = {_short(new, 60)!r} ({was})")
    suspects = [(a, m) for a in result.added for m in a.suspects]
    lines.append(f"Suspects ({len(suspects)}): {'check these by hand' if suspects else 'none'}")
    for a, m in suspects:
        lines.append(f"  ? {target}:{a.line}: {a.key} and {m.key}: {m.detail}")
    if result.names:
        lines.append(f"Coauthor spellings to check ({len(result.names)}; cvgen check warns about them once listed):")
    for v in result.names:
        keys = ", ".join(u.entry.key for u in v.uses[:3]) + (f" and {len(v.uses) - 3} more" if len(v.uses) > 3 else "")
        lines.append(f"  ~ '{v.text}' ({keys}) looks like '{v.usual}' ({_entries(len(v.usual_uses))}): {v.reason}")
    if result.trimmed:
        shown = ", ".join(f"{n} ({c})" for n, c in sorted(result.trimmed.items()))
        lines.append(f"Fields left out (cvgen does not print them; --keep-fields keeps them): {shown}")
    updated = sum(bool(s.updated) for s in result.skipped)
    if result.written:
        saved = f"the previous version is in {result.backup}" if result.backup else "a new file"
        lines.append(f"Wrote {target}: {len(result.added)} added, {updated} updated; {saved}. "
                     "Your existing text is unchanged" + (" apart from the updated values." if updated else "."))
    elif result.dry_run:
        lines.append(f"Dry run: {target} was not written.")
    else:
        lines.append(f"Nothing new: {target} was not written.")
    return "\n".join(lines)


def _entries(n: int) -> str:
    return "1 entry" if n == 1 else f"{n} entries"


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


