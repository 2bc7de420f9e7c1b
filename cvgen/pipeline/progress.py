"""What a person sees while a build runs: each stage as it starts and as it ends (`-v`), and
any step that can take seconds shown as under way when it starts.

On a terminal a slow step is click's progress bar without a length (a bouncing mark) on
stderr, cleared when the step ends; elsewhere (CI logs, pipes) it is one plain line. Nothing
here writes terminal control codes of its own: click decides what the terminal gets.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

TICK = 0.1  # seconds between two frames of a spinner


@dataclass
class Stage:
    """One stage under way; `detail` (set by the stage) is printed when it ends."""

    label: str
    detail: str = ""


@dataclass
class Progress:
    """Stage reports for one build. `verbose` streams every stage; slow steps show even without
    it. `echo` receives finished lines (the command line passes click.echo to stderr)."""

    verbose: bool = False
    echo: Callable[[str], None] | None = None
    stream: IO[str] | None = None  # where a spinner draws (default: stderr)
    started: float = field(default_factory=time.perf_counter)

    def say(self, line: str) -> None:
        """One line, prefixed with the time since the build started (verbose only)."""
        if self.verbose:
            self._emit(f"cvgen: {time.perf_counter() - self.started:6.3f} s  {line}")

    def note(self, line: str) -> None:
        """A line shown whether verbose or not: slow first-time work that is starting."""
        self._emit(f"cvgen: {line}")

    def _emit(self, line: str) -> None:
        if self.echo is not None:
            self.echo(line)
        else:
            print(line, file=self.stream or sys.stderr, flush=True)

    @contextmanager
    def stage(self, label: str, slow: str | None = None) -> Iterator[Stage]:
        """Report `label` as it starts and ends. `slow` (why this step may take seconds, or
        None) shows the step as under way even without -v: a spinner on a terminal, a line
        elsewhere."""
        stage = Stage(label)
        clock = time.perf_counter()
        self.say(f"{label} ...")
        spinner = None
        if slow:
            spinner = _Spinner(f"cvgen: {label}: {slow}", self.stream or sys.stderr) if self._tty() else None
            if spinner is None:
                self.note(f"{label}: {slow}")
            else:
                spinner.start()
        try:
            yield stage
        finally:
            if spinner is not None:
                spinner.stop()
        detail = f": {stage.detail}" if stage.detail else ""
        self.say(f"{label} done{detail} ({time.perf_counter() - clock:.3f} s)")

    def _tty(self) -> bool:
        stream = self.stream or sys.stderr
        try:
            return stream.isatty()
        except (AttributeError, ValueError):
            return False


class _Spinner:
    """click's progress bar without a length, redrawn from a thread until `stop`."""

    def __init__(self, label: str, stream: IO[str]) -> None:
        self.label, self.stream = label, stream
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _ticks(self) -> Iterator[int]:
        n = 0
        while not self.done.wait(TICK):
            n += 1
            yield n

    def _run(self) -> None:
        import click

        with click.progressbar(self._ticks(), label=self.label, file=self.stream, width=12,
                               show_eta=False) as bar:
            for _ in bar:
                pass

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join()
