"""Variants of one CV (`cvgen build --variant short`): which sections and publications stay.

A variant (pubmodel.Variant, under `variants:` in cv.yaml) drops sections by title or tag and
filters each publications section by tag, year, selection and count. It never changes what an
entry says, only whether it is printed. The full CV is the build without a variant.
"""

from __future__ import annotations

from cvgen.model import cv as m
from cvgen.core.errors import Problems
from cvgen.papers.build import Publication
from cvgen.model.papers import Variant


def _kept(tags: tuple[str, ...] | list[str] | None, v: Variant) -> bool:
    """Untagged things stay unless excluded; a tagged thing needs one included tag (if any are given)."""
    tags = set(tags or ())
    if v.exclude_tags and tags & set(v.exclude_tags):
        return False
    return not (v.include_tags and tags) or bool(tags & set(v.include_tags))


def dropped_sections(cv: m.CV, v: Variant) -> frozenset[int]:
    """Indexes of the sections the variant leaves out."""
    drop = set(v.drop_sections or ())
    return frozenset(i for i, s in enumerate(cv.sections) if (s.title in drop) or not _kept(s.tags, v))


def filter_publications(pubs: list[Publication], v: Variant) -> list[Publication]:
    """A section's publications (newest first) as the variant keeps them."""
    out = [p for p in pubs if _kept(p.tags, v) and (not v.selected_only or p.selected)
           and (v.since is None or not p.year or p.year >= v.since)]
    return out[:v.max_per_section] if v.max_per_section else out


def dropped_items(cv: m.CV, v: Variant) -> frozenset[tuple[int, int]]:
    """(section, entry) indexes of the entries (positions, degrees, talks, courses, references)
    the variant leaves out by their tags."""
    out = set()
    for i, s in enumerate(cv.sections):
        for key in ("experience", "education", "talks", "teaching", "references"):
            for j, e in enumerate(getattr(s, key, None) or []):
                if not _kept(e.tags, v):
                    out.add((i, j))
    return frozenset(out)


def apply_variant(cv: m.CV, publications: list[list[Publication] | None], name: str,
                  problems: Problems) -> tuple[frozenset[int], frozenset[tuple[int, int]], list[list[Publication] | None]]:
    """What the named variant leaves out (sections, entries) and each section's publications as it
    keeps them; an unknown name is an error listing the CV's variants."""
    variants = cv.variants or {}
    if name not in variants:
        known = ", ".join(variants) or "none; add a 'variants:' block to cv.yaml"
        file, line, col = cv.at("variants") if variants else (cv.at()[0], 0, 0)
        problems.error(file, line, col,
                       f"there is no variant '{name}' (this CV's variants: {known}); check the name given to --variant")
        return frozenset(), frozenset(), publications
    v = variants[name]
    return (dropped_sections(cv, v), dropped_items(cv, v),
            [filter_publications(p, v) if p is not None else None for p in publications])
