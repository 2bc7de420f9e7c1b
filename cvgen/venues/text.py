"""Words of venue names: how a booktitle is cut into keys and tokens, and which words mark a
track, satellite or journal. Generic rules only; the venues themselves live in the data."""
from __future__ import annotations

import re
import unicodedata

# Words that only say who publishes a venue or how it is counted.
PUBLISHER = frozenset("""
    acm ieee usenix ifip siam cvf rsj spec isoc ccf iacr euromicro
    sigplan sigops sigarch sigsoft sigsac sigact sigai sigbed sigmicro sigda
    sigmobile sigecom sigsim sigapp sigbio
""".split())
DROP = PUBLISHER | {"proceedings", "proc", "international", "annual", "the"}
# Leading words of a citation that are not part of a venue's name.
LEADING = frozenset({"in", "proc", "proceedings", "of", "the", "on"})
# Words that do not distinguish one venue name from another.
GENERIC = frozenset("""
    conference symposium workshop meeting colloquium on and of for in to from with
    a an at the international annual joint proceedings advances
""".split())
ORDINALS = frozenset("""
    first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth
    fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth
    fiftieth sixtieth seventieth eightieth ninetieth hundredth twenty thirty forty fifty sixty seventy
    eighty ninety one two three four five six seven eight nine
""".split())
# What may come right before a venue's full name inside a longer text.
LEAD_OK = (GENERIC - {"and"}) | ORDINALS | {"int", "intl", "conf", "symp", "by", "held", "part", "as", "edition"}
# A match preceded by one of these names a different (regional) event:
# "Asia Conference on Computer and Communications Security" is not CCS.
QUALIFIERS = frozenset("""
    asia asian european euro pacific latin american america africa african
    australasian nordic chinese china japan japanese korea korean indian india
    middle east eastern western northern southern north south mediterranean
    iberian baltic brazilian german british canadian french italian spanish
    russian regional midwest
""".split())

# Words and phrases marking a track, satellite or co-located event of a venue (or a journal):
# a text containing one that the venue's own names do not contain is not that venue.
JOURNAL_WORDS = frozenset(
    "transactions journal letters magazine review notices newsletter bulletin annals quarterly".split())
TRACK_WORDS = JOURNAL_WORDS | frozenset("""
    workshop workshops companion adjunct findings poster posters demo demos demonstration
    demonstrations abstracts doctoral tutorial tutorials competition colocated satellite
    nier seip seet seis lbw wip course courses talks panel panels keynote ea cup challenge hackathon
""".split())
TRACK_PHRASES = tuple(tuple(p.split()) for p in (
    "new ideas and emerging results", "software engineering in practice",
    "software engineering education and training", "software engineering in society",
    "spring symposium", "fall symposium", "spring symposia", "fall symposia", "symposium series",
    "short papers", "short paper", "industry papers", "industry track", "tool papers", "tools track",
    "student research", "research competition", "doctoral symposium", "doctoral consortium",
    "late breaking", "work in progress", "datasets and benchmarks", "tiny papers", "extended abstract",
    "co located", "posters and demos", "system demonstrations", "demo track", "poster session",
    "artifact track", "vision track", "journal first", "emerging technologies", "art gallery", "art papers",
    "technical communications", "invited talk", "shared task",
))

VOLUME = re.compile(r"\b(?:volume|vol|part|issue|no)\b\.?\s*(?:\d+|[ivxlc]+)\b", re.I)
NUMERIC_PAREN = re.compile(r"\(\s*(?:\d+|[ivxlc]+)\s*\)", re.I)
NUMBERISH = re.compile(r"^(?:\d+(?:st|nd|rd|th)?|'?\d{2})$")
ROMAN = re.compile(r"^[ivxlc]{1,6}$")  # 'Robotics: Science and Systems XIX' 
_TRAILING_YEAR = re.compile(r"^([a-z][a-z&+]*?)(\d{2}|\d{4})$")
_STRIP_FOR_KEY = PUBLISHER | {"international", "annual", "the"}
_TRAILING_GENERIC = frozenset({"conference", "symposium"})
_SEGMENT_SPLIT = re.compile(r"\s*(?:[,:;]|\s[-\u2013\u2014]\s)\s*")
_PARENS = re.compile(r"\(([^()]*)\)")
_BREAKS = re.compile(r"[,:;()\[\]]|\s[-\u2013\u2014]+\s")


def ascii_text(text: str) -> str:
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("\u2019", "'").replace("\u2018", "'")


def key_tokens(text: str) -> list[str]:
    """Tokens of an acronym-like string: 'ASPLOS '25' -> ['asplos']."""
    text = VOLUME.sub(" ", NUMERIC_PAREN.sub(" ", ascii_text(text).lower()))
    tokens = [("and" if t == "&" else t) for t in re.findall(r"[a-z0-9&+]+", text)]
    tokens = [t for t in tokens if not NUMBERISH.match(t)]
    while tokens and tokens[0] in LEADING:
        tokens.pop(0)
    return tokens


def raw_key(text: str) -> str:
    return " ".join(key_tokens(text))


def stripped_key(text: str) -> str:
    """Key without publishers and a trailing 'Conference'/'Symposium':
    'SIGMOD Conference' -> 'sigmod', 'USENIX ATC' -> 'atc'."""
    tokens = [t for t in key_tokens(text) if t not in _STRIP_FOR_KEY]
    if len(tokens) == 2 and tokens[-1] in _TRAILING_GENERIC:  # not 'Real-Time Systems [Symposium]'
        tokens.pop()
    return " ".join(tokens)


def trailing_year_acronym(raw: str) -> str | None:
    """'sosp23' -> 'sosp' (a single token with a year glued on)."""
    if " " in raw:
        return None
    m = _TRAILING_YEAR.match(raw)
    return m.group(1) if m else None


def name_tokens(text: str) -> tuple[str, ...]:
    """Tokens of a full name for containment matching."""
    text = VOLUME.sub(" ", ascii_text(text).lower().replace("&", " and "))
    return tuple(t for t in re.findall(r"[a-z0-9]+", text) if t not in DROP and not NUMBERISH.match(t))


def name_stream(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    """name_tokens of a longer text, and the positions of tokens that punctuation (a comma,
    colon, parenthesis, a spaced dash) separates from the token before them."""
    text = VOLUME.sub(" ", ascii_text(text).lower().replace("&", " and "))
    text = _BREAKS.sub(" | ", text)
    tokens: list[str] = []
    breaks: set[int] = set()
    for t in re.findall(r"[a-z0-9]+|\|", text):
        if t == "|":
            breaks.add(len(tokens))
        elif t not in DROP and not NUMBERISH.match(t):
            tokens.append(t)
    return tuple(tokens), frozenset(breaks)


def words(text: str) -> list[str]:
    """Every word of a text, in order (for track markers)."""
    return re.findall(r"[a-z0-9]+", ascii_text(text).lower().replace("&", " and "))


def acronym_candidates(text: str) -> list[str]:
    """The whole text, its parenthesised parts and its comma/colon/dash segments."""
    cleaned = NUMERIC_PAREN.sub(" ", text)
    out = [cleaned]
    out += _PARENS.findall(cleaned)
    out += _SEGMENT_SPLIT.split(_PARENS.sub(" ", cleaned))
    return [c for c in out if c.strip()]


def track_marker(tokens: list[str], own_words: frozenset[str]) -> str | None:
    """The first track word or phrase among tokens that the venue's own names do not contain."""
    for t in tokens:
        if t in TRACK_WORDS and t not in own_words:
            return t
    n = len(tokens)
    for phrase in TRACK_PHRASES:
        if all(w in own_words for w in phrase):
            continue
        k = len(phrase)
        if any(tuple(tokens[i:i + k]) == phrase for i in range(n - k + 1)):
            return " ".join(phrase)
    return None


def strip_track_words(text: str) -> str:
    """The text without its track words and phrases ('Companion Proceedings of X' -> 'Proceedings of X')."""
    out = ascii_text(text)
    for phrase in sorted(TRACK_PHRASES, key=len, reverse=True):
        out = re.sub(r"\b" + r"[\s-]+".join(phrase) + r"\b", " ", out, flags=re.I)
    return re.sub(r"\b(?:" + "|".join(sorted(TRACK_WORDS)) + r")\b", " ", out, flags=re.I)
