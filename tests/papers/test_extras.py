"""Author roles, links and their addresses, read from BibTeX fields and the cv.yaml overlay."""

from __future__ import annotations

from cvgen.bib.entries import BibEntry
from cvgen.core.errors import Problems
from cvgen.papers.extras import links_of, parse_roles
from cvgen.model.papers import PaperOverlay


def entry(**fields: str) -> BibEntry:
    return BibEntry("refs.bib", "k", "article", 3, dict(fields), {name: 4 for name in fields})


def test_roles_per_position() -> None:
    problems = Problems()
    roles = parse_roles("1=equal; 3=student,corresponding; 1=presenting", 3, entry(), problems)
    assert roles == {1: ("equal", "presenting"), 3: ("student", "corresponding")}
    assert not problems.items


def test_unknown_role_warns_and_out_of_range_is_an_error() -> None:
    problems = Problems()
    assert parse_roles("2=chair; 5=equal", 3, entry(**{"author+an": "x"}), problems) == {}
    assert [p.message for p in problems.warnings] == [
        "author+an of entry 'k' names the role 'chair', which cvgen does not mark; "
        "use equal, corresponding, senior, student, presenting"]
    assert len(problems.errors) == 1 and "N from 1 to 3" in problems.errors[0].message


def test_links_in_order_with_addresses_as_written() -> None:
    e = entry(url=r"{https://example.org/\~{}x/a\_b?q=1%20}", doi="doi:10.1145/3620666.3651330",
              eprint="2401.01234", archiveprefix="arXiv", code="https://github.com/a/b#main",
              pdf="paper.pdf")  # a local file is no link
    assert links_of(e, None) == [
        ("doi", "https://doi.org/10.1145/3620666.3651330"),
        ("url", "https://example.org/~x/a_b?q=1%20"),
        ("eprint", "https://arxiv.org/abs/2401.01234"),
        ("code", "https://github.com/a/b#main"),
    ]


def test_overlay_links_win_and_add() -> None:
    e = entry(doi="10.1/old")
    overlay = PaperOverlay(doi="https://doi.org/10.1/new", slides="https://example.org/s.pdf")
    assert links_of(e, overlay) == [("doi", "https://doi.org/10.1/new"), ("slides", "https://example.org/s.pdf")]


def test_highlight_marks_the_owner_without_a_warning() -> None:
    """`2=highlight` (Zotero, biblatex-publist: the owner's own mark) is read, not warned about."""
    from cvgen.papers.extras import highlighted

    problems = Problems()
    assert parse_roles("2=highlight; 3=equal,highlight", 3, entry(**{"author+an": "x"}), problems) == {3: ("equal",)}
    assert not problems.items
    assert highlighted("2=highlight; 3=equal,highlight; 1=equal") == {2, 3}
