"""The warning policy, in one place (README, "Warnings, errors and --strict").

A problem inside one BibTeX entry is a warning at its file:line:col and the entry prints with
what it has (never anything invented); an entry whose text cannot be recovered is left out with
a warning naming its key and line. `--strict` turns every warning into an error. Errors without
`--strict` are kept for what cannot print correctly at all: cv.yaml and venues.yaml mistakes, an
unreadable file, a limit exceeded. Warnings never change the exit status.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Protocol



class _Located(Protocol):
    file: str
    line: int


class _Problem(Protocol):  # cvgen.core.errors.Problem (which imports this module, not the other way)
    file: str
    line: int
    severity: str
    left_out: bool
    in_entry: bool


def stops(problems: Sequence[_Problem], strict: bool) -> bool:
    """Whether these problems end the run: any error, or with `strict` any warning."""
    return any(p.severity == "error" or strict for p in problems)


def attention(problems: Iterable[_Problem], entries: Iterable[_Located]) -> tuple[int, int]:
    """(entries with a warning, entries left out): each warning about one entry (read or built:
    `in_entry`) counts once for the entry it falls in (the last one starting at or before its
    line); warnings about the publications as a whole (the coauthor lint) are not counted."""
    starts: dict[str, list[int]] = {}
    for entry in entries:
        starts.setdefault(entry.file, []).append(entry.line)
    for lines in starts.values():
        lines.sort()
    warned: set[tuple[str, int]] = set()
    left: set[tuple[str, int]] = set()
    for p in problems:
        if p.severity != "warning" or not (p.in_entry or p.left_out):
            continue
        if p.left_out:
            left.add((p.file, p.line))
            continue
        lines = starts.get(p.file)
        if not lines or p.line < lines[0]:
            continue
        warned.add((p.file, lines[bisect.bisect_right(lines, p.line) - 1]))
    return len(warned), len(left)


def closing(problems: Iterable[_Problem], entries: Iterable[_Located]) -> str:
    """The end of the build's last line: '; 3 entries need attention, 1 left out' (or '')."""
    warned, left = attention(problems, entries)
    parts = []
    if warned:
        parts.append(f"{warned} entr{'y needs' if warned == 1 else 'ies need'} attention")
    if left:
        parts.append(f"{left} left out")
    return "; " + ", ".join(parts) if parts else ""
