"""Starting TeX early: the edit-rebuild fast path, over a named pipe.

While Python still imports, loads and renders the CV, TeX is already loading the last
build's format with `cv.tex` a named pipe; it then reads the document from the pipe. Loading
the format is the larger part of a pass, so an edit-rebuild costs about one pass in all.
Without a valid format the format is dumped in the background instead. If the rendered
preamble turns out to differ, compile.py stops the early TeX unused. `EarlyTex.start` is a
context manager: whatever happens, on leaving it nothing started here is left running and
the work folder's lock is released.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from cvgen.core.errors import BuildError
from cvgen.core.safewrite import open_lock, safe_folder
from cvgen.typeset.texformat import FORMAT_ENGINES, Dump, Format, digest, read_meta
from cvgen.typeset.runfolder import close_run, open_run
from cvgen.typeset.texrun import TexSource, check_pass, release_pipe, spawn, tex_args, wait, work_dir


class EarlyTex:
    """TeX already running on a format, waiting for cv.tex on a named pipe (or the format
    being dumped). Holds the work folder's lock until `close`."""

    def __init__(self, work: Path, run: Path, fmt: Format, lock: IO[str], engine: str) -> None:
        self.work, self.run, self.fmt, self.lock, self.engine = work, run, fmt, lock, engine
        self.proc = None
        self.dump: Dump | None = None  # instead of TeX: the format being dumped
        self._intact: bool | None = None
        self._meta = read_meta(work) or {}
        self._checker = threading.Thread(target=self._check_format, daemon=True)

    @classmethod
    @contextmanager
    def start(cls, pdf: Path, engine: str, guess: str | None) -> Iterator[EarlyTex | None]:
        """Put TeX to work for a build into `pdf` on the last build's preamble (else `guess`);
        yields None when nothing could be started (another build holds the folder, no format
        engine, no mylatexformat)."""
        early = cls._begin(pdf, engine, guess)
        try:
            yield early
        finally:
            if early is not None:
                early.stop()
                early.close()

    @classmethod
    def _begin(cls, pdf: Path, engine: str, guess: str | None) -> EarlyTex | None:
        exe = shutil.which(engine)
        if engine not in FORMAT_ENGINES or not hasattr(os, "mkfifo") or exe is None:
            return None
        work = work_dir(pdf, engine)
        try:
            pdf.absolute().parent.mkdir(parents=True, exist_ok=True)
            safe_folder(pdf.absolute())
            work.mkdir(parents=True, exist_ok=True)
            lock = os.fdopen(open_lock(work / "lock"), "w")
        except (OSError, BuildError):  # the build itself reports it
            return None
        meta = read_meta(work)
        preamble = meta.get("preamble") if meta else None
        preamble = preamble if isinstance(preamble, str) else guess
        try:
            if preamble is None:
                raise OSError("no preamble to start on")
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another build is running here: take the normal path later
            lock.close()
            return None
        early = None
        run = None
        try:
            fmt = Format.locate(work, exe, preamble, meta)
            if fmt is None:
                lock.close()
                return None
            run = open_run(work)
            early = cls(work, run, fmt, lock, engine)
            if fmt.valid(check_digest=False):
                early._start_tex()
            else:
                early.dump = fmt.start_dump(run, 120)
            return early
        except Exception:  # noqa: BLE001 - an optimisation only: fall back to the normal path
            if early is not None:
                early.stop()
            close_run(run)
            lock.close()
            return None

    def _start_tex(self) -> None:
        self.fmt.install(self.run)
        os.mkfifo(self.run / "cv.tex")
        self.proc = spawn(tex_args(self.fmt.exe, self.fmt.name), self.run, self.run / "tex.out")
        self._checker.start()  # hashing the format overlaps TeX loading it

    def _check_format(self) -> None:
        self._intact = digest(self.fmt.path) == self._meta.get("sha256")

    def format_intact(self) -> bool:
        if self._checker.is_alive() or self._intact is None:
            self._checker.join()
        return bool(self._intact)

    def feed_and_wait(self, source: TexSource, log: Path, timeout: float) -> None:
        """Write the document into the pipe, wait for TeX, and judge the pass."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        data = source.text.encode("utf-8")
        fd = None
        while fd is None:
            try:
                fd = os.open(self.run / "cv.tex", os.O_WRONLY | os.O_NONBLOCK)
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
        code = wait(self.proc, self.run, max(0.1, deadline - time.monotonic()), self.engine)
        (self.run / "cv.tex").unlink(missing_ok=True)
        self.proc = None
        check_pass(code, self.run, source, log, formatted=True)

    def stop(self) -> None:
        """Stop the early TeX (or dump) if still unused (the lock stays held until `close`)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.dump is not None:
            self.dump.stop()
        release_pipe(self.run / "cv.tex")

    def close(self) -> None:
        if self._checker.is_alive():
            self._checker.join()
        close_run(self.run)
        if not self.lock.closed:
            self.lock.close()  # releases the flock
