"""Installing cvgen as a new user does: the README's commands from `git clone` on, and a wheel
(built from the sdist) in a fresh virtual environment, each followed by `cvgen new` + `cvgen build`.

No network at test time: the locked libraries come from this test run's own environment (the
same lock, already installed), linked into each fresh venv by a .pth line. A plain path line
adds that folder to sys.path after the venv's own site-packages and runs none of its .pth files,
so the checkout's editable cvgen stays invisible and the cvgen that runs is the one installed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import pdf_text

ROOT = Path(__file__).resolve().parent.parent
LOCKED_SITE = Path(sysconfig.get_paths()["purelib"])  # this venv: requirements-test.lock's versions
CLONE_URL = "https://github.com/cvgen/cvgen.git"
LOCKED_INSTALL = "pip install --require-hashes -r requirements.lock"


def _clone(tmp_path: Path) -> Path:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    clone = tmp_path / "cvgen"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)  # the committed tree
    return clone


def _link_locked_libraries(venv: Path) -> None:
    (site,) = (venv / "lib").glob("python3*/site-packages")
    (site / "cvgen-test-locked.pth").write_text(f"{LOCKED_SITE}\n", encoding="utf-8")


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your own CV repository in five minutes", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line.split("  #", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_install_commands_work_as_written(tmp_path: Path) -> None:
    """The README's first block, run by bash line by line, with two stand-ins said here: the
    clone comes from this checkout (not GitHub), and the locked libraries from this test's
    environment (not PyPI). The apt-get line is the machine's set-up (scripts/ensure-tools.sh)."""
    commands = _readme_commands()
    assert commands[0].startswith("sudo apt-get install") and "python3-venv" in commands[0]
    assert f"git clone {CLONE_URL}" in commands and LOCKED_INSTALL in commands
    _clone(tmp_path)  # skips outside a git checkout
    script = ["set -euo pipefail"]
    for command in commands[1:]:
        if command == f"git clone {CLONE_URL}":
            command = f"git clone -q {ROOT} cvgen"
        elif command == LOCKED_INSTALL:
            # The lock replaces the setuptools Python 3.11's venv bundles (65, without bdist_wheel).
            command = (f'pip uninstall -q -y setuptools && echo {LOCKED_SITE} > '
                       '"$(python -c "import sysconfig; print(sysconfig.get_paths()[\'purelib\'])")/locked.pth"')
        script.append(command)
    home, run = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    run.mkdir()
    result = subprocess.run(["bash", "-c", "\n".join(script)], cwd=run, capture_output=True, text=True,
                            env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
                                 "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INDEX": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The default build (pdflatex) works on this machine." in result.stdout
    assert "cvgen: wrote build/cv.pdf" in result.stdout
    assert "Ada Lovelace" in pdf_text(tmp_path / "run" / "ada-cv" / "build" / "cv.pdf")
    used = subprocess.run([str(tmp_path / "run" / "cvgen" / ".venv" / "bin" / "python"), "-c",
                           "import cvgen; print(cvgen.__file__)"], capture_output=True, text=True, check=True,
                          cwd=tmp_path)
    assert Path(used.stdout.strip()).is_relative_to(tmp_path / "run" / "cvgen" / ".venv")  # installed, not the checkout


def test_wheel_from_the_sdist_carries_everything_a_build_reads(tmp_path: Path) -> None:
    """sdist from a clone, wheel from that sdist, the wheel in a fresh venv: `cvgen new` (starter,
    schema, locale table) and `cvgen build` (theme class, venue database) work from it alone."""
    clone = _clone(tmp_path)
    dist = tmp_path / "dist"
    sdist = subprocess.run([sys.executable, "-c", "import sys; from setuptools import build_meta as b; "
                            "print(b.build_sdist(sys.argv[1]))", str(dist)],
                           cwd=clone, capture_output=True, text=True)
    assert sdist.returncode == 0, sdist.stderr
    (sdist_file,) = dist.glob("cvgen_research-*.tar.gz")
    with tarfile.open(sdist_file) as archive:
        # Python 3.11.2 (Debian 12's) has no extraction filters yet; the sdist is the one just built.
        archive.extractall(tmp_path / "unpacked", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    wheel = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "--no-index", "-w", str(dist), str(unpacked)], capture_output=True, text=True)
    assert wheel.returncode == 0, wheel.stderr
    (wheel_file,) = dist.glob("cvgen_research-*.whl")

    names = set(zipfile.ZipFile(wheel_file).namelist())
    tracked = subprocess.run(["git", "ls-files", "latex_templates", "cvgen/data"], cwd=clone, capture_output=True,
                             text=True, check=True).stdout.split()
    shipped = {f"cvgen/{name}" if name.startswith("latex_templates/") else name for name in tracked}
    assert {name for name in shipped if not name.endswith("README.md") or "starter" in name} <= names
    assert {f"cvgen/latex_templates/{cls.name}" for cls in (ROOT / "latex_templates").glob("*.cls")} <= names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    _link_locked_libraries(venv)
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                                "--no-deps", "--no-index", str(wheel_file)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    cvgen = str(venv / "bin" / "cvgen")
    run = tmp_path / "run"
    run.mkdir()
    made = subprocess.run([cvgen, "new", "Ada Lovelace", "ada", "--locale", "de", "--theme", "sidebar"], cwd=run,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    built = subprocess.run([cvgen, "build", "--format", "pdf,html"], cwd=run / "ada", capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    text = pdf_text(run / "ada" / "build" / "cv.pdf")
    assert "Ada Lovelace" in text
    assert "Sept. 2024 – heute" in text  # the German words for the open-ended position (date_format: medium)
    venues = subprocess.run([cvgen, "venues", "OSDI"], cwd=run, capture_output=True, text=True)
    assert venues.returncode == 0 and "OSDI" in venues.stdout, venues.stderr
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import cvgen; print(cvgen.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(venv)
