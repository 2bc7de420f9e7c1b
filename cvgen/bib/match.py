"""When two BibTeX entries are the same paper: normalised titles, DOIs, DBLP keys, pre-prints.

Shared by `cvgen import` (which skips what the user's file already has) and the lint of
`cvgen check` (which warns when a title or DOI appears twice), so both agree on what "the
same" means. Everything here reads decoded text and never writes BibTeX.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from cvgen.bib.entries import BibEntry
from cvgen.bib.decode import decode_text

NEAR_TITLE = 0.9  # difflib ratio of two normalised titles from which they are "nearly the same"

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_DBLP_URL = re.compile(r"dblp\.(?:org|uni-trier\.de)/rec/(?:bibtex/)?([\w/.\-]+?)(?:\.bib)?$", re.I)
# Words too common to say two titles are alike; the others, cut to four letters ('optimi[zs]ing',
# 'colo[u]r' share theirs), are the keys under which near titles meet (see Index.near_titles).
_COMMON_WORDS = frozenset("""a an the on of in for to towards toward and with from at by is are do does how
    what why when via using into as or its it this that we our""".split())
_PREPRINT_SERVERS = ("arxiv", "corr", "biorxiv", "medrxiv", "ssrn", "techrxiv", "preprints", "research square",
                     "iacr cryptol", "cryptology eprint", "electron. colloquium", "electronic colloquium", "eccc")


def fold(text: str) -> str:
    """Lower case without accents: 'Cerný' and 'cerny' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def plain(raw: str) -> str:
    """BibTeX's LaTeX as text; a field the decoder cannot read (`\\href{url}` without its text)
    falls back to its words, so one odd entry never stops an import or a check."""
    try:
        return decode_text(raw)
    except Exception:  # noqa: BLE001 - a decoder bug must not stop an import or a check
        return " ".join(re.sub(r"\\[A-Za-z]+|[{}\\$]", " ", raw).split())


def title_key(raw_title: str) -> str:
    """A title as words only: case, accents, LaTeX, braces and punctuation do not count."""
    words = re.findall(r"[^\W_]+", fold(plain(raw_title)))
    return " ".join(words)


def doi_key(raw: str) -> str:
    """A DOI without its resolver prefix, BibTeX escapes or case ('10.1145/ABC' = 'https://doi.org/10.1145/abc')."""
    doi = raw.strip().replace("\\_", "_").replace("{", "").replace("}", "")
    return _DOI_PREFIX.sub("", doi).strip().rstrip(".").lower()


def dblp_key(entry: BibEntry) -> str | None:
    """The DBLP record ('conf/osdi/X24') from the key `DBLP:conf/osdi/X24`, a `dblp` field or `biburl`."""
    if entry.key.upper().startswith("DBLP:"):
        return entry.key[5:]
    if entry.fields.get("dblp", "").strip():
        return entry.fields["dblp"].strip()
    if m := _DBLP_URL.search(entry.fields.get("biburl", "").strip()):
        return m.group(1)
    return None


def is_preprint(entry: BibEntry) -> bool:
    """A pre-print (arXiv, CoRR, bioRxiv...) rather than a published version, however exported."""
    f = entry.fields
    container = fold(plain(f.get("journal", "") or f.get("booktitle", "")))
    if container:
        return any(container.startswith(s) or container == s for s in _PREPRINT_SERVERS)
    if entry.type in ("misc", "unpublished", "online", "preprint", "techreport", "article"):
        hints = " ".join(fold(f.get(n, "")) for n in ("eprinttype", "archiveprefix", "howpublished", "publisher",
                                                       "url", "note", "eprint"))
        return any(s in hints for s in _PREPRINT_SERVERS)
    return False


def year_of(entry: BibEntry) -> str:
    return entry.fields.get("year", "").strip()


@dataclass(frozen=True)
class Match:
    """How an incoming entry relates to a known one."""

    rule: str  # "same DOI", "same DBLP key", "same title", "preprint", "published", "other year", "near title"
    key: str  # the known entry's key
    detail: str  # what was compared, for the report


class Index:
    """The entries of a file, looked up by DOI, DBLP record and normalised title."""

    def __init__(self) -> None:
        self.by_doi: dict[str, BibEntry] = {}
        self.by_dblp: dict[str, BibEntry] = {}
        self.by_title: dict[str, list[BibEntry]] = {}
        self.by_word: dict[str, set[str]] = {}  # a word key (see _word_keys) -> the titles with it
        self.keys: dict[str, frozenset[str]] = {}  # a title -> its word keys

    def add(self, entry: BibEntry) -> None:
        if doi := doi_key(entry.fields.get("doi", "")):
            self.by_doi.setdefault(doi, entry)
        if dblp := dblp_key(entry):
            self.by_dblp.setdefault(dblp.lower(), entry)
        if title := title_key(entry.fields.get("title", "")):
            if title not in self.by_title:
                self.keys[title] = _word_keys(title)
                for word in self.keys[title]:
                    self.by_word.setdefault(word, set()).add(title)
            self.by_title.setdefault(title, []).append(entry)

    def duplicate(self, entry: BibEntry) -> Match | None:
        """The entry this one repeats, by DOI, then DBLP record, then title (same year, same kind)."""
        if (doi := doi_key(entry.fields.get("doi", ""))) and doi in self.by_doi:
            return Match("same DOI", self.by_doi[doi].key, doi)
        if (dblp := dblp_key(entry)) and dblp.lower() in self.by_dblp:
            return Match("same DBLP key", self.by_dblp[dblp.lower()].key, f"DBLP:{dblp}")
        title = title_key(entry.fields.get("title", ""))
        for known in self.by_title.get(title, []) if title else []:
            same_year = not year_of(entry) or not year_of(known) or year_of(entry) == year_of(known)
            if same_year and is_preprint(entry) == is_preprint(known):
                return Match("same title", known.key, f"year {year_of(known) or '?'}")
            if is_preprint(entry) and not is_preprint(known):
                year = year_of(known) or "no year"
                return Match("preprint", known.key, f"its pre-print; the published version ({year}) is kept")
        return None

    def suspects(self, entry: BibEntry) -> list[Match]:
        """Entries that may be the same paper, for a person to decide: the published version of
        a pre-print we hold, the same title in another year, a nearly identical title."""
        found: list[Match] = []
        title = title_key(entry.fields.get("title", ""))
        if not title:
            return found
        for known in self.by_title.get(title, []):
            if is_preprint(known) and not is_preprint(entry):
                found.append(Match("published", known.key, f"{known.key} is its pre-print; delete {known.key} "
                                                           "if this published version replaces it"))
            elif year_of(known) != year_of(entry):
                found.append(Match("other year", known.key, f"same title, {year_of(known)} there and "
                                                            f"{year_of(entry)} here (an extended version?)"))
        for other, ratio in self.near_titles(title):
            for known in self.by_title[other]:
                found.append(Match("near title", known.key, f"titles {ratio:.0%} alike{_versions(entry, known)}"))
        return found


    def near_titles(self, title: str) -> list[tuple[str, float]]:
        """Known titles at least NEAR_TITLE alike (difflib's ratio), `title` itself left out.

        Blocked first: only titles that share at least half of the smaller one's word keys are
        compared, and only when their lengths allow the ratio; 90% alike titles share most of
        their words, and comparing every pair is quadratic (1,000 imported entries: 40 s)."""
        keys = _word_keys(title)
        shared: dict[str, int] = {}
        for word in keys:
            for other in self.by_word.get(word, ()):
                shared[other] = shared.get(other, 0) + 1
        found = []
        for other, count in shared.items():
            if other == title or 2 * count < min(len(keys), len(self.keys[other])):
                continue
            if abs(len(other) - len(title)) > len(title) * (1 - NEAR_TITLE) + 2:
                continue
            matcher = difflib.SequenceMatcher(None, title, other, autojunk=False)
            if matcher.real_quick_ratio() >= NEAR_TITLE and matcher.quick_ratio() >= NEAR_TITLE \
                    and (ratio := matcher.ratio()) >= NEAR_TITLE:
                found.append((other, ratio))
        order = {t: i for i, t in enumerate(self.by_title)} if len(found) > 1 else {}
        return sorted(found, key=lambda f: order.get(f[0], 0))  # in the order the titles were added


def _word_keys(title: str) -> frozenset[str]:
    """A normalised title's words as blocking keys: the first and the last four letters of each
    word that is not a common one (all words when every one is common), so that one slip in a
    word ('reigion' for 'religion') still leaves it a key in common."""
    words = [w for w in title.split() if w not in _COMMON_WORDS] or title.split()
    return frozenset(k for w in words for k in (w[:4], "~" + w[-4:]))


def _versions(entry: BibEntry, known: BibEntry) -> str:
    """For a suspect pair: which of the two is a pre-print, when one is."""
    if is_preprint(entry) == is_preprint(known):
        return ""
    preprint, published = (entry, known) if is_preprint(entry) else (known, entry)
    return f"; {preprint.key} is a pre-print, {published.key} published (keep one?)"
