"""BibTeX: the reader, entries, LaTeX decoding, names, kinds, matching, writing."""
