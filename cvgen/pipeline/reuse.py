"""Parsed inputs remembered by content: `cvgen watch` re-checks after every save, and a save
changes one file; the others (cv.yaml, the .bib, venues.yaml) are not parsed again while their
bytes are the ones parsed last time (issue 22: reuse what did not change, keyed by digest).

Only what a file's bytes alone decide is remembered: the parse and the problems it reported
(replayed, in order, into the new check). A file is hashed before and after its parse and
remembered only when both agree, so one saved during the parse is parsed again next time.
One version per file and reader is kept. A one-shot `cvgen build` pays two hashes of its
inputs (well under a millisecond for a CV) and never hits; the digests serve its stamp, which
records the inputs as they were read, not as they are after TeX (`digests_read`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from cvgen.core.errors import Problem, Problems
from cvgen.core.digest import file_digest

T = TypeVar("T")

_LAST: dict[tuple[str, str], tuple[str, object, list[Problem]]] = {}
_READ: dict[str, str | None] = {}  # path -> the digest of the bytes its last parse read (None: unsure)


def reused(load: Callable[[Path, Problems], T], path: Path, problems: Problems) -> T:
    """`load(path, problems)`, or its remembered result when the file's bytes are unchanged."""
    where = (f"{load.__module__}.{load.__qualname__}", os.path.abspath(path))
    before = file_digest(where[1])  # None: not a regular file (or a link): always parsed afresh
    last = _LAST.get(where)
    if before is not None and last is not None and last[0] == before:
        problems.items.extend(last[2])
        _READ[where[1]] = before
        return last[1]  # type: ignore[return-value]
    start = len(problems.items)
    value = load(path, problems)
    if before is not None and file_digest(where[1]) == before:
        _LAST[where] = (before, value, problems.items[start:])
        _READ[where[1]] = before
    else:
        _LAST.pop(where, None)
        _READ[where[1]] = None
    return value


def digests_read(paths: list[str]) -> dict[str, str | None]:
    """The digests of the bytes the last parse of each of `paths` read (None where unsure), for
    the no-op stamp: a file saved while TeX ran must not be recorded as the one built from."""
    return {os.path.abspath(p): _READ[os.path.abspath(p)] for p in paths if os.path.abspath(p) in _READ}
