"""What a publication carries besides its citation: author roles, links, a note, selection, tags.

Read from the BibTeX entry (biblatex's `author+an`, `doi`, `url`, `eprint`, `pdf`, `code`,
`slides`, `video`, `poster`, `cv_note`, `keywords = {selected}`, `tags`) and from the CV's
`papers:` overlay keyed by citation key, which adds to (and for the note, overrides) the
entry, so an exported .bib need not be edited. Plain values only; enrich words them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cvgen.bib.entries import BibEntry
from cvgen.bib.kinds import eprint_url, preprint_link
from cvgen.core.errors import Problems
from cvgen.model.papers import ROLES, PaperOverlay

if TYPE_CHECKING:
    from cvgen.model.cv import CV

# Link fields in the order their labels print.
LINK_FIELDS = ("doi", "url", "eprint", "pdf", "code", "slides", "video", "poster")


# biblatex's `author+an = {2=highlight}` (Zotero, biblatex-publist): the CV owner marks their
# own name with it, so that author prints as the owner (bold), as a `\textbf{}` name does.
HIGHLIGHT = "highlight"


def highlighted(raw: str) -> set[int]:
    """The positions `author+an` marks `highlight` (checked by parse_roles)."""
    return {int(m.group(1)) for m in re.finditer(r"(?:^|;)\s*(\d+)\s*=\s*[\w, ]*\bhighlight\b", raw, re.ASCII)}


def parse_roles(raw: str, count: int, entry: BibEntry, problems: Problems, where: str = "author+an"
                ) -> dict[int, tuple[str, ...]]:
    """`1=equal; 3=student,corresponding` -> {1: ("equal",), 3: ("student", "corresponding")}."""
    roles: dict[int, tuple[str, ...]] = {}
    for item in (i.strip() for i in raw.split(";")):
        if not item:
            continue
        m = re.fullmatch(r"(\d+)\s*=\s*([\w, ]+)", item, re.ASCII)
        if not m or not 1 <= int(m.group(1)) <= count:
            problems.error(entry.file, entry.where("author+an") if where == "author+an" else entry.line, 1,
                           f"{where} item '{item}' of entry '{entry.key}' must be N=equal with N from 1 to {count}")
            continue
        names = [a.strip() for a in m.group(2).split(",") if a.strip()]
        for name in names:
            if name not in ROLES and name != HIGHLIGHT:
                problems.warn(entry.file, entry.where("author+an") if where == "author+an" else entry.line, 1,
                              f"{where} of entry '{entry.key}' names the role '{name}', which cvgen does not mark; "
                              f"use {', '.join(ROLES)}")
        known = tuple(n for n in names if n in ROLES)
        if known:
            position = int(m.group(1))
            roles[position] = tuple(dict.fromkeys(roles.get(position, ()) + known))
    return roles


def links_of(entry: BibEntry, overlay: PaperOverlay | None) -> list[tuple[str, str]]:
    """(field, address) of each link the entry and its overlay give, in LINK_FIELDS order."""
    out = []
    for name in LINK_FIELDS:
        value = getattr(overlay, name, None) if overlay and name != "eprint" else None
        value = value or _verbatim(entry.fields.get(name, ""))
        if not value:
            continue
        if name == "doi":
            doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value, flags=re.I)
            value = "https://doi.org/" + doi
        elif name == "eprint":
            found = eprint_url(entry)
            if found is None:  # not an arXiv id: a bioRxiv DOI is a DOI, an ePrint id or a URL a URL
                if (other := preprint_link(entry)) and all(other[1] != v for _, v in out):
                    out.append(other)
                continue
            value = found[0]
        elif not re.match(r"https?://", value):
            continue  # a local file name or anything else is not a link the PDF can follow
        out.append((name, value))
    return out


def _verbatim(raw: str) -> str:
    """A link field as written (biblatex reads url and doi verbatim: `~` is a tilde, not a space);
    braces go, and `\\_` `\\%` `\\#` `\\&` `\\~` written for BibTeX's sake become the character."""
    return re.sub(r"\\([_%#&~$])", r"\1", raw.replace("{", "").replace("}", "")).strip()


def check_overlay_keys(cv: CV, entries: dict[str, BibEntry], problems: Problems) -> None:
    """Keys named in cv.yaml's `papers:` and `selected:` must be entries of the .bib."""
    named = [(("papers", key), key) for key in cv.papers or {}] + [(("selected", j), key) for j, key in
                                                                    enumerate(cv.selected or [])]
    for below, key in named:
        if key not in entries:
            problems.error(*cv.at(*below), f"no entry '{key}' in {cv.bibliography or 'the bibliography'}; "
                                           "check the key")
