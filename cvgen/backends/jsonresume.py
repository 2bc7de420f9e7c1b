"""The JSON Resume backend: enriched values -> the CV in the JSON Resume schema (jsonresume.org).

JSON Resume is data, not layout: it takes the user's own values from each entry's `facts`
(dates in ISO 8601) and puts them where the schema has a place: `basics`, `work`,
`education`, `publications`, `references`. Where the schema has no field it adds one of
its own (the schema allows that): a publication's `authors` (and `jointFirstAuthors`), `venue`, `type`, `badges` and
`acceptance`, and the CV section it is listed in; a reference's `position`, `affiliation` and `email`. Sections the schema has
no place for (talks, teaching, plain lists, further text) keep their title and order under
`cvgenSections`, so nothing of the CV is lost. The words were decided by enrich (the
acceptance line, the publication summary); this module writes no words of its own.
"""

from __future__ import annotations

import json
from typing import Any

from cvgen.enrich.enrich import Block, Enriched, Entry, Paper, Person

def render(cv: Enriched) -> str:
    """The JSON Resume document of an enriched CV (UTF-8 text, keys in a stable order)."""
    return json.dumps(resume(cv), ensure_ascii=False, indent=2) + "\n"


def resume(cv: Enriched) -> dict[str, Any]:
    basics: dict[str, Any] = {"name": cv.name}
    if cv.email:
        basics["email"] = cv.email
    if cv.website:
        basics["url"] = cv.website
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
        else:
            extra.append(_section(block))
    if extra:
        out["cvgenSections"] = extra
    out["meta"] = {"language": cv.lang}
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
    return _pick(facts, institution="institution", studyType="degree", startDate="start", endDate="end",
                 score="grade", thesis="thesis")


def _pick(facts: dict[str, str], **names: str) -> dict[str, str]:
    """The facts that are set, under the schema's names."""
    return {key: facts[fact] for key, fact in names.items() if facts.get(fact)}


def _paper(p: Paper) -> dict[str, Any]:
    paper: dict[str, Any] = {"name": p.title_text(), "releaseDate": p.date}
    if p.venue_line:
        paper["publisher"] = p.venue_line
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
    return paper


def _person(r: Person) -> dict[str, Any]:
    person: dict[str, Any] = {"name": r.name, "reference": ", ".join(t for t in (r.position, r.affiliation) if t)}
    person.update({k: v for k, v in (("position", r.position), ("affiliation", r.affiliation),
                                     ("email", r.email)) if v})
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
