"""Every word the reader sees that cvgen (not the user) writes: one table, for one locale.

Dates ("Since March'25", "January, 2020"), the joining words (" at ", ", "), labels
("Thesis:", "Inventors:"), legends ("Joint first authors."), the acceptance line and the
publication summary. Enrich (enrich.py) takes them from a `Words`; renderers never add
words of their own. Another language is another `Words` value.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from decimal import Decimal

NAMED_FORMATS = {
    "long": "Submissions: {submitted}, Accepted: {accepted}, Acceptance rate: {rate}%",
    "short": "acceptance rate {rate1}%",
}
# The month names dates are written and parsed with (cv.yaml accepts 'July 2022', 'Jul 2022').
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
PLACEHOLDERS = {
    "submitted": "submissions", "accepted": "accepted papers", "rate": "rate, two decimals",
    "rate1": "rate, one decimal", "venue": "venue name", "year": "conference year",
}


@dataclass(frozen=True)
class Words:
    """The wording of one locale (English, as the reference CV prints it)."""

    lang: str = "en"  # BCP 47 tag of this wording (HTML's lang attribute)
    short_months: tuple[str, ...] = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct",
                                     "Nov", "Dec")  # AP style, as compact date columns print them
    long_months: tuple[str, ...] = MONTH_NAMES
    document_title: str = "{name} – Curriculum Vitae"
    since: str = "Since {start}"
    span: str = "{start} – {end}"
    at: str = " at "
    thesis: str = "Thesis:"
    inventors: str = "Inventors:"
    editors: str = "(eds.)"
    # The words around a publication's standard fields (entrykinds.Details roles); a role
    # not listed prints its value as is. `{}` is the value; a template without one is used
    # only when the value is empty (a thesis of no stated type).
    details: dict[str, str] = field(default_factory=lambda: {
        "container": "In {}", "editors": "edited by {}", "number": "no. {}", "pages": "pp. {}", "page": "p. {}",
        "chapter": "chapter {}", "book_volume": "volume {}", "edition": "{} edition", "report": "Technical report {}",
        "phdthesis": "PhD thesis", "mastersthesis": "Master's thesis", "thesis": "Thesis"})
    detail_separator: str = ", "
    detail_end: str = "."
    joint_first: str = " Joint first authors."
    acceptance_formats: dict[str, str] = field(default_factory=lambda: dict(NAMED_FORMATS))
    papers: tuple[str, str] = ("{n} paper", "{n} papers")
    median: str = "{papers}; median acceptance rate of their venues {median}%"
    median_some: str = "{papers}; median acceptance rate of their venues {median}% ({count} with figures)"

    def short_date(self, year: int, month: int) -> str:
        """July'22: the month with a two-digit year; the year alone when the month is unknown."""
        return f"{self.short_months[month - 1]}'{year % 100:02d}" if month else f"{year}"

    def date_range(self, start: tuple[int, int], end: tuple[int, int] | None) -> str:
        if end is None:
            return self.since.format(start=self.short_date(*start))
        return self.span.format(start=self.short_date(*start), end=self.short_date(*end))

    def long_date(self, year: int, month: int) -> str:
        return f"{self.long_months[month - 1]}, {year}" if month else str(year)

    def acceptance(self, template: str, submitted: int, accepted: int, rate: Decimal, rate1: Decimal, venue: str,
                   year: int) -> str:
        """The acceptance line: a named form (`long`, `short`) or a template of PLACEHOLDERS."""
        template = self.acceptance_formats.get(template, template)
        return template.format(submitted=submitted, accepted=accepted, rate=rate, rate1=rate1, venue=venue, year=year)

    def detail(self, role: str, value: str) -> str:
        """One part of the line under a publication's authors, in words."""
        template = self.details.get(role)
        if template is None:
            return value
        if role == "edition" and value.isdigit():
            value = self.ordinal(int(value))
        elif role == "edition" and "edition" in value.lower():
            return value
        return template.format(value).strip() if "{}" in template else (value or template)

    def ordinal(self, n: int) -> str:
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"

    def details_parts(self, parts: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
        """(role, words) of each part; a status alone ('forthcoming') starts with a capital."""
        out = [(role, self.detail(role, value)) for role, value in parts]
        if len(out) == 1 and out[0][0] == "date":
            out[0] = ("date", out[0][1][:1].upper() + out[0][1][1:])
        return out

    def details_text(self, parts: tuple[tuple[str, str], ...], patent: bool = False) -> str | None:
        """The whole line as text: parts joined, with a full stop unless it ends in one."""
        texts = [text for _, text in self.details_parts(parts)]
        if not texts:
            return None
        text = self.detail_separator.join(texts)
        return text if patent or text.endswith((".", "!", "?")) else text + self.detail_end

    def count_papers(self, n: int) -> str:
        return self.papers[0 if n == 1 else 1].format(n=n)

    def summary(self, papers: int, median: Decimal | None, with_figures: int) -> str:
        """'13 papers; median acceptance rate of their venues 20.1%' (and how many have figures
        when not all do)."""
        text = self.count_papers(papers)
        if median is None:
            return text
        if with_figures == papers:
            return self.median.format(papers=text, median=median)
        return self.median_some.format(papers=text, median=median, count=with_figures)


ENGLISH = Words()


def sentence(text: str) -> str:
    """End with a full stop unless the text already ends with one."""
    return text if text.endswith((".", "!", "?")) else text + "."


def check_acceptance_format(value: str) -> str:
    """Validate settings.acceptance_format: a named form or a template of known placeholders."""
    if value in NAMED_FORMATS:
        return value
    allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise ValueError(f"is not a valid template ({exc}); write literal braces as {{{{ and }}}}") from None
    for name, spec, conv in fields:
        if name not in PLACEHOLDERS:
            shown = "{" + name + "}" if name else "{}"
            raise ValueError(f"has an unknown placeholder {shown}; use {allowed}, or 'long' / 'short'")
        if spec or conv:
            raise ValueError(f"placeholder {{{name}}} takes no format or conversion; "
                             "for a one-decimal rate use {rate1}")
    if not fields:
        raise ValueError(f"has no placeholder, so every paper would print the same text; use {allowed}, "
                         "or 'long' / 'short'")
    return value
