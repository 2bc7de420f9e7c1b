"""The command line as people run it: exit codes, messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cvgen

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cvgen", *args], cwd=cwd, capture_output=True, text=True)


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"cvgen, version {cvgen.__version__}"
    for command in ([], ["build"], ["check"]):
        result = run(*command, "--help")
        assert result.returncode == 0 and "Usage:" in result.stdout


def test_check_reference() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stdout


def test_usage_error_exits_2() -> None:
    result = run("build", "--no-such-option")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_user_errors_exit_1_with_positions(cv_dir: Path) -> None:
    cv = cv_dir / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text.replace("email: panwar", "emial: panwar", 1), encoding="utf-8")
    result = run("build", str(cv), "-o", str(cv_dir.parent / "out" / "cv.pdf"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("email: panwar"))) + 1
    assert f"{cv}:{line}:1: error: unknown key 'emial'; did you mean 'email'?" in result.stderr
    assert not (cv_dir.parent / "out" / "cv.pdf").exists()


def test_missing_bib_key(cv_dir: Path) -> None:
    cv = cv_dir / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text.replace("keyword: full", "keys: [no-such-key]"), encoding="utf-8")
    result = run("check", str(cv))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = text.splitlines().index("      keyword: full") + 1
    assert f"{cv}:{line}:" in result.stderr
    assert "no entry 'no-such-key' in publications.bib; check the key" in result.stderr


def test_malformed_bibtex(cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("keywords  = {full},\n}", "keywords  = {full,\n}", 1),
                   encoding="utf-8")
    result = run("check", str(cv_dir / "cv.yaml"))  # one entry cut off: left out with a warning (the policy)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "publications.bib:" in result.stderr and "BibTeX syntax" in result.stderr and "left out" in result.stderr
    strict = run("check", str(cv_dir / "cv.yaml"), "--strict")
    assert strict.returncode == 1 and ": error: BibTeX syntax" in strict.stderr


def test_inputs_are_never_written(cv_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in cv_dir.iterdir()}
    result = run("build", str(cv_dir / "cv.yaml"), "-o", str(cv_dir.parent / "b" / "cv.pdf"))
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_bytes() for p in cv_dir.iterdir()} == before


def test_a_bug_prints_one_line_and_saves_the_traceback(tmp_path: Path) -> None:
    """Simulate a defect inside cvgen (not in the user's data): no traceback on screen."""
    code = ("import sys, cvgen.pipeline as p\n"
            "def broken(*a, **k): raise RuntimeError('simulated defect')\n"
            "p.check = broken\n"
            "sys.argv = ['cvgen', 'check']\n"
            "from cvgen.cli import main\nmain()\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 70
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "internal error" in result.stderr and "Please report it with" in result.stderr
    saved = list(tmp_path.glob("cvgen-crash-*.txt"))
    assert len(saved) == 1 and "simulated defect" in saved[0].read_text()


def test_output_must_be_a_pdf_file_name(cv_dir: Path) -> None:
    for output in (str(cv_dir / "publications.bib"), str(cv_dir.parent / "cv.log"), str(cv_dir), ""):
        result = run("build", str(cv_dir / "cv.yaml"), "-o", output)
        assert result.returncode == 2 and "must be a file name ending in .pdf" in result.stderr, output
    assert (cv_dir / "publications.bib").read_text(encoding="utf-8").startswith("%")


def test_unwritable_output_is_a_clear_error(cv_dir: Path) -> None:
    result = run("build", str(cv_dir / "cv.yaml"), "-o", "/proc/cvgen-test/cv.pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot write /proc/cvgen-test" in result.stderr


def test_verbose_build_names_each_stage_and_the_first_time_work(cv_dir: Path) -> None:
    out = cv_dir.parent / "build" / "cv.pdf"
    cold = run("build", str(cv_dir / "cv.yaml"), "-o", str(out), "-v")
    assert cold.returncode == 0, cold.stderr
    lines = cold.stderr.splitlines()
    stages = ("checking", "enriching", "rendering LaTeX", "compiling with pdflatex")
    for stage in stages:  # each stage is named as it starts, then again when it ends
        starts = [i for i, line in enumerate(lines) if line.endswith(f"{stage} ...") or f"{stage} " in line
                  and line.endswith(" ...")]
        ends = [i for i, line in enumerate(lines) if f"{stage}" in line and " done" in line]
        assert starts and ends and starts[0] < ends[0], (stage, lines)
    started = [next(i for i, line in enumerate(lines) if stage in line) for stage in stages]
    assert started == sorted(started)
    # the format dump is announced before TeX runs, not after
    dump = next(i for i, line in enumerate(lines) if "building the preamble format once" in line)
    assert dump < next(i for i, line in enumerate(lines) if "compiling with pdflatex" in line and " done" in line)
    assert "12 sections, 19 publications" in cold.stderr and "after building the preamble format" in cold.stderr
    (cv_dir / "cv.yaml").write_text((cv_dir / "cv.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    warm = run("build", str(cv_dir / "cv.yaml"), "-o", str(out), "--verbose")
    assert "on the cached preamble format" in warm.stderr and "building the preamble" not in warm.stderr
    assert warm.stdout.strip() == f"cvgen: wrote {out}"
