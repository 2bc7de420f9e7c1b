"""A publications section's groups and numbers: which entries go under which heading, and the
label each prints ("[J12]", "C-3"). Plain values; enrich words the headings.

Entries arrive newest first (publications.sort_newest_first). Each goes to the first group it
fits; a group with no filter takes every entry left. Numbers run over the whole section or
restart in each group, ascending or descending ("[J12] ... [J1]"), in the order printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from cvgen.model.cv import PublicationSelection
from cvgen.model.papers import PublicationGroup
from cvgen.model.words import ENGLISH, Words
from cvgen.papers.build import Publication


@dataclass(frozen=True)
class Group:
    """One group as printed: heading (None for a section without groups), its papers and labels."""

    title: str | None
    intro: str | None
    papers: tuple[Publication, ...]
    labels: tuple[str | None, ...]  # the printed number of each paper, or None


def fits(p: Publication, g: PublicationGroup) -> bool:
    """Whether a publication belongs to a group (every filter the group gives must hold)."""
    if g.keys is not None and p.key not in g.keys:
        return False
    if g.types is not None and p.entry_type not in {t.lower() for t in g.types}:
        return False
    if g.keyword is not None and g.keyword.casefold() not in p.keywords:
        return False
    return g.year is None or p.year == g.year


def _split(pubs: list[Publication], sel: PublicationSelection,
           words: Words = ENGLISH) -> list[tuple[PublicationGroup | None, list[Publication]]]:
    if sel.groups:
        placed: list[tuple[PublicationGroup | None, list[Publication]]] = [(g, []) for g in sel.groups]
        for p in pubs:
            for g, members in placed:
                if g is not None and fits(p, g):
                    members.append(p)
                    break
        return placed
    if sel.group_by_year:
        # One heading per year, per state of a paper not yet out (a submitted paper is not 'In
        # press'), and one for no year at all (no year is not forthcoming).
        years: dict[str, list[Publication]] = {}
        for p in pubs:
            heading = (words.undated if p.undated else str(p.year) if p.year
                       else _capital(words.status(p.status or "forthcoming")))
            years.setdefault(heading, []).append(p)
        return [(PublicationGroup(title=heading), members) for heading, members in years.items()]
    return [(None, list(pubs))]


def unplaced(pubs: list[Publication], sel: PublicationSelection) -> list[Publication]:
    """The entries a section selects that fit none of its groups (they are left out)."""
    if not sel.groups:
        return []
    return [p for p in pubs if not any(fits(p, g) for g in sel.groups)]


def _capital(text: str) -> str:
    """A heading's first letter up, the rest as the locale writes it ('In press', 'Im Druck')."""
    return text[:1].upper() + text[1:]


def groups(pubs: list[Publication], sel: PublicationSelection, words: Words = ENGLISH) -> list[Group]:
    """The section's groups (empty ones left out), each paper with its printed number; a year
    group's heading for papers not yet out, or undated, in the CV's words."""
    split = [(g, members) for g, members in _split(pubs, sel, words) if members]
    total = sum(len(members) for _, members in split)
    out, done = [], 0
    for g, members in split:
        label = (g.label if g is not None and g.label else None) or sel.label
        labels: list[str | None] = []
        for k in range(len(members)):
            if sel.numbering == "none":
                labels.append(None)
                continue
            count, index = (len(members), k) if sel.number_per_group else (total, done + k)
            n = count - index if sel.numbering == "descending" else index + 1
            labels.append(label.replace("{n}", str(n)))
        done += len(members)
        count_text = str(len(members))
        out.append(Group(g.title.replace("{count}", count_text) if g else None,
                         g.intro.replace("{count}", count_text) if g and g.intro else None,
                         tuple(members), tuple(labels)))
    return out
