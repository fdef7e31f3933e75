"""The headless browser the decks, the screenshots and the tests look at the course with.

- **Chromium**: Debian's ``/usr/bin/chromium`` through Playwright (``playwright install``
  downloads a browser and cannot work offline): :func:`open_browser`.
- **The local server**: a built folder served on 127.0.0.1 at a free port (:func:`serve`), so
  pages load as from a web server, and :func:`in_folder` names the served file a URL asks for.
- **Confinement**: :func:`keep_inside` aborts, and records, every request that leaves the server,
  as for a reader offline.
- **Settling**: :func:`settle` waits until MathJax (where a page loads it) has typeset, the
  images are decoded and the fonts are loaded (``SETTLE_JS``).
- **The book's pages**: :func:`course_tools.project.book_pages`, in reading order.
"""
from __future__ import annotations

from pathlib import Path

from course_tools.project import book_pages  # noqa: F401  (the pages a browser check visits)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]

#: Wait until MathJax has typeset (if the page loads it), the images are decoded and the fonts loaded:
#: statements for the start of an async function (:func:`after_settling`).
SETTLE_STEPS = """
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
  await document.fonts.ready;
"""


def after_settling(body: str) -> str:
    """An async function for ``page.evaluate``: the page settles (SETTLE_STEPS), then ``body`` runs
    (JavaScript statements; what it returns is the result)."""
    return "async () => {" + SETTLE_STEPS + body + "}"


SETTLE_JS = after_settling("")


class ChromiumMissing(RuntimeError):
    """Debian's Chromium is not installed."""


def open_browser(playwright):
    """Chromium, headless, with the command line every check uses."""
    if not CHROMIUM.is_file():
        raise ChromiumMissing(f"{CHROMIUM} not found: install Debian's Chromium with `apt-get install chromium`")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def serve(folder: Path):
    """An HTTP server for ``folder`` on 127.0.0.1 at a free port, in a thread: (server, base URL).
    Stop it with ``server.shutdown(); server.server_close()``."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def keep_inside(context, base: str, blocked: list[str]) -> None:
    """Requests under ``base`` go through; every other request is aborted and its URL recorded."""

    def route(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)


def in_folder(url: str, base: str) -> str | None:
    """The served file a URL under ``base`` names, relative to the served folder (None: outside it)."""
    from urllib.parse import unquote, urlsplit

    if not url.startswith(base):
        return None
    rel = unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def settle(page) -> None:
    """Wait until the page is as a reader sees it once loaded: math typeset, images and fonts in."""
    page.evaluate(SETTLE_JS)
