"""The preview server: a page's /version request is held until a build publishes, so a save
shows at once and an idle preview sends nothing."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

from cvgen.commands.preview import Preview


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - 127.0.0.1 only
        return answer.read().decode()


def test_a_held_version_request_answers_when_a_build_publishes(tmp_path: Path) -> None:
    html = tmp_path / "cv.html"
    html.write_text("<!doctype html><title>cv</title><p>first", encoding="utf-8")
    preview = Preview(html, 0).start()
    try:
        assert _get(preview.url + "version") == "0"  # no `after`: answered at once
        answers: list[tuple[str, float]] = []
        waiter = threading.Thread(target=lambda: answers.append((_get(preview.url + "version?after=0"),
                                                                 time.monotonic())))
        waiter.start()
        time.sleep(0.5)
        assert not answers  # held: nothing changed
        published = time.monotonic()
        html.write_text("<!doctype html><title>cv</title><p>second", encoding="utf-8")
        preview.publish()
        waiter.join(10)
        assert answers and answers[0][0] == "1" and answers[0][1] - published < 0.2
        assert "second" in _get(preview.url + "cv.html?v=1")
        held = threading.Thread(target=lambda: answers.append((_get(preview.url + "version?after=1"),
                                                               time.monotonic())))
        held.start()
        time.sleep(0.2)
    finally:
        preview.stop()  # a request still held is answered, not left hanging
    held.join(10)
    assert not held.is_alive() and answers[-1][0] == "1"
