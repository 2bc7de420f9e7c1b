"""`make bench`: issue 22's benchmarks in one run (under 10 minutes on 2 cores) and their
results table, written into benchmarks/README.md between its markers.

    .venv/bin/python benchmarks/report.py [--quick]

Each script runs as a subprocess with a smaller N than its default (the sizes are stated in
the table) and records each target it measures through benchmarks/results.py; its own full
output goes to the terminal. Figures are medians of paired runs, never minimums; the machine's
load is recorded with each figure, bytecode is on (PYTHONDONTWRITEBYTECODE is unset).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
# (script, arguments): what `make bench` runs, chosen to fit 10 minutes on this 2-core machine.
RUNS = [
    ("build_speed.py", ["--rounds", "9", "--sizes", ""]),
    ("watch_vs_rendercv.py", ["--saves", "20", "--interval", "1.2"]),
    ("unicode_engines.py", ["--rounds", "5"]),
    ("lint_scale.py", ["--rounds", "3"]),
    ("scale.py", ["--sizes", "5000,20000", "--formats", "json,md,html,docx,pdf"]),
]
QUICK = {"build_speed.py": ["--rounds", "3", "--sizes", ""], "watch_vs_rendercv.py": ["--saves", "6"],
         "unicode_engines.py": ["--rounds", "2"], "lint_scale.py": ["--rounds", "1"],
         "scale.py": ["--sizes", "1000,2000", "--formats", "json,md"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny N, to try the harness (the table says so)")
    parser.add_argument("--only", help="run only this script (e.g. scale.py); the table keeps only its rows")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    load_start = os.getloadavg()
    began = time.perf_counter()
    rows: list[dict[str, object]] = []
    commands: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cvgen-bench-report-") as tmp:
        results = Path(tmp) / "results.jsonl"
        env["CVGEN_BENCH_RESULTS"] = str(results)
        for script, arguments in RUNS:
            if args.only and script != args.only:
                continue
            arguments = QUICK[script] if args.quick else arguments
            commands.append(" ".join(["python", f"benchmarks/{script}", *(a if a else '""' for a in arguments)]))
            print(f"== {commands[-1]}", flush=True)
            done = subprocess.run([sys.executable, str(HERE / script), *arguments], env=env)
            if done.returncode:
                print(f"{script} exited {done.returncode}", file=sys.stderr)
        if results.exists():
            rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    minutes = (time.perf_counter() - began) / 60
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True).stdout.strip()
    table = [
        f"Measured {datetime.date.today().isoformat()} at commit {commit} by `make bench`"
        f"{' --quick (tiny N: not the figures of record)' if args.quick else ''}, in {minutes:.1f} min on "
        f"{os.cpu_count()} cores; load average {load_start[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end.",
        "",
        "| target (issue 22) | measured (median of paired runs) | met | N | load | note |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        table.append(f"| {row['target']} | {row['value']} | {'-' if row['met'] is None else 'yes' if row['met'] else '**no**'} | {row['n']} | "
                     f"{row['load']} | {row['note']} |")
    table += ["", "Commands:", "", *(f"    {c}" for c in commands)]
    text = README.read_text(encoding="utf-8") if README.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    README.write_text(head + START + "\n" + "\n".join(table) + "\n" + END + tail, encoding="utf-8")
    print("\n".join(table))
    print(f"wrote {README.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
