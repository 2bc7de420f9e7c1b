"""settings.last_updated: the (year, month) a CV says it was last updated, for the
"Last updated: March 2025" line every backend prints.

`auto` takes the newest commit touching the CV's folder when it is in a git repository (a
checkout's file times are the checkout's, not the edit's), else the newest modification time
of its cv.yaml and .bib files; SOURCE_DATE_EPOCH wins over both, so a reproducible build
prints the same line wherever it runs.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path


def updated_month(setting: str | None, cv_file: str) -> tuple[int, int] | None:
    """(year, month) of the line, or None when the CV asks for none."""
    if setting is None:
        return None
    if setting != "auto":
        year, month = setting.split("-")[:2]
        return int(year), int(month)
    stamp = _epoch_from_env() or _git_time(Path(cv_file)) or _mtime(Path(cv_file))
    moment = datetime.fromtimestamp(stamp, tz=timezone.utc)
    return moment.year, moment.month


def _epoch_from_env() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def _git_time(cv_file: Path) -> int | None:
    """The commit time of the newest commit touching the CV's folder; None outside git."""
    folder = cv_file.resolve().parent
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "."], cwd=folder, capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else None


def _mtime(cv_file: Path) -> int:
    folder = cv_file.resolve().parent
    files = [cv_file, *folder.glob("*.bib")]
    return int(max((f.stat().st_mtime for f in files if f.exists()), default=0))
