"""The HTML backend without a browser: escaping by type, structure, JSON-LD, nothing fetched.
(tests/test_html_browser.py opens the page in headless Chromium.)"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvgen.enrich.enrich import enrich
from cvgen.backends.html import Markup, escape, join, json_ld, linked_data, render, tag
from cvgen.pipeline import check

from ..conftest import CONTENT, flat, visible_text
from ..test_reference import reference_lines


class Elements(HTMLParser):
    """Every start tag with its attributes, and the JSON-LD text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, name: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((name, dict(attrs)))
        self._in_script = name == "script"

    def handle_endtag(self, name: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _checked() -> tuple:  # type: ignore[type-arg]
    checked = check(CONTENT / "cv.yaml")
    return checked.cv, checked.publications


def _parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def page(reference_pages: Path) -> str:
    return reference_pages.with_suffix(".html").read_text(encoding="utf-8")


def test_every_reference_line_is_in_the_page(page: str) -> None:
    text = flat(visible_text(page))
    missing = [line for line in reference_lines() if line not in text]
    assert missing == []


def test_structure_is_semantic(page: str) -> None:
    tags = _parse(page).tags
    names = [name for name, _ in tags]
    assert names.count("h1") == 1 and names.count("main") == 1
    html_attrs = dict(tags)["html"]
    assert html_attrs["lang"] == "en"
    headings = [attrs["id"] for name, attrs in tags if name == "h2"]
    labelled = [attrs["aria-labelledby"] for name, attrs in tags if name == "section"]
    assert headings and labelled == headings  # each section is named by its heading
    # fragments a person can type and share: slugs of the titles, not #s1 ... #s11
    assert headings[:3] == ["about-me", "employment-history", "education"] and "references" in headings
    assert len(set(headings)) == len(headings)
    papers = [b for b in enrich(*_checked()).blocks if b.kind == "papers"]
    assert names.count("ol") == len(papers) > 0  # each publications section is an ordered list
    assert re.search(r"<title>Ashish Panwar – Curriculum Vitae</title>", page)


def test_links_have_text_and_only_mailto_or_the_web(page: str) -> None:
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', page)
    assert ("mailto:panwarit014@gmail.com", "panwarit014@gmail.com") in links
    assert ("https://apanwariisc.github.io", "https://apanwariisc.github.io") in links
    assert all(text.strip() for _, text in links) and len(links) == page.count("<a ")


def test_self_contained_nothing_fetched_nothing_run(page: str) -> None:
    tags = _parse(page).tags
    assert not [t for t in tags if t[0] in ("link", "img", "iframe", "object", "embed", "base")]
    assert [attrs.get("type") for name, attrs in tags if name == "script"] == ["application/ld+json"]
    assert not re.search(r"@import|url\(|@font-face", page)
    assert not [attrs for _, attrs in tags if any(k.startswith("on") or k == "src" for k in attrs)]
    csp = [attrs["content"] for name, attrs in tags if attrs.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]


def test_stylesheet_has_dark_scheme_and_print(page: str) -> None:
    assert "@media (prefers-color-scheme: dark)" in page and "@media print" in page
    assert 'name="color-scheme" content="light dark"' in page


def test_json_ld_person_and_works(page: str) -> None:
    data = json.loads(_parse(page).scripts[0])
    assert data["@context"] == "https://schema.org"
    person, *works = data["@graph"]
    assert person["@type"] == "Person" and person["name"] == "Ashish Panwar"
    assert person["email"] == "mailto:panwarit014@gmail.com" and person["url"] == "https://apanwariisc.github.io"
    assert person["jobTitle"] == "Principal Researcher" and person["worksFor"]["name"] == "Microsoft Research, India"
    checked = check(CONTENT / "cv.yaml")
    pubs = [p for pubs in checked.publications for p in pubs or []]
    articles = [w for w in works if w["@type"] == "ScholarlyArticle"]
    assert [w["name"] for w in works] == [p.title for p in pubs]
    assert len(works) - len(articles) == sum(p.kind == "patent" for p in pubs) > 0  # patents: CreativeWork
    trident = next(w for w in articles if w["name"].startswith("Trident"))
    assert trident["author"][0] == {"@id": "#person"} and trident["datePublished"] == "2021"
    assert {"@type": "Person", "name": "Arkaprava Basu"} in trident["author"]
    assert all({"@id": "#person"} in w["author"] for w in works)  # the owner is on every work


def test_role_marks_badges_and_acceptance_are_text(page: str) -> None:
    text = flat(visible_text(page))
    assert "Ashish Panwar, Venkat Sri Sai Ram*, Arkaprava Basu*" in text
    assert "* Joint first authors. [Artifact Evaluated]" in text
    acceptance = [line for line in reference_lines() if line.startswith("Submissions: ")]
    assert text.count("Submissions: ") == len(acceptance) > 0 and "[Artifact Evaluated, Best Artifact Award]" in text


def test_hostile_text_stays_text() -> None:
    checked = check(CONTENT / "cv.yaml")
    evil = '</script><script>alert(1)</script><b>&amp;"\''
    cv = enrich(replace(checked.cv, name=evil), checked.publications)
    page = render(cv)
    assert "<script>alert" not in page and "<b>" not in page
    parsed = _parse(page)
    assert [name for name, _ in parsed.tags].count("script") == 1
    assert json.loads(parsed.scripts[0])["@graph"][0]["name"] == evil  # JSON-LD reads back exactly
    assert evil in visible_text(page)


def test_escaping_is_a_type() -> None:
    assert isinstance(escape("a<b"), Markup) and escape("a<b & 'c'") == "a&lt;b &amp; &#x27;c&#x27;"
    assert tag("a", escape("x"), href='javascript:"') == '<a href="javascript:&quot;">x</a>'
    with pytest.raises(TypeError, match="unescaped text"):
        join(escape("a"), "<b>")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unescaped text"):
        tag("p", "<b>")  # type: ignore[arg-type]


@given(st.text(max_size=40))
@settings(max_examples=500, deadline=None)
def test_json_ld_never_ends_its_script(text: str) -> None:
    out = json_ld({"name": text})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"name": text}


def test_linked_data_skips_what_it_does_not_know() -> None:
    checked = check(CONTENT / "cv.yaml")
    cv = enrich(replace(checked.cv, email=None, website=None), checked.publications)
    person = linked_data(cv)["@graph"][0]
    assert "email" not in person and "url" not in person


def test_bibtex_text_styles_and_safe_links() -> None:
    """Titles carry BibTeX's bold, italic, math (as its Unicode text) and links; only web and
    mail addresses become links."""
    from cvgen.enrich.enrich import Paper, Span
    from cvgen.backends.html import _paper

    title = (Span("Fast "), Span("α", "math", "\\alpha"), Span(" trees", "italic"),
             Span(" (code)", link="https://example.org/x?a=1&b=2"), Span(" evil", link="javascript:alert(1)"))
    out = _paper(Paper("x.bib:1", "[OSDI'24]", title, ((Span("Ada", "owner"), Span(" (eds.)", "editors")),
                                                     (Span("In Proc.", "detail", "container"),
                                                      Span("arXiv:2401.1", "eprint", link="https://arxiv.org/abs/2401.1"))),
                       None))
    assert "<i>α</i>" in out and "<em> trees</em>" in out
    assert '<a href="https://example.org/x?a=1&amp;b=2"> (code)</a>' in out
    assert "javascript" not in out and " evil" in out
    assert '<a href="https://arxiv.org/abs/2401.1">arXiv:2401.1</a>' in out
    assert visible_text(out).strip().startswith("[OSDI'24] Fast α trees (code) evil")


def test_anchors_are_slugs_in_any_script_and_unique() -> None:
    from cvgen.backends.html import _anchor

    taken: list[str] = []
    assert [_anchor(t, taken) for t in ("Publications", "Publications", "Veröffentlichungen & Vorträge", "论文",
                                        "***")] == ["publications", "publications-2", "veröffentlichungen-vorträge",
                                                    "论文", "section"]


def test_the_page_uses_the_cvs_accent_colour() -> None:
    """settings.accent_color colours the page as it colours the PDF (the default page keeps its own)."""
    from cvgen.backends.html import render

    checked = check(CONTENT / "cv.yaml")
    cv = replace(checked.cv, settings=replace(checked.cv.settings, accent_color="8B0000"))
    page = render(enrich(cv, checked.publications))
    assert ":root { --accent: #8B0000; }" in page
    assert "--accent: #8B0000" not in render(enrich(*_checked()))
