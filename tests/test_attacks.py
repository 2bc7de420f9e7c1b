"""Hostile and clumsy inputs (issue 15): each test reproduces one defect; the slow attacks
(2 GB files, alias bombs, kill loops) live in benchmarks/attacks.py."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from cvgen.core.errors import BuildError, CvError
from cvgen.pipeline import build, check

RAW_LUA = (r'\directlua{local f = io.open("/etc/passwd"); if f then tex.print("LEAKED " .. f:read("*l")) end; '
           r'local g = io.open("OUTSIDE", "w"); if g then g:write("x"); g:close() end}')


def _add_section(cv: Path, body: str) -> int:
    """Append a section to cv.yaml; returns the line of its content key."""
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text + "  - title: Extra\n" + body, encoding="utf-8")
    return len(text.splitlines()) + 2


@pytest.mark.parametrize("engine", ["lualatex", "pdflatex"])
def test_raw_latex_cannot_reach_files_without_trust(cv_dir: Path, tmp_path: Path, engine: str) -> None:
    outside = tmp_path / "outside.txt"
    line = _add_section(cv_dir / "cv.yaml", "    raw_latex: '" + RAW_LUA.replace("OUTSIDE", str(outside)) + "'\n")
    pdf = tmp_path / "build" / "cv.pdf"
    with pytest.raises(CvError) as info:
        build(cv_dir / "cv.yaml", pdf, engine=engine)
    problem = info.value.problems[0]
    assert (problem.file, problem.line) == (str(cv_dir / "cv.yaml"), line)
    assert "--trust-tex" in problem.message and "any file" in problem.message
    assert not outside.exists() and not pdf.exists()
    assert not pdf.with_suffix(".tex").exists()


def test_no_pickle_in_cvgen() -> None:
    """A cache restored from an untrusted CI branch must never run code when read."""
    package = Path(__file__).resolve().parent.parent / "cvgen"
    for module in package.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "import pickle" not in text and "pickle.load" not in text and "marshal" not in text, module


def test_venue_cache_is_checked_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cvgen.venues import names as venue_db

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    venue_db._index.cache_clear()
    fresh = venue_db._index()
    (cached,) = (tmp_path / "cvgen").glob("venue-index-*.json")
    data = json.loads(cached.read_text(encoding="utf-8"))
    data["raw"] = {k: "NO-SUCH-VENUE" for k in data["raw"]}  # a poisoned mapping
    cached.write_text(json.dumps(data), encoding="utf-8")
    venue_db._index.cache_clear()
    assert venue_db._index() == fresh
    cached.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")  # nested too deeply
    venue_db._index.cache_clear()
    assert venue_db._index() == fresh
    venue_db._index.cache_clear()


def _run(*args: str | Path, timeout: float = 120) -> "subprocess.CompletedProcess[str]":
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "cvgen", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("case", ["cv as tex", "bib as log", "venues as pdf", "cv as pdf"])
def test_outputs_never_overwrite_inputs(cv_dir: Path, case: str) -> None:
    cv = cv_dir / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    out = cv_dir / "cv.pdf"
    if case == "cv as tex":
        cv = cv.rename(cv_dir / "cv.tex")
    elif case == "cv as pdf":
        cv, out = cv.rename(cv_dir / "mine.pdf"), cv_dir / "mine.pdf"
    elif case == "bib as log":
        (cv_dir / "publications.bib").rename(cv_dir / "cv.log")
        cv.write_text(text.replace("bibliography: publications.bib", "bibliography: cv.log"), encoding="utf-8")
    else:
        (cv_dir / "venues.yaml").rename(cv_dir / "cv.pdf")
        cv.write_text(text.replace("venue_figures: venues.yaml", "venue_figures: cv.pdf"), encoding="utf-8")
    before = {p: p.read_bytes() for p in cv_dir.iterdir() if p.is_file()}
    with pytest.raises(BuildError, match="would overwrite an input of the build"):
        build(cv, out)
    assert {p: p.read_bytes() for p in cv_dir.iterdir() if p.is_file()} == before


def test_hard_link_to_an_input_is_an_input(cv_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.link(cv_dir / "publications.bib", out / "cv.log")
    with pytest.raises(BuildError, match="would overwrite an input of the build"):
        build(cv_dir / "cv.yaml", out / "cv.pdf")


def test_symlinks_at_outputs_are_replaced_never_followed(cv_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".cvgen").mkdir(parents=True)
    victims = {}
    for name in ("cv.log", "cv.tex", ".cvgen/cv.stamp.json", "cv.pdf"):
        victim = tmp_path / ("victim-" + name.replace("/", "_"))
        victim.write_text("precious\n", encoding="utf-8")
        (out / name).symlink_to(victim)
        victims[name] = victim
    result = _run("build", cv_dir / "cv.yaml", "-o", out / "cv.pdf")
    assert result.returncode == 0, result.stderr
    for name, victim in victims.items():
        assert victim.read_text(encoding="utf-8") == "precious\n", name
        assert not (out / name).is_symlink(), name


def test_symlinked_private_folder_is_refused(cv_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cvgen").symlink_to(elsewhere)
    result = _run("build", cv_dir / "cv.yaml", "-o", out / "cv.pdf")
    assert result.returncode == 1 and "symbolic link" in result.stderr, result.stderr
    assert list(elsewhere.iterdir()) == [] and not (out / "cv.pdf").exists()


def test_fifo_as_the_cv_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "cv.yaml"
    os.mkfifo(fifo)
    result = _run("build", fifo, "-o", tmp_path / "out" / "cv.pdf", timeout=60)
    assert result.returncode == 1 and "not a regular file" in result.stderr, result.stderr


def test_stamp_naming_a_device_or_fifo_does_not_hang(tmp_path: Path) -> None:
    import subprocess
    import sys

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    script = f"""
import json, os
from cvgen.typeset.stamp import Stamp, file_digest, _which
assert file_digest("/dev/zero") is None and file_digest({str(fifo)!r}) is None
s = Stamp("cv.yaml", {str(tmp_path / "cv.pdf")!r})
os.makedirs(os.path.dirname(s.path), exist_ok=True)
stamp = {{"options": s.options, "argv": None, "engine": "pdflatex", "engine_exe": _which("pdflatex"), "stats": [],
         "listings": {{}}, "files": {{"/dev/zero": "0" * 64, {str(fifo)!r}: "0" * 64}}, "outputs": {{}}}}
open(s.path, "w").write(json.dumps(stamp))
assert s.up_to_date() is None
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    assert result.stdout.strip() == "ok", result.stderr


def test_caches_nested_too_deeply_are_ignored(tmp_path: Path) -> None:
    from cvgen.typeset.stamp import Stamp
    from cvgen.typeset.texformat import read_meta

    stamp = Stamp(tmp_path / "cv.yaml", tmp_path / "cv.pdf")
    Path(stamp.path).parent.mkdir()
    nested = "[" * 100_000 + "]" * 100_000
    Path(stamp.path).write_text(nested, encoding="utf-8")
    assert stamp.load() is None and stamp.last_engine() is None and stamp.up_to_date() is None
    (tmp_path / "format.json").write_text("{\"a\":" * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    assert read_meta(tmp_path) is None


def test_builds_into_one_output_take_turns(cv_dir: Path, tmp_path: Path) -> None:
    """While one build holds an output, another into it writes nothing (then finishes)."""
    import subprocess
    import sys
    import time

    from cvgen.core.safewrite import build_lock

    pdf = tmp_path / "out" / "cv.pdf"
    with build_lock(pdf):
        proc = subprocess.Popen([sys.executable, "-m", "cvgen", "build", str(cv_dir / "cv.yaml"), "-o", str(pdf)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert proc.poll() is None
        assert not pdf.exists() and not pdf.with_suffix(".tex").exists() and not pdf.with_suffix(".log").exists()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert pdf.exists() and pdf.with_suffix(".tex").exists()


@pytest.mark.parametrize("engine", ["pdflatex", "lualatex", "xelatex"])
@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u1680", "\u200e", "\u202e", "\u200d"])
def test_characters_an_engine_drops_are_errors_under_every_engine(cv_dir: Path, engine: str, char: str) -> None:
    line = _add_section(cv_dir / "cv.yaml", f'    text: "before{char}after"\n')
    with pytest.raises(CvError) as info:
        check(cv_dir / "cv.yaml", engine=engine)
    (problem,) = [p for p in info.value.problems if p.severity == "error"]
    assert problem.line == line and f"U+{ord(char):04X}" in problem.message


def test_text_field_too_long_is_named(cv_dir: Path) -> None:
    line = _add_section(cv_dir / "cv.yaml", "    text: " + "word " * 50_000 + "\n")
    with pytest.raises(CvError) as info:
        check(cv_dir / "cv.yaml")
    (problem,) = [p for p in info.value.problems if p.severity == "error"]
    assert problem.line == line and "249,999 characters long" in problem.message


def test_item_taller_than_a_page_is_not_cut_silently(cv_dir: Path, tmp_path: Path) -> None:
    line = _add_section(cv_dir / "cv.yaml", "    items:\n      - " + " ".join(f"w{i}" for i in range(3000)) + "\n")
    with pytest.raises(BuildError) as info:
        build(cv_dir / "cv.yaml", tmp_path / "cv.pdf")
    message = info.value.format_message()
    assert message.startswith(f"{cv_dir / 'cv.yaml'}:{line + 1}: an entry is taller than a page"), message
    assert not (tmp_path / "cv.pdf").exists()


def test_word_wider_than_the_line_is_a_warning(cv_dir: Path, tmp_path: Path) -> None:
    line = _add_section(cv_dir / "cv.yaml", "    items:\n      - " + "x" * 300 + "\n")
    built = build(cv_dir / "cv.yaml", tmp_path / "cv.pdf")
    (warning,) = built.result.warnings
    assert warning.startswith(f"{cv_dir / 'cv.yaml'}:{line + 1}: warning: a word is") and "margin" in warning


def test_message_loop_log_is_capped(cv_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cvgen.typeset import texrun as texrun

    monkeypatch.setattr(texrun, "MAX_LOG_BYTES", 2**20)
    _add_section(cv_dir / "cv.yaml", "    raw_latex: '\\loop\\message{flood flood flood}\\iftrue\\repeat'\n")
    with pytest.raises(BuildError, match="more than 1 MB of log"):
        build(cv_dir / "cv.yaml", tmp_path / "cv.pdf", trust_raw_latex=True)
    for log in tmp_path.rglob("*.log"):
        assert log.stat().st_size < 10 * 2**20, log
    for out in tmp_path.rglob("tex.out"):
        assert out.stat().st_size < 10 * 2**20, out


def test_tex_without_its_base_format_points_at_doctor(cv_dir: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A TeX Live whose formats are gone: pdflatex behind a wrapper that asks for a missing one."""
    real = shutil.which("pdflatex")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "pdflatex"
    wrapper.write_text("#!/bin/bash\nargs=()\nfor a in \"$@\"; do case $a in -fmt=*) a=-fmt=gone;; '&'*) a='&gone';; "
                       f"esac; args+=(\"$a\"); done\nexec {real} -fmt=gone \"${{args[@]}}\"\n", encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    with pytest.raises(BuildError) as info:
        build(cv_dir / "cv.yaml", tmp_path / "cv.pdf")
    message = info.value.format_message()
    assert "TeX installation is broken" in message and "cvgen doctor" in message
    assert "texlive-latex-base" in message  # the package that brings the format back


def test_files_planted_by_one_build_do_not_reach_the_next(cv_dir: Path, tmp_path: Path) -> None:
    """TeX runs in a fresh folder per build; the cache keeps only what cvgen wrote (digest-checked)."""
    from cvgen.typeset.texrun import work_dir

    clean = tmp_path / "clean" / "cv.pdf"
    build(cv_dir / "cv.yaml", clean)
    planted = cv_dir / "planted.yaml"
    planted.write_text((cv_dir / "cv.yaml").read_text(encoding="utf-8") + "  - title: Plant\n    raw_latex: '"
                       r"\immediate\openout5=mt-cmr.cfg \immediate\write5{\relax}\immediate\closeout5"
                       r"\immediate\openout5=cv.aux \immediate\write5{\relax}\immediate\closeout5" "'\n",
                       encoding="utf-8")
    shared = tmp_path / "shared" / "cv.pdf"
    build(planted, shared, trust_raw_latex=True)
    cache = work_dir(shared, "pdflatex")
    names = {p.name for p in cache.iterdir()}
    assert not list(shared.parent.rglob("mt-cmr.cfg")), names
    assert names <= {"lock", "format.json", "cv.aux", "aux.json"} | {n for n in names if n.startswith("cvfmt-")}
    build(cv_dir / "cv.yaml", shared)
    assert shared.read_bytes() == clean.read_bytes()


def test_collaboration_paper_keeps_the_owner_and_says_et_al(cv_dir: Path, tmp_path: Path) -> None:
    """5,000 authors, the owner 3,000th: the PDF prints the first 100, '...', the owner, 'et al.'."""
    from .conftest import flat, pdf_text

    names = [f"Physicist{i:04d} Collab" for i in range(5000)]
    names[2999] = "Ashish Panwar"
    bib = cv_dir / "publications.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("author    = {Parth Gangar and Ashish Panwar and K. Gopinath}",
                                "author    = {" + " and ".join(names) + "}"), encoding="utf-8")
    built = build(cv_dir / "cv.yaml", tmp_path / "cv.pdf")
    warnings = [w.message for w in built.checked.problems.warnings]
    assert any("'gangar2025emd' has 5,000 authors" in w and "max_authors" in w for w in warnings), warnings
    printed = flat(pdf_text(tmp_path / "cv.pdf"))
    assert "Physicist0099 Collab, ..., Ashish Panwar, et al." in printed
    assert "Physicist0100" not in printed


def test_shorten_authors_policy() -> None:
    from cvgen.papers.build import Author, shorten_authors

    people = [Author(f"P{i}") for i in range(10)]
    assert shorten_authors(people, 10) == people
    short = shorten_authors(people, 3)
    assert [a.name for a in short] == ["P0", "P1", "P2", "et al."]
    people[9] = Author("Me", owner=True)
    assert [a.name for a in shorten_authors(people, 3)] == ["P0", "P1", "P2", "...", "Me"]
    people[3] = Author("Me", owner=True)
    assert [a.name for a in shorten_authors(people, 3)] == ["P0", "P1", "P2", "Me", "...", "Me"]


def test_full_disk_is_named() -> None:
    import errno

    from cvgen.cli import os_error_message
    from cvgen.typeset.texrun import TexSource, explain_failure

    message = os_error_message(OSError(errno.ENOSPC, "No space left on device", "build/cv.tex"), Path("build/cv.pdf"))
    assert "no space left on" in message and "build/" in message
    log = "(./cv.tex\n! I can't write on file `cv.pdf'.\n"
    assert "is the disk full" in explain_failure(log, TexSource("x"), Path("build/cv.log"), [])


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 12 MB tmpfs (root only: a real file system that fills up), unmounted afterwards."""
    import subprocess

    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    point = tmp_path / "disk"
    point.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(point)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)])


def _fill(disk: Path, leave_kb: int) -> None:
    """Fill `disk` but `leave_kb` KB."""
    (disk / "fill").unlink(missing_ok=True)
    st = os.statvfs(disk)
    with open(disk / "fill", "wb") as f:
        f.write(b"\0" * max(0, st.f_bavail * st.f_frsize - leave_kb * 1024))


def test_a_full_disk_names_the_disk_and_folder(cv_dir: Path, small_disk: Path) -> None:
    """The format dump, TeX's PDF, and cvgen's own copy of it each hit a full tmpfs (a real one)."""
    pdf = small_disk / "cv.pdf"
    _fill(small_disk, 300)  # no room for the ~7 MB format
    result = _run("build", cv_dir / "cv.yaml", "-o", pdf)
    assert result.returncode == 1 and f"no space left on tmpfs (mounted at {small_disk})" in result.stderr, \
        result.stderr
    assert "preamble" in result.stderr and "Traceback" not in result.stderr
    (small_disk / "fill").unlink()
    assert _run("build", cv_dir / "cv.yaml", "-o", pdf).returncode == 0  # the format is now cached
    # 90 KB: TeX's PDF or cvgen's own write before it runs out first, by a few KB either way
    for leave, what in ((90, "free some space"), (300, "free some space")):
        pdf.unlink(missing_ok=True)
        (small_disk / ".cvgen" / "cv.stamp.json").unlink(missing_ok=True)
        _fill(small_disk, leave)
        result = _run("build", cv_dir / "cv.yaml", "-o", pdf)
        assert result.returncode == 1 and f"no space left on tmpfs (mounted at {small_disk}) for {small_disk}" \
            in result.stderr and what in result.stderr, (leave, result.stderr)
        assert not pdf.exists() and "Traceback" not in result.stderr


def test_yaml_limits_name_the_limit_hit(tmp_path: Path) -> None:
    """120,000 list items written out are not blamed on aliases; an alias bomb is."""
    big = tmp_path / "cv.yaml"
    big.write_text("name: X\nitems:\n" + "".join(f"  - v{i}\n" for i in range(120_000)), encoding="utf-8")
    result = _run("check", big)
    assert result.returncode == 1 and "holds more than 100,000 values" in result.stderr, result.stderr
    assert "alias" not in result.stderr
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n" for p, c in zip("abcdef", "bcdefg")), encoding="utf-8")
    result = _run("check", bomb)
    assert result.returncode == 1 and "&anchors and *aliases" in result.stderr, result.stderr


def test_link_at_another_format_is_replaced_not_followed(cv_dir: Path, tmp_path: Path) -> None:
    """A link at cv.html to /dev/full (which answers every write with ENOSPC) is replaced."""
    result = _run("build", cv_dir / "cv.yaml", "-o", tmp_path / "out" / "cv.pdf", "--format", "html")
    assert result.returncode == 0, result.stderr
    html = tmp_path / "out" / "cv.html"
    html.unlink()
    html.symlink_to("/dev/full")  # replaced, not followed: the build succeeds and /dev/full is untouched
    result = _run("build", cv_dir / "cv.yaml", "-o", tmp_path / "out" / "cv.pdf", "--format", "html")
    assert result.returncode == 0 and not html.is_symlink(), result.stderr


def _attacks():  # type: ignore[no-untyped-def]
    """benchmarks/attacks.py, loaded by path (benchmarks/ is scripts, not a package)."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "attacks.py"
    spec = importlib.util.spec_from_file_location("cvgen_attacks", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Issue 21's attacks that other branches fix (the lead drops a name here when its fix is merged).
FIXED_ELSEWHERE: dict[str, str] = {}  # an attack whose fix is still on another branch: name -> branch


@pytest.mark.parametrize("name", list(_attacks().FAST))
def test_issue_21_attack(name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Each fast attack of benchmarks/attacks.py (a real cvgen subprocess on a copy of content/)."""
    if name in FIXED_ELSEWHERE:
        request.applymarker(pytest.mark.xfail(reason=f"fixed on helper {FIXED_ELSEWHERE[name]}'s branch",
                                              strict=False))
    problem = _attacks().FAST[name](tmp_path)
    assert problem is None, problem
