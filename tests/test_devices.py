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

Each page is loaded once: measured at 1366 px, resized to 390 px, then laid out for print.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_browser import _toc_pages, book_url, browser, pages  # noqa: E402,F401 - fixtures

DESKTOP, TABLET, PHONE = 1366, 800, 390
A4_COLUMN = round((210 - 2 * 12) / 25.4 * 96)  # A4 less book_theme.css's @page margins, in CSS px
LEGIBLE = 0.55  # the smallest share of its drawn size a figure is shown at (book_theme.js)
SAMPLE_PAGE = "chapters/02_derivatives.html"

_SETTLE_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
  await document.fonts.ready;
  window.dispatchEvent(new Event('resize'));
  await new Promise(done => setTimeout(done, 400));  // book_theme.js re-marks boxes 150 ms after a resize
}"""

# The text column: the article's content box (inside its padding).
_CONTENT_BOX_JS = r"""
const contentBox = (el) => {
  const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  const left = r.left + parseFloat(s.paddingLeft), right = r.right - parseFloat(s.paddingRight);
  return {left, right, width: right - left};
};
"""

# What a reader sees of every box that could be cut: its kind, where it is, whether its content
# is wider than the box (it then scrolls), whether it shows the cue, whether it leaves the column.
_MEASURE_JS = r"""() => {""" + _CONTENT_BOX_JS + r"""
  const article = document.querySelector('article.bd-article') || document.querySelector('main');
  const col = contentBox(article);
  const where = (el) => {
    const section = el.closest('section[id]');
    const text = (el.textContent || el.getAttribute('alt') || '').trim().replace(/\s+/g, ' ').slice(0, 50);
    return (section ? '#' + section.id : '(page)') + ': ' + text;
  };
  const outside = (r) => r.right > col.right + 1 || r.left < col.left - 1;
  const boxes = [];
  const add = (kind, el, scroller) => {
    const style = getComputedStyle(scroller);
    boxes.push({kind, where: where(el),
      wide: scroller.clientWidth > 0 && scroller.scrollWidth > scroller.clientWidth + 1,
      scrollable: ['auto', 'scroll'].includes(style.overflowX),
      cue: scroller.classList.contains('book-scrolls') && style.boxShadow !== 'none',
      outside: outside(el.getBoundingClientRect())});
  };
  article.querySelectorAll('div.highlight pre').forEach(pre =>
    add(pre.closest('.cell_output') ? 'output' : 'code', pre, pre));
  const overlaps = [];
  article.querySelectorAll('div.math').forEach(box => {
    const math = box.querySelector('mjx-container');
    if (!math) return;
    add('equation', box, math);
    const number = box.querySelector('.eqno');
    if (number) {
      const a = number.getBoundingClientRect(), b = math.getBoundingClientRect();
      if (a.left < b.right - 1 && b.left < a.right - 1) overlaps.push(where(box));
    }
  });
  article.querySelectorAll('mjx-container:not([display="true"])').forEach(math => {
    const r = math.getBoundingClientRect();
    if (outside(r) || math.classList.contains('book-wide-inline')) add('inline math', math, math);
  });
  article.querySelectorAll('.pst-scrollable-table-container').forEach(t => add('table', t, t));
  const figures = [...article.querySelectorAll('.cell_output > img')].map(img => ({
    where: where(img), natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
    boxOutside: outside(img.parentElement.getBoundingClientRect())}));
  const animations = [...article.querySelectorAll('.lecture-explorer .animation')].map(anim => {
    const parts = [anim, ...anim.querySelectorAll('img, input.anim-slider, .anim-buttons button, form')];
    return {where: where(anim.querySelector('img') || anim),
            outside: parts.filter(p => outside(p.getBoundingClientRect())).map(p => p.tagName.toLowerCase() + (p.title ? ' ' + p.title : ''))};
  });
  return {column: col.width, pageScrollsSideways: document.documentElement.scrollWidth > window.innerWidth + 1,
          boxes, overlaps, figures, animations};
}"""


_PRINT_JS = r"""() => {""" + _CONTENT_BOX_JS + r"""
  const article = document.querySelector('article.bd-article');
  const col = contentBox(article);
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const where = (el) => {
    const section = el.closest('section[id]');
    return (section ? '#' + section.id : '(page)') + ': ' + (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
  };
  const wider = (el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > col.right + 1;
  const title = document.querySelector('#jb-print-docs-body > h1');
  return {
    wideCode: [...article.querySelectorAll('div.highlight pre')].filter(wider).map(where),
    wideMath: [...article.querySelectorAll('div.math mjx-container')].filter(wider).map(where),
    controls: [...document.querySelectorAll('button, input, select, .anim-controls')].filter(shown)
                .map(el => el.tagName.toLowerCase() + ' ' + (el.title || el.textContent.trim()).slice(0, 30)),
    hiddenContent: [...article.querySelectorAll('details.hide')]
                     .filter(d => ![...d.querySelectorAll('pre')].some(shown))
                     .concat([...article.querySelectorAll('.admonition.toggle .admonition-title ~ *')]
                               .filter(el => !shown(el)))
                     .map(where),
    splittableBoxes: [...article.querySelectorAll('div.cell_input')]
                       .filter(box => getComputedStyle(box).breakInside !== 'avoid').map(where),
    lonelyLines: [...article.querySelectorAll('div.highlight pre')]
                   .filter(pre => +getComputedStyle(pre).orphans < 2 || +getComputedStyle(pre).widows < 2).map(where),
    title: title && shown(title) ? title.textContent.trim() : null,
    heading: (article.querySelector('h1') || {textContent: ''}).textContent.replace(/#\s*$/, '').trim(),
  };
}"""


@pytest.fixture(scope="module")
def layouts(browser, book_url, pages) -> dict[int, dict[str, dict]]:
    """{width: {page: measurements}} at desktop and phone width, and ``"print"``: {chapter: ...}."""
    found = {DESKTOP: {}, PHONE: {}, "print": {}}
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900}, service_workers="block")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(book_url) else r.abort())
    try:
        page = context.new_page()
        for name in pages:
            page.set_viewport_size({"width": DESKTOP, "height": 900})
            page.goto(book_url + name, wait_until="load")
            for width in (DESKTOP, PHONE):
                page.set_viewport_size({"width": width, "height": 900})
                page.evaluate(_SETTLE_JS)
                found[width][name] = page.evaluate(_MEASURE_JS)
            if name.startswith("chapters/"):
                page.emulate_media(media="print")
                page.set_viewport_size({"width": A4_COLUMN, "height": 1100})
                page.evaluate(_SETTLE_JS)
                found["print"][name] = page.evaluate(_PRINT_JS)
                page.emulate_media(media="screen")
    finally:
        context.close()
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
        page.evaluate(_SETTLE_JS)
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
    target = order[-1] if order[-1] != SAMPLE_PAGE else order[1]
    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(book_url + SAMPLE_PAGE, wait_until="load")
        page.locator(".primary-toggle:visible").first.tap()
        drawer = page.locator("#pst-primary-sidebar-modal")
        page.wait_for_function("() => document.getElementById('pst-primary-sidebar-modal').open", timeout=5000)
        listed = drawer.locator("nav.bd-docs-nav a.reference")
        hrefs = [link.get_attribute("href") for link in listed.all() if link.is_visible()]
        missing = [p for p in order[1:] if p != SAMPLE_PAGE  # the current page links to "#"
                   and not any(h and h.split("#")[0].endswith(p.split("/")[-1]) for h in hrefs)]
        assert not missing, f"drawer at {width} px lacks {missing}; it shows {hrefs}"
        link = drawer.locator(f'nav.bd-docs-nav a.reference[href$="{target.split("/")[-1]}"]').first
        with page.expect_navigation():
            link.tap()
        assert page.url.split("#")[0].endswith(target), f"tapping {target} at {width} px led to {page.url}"

        page.goto(book_url + SAMPLE_PAGE, wait_until="load")
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
