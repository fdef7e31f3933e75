"""Every page of the built book visited once in headless Chromium, for all the browser checks.

tests/test_browser.py (what loads, math, images, links, weight), tests/test_devices.py (layout
on a desktop, a phone and paper) and tests/test_accessibility.py (axe-core) check one shared
record of each page (:class:`Visit`). Each page is loaded once over HTTP in a fresh browser
context (an empty cache; every request outside the book blocked and recorded) and then, without
reloading:

1. at 1366 × 900 px, light: what the reader sees (``seen``), the layout, axe-core's violations;
2. at 390 × 900 px, dark (a phone at night): the layout, axe-core's violations;
3. chapters only: Chromium's print layout at an A4 page's width.

The three modules form one pytest-xdist scope (tests/conftest.py), so one worker makes the
visits once per run. A page's record is reused from ``_build/.browser_visits.json`` while every
input of it is unchanged (tests/browser_records.py): the bytes of the page and of every file it
loaded (and the absence of every file it failed to load), this module's source, axe-core, the
Chromium version and the installed fonts. Anything else is visited again; the run says how many
of each.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import browser_records
from course_tools.browser import after_settling, in_folder, keep_inside
# The table of contents' pages and Sphinx's own (index, search), as the build and the screenshots read them.
from course_tools.project import GENERATED_PAGES, book_pages, toc_pages  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RECORD = ROOT / "_build" / ".browser_visits.json"

DESKTOP, TABLET, PHONE = 1366, 800, 390
A4_COLUMN = round((210 - 2 * 12) / 25.4 * 96)  # A4 less book_theme.css's @page margins, in CSS px
# (name, viewport width, colour scheme) of each axe-core audit; the layout is measured in both.
SETTINGS = [("desktop-light", DESKTOP, "light"), ("phone-dark", PHONE, "dark")]


# --------------------------------------------------------------------------- what is measured

# Runs once the page has loaded: waits for fonts and images, then reports what the reader sees. The
# math arrives typeset (course_tools/prerendered_math.py): each formula an mjx-container whose drawing
# is hidden from assistive technology and whose MathML is not.
INSPECT_JS = after_settling(r"""
  document.body.getBoundingClientRect();

  const mathNodes = [...document.querySelectorAll('.math, .amsmath')];
  const untypeset = mathNodes.filter(n => !n.querySelector('mjx-container'))
                             .map(n => n.textContent.trim().slice(0, 80));
  const withoutMathML = [...document.querySelectorAll('mjx-container')]
    .filter(c => !c.querySelector(':scope > mjx-assistive-mml > math') ||
                 (c.querySelector(':scope > mjx-math') || {getAttribute: () => null}).getAttribute('aria-hidden') !== 'true')
    .map(c => (c.closest('.math') || c).id || c.textContent.slice(0, 60));
  const mathFonts = {};
  document.fonts.forEach(f => { if (/^"?MJX/.test(f.family)) mathFonts[f.family.replace(/"/g, '')] = f.status; });
  const prose = document.body.cloneNode(true);
  prose.querySelectorAll('pre, code, script, style, textarea, mjx-container, .highlight')
       .forEach(n => n.remove());
  const text = prose.textContent;

  const main = document.querySelector('main') || document.body;
  const h1 = main.querySelector('h1');
  const abs = a => a.href;
  return {
    title: document.title,
    h1: h1 ? h1.textContent.replace(/[#¶]\s*$/, '').trim() : null,
    text: text,
    mathNodes: mathNodes.length,
    mjxContainers: document.querySelectorAll('mjx-container').length,
    untypeset: untypeset,
    mathErrors: [...document.querySelectorAll('mjx-merror, [data-mjx-error]')]
                  .map(n => n.getAttribute('data-mjx-error') || n.textContent.slice(0, 80)),
    withoutMathML: withoutMathML,
    mathFonts: mathFonts,
    mathjaxScript: Boolean(window.MathJax) || [...document.scripts].some(s => /mathjax/i.test(s.src)),
    scripts: [...document.scripts].filter(s => s.src).map(s => s.src),
    stylesheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map(l => l.href),
    toggles: document.querySelectorAll('.toggle, .admonition.dropdown').length,
    designElements: document.querySelectorAll('[class^="sd-"], [class*=" sd-"]').length,
    notebookCells: document.querySelectorAll('.cell, .output, .cell_output').length,
    widgetState: document.querySelectorAll('script[type="application/vnd.jupyter.widget-state+json"]').length,
    images: [...document.images].map(img => ({
      src: img.currentSrc || img.src, id: img.id, alt: img.getAttribute('alt'),
      cell: ((img.closest('.cell') || document).querySelector('.cell_input pre') || {textContent: ''})
              .textContent.trim().split('\n').filter(l => l.trim() && !l.trim().startsWith('#'))[0]?.slice(0, 90) || '',
      width: img.naturalWidth, visible: img.getClientRects().length > 0})),
    links: [...document.querySelectorAll('a[href]')].map(abs),
    rootAbsolute: [...document.querySelectorAll('[href], [src]')]
                    .map(n => n.getAttribute('href') || n.getAttribute('src') || '')
                    .filter(u => u.startsWith('/') && !u.startsWith('//')),
    ids: [...document.querySelectorAll('[id], a[name]')].map(n => n.id || n.getAttribute('name')),
    prev: [...document.querySelectorAll('.prev-next-area a.left-prev')].map(abs),
    next: [...document.querySelectorAll('.prev-next-area a.right-next')].map(abs),
    sidebar: [...document.querySelectorAll('nav.bd-docs-nav a.reference')]
               .map(a => ({href: a.href, text: a.textContent.trim()})),
    codeBlocks: document.querySelectorAll('div.highlight pre').length,
    copyButtons: document.querySelectorAll('div.highlight button.copybtn').length,
    downloads: [...document.querySelectorAll('.dropdown-download-buttons a[href]')].map(abs),
    fileLinks: [...document.querySelectorAll('main a.download[href]')].map(abs),
    launchButtons: document.querySelectorAll('.dropdown-launch-buttons a, .btn-launch-thebe').length,
    widgetViews: [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
                   .filter(s => s.closest('.cell_output, .output')).length,
    theme: document.documentElement.dataset.theme,
  };
""")

# After a resize or a change of media: images and fonts ready, and book_theme.js's re-marking of
# scrolling boxes (150 ms after a resize) done.
SETTLE_JS = after_settling("""
  window.dispatchEvent(new Event('resize'));
  await new Promise(done => setTimeout(done, 400));
  return document.documentElement.dataset.theme;
""")

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
LAYOUT_JS = r"""() => {""" + _CONTENT_BOX_JS + r"""
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

# Chromium's print layout (A4): what would be lost or cut on paper.
PRINT_JS = r"""() => {""" + _CONTENT_BOX_JS + r"""
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

# axe-core with its default rules (WCAG 2.0/2.1 A and AA, best practices) on the whole page.
AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))}));
}"""


@dataclass
class Visit:
    """What one page load did and showed, in every setting."""

    page: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    bytes: int = 0  # everything the page loaded, with an empty cache
    shared_bytes: int = 0  # of which the theme's, the search's and the math's files under _static/
    seen: dict = field(default_factory=dict)  # INSPECT_JS, at DESKTOP in light mode
    layout: dict = field(default_factory=dict)  # {"1366" | "390": LAYOUT_JS, "print": PRINT_JS (chapters)}
    themes: dict = field(default_factory=dict)  # {setting: the theme the page showed}
    axe: dict = field(default_factory=dict)  # {setting: axe-core's violations}
    inputs: dict = field(default_factory=dict)  # {file loaded, relative to the book: sha256 or None if absent}


# --------------------------------------------------------------------------- serving and visiting


def visit(browser, base: str, page_name: str, book: Path, *, settings: bool = True) -> Visit:
    """Load one page in a fresh context and measure it in every setting (see the module docstring).

    Without ``settings``, only what the reader sees at first (``seen``, requests, bytes).
    """
    record = Visit(page=page_name)
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900}, service_workers="block",
                                  color_scheme="light")
    keep_inside(context, base, record.blocked)
    page = context.new_page()
    finished, missing = [], []
    page.on("console", lambda msg: msg.type == "error" and record.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: record.console_errors.append(f"uncaught: {exc}"))
    page.on("requestfinished", lambda req: finished.append(req))
    page.on("requestfailed",
            lambda req: req.url not in record.blocked and record.failed.append(f"{req.url}: {req.failure}"))

    def response(resp):
        if resp.status >= 400:
            record.failed.append(f"{resp.url}: HTTP {resp.status}")
            missing.append(resp.url)

    page.on("response", response)
    try:
        try:
            page.goto(base + page_name, wait_until="load")
        except Exception as exc:  # recorded like any failed request; the page is then measured as it is
            record.failed.append(f"{base + page_name}: {exc}")
        record.seen = page.evaluate(INSPECT_JS)
        for request in finished:
            size = max(0, request.sizes()["responseBodySize"])
            record.bytes += size
            if "/_static/" in urlsplit(request.url).path:
                record.shared_bytes += size
        if not settings:
            return record
        record.seen["copyButtonsOnHover"] = point_at_code(page, record.seen["codeBlocks"])
        page.add_script_tag(path=str(AXE))
        for name, width, scheme in SETTINGS:
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size({"width": width, "height": 900})
            record.themes[name] = page.evaluate(SETTLE_JS)
            record.layout[str(width)] = page.evaluate(LAYOUT_JS)
            record.axe[name] = page.evaluate(AXE_JS)
        if page_name.startswith("chapters/"):
            page.emulate_media(media="print", color_scheme="light")
            page.set_viewport_size({"width": A4_COLUMN, "height": 1100})
            page.evaluate(SETTLE_JS)
            record.layout["print"] = page.evaluate(PRINT_JS)
    finally:
        context.close()
    loaded = {rel for req in finished if (rel := in_folder(req.url, base))} | {page_name}
    record.inputs = browser_records.inputs(book, loaded, filter(None, (in_folder(u, base) for u in missing)))
    return record


def point_at_code(page, code_blocks: int) -> int:
    """How many copy buttons the page has once the pointer is over its first code block (they load
    on the first interaction: course_tools/book_html.py), then back at the top of the page."""
    if not code_blocks:
        return 0
    page.hover("div.highlight pre >> nth=0")
    try:
        page.wait_for_function("n => document.querySelectorAll('div.highlight button.copybtn').length >= n",
                               arg=code_blocks, timeout=10_000)
    except Exception:  # counted below; the test names the page
        pass
    count = page.evaluate("document.querySelectorAll('div.highlight button.copybtn').length")
    page.mouse.move(0, 0)
    page.evaluate("window.scrollTo(0, 0)")
    return count


# --------------------------------------------------------------------------- reuse


def visit_all(browser, base: str, pages: list[str], book: Path) -> tuple[dict[str, Visit], int]:
    """{page: Visit} for every page, and how many were visited (the rest were reused unchanged)."""
    key = browser_records.environment_key(browser, Path(__file__), AXE)
    return browser_records.reuse_or_visit(RECORD, key, pages, lambda name: visit(browser, base, name, book),
                                          book, base, Visit)
