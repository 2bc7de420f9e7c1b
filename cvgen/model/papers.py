"""The cv.yaml types of publication extras: role marks, per-paper overlays, groups, variants.

Kept apart from model.py (the CV's sections and settings) so each stays small; model.py
uses these records in its fields. Every field is described for the JSON Schema.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from cvgen.core.charset import bad_character
from cvgen.model.schema import JsonHint, Record, doc, record

# The roles an author can be marked with (biblatex annotations `author+an = {1=equal; 3=student}`).
ROLES = ("equal", "corresponding", "senior", "student", "presenting")


def role_name(value: str) -> str:
    if value not in ROLES:
        raise ValueError(f"'{value}' is not a role; use one of {', '.join(ROLES)}")
    return value


def _annotations(value: str) -> str:
    for item in (i.strip() for i in value.split(";")):
        if item and not re.fullmatch(r"\d+\s*=\s*[\w, ]+", item, re.ASCII):
            raise ValueError(f"'{item}' is not N=role; write e.g. '1=equal; 3=student'")
    return value


def _text(value: str) -> str:
    """Plain text: no control characters, not blank. Rendered literally, never as LaTeX."""
    if reason := bad_character(value):
        raise ValueError(reason)
    if not value.strip() or all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in value):
        raise ValueError("is empty; write some text or remove the key")
    return value.strip()


def _url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s]+", value):
        raise ValueError(f"'{value}' is not a web address; it must start with https:// or http://")
    return value


def _tag(value: str) -> str:
    if not re.fullmatch(r"[\w.+-]+", value):
        raise ValueError(f"'{value}' is not a tag; a tag is one word (letters, digits, - _ . +)")
    return value


def _positive(value: int) -> int:
    if value < 1:
        raise ValueError(f"must be 1 or more; got {value}")
    return value


def _label(value: str) -> str:
    if "{n}" not in value:
        raise ValueError(f"'{value}' has no {{n}} for the number; write e.g. '[J{{n}}]' or 'C-{{n}}'")
    return value


Text = Annotated[str, _text, JsonHint({"minLength": 1})]
Label = Annotated[str, _text, _label, JsonHint({"pattern": r"\{n\}"})]
Url = Annotated[str, _text, _url, JsonHint({"pattern": "^https?://"})]
Role = Annotated[str, role_name, JsonHint({"enum": list(ROLES)})]
Tag = Annotated[str, _tag, JsonHint({"pattern": r"^[\w.+-]+$"})]
Positive = Annotated[int, _positive, JsonHint({"minimum": 1})]


@record
class RoleMark(Record):
    """How one role is marked: the symbol after the author's name and the legend's words."""

    symbol: Text | None = doc("The symbol after the name (default: * equal, † corresponding, ‡ senior, "
                              "§ student, ¶ presenting).", None)
    legend: Text | None = doc("The legend line's words (default e.g. 'Joint first authors.').", None)


@record
class PaperOverlay(Record):
    """Extras for one BibTeX entry, kept in cv.yaml so an exported .bib need not be edited."""

    marks: Annotated[str, _text, _annotations] | None = doc(
        "Author roles as biblatex annotations, added to the entry's author+an: '1=equal; 3=student'.", None)
    note: Text | None = doc("A line printed under the entry (your contribution, an award); overrides cv_note.",
                            None)
    selected: bool = doc("Count the entry as selected (as keywords = {selected} does).", False)
    tags: list[Tag] | None = doc("Tags for variants (added to the entry's own 'tags' field).", None)
    doi: Text | None = doc("The DOI (10.xxxx/...), printed as a [DOI] link.", None)
    url: Url | None = doc("The paper's web page, printed as a [URL] link.", None)
    pdf: Url | None = doc("The PDF, printed as a [PDF] link.", None)
    code: Url | None = doc("The code, printed as a [Code] link.", None)
    slides: Url | None = doc("The slides, printed as a [Slides] link.", None)
    video: Url | None = doc("A video, printed as a [Video] link.", None)
    poster: Url | None = doc("The poster, printed as a [Poster] link.", None)


@record
class PublicationGroup(Record):
    """A titled group of a publications section; an entry goes to the first group it fits."""

    title: Text = doc("The group's heading; {count} is replaced by its number of entries.")
    intro: Text | None = doc("A line under the heading; {count} is replaced as in the title.", None)
    keys: list[Text] | None = doc("BibTeX keys that belong here.", None)
    types: list[Text] | None = doc("BibTeX entry types that belong here (e.g. article).", None)
    keyword: Text | None = doc("Entries whose 'keywords' field holds this word.", None)
    year: int | None = doc("Entries of this year.", None)
    label: Label | None = doc("How this group's numbers print, {n} the number: '[J{n}]', 'C-{n}' "
                             "(default: the section's label).", None)


@record
class Variant(Record):
    """A named variant of the CV (`cvgen build --variant NAME`), written to cv-NAME.pdf."""

    include_tags: list[Tag] | None = doc("Keep only sections and entries that carry one of these tags "
                                         "(untagged ones stay).", None)
    exclude_tags: list[Tag] | None = doc("Drop sections and entries that carry one of these tags.", None)
    since: int | None = doc("Only publications of this year or later (forthcoming ones stay).", None)
    max_per_section: Positive | None = doc("At most this many publications per section (the newest).", None)
    selected_only: bool = doc("Only selected publications (keywords = {selected} or the CV's 'selected' list).",
                              False)
    drop_sections: list[Text] | None = doc("Titles of sections to leave out.", None)


Numbering = Literal["none", "ascending", "descending"]
LegendPlace = Literal["entry", "section", "cv"]
