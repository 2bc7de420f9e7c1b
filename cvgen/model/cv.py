"""The typed CV model: what `content/cv.yaml` may say, checked strictly.

Unknown keys are errors (a misspelt key must never pass silently), every section names its
kind by the one content key it carries, and dates accept the forms people write
(`2022-07`, `July 2022`, `2022`) but not ambiguous ones (`July'22`).

The models are frozen dataclasses whose annotations are the schema (schema.py validates YAML
against them and emits the JSON Schema editors use); each field says what it is for.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

from cvgen.core.errors import Problems
from cvgen.model.papers import Label, Numbering, PaperOverlay, PublicationGroup, Tag, Variant, _text, _url
from cvgen.model.schema import JsonHint, KeyedUnion, Record, doc, record
from cvgen.model.contact import GitHub, Link, LinkedIn, Orcid, Phone, Scholar, Social
from cvgen.model.settings import Settings
from cvgen.model.schema import validate as validate_against
from cvgen.core.sources import YamlDoc
from cvgen.model.words import MONTH_NAMES


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(f"'{value}' is not an e-mail address; write it as name@example.org")
    return value




@dataclass(frozen=True, order=True)
class Month:
    """A date known to the month or only to the year."""

    year: int
    month: int = 0  # 0 when only the year is known


def parse_month(value: Any) -> Month:
    """Accept 2022-07, 2022-07-15, 2022/07, July 2022, Jul 2022, 2022; reject the rest clearly."""
    if isinstance(value, Month):
        return value
    if isinstance(value, date):
        return Month(value.year, value.month)
    if isinstance(value, int) and not isinstance(value, bool):
        return _checked(value, 0, str(value))
    if not isinstance(value, str):
        raise ValueError("expected a date such as 2022-07, 'July 2022' or 2022")
    text = value.strip()
    if m := re.fullmatch(r"(\d{4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?", text):
        month = _checked(int(m.group(1)), int(m.group(2) or 0), text)
        if m.group(2) and not month.month:
            raise ValueError(f"'{text}': there is no month 0; months run from 1 to 12 (or give only the year)")
        if m.group(3):
            try:
                date(month.year, month.month, int(m.group(3)))
            except ValueError:
                raise ValueError(f"'{text}' is not a date: {MONTH_NAMES[month.month - 1]} {month.year} has no day "
                                 f"{int(m.group(3))}") from None
        return month
    if m := re.fullmatch(r"([A-Za-z]+)\.?,?\s+(\d{4})", text):
        return _checked(int(m.group(2)), _month_number(m.group(1), text), text)
    if re.fullmatch(r"[A-Za-z]+\.?\s*['’]\s*\d{2}", text):
        raise ValueError(f"'{text}' has a two-digit year; write it as YYYY-MM (e.g. 2022-07) or 'July 2022'")
    raise ValueError(f"'{text}' is not a date; write YYYY-MM (e.g. 2022-07), 'July 2022' or a year")


def _month_number(name: str, text: str) -> int:
    low = name.lower().rstrip(".")
    for i, full in enumerate((name.lower() for name in MONTH_NAMES), start=1):
        if low == full or (len(low) >= 3 and full.startswith(low)) or (low == "sept" and i == 9):
            return i
    raise ValueError(f"'{text}': '{name}' is not a month name")


def _checked(year: int, month: int, text: str) -> Month:
    if not 1900 <= year <= 2200:
        raise ValueError(f"'{text}': the year {year} is out of range")
    if not 0 <= month <= 12:
        raise ValueError(f"'{text}': there is no month {month}; months run from 1 to 12")
    return Month(year, month)


# Field types: the base type, then the checks that run on it in order (each raises ValueError).
Text = Annotated[str, _text, JsonHint({"minLength": 1})]
Email = Annotated[str, _text, _email, JsonHint({"format": "email"})]
Url = Annotated[str, _text, _url, JsonHint({"pattern": "^https?://"})]
DateValue = Annotated[Any, parse_month, JsonHint({
    "type": ["string", "integer"], "examples": ["2022-07", "July 2022", 2022],
    "pattern": r"^(\d{4}([-/]\d{1,2}([-/]\d{1,2})?)?|[A-Za-z]+\.?,?\s+\d{4})$"})]



@record
class Dated(Record):
    """An entry with a start and an optional end (listed first, as in the YAML people write)."""

    start: DateValue = doc("When it started: 2022-07, 'July 2022' or a year.")
    end: DateValue | None = doc("When it ended; leave it out for an entry that goes on ('Since ...').", None)
    tags: list[Tag] | None = doc("Tags for variants: a variant keeps or drops the entry by them.", None)

    def invariants(self) -> Iterator[tuple[str, str]]:
        start, end = self.start, self.end
        if end is not None and (end.year, end.month or 12) < (start.year, start.month):
            yield "end", "is before 'start'; check both dates"


@record
class Experience(Dated):
    """A position held."""

    position: Text = doc("The job title, printed in bold.")
    organization: Text | None = doc("Where: the employer or institution.", None)
    details: Text | None = doc("A sentence more (team, topic). Takes **bold**, *italic*, [links](https://...) and `code`.", None)


@record
class Education(Dated):
    """A degree."""

    degree: Text = doc("The degree, printed in bold (e.g. 'Ph.D. in Computer Science').")
    institution: Text = doc("The university or school.")
    grade: Text | None = doc("The grade as written (e.g. 'CGPA: 3.80'); numbers keep what was typed.", None)
    thesis: Text | None = doc("The thesis title, printed on a line of its own.", None)


@record
class TalkVenue(Record):
    """One more place a talk was given."""

    at: Text = doc("Where the talk was given.")
    date: DateValue | None = doc("When: 2022-07, 'July 2022' or a year.", None)
    note: Text | None = doc("A remark printed in parentheses (e.g. 'invited').", None)


@record
class Talk(Record):
    """A talk, given once or at several places."""

    title: Text = doc("The talk's title, printed in quotes.")
    at: Text | None = doc("Where the talk was given.", None)
    date: DateValue | None = doc("When: 2022-07, 'July 2022' or a year.", None)
    note: Text | None = doc("A remark printed in parentheses (e.g. 'invited').", None)
    venues: list[TalkVenue] | None = doc("Further places where the same talk was given.", None)
    tags: list[Tag] | None = doc("Tags for variants: a variant keeps or drops the entry by them.", None)


@record
class Course(Record):
    """A course taught."""

    course: Text = doc("The course's name, printed in italics.")
    role: Text | None = doc("Your role (e.g. 'Teaching Assistant').", None)
    term: Text | None = doc("When (e.g. 'Fall 2021'), printed in parentheses.", None)
    details: Text | None = doc("A sentence more. Takes **bold**, *italic*, [links](https://...) and `code`.", None)
    tags: list[Tag] | None = doc("Tags for variants: a variant keeps or drops the entry by them.", None)


@record
class Reference(Record):
    """A person who can be asked about you."""

    name: Text = doc("Their name.")
    position: Text | None = doc("Their position (e.g. 'Professor').", None)
    affiliation: Text | None = doc("Their institution.", None)
    email: Email | None = doc("Their e-mail address, printed as a link.", None)
    tags: list[Tag] | None = doc("Tags for variants: a variant keeps or drops the entry by them.", None)


@record
class PublicationSelection(Record):
    """Which BibTeX entries a section lists: by key, by entry type, by keyword."""

    keys: list[Text] | None = doc("BibTeX keys, listed in this order.", None)
    types: list[Text] | None = doc("BibTeX entry types to list (e.g. inproceedings, article).", None)
    keyword: Text | None = doc("List the entries whose 'keywords' field holds this word.", None)
    acceptance: bool = doc("Print each conference paper's acceptance figures.", True)
    venue_database: bool | None = doc("Fill in figures the CV lacks from cvgen's venue database "
                                      "(default: settings.venue_database).", None)
    summary: bool = doc("A line after the list: '13 papers; median acceptance rate ...'.", False)
    selected: bool = doc("Only selected entries (keywords = {selected} or the CV's 'selected' list).", False)
    groups: list[PublicationGroup] | None = doc("Titled groups, each entry in the first it fits; "
                                                "entries that fit none are left out (with a warning).", None)
    group_by_year: bool = doc("One group per year, newest first (when 'groups' is not given).", False)
    numbering: Numbering = doc("Number the entries: none, ascending or descending.", "none")
    number_per_group: bool = doc("Restart the numbers in each group (default: one run over the section).", False)
    label: Label = doc("How numbers print, {n} the number: '[{n}]', 'C-{n}'; a group may set its own.", "[{n}]")


Bullet = Literal["none", "bullet", "diamond", "fourdiamond", "asterisk", "dash"]


@record
class Section(Record):
    """A section of the CV; its kind is the one content key it carries."""

    title: Text | None = doc("The section's heading; without one the section continues the previous.", None)
    intro: Text | None = doc("A paragraph under the heading. Takes **bold**, *italic*, [links](https://...) and `code`.", None)
    bullet: Bullet | None = doc("The list bullet (default: the theme's one bullet for every list).", None)
    tags: list[Tag] | None = doc("Tags for variants: a variant keeps or drops the section by them.", None)


@record
class TextSection(Section):
    """A section of paragraphs."""

    text: Text = doc("Paragraphs of text; a blank line starts a new paragraph. Takes **bold**, *italic*, [links](https://...) and `code`.")


@record
class ExperienceSection(Section):
    """Positions held, newest first as written."""

    experience: list[Experience] = doc("The positions, each with start, end, position, organization.")


@record
class EducationSection(Section):
    """Degrees."""

    education: list[Education] = doc("The degrees, each with start, end, degree, institution.")


@record
class PublicationsSection(Section):
    """Publications from the bibliography."""

    publications: PublicationSelection = doc("Which BibTeX entries to list, and how.")


@record
class TalksSection(Section):
    """Talks."""

    talks: list[Talk] = doc("The talks, each with title, at, date.")


@record
class ItemsSection(Section):
    """A plain list (awards, service, skills)."""

    items: list[Text] = doc("The list's items, one line each. Takes **bold**, *italic*, [links](https://...) and `code`.")


@record
class TeachingSection(Section):
    """Courses taught."""

    teaching: list[Course] = doc("The courses, each with course, role, term.")


@record
class ReferencesSection(Section):
    """References."""

    references: list[Reference] = doc("The references, each with name, position, affiliation, email.")


@record
class RawLatexSection(Section):
    """The one opt-in for raw LaTeX: inserted as written, unescaped. Use with care."""

    raw_latex: Text = doc("LaTeX inserted as written, unescaped (the theme's macros are available).")


SECTION_KINDS: dict[str, type[Section]] = {
    "text": TextSection,
    "experience": ExperienceSection,
    "education": EducationSection,
    "publications": PublicationsSection,
    "talks": TalksSection,
    "items": ItemsSection,
    "teaching": TeachingSection,
    "references": ReferencesSection,
    "raw_latex": RawLatexSection,
}
AnySection = Annotated[Section, KeyedUnion(SECTION_KINDS, "section")]  # type: ignore[arg-type]


@record
class CV(Record):
    """A researcher's CV: who, where the publications are, and the sections in order."""

    name: Text = doc("Your full name, printed at the top.")
    email: Email | None = doc("Your e-mail address, printed as a link.", None)
    website: Url | None = doc("Your web page (https://...), printed as a link.", None)
    phone: Phone | None = doc("Your phone number, printed as a tel: link.", None)
    location: Text | None = doc("Where you are (city, country).", None)
    orcid: Orcid | None = doc("Your ORCID iD (0000-0002-1825-0097), not the URL.", None)
    scholar: Scholar | None = doc("Your Google Scholar user id (the user= part of your profile's address).", None)
    github: GitHub | None = doc("Your GitHub user name, not the URL.", None)
    linkedin: LinkedIn | None = doc("Your LinkedIn name (the part after linkedin.com/in/).", None)
    social: Social | None = doc("Your Mastodon (@user@server) or Bluesky (@user.bsky.social) handle.", None)
    links: list[Link] | None = doc("More links of your own: [{label: Blog, url: https://...}].", None)
    bold_names: list[Text] | None = doc("The spellings of your name in author lists, printed in bold "
                                        "(default: name).", None)
    bibliography: Text | None = doc("The .bib file of your publications, relative to this file.", None)
    venue_figures: Text | None = doc("The venues.yaml of acceptance figures, relative to this file.", None)
    settings: Settings = doc("How the PDF is made.", default_factory=Settings)
    sections: list[AnySection] = doc("The CV's sections, in order; each has one content key.")
    papers: dict[Text, PaperOverlay] | None = doc("Extras per BibTeX key (marks, note, links, tags, selected), "
                                                  "for a .bib you would rather not edit.", None)
    selected: list[Text] | None = doc("BibTeX keys of selected publications (for 'selected' sections and "
                                      "variants).", None)
    variants: dict[Text, Variant] | None = doc("Named variants of this CV (cvgen build --variant NAME).", None)

    @property
    def owner_names(self) -> list[str]:
        return [self.name] + [n for n in self.bold_names or [] if n != self.name]


def validate(data: YamlDoc, problems: Problems) -> CV | None:
    """Validate cv.yaml into a CV; every error becomes a problem at its YAML position."""
    return validate_against(data, problems, CV)
