"""Every word the reader sees that cvgen (not the user) writes: one table per locale.

Dates ("Since March'25", "January, 2020"), the joining words (" at ", ", "), labels
("Thesis:", "Inventors:"), legends ("Joint first authors."), the acceptance line, the
publication summary and the page footer. Enrich (enrich.py) takes them from a `Words`;
every backend (LaTeX, HTML, Markdown) reads the same value and never adds words of its own.
`words_for(locale, date_format, overrides)` is the one way to get the table a CV asked for:
a shipped locale (LOCALES), its date style, and the user's `settings.words` on top.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from cvgen.model.schema import given
from cvgen.model.states import STATE_WORDS, STATUS_KEYS, UNDATED

NAMED_FORMATS = {
    "long": "Submissions: {submitted}, Accepted: {accepted}, Acceptance rate: {rate}%",
    "short": "acceptance rate {rate1}% ({accepted}/{submitted})",
}
# The month names dates are written and parsed with (cv.yaml accepts 'July 2022', 'Jul 2022').
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
PLACEHOLDERS = {
    "submitted": "submissions", "accepted": "accepted papers", "rate": "rate, two decimals",
    "rate1": "rate, one decimal", "venue": "venue name", "year": "conference year",
}
# Mar 2025 (the default) / March'25 / March, 2025 / 03/2025 / 2025-03
DATE_FORMATS = ("medium", "short", "long", "numeric", "iso")


@dataclass(frozen=True)
class Words:
    """The wording of one locale (English, as the reference CV prints it)."""

    lang: str = "en"  # BCP 47 tag of this wording (HTML's lang attribute)
    short_months: tuple[str, ...] = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct",
                                     "Nov", "Dec")  # AP style, as compact date columns print them
    long_months: tuple[str, ...] = MONTH_NAMES
    # The medium style's months (Aug 2018 – Jul 2022): three letters in English; a locale's short months.
    medium_months: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                      "Dec")
    medium_date: str = "{month} {year}"
    short_date: str = "{month}'{yy}"  # a date column's date: July'22
    long_date_form: str = "{month}, {year}"  # a talk's date: January, 2020
    date_style: str = "short"  # one of DATE_FORMATS (settings.date_format)
    talk_style: str = "long"  # a talk's date: one of DATE_FORMATS (settings.talk_date_format)
    capital_venue: bool = False  # "In Proceedings of ...": a lower-case venue word capitalised (settings.capitalize_venues)
    document_title: str = "{name} – Curriculum Vitae"
    since: str = "Since {start}"
    span: str = "{start} – {end}"
    present: str = "Present"
    at: str = " at "
    thesis: str = "Thesis:"
    inventors: str = "Inventors:"
    editors: str = "(eds.)"
    label: str = "[{label}]"  # a venue tag or badges as text: [Pre-print. arXiv'24]
    separator: str = " | "  # between contact details on one line (HTML, Markdown, Word)
    quote_open: str = "“"  # around a talk's title: the language's typographic quotes
    quote_close: str = "”"
    # The words around a publication's standard fields (entrykinds.Details roles); a role
    # not listed prints its value as is. `{}` is the value; a template without one is used
    # only when the value is empty (a thesis of no stated type).
    details: dict[str, str] = field(default_factory=lambda: {
        "container": "In {}", "editors": "edited by {}", "number": "no. {}", "pages": "pp. {}", "page": "p. {}",
        "chapter": "chapter {}", "book_volume": "volume {}", "edition": "{} edition", "report": "Technical report {}",
        "phdthesis": "PhD thesis", "mastersthesis": "Master's thesis", "thesis": "Thesis"})
    ordinals: tuple[str, str] = ("", "")  # (first, others), e.g. ("{n}re", "{n}e"); empty: English 1st, 2nd
    detail_separator: str = ", "
    detail_end: str = "."
    joint_first: str = " Joint first authors."
    # Author roles (pubmodel.ROLES): the mark after a name and its legend (the CV may set both:
    # settings.marks). The equal role's legend is `joint_first`.
    role_symbols: dict[str, str] = field(default_factory=lambda: {
        "equal": "*", "corresponding": "†", "senior": "‡", "student": "§", "presenting": "¶"})
    role_legends: dict[str, str] = field(default_factory=lambda: {
        "corresponding": "Corresponding author.", "senior": "Joint senior authors.",
        "student": "Student or mentee supervised.", "presenting": "Presenting author."})
    # A publication's links, as printed after it: "[DOI] [PDF] [Code]".
    link_labels: dict[str, str] = field(default_factory=lambda: {
        "doi": "DOI", "url": "URL", "eprint": "arXiv", "pdf": "PDF", "code": "Code", "slides": "Slides",
        "video": "Video", "poster": "Poster"})
    link_format: str = "[{}]"
    acceptance_formats: dict[str, str] = field(default_factory=lambda: dict(NAMED_FORMATS))
    papers: tuple[str, str] = ("{n} paper", "{n} papers")
    median: str = "{papers}; median acceptance rate of their venues {median}%"
    median_some: str = "{papers}; median acceptance rate of their venues {median}% ({count} with figures)"
    page: str = "Page {page} of {pages}"  # the footer; backends fill in the numbers
    last_updated: str = "Last updated: {month} {year}"  # settings.last_updated, with the month's full name
    decimal: str = "."  # the decimal mark of rates
    # Pre-prints: the tag of an entry whose venue is a pre-print server ([Pre-print. arXiv'24]),
    # one without a named server, and the CV's own spelling of a server's name where it wants one
    # (settings.preprint_servers, e.g. {arXiv: Arxiv}); the names are the servers' own.
    preprint: str = "Pre-print. {server}"
    preprint_unnamed: str = "Pre-print"
    preprint_servers: dict[str, str] = field(default_factory=dict)
    # A paper's state (model.states: 'in press') as a heading or in place of its year; a state not
    # listed (a free biblatex pubstate) prints as written. `undated`: no year and no state.
    statuses: dict[str, str] = field(default_factory=lambda: dict(zip(STATUS_KEYS, STATUS_KEYS)))
    undated: str = "Undated"

    def status(self, state: str) -> str:
        """The locale's words for a publication state ('in press' -> 'im Druck')."""
        return self.statuses.get(state, state)

    def preprint_tag(self, server: str, year: int = 0) -> str:
        """'Pre-print. arXiv'24': the locale's words, the server's name, the year's two digits."""
        name = self.preprint_servers.get(server, server)
        words = self.preprint.format(server=name) if name else self.preprint_unnamed
        return f"{words}'{year % 100:02d}" if year else words

    def month_date(self, year: int, month: int, style: str | None = None) -> str:
        """A date column's date in the CV's date style (or `style`); the year alone when the month is unknown."""
        style = style or self.date_style
        if not month:
            return str(year)
        if style == "medium":
            return self.medium_date.format(month=self.medium_months[month - 1], year=year)
        if style == "long":
            return self.long_date(year, month)
        if style == "numeric":
            return f"{month:02d}/{year}"
        if style == "iso":
            return f"{year}-{month:02d}"
        return self.short_date.format(month=self.short_months[month - 1], yy=f"{year % 100:02d}", year=year)

    def date_range(self, start: tuple[int, int], end: tuple[int, int] | None) -> str:
        """'Since March'25' (short style) or 'March 2025 – Present' (other styles) when open."""
        if end is None and self.date_style == "short":
            return self.since.format(start=self.month_date(*start))
        return self.span.format(start=self.month_date(*start), end=self.month_date(*end) if end else self.present)

    def talk_date(self, year: int, month: int) -> str:
        """A talk's date in its style (settings.talk_date_format): 'Jan 2020', 'January, 2020' ..."""
        return self.month_date(year, month, self.talk_style)

    def long_date(self, year: int, month: int) -> str:
        return self.long_date_form.format(month=self.long_months[month - 1], year=year) if month else str(year)

    def number(self, value: Decimal) -> str:
        """A rate with the locale's decimal mark (20.59 -> 20,59)."""
        return str(value).replace(".", self.decimal)

    def acceptance(self, template: str, submitted: int, accepted: int, rate: Decimal, rate1: Decimal, venue: str,
                   year: int) -> str:
        """The acceptance line: a named form (`long`, `short`) or a template of PLACEHOLDERS."""
        template = self.acceptance_formats.get(template, template)
        return template.format(submitted=submitted, accepted=accepted, rate=self.number(rate),
                               rate1=self.number(rate1), venue=venue, year=year)

    def detail(self, role: str, value: str) -> str:
        """One part of the line under a publication's authors, in words."""
        template = self.details.get(role)
        if role == "container" and self.capital_venue:
            value = capital_venue(value)
        if template is None:
            return value
        if role == "chapter" and not re.fullmatch(r"[0-9IVXLCivxlc.\-–]+", value):
            return value  # a chapter given by its title, not its number
        if role == "edition" and value.isdigit():
            value = self.ordinal(int(value))
        elif role == "edition" and "edition" in value.lower():
            return value
        return template.format(value).strip() if "{}" in template else (value or template)

    def ordinal(self, n: int) -> str:
        if self.ordinals[0]:
            return self.ordinals[0 if n == 1 else 1].format(n=n)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"

    def details_parts(self, parts: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
        """(role, words) of each part; a status alone ('forthcoming') starts with a capital."""
        out = [(role, self.status(value) if role == "date" else self.detail(role, value)) for role, value in parts]
        if len(out) == 1 and out[0][0] == "date":
            out[0] = ("date", out[0][1][:1].upper() + out[0][1][1:])
        return out

    def details_text(self, parts: tuple[tuple[str, str], ...], patent: bool = False) -> str | None:
        """The whole line as text: parts joined, with a full stop unless it ends in one."""
        texts = [text for _, text in self.details_parts(parts)]
        if not texts:
            return None
        text = self.detail_separator.join(texts)
        return text if patent or text.endswith((".", "!", "?")) else text + self.detail_end

    def count_papers(self, n: int) -> str:
        return self.papers[0 if n == 1 else 1].format(n=n)

    def summary(self, papers: int, median: Decimal | None, with_figures: int) -> str:
        """'13 papers; median acceptance rate of their venues 20.1%' (and how many have figures
        when not all do)."""
        text = self.count_papers(papers)
        if median is None:
            return text
        if with_figures == papers:
            return self.median.format(papers=text, median=self.number(median))
        return self.median_some.format(papers=text, median=self.number(median), count=with_figures)

    def updated(self, year: int, month: int) -> str:
        """'Last updated: March 2025'."""
        return self.last_updated.format(month=self.long_months[month - 1], year=year)

    def footer(self, page: str, pages: str) -> str:
        return self.page.format(page=page, pages=pages)


ENGLISH = Words()


def _locale(lang: str, months: str, short: str, **words: Any) -> Words:
    """A locale from its month names (space-separated) and the words that differ from English."""
    acceptance = {"long": words.pop("acceptance_long"), "short": words.pop("acceptance_short")}
    details = dict(zip(DETAIL_ROLES, words.pop("details")))
    return replace(ENGLISH, lang=lang, long_months=tuple(months.split()), short_months=tuple(short.split()),
                   medium_months=tuple(short.split()), acceptance_formats=acceptance, details=details,
                   statuses=dict(zip(STATUS_KEYS, STATE_WORDS[lang])), undated=UNDATED[lang], **words)


# The roles of a publication's detail line that take words (Words.details), in this order.
DETAIL_ROLES = ("container", "editors", "number", "pages", "page", "chapter", "book_volume", "edition", "report",
                "phdthesis", "mastersthesis", "thesis")


# The shipped locales. Month abbreviations follow each language's usual forms; rates take the
# decimal comma and (where the language's typography asks for it) a space before %.
LOCALES: dict[str, Words] = {
    "en": ENGLISH,
    "de": _locale(
        "de", "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
        editors="(Hrsg.)", ordinals=("{n}.", "{n}."), quote_open="„", quote_close="“",
        details=("In: {}", "hrsg. von {}", "Nr. {}", "S. {}", "S. {}", "Kapitel {}", "Band {}", "{} Auflage",
                 "Technischer Bericht {}", "Dissertation", "Masterarbeit", "Abschlussarbeit"),
        short_date="{month} {year}", long_date_form="{month} {year}", document_title="{name} – Lebenslauf",
        since="Seit {start}", present="heute", at=" bei ", thesis="Abschlussarbeit:", inventors="Erfinder:",
        joint_first=" Geteilte Erstautorenschaft.",
        acceptance_long="Einreichungen: {submitted}, angenommen: {accepted}, Annahmequote: {rate} %",
        acceptance_short="Annahmequote {rate1} % ({accepted}/{submitted})", papers=("{n} Publikation", "{n} Publikationen"),
        median="{papers}; Median der Annahmequoten ihrer Konferenzen {median} %",
        median_some="{papers}; Median der Annahmequoten ihrer Konferenzen {median} % ({count} mit Angaben)",
        page="Seite {page} von {pages}", decimal=",",
        last_updated="Stand: {month} {year}",
        preprint="Preprint. {server}", preprint_unnamed="Preprint"),
    "fr": _locale(
        "fr", "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
        editors="(éd.)", ordinals=("{n}re", "{n}e"), quote_open="«\u00a0", quote_close="\u00a0»",
        details=("Dans {}", "sous la direction de {}", "no {}", "p. {}", "p. {}", "chapitre {}", "volume {}",
                 "{} édition", "Rapport technique {}", "Thèse de doctorat", "Mémoire de master", "Thèse"),
        short_date="{month} {year}", long_date_form="{month} {year}", document_title="{name} – Curriculum vitæ",
        since="Depuis {start}", present="aujourd’hui", at=" à ", thesis="Thèse :", inventors="Inventeurs :",
        joint_first=" Premiers auteurs à contribution égale.",
        acceptance_long="Soumissions : {submitted}, acceptés : {accepted}, taux d’acceptation : {rate} %",
        acceptance_short="taux d’acceptation {rate1} % ({accepted}/{submitted})", papers=("{n} article", "{n} articles"),
        median="{papers} ; taux d’acceptation médian de leurs conférences {median} %",
        median_some="{papers} ; taux d’acceptation médian de leurs conférences {median} % ({count} avec chiffres)",
        page="Page {page} sur {pages}", decimal=",",
        last_updated="Dernière mise à jour : {month} {year}",
        preprint="Prépublication. {server}", preprint_unnamed="Prépublication"),
    "es": _locale(
        "es", "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.",
        editors="(eds.)", ordinals=("{n}.ª", "{n}.ª"), quote_open="«", quote_close="»",
        details=("En {}", "editado por {}", "n.º {}", "pp. {}", "p. {}", "capítulo {}", "volumen {}", "{} edición",
                 "Informe técnico {}", "Tesis doctoral", "Tesis de máster", "Tesis"),
        short_date="{month} {year}", long_date_form="{month} de {year}", document_title="{name} – Currículum vítae",
        since="Desde {start}", present="actualidad", at=" en ", thesis="Tesis:", inventors="Inventores:",
        joint_first=" Primeros autores con igual contribución.",
        acceptance_long="Envíos: {submitted}, aceptados: {accepted}, tasa de aceptación: {rate} %",
        acceptance_short="tasa de aceptación {rate1} % ({accepted}/{submitted})", papers=("{n} artículo", "{n} artículos"),
        median="{papers}; tasa de aceptación mediana de sus congresos {median} %",
        median_some="{papers}; tasa de aceptación mediana de sus congresos {median} % ({count} con datos)",
        page="Página {page} de {pages}", decimal=",",
        last_updated="Última actualización: {month} de {year}",
        preprint="Prepublicación. {server}", preprint_unnamed="Prepublicación"),
    "pt": _locale(
        "pt", "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        "jan. fev. mar. abr. maio jun. jul. ago. set. out. nov. dez.",
        editors="(eds.)", ordinals=("{n}.ª", "{n}.ª"),
        details=("Em {}", "editado por {}", "n.º {}", "pp. {}", "p. {}", "capítulo {}", "volume {}", "{} edição",
                 "Relatório técnico {}", "Tese de doutorado", "Dissertação de mestrado", "Tese"),
        short_date="{month} {year}", long_date_form="{month} de {year}", document_title="{name} – Currículo",
        since="Desde {start}", present="presente", at=" em ", thesis="Tese:", inventors="Inventores:",
        joint_first=" Primeiros autores com contribuição igual.",
        acceptance_long="Submissões: {submitted}, aceitos: {accepted}, taxa de aceitação: {rate}%",
        acceptance_short="taxa de aceitação {rate1}% ({accepted}/{submitted})", papers=("{n} artigo", "{n} artigos"),
        median="{papers}; taxa de aceitação mediana das suas conferências {median}%",
        median_some="{papers}; taxa de aceitação mediana das suas conferências {median}% ({count} com dados)",
        page="Página {page} de {pages}", decimal=",",
        last_updated="Última atualização: {month} de {year}",
        preprint="Pré-publicação. {server}", preprint_unnamed="Pré-publicação"),
    "it": _locale(
        "it", "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
        "gen. feb. mar. apr. mag. giu. lug. ago. set. ott. nov. dic.",
        editors="(a cura di)", ordinals=("{n}ª", "{n}ª"), quote_open="«", quote_close="»",
        details=("In {}", "a cura di {}", "n. {}", "pp. {}", "p. {}", "capitolo {}", "volume {}", "{} edizione",
                 "Rapporto tecnico {}", "Tesi di dottorato", "Tesi di laurea magistrale", "Tesi"),
        short_date="{month} {year}", long_date_form="{month} {year}", document_title="{name} – Curriculum vitae",
        since="Da {start}", present="oggi", at=" presso ", thesis="Tesi:", inventors="Inventori:",
        joint_first=" Primi autori a pari merito.",
        acceptance_long="Sottomissioni: {submitted}, accettati: {accepted}, tasso di accettazione: {rate}%",
        acceptance_short="tasso di accettazione {rate1}% ({accepted}/{submitted})", papers=("{n} articolo", "{n} articoli"),
        median="{papers}; tasso di accettazione mediano delle loro conferenze {median}%",
        median_some="{papers}; tasso di accettazione mediano delle loro conferenze {median}% ({count} con dati)",
        page="Pagina {page} di {pages}", decimal=",",
        last_updated="Ultimo aggiornamento: {month} {year}",
        preprint="Preprint. {server}", preprint_unnamed="Preprint"),
}

# The pre-print servers whose names a CV may spell its own way (settings.preprint_servers);
# the same names as cvgen.bib.kinds gives them (a test holds the two lists together).
PREPRINT_SERVERS = ("arXiv", "bioRxiv", "medRxiv", "SSRN", "ChemRxiv", "PsyArXiv", "SocArXiv", "EarthArXiv",
                    "TechRxiv", "Research Square", "Preprints.org", "OSF Preprints", "HAL", "ePrint", "ECCC",
                    "Authorea")
def words_for(locale: str = "en", date_format: str = "short", overrides: dict[str, Any] | None = None,
              servers: dict[str, str] | None = None, talk_format: str = "long", capital_venues: bool = False) -> Words:
    """The table a CV asked for: a shipped locale, its date styles, the user's words on top
    (keys and values already validated, see check_word), and its spelling of pre-print servers.
    (The defaults here are the table's own; a CV's come from its settings.)"""
    words = replace(LOCALES[locale], date_style=date_format, preprint_servers=dict(servers or {}),
                    talk_style=talk_format, capital_venue=capital_venues)
    changes: dict[str, Any] = {}
    formats = dict(words.acceptance_formats)
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key in ("acceptance_long", "acceptance_short"):
            formats[key.split("_")[1]] = value
        elif key in ("paper", "papers"):
            current = changes.get("papers", words.papers)
            changes["papers"] = (value, current[1]) if key == "paper" else (current[0], value)
        elif key == "details":
            changes["details"] = {**words.details, **{r: t for r, t in given(value).items() if t is not None}}
        elif key == "months":
            changes["long_months"] = tuple(value)
        elif key == "long_date":
            changes["long_date_form"] = value
        else:
            changes[key] = tuple(value) if key == "short_months" else value
    return replace(words, acceptance_formats=formats, **changes)


def template_parts(template: str) -> list[tuple[str, str | None]]:
    """A template as (literal text, placeholder or None) pairs, for backends that put markup
    in place of a placeholder (the LaTeX footer's page numbers)."""
    return [(text, name) for text, name, _, _ in string.Formatter().parse(template)]


# Lower-case words that start a venue's name as some .bib files write it ("proceedings of the
# ..."): only these are capitalised, so that names spelt in lower case (eLife, npj, arXiv) stay.
VENUE_WORDS = frozenset({"proceedings", "journal", "transactions", "conference", "workshop", "symposium",
                         "international", "annual", "advances", "letters", "communications", "annals", "bulletin"})


def capital_venue(name: str) -> str:
    """'proceedings of the ...' -> 'Proceedings of the ...'; any other name as written."""
    first = name.split(" ", 1)[0]
    return name[:1].upper() + name[1:] if first in VENUE_WORDS else name


def sentence(text: str) -> str:
    """End with a full stop unless the text already ends with one."""
    return text if text.endswith((".", "!", "?")) else text + "."
