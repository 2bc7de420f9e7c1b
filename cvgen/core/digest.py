"""The SHA-256 of a file that is safe to read: the no-op stamp and the watch's reuse of parses."""

from __future__ import annotations

import hashlib
import os
import stat

_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def file_digest(path: str) -> str | None:
    """The SHA-256 of a regular file; None for anything else (a pipe or device such as
    /dev/zero would block or never end), for a symlink, or when unreadable."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return hashlib.file_digest(f, "sha256").hexdigest()
