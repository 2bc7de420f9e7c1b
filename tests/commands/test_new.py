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
        "cv.yaml", "publications.bib", "venues.yaml", ".gitignore", ".github/workflows/cv.yml", "cv.schema.json"}
    built = _cvgen("build", "cv.yaml", cwd=folder)
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
    refused = _cvgen("new", "Ada Lovelace", "ada2", "--theme", "fancy", cwd=tmp_path)
    assert refused.returncode == 2 and not (tmp_path / "ada2").exists()


def test_new_offers_exactly_the_shipped_themes() -> None:
    from cvgen.cli import new
    from cvgen.model.settings import THEMES

    (option,) = [p for p in new.params if p.name == "theme"]
    assert tuple(option.type.choices) == THEMES
