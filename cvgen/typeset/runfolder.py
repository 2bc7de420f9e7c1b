"""A fresh private folder for each build's TeX runs, so nothing one build plants reaches another.

The output's cache folder (`.cvgen/<name>-<engine>/`, see `texrun.work_dir`) keeps only what
cvgen itself wrote there: the lock, the format with its record (texformat.py), the last
.aux with its digest, and the last document's head (`head.tex`, what an early TeX may read
before the rest is rendered: prestart.py). Each build makes `run-XXXX/` inside it (while holding the lock), copies
the theme in, brings the .aux in only when its digest matches the record (the format is
hard-linked in by texformat.py, verified the same way), runs TeX there, saves the .aux back
and removes the folder. A file a `raw_latex` section writes (an `mt-cmr.cfg`, say) dies with
its run folder. Run folders left by a killed build are removed by the next one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

from cvgen import theme_dir
from cvgen.core.safewrite import write_atomic

MAX_AUX_BYTES = 16 * 2**20


def open_run(cache: Path) -> Path:
    """A fresh run folder in `cache` (whose lock the caller holds), with the theme and the
    verified .aux of the last build."""
    for stale in cache.glob("run-*"):  # the lock is ours: any other run folder is a killed build's
        shutil.rmtree(stale, ignore_errors=True)
    run = Path(tempfile.mkdtemp(prefix="run-", dir=cache))
    for item in theme_dir().iterdir():  # a fresh folder: plain copies, nothing to compare
        if item.is_file():
            shutil.copyfile(item, run / item.name)
    bring_aux(cache, run)
    return run


def bring_aux(cache: Path, run: Path) -> None:
    """Copy the last build's .aux into `run` when its digest matches the record (again, after an
    early TeX that began the document, and so rewrote the .aux, was stopped unused)."""
    (run / "cv.aux").unlink(missing_ok=True)
    aux = _read_regular(cache / "cv.aux", MAX_AUX_BYTES)
    record = _read_regular(cache / "aux.json", 4096)
    try:
        expected = json.loads(record)["sha256"] if record is not None else None
    except (ValueError, TypeError, KeyError, RecursionError):
        expected = None
    if aux is not None and expected == hashlib.sha256(aux).hexdigest():
        (run / "cv.aux").write_bytes(aux)


def keep_aux(run: Path, cache: Path) -> None:
    """Save the run's .aux (and its digest) for the next build; none means none."""
    aux = _read_regular(run / "cv.aux", MAX_AUX_BYTES)
    if aux is None:
        for name in ("aux.json", "cv.aux"):
            (cache / name).unlink(missing_ok=True)
        return
    record = json.dumps({"sha256": hashlib.sha256(aux).hexdigest()}).encode()
    if _read_regular(cache / "aux.json", 4096) == record and _read_regular(cache / "cv.aux", MAX_AUX_BYTES) == aux:
        return  # unchanged (the usual edit): nothing to write
    write_atomic(cache / "cv.aux", aux)
    write_atomic(cache / "aux.json", record)


HEAD_NAME = "head.tex"
MAX_HEAD_BYTES = 32 * 2**10  # half a pipe's buffer: written at once, never waiting for TeX


def document_head(text: str) -> str | None:
    """The text up to and including the `\\begin{document}` line: all TeX reads before the body
    (None when there is no such line or it is too long to hand over at once)."""
    start = text.find("\n\\begin{document}")
    end = text.find("\n", start + 1) if start >= 0 else -1
    head = text[:end + 1] if end >= 0 else None
    return head if head is not None and len(head.encode("utf-8")) <= MAX_HEAD_BYTES else None


def keep_head(cache: Path, text: str | None) -> None:
    """Save the head of a document that was built (`text`), or forget it (None): only what an
    untrusted build typeset is ever fed ahead of the next build's checks."""
    head = document_head(text) if text is not None else None
    if head is None:
        (cache / HEAD_NAME).unlink(missing_ok=True)
    elif _read_regular(cache / HEAD_NAME, MAX_HEAD_BYTES) != head.encode("utf-8"):
        write_atomic(cache / HEAD_NAME, head.encode("utf-8"))


def last_head(cache: Path) -> str | None:
    data = _read_regular(cache / HEAD_NAME, MAX_HEAD_BYTES)
    try:
        return data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        return None


def close_run(run: Path | None) -> None:
    if run is not None:
        shutil.rmtree(run, ignore_errors=True)


def _read_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes (never through a symlink, never more than `limit`), else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = f.read(limit + 1)
    return data if len(data) <= limit else None
