"""Writing into the user's .bib: spans, edits that move nothing else, atomic replace with backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvgen.bib.write import FileChangedError, edit_fields, entry_span, format_entry, write_atomically

TEXT = """% my comment, kept
@string{osdi = "OSDI"}

@inproceedings{a,
  title     = {{X}: Braces {and} more},
  author    = "Ada Lovelace and {Barnes and Noble}",
  booktitle = osdi # { 2024},
  year      = 2024,
}
@article( b ,title={Y},journal={J}, year={2020})
"""


def test_entry_span_finds_entry_and_field_values() -> None:
    span = entry_span(TEXT, 4)
    assert span is not None
    assert TEXT[span.start:span.end].startswith("@inproceedings{a,") and TEXT[span.end - 1] == "}"
    values = {f.name: TEXT[f.value_start:f.value_end] for f in span.fields}
    assert values == {"title": "{{X}: Braces {and} more}", "author": '"Ada Lovelace and {Barnes and Noble}"',
                      "booktitle": "osdi # { 2024}", "year": "2024"}
    assert span.indent == "  " and span.name_width == 9
    other = entry_span(TEXT, 10)
    assert other is not None and TEXT[other.start:other.end] == "@article( b ,title={Y},journal={J}, year={2020})"


def test_edit_fields_replaces_and_adds_without_moving_anything_else() -> None:
    span = entry_span(TEXT, 4)
    assert span is not None
    new = edit_fields(TEXT, span, {"year": "2025", "doi": "10.1/x"})
    assert new == ("@inproceedings{a,\n  title     = {{X}: Braces {and} more},\n"
                   "  author    = \"Ada Lovelace and {Barnes and Noble}\",\n  booktitle = osdi # { 2024},\n"
                   "  year      = {2025},\n  doi       = {10.1/x},\n}")


def test_format_entry_aligns_and_orders_fields() -> None:
    text = format_entry("article", "k", {"doi": "10.1/x", "year": "2020", "title": "T\n   long", "author": "A B"})
    assert text == ("@article{k,\n  title  = {T long},\n  author = {A B},\n  year   = {2020},\n"
                    "  doi    = {10.1/x},\n}")


def test_write_atomically_keeps_a_backup_and_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "p.bib"
    target.write_bytes(b"old")
    target.chmod(0o600)
    backup = tmp_path / "p.bib.bak"
    write_atomically(target, b"new", b"old", backup)
    assert target.read_bytes() == b"new" and backup.read_bytes() == b"old"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bib", "p.bib.bak"]


def test_write_atomically_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    target = tmp_path / "p.bib"
    target.write_bytes(b"edited meanwhile")
    with pytest.raises(FileChangedError):
        write_atomically(target, b"new", b"old", tmp_path / "p.bib.bak")
    assert target.read_bytes() == b"edited meanwhile" and not (tmp_path / "p.bib.bak").exists()


def test_entry_span_by_key_and_lines_ending_in_cr_alone() -> None:
    from cvgen.bib.write import newline_of

    text = "@misc{a,\r  title = {A},\r}\r\r@misc{b,\r  title = {B},\r}\r"
    span = entry_span(text, 5, "b")
    assert span is not None and text[span.start:span.end].startswith("@misc{b,")
    assert entry_span(text, 1, "b") is not None and entry_span(text, 5, "a") is None  # never another entry
    assert [newline_of(t) for t in (text, text.replace("\r", "\r\n"), "x\ny", "", "a\rb\nc")] == \
        ["\r", "\r\n", "\n", "\n", "\n"]


def test_unwritable_values_are_the_unbalanced_ones() -> None:
    from cvgen.bib.write import unwritable_value

    assert unwritable_value("{full}, short") is None and unwritable_value(r"100\% of {GPU}s") is None
    assert "'{' without" in (unwritable_value("{x") or "") and "'}' without" in (unwritable_value("x}{") or "")


def test_write_atomically_writes_through_links_and_refuses_read_only_files(tmp_path: Path) -> None:
    from cvgen.bib.write import ReadOnlyError

    real = tmp_path / "real.bib"
    real.write_bytes(b"old")
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    write_atomically(link, b"new", b"old", None)
    assert link.is_symlink() and real.read_bytes() == b"new"
    real.chmod(0o444)
    with pytest.raises(ReadOnlyError):
        write_atomically(link, b"newer", b"new", None)
    assert real.read_bytes() == b"new"
