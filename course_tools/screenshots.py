"""Render every page of the built book to PNG, to review the look of the whole book at a glance.

    python -m course_tools.screenshots                      # what `make screenshots` runs (after `make book`)
    python -m course_tools.screenshots --html _build/html --out _build/screenshots

For each page: ``<page>.desktop.png`` (1280 px wide), ``<page>.phone.png`` (390 px wide) and
``<page>.desktop-dark.png`` (the theme's dark mode), all full page, plus ``index.html``, a contact
sheet of them all. Pages are served from 127.0.0.1 and every request to another host is blocked,
as for a reader offline; blocked or failed requests are listed at the end (exit status 1).
Uses Debian's Chromium (/usr/bin/chromium) through Playwright, headless (course_tools.browser).
"""
from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

from course_tools import browser, project

ROOT = project.ROOT
# (suffix, viewport, colour scheme, mobile)
VIEWS = [
    ("desktop", {"width": 1280, "height": 800}, "light", False),
    ("phone", {"width": 390, "height": 844}, "light", True),
    ("desktop-dark", {"width": 1280, "height": 800}, "dark", False),
]


def book_pages(html_root: Path) -> list[str]:
    """The reader's pages in reading order (the table of contents', then Sphinx's index and search),
    relative to the root: the pages the browser tests visit."""
    return project.book_pages(ROOT, html_root)


def shoot(html_root: Path, out: Path) -> list[str]:
    """Screenshot every page in every view into `out`; returns the problems seen."""
    from playwright.sync_api import sync_playwright

    pages = book_pages(html_root)
    out.mkdir(parents=True, exist_ok=True)
    server, base = browser.serve(html_root)
    problems: list[str] = []
    shots: list[tuple[str, str, str]] = []
    try:
        with sync_playwright() as playwright:
            chromium = browser.open_browser(playwright)  # Debian's Chromium, headless, as every check opens it
            for view in VIEWS:
                shots += _shoot_view(chromium, base, pages, view, out, problems)
            chromium.close()
    finally:
        server.shutdown()
        server.server_close()
    write_contact_sheet(out, pages, shots)
    return problems


def _shoot_view(chromium, base: str, pages: list[str], view, out: Path, problems: list[str]):
    """Every page in one view (suffix, viewport, colour scheme, mobile): (page, suffix, file) of each shot."""
    suffix, viewport, scheme, mobile = view
    context = chromium.new_context(viewport=viewport, color_scheme=scheme, is_mobile=mobile, has_touch=mobile,
                                   service_workers="block")
    blocked: list[str] = []
    browser.keep_inside(context, base, blocked)
    page = context.new_page()
    page.on("requestfailed", lambda r: r.url.startswith(base) and problems.append(f"failed: {r.url}"))
    shots = []
    for name in pages:
        page.goto(base + name, wait_until="load")
        browser.settle(page)
        file_name = f"{name[: -len('.html')].replace('/', '__')}.{suffix}.png"
        page.screenshot(path=str(out / file_name), full_page=True)
        shots.append((name, suffix, file_name))
        print(f"{file_name}", flush=True)
    context.close()
    problems += [f"blocked: {url}" for url in blocked]
    return shots


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
    if not browser.CHROMIUM.is_file():
        print(f"{browser.CHROMIUM} not found: install Debian's Chromium with `apt-get install chromium`", file=sys.stderr)
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
