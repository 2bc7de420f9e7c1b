"""Reading files and YAML with positions, with real error messages."""

from __future__ import annotations

from pathlib import Path

from cvgen.core.errors import Problems
from cvgen.core.sources import load_yaml, read_text


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


def test_yaml_nested_too_deeply_in_blocks_is_a_problem(tmp_path: Path) -> None:
    text = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1200)) + " " * 2400 + "v: 1\n"
    data, problems = _yaml(tmp_path, text)
    assert data is None and "nested too deeply" in problems[0][2]


def test_yaml_alias_bomb_is_a_problem_not_a_blow_up(tmp_path: Path) -> None:
    """1 KB of nested aliases would expand to 9^10 values: refused after a bounded amount of work."""
    import tracemalloc
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    tracemalloc.start()
    try:
        data, problems = _yaml(tmp_path, "\n".join(lines) + "\n")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data is None and "more than 100,000 values" in problems[0][2]
    assert peak < 100 * 2**20  # the full expansion would need gigabytes


def test_inputs_that_are_not_regular_files_are_problems_not_hangs(tmp_path: Path) -> None:
    import os
    fifo = tmp_path / "cv.yaml"
    os.mkfifo(fifo)  # opening a FIFO for reading would block until a writer comes
    for path in (fifo, Path("/dev/zero")):
        problems = Problems()
        assert load_yaml(path, problems) is None
        assert "not a regular file" in problems.items[0].message
        problems = Problems()
        read_text(path, problems)
        assert "not a regular file" in problems.items[0].message


def test_input_over_the_size_limit_is_a_problem(tmp_path: Path) -> None:
    from cvgen.core.sources import MAX_INPUT_BYTES
    big = tmp_path / "big.bib"
    with big.open("wb") as f:
        f.truncate(MAX_INPUT_BYTES + 1)  # sparse: no real disk used
    problems = Problems()
    read_text(big, problems)
    assert "cvgen reads input files of at most 50 MB" in problems.items[0].message


def test_nul_byte_has_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "x.bib"
    path.write_text("@misc{a,\n  title = {x\0y},\n}\n", encoding="utf-8")
    problems = Problems()
    assert read_text(path, problems) is None
    (problem,) = problems.items
    assert (problem.line, problem.col) == (2, 13) and "NUL" in problem.message
