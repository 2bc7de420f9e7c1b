"""Build stamps: a rebuild with nothing changed returns in milliseconds, without TeX.

After a successful build, `BuildCache.save` writes `.cvgen/<name>.stamp.json` in the output
folder: a SHA-256 of every file the build read (cv.yaml, the .bib and venue files it names,
the theme, shipped venue data, cvgen's own code), the listings of the theme and data folders,
the options (cv path, output path, engine, strict, cvgen version, SOURCE_DATE_EPOCH,
CVGEN_THEME_DIR), the TeX installation's identity (engine binary, base format) and the
digests of the PDF, .tex and .log it wrote. The files read are noted as they are opened
(an audit hook while the build runs), so an input added to cv.yaml later (another .bib) is
covered without this module knowing about it, and each is hashed as it is read.

`BuildCache.up_to_date` compares all of that with the disk using only the standard library
(no YAML, model, PyLaTeX or TeX). Any difference, a missing or unreadable stamp, or a
PDF whose bytes are not the ones recorded means a full build. A failed build leaves the
stamp alone: it still describes the PDF on disk, which the failed build did not touch.

`BuildCache.recording` also starts TeX early on the last build's precompiled preamble
(`compile.prestart`), so TeX loads it while Python imports and renders.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator  # not `typing`: it costs milliseconds on the no-op path
from contextlib import contextmanager
from pathlib import Path

from . import DEFAULT_CV, DEFAULT_PDF, ENGINES, __version__

STAMP_VERSION = 2
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.join(PACKAGE_DIR, "data")
_ENV_KEYS = ("SOURCE_DATE_EPOCH", "CVGEN_THEME_DIR")
_SKIP_PREFIXES = ("/proc/", "/sys/", "/dev/")
_SKIP_SUFFIXES = (".py", ".pyc", ".so", ".pth")

_reads: dict[str, str | None] | None = None  # path -> digest, while a build is recording
_skip: tuple[str, ...] = ()
_hooked = False
_busy = False


def file_digest(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


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


def _audit(event: str, args: tuple[object, ...]) -> None:
    """Note (and hash) every file opened for reading while a build records."""
    global _busy
    if event != "open" or _reads is None or _busy:
        return
    path, mode, flags = args
    if isinstance(path, int) or path is None:
        return
    if isinstance(mode, str):
        if any(c in mode for c in "wax+"):
            return
    elif isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR):
        return
    try:
        path = os.path.abspath(os.fsdecode(os.fspath(path)))
    except (TypeError, ValueError):
        return
    if path in _reads or path.endswith(_SKIP_SUFFIXES) or path.startswith(_skip) \
            or "/__pycache__/" in path or not os.path.isfile(path):
        return
    _busy = True
    try:
        _reads[path] = file_digest(path)
    finally:
        _busy = False


def _settings(cv: str) -> tuple[str, str]:
    """(engine, paper) as cv.yaml sets them, for an early guess; defaults when unsure."""
    try:
        import yaml

        with open(cv, encoding="utf-8") as f:
            data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        settings = data.get("settings") or {}
        engine, paper = settings.get("engine", "pdflatex"), settings.get("paper", "a4")
    except Exception:  # noqa: BLE001 - a guess only; the pipeline reports real problems
        return "pdflatex", "a4"
    return (engine if engine in ENGINES else "pdflatex"), (paper if paper in ("a4", "letter") else "a4")


class BuildCache:
    """The stamp of the last successful `cvgen build CV -o PDF`."""

    def __init__(self, cv_path: Path, pdf: Path, engine: str | None = None, strict: bool = False) -> None:
        self.cv = os.path.abspath(cv_path)
        self.pdf = os.path.abspath(pdf)
        out_dir = os.path.dirname(self.pdf)
        self.stem = os.path.splitext(os.path.basename(self.pdf))[0]
        self.work = os.path.join(out_dir, ".cvgen")
        self.path = os.path.join(self.work, f"{self.stem}.stamp.json")
        self.outputs = [self.pdf, os.path.join(out_dir, self.stem + ".tex"), os.path.join(out_dir, self.stem + ".log")]
        self.options = {"cvgen": __version__, "stamp": STAMP_VERSION, "cv": self.cv, "pdf": self.pdf,
                        "engine": engine, "strict": bool(strict), "python": sys.version,
                        "env": {k: os.environ.get(k) for k in _ENV_KEYS}}
        self.stamp: dict[str, object] | None = None

    # --- checking ---------------------------------------------------------------------

    def _load(self) -> dict[str, object] | None:
        try:
            with open(self.path, encoding="utf-8") as f:
                stamp = json.load(f)
        except (OSError, ValueError):
            return None
        return stamp if isinstance(stamp, dict) else None

    def up_to_date(self) -> list[str] | None:
        """The warnings of the build that made the PDF if nothing changed since; else None."""
        try:
            return self._up_to_date()
        except Exception:  # noqa: BLE001 - any doubt means a real build
            return None

    def _up_to_date(self) -> list[str] | None:
        self.stamp = stamp = self._load()
        if stamp is None or stamp.get("options") != self.options:
            return None
        if any(_stat(entry[0]) != entry for entry in stamp["stats"]):
            return None
        if stamp.get("engine_exe") != _which(stamp.get("engine", "")):
            return None
        for folder, names in stamp["listings"].items():
            if _listing(folder) != names:
                return None
        for path, digest in stamp["files"].items():
            if digest is None or file_digest(path) != digest:
                return None
        for path, digest in stamp["outputs"].items():
            if file_digest(path) != digest:
                return None
        return list(stamp.get("warnings", []))

    # --- recording --------------------------------------------------------------------

    @contextmanager
    def recording(self) -> Iterator[None]:
        """Note every file the build reads; start TeX early when the last build allows."""
        global _reads, _skip, _hooked
        if not _hooked:
            sys.addaudithook(_audit)
            _hooked = True
        prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix}
        _skip = tuple(p.rstrip("/") + "/" for p in prefixes) + _SKIP_PREFIXES + (self.work + "/",)
        _reads = {}
        from . import compile as tex

        stamp = self.stamp or self._load()
        engine, guess = self.options["engine"], None
        if stamp is None:  # no build yet: guess the preamble from the settings in cv.yaml
            settings_engine, paper = _settings(self.cv)
            engine, guess = engine or settings_engine, tex.default_preamble(paper)
        try:
            tex.prestart(Path(self.pdf), engine or stamp.get("engine") or "pdflatex", guess)
            yield
        finally:
            self.reads, _reads = _reads, None
            tex.cancel_prestart()

    def save(self, engine: str, warnings: list[str]) -> bool:
        """Write the stamp after a successful build; False if the build cannot be vouched for."""
        from . import compile as tex

        published = tex.PUBLISHED.get(str(Path(self.pdf).resolve()))
        if published is None or file_digest(self.pdf) != published:
            self.remove()  # another build replaced the PDF meanwhile: no claim about it
            return False
        files = dict(getattr(self, "reads", {}))
        for name in sorted(os.listdir(PACKAGE_DIR)):
            if name.endswith(".py"):
                path = os.path.join(PACKAGE_DIR, name)
                files.setdefault(path, file_digest(path))
        theme = str(tex.theme_dir().resolve())
        for name in _listing(theme) or []:
            path = os.path.join(theme, name)
            if os.path.isfile(path):
                files.setdefault(path, file_digest(path))
        files.pop(self.cv, None)
        files[self.cv] = (getattr(self, "reads", {}) or {}).get(self.cv) or file_digest(self.cv)
        stats = [_stat(path) for path in tex.identity_files(engine, Path(self.pdf))]
        click = sys.modules.get("click")
        if click is not None and getattr(click, "__file__", None):  # installed packages changed?
            stats.append(_stat(os.path.dirname(os.path.dirname(os.path.abspath(click.__file__)))))
        stamp = {
            "options": self.options,
            "engine": engine,
            "engine_exe": _which(engine),
            "stats": stats,
            "listings": {theme: _listing(theme), DATA_DIR: _listing(DATA_DIR), PACKAGE_DIR: _listing(PACKAGE_DIR)},
            "files": files,
            "outputs": {path: file_digest(path) for path in self.outputs},
            "warnings": warnings,
        }
        stamp["outputs"][self.pdf] = published
        os.makedirs(self.work, exist_ok=True)
        tmp = f"{self.path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(stamp, f, indent=0)
        os.replace(tmp, self.path)
        return True

    def remove(self) -> None:
        try:
            os.unlink(self.path)
        except OSError:
            pass


# --- `cvgen build` before click is imported -------------------------------------------------



def parse_build_args(args: list[str]) -> tuple[str, str, str | None, bool] | None:
    """(cv, pdf, engine, strict) for the plain forms of `cvgen build` arguments; None for
    anything else (help, errors, unusual forms), which click then handles as usual."""
    cv = pdf = engine = None
    strict = False
    i = 0
    while i < len(args):
        arg = args[i]
        value = None
        for short, long in (("-o", "--output"), (None, "--engine")):
            if arg == long or arg == short:
                if i + 1 >= len(args):
                    return None
                value, i = args[i + 1], i + 1
            elif arg.startswith(long + "="):
                value = arg[len(long) + 1:]
            elif short and arg.startswith(short) and len(arg) > 2:
                value = arg[2:]
            else:
                continue
            if not value or (long == "--output" and pdf is not None) or (long == "--engine" and engine is not None):
                return None
            if long == "--output":
                pdf = value
            elif value in ENGINES:
                engine = value
            else:
                return None
            break
        else:
            if arg == "--strict":
                strict = True
            elif arg.startswith("-") or cv is not None:
                return None
            else:
                cv = arg
        i += 1
    return cv or DEFAULT_CV, pdf or DEFAULT_PDF, engine, strict


def exit_if_up_to_date(args: list[str]) -> None:
    """`cvgen build ARGS` when nothing changed: print what the command would and exit 0.

    Called by cli.py before it imports click, so a no-op costs Python's start-up and a few
    file hashes; any doubt returns and the command runs normally (and checks again).
    """
    parsed = parse_build_args(args)
    if parsed is None:
        return
    cv, pdf, engine, strict = parsed
    warnings = BuildCache(Path(cv), Path(pdf), engine=engine, strict=strict).up_to_date()
    if warnings is None:
        return
    for line in warnings:
        sys.stderr.write(line + "\n")
    sys.stdout.write(f"cvgen: {Path(pdf)} is up to date\n")
    sys.stdout.flush()
    raise SystemExit(0)
