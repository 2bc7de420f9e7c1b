"""Text reports of the venue database for `cvgen venues QUERY` and `cvgen venues check`.

Plain aligned columns, no TeX. Figures read `submitted/accepted (rate%)` throughout.
`check_report` compares the CV's own figures (venues.yaml) with the database for every
paper of the CV, whatever the CV's `venue_database` setting; its exit status is 0 when
nothing disagrees and 1 when some figure differs (papers whose venue could not be resolved,
or whose database figures the CV does not show, are listed but do not change it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvgen.venues import database as venue_db
from cvgen.venues.figures import CC_BY_SA, Figures, VenueFigures, database_figures

EXIT_AGREE = 0
EXIT_DISAGREE = 1
NONE = "-"
LICENCE_NOTE = (f"Rows marked {CC_BY_SA} come from cvgen/data/venues-cc-by-sa.csv (OpenAccept/openaccept-metadata, "
                f"eitanf/sysconf) and are licensed {CC_BY_SA}; see cvgen/data/README.md.")


def table(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Left-aligned columns separated by two spaces; the last column is not padded."""
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows if i < len(r)) for i in range(max(len(r) for r in rows))]
    out = []
    for r in rows:
        cells = [c.ljust(widths[i]) for i, c in enumerate(r[:-1])] + [r[-1]]
        out.append((indent + "  ".join(cells)).rstrip())
    return out


def short_source(source: str) -> str:
    """'owner/repo:path@<40 hex>' -> 'owner/repo:path@1234abcd' (a licence suffix is kept)."""
    head, at, rest = source.rpartition("@")
    if not at:
        return source
    commit, _, tail = rest.partition(" ")
    return f"{head}@{commit[:8]}" + (f" {tail}" if tail else "")


# --- cvgen venues QUERY ----------------------------------------------------------------------


def search_report(query: str, year: int | None = None, limit: int = 5) -> tuple[str, int]:
    """The venues matching QUERY (acronym, alias or words of the name), each with its figures."""
    found = venue_db.search(query)
    if not found:
        return f"cvgen: no venue matches '{query}'; try an acronym (OSDI) or words of the name (operating systems)", 1
    lines: list[str] = []
    cc = False
    for v in found[:limit]:
        lines.append(f"{v.acronym}  ({v.kind}{', ' + v.field if v.field else ''})  {v.full_name}")
        if v.aliases:
            aliases = ", ".join(v.aliases[:8]) + (f", ... ({len(v.aliases) - 8} more)" if len(v.aliases) > 8 else "")
            lines.append(f"  also: {aliases}")
        rows = sorted((r for r in venue_db.years(v.acronym) if year is None or r.year == year),
                      key=lambda r: (-r.year, r.cycle or ""))  # newest first, whole year before its cycles
        if rows:
            body = [["year", "cycle", "submitted", "accepted", "rate", "source"]]
            for r in rows:
                fig = database_figures(r.venue, r.year, r.cycle)
                assert fig is not None
                body.append([str(r.year), r.cycle or "", str(r.submitted), str(r.accepted), f"{fig.rate}%",
                             short_source(fig.source)])
                cc = cc or bool(r.license)
            lines += table(body)
        elif year is not None and venue_db.years(v.acronym):
            lines.append(f"  no figures for {year}")
        else:
            why = {"journal": "a journal", "workshop": "a workshop", "preprint": "a pre-print server"}.get(v.kind)
            lines.append("  no acceptance figures in the database" + (f" ({why}: no acceptance rate)" if why else "")
                         + ("; named from the CORE conference list" if v.source else ""))
        lines.append("")
    if len(found) > limit:
        rest = ", ".join(v.acronym for v in found[limit:limit + 20])
        more = f" and {len(found) - limit - 20} more" if len(found) > limit + 20 else ""
        lines.append(f"{len(found) - limit} more match (use --limit): {rest}{more}")
    if cc:
        lines.append(LICENCE_NOTE)
    return "\n".join(lines).rstrip(), 0


# --- cvgen venues check --------------------------------------------------------------------------


@dataclass
class PaperCheck:
    pub: Any  # publications.Publication
    kind: str
    cv: Figures | None = None
    db: Figures | None = None

    @property
    def comparable(self) -> bool:
        return self.cv is not None and self.db is not None and self.cv.cycle == self.db.cycle

    @property
    def disagrees(self) -> bool:
        return self.comparable and (self.cv.submitted, self.cv.accepted) != (self.db.submitted, self.db.accepted)  # type: ignore[union-attr]


@dataclass
class CheckResult:
    papers: list[PaperCheck] = field(default_factory=list)

    def where(self, test: Any) -> list[PaperCheck]:
        return [p for p in self.papers if test(p)]

    @property
    def disagreements(self) -> list[PaperCheck]:
        return self.where(lambda p: p.disagrees)

    @property
    def not_shown(self) -> list[PaperCheck]:
        """Papers whose venue-year has database figures but that print none."""
        return self.where(lambda p: p.kind == "conference" and p.db is not None and p.pub.figures is None)

    @property
    def unresolved(self) -> list[PaperCheck]:
        # only papers at a venue have one to resolve (not patents, theses, books, reports, talks, ...)
        return self.where(lambda p: p.pub.resolved is None and _status(p.pub) != "track"
                          and p.pub.kind in ("conference", "workshop", "journal", "preprint"))

    @property
    def tracks(self) -> list[PaperCheck]:
        return self.where(lambda p: _status(p.pub) == "track")

    @property
    def year_disagreements(self) -> list[PaperCheck]:
        return self.where(lambda p: _status(p.pub) == "year")


    @property
    def no_figures(self) -> list[PaperCheck]:
        return self.where(lambda p: p.kind == "conference" and p.cv is None and p.db is None
                          and _status(p.pub) not in ("track", "year"))


def _status(pub: Any) -> str:
    decision = getattr(pub, "venue_decision", None)
    return decision.status if decision is not None else ""


def _venue_cell(pub: Any) -> str:
    """The VENUE column: the acronym, 'ICSE-track', 'ICLR?' (year in doubt), '?' or '-'."""
    decision = getattr(pub, "venue_decision", None)
    if decision is not None and decision.status == "track" and decision.host is not None:
        return f"{decision.host.acronym}-track"
    if pub.resolved:
        return pub.resolved.acronym + ("?" if _status(pub) == "year" else "")
    return "?" if pub.kind != "patent" else NONE


def compare(publications: list[list[Any] | None], figures: VenueFigures) -> CheckResult:
    """Each paper of the CV (once, in the order of the CV) with the CV's and the database's figures."""
    result = CheckResult()
    seen: set[str] = set()
    for pubs in publications:
        for pub in pubs or []:
            if pub.key in seen:
                continue
            seen.add(pub.key)
            kind = pub.resolved.kind if pub.resolved else pub.kind
            check = PaperCheck(pub, kind)
            if kind == "conference":
                canonical = pub.resolved.acronym if pub.resolved else None
                check.cv = figures.from_cv(pub.venue, canonical, pub.year, pub.cycle)
                check.db = database_figures(canonical, pub.year, pub.cycle)
            result.papers.append(check)
    return result


def _label(pub: Any) -> str:
    return pub.tag or (f"({pub.kind})" if pub.kind == "patent" else pub.key)


def _year_label(fig: Figures) -> str:
    return f"{fig.venue} {fig.year}" + (f" cycle {fig.cycle}" if fig.cycle else "")


def _decisions(title: str, papers: list[PaperCheck]) -> list[str]:
    """A titled block: each paper with what was decided about its venue."""
    lines = ["", f"{title} ({len(papers)}):"]
    for p in papers:
        lines.append(f"  {_label(p.pub)} {p.pub.key} ({Path(p.pub.file).name}:{p.pub.line}): "
                     f"{p.pub.venue_decision.describe()}")
    return lines + ([] if papers else ["  none"])


def check_report(cv_path: Path, publications: list[list[Any] | None], figures: VenueFigures) -> tuple[str, int]:
    result = compare(publications, figures)
    lines = [f"Papers of {cv_path} and their venues (figures: submitted/accepted (rate)):"]
    rows = [["PAPER", "KEY", "VENUE", "KIND", "VENUES.YAML", "DATABASE", "PRINTED"]]
    for p in result.papers:
        pub = p.pub
        venue = _venue_cell(pub)
        if p.kind == "conference":
            cv = p.cv.counts + (f" c{p.cv.cycle}" if p.cv.cycle else "") if p.cv else NONE
            db = p.db.counts + (f" c{p.db.cycle}" if p.db.cycle else "") if p.db else NONE
            printed = ("venues.yaml" if pub.figures.origin == "cv" else "database") if pub.figures else "none"
            if p.disagrees:
                printed += "  DIFFERS"
        else:
            cv = db = printed = ""
        rows.append([_label(pub), pub.key, venue, p.kind, cv, db, printed])
    lines += table(rows)

    differ = result.disagreements
    groups: dict[tuple[Any, ...], list[PaperCheck]] = {}
    for p in differ:
        assert p.cv is not None and p.db is not None
        key = (p.db.venue, p.db.year, p.db.cycle, p.cv.submitted, p.cv.accepted, p.db.submitted, p.db.accepted)
        groups.setdefault(key, []).append(p)
    lines += ["", f"Disagreements between venues.yaml and the database ({len(groups)}):"]
    for members in groups.values():
        cv, db = members[0].cv, members[0].db
        assert cv is not None and db is not None
        # Smaller on both counts than the database's whole year: probably one cycle of it.
        part = db.cycle is None and cv.submitted < db.submitted and cv.accepted < db.accepted
        scope = " for the whole year (all cycles)" if part else ""
        lines.append(f"  {_year_label(db)}: venues.yaml {cv.counts} vs database {db.counts}{scope}; "
                     f"papers: {', '.join(_label(m.pub) + ' ' + m.pub.key for m in members)}")
        what = [n for n, a, b in (("submitted", cv.submitted, db.submitted), ("accepted", cv.accepted, db.accepted))
                if a != b]
        verb = "differ" if len(what) > 1 else "differs"
        lines.append(f"    {' and '.join(what)} {verb}; venues.yaml: {cv.source}; database: {short_source(db.source)}")
        if part:
            lines.append("    if venues.yaml quotes one cycle, write it under 'cycles:' and add cycle = {N} to the entries")
    if not groups:
        lines.append("  none")

    shown = result.not_shown
    lines += ["", f"Database figures the CV does not show ({len(shown)}):"]
    for p in shown:
        assert p.db is not None
        lines.append(f"  {_label(p.pub)} {p.pub.key}: database {_year_label(p.db)} {p.db.counts}, "
                     f"{short_source(p.db.source)}")
    if shown:
        lines.append("  (print them with 'venue_database: true' under settings or in the section, "
                     "or copy them into venues.yaml)")
    else:
        lines.append("  none")

    unresolved = result.unresolved
    lines += ["", f"Venues that could not be resolved ({len(unresolved)}):"]
    for p in unresolved:
        lines.append(f"  {_label(p.pub)} {p.pub.key} ({Path(p.pub.file).name}:{p.pub.line}): "
                     f"{p.pub.venue_line or p.pub.venue or 'no booktitle or journal'}")
    if unresolved:
        lines.append("  (name the venue with a BibTeX field venue = {ACRONYM}; `cvgen venues QUERY` lists them)")
    else:
        lines.append("  none")

    lines += _decisions("Tracks and satellites of a venue: never its figures", result.tracks)
    lines += _decisions("Booktitle years that differ from the entry's year: no figures", result.year_disagreements)

    nowhere = result.no_figures
    lines += ["", f"Conference papers with figures neither in venues.yaml nor in the database ({len(nowhere)}):"]
    lines.append("  " + (", ".join(f"{_label(p.pub)} {p.pub.key}" for p in nowhere) or "none"))
    if any(p.db and p.db.license for p in result.papers):
        lines += ["", LICENCE_NOTE]
    lines += ["", f"cvgen: {len(groups)} disagreement(s), {len(shown)} paper(s) with database figures not shown, "
                  f"{len(unresolved)} unresolved venue(s), {len(result.tracks)} track(s) and "
                  f"{len(result.year_disagreements)} year disagreement(s) without figures"]
    return "\n".join(lines), EXIT_DISAGREE if groups else EXIT_AGREE
