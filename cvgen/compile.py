"""Running TeX ourselves: safe, bounded, atomic, reproducible; TeX errors mapped to entries.

The engine runs in a private work folder next to the output (`.cvgen/` inside the build
folder) with shell escape off, file access limited to that folder (openin/openout
paranoid), stdin closed and a timeout. The previous run's .aux stays there, so a build
whose page count did not change needs one pass; when the .aux changes we run again.
The finished PDF is renamed over the target only when complete: a failed build keeps the
last good PDF byte for byte.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

THEME_DIR = Path(__file__).resolve().parent.parent / "latex_templates"
ENGINES = ("pdflatex", "lualatex", "xelatex")
MAX_PASSES = 4
INSTALL_HINT = (
    "apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended "
    "texlive-latex-extra texlive-fonts-recommended lmodern"
)


class MissingGlyphs(BuildError):
    """TeX printed a document without some characters: no font had them."""

    def __init__(self, message: str, chars: list[str]) -> None:
        super().__init__(message)
        self.chars = chars


@dataclass
class CompileResult:
    pdf: Path
    log: Path
    passes: int


def theme_dir() -> Path:
    override = os.environ.get("CVGEN_THEME_DIR")
    return Path(override) if override else THEME_DIR


def tex_env(source_date_epoch: str | None = None) -> dict[str, str]:
    """The engine's environment: no shell escape, paranoid file access, reproducible dates."""
    env = dict(os.environ)
    env.update({
        "openin_any": "p",
        "openout_any": "p",
        "shell_escape": "f",
        "SOURCE_DATE_EPOCH": source_date_epoch or os.environ.get("SOURCE_DATE_EPOCH", "0"),
        "FORCE_SOURCE_DATE": "1",
        "TEXINPUTS": ".:",
        "max_print_line": "10000",
        "LC_ALL": "C.UTF-8",
    })
    return env


def compile_tex(tex: str, pdf: Path, engine: str = "pdflatex", timeout: float = 120) -> CompileResult:
    """Compile `tex` into `pdf`; on any failure `pdf` is left exactly as it was."""
    if engine not in ENGINES:
        raise BuildError(f"unknown TeX engine '{engine}'; use one of {', '.join(ENGINES)}")
    exe = shutil.which(engine)
    if exe is None:
        raise BuildError(f"the TeX engine '{engine}' is not installed. Install TeX Live with:\n  sudo {INSTALL_HINT}"
                         + ("\n  and for lualatex/xelatex also: sudo apt-get install -y --no-install-recommends "
                            "texlive-luatex texlive-xetex fonts-cmu fonts-noto-cjk fonts-dejavu-core"
                            if engine != "pdflatex" else ""))
    pdf = pdf.resolve()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    work = pdf.parent / ".cvgen" / f"{pdf.stem}-{engine}"
    work.mkdir(parents=True, exist_ok=True)
    with open(work / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two builds into one folder take turns
        return _compile_locked(tex, pdf, work, exe, engine, timeout)


def _compile_locked(tex: str, pdf: Path, work: Path, exe: str, engine: str, timeout: float) -> CompileResult:
    for item in theme_dir().iterdir():
        if item.is_file():
            shutil.copyfile(item, work / item.name)
    (work / "cv.tex").write_text(tex, encoding="utf-8")
    for stale in ("cv.pdf", "cv.log"):
        (work / stale).unlink(missing_ok=True)
    log = pdf.with_suffix(".log")
    passes = 0
    while True:
        before = _digest(work / "cv.aux")
        passes += 1
        _run(exe, work, timeout, tex, log, engine)
        if _digest(work / "cv.aux") == before or passes >= MAX_PASSES:
            break
    _publish(work / "cv.pdf", pdf)
    shutil.copyfile(work / "cv.log", log)
    return CompileResult(pdf, log, passes)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _run(exe: str, work: Path, timeout: float, tex: str, log: Path, engine: str) -> None:
    args = [exe, "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape", "cv.tex"]
    try:
        proc = subprocess.run(args, cwd=work, env=tex_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired:
        (work / "cv.aux").unlink(missing_ok=True)
        raise BuildError(f"{engine} did not finish within {timeout:g} s and was stopped (a loop in the "
                         "document?); the previous PDF is unchanged") from None
    if (work / "cv.log").exists():
        shutil.copyfile(work / "cv.log", log)
    text = (work / "cv.log").read_text(encoding="utf-8", errors="replace") if (work / "cv.log").exists() \
        else proc.stdout.decode("utf-8", errors="replace")
    missing = re.findall(r"Missing character: There is no (\S+?)(?: \(U\+[0-9A-F]+\))? in font (.+?)!", text)
    if proc.returncode != 0 or not (work / "cv.pdf").exists() or missing:
        (work / "cv.aux").unlink(missing_ok=True)  # a broken pass may leave a broken .aux
        if missing and proc.returncode == 0:
            chars = list(dict.fromkeys(ch for ch, _ in missing))
            raise MissingGlyphs(explain_failure(text, tex, log, missing), chars)
        raise BuildError(explain_failure(text, tex, log, missing))


def _publish(built: Path, target: Path) -> None:
    """Copy the finished PDF next to the target under a temporary name, then rename it over."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(built, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def explain_failure(log_text: str, tex: str, log: Path, missing: list[tuple[str, str]]) -> str:
    """TeX's own message, the .tex line, and the YAML entry or BibTeX key that wrote it."""
    from .latex import SOURCE_MARK

    tex_lines = tex.splitlines()
    if missing:
        char = missing[0][0]
        origin = _origin_of_text(char, tex_lines, SOURCE_MARK)
        return (f"the font has no glyph for {char}{origin}; the character would be dropped. "
                "Use engine: lualatex (or --engine lualatex) with a font that has it, or replace the "
                f"character. Full log: {log}")
    theme_error = re.search(r"^(?!(?:\./)?cv\.tex:)(\S+?\.(?:tex|cls|sty|def|fd)):(\d+): (.*)$", log_text, re.M)
    match = re.search(r"^(?:\./)?cv\.tex:(\d+): (.*)$", log_text, re.M)
    if theme_error and (not match or theme_error.start() < match.start()):
        return (f"TeX failed in {theme_error.group(1)} line {theme_error.group(2)} (the theme or a TeX package, not "
                f"your data): {theme_error.group(3).strip()}. Full log: {log}")
    unicode_err = re.search(r"Unicode character (.) \((U\+[0-9A-F]+)\)", log_text)
    if match:
        line = int(match.group(1))
        origin = _origin(line, tex_lines, SOURCE_MARK)
        message = match.group(2).strip()
        if unicode_err:
            return (f"{origin}: the character {unicode_err.group(1)} ({unicode_err.group(2)}) cannot be printed "
                    f"by pdflatex; set 'engine: lualatex' under settings (or --engine lualatex), or replace it. "
                    f"TeX said: {message} (cv.tex line {line}). Full log: {log}")
        return f"{origin}: TeX failed at cv.tex line {line}: {message}. Full log: {log}"
    fatal = re.search(r"^! (.*)$", log_text, re.M)
    what = fatal.group(1) if fatal else "TeX stopped without a PDF"
    return f"TeX failed: {what}. Full log: {log}"


def _origin(line: int, tex_lines: list[str], mark: str) -> str:
    for i in range(min(line, len(tex_lines)) - 1, -1, -1):
        if tex_lines[i].startswith(mark):
            return tex_lines[i][len(mark):].rstrip("%").strip()
    return "the theme (latex_templates)"


def _origin_of_text(char: str, tex_lines: list[str], mark: str) -> str:
    for i, text in enumerate(tex_lines):
        if char in text and not text.startswith(mark):
            return f" (from {_origin(i + 1, tex_lines, mark)})"
    return ""
