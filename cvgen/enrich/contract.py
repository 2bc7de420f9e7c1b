"""What a backend may read: the enriched values and the types they carry.

Backends import only this package (and core): the settings, the locale's words and the
resolved theme reach them on these values, never from the model directly. Re-exported here so
the import rule (tests/test_architecture.py) names one surface; the types stay defined where
the model defines them.
"""

from __future__ import annotations

from cvgen.enrich.values import Block, Design, Enriched, Entry, Line, Paper, Person, Span
from cvgen.model.themes import Theme, shipped_class
from cvgen.model.words import ENGLISH, Words, template_parts

__all__ = ["ENGLISH", "Block", "Design", "Enriched", "Entry", "Line", "Paper", "Person", "Span", "Theme", "Words",
           "shipped_class", "template_parts"]
