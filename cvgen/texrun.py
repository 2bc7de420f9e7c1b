"""One safe TeX run: the environment, the spawn, the kill timer, and what the log means.

The engine runs with shell escape off, file access limited to its work folder (openin/openout
paranoid), stdin closed, reproducible dates and a timeout; under `setpriv --pdeathsig` it dies
with cvgen even when cvgen is killed. A failed run is explained in the user's terms: TeX's own
message, the .tex line, and the YAML entry or BibTeX key that wrote it (the `%% cvgen-source:`
comment above that line). Which passes to run, and on which format, is compile.py's business.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from . import ENGINES, theme_dir
from .charset import missing_glyphs
from .errors import BuildError

SOURCE_MARK = "%% cvgen-source: "
DUMP_MARK = r"\csname endofdump\endcsname"
INSTALL_HINT = (
    "apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended "
    "texlive-latex-extra texlive-fonts-recommended lmodern"
)
_MARK_LINE = re.compile(r"^" + re.escape(DUMP_MARK) + r"$", re.M)
# What TeX says when the format file itself is at fault (missing, truncated, foreign).
_FORMAT_TROUBLE = re.compile(r"Fatal format file error|can't find the format|Could not undump|^---! .*\.fmt\b", re.M)


@dataclass(frozen=True)
class TexSource:
    """A rendered document. `preamble` is what a precompiled format may hold (the text before
    the dump mark), None for a document that must be typeset plainly; the `%% cvgen-source:`
    comments in `text` say which entry wrote each part."""

    text: str

    @property
    def preamble(self) -> str | None:
        match = _MARK_LINE.search(self.text)
        if match is None:
            return None
        preamble = self.text[:match.start()]
        # mylatexformat reads the preamble by lines; a line ending in % would glue the mark to it.
        if not preamble.endswith("\n") or preamble[:-1].endswith("%"):
            return None
        return preamble

    def origin(self, line: int) -> str:
        """The entry that wrote .tex line `line`: the nearest source comment above it."""
        lines = self.text.splitlines()
        for i in range(min(line, len(lines)) - 1, -1, -1):
            if lines[i].startswith(SOURCE_MARK):
                return lines[i][len(SOURCE_MARK):].rstrip("%").strip()
        return "the theme (latex_templates)"

    def origin_of_text(self, char: str) -> str:
        for i, text in enumerate(self.text.splitlines()):
            if char in text and not text.startswith(SOURCE_MARK):
                return f" (from {self.origin(i + 1)})"
        return ""


class MissingGlyphs(BuildError):
    """TeX printed a document without some characters: no font had them."""

    def __init__(self, message: str, chars: list[str]) -> None:
        super().__init__(message)
        self.chars = chars


class FormatBroken(Exception):
    """A pass on a format failed in a way that blames the format, not the document."""


def work_dir(pdf: Path, engine: str) -> Path:
    return pdf.resolve().parent / ".cvgen" / f"{pdf.stem}-{engine}"


def copy_theme(work: Path) -> None:
    """The theme's files into the work folder (TEXINPUTS is only `.`), rewriting only changes."""
    for item in sorted(theme_dir().iterdir()):
        if item.is_file():
            data = item.read_bytes()
            target = work / item.name
            try:
                if target.read_bytes() == data:
                    continue
            except OSError:
                pass
            target.write_bytes(data)


def engine_exe(engine: str) -> str:
    """The engine's executable, or a BuildError that says how to install it."""
    if engine not in ENGINES:
        raise BuildError(f"unknown TeX engine '{engine}'; use one of {', '.join(ENGINES)}")
    exe = shutil.which(engine)
    if exe is None:
        raise BuildError(f"the TeX engine '{engine}' is not installed. Install TeX Live with:\n  sudo {INSTALL_HINT}"
                         + ("\n  and for lualatex/xelatex also: sudo apt-get install -y --no-install-recommends "
                            "texlive-luatex texlive-xetex fonts-cmu fonts-noto-cjk fonts-dejavu-core"
                            if engine != "pdflatex" else ""))
    return exe


def tex_env(source_date_epoch: str | None = None) -> dict[str, str]:
    """The engine's environment: no shell escape, paranoid file access, reproducible dates."""
    env = dict(os.environ)
    env.update({
        "openin_any": "p",
        "openout_any": "p",
        "shell_escape": "f",
        "SOURCE_DATE_EPOCH": source_date_epoch or os.environ.get("SOURCE_DATE_EPOCH", "0"),
        "FORCE_SOURCE_DATE": "1",
        "TEXINPUTS": ".:",
        "max_print_line": "10000",
        "LC_ALL": "C.UTF-8",
    })
    return env


def tex_args(exe: str, fmt_name: str | None = None, name: str = "cv.tex", draft: bool = False) -> list[str]:
    args = [exe, "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape"]
    if draft:  # no PDF written: a pass that only has to count the pages
        args.append("-draftmode")
    if fmt_name is not None:
        args += ["-no-parse-first-line", f"-fmt={fmt_name}"]
    return args + [name]


def spawn(args: list[str], work: Path, out: Path) -> subprocess.Popen[bytes]:
    """Start TeX in `work`, its terminal output into the file `out`."""
    env = tex_env()
    if any(a.startswith("-fmt=") for a in args):
        env["MKTEXFMT"] = "0"  # a missing format is our business, not mktexfmt's
    setpriv = shutil.which("setpriv")  # util-linux
    if setpriv:  # if cvgen is killed (even with SIGKILL), its TeX is killed too: no orphan
        args = [setpriv, "--pdeathsig", "KILL", "--", *args]
    with open(out, "wb") as sink:  # a file, not a pipe: TeX never blocks on a full pipe
        return subprocess.Popen(args, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                stdout=sink, stderr=subprocess.STDOUT)


def wait_for(proc: subprocess.Popen[bytes], timeout: float) -> int | None:
    """The exit code, or None after killing the process at the timeout.

    A blocking wait with a kill timer: `Popen.wait(timeout=...)` polls with sleeps of up to
    50 ms, which would add that much to every pass.
    """
    expired = threading.Event()

    def kill() -> None:
        expired.set()
        proc.kill()

    timer = threading.Timer(timeout, kill)
    timer.daemon = True
    timer.start()
    try:
        code = proc.wait()
    finally:
        timer.cancel()
    return None if expired.is_set() else code


def wait(proc: subprocess.Popen[bytes], work: Path, timeout: float, engine: str) -> int:
    code = wait_for(proc, timeout)
    if code is None:
        (work / "cv.aux").unlink(missing_ok=True)
        raise BuildError(f"{engine} did not finish within {round(timeout)} s and was stopped (a loop in the "
                         "document?); the previous PDF is unchanged")
    return code


def check_pass(returncode: int, work: Path, source: TexSource, log: Path, formatted: bool,
               draft: bool = False) -> None:
    """Raise the right error for a failed pass (and drop its .aux); copy the log beside the PDF."""
    if (work / "cv.log").exists():
        shutil.copyfile(work / "cv.log", log)
        text = (work / "cv.log").read_text(encoding="utf-8", errors="replace")
    else:
        text = read(work / "tex.out")
    missing = missing_glyphs(text)
    if returncode != 0 or not (draft or (work / "cv.pdf").exists()) or missing:
        (work / "cv.aux").unlink(missing_ok=True)  # a broken pass may leave a broken .aux
        message = explain_failure(text, source, log, missing)
        if missing and returncode == 0:
            raise MissingGlyphs(message, list(dict.fromkeys(ch for ch, _ in missing)))
        if formatted and not missing and (returncode < 0 or _FORMAT_TROUBLE.search(text)
                                          or _FORMAT_TROUBLE.search(read(work / "tex.out"))):
            raise FormatBroken(message)
        raise BuildError(message)


def read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def release_pipe(path: Path) -> None:
    """Remove a named pipe left by an interrupted early start, first giving any TeX still
    waiting on it an end of file so that it exits instead of waiting forever."""
    if path.is_fifo():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass  # nobody is reading it
    path.unlink(missing_ok=True)


def write_tex(work: Path, source: TexSource) -> None:
    path = work / "cv.tex"
    release_pipe(path)
    path.write_text(source.text, encoding="utf-8")


def explain_failure(log_text: str, source: TexSource, log: Path, missing: list[tuple[str, str]],
                    tex_name: str = "cv.tex") -> str:
    """TeX's own message, the .tex line, and the YAML entry or BibTeX key that wrote it."""
    if missing:
        char = missing[0][0]
        return (f"the font has no glyph for {char}{source.origin_of_text(char)}; the character would be dropped. "
                "Use engine: lualatex (or --engine lualatex) with a font that has it, or replace the "
                f"character. Full log: {log}")
    theme_error = re.search(r"^(?!(?:\./)?" + re.escape(tex_name) + r":)(\S+?\.(?:tex|cls|sty|def|fd)):(\d+): (.*)$",
                            log_text, re.M)
    match = re.search(r"^(?:\./)?" + re.escape(tex_name) + r":(\d+): (.*)$", log_text, re.M)
    if theme_error and (not match or theme_error.start() < match.start()):
        return (f"TeX failed in {theme_error.group(1)} line {theme_error.group(2)} (the theme or a TeX package, not "
                f"your data): {theme_error.group(3).strip()}. Full log: {log}")
    unicode_err = re.search(r"Unicode character (.) \((U\+[0-9A-F]+)\)", log_text)
    if match:
        line = int(match.group(1))
        origin = source.origin(line)
        message = match.group(2).strip().rstrip(".")
        if unicode_err:
            return (f"{origin}: the character {unicode_err.group(1)} ({unicode_err.group(2)}) cannot be printed "
                    f"by pdflatex; set 'engine: lualatex' under settings (or --engine lualatex), or replace it. "
                    f"TeX said: {message} (cv.tex line {line}). Full log: {log}")
        return f"{origin}: TeX failed at cv.tex line {line}: {message}. Full log: {log}"
    fatal = re.search(r"^! (.*)$", log_text, re.M)
    what = fatal.group(1) if fatal else "TeX stopped without a PDF"
    return f"TeX failed: {what}. Full log: {log}"
