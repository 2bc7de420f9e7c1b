"""Output formats: each lays out the enriched values (LaTeX, HTML, Markdown, JSON Resume)."""
