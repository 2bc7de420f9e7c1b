"""Tests of the shipped venue database (cvgen/data) and cvgen.venues.database."""
from __future__ import annotations

import csv
import os
import re

import pytest

from cvgen.venues import database as venue_db
from cvgen.venues.database import Figures, Venue

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cvgen", "data")
FIGURE_FILES = ["venues.csv", "venues-cc-by-sa.csv"]
CC_BY_SA_REPOS = ("OpenAccept/openaccept-metadata", "eitanf/sysconf")


def _rows(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _acr(text):
    v = venue_db.resolve(text)
    return v.acronym if v else None


# --------------------------------------------------------------------------
# Data integrity

@pytest.mark.parametrize("name", FIGURE_FILES)
def test_figure_rows_parse_and_are_sane(name):
    rows = _rows(name)
    assert rows, name
    for r in rows:
        assert list(r) == ["venue", "year", "cycle", "submitted", "accepted", "source"]
        year, s, a = int(r["year"]), int(r["submitted"]), int(r["accepted"])
        assert 1950 < year < 2100
        assert 0 < a <= s, r
        assert r["venue"].strip() == r["venue"] and r["venue"]
        assert r["cycle"] == "" or r["cycle"].isdigit()
        assert re.fullmatch(r"[\w.-]+/[\w.-]+:.+@[0-9a-f]{40}", r["source"]), r


def test_no_duplicate_venue_year_cycle_across_files():
    seen = set()
    for name in FIGURE_FILES:
        for r in _rows(name):
            key = (r["venue"], r["year"], r["cycle"])
            assert key not in seen, key
            seen.add(key)


def test_enough_venue_years():
    whole_year = {(r["venue"], r["year"]) for name in FIGURE_FILES for r in _rows(name) if not r["cycle"]}
    assert len(whole_year) >= 3000


def test_every_cycle_row_has_a_whole_year_row_that_it_sums_to():
    rows = [r for name in FIGURE_FILES for r in _rows(name)]
    whole = {(r["venue"], r["year"]): r for r in rows if not r["cycle"]}
    sums = {}
    for r in rows:
        if r["cycle"]:
            s = sums.setdefault((r["venue"], r["year"]), [0, 0])
            s[0] += int(r["submitted"])
            s[1] += int(r["accepted"])
    assert sums, "expected per-cycle rows (ASPLOS 2023, NSDI 2019-2022, ...)"
    for key, (s, a) in sums.items():
        assert (int(whole[key]["submitted"]), int(whole[key]["accepted"])) == (s, a), key


def test_nothing_cc_by_sa_in_permissive_file():
    for r in _rows("venues.csv"):
        assert not r["source"].startswith(CC_BY_SA_REPOS), r
    for r in _rows("venues-cc-by-sa.csv"):
        assert r["source"].startswith(CC_BY_SA_REPOS), r


def test_cc_by_sa_file_is_declared_in_readme():
    with open(os.path.join(DATA, "README.md"), encoding="utf-8") as f:
        text = f.read()
    assert "venues-cc-by-sa.csv" in text and "CC BY-SA 4.0" in text


def test_figures_are_sorted():
    for name in FIGURE_FILES:
        rows = _rows(name)
        keys = [(r["venue"].lower(), r["venue"], int(r["year"]), r["cycle"]) for r in rows]
        assert keys == sorted(keys), name


def test_every_shipped_venue_has_a_name_entry():
    names = {r["venue"]: r for r in _rows("venue_names.csv")}
    for name in FIGURE_FILES:
        for r in _rows(name):
            assert r["venue"] in names, r["venue"]
    for r in names.values():
        assert r["kind"] in {"conference", "journal", "workshop", "preprint"}, r
        assert r["full_name"], r


def test_no_alias_points_to_two_venues_unless_declared_ambiguous():
    owner = {}
    ambiguous = set()
    for r in _rows("venue_names.csv"):
        ambiguous |= {a.lower() for a in r["ambiguous_acronyms"].split("|") if a}
    for r in _rows("venue_names.csv"):
        for spelling in [r["venue"]] + [a for a in r["aliases"].split("|") if a]:
            k = spelling.lower()
            if k in ambiguous:
                continue
            assert owner.setdefault(k, r["venue"]) == r["venue"], (spelling, owner[k], r["venue"])


# --------------------------------------------------------------------------
# API

def test_lazy_import_and_types():
    v = venue_db.venue("ASPLOS")
    assert isinstance(v, Venue) and v.kind == "conference"
    assert v.full_name.endswith("Architectural Support for Programming Languages and Operating Systems")
    assert isinstance(v.aliases, tuple)
    f = venue_db.figures("ASPLOS", 2025)
    assert isinstance(f, Figures)
    with pytest.raises(Exception):
        f.accepted = 1  # frozen


@pytest.mark.parametrize("acronym,year,submitted,accepted", [
    ("ASPLOS", 2025, 912, 177),
    ("ISMM", 2025, 16, 10),
    ("ASPLOS", 2021, 398, 75),
    ("MICRO", 2021, 423, 94),
    ("ASPLOS", 2020, 476, 86),
    ("ASPLOS", 2019, 350, 74),
    ("ASPLOS", 2018, 307, 56),
])
def test_reference_figures(acronym, year, submitted, accepted):
    f = venue_db.figures(acronym, year)
    assert (f.submitted, f.accepted) == (submitted, accepted)
    assert f.cycle is None and f.license == "" and f.source


def test_osdi_2024():
    f = venue_db.figures("OSDI", 2024)
    assert f.submitted == 272 and f.accepted == 49


def test_figures_by_alias_and_case():
    assert venue_db.figures("usenix atc", 2021) == venue_db.figures("ATC", 2021)
    assert venue_db.figures("Oakland", 2022) == venue_db.figures("IEEE S&P", 2022)
    # canonical acronyms work even when the acronym is ambiguous as free text
    assert venue_db.figures("FSE", 2023).submitted == 465
    assert venue_db.figures("SC", 2012) is not None
    assert venue_db.figures("NOPE", 2020) is None
    assert venue_db.figures("ASPLOS", 1900) is None


def test_cycles():
    whole = venue_db.figures("ASPLOS", 2023)
    cycles = [venue_db.figures("ASPLOS", 2023, c) for c in ("1", "2", "3")]
    assert all(cycles)
    assert sum(c.submitted for c in cycles) == whole.submitted
    assert sum(c.accepted for c in cycles) == whole.accepted
    assert venue_db.figures("ASPLOS", 2023, "4") is None
    rows = venue_db.years("ASPLOS")
    assert [(r.year, r.cycle or "") for r in rows] == sorted((r.year, r.cycle or "") for r in rows)
    assert {r.venue for r in rows} == {"ASPLOS"}


def test_cc_by_sa_rows_are_labelled():
    f = venue_db.figures("PACT", 2017)
    assert f is not None and f.license == "CC BY-SA 4.0" and f.source.startswith("eitanf/sysconf")
    assert venue_db.figures("PACT", 2021) is None  # the CV's figure must come from the CV


def test_venue_lookup():
    assert venue_db.venue("asplos").acronym == "ASPLOS"
    assert venue_db.venue("USENIX ATC").acronym == "ATC"
    assert venue_db.venue("Oakland").acronym == "IEEE S&P"
    assert venue_db.venue("SP").acronym == "IEEE S&P"
    assert venue_db.venue("UsenixSec").acronym == "USENIX Security"
    assert venue_db.venue("NIPS").acronym == "NeurIPS"
    assert venue_db.venue("TheWebConf").acronym == "WWW"
    assert venue_db.venue("SIGKDD").acronym == "KDD"
    assert venue_db.venue("CODES-ISSS").acronym == "CODES+ISSS"
    assert venue_db.venue("PoPETs").acronym == "PETS"
    for ambiguous in ("FSE", "SEC", "CC", "SC", "ISC", "fse", "sc"):
        assert venue_db.venue(ambiguous) is None, ambiguous
    assert venue_db.venue("") is None and venue_db.venue("NOPE") is None


def test_kinds_of_rate_less_venues():
    assert venue_db.venue("IEEE CAL").kind == "journal"
    assert venue_db.venue("OSR").kind == "journal"
    assert venue_db.venue("APSys").kind == "workshop"
    assert venue_db.venue("arXiv").kind == "preprint"
    assert venue_db.venue("MLSys").kind == "conference"
    for acr in ("IEEE CAL", "OSR", "APSys", "arXiv", "MLSys", "PETS"):
        assert venue_db.years(acr) == [], acr


def test_all_venues_and_search():
    venues = venue_db.all_venues()
    assert len(venues) >= 160
    assert len({v.acronym for v in venues}) == len(venues)
    assert venue_db.search("ASPLOS")[0].acronym == "ASPLOS"
    assert venue_db.search("usenix atc")[0].acronym == "ATC"
    assert venue_db.search("memory management")[0].acronym == "ISMM"
    top = [v.acronym for v in venue_db.search("operating systems")[:4]]
    assert "SOSP" in top and "OSDI" in top
    assert venue_db.search("privacy enhancing")[0].acronym == "PETS"
    assert venue_db.search("") == []
    assert venue_db.search("zzzzqqq") == []


# --------------------------------------------------------------------------
# Resolution: the reference CV's venues, as their publishers and DBLP print them

REFERENCE_CV = [
    ("Proceedings of the 2025 ACM SIGPLAN International Symposium on Memory Management", "ISMM"),
    ("ISMM '25: Proceedings of the 2025 ACM SIGPLAN International Symposium on Memory Management", "ISMM"),
    ("ISMM", "ISMM"),
    ("Proceedings of the 30th ACM International Conference on Architectural Support for Programming "
     "Languages and Operating Systems, Volume 1", "ASPLOS"),
    ("ASPLOS '25: Proceedings of the 30th ACM International Conference on Architectural Support for "
     "Programming Languages and Operating Systems, Volume 2", "ASPLOS"),
    ("ASPLOS '25", "ASPLOS"),
    ("ASPLOS (1)", "ASPLOS"),
    ("Proceedings of the 26th ACM International Conference on Architectural Support for Programming "
     "Languages and Operating Systems", "ASPLOS"),
    ("18th USENIX Symposium on Operating Systems Design and Implementation (OSDI 24)", "OSDI"),
    ("OSDI", "OSDI"),
    ("Proceedings of Machine Learning and Systems 6 (MLSys 2024)", "MLSys"),
    ("Proceedings of the Seventh Annual Conference on Machine Learning and Systems", "MLSys"),
    ("MLSys", "MLSys"),
    ("Proceedings on Privacy Enhancing Technologies", "PETS"),
    ("Proc. Priv. Enhancing Technol.", "PETS"),
    ("Privacy Enhancing Technologies Symposium (PETS)", "PETS"),
    ("PETS '24", "PETS"),
    ("MICRO '21: MICRO-54: 54th Annual IEEE/ACM International Symposium on Microarchitecture", "MICRO"),
    ("Proceedings of the 54th Annual IEEE/ACM International Symposium on Microarchitecture", "MICRO"),
    ("MICRO", "MICRO"),
    ("2021 30th International Conference on Parallel Architectures and Compilation Techniques (PACT)", "PACT"),
    ("PACT", "PACT"),
    ("2023 IEEE 30th International Conference on High Performance Computing, Data, and Analytics (HiPC)", "HiPC"),
    ("HiPC", "HiPC"),
    ("Proceedings of the 14th ACM SIGOPS Asia-Pacific Workshop on Systems", "APSys"),
    ("APSys '23: Proceedings of the 14th ACM SIGOPS Asia-Pacific Workshop on Systems", "APSys"),
    ("IEEE Computer Architecture Letters", "IEEE CAL"),
    ("IEEE Comput. Archit. Lett.", "IEEE CAL"),
    ("ACM SIGOPS Operating Systems Review", "OSR"),
    ("SIGOPS Oper. Syst. Rev.", "OSR"),
    ("Operating Systems Review", "OSR"),
    ("arXiv preprint", "arXiv"),
    ("CoRR", "arXiv"),
]

MAJOR = [
    ("Proceedings of the 29th Symposium on Operating Systems Principles, SOSP 2023, Koblenz, Germany, "
     "October 23-26, 2023", "SOSP"),
    ("SOSP '23: Proceedings of the 29th Symposium on Operating Systems Principles", "SOSP"),
    ("Proceedings of the ACM SIGOPS 28th Symposium on Operating Systems Principles", "SOSP"),
    ("21st USENIX Symposium on Networked Systems Design and Implementation (NSDI 24)", "NSDI"),
    ("NSDI", "NSDI"),
    ("EuroSys '24: Proceedings of the Nineteenth European Conference on Computer Systems", "EuroSys"),
    ("Proceedings of the Eighteenth European Conference on Computer Systems, EuroSys 2023, Rome, Italy", "EuroSys"),
    ("2024 USENIX Annual Technical Conference (USENIX ATC 24)", "ATC"),
    ("USENIX Annual Technical Conference", "ATC"),
    ("22nd USENIX Conference on File and Storage Technologies (FAST 24)", "FAST"),
    ("Proceedings of the 50th Annual International Symposium on Computer Architecture", "ISCA"),
    ("2021 ACM/IEEE 48th Annual International Symposium on Computer Architecture (ISCA)", "ISCA"),
    ("ISCA '23", "ISCA"),
    ("2024 IEEE International Symposium on High-Performance Computer Architecture (HPCA)", "HPCA"),
    ("HPCA", "HPCA"),
    ("Proceedings of the ACM SIGCOMM 2023 Conference", "SIGCOMM"),
    ("ACM SIGCOMM 2023 Conference, ACM SIGCOMM 2023, New York, NY, USA, 10-14 September 2023", "SIGCOMM"),
    ("Proceedings of the 2023 ACM SIGSAC Conference on Computer and Communications Security", "CCS"),
    ("CCS '23: Proceedings of the 2023 ACM SIGSAC Conference on Computer and Communications Security", "CCS"),
    ("CCS", "CCS"),
    ("32nd USENIX Security Symposium (USENIX Security 23)", "USENIX Security"),
    ("USENIX Security Symposium", "USENIX Security"),
    ("Proceedings of the 30th USENIX Security Symposium", "USENIX Security"),
    ("Network and Distributed System Security (NDSS) Symposium 2024", "NDSS"),
    ("31st Annual Network and Distributed System Security Symposium, NDSS 2024, San Diego, California, USA",
     "NDSS"),
    ("IEEE Symposium on Security and Privacy", "IEEE S&P"),
    ("2023 IEEE Symposium on Security and Privacy (SP)", "IEEE S&P"),
    ("SP", "IEEE S&P"),
    ("Proceedings of the 44th ACM SIGPLAN International Conference on Programming Language Design and "
     "Implementation", "PLDI"),
    ("PLDI 2024", "PLDI"),
    ("Conference Record of the 30th ACM SIGPLAN-SIGACT Symposium on Principles of Programming Languages", "POPL"),
    ("POPL '73", "POPL"),
    ("Proceedings of the 2013 ACM SIGPLAN International Conference on Object Oriented Programming Systems "
     "Languages & Applications", "OOPSLA"),
    ("OOPSLA", "OOPSLA"),
    ("Proceedings of the 45th International Conference on Software Engineering", "ICSE"),
    ("2023 IEEE/ACM 45th International Conference on Software Engineering (ICSE)", "ICSE"),
    ("ESEC/FSE '23", "FSE"),
    ("Proceedings of the 31st ACM Joint European Software Engineering Conference and Symposium on the "
     "Foundations of Software Engineering", "FSE"),
    ("ESEC/SIGSOFT FSE", "FSE"),
    ("Proceedings of the 29th ACM SIGKDD Conference on Knowledge Discovery and Data Mining", "KDD"),
    ("KDD '23", "KDD"),
    ("Proceedings of the ACM Web Conference 2023", "WWW"),
    ("WWW '23: Proceedings of the ACM Web Conference 2023", "WWW"),
    ("Proceedings of The Web Conference 2020", "WWW"),
    ("Advances in Neural Information Processing Systems 36", "NeurIPS"),
    ("Advances in Neural Information Processing Systems 30: Annual Conference on Neural Information Processing "
     "Systems 2017, December 4-9, 2017, Long Beach, CA, USA", "NeurIPS"),
    ("NIPS", "NeurIPS"),
    ("Proceedings of the 40th International Conference on Machine Learning", "ICML"),
    ("International Conference on Machine Learning, ICML 2023, 23-29 July 2023, Honolulu, Hawaii, USA", "ICML"),
    ("The Twelfth International Conference on Learning Representations, ICLR 2024, Vienna, Austria", "ICLR"),
    ("2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", "CVPR"),
    ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", "CVPR"),
    ("Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics (Volume 1: "
     "Long Papers)", "ACL"),
    ("ACL (1)", "ACL"),
    ("Proc. VLDB Endow.", "VLDB"),
    ("Proceedings of the VLDB Endowment", "VLDB"),
    ("Proceedings of the 2022 International Conference on Management of Data", "SIGMOD"),
    ("SIGMOD Conference", "SIGMOD"),
    ("SC '23: Proceedings of the International Conference for High Performance Computing, Networking, "
     "Storage and Analysis", "SC"),
    ("SC22: International Conference for High Performance Computing, Networking, Storage and Analysis", "SC"),
    ("Proceedings of the 32nd ACM SIGPLAN International Conference on Compiler Construction", "CC"),
    ("Proceedings of the 37th International Conference on Supercomputing", "ICS"),
    ("Proceedings of the 28th ACM SIGPLAN Annual Symposium on Principles and Practice of Parallel Programming",
     "PPoPP"),
    ("2024 IEEE/ACM International Symposium on Code Generation and Optimization (CGO)", "CGO"),
    ("Proceedings of the 2023 ACM on Internet Measurement Conference", "IMC"),
    ("IEEE INFOCOM 2023 - IEEE Conference on Computer Communications", "INFOCOM"),
    ("Proceedings of the 29th Annual International Conference on Mobile Computing and Networking", "MobiCom"),
    ("Proceedings of the Workshop on Hot Topics in Operating Systems", "HotOS"),
    ("HotOS '23: Proceedings of the 19th Workshop on Hot Topics in Operating Systems", "HotOS"),
    ("Proceedings of the 46th International ACM SIGIR Conference on Research and Development in "
     "Information Retrieval", "SIGIR"),
    ("Proceedings of the 2023 CHI Conference on Human Factors in Computing Systems", "CHI"),
    ("Proceedings of the 55th Annual ACM Symposium on Theory of Computing", "STOC"),
    ("2023 IEEE 64th Annual Symposium on Foundations of Computer Science (FOCS)", "FOCS"),
    ("Proceedings of the 2024 Annual ACM-SIAM Symposium on Discrete Algorithms (SODA)", "SODA"),
    ("Proceedings of the 60th ACM/IEEE Design Automation Conference", "DAC"),
    ("Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing", "EMNLP"),
    ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI"),
    ("Proceedings of the Thirty-Second International Joint Conference on Artificial Intelligence", "IJCAI"),
    ("2023 IEEE/CVF International Conference on Computer Vision (ICCV)", "ICCV"),
    ("Computer Vision - ECCV 2022 - 17th European Conference, Tel Aviv, Israel", "ECCV"),
    ("Advances in Cryptology - CRYPTO 2023 - 43rd Annual International Cryptology Conference", "CRYPTO"),
    ("2023 IEEE 39th International Conference on Data Engineering (ICDE)", "ICDE"),
]


@pytest.mark.parametrize("text,expected", REFERENCE_CV)
def test_reference_cv_venues_resolve(text, expected):
    assert _acr(text) == expected


@pytest.mark.parametrize("text,expected", MAJOR)
def test_major_venues_resolve(text, expected):
    assert _acr(text) == expected


def test_enough_major_venues_covered():
    assert len({e for _, e in MAJOR}) >= 20


# --------------------------------------------------------------------------
# Collisions and false positives

@pytest.mark.parametrize("text", [
    "FSE", "FSE 2023", "SEC", "SEC 2023", "CC", "CC '24", "SC", "SC '23", "ISC", "ISC 2023",
])
def test_bare_ambiguous_acronyms_do_not_resolve(text):
    assert venue_db.resolve(text) is None


@pytest.mark.parametrize("text", [
    "Fast Software Encryption",
    "Fast Software Encryption - 30th International Workshop, FSE 2023, Beijing, China",
    "IACR Transactions on Symmetric Cryptology",
])
def test_fast_software_encryption_is_not_esec_fse(text):
    assert _acr(text) != "FSE"


def test_cc_vs_ccs():
    assert _acr("CCS") == "CCS"
    assert _acr("CCS '23") == "CCS"
    assert _acr("Compiler Construction") == "CC"
    assert _acr("CC") is None
    assert _acr("Proceedings of the 2023 ACM SIGSAC Conference on Computer and Communications Security") == "CCS"


def test_sc_vs_other_sc():
    assert _acr("Proceedings of the 2021 ACM Symposium on Cloud Computing (SoCC '21)") != "SC"
    assert _acr("IEEE International Conference on Smart Computing (SMARTCOMP)") != "SC"
    assert _acr("Information Security - 26th International Conference, ISC 2023") is None
    assert _acr("International Conference on Supercomputing") == "ICS"
    assert _acr("ISC High Performance 2024") == "ISC"


@pytest.mark.parametrize("text", [
    "Findings of the Association for Computational Linguistics: ACL 2023",
    "Companion Proceedings of the ACM Web Conference 2023",
    "Extended Abstracts of the 2023 CHI Conference on Human Factors in Computing Systems",
    "Proceedings of the 1st Workshop on Machine Learning and Systems, co-located with SOSP 2023",
    "ICPE '23 Companion: Companion of the 2023 ACM/SPEC International Conference on Performance Engineering",
    "IEEE Transactions on Software Engineering",
    "ACM Transactions on Programming Languages and Systems",
    "The VLDB Journal",
    "IEEE/ACM Transactions on Networking",
    "International Conference on Machine Learning and Applications",
    "Proceedings of the 2023 ACM Asia Conference on Computer and Communications Security",
    "IEEE European Symposium on Security and Privacy",
    "Asia and South Pacific Design Automation Conference",
    "IEEE International Conference on Data Mining Workshops",
    "IEEE Micro",
    "IEEE Security & Privacy",
    "Security and Privacy in Communication Networks",
    "Proceedings of the 2024 ACM Symposium on Cloud Computing",
    "International Conference on Neural Information Processing",
])
def test_no_false_positive_for_related_names(text):
    got = _acr(text)
    # Either unresolved or its own venue, never the big conference it mentions.
    assert got not in {"ACL", "WWW", "CHI", "MLSys", "SOSP", "ICPE", "FSE", "PLDI", "POPL", "VLDB",
                       "SIGCOMM", "ICML", "CCS", "IEEE S&P", "DAC", "ICDM", "MICRO", "CLOUD",
                       "NeurIPS"}, (text, got)


def test_unresolvable_inputs():
    for text in ("", "   ", "A Journal of Nothing", "Lecture Notes in Computer Science", "Germany"):
        assert venue_db.resolve(text) is None, text


def test_core_rows_are_what_the_build_script_makes():
    """The generated rows of venue_names.csv (and the curated rows' fields) are exactly what
    scripts/core_names.py makes from scripts/data/core-conferences.csv: no hand edits, and
    the build is deterministic."""
    import copy
    import importlib.util
    from pathlib import Path

    scripts = Path(__file__).resolve().parent.parent.parent / "scripts"
    spec = importlib.util.spec_from_file_location("core_names", scripts / "core_names.py")
    core_names = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(core_names)
    rows = _rows("venue_names.csv")
    curated = [r for r in rows if not r["source"]]
    shipped_generated = [r for r in rows if r["source"]]
    expected_fields = {r["venue"]: r["field"] for r in curated}
    work = copy.deepcopy(curated)
    generated = core_names.core_rows(work)
    assert [dict(r) for r in shipped_generated] == [{k: r.get(k, "") for k in rows[0]} for r in generated]
    assert {r["venue"]: r["field"] for r in work} == expected_fields
    assert all(r["source"] == core_names.CORE_SOURCE for r in shipped_generated)
    assert len(shipped_generated) >= 700
