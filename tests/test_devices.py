"""The built book on a desktop (1366 px), a tablet (800 px) and a phone (390 px), in headless Chromium.

- Navigation: on a phone and a tablet, tapping ☰ opens the drawer with every chapter, and a
  chapter link in it navigates; the contents button opens the page's headings.
- Nothing cut off: at 1366 px no code block, output block or display equation is wider than
  the text column (each offender is named by page, section and first characters). At 390 px
  every such box fits the column or scrolls sideways inside itself with the visible cue
  (course_tools/static/book_theme.css), the page itself never scrolls sideways, and an
  equation's number never overlaps its math.
- Figures: at 1366 px every figure fits the column; at 390 px it is shown at least at
  ``LEGIBLE`` of its drawn size (a wider one scrolls in its output box) and the animations —
  image, slider and buttons — fit the column.
- Print (Chromium's print layout, an A4 page's width): code wraps, display equations fit, no
  control (button, slider) shows, solutions and folded notes print open, a code box is never split leaving an
  empty box, and the title keeps the chapter number; Chromium's ``page.pdf`` makes an A4 PDF.
- The site has an icon: /favicon.ico is served, and every page links one that loads.

Each page is loaded once for this module, tests/test_browser.py and tests/test_accessibility.py
(tests/book_pages.py): measured at 1366 px, resized to 390 px (in dark mode), then laid out for
print.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from book_pages import DESKTOP, PHONE, SETTLE_JS, TABLET, toc_pages as _toc_pages

pytestmark = pytest.mark.book_visit  # one xdist scope with the other checks of the shared page visits

LEGIBLE = 0.55  # the smallest share of its drawn size a figure is shown at (book_theme.js)
SAMPLE_PAGE = "chapters/02_derivatives.html"  # printed to a PDF: math, figures, animations, exercises
MENU_PAGE = "chapters/01_functions.html"  # where the drawers are tapped: a chapter, quick to load


@pytest.fixture(scope="module")
def layouts(visits) -> dict[int | str, dict[str, dict]]:
    """{width: {page: measurements}} at desktop and phone width, and ``"print"``: {chapter: ...}.

    From the run's one visit of each page (tests/book_pages.py: LAYOUT_JS, PRINT_JS).
    """
    found: dict[int | str, dict[str, dict]] = {DESKTOP: {}, PHONE: {}, "print": {}}
    for name, visit in visits.items():
        for key in found:
            if str(key) in visit.layout:
                found[key][name] = visit.layout[str(key)]
    return found


def _offenders(layout: dict[str, dict], bad) -> dict[str, list[str]]:
    found = {page: [f"{box['kind']} {box['where']}" for box in seen["boxes"] if bad(box)]
             for page, seen in layout.items()}
    return {page: items for page, items in found.items() if items}


def _count(found: dict[str, list]) -> int:
    return sum(len(items) for items in found.values())


def test_nothing_is_cut_off_at_desktop_width(layouts):
    """At 1366 px every code line, output line and display equation fits the column."""
    wide = _offenders(layouts[DESKTOP], lambda box: box["kind"] != "table" and (box["wide"] or box["outside"]))
    print(f"\n{DESKTOP} px: {_count(wide)} boxes wider than the column")
    assert not wide, (f"{_count(wide)} code/output blocks or equations wider than the column at {DESKTOP} px "
                      "(shorten the line, split or align the equation):\n" + json.dumps(wide, indent=1))


def test_on_a_phone_every_box_fits_or_scrolls_with_a_cue(layouts):
    layout = layouts[PHONE]
    scrolling = _offenders(layout, lambda box: box["wide"])
    print(f"\n{PHONE} px: {_count(scrolling)} boxes scroll sideways inside themselves")
    cut = _offenders(layout, lambda box: box["outside"] or box["wide"] and not (box["scrollable"] and box["cue"]))
    assert not cut, f"boxes cut off or scrolling without the cue at {PHONE} px:\n" + json.dumps(cut, indent=1)
    sideways = [page for page, seen in layout.items() if seen["pageScrollsSideways"]]
    assert not sideways, f"pages that scroll sideways as a whole at {PHONE} px: {sideways}"


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_equation_numbers_never_overlap_the_math(layouts, width):
    overlaps = {page: seen["overlaps"] for page, seen in layouts[width].items() if seen["overlaps"]}
    assert not overlaps, f"equation numbers drawn over the math at {width} px: {overlaps}"


def test_figures_fit_the_column_on_a_desktop(layouts):
    outside = {page: [f["where"] for f in seen["figures"] if f["boxOutside"] or f["shown"] > seen["column"] + 1]
               for page, seen in layouts[DESKTOP].items()}
    outside = {page: items for page, items in outside.items() if items}
    assert not outside, f"figures wider than the column at {DESKTOP} px: {outside}"


def test_figures_stay_legible_on_a_phone(layouts):
    problems = {}
    for page, seen in layouts[PHONE].items():
        for figure in seen["figures"]:
            scale = figure["shown"] / figure["natural"] if figure["natural"] else 0
            if figure["boxOutside"]:
                problems.setdefault(page, []).append(f"{figure['where']}: its box leaves the column")
            elif scale < LEGIBLE - 0.01 and figure["shown"] < figure["natural"]:
                problems.setdefault(page, []).append(f"{figure['where']}: shown at {scale:.2f} of its size")
    assert any(seen["figures"] for seen in layouts[PHONE].values()), "no figure found to check"
    assert not problems, f"figures illegible or cut at {PHONE} px:\n" + json.dumps(problems, indent=1)


def test_animations_fit_a_phone(layouts):
    animations = [a for seen in layouts[PHONE].values() for a in seen["animations"]]
    assert animations, "no animation found to check"
    cut = {page: [a for a in seen["animations"] if a["outside"]] for page, seen in layouts[PHONE].items()}
    cut = {page: items for page, items in cut.items() if items}
    assert not cut, f"animation parts outside the {PHONE} px column: {cut}"


@pytest.mark.parametrize("check, what", [
    ("wideCode", "code or output wider than the printed column (it must wrap)"),
    ("wideMath", "display equations wider than the printed column"),
    ("controls", "interactive controls on paper"),
    ("hiddenContent", "solutions or folded notes that do not print"),
    ("splittableBoxes", "code boxes that may be split anywhere (an empty box at a page's foot)"),
    ("lonelyLines", "code that may leave a single line at a page's foot or head"),
])
def test_print_loses_nothing(layouts, check, what):
    printed = layouts["print"]
    assert printed, "no chapter page to print"
    found = {page: seen[check] for page, seen in printed.items() if seen[check]}
    assert not found, f"printed on A4: {what}:\n" + json.dumps(found, indent=1)


def test_printed_title_keeps_the_chapter_number(layouts):
    for page, seen in layouts["print"].items():
        assert seen["title"] == seen["heading"], f"{page}: printed title {seen['title']!r}, heading {seen['heading']!r}"
    numbered = [seen["title"] for seen in layouts["print"].values() if seen["title"][:1].isdigit()]
    assert len(numbered) >= len(_toc_pages(numbered_only=True)), f"printed titles: {numbered}"


def test_chromium_prints_a_chapter_to_a4(browser, book_url, tmp_path):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(book_url + SAMPLE_PAGE, wait_until="load")
        page.evaluate(SETTLE_JS)
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        context.close()
    pages_printed = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pdf.startswith(b"%PDF") and pages_printed >= 2, f"{SAMPLE_PAGE}: a PDF of {pages_printed} pages"
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert boxes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842.9) < 2 for w, h in boxes), boxes[:3]


@pytest.mark.parametrize("width", [PHONE, TABLET])
def test_the_drawer_opens_and_navigates(browser, book_url, width):
    """Tap ☰: the drawer shows every chapter; tap a chapter: it opens. Tap the contents button too."""
    order = _toc_pages()
    target = order[-1] if order[-1] != MENU_PAGE else order[1]
    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(book_url + MENU_PAGE, wait_until="load")
        page.locator(".primary-toggle:visible").first.tap()
        drawer = page.locator("#pst-primary-sidebar-modal")
        page.wait_for_function("() => document.getElementById('pst-primary-sidebar-modal').open", timeout=5000)
        listed = drawer.locator("nav.bd-docs-nav a.reference")
        hrefs = [link.get_attribute("href") for link in listed.all() if link.is_visible()]
        missing = [p for p in order[1:] if p != MENU_PAGE  # the current page links to "#"
                   and not any(h and h.split("#")[0].endswith(p.split("/")[-1]) for h in hrefs)]
        assert not missing, f"drawer at {width} px lacks {missing}; it shows {hrefs}"
        link = drawer.locator(f'nav.bd-docs-nav a.reference[href$="{target.split("/")[-1]}"]').first
        with page.expect_navigation():
            link.tap()
        assert page.url.split("#")[0].endswith(target), f"tapping {target} at {width} px led to {page.url}"

        page.goto(book_url + MENU_PAGE, wait_until="load")
        page.locator(".secondary-toggle:visible").first.tap()
        page.wait_for_function("() => document.getElementById('pst-secondary-sidebar-modal').open", timeout=5000)
        headings = page.locator("#pst-secondary-sidebar-modal a.nav-link")
        assert headings.count() > 1, f"the contents drawer at {width} px lists {headings.count()} headings"
    finally:
        context.close()


def test_the_site_has_an_icon(browser, book_url, built_book, pages):
    icons = set()
    for name in pages:
        html = (built_book / name).read_text(encoding="utf-8")
        start = html.find('rel="icon"')
        assert start >= 0, f"{name} links no icon"
        href = html[start:].split('href="', 1)[1].split('"', 1)[0]
        icons.add((Path(name).parent / href).as_posix())
    context = browser.new_context()
    try:
        for path in sorted(icons | {"favicon.ico"}):
            response = context.request.get(book_url + path)
            assert response.ok and response.body()[:4] == b"\x00\x00\x01\x00", f"{path}: HTTP {response.status}, not an icon"
    finally:
        context.close()
