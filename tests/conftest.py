"""Shared fixtures: the book, built once per test session by the same pipeline as `make book`.

``built_book`` runs ``scripts/build_book.py``'s ``build()`` on this project: the output is
``_build/html``, the very folder `make book` writes, so tests after `make book` reuse its
work (an unchanged project is recognised in well under a second). Under pytest-xdist each
worker asks for the fixture; ``build()`` holds a file lock (``_build/.build.lock``), so one
worker builds while the others wait and then find the book up to date.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_build_book():
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "scripts" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_book"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build_book = _load_build_book()


def _problems(log: str, limit: int = 60) -> str:
    """The warning/error lines of a build log, without colour codes (or its tail if none)."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", log)
    lines = [line for line in plain.splitlines() if re.search(r"WARNING|ERROR|FAILED|failed|Error", line)]
    return "\n".join((lines or plain.splitlines())[-limit:])


@pytest.fixture(scope="session")
def build_book_module():
    """scripts/build_book.py as a module (it is a script, not part of an installed package)."""
    return build_book


@pytest.fixture(scope="session")
def executed_cache() -> Path:
    """Every notebook in the table of contents executed into _build/.jupyter_cache (fresh).

    The pre-execution step of the book build alone, without Sphinx: tests that need the
    executed notebooks (determinism) wait only for this, not for the whole build.
    """
    result = build_book.prepare(ROOT, capture=True)
    if not result.ok:
        pytest.fail("executing the notebooks for the book failed:\n" + _problems(result.log), pytrace=False)
    return ROOT / build_book.CACHE_DIR


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Path of the strictly built book (_build/html); fails if the strict build fails."""
    result = build_book.build(ROOT, capture=True)
    if not result.ok:
        pytest.fail(
            "the strict book build (jupyter-book build -W -n --keep-going) failed:\n" + _problems(result.log),
            pytrace=False,
        )
    return result.html


def pytest_sessionfinish(session, exitstatus):
    # A test command that ran nothing must not look like success (pytest's exit 5 is easy to miss).
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        terminal = session.config.pluginmanager.get_plugin("terminalreporter")
        if terminal is not None:
            terminal.write_line("ERROR: no tests ran; the test command treats that as a failure.", red=True)
