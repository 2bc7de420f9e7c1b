"""`cvgen new`: a small, valid CV repository to start from (cv.yaml, .bib, venues, CI).

The starter is written into a temporary folder beside the target, checked by cvgen's own
validator, and only then renamed into place: a failed `new` leaves nothing behind, and it
never writes over an existing file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

STARTER = Path(__file__).parent.parent / "data" / "starter"
# The GitHub Action the starter's workflow uses: this repository's action.yml, where cvgen is
# published. A fork passes its own with `cvgen new --action OWNER/REPO@REF`.
DEFAULT_ACTION = "cvgen/cvgen@main"
FILES = {  # starter template -> path in the new folder
    "cv.yaml": "cv.yaml",
    "publications.bib": "publications.bib",
    "venues.yaml": "venues.yaml",
    "gitignore": ".gitignore",
    "workflow.yml": ".github/workflows/cv.yml",
    "README.md": "README.md",
}
MAX_NAME_CHARS = 200  # a person's full name; past this it is a mistake (or an attack), not a name
# OWNER/REPO[/PATH]@REF as GitHub reads a `uses:` line; nothing else reaches the workflow file.
ACTION = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}(?:/[A-Za-z0-9._-]+)*@[A-Za-z0-9._/-]{1,200}")


class StarterError(Exception):
    """The folder cannot be created (exists and is not empty, or cannot be written)."""


def check_name(name: str) -> str:
    """The person's name, stripped; a ValueError says what is wrong with it (it goes into
    cv.yaml, the .bib and the folder name, so no control or line-breaking characters)."""
    name = name.strip()
    if not name:
        raise ValueError('give your full name, e.g. cvgen new "Ada Lovelace"')
    if len(name) > MAX_NAME_CHARS:
        raise ValueError(f"the name has {len(name)} characters; a full name has at most {MAX_NAME_CHARS}")
    for ch in name:
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise ValueError(f"the name holds the control character U+{ord(ch):04X}; type the name on one line")
    return name


def check_action(action: str) -> str:
    """`--action` as OWNER/REPO@REF (or OWNER/REPO/PATH@REF): it is written into the workflow
    file, so anything else (a newline would add steps) is refused."""
    if not ACTION.fullmatch(action):
        raise ValueError(f"{action!r} is not OWNER/REPO@REF (e.g. you/cvgen@main)")
    return action


def folder_for(name: str) -> Path:
    """A folder name from a person's name, in the current folder: letters and digits only,
    joined by '-' ('AC/DC Fan' -> ac-dc-fan-cv, '../../x' -> x-cv); a ValueError when nothing
    is left (then the folder must be given)."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", name).lower())
    if not words:
        raise ValueError(f"cannot make a folder name from {name!r}; give the folder: cvgen new NAME FOLDER")
    return Path("-".join(words)[:80].strip("-") + "-cv")


def _yaml_text(value: str) -> str:
    """`value` as a YAML scalar that reads back exactly (a JSON string is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _bibtex_name(name: str) -> str:
    """A full name as BibTeX reads it back whole: special characters braced away."""
    return "".join("{\\&}" if ch == "&" else ch for ch in name if ch not in "{}")


def render(name: str, action: str, theme: str = "classic", locale: str = "en") -> dict[str, str]:
    """The starter's files, relative path -> text; cv.schema.json (what editors complete and
    check cv.yaml with) is the installed cvgen's own."""
    from cvgen.pipeline import json_schema

    values = {"<<NAME>>": _yaml_text(name), "<<AUTHOR>>": _bibtex_name(name), "<<ACTION>>": action,
              "<<THEME>>": theme, "<<LOCALE>>": locale}
    files = {}
    for template, target in FILES.items():
        text = (STARTER / template).read_text(encoding="utf-8")
        for marker, value in values.items():
            text = text.replace(marker, value)
        files[target] = text
    files["cv.schema.json"] = json.dumps(json_schema("cv"), indent=2, ensure_ascii=False) + "\n"
    return files


def create(name: str, folder: Path, action: str = DEFAULT_ACTION,
           validate: Callable[[Path], None] | None = None, theme: str = "classic", locale: str = "en") -> list[Path]:
    """Write the starter into `folder` (new, or empty); returns the files written.

    `validate(cv_yaml)` runs on the staged copy before it is moved into place; whatever it
    raises leaves nothing behind."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StarterError(f"{folder} already exists and is not empty; choose a new folder (nothing was written)")
    parent = folder.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    except OSError as exc:
        raise StarterError(f"cannot create {folder}: {exc.strerror or exc}") from None
    try:
        for relative, text in render(check_name(name), check_action(action), theme, locale).items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if validate is not None:
            validate(staging / "cv.yaml")
        staging.chmod(0o777 & ~_umask())
        if folder.exists():
            folder.rmdir()  # empty, checked above; rename needs the name free
        os.rename(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise StarterError(f"cannot create {folder}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(folder / relative for relative in [*FILES.values(), "cv.schema.json"])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
