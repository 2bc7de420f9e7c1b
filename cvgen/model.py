"""The typed CV model: what `content/cv.yaml` may say, checked strictly.

Unknown keys are errors (a misspelt key must never pass silently), every section names its
kind by the one content key it carries, and dates accept the forms people write
(`2022-07`, `July 2022`, `2022`) but not ambiguous ones (`July'22`).

The models are frozen dataclasses whose annotations are the schema; `validate` walks the YAML
data against them and turns every problem into a `Problem` at its YAML line and column, all
at once. A validator of our own (about 150 lines) replaces pydantic here because importing
pydantic and building its schemas cost about 0.1 s on every build, a third of a TeX pass.
"""

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from . import ENGINES
from .errors import Problems
from .sources import Path_, YamlDoc

LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


# Invisible characters that copy-and-paste brings in: they would print as nothing, so the
# PDF's text layer could never hold what was typed.
INVISIBLE_CHARS = re.compile("[\u00ad\u200b\u2060\ufeff]")


def bad_character(value: str) -> str | None:
    """Why `value` cannot be printed as typed (a control or invisible character), or None."""
    if bad := CONTROL_CHARS.search(value):
        return f"contains the control character U+{ord(bad.group()):04X}; remove it"
    if bad := INVISIBLE_CHARS.search(value):
        return (f"contains the invisible character U+{ord(bad.group()):04X} {unicodedata.name(bad.group())} "
                "(often pasted from a web page or PDF); remove it")
    return None


def _text(value: str) -> str:
    """Plain text: no control characters, not blank. Rendered literally, never as LaTeX."""
    if reason := bad_character(value):
        raise ValueError(reason)
    if not value.strip() or all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in value):
        raise ValueError("is empty; write some text or remove the key")
    return value.strip()


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(f"'{value}' is not an e-mail address; write it as name@example.org")
    return value


def _url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s]+", value):
        raise ValueError(f"'{value}' is not a web address; it must start with https:// or http://")
    return value


def _acceptance_format(value: str) -> str:
    from .venues import check_acceptance_format

    return check_acceptance_format(value)


def _between(low: int, high: int, unit: str) -> Callable[[int], int]:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high} {unit}; got {value}")
        return value
    return check


def _two_or_more(value: list[str]) -> list[str]:
    """A group of spellings that are different people needs at least two of them."""
    if len(value) < 2:
        raise ValueError("must list at least two spellings that are different people, e.g. [A. Smith, Alan Smith]")
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
                raise ValueError(f"'{text}' is not a date: {LONG[month.month - 1]} {month.year} has no day "
                                 f"{int(m.group(3))}") from None
        return month
    if m := re.fullmatch(r"([A-Za-z]+)\.?,?\s+(\d{4})", text):
        return _checked(int(m.group(2)), _month_number(m.group(1), text), text)
    if re.fullmatch(r"[A-Za-z]+\.?\s*['’]\s*\d{2}", text):
        raise ValueError(f"'{text}' has a two-digit year; write it as YYYY-MM (e.g. 2022-07) or 'July 2022'")
    raise ValueError(f"'{text}' is not a date; write YYYY-MM (e.g. 2022-07), 'July 2022' or a year")


def _month_number(name: str, text: str) -> int:
    low = name.lower().rstrip(".")
    for i, full in enumerate(MONTHS, start=1):
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
Text = Annotated[str, _text]
Email = Annotated[str, _text, _email]
Url = Annotated[str, _text, _url]
DateValue = Annotated[Month, parse_month]

_model = dataclass(frozen=True, kw_only=True)  # every model: immutable, its fields given by name


class Record:
    """A mapping in cv.yaml: its dataclass fields are the keys it allows."""

    def invariants(self) -> Iterator[tuple[str, str]]:
        """(field, message) for each rule between fields that this record breaks."""
        return iter(())


@_model
class _Dated(Record):
    """An entry with a start and an optional end (listed first, as in the YAML people write)."""

    start: DateValue
    end: DateValue | None = None

    def invariants(self) -> Iterator[tuple[str, str]]:
        start, end = self.start, self.end
        if end is not None and (end.year, end.month or 12) < (start.year, start.month):
            yield "end", "is before 'start'; check both dates"


@_model
class Experience(_Dated):
    position: Text
    organization: Text | None = None
    details: Text | None = None


@_model
class Education(_Dated):
    degree: Text
    institution: Text
    grade: Text | None = None
    thesis: Text | None = None


@_model
class TalkVenue(Record):
    at: Text
    date: DateValue | None = None
    note: Text | None = None


@_model
class Talk(Record):
    title: Text
    at: Text | None = None
    date: DateValue | None = None
    note: Text | None = None
    venues: list[TalkVenue] | None = None


@_model
class Course(Record):
    course: Text
    role: Text | None = None
    term: Text | None = None
    details: Text | None = None


@_model
class Reference(Record):
    name: Text
    position: Text | None = None
    affiliation: Text | None = None
    email: Email | None = None


@_model
class PublicationSelection(Record):
    """Which BibTeX entries a section lists: by key, by entry type, by keyword."""

    keys: list[Text] | None = None
    types: list[Text] | None = None
    keyword: Text | None = None
    acceptance: bool = True
    venue_database: bool | None = None  # fill in figures from cvgen's venue database (default: settings)
    summary: bool = False  # a line after the list: "13 papers; median acceptance rate ..."


Bullet = Literal["none", "bullet", "diamond", "fourdiamond", "asterisk", "dash"]


@_model
class _Section(Record):
    """A section; its kind is the one content key it carries (see SECTION_KINDS)."""

    title: Text | None = None
    intro: Text | None = None
    bullet: Bullet | None = None


@_model
class TextSection(_Section):
    text: Text


@_model
class ExperienceSection(_Section):
    experience: list[Experience]


@_model
class EducationSection(_Section):
    education: list[Education]


@_model
class PublicationsSection(_Section):
    publications: PublicationSelection


@_model
class TalksSection(_Section):
    talks: list[Talk]


@_model
class ItemsSection(_Section):
    items: list[Text]


@_model
class TeachingSection(_Section):
    teaching: list[Course]


@_model
class ReferencesSection(_Section):
    references: list[Reference]


@_model
class RawLatexSection(_Section):
    """The one opt-in for raw LaTeX: inserted as written, unescaped. Use with care."""

    raw_latex: Text


SECTION_KINDS: dict[str, type[_Section]] = {
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


@_model
class Settings(Record):
    engine: Literal[ENGINES] = "pdflatex"  # type: ignore[valid-type]
    paper: Literal["a4", "letter"] = "a4"
    acceptance_format: Annotated[str, _text, _acceptance_format] = "long"
    venue_database: bool = False  # fill in acceptance figures the CV lacks from cvgen's venue database
    timeout: Annotated[int, _between(5, 3600, "seconds")] = 120
    # Author spellings the coauthor lint must not take for one person: [[A. Smith, Alan Smith], ...]
    distinct_people: list[Annotated[list[Text], _two_or_more]] | None = None


@_model
class CV(Record):
    name: Text
    email: Email | None = None
    website: Url | None = None
    bold_names: list[Text] | None = None
    bibliography: Text | None = None
    venue_figures: Text | None = None
    settings: Settings = field(default_factory=Settings)
    sections: list[_Section]

    @property
    def owner_names(self) -> list[str]:
        return list(self.bold_names or [self.name])


# --- validation ------------------------------------------------------------------------


def validate(doc: YamlDoc, problems: Problems) -> CV | None:
    """Validate YAML data into a CV; every error becomes a problem at its YAML position."""
    try:
        return _Checker(doc, problems).value(doc.data, CV, ())
    except _Invalid:
        return None


class _Invalid(Exception):
    """A value failed; its problem is already recorded."""


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false"}


class _Checker:
    """Walks the data against the model's annotations, recording every problem it meets."""

    def __init__(self, doc: YamlDoc, problems: Problems) -> None:
        self.doc, self.problems = doc, problems

    def error(self, path: Path_, message: str, key: bool = False) -> None:
        line, col = self.doc.where(path, key=key)
        self.problems.error(self.doc.file, line, col, message)

    def value(self, value: Any, hint: Any, path: Path_) -> Any:
        """The checked value for `hint`; raises _Invalid after recording why not."""
        if path in self.doc.unreadable:
            raise _Invalid  # YAML could not read it: reported already
        origin = get_origin(hint)
        if origin is Annotated:
            base, *checks = get_args(hint)
            value = self.value(value, base, path)
            for check in checks:
                try:
                    value = check(value)
                except ValueError as exc:
                    self.error(path, _with_subject(path, str(exc)))
                    raise _Invalid from None
            return value
        if origin is Union or origin is type(int | None):
            options = [a for a in get_args(hint) if a is not type(None)]
            return None if value is None else self.value(value, options[0], path)
        if origin is Literal:
            if value not in get_args(hint):
                choices = [repr(c) for c in get_args(hint)]
                self.error(path, f"{_subject(path)} must be one of {', '.join(choices[:-1])} or {choices[-1]}; "
                                 f"got {self.doc.raw.get(path, value)!r}")  # `no`, not False
                raise _Invalid
            return value
        if origin is list:
            return self.items(value, get_args(hint)[0], path)
        if hint is _Section:
            return self.section(value, path)
        if isinstance(hint, type) and issubclass(hint, Record):
            return self.record(value, hint, path)
        if hint in (str, Month) and isinstance(value, (int, float)) and path in self.doc.raw:
            value = self.doc.raw[path]  # as typed: `grade: 3.80` is not 3.8, `items: [No]` not False
        elif hint is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if hint is Month or isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
            return value
        self.wrong_type(value, _TYPE_NAMES[hint], path)

    def wrong_type(self, value: Any, expected: str, path: Path_) -> None:
        self.error(path, f"{_subject(path)} must be {expected}, not {_kind_of(value)}")
        raise _Invalid

    def items(self, value: Any, hint: Any, path: Path_) -> list[Any]:
        if not isinstance(value, list):
            self.wrong_type(value, "a list", path)
        if not value:
            self.error(path, f"{_subject(path)} is empty; add at least one entry or remove it")
            raise _Invalid
        result, failed = [], False
        for i, item in enumerate(value):
            try:
                result.append(self.value(item, hint, path + (i,)))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid
        return result

    def section(self, value: Any, path: Path_) -> _Section:
        choices = ", ".join(SECTION_KINDS)
        if not isinstance(value, dict):
            self.error(path, f"each section must be a mapping with one content key ({choices}), "
                             f"not {_kind_of(value)}")
            raise _Invalid
        kinds = [k for k in SECTION_KINDS if k in value]
        if len(kinds) == 1:
            return self.record(value, SECTION_KINDS[kinds[0]], path)
        if kinds:
            self.error(path, f"this section has several content keys ({', '.join(kinds)}); "
                             f"give exactly one of: {choices}")
        else:
            self.error(path, f"this section has no content; give exactly one of: {choices}")
            allowed = [f.name for f in fields(_Section)] + list(SECTION_KINDS)
            self.unknown_keys(value, allowed, path)  # a misspelt content key gets its suggestion
        raise _Invalid

    def record(self, value: Any, cls: type[Record], path: Path_) -> Any:
        if not isinstance(value, dict):
            self.wrong_type(value, "a mapping", path)
        known = fields(cls)  # type: ignore[arg-type]
        failed = self.unknown_keys(value, [f.name for f in known], path)
        checked: dict[str, Any] = {}
        for f in known:
            if f.name not in value:
                if f.default is MISSING and f.default_factory is MISSING:
                    self.error(path + (f.name,), f"'{f.name}' is required but missing; add it")
                    failed = True
                continue
            try:
                checked[f.name] = self.value(value[f.name], f.type, path + (f.name,))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid
        result = cls(**checked)
        broken = False
        for name, message in result.invariants():
            self.error(path + (name,), _with_subject(path + (name,), message))
            broken = True
        if broken:
            raise _Invalid
        return result

    def unknown_keys(self, value: dict[str, Any], allowed: list[str], path: Path_) -> bool:
        unknown = [key for key in value if key not in allowed]
        for key in unknown:
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else \
                f"remove it or check the spelling (allowed here: {', '.join(allowed)})"
            self.error(path + (key,), f"unknown key '{key}'; {hint}", key=True)
        return bool(unknown)


def _subject(path: Path_) -> str:
    """How a message names the value at `path`: its key, quoted."""
    if not path:
        return "the file's top level (name, email, sections, ...)"
    if len(path) >= 2 and isinstance(path[-1], int) and isinstance(path[-2], str):
        return f"an entry of '{path[-2]}'"
    for part in reversed(path):
        if isinstance(part, str):
            return f"'{part}'"
    return "this value"


def _with_subject(path: Path_, message: str) -> str:
    return f"{_subject(path)}: {message}" if message.startswith("'") else f"{_subject(path)} {message}"


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"{type(value).__name__} {value!r}"
