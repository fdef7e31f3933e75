"""Every page of the built book audited by axe-core in headless Chromium, at desktop and phone width.

axe-core (the engine behind most browser accessibility audits) comes from npm at the version in
package-lock.json (``node_modules/axe-core/axe.min.js``, installed by ``make`` with ``npm ci``)
and is injected into each page with Playwright's ``add_script_tag``: nothing is fetched. It runs
with its default rules (WCAG 2.0/2.1 A and AA, best practices) once MathJax has typeset the page,
in light mode at 1366 px and in dark mode at 390 px (a phone); each page is loaded once, then
switched to dark and resized. No serious or critical violation is allowed anywhere, the theme's
own markup included; the counts of every impact are printed.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_browser import book_url, browser, pages  # noqa: E402,F401 - fixtures, one browser per module

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# (name, viewport width, colour scheme)
SETTINGS = [("desktop-light", 1366, "light"), ("phone-dark", 390, "dark")]

_SETTLE_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await document.fonts.ready;
  await new Promise(done => setTimeout(done, 400));  // book_theme.js re-marks boxes after a resize
}"""
_AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))}));
}"""


def audit(page, settings=SETTINGS) -> dict[str, list[dict]]:
    """axe-core's violations on the loaded ``page`` in each setting (each: id, impact, help, nodes)."""
    page.add_script_tag(path=str(AXE))
    found = {}
    for name, width, scheme in settings:
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(_SETTLE_JS)
        theme = page.evaluate("document.documentElement.dataset.theme")
        assert theme == scheme, f"{page.url}: the theme shows {theme!r} when the system asks for {scheme!r}"
        found[name] = page.evaluate(_AXE_JS)
    return found


@pytest.fixture(scope="module")
def violations(browser, book_url, pages) -> dict[str, dict[str, list[dict]]]:
    """{setting: {page: violations}} for every page of the book in every setting, one load per page."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: run `npm ci` (make does)", pytrace=False)
    found = {name: {} for name, _, _ in SETTINGS}
    context = browser.new_context(viewport={"width": SETTINGS[0][1], "height": 900}, service_workers="block")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(book_url) else r.abort())
    try:
        page = context.new_page()
        for name in pages:
            page.emulate_media(color_scheme=SETTINGS[0][2])
            page.set_viewport_size({"width": SETTINGS[0][1], "height": 900})
            page.goto(book_url + name, wait_until="load")
            for setting, result in audit(page).items():
                found[setting][name] = result
    finally:
        context.close()
    return found


def _counts(found: dict[str, list[dict]]) -> Counter:
    return Counter(v["impact"] for page in found.values() for v in page)


@pytest.mark.parametrize("setting", [name for name, _, _ in SETTINGS])
def test_no_serious_or_critical_accessibility_violation(violations, setting):
    found = violations[setting]
    counts = _counts(found)
    print(f"\naxe-core, {setting}: {sum(counts.values())} violations {dict(counts)} on {len(found)} pages")
    blocking = {page: [f"{v['impact']} {v['id']}: {v['help']} -> {v['nodes'][:4]}" for v in page_found
                       if v["impact"] in BLOCKING]
                for page, page_found in found.items()}
    blocking = {page: problems for page, problems in blocking.items() if problems}
    assert not blocking, f"serious or critical axe-core violations ({setting}):\n" + json.dumps(blocking, indent=1)
