"""Venue names and the resolution of free text (a booktitle, journal or series) to a venue.

The names table (``cvgen/data/venue_names.csv``, see its README) lists each venue once: an
acronym, a kind, a full name, aliases, acronyms it shares with other venues, the research
field, and where a generated row comes from (the CORE list). Resolution never guesses,
because a wrong venue prints a wrong acceptance rate:

* a text that names a track, satellite or co-located event of a venue (NIER, demos, a
  workshop, Findings, a companion volume, a Spring Symposium, ...) is a *track* of it, never
  the venue itself (`decide` says which; `resolve` returns None);
* a full name matches only as whole words between boundaries: "Formal Methods in
  Computer-Aided Design" is not "Formal Methods", the "Midwest Symposium on Circuits and
  Systems" is not the "Symposium on Circuits and Systems";
* acronyms match whole (FMCAD is not FM); acronyms listed as ambiguous only by full name;
* journal words (transactions, journal, letters, ...) never resolve to a conference.

Generic rules live here; venue names live in the data. Nothing is read at import time.
"""
from __future__ import annotations

import csv
import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cvgen.venues.text import (GENERIC, JOURNAL_WORDS, LEAD_OK, QUALIFIERS, ROMAN, acronym_candidates, ascii_text,
                         key_tokens, name_stream, name_tokens, raw_key, stripped_key, strip_track_words,
                         trailing_year_acronym, track_marker, words)

__all__ = ["Venue", "Decision", "venue", "resolve", "decide", "search", "all_venues", "booktitle_years"]

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
NAMES_FILE = os.path.join(DATA_DIR, "venue_names.csv")


@dataclass(frozen=True)
class Venue:
    acronym: str
    kind: str  # conference / journal / workshop / preprint
    full_name: str
    aliases: tuple[str, ...]
    field: str = ""  # research field (CORE's), where known
    source: str = ""  # "" for rows written for cvgen, else the list the row comes from


@dataclass(frozen=True)
class Decision:
    """What a text names: a venue, a track of a venue (`host`, `track`), or nothing."""

    venue: Venue | None
    host: Venue | None = None
    track: str | None = None  # the words that make it a track: "new ideas and emerging results", "workshop"


# --------------------------------------------------------------------------
# The index

@dataclass(frozen=True)
class _Index:
    venues: dict[str, Venue]            # canonical acronym -> Venue
    by_lower: dict[str, str]            # canonical acronym, lowercased -> canonical
    raw: dict[str, str]                 # raw key -> canonical (unambiguous only)
    stripped: dict[str, str]            # stripped key -> canonical (unique only)
    ambiguous: dict[str, tuple[str, ...]]  # raw key of an ambiguous acronym -> venues
    names: tuple[tuple[tuple[str, ...], str], ...]  # (name tokens, canonical), longest first
    name_words: dict[str, frozenset[str]]  # canonical -> all words of its names
    cased: dict[str, str]               # case-sensitive acronym/alias -> canonical
    cased_all: dict[str, str]           # the same, with the generated (CORE) rows: for tracks' hosts


def read_rows(path: str = NAMES_FILE) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@functools.lru_cache(maxsize=None)
def _index() -> _Index:
    """The name index, from the user's cache when the names file and the code are unchanged.

    Building it takes ~100 ms; loading the cached copy a few ms. The cache is checked JSON,
    never pickle (venue_cache.py); any problem with it means a fresh build."""
    import hashlib
    import sys

    from cvgen.venues import cache as venue_cache

    digest = hashlib.sha256()
    here = os.path.dirname(os.path.abspath(__file__))
    for part in (NAMES_FILE, os.path.abspath(__file__), os.path.join(here, "text.py"),
                 os.path.join(here, "cache.py")):
        with open(part, "rb") as f:
            digest.update(f.read())
    digest.update(sys.version.encode())
    cached = venue_cache.cache_path(digest.hexdigest()[:24])
    index = venue_cache.load(cached, Venue, _Index)
    if isinstance(index, _Index):
        return index
    index = build_index(read_rows())
    venue_cache.save(cached, index)
    return index


def _split(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split("|") if a.strip()]


def build_index(rows: Iterable[dict[str, str]]) -> _Index:
    """The index of a names table (rows as in venue_names.csv); the build script uses it too."""
    venues: dict[str, Venue] = {}
    ambiguous_of: dict[str, list[str]] = {}
    for row in rows:
        v = Venue(row["venue"].strip(), row["kind"].strip(), row["full_name"].strip(),
                  tuple(_split(row.get("aliases"))),
                  (row.get("field") or "").strip(), (row.get("source") or "").strip())
        venues[v.acronym] = v
        for a in _split(row.get("ambiguous_acronyms")):
            ambiguous_of.setdefault(raw_key(a), []).append(v.acronym)

    ambiguous = {k: tuple(sorted(set(vs))) for k, vs in ambiguous_of.items()}
    raw_sets: dict[str, set[str]] = {}
    stripped_sets: dict[str, set[str]] = {}
    cased_sets: dict[str, set[str]] = {}
    names: dict[tuple[str, ...], set[str]] = {}
    name_words: dict[str, frozenset[str]] = {}
    for v in venues.values():
        spellings = (v.acronym, v.full_name) + v.aliases
        all_words: set[str] = set()
        for s in spellings:
            raw, stripped = raw_key(s), stripped_key(s)
            if raw:
                raw_sets.setdefault(raw, set()).add(v.acronym)
            if stripped and not (v.source and s == v.full_name):  # 'Information Security [Symposium]'
                stripped_sets.setdefault(stripped, set()).add(v.acronym)
            tokens = name_tokens(s)
            all_words.update(tokens)
            all_words.update(key_tokens(s))
            if sum(t not in GENERIC for t in tokens) >= 2:
                names.setdefault(tokens, set()).add(v.acronym)
        for s in (v.acronym,) + v.aliases:
            if len(s) >= 3 and sum(c.isupper() for c in s) >= 2 and " " not in s:
                cased_sets.setdefault(s, set()).add(v.acronym)
        name_words[v.acronym] = frozenset(all_words)

    raw = {k: next(iter(vs)) for k, vs in raw_sets.items() if len(vs) == 1 and k not in ambiguous}
    shared_raw = raw_sets.keys() - raw.keys()
    stripped = {k: next(iter(vs)) for k, vs in stripped_sets.items()
                if len(vs) == 1 and k not in ambiguous and k not in shared_raw}
    cased_all = {k: next(iter(vs)) for k, vs in cased_sets.items()
                 if len(vs) == 1 and raw_key(k) not in ambiguous}
    # A bare capitalised token inside free text is trusted only for venues written for cvgen.
    cased = {k: a for k, a in cased_all.items() if not venues[a].source}
    unique_names = [(t, next(iter(vs))) for t, vs in names.items() if len(vs) == 1]
    # A name inside another venue's longer name ("Security and Privacy" in "Symposium on
    # Security and Privacy") is not distinctive enough to be found inside free text; it still
    # matches as a whole string.
    inside: dict[tuple[str, ...], set[str]] = {}
    for u, b in unique_names:
        for i in range(len(u)):
            for j in range(i + 1, len(u) + 1 - (i == 0)):
                inside.setdefault(u[i:j], set()).add(b)
    # (A generated row never hides a name written for cvgen: CORE's "Australasian Joint
    # Conference on Artificial Intelligence" leaves IJCAI's name alone.)
    def hidden(t: tuple[str, ...], a: str) -> bool:
        others = inside.get(t, set()) - {a}
        return bool(others if venues[a].source else {o for o in others if not venues[o].source})

    name_list = tuple(sorted(
        ((t, a) for t, a in unique_names if not hidden(t, a)),
        key=lambda item: (-len(item[0]), item[0])))
    return _Index(venues=venues, by_lower={a.lower(): a for a in venues}, raw=raw, stripped=stripped,
                  ambiguous=ambiguous, names=name_list, name_words=name_words, cased=cased, cased_all=cased_all)


# --------------------------------------------------------------------------
# Lookup

def venue(acronym: str, idx: _Index | None = None) -> Venue | None:
    """The venue with this canonical acronym or alias (case-insensitive); None for unknown
    names and for ambiguous acronyms (FSE, SEC, CC, SC, ISC: use a full name)."""
    idx = idx or _index()
    key = raw_key(acronym)
    if not key or key in idx.ambiguous:
        return None
    canonical = idx.raw.get(key)
    return idx.venues[canonical] if canonical else None


def all_venues() -> list[Venue]:
    return sorted(_index().venues.values(), key=lambda v: (v.acronym.lower(), v.acronym))


def _by_acronym(text: str, idx: _Index, short: bool | None = None) -> set[str]:
    """Venues whose acronym, alias or name is the whole text, a parenthesis or a segment of it
    (`short`: only candidates of at most two words, i.e. acronym-like ones; False: only longer)."""
    found: set[str] = set()
    for cand in acronym_candidates(text):
        if short is not None and (len(key_tokens(cand)) <= 2) != short:
            continue
        raw = raw_key(cand)
        if not raw or raw in idx.ambiguous:
            continue
        hit = idx.raw.get(raw) or idx.stripped.get(stripped_key(cand))
        if hit is None and (base := trailing_year_acronym(raw)) and base not in idx.ambiguous:
            hit = idx.raw.get(base)  # 'SOSP23', 'ICSE2024'
        if hit:
            found.add(hit)
    return found


def _by_name(text: str, idx: _Index) -> str | None:
    """The longest full name (or long alias) found in the text between word boundaries: what
    comes before it is a break, a generic or ordinal word, or a word of the venue's own names,
    and what follows it is a break or a word of its own names ("Formal Methods in
    Computer-Aided Design" does not contain the venue "Formal Methods")."""
    tokens, breaks = name_stream(text)
    n = len(tokens)
    best_len, best = 0, set()
    for name, canonical in idx.names:
        k = len(name)
        if k < best_len:
            break
        if k > n:
            continue
        own = idx.name_words[canonical]
        for i in range(n - k + 1):
            if tokens[i:i + k] != name:
                continue
            before = tokens[i - 1] if i and i not in breaks else "|"
            after = tokens[i + k] if i + k < n and i + k not in breaks else "|"
            if before in QUALIFIERS or (before != "|" and before not in LEAD_OK and before not in own):
                continue
            if after == "and" or (after != "|" and after not in own and not ROMAN.match(after)):
                continue
            best_len = k
            best.add(canonical)
            break
    return next(iter(best)) if len(best) == 1 else None


def _by_cased_token(text: str, idx: _Index) -> set[str]:
    """Capitalised acronyms written in the text, unless a region follows ('SIGGRAPH Asia')."""
    found = set()
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9&+/\-]*[A-Za-z0-9+]", ascii_text(text)):
        after = re.match(r"[\s\-]*([A-Za-z]+)", text[m.end():m.end() + 30]) if text.isascii() else None
        if m.group() in idx.cased and not (after and after.group(1).lower() in QUALIFIERS):
            found.add(idx.cased[m.group()])
    return found


def _named(text: str, idx: _Index) -> str | None:
    """The one venue the text names (acronyms first, then full names, then a capitalised token)."""
    hits = _by_acronym(text, idx)
    if len(hits) > 1:
        # A written acronym that disagrees with the name around it: 'International Conference
        # on Management of Data, COMAD' is not SIGMOD, whose ACM proceedings share that name.
        by_name = _by_name(text, idx)
        acronyms = _by_acronym(text, idx, short=True)
        if acronyms and by_name not in acronyms:
            return None
        return by_name if by_name in hits else None
    if hits:
        return next(iter(hits))
    choice = _by_name(text, idx)
    if choice is None:
        cased = _by_cased_token(text, idx)
        choice = next(iter(cased)) if len(cased) == 1 else None
    return choice


def _compound_track(text: str, idx: _Index) -> Decision | None:
    """'ICSE-NIER', 'MODELS-SRC': a venue's acronym joined to a track's."""
    for head, tail in re.findall(r"\b([A-Za-z][A-Za-z0-9&+]*)-([A-Za-z]+)\b", ascii_text(text)):
        host = idx.cased_all.get(head)
        marker = track_marker([tail.lower()], frozenset())
        if host and marker:
            return Decision(None, idx.venues[host], marker)
    return None


@functools.lru_cache(maxsize=4096)  # a long CV names the same few booktitles again and again
def decide(text: str) -> Decision:
    """What a booktitle / journal / series names: `Decision(venue)`, a track of a venue
    (`Decision(None, host, track)`), or `Decision(None)` when nothing or more than one venue
    matches."""
    return decide_in(text, _index())


def decide_in(text: str, idx: _Index) -> Decision:
    """`decide` against a given index (the build script checks new names against the old)."""
    if not text or not text.strip():
        return Decision(None)
    choice = _named(text, idx)
    if choice is None:
        # 'Companion Proceedings of the Web Conference': the host is named once the track is set aside.
        marker = track_marker(words(text), frozenset())
        if marker and marker not in JOURNAL_WORDS:
            # A track names no figures, so its host may be named by any written acronym
            # ('Proceedings of the LREC 2010 Workshop on ...').
            hosts = {idx.cased_all[t] for t in re.findall(r"[A-Za-z][A-Za-z0-9&+/\-]*[A-Za-z0-9+]", text)
                     if t in idx.cased_all}
            host = _named(strip_track_words(text), idx) or (next(iter(hosts)) if len(hosts) == 1 else None)
            if host:
                return Decision(None, idx.venues[host], marker)
        return _compound_track(text, idx) or Decision(None)
    v = idx.venues[choice]
    # Only the venue's current name excuses a track word: WACV, once the "IEEE Workshop on
    # Applications of Computer Vision", has workshops that are not WACV.
    own = frozenset(words(v.full_name)) | frozenset(words(v.acronym))
    if v.kind == "journal":
        own |= JOURNAL_WORDS
    marker = track_marker(words(text), own)
    if marker:
        return Decision(None, v, marker)
    return Decision(v)


def resolve(text: str) -> Venue | None:
    """The venue a text names, or None (unknown, ambiguous, or a track of a venue)."""
    return decide(text).venue


_YEAR4 = re.compile(r"(?<![\d.])(19[5-9]\d|20\d\d)(?!\d)")
_YEAR2 = re.compile(r"(?<=[A-Za-z)\s])['’‘`´](\d{2})(?!\d)")


def booktitle_years(text: str) -> set[int]:
    """Conference years written in a booktitle: 2024, '24, ’24 (not edition numbers: ISCA-50)."""
    years = {int(y) for y in _YEAR4.findall(text)}
    years |= {(1900 if int(y) >= 60 else 2000) + int(y) for y in _YEAR2.findall(text)}
    return years


# --------------------------------------------------------------------------
# Search

def search(query: str) -> list[Venue]:
    """Venues matching an acronym/alias or words of their names, best first."""
    idx = _index()
    key = raw_key(query)
    if not key:
        return []
    q_words = [t for t in name_tokens(query) if t not in GENERIC] or key.split()
    scored: list[tuple[float, str]] = []
    for acronym, v in idx.venues.items():
        score = 0.0
        spellings = {raw_key(s) for s in (acronym,) + v.aliases}
        if key == raw_key(acronym):
            score = 1000
        elif key in spellings or idx.ambiguous.get(key, ()) and acronym in idx.ambiguous[key]:
            score = 900
        elif any(s.startswith(key) for s in spellings) and len(key) >= 2:
            score = 500 - min(len(s) for s in spellings if s.startswith(key))
        else:
            all_words = idx.name_words[acronym]
            matched = sum(any(w == q or (len(q) >= 3 and w.startswith(q)) for w in all_words) for q in q_words)
            if matched:
                full = set(name_tokens(v.full_name))
                in_full = sum(q in full for q in q_words)
                score = 100 * matched / len(q_words) + 10 * in_full / len(q_words) - len(full) / 100
                if matched < len(q_words):
                    score /= 4
        if score > 0:
            if v.source:  # at equal match, a venue written for cvgen (with figures) first
                score -= 0.5
            scored.append((score, acronym))
    scored.sort(key=lambda s: (-s[0], s[1].lower()))
    return [idx.venues[a] for _, a in scored]
