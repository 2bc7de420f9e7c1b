"""The contact fields of cv.yaml beyond e-mail and web page (phone, location, ORCID, Google
Scholar, GitHub, LinkedIn, Mastodon/Bluesky, free links), each checked for what it is, so a
pasted URL where a name belongs, or an ORCID with a typo, is an error at its line.

`contact_links` turns them into (kind, url or None, text) in one order every backend prints.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from cvgen.model.schema import JsonHint, Record, doc, record


def _phone(value: str) -> str:
    if not re.fullmatch(r"\+?[0-9][0-9 ()./-]{4,30}", value.strip()):
        raise ValueError(f"'{value}' is not a phone number; write digits, spaces and +()-./ (e.g. +44 20 7946 0958)")
    return value.strip()


def _orcid(value: str) -> str:
    """0000-0002-1825-0097: four groups of four, the last character the ISO 7064 11,2 checksum."""
    text = value.strip()
    if text.startswith(("http://", "https://")) or "orcid.org" in text:
        raise ValueError(f"'{value}' is a URL; write only the ORCID iD, e.g. 0000-0002-1825-0097")
    if not re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", text):
        raise ValueError(f"'{value}' is not an ORCID iD; write four groups of four digits, e.g. 0000-0002-1825-0097")
    total = 0
    for digit in text.replace("-", "")[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    if text[-1] != expected:
        raise ValueError(f"'{value}' has a wrong check digit (the last should be {expected}); copy the iD "
                         "from your ORCID page")
    return text


def _handle(site: str, example: str, pattern: str = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,98}[A-Za-z0-9])?") -> Any:
    def check(value: str) -> str:
        text = value.strip()
        if "/" in text or text.startswith(("http:", "https:")) or "." in text and site != "Google Scholar":
            raise ValueError(f"'{value}' is not a {site} name; write the name only, not a URL (e.g. {example})")
        if not re.fullmatch(pattern, text):
            raise ValueError(f"'{value}' is not a {site} name (e.g. {example})")
        return text
    return check


def _social(value: str) -> str:
    """Mastodon @user@server or Bluesky @user.bsky.social (a handle, not a URL)."""
    text = value.strip()
    if text.startswith(("http://", "https://")):
        raise ValueError(f"'{value}' is a URL; write the handle, e.g. @ada@mathstodon.xyz or @ada.bsky.social")
    if not re.fullmatch(r"@?[A-Za-z0-9_.-]+(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?", text) or "." not in text:
        raise ValueError(f"'{value}' is not a Mastodon or Bluesky handle; write @user@server or @user.bsky.social")
    return text if text.startswith("@") else "@" + text


def _plain_text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty; write some text or remove the key")
    return value.strip()


def _url(value: str) -> str:
    if not re.fullmatch(r"https?://\S+", value.strip()):
        raise ValueError(f"'{value}' is not a web address; write it with https://")
    return value.strip()


Phone = Annotated[str, _phone, JsonHint({"examples": ["+44 20 7946 0958"]})]
Orcid = Annotated[str, _orcid, JsonHint({"pattern": r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"})]
GitHub = Annotated[str, _handle("GitHub", "adalovelace"), JsonHint({"pattern": "^[A-Za-z0-9-]+$"})]
LinkedIn = Annotated[str, _handle("LinkedIn", "ada-lovelace", r"[A-Za-z0-9À-ž_-]{3,100}"),
                     JsonHint({"pattern": "^[^/]+$"})]
Scholar = Annotated[str, _handle("Google Scholar", "qc6CJjYAAAAJ", r"[A-Za-z0-9_-]{12}"),
                    JsonHint({"pattern": "^[A-Za-z0-9_-]{12}$"})]
Social = Annotated[str, _social, JsonHint({"examples": ["@ada@mathstodon.xyz", "@ada.bsky.social"]})]


@record
class Link(Record):
    """A link of your own in the contact line."""

    label: Annotated[str, _plain_text] = doc("The text printed, e.g. Blog.")
    url: Annotated[str, _url] = doc("Where it goes (https://...).")


def social_url(handle: str) -> str:
    """@user@server -> https://server/@user; @user.bsky.social -> its Bluesky profile."""
    parts = handle.lstrip("@").split("@")
    if len(parts) == 2:
        return f"https://{parts[1]}/@{parts[0]}"
    return f"https://bsky.app/profile/{parts[0]}"


def contact_links(cv: Any) -> tuple[tuple[str, str | None, str], ...]:
    """(kind, url or None, text) of each contact the CV gives, after e-mail and web page."""
    out: list[tuple[str, str | None, str]] = []
    if cv.phone:
        out.append(("phone", "tel:" + re.sub(r"[^+0-9]", "", cv.phone), cv.phone))
    if cv.location:
        out.append(("location", None, cv.location))
    if cv.orcid:
        out.append(("orcid", "https://orcid.org/" + cv.orcid, cv.orcid))
    if cv.scholar:
        out.append(("scholar", f"https://scholar.google.com/citations?user={cv.scholar}", "Google Scholar"))
    if cv.github:
        out.append(("github", "https://github.com/" + cv.github, cv.github))
    if cv.linkedin:
        out.append(("linkedin", f"https://www.linkedin.com/in/{cv.linkedin}", cv.linkedin))
    if cv.social:
        out.append(("social", social_url(cv.social), cv.social))
    out.extend(("link", link.url, link.label) for link in cv.links or [])
    return tuple(out)
