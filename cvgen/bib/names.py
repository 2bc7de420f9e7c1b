"""Author names: BibTeX's name grammar on the raw field, and the CV owner found however spelled.

Names are split and parsed before decoding (so `{Barnes and Noble, Inc.}` stays one name and
`and \\'Emile Zola` keeps its É), then decoded word by word. The owner is matched by surname
and compatible given names ("Ashish Panwar" = "Panwar, A." = "A. K. Panwar"), never by the
surname alone ("B. Panwar" is someone else).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from cvgen.bib.decode import decode

# A whole name wrapped in a formatting command: `\textbf{Allesina, S.}`, `{\bf A. B}`.
_WRAPPED = re.compile(r"^\\(textbf|textit|emph|underline|uline|textsc|texttt|textsf|mbox|textrm)\s*\{(.*)\}$", re.S)
_DECLARED = re.compile(r"^\{\\(bf|it|em|sc|bfseries|itshape|underline)\b\s*(.*)\}$", re.S)


@dataclass(frozen=True)
class Name:
    """One parsed name: decoded parts, as BibTeX splits them."""

    first: str
    von: str
    last: str
    jr: str
    bold: bool = False  # written inside \textbf{...} in the .bib
    others: bool = False  # `and others`

    @property
    def display(self) -> str:
        """First von Last, Jr: how a CV prints a name."""
        text = " ".join(p for p in (self.first, self.von, self.last) if p)
        return f"{text}, {self.jr}" if self.jr else text


def split_names(raw: str) -> list[str]:
    """Split an author list at ' and ' outside braces (any case, any whitespace)."""
    return list(_split_names(raw))


@lru_cache(maxsize=4096)
def _split_names(raw: str) -> tuple[str, ...]:
    names, depth, start, i = [], 0, 0, 0
    low = raw.lower()
    n = len(raw)
    while i < n:
        ch = raw[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch.isspace() and low.startswith("and", i + 1) and i + 4 < n and raw[i + 4].isspace():
            names.append(raw[start:i])
            i += 4
            start = i
            continue
        i += 1
    names.append(raw[start:])
    return tuple(" ".join(n.split()) for n in names if n.strip())


_JR = re.compile(r"(jr|sr|[ivx]+|[0-9](st|nd|rd|th))\.?", re.I)


def comma_list(raw: str) -> list[str] | None:
    """An author list written with commas instead of `and` (`Babbage, Charles, Ada Lovelace,
    and Mary Somerville`), which BibTeX would read as one reordered name: None when the list
    is BibTeX's own; else its names in order when each is plainly `First Last`, or [] when it
    must print as written (whether `Babbage, Charles` is one person or two is not plain)."""
    names = split_names(raw)
    suspicious = False
    for name in names:
        parts = _split_top(name, ",")
        jr = any(_JR.fullmatch(part) for part in parts[1:])  # `King, Jr., Martin`; Scholar's `Moore, B, III`
        if len(parts) >= 3 and not jr or len(parts) >= 2 and not parts[-1]:
            suspicious = True
    if not suspicious:
        return None
    items = [p for name in names for p in _split_top(name, ",") if p]
    return items if all(len(_words(item)) >= 2 for item in items) else []


@lru_cache(maxsize=16384)  # co-authors repeat across a list: each spelling is parsed once
def parse_name(raw: str) -> Name:
    """BibTeX's three forms: 'First von Last', 'von Last, First', 'von Last, Jr, First'."""
    raw = raw.strip()
    if raw.lower() == "others":
        return Name("", "", "et al.", "", others=True)
    bold = False
    for pattern in (_WRAPPED, _DECLARED):
        m = pattern.match(raw)
        if m and _balanced(m.group(2)):
            bold = m.group(1) in ("textbf", "bf", "bfseries")
            raw = m.group(2).strip()
            break
    parts = _split_top(raw, ",")
    if (named := _extended(parts)) is not None:
        return replace(named, bold=bold)
    if len(parts) == 1:
        words = _words(parts[0])
        lower = [i for i, w in enumerate(words[:-1]) if _is_lower(w)]
        if lower:
            first, von, last = words[:lower[0]], words[lower[0]:lower[-1] + 1], words[lower[-1] + 1:]
        else:
            first, von, last = words[:-1], [], words[-1:]
        jr: list[str] = []
    else:
        head = _words(parts[0])
        lower = [i for i, w in enumerate(head[:-1]) if _is_lower(w)]
        cut = lower[-1] + 1 if lower and lower[0] == 0 else 0
        von, last = head[:cut], head[cut:]
        jr = _words(parts[1]) if len(parts) >= 3 else []
        first = _words(",".join(parts[2:]) if len(parts) >= 3 else parts[1])
    return Name(_text(first), _text(von), _text(last), _text(jr), bold)


_KEY = re.compile(r"^\s*(family|given|prefix|suffix|useprefix|[a-z]+-i)\s*=\s*(.*?)\s*$", re.S)


def _extended(parts: list[str]) -> Name | None:
    """biblatex's extended name format ('family=Zerda, given=Adam, prefix=de la, useprefix=true'),
    which Zotero's Better BibLaTeX writes; None when the name is not in it."""
    fields: dict[str, str] = {}
    for part in parts:
        m = _KEY.match(part)
        if m is None:
            return None
        value = m.group(2)
        if value.startswith("{") and value.endswith("}") and _balanced(value[1:-1]):
            value = value[1:-1]
        fields[m.group(1)] = value
    if "family" not in fields and "given" not in fields:
        return None
    return Name(_text(_words(fields.get("given", ""))), _text(_words(fields.get("prefix", ""))),
                _text(_words(fields.get("family", ""))), _text(_words(fields.get("suffix", ""))))


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _words(text: str) -> list[str]:
    """Words at brace depth 0 (a '~' joins nothing: it is a space between words)."""
    words, depth, current = [], 0, []
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if depth == 0 and (ch.isspace() or ch == "~"):
            if current:
                words.append("".join(current))
            current = []
        else:
            current.append(ch)
    if current:
        words.append("".join(current))
    return words


def _is_lower(word: str) -> bool:
    """BibTeX's von test: the first letter is lower case; a braced word is protected."""
    if word.startswith("{") and not word.startswith("{\\"):
        return False
    letters = [ch for ch in decode(word).text if ch.isalpha()]
    return bool(letters) and letters[0].islower()


def _text(words: list[str]) -> str:
    return decode(" ".join(words)).text if words else ""


# --- finding the CV owner -------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace(".", " ").split())


def _given(text: str) -> list[str]:
    return [t for t in re.split(r"[\s.\-‐]+", _fold(text)) if t]


def _initial_match(a: str, b: str) -> bool:
    """'a' and 'ashish' agree; 'ashish' and 'anil' do not; É and E are one initial."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        strip = lambda s: unicodedata.normalize("NFD", s)[0]  # noqa: E731
        return strip(a) == strip(b)
    return False


@dataclass(frozen=True)
class OwnerMatcher:
    """The CV's `name` and `bold_names`, matched against author names however spelled."""

    forms: tuple[Name, ...]
    exact: frozenset[str]

    @classmethod
    def of(cls, names: list[str]) -> OwnerMatcher:
        return _matcher(tuple(names))

    def matches(self, name: Name) -> bool:
        return _matches(self, name)

    def _match(self, name: Name) -> bool:
        if name.others:
            return False
        if _compact(name.display) in self.exact:
            return True
        surname = _fold(f"{name.von} {name.last}")
        given = _given(name.first)
        for form in self.forms:
            if _fold(f"{form.von} {form.last}") != surname or not given:
                continue
            mine = _given(form.first)
            if mine and all(_initial_match(a, b) for a, b in zip(mine, given)):
                if _initial_match(mine[0], given[0]):
                    return True
        return False


@lru_cache(maxsize=8)
def _matcher(names: tuple[str, ...]) -> OwnerMatcher:
    return OwnerMatcher(tuple(parse_name(n) for n in names if n.strip()),
                        frozenset(_compact(decode(n).text) for n in names))


@lru_cache(maxsize=16384)
def _matches(matcher: OwnerMatcher, name: Name) -> bool:
    return matcher._match(name)


def _compact(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", text).casefold() if ch.isalnum())
