"""Linear at scale (issue 22): `cvgen build` of 1,000 / 5,000 / 20,000 publications in each format,
wall time and peak resident memory, and the 20k/5k ratio (target <= 5, peak RSS < 500 MB).

    .venv/bin/python benchmarks/scale.py [--sizes 1000,5000,20000] [--formats json,md,html,docx,pdf]
                                         [--rounds 1] [--timeout 600]

Inputs are synthetic, shaped like the corpus and fixed by a seed: content/ (this checkout's) whose
publications.bib gains `n` entries; titles from a systems word list; 2-12 authors each from a pool
of 2,000 people (so coauthors are shared across entries, some spelled with an initial), the CV's
owner among them; booktitles and journals of real venues that content/venues.yaml knows (so venue
decisions and acceptance figures run), years 2000-2024, DOIs; keyword `full` so every entry prints.

Each build is a subprocess (wall time; its own peak RSS through wait4) into an emptied output
folder (else the no-op stamp in out/.cvgen makes every round after the first a 0.05 s no-op).
With --rounds > 1 the rounds are interleaved (round k builds every size and format before round
k+1), the median is reported, never the minimum, and the 20k/5k ratio is the median of each
round's own ratio (a pair taken under the same load). The load average is printed at the start
and the end. A build that does not finish within --timeout is killed and reported as such.

Measured 2026-12-05, one round each (2 cores shared with five other helpers' tests; load 1.3 at
the start, 3.3 at the end of the "before" run; single runs under load: read ratios, not seconds):

  before (main f406205)           json        md          html        docx
    n=1,000                       0.74 s      0.97 s      0.71 s      2.56 s
    n=5,000                       2.36 s      3.21 s      2.46 s     17.37 s
    n=20,000                     11.14 s     18.70 s     16.10 s    195.72 s (762 MB)
    20k/5k                        4.71        5.82        6.53       11.27
  after (branch scale)
    n=5,000                       1.86 s      2.61 s      2.11 s      9.88 s
    n=20,000                      9.23 s     12.16 s     13.75 s     56.03 s (765 MB)
    20k/5k                        4.98        4.66        6.52        5.67
  pdf (after; pdflatex fits, exit 0): n=5,000 7.98 s, 127 MB; n=20,000 37.09 s, 385 MB; 20k/5k 4.65
  peak RSS at 20,000: json 373 MB, md 354 MB, html 500 MB, docx 765 MB (python-docx's tree)
  after the Word body written as text (backends/wordml.py; quiet machine, load 0.2):
    docx n=5,000 1.75 s, 122 MB; n=20,000 6.77 s, 329 MB; 20k/5k 3.86
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lint_scale import GIVEN, SURNAMES, WORDS  # noqa: E402  (same word lists as the lint benchmark)
from results import record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
VENUES = [
    ("inproceedings", "booktitle", "Proceedings of the {n}th ACM International Conference on Architectural Support "
     "for Programming Languages and Operating Systems (ASPLOS)"),
    ("inproceedings", "booktitle", "Proceedings of the {n}th USENIX Symposium on Operating Systems Design and "
     "Implementation (OSDI)"),
    ("inproceedings", "booktitle", "Proceedings of the {n}th IEEE/ACM International Symposium on Microarchitecture "
     "(MICRO)"),
    ("inproceedings", "booktitle", "Proceedings of the {n}th International Conference on Parallel Architectures and "
     "Compilation Techniques (PACT)"),
    ("inproceedings", "booktitle", "Proceedings of the {n}th Annual Conference on Machine Learning and Systems (MLSys)"),
    ("inproceedings", "booktitle", "Proceedings of the {n}th Privacy Enhancing Technologies Symposium (PETS)"),
    ("article", "journal", "IEEE Computer Architecture Letters"),
    ("article", "journal", "ACM SIGOPS Operating Systems Review"),
    ("misc", "", ""),
]


def entries(n: int, seed: int = 20261205) -> str:
    """`n` BibTeX entries, the same for the same `n`."""
    rng = random.Random(seed)
    pool = [(rng.choice(GIVEN), rng.choice(SURNAMES)) for _ in range(2000)]
    out = []
    for i in range(n):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 11))).capitalize() + f" {i}"
        people = rng.sample(pool, rng.randint(2, 12))
        names = [f"{g[0]}. {s}" if j == 1 and i % 13 == 0 else f"{s}, {g}" for j, (g, s) in enumerate(people)]
        names.insert(rng.randrange(len(names) + 1), "Panwar, Ashish")
        kind, field, venue = VENUES[i % len(VENUES)]
        year = 2000 + i % 25
        where = (f"  {field} = {{{venue.format(n=10 + i % 20)}}},\n" if field
                 else f"  eprinttype = {{arXiv}},\n  eprint = {{2401.{i % 100000:05d}}},\n")
        out.append(f"@{kind}{{syn{i},\n  title = {{{title}}},\n  author = {{{' and '.join(names)}}},\n{where}"
                   f"  year = {{{year}}},\n  doi = {{10.9999/syn.{i}}},\n  keywords = {{full}},\n}}\n")
    return "\n".join(out)


def run(args: list[str], cwd: Path, timeout: float) -> tuple[float, float, int | None]:
    """Wall seconds, peak resident MB and exit status (None: killed at the timeout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)
        if time.perf_counter() - start > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            _, _, usage = os.wait4(proc.pid, 0)
            return time.perf_counter() - start, usage.ru_maxrss / 1024, None
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--formats", default="json,md,html,docx,pdf")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    cvgen = str(Path(sys.executable).parent / "cvgen")
    env_load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at start: {env_load}; {os.cpu_count()} cores; {args.rounds} round(s)", flush=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = args.formats.split(",")
    walls: dict[tuple[str, int], list[float | None]] = {(f, n): [] for f in formats for n in sizes}
    mems: dict[tuple[str, int], list[float]] = {(f, n): [] for f in formats for n in sizes}
    with tempfile.TemporaryDirectory(prefix="cvgen-scale-") as tmp:
        for n in sizes:
            folder = Path(tmp) / str(n)
            shutil.copytree(CONTENT, folder)
            with open(folder / "publications.bib", "a", encoding="utf-8") as bib:
                bib.write("\n" + entries(n))
        for k in range(args.rounds):
            for n in sizes:
                folder = Path(tmp) / str(n)
                for fmt in formats:
                    shutil.rmtree(folder / "out", ignore_errors=True)  # a full build, not the stamp's no-op
                    wall, mb, code = run([cvgen, "build", "cv.yaml", "--format", fmt, "-o", "out/cv.pdf"],
                                         folder, args.timeout)
                    walls[(fmt, n)].append(None if code is None else wall)
                    mems[(fmt, n)].append(mb)
                    print(f"round {k + 1}: {fmt:5} n={n:6}: {'>' if code is None else ' '}{wall:8.2f} s, "
                          f"peak RSS {mb:6.0f} MB, exit {code}{' (killed at the timeout)' if code is None else ''}",
                          flush=True)
    results: dict[tuple[str, int], float | None] = {}
    peaks: dict[tuple[str, int], float] = {}
    for (fmt, n), times in walls.items():
        done = [t for t in times if t is not None]
        results[(fmt, n)] = statistics.median(done) if len(done) == len(times) else None
        peaks[(fmt, n)] = statistics.median(mems[(fmt, n)])
        shown = f"{results[(fmt, n)]:8.2f} s" if results[(fmt, n)] is not None else "timed out"
        print(f"median of {args.rounds}: {fmt:5} n={n:6}: {shown}, peak RSS {peaks[(fmt, n)]:6.0f} MB", flush=True)
    if 5000 in sizes and 20000 in sizes:
        for fmt in formats:
            a, b = results.get((fmt, 20000)), results.get((fmt, 5000))
            pairs = [x / y for x, y in zip(walls[(fmt, 20000)], walls[(fmt, 5000)]) if x and y]
            ratio = statistics.median(pairs) if a and b else None  # paired, round by round
            print(f"{fmt:5} 20k/5k ratio: {ratio:.2f} (median of {args.rounds} paired)" if ratio
                  else f"{fmt:5} 20k/5k ratio: n/a (a build timed out)")
            peak = peaks.get((fmt, 20000), 0.0)
            record("scale", f"--format {fmt}: 20,000 entries <= 5x the time of 5,000, peak < 500 MB",
                   f"{ratio:.2f}x ({b:.1f} s -> {a:.1f} s), {peak:.0f} MB" if a and b and ratio else "timed out",
                   bool(a and b and ratio and ratio <= 5 and peak < 500), args.rounds)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
