"""settings: the design knobs' own checks (colours, lengths, theme names) and their schema."""

from __future__ import annotations

import pytest

from cvgen.pipeline import json_schema
from cvgen.model.settings import COLORS, FONTS, THEMES, _color, _length, check_theme


def test_colours() -> None:
    assert _color("#1f4e79") == "1F4E79"
    assert _color("1F4E79") == "1F4E79"
    assert _color("Navy") == COLORS["navy"]
    with pytest.raises(ValueError, match="did you mean 'blue'"):
        _color("bleu")
    with pytest.raises(ValueError, match="#RRGGBB"):
        _color("#12345")


def test_margins() -> None:
    assert _length("2cm") == "2cm"
    assert _length("0.75 in") == "0.75in"
    with pytest.raises(ValueError, match="not a length"):
        _length("2")
    with pytest.raises(ValueError, match="out of range"):
        _length("9cm")


def test_theme_names() -> None:
    assert [check_theme(t) for t in THEMES] == list(THEMES)
    assert check_theme("./mytheme") == "./mytheme"
    with pytest.raises(ValueError, match="did you mean 'sidebar'"):
        check_theme("sidebr")


def test_schema_offers_the_choices() -> None:
    settings = json_schema("cv")["$defs"]["Settings"]["properties"]
    assert settings["font"]["enum"] == list(FONTS)
    assert settings["locale"]["enum"] == ["en", "de", "fr", "es", "pt", "it"]
    assert "description" in settings["words"]


def test_detail_words_are_overridable_and_checked(tmp_path) -> None:  # noqa: ANN001
    import shutil

    from cvgen.core.errors import CvError
    from cvgen.pipeline import check

    from ..conftest import CONTENT, with_settings

    shutil.copytree(CONTENT, tmp_path / "content")
    cv = tmp_path / "content" / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    cv.write_text(with_settings(text, "  words:\n    details:\n      pags: 'pages {}'\n      pages: 'S. {x}'\n"),
                  encoding="utf-8")
    with pytest.raises(CvError) as info:
        check(cv)
    found = "\n".join(p.render() for p in info.value.problems)
    assert "did you mean 'pages'?" in found and "takes one {}" in found
    cv.write_text(with_settings(text, "  words:\n    details:\n      container: 'Appeared in {}'\n"), encoding="utf-8")
    from cvgen.pipeline import enrich

    enriched = enrich(check(cv))
    lines = [s.text for b in enriched.blocks for e in b.entries for line in getattr(e, "lines", ())
             for s in line]
    assert any(t.startswith("Appeared in proceedings of") for t in lines)
