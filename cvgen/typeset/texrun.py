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
import time
from pathlib import Path

from cvgen import ENGINES
from cvgen.core.charset import missing_glyphs
from cvgen.core.errors import BuildError
from cvgen.core.safewrite import no_space, write_atomic
from cvgen.core.texsource import DUMP_MARK, SOURCE_MARK, TexSource  # noqa: F401 - re-exported

INSTALL_HINT = (
    "apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended "
    "texlive-latex-extra texlive-fonts-recommended lmodern"
)
# The Debian/Ubuntu package whose installation builds each engine's base format.
BASE_FORMAT_PACKAGES = {"pdflatex": "texlive-latex-base", "lualatex": "texlive-luatex", "xelatex": "texlive-xetex"}
_MARK_LINE = re.compile(r"^" + re.escape(DUMP_MARK) + r"$", re.M)
# What TeX says when the format file itself is at fault (missing, truncated, foreign).
# A page whose content did not fit: TeX cut it off at the page's foot (an entry taller than a page).
_PAGE_OVERFLOW = re.compile(r"^Overfull \\vbox \(([\d.]+)pt too high\) has occurred while \\output is active", re.M)
_WIDE_LINE = re.compile(r"^Overfull \\hbox \(([\d.]+)pt too wide\) (?:in paragraph|detected) at lines? (\d+)", re.M)
_FORMAT_TROUBLE = re.compile(r"Fatal format file error|can't find the format|Could not undump|^---! .*\.fmt\b", re.M)


class MissingGlyphs(BuildError):
    """TeX printed a document without some characters: no font had them."""

    def __init__(self, message: str, chars: list[str]) -> None:
        super().__init__(message)
        self.chars = chars


class FormatBroken(Exception):
    """A pass on a format failed in a way that blames the format, not the document."""


def work_dir(pdf: Path, engine: str) -> Path:
    return pdf.absolute().parent.resolve() / ".cvgen" / f"{pdf.stem}-{engine}"


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
    # -no-parse-first-line: no `%&format` line is looked for (that read would take the first
    # lines out of an early start's pipe; our documents never begin with one).
    args = [exe, "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape",
            "-no-parse-first-line"]
    if draft:  # no PDF written: a pass that only has to count the pages
        args.append("-draftmode")
    if fmt_name is not None:
        args.append(f"-fmt={fmt_name}")
    return args + [name]


def spawn(args: list[str], work: Path, out: Path) -> subprocess.Popen[bytes]:
    """Start TeX in `work`, its terminal output into the file `out`."""
    env = tex_env()
    if Path(args[0]).name.startswith(("lualatex", "luatex", "luahbtex", "dvilualatex")):
        # No network from Lua. Lua's io and os ignore openin_any/openout_any, and --safer (which would
        # close them) makes luaotfload refuse to run: trusted TeX under lualatex can touch any file (README).
        args = [args[0], "--nosocket", *args[1:]]
    if any(a.startswith("-fmt=") for a in args):
        env["MKTEXFMT"] = "0"  # a missing format is our business, not mktexfmt's
    setpriv = shutil.which("setpriv")  # util-linux
    if setpriv:  # if cvgen is killed (even with SIGKILL), its TeX is killed too: no orphan
        args = [setpriv, "--pdeathsig", "KILL", "--", *args]
    with open(out, "wb") as sink:  # a file, not a pipe: TeX never blocks on a full pipe
        return subprocess.Popen(args, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                stdout=sink, stderr=subprocess.STDOUT)


MAX_LOG_BYTES = 64 * 2**20  # far beyond any CV's log; a \message loop writes gigabytes


def wait_for(proc: subprocess.Popen[bytes], timeout: float, logs: tuple[Path, ...] = ()) -> int | None:
    """The exit code, or None after killing the process at the timeout or when one of `logs`
    grew past MAX_LOG_BYTES (then the oversized logs are removed).

    A blocking wait with a kill timer: `Popen.wait(timeout=...)` polls with sleeps of up to
    50 ms, which would add that much to every pass. The timer wakes every half second to
    look at the logs' sizes.
    """
    expired = threading.Event()
    done = threading.Event()

    def watch() -> None:
        deadline = time.monotonic() + timeout
        while not done.wait(min(0.5, max(0.0, deadline - time.monotonic()))):
            if time.monotonic() >= deadline or any(_size(log) > MAX_LOG_BYTES for log in logs):
                expired.set()
                proc.kill()
                return

    timer = threading.Thread(target=watch, daemon=True)
    timer.start()
    try:
        code = proc.wait()
    finally:
        done.set()
    return None if expired.is_set() else code


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def wait(proc: subprocess.Popen[bytes], work: Path, timeout: float, engine: str) -> int:
    logs = (work / "cv.log", work / "tex.out")
    code = wait_for(proc, timeout, logs)
    if code is None:
        (work / "cv.aux").unlink(missing_ok=True)
        if any(_size(log) > MAX_LOG_BYTES for log in logs):
            for log in logs:
                log.unlink(missing_ok=True)
            raise BuildError(f"{engine} wrote more than {MAX_LOG_BYTES // 2**20} MB of log (a loop printing messages "
                             "in raw_latex?) and was stopped; the log was removed; the previous PDF is unchanged")
        raise BuildError(f"{engine} did not finish within {round(timeout)} s and was stopped (a loop in the "
                         "document?); the previous PDF is unchanged")
    return code


def check_pass(returncode: int, work: Path, source: TexSource, log: Path, formatted: bool,
               draft: bool = False) -> None:
    """Raise the right error for a failed pass (and drop its .aux); copy the log beside the PDF."""
    if (work / "cv.log").exists():
        try:
            write_atomic(log, (work / "cv.log").read_bytes())
        except OSError:  # a full disk (DiskFull): said below
            pass
        text = (work / "cv.log").read_text(encoding="utf-8", errors="replace")
    else:
        text = read(work / "tex.out")
    missing = missing_glyphs(text)
    if returncode != 0 or not (draft or (work / "cv.pdf").exists()) or missing:
        (work / "cv.aux").unlink(missing_ok=True)  # a broken pass may leave a broken .aux
        if not missing and not re.search(r"^! |^\S+:\d+: ", text, re.M) and (full := no_space(work)):
            raise BuildError(f"{full}: TeX could not write its output there; free some space or choose another "
                             f"output with -o (the previous PDF is unchanged). Log (maybe cut short): {log}")
        message = explain_failure(text, source, log, missing)
        if missing and returncode == 0:
            raise MissingGlyphs(message, list(dict.fromkeys(ch for ch, _ in missing)))
        if formatted and not missing and (returncode < 0 or _FORMAT_TROUBLE.search(text)
                                          or _FORMAT_TROUBLE.search(read(work / "tex.out"))):
            raise FormatBroken(message)
        raise BuildError(message)
    if overflow := _PAGE_OVERFLOW.search(text):
        (work / "cv.aux").unlink(missing_ok=True)
        raise BuildError(f"{source.longest_entry()}: an entry is taller than a page, so TeX would cut off its end "
                         f"({float(overflow.group(1)):.0f}pt of text lost; most likely this entry, the longest); "
                         f"shorten it or split it into several entries. Full log: {log}")


def wide_lines(log_text: str, source: TexSource) -> list[str]:
    """A warning for each line TeX could not break to fit (an unbreakable word runs into the margin)."""
    return [f"{source.origin(int(m.group(2)))}: warning: a word is {float(m.group(1)):.0f}pt wider than the line "
            "and runs into the margin (a very long word, URL or number without spaces); add a space or shorten it"
            for m in _WIDE_LINE.finditer(log_text)]


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
    if no_format := re.search(r"I can't find the format file `([^']+)'", log_text):
        name = no_format.group(1)
        package = BASE_FORMAT_PACKAGES.get(name.split(".")[0], "texlive-latex-base")
        return (f"the TeX installation is broken: it has no {name} (the base format TeX starts from); "
                f"run `cvgen doctor` to see what else is missing. The format comes with the package {package}: "
                f"`sudo apt-get install --reinstall {package}` (or `sudo fmtutil-sys --byfmt {name.split('.')[0]}` "
                f"rebuilds it). Full log: {log}")
    if re.search(r"I can't write on file|No space left on device", log_text):
        return (f"TeX could not write its output (is the disk full, or the build folder read-only?); free some "
                f"space or choose another output with -o. Full log: {log}")
    fatal = re.search(r"^! (.*)$", log_text, re.M)
    what = fatal.group(1) if fatal else "TeX stopped without a PDF"
    return f"TeX failed: {what}. Full log: {log}"
