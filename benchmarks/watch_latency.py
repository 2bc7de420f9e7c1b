"""Watch latency: from a save to the new PDF in place, against one plain pdflatex pass.

    .venv/bin/python benchmarks/watch_latency.py [--edits 20] [--interval 1.5]

In a temporary copy of content/, `cvgen watch` runs on the reference CV; the script edits one
title in the .bib EDITS times, INTERVAL seconds apart, and for each edit measures the time from
the write to the moment the PDF with the new title has replaced the old one (the PDF's inode
changes: cvgen publishes by rename). Between edits it times one plain pdflatex pass of the
same .tex (its .aux warm), so the yardstick shares the machine's load of the moment.

Targets (issue 14): median <= 0.6x a plain pass, 90th percentile <= 1.0x.

    .venv/bin/python benchmarks/watch_latency.py --preview [--edits 12]

The HTML preview instead (`cvgen watch --format html`): headless Chromium shows the preview
page; for each edit, the time from the write to the moment the page's text shows the new title
without a manual reload (the page polls every 250 ms), next to the time the HTML file itself
took to appear (the build), with the load average of the moment.
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
    parser.add_argument("--preview", action="store_true", help="the HTML preview in Chromium instead of the PDF")
    args = parser.parse_args()
    if args.preview:
        preview_main(args.edits, args.interval)
        return
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


def preview_main(edits: int, interval: float) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.backends.test_html_browser import CHROMIUM, DRIVER, FLAGS

    with tempfile.TemporaryDirectory(prefix="cvgen-preview-") as tmp_name:
        tmp = Path(tmp_name)
        shutil.copytree(CONTENT, tmp / "content")
        cv, html = tmp / "content" / "cv.yaml", tmp / "build" / "cv.html"
        watch = subprocess.Popen([sys.executable, "-m", "cvgen", "watch", str(cv), "-o", str(tmp / "build" / "cv.pdf"),
                                  "--format", "html", "--port", "0"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS + [f"--user-data-dir={tmp / 'profile'}"]:
            options.add_argument(flag)
        driver = None
        try:
            assert watch.stdout is not None
            url = ""
            for line in watch.stdout:
                if "preview at " in line:
                    url = line.split("preview at ", 1)[1].strip()
                if "Ctrl-C stops" in line:
                    break
            threading.Thread(target=lambda: [None for _ in watch.stdout], daemon=True).start()
            driver = webdriver.Chrome(options=options, service=Service(DRIVER))
            driver.get(url)
            driver.switch_to.frame("cv")
            reloads, builds, loads = [], [], []
            for n in range(1, edits + 1):
                time.sleep(interval)
                old = html.stat().st_ino
                want = f"{EDIT_TITLE} (take {n})"
                written = time.perf_counter()
                edit_title(cv, n)
                built = wait_for_new_pdf(html, old, written + 30)  # any file published by rename
                while True:
                    driver.switch_to.default_content()
                    driver.switch_to.frame("cv")
                    if want in " ".join(driver.execute_script("return document.body.innerText").split()):
                        break
                    if time.perf_counter() > written + 30:
                        raise SystemExit("the preview did not show the edit within 30 s")
                    time.sleep(0.01)
                reloads.append(time.perf_counter() - written)
                builds.append(built - written)
                loads.append(os.getloadavg()[0])
        finally:
            if driver is not None:
                driver.quit()
            watch.terminate()
            watch.wait()
    print(f"cvgen watch --format html preview on the reference CV: {edits} saves, {os.cpu_count()} CPUs, "
          f"load average median {statistics.median(loads):.2f}")
    print(f"  save -> new cv.html on disk: median {statistics.median(builds):.3f} s")
    print(f"  save -> new text shown in Chromium (no manual reload): median {statistics.median(reloads):.3f} s, "
          f"max {max(reloads):.3f} s")


if __name__ == "__main__":
    main()
