"""The CI workflow that publishes the PDF: valid GitHub Actions syntax, the right steps, and its
own shell steps really working as a non-root GitHub runner would run them."""

from __future__ import annotations

import os
import re
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


ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")


def _action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def _expanded(job: dict) -> list[tuple[dict, dict[str, str]]]:
    """A job's steps with `uses: ./` (cvgen's own action) replaced by the action's steps, each
    with the action inputs it sees (defaults, then the job's `with:`)."""
    steps: list[tuple[dict, dict[str, str]]] = []
    for step in job["steps"]:
        if step.get("uses") == "./":
            inputs = {name: str(spec.get("default", "")) for name, spec in _action()["inputs"].items()}
            unknown = set(step.get("with", {})) - set(inputs)
            assert not unknown, f"the workflow passes inputs the action does not have: {unknown}"
            inputs.update({k: str(v) for k, v in step.get("with", {}).items()})
            steps += [(inner, inputs) for inner in _action()["runs"]["steps"]]
        else:
            steps.append((step, {}))
    return steps


def _with_inputs(text: str, inputs: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: inputs[m.group(1)], text)


def _evaluate(text: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    """`${{ a || b }}` with a, b each `inputs.NAME` or `steps.ID.outputs.NAME`: all the
    expression language the action's `with:` values use."""
    def value(term: str) -> str:
        term = term.strip()
        return inputs[term[len("inputs."):]] if term.startswith("inputs.") else outputs.get(term, "")

    def alternatives(match: re.Match[str]) -> str:
        return next((v for v in map(value, match.group(1).split("||")) if v), "")

    return re.sub(r"\$\{\{(.*?)\}\}", alternatives, text)


def _step_outputs(step_id: str, github_output: Path) -> dict[str, str]:
    """What a step wrote to $GITHUB_OUTPUT (NAME=value and NAME<<DELIMITER lines)."""
    lines, outputs = github_output.read_text(encoding="utf-8").splitlines(), {}
    while lines:
        line = lines.pop(0)
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter)
            outputs[f"steps.{step_id}.outputs.{name}"] = "\n".join(lines[:end])
            lines = lines[end + 1:]
        elif "=" in line:
            name, text = line.split("=", 1)
            outputs[f"steps.{step_id}.outputs.{name}"] = text
    return outputs


def test_action_matches_the_github_schema() -> None:
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    result = subprocess.run([exe, "--builtin-schema", "vendor.github-actions", str(ACTION)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pdf_is_built_and_uploaded_even_when_a_test_fails() -> None:
    flow = _flow()
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on` as true
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    pdf, test = flow["jobs"]["pdf"], flow["jobs"]["test"]
    steps = _expanded(pdf)
    assert "needs" not in pdf and not any("make test" in s.get("run", "") for s, _ in steps)
    runs = [_with_inputs(s.get("run", ""), i) for s, i in steps]
    assert any("args=(build" in r or "make pdf" in r for r in runs) and "texlive-fonts-extra" not in " ".join(runs)
    upload, inputs = next((s, i) for s, i in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert _evaluate(upload["with"]["path"], inputs, {}) == "build/cv.pdf" and upload["if"].startswith("always()")
    release, inputs = next((s, i) for s, i in steps if s.get("uses", "").startswith("softprops/action-gh-release@"))
    assert "refs/tags/v" in inputs["release"] and "refs/tags/" in release["if"]
    assert any(s.get("run", "") == "make test" for s in test["steps"])


def test_one_list_of_debian_packages() -> None:
    """Every Debian package is named in scripts/ensure-tools.sh only: no apt-get elsewhere."""
    for path in [WORKFLOW, ACTION, ROOT / "Makefile", ROOT / ".ci" / "run"]:
        assert "apt-get" not in path.read_text(encoding="utf-8"), path
    for job in _flow()["jobs"].values():
        steps = [s for s, _ in _expanded(job)]
        assert any("ensure-tools.sh" in s.get("run", "") for s in steps), "every job installs through it"
        assert any(s.get("uses", "").startswith("actions/setup-python@") for s in steps)
    test = _flow()["jobs"]["test"]["steps"]
    python = next(s for s in test if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip" and "lock" in python["with"]["cache-dependency-path"]


def test_weekly_job_tests_the_newest_allowed_versions() -> None:
    newest = _flow()["jobs"]["newest"]
    assert "schedule" in newest["if"]
    assert any("UNLOCKED=1" in s.get("run", "") for s in newest["steps"])


def _as_runner(command: str, cwd: Path, timeout: float = 600,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`command` as GitHub runs a `run:` step: bash -e, as the runner user, with a clean environment."""
    variables = [f"HOME=/home/{RUNNER}", f"PATH={RUNNER_PATH}", "CI=true", "LANG=C.UTF-8"]
    variables += [f"{k}={v}" for k, v in (env or {}).items()]
    return subprocess.run(["sudo", "-u", RUNNER, "env", "-i", *variables, "bash", "-eo", "pipefail", "-c", command],
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
    """The pdf job's shell steps (cvgen's own action among them), in order, in a fresh clone,
    as a user who is not root."""
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
        temp = work / "runner-temp"
        temp.mkdir()
        shutil.chown(temp, runner)
        outputs: dict[str, str] = {}
        for step, inputs in _expanded(_flow()["jobs"]["pdf"]):
            if "run" not in step:
                continue  # actions/setup-python: the runner's python3; uploads are checked below
            github_output = temp / "github-output"
            github_output.write_text("", encoding="utf-8")
            shutil.chown(github_output, runner)
            env = {"GITHUB_ACTION_PATH": str(clone), "RUNNER_TEMP": str(temp), "GITHUB_OUTPUT": str(github_output)}
            env.update({k: _with_inputs(str(v), inputs) for k, v in step.get("env", {}).items()})
            assert "${{" not in "".join(env.values()) + step["run"].replace("${{ inputs.", "")
            result = _as_runner(_with_inputs(step["run"], inputs), clone, env=env)
            assert result.returncode == 0, f"step {step.get('name')!r}:\n{result.stdout}\n{result.stderr}"
            outputs.update(_step_outputs(step.get("id", ""), github_output))
        # The test job's set-up would find everything it needs, and the upload has its file.
        assert _as_runner("sudo -n true", clone).returncode == 0
        check = _as_runner("scripts/ensure-tools.sh --test", clone)
        assert check.returncode == 0, check.stderr
        upload, inputs = next((s, i) for s, i in _expanded(_flow()["jobs"]["pdf"])
                              if s.get("uses", "").startswith("actions/upload-artifact@"))
        uploaded = _evaluate(upload["with"]["path"], inputs, outputs).splitlines()
        assert uploaded == [_with_inputs("${{ inputs.output }}", inputs)]  # the workflow asks for the PDF only
        pdf = clone / uploaded[0]
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
        assert pdf.stat().st_uid == int(subprocess.run(["id", "-u", runner], capture_output=True,
                                                       text=True, check=True).stdout)
    finally:
        shutil.rmtree(work, ignore_errors=True)


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.MULTILINE)


def _starter_workflow(tmp_path: Path) -> Path:
    from cvgen.commands.new import create

    create("Ada Lovelace", tmp_path / "ada", action="me/cvgen@0123456789abcdef0123456789abcdef01234567")
    return tmp_path / "ada" / ".github" / "workflows" / "cv.yml"


def _workflow_files(tmp_path: Path) -> list[Path]:
    return [*sorted((ROOT / ".github" / "workflows").glob("*.yml")), ACTION, _starter_workflow(tmp_path)]


def test_third_party_actions_are_pinned_by_commit_with_the_version_beside(tmp_path: Path) -> None:
    """A tag can be moved to other code; a full commit SHA cannot (GitHub's hardening guide)."""
    for path in _workflow_files(tmp_path):
        for ref, rest in USES.findall(path.read_text(encoding="utf-8")):
            if ref.startswith("./") or "<<" in ref:
                continue
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{path.name}: {ref} is not pinned by commit"
            if not ref.startswith("me/cvgen@"):
                assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", rest), f"{path.name}: {ref} has no '# vX.Y.Z' comment"


def test_checkouts_keep_no_credentials(tmp_path: Path) -> None:
    for path in _workflow_files(tmp_path):
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in flow.get("jobs", {}).values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, path


def test_zizmor_finds_nothing_medium_or_high(tmp_path: Path) -> None:
    """zizmor, GitHub Actions' static analyser (in the test lock), offline, on the workflows, the
    action and the workflow `cvgen new` writes."""
    exe = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    starter = _starter_workflow(tmp_path)
    result = subprocess.run([exe, "--offline", "--no-progress", "--min-severity", "medium", "--format", "plain",
                             str(ROOT / ".github" / "workflows"), str(ACTION), str(starter)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("name, value", [("OUTPUT", "build/cv.pdf\n/etc/passwd"), ("CV", "cv.yaml\r"),
                                         ("FORMATS", "pdf\x1b")])
def test_action_refuses_an_input_with_a_newline(tmp_path: Path, name: str, value: str) -> None:
    """action.yml's build step, run by bash as the runner runs it: nothing reaches GITHUB_OUTPUT."""
    (step,) = [s for s in _action()["runs"]["steps"] if s.get("id") == "build"]
    output = tmp_path / "github-output"
    env = {"PATH": os.environ["PATH"], "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output),
           "CV": "cv.yaml", "OUTPUT": "build/cv.pdf", "FORMATS": "pdf", "THEME": "", "ENGINE": "", "STRICT": "false",
           name: value}
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 1 and "must not hold a newline or control character" in result.stderr
    assert not output.exists()


def test_release_workflow_publishes_only_from_the_owning_repository() -> None:
    """id-token (the OIDC token PyPI trusts) only in the publish job, which runs only in the
    repository that owns the name; the build job checks the files with twine first."""
    path = ROOT / ".github" / "workflows" / "release.yml"
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    assert subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", str(path)]).returncode == 0
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert flow[True] == {"push": {"tags": ["v*"]}} and flow["permissions"] == {}  # `on:` reads as True
    jobs = flow["jobs"]
    assert {name for name, job in jobs.items() if "id-token" in job.get("permissions", {})} == {"publish"}
    assert jobs["publish"]["permissions"] == {"id-token": "write"}
    assert jobs["publish"]["if"] == "github.repository == 'cvgen/cvgen'" and jobs["publish"]["needs"] == "dist"
    runs = " ".join(step.get("run", "") for step in jobs["dist"]["steps"])
    assert "python -m build" in runs and "twine check --strict dist/*" in runs
    assert jobs["publish"]["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
