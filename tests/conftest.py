"""Shared fixtures: the book, built once per test session by the same pipeline as `make book`.

``built_book`` runs ``course_tools/build_book.py``'s ``build()`` on this project: the output is
``_build/html``, the very folder `make book` writes, so tests after `make book` reuse its
work (an unchanged project is recognised in well under a second). Under pytest-xdist each
worker asks for the fixture; ``build()`` holds a file lock (``_build/.build.lock``), so one
worker builds while the others wait and then find the book up to date.

Notebook executions are shared by the whole run (tests/notebook_runs.py, registered as a
plugin by the project's root conftest.py, which also adds ``--chapter``): each chapter is
executed at most once per edition, in one batch, or reused from the build's cache when
fresh; nbval compares with that execution (fixture ``notebook_runs_plugin``).
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


from course_tools import build_book, compat, project, slides

import book_pages  # noqa: E402  (tests/ is on sys.path: the root conftest.py puts it there)
import notebook_runs  # noqa: E402


@pytest.fixture(scope="session")
def notebook_runs_plugin(request) -> notebook_runs.NotebookRuns:
    """The run's shared notebook executions: ``.execution(chapter_path, "instructor" | "student")``."""
    return request.config.pluginmanager.get_plugin("notebook_runs")


def _problems(log: str, limit: int = 60) -> str:
    """The warning/error lines of a build log, without colour codes (or its tail if none)."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", log)
    lines = [line for line in plain.splitlines() if re.search(r"WARNING|ERROR|FAILED|failed|Error", line)]
    return "\n".join((lines or plain.splitlines())[-limit:])


@pytest.fixture(scope="session")
def build_book_module():
    """course_tools.build_book, the module behind `make book`."""
    return build_book


@pytest.fixture(scope="session")
def executed_cache(notebook_runs_plugin) -> Path:
    """Every notebook in the table of contents executed into _build/.jupyter_cache (fresh).

    The pre-execution step of the book build alone, without Sphinx, through the run's shared
    executions (nothing fresh is executed twice).
    """
    failed = [f"{notebook_runs.relative(path)}: {notebook_runs_plugin.failure(path)}"
              for path in build_book.toc_notebooks(ROOT) if notebook_runs_plugin.execution(path) is None]
    if failed:
        pytest.fail("executing the notebooks for the book failed:\n" + "\n".join(failed), pytrace=False)
    return ROOT / build_book.CACHE_DIR


@pytest.fixture(scope="session")
def built_book(notebook_runs_plugin) -> Path:
    """Path of the strictly built book (_build/html); fails if the strict build fails."""
    result = build_book.build(ROOT, capture=True)
    notebook_runs_plugin.record(*result.executed)  # counted with the run's other executions
    if not result.ok:
        pytest.fail(
            "the strict book build (jupyter-book build -W -n --keep-going) failed:\n" + _problems(result.log),
            pytrace=False,
        )
    return result.html


# --------------------------------------------------------------------------- the book in Chromium
# Shared by tests/test_browser.py, test_devices.py and test_accessibility.py, which form one
# xdist scope (below): one browser, one server and one visit of each page (tests/book_pages.py);
# tests/test_slides.py uses the same browser.

@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright (skipped without it, except under CI=true)."""
    if not slides.CHROMIUM.is_file():
        message = f"{slides.CHROMIUM} not found: install Debian's Chromium with `apt-get install chromium`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: the browser tests must run)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = slides.open_browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def book_url(built_book):
    """The built book served on 127.0.0.1 at a free port for the session; the base URL."""
    server, url = slides.serve(built_book)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def pages(built_book) -> list[str]:
    """The reader's pages in reading order: the table of contents', then Sphinx's own (index, search)."""
    found = book_pages.book_pages(ROOT, built_book)
    assert found, f"no HTML pages under {built_book}"
    return found


@pytest.fixture(scope="session")
def visits(browser, book_url, pages, built_book) -> dict[str, book_pages.Visit]:
    """Every page of the book visited once, in every setting (tests/book_pages.py)."""
    if not book_pages.AXE.is_file():
        pytest.fail(f"{book_pages.AXE} missing: run `npm ci` (make does)", pytrace=False)
    found, visited = book_pages.visit_all(browser, book_url, pages, built_book)
    print(f"\nbook pages in Chromium: {visited} visited, {len(found) - visited} reused unchanged")
    return found


# --------------------------------------------------------------------------- scheduling
#
# pytest-xdist (--dist loadscope, --no-loadscope-reorder) hands out scopes (a module, a
# class, a notebook) in collection order, each to one worker, except that the three modules
# that share the book's visits in Chromium (BROWSER_MODULES) are made one scope by the
# scheduler below, so that one worker makes the visits once. The order decides how well the
# two workers are kept busy: longest first. If the book must be built first, of the scopes
# that need it only one starts early (it builds the book while the other worker runs
# notebooks); the rest run at the end, when the book is ready, instead of waiting on the build
# lock; after `make book` nothing waits and every scope is simply ranked. Durations of the
# previous run (_build/.test_durations.json) rank the scopes; without them, notebooks rank by
# file size.

DURATIONS = ROOT / build_book.BUILD_DIR / ".test_durations.json"
_BOOK_FIXTURES = {"built_book"}
BROWSER_MODULES = {"tests/test_browser.py", "tests/test_devices.py", "tests/test_accessibility.py"}
BROWSER_SCOPE = "tests/book_pages.py"  # the scope that stands for the three


def _scope(nodeid: str) -> str:
    """A test's scope as the scheduler below makes it: xdist's loadscope grouping, browser modules merged."""
    scope = nodeid.rsplit("::", 1)[0]
    return BROWSER_SCOPE if scope.split("::")[0] in BROWSER_MODULES else scope


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadscope":
        return None
    return compat.scope_scheduler(config, log, _scope)


def _guess_seconds(scope: str, count: int) -> float:
    stem = re.search(r"(\d\d_\w+?)(?:\.ipynb)?$", scope)
    notebook = ROOT / "chapters" / f"{stem.group(1)}.ipynb" if stem else None
    if notebook is not None and notebook.is_file():
        return 2.0 + notebook.stat().st_size / 50_000  # roughly: big outputs, long execution
    return 0.1 * count


def pytest_collection_modifyitems(session, config, items):
    history = project.load_state(DURATIONS)
    scopes: dict[str, list] = {}
    for item in items:
        scopes.setdefault(_scope(item.nodeid), []).append(item)

    def cost(scope):
        return history.get(scope, _guess_seconds(scope, len(scopes[scope])))

    if build_book.is_up_to_date(ROOT):
        items[:] = [item for scope in sorted(scopes, key=cost, reverse=True) for item in scopes[scope]]
        return
    needs_book = [s for s in scopes if any(_BOOK_FIXTURES & set(getattr(i, "fixturenames", ())) for i in scopes[s])]
    first = max(needs_book, key=lambda s: (len(scopes[s]), cost(s)), default=None)
    middle = sorted((s for s in scopes if s not in needs_book), key=cost, reverse=True)
    last = sorted((s for s in needs_book if s != first), key=cost, reverse=True)
    order = ([first] if first else []) + middle + last
    items[:] = [item for scope in order for item in scopes[scope]]


_measured: dict[str, float] = {}


def pytest_runtest_logreport(report):
    _measured[_scope(report.nodeid)] = _measured.get(_scope(report.nodeid), 0.0) + report.duration


def pytest_sessionfinish(session, exitstatus):
    # A test command that ran nothing must not look like success (pytest's exit 5 is easy to miss).
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        terminal = session.config.pluginmanager.get_plugin("terminalreporter")
        if terminal is not None:
            terminal.write_line("ERROR: no tests ran; the test command treats that as a failure.", red=True)
    if hasattr(session.config, "workerinput") or not _measured:
        return  # only the controller (or a run without xdist) records durations
    history = project.load_state(DURATIONS)
    history.update({scope: round(seconds, 2) for scope, seconds in _measured.items()})
    project.save_state(DURATIONS, history)
