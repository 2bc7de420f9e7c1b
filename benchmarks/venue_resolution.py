#!/usr/bin/env python3
"""Benchmark cvgen.venue_db.resolve over every shipped venue name.

For every venue in cvgen/data/venue_names.csv, resolve its canonical acronym,
full name and every alias, plus realistic decorations of the full name the
way DBLP / ACM / IEEE / USENIX print booktitles.  Prints the share resolved
correctly, every wrong resolution (a wrong venue is worse than none), the
misses, and a separate count of wrong resolutions for the colliding
acronyms (FSE, SEC, CC, SC, ISC), which must be 0.

Run: PYTHONPATH=. python3 benchmarks/venue_resolution.py [-v]
"""
from __future__ import annotations

import csv
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from cvgen import venue_db  # noqa: E402

NAMES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cvgen", "data", "venue_names.csv")

# Texts naming something else that shares an acronym with a shipped venue:
# none of these may resolve to the venue in the second column (None: must not
# resolve at all).
COLLISIONS = [
    ("FSE", None),
    ("FSE 2023", None),
    ("Fast Software Encryption", "FSE"),
    ("Fast Software Encryption - 30th International Workshop, FSE 2023, Beijing, China", "FSE"),
    ("IACR Transactions on Symmetric Cryptology (FSE 2024)", "FSE"),
    ("SEC", None),
    ("SEC 2023", None),
    ("ICT Systems Security and Privacy Protection - 38th IFIP TC 11 International Conference, SEC 2023", "USENIX Security"),
    ("CC", None),
    ("CC '24", None),
    ("Proceedings of the 2023 ACM SIGSAC Conference on Computer and Communications Security", "CC"),
    ("CCS '23", "CC"),
    ("SC", None),
    ("SC '23", None),
    ("Proceedings of the 2021 ACM Symposium on Cloud Computing (SoCC '21)", "SC"),
    ("IEEE International Conference on Smart Computing (SMARTCOMP)", "SC"),
    ("ISC", None),
    ("ISC 2023", None),
    ("Information Security - 26th International Conference, ISC 2023", "ISC"),
    ("International Conference on Supercomputing", "ISC"),
    ("Proceedings of the 37th International Conference on Supercomputing, ICS 2023", "SC"),
]
COLLIDING = {"FSE", "USENIX Security", "CC", "SC", "ISC"}


def cases() -> list[tuple[str, str | None, str]]:
    out = []
    with open(NAMES, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        acr, full = r["venue"], r["full_name"]
        ambiguous = {a.lower() for a in r["ambiguous_acronyms"].split("|") if a}
        aliases = [a for a in r["aliases"].split("|") if a]
        out.append((acr, None if acr.lower() in ambiguous else acr, "acronym"))
        for a in sorted(ambiguous):
            out.append((a, None, "ambiguous acronym"))
        out.append((full, acr, "full name"))
        for a in aliases:
            out.append((a, acr, "alias"))
        if r["kind"] in ("conference", "workshop"):
            out.append((f"Proceedings of the 25th {full} ({acr} '23)", acr, "ACM/USENIX decoration"))
            out.append((f"2023 {full} ({acr})", acr, "IEEE decoration"))
            out.append((f"{acr} '23: Proceedings of the 25th {full}", acr, "ACM prefix decoration"))
            out.append((f"Proceedings of the 25th {full}, {acr} 2023, Lisbon, Portugal, June 1-5, 2023",
                        acr, "DBLP decoration"))
        elif r["kind"] == "journal":
            out.append((f"{full}, Volume 22, Issue 1", acr, "journal decoration"))
    return out


def main() -> int:
    verbose = "-v" in sys.argv
    total = correct = 0
    wrong, missed = [], []
    for text, expected, what in cases():
        got = venue_db.resolve(text)
        got = got.acronym if got else None
        total += 1
        if got == expected:
            correct += 1
        elif got is None:
            missed.append((what, text, expected))
        else:
            wrong.append((what, text, expected, got))
    collision_wrong = []
    for text, forbidden in COLLISIONS:
        got = venue_db.resolve(text)
        got = got.acronym if got else None
        if (forbidden is None and got is not None) or (forbidden is not None and got == forbidden):
            collision_wrong.append((text, forbidden, got))
    # Wrong resolutions among the generated cases that involve a colliding venue.
    collision_wrong += [(t, e, g) for _, t, e, g in wrong if e in COLLIDING or g in COLLIDING]

    print(f"venues: {len(venue_db.all_venues())}")
    print(f"resolved correctly: {correct}/{total} = {100 * correct / total:.1f}%")
    print(f"wrong venue: {len(wrong)}   unresolved: {len(missed)}")
    for what, text, expected, got in wrong:
        print(f"  WRONG [{what}] {text!r}: expected {expected}, got {got}")
    if verbose or len(missed) <= 40:
        for what, text, expected in missed:
            print(f"  missed [{what}] {text!r}: expected {expected}")
    print(f"colliding-acronym wrong resolutions: {len(collision_wrong)} "
          f"(of {len(COLLISIONS)} collision probes)")
    for text, forbidden, got in collision_wrong:
        print(f"  COLLISION {text!r}: got {got} (forbidden: {forbidden or 'any venue'})")
    ok = correct / total >= 0.95 and not collision_wrong
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
