"""The venue database in use: `cvgen venues QUERY`, `cvgen venues check`, and figures in the pipeline."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvgen.cli import cli
from cvgen.core.errors import CvError
from cvgen.pipeline import build, check

from ..conftest import ROOT, flat, pdf_text


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cvgen", *args], cwd=ROOT, capture_output=True, text=True)


def invoke(*args: str):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _section(text: str, title: str) -> list[str]:
    """The lines of one titled block of the check report (up to the next blank line)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


# --- cvgen venues check on the reference CV --------------------------------------------------


@pytest.fixture(scope="module")
def reference_check() -> subprocess.CompletedProcess[str]:
    return run("venues", "check")


def test_check_reference_exit_status_and_disagreements(reference_check: subprocess.CompletedProcess[str]) -> None:
    assert reference_check.returncode == 1, reference_check.stderr  # 1: something disagrees
    assert "Traceback" not in reference_check.stderr
    block = _section(reference_check.stdout, "Disagreements")
    assert block[0] == "Disagreements between venues.yaml and the database (2):"
    assert block[1] == ("  ASPLOS 2025: venues.yaml 510/105 (20.59%) vs database 912/177 (19.41%) for the whole year "
                        "(all cycles); papers: ASPLOS'25 kamath2025pod, ASPLOS'25 prabhu2025vattention")
    assert block[4] == ("  OSDI 2024: venues.yaml 282/49 (17.38%) vs database 272/49 (18.01%); "
                        "papers: OSDI'24 agrawal2024sarathi")
    assert "submitted differs; venues.yaml: content/venues.yaml:11; database: emeryberger/csconferences" in block[5]
    assert len(block) == 6


def test_check_reference_not_shown_unresolved_and_table(reference_check: subprocess.CompletedProcess[str]) -> None:
    out = reference_check.stdout
    assert _section(out, "Database figures the CV does not show")[:2] == [
        "Database figures the CV does not show (1):",
        "  ISMM'25 gangar2025emd: database ISMM 2025 16/10 (62.50%), "
        "emeryberger/csconferences:csconferences.csv@43a0cd68"]
    assert _section(out, "Venues that could not be resolved") == ["Venues that could not be resolved (0):", "  none"]
    assert _section(out, "Conference papers with figures neither")[1] == "  MLSys'24 agrawal2024vidur, HiPC'15 panwar2015green"
    header, *rows = _section(out, "Papers of")[1:]
    starts = [header.index(name) for name in header.split()]  # the columns are aligned under the header
    table = {}
    for row in rows:
        cells = [row[a:b].strip() for a, b in zip(starts, starts[1:] + [len(row)])]
        table[cells[1]] = cells
    assert len(table) == 19  # every entry of the CV, once
    assert table["panwar2021trident"] == ["MICRO'21", "panwar2021trident", "MICRO", "conference", "423/94 (22.22%)",
                                          "423/94 (22.22%)", "venues.yaml"]
    assert table["kamath2025pod"][4:] == ["510/105 (20.59%)", "912/177 (19.41%)", "venues.yaml  DIFFERS"]
    assert table["gangar2025emd"][4:] == ["-", "16/10 (62.50%)", "none"]
    assert table["gupta2024sigma"][2:] == ["PETS", "conference", "250/49 (19.60%)", "-", "venues.yaml"]
    assert table["agrawal2025chunked"][:4] == ["OpSysRev'25", "agrawal2025chunked", "OSR", "journal"]
    assert table["panwar2016protecting"][:4] == ["ApSys'16", "panwar2016protecting", "APSys", "workshop"]
    assert table["gond2026llm42"][:4] == ["Pre-print. arXiv'26", "gond2026llm42", "arXiv", "preprint"]
    assert table["mohan2024piggyback"][:4] == ["(patent)", "mohan2024piggyback", "-", "patent"]


def test_check_agreeing_cv_exits_0(cv_dir: Path) -> None:
    venues = cv_dir / "venues.yaml"
    venues.write_text(venues.read_text(encoding="utf-8")
                      .replace("2025: {submitted: 510, accepted: 105}", "2025: {submitted: 912, accepted: 177}")
                      .replace("2024: {submitted: 282, accepted: 49}", "2024: {submitted: 272, accepted: 49}"),
                      encoding="utf-8")
    result = invoke("venues", "check", str(cv_dir / "cv.yaml"))
    assert result.exit_code == 0, result.output
    assert "Disagreements between venues.yaml and the database (0):\n  none" in result.output


def test_check_cv_with_errors_exits_2(cv_dir: Path) -> None:
    venues = cv_dir / "venues.yaml"
    venues.write_text(venues.read_text(encoding="utf-8").replace("accepted: 49}", "accepted: 490}", 1), encoding="utf-8")
    result = run("venues", "check", str(cv_dir / "cv.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "venues.yaml:11:" in result.stderr and "more than submitted" in result.stderr


# --- cvgen venues QUERY ------------------------------------------------------------------------


def test_search_by_acronym_alias_and_words() -> None:
    result = invoke("venues", "OSDI", "--year", "2024")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("OSDI  (conference, Distributed computing and systems software)  USENIX Symposium on Operating Systems Design and Implementation")
    assert any(line.split()[:4] == ["2024", "272", "49", "18.01%"] and "emeryberger/csconferences" in line
               for line in lines)
    assert invoke("venues", "usenix", "atc").output.startswith("ATC  (conference, Distributed computing and systems software)")
    assert invoke("venues", "memory", "management").output.startswith("ISMM  (conference, Distributed computing and systems software)")
    assert invoke("venues", "search", "check").exit_code in (0, 1)  # a query that is a command's name


def test_search_options_may_come_first() -> None:
    first = invoke("venues", "--year", "2024", "OSDI")
    assert first.exit_code == 0 and first.output == invoke("venues", "OSDI", "--year", "2024").output
    wrong = invoke("venues", "--bogus", "OSDI")
    assert wrong.exit_code == 2 and "No such option '--bogus'" in wrong.output


def test_search_marks_cc_by_sa_rows_and_rateless_venues() -> None:
    out = invoke("venues", "PACT", "--limit", "1").output
    assert "eitanf/sysconf:features/confs.csv@5ea1db30 (CC BY-SA 4.0)" in out
    assert "licensed CC BY-SA 4.0" in out
    assert "no acceptance figures in the database (a journal" in invoke("venues", "IEEE CAL", "--limit", "1").output


def test_search_without_match_exits_1() -> None:
    result = run("venues", "zzzqqq")
    assert result.returncode == 1 and "no venue matches 'zzzqqq'" in result.stderr


def test_help_lists_the_venues_commands() -> None:
    result = run("venues", "--help")
    assert result.returncode == 0 and "cvgen venues check [CV_YAML]" in result.stdout


# --- the pipeline: resolution, settings, warnings -----------------------------------------------

BIB = r"""@inproceedings{sosp, title = {A}, author = {Ada Lovelace}, year = {2023}, keywords = {full},
  booktitle = {Proceedings of the 29th Symposium on Operating Systems Principles, SOSP 2023, Koblenz, Germany}}
@inproceedings{asplos, title = {B}, author = {Ada Lovelace}, year = {2025}, keywords = {full},
  booktitle = {ASPLOS '25: Proceedings of the 30th ACM International Conference on Architectural Support for Programming Languages and Operating Systems, Volume 1}}
@inproceedings{cycle, title = {C}, author = {Ada Lovelace}, year = {2023}, cycle = {2}, keywords = {full},
  booktitle = {Proceedings of the 28th ACM International Conference on Architectural Support for Programming Languages and Operating Systems, Volume 2}}
@article{journal, title = {D}, author = {Ada Lovelace}, year = {2024}, keywords = {full},
  journal = {IEEE Computer Architecture Letters}}
"""
NOWHERE = r"""@inproceedings{mlsys, title = {E}, author = {Ada Lovelace}, year = {2024}, keywords = {full},
  booktitle = {Proceedings of the Seventh Annual Conference on Machine Learning and Systems}}
"""


def small_cv(tmp_path: Path, settings: str = "", section: str = "", bib: str = BIB) -> Path:
    (tmp_path / "p.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "venues.yaml").write_text("ASPLOS:\n  2025: {submitted: 510, accepted: 105}\n", encoding="utf-8")
    cv = tmp_path / "cv.yaml"
    cv.write_text(f"name: Ada Lovelace\nbibliography: p.bib\nvenue_figures: venues.yaml\n"
                  f"settings: {{paper: a4{settings}}}\n"
                  f"sections:\n  - title: Papers\n    publications: {{keyword: full{section}}}\n", encoding="utf-8")
    return cv


def _figures(cv: Path) -> dict[str, object]:
    checked = check(cv)
    return {p.key: p.figures for pubs in checked.publications for p in pubs or []}


def test_database_fills_in_only_when_asked(tmp_path: Path) -> None:
    off = _figures(small_cv(tmp_path))
    assert off["sosp"] is None and off["cycle"] is None and off["journal"] is None
    assert (off["asplos"].submitted, off["asplos"].origin) == (510, "cv")  # type: ignore[union-attr]
    for on in (_figures(small_cv(tmp_path, settings=", venue_database: true")),
               _figures(small_cv(tmp_path, section=", venue_database: true"))):
        sosp = on["sosp"]
        assert (sosp.venue, sosp.year, sosp.submitted, sosp.accepted, sosp.origin) == (  # type: ignore[union-attr]
            "SOSP", 2023, 232, 43, "database")
        assert sosp.source.startswith("emeryberger/csconferences:csconferences.csv@")  # type: ignore[union-attr]
        assert on["asplos"].submitted == 510  # type: ignore[union-attr]  # the CV's own figure wins
        assert (on["cycle"].cycle, on["cycle"].submitted, on["cycle"].accepted) == ("2", 270, 72)  # type: ignore[union-attr]
        assert on["journal"] is None  # journals never get figures
    # the section can turn off what the CV turned on
    assert _figures(small_cv(tmp_path, settings=", venue_database: true", section=", venue_database: false"))["sosp"] is None


def test_conference_papers_without_figures_warn_only_when_the_database_is_on(tmp_path: Path) -> None:
    assert not check(small_cv(tmp_path, bib=BIB + NOWHERE)).problems.warnings
    cv = small_cv(tmp_path, settings=", venue_database: true", bib=BIB + NOWHERE)
    warnings = check(cv).problems.warnings
    assert len(warnings) == 1
    w = warnings[0]
    assert (w.file, w.line) == (str(cv), 7)  # the section's publications
    assert "1 paper at conferences with no acceptance figures" in w.message
    assert "MLSys'24 (mlsys, p.bib:9)" in w.message
    with pytest.raises(CvError) as err:
        check(cv, strict=True)
    assert any("MLSys'24" in p.message and p.severity == "error" for p in err.value.problems)
    result = run("check", "--strict", str(cv))
    assert result.returncode == 1 and "MLSys'24 (mlsys" in result.stderr


def test_unknown_placeholder_is_an_error_at_its_line(tmp_path: Path) -> None:
    cv = small_cv(tmp_path, settings=', acceptance_format: "{submitted} in {yeer}"')
    with pytest.raises(CvError) as err:
        check(cv)
    (problem,) = err.value.problems
    assert problem.line == 4 and "unknown placeholder {yeer}" in problem.message


def test_small_pdf_with_short_format_database_and_summary(tmp_path: Path) -> None:
    cv = small_cv(tmp_path, settings=", venue_database: true, acceptance_format: short", section=", summary: true")
    build(cv, tmp_path / "out" / "cv.pdf")
    text = flat(pdf_text(tmp_path / "out" / "cv.pdf"))
    assert "[SOSP'23] A" in text
    for line in ("acceptance rate 18.5%",   # SOSP 2023 from the database: 43/232 = 18.53%
                 "acceptance rate 20.6%",   # ASPLOS 2025 from venues.yaml: 105/510 = 20.59%
                 "acceptance rate 26.7%"):  # ASPLOS 2023 cycle 2 from the database: 72/270 = 26.67%
        assert line in text
    assert len(re.findall(r"acceptance rate \d", text)) == 3  # not under the journal paper
    assert "4 papers; median acceptance rate of their venues 20.6% (3 with figures)" in text
    assert "Submissions:" not in text


TRACKS_BIB = r"""@inproceedings{nier, title = {N}, author = {Ada Lovelace}, year = {2020}, keywords = {full},
  series = {ICSE '20},
  booktitle = {Proceedings of the ACM/IEEE 42nd International Conference on Software Engineering: New Ideas and Emerging Results}}
@inproceedings{iclr, title = {I}, author = {Ada Lovelace}, year = {2023}, keywords = {full}, booktitle = {ICLR 2024}}
@inproceedings{fmcad, title = {F}, author = {Ada Lovelace}, year = {2020}, keywords = {full},
  booktitle = {2020 Formal Methods in Computer Aided Design (FMCAD)}}
@article{fmsd, title = {J}, author = {Ada Lovelace}, year = {2021}, keywords = {full},
  journal = {Formal Methods in System Design}}
@inproceedings{nowhere, title = {U}, author = {Ada Lovelace}, year = {2021}, keywords = {full},
  booktitle = {Proceedings of the First Workshop on Nothing Known}}
"""


def test_check_shows_each_decision(tmp_path: Path) -> None:
    cv = small_cv(tmp_path, settings=", venue_database: true", bib=TRACKS_BIB)
    result = invoke("venues", "check", str(cv))
    out = result.output
    assert "Traceback" not in out
    tracks = _section(out, "Tracks and satellites")
    assert tracks[0] == "Tracks and satellites of a venue: never its figures (1):" and len(tracks) == 2
    assert tracks[1].endswith(" nier (p.bib:1): a track of ICSE (new ideas and emerging results): no figures")
    block = _section(out, "Booktitle years that differ")
    assert block[0] == "Booktitle years that differ from the entry's year: no figures (1):" and len(block) == 2
    assert block[1].endswith(" iclr (p.bib:4): ICLR, but 'ICLR 2024' says 2024 and the year is 2023: no figures")
    nowhere = _section(out, "Conference papers with figures neither")
    assert " nier" not in nowhere[1] and " iclr" not in nowhere[1]  # said above: no figures on purpose
    unresolved = _section(out, "Venues that could not be resolved")
    assert unresolved[0] == "Venues that could not be resolved (1):"
    assert " nowhere (p.bib:9): " in unresolved[1] and "Nothing Known" in unresolved[1]
    header, *rows = _section(out, "Papers of")[1:]
    starts = [header.index(name) for name in header.split()]
    venue_of = {}
    for row in rows:
        cells = [row[a:b].strip() for a, b in zip(starts, starts[1:] + [len(row)])]
        venue_of[cells[1]] = cells[2]
    assert venue_of["fmcad"] == "FMCAD" and venue_of["fmsd"] == "FMSD" and venue_of["iclr"] == "ICLR?"
    assert venue_of["nier"] == "ICSE-track"


def test_search_shows_venues_named_from_the_core_list() -> None:
    out = invoke("venues", "SoCG").output
    assert out.startswith("SoCG  (conference, Theory of computation)  International Symposium on Computational Geometry")
    assert "no acceptance figures in the database; named from the CORE conference list" in out


def test_tracks_are_not_listed_as_missing_figures(tmp_path: Path) -> None:
    cv = small_cv(tmp_path, settings=", venue_database: true", bib=TRACKS_BIB)
    warnings = [w.message for w in check(cv).problems.warnings]
    missing = [m for m in warnings if "at conferences with no acceptance figures" in m]
    assert missing and all("(nier," not in m and "(iclr," not in m for m in missing)
    assert any("iclr" in m and "2024" in m and "2023" in m for m in warnings)
