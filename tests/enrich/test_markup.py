"""Inline Markdown in cv.yaml's text fields -> spans (cvgen.enrich.markup), and the warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvgen.core.errors import Problems
from cvgen.core.sources import load_yaml
from cvgen.enrich.markup import check_markup, parse, with_prefix
from cvgen.enrich.values import Span
from cvgen.model import cv as m


def styles(text: str) -> list[tuple[str, str, str | None]]:
    return [(s.text, s.style, s.link) for s in parse(text).spans]


def test_the_subset_becomes_styled_spans() -> None:
    assert styles("**b** *i* _u_ ***bi*** `c*d` [t](https://x.org/p)") == [
        ("b", "bold", None), (" ", "", None), ("i", "italic", None), (" ", "", None), ("u", "italic", None),
        (" ", "", None), ("bi", "bolditalic", None), (" ", "", None), ("c*d", "code", None), (" ", "", None),
        ("t", "", "https://x.org/p")]


@pytest.mark.parametrize("text", ["Plain text.", "[Heavy member] Usenix ATC, 2025.", "5 * 3 and snake_case",
                                  "Line one\nline two & <b>html</b> stays text"])
def test_text_without_markup_is_one_span_as_written(text: str) -> None:
    assert parse(text).spans == (Span(text),)
    assert parse(text).problems == ()


def test_a_backslash_keeps_a_marker_literal() -> None:
    assert styles(r"a \*literal\* star") == [("a *literal* star", "", None)]
    assert parse(r"a \*literal\* star").problems == ()


@pytest.mark.parametrize("target", ["javascript:alert(1)", "ftp://x/y", "data:text/html,x", "relative/page"])
def test_only_web_and_mail_links_become_links(target: str) -> None:
    parsed = parse(f"see [this]({target}) now")
    assert all(s.link is None for s in parsed.spans)
    assert "this" in "".join(s.text for s in parsed.spans)
    assert parsed.problems, "a refused link is a warning"


def test_mailto_is_a_link() -> None:
    assert styles("[me](mailto:a@b.org)") == [("me", "", "mailto:a@b.org")]


@pytest.mark.parametrize("text, offset, marker", [("Hello **world", 6, "'**'"), ("an *open one", 3, "'*'"),
                                                  ("x _open", 2, "'_'"), ("odd ` tick", 4, "'`'")])
def test_an_unclosed_marker_prints_as_written_and_says_where(text: str, offset: int, marker: str) -> None:
    parsed = parse(text)
    assert "".join(s.text for s in parsed.spans) == text
    [(at, message)] = parsed.problems
    assert at == offset and message.startswith(marker)


def test_a_prefix_joins_a_plain_first_span() -> None:
    assert with_prefix(" ", parse("plain").spans) == (Span(" plain"),)
    assert with_prefix(" ", parse("**b**").spans) == (Span(" "), Span("b", "bold"))


def test_warnings_point_at_line_and_column(tmp_path: Path) -> None:
    assert _warned_at(tmp_path, "name: Ada\nsections:\n  - title: About\n    intro: \"Hi **there\"\n    text: |\n"
                      "      First line.\n      Second `line.\n  - title: Awards\n    items:\n"
                      "      - A *prize\n") == [(4, 16), (7, 14), (10, 11)]


def test_a_marker_never_pairs_across_paragraphs(tmp_path: Path) -> None:
    assert _warned_at(tmp_path, "name: Ada\nsections:\n  - title: About\n    text: |\n      One **open.\n\n"
                      "      Two close** here.\n") == [(5, 11)]  # the opener; 'close**' opens nothing


def _warned_at(tmp_path: Path, yaml: str) -> list[tuple[int, int]]:
    """(line, column) of each markup warning for a cv.yaml holding `yaml`."""
    cv_file = tmp_path / "cv.yaml"
    cv_file.write_text(yaml, encoding="utf-8")
    problems = Problems()
    doc = load_yaml(cv_file, problems)
    assert doc is not None
    cv = m.validate(doc, problems)
    assert cv is not None
    check_markup(cv, problems)
    return [(p.line, p.col) for p in problems.warnings]
