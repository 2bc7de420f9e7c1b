"""The whole pipeline as a user runs it: concurrent builds, and every problem of a run at once."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from cvgen.core.errors import CvError
from cvgen.pipeline import check

from .conftest import flat, pdf_text


def test_two_builds_at_once_into_one_folder(cv_dir: Path, reference_build: Path) -> None:
    out = cv_dir.parent / "shared-build" / "cv.pdf"
    command = [sys.executable, "-m", "cvgen", "build", str(cv_dir / "cv.yaml"), "-o", str(out)]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert hashlib.sha256(out.read_bytes()).digest() == hashlib.sha256(reference_build.read_bytes()).digest()
    assert "Submissions: 510, Accepted: 105, Acceptance rate: 20.59%" in flat(pdf_text(out))
    leftovers = [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers


def test_problems_in_all_files_are_reported_together(cv_dir: Path) -> None:
    cv = cv_dir / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("email:", "emial:", 1), encoding="utf-8")
    bib = cv_dir / "publications.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("number    = {18/416,564},", "number    = {18/416,564,", 1), encoding="utf-8")
    venues = cv_dir / "venues.yaml"
    venues.write_text(venues.read_text(encoding="utf-8").replace("accepted: 49}", "accepted: 490}", 1),
                      encoding="utf-8")
    with pytest.raises(CvError) as info:
        check(cv)
    files = {Path(p.file).name for p in info.value.problems}
    assert files == {"cv.yaml", "publications.bib", "venues.yaml"}


def test_one_paper_of_a_shared_3000_entry_bib_is_linear(tmp_path: Path) -> None:
    """Each 'not listed' warning used to re-read the .bib: 36 s for 3,000 entries. Now four times
    the entries cost about four times the CPU, not sixteen."""
    import gc
    import time

    from cvgen.core.errors import render_all
    from cvgen.pipeline import check

    entry = "@inproceedings{k%d,\n  title = {Title %d},\n  author = {Ada Lovelace and C. D},\n" \
            "  booktitle = {Proceedings of Things (OSDI)},\n  year = 2020,\n}\n"

    def cpu_seconds(count: int) -> float:
        folder = tmp_path / str(count)
        folder.mkdir()
        (folder / "pubs.bib").write_text("".join(entry % (i, i) for i in range(count)), encoding="utf-8")
        (folder / "cv.yaml").write_text("name: Ada Lovelace\nbibliography: pubs.bib\nsections:\n"
                                        "  - title: P\n    publications: {keys: [k5]}\n", encoding="utf-8")
        gc.collect()
        gc.disable()  # the algorithm's cost, not the collector's: in a long test process, full
        try:          # collections over everything earlier tests left grow with the heap
            start = time.process_time()
            checked = check(folder / "cv.yaml")
            shown = render_all(checked.problems.warnings)
            spent = time.process_time() - start
        finally:
            gc.enable()
        assert len(shown) == count - 1 and "entry 'k0' is not listed" in shown[0]
        return spent

    cpu_seconds(100)  # warm the imports and caches
    assert cpu_seconds(3000) / cpu_seconds(750) < 8

def test_one_build_for_the_command_and_the_library(cv_dir: Path) -> None:
    """`pipeline.build(BuildOptions)` is what `cvgen build` runs: a recorded library build
    leaves the stamp the command's no-op path trusts, and streams its stages as they start."""
    from cvgen.typeset.stamp import Stamp
    from cvgen.pipeline import BuildOptions, build
    from cvgen.pipeline.progress import Progress

    out = cv_dir.parent / "out" / "cv.pdf"
    lines: list[str] = []
    options = BuildOptions(cv_dir / "cv.yaml", out, formats=("html", "md"), theme="modern", verbose=True,
                           record=True)
    built = build(options, progress=Progress(verbose=True, echo=lines.append))
    assert built.written == [str(out.with_suffix(".html")), str(out.with_suffix(".md"))] and built.result is None
    starts = [line for line in lines if line.endswith(" ...")]
    assert [s.split(" s  ", 1)[1] for s in starts][:2] == [f"checking {cv_dir / 'cv.yaml'} ...", "enriching ..."]
    assert Stamp(cv_dir / "cv.yaml", out, formats=("html", "md"), theme="modern").up_to_date() is not None
    again = subprocess.run([sys.executable, "-m", "cvgen", "build", str(cv_dir / "cv.yaml"), "-o", str(out),
                            "--format", "html,md", "--theme", "modern"], capture_output=True, text=True)
    assert again.returncode == 0 and "up to date" in again.stdout, again.stdout + again.stderr
