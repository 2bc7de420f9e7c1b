"""Writing beside the PDF safely: never over an input, never through a symlink, one build
per output at a time (outputs.py says which files each format writes).

A build into `out/cv.pdf` writes `out/cv.pdf`, `out/cv.tex`, `out/cv.log` and
`out/.cvgen/cv.stamp.json` (with TeX's work folders under `out/.cvgen/`). Before anything is
written, `check_outputs` compares every input (cv.yaml, the .bib, venues.yaml, the theme
files) with every output by resolved path and by inode, and refuses a symlinked output folder
or `.cvgen`. Every file is written by `write_atomic`: a fresh temporary file renamed over the
target, so a symlink planted at the target is replaced, never followed. `build_lock` makes two
builds into one output (`cvgen build` and `make pdf` racing) take turns, so the PDF, .tex,
.log and stamp on disk always come from the same build.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cvgen.core.errors import BuildError

O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def output_paths(pdf: Path) -> list[Path]:
    """The files every build into `pdf` may write (besides its work folders and other formats)."""
    return [pdf, pdf.with_suffix(".tex"), pdf.with_suffix(".log"), pdf.parent / ".cvgen" / f"{pdf.stem}.stamp.json"]


def _same_file(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def check_outputs(inputs: list[Path], pdf: Path, others: list[Path] | None = None) -> None:
    """Refuse a build that would overwrite one of its inputs (same path, or the same file by
    inode: a hard link) or write through a symlinked folder; `others`: the other formats' files.
    The shipped theme counts as an input too."""
    from cvgen import theme_dir

    safe_folder(pdf)
    inputs = [*inputs, *(p for p in theme_dir().iterdir() if p.is_file())]
    for output in output_paths(pdf) + list(others or []):
        for source in inputs:
            if _same_file(source, output):
                raise BuildError(f"{output}: this output would overwrite an input of the build ({source}); "
                                 "choose another output with -o (or rename the input)")


def safe_folder(pdf: Path) -> Path:
    """The output's `.cvgen` folder, created if needed; a BuildError if the output folder or
    `.cvgen` is a symlink (cvgen would write wherever it points)."""
    folder = pdf.parent
    private = folder / ".cvgen"
    for path in (folder, private):
        if path.is_symlink():
            raise BuildError(f"{path} is a symbolic link; cvgen does not write through links (it could "
                             "overwrite the file it points to). Remove the link or choose another output with -o")
    private.mkdir(parents=True, exist_ok=True)
    if private.is_symlink() or not private.is_dir():
        raise BuildError(f"{private} is not a folder; remove it")
    return private


class DiskFull(BuildError, OSError):
    """A write failed for want of space: a BuildError whose message names the disk and the
    folder, and still an OSError for the callers that tolerate a failed write (the stamp)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.errno = errno.ENOSPC


LOW_SPACE = 2**20  # a failed TeX run with less than this left on its disk ran out of it (a CV needs megabytes)


def _mount(path: Path) -> tuple[str, str]:
    """The device and mount point holding `path` (the longest mount point above it), from /proc/self/mounts."""
    real = os.path.realpath(path)
    best = ("the disk", "/")
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 2:
                    continue
                point = fields[1].replace("\\040", " ")
                if (real == point or real.startswith(point.rstrip("/") + "/")) and len(point) >= len(best[1]):
                    best = (fields[0], point)
    except OSError:
        pass
    return best


def no_space(path: Path) -> str | None:
    """'no space left on DEVICE (mounted at M) for FOLDER' when the file system holding `path`
    has (almost) no space or no free inodes left, else None. TeX says nothing when its disk is
    full (its log is cut short), so a failed run asks the disk."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        st = os.statvfs(folder)
    except OSError:
        return None
    if st.f_bavail * st.f_frsize >= LOW_SPACE and (st.f_files == 0 or st.f_favail > 0):
        return None
    device, point = _mount(folder)
    shown = folder if folder.is_dir() else folder.parent
    return f"no space left on {device} (mounted at {point}) for {shown}/"


def disk_full(exc: OSError, path: Path) -> str | None:
    """The message for a write that failed because the disk is full, naming the disk and the folder."""
    if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
        return None
    where = no_space(Path(exc.filename) if isinstance(exc.filename, str) else path)
    if where is None:
        device, point = _mount(path.parent)
        where = f"no space left on {device} (mounted at {point}) for {path.parent}/" + \
            (" (or your quota is used up)" if exc.errno == errno.EDQUOT else "")
    return f"{where}: free some space or choose another output with -o, then build again (the previous PDF is unchanged)"


def write_atomic(path: Path, data: bytes) -> str:
    """Write `data` to a new temporary file beside `path` (created exclusively: never through a
    link) and rename it over `path`: a link at `path` is replaced, its target untouched, and
    readers see the old or the new file. Returns the SHA-256 of `data`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")  # the umask's mode, unlike mkstemp
    try:
        with open(tmp, "xb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if (message := disk_full(exc, path)) is not None:
            raise DiskFull(message) from None
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


def open_lock(path: Path) -> int:
    """A lock file's descriptor, never through a symlink and never a pipe or device."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), 0o644)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise BuildError(f"{path} is not a regular file; remove it")
    return fd


@contextmanager
def build_lock(pdf: Path) -> Iterator[None]:
    """Hold `.cvgen/<name>.lock` for a whole build: builds into one output take turns."""
    try:
        fd = open_lock(safe_folder(pdf) / f"{pdf.stem}.lock")
    except OSError as exc:
        raise BuildError(disk_full(exc, pdf) or
                         f"cannot write {pdf.parent}: {exc.strerror or exc}; choose another output with -o") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
