"""Writing into the user's .bib without disturbing it: entry and field spans, new entries as
BibTeX text, and an atomic replace with a backup that is checked by reading it back.

`cvgen import` must keep every byte the user wrote: new entries are appended, and an update
edits only the values it changes (found here by their offsets), so comments, alignment,
`@string`s, field order, line endings (LF, CRLF, CR) and the file's mode stay as they were. A
symlinked .bib (a shared library) is written where the link points, never replaced by a copy;
a read-only one is refused; a file that does not read back as written is put back as it was.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Fields written first, in this order; the others follow in the order of the export.
FIRST_FIELDS = ("title", "author", "editor", "booktitle", "journal", "year", "month")


@dataclass
class FieldSpan:
    name: str  # lower case
    value_start: int
    value_end: int


@dataclass
class EntrySpan:
    """Where one entry is in the text: `@` to its closing brace, and each field's value."""

    start: int
    end: int  # just after the closing brace
    fields: list[FieldSpan] = field(default_factory=list)
    indent: str = "  "
    name_width: int = 0  # field names padded to this width before ' = ' (0: no padding)


class _Unreadable(Exception):
    """The scanner met something it cannot follow (the loader would have reported it)."""


def entry_span(text: str, line: int, key: str | None = None) -> EntrySpan | None:
    """The entry whose `@` is on 1-based `line` (lines end at LF, CRLF or CR alone, as the reader
    counts them), or None when it cannot be followed. With `key`, the first entry at or after
    that line under that key, so a line count that went wrong can never edit another entry."""
    offset = 0
    lines = re.sub(r"\r(?!\n)", "\n", text)  # same offsets
    for _ in range(line - 1):
        offset = lines.find("\n", offset) + 1
        if offset == 0:
            return None
    if key is None:
        start = text.find("@", offset)
    else:
        m = re.compile(r"@\s*[\w-]+\s*[{(]\s*" + re.escape(key) + r"\s*,").search(text, offset)
        start = m.start() if m else -1
    if start < 0:
        return None
    try:
        return _scan(text, start)
    except (_Unreadable, IndexError):
        return None


def newline_of(text: str) -> str:
    """The line ending a file uses: CRLF, CR alone (old Mac files) or LF (also for a new file)."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


def unwritable_value(value: str) -> str | None:
    """Why `value` cannot be written as `{value}` and read back the same, or None: BibTeX's
    braces must balance inside a braced value (`{x` would swallow the rest of the file)."""
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return "has a '}' without its '{'"
    return "has a '{' without its '}'" if depth else None


def _scan(text: str, start: int) -> EntrySpan:
    m = re.compile(r"@\s*[\w-]+\s*([{(])").match(text, start)
    if not m:
        raise _Unreadable
    close = "}" if m.group(1) == "{" else ")"
    i = text.index(",", m.end())  # after the key
    span = EntrySpan(start, 0)
    while True:
        while text[i] in ", \t\r\n":
            i += 1
        if text[i] == close:
            span.end = i + 1
            return span
        name_m = re.compile(r"([^\s=,{}()\"#]+)\s*=\s*").match(text, i)
        if not name_m:
            raise _Unreadable
        if not span.fields:
            line_start = text.rfind("\n", 0, i) + 1
            span.indent = text[line_start:i] if not text[line_start:i].strip() else "  "
            span.name_width = text.index("=", i) - i - 1  # 'title     = ' keeps its alignment
        i = name_m.end()
        value_start = i
        i = _value_end(text, i)
        span.fields.append(FieldSpan(name_m.group(1).lower(), value_start, i))


def _value_end(text: str, i: int) -> int:
    """The end of a value: braced or quoted parts and bare words joined by '#'."""
    while True:
        ch = text[i]
        if ch == "{":
            depth = 0
            while True:
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
                if depth == 0:
                    break
        elif ch == '"':
            i += 1
            depth = 0
            while text[i] != '"' or depth > 0:
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            i += 1
        else:
            word = re.compile(r"[^\s,#{}()\"]+").match(text, i)
            if not word:
                raise _Unreadable
            i = word.end()
        end = i
        while text[i] in " \t\r\n":
            i += 1
        if text[i] != "#":
            return end
        i += 1
        while text[i] in " \t\r\n":
            i += 1


def braced(value: str) -> str:
    """A field value in braces, its whitespace (line breaks of the export) made single spaces."""
    return "{" + " ".join(value.split()) + "}"


def format_entry(entry_type: str, key: str, fields: dict[str, str], newline: str = "\n") -> str:
    """A new entry in the layout of content/publications.bib: one field a line, names aligned."""
    names = [n for n in FIRST_FIELDS if n in fields] + [n for n in fields if n not in FIRST_FIELDS]
    width = max((len(n) for n in names), default=0)
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"  {name.ljust(width)} = {braced(fields[name])}," for name in names]
    lines.append("}")
    return newline.join(lines)


def edit_fields(text: str, span: EntrySpan, changes: dict[str, str], newline: str = "\n") -> str:
    """The entry's text with the values of `changes` replaced or added; nothing else moves."""
    entry = text[span.start:span.end]
    base = span.start
    existing = {f.name: f for f in span.fields}
    edits: list[tuple[int, int, str]] = []
    for name, value in changes.items():
        if name in existing:
            f = existing[name]
            edits.append((f.value_start - base, f.value_end - base, braced(value)))
    added = [n for n in changes if n not in existing]
    if added:
        at = (span.fields[-1].value_end - base) if span.fields else entry.index(",") + 1
        comma = "" if not span.fields else ","
        text_added = "".join(f"{comma if i == 0 else ','}{newline}{span.indent}{n.ljust(span.name_width)} = "
                             f"{braced(changes[n])}" for i, n in enumerate(added))
        if not span.fields:
            text_added = text_added.lstrip(",")
        edits.append((at, at, text_added))
    for start, end, new in sorted(edits, reverse=True):
        entry = entry[:start] + new + entry[end:]
    return entry


def through_links(path: Path) -> Path:
    """The file a symlink (or a chain of them) points to: the file to write, atomically there,
    so a .bib linked to a shared library keeps being the link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


class ReadOnlyError(Exception):
    """The target is read-only: the user protected it, cvgen does not override that."""


def refuse_read_only(path: Path) -> None:
    """ReadOnlyError when `path` (through links) exists without a write permission bit, or the
    user may not write it. The bits count even for root, who may write anything."""
    real = through_links(path)
    if real.exists() and (real.stat().st_mode & 0o222 == 0 or not os.access(real, os.W_OK)):
        raise ReadOnlyError(str(real))


def write_atomically(path: Path, data: bytes, expected: bytes | None, backup: Path | None) -> None:
    """Replace `path` (through links) by `data` (temporary file in the same folder, fsync, rename),
    after keeping the previous bytes in `backup`; refuses when the file changed since it was read,
    or is read-only. The file keeps its permission bits."""
    real = through_links(path)
    refuse_read_only(real)
    current = real.read_bytes() if real.exists() else None
    if current != expected:
        raise FileChangedError(str(path))
    mode = real.stat().st_mode & 0o7777 if real.exists() else 0o644
    if backup is not None and current is not None:
        _replace(backup, current, mode)
    _replace(real, data, mode)


class FileChangedError(Exception):
    """The target file changed between reading and writing (another program wrote it)."""


class ReadBackError(Exception):
    """The written file did not read back as written; the previous one was put back."""


def write_checked(path: Path, data: bytes, expected: bytes | None, backup: Path | None,
                  check: Callable[[Path], str | None]) -> None:
    """`write_atomically`, then read the written file again with `check` (which says what does
    not read back, or None); on a problem the previous bytes go back (atomically; a file that
    did not exist is removed) and ReadBackError carries the message."""
    write_atomically(path, data, expected, backup)
    real = through_links(path)
    if (problem := check(real)) is None:
        return
    if expected is None:
        real.unlink(missing_ok=True)
    else:
        _replace(real, expected, real.stat().st_mode & 0o7777)
    raise ReadBackError(problem)


def _replace(path: Path, data: bytes, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)  # the rename itself reaches the disk
    except OSError:
        pass
    finally:
        os.close(folder)
