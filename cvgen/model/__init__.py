"""The types of cv.yaml: the schema validator, the CV, settings, the locale words, publication extras, themes."""
