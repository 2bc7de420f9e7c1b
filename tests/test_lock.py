"""The lock files agree with pyproject.toml, and the environment holds exactly what they pin."""

from __future__ import annotations

import os
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)", re.M)


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def _not_for_this_platform(lock: str) -> set[str]:
    """Packages the lock pins under an environment marker that is false here (`os_name == 'nt'`)."""
    from packaging.markers import Marker

    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name) for name, marker in re.findall(r"^([A-Za-z0-9._-]+)==[^ ;\\]+ ; ([^\\\n]+)", text, re.M)
            if not Marker(marker.strip()).evaluate()}


def _direct(lock: str) -> set[str]:
    """The packages the lock pinned because pyproject.toml (or the build file) asked for them."""
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name) for name, via in re.findall(r"^([A-Za-z0-9._-]+)==.*?\n((?:    .*\n)*)", text, re.M)
            if "pyproject.toml" in via or "requirements-build.in" in via}


def _project() -> tuple[list[Requirement], list[Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    build = [Requirement(line) for line in (ROOT / "requirements-build.in").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    run = [Requirement(r) for r in project["dependencies"]] + build
    test = run + [Requirement(r) for r in project["optional-dependencies"]["test"]]
    return run, test


@pytest.mark.parametrize("lock,which", [("requirements.lock", 0), ("requirements-test.lock", 1)])
def test_lock_satisfies_pyproject(lock: str, which: int) -> None:
    wanted = _project()[which]
    pins = _pins(lock)
    for req in wanted:
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} is in pyproject.toml but not in {lock}: run `make lock`"
        assert pins[name] in req.specifier, f"{lock} pins {name}=={pins[name]}, outside {req}: run `make lock`"
    stale = _direct(lock) - {canonicalize_name(r.name) for r in wanted}
    assert not stale, f"{lock} still pins {sorted(stale)} for pyproject.toml, which no longer asks: run `make lock`"


def test_both_locks_pin_shared_packages_alike() -> None:
    run, test = _pins("requirements.lock"), _pins("requirements-test.lock")
    assert {n: v for n, v in run.items() if test.get(n) != v} == {}


@pytest.mark.skipif(bool(os.environ.get("CVGEN_UNLOCKED")), reason="UNLOCKED=1: the newest allowed versions on purpose")
def test_installed_packages_are_exactly_the_lock() -> None:
    """What `make test` installed is what the lock pins (pip freeze = the lock, less cvgen itself)."""
    pins = _pins("requirements-test.lock")
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()
                 if Path(str(getattr(d, "_path", ""))).parent != ROOT}  # the project's own (egg-info) metadata
    installed.pop("cvgen-research", None)
    for tool in ("pip", "setuptools", "wheel"):  # the venv's own; pip freeze leaves them out too
        installed.pop(tool, None)
        pins.pop(tool, None)
    platform_only = _not_for_this_platform("requirements-test.lock")  # e.g. colorama, cffi: Windows only
    assert {n: v for n, v in installed.items() if pins.get(n) != v} == {}
    assert set(pins) - set(installed) <= platform_only
