"""Reading the user's files: the text of any file, and YAML that remembers where every value came from.

The readers collect problems (with 1-based line and column) instead of stopping at the
first one. Nothing here knows about LaTeX output or the CV model.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from cvgen.core.errors import Problems

Path_ = tuple[str | int, ...]

# The C loader is several times faster on large files; fall back when libyaml is absent.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, eq=False)
class Origin:
    """Where a checked value was written: its file and YAML path, with the file's table of
    positions (shared by every value of the file), so a later stage names a line without the
    parsed YAML."""

    file: str
    path: Path_
    positions: Mapping[Path_, tuple[int, int]]

    def where(self, *below: str | int) -> tuple[int, int]:
        """Line and column of this value, or of a value below it (`"items", 2`), or of the
        nearest ancestor that has one."""
        probe = self.path + below
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def line(self, *below: str | int) -> str:
        """`file:line`, as messages and the output's origin comments name a place."""
        return f"{self.file}:{self.where(*below)[0]}"


NOWHERE = Origin("cv.yaml", (), {})  # the place of a value built in code (a test's CV), not read from a file


@dataclass
class YamlDoc:
    """Plain data plus the position of every value and every mapping key."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)  # numbers as typed: a text field keeps "3.80"
    unreadable: set[Path_] = field(default_factory=set)  # values already reported (`!!float abc`)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of `path`, or of its nearest ancestor that has a position."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def origin(self, path: Path_) -> Origin:
        """The value at `path`'s place in this file, to carry on the checked value."""
        return Origin(self.file, tuple(path), self.values)


MAX_INPUT_BYTES = 50 * 1024 * 1024  # far beyond any CV or .bib; a bound on every read


def read_text(path: Path, problems: Problems, latin1: bool = False) -> str | None:
    """The file's text, or None with a problem when it is missing, not a regular file, too large,
    not UTF-8 or holds a NUL byte. A pipe or device is never opened for reading (it could block
    forever or never end). With `latin1`, a file that is not UTF-8 is read as Windows-1252 /
    Latin-1 with a warning (old .bib files are; BibTeX reads bytes)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        problems.error(path, 0, 0, "file not found; check the path (relative paths are relative to the CV file)")
        return None
    except IsADirectoryError:
        problems.error(path, 0, 0, "is a folder, not a file")
        return None
    except OSError as exc:
        problems.error(path, 0, 0, f"cannot be read ({exc.strerror})")
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            problems.error(path, 0, 0, "is a folder, not a file")
            return None
        if not stat.S_ISREG(info.st_mode):
            problems.error(path, 0, 0, "is not a regular file (a pipe, socket or device); save the content to a file")
            return None
        if info.st_size > MAX_INPUT_BYTES:
            problems.error(path, 0, 0, f"is {info.st_size / 2**20:.0f} MB; cvgen reads input files of at most "
                                       f"{MAX_INPUT_BYTES // 2**20} MB (is it the right file?)")
            return None
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        problems.error(path, 0, 0, f"cannot be read ({exc.strerror})")
        return None
    finally:
        os.close(fd)
    if len(data) > MAX_INPUT_BYTES:  # it grew while we read
        problems.error(path, 0, 0, f"is over {MAX_INPUT_BYTES // 2**20} MB; cvgen reads input files of at most that")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data[: exc.start].decode("utf-8", errors="replace"))
        if not latin1:
            problems.error(path, line, col, "this byte is not UTF-8; save the file as UTF-8")
            return None
        problems.warn(path, line, col, "this byte is not UTF-8, so the file is read as Latin-1 (Windows-1252); "
                                       "save it as UTF-8 to be sure of every accent")
        text = data.decode("cp1252", errors="strict") if _is_cp1252(data) else data.decode("latin-1")
    if "\0" in text:
        line, col = _position(text[: text.index("\0")])
        problems.error(path, line, col, "a NUL byte (U+0000) is here; remove it (is this a text file?)")
        return None
    return text


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:  # five bytes Windows-1252 leaves undefined
        return False
    return True


def _position(before: str) -> tuple[int, int]:
    """1-based line and column just after the text `before`."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def load_yaml(path: Path, problems: Problems) -> YamlDoc | None:
    """Parse a YAML file keeping positions; syntax errors and duplicate keys become problems."""
    text = read_text(path, problems)
    if text is None:
        return None
    doc = YamlDoc(str(path), None)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            problems.error(path, 1, 1, "the file is empty; it must hold a mapping of keys to values")
            return None
        doc.data = _walk(loader, node, (), doc, problems)
    except _TooManyValues:
        if _distinct_nodes(node) >= MAX_VALUES:  # written out, not repeated through aliases
            problems.error(path, 1, 1, f"the YAML holds more than {MAX_VALUES:,} values (keys, list items), the most "
                                       "cvgen reads from one file; a CV needs a few thousand: is this the right file?")
        else:
            problems.error(path, 1, 1, f"the YAML expands to more than {MAX_VALUES:,} values, the most cvgen reads "
                                       "from one file, through &anchors and *aliases that repeat each other; a CV "
                                       "needs far fewer, so use fewer aliases")
        return None
    except (yaml.YAMLError, RecursionError) as exc:
        if isinstance(exc, RecursionError) or _nesting_depth(text) > MAX_NESTING:
            # Decided by measuring the text, not by the library's wording (PyYAML 6.0.4's libyaml
            # stops at 1,000 levels with a message of its own; older versions overflow the stack).
            problems.error(path, 1, 1, "the YAML is nested too deeply to read (thousands of levels of brackets "
                                       "or indentation); flatten it")
            return None
        if not isinstance(exc, yaml.MarkedYAMLError):
            problems.error(path, 0, 0, f"YAML syntax: {exc}")
            return None
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        lines = text.splitlines()
        hint = _yaml_hint(what, lines[line - 1] if 0 < line <= len(lines) else "")
        context = exc.context_mark
        if context is not None and exc.context and (line > text.count("\n") or "expected" in what):
            # At the end of the file the opening bracket or block is the useful place to show.
            hint += f" ({exc.context} that starts at line {context.line + 1}, column {context.column + 1})"
            if line > len(text.splitlines()):
                line, col = context.line + 1, context.column + 1
        problems.error(path, line, col, f"YAML syntax: {what}; {hint}")
        return None
    finally:
        loader.dispose()
    return doc


MAX_NESTING = 200  # a CV is a few levels deep; far below any YAML library's own limit


def _nesting_depth(text: str) -> int:
    """The deepest nesting of flow brackets (outside quotes and comments) or of indentation."""
    deepest = depth = 0
    quote = ""
    for line in text.splitlines():
        deepest = max(deepest, (len(line) - len(line.lstrip(" "))) // 2)
        for ch in line:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif ch in "]}":
                depth = max(0, depth - 1)
    return deepest


def _yaml_hint(problem: str, line: str) -> str:
    """A hint from the text at fault where it can be seen there, else from the parser's words."""
    if "\t" in line[: len(line) - len(line.lstrip(" \t"))] or "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "quote a value that contains ': ' or fix the indentation"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation and that every bracket and quote is closed"
    if "found undefined alias" in problem:
        return "define the &anchor before using *alias"
    return "check the indentation and quoting near here"


MAX_VALUES = 100_000  # a long CV has a few thousand; aliases (*a) can multiply a 1 KB file past any memory


def _distinct_nodes(root: yaml.Node) -> int:
    """How many nodes the file itself writes (an alias reuses its anchor's node), counted up to MAX_VALUES."""
    seen: set[int] = set()
    stack = [root]
    while stack and len(seen) < MAX_VALUES:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return len(seen)


class _TooManyValues(Exception):
    """The document expands to more values than MAX_VALUES (an alias bomb, or not a CV)."""


def _walk(loader: Any, node: yaml.Node, path: Path_, doc: YamlDoc, problems: Problems) -> Any:
    if len(doc.values) >= MAX_VALUES:
        raise _TooManyValues
    doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        written = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
        loader.flatten_mapping(node)  # `<<: *anchor` pairs come first; a key written out overrides them
        result: dict[str, Any] = {}
        merged: set[str] = set()  # keys whose value so far comes from a `<<` merge
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.error(doc.file, line, col, "a key must be plain text, not a list or mapping")
                continue
            key = _scalar(loader, key_node, doc, problems)
            key = key if isinstance(key, str) else str(key)
            if key in result and key not in merged:
                first = doc.keys[path + (key,)]
                problems.error(
                    doc.file, line, col,
                    f"duplicate key '{key}' (first given at line {first[0]}); keep only one",
                )
                continue
            if id(key_node) in written:
                merged.discard(key)
            else:
                merged.add(key)
            doc.raw.pop(path + (key,), None)  # an overridden merged value leaves nothing behind
            doc.unreadable.discard(path + (key,))
            doc.keys[path + (key,)] = (line, col)
            result[key] = _walk(loader, value_node, path + (key,), doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, path + (i,), doc, problems) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # dates stay text: the model checks them (2022-02-30 gets a message, not a crash)
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"):
        doc.raw[path] = node.value
    return _scalar(loader, node, doc, problems, path)


def _scalar(loader: Any, node: yaml.Node, doc: YamlDoc, problems: Problems, path: Path_ | None = None) -> Any:
    """A scalar's value; one its tag cannot read (`!!float abc`, a 5,000-digit number) is a problem."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, KeyError, TypeError):
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        problems.error(doc.file, node.start_mark.line + 1, node.start_mark.column + 1,
                       f"cannot read '{shown}' as {node.tag.rsplit(':', 1)[-1]}; "
                       "quote it to keep it as text, or fix the value")
        if path is not None:
            doc.unreadable.add(path)
        return node.value
