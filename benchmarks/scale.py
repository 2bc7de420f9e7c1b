"""Scale: a lab's shared library or a prolific author's DBLP export, 1,000 to 20,000 entries.

    .venv/bin/python benchmarks/scale.py [--sizes 1000,5000,20000] [--formats json,html,md,docx,pdf] [--rounds 3]

Synthetic but shaped like real files: each entry has 2-12 authors drawn from a pool of
2,000 people (so coauthors repeat across entries, as in a group's library, and the coauthor
lint has work to do), a real venue name from the shipped database (so venue decisions run),
a year, pages and a DOI. For each size and format: `cvgen build --format F` after a one-title
edit (a subprocess, as users run it), the median wall time over ROUNDS and the peak resident
memory (cvgen and its TeX child, from wait4); then the ratio of the largest size to 5,000.

Targets (issue 22): every format at 20,000 entries <= 5x its time at 5,000; peak < 500 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import CVGEN  # noqa: E402

VENUES = ["ASPLOS", "OSDI", "SOSP", "EuroSys", "ISCA", "MICRO", "HPCA", "USENIX ATC", "NSDI", "SIGMOD", "VLDB",
          "PLDI", "POPL", "ICSE", "FSE", "CHI", "UIST", "KDD", "WWW", "SIGCOMM", "MobiCom", "ICML", "NeurIPS"]
FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Leslie", "Radia", "Tim", "Margaret",
         "Ken", "Dennis", "Niklaus", "Shafi", "Silvio", "Whitfield", "Martin", "Butler"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Lamport", "Perlman",
        "Berners-Lee", "Hamilton", "Thompson", "Ritchie", "Wirth", "Goldwasser", "Micali", "Diffie", "Hellman",
        "Lampson", "Kahan", "Cerf", "Kahn", "Engelbart", "Sutherland", "Rivest", "Shamir", "Adleman", "Hennessy",
        "Patterson", "Stonebraker", "Gray", "Codd", "Floyd", "Hoare", "Milner", "Scott", "Rabin", "Karp", "Cook",
        "Tarjan", "Hopcroft", "Ullman", "Aho", "Yao", "Valiant", "Pearl", "Hinton", "Bengio", "LeCun", "Fisher",
        "Nygaard", "Dahl", "Kay", "Feigenbaum", "Reddy", "McCarthy", "Minsky", "Newell", "Simon", "Wilkes",
        "Hartmanis", "Stearns", "Blum", "Bachman", "Corbato", "Iverson", "Hamming", "Perlis", "Kildall",
        "Ousterhout", "Anderson", "Levy", "Bershad", "Zaharia", "Stoica", "Shenker", "Katz", "Culler", "Estrin",
        "Lynch", "Guttag", "Abelson", "Sussman", "Steele", "Gabriel", "Wadler", "Peyton Jones", "Hudak", "Harper",
        "Pierce", "Leroy", "Appel", "Necula", "Aiken", "Lam", "Wolf", "Monica", "Garcia", "Chen", "Wang", "Li"]


def make(folder: Path, n: int) -> Path:
    """cv.yaml and pubs.bib with `n` entries (deterministic)."""
    rng = random.Random(n)
    pool = [f"{rng.choice(FIRST)} {chr(65 + i % 26)}. {rng.choice(LAST)}" for i in range(2000)]
    entries = []
    for i in range(n):
        authors = " and ".join(["Ada Lovelace"] * (i % 3 == 0) + rng.sample(pool, rng.randint(2, 12)))
        venue, year = rng.choice(VENUES), rng.randint(2005, 2025)
        entries.append(f"@inproceedings{{k{i},\n  title = {{Study {i} of {rng.choice(LAST)} systems at scale}},\n"
                       f"  author = {{{authors}}},\n  booktitle = {{Proceedings of {venue} {year}}},\n"
                       f"  venue = {{{venue}}},\n  year = {{{year}}},\n  pages = {{{i % 900 + 1}--{i % 900 + 12}}},\n"
                       f"  doi = {{10.1145/{1000000 + i}}},\n}}\n")
    folder.mkdir(parents=True)
    (folder / "pubs.bib").write_text("\n".join(entries), encoding="utf-8")
    (folder / "cv.yaml").write_text("name: Ada Lovelace\nbibliography: pubs.bib\nsettings:\n  venue_database: true\n"
                                    "sections:\n  - title: Publications\n    publications: {}\n", encoding="utf-8")
    return folder / "cv.yaml"


def run(cv: Path, fmt: str, out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen([*CVGEN, "build", str(cv), "-o", str(out / "cv.pdf"), "--format", fmt],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cv} --format {fmt} failed:\n{err.decode()[-3000:]}")
    return time.perf_counter() - start, usage.ru_maxrss


def edit(cv: Path, r: int) -> None:
    bib = cv.parent / "pubs.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("title = {Study 0 ", f"title = {{Study 0 r{r} ", 1).replace(f" r{r - 1} ", " ", 1),
                   encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--formats", default="json,html,md,docx,pdf")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = args.formats.split(",")
    results: dict[tuple[int, str], tuple[float, int]] = {}
    loads = []
    with tempfile.TemporaryDirectory(prefix="cvgen-scale-") as tmp_name:
        tmp = Path(tmp_name)
        for n in sizes:
            cv = make(tmp / str(n), n)
            for fmt in formats:
                out = tmp / str(n) / f"out-{fmt}"
                run(cv, fmt, out)  # warm: venue index, format file
                times, peak = [], 0
                for r in range(1, args.rounds + 1):
                    edit(cv, r)
                    seconds, rss = run(cv, fmt, out)
                    times.append(seconds)
                    peak = max(peak, rss)
                    loads.append(os.getloadavg()[0])
                results[(n, fmt)] = (statistics.median(times), peak)
                print(f"  {n:>6} entries  {fmt:5} {statistics.median(times):8.2f} s  {peak / 1024:6.0f} MB", flush=True)
    print(f"scale: {args.rounds} rounds per cell (median), load average median {statistics.median(loads):.2f} "
          f"(max {max(loads):.2f}), {os.cpu_count()} CPUs")
    big = max(sizes)
    if 5000 in sizes and big > 5000:
        for fmt in formats:
            ratio = results[(big, fmt)][0] / results[(5000, fmt)][0]
            peak = results[(big, fmt)][1] / 1024
            print(f"  {fmt:5} {big:,} / 5,000 entries: {ratio:.2f}x ({'ok' if ratio <= 5 else 'MISS'}: <= 5x), "
                  f"peak {peak:.0f} MB ({'ok' if peak < 500 else 'MISS'}: < 500 MB)")


if __name__ == "__main__":
    main()
