"""`cvgen watch`: rebuild on every save, with TeX already warm for the next one.

Between builds Python stays loaded (imports, the parsed venue index) and TeX waits on the
last build's format with `cv.tex` a named pipe (prestart.EarlyTex), blocked in the kernel at
0% CPU; a save then costs rendering plus the typesetting half of one pass. Changes come from
the operating system's file notifications (watchfiles: inotify on Linux), not from polling.
We watch the folders that hold the inputs, not the files, so editors that save by writing a
new file and renaming it over the old one are seen too; a burst of saves is one rebuild.

Each rebuild is `pipeline.build` with the watch's options (every format, theme, variant and
engine a build takes). While idle the watch holds no lock on the output: a `cvgen build` into
the same output is seen within a second, the warm TeX steps aside for it, and the watch warms
up again after. When the CV's folder vanishes the watch says so and waits for it to return.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

import click

from cvgen import theme_dir
from cvgen.core.errors import BuildError, CvError
from cvgen.pipeline.building import BuildOptions

GONE_POLL = 1.0  # seconds between two looks for a vanished folder (inotify cannot watch what is not there)
STEP_MS = 2  # after a change, wait this long for more before building (an editor's burst: microseconds apart)
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


CHANGED, STOPPED, WANTED = "changed", "stopped", "wanted"


def next_change(inputs: set[Path], since: Snapshot, on_ready: Callable[[], None] | None = None,
                stop: Callable[[], bool] | None = None, wanted: Callable[[], bool] | None = None) -> str:
    """Block until an input changes (CHANGED), `stop()` says so (STOPPED), or `wanted()` says
    another build wants the output (WANTED).

    Notifications start only once the folders are watched; a save that came between the
    `since` snapshot and then is caught by comparing the snapshot, so no save is ever lost.
    Waking once a second to look at `stop` and `wanted` costs nothing measurable. A watched
    folder that vanishes counts as a change (the rebuild then says what is missing)."""
    import watchfiles

    folders = sorted(str(f) for f in watched_folders(inputs) if f.is_dir())
    if not folders:
        return CHANGED
    ready = False
    try:
        for changes in watchfiles.watch(*folders, recursive=False, step=STEP_MS, debounce=DEBOUNCE_MS,
                                        rust_timeout=1000, yield_on_timeout=True, raise_interrupt=True):
            if stop is not None and stop():
                return STOPPED
            if not ready:
                ready = True
                if on_ready is not None:
                    on_ready()
                if snapshot(set(since)) != since:
                    return CHANGED
            if changes and relevant(changes, inputs):
                return CHANGED
            if not all(os.path.isdir(f) for f in folders):
                return CHANGED
            if wanted is not None and wanted():
                return WANTED
    except (OSError, RuntimeError):  # a watched folder went away under the watcher
        return CHANGED
    return STOPPED


def theme_files() -> set[Path]:
    return {p for p in theme_dir().iterdir() if p.is_file()}


@contextmanager
def output_lock(pdf: Path, wait: bool) -> Iterator[bool]:
    """The output's build lock (as `cvgen build` takes it); with `wait=False`, True only if it
    was free. A vanished output folder counts as free (the build creates it)."""
    from cvgen.core.safewrite import open_lock, safe_folder

    try:
        fd = open_lock(safe_folder(pdf) / f"{pdf.stem}.lock")
    except (OSError, BuildError):
        yield True
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def other_build_waiting(pdf: Path) -> bool:
    """Whether a `cvgen build` holds the output's lock now (it then waits for the warm TeX's)."""
    if not pdf.parent.is_dir():
        return False
    with output_lock(pdf, wait=False) as free:
        return not free


def rebuild(options: BuildOptions, early: object, inputs: set[Path], locked: bool = True) -> Outcome:
    """Build once as `cvgen build` would (atomic outputs, the stamp recorded)."""
    from cvgen.pipeline.building import build
    from cvgen.pipeline.progress import Progress

    started = time.monotonic()
    pdf = options.output
    lines: list[str] = []
    progress = Progress(verbose=options.verbose, echo=lines.append)
    try:
        built = build(replace(options, record=True), early=early, progress=progress,  # type: ignore[arg-type]
                      locked=locked)
    except (CvError, BuildError) as exc:
        message = exc.format_message() if isinstance(exc, CvError) else f"error: {exc.format_message()}"
        return Outcome(False, "\n".join(lines + [f"{message}\ncvgen watch: build failed; the last good output is "
                                                  f"unchanged ({pdf}), waiting for the next save"]),
                       inputs | {options.cv})
    except OSError as exc:
        return Outcome(False, "\n".join(lines + [f"cvgen watch: cannot write {exc.filename or pdf.parent}: "
                                                  f"{exc.strerror or exc}"]), inputs | {options.cv})
    seconds = time.monotonic() - started
    lines += built.warnings
    warn_note = f", {len(built.checked.problems.warnings)} warning(s)" if built.checked.problems.warnings else ""
    passes = (f"{built.result.passes} pass{'es' if built.result.passes != 1 else ''}" if built.result else "no TeX")
    lines.append(f"cvgen watch: wrote {', '.join(built.written)} in {seconds:.2f} s ({passes}{warn_note})")
    return Outcome(True, "\n".join(lines), {Path(p) for p in built.inputs} | theme_files())


def wait_for_folder(folder: Path, echo: Callable[[str], None], stop: Callable[[], bool] | None) -> bool:
    """The CV's folder vanished: say so, and look once a second until it is back (True) or
    `stop()` says so (False)."""
    echo(f"cvgen watch: the folder {folder} is gone; waiting for it to come back (Ctrl-C stops)")
    while not folder.is_dir():
        if stop is not None and stop():
            return False
        time.sleep(GONE_POLL)
    echo(f"cvgen watch: {folder} is back; building")
    return True


def run(options: BuildOptions, echo: Callable[[str], None] = click.echo, stop: Callable[[], bool] | None = None,
        serve: int | None = None) -> int:
    """Build, then rebuild on every change of an input until Ctrl-C (or `stop()` says so); the
    exit status. With `serve` (a port), the HTML preview runs on 127.0.0.1 meanwhile."""
    import signal
    import threading

    from cvgen.typeset.outputs import needs_tex, text_outputs

    if threading.current_thread() is threading.main_thread():
        # "Ctrl-C stops" holds even when started from a script's background job, whose shell
        # starts it with SIGINT ignored (POSIX): the finished PDF is written on the way out.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    pdf = options.output
    preview = None
    if serve is not None:
        from cvgen.commands.preview import Preview

        try:
            preview = Preview(text_outputs(pdf, options.formats)["html"], serve).start()
        except OSError as exc:
            echo(f"cvgen watch: cannot serve the preview on 127.0.0.1:{serve}: {exc.strerror or exc}; "
                 "choose another port with --port")
            return 1
    try:
        return _loop(options, echo, stop, preview, needs_tex(options.formats))
    finally:
        if preview is not None:
            preview.stop()


def _loop(options: BuildOptions, echo: Callable[[str], None], stop: Callable[[], bool] | None,
          preview: object, tex: bool) -> int:
    from cvgen.typeset.stamp import Stamp

    cv_path, pdf = options.cv, options.output
    inputs = {cv_path} | theme_files()
    since = snapshot(inputs)
    outcome = rebuild(options, None, inputs, locked=False)
    echo(outcome.line)
    if outcome.ok and preview is not None:
        preview.publish()  # type: ignore[attr-defined]
        echo(f"cvgen watch: preview at {preview.url}")  # type: ignore[attr-defined]
    inputs = outcome.inputs
    since.update(snapshot(inputs - set(since)))
    announced = False

    def announce() -> None:
        nonlocal announced
        if not announced:
            echo(f"cvgen watch: watching {len(inputs)} files; Ctrl-C stops")
            announced = True

    folder = cv_path.absolute().parent
    while True:
        if not folder.is_dir():
            if not wait_for_folder(folder, echo, stop):
                return 0
            since = {p: (-1, -1, -1) for p in inputs}  # everything counts as changed
        # TeX loads the format now and waits on the pipe while we wait for a save. The output's
        # lock is not held while idle: a `cvgen build` into it makes the warm TeX step aside.
        with _warm(options, tex, Stamp) as early:
            why = next_change(inputs, since, announce, stop, wanted=lambda: other_build_waiting(pdf))
            if why == STOPPED:
                return 0
            if why == CHANGED:
                with output_lock(pdf, wait=False) as free:
                    if free:
                        since = snapshot(inputs)
                        outcome = rebuild(options, early, inputs)
        if why == WANTED or (why == CHANGED and not free):
            with output_lock(pdf, wait=True):
                pass  # the other build is done; warm up again
            continue
        echo(outcome.line)
        if outcome.ok and preview is not None:
            preview.publish()  # type: ignore[attr-defined]
        since.update(snapshot(outcome.inputs - inputs))
        inputs = outcome.inputs


def _warm(options: BuildOptions, tex: bool, stamp_class: type) -> object:
    """A TeX on the last format waiting for the next build (none when only text formats)."""
    if not tex or not options.output.absolute().parent.is_dir():
        return nullcontext(None)
    from cvgen.typeset.prestart import EarlyTex
    from cvgen.typeset.texformat import default_preamble

    engine = options.engine or stamp_class(options.cv, options.output).last_engine() or "pdflatex"
    return EarlyTex.start(options.output, engine, default_preamble())
