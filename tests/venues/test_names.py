"""Resolution decisions of cvgen.venues.names: tracks and satellites, acronyms inside longer
acronyms, journals that share words with conferences, years in booktitles, and the names
table's coverage of common venues (booktitles as DBLP, ACM DL, IEEE Xplore and Springer print them)."""
from __future__ import annotations

import pytest

from cvgen.venues import names as venue_names
from cvgen.venues.names import booktitle_years, decide


def _acr(text: str) -> str | None:
    v = venue_names.resolve(text)
    return v.acronym if v else None


# --------------------------------------------------------------------------
# Tracks, satellites and co-located events never resolve to the main venue

TRACKS = [
    ("Proceedings of the ACM/IEEE 42nd International Conference on Software Engineering: New Ideas and "
     "Emerging Results", "ICSE"),
    ("43rd IEEE/ACM International Conference on Software Engineering: New Ideas and Emerging Results, "
     "ICSE (NIER) 2021, Madrid, Spain, May 25-28, 2021", "ICSE"),
    ("ICSE-NIER 2020", None),
    ("44th IEEE/ACM International Conference on Software Engineering: Software Engineering in Practice, "
     "ICSE (SEIP) 2022, Pittsburgh, PA, USA, May 22-24, 2022", "ICSE"),
    ("Proceedings of the 44th International Conference on Software Engineering: Software Engineering "
     "Education and Training", "ICSE"),
    ("ICSE '20: Companion Proceedings of the ACM/IEEE 42nd International Conference on Software Engineering",
     "ICSE"),
    ("Proceedings of the ACM/IEEE 42nd International Conference on Software Engineering: Companion "
     "Proceedings", "ICSE"),
    ("ICSE 2021 Doctoral Symposium", "ICSE"),
    ("Proceedings of the AAAI 2019 Spring Symposium on Combining Machine Learning with Knowledge "
     "Engineering (AAAI-MAKE 2019)", "AAAI"),
    ("AAAI Spring Symposium: Combining Machine Learning with Knowledge Engineering", "AAAI"),
    ("2020 AAAI Fall Symposium on Artificial Intelligence in Government and Public Sector", "AAAI"),
    ("Findings of the Association for Computational Linguistics: EMNLP 2020", "EMNLP"),
    ("Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics: Student "
     "Research Workshop", "ACL"),
    ("Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics: System "
     "Demonstrations", "ACL"),
    ("Proceedings of the 56th Annual Meeting of the Association for Computational Linguistics (Volume 2: "
     "Short Papers)", "ACL"),
    ("Proceedings of the 2019 Conference of the North American Chapter of the Association for Computational "
     "Linguistics: Human Language Technologies, Volume 2 (Industry Papers)", "NAACL"),
    ("Extended Abstracts of the 2020 CHI Conference on Human Factors in Computing Systems", "CHI"),
    ("CHI '21 Extended Abstracts", "CHI"),
    ("Adjunct Proceedings of the 34th Annual ACM Symposium on User Interface Software and Technology", "UIST"),
    ("IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops, CVPR Workshops 2020", "CVPR"),
    ("Computer Vision - ECCV 2020 Workshops - Glasgow, UK, August 23-28, 2020, Proceedings, Part I", "ECCV"),
    ("Workshops of the 2022 IEEE International Conference on Data Engineering", "ICDE"),
    ("SIGCOMM '19: Proceedings of the ACM SIGCOMM 2019 Conference Posters and Demos", "SIGCOMM"),
    ("Proceedings of the 27th ACM SIGKDD Conference on Knowledge Discovery and Data Mining: Tutorials", "KDD"),
    ("ACM Student Research Competition at the 2021 ACM SIGPLAN Conference on Programming Language Design "
     "and Implementation", "PLDI"),
    ("Proceedings of the Neural Information Processing Systems Track on Datasets and Benchmarks 1, "
     "NeurIPS Datasets and Benchmarks 2021", "NeurIPS"),
    ("Companion Proceedings of the Web Conference 2022", "WWW"),
    ("Proceedings of the 2023 International Conference on Management of Data, Companion", "SIGMOD"),
    ("Poster at the 2023 USENIX Symposium on Operating Systems Design and Implementation", "OSDI"),
    ("ICLR 2023 Tiny Papers Track", "ICLR"),
    ("CHI EA '20", "CHI"),
    ("KDD Cup 2019", "KDD"),
    ("Proceedings of the Fifth Conference on Machine Translation: Shared Task Papers", None),
    ("Proceedings of the Workshop on Machine Learning for Systems at NeurIPS 2020", "NeurIPS"),
]


@pytest.mark.parametrize("text,host", TRACKS)
def test_tracks_and_satellites_never_resolve_to_the_main_venue(text: str, host: str | None) -> None:
    assert venue_names.resolve(text) is None, text
    decision = decide(text)
    assert decision.venue is None
    if host is not None:
        assert decision.host is not None and decision.host.acronym == host, (text, decision)
        assert decision.track, decision


@pytest.mark.parametrize("text,expected", [
    ("Proceedings of the 42nd International Conference on Software Engineering", "ICSE"),
    ("ICSE '20", "ICSE"),
    ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI"),
    ("Proceedings of the 56th Annual Meeting of the Association for Computational Linguistics (Volume 1: "
     "Long Papers)", "ACL"),
    ("Proceedings of the 2023 CHI Conference on Human Factors in Computing Systems", "CHI"),
    ("Proceedings of the 15th ACM Workshop on Hot Topics in Networks", "HotNets"),
    ("Proceedings of the 19th Workshop on Hot Topics in Operating Systems", "HotOS"),
])
def test_main_tracks_still_resolve(text: str, expected: str | None) -> None:
    assert _acr(text) == expected
    if expected:
        assert decide(text).venue is not None and decide(text).track is None


# --------------------------------------------------------------------------
# Acronyms inside longer acronyms, names inside longer names, journals

@pytest.mark.parametrize("text,forbidden", [
    ("Formal Methods in Computer-Aided Design, FMCAD 2020, Haifa, Israel, September 21-24, 2020", "FM"),
    ("2020 Formal Methods in Computer Aided Design (FMCAD)", "FM"),
    ("FMCAD 2021", "FM"),
    ("Formal Methods in System Design", "FM"),
    ("Form. Methods Syst. Des.", "FM"),
    ("64th IEEE International Midwest Symposium on Circuits and Systems, MWSCAS 2021", "ISCAS"),
    ("2021 IEEE International Midwest Symposium on Circuits and Systems (MWSCAS)", "ISCAS"),
    ("MWSCAS 2019", "ISCAS"),
    ("ISCAS 2021", "ISCA"),
    ("Proceedings of the 26th Asia and South Pacific Design Automation Conference, ASP-DAC 2021", "DAC"),
    ("ASP-DAC '21", "DAC"),
    ("International Conference on Computer Vision Theory and Applications", "ICCV"),
    ("Asia-Pacific Symposium on Internetware", "ICSE"),
    ("IEEE Transactions on Computer-Aided Design of Integrated Circuits and Systems", "ICCAD"),
    ("Journal of Parallel and Distributed Computing", "HPDC"),
])
def test_acronyms_and_names_inside_longer_ones_do_not_match(text: str, forbidden: str) -> None:
    assert _acr(text) != forbidden, text


@pytest.mark.parametrize("text,expected", [
    ("Formal Methods in Computer-Aided Design, FMCAD 2020, Haifa, Israel, September 21-24, 2020", "FMCAD"),
    ("Formal Methods - The Next 30 Years - Third World Congress, FM 2019, Porto, Portugal", "FM"),
    ("FM 2019", "FM"),
    ("IEEE International Symposium on Circuits and Systems, ISCAS 2021, Daegu, Korea, May 22-28, 2021", "ISCAS"),
    ("Formal Methods in System Design", "FMSD"),
])
def test_the_longer_acronym_is_its_own_venue(text: str, expected: str) -> None:
    assert _acr(text) == expected


def test_journals_never_resolve_to_conferences() -> None:
    for text in ("Formal Methods in System Design", "Parallel Computing", "Distributed Computing",
                 "Real-Time Systems", "Machine Learning", "Artificial Intelligence",
                 "Theoretical Computer Science", "Information and Computation", "Algorithmica"):
        v = venue_names.resolve(text)
        assert v is None or v.kind == "journal", (text, v)


# --------------------------------------------------------------------------
# Years in booktitles

@pytest.mark.parametrize("text,years", [
    ("ICLR 2024", {2024}),
    ("ISCA '22: Proceedings of the 49th Annual International Symposium on Computer Architecture", {2022}),
    ("ISCA-50", set()),
    ("Proceedings of Machine Learning and Systems 6 (MLSys 2024)", {2024}),
    ("2022 USENIX Annual Technical Conference (USENIX ATC 22)", {2022}),
    ("Proceedings of the 28th ACM Symposium on Operating Systems Principles", set()),
    ("Proceedings of the AAAI Conference on Artificial Intelligence, 37(9)", set()),
    ("OSDI’24", {2024}),
    ("Computer Vision - ECCV 2020 Workshops - Glasgow, UK, August 23-28, 2020", {2020}),
    ("Proceedings of the 38th International Conference on Machine Learning, PMLR 139", set()),
])
def test_booktitle_years(text: str, years: set[int]) -> None:
    assert booktitle_years(text) == years


# --------------------------------------------------------------------------
# Venues the database names (issue 10): each resolves, from the names table

COMMON = [
    ("Design, Automation & Test in Europe Conference & Exhibition, DATE 2021, Grenoble, France, "
     "February 1-5, 2021", "DATE"),
    ("2020 Design, Automation & Test in Europe Conference & Exhibition (DATE)", "DATE"),
    ("FPGA '21: The 2021 ACM/SIGDA International Symposium on Field Programmable Gate Arrays, "
     "Virtual Event, USA, February 28 - March 2, 2021", "FPGA"),
    ("Proceedings of the 2020 ACM/SIGDA International Symposium on Field-Programmable Gate Arrays", "FPGA"),
    ("29th IEEE Annual International Symposium on Field-Programmable Custom Computing Machines, "
     "FCCM 2021, Orlando, FL, USA, May 9-12, 2021", "FCCM"),
    ("51st Annual IEEE/IFIP International Conference on Dependable Systems and Networks, DSN 2021, "
     "Taipei, Taiwan, June 21-24, 2021", "DSN"),
    ("2021 IEEE International Symposium on Hardware Oriented Security and Trust (HOST)", "HOST"),
    ("ISLPED '20: ACM/IEEE International Symposium on Low Power Electronics and Design, Boston, "
     "Massachusetts, August 10-12, 2020", "ISLPED"),
    ("39th IEEE International Conference on Computer Design, ICCD 2021, Storrs, CT, USA, "
     "October 24-27, 2021", "ICCD"),
    ("IEEE/CVF Winter Conference on Applications of Computer Vision, WACV 2021, Waikoloa, HI, USA, "
     "January 3-8, 2021", "WACV"),
    ("Proceedings of the IEEE/CVF Winter Conference on Applications of Computer Vision (WACV)", "WACV"),
    ("36th International Symposium on Computational Geometry, SoCG 2020, June 23-26, 2020, Z{\"u}rich, "
     "Switzerland", "SoCG"),
    ("28th Annual European Symposium on Algorithms, ESA 2020, September 7-9, 2020, Pisa, Italy "
     "(Virtual Conference)", "ESA"),
    ("Integer Programming and Combinatorial Optimization - 22nd International Conference, IPCO 2021, "
     "Atlanta, GA, USA, May 19-21, 2021, Proceedings", "IPCO"),
    ("Proceedings of the Symposium on Algorithm Engineering and Experiments, ALENEX 2021, Virtual "
     "Conference, January 10-11, 2021", "ALENEX"),
    ("SIGCSE '20: The 51st ACM Technical Symposium on Computer Science Education, Portland, OR, USA, "
     "March 11-14, 2020", "SIGCSE"),
    ("Proceedings of the 51st ACM Technical Symposium on Computer Science Education", "SIGCSE"),
    ("Proceedings of the 2020 ACM Conference on Innovation and Technology in Computer Science Education",
     "ITiCSE"),
    ("MobileHCI '20: 22nd International Conference on Human-Computer Interaction with Mobile Devices and "
     "Services, Oldenburg, Germany, October 5-9, 2020", "MobileHCI"),
    ("IUI '21: 26th International Conference on Intelligent User Interfaces, College Station, TX, USA, "
     "April 13-17, 2021", "IUI"),
    ("Verification, Model Checking, and Abstract Interpretation - 22nd International Conference, VMCAI "
     "2021, Copenhagen, Denmark, January 17-19, 2021, Proceedings", "VMCAI"),
    ("Theory and Applications of Satisfiability Testing - SAT 2021 - 24th International Conference, "
     "Barcelona, Spain, July 5-9, 2021, Proceedings", "SAT"),
    ("34th IEEE Computer Security Foundations Symposium, CSF 2021, Dubrovnik, Croatia, June 21-25, 2021",
     "CSF"),
    ("Financial Cryptography and Data Security - 25th International Conference, FC 2021, Virtual Event, "
     "March 1-5, 2021, Revised Selected Papers, Part I", "FC"),
    ("First Conference on Language Modeling", "COLM"),
    ("Conference on Language Modeling (COLM)", "COLM"),
    ("EMNLP-IJCNLP 2019", "EMNLP"),
    ("Proceedings of the 2019 Conference on Empirical Methods in Natural Language Processing and the 9th "
     "International Joint Conference on Natural Language Processing (EMNLP-IJCNLP)", "EMNLP"),
    ("Proceedings of the 47th Conference on Design Automation", "DAC"),
    ("Conference on Design Automation", "DAC"),
]


@pytest.mark.parametrize("text,expected", COMMON)
def test_common_venues_resolve(text: str, expected: str) -> None:
    assert _acr(text) == expected


def test_names_table_is_large() -> None:
    assert len(venue_names.all_venues()) >= 900
    assert venue_names.venue("SoCG").field == "Theory of computation"


# --------------------------------------------------------------------------
# The hand-checked list: real booktitles from public .bib files, each checked by hand

def test_hand_checked_resolutions() -> None:
    """tests/data/venue-resolutions.csv: booktitle (as written in BibTeX), year, the venue it
    names (or the host of a track), and the decision: no wrong venue, no figures in doubt."""
    import csv
    from pathlib import Path

    from cvgen.bib.decode import decode_text
    from cvgen.venues.figures import venue_decision

    path = Path(__file__).parent.parent / "data" / "venue-resolutions.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 50
    wrong = []
    for r in rows:
        d = venue_decision(None, decode_text(r["booktitle"]), [], int(r["year"]))
        named = d.venue or d.host
        if ((named.acronym if named else ""), d.status) != (r["venue"], r["status"]):
            wrong.append((r["booktitle"], r["venue"], r["status"], named and named.acronym, d.status))
    assert not wrong


def test_collision_probes_of_the_benchmark() -> None:
    """benchmarks/venue_resolution.py COLLISIONS: texts that share an acronym or words with a
    venue and must not resolve to it (None: must not resolve at all)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent.parent / "benchmarks" / "venue_resolution.py"
    spec = importlib.util.spec_from_file_location("venue_resolution_benchmark", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert len(bench.COLLISIONS) >= 45
    for text, forbidden in bench.COLLISIONS:
        got = _acr(text)
        assert (got is None) if forbidden is None else (got != forbidden), (text, got)


def test_corpus_conference_papers_name_their_venue() -> None:
    """Issue 10's goal on the corpus of real .bib files (tests/data/bib-corpus): at least 90% of
    the computer-science conference papers name their venue (each name is in the hand-checked
    list above, so none is wrong)."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent.parent
    path = root / "benchmarks" / "venue_resolution.py"
    spec = importlib.util.spec_from_file_location("venue_resolution_benchmark", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    counts, _ = bench.corpus_counts(str(root / "tests" / "data" / "bib-corpus"))
    papers, named, _figures = counts["CS (all)"]
    assert papers >= 30 and named / papers >= 0.9, counts
