#!/usr/bin/env python3
"""Regenerate cvgen's shipped venue data from the raw venue-stats CSVs.

Usage:
    python3 scripts/build_venue_db.py [RAW_DIR]

RAW_DIR defaults to ``../shared/data/venue-stats`` relative to the repository
root.  It must hold ``venue_stats_all_sources.csv`` and ``venue_aliases.csv``
(see the README.md there).

Writes (deterministically, sorted by venue, year, cycle):

* ``cvgen/data/venues.csv``          -- rows from permissive / unlicensed sources
* ``cvgen/data/venues-cc-by-sa.csv`` -- venue-years whose only sources are
  CC BY-SA 4.0 (OpenAccept, eitanf/sysconf); shipped under CC BY-SA 4.0
* ``cvgen/data/venue_names.csv``     -- re-sorted, with every source spelling
  from venue_aliases.csv merged into the aliases column, and one row for each
  conference of the CORE list (``scripts/data/core-conferences.csv``) that the
  rows written for cvgen do not already name (see ``core_rows``)

Columns of the two figure files: ``venue,year,cycle,submitted,accepted,source``.
``cycle`` is empty for the whole-year row; per-cycle rows (from the
``sum of N Sequence rows`` notes) are kept as extra rows with cycle 1..N.
``source`` is ``owner/repo:path@commit``.

Only main-track rows are used.  For each venue-year the first source in
PRECEDENCE below wins (except for the few ERRATA); CC BY-SA sources come last
so that a permissive source is used wherever one has the venue-year.
"""
from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

from core_names import core_rows

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "cvgen" / "data"
DEFAULT_RAW = REPO_ROOT / ".." / "shared" / "data" / "venue-stats"

# Permissive or unlicensed (facts only) sources, in the raw README's order.
PERMISSIVE = [
    "emeryberger/csconferences",
    "Xovee/cs-conf-stats",
    "puzhuoliu/Computer-Security-Conference-Acceptance-Rate",
    "lixin4ever/Conference-Acceptance-Rate",
    "ccfddl/ccf-deadlines",
]
# Share-alike sources: only used when no permissive source has the venue-year.
CC_BY_SA = [
    "OpenAccept/openaccept-metadata",
    "eitanf/sysconf",
]
PRECEDENCE = PERMISSIVE + CC_BY_SA
# Sources present in the raw data but not used (licence undocumented in the
# raw README; they never hold a venue-year that no listed source has).
IGNORED = {"nicktehrany/sysconf-acceptance-rates"}

# Venue-years where the first source is outvoted by independent sources and
# the raw README flags the figure as a known error: use the named source.
ERRATA = {
    # emeryberger says 442 accepted; Xovee, puzhuoliu and OpenAccept say 422
    # (the figure USENIX published for the 2023 symposium).
    ("USENIX Security", 2023): "Xovee/cs-conf-stats",
}

# The audit (issue 20): every venue-year whose sources give different figures is listed, with
# each source's figures and the choice made, in cvgen/data/venues-disagreements.csv. The
# choice is the first source in PRECEDENCE (or ERRATA's), except the venue-years in WITHHELD:
# there a second kind of record (the venue's or researchers' own) contradicts the compilations,
# so no figure prints until the venue's published numbers settle it.
WITHHELD = {
    # The compilations say 1520/486 (emeryberger) and 1520/379 (Xovee, OpenAccept); two
    # researchers' own records of that year say about 2,150 submissions and about 23%.
    ("CHI", 2015): "compilations disagree (1520/486, 1520/379) and researchers' records say ~2,150 submissions, ~23%",
}
AUDIT_FIELDS = ["venue", "year", "figures", "choice"]

FIELDS = ["venue", "year", "cycle", "submitted", "accepted", "source"]
NAME_FIELDS = ["venue", "kind", "full_name", "aliases", "ambiguous_acronyms", "field", "source"]
KINDS = {"conference", "journal", "workshop", "preprint"}

CYCLE_NOTE = re.compile(r"sum of (\d+) Sequence rows:\s*(.*)$")
CYCLE_PART = re.compile(r"(\d+)\s*/\s*(\d+)")


def source_of(row: dict) -> str:
    return f"{row['source_repo']}:{row['source_path']}@{row['source_commit']}"


def cycles_of(row: dict) -> list[tuple[int, int]] | None:
    """Per-cycle (submitted, accepted) pairs from a 'sum of N Sequence rows' note.

    The note gives accepted/submitted per cycle.  Returns None when the note
    is absent, does not add up to the row, or a cycle has no acceptances (the
    SIGMETRICS pattern, where papers accepted in a later cycle are counted
    there, so per-cycle rates would be meaningless).
    """
    m = CYCLE_NOTE.search(row["note"] or "")
    if not m:
        return None
    parts = [(int(s), int(a)) for a, s in CYCLE_PART.findall(m.group(2))]
    if len(parts) != int(m.group(1)) or len(parts) < 2:
        return None
    if sum(s for s, _ in parts) != int(row["submitted"]) or sum(a for _, a in parts) != int(row["accepted"]):
        return None
    if any(not (0 < a <= s) for s, a in parts):
        return None
    return parts


def build(raw_dir: Path) -> tuple[list[dict], list[dict], dict, list[dict]]:
    by_key: dict[tuple[str, int], list[dict]] = defaultdict(list)
    unknown = set()
    with open(raw_dir / "venue_stats_all_sources.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["track"] != "main":
                continue
            if row["source_repo"] not in PRECEDENCE:
                if row["source_repo"] not in IGNORED:
                    unknown.add(row["source_repo"])
                continue
            s, a = row["submitted"].strip(), row["accepted"].strip()
            if not (s.isdigit() and a.isdigit()) or not (0 < int(a) <= int(s)):
                continue
            by_key[(row["venue"], int(row["year"]))].append(row)
    if unknown:
        raise SystemExit(f"unknown sources (add them to PRECEDENCE or IGNORED): {sorted(unknown)}")

    permissive, share_alike, withheld = [], [], []
    stats = defaultdict(int)
    for (venue, year), rows in sorted(by_key.items()):
        rows.sort(key=lambda r: PRECEDENCE.index(r["source_repo"]))
        if (venue, year) in ERRATA:
            rows.sort(key=lambda r: r["source_repo"] != ERRATA[(venue, year)])
        if len({(int(r["submitted"]), int(r["accepted"])) for r in rows}) > 1 or (venue, year) in WITHHELD:
            reason = WITHHELD.get((venue, year))
            withheld.append(dict(venue=venue, year=year, figures="; ".join(
                f"{r['source_repo']}: {int(r['submitted'])}/{int(r['accepted'])}" for r in rows),
                choice=f"withheld: {reason}" if reason else
                f"printed: {rows[0]['source_repo']} {int(rows[0]['submitted'])}/{int(rows[0]['accepted'])}"
                + (" (ERRATA)" if (venue, year) in ERRATA else " (first in precedence)")))
            if reason:
                stats["withheld"] += 1
                continue
        best = rows[0]
        target = share_alike if best["source_repo"] in CC_BY_SA else permissive
        src = source_of(best)
        target.append(dict(venue=venue, year=year, cycle="", submitted=int(best["submitted"]),
                           accepted=int(best["accepted"]), source=src))
        stats["venue_years"] += 1
        stats["cc_by_sa_venue_years" if target is share_alike else "permissive_venue_years"] += 1
        parts = cycles_of(best)
        if parts:
            for i, (s, a) in enumerate(parts, 1):
                target.append(dict(venue=venue, year=year, cycle=str(i), submitted=s, accepted=a, source=src))
                stats["cycle_rows"] += 1
    key = lambda r: (r["venue"].lower(), r["venue"], r["year"], r["cycle"])
    permissive.sort(key=key)
    share_alike.sort(key=key)
    return permissive, share_alike, dict(stats), withheld


def write_figures(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def merge_names(raw_dir: Path, shipped_venues: set[str]) -> list[dict]:
    """Re-sort venue_names.csv, merge the sources' spellings and the CORE list, check coverage."""
    path = DATA_DIR / "venue_names.csv"
    with open(path, newline="", encoding="utf-8") as f:
        # Rows written for cvgen have no source; generated rows are made again below.
        names = {r["venue"]: r for r in csv.DictReader(f) if not r.get("source")}
    with open(raw_dir / "venue_aliases.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            entry = names.get(r["canonical_venue"])
            if entry is None:
                continue  # reported below if the venue is shipped
            spelling = r["source_venue_name"].strip()
            aliases = [a for a in entry["aliases"].split("|") if a]
            ambiguous = {a.lower() for a in entry["ambiguous_acronyms"].split("|") if a}
            if (spelling != entry["venue"] and spelling.lower() not in {a.lower() for a in aliases}
                    and spelling.lower() not in ambiguous):
                aliases.append(spelling)
                entry["aliases"] = "|".join(aliases)
    for r in core_rows(list(names.values())):
        names[r["venue"]] = r
    missing = sorted(shipped_venues - set(names))
    if missing:
        raise SystemExit(f"venue_names.csv lacks entries for shipped venues: {missing}")
    bad = sorted(v for v, r in names.items() if r["kind"] not in KINDS or not r["full_name"])
    if bad:
        raise SystemExit(f"venue_names.csv entries without a valid kind/full_name: {bad}")
    rows = sorted(names.values(), key=lambda r: (r["venue"].lower(), r["venue"]))
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, NAME_FIELDS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") or "" for k in NAME_FIELDS})
    return rows


def main(argv: list[str]) -> int:
    raw_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_RAW
    raw_dir = raw_dir.resolve()
    permissive, share_alike, stats, withheld = build(raw_dir)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_figures(DATA_DIR / "venues.csv", permissive)
    write_figures(DATA_DIR / "venues-cc-by-sa.csv", share_alike)
    with open(DATA_DIR / "venues-disagreements.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, AUDIT_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(withheld)
    shipped = {r["venue"] for r in permissive + share_alike}
    names = merge_names(raw_dir, shipped)
    print(f"venues.csv: {len(permissive)} rows; venues-cc-by-sa.csv: {len(share_alike)} rows")
    print(f"venue-years: {stats.get('venue_years', 0)} "
          f"({stats.get('permissive_venue_years', 0)} permissive, "
          f"{stats.get('cc_by_sa_venue_years', 0)} CC BY-SA only); "
          f"per-cycle rows: {stats.get('cycle_rows', 0)}; sources disagree: {len(withheld)}, withheld: {stats.get('withheld', 0)}")
    print(f"venues with figures: {len(shipped)}; venue_names.csv entries: {len(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
