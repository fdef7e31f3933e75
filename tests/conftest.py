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
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


from course_tools import browser as chromium_browser
from course_tools import build_book, compat, notebook_cache, project

import book_pages  # noqa: E402  (tests/ is on sys.path: the root conftest.py puts it there)
import notebook_runs  # noqa: E402
import scheduling  # noqa: E402


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
              for path in project.toc_notebooks(ROOT) if notebook_runs_plugin.execution(path) is None]
    if failed:
        pytest.fail("executing the notebooks for the book failed:\n" + "\n".join(failed), pytrace=False)
    return ROOT / notebook_cache.CACHE_DIR


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
# xdist scope (tests/scheduling.py): one browser, one server and one visit of each page (tests/book_pages.py);
# tests/test_slides.py uses the same browser.

@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright (skipped without it, except under CI=true)."""
    if not chromium_browser.CHROMIUM.is_file():
        message = f"{chromium_browser.CHROMIUM} not found: install Debian's Chromium with `apt-get install chromium`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: the browser tests must run)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = chromium_browser.open_browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def sandbox_available():
    """The grader's sandbox (course_tools.sandbox) works here (skipped without it, except under CI)."""
    from course_tools import sandbox

    try:
        sandbox.backend()
    except sandbox.Unavailable as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no sandbox: {exc}")


@pytest.fixture(scope="session")
def book_url(built_book):
    """The built book served on 127.0.0.1 at a free port for the session; the base URL."""
    server, url = chromium_browser.serve(built_book)
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
# Which tests share a worker, in which order, and what the last run took: tests/scheduling.py.


def pytest_configure(config):
    config.addinivalue_line("markers", f"{scheduling.BOOK_VISIT_MARKER}: the module checks the shared visit of "
                                       "every page in Chromium (tests/book_pages.py); mark the whole module "
                                       f"(pytestmark = pytest.mark.{scheduling.BOOK_VISIT_MARKER})")


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadscope":
        return None
    return compat.scope_scheduler(config, log, scheduling.scope)


def pytest_collection_modifyitems(session, config, items):
    scheduling.check_markers(items)
    items[:] = scheduling.ordered(items, book_ready=build_book.is_up_to_date(ROOT))


def pytest_runtest_logreport(report):
    scheduling.measured(report)


def pytest_sessionfinish(session, exitstatus):
    # A test command that ran nothing must not look like success (pytest's exit 5 is easy to miss).
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        terminal = session.config.pluginmanager.get_plugin("terminalreporter")
        if terminal is not None:
            terminal.write_line("ERROR: no tests ran; the test command treats that as a failure.", red=True)
    if not hasattr(session.config, "workerinput"):
        scheduling.save_durations()  # only the controller (or a run without xdist) records durations
