"""The typed CV model: what `content/cv.yaml` may say, checked strictly.

Unknown keys are errors (a misspelt key must never pass silently), every section names its
kind by the one content key it carries, and dates accept the forms people write
(`2022-07`, `July 2022`, `2022`) but not ambiguous ones (`July'22`). Validation errors are
turned into `Problem`s at the YAML line and column by `validate`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
)

from . import ENGINES
from .errors import Problems
from .sources import YamlDoc

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


def _scalar_to_str(value: Any) -> Any:
    """YAML reads `2024` or `9.5` as numbers; text fields take them as written."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_scalar_to_str), AfterValidator(_text)]


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


DateValue = Annotated[Month, BeforeValidator(parse_month)]
Email = Annotated[str, AfterValidator(_text),
                  AfterValidator(lambda v: v if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v)
                                 else _fail(f"'{v}' is not an e-mail address; write it as name@example.org"))]
Url = Annotated[str, AfterValidator(_text),
                AfterValidator(lambda v: v if re.fullmatch(r"https?://[^\s]+", v)
                               else _fail(f"'{v}' is not a web address; it must start with https:// or http://"))]


def _fail(message: str) -> Any:
    raise ValueError(message)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _end_after_start(end: Month | None, info: ValidationInfo) -> Month | None:
    start = info.data.get("start")
    if end is not None and isinstance(start, Month) and (end.year, end.month or 12) < (start.year, start.month):
        raise ValueError("is before 'start'; check both dates")
    return end


EndDate = Annotated[DateValue | None, AfterValidator(_end_after_start)]


class Experience(Strict):
    start: DateValue
    end: EndDate = None
    position: Text
    organization: Text | None = None
    details: Text | None = None


class Education(Strict):
    start: DateValue
    end: EndDate = None
    degree: Text
    institution: Text
    grade: Text | None = None
    thesis: Text | None = None


class TalkVenue(Strict):
    at: Text
    date: DateValue | None = None
    note: Text | None = None


class Talk(Strict):
    title: Text
    at: Text | None = None
    date: DateValue | None = None
    note: Text | None = None
    venues: list[TalkVenue] | None = Field(default=None, min_length=1)


class Course(Strict):
    course: Text
    role: Text | None = None
    term: Text | None = None
    details: Text | None = None


class Reference(Strict):
    name: Text
    position: Text | None = None
    affiliation: Text | None = None
    email: Email | None = None


class PublicationSelection(Strict):
    """Which BibTeX entries a section lists: by key, by entry type, by keyword."""

    keys: list[Text] | None = Field(default=None, min_length=1)
    types: list[Text] | None = Field(default=None, min_length=1)
    keyword: Text | None = None
    acceptance: bool = True
    venue_database: bool | None = None  # fill in figures from cvgen's venue database (default: settings)
    summary: bool = False  # a line after the list: "13 papers; median acceptance rate ..."


Bullet = Literal["none", "bullet", "diamond", "fourdiamond", "asterisk", "dash"]


class _Section(Strict):
    title: Text | None = None
    intro: Text | None = None
    bullet: Bullet | None = None


class TextSection(_Section):
    text: Text


class ExperienceSection(_Section):
    experience: list[Experience] = Field(min_length=1)


class EducationSection(_Section):
    education: list[Education] = Field(min_length=1)


class PublicationsSection(_Section):
    publications: PublicationSelection


class TalksSection(_Section):
    talks: list[Talk] = Field(min_length=1)


class ItemsSection(_Section):
    items: list[Text] = Field(min_length=1)


class TeachingSection(_Section):
    teaching: list[Course] = Field(min_length=1)


class ReferencesSection(_Section):
    references: list[Reference] = Field(min_length=1)


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


def _section_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return next(k for k, cls in SECTION_KINDS.items() if isinstance(value, cls))
    if not isinstance(value, dict):
        return None
    kinds = [k for k in SECTION_KINDS if k in value]
    return kinds[0] if len(kinds) == 1 else None


Section = Annotated[
    Union[tuple(Annotated[cls, Tag(kind)] for kind, cls in SECTION_KINDS.items())],  # type: ignore[misc]
    Discriminator(
        _section_kind,
        custom_error_type="section_kind",
        custom_error_message="a section needs exactly one content key",
    ),
]


def _acceptance_format(value: str) -> str:
    from .venues import check_acceptance_format

    return check_acceptance_format(value)


class Settings(Strict):
    engine: Literal[ENGINES] = "pdflatex"  # type: ignore[valid-type]
    paper: Literal["a4", "letter"] = "a4"
    acceptance_format: Annotated[Text, AfterValidator(_acceptance_format)] = "long"
    venue_database: bool = False  # fill in acceptance figures the CV lacks from cvgen's venue database
    timeout: int = Field(default=120, ge=5, le=3600)


class CV(Strict):
    name: Text
    email: Email | None = None
    website: Url | None = None
    bold_names: list[Text] | None = None
    bibliography: Text | None = None
    venue_figures: Text | None = None
    settings: Settings = Settings()
    sections: list[Section] = Field(min_length=1)  # type: ignore[valid-type]

    @property
    def owner_names(self) -> list[str]:
        return list(self.bold_names or [self.name])


# ---------------------------------------------------------------------------------------


def validate(doc: YamlDoc, problems: Problems) -> CV | None:
    """Validate YAML data into a CV; every error becomes a problem at its YAML position."""
    try:
        return CV.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors():
            path = _data_path(doc.data, err["loc"])
            line, col = doc.where(path, key=err["type"] == "extra_forbidden")
            problems.error(doc.file, line, col, _message(err, path, doc.data))
        return None


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Pydantic's location without union tags and function names, as a path into the data."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if i >= 2 and loc[i - 2] == "sections" and isinstance(loc[i - 1], int) and part in SECTION_KINDS:
            continue  # the union tag that names the section's kind, not a key of the data
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part not in SECTION_KINDS \
                and not part.startswith(("function-", "list[", "nullable[")):
            path.append(part)  # a missing key: point at its mapping
            node = None
    return tuple(path)


def _known_keys() -> set[str]:
    keys: set[str] = set()
    for model in [CV, Settings, Experience, Education, Talk, TalkVenue, Course, Reference,
                  PublicationSelection, *SECTION_KINDS.values()]:
        keys.update(model.model_fields)
    return keys


def _allowed_keys(data: Any, path: tuple[str | int, ...]) -> list[str]:
    """The keys the model accepts for the mapping at `path` (empty when it cannot tell)."""
    model: type[BaseModel] | None = CV
    node, parent = data, None
    for part in path:
        node = node[part] if isinstance(node, (dict, list)) and _has(node, part) else None
        if isinstance(part, int):
            if parent == "sections":  # a section's model follows from its content key
                kind = _section_kind(node)
                model = SECTION_KINDS[kind] if kind else _Section
            continue
        field = model.model_fields.get(part) if model is not None else None
        if field is None:
            return []
        parent, model = part, (None if part == "sections" else _inner_model(field.annotation))
    return list(model.model_fields) if model is not None else []


def _has(node: dict | list, part: str | int) -> bool:
    return part in node if isinstance(node, dict) else isinstance(part, int) and 0 <= part < len(node)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside `list[X] | None` and friends."""
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _message(err: dict[str, Any], path: tuple[str | int, ...], data: Any = None) -> str:
    kind = err["type"]
    where = _describe(path)
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        allowed = _allowed_keys(data, path[:-1])
        close = difflib.get_close_matches(key, sorted(allowed or _known_keys()), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "remove it or check the spelling"
        if allowed and not close:
            hint += f" (allowed here: {', '.join(allowed)})"
        return f"unknown key '{key}'; {hint}"
    if kind == "missing":
        return f"{where} is required but missing; add it"
    if kind == "section_kind":
        found = [k for k in SECTION_KINDS if isinstance(err.get("input"), dict) and k in err["input"]]
        choices = ", ".join(SECTION_KINDS)
        if len(found) > 1:
            return f"this section has several content keys ({', '.join(found)}); give exactly one of: {choices}"
        return f"this section has no content; give exactly one of: {choices}"
    if kind == "too_short":
        return f"{where} is empty; add at least one entry or remove it"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{where} must be one of {expected}; got {err.get('input')!r}"
    if kind in ("string_type", "list_type", "dict_type", "model_type", "int_type", "int_parsing",
                "bool_type", "bool_parsing"):
        expected = {"string_type": "text", "list_type": "a list", "dict_type": "a mapping",
                    "model_type": "a mapping", "int_type": "a whole number",
                    "int_parsing": "a whole number", "bool_type": "true or false",
                    "bool_parsing": "true or false"}[kind]
        return f"{where} must be {expected}, not {_kind_of(err.get('input'))}"
    message = str(err.get("msg", "is invalid"))
    message = message.removeprefix("Value error, ")
    return f"{where} {message}" if not message.startswith("'") else f"{where}: {message}"


def _describe(path: tuple[str | int, ...]) -> str:
    if not path:
        return "the file's top level (name, email, sections, ...)"
    for part in reversed(path):
        if isinstance(part, str):
            return f"'{part}'"
    return "this value"


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"{type(value).__name__} {value!r}"
