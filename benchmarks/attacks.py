"""The slow attacks of issue 15, for a release to run (the fast ones are tests/test_attacks.py).

    .venv/bin/python benchmarks/attacks.py [--kills 20] [--only NAME]

Each attack runs `cvgen` as users do (a subprocess) on a copy of content/ in a temporary
folder and checks the outcome: a clear message and exit status 1 within a time limit, no
file touched outside the build folder, and after `kill -9` at random moments never a torn
PDF. It prints one line per attack and exits 1 if any failed.

  big-file      a 2 GB (sparse) file as cv.yaml and as the .bib: refused by size, at once
  devices       /dev/zero and /dev/urandom as the CV: refused, never read
  fifos         a named pipe as the CV, the .bib and venues.yaml: refused, no hang
  alias-bomb    1 KB of nested YAML anchors: refused within a second
  log-flood     a trusted raw_latex \\message loop: stopped at the log cap, the log removed
  lua-escape    raw_latex with \\directlua reading /etc/passwd under lualatex: refused
  kill-loop     builds killed with SIGKILL at random moments: the PDF is always whole
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def cvgen(*args: object, timeout: float = 120) -> tuple[int, str, float]:
    """Exit status, stderr and wall time of `python -m cvgen ARGS` (status -9 on a timeout)."""
    start = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "cvgen", *map(str, args)], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return -9, "timed out (a hang)", time.monotonic() - start
    return done.returncode, done.stderr, time.monotonic() - start


def fresh(tmp: Path, name: str) -> Path:
    target = tmp / name / "content"
    shutil.copytree(CONTENT, target)
    return target


def expect(status: int, err: str, seconds: float, words: str, limit: float) -> str | None:
    if status != 1:
        return f"exit {status}: {err.strip()[-300:]}"
    if words not in err:
        return f"message lacks '{words}': {err.strip()[-300:]}"
    if seconds > limit:
        return f"took {seconds:.1f} s (limit {limit:g} s)"
    return None


def big_file(tmp: Path) -> str | None:
    cv = fresh(tmp, "big") / "cv.yaml"
    huge = cv.parent / "huge.yaml"
    with open(huge, "wb") as f:
        f.truncate(2 * 2**30)
    problem = expect(*cvgen("build", huge, "-o", tmp / "big" / "out" / "cv.pdf", timeout=60), "MB", 10)
    if problem:
        return "cv.yaml: " + problem
    os.replace(huge, cv.parent / "publications.bib")
    return expect(*cvgen("build", cv, "-o", tmp / "big" / "out" / "cv.pdf", timeout=60), "MB", 10)


def devices(tmp: Path) -> str | None:
    for device in ("/dev/zero", "/dev/urandom"):
        problem = expect(*cvgen("build", device, "-o", tmp / "dev" / "cv.pdf", timeout=60), "not a regular file", 10)
        if problem:
            return f"{device}: {problem}"
    return None


def fifos(tmp: Path) -> str | None:
    content = fresh(tmp, "fifo")
    for name in ("cv.yaml", "publications.bib", "venues.yaml"):
        copy = tmp / f"fifo-{name}"
        shutil.copytree(content, copy)
        (copy / name).unlink()
        os.mkfifo(copy / name)
        problem = expect(*cvgen("build", copy / "cv.yaml", "-o", copy / "out" / "cv.pdf", timeout=60),
                         "not a regular file", 20)
        if problem:
            return f"{name}: {problem}"
    return None


def alias_bomb(tmp: Path) -> str | None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    bomb = tmp / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\nname: *a11\n", encoding="utf-8")
    status, err, seconds = cvgen("build", bomb, "-o", tmp / "bomb" / "cv.pdf", timeout=60)
    if status != 1 or seconds > 2:
        return f"exit {status} after {seconds:.1f} s: {err.strip()[-300:]}"
    return None


def log_flood(tmp: Path) -> str | None:
    cv = fresh(tmp, "flood") / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8") + "  - title: Flood\n    raw_latex: '\\loop\\message{"
                  + "flood " * 20 + "}\\iftrue\\repeat'\n", encoding="utf-8")
    out = cv.parent.parent / "out"
    problem = expect(*cvgen("build", cv, "-o", out / "cv.pdf", "--trust-raw-latex", timeout=300), "MB of log", 240)
    if problem:
        return problem
    biggest = max((p.stat().st_size for p in out.rglob("*") if p.is_file() and p.suffix != ".fmt"), default=0)
    return f"a {biggest / 2**20:.0f} MB file stayed behind" if biggest > 2**20 else None


def lua_escape(tmp: Path) -> str | None:
    cv = fresh(tmp, "lua") / "cv.yaml"
    victim = tmp / "lua-outside.txt"
    cv.write_text(cv.read_text(encoding="utf-8") + "  - title: Lua\n    raw_latex: '\\directlua{local f = "
                  f'io.open("/etc/passwd"); local g = io.open("{victim}", "w"); g:write("x"); g:close()}}\'\n',
                  encoding="utf-8")
    problem = expect(*cvgen("build", cv, "-o", tmp / "lua" / "out" / "cv.pdf", "--engine", "lualatex",
                            timeout=120), "--trust-raw-latex", 30)
    return problem or (f"{victim} was written" if victim.exists() else None)


def kill_loop(tmp: Path, kills: int) -> str | None:
    cv = fresh(tmp, "kill") / "cv.yaml"
    pdf = cv.parent.parent / "out" / "cv.pdf"
    status, err, _ = cvgen("build", cv, "-o", pdf)
    if status != 0:
        return f"first build failed: {err.strip()[-300:]}"
    whole = {pdf.read_bytes()}
    rng = random.Random(15)
    text = cv.read_text(encoding="utf-8")
    for i in range(kills):
        cv.write_text(text.replace("name: Ashish Panwar", f"name: Ashish Panwar {i}"), encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "cvgen", "build", str(cv), "-o", str(pdf)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.0, 2.5))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if pdf.exists() and not pdf.read_bytes().endswith((b"%%EOF\n", b"%%EOF")):
            return f"kill {i}: a torn PDF"
        status, err, _ = cvgen("build", cv, "-o", pdf)
        if status != 0:
            return f"build after kill {i} failed: {err.strip()[-300:]}"
        whole.add(pdf.read_bytes())
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--only", default=None)
    args = parser.parse_args()
    attacks: dict[str, Callable[[Path], str | None]] = {
        "big-file": big_file, "devices": devices, "fifos": fifos, "alias-bomb": alias_bomb,
        "log-flood": log_flood, "lua-escape": lua_escape,
        "kill-loop": lambda tmp: kill_loop(tmp, args.kills),
    }
    failed = 0
    for name, attack in attacks.items():
        if args.only and name != args.only:
            continue
        with tempfile.TemporaryDirectory(prefix=f"cvgen-attack-{name}-") as tmp:
            start = time.monotonic()
            problem = attack(Path(tmp))
            print(f"{'FAIL' if problem else 'ok  '} {name:12} {time.monotonic() - start:6.1f} s"
                  + (f"  {problem}" if problem else ""), flush=True)
            failed += bool(problem)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
