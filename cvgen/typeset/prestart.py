"""Starting TeX early: the edit-rebuild fast path, over a named pipe.

While Python still imports, loads and renders the CV, TeX is already loading the last
build's format with `cv.tex` a named pipe; it then reads the document from the pipe. Loading
the format is the larger part of a pass, so an edit-rebuild costs about one pass in all.
The last build's head (everything up to `\\begin{document}`: the metadata, the footer, the
font and hyperref set-up of the first page) is written into the pipe at once, so TeX gets
through `\\begin{document}` before the new document is even rendered; the rest follows when it
is. A document whose head differs is not fed: the early TeX is stopped unused, as for a
different preamble (an untrusted build's head only: runfolder.keep_head).
Without a valid format the format is dumped in the background instead. If the rendered
preamble turns out to differ, compile.py stops the early TeX unused. `EarlyTex.start` is a
context manager: whatever happens, on leaving it nothing started here is left running and
the work folder's lock is released.
"""

from __future__ import annotations

import fcntl
import os
import select
import shutil
import sys
import termios
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from cvgen.core.errors import BuildError
from cvgen.core.safewrite import open_lock, safe_folder
from cvgen.typeset.texformat import FORMAT_ENGINES, Dump, Format, digest, read_meta
from cvgen.typeset.runfolder import close_run, last_head, open_run
from cvgen.typeset.texrun import TexSource, check_pass, release_pipe, spawn, tex_args, wait, work_dir


# XeTeX reads a file's first two bytes to look for a UTF-16 byte-order mark, then rewinds: a
# pipe cannot rewind, so those two bytes are gone. They are this comment line's, so TeX's line
# 1 is still the document's line 1 (and were they kept, a comment line would be harmless).
SNIFFED = b"%\n"


class EarlyTex:
    """TeX already running on a format, waiting for cv.tex on a named pipe (or the format
    being dumped); for an engine without formats (lualatex, xelatex) TeX already reading the
    last head (its preamble: the fonts). Holds the work folder's lock until `close`."""

    def __init__(self, work: Path, run: Path, fmt: Format | None, lock: IO[str], engine: str, exe: str) -> None:
        self.work, self.run, self.fmt, self.lock, self.engine, self.exe = work, run, fmt, lock, engine, exe
        self.proc = None
        self.dump: Dump | None = None  # instead of TeX: the format being dumped
        self.head: str | None = None  # what was written into the pipe ahead of the document
        self.aux_before: str | None = None  # the .aux's digest before TeX could rewrite it
        self._pipe: int | None = None  # our end of cv.tex (read-write: opening it never waits for TeX)
        self._intact: bool | None = None
        self._meta = read_meta(work) or {}
        self._checker = threading.Thread(target=self._check_format, daemon=True)

    @classmethod
    @contextmanager
    def start(cls, pdf: Path, engine: str, guess: str | None) -> Iterator[EarlyTex | None]:
        """Put TeX to work for a build into `pdf` on the last build's preamble (else `guess`);
        yields None when nothing could be started (another build holds the folder, no
        mylatexformat; without formats: no head of a last build)."""
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
        if not hasattr(os, "mkfifo") or exe is None:
            return None
        work = work_dir(pdf, engine)
        if engine not in FORMAT_ENGINES and last_head(work) is None:
            return None
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
            if preamble is None and engine in FORMAT_ENGINES:
                raise OSError("no preamble to start on")
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another build is running here: take the normal path later
            lock.close()
            return None
        early = None
        run = None
        try:
            fmt = Format.locate(work, exe, preamble, meta) if preamble is not None and engine in FORMAT_ENGINES else None
            if fmt is None and engine in FORMAT_ENGINES:
                lock.close()
                return None
            run = open_run(work)
            early = cls(work, run, fmt, lock, engine, exe)
            if fmt is None:  # the whole preamble is TeX's to read: only worth it with the head
                early._start_tex()
                if early.head is None:
                    raise OSError("no head to read ahead")
            elif fmt.valid(check_digest=False):
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
        if self.fmt is not None:
            self.fmt.install(self.run)
        self.aux_before = digest(self.run / "cv.aux")
        os.mkfifo(self.run / "cv.tex")
        head = last_head(self.work)
        if head is not None and (self.fmt is None or head.startswith(self.fmt.preamble)):
            try:  # Linux opens a pipe read-write at once; the head fits its buffer
                self._pipe = os.open(self.run / "cv.tex", os.O_RDWR | os.O_NONBLOCK)
                data = (SNIFFED if self.engine == "xelatex" else b"") + head.encode("utf-8")
                if os.write(self._pipe, data) == len(data):
                    self.head = head
                else:  # cannot happen (the head is under half the buffer): TeX would read half a line
                    raise OSError("short write")
            except OSError:
                self._close_pipe()
                release_pipe(self.run / "cv.tex")
                os.mkfifo(self.run / "cv.tex")
        if self.fmt is None:  # no format: only worth starting with the head to read
            if self.head is not None:
                self.proc = spawn(tex_args(self.exe), self.run, self.run / "tex.out")
            return
        self.proc = spawn(tex_args(self.fmt.exe, self.fmt.name), self.run, self.run / "tex.out")
        self._checker.start()  # hashing the format overlaps TeX loading it

    def accepts(self, text: str) -> bool:
        """Can TeX go on with `text`: does it begin with what TeX was given ahead?"""
        return self.head is None or text.startswith(self.head)

    def _check_format(self) -> None:
        self._intact = digest(self.fmt.path) == self._meta.get("sha256")

    def format_intact(self) -> bool:
        if self.fmt is None:
            return True
        if self._checker.is_alive() or self._intact is None:
            self._checker.join()
        return bool(self._intact)

    def feed_and_wait(self, source: TexSource, log: Path, timeout: float) -> None:
        """Write the document (after the head given ahead) into the pipe, wait for TeX, and
        judge the pass."""
        assert self.proc is not None and self.accepts(source.text)
        deadline = time.monotonic() + timeout
        data = source.text.encode("utf-8")
        if self._pipe is not None:
            self._feed_rest(data[len(self.head.encode("utf-8")) if self.head else 0:], deadline)
        else:
            self._feed_all(data, deadline)
        code = wait(self.proc, self.run, max(0.1, deadline - time.monotonic()), self.engine)
        (self.run / "cv.tex").unlink(missing_ok=True)
        self.proc = None
        check_pass(code, self.run, source, log, formatted=self.fmt is not None)

    def _feed_rest(self, data: bytes, deadline: float) -> None:
        """Write through our read-write end, then close it once TeX has read everything (closing
        earlier, before TeX opened the pipe, would drop what it holds): TeX then sees the end."""
        assert self.proc is not None and self._pipe is not None
        view = memoryview(data)
        while self.proc.poll() is None and time.monotonic() < deadline:
            if view:
                try:
                    view = view[os.write(self._pipe, view):]
                except BlockingIOError:  # the pipe is full: TeX reads as it typesets
                    select.select([], [self._pipe], [], 0.05)
            elif _unread(self._pipe):
                time.sleep(0.001)
            else:
                break
        self._close_pipe()

    def _feed_all(self, data: bytes, deadline: float) -> None:
        """Open the pipe once TeX has (still loading the format until then) and write it all."""
        assert self.proc is not None
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

    def _close_pipe(self) -> None:
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None

    def stop(self) -> None:
        """Stop the early TeX (or dump) if still unused (the lock stays held until `close`)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._close_pipe()
        if self.dump is not None:
            self.dump.stop()
        release_pipe(self.run / "cv.tex")

    def close(self) -> None:
        if self._checker.is_alive():
            self._checker.join()
        close_run(self.run)
        if not self.lock.closed:
            self.lock.close()  # releases the flock


def _unread(fd: int) -> int:
    """Bytes in a pipe that nobody has read yet."""
    return int.from_bytes(fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"), sys.byteorder)
