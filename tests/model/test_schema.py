"""The generic validator and the JSON Schema it emits: committed, fresh, complete, and in
agreement with the validator on content/."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest

from cvgen.core.errors import Problems
from cvgen.pipeline import json_schema
from cvgen.model.schema import KeyedUnion, Record, doc, validate
from cvgen.core.sources import load_yaml

from ..conftest import CONTENT, ROOT

SCHEMAS = {"cv": ROOT / "schema" / "cv.schema.json", "venues": ROOT / "schema" / "venues.schema.json"}
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


@pytest.mark.parametrize("which", sorted(SCHEMAS))
def test_committed_schema_is_fresh(which: str) -> None:
    committed = json.loads(SCHEMAS[which].read_text(encoding="utf-8"))
    assert committed == json_schema(which), f"schema/{which}.schema.json is stale: run `cvgen schema {which} > {SCHEMAS[which].relative_to(ROOT)}`"


def _properties(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, value in (node.get("properties") or {}).items():
            yield name, value
        for value in node.values():
            yield from _properties(value)
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value)


@pytest.mark.parametrize("which", sorted(SCHEMAS))
def test_every_field_is_described(which: str) -> None:
    schema = json_schema(which)
    found = list(_properties(schema))
    assert len(found) >= (50 if which == "cv" else 6)
    assert all(prop.get("description") for _, prop in found), [name for name, prop in found if not prop.get("description")]
    assert all(d.get("description") for d in schema["$defs"].values())


@pytest.mark.skipif(not CHECK_JSONSCHEMA.exists(), reason="check-jsonschema is a test dependency")
@pytest.mark.parametrize("which", sorted(SCHEMAS))
def test_content_validates_against_the_committed_schema(which: str) -> None:
    result = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMAS[which]), str(CONTENT / f"{which}.yaml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not CHECK_JSONSCHEMA.exists(), reason="check-jsonschema is a test dependency")
def test_schema_rejects_what_the_validator_rejects(tmp_path: Path) -> None:
    cv = tmp_path / "cv.yaml"
    text = (CONTENT / "cv.yaml").read_text(encoding="utf-8")
    for broken in (text.replace("\nname:", "\nnmae:", 1), text.replace("paper: a4", "paper: a5", 1),
                   text.replace("  - title:", "  - colour: red\n    title:", 1)):
        assert broken != text
        cv.write_text(broken, encoding="utf-8")
        result = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMAS["cv"]), str(cv)],
                                capture_output=True, text=True)
        assert result.returncode == 1, broken[:200]


def test_cv_yaml_names_its_schema_for_editors() -> None:
    first = (CONTENT / "cv.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/cv.schema.json"


def test_cvgen_schema_prints_it() -> None:
    command = [str(Path(sys.executable).parent / "cvgen")] if shutil.which("cvgen", path=str(Path(sys.executable).parent)) \
        else [sys.executable, "-m", "cvgen"]
    out = subprocess.run([*command, "schema", "venues"], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == json_schema("venues")


# --- the validator is generic: a model of its own, with a keyed union ------------------------


class Shape(Record):
    """A shape."""


from dataclasses import dataclass  # noqa: E402

_m = dataclass(frozen=True, kw_only=True)


@_m
class Base(Shape):
    """Fields every shape has."""

    label: str | None = doc("A label.", None)


@_m
class Circle(Base):
    """A circle."""

    radius: int = doc("The radius.")


@_m
class Square(Base):
    """A square."""

    side: int = doc("The side.")

    def invariants(self) -> Iterator[tuple[str, str]]:
        if self.side <= 0:
            yield "side", "must be positive"


@_m
class Drawing(Record):
    """A drawing."""

    shapes: list[Annotated[Base, KeyedUnion({"radius": Circle, "side": Square}, "shape")]] = doc("The shapes.")


def _validate(tmp_path: Path, text: str) -> tuple[Any, list[tuple[int, int, str]]]:
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    yaml_doc = load_yaml(path, problems)
    assert yaml_doc is not None
    value = validate(yaml_doc, problems, Drawing)
    return value, [(p.line, p.col, p.message) for p in problems.items]


def test_keyed_union_picks_the_kind_by_its_key(tmp_path: Path) -> None:
    value, problems = _validate(tmp_path, "shapes:\n  - {radius: 2}\n  - {side: 3, label: s}\n")
    assert not problems
    assert value == Drawing(shapes=[Circle(radius=2), Square(side=3, label="s")])


def test_every_problem_at_once_with_positions(tmp_path: Path) -> None:
    value, problems = _validate(tmp_path, "shapes:\n  - {radius: 2, lable: x}\n  - {side: 0}\n  - {}\n  - {radius: 1, side: 1}\n")
    assert value is None
    assert problems == [
        (2, 17, "unknown key 'lable'; did you mean 'label'?"),
        (3, 12, "'side' must be positive"),
        (4, 5, "this shape has no content; give exactly one of: radius, side"),
        (5, 5, "this shape has several content keys (radius, side); give exactly one of: radius, side"),
    ]


def test_json_schema_of_a_keyed_union() -> None:
    from cvgen.model.schema import json_schema as emit

    schema = emit(Drawing, "d", "A drawing.")
    one_of = schema["$defs"]["Drawing"]["properties"]["shapes"]["items"]["oneOf"]
    assert one_of == [{"$ref": "#/$defs/Circle"}, {"$ref": "#/$defs/Square"}]
    assert schema["$defs"]["Circle"]["required"] == ["radius"]
    assert schema["$defs"]["Square"]["additionalProperties"] is False


def test_checked_values_carry_their_places(tmp_path: Path) -> None:
    """Later stages name lines from the values themselves: each mapping knows where it was
    written, and so does every item below it; settings left out point at the top level."""
    from cvgen.model.cv import validate as validate_cv

    cv_file = tmp_path / "cv.yaml"
    cv_file.write_text("name: Ada\nsections:\n  - title: Awards\n    items:\n      - First\n\n      - Second\n"
                       "  - title: Jobs\n    experience:\n      - position: Engineer\n        organization: ACME\n"
                       "        start: 2020-01\n", encoding="utf-8")
    problems = Problems()
    loaded = load_yaml(cv_file, problems)
    assert loaded is not None
    cv = validate_cv(loaded, problems)
    assert cv is not None, problems.items
    awards, jobs = cv.sections
    assert awards.at() == (str(cv_file), 3, 5)
    assert awards.at("items", 1) == (str(cv_file), 7, 9)
    assert jobs.experience[0].at("organization") == (str(cv_file), 11, 23)  # type: ignore[attr-defined]
    assert cv.settings.at("theme")[:2] == (str(cv_file), 1)  # no settings key: the file's top
    assert "origin" not in json.dumps(json_schema("cv"))
