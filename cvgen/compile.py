"""Running TeX ourselves: safe, bounded, atomic, reproducible; TeX errors mapped to entries.

The engine runs in a private work folder next to the output (`.cvgen/` inside the build
folder) with shell escape off, file access limited to that folder (openin/openout
paranoid), stdin closed and a timeout. The previous run's .aux stays there, so a build
whose page count did not change needs one pass; when the .aux changes we run again.
The finished PDF is renamed over the target only when complete: a failed build keeps the
last good PDF byte for byte.

Precompiled preamble (pdflatex only). A .tex whose preamble ends with the line
`\\csname endofdump\\endcsname` (after a line that does not end in `%`) is always typeset
on a format file that holds everything before that line: `mylatexformat` dumps it once
(`cvfmt-KEY.fmt` in the work folder, KEY a hash of that preamble, the theme files and the
TeX installation) and every later pass loads it instead of the class and packages, about
0.6x the time of a plain pass. What follows the mark (the per-document `\\cvmetadata`) runs on
every pass. Such a .tex never takes the plain path, so its PDF bytes do not depend on the
cache (a format build and a plain build differ in internal font names). A format is
trusted only when its key, size and SHA-256 match `format.json`; a pass that fails because
of the format rebuilds it once and retries. Without the mark (or for lualatex/xelatex, or
without mylatexformat) the document is typeset plainly.

`prestart()` is the edit-rebuild fast path: it starts TeX on the last format before the
Python side has even imported the pipeline, with `cv.tex` a named pipe; TeX loads the
format (the larger part of a pass) while Python renders, then reads the document from
the pipe. If the rendered preamble turns out to differ, the early TeX is stopped unused.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from . import ENGINES
from .errors import BuildError

# The source tree's latex_templates/ (also an editable install's), else the copy a wheel ships.
_PACKAGE = Path(__file__).resolve().parent
THEME_DIR = next((d for d in (_PACKAGE.parent / "latex_templates", _PACKAGE / "latex_templates") if d.is_dir()),
                 _PACKAGE.parent / "latex_templates")
FORMAT_ENGINES = ("pdflatex",)
MAX_PASSES = 4
DUMP_MARK = r"\csname endofdump\endcsname"
FORMAT_VERSION = "cvgen-format-1"
INSTALL_HINT = (
    "apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended "
    "texlive-latex-extra texlive-fonts-recommended lmodern"
)
PUBLISHED: dict[str, str] = {}  # resolved PDF path -> SHA-256 of the bytes this process published there
_MARK_LINE = re.compile(r"^" + re.escape(DUMP_MARK) + r"$", re.M)
# What TeX says when the format file itself is at fault (missing, truncated, foreign).
_FORMAT_TROUBLE = re.compile(r"Fatal format file error|can't find the format|^---! .*\.fmt\b", re.M)


class MissingGlyphs(BuildError):
    """TeX printed a document without some characters: no font had them."""

    def __init__(self, message: str, chars: list[str]) -> None:
        super().__init__(message)
        self.chars = chars


@dataclass
class CompileResult:
    pdf: Path
    log: Path
    passes: int
    formatted: bool = False  # typeset on the precompiled preamble
    format_built: bool = False  # the format was (re)built by this call
    prestarted: bool = False  # the first pass was the early-started TeX
    digest: str = ""  # SHA-256 of the published PDF


def theme_dir() -> Path:
    override = os.environ.get("CVGEN_THEME_DIR")
    return Path(override) if override else THEME_DIR


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


def work_dir(pdf: Path, engine: str) -> Path:
    return pdf.resolve().parent / ".cvgen" / f"{pdf.stem}-{engine}"


def identity_files(engine: str, pdf: Path | None = None) -> list[str]:
    """Files whose change means a different TeX: the engine binary, and for formats the
    base format and mylatexformat (as the last format build found them)."""
    exe = shutil.which(engine)
    files = [os.path.realpath(exe)] if exe else []
    if pdf is not None and engine in FORMAT_ENGINES:
        meta = _read_meta(work_dir(pdf, engine)) or {}
        files += [p for p in meta.get("kpse", []) if isinstance(p, str)]
    return files


def format_preamble(tex: str) -> str | None:
    """The part of `tex` a format can hold (before the dump mark), or None for a plain build."""
    match = _MARK_LINE.search(tex)
    if match is None:
        return None
    preamble = tex[:match.start()]
    # mylatexformat reads the preamble by lines; a line ending in % would glue the mark to it.
    if not preamble.endswith("\n") or preamble[:-1].endswith("%"):
        return None
    return preamble


def _engine_exe(engine: str) -> str:
    if engine not in ENGINES:
        raise BuildError(f"unknown TeX engine '{engine}'; use one of {', '.join(ENGINES)}")
    exe = shutil.which(engine)
    if exe is None:
        raise BuildError(f"the TeX engine '{engine}' is not installed. Install TeX Live with:\n  sudo {INSTALL_HINT}"
                         + ("\n  and for lualatex/xelatex also: sudo apt-get install -y --no-install-recommends "
                            "texlive-luatex texlive-xetex fonts-cmu fonts-noto-cjk fonts-dejavu-core"
                            if engine != "pdflatex" else ""))
    return exe


def compile_tex(tex: str, pdf: Path, engine: str = "pdflatex", timeout: float = 120) -> CompileResult:
    """Compile `tex` into `pdf`; on any failure `pdf` is left exactly as it was."""
    exe = _engine_exe(engine)
    pdf = pdf.resolve()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    work = work_dir(pdf, engine)
    work.mkdir(parents=True, exist_ok=True)
    early = _PRESTARTED.pop(work, None)
    if early is not None:  # it already holds the lock
        try:
            return _compile_locked(tex, pdf, work, exe, engine, timeout, early)
        finally:
            early.stop()
            early.close()
    with open(work / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two builds into one folder take turns
        return _compile_locked(tex, pdf, work, exe, engine, timeout, None)


def _compile_locked(tex: str, pdf: Path, work: Path, exe: str, engine: str, timeout: float,
                    early: _Prestart | None) -> CompileResult:
    _copy_theme(work)
    log = pdf.with_suffix(".log")
    fmt = None
    preamble = format_preamble(tex) if engine in FORMAT_ENGINES else None
    if preamble is not None:
        fmt = _Format.locate(work, exe, preamble)
    result = CompileResult(pdf, log, 0, formatted=fmt is not None)
    if early is not None and (fmt is None or early.fmt.name != fmt.name):
        early.stop()  # the rendered preamble differs from the guessed one: not usable
        early = None
    dumping = None
    if early is not None and early.dump is not None:
        dumping, early = early.dump, None  # the format is being dumped already
    if early is None:
        _write_tex(work, tex)
        for stale in ("cv.pdf", "cv.log"):
            (work / stale).unlink(missing_ok=True)
    retried = False
    while True:
        before = _digest(work / "cv.aux")
        result.passes += 1
        try:
            if early is not None:
                result.prestarted = True
                pending, early = early, None
                try:
                    pending.feed_and_wait(tex, log, timeout)
                except BuildError:
                    if pending.format_intact():
                        raise  # the document's own error
                    # else TeX died on a corrupted format: rebuild it below, never blame the CV
                finally:
                    _write_tex(work, tex)  # the pipe becomes a plain file for later passes
                if not pending.format_intact():
                    (work / "cv.aux").unlink(missing_ok=True)
                    raise _FormatBroken("the precompiled preamble changed on disk")
            elif dumping is not None:  # started early, maybe done by now
                result.format_built = True
                pending_dump, dumping = dumping, None
                if before is None and pending_dump.proc.poll() is None:
                    # No .aux: the first pass only counts the pages, so it need not wait for
                    # the format; it runs plainly alongside the dump (same .aux either way).
                    try:
                        _run_pass(exe, work, timeout, tex, log, engine, None, draft=True)
                    finally:
                        pending_dump.finish(tex, log)
                    continue
                pending_dump.finish(tex, log)
                _run_pass(exe, work, timeout, tex, log, engine, fmt, draft=before is None)
                if before is None:
                    continue  # a first pass without .aux only counts the pages
            elif fmt is not None and not fmt.valid():
                result.format_built = True
                if before is None:
                    # Cold: this first pass only seeds the .aux (page count), so it runs
                    # plainly while the format is dumped alongside; a format pass follows.
                    dump = fmt.start_dump(timeout)
                    try:
                        _run_pass(exe, work, timeout, tex, log, engine, None, draft=True)
                    finally:
                        dump.finish(tex, log)
                    continue
                fmt.start_dump(timeout).finish(tex, log)
                _run_pass(exe, work, timeout, tex, log, engine, fmt)
            else:
                _run_pass(exe, work, timeout, tex, log, engine, fmt, draft=before is None)
                if before is None and engine == "pdflatex":
                    continue
        except _FormatBroken as broken:
            if retried or fmt is None:
                raise BuildError(str(broken)) from None
            retried = True  # rebuild the format once, then trust the answer
            fmt.discard()
            result.passes -= 1
            continue
        if _digest(work / "cv.aux") == before or result.passes >= MAX_PASSES:
            break
    result.digest = PUBLISHED[str(pdf)] = _publish(work / "cv.pdf", pdf)
    shutil.copyfile(work / "cv.log", log)
    return result


class _FormatBroken(Exception):
    """A pass on the format failed in a way that blames the format, not the document."""


def _copy_theme(work: Path) -> None:
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


def _release_pipe(path: Path) -> None:
    """Remove a named pipe left by an interrupted early start, first giving any TeX still
    waiting on it an end of file so that it exits instead of waiting forever."""
    if path.is_fifo():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass  # nobody is reading it
    path.unlink(missing_ok=True)


def _write_tex(work: Path, tex: str) -> None:
    path = work / "cv.tex"
    _release_pipe(path)
    path.write_text(tex, encoding="utf-8")


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _tex_args(exe: str, fmt: _Format | None, name: str = "cv.tex", draft: bool = False) -> list[str]:
    args = [exe, "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape"]
    if draft:  # no PDF written: a pass that only has to count the pages
        args.append("-draftmode")
    if fmt is not None:
        args += ["-no-parse-first-line", f"-fmt={fmt.name}"]
    return args + [name]


_SETPRIV = shutil.which("setpriv")  # util-linux: lets TeX die with cvgen (see _spawn)


def _spawn(args: list[str], work: Path, out: Path) -> subprocess.Popen[bytes]:
    env = tex_env()
    if any(a.startswith("-fmt=") for a in args):
        env["MKTEXFMT"] = "0"  # a missing format is our business, not mktexfmt's
    if _SETPRIV:  # if cvgen is killed (even with SIGKILL), its TeX is killed too: no orphan
        args = [_SETPRIV, "--pdeathsig", "KILL", "--", *args]
    with open(out, "wb") as sink:  # a file, not a pipe: TeX never blocks on a full pipe
        return subprocess.Popen(args, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                stdout=sink, stderr=subprocess.STDOUT)


def _wait_for(proc: subprocess.Popen[bytes], timeout: float) -> int | None:
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


def _wait(proc: subprocess.Popen[bytes], work: Path, timeout: float, engine: str) -> int:
    code = _wait_for(proc, timeout)
    if code is None:
        (work / "cv.aux").unlink(missing_ok=True)
        raise BuildError(f"{engine} did not finish within {round(timeout)} s and was stopped (a loop in the "
                         "document?); the previous PDF is unchanged")
    return code


def _run_pass(exe: str, work: Path, timeout: float, tex: str, log: Path, engine: str,
              fmt: _Format | None, draft: bool = False) -> None:
    draft = draft and engine == "pdflatex"
    proc = _spawn(_tex_args(exe, fmt, draft=draft), work, work / "tex.out")
    _check_pass(_wait(proc, work, timeout, engine), work, tex, log, fmt is not None, draft)


def _check_pass(returncode: int, work: Path, tex: str, log: Path, formatted: bool, draft: bool = False) -> None:
    if (work / "cv.log").exists():
        shutil.copyfile(work / "cv.log", log)
        text = (work / "cv.log").read_text(encoding="utf-8", errors="replace")
    else:
        text = _read(work / "tex.out")
    missing = re.findall(r"Missing character: There is no (\S+?)(?: \(U\+[0-9A-F]+\))? in font (.+?)!", text)
    if returncode != 0 or not (draft or (work / "cv.pdf").exists()) or missing:
        (work / "cv.aux").unlink(missing_ok=True)  # a broken pass may leave a broken .aux
        message = explain_failure(text, tex, log, missing)
        if missing and returncode == 0:
            raise MissingGlyphs(message, list(dict.fromkeys(ch for ch, _ in missing)))
        if formatted and not missing and (returncode < 0 or _FORMAT_TROUBLE.search(text)
                                          or _FORMAT_TROUBLE.search(_read(work / "tex.out"))):
            raise _FormatBroken(message)
        raise BuildError(message)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def _publish(built: Path, target: Path) -> str:
    """Copy the finished PDF next to the target under a temporary name, then rename it over."""
    data = built.read_bytes()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


# --- the precompiled preamble ---------------------------------------------------------------


@dataclass
class _Format:
    """`NAME.fmt` in the work folder: the preamble dumped by mylatexformat, with its record."""

    work: Path
    exe: str
    preamble: str
    key: str
    kpse: list[str]

    @property
    def name(self) -> str:
        return f"cvfmt-{self.key[:20]}"

    @property
    def path(self) -> Path:
        return self.work / f"{self.name}.fmt"

    @classmethod
    def locate(cls, work: Path, exe: str, preamble: str, meta: dict | None = None) -> _Format | None:  # type: ignore[type-arg]
        """The format for `preamble` (valid or not yet built); None when formats are unavailable."""
        meta = _read_meta(work) if meta is None else meta
        kpse = meta.get("kpse") if meta else None
        if not (isinstance(kpse, list) and kpse and all(os.path.isfile(p) for p in kpse)):
            kpse = _kpsewhich(exe)
            if kpse is None:
                return None  # no mylatexformat: the plain path, always (one path per machine)
        return cls(work, exe, preamble, _format_key(exe, preamble, kpse, work), kpse)

    def valid(self, check_digest: bool = True) -> bool:
        meta = _read_meta(self.work)
        if not meta or meta.get("key") != self.key or meta.get("name") != self.name:
            return False
        try:
            if self.path.stat().st_size != meta.get("size"):
                return False
        except FileNotFoundError:
            return False
        return not check_digest or _digest(self.path) == meta.get("sha256")

    def discard(self) -> None:
        (self.work / "format.json").unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)

    def start_dump(self, timeout: float) -> _Dump:
        self.discard()
        for old in self.work.glob("cvfmt-*"):
            old.unlink(missing_ok=True)
        src = self.work / f"{self.name}.tex"
        src.write_text(self.preamble + DUMP_MARK + "\n", encoding="utf-8")
        args = [self.exe, "-ini", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
                "-no-shell-escape", f"-jobname={self.name}", "&pdflatex", "mylatexformat.ltx", src.name]
        proc = _spawn(args, self.work, self.work / f"{self.name}.out")
        return _Dump(self, proc, timeout)

    def record(self) -> None:
        data = self.path.read_bytes()
        meta = {"key": self.key, "name": self.name, "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(), "kpse": self.kpse, "preamble": self.preamble}
        tmp = self.work / "format.json.tmp"
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        tmp.replace(self.work / "format.json")


@dataclass
class _Dump:
    fmt: _Format
    proc: subprocess.Popen[bytes]
    timeout: float
    started: float = field(default_factory=time.monotonic)

    def finish(self, tex: str, log: Path) -> None:
        remaining = max(1.0, self.timeout - (time.monotonic() - self.started))
        name = self.fmt.name
        code = _wait_for(self.proc, remaining)
        if code is None:
            self.fmt.discard()
            raise BuildError(f"pdflatex did not finish dumping the preamble within {self.timeout:g} s "
                             "and was stopped; the previous PDF is unchanged")
        text = _read(self.fmt.work / f"{name}.log") or _read(self.fmt.work / f"{name}.out")
        if code != 0 or not self.fmt.path.exists():
            self.fmt.discard()
            if (self.fmt.work / f"{name}.log").exists():
                shutil.copyfile(self.fmt.work / f"{name}.log", log)
            raise BuildError(explain_failure(text, tex, log, [], tex_name=f"{name}.tex"))
        self.fmt.record()


def _read_meta(work: Path) -> dict | None:  # type: ignore[type-arg]
    try:
        meta = json.loads((work / "format.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _kpsewhich(exe: str) -> list[str] | None:
    """The files a format inherits from TeX Live: the base format and mylatexformat itself."""
    kpsewhich = shutil.which("kpsewhich", path=str(Path(exe).parent)) or shutil.which("kpsewhich")
    if kpsewhich is None:
        return None
    try:
        out = subprocess.run([kpsewhich, "-engine=pdftex", "pdflatex.fmt", "mylatexformat.ltx"],
                             capture_output=True, text=True, timeout=30, env=tex_env()).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    paths = [line.strip() for line in out if line.strip()]
    return paths if len(paths) == 2 and all(os.path.isfile(p) for p in paths) else None


def _format_key(exe: str, preamble: str, kpse: list[str], work: Path) -> str:
    """Preamble text + theme files + the TeX installation (binary, base format, mylatexformat)."""
    h = hashlib.sha256(FORMAT_VERSION.encode())
    h.update(b"\0" + preamble.encode("utf-8"))
    for path in [os.path.realpath(exe), *kpse]:
        st = os.stat(path)
        h.update(f"\0{path}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    for item in sorted(theme_dir().iterdir()):
        if item.is_file():
            h.update(b"\0" + item.name.encode() + b"\0" + item.read_bytes())
    return h.hexdigest()


# --- starting TeX early ---------------------------------------------------------------------

_PRESTARTED: dict[Path, _Prestart] = {}


class _Prestart:
    """TeX already running on the last build's format, waiting for cv.tex on a named pipe."""

    def __init__(self, work: Path, fmt: _Format, lock: IO[str], engine: str) -> None:
        self.work, self.fmt, self.lock, self.engine = work, fmt, lock, engine
        self.proc: subprocess.Popen[bytes] | None = None
        self.dump: _Dump | None = None  # instead of TeX: the format being dumped
        self._intact: bool | None = None
        self._meta = _read_meta(work) or {}
        self._checker = threading.Thread(target=self._check_format, daemon=True)

    def start(self) -> None:
        _release_pipe(self.work / "cv.tex")
        for stale in ("cv.pdf", "cv.log", "cv.tex"):
            (self.work / stale).unlink(missing_ok=True)
        os.mkfifo(self.work / "cv.tex")
        self.proc = _spawn(_tex_args(self.fmt.exe, self.fmt), self.work, self.work / "tex.out")
        self._checker.start()  # hashing the format overlaps TeX loading it

    def _check_format(self) -> None:
        self._intact = _digest(self.fmt.path) == self._meta.get("sha256")

    def format_intact(self) -> bool:
        self._checker.join()
        return bool(self._intact)

    def feed_and_wait(self, tex: str, log: Path, timeout: float) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        data = tex.encode("utf-8")
        fd = None
        while fd is None:
            try:
                fd = os.open(self.work / "cv.tex", os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: TeX has not opened the pipe yet (still loading the format)
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.0005)
        if fd is not None:
            try:
                os.set_blocking(fd, True)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            except BrokenPipeError:
                pass  # TeX stopped reading (an error, or \end{document} before the end)
            finally:
                os.close(fd)
        code = _wait(self.proc, self.work, max(0.1, deadline - time.monotonic()), self.engine)
        (self.work / "cv.tex").unlink(missing_ok=True)
        _check_pass(code, self.work, tex, log, formatted=True)

    def start_dump(self) -> None:
        self.dump = self.fmt.start_dump(120)

    def stop(self) -> None:
        """Stop the early TeX (or dump) if still unused (the lock stays held until `close`)."""
        for proc in (self.proc, self.dump.proc if self.dump else None):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
                if self.dump is not None and proc is self.dump.proc:
                    self.fmt.discard()
        _release_pipe(self.work / "cv.tex")

    def close(self) -> None:
        if self._checker.is_alive():
            self._checker.join()
        if not self.lock.closed:
            self.lock.close()  # releases the flock
        if _PRESTARTED.get(self.work) is self:
            del _PRESTARTED[self.work]


def default_preamble(paper: str = "a4") -> str:
    """What latex.render writes above the dump mark (tests keep the two in step); a guess
    for `prestart` when no build has made a format yet."""
    return f"\\documentclass[{paper}paper]{{cvgen}}%\n\\usepackage{{lastpage}}%\n%\n\n"


def prestart(pdf: Path, engine: str = "pdflatex", guess: str | None = None) -> str | None:
    """Put TeX to work while the caller is still loading and rendering the CV.

    With a valid format for the last build's preamble (else `guess`), TeX starts on it and
    waits for cv.tex on a named pipe; without one, the format is dumped in the background.
    The next `compile_tex` into the same `pdf` uses either if the rendered preamble matches;
    otherwise (or if none comes) it is stopped by `cancel_prestart` or at exit. Returns
    "tex", "dump" or None (nothing started).
    """
    if engine not in FORMAT_ENGINES or not hasattr(os, "mkfifo"):
        return None
    exe = shutil.which(engine)
    work = work_dir(pdf, engine)
    meta = _read_meta(work)
    preamble = meta.get("preamble") if meta else None
    preamble = preamble if isinstance(preamble, str) else guess
    if exe is None or preamble is None or work in _PRESTARTED:
        return None
    work.mkdir(parents=True, exist_ok=True)
    lock = open(work / "lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another build is running here: take the normal path later
        lock.close()
        return None
    try:
        fmt = _Format.locate(work, exe, preamble, meta)
        if fmt is None:
            lock.close()
            return None
        _copy_theme(work)
        early = _Prestart(work, fmt, lock, engine)
        _PRESTARTED[work] = early
        if fmt.valid(check_digest=False):
            early.start()
            return "tex"
        early.start_dump()
        return "dump"
    except Exception:  # noqa: BLE001 - an optimisation only: fall back to the normal path
        cancel_prestart()
        lock.close()
        return None


def cancel_prestart() -> None:
    """Stop every early TeX that no compile_tex took (the build failed before TeX)."""
    for early in list(_PRESTARTED.values()):
        early.stop()
        early.close()


atexit.register(cancel_prestart)


# --- errors ---------------------------------------------------------------------------------


def explain_failure(log_text: str, tex: str, log: Path, missing: list[tuple[str, str]],
                    tex_name: str = "cv.tex") -> str:
    """TeX's own message, the .tex line, and the YAML entry or BibTeX key that wrote it."""
    from .latex import SOURCE_MARK

    tex_lines = tex.splitlines()
    if missing:
        char = missing[0][0]
        origin = _origin_of_text(char, tex_lines, SOURCE_MARK)
        return (f"the font has no glyph for {char}{origin}; the character would be dropped. "
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
        origin = _origin(line, tex_lines, SOURCE_MARK)
        message = match.group(2).strip().rstrip(".")
        if unicode_err:
            return (f"{origin}: the character {unicode_err.group(1)} ({unicode_err.group(2)}) cannot be printed "
                    f"by pdflatex; set 'engine: lualatex' under settings (or --engine lualatex), or replace it. "
                    f"TeX said: {message} (cv.tex line {line}). Full log: {log}")
        return f"{origin}: TeX failed at cv.tex line {line}: {message}. Full log: {log}"
    fatal = re.search(r"^! (.*)$", log_text, re.M)
    what = fatal.group(1) if fatal else "TeX stopped without a PDF"
    return f"TeX failed: {what}. Full log: {log}"


def _origin(line: int, tex_lines: list[str], mark: str) -> str:
    for i in range(min(line, len(tex_lines)) - 1, -1, -1):
        if tex_lines[i].startswith(mark):
            return tex_lines[i][len(mark):].rstrip("%").strip()
    return "the theme (latex_templates)"


def _origin_of_text(char: str, tex_lines: list[str], mark: str) -> str:
    for i, text in enumerate(tex_lines):
        if char in text and not text.startswith(mark):
            return f" (from {_origin(i + 1, tex_lines, mark)})"
    return ""
