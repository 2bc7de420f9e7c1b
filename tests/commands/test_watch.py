"""`cvgen watch` as people use it: real saves, real TeX, the PDF read back."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import flat, pdf_text

TITLE = "vAttention"


class Watcher:
    """`cvgen watch` running in the background, its output lines in a queue."""

    def __init__(self, cv: Path, pdf: Path, *options: str, sigint_ignored: bool = False) -> None:
        ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None
        self.proc = subprocess.Popen([sys.executable, "-m", "cvgen", "watch", str(cv), "-o", str(pdf), *options],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=ignore)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> list[str]:
        """Every line up to and including the first that contains `text`."""
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return seen
        raise AssertionError(f"no line with {text!r} in {timeout} s; saw {seen}")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def watcher(cv_dir: Path) -> Iterator[Watcher]:
    w = Watcher(cv_dir / "cv.yaml", cv_dir.parent / "build" / "cv.pdf")
    try:
        w.wait_for("Ctrl-C stops")
        yield w
    finally:
        if w.proc.poll() is None:
            w.proc.send_signal(signal.SIGINT)
            w.proc.wait(timeout=20)


def _edit_title(bib: Path, old: str, new: str, by_rename: bool = False) -> None:
    text = bib.read_text(encoding="utf-8")
    assert f"{{{old}}}" in text
    text = text.replace(f"{{{old}}}", f"{{{new}}}", 1)
    if by_rename:  # how many editors save: a new file renamed over the old one
        tmp = bib.with_name(bib.name + ".swp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, bib)
    else:
        bib.write_text(text, encoding="utf-8")


def test_a_save_rebuilds_and_the_pdf_has_the_edit(watcher: Watcher, cv_dir: Path) -> None:
    pdf = cv_dir.parent / "build" / "cv.pdf"
    _edit_title(cv_dir / "publications.bib", TITLE, "vWatched")
    watcher.wait_for("wrote")
    assert "vWatched: Dynamic Memory Management" in flat(pdf_text(pdf))
    _edit_title(cv_dir / "publications.bib", "vWatched", "vRenamed", by_rename=True)
    watcher.wait_for("wrote")
    assert "vRenamed: Dynamic Memory Management" in flat(pdf_text(pdf))


def test_an_error_is_reported_and_the_watch_goes_on(watcher: Watcher, cv_dir: Path) -> None:
    pdf = cv_dir.parent / "build" / "cv.pdf"
    good = pdf.read_bytes()
    cv = cv_dir / "cv.yaml"
    original = cv.read_text(encoding="utf-8")
    # Saved whole (a new file renamed over the old): a plain write can be read half-done under
    # load, which reports an honest but other error first.
    broken = cv.with_name("cv.yaml.swp")
    broken.write_text(original + "oops: [\n", encoding="utf-8")
    os.replace(broken, cv)
    lines = watcher.wait_for("build failed")
    assert any("cv.yaml:" in line and "YAML syntax" in line for line in lines), lines
    assert pdf.read_bytes() == good and watcher.proc.poll() is None
    cv.write_text(original.replace("name: Ashish Panwar", "name: Ashish Panwar Watched"), encoding="utf-8")
    watcher.wait_for("wrote")
    assert "Ashish Panwar Watched" in pdf_text(pdf)


def test_idle_watch_uses_no_cpu_and_ctrl_c_leaves_no_tex(watcher: Watcher, cv_dir: Path) -> None:
    time.sleep(1)  # the early TeX settles on the pipe
    before = watcher.cpu_seconds()
    time.sleep(3)
    assert watcher.cpu_seconds() - before < 0.1  # notifications, not polling
    work = (cv_dir.parent / "build" / ".cvgen").resolve()
    watcher.proc.send_signal(signal.SIGINT)
    assert watcher.proc.wait(timeout=20) == 0
    time.sleep(0.5)
    left = [pid for pid in os.listdir("/proc") if pid.isdigit() and _cwd(pid).startswith(str(work))]
    assert left == []


def _cwd(pid: str) -> str:
    try:
        return os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return ""


def test_a_burst_of_saves_is_one_rebuild_of_the_last(watcher: Watcher, cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    names = [TITLE] + [f"vBurst{i}" for i in range(5)]
    for old, new in zip(names, names[1:]):  # five saves within a few milliseconds
        _edit_title(bib, old, new)
    lines = watcher.wait_for("wrote")
    time.sleep(2)
    while not watcher.lines.empty():
        lines.append(watcher.lines.get())
    assert sum("wrote" in line for line in lines) <= 2
    assert "vBurst4: Dynamic Memory Management" in flat(pdf_text(cv_dir.parent / "build" / "cv.pdf"))


def test_every_format_and_option_is_rebuilt_together(cv_dir: Path) -> None:
    """--format, --theme, --variant and --engine reach each rebuild, and the idle watch holds
    no lock on the output: a `cvgen build` into it runs meanwhile."""
    pdf = cv_dir.parent / "build" / "cv.pdf"
    w = Watcher(cv_dir / "cv.yaml", pdf, "--format", "pdf,md", "--theme", "modern", "--engine", "pdflatex")
    try:
        w.wait_for("Ctrl-C stops")
        _edit_title(cv_dir / "publications.bib", TITLE, "vBoth")
        w.wait_for("wrote")
        assert "vBoth" in pdf.with_suffix(".md").read_text(encoding="utf-8")
        assert "vBoth: Dynamic Memory Management" in flat(pdf_text(pdf))
        assert "cvgen-modern" in pdf.with_suffix(".tex").read_text(encoding="utf-8")
        time.sleep(1)
        other = subprocess.run([sys.executable, "-m", "cvgen", "build", str(cv_dir / "cv.yaml"), "-o", str(pdf),
                                "--theme", "modern"], capture_output=True, text=True, timeout=60)
        assert other.returncode == 0, other.stderr
        _edit_title(cv_dir / "publications.bib", "vBoth", "vAfter")
        w.wait_for("wrote")
        assert "vAfter: Dynamic Memory Management" in flat(pdf_text(pdf))
    finally:
        w.proc.send_signal(signal.SIGINT)
        w.proc.wait(timeout=20)


def test_the_folder_vanishing_is_waited_for(tmp_path: Path, cv_dir: Path) -> None:
    """Issue 21 item 8: the watch says the folder is gone, waits, and builds when it is back."""
    import shutil

    pdf = tmp_path / "out" / "cv.pdf"
    w = Watcher(cv_dir / "cv.yaml", pdf, "--format", "md")
    try:
        w.wait_for("Ctrl-C stops")
        kept = tmp_path / "kept"
        shutil.move(cv_dir, kept)
        w.wait_for("is gone; waiting")
        assert w.proc.poll() is None
        _edit_title(kept / "publications.bib", TITLE, "vReturned")
        shutil.move(kept, cv_dir)
        w.wait_for("wrote")
        assert "vReturned" in pdf.with_suffix(".md").read_text(encoding="utf-8")
    finally:
        w.proc.send_signal(signal.SIGINT)
        assert w.proc.wait(timeout=20) in (0, 130)


def test_the_html_preview_reloads_itself_after_a_save(cv_dir: Path, tmp_path: Path) -> None:
    """`watch --format html` serves a page on 127.0.0.1 that shows each new build without a
    manual reload (headless Chromium, as tests/backends/test_html_browser.py starts it)."""
    from ..backends.test_html_browser import CHROMIUM, DRIVER, FLAGS

    if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
        pytest.skip("chromium and chromium-driver are not installed (scripts/ensure-tools.sh --test)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    w = Watcher(cv_dir / "cv.yaml", tmp_path / "out" / "cv.pdf", "--format", "html", "--port", "0")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    driver = None
    try:
        url = w.wait_for("preview at")[-1].split("preview at ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:")
        driver = webdriver.Chrome(options=options, service=Service(DRIVER))
        driver.get(url)

        def shown() -> str:
            driver.switch_to.default_content()
            driver.switch_to.frame("cv")
            return driver.execute_script("return document.body ? document.body.innerText : ''")

        deadline = time.monotonic() + 20
        while TITLE not in shown() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert TITLE in shown()
        _edit_title(cv_dir / "publications.bib", TITLE, "vPreviewed")
        deadline = time.monotonic() + 20
        while "vPreviewed" not in shown() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "vPreviewed" in flat(shown())
    finally:
        if driver is not None:
            driver.quit()
        w.proc.send_signal(signal.SIGINT)
        w.proc.wait(timeout=20)


def test_ctrl_c_stops_a_watch_started_from_a_background_job(cv_dir: Path) -> None:
    """A script's `cvgen watch &` starts with SIGINT ignored (POSIX); Ctrl-C (SIGINT) still stops it."""
    w = Watcher(cv_dir / "cv.yaml", cv_dir.parent / "build" / "cv.pdf", "--format", "md", sigint_ignored=True)
    try:
        w.wait_for("Ctrl-C stops")
        w.proc.send_signal(signal.SIGINT)
        assert w.proc.wait(timeout=20) == 0
    finally:
        if w.proc.poll() is None:
            w.proc.kill()
