"""`cvgen import` run as people run it, on real DBLP and Google Scholar exports (tests/data/imports,
provenance in SOURCES.md) merged into a copy of the reference CV's publications.bib."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cvgen.commands.importer import _readable_key, _unique_key, import_bib
from cvgen.bib.entries import BibEntry, load_bibtex
from cvgen.core.errors import CvError, Problems
from cvgen.bib.decode import decode_text

from ..conftest import flat, pdf_text

ROOT = Path(__file__).resolve().parent.parent.parent
DBLP = ROOT / "tests" / "data" / "imports" / "dblp-vaidhyanathan.bib"
SCHOLAR = ROOT / "tests" / "data" / "imports" / "scholar-calerovaldez.bib"

# Entries a user might already have, each the same paper as one of the DBLP export by one rule.
KNOWN_DBLP = """
@inproceedings{mine-locoml,
  title     = {LoCoML, a framework for ML inference pipelines (our version)},
  author    = {Kritin Maddireddy and Karthik Vaidhyanathan},
  booktitle = {CAIN 2025},
  year      = {2025},
  doi       = {https://doi.org/10.1109/cain66642.2025.00017},
}

@inproceedings{DBLP:conf/icsa/ArunTV25,
  title     = {Architectural components from LLMs},
  author    = {Shrikara Arun and Karthik Vaidhyanathan},
  booktitle = {ICSA},
  year      = {2025},
}

@article{mine-remotelabs,
  title   = {{Engineering} end-to-end remote labs using {IoT}-based retrofitting.},
  author  = {Savitha Viswanadh Kandala and Karthik Vaidhyanathan},
  journal = {IEEE Access},
  year    = {2025},
}
"""


def cvgen(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cvgen", *map(str, args)], cwd=cwd, capture_output=True, text=True)


def entries_of(path: Path) -> dict[str, BibEntry]:
    problems = Problems()
    found = load_bibtex(path, problems)
    assert not problems.errors, [p.render() for p in problems.errors]
    return found


def entries_of_text(text: str, folder: Path) -> dict[str, BibEntry]:
    path = folder / "copy.bib"
    path.write_text(text, encoding="utf-8")
    return entries_of(path)


def skipped(report: str) -> dict[str, tuple[str, str]]:
    """Export key -> (the user's key, the rule), from the report's '=' lines."""
    found = {}
    for m in re.finditer(r"^  = \S+: (\S+) is (\S+) \((.*)\)$", report, re.M):
        found[m.group(1)] = (m.group(2), m.group(3))
    return found


def added(report: str) -> list[str]:
    return re.findall(r"^  \+ \S+: (\S+) ", report, re.M)


def count(report: str, what: str) -> int:
    m = re.search(rf"^{what} \((\d+)\)", report, re.M)
    assert m, report
    return int(m.group(1))


def test_dblp_export_into_the_reference_bib(cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    with bib.open("a", encoding="utf-8") as out:
        out.write(KNOWN_DBLP)
    before = bib.read_bytes()
    export = entries_of(DBLP)
    assert len(export) >= 30

    result = cvgen("import", DBLP, "--into", bib)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    dupes = skipped(report)
    assert dupes["DBLP:conf/cain/MaddireddyMSV25"] == ("mine-locoml", "same DOI: 10.1109/cain66642.2025.00017")
    assert dupes["DBLP:conf/icsa/ArunTV25"][0] == "DBLP:conf/icsa/ArunTV25"
    assert dupes["DBLP:conf/icsa/ArunTV25"][1].startswith("same DBLP key")
    assert dupes["DBLP:journals/access/KandalaGWASCVCBKH25"] == ("mine-remotelabs", "same title: year 2025")
    # The CoRR pre-print of a paper the file has is skipped as its pre-print.
    assert dupes["DBLP:journals/corr/abs-2501-14165"][0] == "mine-locoml"
    assert "pre-print" in dupes["DBLP:journals/corr/abs-2501-14165"][1]
    new_keys = added(report)
    assert count(report, "Added") == len(new_keys) and count(report, "Skipped") == len(dupes)
    assert len(new_keys) + len(dupes) == len(export)
    assert re.search(r"^  \? \S+: sridhar2025approachb and sridhar2025approach: titles 9\d% alike; "
                     r"sridhar2025approachb is a pre-print", report, re.M), report

    after = bib.read_bytes()
    assert after.startswith(before), "the user's text must stay byte for byte"
    backup = bib.with_name("publications.bib.bak")
    assert backup.read_bytes() == before and f"the previous version is in {backup}" in report
    merged = entries_of(bib)
    for key in new_keys:
        assert re.fullmatch(r"[a-z]+\d{4}[a-z0-9]+", key), key
        fields = merged[key].fields
        assert not {"timestamp", "biburl", "bibsource"} & set(fields)
        assert fields["dblp"].startswith(("conf/", "journals/"))
    assert "esposito2026generative" in new_keys and "maddireddy2025locoml" not in new_keys
    assert not any(k.startswith("DBLP:") for k in merged if k != "DBLP:conf/icsa/ArunTV25")

    again = cvgen("import", DBLP, "--into", bib)  # idempotent: nothing new the second time
    assert again.returncode == 0 and count(again.stdout, "Added") == 0
    assert count(again.stdout, "Skipped") == len(export)
    assert bib.read_bytes() == after and backup.read_bytes() == before
    assert "was not written" in again.stdout


def test_scholar_export_finds_title_duplicates_and_suspects(cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    with bib.open("a", encoding="utf-8") as out:
        out.write("\n@inproceedings{mine-chances,\n  title = {Chances of Increasing Youth Health Awareness "
                  "through Mobile Wellness Applications},\n  author = {Andreas Holzinger},\n"
                  "  booktitle = {USAB}, year = {2010},\n}\n"
                  "\n@inproceedings{mine-task,\n  title = {Task performance in mobile and ambient interfaces: "
                  "does size matter for usability of electronic diabetes assistants},\n"
                  "  author = {Andr\\'e Calero Valdez}, booktitle = {i-Society}, year = {2011},\n}\n")
    before = bib.read_bytes()
    export = entries_of(SCHOLAR)
    assert len(export) >= 30
    result = cvgen("import", SCHOLAR, "--into", bib)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert skipped(report) == {"holzinger2010chances": ("mine-chances", "same title: year 2010")}
    assert re.search(r"\? \S+: valdez2010task and mine-task: same title, 2011 there and 2010 here", report)
    assert count(report, "Added") == len(export) - 1
    # The owner written four ways by Scholar: the import points at the odd spellings.
    assert re.search(r"^  ~ 'A Calero Valdez' \(locker2014yet, calerovaldez2016preparing\) looks like "
                     r"'André Calero Valdez' \(\d+ entries\): initials", report, re.M), report
    assert "'Andre Calero-Valdez' (holzinger2014interactive) looks like 'André Calero Valdez'" in report
    assert bib.read_bytes().startswith(before)
    merged = entries_of(bib)
    assert "calerovaldez2010mental" in merged  # 'Calero Valdez, André' -> a key of the whole surname
    assert cvgen("import", SCHOLAR, "--into", bib).stdout.count("\n  = ") == len(export)


def test_imported_papers_build_into_the_pdf(cv_dir: Path, tmp_path: Path) -> None:
    bib = cv_dir / "publications.bib"
    for export in (DBLP, SCHOLAR):
        result = cvgen("import", export, "--into", bib, "--keywords", "full")
        assert result.returncode == 0, result.stderr
    merged = entries_of(bib)
    new = [e for k, e in merged.items() if "dblp" in e.fields or k in added(result.stdout)]
    assert len(new) > 50
    pdf = tmp_path / "cv.pdf"
    build = cvgen("build", cv_dir / "cv.yaml", "-o", pdf)
    assert build.returncode == 0, build.stderr
    text = flat(pdf_text(pdf)).replace("- ", "-")
    missing = [e.key for e in new if flat(decode_text(e.fields["title"])).replace("- ", "-") not in text]
    assert not missing


def test_update_changes_only_the_matched_entry(cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    with bib.open("a", encoding="utf-8") as out:
        out.write(KNOWN_DBLP)
    before = bib.read_text(encoding="utf-8")
    result = cvgen("import", DBLP, "--into", bib, "--update", "--dry-run")
    assert result.returncode == 0 and "would update pages = '83--88' (added)" in result.stdout
    assert bib.read_text(encoding="utf-8") == before and not bib.with_name("publications.bib.bak").exists()

    result = cvgen("import", DBLP, "--into", bib, "--update")
    assert result.returncode == 0, result.stderr
    assert "updated pages = '83--88' (added)" in result.stdout
    assert re.search(r"updated title = 'LoCoML: \{A\} Framework for Real-World .*' \(was 'LoCoML, a framework",
                     result.stdout)
    locoml = result.stdout.split("mine-locoml")[1].split("\n  = ")[0]
    assert "updated doi" not in locoml  # the same DOI, spelt otherwise
    after = bib.read_text(encoding="utf-8")
    start = before.index("@inproceedings{mine-locoml")
    assert after[:start] == before[:start]
    new_entry = after[start:after.index("\n}", start) + 2]
    keys = [k for k in entries_of(bib)]
    assert keys[:keys.index("mine-remotelabs") + 1] == [k for k in entries_of_text(before, cv_dir)]
    assert "  pages     = {83--88}" in new_entry and "  doi       = {https://doi.org/10.1109/cain66642" in new_entry
    assert entries_of(bib)["mine-locoml"].fields["booktitle"].startswith("4th {IEEE/ACM}")


def test_errors_in_the_export_have_file_line_col_and_nothing_is_written(cv_dir: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.bib"
    export.write_text("@article{x,\n  title = {A},\n  author = {B C},\n  journal = {J},\n  year = {2020},\n}\n"
                      "@article{x,\n  title = {D},\n  author = {B C},\n  journal = {J},\n  year = {2021},\n}\n",
                      encoding="utf-8")
    bib = cv_dir / "publications.bib"
    before = bib.read_bytes()
    result = cvgen("import", export, "--into", bib, "--dry-run")  # two papers under one key: both, with a warning
    assert result.returncode == 0 and "Traceback" not in result.stderr and "Would add (2)" in result.stdout
    assert re.search(rf"^{re.escape(str(export))}:7:1: warning: .*'x'", result.stderr + result.stdout, re.M), \
        result.stderr
    export.write_text("@article{y,\n  title = {A},\n  author = {B C},\n  journal = J # {x},\n  year = {2020},\n}\n"
                      '@string{s0 = "' + "x" * 80 + '"}\n' + "".join(f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n"
                                                                  for i in range(1, 41)), encoding="utf-8")
    result = cvgen("import", export, "--into", bib)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"^{re.escape(str(export))}:15:1: error: @string s8", result.stderr, re.M), result.stderr
    assert bib.read_bytes() == before and not bib.with_name("publications.bib.bak").exists()


def test_a_new_file_and_windows_line_endings(tmp_path: Path) -> None:
    target = tmp_path / "new.bib"
    result = cvgen("import", SCHOLAR, "--into", target)
    assert result.returncode == 0 and "a new file" in result.stdout
    crlf = tmp_path / "crlf.bib"
    crlf.write_bytes(b"% mine\r\n@misc{m,\r\n  title = {T},\r\n  author = {A B},\r\n  year = {2020},\r\n}\r\n")
    before = crlf.read_bytes()
    assert cvgen("import", DBLP, "--into", crlf).returncode == 0
    after = crlf.read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")


def test_readable_keys() -> None:
    def key(author: str, title: str, year: str = "2024") -> str:
        return _readable_key(BibEntry("x.bib", "k", "misc", 1, {"author": author, "title": title, "year": year}, {}))

    assert key("Ramya Prabhu and Ashish Panwar", r"{vAttention}: Dynamic Memory") == "prabhu2024vattention"
    assert key(r"Tom{\'{a}}s Cern{\'{y}} and A B", "The Art of It") == "cerny2024art"
    assert key("van der Aalst, Wil", "On Process Mining") == "aalst2024process"
    assert key(r"Calero Valdez, Andr{\'e}", "Mental models") == "calerovaldez2024mental"
    assert key("{Barnes and Noble, Inc.}", "Books", "") == "barnesandnobleinc" + "nd" + "books"
    assert _unique_key("a2024x", {"a2024x", "a2024xb"}) == "a2024xc"


def test_crossref_volumes_are_inlined_not_imported(tmp_path: Path) -> None:
    export = tmp_path / "dblp.bib"
    export.write_text("@inproceedings{DBLP:conf/osdi/AgrawalKPMKGTR24,\n  author = {Amey Agrawal and Ashish Panwar},\n"
                      "  title = {Taming Throughput-Latency Tradeoff},\n  crossref = {DBLP:conf/osdi/2024},\n"
                      "  pages = {117--134},\n  year = {2024}\n}\n"
                      "@proceedings{DBLP:conf/osdi/2024,\n  editor = {Ada Gavrilovska and Douglas B. Terry},\n"
                      "  title = {18th {USENIX} Symposium on Operating Systems Design and Implementation, "
                      "{OSDI} 2024},\n"
                      "  publisher = {{USENIX} Association},\n  year = {2024}\n}\n", encoding="utf-8")
    target = tmp_path / "mine.bib"
    result = cvgen("import", export, "--into", target)
    assert result.returncode == 0, result.stderr
    assert added(result.stdout) == ["agrawal2024taming"]
    assert "DBLP:conf/osdi/2024: the proceedings volume" in result.stdout
    entry = entries_of(target)["agrawal2024taming"]
    assert entry.fields["booktitle"].startswith("18th {USENIX} Symposium") and "crossref" not in entry.fields
    assert "venue OSDI (conference)" in result.stdout


CORPUS = sorted((ROOT / "tests" / "data" / "bib-corpus").glob("*.bib"))


@pytest.mark.parametrize("export", CORPUS, ids=[p.name for p in CORPUS])
def test_every_real_bib_imports_or_reports_errors(export: Path, tmp_path: Path) -> None:
    """Real files of many exporters (tests/data/bib-corpus): an import either merges them or
    reports problems at file:line; the second import adds nothing."""
    target = tmp_path / "mine.bib"
    target.write_bytes((ROOT / "content" / "publications.bib").read_bytes())
    try:
        first = import_bib(export, target)
    except CvError as exc:
        assert all(p.file == str(export) and p.line > 0 for p in exc.problems if p.severity == "error")
        return
    assert first.added and first.written
    second = import_bib(export, target)
    assert not second.added and not second.written
    assert len(second.skipped) == len(first.added) + len(first.skipped)


# Issue 21, items 2, 3 and 12: import never corrupts the .bib, never breaks its link, keeps its
# line endings and mode, and leaves a read-only file alone. Each test runs the attack.

def test_keywords_with_an_open_brace_are_refused_and_nothing_is_written(cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    before = bib.read_bytes()
    result = cvgen("import", DBLP, "--into", bib, "--keywords", "{x")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--keywords: error: '{x' has a '{' without its '}'" in result.stderr, result.stderr
    assert bib.read_bytes() == before and not bib.with_name("publications.bib.bak").exists()
    result = cvgen("import", DBLP, "--into", bib, "--keywords", "full}")
    assert result.returncode == 1 and "has a '}' without its '{'" in result.stderr
    ok = cvgen("import", DBLP, "--into", bib, "--keywords", "{full}, short")
    assert ok.returncode == 0, ok.stderr
    assert all(e.fields["keywords"] == "{full}, short" for k, e in entries_of(bib).items() if k not in
               entries_of_text(before.decode("utf-8"), cv_dir))


def test_a_file_that_does_not_read_back_is_put_back(tmp_path: Path) -> None:
    """write_checked re-reads the file it wrote: text that no longer parses (what '{x' made
    before) is replaced by the previous bytes, with the reason."""
    from cvgen.bib.write import ReadBackError, write_checked

    target = tmp_path / "p.bib"
    old = b"@misc{a,\n  title = {T},\n}\n"
    target.write_bytes(old)
    target.chmod(0o640)

    def check(path: Path) -> str | None:  # an entry left out is a warning of the reader now, not an error
        problems = Problems()
        load_bibtex(path, problems)
        found = problems.errors or [w for w in problems.warnings if "left out" in w.message]
        return found[0].message if found else None

    with pytest.raises(ReadBackError, match="BibTeX syntax"):
        write_checked(target, old + b"@misc{b,\n  keywords = {{x},\n}\n", old, tmp_path / "p.bib.bak", check)
    assert target.read_bytes() == old and target.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "new.bib"
    with pytest.raises(ReadBackError):
        write_checked(fresh, b"@misc{b,\n  title = {{x},\n}\n", None, None, check)
    assert not fresh.exists()


def test_import_through_a_symlink_writes_the_file_it_points_to(cv_dir: Path, tmp_path: Path) -> None:
    shared = tmp_path / "library" / "shared.bib"
    shared.parent.mkdir()
    shared.write_bytes((cv_dir / "publications.bib").read_bytes())
    shared.chmod(0o664)
    link = cv_dir / "linked.bib"
    link.symlink_to(shared)
    result = cvgen("import", DBLP, "--into", link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == shared.resolve()
    assert shared.stat().st_mode & 0o777 == 0o664
    assert len(entries_of(shared)) == len(entries_of(cv_dir / "publications.bib")) + len(added(result.stdout)) > 19
    assert [p.name for p in shared.parent.iterdir()] == ["shared.bib"]  # no temporary file left there


def test_line_endings_cr_alone_and_crlf_are_kept(cv_dir: Path) -> None:
    text = (cv_dir / "publications.bib").read_text(encoding="utf-8") + KNOWN_DBLP
    for name, newline in (("cr.bib", b"\r"), ("crlf.bib", b"\r\n")):
        bib = cv_dir / name
        bib.write_bytes(text.encode("utf-8").replace(b"\n", newline))
        bib.chmod(0o600)
        before = bib.read_bytes()
        result = cvgen("import", DBLP, "--into", bib, "--update")
        assert result.returncode == 0, result.stderr
        assert "updated pages = '83--88' (added)" in result.stdout  # the entry meant, not the file's first
        after = bib.read_bytes()
        lines = after.replace(b"\r\n", b"") if newline == b"\r\n" else after
        assert b"\n" not in lines and (newline == b"\r\n" or b"\r\n" not in after), name
        assert after.startswith(before[:before.index(b"@inproceedings{mine-locoml")])
        assert bib.stat().st_mode & 0o777 == 0o600
        found = entries_of(bib)
        assert found["mine-locoml"].fields["pages"] == "83--88"
        assert len(found) == len(entries_of_text(text, cv_dir)) + len(added(result.stdout))
        # the report's lines are the lines an editor shows
        first = re.search(rf"\+ {re.escape(str(bib))}:(\d+): (\S+) ", result.stdout)
        assert first, result.stdout
        shown = after.split(newline)[int(first.group(1)) - 1]
        assert shown.startswith(b"@") and first.group(2).encode() in shown


def test_a_read_only_bib_is_refused_with_a_message(cv_dir: Path) -> None:
    bib = cv_dir / "publications.bib"
    before = bib.read_bytes()
    bib.chmod(0o444)
    link = cv_dir / "link.bib"
    link.symlink_to(bib.name)
    for target in (bib, link):
        result = cvgen("import", DBLP, "--into", target)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"{target}: error: is read-only" in result.stderr and "chmod u+w" in result.stderr, result.stderr
    assert bib.read_bytes() == before and bib.stat().st_mode & 0o777 == 0o444
    assert not bib.with_name("publications.bib.bak").exists() and not link.with_name("link.bib.bak").exists()
    assert cvgen("import", DBLP, "--into", bib, "--dry-run").returncode == 0  # a dry run writes nothing
