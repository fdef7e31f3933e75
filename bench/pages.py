"""How soon each page of the built book is ready, with JavaScript and without (`make bench-pages`).

    python bench/pages.py                 # every page, 3 runs of each measurement
    python bench/pages.py --runs 5 --pages chapters/02_derivatives.html

Every page of ``_build/html`` (build it first with ``make book``) is served over HTTP from
127.0.0.1 and loaded in headless Chromium, each load in a fresh browser context (an empty
cache; every request outside the book blocked), in two settings:

- **phone**: 390 × 844 px, the CPU slowed 4× (the DevTools protocol's
  ``Emulation.setCPUThrottlingRate``), as for a mid-range phone;
- **desktop**: 1366 × 900 px, not slowed;

and in each, once with JavaScript on and once with JavaScript off, the runs of the two
interleaved so that a busy machine slows both alike. A page is **ready** when its load event
has finished and, where the page typesets math in the browser (MathJax), when the typesetting
is done; with JavaScript off it is ready at the end of its load event. The medians over the
runs, and per page and setting the ratio *ready with JavaScript / ready without*, are printed
and written to bench/pages.json (--out to change), with the **first paint** (the browser's
first-contentful-paint: when the reader first sees the page) both ways, for context.
With JavaScript off the load event can end before the page is first laid out, or after: its
runs vary more than those with JavaScript (see ``ready_no_js_runs_ms``). Not a test: the machine may be shared, so
the load average before and after is recorded with the figures.

bench/pages_before_issue26.json holds the same measurement of the book before issue 26 (MathJax
typesetting in the browser, every theme script on every page), for comparison.

The targets (issue 26): every chapter page within 1.5× its no-JavaScript time on the slowed
phone (aim 1.2×) and within 1.2× on the desktop.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course_tools import browser as course_browser, project  # noqa: E402 - after the path: run as a script from anywhere

BOOK = ROOT / "_build" / "html"
SETTINGS = {"phone": {"width": 390, "height": 844, "cpu_slowdown": 4},
            "desktop": {"width": 1366, "height": 900, "cpu_slowdown": 1}}
TARGETS = {"phone": (1.5, 1.2), "desktop": (1.2, 1.2)}  # (limit, aim) of the ratio, chapter pages

# Runs before any script of the page: records when MathJax (if the page loads it) has typeset.
MATH_READY_INIT = """
document.addEventListener('DOMContentLoaded', () => {
  const wait = () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(() => { window.__benchMathReady = performance.now(); });
    } else if (document.readyState !== 'complete') {
      setTimeout(wait, 20);
    }
  };
  wait();
});
"""

# After the load event: its end, and (with JavaScript) when MathJax finished, in ms from navigation.
READY_JS = """async () => {
  const nav = performance.getEntriesByType('navigation')[0];
  while (!nav.loadEventEnd) await new Promise(r => setTimeout(r, 10));
  let math = null;
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    await new Promise(r => setTimeout(r, 0));
    math = window.__benchMathReady || performance.now();
  }
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {load: nav.loadEventEnd, domContentLoaded: nav.domContentLoadedEventEnd, math,
          firstPaint: paint ? paint.startTime : null,
          scripts: [...document.scripts].filter(s => s.src).length,
          stylesheets: document.querySelectorAll('link[rel="stylesheet"]').length};
}"""


def book_pages(book: Path) -> list[str]:
    """Every HTML page a reader opens, in reading order (the table of contents', then Sphinx's index
    and search): the pages the browser tests visit."""
    return project.book_pages(ROOT, book)


def load_once(browser, url: str, base: str, setting: dict, javascript: bool) -> dict:
    """One load in a fresh context: {"ready": ms, "load": ms, "math": ms or None, ...}."""
    context = browser.new_context(viewport={"width": setting["width"], "height": setting["height"]},
                                  java_script_enabled=javascript, service_workers="block")
    blocked: list[str] = []
    course_browser.keep_inside(context, base, blocked)
    try:
        page = context.new_page()
        if javascript:
            page.add_init_script(MATH_READY_INIT)
        if setting["cpu_slowdown"] != 1:
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": setting["cpu_slowdown"]})
        page.goto(url, wait_until="load", timeout=120_000)
        found = page.evaluate(READY_JS)
    finally:
        context.close()
    found["ready"] = max(found["load"], found["math"] or 0)
    found["blocked"] = len(blocked)
    return found


def measure(browser, base: str, pages: list[str], runs: int) -> dict:
    results: dict = {}
    for name in pages:
        results[name] = {}
        for setting_name, setting in SETTINGS.items():
            samples = {True: [], False: []}
            for _ in range(runs):
                for javascript in (True, False):
                    samples[javascript].append(load_once(browser, base + name, base, setting, javascript))
            on = statistics.median(s["ready"] for s in samples[True])
            off = statistics.median(s["ready"] for s in samples[False])
            with_math = [s["math"] for s in samples[True] if s["math"] is not None]
            paint = {js: _median([s["firstPaint"] for s in samples[js] if s["firstPaint"] is not None])
                     for js in (True, False)}
            results[name][setting_name] = {
                "ready_js_ms": round(on), "ready_no_js_ms": round(off), "ratio": round(on / off, 2),
                "ready_js_runs_ms": [round(s["ready"]) for s in samples[True]],
                "ready_no_js_runs_ms": [round(s["ready"]) for s in samples[False]],
                "load_js_ms": round(statistics.median(s["load"] for s in samples[True])),
                "first_paint_js_ms": paint[True], "first_paint_no_js_ms": paint[False],
                "math_typeset_in_browser": bool(with_math),
                "scripts_with_src": samples[True][0]["scripts"], "stylesheets": samples[True][0]["stylesheets"],
                "blocked_requests": max(s["blocked"] for s in samples[True] + samples[False]),
            }
            row = results[name][setting_name]
            print(f"  {name:<34} {setting_name:<8} JS {on / 1000:5.2f} s  no JS {off / 1000:5.2f} s  "
                  f"ratio {row['ratio']:4.2f}   first paint JS {_seconds(paint[True])}  no JS {_seconds(paint[False])}",
                  flush=True)
    return results


def _median(values: list) -> int | None:
    return round(statistics.median(values)) if values else None


def _seconds(ms) -> str:
    return "   –  " if ms is None else f"{ms / 1000:4.2f} s"


def targets(results: dict) -> list[dict]:
    rows = []
    for name, settings in results.items():
        if not name.startswith("chapters/") or name == "chapters/corrections.html":
            continue
        for setting_name, (limit, aim) in TARGETS.items():
            ratio = settings[setting_name]["ratio"]
            rows.append({"page": name, "setting": setting_name, "ratio": ratio, "limit": limit, "aim": aim,
                         "holds": ratio <= limit})
    return rows


def table(results: dict) -> str:
    """A Markdown table of the medians, for the README or a report."""
    lines = ["| page | phone (390 px, CPU 4× slower): JS / no JS | ratio | first paint | "
             "desktop (1366 px): JS / no JS | ratio | first paint |",
             "|---|---|---|---|---|---|---|"]
    for name, settings in results.items():
        cells = []
        for row in (settings["phone"], settings["desktop"]):
            cells += [f"{row['ready_js_ms'] / 1000:.2f} s / {row['ready_no_js_ms'] / 1000:.2f} s", f"{row['ratio']:.2f}×",
                      f"{_seconds(row['first_paint_js_ms']).strip()} / {_seconds(row['first_paint_no_js_ms']).strip()}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="loads of each page per setting and JavaScript on/off")
    parser.add_argument("--book", type=Path, default=BOOK, help="the built book (default _build/html)")
    parser.add_argument("--pages", nargs="*", help="only these pages (paths relative to the book)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "pages.json")
    args = parser.parse_args(argv)
    if not (args.book / "intro.html").is_file():
        raise SystemExit(f"no built book in {args.book}: run `make book` first")
    from playwright.sync_api import sync_playwright

    pages = args.pages or book_pages(args.book)
    load_before = os.getloadavg()
    started = time.perf_counter()
    server, base = course_browser.serve(args.book)
    try:
        with sync_playwright() as playwright:
            browser = course_browser.open_browser(playwright)
            try:
                print(f"{len(pages)} pages, {args.runs} runs each, load average {load_before[0]:.1f}", flush=True)
                results = measure(browser, base, pages, max(1, args.runs))
                version = browser.version
            finally:
                browser.close()
    finally:
        server.shutdown()
    rows = targets(results)
    report = {"runs": args.runs, "chromium": version, "cores": os.cpu_count(),
              "load_average_before": [round(x, 2) for x in load_before],
              "load_average_after": [round(x, 2) for x in os.getloadavg()],
              "seconds": round(time.perf_counter() - started, 1),
              "settings": SETTINGS, "pages": results, "targets": rows}
    print("\n" + table(results))
    print("targets (chapter pages):")
    for row in rows:
        print(f"  [{'ok' if row['holds'] else 'MISSED'}] {row['page']} {row['setting']}: "
              f"{row['ratio']} (limit {row['limit']}, aim {row['aim']})")
    project.write_report(args.out, report)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
