"""The venue name index cached in the user's cache folder as plain, checked JSON.

Never pickle: a cache restored from an untrusted CI branch (or any file someone put in
`~/.cache/cvgen/`) must not run code when read. The file is read without following a link,
only when it is a regular file of at most 16 MB, and every field is checked (types, and every
venue a table points to exists) before use; anything else means the index is rebuilt.
The index's own types stay in venue_names.py, which passes their constructors in.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from typing import Any

MAX_CACHE_BYTES = 16 * 2**20
_TABLES = ("by_lower", "raw", "stripped", "cased", "cased_all")


def cache_path(key: str) -> str:
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(home, "cvgen", f"venue-index-{key}.json")


def load(path: str, make_venue: Callable[..., Any], make_index: Callable[..., Any]) -> Any | None:
    """The cached index, or None when missing, not a regular file, too large or malformed."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            data = f.read(MAX_CACHE_BYTES + 1)
        if len(data) > MAX_CACHE_BYTES:
            return None
        return _from_json(json.loads(data), make_venue, make_index)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def save(path: str, index: Any) -> None:
    """Write the index (a venue_names._Index) for the next run; a failure only costs time."""
    data = {"venues": {k: [v.kind, v.full_name, list(v.aliases), v.field, v.source] for k, v in index.venues.items()},
            "ambiguous": {k: list(v) for k, v in index.ambiguous.items()},
            "names": [[list(tokens), canon] for tokens, canon in index.names],
            "name_words": {k: sorted(v) for k, v in index.name_words.items()},
            **{name: getattr(index, name) for name in _TABLES}}
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "x", encoding="utf-8") as f:
            json.dump(data, f, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        pass


def _strs(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValueError("not a list of strings")
    return value


def _from_json(data: object, make_venue: Callable[..., Any], make_index: Callable[..., Any]) -> Any:
    if not isinstance(data, dict):
        raise ValueError("not an object")
    venues = {}
    for acronym, row in data["venues"].items():
        if not (isinstance(row, list) and len(row) == 5 and all(isinstance(row[i], str) for i in (0, 1, 3, 4))):
            raise ValueError("bad venue")
        venues[acronym] = make_venue(acronym, row[0], row[1], tuple(_strs(row[2])), row[3], row[4])

    def table(name: str) -> dict[str, str]:
        value = data[name]
        if not isinstance(value, dict) or not all(isinstance(v, str) and v in venues for v in value.values()):
            raise ValueError(f"bad {name}")
        return value

    ambiguous = {k: tuple(_strs(v)) for k, v in data["ambiguous"].items()}
    names = tuple((tuple(_strs(tokens)), canon) for tokens, canon in data["names"])
    name_words = {k: frozenset(_strs(v)) for k, v in data["name_words"].items()}
    if any(c not in venues for _, c in names) or any(k not in venues for k in name_words) \
            or any(c not in venues for v in ambiguous.values() for c in v):
        raise ValueError("unknown venue")
    return make_index(venues=venues, ambiguous=ambiguous, names=names, name_words=name_words,
                      **{name: table(name) for name in _TABLES})
