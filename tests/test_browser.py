"""The built book as a reader gets it, checked in a real browser (Debian's Chromium, headless).

Every page of ``_build/html`` is loaded once, in a fresh browser context, from a local HTTP server
on 127.0.0.1 (tests/book_pages.py, one visit shared with tests/test_devices.py and
tests/test_accessibility.py). Every request to anything other than that server is aborted and
recorded, so a page that would need the network shows up here as a blocked request instead of
quietly working online. The tests below check the record of those visits: no console error, no
failed or blocked request, all math typeset when the book was built (with its MathML, no MathJax
in the browser), no script or stylesheet a page does not use, every image loaded and described, every internal link and anchor resolving, navigation in lecture
order, copy buttons, notebook and student-edition downloads, search, page weight.

A lighter pass opens the root page, the most mathematical chapter and the search from ``file://``
(a copy of the book on a USB stick).

Without ``/usr/bin/chromium`` these tests skip with the install command, except under ``CI=true``,
where a missing browser is a failure.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

import browser_records
from book_pages import Visit, toc_pages as _toc_pages, visit
from course_tools.browser import keep_inside

pytestmark = pytest.mark.book_visit  # one xdist scope with the other checks of the shared page visits

ROOT = Path(__file__).resolve().parent.parent
# Issue 7: no chapter page above 3 MB including its images and animations. Counted without the
# files pages share (theme, fonts, the math's stylesheet and fonts under _static/, loaded once and
# then cached), which no chapter can change; the test prints both numbers. The shared files have a
# budget of their own: every page loads them (Jupyter Book adds any _static/*.js to every page).
MAX_CHAPTER_BYTES = 3 * 1000 * 1000
MAX_SHARED_BYTES = 4 * 1000 * 1000
SEARCH_TERM = "chain rule"
SOLUTION_MARKER = "### BEGIN SOLUTION"
# TeX that survived to the reader as text: display/inline delimiters and common commands.
RAW_TEX = re.compile(
    r"\$\$|\\\(|\\\)|\\\[|\\\]|\\(?:frac|partial|sum|sigma|cdot|mathbf|begin|end|left|right|"
    r"times|alpha|nabla|Lambda|nu|mathrm|operatorname)\b|(?<![\\$\w])\$[^$\s][^$\n]{0,80}[^$\s\\]\$"
)


# --------------------------------------------------------------------------- the built book
# `built_book` (tests/conftest.py): the strictly built book, _build/html, built once per session.
# `browser`, `book_url`, `pages` and `visits` (tests/conftest.py, tests/book_pages.py): one
# Chromium, the book served over HTTP, its pages, and one visit of each, shared with
# tests/test_devices.py and tests/test_accessibility.py.


def _html_files(html_root: Path) -> list[str]:
    """Every HTML file of the built book except the theme's, the sources' and the decks (tests/test_slides.py)."""
    return sorted(
        path.relative_to(html_root).as_posix()
        for path in html_root.rglob("*.html")
        if path.relative_to(html_root).parts[0] not in {"_static", "_sources", "_images", "_downloads", "slides"}
    )


def _source_notebook(page: str) -> Path | None:
    candidate = ROOT / (page[: -len(".html")] + ".ipynb")
    return candidate if candidate.is_file() else None


def _local_path(url: str, base: str) -> tuple[str, str] | None:
    """(page path relative to the book root, fragment) for a URL inside the book, else None."""
    target, fragment = urldefrag(url)
    if not target.startswith(base):
        return None
    rel = unquote(urlsplit(target).path)[len(urlsplit(base).path):]
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return rel, fragment


def _problems(visits: dict[str, Visit], check) -> dict[str, object]:
    found = {page: check(v) for page, v in visits.items()}
    return {page: problem for page, problem in found.items() if problem}


# --------------------------------------------------------------------------- the tests
def test_every_page_loads_without_console_errors_or_failed_requests(visits):
    problems = _problems(visits, lambda v: v.console_errors + v.failed)
    assert not problems, "pages with console errors or failed requests:\n" + json.dumps(problems, indent=1)


def test_no_request_leaves_the_book(visits):
    blocked = _problems(visits, lambda v: v.blocked)
    print(f"\npages checked: {len(visits)}; requests blocked: {sum(len(v) for v in blocked.values())}")
    assert not blocked, (
        "pages that request something outside the book (blocked; the book must work offline):\n"
        + json.dumps(blocked, indent=1)
    )


def test_every_page_has_a_title(visits):
    def untitled(v):
        seen = v.seen
        if not seen["title"].strip() or (v.page not in {"search.html", "genindex.html"} and not seen["h1"]):
            return f"title {seen['title']!r}, h1 {seen['h1']!r}"
        return None

    assert not _problems(visits, untitled)


def test_all_math_arrives_typeset_with_its_mathml(visits):
    """Every formula is typeset when the book is built (course_tools/prerendered_math.py): no TeX
    left on the page, no TeX error, the drawing hidden from screen readers and its MathML not,
    MathJax's fonts loaded, and no MathJax (or any math script) running in the reader's browser."""
    def math_problems(v):
        seen, found = v.seen, []
        if seen["untypeset"]:
            found.append(f"math left as TeX: {seen['untypeset'][:5]}")
        if seen["mathErrors"]:
            found.append(f"TeX errors: {seen['mathErrors'][:5]}")
        if seen["mathNodes"] and not seen["mjxContainers"]:
            found.append("page has math but no typeset formula")
        if seen["withoutMathML"]:
            found.append(f"formulas without MathML for screen readers (or a drawing they would read): "
                         f"{seen['withoutMathML'][:5]}")
        if seen["mathjaxScript"]:
            found.append("the page runs MathJax (the math must arrive typeset)")
        if seen["mjxContainers"] and "loaded" not in seen["mathFonts"].values():
            found.append(f"no math font loaded: {seen['mathFonts']}")
        failed_fonts = {f: s for f, s in seen["mathFonts"].items() if s == "error"}
        if failed_fonts:
            found.append(f"math fonts that failed to load: {failed_fonts}")
        raw = sorted({m.group(0) for m in RAW_TEX.finditer(seen["text"])})
        if raw:
            found.append(f"raw TeX in the text: {raw[:10]}")
        return found

    problems = _problems(visits, math_problems)
    assert not problems, json.dumps(problems, indent=1)
    assert any(v.seen["mjxContainers"] for v in visits.values()) or not any(
        v.seen["mathNodes"] for v in visits.values()
    )


# Files a page may load only where it uses them (course_tools/book_html.py), by what uses them.
USED_ONLY_WITH = {
    "clipboard.min.js": "codeBlocks", "copybutton.js": "codeBlocks", "copybutton.css": "codeBlocks",
    "pygments.css": "codeBlocks", "togglebutton.js": "toggles", "togglebutton.css": "toggles",
    "design-tabs.js": "designElements", "sphinx-design.min.css": "designElements",
    "mystnb.css": "notebookCells", "prerendered-math.css": "mjxContainers",
}
NOT_LOADED_ON_OPENING = ("fontawesome.js", "sphinx-thebe.js", "sphinx-thebe.css", "sphinx_highlight.js")  # last: search page
LOADED_ON_INTERACTION = ("clipboard.min.js", "copybutton.js", "copybutton.css")  # the copy buttons
SEARCH_FILES = ("searchtools.js", "language_data.js", "searchindex.js")


def _file_name(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return re.sub(r"^mystnb\.[0-9a-f]+\.css$", "mystnb.css", name)


def test_every_script_and_stylesheet_is_used_on_its_page(visits):
    """Issue 26: no page loads a script or stylesheet it does not use; what only a search needs
    loads on the search page, the search-word highlighter only for a page opened from a result."""
    def unused(v):
        seen, found = v.seen, []
        files = [_file_name(u) for u in seen["scripts"] + seen["stylesheets"]]
        found += [f"loads {name}, which no page uses" for name in files
                  if name in NOT_LOADED_ON_OPENING[:-1] or "mathjax" in name.lower()]
        found += [f"loads {name} as it opens (the copy buttons load on the first interaction)" for name in files
                  if name in LOADED_ON_INTERACTION]
        if v.page != "search.html":
            found += [f"loads {name} (only the search page needs it)" for name in files
                      if name in SEARCH_FILES or name == "sphinx_highlight.js"]
        found += [f"loads {name} but has no {use}" for name in files
                  if (use := USED_ONLY_WITH.get(name)) and not seen[use]]
        if seen["mjxContainers"] and "prerendered-math.css" not in files:
            found.append("has math but not its stylesheet")
        if seen["widgetState"]:
            found.append(f"{seen['widgetState']} saved widget states that no script reads")
        return found

    problems = _problems(visits, unused)
    assert not problems, json.dumps(problems, indent=1)


def test_every_image_loads_and_has_alt_text(visits):
    def image_problems(v):
        found = []
        for img in v.seen["images"]:
            alt = (img["alt"] or "").strip()
            src = img["src"]
            where = f"inline image id={img['id']!r} (an animation frame?)" if src.startswith("data:") else src
            where = where.rsplit("/_images/", 1)[-1]
            where += f", output of the cell starting {img['cell']!r}" if img["cell"] else ""
            name = "" if src.startswith("data:") else src.rsplit("/", 1)[-1]
            if not alt or name and name in alt or re.fullmatch(r"\S+\.(png|jpe?g|svg|gif)", alt):
                found.append(f"no real alt text ({alt!r}) on {where}")
            if img["visible"] and img["width"] == 0:
                found.append(f"image not loaded: {where}")
        return found

    problems = _problems(visits, image_problems)
    assert not problems, (
        "images without a description or not loaded (a notebook figure gets its alt text from the "
        'cell metadata {"mystnb": {"image": {"alt": "..."}}}):\n' + json.dumps(problems, indent=1)
    )


def test_every_internal_link_and_anchor_resolves(visits, book_url, built_book):
    ids = {page: set(v.seen["ids"]) for page, v in visits.items()}

    def link_problems(v):
        # A root-absolute URL works from a web server's root but not from a copy of the folder.
        found = [f"root-absolute URL (breaks from file:// or a sub-folder): {u}" for u in v.seen["rootAbsolute"]]
        for url in v.seen["links"]:
            local = _local_path(url, book_url)
            if local is None:
                continue
            rel, fragment = local
            target = built_book / rel
            if not target.is_file():
                found.append(f"missing file: {rel}")
            elif fragment and rel.endswith(".html"):
                known = ids.get(rel)
                if known is None:  # a page not visited (e.g. the index redirect): read its ids
                    known = set(re.findall(r'\b(?:id|name)="([^"]+)"', target.read_text(encoding="utf-8")))
                if unquote(fragment) not in known:
                    found.append(f"missing anchor: {rel}#{fragment}")
        return sorted(set(found))

    problems = _problems(visits, link_problems)
    assert not problems, json.dumps(problems, indent=1)


def test_navigation_follows_the_lecture_order(visits, book_url):
    order = _toc_pages()
    missing = [page for page in order if page not in visits]
    assert not missing, f"pages in _toc.yml not in the built book: {missing}"

    # The sidebar lists every page after the root, in _toc.yml order, chapters numbered 1, 2, ...
    entries = [((_local_path(e["href"], book_url) or ("", ""))[0], e["text"]) for e in visits[order[0]].seen["sidebar"]]
    listed = [page for page, _ in entries if page in order]
    assert listed in (order, order[1:]), f"sidebar order {listed} != _toc.yml order {order}"
    numbered = _toc_pages(numbered_only=True)
    chapters = [text for page, text in entries if page in numbered]
    assert len(chapters) == len(numbered), f"numbered chapters in the sidebar: {chapters}"
    for number, text in enumerate(chapters, start=1):
        assert text.startswith(f"{number}. "), f"chapter {number} not numbered in the sidebar: {text!r}"

    # Previous/next links walk the same order, both ways.
    def only(links, page, kind):
        assert len(links) <= 1, f"{page}: several {kind} links"
        return (_local_path(links[0], book_url) or ("",))[0] if links else None

    for i, page in enumerate(order):
        seen = visits[page].seen
        assert only(seen["prev"], page, "previous") == (order[i - 1] if i else None), f"{page}: previous link"
        assert only(seen["next"], page, "next") == (order[i + 1] if i + 1 < len(order) else None), f"{page}: next link"


def test_the_book_has_no_stray_pages(built_book, pages):
    # Sphinx never deletes an output whose source left the book, so a stale page can linger.
    known = set(pages) | {"index.html"}
    stray = [page for page in _html_files(built_book) if page not in known]
    assert not stray, (
        f"HTML pages in {built_book} that are not in _toc.yml (left over from an earlier build? "
        f"`make clean` removes them): {stray}"
    )


def test_code_cells_have_a_copy_button_once_the_reader_points_at_code(visits):
    """None as the page opens (issue 26: what only an interaction needs loads on it), one on every
    code block once the pointer is over one."""
    problems = _problems(
        visits,
        lambda v: (v.seen["copyButtons"] or v.seen["codeBlocks"] != v.seen["copyButtonsOnHover"])
        and f"{v.seen['codeBlocks']} code blocks, {v.seen['copyButtons']} copy buttons as it opens, "
            f"{v.seen['copyButtonsOnHover']} with the pointer over code",
    )
    assert not problems, problems
    assert any(v.seen["copyButtonsOnHover"] for v in visits.values()) or not any(
        v.seen["codeBlocks"] for v in visits.values()
    )


def test_copy_buttons_come_with_the_first_key_press(browser, book_url, visits):
    """A keyboard reader never points: the first Tab loads the buttons, and one is in the tab order."""
    with_code = [p for p, v in visits.items() if v.seen["codeBlocks"]]
    if not with_code:
        pytest.skip("the book has no code cell yet")
    page_name = min(with_code, key=lambda p: visits[p].seen["mathNodes"])
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(book_url + page_name)
        assert page.locator("button.copybtn").count() == 0
        page.keyboard.press("Tab")
        page.wait_for_function("n => document.querySelectorAll('div.highlight button.copybtn').length === n",
                               arg=visits[page_name].seen["codeBlocks"], timeout=10_000)
        for _ in range(400):  # Tab until a copy button has the focus
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('button.copybtn')"):
                break
        else:
            pytest.fail(f"{page_name}: no copy button reached with Tab")
        # ... and the focused button is seen (sphinx-copybutton shows it only under the pointer).
        page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'", timeout=5_000)
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    finally:
        context.close()


def test_copy_button_copies_the_code(browser, book_url, visits):
    with_code = [p for p, v in visits.items() if v.seen["copyButtonsOnHover"]]
    if not with_code:
        pytest.skip("the book has no code cell yet")
    page_name = min(with_code, key=lambda p: visits[p].seen["mathNodes"])  # the quickest to load
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(book_url + page_name)
        block = page.locator("div.highlight").first
        block.hover()
        block.locator("button.copybtn").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        shown = block.locator("pre").inner_text()
    finally:
        context.close()
    assert copied.strip() and copied.strip() == shown.strip()


ANIMATIONS_JS = """() => [...document.querySelectorAll('img[id^="_anim_img"]')].map(img => {
  const id = img.id.slice('_anim_img'.length);
  return {id, started: typeof window['anim' + id] !== 'undefined', src: img.src,
          below: img.getBoundingClientRect().top - innerHeight};
})"""


# Every frame until the page has loaded: is there a body to paint yet, and which theme is set.
FRAMES_INIT = """(() => {
  const frames = window.__bookFrames = [];
  const look = () => {
    frames.push({body: Boolean(document.body), theme: document.documentElement.dataset.theme || null});
    if (document.readyState !== 'complete' && frames.length < 1000) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_first_visit_is_light_or_dark_from_the_first_paint(browser, book_url, scheme):
    """The theme's colours exist only for data-theme light or dark, and on a first visit (nothing
    stored) the theme chose one only at DOMContentLoaded: every frame before it painted the page
    without them. Now every frame with a body already has the system's choice
    (course_tools/book_theme.py, THEME_BEFORE_PAINT)."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.add_init_script(FRAMES_INIT)
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})  # a phone: more frames while the page loads
        page.goto(book_url + "chapters/07_xor.html", wait_until="load")
        frames = page.evaluate("window.__bookFrames")
    finally:
        context.close()
    painted = [frame["theme"] for frame in frames if frame["body"]]
    assert painted and set(painted) == {scheme}, f"themes of the frames with a body: {painted}"


NEXT_FRAME_JS = """id => document.querySelector(`#_anim_slider${id} ~ .anim-buttons button[title="Next frame"]`).click()"""


def test_animations_start_when_seen_and_play(browser, book_url, built_book):
    """Issue 26: an animation builds its frames only when it comes near the screen (it held the page's
    load event); until then its first frame is shown. Scrolled to, it starts and steps frame by frame."""
    pages = sorted(path.relative_to(built_book).as_posix() for path in built_book.glob("chapters/*.html")
                   if "_anim_img" in path.read_text(encoding="utf-8"))
    assert pages, "no page with an animation"
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    far_away, clicked_early, errors = 0, 0, []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        for name in pages:
            page.goto(book_url + name, wait_until="load")
            page.wait_for_timeout(300)
            animations = page.evaluate(ANIMATIONS_JS)
            assert all(a["src"].startswith("data:image/png") for a in animations), f"{name}: no first frame"
            far = [a for a in animations if a["below"] > 2 * 900]
            far_away += len(far)
            assert not [a for a in far if a["started"]], f"{name}: an animation far below the screen started"
            last = animations[-1]
            page.locator(f"#_anim_img{last['id']}").scroll_into_view_if_needed()
            page.wait_for_function(f"() => typeof window['anim{last['id']}'] !== 'undefined'", timeout=5_000)
            page.locator(f"#_anim_slider{last['id']} ~ .anim-buttons button[title='Next frame']").click()
            page.wait_for_function(f"src => document.getElementById('_anim_img{last['id']}').src !== src",
                                   arg=last["src"], timeout=5_000)
            assert page.locator(f"#_anim_slider{last['id']}").input_value() == "1", f"{name}: the slider did not follow"
            # A control used before the player started (by a script, or before the observer's
            # callback) starts it first: the click is not lost to "anim... is not defined".
            for waiting in [a for a in far if a["id"] != last["id"] and not a["started"]]:
                clicked_early += 1
                page.evaluate(NEXT_FRAME_JS, waiting["id"])
                assert page.locator(f"#_anim_slider{waiting['id']}").input_value() == "1", f"{name}: click lost"
        assert not errors, f"errors on the pages: {errors}"
    finally:
        context.close()
    assert far_away and clicked_early, "no animation far below the top of its page: the checks above checked nothing"


def test_no_launch_buttons_and_no_dead_widgets(visits):
    # A launch button would go online; a widget without a kernel is a control that does nothing
    # (issue 7: explorer widgets are tagged remove-output, an animation stands in for them).
    problems = _problems(
        visits,
        lambda v: [f"{v.seen['launchButtons']} launch buttons"] * bool(v.seen["launchButtons"])
        + [f"{v.seen['widgetViews']} widget outputs shown without a kernel"] * bool(v.seen["widgetViews"]),
    )
    assert not problems, problems


def test_each_chapter_offers_its_notebook_for_download(visits, book_url, built_book):
    chapters = [p for p in visits if _source_notebook(p)]
    if not chapters:
        pytest.skip("the book has no notebook chapter yet")
    for page in chapters:
        downloads = [_local_path(u, book_url) for u in visits[page].seen["downloads"]]
        notebooks = [rel for rel, _ in filter(None, downloads) if rel.endswith(".ipynb")]
        assert notebooks, f"{page}: no .ipynb in the download menu"
        for rel in notebooks:
            notebook = json.loads((built_book / rel).read_text(encoding="utf-8"))
            assert notebook.get("cells"), f"{page}: downloaded {rel} is not a notebook with cells"


def test_chapters_with_exercises_link_their_student_edition(visits, book_url, built_book):
    with_exercises = [
        p for p in visits if (nb := _source_notebook(p)) and SOLUTION_MARKER in nb.read_text(encoding="utf-8")
    ]
    if not with_exercises:
        pytest.skip(f"no chapter has exercises ({SOLUTION_MARKER!r}) yet")
    for page in with_exercises:
        offered = [local[0] for u in visits[page].seen["fileLinks"] if (local := _local_path(u, book_url))]
        student = []
        for rel in offered:
            if rel.endswith(".ipynb") and (built_book / rel).is_file():
                text = (built_book / rel).read_text(encoding="utf-8")
                if json.loads(text).get("cells") and SOLUTION_MARKER not in text:
                    student.append(rel)
        assert student, (
            f"{page} has exercises but offers no student-edition notebook (one without solutions) "
            f"to download; file links on the page: {offered}"
        )


def test_no_chapter_page_is_too_heavy(visits):
    heaviest = max(visits.values(), key=lambda v: v.bytes)
    own = {p: v.bytes - v.shared_bytes for p, v in visits.items()}
    heaviest_own = max(own, key=own.get)
    print(
        f"\nheaviest page: {heaviest.page}, {heaviest.bytes} bytes with everything it loads "
        f"({heaviest.shared_bytes} of them shared files under _static/); "
        f"heaviest own content: {heaviest_own}, {own[heaviest_own]} bytes"
    )
    heavy = {p: size for p, size in own.items() if p.startswith("chapters/") and size > MAX_CHAPTER_BYTES}
    assert not heavy, f"chapter pages whose HTML, images and animations exceed {MAX_CHAPTER_BYTES} bytes: {heavy}"
    assert all(size > 0 for size in own.values()), "a page loaded no bytes of its own"
    shared = {p: v.shared_bytes for p, v in visits.items() if v.shared_bytes > MAX_SHARED_BYTES}
    assert not shared, f"pages loading more than {MAX_SHARED_BYTES} bytes of shared _static/ files: {shared}"


def _search(browser, base: str, allowed_prefix: str) -> tuple[list[str], str, list[str]]:
    """Run Sphinx's search for SEARCH_TERM: (result links, result text, console errors)."""
    errors: list[str] = []
    context = browser.new_context()
    keep_inside(context, allowed_prefix, [])
    try:
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        page.goto(f"{base}search.html?q={SEARCH_TERM.replace(' ', '+')}")
        page.wait_for_function(
            "() => /found|not match/.test((document.querySelector('#search-results') || {}).innerText || '')",
            timeout=15000,
        )
        page.wait_for_load_state("networkidle")  # the result summaries are fetched after the list
        hits = page.eval_on_selector_all("#search-results ul.search li > a", "links => links.map(a => a.href)")
        text = page.inner_text("#search-results")
    finally:
        context.close()
    return hits, text, errors


def test_search_finds_a_known_term(browser, book_url, built_book):
    hits, text, errors = _search(browser, book_url, book_url)
    assert hits, f"search for {SEARCH_TERM!r} found nothing: {text[:300]}"
    assert not errors, errors
    pages = {local[0] for u in hits if (local := _local_path(u, book_url))}
    assert all((built_book / p).is_file() for p in pages), f"search results link missing pages: {pages}"
    assert any(SEARCH_TERM in (built_book / p).read_text(encoding="utf-8").lower() for p in pages)


def test_a_page_opened_from_a_search_result_marks_the_words(browser, book_url, visits):
    """sphinx_highlight.js is not on the pages (above) but loads when a result is opened."""
    page_name = next(p for p in visits if p.startswith("chapters/03"))
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{book_url}{page_name}?highlight=chain", wait_until="load")
        page.wait_for_selector("span.highlighted", timeout=10000)
        marked = page.eval_on_selector_all("span.highlighted", "spans => spans.map(s => s.textContent.toLowerCase())")
    finally:
        context.close()
    assert marked and all(word == "chain" for word in marked), marked[:5]


def test_search_works_from_the_file_system(browser, built_book):
    """From file:// the result list shows; only the summaries under it, fetched, are refused."""
    prefix = built_book.resolve().as_uri() + "/"
    hits, text, errors = _search(browser, prefix, "file://")
    assert hits, f"search for {SEARCH_TERM!r} from file:// found nothing: {text[:300]}"
    unexpected = [e for e in errors if not re.search(r"CORS|fetch|ERR_FAILED", e)]
    assert not unexpected, unexpected


def test_index_redirects_to_the_first_page(browser, book_url, built_book):
    if not (built_book / "index.html").is_file():
        pytest.skip("no index.html")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(book_url + "index.html")
        page.wait_for_url(re.compile(re.escape(book_url + _toc_pages()[0])), timeout=10000)
    finally:
        context.close()


def test_pages_render_from_the_file_system(browser, built_book, visits):
    """A copy of the book on a USB stick: pages load from file://, math and its fonts show, images show.

    What differs from HTTP is the same for every page (scripts, styles and fonts by relative
    paths; root-absolute URLs are caught on every page by the link test), so this opens the
    root page and the chapter with the most math, which together use every kind of asset.
    """
    prefix = built_book.resolve().as_uri() + "/"
    root = _toc_pages()[0]
    most_math = max(visits, key=lambda p: (visits[p].seen["mathNodes"], len(visits[p].seen["images"])))
    problems = {}
    for page in sorted({root, most_math}):
        loaded = visit(browser, prefix, page, built_book, settings=False)
        seen = loaded.seen
        found = loaded.console_errors + loaded.failed + [f"blocked {u}" for u in loaded.blocked]
        found += [f"math left as TeX: {t}" for t in seen.get("untypeset", [])[:3]]
        if seen.get("mathNodes") and not seen.get("mjxContainers"):
            found.append("math not typeset")
        found += [f"math font not loaded: {f}" for f, s in seen.get("mathFonts", {}).items() if s == "error"]
        found += [f"image not loaded: {i['src'][:80]}" for i in seen.get("images", []) if i["visible"] and not i["width"]]
        if found:
            problems[page] = found
    assert not problems, json.dumps(problems, indent=1)


def test_each_visit_records_the_files_it_depends_on(visits, built_book):
    """What tests/book_pages.py reuses a record by: the page and every file it loaded, as they are now."""
    for page, visit in visits.items():
        assert page in visit.inputs, f"{page}: its own file is not among its recorded inputs"
        assert any(rel.startswith("_static/") for rel in visit.inputs), f"{page}: no theme file recorded"
        stale = [rel for rel, digest in visit.inputs.items() if browser_records.digest(built_book / rel) != digest]
        assert not stale, f"{page}: recorded inputs that differ from the built book: {stale}"
