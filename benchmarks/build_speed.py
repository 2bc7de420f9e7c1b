"""Build speed: edit-rebuild, no-op and cold builds against one plain pdflatex pass.

    .venv/bin/python benchmarks/build_speed.py [--rounds 9] [--big-rounds 5] [--sizes 100,500,1000]

Everything happens in a temporary folder (content/ is only read). For the reference CV and
for synthetic CVs of 100, 500 and 1,000 publications (the reference's conference papers
cloned with new keys and titles) it measures, in interleaved rounds whose order rotates:

  edit    change one title in the .bib, then `cvgen build` (a subprocess; caches warm)
  noop    `cvgen build` again with nothing changed
  cold    `cvgen build` into an empty build folder (no stamp, no format, no .aux)
  plain   one plain `pdflatex` pass of the same build/cv.tex, copied with the theme into a
          folder of its own whose .aux is warm: the yardstick every ratio divides by

and for the reference CV only, each after the same one-title edit (issue 13):

  html    `cvgen build --format html` (no TeX)
  md      `cvgen build --format md` (no TeX)
  all     `cvgen build --format pdf,html,md,json,png`
  png     `pdftoppm` of the PDF alone (what the PNG previews add to a PDF build)

Each ratio is taken within a round (paired) and the median over rounds is reported, with
the median wall times. Then the Python side alone (load, validate, enrich, render; no TeX)
per size with its peak traced memory, the time per publication from 100 to 1,000 papers,
and the peak resident memory of the children (cvgen and TeX).

Targets (issue 12): edit <= 1.0x plain, noop <= 0.15x plain, cold <= 2.4x plain on the
reference; at 1,000 papers edit <= 1.0 s and edit(1000) / edit(100) <= 12. Issue 13: html
and md each <= 0.5x plain (most of it is Python starting and importing); all formats <=
edit + png (+10%).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
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
THEME = ROOT / "latex_templates"
BIN = Path(sys.executable).parent
CVGEN = [str(BIN / "cvgen")] if (BIN / "cvgen").exists() else [sys.executable, "-m", "cvgen"]
EDIT_TITLE = "Making Huge Pages Actually Useful"

PIPELINE_PROBE = r"""
import json, resource, sys, time, tracemalloc
from pathlib import Path
traced = sys.argv[2] == "traced"  # tracemalloc slows Python ~3x: time and memory in separate runs
t0 = time.perf_counter()
from cvgen.backends.latex import render as render_tex
from cvgen.model.themes import resolve
from cvgen.pipeline import check, enrich
t1 = time.perf_counter()
if traced:
    tracemalloc.start()
checked = check(Path(sys.argv[1]))
t2 = time.perf_counter()
tex = render_tex(enrich(checked), resolve(checked.cv.settings.theme, Path(sys.argv[1]).parent))
t3 = time.perf_counter()
peak = tracemalloc.get_traced_memory()[1] if traced else 0
pubs = sum(len(p or []) for p in checked.publications)
print(json.dumps({"imports": t1 - t0, "check": t2 - t1, "render": t3 - t2, "pubs": pubs,
                  "traced_peak_mb": peak / 2**20, "tex_kb": len(tex.text) / 1024,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

def tex_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"openin_any": "p", "openout_any": "p", "shell_escape": "f", "SOURCE_DATE_EPOCH": "0",
                "FORCE_SOURCE_DATE": "1", "TEXINPUTS": ".:", "max_print_line": "10000", "LC_ALL": "C.UTF-8"})
    return env


def timed(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return elapsed, proc.stdout


# --- synthetic CVs ------------------------------------------------------------------------


def make_cv(folder: Path, papers: int | None) -> Path:
    """content/ copied to `folder`; with `papers`, the .bib grown to that many entries."""
    shutil.copytree(CONTENT, folder)
    if papers is None:
        return folder / "cv.yaml"
    bib = folder / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    entries = re.findall(r"^@\w+\{.*?^\}", text, re.S | re.M)
    clonable = [e for e in entries if e.lower().startswith("@inproceedings") and "keywords  = {full}" in e
                and EDIT_TITLE not in e]
    extra = []
    for i in range(max(0, papers - len(entries))):
        entry = clonable[i % len(clonable)]
        entry = re.sub(r"^(@\w+\{)([^,]+),", lambda m: f"{m.group(1)}{m.group(2)}x{i},", entry, count=1)
        entry = re.sub(r"(title\s*=\s*\{)", lambda m: f"{m.group(1)}Study {i} of ", entry, count=1)
        extra.append(entry)
    bib.write_text(text + "\n\n" + "\n\n".join(extra) + "\n", encoding="utf-8")
    return folder / "cv.yaml"


def edit_title(cv: Path, round_no: int) -> None:
    bib = cv.parent / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    text, n = re.subn(re.escape(EDIT_TITLE) + r"[^}]*\}", f"{EDIT_TITLE} (take {round_no})}}", text, count=1)
    assert n == 1, "the reference title to edit is gone"
    bib.write_text(text, encoding="utf-8")


# --- one size --------------------------------------------------------------------------------


class Bench:
    def __init__(self, tmp: Path, label: str, papers: int | None) -> None:
        self.label = label
        self.cv = make_cv(tmp / label / "content", papers)
        self.out = tmp / label / "build"
        self.pdf = self.out / "cv.pdf"
        self.plain_dir = tmp / label / "plain"
        self.plain_dir.mkdir()
        self.samples: dict[str, list[float]] = {k: [] for k in ("plain", *KINDS, *FORMAT_KINDS)}
        self.ratios: dict[str, list[float]] = {k: [] for k in (*KINDS, *FORMAT_KINDS)}
        self.edits = 0

    def build(self, formats: str = "pdf") -> tuple[float, str]:
        return timed([*CVGEN, "build", str(self.cv), "-o", str(self.pdf), "--format", formats])

    def edit_as(self, formats: str) -> float:
        self.edits += 1
        edit_title(self.cv, self.edits)
        elapsed, out = self.build(formats)
        assert "wrote" in out, out
        return elapsed

    def html(self) -> float:
        return self.edit_as("html")

    def md(self) -> float:
        return self.edit_as("md")

    def all(self) -> float:
        return self.edit_as("pdf,html,md,json,png")

    def png(self) -> float:
        """pdftoppm alone on the current PDF, as `--format png` runs it."""
        with tempfile.TemporaryDirectory(dir=self.out) as work:
            return timed(["pdftoppm", "-png", "-r", "110", str(self.pdf), os.path.join(work, "page")])[0]

    def edit(self) -> float:
        self.edits += 1
        edit_title(self.cv, self.edits)
        elapsed, out = self.build()
        assert "wrote" in out, out
        return elapsed

    def noop(self) -> float:
        self.build()  # untimed: brings the PDF's stamp up to date after another format's edit
        elapsed, out = self.build()
        assert "up to date" in out, f"not a no-op: {out}"
        return elapsed

    def cold(self) -> float:
        shutil.rmtree(self.out, ignore_errors=True)
        elapsed, out = self.build()
        assert "wrote" in out, out
        return elapsed

    def plain(self) -> float:
        """One pdflatex pass on the current build/cv.tex, its .aux warm from a first pass."""
        tex = (self.out / "cv.tex").read_text(encoding="utf-8")
        for item in THEME.iterdir():
            if item.is_file():
                shutil.copyfile(item, self.plain_dir / item.name)
        fresh = (self.plain_dir / "cv.tex").read_text(encoding="utf-8") != tex \
            if (self.plain_dir / "cv.tex").exists() else True
        (self.plain_dir / "cv.tex").write_text(tex, encoding="utf-8")
        args = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape", "cv.tex"]
        if fresh or not (self.plain_dir / "cv.aux").exists():
            timed(args, cwd=self.plain_dir, env=tex_env())  # warm the .aux
        return timed(args, cwd=self.plain_dir, env=tex_env())[0]

    def rounds(self, count: int, *groups: tuple[str, ...]) -> None:
        """Each round: plain, then each group's kinds in an order that rotates, then plain."""
        self.cold()  # warm everything once (format, stamp, .aux)
        self.edit()
        for r in range(count):
            order = [kind for kinds in groups for kind in kinds[r % len(kinds):] + kinds[:r % len(kinds)]]
            got: dict[str, float] = {}
            for kind in ["plain", *order]:
                got[kind] = getattr(self, kind)()
                if kind != "plain":
                    self.samples[kind].append(got[kind])
            got["plain"] = (got["plain"] + self.plain()) / 2  # the yardstick, before and after
            self.samples["plain"].append(got["plain"])
            for kind in order:
                self.ratios[kind].append(got[kind] / got["plain"])

    def probe(self) -> dict[str, float]:
        runs = [json.loads(timed([sys.executable, "-c", PIPELINE_PROBE, str(self.cv), "timed"])[1]) for _ in range(3)]
        best = min(runs, key=lambda r: r["check"] + r["render"])
        traced = json.loads(timed([sys.executable, "-c", PIPELINE_PROBE, str(self.cv), "traced"])[1])
        return {**best, "traced_peak_mb": traced["traced_peak_mb"], "maxrss_mb": traced["maxrss_mb"]}


KINDS = ("edit", "noop", "cold")
FORMAT_KINDS = ("html", "md", "all", "png")


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=9, help="rounds for the reference CV")
    parser.add_argument("--big-rounds", type=int, default=5, help="rounds for the synthetic CVs")
    parser.add_argument("--sizes", default="100,500,1000", help="synthetic CV sizes (publications)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if shutil.which("pdflatex") is None:
        raise SystemExit("pdflatex is not installed (make tools)")
    tex_version = subprocess.run(["pdflatex", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"cvgen build speed: {tex_version}; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.2f}; paired medians")
    results: list[tuple[Bench, dict[str, float]]] = []
    with tempfile.TemporaryDirectory(prefix="cvgen-bench-") as tmp_name:
        tmp = Path(tmp_name)
        plan = [("reference", None, args.rounds)] + [(f"{n} papers", n, args.big_rounds) for n in sizes]
        for label, papers, count in plan:
            bench = Bench(tmp, label.replace(" ", "-"), papers)
            bench.label = label
            bench.rounds(count, *((KINDS, FORMAT_KINDS) if papers is None else (KINDS,)))
            results.append((bench, bench.probe()))
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print()
    print(f"{'CV':<12} {'pubs':>5} {'plain s':>8} {'edit s':>7} {'noop s':>7} {'cold s':>7} "
          f"{'edit/pl':>8} {'noop/pl':>8} {'cold/pl':>8} {'python s':>9} {'traced MB':>10}")
    for bench, probe in results:
        python_s = probe["check"] + probe["render"]
        print(f"{bench.label:<12} {probe['pubs']:>5} {med(bench.samples['plain']):>8.3f} "
              f"{med(bench.samples['edit']):>7.3f} {med(bench.samples['noop']):>7.3f} {med(bench.samples['cold']):>7.3f} "
              f"{med(bench.ratios['edit']):>7.2f}x {med(bench.ratios['noop']):>7.2f}x {med(bench.ratios['cold']):>7.2f}x "
              f"{python_s:>9.3f} {probe['traced_peak_mb']:>10.1f}")
    print()
    for bench, probe in results:
        print(f"{bench.label:<12} python side (best of 3): imports {probe['imports']:.3f} s, load+validate+enrich "
              f"{probe['check']:.3f} s, render {probe['render']:.3f} s ({probe['tex_kb']:.0f} KB of .tex), "
              f"max RSS {probe['maxrss_mb']:.0f} MB")
    ref = results[0][0]
    print()
    print(f"reference, other formats (after the same edit): "
          + ", ".join(f"{kind} {med(ref.samples[kind]):.3f} s = {med(ref.ratios[kind]):.2f}x plain"
                      for kind in FORMAT_KINDS))
    by_size = {probe["pubs"]: (bench, probe) for bench, probe in results if bench.label != "reference"}
    if len(by_size) >= 2:
        lo, hi = min(by_size), max(by_size)
        edit_lo, edit_hi = med(by_size[lo][0].samples["edit"]), med(by_size[hi][0].samples["edit"])
        py_lo = by_size[lo][1]["check"] + by_size[lo][1]["render"]
        py_hi = by_size[hi][1]["check"] + by_size[hi][1]["render"]
        print()
        print(f"per publication from {lo} to {hi}: edit-rebuild {1000 * (edit_hi - edit_lo) / (hi - lo):.2f} ms, "
              f"python side {1000 * (py_hi - py_lo) / (hi - lo):.2f} ms; "
              f"edit({hi}) / edit({lo}) = {edit_hi / edit_lo:.2f}")
    print(f"peak resident memory of any child (cvgen or TeX): {children:.0f} MB")
    checks = [("edit-rebuild <= 1.0x plain", med(ref.ratios["edit"]) <= 1.0),
              ("no-op <= 0.15x plain", med(ref.ratios["noop"]) <= 0.15),
              ("cold <= 2.4x plain", med(ref.ratios["cold"]) <= 2.4),
              ("--format html <= 0.5x plain", med(ref.ratios["html"]) <= 0.5),
              ("--format md <= 0.5x plain", med(ref.ratios["md"]) <= 0.5),
              ("all formats <= edit + png (+10%)",
               med(ref.samples["all"]) <= 1.1 * (med(ref.samples["edit"]) + med(ref.samples["png"])))]
    if len(by_size) >= 2 and 1000 in by_size and 100 in by_size:
        e1000, e100 = med(by_size[1000][0].samples["edit"]), med(by_size[100][0].samples["edit"])
        checks += [("1,000 papers: edit-rebuild <= 1.0 s", e1000 <= 1.0), ("edit(1000) / edit(100) <= 12", e1000 / e100 <= 12)]
    print()
    for what, ok in checks:
        print(f"  {'ok  ' if ok else 'MISS'} {what}")
    edit, noop = med(ref.ratios["edit"]), med(ref.ratios["noop"])
    record("build_speed", "one-shot edit <= 0.9x a plain pdflatex pass", f"{edit:.2f}x ({med(ref.samples['edit']):.3f} s "
           f"vs {med(ref.samples['plain']):.3f} s)", edit <= 0.9, len(ref.ratios["edit"]))
    record("build_speed", "no-op <= 0.1x a plain pdflatex pass", f"{noop:.3f}x ({med(ref.samples['noop']):.3f} s)",
           noop <= 0.1, len(ref.ratios["noop"]))


if __name__ == "__main__":
    main()
