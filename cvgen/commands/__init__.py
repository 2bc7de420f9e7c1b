"""Commands beside build: new, watch, doctor, import, venues."""
