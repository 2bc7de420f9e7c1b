"""Which LaTeX class a CV's `theme` names, and the files it needs in TeX's work folder.

The shipped themes are classes in latex_templates/ (classic is `cvgen.cls`, the others
`cvgen-NAME.cls`, which load it and restyle it); a theme of the user's own is a folder beside
cv.yaml holding one .cls (and any .sty it needs), copied into the work folder at each build.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from cvgen.model.settings import THEMES

THEME_SUFFIXES = (".cls", ".sty", ".tex", ".def", ".fd")


@dataclass(frozen=True)
class Theme:
    """A theme as the build uses it: the class name and, for a user's theme, its files."""

    name: str  # as cv.yaml or --theme wrote it
    cls: str  # the \\documentclass
    files: dict[str, bytes] = field(default_factory=dict)  # user's theme: file name -> bytes

    @property
    def digest(self) -> str:
        """Of the user's files (empty for a shipped theme): part of the preamble, so a changed
        file means another precompiled format."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(name.encode() + b"\0" + self.files[name] + b"\0")
        return h.hexdigest() if self.files else ""


def shipped_class(name: str) -> str:
    return "cvgen" if name == "classic" else f"cvgen-{name}"


def resolve(name: str, base: Path) -> Theme:
    """The theme `name` (a shipped name or a folder relative to `base`); raises ValueError
    with what to do when the folder is not a theme."""
    if name in THEMES:
        return Theme(name, shipped_class(name))
    folder = base / name
    if not folder.is_dir():
        raise ValueError(f"theme folder '{name}' was not found next to the CV; create it with a .cls inside, "
                         f"or use one of {', '.join(THEMES)}")
    classes = sorted(folder.glob("*.cls"))
    if len(classes) != 1:
        raise ValueError(f"theme folder '{name}' must hold exactly one .cls file (found {len(classes)}); "
                         "see latex_templates/README.md for the macros a theme defines")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", classes[0].stem):
        raise ValueError(f"the class '{classes[0].name}' in '{name}' needs a plain name (letters, digits, '-'), "
                         "as \\documentclass reads it; rename the file and its \\ProvidesClass")
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.suffix in THEME_SUFFIXES}
    return Theme(name, classes[0].stem, files)


def theme_inputs(name: str, base: Path) -> list[str]:
    """The user's theme files a build reads (for the no-op stamp); none for a shipped theme."""
    if name in THEMES:
        return []
    folder = base / name
    return [str(p) for p in sorted(folder.iterdir()) if p.is_file() and p.suffix in THEME_SUFFIXES]
