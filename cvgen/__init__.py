"""cvgen: a CV compiler for researchers (YAML + BibTeX -> LaTeX -> PDF)."""

__version__ = "0.1.0"
