"""One line per measured target, for `make bench`'s table (benchmarks/report.py).

A benchmark calls `record(...)` for each of issue 22's targets it measures; when the
environment names a results file (CVGEN_BENCH_RESULTS, set by report.py) the line is appended
there as JSON, else nothing is written (a script run by hand only prints).
"""

from __future__ import annotations

import json
import os


def record(script: str, target: str, value: str, met: bool | None, n: int | str, note: str = "") -> None:
    """`target` as the issue states it ("watch <= 1.0x RenderCV"), `value` as measured
    ("1.29x, 0.095 s vs 0.074 s"), `n` the rounds or saves behind the median; `met` None: a
    figure shown for comparison, not a target."""
    path = os.environ.get("CVGEN_BENCH_RESULTS")
    if not path:
        return
    line = {"script": script, "target": target, "value": value, "met": met, "n": n, "note": note,
            "load": round(os.getloadavg()[0], 2)}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
