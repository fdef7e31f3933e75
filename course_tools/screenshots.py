"""Render every page of the built book to PNG, to review the look of the whole book at a glance.

    python -m course_tools.screenshots                      # what `make screenshots` runs (after `make book`)
    python -m course_tools.screenshots --html _build/html --out _build/screenshots

For each page: ``<page>.desktop.png`` (1280 px wide), ``<page>.phone.png`` (390 px wide) and
``<page>.desktop-dark.png`` (the theme's dark mode), all full page, plus ``index.html``, a contact
sheet of them all. Pages are served from 127.0.0.1 and every request to another host is blocked,
as for a reader offline; blocked or failed requests are listed at the end (exit status 1).
Uses Debian's Chromium (/usr/bin/chromium) through Playwright, headless.
"""
from __future__ import annotations

import argparse
import functools
import html
import http.server
import sys
import threading
from pathlib import Path

from course_tools import project
from course_tools.slides import CHROMIUM, open_browser

ROOT = project.ROOT
# (suffix, viewport, colour scheme, mobile)
VIEWS = [
    ("desktop", {"width": 1280, "height": 800}, "light", False),
    ("phone", {"width": 390, "height": 844}, "light", True),
    ("desktop-dark", {"width": 1280, "height": 800}, "dark", False),
]
# Wait until MathJax has typeset, fonts and images are in, then return.
_SETTLE_JS = """
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
  await document.fonts.ready;
}
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def book_pages(html_root: Path) -> list[str]:
    """The reader's pages in reading order (the table of contents', then Sphinx's index and search),
    relative to the root: the pages the browser tests visit."""
    return project.book_pages(ROOT, html_root)


def shoot(html_root: Path, out: Path) -> list[str]:
    """Screenshot every page in every view into `out`; returns the problems seen."""
    from playwright.sync_api import sync_playwright

    pages = book_pages(html_root)
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(html_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    problems: list[str] = []
    shots: list[tuple[str, str, str]] = []
    try:
        with sync_playwright() as playwright:
            browser = open_browser(playwright)  # Debian's Chromium, headless, as the deck checks open it
            for suffix, viewport, scheme, mobile in VIEWS:
                context = browser.new_context(
                    viewport=viewport, color_scheme=scheme, is_mobile=mobile, has_touch=mobile,
                    service_workers="block",
                )

                def route(route):
                    if route.request.url.startswith(base):
                        route.continue_()
                    else:
                        problems.append(f"blocked: {route.request.url}")
                        route.abort("blockedbyclient")

                context.route("**/*", route)
                page = context.new_page()
                page.on("requestfailed", lambda r: r.url.startswith(base) and problems.append(f"failed: {r.url}"))
                for name in pages:
                    page.goto(base + name, wait_until="load")
                    page.evaluate(_SETTLE_JS)
                    file_name = f"{name[: -len('.html')].replace('/', '__')}.{suffix}.png"
                    page.screenshot(path=str(out / file_name), full_page=True)
                    shots.append((name, suffix, file_name))
                    print(f"{file_name}", flush=True)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    write_contact_sheet(out, pages, shots)
    return problems


def write_contact_sheet(out: Path, pages: list[str], shots: list[tuple[str, str, str]]) -> None:
    rows = []
    for name in pages:
        cells = "".join(
            f'<td><a href="{html.escape(f)}"><img src="{html.escape(f)}" alt="{html.escape(name)}, {s}" '
            f'style="width:{"130" if s == "phone" else "320"}px;vertical-align:top"></a></td>'
            for n, s, f in shots if n == name
        )
        rows.append(f"<tr><th>{html.escape(name)}</th>{cells}</tr>")
    header = "".join(f"<th>{s}</th>" for s, *_ in VIEWS)
    (out / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>Book screenshots</title>"
        "<style>td,th{padding:6px;text-align:left;vertical-align:top}</style>"
        f"<table><tr><th>page</th>{header}</tr>{''.join(rows)}</table>\n",
        encoding="utf-8",
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built book")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "screenshots", help="where the PNGs go")
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} not found: install Debian's Chromium with `apt-get install chromium`", file=sys.stderr)
        return 2
    if not (args.html / "intro.html").is_file() and not any(args.html.glob("*.html")):
        print(f"no built book in {args.html}: run `make book` first", file=sys.stderr)
        return 2
    problems = shoot(args.html.resolve(), args.out.resolve())
    print(f"screenshots of {len(book_pages(args.html))} pages in {args.out}/ (open index.html there)")
    for problem in sorted(set(problems)):
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
