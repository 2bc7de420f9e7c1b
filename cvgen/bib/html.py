"""HTML tags that people paste into BibTeX fields (Crossref and publisher exports carry
`<i>Drosophila</i>`, `CO<sub>2</sub>`, `<scp>`): which ones cvgen renders, and how.

A tag outside this table is reported (its text is kept); closing tags end the style.
"""

from __future__ import annotations

import re

# tag -> style: "italic", "bold", "sup", "sub", or "" (text kept as is, no warning)
HTML_TAGS: dict[str, str] = {
    "i": "italic", "em": "italic", "cite": "italic", "var": "italic", "dfn": "italic",
    "b": "bold", "strong": "bold",
    "sup": "sup", "sub": "sub",
    "span": "", "p": "", "div": "", "font": "", "a": "", "small": "", "big": "", "tt": "", "code": "",
    "u": "", "mark": "", "abbr": "", "acronym": "", "scp": "", "sc": "", "inline-formula": "",
    "jats:italic": "italic", "jats:bold": "bold", "jats:sup": "sup", "jats:sub": "sub", "jats:p": "",
}

_TAG = re.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9:-]*)(.*?)/?>", re.S)
_ATTR = re.compile(r"([A-Za-z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))")


def html_tag(raw: str) -> tuple[str, bool, dict[str, str]]:
    """'<a href="x">' -> ('a', False, {'href': 'x'}); names in lower case."""
    m = _TAG.fullmatch(raw)
    if not m:
        return raw, False, {}
    attrs = {a.group(1).lower(): a.group(2) or a.group(3) or a.group(4) or "" for a in _ATTR.finditer(m.group(3))}
    return m.group(2).lower(), bool(m.group(1)), attrs
