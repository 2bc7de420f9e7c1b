"""Problems with the user's input, reported all at once with file, line and column.

Every stage collects `Problem`s instead of raising at the first one, so a person editing
a long CV sees every mistake of a run together. `CvError` is the one exception family the
command line prints (it is a `click.ClickException`), so user mistakes never show a traceback.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import click

from cvgen.core.policy import stops

EXIT_USER_ERROR = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one input file: where it is, what is wrong and what to do."""

    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based; 0 when unknown
    message: str
    severity: str = field(default="error", compare=False)  # "error" or "warning"
    left_out: bool = field(default=False, compare=False)  # a BibTeX entry that could not be read and is left out
    in_entry: bool = field(default=False, compare=False)  # about one BibTeX entry: counted on the build's last line

    def location(self) -> str:
        if self.line <= 0:
            return self.file
        if self.col <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.col}"

    def render(self, with_source: bool = True, files: dict[str, list[str] | None] | None = None) -> str:
        """`file:line:col: error: message` followed by the offending line and a caret.

        Control and bidi characters from the user's files (a key, a quoted value, the source
        line) are shown as escapes, so a file cannot drive the terminal that shows its errors.
        `files` caches each file's lines across problems (see `render_all`).
        """
        text = f"{printable(self.location())}: {self.severity}: {printable(self.message)}"
        if with_source and self.line > 0:
            files = {} if files is None else files
            if self.file not in files:
                files[self.file] = _lines(self.file)
            lines = files[self.file]
            source = lines[self.line - 1].rstrip() if lines is not None and 1 <= self.line <= len(lines) else None
            if source is not None:
                source, col = _window(source.expandtabs(1), self.col)
                text += f"\n    {printable(source)}"
                if col > 0:
                    text += "\n    " + " " * len(printable(source[: col - 1])) + "^"
        return text


SHOWN_CHARS = 160  # of a source line: a 100,000-character line must not flood the terminal


def _window(source: str, col: int) -> tuple[str, int]:
    """At most SHOWN_CHARS of `source` around column `col` (1-based; 0: the start), and the
    column within what is shown."""
    if len(source) <= SHOWN_CHARS:
        return source, col
    start = max(0, min(col - 1 - SHOWN_CHARS // 2, len(source) - SHOWN_CHARS))
    shown = ("..." if start else "") + source[start:start + SHOWN_CHARS] + \
        ("..." if start + SHOWN_CHARS < len(source) else "")
    return shown, (col - start + (3 if start else 0)) if col > 0 else 0


def printable(text: str) -> str:
    """`text` with control, bidi and other invisible format characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if unicodedata.category(ch) == "Zs":
        return ch  # a space such as U+00A0: harmless, though str.isprintable says no
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _lines(file: str) -> list[str] | None:
    try:
        return Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None


def render_all(problems: list[Problem]) -> list[str]:
    """Every problem rendered, each file read once (3,000 warnings on one .bib: one read)."""
    files: dict[str, list[str] | None] = {}
    return [p.render(files=files) for p in problems]


class CvError(click.ClickException):
    """The user's input has problems; carries all of them."""

    exit_code = EXIT_USER_ERROR

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.col))
        errors = sum(p.severity == "error" for p in self.problems)
        super().__init__(f"{errors} error(s)")

    def format_message(self) -> str:
        return "\n".join(render_all(self.problems))

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        stream = file or sys.stderr
        click.echo(self.format_message(), file=stream)
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        click.echo(f"cvgen: {errors} error(s), {warnings} warning(s); nothing was written.", file=stream)


class BuildError(click.ClickException):
    """A build step outside the user's data failed (TeX missing, TeX error, timeout)."""

    exit_code = EXIT_USER_ERROR

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"cvgen: error: {self.format_message()}", file=file or sys.stderr)


class Problems:
    """A collector that stages append to; `raise_if_errors` ends the run when needed."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, file: str | Path, line: int, col: int, message: str) -> None:
        self.items.append(Problem(str(file), line, col, message))

    def warn(self, file: str | Path, line: int, col: int, message: str, left_out: bool = False) -> None:
        """A problem the CV prints around (see cvgen.core.policy); `--strict` makes it an error."""
        self.items.append(Problem(str(file), line, col, message, "warning", left_out))

    def mark_in_entry(self, start: int) -> None:
        """The warnings from `start` on are about one BibTeX entry each (cvgen.core.policy counts them)."""
        self.items[start:] = [replace(p, in_entry=True) if p.severity == "warning" else p for p in self.items[start:]]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self, strict: bool = False) -> None:
        """Stop the run on an error; with `strict`, every warning is one (cvgen.core.policy)."""
        if stops(self.items, strict):
            raise CvError(self.items if not strict else [replace(p, severity="error") for p in self.items])
