"""Scale of the coauthor lint and of duplicate matching: one 5,000-author entry in `cvgen check`,
and `cvgen import` of 1,000 entries (issues 19 and 22).

    .venv/bin/python benchmarks/lint_scale.py [--rounds 5] [--before /work/main]

Everything happens in temporary folders (content/ is only read). The inputs are synthetic but
shaped like real ones and the same on every run (a fixed seed):

  check   content/ plus one entry of 5,000 authors (names drawn from 150 surnames and 300 given
          names, so common surnames collide as in a collaboration paper; the owner among them),
          then `cvgen check`
  import  1,000 entries (titles from a word list, 2-12 authors each from a pool of 2,000 people,
          some spelled two ways, some titles nearly repeated) imported into a copy of
          content/publications.bib

Each measurement is a subprocess (wall time and its own peak resident memory through wait4).
With --before, each round runs the other checkout's `.venv/bin/cvgen` and this one's, in an order
that alternates, and reports the median of the paired ratios (after / before) beside the
medians; never minimums. The machine's load is printed at the start and at the end.

Targets: check <= 2 s and <= 200 MB; import of 1,000 entries <= 2 s.

Measured 2026-12-04 (`--rounds 5 --before /work/main`, 2 cores shared, load 5.8 at the start
and 2.4 at the end; medians):

  check   before 16.93 s, 2,804 MB    after 0.26 s, 32 MB    paired ratio 0.015
  import  before 17.95 s, 39 MB       after 0.71 s, 41 MB    paired ratio 0.034
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from results import record

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

SURNAMES = """Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Smith Johnson
Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas
Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young
Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter
Roberts Kumar Singh Sharma Gupta Patel Shah Mehta Iyer Rao Reddy Nair Das Bose Sen Muller Schmidt Schneider
Fischer Weber Meyer Wagner Becker Schulz Hoffmann Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci
Marino Greco Dubois Durand Leroy Moreau Simon Laurent Lefebvre Michel Bernard Petit Ivanov Smirnov Kuznetsov
Popov Sokolov Lebedev Kozlov Novak Svoboda Dvorak Nowak Kowalski Wisniewski Kim Park Choi Jung Kang Cho Yoon
Jang Lim Han Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Silva Santos Oliveira
Souza Costa Pereira""".split()
GIVEN = """James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan
Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Donald Sandra
Steven Ashley Paul Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Dorothy Brian Carol George Amanda
Edward Melissa Ronald Deborah Timothy Stephanie Jason Rebecca Jeffrey Sharon Ryan Laura Jacob Cynthia Gary Kathleen
Nicholas Amy Eric Shirley Jonathan Angela Stephen Helen Larry Anna Justin Brenda Scott Pamela Brandon Nicole
Benjamin Emma Samuel Samantha Gregory Katherine Frank Christine Alexander Debra Raymond Rachel Patrick Catherine
Jack Carolyn Dennis Janet Jerry Ruth Tyler Maria Aaron Heather Jose Diane Adam Virginia Henry Julie Nathan Joyce
Douglas Victoria Zachary Olivia Peter Kelly Kyle Christina Walter Lauren Ethan Joan Jeremy Evelyn Harold Judith
Keith Megan Christian Cheryl Roger Andrea Noah Hannah Gerald Martha Carl Jacqueline Terry Frances Sean Gloria
Austin Ann Arthur Teresa Lawrence Kathryn Jesse Sara Dylan Janice Bryan Jean Joe Alice Jordan Madison Billy
Doris Bruce Abigail Albert Julia Willie Judy Gabriel Grace Logan Denise Alan Amber Juan Marilyn Wayne Beverly
Roy Danielle Ralph Theresa Randy Sophia Eugene Marie Vincent Diana Russell Brittany Elijah Natalie Louis Isabella
Bobby Charlotte Philip Rose Johnny Alexis Wei Jing Min Hao Yu Xin Lei Ying Jun Fang Hui Ping Amit Anil Ashish
Priya Rahul Ravi Sunil Deepak Vikram Neha Pooja Arjun Hiroshi Yuki Kenji Akira Takeshi Sakura Minho Jiwoo Seojun
Hans Klaus Jurgen Ingrid Giulia Marco Luca Francesca Pierre Sophie Camille Antoine Olga Ivan Dmitri Natasha""".split()
WORDS = """efficient scalable learning memory management virtual machines operating systems distributed
training inference large language models graph neural networks compiler optimization cache coherence storage
persistent transactional concurrency verification formal secure enclave network protocol congestion control
datacenter scheduling serverless cloud edge mobile energy power performance analysis characterization GPU
accelerator hardware software codesign fault tolerance replication consensus blockchain privacy differential
federated robust adversarial benchmark dataset query processing database index compression encoding
approximate probabilistic program synthesis repair testing fuzzing debugging static dynamic binary translation
just-in-time garbage collection runtime heterogeneous disaggregated tiered page tables translation lookaside
buffers prefetching speculative execution side channels""".split()
TYPES = ("inproceedings", "article", "misc")


def _people(rng: random.Random, n: int) -> list[tuple[str, str]]:
    return [(rng.choice(GIVEN), rng.choice(SURNAMES)) for _ in range(n)]


def big_entry(rng: random.Random, n: int = 5000) -> str:
    """One collaboration paper of `n` authors, the CV's owner (Ashish Panwar) among them."""
    names = [f"{s}, {g}" if i % 2 else f"{g} {chr(65 + i % 26)}. {s}" for i, (g, s) in enumerate(_people(rng, n))]
    names[n // 2] = "Panwar, Ashish"
    return ("\n@article{collab5000,\n  title = {Observation of a Thing by a Very Large Collaboration},\n"
            f"  author = {{{' and '.join(names)}}},\n  journal = {{Physical Review Letters}},\n"
            "  year = {2024},\n  keywords = {full},\n}\n")


def many_entries(rng: random.Random, n: int = 1000) -> str:
    """`n` entries with distinct titles, a few near-repeats and a few coauthors spelled two ways."""
    pool = _people(rng, 2000)
    out, titles = [], set()
    for i in range(n):
        if i % 50 == 7 and out:  # a nearly repeated title: one word changed
            words = sorted(titles)[rng.randrange(len(titles))].split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            title = " ".join(words)
        else:
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 11)))
        if title in titles:
            title += f" {i}"
        titles.add(title)
        people = rng.sample(pool, rng.randint(2, 12))
        names = []
        for j, (g, s) in enumerate(people):
            if j == 1 and i % 13 == 0:
                names.append(f"{g[0]}. {s}")  # an initial against the full name elsewhere
            else:
                names.append(f"{s}, {g}")
        kind = TYPES[i % 3]
        venue = {"inproceedings": "  booktitle = {Proceedings of the Symposium on Things (SOT)},\n",
                 "article": "  journal = {Journal of Things},\n",
                 "misc": "  eprinttype = {arXiv},\n  eprint = {2401.%05d},\n" % i}[kind]
        out.append(f"@{kind}{{DBLP:x/{i},\n  title = {{{title.capitalize()}}},\n  author = {{{' and '.join(names)}}},\n"
                   f"{venue}  year = {{{2000 + i % 25}}},\n  doi = {{10.9999/x.{i}}},\n}}\n")
    return "\n".join(out)


def run(cvgen: str, args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak resident MB and exit status of one `cvgen` subprocess."""
    start = time.perf_counter()
    proc = subprocess.Popen([cvgen, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode


def prepare(folder: Path, content: Path) -> None:
    """`content` (each checkout's own: its cv.yaml may use settings the other lacks) with the
    5,000-author entry, and the 1,000-entry export beside it; the same entries every time."""
    rng = random.Random(20261204)
    shutil.copytree(content, folder / "cv")
    shutil.copyfile(content / "publications.bib", folder / "mine.bib")  # the file imported into
    with open(folder / "cv" / "publications.bib", "a", encoding="utf-8") as bib:
        bib.write(big_entry(rng))
    (folder / "export.bib").write_text(many_entries(rng), encoding="utf-8")


def measure(cvgen: str, folder: Path, what: str) -> tuple[float, float, int]:
    if what == "check":
        return run(cvgen, ["check", "cv/cv.yaml"], folder)
    target = folder / "target.bib"
    shutil.copyfile(folder / "mine.bib", target)
    for stale in folder.glob("target.bib.bak"):
        stale.unlink()
    return run(cvgen, ["import", "export.bib", "--into", "target.bib"], folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout with its .venv, e.g. /work/main")
    parser.add_argument("--only", choices=("check", "import"))
    args = parser.parse_args()
    tools = {"after": (str(Path(sys.executable).parent / "cvgen"), CONTENT)}
    if args.before:
        tools = {"before": (str(args.before / ".venv" / "bin" / "cvgen"), args.before / "content"), **tools}
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores; "
          f"{args.rounds} rounds")
    with tempfile.TemporaryDirectory(prefix="cvgen-lint-scale-") as tmp:
        for name, (_, content) in tools.items():
            prepare(Path(tmp) / name, content)
        for what in ("check", "import"):
            if args.only and what != args.only:
                continue
            times: dict[str, list[float]] = {t: [] for t in tools}
            mems: dict[str, list[float]] = {t: [] for t in tools}
            codes: dict[str, set[int]] = {t: set() for t in tools}
            for r in range(args.rounds):
                order = list(tools) if r % 2 == 0 else list(reversed(tools))
                for name in order:
                    wall, mb, code = measure(tools[name][0], Path(tmp) / name, what)
                    times[name].append(wall)
                    mems[name].append(mb)
                    codes[name].add(code)
            for name in tools:
                print(f"{what:6} {name:6}: median {statistics.median(times[name]):7.2f} s, "
                      f"peak RSS median {statistics.median(mems[name]):6.0f} MB, exit {sorted(codes[name])}, "
                      f"N={args.rounds}")
            wall, mb = statistics.median(times["after"]), statistics.median(mems["after"])
            if what == "check":
                record("lint_scale", "cvgen check of a 5,000-author entry < 2 s and < 200 MB", f"{wall:.2f} s, {mb:.0f} MB",
                       wall < 2 and mb < 200, args.rounds)
            else:
                record("lint_scale", "cvgen import of 1,000 entries <= 2 s", f"{wall:.2f} s, {mb:.0f} MB", wall <= 2,
                       args.rounds)
            if "before" in tools:
                ratios = [a / b for a, b in zip(times["after"], times["before"])]
                print(f"{what:6} after/before: median paired ratio {statistics.median(ratios):.3f}")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
