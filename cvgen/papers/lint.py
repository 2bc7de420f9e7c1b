"""Consistency of the publications: one person spelled two ways, one paper listed twice.

`cvgen check` (and every build) warns when a coauthor's name is written differently across
entries ("Bhargav S. Gulavani", "Bhargav S Gulavani", "Bhargav Gulavani"; "Amey" and its
PDF-copy twin "Arney"): one warning per person, at the first odd spelling, listing each
spelling and the file:line of its entries; and when a title or a DOI appears twice. Warnings
only (`--strict` makes them errors): a CV that repeats a name two ways still builds.
Spellings that really are two people are silenced with
`settings: {distinct_people: [[A. Smith, Alan Smith]]}` in cv.yaml.

It reads the built publications: the authors the PDF prints (after `settings.max_authors`),
never the CV's owner (every spelling owner matching marks bold). Spellings are compared only
within a block of the same last word and first initial, so a 5,000-author entry or a 1,000-entry
import costs time linear in the names, not quadratic.

Names are compared conservatively, because telling someone their coauthor's name is wrong
when it is another person is worse than saying nothing: different full first names never
match ("Amit Kumar" and "Anil Kumar"), an initial matches a full name only when exactly one
full name fits, and two spellings in the same author list are two people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cvgen.bib.match import doi_key, fold, plain, title_key
from cvgen.bib.entries import BibEntry
from cvgen.bib.names import parse_name, split_names
from cvgen.core.errors import Problems

if TYPE_CHECKING:
    from cvgen.model.settings import Settings
    from cvgen.papers.build import Publication


# Letter pairs that PDF text extraction and OCR confuse ('Amey' read as 'Arney').
_LOOKALIKES = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("ii", "u"))
HINT = ("if one person, write one spelling in every entry; if two people, add [{a}, {b}] to "
        "'distinct_people' under settings in cv.yaml")


@dataclass(frozen=True)
class Spelling:
    """One way a name is written: as printed, and folded into given names and surname words."""

    text: str  # decoded, as the CV prints it
    given: tuple[str, ...]  # folded words of the given names ('bhargav', 's')
    surname: tuple[str, ...]  # folded words of the surname ('calero', 'valdez')

    @property
    def words(self) -> tuple[str, ...]:
        return self.given + self.surname


def spelling(raw: str) -> Spelling | None:
    """A raw BibTeX name ('Calero Valdez, Andr{\\'e}', 'Bhargav S. Gulavani') parsed as BibTeX does
    (cvgen.bib.names); None for `others`, a corporate author in braces, or a single word."""
    raw = " ".join(raw.split())
    if not raw or (raw.startswith("{") and raw.endswith("}")):
        return None
    name = parse_name(raw)
    given, surname = _words(name.first), _words(f"{name.von} {name.last}")
    if name.others or not given or not surname:
        return None
    return Spelling(name.display, given, surname)


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s.\-‐'’]+", fold(text)) if w)


def _unlook(word: str) -> str:
    for a, b in _LOOKALIKES:
        word = word.replace(a, b)
    return word


def why_same(a: Spelling, b: Spelling) -> str | None:
    """Why `a` and `b` are probably one person written two ways, or None when they may be two."""
    if a.words == b.words:
        if a.surname == b.surname:
            return "they differ only in accents, case or punctuation"
        return "the same words apart from accents, hyphens or which of them form the surname"
    if a.surname == b.surname:
        return _given_alike(a.given, b.given)
    for x, y in ((a, b), (b, a)):  # 'Valdez, André Calero' and 'Calero Valdez, A': resplit one as the other
        n = len(y.surname)
        if len(x.words) > n and x.words[-n:] == y.surname and len(x.surname) != n:
            if reason := _given_alike(x.words[:-n], y.given):
                return reason
    if a.given == b.given and len(a.given[0]) > 1 and _unlook("".join(a.surname)) == _unlook("".join(b.surname)):
        return "the surnames differ only in letters that look alike in PDFs ('rn' and 'm')"
    return None


def _given_alike(x: tuple[str, ...], y: tuple[str, ...]) -> str | None:
    first_x, first_y = x[0], y[0]
    if len(first_x) > 1 and len(first_y) > 1:
        if first_x != first_y:
            if len(x) == len(y) and x[1:] == y[1:] and min(len(first_x), len(first_y)) >= 3 \
                    and _unlook(first_x) == _unlook(first_y):
                return "the first names differ only in letters that look alike in PDFs ('rn' and 'm')"
            return None  # two different first names: two people
        rest_x, rest_y = x[1:], y[1:]
        if _compatible(rest_x, rest_y):
            return "one has a middle name or initial the other lacks or abbreviates"
        return None
    if first_x[0] != first_y[0] or not _compatible(x[1:], y[1:]):
        return None
    return "initials against a full first name"


def _compatible(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    """Middle names that can be the same: one missing, or an initial of the other."""
    if not x or not y:
        return True
    if len(x) != len(y):
        return False
    return all(a == b or (len(a) == 1 or len(b) == 1) and a[0] == b[0] for a, b in zip(x, y))


@dataclass(frozen=True)
class AuthorList:
    """The author names of one entry that the lint reads: as written in the .bib (to find their
    line and column), the CV's owner left out (the owner is not a coauthor of their own)."""

    entry: BibEntry
    names: tuple[str, ...]


def entry_lists(entries: Iterable[BibEntry], limit: int = 100) -> list[AuthorList]:
    """Author lists straight from BibTeX entries (`cvgen import`, which has no CV): at most the
    first `limit` names, as a build prints them."""
    return [AuthorList(e, tuple(split_names(e.fields.get("author", ""))[:limit])) for e in entries]


def shown_lists(pubs: Iterable[Publication], entries: dict[str, BibEntry], limit: int) -> list[AuthorList]:
    """The author lists the CV prints: after the author cap (`settings.max_authors` keeps the
    first `limit` names of a longer list), without every spelling of the owner (`name`,
    `bold_names`, the variants owner matching accepts: the authors built as `owner`). Each
    entry once, however many sections list it."""
    seen: set[str] = set()
    out = []
    for pub in pubs:
        entry = entries.get(pub.key)
        if entry is None or pub.key in seen or pub.editors:
            continue
        seen.add(pub.key)
        raw = split_names(entry.fields.get("author", ""))
        shown = raw if len(raw) <= limit else raw[:limit]
        out.append(AuthorList(entry, tuple(n for n, a in zip(shown, pub.authors) if not a.owner)))
    return out


@dataclass
class _Use:
    entry: BibEntry
    spelling: Spelling
    raw: str  # as written in the .bib, to find its line and column


@dataclass(frozen=True)
class Variant:
    """A spelling (`text`, in the entries of `uses`) that looks like the usual one, `usual`."""

    text: str
    usual: str
    reason: str
    uses: tuple[_Use, ...]
    usual_uses: tuple[_Use, ...]


def _block(s: Spelling) -> tuple[str, str]:
    """Spellings that can be one person share this key: the last word (letters that look alike
    made one) and the first initial. Every rule of `why_same` keeps both, so comparing within a
    block finds what comparing all pairs finds, in time linear in the number of spellings."""
    return _unlook(s.words[-1]), s.given[0][0]


def name_variants(lists: Iterable[AuthorList], distinct: list[list[str]]) -> list[Variant]:
    """Every spelling that seems to be one person written otherwise than in most entries."""
    uses: dict[str, list[_Use]] = defaultdict(list)
    in_entries: dict[str, set[int]] = defaultdict(set)  # spellings that share an author list are two people
    for n, listing in enumerate(lists):
        for raw in listing.names:
            s = spelling(raw)
            if s is None:
                continue
            if not uses[s.text] or uses[s.text][-1].entry is not listing.entry:
                uses[s.text].append(_Use(listing.entry, s, raw))
            in_entries[s.text].add(n)
    apart = {(_compact(a), _compact(b)) for group in distinct for a in group for b in group}
    spellings = {text: found[0].spelling for text, found in uses.items()}
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for text, s in spellings.items():
        blocks[_block(s)].append(text)
    found: list[Variant] = []
    for text, s in sorted(spellings.items()):
        candidates = []
        for other in blocks[_block(s)]:
            if other == text or (_compact(text), _compact(other)) in apart \
                    or not in_entries[text].isdisjoint(in_entries[other]):
                continue
            if reason := why_same(s, spellings[other]):
                candidates.append((other, reason))
        initials = {spellings[o].given[0] for o, r in candidates if r.startswith("initials")}
        if len(initials) > 1:  # 'A. Kumar' fits both 'Amit Kumar' and 'Anil Kumar': say nothing about it
            candidates = [(o, r) for o, r in candidates if not r.startswith("initials")]
        mine = _rank(text, uses, spellings)
        better = [(_rank(o, uses, spellings), o, r) for o, r in candidates if _rank(o, uses, spellings) > mine]
        if better:  # else this is the spelling to keep; the others are the variants
            _, other, reason = max(better)
            found.append(Variant(text, other, reason, tuple(uses[text]), tuple(uses[other])))
    return found


def check_publications(sections: list[list[Publication] | None], entries: dict[str, BibEntry], settings: Settings,
                       problems: Problems) -> None:
    """The printed publications (of every section) as a whole: a coauthor spelled two ways, a
    title or DOI twice."""
    pubs = [p for section in sections for p in section or []]
    check_names(shown_lists(pubs, entries, settings.max_authors), settings.distinct_people or [], problems)
    listed = {p.key for p in pubs}
    check_repeats([e for e in entries.values() if e.key in listed], problems)


def check_names(lists: Iterable[AuthorList], distinct: list[list[str]], problems: Problems) -> None:
    """One warning per person written more than one way, at the first entry that spells them
    otherwise than most entries do, listing every other spelling and where it is."""
    lines: dict[str, list[str]] = {}
    people: dict[str, list[Variant]] = defaultdict(list)
    for v in name_variants(lists, distinct):
        people[v.usual].append(v)
    for usual, variants in people.items():
        usual_uses = variants[0].usual_uses
        where = ", ".join(f"'{u.entry.key}' (line {u.entry.where('author')})" for u in usual_uses[:3])
        more = f" and {len(usual_uses) - 3} more" if len(usual_uses) > 3 else ""
        places = sorted((((u.entry.file, *_position(u, lines)), u, v) for v in variants for u in v.uses),
                        key=lambda p: p[0])
        (file, line, col), first, v = places[0][0], places[0][1], places[0][2]
        if len(places) == 1:
            problems.warn(file, line, col,
                          f"coauthor '{v.text}' of entry '{first.entry.key}' is written '{usual}' in {where}{more}: "
                          f"{v.reason}; " + HINT.format(a=v.text, b=usual))
            continue
        spelt = "; ".join(f"'{v.text}' in " + _places([p for p in places if p[2] is v]) + f" ({v.reason})"
                          for v in variants)
        problems.warn(file, line, col, f"coauthor '{usual}' (as in {where}{more}) is also written {spelt}; "
                                       + HINT.format(a=variants[0].text, b=usual))


def _places(places: list[tuple[tuple[str, int, int], _Use, Variant]], shown: int = 5) -> str:
    """'key' (file:line) of each use, the first few of them."""
    text = ", ".join(f"'{u.entry.key}' ({f}:{line})" for (f, line, _), u, _ in places[:shown])
    return text + (f" and {len(places) - shown} more" if len(places) > shown else "")


def _lines(file: str, cache: dict[str, list[str]]) -> list[str]:
    if file not in cache:
        try:
            cache[file] = Path(file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            cache[file] = []
    return cache[file]


def _column(file: str, line: int, name: str, cache: dict[str, list[str]]) -> int:
    """Column of field `name` on its line (1 when it cannot be found)."""
    text = _lines(file, cache)
    if 1 <= line <= len(text) and (m := re.search(rf"\b{re.escape(name)}\s*=", text[line - 1], re.I)):
        return m.start() + 1
    return 1


def _position(use: _Use, lines: dict[str, list[str]]) -> tuple[int, int]:
    """Line and column of the name in the author field (which may span lines), else the field's line."""
    start = use.entry.where("author")
    text, first_word = _lines(use.entry.file, lines), use.raw.split()[0]
    for number in range(start, min(start + 40, len(text) + 1)):
        col = text[number - 1].find(use.raw if number == start else first_word)
        if col < 0 and number == start:
            col = text[number - 1].find(first_word)
        if col >= 0:
            return number, col + 1
    return start, 1


def _rank(text: str, uses: dict[str, list[_Use]], spellings: dict[str, Spelling]) -> tuple[int, int, int, str]:
    """The spelling to keep: used by more entries, then more (and fuller) given names, then longer."""
    s = spellings[text]
    return (len(uses[text]), len(s.given) + sum(len(g) > 1 for g in s.given), len(text), text)


def _compact(text: str) -> str:
    return "".join(ch for ch in fold(plain(text)) if ch.isalnum())


def check_repeats(entries: list[BibEntry], problems: Problems) -> None:
    """Warn when two entries share a title (after normalisation) or a DOI."""
    lines: dict[str, list[str]] = {}
    for what, key_of in (("title", lambda e: title_key(e.fields.get("title", ""))),
                         ("DOI", lambda e: doi_key(e.fields.get("doi", "")))):
        first: dict[str, BibEntry] = {}
        for entry in entries:
            value = key_of(entry)
            if not value:
                continue
            if value in first:
                known = first[value]
                name = "title" if what == "title" else "doi"
                line = entry.where(name)
                problems.warn(entry.file, line, _column(entry.file, line, name, lines),
                              f"entry '{entry.key}' has the same {what} as entry '{known.key}' (line "
                              f"{known.where(name)}); remove one, or keep both only if they are different "
                              "papers (a pre-print and its published version: keep the published one)")
            else:
                first[value] = entry
