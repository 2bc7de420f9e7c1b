"""`cvgen watch`: rebuild on every save, with TeX already warm for the next one.

Between builds Python stays loaded (imports, the parsed venue index) and TeX waits on the
last build's format with `cv.tex` a named pipe (prestart.EarlyTex), blocked in the kernel at
0% CPU; a save then costs rendering plus the typesetting half of one pass. Changes come from
the operating system's file notifications (watchfiles: inotify on Linux), not from polling.
We watch the folders that hold the inputs, not the files, so editors that save by writing a
new file and renaming it over the old one are seen too; a burst of saves is one rebuild.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from cvgen import theme_dir
from cvgen.core.errors import CvError

STEP_MS = 30  # after a change, wait this long for more before building (an editor's burst)
DEBOUNCE_MS = 300  # at most this long in all


@dataclass
class Outcome:
    """One rebuild: what the watcher prints, and the inputs to watch from now on."""

    ok: bool
    line: str
    inputs: set[Path]


def watched_folders(inputs: set[Path]) -> set[Path]:
    return {p.parent for p in inputs}


def relevant(changes: set[tuple[object, str]], inputs: set[Path]) -> bool:
    """Did any of `changes` (watchfiles' (kind, path) pairs) touch an input file?"""
    names = {p.resolve() for p in inputs}
    return any(Path(path).resolve() in names for _, path in changes)


Snapshot = dict[Path, tuple[int, int, int] | None]


def snapshot(inputs: set[Path]) -> Snapshot:
    """Each input's (inode, size, mtime): what a save changes, whether by write or by rename."""
    result: Snapshot = {}
    for path in inputs:
        try:
            info = path.stat()
            result[path] = (info.st_ino, info.st_size, info.st_mtime_ns)
        except OSError:
            result[path] = None
    return result


def next_change(inputs: set[Path], since: Snapshot, on_ready: Callable[[], None] | None = None,
                stop: Callable[[], bool] | None = None) -> bool:
    """Block until an input changes (True) or `stop()` says so (False).

    Notifications start only once the folders are watched; a save that came between the
    `since` snapshot and then is caught by comparing the snapshot, so no save is ever lost.
    Waking once a second to look at `stop` costs nothing measurable."""
    import watchfiles

    folders = sorted(str(f) for f in watched_folders(inputs) if f.is_dir())
    ready = False
    for changes in watchfiles.watch(*folders, recursive=False, step=STEP_MS, debounce=DEBOUNCE_MS,
                                    rust_timeout=1000, yield_on_timeout=True, raise_interrupt=True):
        if stop is not None and stop():
            return False
        if not ready:
            ready = True
            if on_ready is not None:
                on_ready()
            if snapshot(set(since)) != since:
                return True
        if changes and relevant(changes, inputs):
            return True
    return False


def theme_files() -> set[Path]:
    return {p for p in theme_dir().iterdir() if p.is_file()}


def rebuild(cv_path: Path, pdf: Path, engine: str | None, strict: bool, early: object,
            inputs: set[Path], trust_raw_latex: bool = False) -> Outcome:
    """Build once into `pdf` (atomic, as `cvgen build`), and record the stamp."""
    from cvgen.core.errors import BuildError
    from cvgen.pipeline import build
    from cvgen.build.stamp import Stamp

    started = time.monotonic()
    stamp = Stamp(cv_path, pdf, engine=engine, strict=strict, trust_raw_latex=trust_raw_latex)
    try:
        built = build(cv_path, pdf, strict=strict, engine=engine, early=early,  # type: ignore[arg-type]
                      trust_raw_latex=trust_raw_latex)
    except (CvError, BuildError) as exc:
        message = exc.format_message() if isinstance(exc, CvError) else f"error: {exc.format_message()}"
        return Outcome(False, f"{message}\ncvgen watch: build failed; {pdf} is unchanged, waiting for the next save",
                       inputs | {cv_path})
    except OSError as exc:
        return Outcome(False, f"cvgen watch: cannot write {exc.filename or pdf.parent}: {exc.strerror or exc}",
                       inputs | {cv_path})
    warned = built.checked.problems.warnings
    assert built.result is not None  # a PDF build
    stamp.save(built.inputs, built.engine, built.identity, built.outputs, [w.render() for w in warned], None)
    seconds = time.monotonic() - started
    lines = [w.render() for w in warned]
    warn_note = f", {len(warned)} warning(s)" if warned else ""
    lines.append(f"cvgen watch: wrote {pdf} in {seconds:.2f} s ({built.result.passes} pass"
                 f"{'es' if built.result.passes != 1 else ''}{warn_note})")
    return Outcome(True, "\n".join(lines), {Path(p) for p in built.inputs} | theme_files())


def run(cv_path: Path, pdf: Path, engine: str | None, strict: bool,
        echo: Callable[[str], None] = click.echo, stop: Callable[[], bool] | None = None,
        trust_raw_latex: bool = False) -> None:
    """Build, then rebuild on every change of an input until Ctrl-C (or `stop()` says so)."""
    from cvgen.build.prestart import EarlyTex
    from cvgen.core.safewrite import build_lock
    from cvgen.build.stamp import Stamp
    from cvgen.build.texformat import default_preamble

    inputs = {cv_path} | theme_files()
    since = snapshot(inputs)
    with build_lock(pdf):  # as `cvgen build`: one build into an output at a time
        outcome = rebuild(cv_path, pdf, engine, strict, None, inputs, trust_raw_latex)
    echo(outcome.line)
    inputs = outcome.inputs
    since.update(snapshot(inputs - set(since)))
    announced = False

    def announce() -> None:
        nonlocal announced
        if not announced:
            echo(f"cvgen watch: watching {len(inputs)} files; Ctrl-C stops")
            announced = True

    while True:
        last_engine = engine or Stamp(cv_path, pdf).last_engine() or "pdflatex"
        # TeX loads the format now and waits on the pipe while we wait for a save. The output's
        # lock is taken first, in the order `cvgen build` takes them (no deadlock with it).
        with build_lock(pdf), EarlyTex.start(pdf, last_engine, default_preamble()) as early:
            if not next_change(inputs, since, announce, stop):
                return
            since = snapshot(inputs)
            outcome = rebuild(cv_path, pdf, engine, strict, early, inputs, trust_raw_latex)
        echo(outcome.line)
        since.update(snapshot(outcome.inputs - inputs))
        inputs = outcome.inputs
