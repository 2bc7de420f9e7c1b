"""`cvgen doctor`: what this machine has and lacks for each engine, theme and output.

It reads the same list of Debian packages that scripts/ensure-tools.sh installs from
(cvgen/data/debian-packages.tsv) and the packages each theme's class asks for, so the advice
it prints is the exact install command, and it never drifts from what the build needs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

PACKAGE_LIST = Path(__file__).parent.parent / "data" / "debian-packages.tsv"
NEEDED_FOR = {"pdf": "every PDF build (pdflatex)", "unicode": "lualatex and xelatex (Greek, Cyrillic, CJK, symbols)",
              "png": "PNG previews and reading PDFs back", "test": "the test suite"}
# The package without which each engine cannot build (lualatex needs luaotfload, not only the command).
ENGINE_PACKAGES = {"pdflatex": "texlive-latex-base", "lualatex": "texlive-luatex", "xelatex": "texlive-xetex"}
REQUIRED = "pdf"  # without these the default build cannot work


@dataclass
class Package:
    """One Debian package of the list and what it proves to be missing."""

    name: str
    needed_for: str
    proofs: list[str]
    missing: list[str] = field(default_factory=list)


def read_package_list(path: Path = PACKAGE_LIST) -> list[Package]:
    packages = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, needed_for, proofs = line.split("\t")
            packages.append(Package(name, needed_for, proofs.split(";")))
    return packages


def _kpsewhich(files: list[str]) -> set[str]:
    """The files among `files` that TeX can find (one kpsewhich call for all of them)."""
    exe = shutil.which("kpsewhich")
    if exe is None or not files:
        return set()
    found = subprocess.run([exe, *files], capture_output=True, text=True).stdout.split()
    return {Path(f).name for f in found}


def _font_found(pattern: str) -> bool:
    """Whether fontconfig has a font for `pattern` (a family with :style=... so a sibling
    package's fonts of the same family do not count)."""
    exe = shutil.which("fc-list")
    return bool(exe) and bool(subprocess.run([exe, pattern, "file"], capture_output=True, text=True).stdout.strip())


def check_packages(packages: list[Package]) -> None:
    """Fill in each package's `missing` proofs."""
    files = [p for pkg in packages for p in pkg.proofs if not p.startswith(("cmd:", "font:"))]
    found = _kpsewhich(files)
    for pkg in packages:
        for proof in pkg.proofs:
            if proof.startswith("cmd:"):
                ok = any(shutil.which(command) for command in proof[4:].split("|"))
            elif proof.startswith("font:"):
                ok = _font_found(proof[5:])
            else:
                ok = proof in found
            if not ok:
                pkg.missing.append(proof.replace("cmd:", "command ").replace("font:", "font ").replace("|", " or "))


def theme_packages(theme_dir: Path) -> dict[str, list[str]]:
    """For each theme class in `theme_dir`, the .sty files TeX Live must have: those its
    \\RequirePackage lines ask for, and those of the packages the theme folder ships itself
    (cvgen-icons.sty), which are read in turn rather than looked for."""
    themes = {}
    for cls in sorted(theme_dir.glob("*.cls")):
        needed: set[str] = set()
        todo, read = [cls], set()
        while todo:
            source = todo.pop()
            read.add(source.name)
            for sty in _required(source):
                own = theme_dir / sty
                if own.is_file():
                    if sty not in read:
                        todo.append(own)
                else:
                    needed.add(sty)
        themes[cls.stem] = sorted(needed)
    return themes


def _required(source: Path) -> set[str]:
    """The .sty names a class or package's \\RequirePackage / \\usepackage lines name."""
    text = re.sub(r"(?<!\\)%.*", "", source.read_text(encoding="utf-8"))
    names = re.findall(r"\\(?:RequirePackage|usepackage)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}", text)
    return {f"{n.strip()}.sty" for group in names for n in group.split(",") if n.strip()}


def python_packages() -> list[tuple[str, str | None]]:
    """cvgen's own dependencies and the installed version of each (None when missing)."""
    try:
        requires = metadata.requires("cvgen-research") or []
    except metadata.PackageNotFoundError:
        requires = []
    result = []
    for req in requires:
        if "extra ==" in req:
            continue
        name = re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0]
        try:
            result.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            result.append((name, None))
    return result


def report(theme_dir: Path) -> tuple[str, int]:
    """The doctor's text and exit status (1 when the default build cannot work)."""
    lines = [f"cvgen doctor (Python {sys.version.split()[0]})", "", "Python packages:"]
    broken = False
    for name, version in python_packages():
        lines.append(f"  {'ok' if version else 'MISSING':8}{name} {version or ''}".rstrip())
        broken |= version is None
    packages = read_package_list()
    check_packages(packages)
    by_name = {p.name: p for p in packages}
    engines = [f"{e} {'ok' if shutil.which(e) and not by_name[pkg].missing else 'MISSING'}"
               for e, pkg in ENGINE_PACKAGES.items()]
    lines += ["", "Engines: " + ", ".join(engines)]
    for needed_for, purpose in NEEDED_FOR.items():
        lines += ["", f"For {purpose}:"]
        for pkg in (p for p in packages if p.needed_for == needed_for):
            status = "ok" if not pkg.missing else "MISSING"
            lines.append(f"  {status:8}{pkg.name}" + (f" (no {', '.join(pkg.missing)})" if pkg.missing else ""))
            broken |= bool(pkg.missing) and needed_for == REQUIRED
    found_sty = _kpsewhich([s for styles in theme_packages(theme_dir).values() for s in styles])
    for theme, styles in theme_packages(theme_dir).items():
        absent = [s for s in styles if s not in found_sty]
        lines += ["", f"Theme {theme}: " + ("all LaTeX packages found" if not absent else f"MISSING {', '.join(absent)}")]
        broken |= bool(absent)
    missing = [p.name for p in packages if p.missing]
    lines.append("")
    if missing:
        sudo = "" if os.geteuid() == 0 else "sudo "
        lines += ["To install what is missing (Debian's packages):",
                  f"  {sudo}apt-get update && {sudo}apt-get install -y --no-install-recommends {' '.join(missing)}"]
    if broken:
        lines.append("The default build cannot work on this machine until the MISSING items above are installed.")
    else:
        lines.append("The default build (pdflatex) works on this machine.")
    return "\n".join(lines), 1 if broken else 0
