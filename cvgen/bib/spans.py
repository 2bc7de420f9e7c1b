"""What decoding a BibTeX field gives: runs of styled text (`Span`) and the field's `Decoded`
value (spans, unknown commands, notes, a sort key), apart from the decoder that makes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one style; `math` is a safe formula when the text was math."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    math: str | None = None


@dataclass(frozen=True, slots=True)
class Decoded:
    """A field decoded: spans to print, unknown commands to warn about, a `\\noopsort` key."""

    spans: tuple[Span, ...]
    unknown: tuple[str, ...] = ()
    sortkey: str = ""
    notes: tuple[str, ...] = ()  # other things the caller warns about at the field (said in full)
    text: str = field(init=False)  # the whole text, math as its Unicode reading

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", "".join(s.text for s in self.spans))

    @property
    def plain_text(self) -> str:
        """The text outside math (what must be printable as text under the engine)."""
        return "".join(s.text for s in self.spans if s.math is None)


def normalize(spans: list[Span]) -> tuple[Span, ...]:
    """Merge runs of one style, collapse whitespace across spans, trim the ends."""
    merged: list[Span] = []
    for s in spans:
        text = re.sub(r"\s+", " ", s.text.replace("\xa0", " "))
        if merged and text == " " and merged[-1].text.endswith(" "):
            continue
        if merged and merged[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        prev = merged[-1] if merged else None
        if prev and s.math is None and prev.math is None and (prev.bold, prev.italic, prev.link) == (
                s.bold, s.italic, s.link):
            merged[-1] = Span(prev.text + text, s.bold, s.italic, s.link)
        else:
            merged.append(Span(text, s.bold, s.italic, s.link, s.math))
    if merged and merged[0].text.startswith(" "):
        first = merged[0]
        merged[0] = Span(first.text.lstrip(), first.bold, first.italic, first.link, first.math)
    if merged and merged[-1].text.endswith(" "):
        last = merged[-1]
        merged[-1] = Span(last.text.rstrip(), last.bold, last.italic, last.link, last.math)
    return tuple(s for s in merged if s.text)
