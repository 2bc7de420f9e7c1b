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
_INITIAL_TOKEN = re.compile(r"[^\W\d_]|[^\W\d_a-z]{2,3}", re.U)  # `S`, or `SA` written without dots


def _initials_only(text: str) -> bool:
    """`S.`, `S. A.`, `R.K.`, `J-P.`, `S`, `SA`: initials, no word a person is called by."""
    tokens = [t for t in re.split(r"[\s.\-]+", text) if t]
    return 0 < len(tokens) <= 4 and all(_INITIAL_TOKEN.fullmatch(t) and not any(c.islower() for c in t[1:])
                                         for t in tokens)


def _odd(parts: list[str]) -> bool:
    """A name with two or more commas that is not BibTeX's `von Last, Jr, First`."""
    jr = len(parts) == 3 and any(_JR.fullmatch(part) for part in parts[1:])  # `King, Jr., Martin`; `Moore, B, III`
    if len(parts) >= 2 and _extended(parts) is not None:  # biblatex's `family=Felice, given=Giovanni, prefix=de`
        return False
    return len(parts) >= 3 and not jr or len(parts) >= 2 and not parts[-1]


@dataclass(frozen=True)
class AuthorReading:
    """How an author field reads: `names` in order, each a name to parse, or (as_written=True
    at that index) a text printed as written, with `note` saying why (for the warning)."""

    names: tuple[str, ...]
    as_written: frozenset[int] = frozenset()
    note: str = ""  # empty: BibTeX's own list, nothing to warn


def read_author_list(raw: str) -> AuthorReading:
    """An author field as a reader reads it, never reordered, never guessed.

    BibTeX's own list (names joined by `and`, each `First Last`, `Last, First` or
    `Last, Jr, First`) reads as BibTeX reads it. Otherwise a name has only one reading when:
    - the whole field is a comma list of `Last, Initials` pairs (`Wentworth, S. A., Thede, K.`:
      an initial alone is nobody, so each pair is one person), or of `First Last` names;
    - one name among `and`s is `Last, Given, Initials` (`Palma, Marco, A.`: one given name,
      then initials; BibTeX would read `Marco` as a `Jr` part), or Scholar's `Moore, B, III`.
    Any other name with extra commas (`Vanhaudenhuyse, A Laureys, S`: an `and` missing, so
    which words make which person is not plain) prints as written, alone; the names around it
    read normally. A comma list that is neither kind prints whole as written.
    """
    names = split_names(raw)
    parts = [_split_top(name, ",") for name in names]
    odd = [i for i, p in enumerate(parts) if _odd(p)]
    # Google Scholar's `Moore, B, III` (the suffix last): BibTeX would print 'III Moore, B'.
    late_jr = [i for i, p in enumerate(parts) if len(p) == 3 and _JR.fullmatch(p[2]) and not _JR.fullmatch(p[1])]
    if late_jr and not odd:
        out = list(names)
        for i in late_jr:
            out[i] = f"{parts[i][0]}, {parts[i][2]}, {parts[i][1]}"
        return AuthorReading(tuple(out), note="; ".join(
            f"'{names[i]}' is read as '{parts[i][1]} {parts[i][0]}, {parts[i][2]}' (write '{out[i]}' to say so)"
            for i in late_jr))
    if not odd:
        return AuthorReading(tuple(names))
    if len(names) == 1 or any(not p[-1] for p in parts[:-1]):  # one comma list (`A, B, and C`)
        items = [item for p in parts for item in p if item]
        if (pairs := _last_initials_pairs(items)) is not None:
            return AuthorReading(tuple(pairs), note=f"read as {len(pairs)} names, each 'Last, Initials', in the order "
                                                 "written")
        if all(len(_words(item)) >= 2 and not _initials_only(item) for item in items):
            return AuthorReading(tuple(items), note=f"read as {len(items)} names in the order written")
        return AuthorReading((" ".join(raw.split()),), frozenset({0}),
                          note="it is not plain which words make one person; they print as written")
    out, written, notes = list(names), set(), []
    for i in odd:
        p = parts[i]
        if len(p) == 3 and len(_words(p[1])) == 1 and not _initials_only(p[1]) and _initials_only(p[2]):
            out[i] = f"{p[0]}, {p[1]} {p[2]}"  # `Palma, Marco, A.` -> Marco A. Palma
            notes.append(f"'{names[i]}' is read as '{p[1]} {p[2]} {p[0]}' (write '{out[i]}' to say so)")
        else:
            written.add(i)
            notes.append(f"'{names[i]}' has commas that make it more than one name (an 'and' missing?), so it prints "
                         "as written (put 'and' between its names)")
    return AuthorReading(tuple(out), frozenset(written), note="; ".join(notes))


def _last_initials_pairs(items: list[str]) -> list[str] | None:
    """`Wentworth, S. A., Thede, K.` -> ['Wentworth, S. A.', 'Thede, K.'], or None."""
    if len(items) < 4 or len(items) % 2:
        return None
    lasts, firsts = items[0::2], items[1::2]
    if all(_initials_only(f) for f in firsts) and not any(_initials_only(last) for last in lasts):
        return [f"{last}, {first}" for last, first in zip(lasts, firsts)]
    return None


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
