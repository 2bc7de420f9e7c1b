"""Reading files and YAML with positions, with real error messages."""

from __future__ import annotations

from pathlib import Path

from cvgen.errors import Problems
from cvgen.sources import load_yaml, read_text


def test_yaml_positions(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a:\n  b: [1, 2]\n  c: x\n", encoding="utf-8")
    problems = Problems()
    doc = load_yaml(path, problems)
    assert doc is not None and doc.data == {"a": {"b": [1, 2], "c": "x"}}
    assert doc.where(("a", "b", 1)) == (2, 10)
    assert doc.where(("a", "c"), key=True) == (3, 3)


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    problems = Problems()
    assert read_text(tmp_path / "nope.bib", problems) is None
    assert "file not found" in problems.errors[0].message
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("name: M\xfcller\n".encode("latin-1"))
    problems = Problems()
    assert load_yaml(bad, problems) is None
    assert (problems.errors[0].line, problems.errors[0].col) == (1, 8)


def _yaml(tmp_path: Path, text: str) -> tuple[object, list[tuple[int, int, str]]]:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    doc = load_yaml(path, problems)
    return (doc.data if doc else None), [(p.line, p.col, p.message) for p in problems.items]


def test_yaml_merge_keys_are_overridden_by_keys_written_out(tmp_path: Path) -> None:
    data, problems = _yaml(tmp_path, "- &b {start: 2020, position: P}\n- <<: *b\n  start: 2021\n"
                                     "- {<<: [*b, {note: n}], position: Q}\n")
    assert not problems
    assert data == [{"start": 2020, "position": "P"}, {"start": 2021, "position": "P"},
                    {"start": 2020, "position": "Q", "note": "n"}]
    _, problems = _yaml(tmp_path, "- <<: {a: 1}\n  b: 2\n  b: 3\n")
    assert problems == [(3, 3, "duplicate key 'b' (first given at line 2); keep only one")]


def test_yaml_values_a_tag_cannot_read_are_problems_not_crashes(tmp_path: Path) -> None:
    _, problems = _yaml(tmp_path, "a: !!float abc\nb: !!bool maybe\nc: !!int 1,000\nd: " + "9" * 5000 + "\n")
    assert [(line, msg.split(";")[0]) for line, _, msg in problems] == [
        (1, "cannot read 'abc' as float"), (2, "cannot read 'maybe' as bool"), (3, "cannot read '1,000' as int"),
        (4, "cannot read '9999999999999999999999999999999999999...' as int")]


def test_yaml_nested_too_deeply_is_a_problem(tmp_path: Path) -> None:
    data, problems = _yaml(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert data is None and "nested too deeply" in problems[0][2]
