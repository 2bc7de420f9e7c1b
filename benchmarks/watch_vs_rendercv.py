"""cvgen watch against RenderCV's watch: save -> new PDF on the reference CV, paired rounds.

    .venv/bin/python benchmarks/watch_vs_rendercv.py [--rendercv PATH] [--saves 20] [--interval 1.5]

RenderCV (the peer users would pick; YAML -> Typst -> PDF) is never a dependency of cvgen: it
lives in a scratch virtual environment (../shared/bench/rendercv/README.md; default
/work/scratch/rcv/bin/rendercv). Its copy of the reference CV is ../shared/bench/rendercv/cv.yaml,
with the one Typst package its theme imports (no network here).

Both watchers run at once on their own copies. Each round changes one title (the same
paper) in each tool's input, one tool after the other (the order alternates), INTERVAL
seconds apart, and times the write -> the moment the tool's PDF is a new file (inode, size or
mtime changed), polled every millisecond the same way for both. The ratio is taken per round
(paired); the medians and the load are printed.

Target (issue 22): cvgen's median <= 1.0x RenderCV's.
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
from build_speed import CONTENT, EDIT_TITLE, edit_title  # noqa: E402
from results import record  # noqa: E402

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "rendercv"
RCV_TITLE = "Making Huge Pages Actually Useful"


def signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def wait_new(path: Path, old: tuple[int, int, int] | None, deadline: float) -> float:
    """Poll every millisecond until `path` is another file than `old` (and non-empty)."""
    while time.perf_counter() < deadline:
        now = signature(path)
        if now is not None and now != old and now[1] > 0:
            return time.perf_counter()
        time.sleep(0.001)
    raise SystemExit(f"no new {path} within the deadline")


def drain(proc: subprocess.Popen[str]) -> None:
    threading.Thread(target=lambda: [None for _ in proc.stdout or []], daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rendercv", default="/work/scratch/rcv/bin/rendercv")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--interval", type=float, default=1.5)
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    version = subprocess.run([str(Path(args.rendercv).parent / "python"), "-c",
                              "import importlib.metadata as m; print(m.version('rendercv'))"],
                             capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="watch-vs-rendercv-") as tmp_name:
        tmp = Path(tmp_name)
        shutil.copytree(CONTENT, tmp / "content")
        (tmp / "rcv").mkdir()
        shutil.copyfile(SHARED / "cv.yaml", tmp / "rcv" / "cv.yaml")
        shutil.copytree(SHARED / "typst-data", tmp / "typst-data")
        cv, pdf = tmp / "content" / "cv.yaml", tmp / "build" / "cv.pdf"
        rcv_yaml, rcv_pdf = tmp / "rcv" / "cv.yaml", tmp / "rcv" / "out" / "cv.pdf"
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp / "typst-data"), "XDG_DATA_HOME": str(tmp / "typst-data")}
        ours = subprocess.Popen([sys.executable, "-m", "cvgen", "watch", str(cv), "-o", str(pdf)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        theirs = subprocess.Popen([args.rendercv, "render", str(rcv_yaml), "--watch", "-nomd", "-nohtml", "-nopng",
                                   "-pdf", "out/cv.pdf"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, env=env, cwd=tmp / "rcv")
        try:
            assert ours.stdout is not None
            for line in ours.stdout:
                if "Ctrl-C stops" in line:
                    break
            drain(ours)
            drain(theirs)
            wait_new(rcv_pdf, None, time.perf_counter() + 120)  # RenderCV's first render
            time.sleep(2)
            cvgen_t, rcv_t, ratios, loads = [], [], [], []
            for n in range(1, args.saves + 1):
                runs = [("cvgen", pdf, lambda: edit_title(cv, n)),
                        ("rendercv", rcv_pdf, lambda: _edit_rcv(rcv_yaml, n))]
                if n % 2:
                    runs.reverse()
                got = {}
                for name, target, edit in runs:
                    time.sleep(args.interval)  # idle between saves, as a person is
                    old = signature(target)
                    written = time.perf_counter()
                    edit()
                    got[name] = wait_new(target, old, written + 30) - written
                cvgen_t.append(got["cvgen"])
                rcv_t.append(got["rendercv"])
                ratios.append(got["cvgen"] / got["rendercv"])
                loads.append(os.getloadavg()[0])
        finally:
            for proc in (ours, theirs):
                proc.terminate()
                proc.wait()
    ratio = statistics.median(ratios)
    print(f"watch, save -> new PDF, reference CV: {args.saves} paired saves, {os.cpu_count()} CPUs, load average "
          f"median {statistics.median(loads):.2f} (max {max(loads):.2f}); RenderCV {version}")
    print(f"  cvgen watch    median {statistics.median(cvgen_t):.3f} s  (p90 {statistics.quantiles(cvgen_t, n=10)[-1]:.3f})")
    print(f"  rendercv watch median {statistics.median(rcv_t):.3f} s  (p90 {statistics.quantiles(rcv_t, n=10)[-1]:.3f})")
    print(f"  cvgen / rendercv, paired median {ratio:.2f}x ({'ok' if ratio <= 1.0 else 'MISS'}: <= 1.0x)")
    record("watch_vs_rendercv", "watch save -> PDF <= 1.0x RenderCV's watch",
           f"{ratio:.2f}x ({statistics.median(cvgen_t):.3f} s vs {statistics.median(rcv_t):.3f} s)", ratio <= 1.0,
           len(ratios), f"RenderCV {version}")


def _edit_rcv(yaml: Path, n: int) -> None:
    text = yaml.read_text(encoding="utf-8")
    import re

    text, count = re.subn(re.escape(RCV_TITLE) + r"(?: \(take \d+\))?", f"{RCV_TITLE} (take {n})", text)
    assert count, "the title to edit is gone from RenderCV's cv.yaml"
    yaml.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
