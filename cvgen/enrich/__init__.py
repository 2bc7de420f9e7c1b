"""Checked values -> format-neutral values, every word the reader sees decided."""
