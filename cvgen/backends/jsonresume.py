"""The JSON Resume backend: enriched values -> the CV in the JSON Resume schema (jsonresume.org).

JSON Resume is data, not layout: it takes the user's own values from each entry's `facts`
(dates in ISO 8601) and puts them where the schema and its themes have a place: `basics`,
`work`, `education` (a degree written "X in Y" gives `studyType` X and `area` Y),
`publications` (`publisher` is the journal or proceedings as the entry names it, `url` its
first link), `awards` and `volunteer` (a list section whose title says it holds honours or
service), `projects` (talks and teaching, with `type`), `references` (a referee's e-mail
only when the CV publishes it). Where the schema has no field it adds one of its own (the
schema allows that): a publication's `authors`, `jointFirstAuthors`, `venue`, `type`,
`badges`, `acceptance` (the printed line) and `acceptanceFigures` (the numbers), and the CV
section it is listed in. Sections with no home (plain lists, further text) keep their title
and order under `cvgenSections`, so nothing of the CV is lost. The words were decided by
enrich; this module writes no words of its own.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cvgen.enrich.values import Block, Enriched, Entry, Paper, Person

def render(cv: Enriched) -> str:
    """The JSON Resume document of an enriched CV (UTF-8 text, keys in a stable order)."""
    return json.dumps(resume(cv), ensure_ascii=False, indent=2) + "\n"


def resume(cv: Enriched) -> dict[str, Any]:
    basics: dict[str, Any] = {"name": cv.name}
    if cv.email:
        basics["email"] = cv.email
    if cv.website:
        basics["url"] = cv.website
    networks = {"orcid": "ORCID", "scholar": "Google Scholar", "github": "GitHub", "linkedin": "LinkedIn",
                "social": "Mastodon"}
    profiles = []
    for kind, target, text in cv.contacts:
        if kind == "phone":
            basics["phone"] = text
        elif kind == "location":
            basics["location"] = {"address": text}
        else:
            network = networks.get(kind, text)
            if kind == "social" and "bsky.app" in (target or ""):
                network = "Bluesky"
            profiles.append({"network": network, "username": text if kind != "link" else "", "url": target})
    if profiles:
        basics["profiles"] = [{k: v for k, v in p.items() if v} for p in profiles]
    out: dict[str, Any] = {"basics": basics}
    extra: list[dict[str, Any]] = []
    title = None
    for block in cv.blocks:
        title = block.title or title  # a titleless block continues the section above
        if block.kind == "raw":
            continue  # the user's own LaTeX: the PDF's only (the pipeline warns)
        if block.section == "text" and "summary" not in basics:
            basics["summary"] = "\n\n".join(block.paragraphs)
        elif block.section in ("experience", "education", "publications", "references"):
            key = "work" if block.section == "experience" else block.section
            items = [_item(block.section, e) for e in block.entries]
            if block.section == "publications" and title:
                for item in items:
                    item["section"] = title
            out.setdefault(key, []).extend(items)
        elif block.section in ("talks", "teaching"):
            out.setdefault("projects", []).extend(_project(block, e, title)
                                                  for e in block.entries if isinstance(e, Entry))
        elif block.section == "items" and (home := _list_home(title)) \
                and all(isinstance(e, Entry) and not e.sub and isinstance(_facts(e), str) for e in block.entries):
            field = "title" if home == "awards" else "organization"
            intro = {"sectionIntro": block.intro} if block.intro else {}  # "I reviewed for:" goes with each
            out.setdefault(home, []).extend({field: _facts(e), **intro} for e in block.entries if isinstance(e, Entry))
        else:
            extra.append(_section(block))
    if extra:
        out["cvgenSections"] = extra
    out["meta"] = {"language": cv.lang}
    if cv.updated:  # settings.last_updated, in the CV's words (JSON Resume's lastModified wants ISO time)
        out["meta"]["lastUpdated"] = cv.updated
    return out


def _item(section: str, e: Entry | Paper | Person) -> dict[str, Any]:
    if isinstance(e, Paper):
        return _paper(e)
    if isinstance(e, Person):
        return _person(e)
    facts = dict(e.facts)
    if section == "experience":
        return _pick(facts, name="organization", position="position", startDate="start", endDate="end",
                     summary="details")
    degree = _pick(facts, institution="institution", studyType="degree", startDate="start", endDate="end",
                   score="grade", thesis="thesis")
    if (split := _DEGREE_IN.fullmatch(degree.get("studyType", ""))) is not None:
        degree["studyType"], degree["area"] = split.group(1), split.group(2)
    return degree


# "Ph.D. in Computer Science", "M.Sc. (Engg.) in Computer Science": the type, then the field.
# Only the first " in " splits; anything else stays whole in studyType.
_DEGREE_IN = re.compile(r"(.+?) in (\S.*)")
# A list section is a list of honours or of service when its title says so (any locale cvgen has).
_AWARDS = re.compile(r"award|honou?r|prize|fellowship|scholarship|distinction|grant|auszeichnung|preis|ehrung|"
                     r"stipendi|prix|bourse|premio|premi|beca|bolsa|onorificenz|riconosciment", re.I)
_SERVICE = re.compile(r"service|committee|review|volunteer|dienst|gutacht|gremi|comité|servicio|revisor|servizio|"
                      r"comitato|serviço|comitê|bénévol|relect", re.I)


def _list_home(title: str | None) -> str | None:
    """Which standard key a plain list section belongs under, by its title; None when unsure."""
    if not title:
        return None
    awards, service = bool(_AWARDS.search(title)), bool(_SERVICE.search(title))
    return "awards" if awards and not service else "volunteer" if service and not awards else None


def _project(block: Block, e: Entry, title: str | None) -> dict[str, Any]:
    """A talk or a course, where JSON Resume themes show it: under `projects`, typed; the
    section's intro ("I was a teaching assistant for:") goes with each of its items."""
    facts = dict(e.facts)
    section = block.section
    if section == "talks":
        item = _pick(facts, name="title", entity="at", startDate="date", description="note")
        if e.sub_facts:
            item["venues"] = [dict(f) for f in e.sub_facts]
    else:
        item = _pick(facts, name="course", description="details", term="term")
        if facts.get("role"):
            item["roles"] = [facts["role"]]
    item["type"] = "talk" if section == "talks" else "teaching"
    if title:
        item["section"] = title
    if block.intro:
        item["sectionIntro"] = block.intro
    return item


def _pick(facts: dict[str, str], **names: str) -> dict[str, str]:
    """The facts that are set, under the schema's names."""
    return {key: facts[fact] for key, fact in names.items() if facts.get(fact)}


def _paper(p: Paper) -> dict[str, Any]:
    paper: dict[str, Any] = {"name": p.title_text()}
    if p.date and not p.date.startswith("0000"):  # an undated or forthcoming paper has no date (the schema allows none)
        paper["releaseDate"] = p.date
    if p.container:  # the venue's name as the entry gives it (a leading "In " is the citation's, not the name's)
        paper["publisher"] = re.sub(r"^In\s+", "", p.container)
    if p.url:
        paper["url"] = p.url
    paper["authors"] = [a.text for a in p.authors()]
    if joint := [a.text for a in p.authors() if a.joint]:
        paper["jointFirstAuthors"] = joint
    paper["type"] = p.kind
    if p.venue:
        paper["venue"] = p.venue
    if p.badges:
        paper["badges"] = list(p.badges)
    if p.acceptance:
        paper["acceptance"] = p.acceptance
    if p.figures:
        submitted, accepted = p.figures
        paper["acceptanceFigures"] = {"submitted": submitted, "accepted": accepted}
    return paper


def _person(r: Person) -> dict[str, Any]:
    person: dict[str, Any] = {"name": r.name, "reference": ", ".join(t for t in (r.position, r.affiliation) if t)}
    person.update({k: v for k, v in (("position", r.position), ("affiliation", r.affiliation),
                                     ("email", r.email if r.public else None)) if v})
    return person


def _section(block: Block) -> dict[str, Any]:
    """A section JSON Resume has no place for: its title, kind, intro and entries' facts."""
    section: dict[str, Any] = {"kind": block.section}
    if block.title:
        section["title"] = block.title
    if block.intro:
        section["intro"] = block.intro
    if block.kind == "text":
        section["paragraphs"] = list(block.paragraphs)
    else:
        section["entries"] = [_facts(e) for e in block.entries if isinstance(e, Entry)]
    return section


def _facts(e: Entry) -> dict[str, Any] | str:
    facts: dict[str, Any] = dict(e.facts)
    if list(facts) == ["item"]:
        return facts["item"]
    if e.sub_facts:
        facts["venues"] = [dict(f) for f in e.sub_facts]
    return facts
