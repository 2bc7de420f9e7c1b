"""No-op builds: a stamp over an explicit list of inputs, checked with the standard library only.

After a successful build, `Stamp.save` writes `.cvgen/<name>.stamp.json` in the output
folder: a SHA-256 of every input the pipeline names (cv.yaml and the .bib and venues.yaml it
points to), of cvgen's own code, shipped venue data and theme, the listings of those three
folders, the options (cv path, output path, engine, strict, cvgen and Python version,
SOURCE_DATE_EPOCH, CVGEN_THEME_DIR), the command's own arguments and folder, the TeX
installation's identity (engine binary, base format) and the digests of the PDF, .tex and
.log it wrote. `Stamp.up_to_date` compares all of that with the disk. Any difference, a
missing or unreadable stamp, or a PDF whose bytes are not the ones recorded means a full
build. A failed build leaves the stamp alone: it still describes the PDF on disk.

This module starts no TeX and parses no YAML. `exit_if_up_to_date` runs before click is
imported (see __main__.py); it trusts a stamp only when it was written by the very same
arguments in the very same folder, so it needs no parser of its own that could disagree
with click's: the arguments only tell it where the stamp would be.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys

from cvgen.core.digest import file_digest
from cvgen import DEFAULT_CV, DEFAULT_PDF, FORMATS, TEXT_SUFFIXES, __version__, output_names, theme_dir

STAMP_VERSION = 4
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA_DIR = os.path.join(PACKAGE_DIR, "data")
# cvgen's code: the package's modules and those of its subpackages (a code change means a build).
CODE_DIRS = (PACKAGE_DIR, *(os.path.join(PACKAGE_DIR, name) for name in
                            ("core", "model", "bib", "venues", "papers", "enrich", "backends", "typeset", "commands",
                             "pipeline")))
_ENV_KEYS = ("SOURCE_DATE_EPOCH", "CVGEN_THEME_DIR")


MAX_STAMP_BYTES = 4 * 2**20
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _stat(path: str) -> list[object]:
    try:
        st = os.stat(path)
    except OSError:
        return [path, None, None]
    return [path, st.st_size, st.st_mtime_ns]


def _listing(folder: str) -> list[str] | None:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return None


def _which(name: str) -> str | None:
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.realpath(candidate)
    return None


def _folder_files(folder: str, suffix: str = "") -> list[str]:
    return [os.path.join(folder, name) for name in _listing(folder) or []
            if name.endswith(suffix) and os.path.isfile(os.path.join(folder, name))]


class Stamp:
    """The stamp of the last successful `cvgen build CV -o PDF`."""

    def __init__(self, cv_path: os.PathLike[str] | str, pdf: os.PathLike[str] | str, engine: str | None = None,
                 strict: bool = False, formats: tuple[str, ...] = ("pdf",), theme: str | None = None,
                 variant: str | None = None, trust_raw_latex: bool = False) -> None:
        self.cv = os.path.abspath(cv_path)
        self.pdf = os.path.abspath(pdf)
        out_dir = os.path.dirname(self.pdf)
        stem = os.path.splitext(os.path.basename(self.pdf))[0]
        # One stamp per set of formats: `--format html` and a PDF build do not undo each other.
        which = "" if tuple(formats) == ("pdf",) else "." + "+".join(formats)
        self.path = os.path.join(out_dir, ".cvgen", f"{stem}{which}.stamp.json")
        self.outputs = [self.pdf, os.path.join(out_dir, stem + ".tex"), os.path.join(out_dir, stem + ".log")] \
            if "pdf" in formats or "png" in formats else []
        self.outputs += [os.path.join(out_dir, stem + TEXT_SUFFIXES[f]) for f in formats if f in TEXT_SUFFIXES]
        self.options = {"cvgen": __version__, "stamp": STAMP_VERSION, "cv": self.cv, "pdf": self.pdf,
                        "formats": list(formats), "engine": engine, "strict": bool(strict), "python": sys.version,
                        **({"theme": theme} if theme else {}), **({"variant": variant} if variant else {}),
                        **({"trust_raw_latex": True} if trust_raw_latex else {}),
                        "env": {k: os.environ.get(k) for k in _ENV_KEYS}}
        self.stamp: dict[str, object] | None = None

    def load(self) -> dict[str, object] | None:
        """The stamp, or None when missing, not a regular file, too large or malformed
        (nested too deeply among them)."""
        try:
            fd = os.open(self.path, _READ_FLAGS)
            with open(fd, "rb") as f:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    return None
                data = f.read(MAX_STAMP_BYTES + 1)
            if len(data) > MAX_STAMP_BYTES:
                return None
            stamp = json.loads(data)
        except (OSError, ValueError, RecursionError):
            return None
        self.stamp = stamp if isinstance(stamp, dict) else None
        return self.stamp

    def last_engine(self) -> str | None:
        """The engine of the build that wrote the stamp (a guess for an early TeX start)."""
        stamp = self.stamp or self.load()
        engine = stamp.get("engine") if stamp else None
        return engine if isinstance(engine, str) else None

    def up_to_date(self, argv: list[str] | None = None) -> list[str] | None:
        """The warnings of the build that made the PDF if nothing changed since; else None.
        With `argv`, the stamp must have been written by these arguments in this folder."""
        try:
            return self._up_to_date(argv)
        except Exception:  # noqa: BLE001 - any doubt means a real build
            return None

    def _up_to_date(self, argv: list[str] | None) -> list[str] | None:
        stamp = self.load()
        if stamp is None:
            return None
        if argv is None:
            if stamp.get("options") != self.options:
                return None
        elif stamp.get("argv") != [os.getcwd(), *argv] or stamp["options"]["env"] != self.options["env"] \
                or stamp["options"]["python"] != sys.version or stamp["options"]["stamp"] != STAMP_VERSION:
            return None
        if any(_stat(entry[0]) != entry for entry in stamp["stats"]):
            return None
        if stamp.get("engine_exe") != _which(stamp.get("engine", "")):
            return None
        for folder, names in stamp["listings"].items():
            if _listing(folder) != names:
                return None
        for path, digest in [*stamp["files"].items(), *stamp["outputs"].items()]:
            if digest is None or file_digest(path) != digest:
                return None
        return list(stamp.get("warnings", []))

    def save(self, inputs: list[str], engine: str, identity: list[str], published: dict[str, str],
             warnings: list[str], argv: list[str] | None = None,
             read: dict[str, str | None] | None = None) -> bool:
        """Write the stamp after a successful build of `inputs` that wrote the files `published`
        (path -> SHA-256: the PDF, PNG pages, HTML ...); False (and no stamp) if any of them on
        disk is no longer what this build wrote. `read`: the digests of inputs as the build read
        them (a file saved since is then recorded as changed, never as the one built from)."""
        published = {os.path.abspath(path): digest for path, digest in published.items()}
        if any(file_digest(path) != digest for path, digest in published.items()):
            self.remove()  # another build replaced an output meanwhile: no claim about it
            return False
        theme = str(theme_dir().resolve())
        files = [os.path.abspath(p) for p in inputs] + [f for d in CODE_DIRS for f in _folder_files(d, ".py")] \
            + _folder_files(DATA_DIR) + _folder_files(theme)
        stats = [_stat(path) for path in identity]
        click = sys.modules.get("click")
        if click is not None and getattr(click, "__file__", None):  # installed packages changed?
            stats.append(_stat(os.path.dirname(os.path.dirname(os.path.abspath(click.__file__)))))
        stamp = {
            "options": self.options,
            "argv": [os.getcwd(), *argv] if argv is not None else None,
            "engine": engine,
            "engine_exe": _which(engine),
            "stats": stats,
            "listings": {theme: _listing(theme), DATA_DIR: _listing(DATA_DIR),
                         **{d: _listing(d) for d in CODE_DIRS}},
            "files": {path: read[path] if read and path in read else file_digest(path) for path in dict.fromkeys(files)},
            "outputs": {path: file_digest(path) for path in self.outputs},
            "warnings": warnings,
        }
        stamp["outputs"].update(published)
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        import tempfile  # not at import: the no-op path never writes, and tempfile costs milliseconds

        fd, tmp = tempfile.mkstemp(prefix=".stamp.", suffix=".tmp", dir=os.path.dirname(self.path))
        try:  # a new file renamed over the stamp: a symlink planted there is replaced, not followed
            with open(fd, "w", encoding="utf-8") as f:
                json.dump(stamp, f, indent=0)
            os.replace(tmp, self.path)
        except BaseException:
            os.unlink(tmp)
            raise
        return True

    def remove(self) -> None:
        try:
            os.unlink(self.path)
        except OSError:
            pass


def variant_pdf(pdf: str, variant: str | None) -> str:
    """build/cv.pdf -> build/cv-short.pdf: each variant's default output of its own."""
    if not variant:
        return pdf
    stem, ext = os.path.splitext(pdf)
    return f"{stem}-{variant}{ext}"


def _output_of(args: list[str]) -> str:
    """Where `cvgen build ARGS` would write, for finding its stamp; wrong guesses only miss."""
    variant = None
    for i, arg in enumerate(args):
        if arg == "--variant" and i + 1 < len(args):
            variant = args[i + 1]
        elif arg.startswith("--variant="):
            variant = arg[len("--variant="):]
    for i, arg in enumerate(args):
        if arg in ("-o", "--output") and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--output="):
            return arg[len("--output="):]
        if arg.startswith("-o") and not arg.startswith("--"):
            return arg[2:]
    return variant_pdf(DEFAULT_PDF, variant)


def up_to_date_line(pdf: str, formats: tuple[str, ...]) -> str:
    names = output_names(pdf, formats)
    return f"cvgen: {', '.join(names)} {'is' if len(names) == 1 else 'are'} up to date"


def _formats_of(args: list[str]) -> tuple[str, ...] | None:
    """The formats `cvgen build ARGS` would make (None: not sure, so no no-op shortcut)."""
    value = "pdf"
    for i, arg in enumerate(args):
        if arg == "--format" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--format="):
            value = arg[len("--format="):]
    names = {name.strip().lower() for name in value.split(",") if name.strip()}
    return tuple(f for f in FORMATS if f in names) if names and names <= set(FORMATS) else None


def exit_if_up_to_date(args: list[str]) -> None:
    """`cvgen build ARGS` when nothing changed: print what the command would and exit 0.

    Called before click is imported, so a no-op costs Python's start-up and a few file
    hashes; any doubt returns and the command runs normally (and checks again).
    """
    if any(arg in ("-h", "--help", "--version") for arg in args):
        return
    if os.path.isfile("cv.yaml") and os.path.isfile(DEFAULT_CV):
        return  # with no CV named the command picks ./cv.yaml; the stamp may be content/cv.yaml's
    pdf = _output_of(args)
    formats = _formats_of(args)
    if not pdf.endswith(".pdf") or formats is None:
        return
    warnings = Stamp(DEFAULT_CV, pdf, formats=formats).up_to_date(argv=args)
    if warnings is None:
        return
    for line in warnings:
        sys.stderr.write(line + "\n")
    from pathlib import Path

    sys.stdout.write(up_to_date_line(str(Path(pdf)), formats) + "\n")
    sys.stdout.flush()
    raise SystemExit(0)
