"""The CI workflow that publishes the PDF: valid GitHub Actions syntax, the right steps, and its
own shell steps really working as a non-root GitHub runner would run them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "cv.yml"
RUNNER = "cvgen-ci"  # the non-root user that plays the GitHub runner
RUNNER_PATH = "/usr/local/bin:/usr/bin:/bin"


def _flow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_matches_the_github_schema() -> None:
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    result = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pdf_is_built_and_uploaded_even_when_a_test_fails() -> None:
    flow = _flow()
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on` as true
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    pdf, test = flow["jobs"]["pdf"], flow["jobs"]["test"]
    assert "needs" not in pdf and not any("make test" in s.get("run", "") for s in pdf["steps"])
    runs = [s.get("run", "") for s in pdf["steps"]]
    assert any("make pdf" in r for r in runs) and "texlive-fonts-extra" not in " ".join(runs)
    upload = next(s for s in pdf["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "build/cv.pdf" and upload["if"] == "always()"
    release = next(s for s in pdf["steps"] if s.get("uses", "").startswith("softprops/action-gh-release@"))
    assert "refs/tags/v" in release["if"] and release["with"]["files"] == "build/cv.pdf"
    assert any(s.get("run", "") == "make test" for s in test["steps"])


def test_one_list_of_debian_packages() -> None:
    """Every Debian package is named in scripts/ensure-tools.sh only: no apt-get elsewhere."""
    for path in [WORKFLOW, ROOT / "Makefile", ROOT / ".ci" / "run"]:
        assert "apt-get" not in path.read_text(encoding="utf-8"), path
    for job in _flow()["jobs"].values():
        setup = [s["run"] for s in job["steps"] if "ensure-tools.sh" in s.get("run", "")]
        assert setup, "every job installs through scripts/ensure-tools.sh"
        caches = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
        assert caches


def test_weekly_job_tests_the_newest_allowed_versions() -> None:
    newest = _flow()["jobs"]["newest"]
    assert "schedule" in newest["if"]
    assert any("UNLOCKED=1" in s.get("run", "") for s in newest["steps"])


def _as_runner(command: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = ["env", "-i", f"HOME=/home/{RUNNER}", f"PATH={RUNNER_PATH}", "CI=true", "LANG=C.UTF-8"]
    return subprocess.run(["sudo", "-u", RUNNER, *env, "bash", "-eo", "pipefail", "-c", command],
                          cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def runner() -> str:
    """A non-root user with password-less sudo, as on a GitHub runner (made here when we are root)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to create the non-root runner user with password-less sudo")
    if not shutil.which("sudo"):
        pytest.skip("sudo is not installed (scripts/ensure-tools.sh --test installs it)")
    if subprocess.run(["id", RUNNER], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--create-home", RUNNER], check=True)
    sudoers = Path("/etc/sudoers.d") / RUNNER
    sudoers.write_text(f"{RUNNER} ALL=(ALL) NOPASSWD:ALL\n", encoding="utf-8")
    sudoers.chmod(0o440)
    return RUNNER


def test_workflow_steps_run_as_a_non_root_runner(runner: str) -> None:
    """The pdf job's shell steps, in order, in a fresh clone, as a user who is not root."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    work = Path(tempfile.mkdtemp(prefix="cvgen-runner-", dir="/tmp"))
    try:
        clone = work / "repo"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)  # actions/checkout
        shutil.chown(work, runner)
        subprocess.run(["chown", "-R", runner, str(clone)], check=True)
        # actions/setup-python: a Python 3.11 on the runner's PATH.
        assert _as_runner("python3 --version", clone).returncode == 0
        for step in _flow()["jobs"]["pdf"]["steps"]:
            if "run" not in step:
                continue
            result = _as_runner(step["run"], clone)
            assert result.returncode == 0, f"step {step.get('name')!r}:\n{result.stdout}\n{result.stderr}"
        # The test job's set-up would find everything it needs, and the upload has its file.
        assert _as_runner("sudo -n true", clone).returncode == 0
        check = _as_runner("scripts/ensure-tools.sh --test", clone)
        assert check.returncode == 0, check.stderr
        upload = next(s for s in _flow()["jobs"]["pdf"]["steps"]
                      if s.get("uses", "").startswith("actions/upload-artifact@"))
        pdf = clone / upload["with"]["path"]
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
        assert pdf.stat().st_uid == int(subprocess.run(["id", "-u", runner], capture_output=True,
                                                       text=True, check=True).stdout)
    finally:
        shutil.rmtree(work, ignore_errors=True)
