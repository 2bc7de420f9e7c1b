"""`cvgen doctor` on this machine and on one where an engine is missing (a PATH without it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cvgen import theme_dir
from cvgen.commands.doctor import read_package_list, theme_packages

ROOT = Path(__file__).resolve().parent.parent.parent


def _doctor(path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"PATH": path} if path is not None else {})}
    return subprocess.run([sys.executable, "-m", "cvgen", "doctor"], capture_output=True, text=True, env=env)


def _path_without(tmp_path: Path, *commands: str) -> str:
    """A PATH with every command of this machine's PATH but `commands`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        for exe in Path(folder).glob("*") if Path(folder).is_dir() else []:
            if exe.name not in commands and not (bin_dir / exe.name).exists():
                (bin_dir / exe.name).symlink_to(exe)
    return str(bin_dir)


def test_doctor_on_this_machine() -> None:
    result = _doctor()
    assert result.returncode == 0, result.stdout
    assert "Engines: pdflatex ok, lualatex ok, xelatex ok" in result.stdout
    assert "The default build (pdflatex) works on this machine." in result.stdout
    assert "MISSING texlive" not in result.stdout


def test_doctor_without_luaotfload_names_the_package(tmp_path: Path) -> None:
    """lualatex on PATH is not enough (texlive-latex-base ships the command): a TeX without
    texlive-luatex's luaotfload (a LUAINPUTS that hides it) is a lualatex that cannot build."""
    (tmp_path / "lua").mkdir()
    env = {**os.environ, "LUAINPUTS": str(tmp_path / "lua")}
    result = subprocess.run([sys.executable, "-m", "cvgen", "doctor"], capture_output=True, text=True, env=env)
    assert result.returncode == 0  # the default build still works
    assert "lualatex MISSING" in result.stdout
    assert "MISSING texlive-luatex (no luaotfload-main.lua)" in result.stdout
    command = next(line for line in result.stdout.splitlines() if "apt-get install" in line)
    assert "texlive-luatex" in command.split() and "texlive-latex-base" not in command.split()


def _proof_files(proof: str) -> list[str]:
    """The files on this machine that make `proof` true (cmd: its first, Debian, command)."""
    if proof.startswith("cmd:"):
        found = shutil.which(proof[4:].split("|")[0])
        return [found] if found else []
    if proof.startswith("font:"):
        listed = subprocess.run(["fc-list", proof[5:], "file"], capture_output=True, text=True).stdout
        return [line.rstrip().rstrip(":") for line in listed.splitlines() if line.strip()]
    found = subprocess.run(["kpsewhich", proof], capture_output=True, text=True).stdout.strip()
    return [found] if found else []


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="dpkg -S needs a Debian system")
@pytest.mark.parametrize("package", read_package_list(), ids=lambda p: p.name)
def test_every_proof_is_a_file_of_that_very_package(package) -> None:  # type: ignore[no-untyped-def]
    """A proof another package ships (lualatex comes with texlive-latex-base) would call the
    package installed on a fresh machine where it is not: every file a proof finds belongs to
    the package of its row, as dpkg says."""
    for proof in package.proofs:
        files = _proof_files(proof)
        assert files, f"{proof} is not on this machine: install {package.name} (make tools-test)"
        for file in files:
            owners = subprocess.run(["dpkg", "-S", file], capture_output=True, text=True)
            names = {name.strip() for line in owners.stdout.splitlines() for name in line.split(":")[0].split(",")}
            assert names == {package.name}, f"{proof} ({file}) is shipped by {names or 'no package'}, not {package.name}"


def test_doctor_without_pdflatex_says_the_default_build_cannot_work(tmp_path: Path) -> None:
    result = _doctor(_path_without(tmp_path, "pdflatex"))
    assert result.returncode == 1
    assert "cannot work" in result.stdout and "texlive-latex-base" in result.stdout.split("apt-get install")[-1]


def test_theme_packages_are_read_from_the_class() -> None:
    styles = theme_packages(theme_dir())["cvgen"]
    assert {"lastpage.sty", "needspace.sty", "enumitem.sty", "hyperref.sty"} <= set(styles)
    # a package the theme folder ships (cvgen-icons.sty) is read, not looked for in TeX Live
    assert "cvgen-icons.sty" not in styles and "l3draw.sty" in styles


def test_ensure_tools_installs_from_the_same_list() -> None:
    """scripts/ensure-tools.sh and doctor share cvgen/data/debian-packages.tsv: one list."""
    printed = subprocess.run(["bash", str(ROOT / "scripts" / "ensure-tools.sh"), "--test", "--print"],
                             capture_output=True, text=True, check=True).stdout.split()
    assert printed == [p.name for p in read_package_list()]
    assert "texlive-fonts-extra" not in printed
    pdf_only = subprocess.run(["bash", str(ROOT / "scripts" / "ensure-tools.sh"), "--print"],
                              capture_output=True, text=True, check=True).stdout.split()
    assert pdf_only == [p.name for p in read_package_list() if p.needed_for == "pdf"]


def test_ensure_tools_as_a_user_without_sudo_prints_the_exact_command(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to run the script as another user")
    shared = Path(tempfile.mkdtemp(prefix="cvgen-doctor-", dir="/tmp"))  # pytest's tmp is root's only
    shared.chmod(0o755)
    path = _path_without(shared, "sudo")
    (shared / "lua").mkdir()  # a TeX without texlive-luatex: lualatex is on PATH, luaotfload is not
    # The checkout may be private to root (a fresh clone in a mkdtemp folder): copy what the script reads.
    for relative in ("scripts/ensure-tools.sh", "cvgen/data/debian-packages.tsv"):
        (shared / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, shared / relative)
        (shared / relative).parent.chmod(0o755)
    script = shared / "scripts" / "ensure-tools.sh"
    result = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                             "env", f"PATH={path}", f"LUAINPUTS={shared / 'lua'}", "bash", str(script), "--test"], capture_output=True, text=True)
    shutil.rmtree(shared)
    assert result.returncode == 1
    assert "sudo apt-get install -y --no-install-recommends texlive-luatex sudo" in result.stderr


def test_every_shipped_theme_needs_only_proven_packages() -> None:
    """Each theme's \\RequirePackage is a file some row of debian-packages.tsv proves (or one the
    classic theme already needs), so `make pdf` installs what every theme loads."""
    proven = {proof for p in read_package_list() for proof in p.proofs}
    themes = theme_packages(theme_dir())
    assert {"cvgen", "cvgen-modern", "cvgen-compact", "cvgen-sidebar"} <= set(themes)
    for name, styles in themes.items():
        extra = set(styles) - set(themes["cvgen"])
        assert extra <= proven, (name, extra - proven)
