"""`cvgen watch --format html` / `--serve`: the HTML preview on 127.0.0.1, reloading itself.

The standard library's HTTP server, bound to the loopback address only, serves three things:
`/` a small page holding the CV in an iframe, `/reload.js` its script, which asks
`/version?after=N` and reloads the iframe when a build has published a new page (the server
holds that request until the version is no longer N, for up to WAIT_S seconds: the page shows
a save within milliseconds of the build, with no polling traffic while nothing changes), and
`/cv.html` the page the last good build wrote (read from disk at each request). The CV's own
page is served unchanged: its Content-Security-Policy (no scripts) still holds inside the
iframe; only the wrapper runs a script, its own, from the same origin. Nothing else is served
and nothing leaves the machine.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WAIT_S = 20  # the longest a /version request is held (then answered unchanged and asked again)
RETRY_MS = 1000  # after a failed request (the watch stopped): ask again this much later
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cvgen preview</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%;display:block}</style>
</head><body><iframe id="cv" name="cv" title="CV preview" src="/cv.html?v=VERSION"></iframe>
<script src="/reload.js"></script></body></html>
"""
SCRIPT = """(function () {
  var frame = document.getElementById("cv");
  var seen = "VERSION";
  function poll() {
    fetch("/version?after=" + encodeURIComponent(seen), {cache: "no-store"}).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.text();
    }).then(function (v) {
      if (v !== seen) { seen = v; frame.src = "/cv.html?v=" + encodeURIComponent(v); }
      poll();
    }).catch(function () { setTimeout(poll, RETRY); });
  }
  poll();
})();
"""
# The wrapper runs only its own script and fetches only from this server.
CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; frame-src 'self'; style-src 'unsafe-inline'"


class Preview:
    """The preview server of one watch: `publish()` after each build that wrote the HTML."""

    def __init__(self, html: Path, port: int = 8000) -> None:
        self.html = html
        self.version = 0
        self._changed = threading.Condition()
        self._closed = False
        preview = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                preview._answer(self)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass  # the watch prints its own lines

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.5}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> Preview:
        self.thread.start()
        return self

    def publish(self) -> None:
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:  # a held /version request answers now
            self._closed = True
            self._changed.notify_all()
        self.server.shutdown()
        self.server.server_close()

    def _answer(self, request: BaseHTTPRequestHandler) -> None:
        path, _, query = request.path.partition("?")
        with self._changed:
            version = str(self.version)
        if path == "/":
            self._send(request, PAGE.replace("VERSION", version).encode(), "text/html; charset=utf-8")
        elif path == "/reload.js":
            script = SCRIPT.replace("VERSION", version).replace("RETRY", str(RETRY_MS))
            self._send(request, script.encode(), "text/javascript; charset=utf-8")
        elif path == "/version":
            after = query.removeprefix("after=") if query.startswith("after=") else None
            with self._changed:  # held until a build publishes (or the watch stops)
                self._changed.wait_for(lambda: self._closed or str(self.version) != after, timeout=WAIT_S)
                version = str(self.version)
            self._send(request, version.encode(), "text/plain; charset=utf-8")
        elif path == "/cv.html":
            try:
                body = self.html.read_bytes()
            except OSError:
                body = b"<!doctype html><title>cvgen</title><p>No HTML yet: the first build has not succeeded."
            self._send(request, body, "text/html; charset=utf-8", csp=False)
        else:
            request.send_error(404)

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, body: bytes, kind: str, csp: bool = True) -> None:
        request.send_response(200)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(body)))
        request.send_header("Cache-Control", "no-store")
        if csp:
            request.send_header("Content-Security-Policy", CSP)
        request.end_headers()
        request.wfile.write(body)
