"""cvgen: a CV compiler for researchers (YAML + BibTeX -> LaTeX -> PDF)."""

__version__ = "0.1.0"

# Shared by the command line, the build cache (which must stay light) and the TeX runner.
ENGINES = ("pdflatex", "lualatex", "xelatex")
DEFAULT_CV = "content/cv.yaml"
DEFAULT_PDF = "build/cv.pdf"
