"""BibTeX entry -> publication: fields, roles, groups, variants, the lint."""
