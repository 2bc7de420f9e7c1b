"""What a CV may write in place of cvgen's words: the keys of settings.words with their
placeholders, and settings.acceptance_format. Each check raises ValueError saying what to fix."""

from __future__ import annotations

import string

from cvgen.model.words import NAMED_FORMATS, PLACEHOLDERS

# The words a CV may override (settings.words): key -> (placeholders allowed, placeholders required).
WORD_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "document_title": (("name",), ()), "since": (("start",), ("start",)), "span": (("start", "end"), ("start", "end")),
    "present": ((), ()), "at": ((), ()), "thesis": ((), ()), "inventors": ((), ()), "editors": ((), ()), "joint_first": ((), ()),
    "acceptance_long": (tuple(PLACEHOLDERS), ()), "acceptance_short": (tuple(PLACEHOLDERS), ()),
    "paper": (("n",), ("n",)), "papers": (("n",), ("n",)), "median": (("papers", "median"), ("papers", "median")),
    "median_some": (("papers", "median", "count"), ("papers", "median", "count")),
    "page": (("page", "pages"), ("page",)), "last_updated": (("month", "year"), ("year",)),
    "short_date": (("month", "yy", "year"), ("month",)),
    "long_date": (("month", "year"), ("month", "year")), "decimal": ((), ()),
    "quote_open": ((), ()), "quote_close": ((), ()), "label": (("label",), ("label",)), "separator": ((), ()),
    "preprint": (("server",), ("server",)), "preprint_unnamed": ((), ()),
}
MONTH_KEYS = ("months", "short_months")  # lists of twelve names


def check_word(key: str, value: str) -> str:
    """Validate one override of `key`: only its placeholders, and the ones it must show."""
    allowed, required = WORD_KEYS[key]
    names = _placeholders(value, allowed)
    if missing := [p for p in required if p not in names]:
        raise ValueError(f"lacks {', '.join('{' + p + '}' for p in missing)}, so the "
                         f"{'value' if len(missing) == 1 else 'values'} would not be printed")
    return value


def _placeholders(value: str, allowed: tuple[str, ...]) -> list[str]:
    try:
        names = [(n, spec, conv) for _, n, spec, conv in string.Formatter().parse(value) if n is not None]
    except ValueError as exc:
        raise ValueError(f"is not a valid template ({exc}); write literal braces as {{{{ and }}}}") from None
    shown = ", ".join("{" + p + "}" for p in allowed) or "none (write literal braces as {{ and }})"
    for name, spec, conv in names:
        if name not in allowed:
            raise ValueError(f"has an unknown placeholder {{{name}}}; the placeholders here are {shown}")
        if spec or conv:
            raise ValueError(f"placeholder {{{name}}} takes no format or conversion")
    return [n for n, _, _ in names]


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
