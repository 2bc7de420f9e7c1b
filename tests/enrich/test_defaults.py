"""A CV that states no styles prints the new defaults (read back from its PDF), in two
locales: dates 'Aug 2018 – Jul 2022', talks 'Jan 2020', 'acceptance rate 20.6% (105/510)' and
a lower-case booktitle capitalised ('In Proceedings of'). The reference CV states the old ones
(content/cv.yaml) and stays byte-identical (tests/test_reference.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import cvgen, flat, pdf_text

pytestmark = pytest.mark.tex

CV = """name: Ada Lovelace
bibliography: pubs.bib
venue_figures: venues.yaml
settings: {{locale: {locale}}}
sections:
  - title: Work
    experience:
      - {{start: 2025-03, position: Researcher}}
  - title: Education
    education:
      - {{start: 2018-08, end: 2022-07, degree: PhD, institution: A University}}
  - title: Papers
    publications: {{keyword: full}}
  - title: Talks
    talks:
      - {{title: On Engines, at: A Seminar, date: 2020-01}}
"""
BIB = """@inproceedings{ok2025,
  title = {A Paper},
  author = {Ada Lovelace},
  booktitle = {proceedings of the 30th Conference on Things (ASPLOS)},
  year = 2025,
  keywords = {full},
}
"""
VENUES = "ASPLOS:\n  2025: {submitted: 510, accepted: 105}\n"
EXPECTED = {
    "en": ["Mar 2025 – Present", "Aug 2018 – Jul 2022", "A Seminar, Jan 2020.", "acceptance rate 20.6% (105/510)",
           "In Proceedings of the 30th Conference on Things (ASPLOS), 2025."],
    "de": ["März 2025 – heute", "Aug. 2018 – Juli 2022", "A Seminar, Jan. 2020.", "Annahmequote 20,6 % (105/510)",
           "In: Proceedings of the 30th Conference on Things (ASPLOS), 2025."],
}
OLD = {"en": ["Since March'25", "Aug'18", "January, 2020", "Acceptance rate", "proceedings of the 30th"],
       "de": ["Seit", "Januar 2020", "Einreichungen", "proceedings of the 30th"]}


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_a_cv_without_styles_prints_the_new_defaults(locale: str, tmp_path: Path) -> None:
    (tmp_path / "cv.yaml").write_text(CV.format(locale=locale), encoding="utf-8")
    (tmp_path / "pubs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "venues.yaml").write_text(VENUES, encoding="utf-8")
    cvgen("build", tmp_path / "cv.yaml", "-o", tmp_path / "cv.pdf")
    text = flat(pdf_text(tmp_path / "cv.pdf"))
    for expected in EXPECTED[locale]:
        assert expected in text
    for old in OLD[locale]:
        assert old not in text
