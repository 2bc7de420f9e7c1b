"""The shape of the package, read from its own imports (docs/architecture.md draws it):
no import cycle, no module over 400 lines, the build half never reaches up into the domain,
the no-op path and `cvgen check` stay light, and nothing works at import time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "cvgen"
MAX_LINES = 400
# Modules over the limit, each with the work that splits it (not this restructuring's to touch).
OVER_LIMIT: dict[str, str] = {}
# The build half: running TeX knows nothing of the CV, its model or its renderers.
BUILD_HALF = {"typeset.texrun", "typeset.texformat", "typeset.compile", "typeset.prestart", "typeset.stamp", "core.safewrite",
              "typeset.runfolder"}
DOMAIN = {"model.cv", "model.schema", "core.sources", "bib.entries", "papers.build", "venues.figures",
          "venues.database", "enrich.enrich", "model.words", "backends.latex", "pipeline", "cli"}


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name below `cvgen` ("bib.parse", "cli")."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts) or "__init__"] = path
    return found


def _imports() -> dict[str, set[str]]:
    """module -> the cvgen modules it imports anywhere (top level, in functions, for types)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and (node.module == "cvgen" or node.module.startswith("cvgen.")):
                base = node.module.removeprefix("cvgen").lstrip(".")
                for alias in node.names:
                    sub = f"{base}.{alias.name}".lstrip(".")
                    found.add(sub if sub in modules else (base or "__init__"))
            elif isinstance(node, ast.Import):
                found.update(a.name.removeprefix("cvgen.") for a in node.names if a.name.startswith("cvgen."))
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_no_import_cycle() -> None:
    graph = _imports()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join(path[path.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_no_module_over_the_limit() -> None:
    sizes = {name: len(p.read_text(encoding="utf-8").splitlines()) for name, p in _modules().items()}
    over = {name: n for name, n in sizes.items() if n > MAX_LINES and name not in OVER_LIMIT}
    assert not over, f"modules over {MAX_LINES} lines: {over}"


def test_the_build_half_never_imports_the_domain() -> None:
    graph = _imports()
    for name in BUILD_HALF:
        assert not graph[name] & DOMAIN, f"{name} imports {graph[name] & DOMAIN}"
    # the no-op path: the package root and the file digest (both the standard library only)
    assert graph["typeset.stamp"] <= {"__init__", "core.digest"}, graph["typeset.stamp"]


# The import rules between packages (docs/architecture.md): each package may import itself, the
# packages listed here, and the package root's constants ("__init__": versions, engine names).
ALLOWED = {
    "core": {"core"},
    "typeset": {"typeset", "core"},
    "backends": {"backends", "enrich", "core"},
}


def _package(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_import_rules(package: str) -> None:
    graph = _imports()
    broken = {name: sorted(m for m in targets if m != "__init__" and _package(m) not in ALLOWED[package])
              for name, targets in graph.items() if _package(name) == package and "." in name}
    assert {k: v for k, v in broken.items() if v} == {}


# Who may hold the parsed YAML (YamlDoc): its reader, the validator, and the check stage that
# runs it (cv.yaml, venues.yaml). Every later stage names lines from the values' own `origin`.
READS_YAML = {"core.sources", "model.schema", "model.cv", "pipeline.checking", "venues.figures"}


def test_no_stage_after_check_receives_the_parsed_yaml() -> None:
    holders = {name for name, path in _modules().items() if "YamlDoc" in path.read_text(encoding="utf-8")}
    assert holders <= READS_YAML, holders - READS_YAML


def test_nothing_runs_at_import_time() -> None:
    """No atexit hook, audit hook or module-level process state anywhere in the package."""
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "atexit" not in text and "addaudithook" not in text, path.name
        for node in ast.parse(text).body:  # module level: constants only, no mutable containers of state
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, (ast.Dict, ast.List, ast.Set)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                assert all(n.isupper() or n.startswith("__") for n in names), f"{path.name}: module-level mutable {names}"


def _imported_modules(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "cvgen", *args], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


def test_check_imports_neither_pylatex_nor_the_tex_runner() -> None:
    modules = _imported_modules("check", "content/cv.yaml")
    assert "cvgen.pipeline" in modules
    heavy = {m for m in modules if m.split(".")[0] == "pylatex" or m.startswith(("cvgen.backends", "cvgen.typeset."))
             and m != "cvgen.typeset" or m == "cvgen.pipeline.building"}
    assert not heavy, heavy


def test_help_imports_no_pipeline() -> None:
    modules = _imported_modules("--help")
    assert not {m for m in modules if m in ("cvgen.pipeline", "cvgen.model.cv", "yaml") or m.startswith("pylatex")}


def test_every_package_is_installed() -> None:
    """A package folder missing from pyproject's list works in the editable checkout and is
    absent from a wheel (cvgen.pipeline was, once)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found - listed == set()


def test_a_format_is_one_backend_module_and_one_registry_line() -> None:
    """cvgen.TEXT_BACKENDS is the one table: the CLI's formats, the stamp's outputs and the
    pipeline's backends all read it."""
    import importlib

    from cvgen import FORMATS, TEXT_BACKENDS, TEXT_SUFFIXES
    from cvgen.pipeline.building import BACKENDS

    assert set(FORMATS) == {"pdf", "png"} | set(TEXT_BACKENDS) == {"pdf", "png"} | set(TEXT_SUFFIXES) | set(BACKENDS)
    for name, (suffix, module) in TEXT_BACKENDS.items():
        assert suffix == "." + name or name == "md" and suffix == ".md"
        assert callable(importlib.import_module(module).render), module
