"""Which tests share a pytest-xdist worker, in which order they run, and what the last run took
(the hooks that use it are in tests/conftest.py).

pytest-xdist (--dist loadscope, --no-loadscope-reorder) hands out scopes (a module, a class, a
notebook) in collection order, each to one worker, except that the modules that check the
book's shared visit of every page in Chromium (tests/book_pages.py) are made one scope, so that
one worker makes the visits once. A module joins them by a marker::

    pytestmark = pytest.mark.book_visit

read from its source (the scheduler runs in xdist's controller, which sees test ids only, not
the tests). The order decides how well the two workers are kept busy: longest first. If the
book must be built first, of the scopes that need it only one starts early (it builds the book
while the other worker runs notebooks); the rest run at the end, when the book is ready, instead
of waiting on the build lock; after `make book` nothing waits and every scope is simply ranked.
Durations of the previous run (_build/.test_durations.json) rank the scopes; without them,
notebooks rank by file size.
"""
from __future__ import annotations

import ast
import functools
import re

import pytest

from course_tools import project

ROOT = project.ROOT
DURATIONS = ROOT / project.BUILD_DIR / ".test_durations.json"
BOOK_VISIT_MARKER = "book_visit"
BROWSER_SCOPE = "tests/book_pages.py"  # the scope that stands for the modules sharing the visits
_BOOK_FIXTURES = {"built_book"}


@functools.lru_cache(maxsize=None)
def joins_book_visit(module: str) -> bool:
    """True if the test module (a path relative to the root) is marked ``pytestmark = pytest.mark.book_visit``
    (alone or in a list)."""
    if not module.endswith(".py"):
        return False
    try:
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return False
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets):
            return any(isinstance(n, ast.Attribute) and n.attr == BOOK_VISIT_MARKER for n in ast.walk(node.value))
    return False


def scope(nodeid: str) -> str:
    """A test's scope: xdist's loadscope grouping, the modules sharing the book's visits merged."""
    name = nodeid.rsplit("::", 1)[0]
    return BROWSER_SCOPE if joins_book_visit(name.split("::")[0]) else name


def check_markers(items) -> None:
    """A test marked ``book_visit`` in a module that is not marked as a whole would be scheduled
    apart from the visits (and make its own): refused, with what to write."""
    for item in items:
        module = item.nodeid.split("::")[0]
        if item.get_closest_marker(BOOK_VISIT_MARKER) is not None and not joins_book_visit(module):
            raise pytest.UsageError(f"{item.nodeid}: mark the whole module, `pytestmark = pytest.mark."
                                    f"{BOOK_VISIT_MARKER}`, to join the book's shared page visits")


def _guess_seconds(name: str, count: int) -> float:
    stem = re.search(r"(\d\d_\w+?)(?:\.ipynb)?$", name)
    notebook = ROOT / project.CHAPTERS_DIR / f"{stem.group(1)}.ipynb" if stem else None
    if notebook is not None and notebook.is_file():
        return 2.0 + notebook.stat().st_size / 50_000  # roughly: big outputs, long execution
    return 0.1 * count


def ordered(items, book_ready: bool) -> list:
    """The items, scope by scope, in the order described in the module docstring."""
    history = project.load_state(DURATIONS)
    scopes: dict[str, list] = {}
    for item in items:
        scopes.setdefault(scope(item.nodeid), []).append(item)

    def cost(name):
        return history.get(name, _guess_seconds(name, len(scopes[name])))

    if book_ready:
        return [item for name in sorted(scopes, key=cost, reverse=True) for item in scopes[name]]
    needs_book = [s for s in scopes if any(_BOOK_FIXTURES & set(getattr(i, "fixturenames", ())) for i in scopes[s])]
    first = max(needs_book, key=lambda s: (len(scopes[s]), cost(s)), default=None)
    middle = sorted((s for s in scopes if s not in needs_book), key=cost, reverse=True)
    last = sorted((s for s in needs_book if s != first), key=cost, reverse=True)
    order = ([first] if first else []) + middle + last
    return [item for name in order for item in scopes[name]]


_measured: dict[str, float] = {}


def measured(report) -> None:
    """Add a test's duration to its scope's."""
    _measured[scope(report.nodeid)] = _measured.get(scope(report.nodeid), 0.0) + report.duration


def save_durations() -> None:
    """Keep this run's durations (by scope) for the next run's order."""
    if not _measured:
        return
    history = project.load_state(DURATIONS)
    history.update({name: round(seconds, 2) for name, seconds in _measured.items()})
    project.save_state(DURATIONS, history)
