"""The Markdown backend: rendered by markdown-it-py (CommonMark with GitHub's tables and
strikethrough), it shows every reference line, its links, and any user text literally."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cvgen.enrich.enrich import enrich
from cvgen.backends.markdown import Md, escape, join, link, render
from cvgen.pipeline import check

from ..conftest import CONTENT, flat, visible_text
from ..test_reference import reference_lines


def to_html(text: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


@pytest.fixture(scope="module")
def rendered(reference_pages: Path) -> str:
    return to_html(reference_pages.with_suffix(".md").read_text(encoding="utf-8"))


def test_every_reference_line_is_in_the_rendered_page(rendered: str) -> None:
    text = flat(visible_text(rendered))
    missing = [line for line in reference_lines() if line not in text]
    assert missing == []


def test_structure_and_links(rendered: str) -> None:
    assert rendered.count("<h1>") == 1 and "<h1>Ashish Panwar</h1>" in rendered
    checked = check(CONTENT / "cv.yaml")
    titled = [b.title for b in enrich(checked.cv, checked.publications).blocks if b.title]
    assert re.findall(r"<h2>(.*?)</h2>", rendered) == [html.escape(t, quote=False) for t in titled]
    assert '<a href="mailto:panwarit014@gmail.com">panwarit014@gmail.com</a>' in rendered
    assert '<a href="https://apanwariisc.github.io">https://apanwariisc.github.io</a>' in rendered
    assert '<a href="mailto:markhill@cs.wisc.edu">markhill@cs.wisc.edu</a>' in rendered
    assert rendered.count("<ol>") == sum(1 for pubs in checked.publications if pubs)


def test_marks_and_emphasis(rendered: str) -> None:
    assert "<strong>Ashish Panwar</strong>, Venkat Sri Sai Ram*, Arkaprava Basu*" in rendered
    assert "<strong>Principal Researcher.</strong> Microsoft Research, India." in rendered
    assert "Thesis: <em>Operating System Support for Efficient Virtual Memory</em>" in rendered


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
@settings(max_examples=1500, deadline=None)
def test_any_text_renders_literally(text: str) -> None:
    """Whatever the user typed shows as typed (whitespace runs as one space), in a paragraph
    and in a list item: no emphasis, link, HTML, heading, list or entity appears."""
    expected = " ".join(text.split())
    for prefix in ("", "- ", "1. "):
        out = to_html(prefix + "x " + escape(text))
        shown = flat(html.unescape(re.sub(r"<[^>]+>", "", out)))
        assert shown == flat("x " + expected), (text, out)
        assert set(re.findall(r"</?(\w+)", out)) <= {"p", "ul", "ol", "li"}, out


def test_escaping_is_a_type() -> None:
    assert isinstance(escape("*a*"), Md) and escape("*a* [b](c)") == r"\*a\* [b\](c)"
    assert escape("1. first") == r"1\. first" and escape("# no heading") == r"\# no heading"
    assert link("me", "https://x.org/a b") == "[me](<https://x.org/a%20b>)"
    with pytest.raises(TypeError, match="unescaped text"):
        join(escape("a"), "*b*")  # type: ignore[arg-type]


def test_hostile_names_stay_text() -> None:
    checked = check(CONTENT / "cv.yaml")
    evil = "<script>x</script> *[link](javascript:alert(1))* | ~~no~~"
    out = to_html(render(enrich(replace(checked.cv, name=evil), checked.publications)))
    assert "<script>" not in out and "javascript:" not in re.sub(r">[^<]*<", "><", out)
    assert f"<h1>{html.escape(evil, quote=False)}</h1>" in out


def test_bibtex_text_styles_and_safe_links() -> None:
    from cvgen.enrich.enrich import Paper, Span
    from cvgen.backends.markdown import _paper

    title = (Span("Fast "), Span("α", "math", "\\alpha"), Span(" trees", "italic"),
             Span("code", link="https://example.org/x y"), Span(" evil", link="javascript:alert(1)"))
    out = to_html("1. " + _paper(Paper("x.bib:1", None, title, ((Span("Ada", "owner"),),
                                                               (Span("arXiv:1", "eprint", link="https://arxiv.org/abs/1"),)),
                                       None)))
    assert "<em>α</em>" in out and '<a href="https://example.org/x%20y">code</a>' in out
    assert "javascript" not in out and " evil" in out
    assert '<a href="https://arxiv.org/abs/1">arXiv:1</a>' in out


def test_the_source_escapes_only_what_is_markup(reference_pages: Path) -> None:
    """The file is meant to be edited (a profile README): the reference CV's Markdown holds no
    backslash escape but the joint-first-author marks (`\\*`), and no entity at all."""
    source = reference_pages.with_suffix(".md").read_text(encoding="utf-8")
    escapes = re.findall(r"\\[^\n]", source)
    assert escapes == ["\\*"] * len(escapes) and 0 < len(escapes) <= 5, escapes
    assert not re.search(r"&#?\w+;", source)


def test_python_markdown_shows_the_same_text(reference_pages: Path) -> None:
    """MkDocs and Pelican render with Python-Markdown: every reference line shows there too,
    with no stray backslash."""
    import markdown

    page = markdown.markdown(reference_pages.with_suffix(".md").read_text(encoding="utf-8"))
    text = flat(visible_text(page))
    assert [line for line in reference_lines() if line not in text] == []
    assert "\\" not in text


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
@settings(max_examples=800, deadline=None)
def test_any_text_renders_literally_under_python_markdown(text: str) -> None:
    """Python-Markdown (no extensions) shows whatever the user typed, with no stray backslash."""
    import markdown

    expected = " ".join(text.split())
    out = markdown.markdown("- x " + escape(text))
    shown = flat(html.unescape(re.sub(r"<[^>]+>", "", out)))
    assert shown == flat("x " + expected), (text, out)
