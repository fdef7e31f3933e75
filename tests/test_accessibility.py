"""Every page of the built book audited by axe-core in headless Chromium, at desktop and phone width.

axe-core (the engine behind most browser accessibility audits) comes from npm at the version in
package-lock.json (``node_modules/axe-core/axe.min.js``, installed by ``make`` with ``npm ci``)
and is injected into each page with Playwright's ``add_script_tag``: nothing is fetched. It runs
with its default rules (WCAG 2.0/2.1 A and AA, best practices) on the page as served (its math
typeset when the book was built, each formula's MathML beside its drawing),
in light mode at 1366 px and in dark mode at 390 px (a phone), during the run's one visit of each
page (tests/book_pages.py: loaded once, then switched to dark and resized). No serious or critical
violation is allowed anywhere, the theme's own markup included; the counts of every impact are
printed.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest

from book_pages import SETTINGS

pytestmark = pytest.mark.book_visit  # one xdist scope with the other checks of the shared page visits

BLOCKING = ("serious", "critical")


def _counts(found: dict[str, list[dict]]) -> Counter:
    return Counter(v["impact"] for page in found.values() for v in page)


@pytest.mark.parametrize("setting, scheme", [(name, scheme) for name, _, scheme in SETTINGS])
def test_no_serious_or_critical_accessibility_violation(visits, setting, scheme):
    themes = {page: visit.themes[setting] for page, visit in visits.items() if visit.themes[setting] != scheme}
    assert not themes, f"pages whose theme does not follow the system's {scheme!r} ({setting}): {themes}"
    found = {page: visit.axe[setting] for page, visit in visits.items()}
    counts = _counts(found)
    print(f"\naxe-core, {setting}: {sum(counts.values())} violations {dict(counts)} on {len(found)} pages")
    blocking = {page: [f"{v['impact']} {v['id']}: {v['help']} -> {v['nodes'][:4]}" for v in page_found
                       if v["impact"] in BLOCKING]
                for page, page_found in found.items()}
    blocking = {page: problems for page, problems in blocking.items() if problems}
    assert not blocking, f"serious or critical axe-core violations ({setting}):\n" + json.dumps(blocking, indent=1)
