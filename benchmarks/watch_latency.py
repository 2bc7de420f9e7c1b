"""Watch latency: from a save to the new PDF in place, against one plain pdflatex pass.

    .venv/bin/python benchmarks/watch_latency.py [--edits 20] [--interval 1.5]

In a temporary copy of content/, `cvgen watch` runs on the reference CV; the script edits one
title in the .bib EDITS times, INTERVAL seconds apart, and for each edit measures the time from
the write to the moment the PDF with the new title has replaced the old one (the PDF's inode
changes: cvgen publishes by rename). Between edits it times one plain pdflatex pass of the
same .tex (its .aux warm), so the yardstick shares the machine's load of the moment.

Targets (issue 14): median <= 0.6x a plain pass, 90th percentile <= 1.0x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import CONTENT, EDIT_TITLE, THEME, edit_title, tex_env, timed  # noqa: E402


def wait_for_new_pdf(pdf: Path, old_inode: int, deadline: float) -> float:
    """Spin until the PDF at `pdf` is another file than `old_inode`; the time it appeared."""
    while time.perf_counter() < deadline:
        try:
            if pdf.stat().st_ino != old_inode:
                return time.perf_counter()
        except FileNotFoundError:
            pass
        time.sleep(0.001)
    raise SystemExit("no new PDF within the deadline: is cvgen watch running?")


def plain_pass(tex: Path, folder: Path) -> float:
    for item in THEME.iterdir():
        if item.is_file():
            shutil.copyfile(item, folder / item.name)
    shutil.copyfile(tex, folder / "cv.tex")
    args = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "cv.tex"]
    if not (folder / "cv.aux").exists():
        timed(args, cwd=folder, env=tex_env())
    return timed(args, cwd=folder, env=tex_env())[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--interval", type=float, default=1.5, help="seconds between edits")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cvgen-watch-") as tmp_name:
        tmp = Path(tmp_name)
        shutil.copytree(CONTENT, tmp / "content")
        (tmp / "plain").mkdir()
        cv, pdf = tmp / "content" / "cv.yaml", tmp / "build" / "cv.pdf"
        watch = subprocess.Popen([sys.executable, "-m", "cvgen", "watch", str(cv), "-o", str(pdf)],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert watch.stdout is not None
            for line in watch.stdout:  # the first build, then the watch is live
                if "Ctrl-C stops" in line:
                    break
            # Keep reading what it prints (warnings every build): a full pipe would stall it.
            threading.Thread(target=lambda: [None for _ in watch.stdout], daemon=True).start()
            latencies, plains = [], []
            for n in range(1, args.edits + 1):
                plains.append(plain_pass(tmp / "build" / "cv.tex", tmp / "plain"))
                time.sleep(args.interval)  # idle, as between a person's saves: TeX waits warm
                old = pdf.stat().st_ino
                written = time.perf_counter()
                edit_title(cv, n)
                latencies.append(wait_for_new_pdf(pdf, old, written + 30) - written)
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
            assert f"{EDIT_TITLE} (take {args.edits})" in " ".join(text.split()), "the last edit is not in the PDF"
        finally:
            watch.terminate()
            watch.wait()
    plain = statistics.median(plains)
    median = statistics.median(latencies)
    p90 = statistics.quantiles(latencies, n=10)[-1]
    print(f"cvgen watch latency on the reference CV: {args.edits} edits, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"  save -> new PDF: median {median:.3f} s, p90 {p90:.3f} s, max {max(latencies):.3f} s")
    print(f"  one plain pdflatex pass of the same .tex: median {plain:.3f} s")
    print(f"  median {median / plain:.2f}x plain ({'ok' if median / plain <= 0.6 else 'MISS'}: <= 0.6x), "
          f"p90 {p90 / plain:.2f}x plain ({'ok' if p90 / plain <= 1.0 else 'MISS'}: <= 1.0x)")


if __name__ == "__main__":
    main()
