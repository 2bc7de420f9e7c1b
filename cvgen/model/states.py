"""The states of a paper not yet out, as cvgen.bib.kinds names them, in each shipped locale's
words. model.words puts them in every locale's table (Words.statuses, Words.undated); they live
here so the tables of the other words stay readable."""

from __future__ import annotations

# The states cvgen.bib.kinds recognises, in English and lower case (a test holds the two together).
STATUS_KEYS = ("forthcoming", "to appear", "in press", "under review", "submitted", "accepted", "in preparation")

# Each locale's words for STATUS_KEYS, in that order, lower case as they read inside a sentence.
STATE_WORDS: dict[str, tuple[str, ...]] = {
    "en": STATUS_KEYS,
    "de": ("im Erscheinen", "im Erscheinen", "im Druck", "in Begutachtung", "eingereicht", "angenommen",
           "in Vorbereitung"),
    "fr": ("à paraître", "à paraître", "sous presse", "en cours d’évaluation", "soumis", "accepté", "en préparation"),
    "es": ("de próxima aparición", "de próxima aparición", "en prensa", "en revisión", "enviado", "aceptado",
           "en preparación"),
    "pt": ("a ser publicado", "a ser publicado", "no prelo", "em avaliação", "submetido", "aceito", "em preparação"),
    "it": ("in corso di pubblicazione", "in corso di pubblicazione", "in stampa", "in revisione", "sottoposto",
           "accettato", "in preparazione"),
}

# The heading of a year group's entries that have neither a year nor a state.
UNDATED: dict[str, str] = {"en": "Undated", "de": "Ohne Jahr", "fr": "Sans date", "es": "Sin fecha",
                           "pt": "Sem data", "it": "Senza data"}
