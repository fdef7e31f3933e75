"""pytest hooks for the whole project, chapters/ included (fixtures: tests/conftest.py).

- Registers tests/notebook_runs.py, which gives every test (nbval's cells among them) the
  run's one shared execution of each chapter, so `pytest chapters/02_derivatives.ipynb`
  also compares with it and reports a changed output as the notebook cell and a diff.
- ``--chapter 02`` (``make test CHAPTER=02``): only the tests whose id names that chapter's
  notebook (``02_derivatives``), ``chapter_02``, or one of its exercises as the first test
  parameter (``[2.1-...]``): nbval, both editions, determinism, its figures, its exercises
  and their answers; not the whole-book tests (build, browser).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
# pytest caches each test module as rewritten for its assertions (in __pycache__/, ignored by
# git) unless bytecode writing is off, as PYTHONDONTWRITEBYTECODE turns it off on some machines:
# then every pytest process rewrites some 40 modules again, about 3 s before the first test.
# Only this process and its workers are affected, not the kernels or builds they start.
sys.dont_write_bytecode = False
sys.path.insert(0, str(ROOT / "tests"))
import notebook_runs  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--chapter", metavar="NN", default=None,
                     help="run only one chapter's tests (e.g. 02): its notebook under nbval, both editions, "
                          "determinism, its figures and exercises")


def pytest_configure(config):
    config.addinivalue_line("markers", "notebook_run(*editions): the test reads its chapter's shared execution "
                                       "('instructor', 'student'); see tests/notebook_runs.py")
    config.pluginmanager.register(notebook_runs.NotebookRuns(config, ROOT), "notebook_runs")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """--chapter NN: keep the tests whose id names that chapter (see the module docstring)."""
    number = config.getoption("chapter")
    if not number:
        return
    if not number.isdigit():
        raise pytest.UsageError(f"--chapter takes a chapter number such as 02, not {number!r}")
    stems = [p.stem for p in sorted((ROOT / "chapters").glob(f"{int(number):02d}_*.ipynb"))]
    if not stems:
        raise pytest.UsageError(f"--chapter {number}: there is no chapters/{int(number):02d}_*.ipynb")
    names = stems + [f"chapter_{int(number):02d}", f"chapter{int(number):02d}"]
    exercise = re.compile(rf"\[{int(number)}\.\d+[-\]]")
    keep = [item for item in items if any(name in item.nodeid for name in names) or exercise.search(item.nodeid)]
    kept = set(map(id, keep))
    config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
    items[:] = keep
