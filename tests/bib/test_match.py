"""What 'the same paper' means for import and lint: titles, DOIs, DBLP records, pre-prints."""

from __future__ import annotations

from cvgen.bib.match import Index, dblp_key, doi_key, is_preprint, title_key
from cvgen.bib.entries import BibEntry


def entry(key: str, type_: str = "inproceedings", **fields: str) -> BibEntry:
    return BibEntry("x.bib", key, type_, 1, dict(fields), {})


def test_title_key_ignores_case_accents_latex_braces_and_punctuation() -> None:
    a = title_key(r"{vAttention}: Dynamic Memory Management for Serving {LLMs} without {PagedAttention}")
    b = title_key("vattention -- dynamic memory management for serving LLMs, without PagedAttention.")
    assert a == b == "vattention dynamic memory management for serving llms without pagedattention"
    assert title_key(r"Caf{\'e} na{\"\i}ve") == title_key("CAFE NAIVE")
    assert title_key("Learning to rank") != title_key("Learning to rank fast")


def test_doi_key_drops_resolver_and_escapes() -> None:
    assert doi_key(r"https://doi.org/10.1145/3669940.3707256") == "10.1145/3669940.3707256"
    assert doi_key(r"doi: 10.1109/ACCESS.2024.3523066") == "10.1109/access.2024.3523066"
    assert doi_key(r"10.1007/978-3-031-70797-1\_9") == "10.1007/978-3-031-70797-1_9"
    assert doi_key("") == ""


def test_dblp_key_from_key_field_or_biburl() -> None:
    assert dblp_key(entry("DBLP:conf/osdi/AgrawalKPMKGTR24")) == "conf/osdi/AgrawalKPMKGTR24"
    assert dblp_key(entry("x", dblp="conf/osdi/X24")) == "conf/osdi/X24"
    assert dblp_key(entry("x", biburl="https://dblp.org/rec/conf/cain/SridharGJV25.bib")) == "conf/cain/SridharGJV25"
    assert dblp_key(entry("x")) is None


def test_preprints_however_exported() -> None:
    assert is_preprint(entry("a", "article", journal="CoRR", eprinttype="arXiv"))
    assert is_preprint(entry("b", "article", journal="arXiv preprint arXiv:2401.12345"))
    assert is_preprint(entry("c", "misc", eprint="2401.12345", archiveprefix="arXiv"))
    assert is_preprint(entry("f", "article", journal="IACR Cryptol. ePrint Arch."))
    assert is_preprint(entry("g", "article", journal="Electron. Colloquium Comput. Complex."))
    assert not is_preprint(entry("d", "article", journal="J. Syst. Softw."))
    assert not is_preprint(entry("e", booktitle="OSDI"))


def test_duplicates_by_doi_then_dblp_then_title() -> None:
    index = Index()
    index.add(entry("known", title="{LoCoML}: A Framework", year="2025", doi="10.1/ABC"))
    index.add(entry("DBLP:conf/x/Y25", title="Other", year="2025"))
    assert index.duplicate(entry("n1", title="Renamed", doi="https://doi.org/10.1/abc")).rule == "same DOI"
    match = index.duplicate(entry("n2", title="Else", biburl="https://dblp.org/rec/conf/x/Y25.bib"))
    assert match is not None and (match.rule, match.key) == ("same DBLP key", "DBLP:conf/x/Y25")
    assert index.duplicate(entry("n3", title="locoml: a FRAMEWORK.", year="2025")).rule == "same title"
    preprint = entry("n4", "article", title="LoCoML: a framework", year="2025", journal="CoRR")
    assert index.duplicate(preprint).rule == "preprint"
    later = entry("n5", title="LoCoML: A Framework", year="2027")
    assert index.duplicate(later) is None
    assert [m.rule for m in index.suspects(later)] == ["other year"]


def test_suspects_published_version_of_a_preprint_and_near_titles() -> None:
    index = Index()
    index.add(entry("pre", "article", title="Small Models, Big Tasks", year="2025", journal="CoRR"))
    index.add(entry("near", title="Approach Towards Certification of Low Criticality ML Applications", year="2025"))
    published = entry("pub", title="Small models, big tasks", year="2025", booktitle="ICSE")
    assert index.duplicate(published) is None
    assert [m.rule for m in index.suspects(published)] == ["published"]
    close = entry("c", title="Approach Towards Certification for Low Criticality ML Applications", year="2025")
    found = index.suspects(close)
    assert [(m.rule, m.key) for m in found] == [("near title", "near")]


def test_a_title_the_decoder_cannot_read_still_has_a_key() -> None:
    assert title_key(r"\href{http://example.org/x.pdf}") == "http example org x pdf"


def test_near_titles_blocked_find_what_all_pairs_find() -> None:
    """The blocked search (shared word keys first) finds every pair that comparing all titles
    with difflib (after the same length check) finds: the corpus's titles, each also with a letter dropped, British spelling,
    a word replaced, and a word added."""
    import difflib
    from pathlib import Path

    from cvgen.bib.entries import load_bibtex
    from cvgen.bib.match import NEAR_TITLE
    from cvgen.core.errors import Problems

    corpus = Path(__file__).resolve().parent.parent / "data" / "bib-corpus"
    titles = sorted({title_key(e.fields.get("title", "")) for bib in corpus.glob("*.bib")
                     for e in load_bibtex(bib, Problems()).values()} - {""})
    titles = titles[::max(1, len(titles) // 400)]  # a fixed sample: comparing all pairs is quadratic
    variants = set(titles)
    for t in titles:
        words = t.split()
        variants |= {t[: len(t) // 2] + t[len(t) // 2 + 1:], t.replace("iz", "is").replace("yz", "ys"),
                     " ".join(words[:-1] + ["systems"]), t + " revisited"}
    index = Index()
    for i, t in enumerate(sorted(variants)):
        index.add(entry(f"k{i}", title=t))
    assert len(index.by_title) > 900
    for t in index.by_title:
        brute = set()
        for o in index.by_title:
            if o != t and abs(len(o) - len(t)) <= len(t) * (1 - NEAR_TITLE) + 2:
                m = difflib.SequenceMatcher(None, t, o, autojunk=False)  # quick_ratio bounds ratio from above
                if m.quick_ratio() >= NEAR_TITLE and m.ratio() >= NEAR_TITLE:
                    brute.add(o)
        assert {o for o, _ in index.near_titles(t)} == brute, t
