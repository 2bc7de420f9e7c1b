"""What inline Markdown in text fields costs a build: check + enrich of the reference CV and of
the same CV with every free-text field marked up, in interleaved pairs, medians (not minimums),
with the machine's load printed (timings under load are only comparable within a pair).

    .venv/bin/python benchmarks/markup_cost.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cvgen.enrich.enrich import enrich  # noqa: E402
from cvgen.enrich.markup import parse  # noqa: E402
from cvgen.pipeline import check  # noqa: E402


def once(cv: Path) -> float:
    start = time.perf_counter()
    checked = check(cv)
    enrich(checked.cv, checked.publications)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain"
        rich = Path(tmp) / "rich"
        shutil.copytree(ROOT / "content", plain)
        shutil.copytree(ROOT / "content", rich)
        text = (rich / "cv.yaml").read_text(encoding="utf-8")
        text = text.replace("on fundamental research", "on **fundamental** research").replace("member]", "*member*]")
        text = text.replace("Recipient of", "Recipient **of**")
        (rich / "cv.yaml").write_text(text, encoding="utf-8")
        times: dict[str, list[float]] = {"plain": [], "rich": []}
        for _ in range(rounds):
            parse.cache_clear()
            times["plain"].append(once(plain / "cv.yaml"))
            parse.cache_clear()
            times["rich"].append(once(rich / "cv.yaml"))
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; {rounds} paired rounds")
    for name, values in times.items():
        print(f"  check+enrich, {name:5}: median {statistics.median(values) * 1000:7.1f} ms")
    ratios = [r / p for p, r in zip(times["plain"], times["rich"])]
    print(f"  rich / plain, median of pair ratios: {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
