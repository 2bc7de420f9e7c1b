"""TexSource -> CompileResult: the passes to the .aux fixpoint, on the format, published atomically.

The engine runs in a fresh private folder inside the output's cache (`.cvgen/<name>-<engine>/run-*`,
runfolder.py). The previous build's .aux is brought in, so one whose page count did not change needs one pass;
when the .aux changes we run again. The finished PDF is renamed over the target only when
complete: a failed build keeps the last good PDF byte for byte. A document with a dump mark
is always typeset on its format (texformat.py), never plainly, so its bytes do not depend on
the cache; a pass that fails because of the format rebuilds it once and retries. An early
start (prestart.py) may already have run the first pass's loading; it is used only when its
format is the one this document needs.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cvgen.core.errors import BuildError
from cvgen.core.safewrite import open_lock, safe_folder, write_atomic
from cvgen.typeset.runfolder import bring_aux, close_run, keep_aux, keep_head, open_run
from cvgen.typeset.texformat import FORMAT_ENGINES, Dump, Format, digest, read_meta
from cvgen.typeset.texrun import (FormatBroken, TexSource, check_pass, engine_exe, spawn, tex_args, wait, wide_lines,
                     work_dir, write_tex)

if TYPE_CHECKING:
    from cvgen.typeset.prestart import EarlyTex

MAX_PASSES = 4


@dataclass
class CompileResult:
    pdf: Path
    log: Path
    passes: int
    formatted: bool = False  # typeset on the precompiled preamble
    format_built: bool = False  # the format was (re)built by this call
    prestarted: bool = False  # the first pass was the early-started TeX
    digest: str = ""  # SHA-256 of the published PDF
    warnings: list[str] = field(default_factory=list)  # what TeX printed imperfectly (a line too wide)


def identity_files(engine: str, pdf: Path | None = None) -> list[str]:
    """Files whose change means a different TeX: the engine binary, and for formats the
    base format and mylatexformat (as the last format build found them)."""
    exe = shutil.which(engine)
    files = [os.path.realpath(exe)] if exe else []
    if pdf is not None and engine in FORMAT_ENGINES:
        meta = read_meta(work_dir(pdf, engine)) or {}
        files += [p for p in meta.get("kpse", []) if isinstance(p, str)]
    return files


def compile_tex(source: TexSource | str, pdf: Path, engine: str = "pdflatex", timeout: float = 120,
                early: EarlyTex | None = None, theme_files: dict[str, bytes] | None = None,
                trusted: bool = False) -> CompileResult:
    """Compile `source` into `pdf`; on any failure `pdf` is left exactly as it was. `theme_files`:
    a user's theme (file name -> bytes), written into the run folder beside the shipped ones.
    `trusted`: the document holds TeX code the user vouched for (a theme folder, raw LaTeX); its
    head is then never kept for an early TeX to read ahead of the next build's checks."""
    source = TexSource(source) if isinstance(source, str) else source
    exe = engine_exe(engine)
    pdf = pdf.absolute().parent.resolve() / pdf.name  # a link at the PDF itself is replaced, not followed
    pdf.parent.mkdir(parents=True, exist_ok=True)
    safe_folder(pdf)
    work = work_dir(pdf, engine)
    work.mkdir(parents=True, exist_ok=True)
    if early is not None and early.work == work:  # it already holds the lock and made the run folder
        return _Passes(source, pdf, work, early.run, exe, engine, timeout, theme_files, trusted).run(early)
    lock = open_lock(work / "lock")
    run = None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two builds into one folder take turns
        run = open_run(work)
        return _Passes(source, pdf, work, run, exe, engine, timeout, theme_files, trusted).run(None)
    finally:
        close_run(run)
        os.close(lock)


class _Passes:
    """The passes of one compile: TeX in the fresh folder `work` of the locked cache `cache`."""

    def __init__(self, source: TexSource, pdf: Path, cache: Path, work: Path, exe: str, engine: str,
                 timeout: float, theme_files: dict[str, bytes] | None = None, trusted: bool = False) -> None:
        self.source, self.pdf, self.cache, self.work = source, pdf, cache, work
        self.exe, self.engine, self.timeout = exe, engine, timeout
        self.theme_files = theme_files or {}
        self.speculate = not trusted and not self.theme_files
        self.log = pdf.with_suffix(".log")

    def run(self, early: EarlyTex | None) -> CompileResult:
        for name, data in self.theme_files.items():  # the run folder has the shipped theme already
            write_atomic(self.work / name, data)
        preamble = self.source.preamble if self.engine in FORMAT_ENGINES else None
        fmt = None
        if preamble is not None:  # the early start already asked kpsewhich (~30 ms): its answer serves
            fmt = Format.locate(self.cache, self.exe, preamble, {"kpse": early.fmt.kpse} if early and early.fmt else None)
        result = CompileResult(self.pdf, self.log, 0, formatted=fmt is not None)
        dumping = None
        if early is not None:
            early_fmt = early.fmt.name if early.fmt else None
            if early_fmt != (fmt.name if fmt else None) or not early.accepts(self.source.text):
                early.stop()  # the rendered preamble (or head) differs from the guessed one: not usable
                if early.head is not None:  # it may have begun the document, rewriting the .aux
                    bring_aux(self.cache, self.work)
                early = None
            elif early.dump is not None:
                dumping, early = early.dump, None  # the format is being dumped already
        if early is None:
            write_tex(self.work, self.source)
            for stale in ("cv.pdf", "cv.log"):
                (self.work / stale).unlink(missing_ok=True)
        retried = False
        while True:  # (an early TeX may be past \begin{document} already: the .aux as it found it)
            before = early.aux_before if early is not None else digest(self.work / "cv.aux")
            result.passes += 1
            try:
                if early is not None:
                    result.prestarted = True
                    pending, early = early, None
                    self._early_pass(pending)
                elif dumping is not None:  # started early, maybe done by now
                    result.format_built = True
                    pending_dump, dumping = dumping, None
                    if self._pass_beside_dump(pending_dump, fmt, before):
                        continue
                elif fmt is not None and not fmt.valid():
                    result.format_built = True
                    if self._pass_beside_dump(fmt.start_dump(self.work, self.timeout), fmt, before):
                        continue
                else:
                    self._pass(fmt, draft=before is None)
                    if before is None and self.engine == "pdflatex":
                        continue
            except FormatBroken as broken:
                if retried or fmt is None:
                    raise BuildError(str(broken)) from None
                retried = True  # rebuild the format once, then trust the answer
                fmt.discard(self.work)
                result.passes -= 1
                continue
            if digest(self.work / "cv.aux") == before or result.passes >= MAX_PASSES:
                break
        log = (self.work / "cv.log").read_bytes()
        result.warnings = wide_lines(log.decode("utf-8", errors="replace"), self.source)
        result.digest = _publish(self.work / "cv.pdf", self.pdf)
        write_atomic(self.log, log)
        keep_aux(self.work, self.cache)
        keep_head(self.cache, self.source.text if self.speculate else None)
        return result

    def _early_pass(self, early: EarlyTex) -> None:
        try:
            early.feed_and_wait(self.source, self.log, self.timeout)
        except BuildError as failed:
            if not early.format_intact():  # a damaged format, not the document, is to blame
                raise FormatBroken(str(failed)) from None
            raise
        finally:
            write_tex(self.work, self.source)  # the pipe becomes a plain file for later passes
        if not early.format_intact():
            (self.work / "cv.aux").unlink(missing_ok=True)
            raise FormatBroken("the precompiled preamble changed on disk")

    def _pass_beside_dump(self, dump: Dump, fmt: Format | None, before: str | None) -> bool:
        """A pass while the format is dumped; True when the loop must go on (a first pass
        without .aux only counts the pages, so it runs plainly alongside the dump)."""
        if before is None and dump.proc.poll() is None:
            try:
                self._pass(None, draft=True)
            finally:
                dump.finish(self.source, self.log)
            return True
        dump.finish(self.source, self.log)
        self._pass(fmt, draft=before is None)
        return before is None

    def _pass(self, fmt: Format | None, draft: bool = False) -> None:
        draft = draft and self.engine == "pdflatex"
        if fmt is not None:
            fmt.install(self.work)
        proc = spawn(tex_args(self.exe, fmt.name if fmt else None, draft=draft), self.work, self.work / "tex.out")
        code = wait(proc, self.work, self.timeout, self.engine)
        check_pass(code, self.work, self.source, self.log, fmt is not None, draft)


def _publish(built: Path, target: Path) -> str:
    """Copy the finished PDF next to the target under a temporary name, then rename it over."""
    data = built.read_bytes()
    write_atomic(target, data)
    return hashlib.sha256(data).hexdigest()
