"""The CORE conference list as rows of cvgen's venue names table (used by build_venue_db.py).

Input: ``scripts/data/core-conferences.csv``, a copy of the CORE conference ranking list
(CORE2021 edition, 964 conferences) as published in a public repository (provenance in
cvgen/data/README.md). Only acronyms, titles and fields are used; the ranks are not.

A CORE conference becomes a row of its own only when that cannot change how any existing
name resolves: its acronym is no other venue's (nor another CORE conference's) and its title
names no venue already known. A CORE conference that is already known only lends its field.
After adding the rows, every spelling of every existing venue (and the ways publishers
decorate them) must resolve exactly as before; otherwise the build stops and names the row.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from cvgen.venues.names import Decision, build_index, decide_in, venue  # noqa: E402
from cvgen.venues.text import acronym_candidates, raw_key  # noqa: E402

CORE_FILE = REPO_ROOT / "scripts" / "data" / "core-conferences.csv"
CORE_SOURCE = "lucjaulmes/cfp-timeline:core.csv@899ea57e7ac1e3a914f1982d69d86ed18c3f798f"

# CORE acronyms of venues known under another canonical acronym (CORE spelling -> ours).
SAME_AS = {
    "USENIX": "ATC", "USENIX-Security": "USENIX Security", "SP": "IEEE S&P", "ACMMM": "ACM MM",
    "Euro-Par": "EuroPar", "IEEE VIS": "VIS", "SiggraphA": "SIGGRAPH Asia", "ISC HPC": "ISC",
    "ESEC/FSE": "FSE", "I3DG": "I3D", "HOTI": "HotI", "VLDB": "VLDB", "ACM_WiSec": "WiSec",
}
# Display spelling of acronyms CORE writes in capitals.
SPELLING = {
    "HOTNETS": "HotNets", "HOTMOBILE": "HotMobile", "PERCOM": "PerCom", "SENSYS": "SenSys",
    "HOTCHIPS": "HotChips", "CLUSTER": "Cluster", "MOBICOM": "MobiCom", "MOBIHOC": "MobiHoc",
    "Mobisys": "MobiSys", "CICLING": "CICLing", "EUROGP": "EuroGP", "FlAIRS": "FLAIRS",
    "COINE": "COINE", "ASPDAC": "ASP-DAC", "CCGRID": "CCGrid", "APWEB": "APWeb", "DIGRA": "DiGRA",
    "EUroComb": "EuroComb", "EuroPLop": "EuroPLoP", "PLOP": "PLoP", "HASKELL": "Haskell",
    "Euro VR": "EuroVR", "IEEE-IV": "IEEE IV", "FST&TCS": "FSTTCS",
}
# CORE ranks these with the conferences, but they are workshops (hot-topics position papers):
# a workshop never prints a conference's figures (issue 20).
WORKSHOPS = {"HotNets", "HotMobile"}
# Extra spellings publishers use for CORE conferences (from their proceedings' own titles).
EXTRA_ALIASES = {
    "ASP-DAC": ["ASPDAC", "Asia and South Pacific Design Automation Conference"],
    "ALENEX": ["Symposium on Algorithm Engineering and Experiments", "Algorithm Engineering and Experiments"],
    "ITiCSE": ["Conference on Innovation and Technology in Computer Science Education"],
    "SAT": ["Theory and Applications of Satisfiability Testing"],
    "FC": ["Financial Cryptography and Data Security", "Financial Cryptography"],
    "FCCM": ["Symposium on Field-Programmable Custom Computing Machines"],
    "DSN": ["International Conference on Dependable Systems and Networks"],
    "ESA": ["Annual European Symposium on Algorithms"],
    "IPCO": ["Integer Programming and Combinatorial Optimization"],
    "VMCAI": ["Verification, Model Checking, and Abstract Interpretation"],
    "CSF": ["Computer Security Foundations Symposium"],
    "HotNets": ["Workshop on Hot Topics in Networks"],
    "ECML PKDD": ["ECML/PKDD", "Machine Learning and Knowledge Discovery in Databases"],
    "MSR": ["International Conference on Mining Software Repositories",
            "Working Conference on Mining Software Repositories"],
    "LREC": ["International Conference on Language Resources and Evaluation"],
    "ICPC": ["International Conference on Program Comprehension"],
    "K-CAP": ["Knowledge Capture Conference", "International Conference on Knowledge Capture"],
    "RAID": ["International Symposium on Research in Attacks, Intrusions and Defenses"],
}
# CORE conferences left out: a title that is also a journal's name (PARCO), an acronym that
# is a common word or term (HCI International is not the British HCI conference).
LEFT_OUT = {"PARCO", "Networking", "HCI", "AI", "DM", "OP", "WD", "IE", "DC", "CN", "ITS", "IV", "TIME", "DATA",
            "CONTEXT", "FUN", "DNA", "Semantics", "Informatics", "Coordination", "Interact", "Redundancy", "Pairing"}
_TRAILING_NOTE = re.compile(r"\s*\((?:was|previously|now|merged|combined|even|also|\d{4}|IEEE Region)[^()]*\)\s*$",
                            re.I)


def read_core(path: Path = CORE_FILE) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _acronym(core: str) -> str:
    return re.sub(r"\s*\(.*\)\s*$", "", core).strip()


def _decorations(row: dict[str, str]) -> list[str]:
    acr, full = row["venue"], row["full_name"]
    texts = [acr, full] + [a for a in row["aliases"].split("|") if a]
    if row["kind"] in ("conference", "workshop"):
        texts += [f"Proceedings of the 25th {full}", f"Proceedings of the 25th {full} ({acr} '23)",
                  f"2023 {full} ({acr})",
                  f"{acr} '23: Proceedings of the 25th {full}", f"Proceedings of the 25th {full}, {acr} 2023, Lisbon"]
    return texts


def core_rows(cvgen_rows: list[dict[str, str]], core: list[dict[str, str]] | None = None) -> list[dict[str, str]]:
    """CORE conferences as new rows; sets `field` on the rows of cvgen_rows CORE also lists."""
    core = read_core() if core is None else core
    for r in cvgen_rows:  # a curated row's field comes from CORE: made again on every run
        r["field"] = ""
    old = build_index(cvgen_rows)
    taken = set(old.raw) | set(old.stripped) | set(old.ambiguous)
    counts: dict[str, int] = {}
    for c in core:
        counts[raw_key(_acronym(c["acronym"]))] = counts.get(raw_key(_acronym(c["acronym"])), 0) + 1
    by_venue = {r["venue"]: r for r in cvgen_rows}
    # An acronym that is a segment of some venue's name ('Tools' in "Software Engineering:
    # Theories, Tools, and Applications") would match inside that name: left out.
    segments: dict[str, set[str]] = {}
    for r in cvgen_rows + core:
        name = r.get("full_name") or r["title"]
        for seg in acronym_candidates(name)[1:]:
            segments.setdefault(raw_key(seg), set()).add(name)
    new: dict[str, dict[str, str]] = {}
    for c in core:
        acr, field = _acronym(c["acronym"]), c["field"].strip()
        title = _TRAILING_NOTE.sub("", c["title"]).strip()
        field = "" if field == "(missing)" else field
        if not acr or acr in LEFT_OUT:
            continue
        known = SAME_AS.get(acr) or (v.acronym if (v := venue(acr, old)) else None)
        by_title = decide_in(title, old)
        named = by_title.venue.acronym if by_title.venue else None
        # Known: by our spelling of its acronym, or by acronym and title together (CORE's ATC,
        # "Advanced and Trusted Computing", is not USENIX ATC).
        if known and (acr in SAME_AS or named == known) and known in by_venue:
            if field and not by_venue[known].get("field"):
                by_venue[known]["field"] = field
            continue
        display = SPELLING.get(acr, acr)
        if (known or named or by_title != Decision(None) or counts[raw_key(acr)] > 1
                or segments.get(raw_key(acr), set()) - {c["title"]}
                or raw_key(acr) in taken or display in by_venue or display in new):
            continue  # would share an acronym or a name with another venue: left out
        new[display] = dict(venue=display, kind="workshop" if display in WORKSHOPS else "conference", full_name=title,
                            aliases="|".join(EXTRA_ALIASES.get(display, []) + ([acr] if acr != display else [])),
                            ambiguous_acronyms="", field=field, source=CORE_SOURCE)
    _check_unchanged(cvgen_rows, list(new.values()))
    return sorted(new.values(), key=lambda r: (r["venue"].lower(), r["venue"]))


def _check_unchanged(cvgen_rows: list[dict[str, str]], added: list[dict[str, str]]) -> None:
    """Every spelling of every existing venue resolves as it did before the CORE rows."""
    before, after = build_index(cvgen_rows), build_index(cvgen_rows + added)
    changed = []
    for row in cvgen_rows:
        for text in _decorations(row):
            a, b = decide_in(text, before), decide_in(text, after)
            if a != b:
                changed.append(f"{text!r}: {a.venue and a.venue.acronym} -> {b.venue and b.venue.acronym}")
    if changed:
        raise SystemExit("CORE rows change existing resolutions (add them to LEFT_OUT):\n  " + "\n  ".join(changed))
