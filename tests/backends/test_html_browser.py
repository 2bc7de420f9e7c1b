"""The HTML page in headless Chromium (Debian's chromium and chromium-driver, through selenium):
a full-page screenshot in the light and the dark scheme, the visible text holds every line of
the reference CV, axe-core (vendored in tests/data/axe-core) finds no serious or critical
accessibility violation, and the page fetches nothing. Chromium runs with networking features
off and a fresh profile; the page's own Content-Security-Policy forbids any fetch.

Set CVGEN_SCREENSHOTS=DIR to keep the screenshots (to look at them)."""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import ROOT, flat
from ..test_reference import reference_lines

AXE = ROOT / "tests" / "data" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("google-chrome") or "/usr/bin/chromium"  # Debian / a GitHub runner
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--no-proxy-server", "--window-size=1000,900"]

pytestmark = pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)),
                                reason="chromium and chromium-driver are not installed (scripts/ensure-tools.sh --test)")


@pytest.fixture(scope="module", params=["light", "dark"])
def browser(request: pytest.FixtureRequest, reference_pages: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """Chromium showing the reference page in one colour scheme."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": request.param}]})
        driver.get(reference_pages.with_suffix(".html").as_uri())
        driver.scheme = request.param
        yield driver
    finally:
        driver.quit()


def test_screenshot_of_the_whole_page(browser, tmp_path: Path) -> None:  # noqa: ANN001
    size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 50_000
    assert size["height"] > 2 * 900  # the whole CV, not one screen of it
    keep = Path(os.environ.get("CVGEN_SCREENSHOTS") or tmp_path)
    keep.mkdir(parents=True, exist_ok=True)
    (keep / f"cv-{browser.scheme}.png").write_bytes(png)


def test_the_scheme_is_the_readers(browser) -> None:  # noqa: ANN001
    background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(255, 255, 255)" if browser.scheme == "light" else "rgb(22, 24, 28)")


def test_visible_text_has_every_reference_line(browser) -> None:  # noqa: ANN001
    text = flat(browser.execute_script("return document.body.innerText"))
    missing = [line for line in reference_lines() if line not in text]
    assert missing == []


def test_nothing_was_fetched(browser) -> None:  # noqa: ANN001
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_axe_finds_no_serious_violation(browser) -> None:  # noqa: ANN001
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));")
    assert isinstance(result, list), result
    serious = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
               for v in result if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert browser.execute_script("return axe.version") == "4.14.1"  # the vendored copy ran


def test_a_phone_screen_stacks_the_contacts(browser) -> None:  # noqa: ANN001
    """At 390 px each contact has a line of its own and no separator is shown (none left
    hanging at a line's end); the page never scrolls sideways."""
    browser.set_window_size(390, 844)
    try:
        shown = browser.execute_script(
            "return [...document.querySelectorAll('.contact .sep')].filter(s => s.offsetParent !== null).length")
        tops = browser.execute_script(
            "return [...document.querySelectorAll('.contact a')].map(a => a.getBoundingClientRect().top)")
        wide = browser.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
    finally:
        browser.set_window_size(1000, 900)
    assert shown == 0 and len(tops) == len(set(tops)) == 2 and not wide


def test_tags_and_badges_are_labels_not_title_text_or_links(browser) -> None:  # noqa: ANN001
    """A venue tag and the badges read as labels: not bold like the title, not the link colour,
    boxed apart, and not inside a link."""
    found = browser.execute_script("""
        const link = getComputedStyle(document.querySelector('main a')).color;
        return [...document.querySelectorAll('.label')].map(e => {
            const s = getComputedStyle(e);
            return [e.classList.contains('tag') ? 'tag' : 'badges', Number(s.fontWeight), s.color === link,
                    s.borderTopStyle, e.closest('a') !== null,
                    Number(getComputedStyle(e.closest('.title') || e.parentElement).fontWeight)];
        });""")
    kinds = {kind for kind, *_ in found}
    assert kinds == {"tag", "badges"}, found
    for kind, weight, link_coloured, border, in_link, around in found:
        assert weight < 600 and not link_coloured and border == "solid" and not in_link, (kind, found)
        if kind == "tag":
            assert around >= 600  # the title beside it stays bold
