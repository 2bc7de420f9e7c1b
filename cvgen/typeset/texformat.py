"""The precompiled preamble (pdflatex only): a format file keyed and verified by digest.

A .tex whose preamble ends with the line `\\csname endofdump\\endcsname` (after a line that
does not end in `%`) is always typeset on a format file that holds everything before that
line: `mylatexformat` dumps it once (`cvfmt-KEY.fmt` in the work folder, KEY a hash of that
preamble, the theme files and the TeX installation) and every later pass loads it instead of
the class and packages, about 0.6x the time of a plain pass. A format is trusted only when
its key, size and SHA-256 match `format.json`. Without mylatexformat there is no format, ever
(one path per machine), so a PDF's bytes never depend on the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from cvgen import theme_dir
from cvgen.core.errors import BuildError
from cvgen.core.safewrite import no_space, write_atomic
from cvgen.typeset.texrun import DUMP_MARK, TexSource, explain_failure, read, spawn, tex_env, wait_for

FORMAT_ENGINES = ("pdflatex",)
FORMAT_VERSION = "cvgen-format-1"
MAX_META_BYTES = 2**20


def default_preamble(paper: str = "a4") -> str:
    """What latex.render writes above the dump mark (tests keep the two in step); a guess
    for an early start when no build has made a format yet."""
    return f"\\documentclass[{paper}paper]{{cvgen}}%\n\\usepackage{{lastpage}}%\n%\n\n"


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def read_meta(work: Path) -> dict | None:  # type: ignore[type-arg]
    """The record of the work folder's format (`format.json`), or None."""
    try:
        fd = os.open(work / "format.json", os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with open(fd, "rb") as f:
            data = f.read(MAX_META_BYTES + 1) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
        meta = json.loads(data) if len(data) <= MAX_META_BYTES else None
    except (OSError, ValueError, RecursionError):  # missing, a pipe, malformed, nested too deeply
        return None
    return meta if isinstance(meta, dict) else None


@dataclass
class Format:
    """`NAME.fmt` in the cache folder `work`: the preamble dumped by mylatexformat, with its
    record; hard-linked into each build's run folder (runfolder.py) after its digest is checked."""

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
    def locate(cls, work: Path, exe: str, preamble: str, meta: dict | None = None) -> Format | None:  # type: ignore[type-arg]
        """The format for `preamble` (valid or not yet built); None when formats are unavailable."""
        meta = read_meta(work) if meta is None else meta
        kpse = meta.get("kpse") if meta else None
        if not (isinstance(kpse, list) and kpse and all(os.path.isfile(p) for p in kpse)):
            kpse = _kpsewhich(exe)
            if kpse is None:
                return None  # no mylatexformat: the plain path, always (one path per machine)
        return cls(work, exe, preamble, _format_key(exe, preamble, kpse), kpse)

    def valid(self, check_digest: bool = True) -> bool:
        meta = read_meta(self.work)
        if not meta or meta.get("key") != self.key or meta.get("name") != self.name:
            return False
        try:
            if self.path.stat().st_size != meta.get("size"):
                return False
        except FileNotFoundError:
            return False
        return not check_digest or digest(self.path) == meta.get("sha256")

    def discard(self, run: Path | None = None) -> None:
        (self.work / "format.json").unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)
        if run is not None:
            (run / self.path.name).unlink(missing_ok=True)

    def install(self, run: Path) -> None:
        """The cached format into the run folder: a hard link (a copy across devices)."""
        target = run / self.path.name
        if target.exists():
            return
        try:
            os.link(self.path, target)
        except OSError:
            shutil.copyfile(self.path, target)

    def start_dump(self, run: Path, timeout: float) -> Dump:
        """Dump the preamble in the run folder (its files die with it); `Dump.finish` records it."""
        self.discard(run)
        for old in self.work.glob("cvfmt-*"):
            old.unlink(missing_ok=True)
        src = run / f"{self.name}.tex"
        src.write_text(self.preamble + DUMP_MARK + "\n", encoding="utf-8")
        args = [self.exe, "-ini", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
                "-no-shell-escape", f"-jobname={self.name}", "&pdflatex", "mylatexformat.ltx", src.name]
        proc = spawn(args, run, run / f"{self.name}.out")
        return Dump(self, run, proc, timeout)

    def record(self, run: Path) -> None:
        """Keep the format the run dumped: linked into the cache, its digest in format.json."""
        built = run / self.path.name
        data = built.read_bytes()
        tmp = self.work / f".{self.path.name}.{os.getpid()}.tmp"
        tmp.unlink(missing_ok=True)
        try:
            os.link(built, tmp)
        except OSError:
            shutil.copyfile(built, tmp)
        os.replace(tmp, self.path)
        meta = {"key": self.key, "name": self.name, "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(), "kpse": self.kpse, "preamble": self.preamble}
        write_atomic(self.work / "format.json", json.dumps(meta).encode("utf-8"))


@dataclass
class Dump:
    """A format being dumped by TeX in the background."""

    fmt: Format
    run: Path
    proc: subprocess.Popen[bytes]
    timeout: float
    started: float = field(default_factory=time.monotonic)

    def finish(self, source: TexSource, log: Path) -> None:
        """Wait for the dump and record the format; a failure is explained and discards it."""
        remaining = max(1.0, self.timeout - (time.monotonic() - self.started))
        name = self.fmt.name
        code = wait_for(self.proc, remaining)
        if code is None:
            self.fmt.discard(self.run)
            raise BuildError(f"pdflatex did not finish dumping the preamble within {self.timeout:g} s "
                             "and was stopped; the previous PDF is unchanged")
        text = read(self.run / f"{name}.log") or read(self.run / f"{name}.out")
        if code != 0 or not (self.run / f"{name}.fmt").exists():
            self.fmt.discard(self.run)
            if full := no_space(self.run):
                raise BuildError(f"{full}: pdflatex could not dump the precompiled preamble there (about 7 MB); "
                                 "free some space or choose another output with -o (the previous PDF is unchanged)")
            if (self.run / f"{name}.log").exists():
                write_atomic(log, (self.run / f"{name}.log").read_bytes())
            raise BuildError(explain_failure(text, source, log, [], tex_name=f"{name}.tex"))
        self.fmt.record(self.run)

    def stop(self) -> None:
        """Kill an unfinished dump; its half-written format is discarded."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            self.fmt.discard(self.run)


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


def _format_key(exe: str, preamble: str, kpse: list[str]) -> str:
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
