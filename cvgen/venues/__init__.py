"""Venues: venues.yaml, the shipped acceptance database, name resolution, decisions."""
