"""Executing a notebook twice gives the same outputs, in everything nbval compares.

Two executions are compared without paying for a third when they agree:

1. the outputs stored in ``chapters/*.ipynb`` (an execution by course_tools/execute_notebooks.py);
2. the run's shared execution (tests/notebook_runs.py: the book build's jupyter-cache entry,
   made fresh for the current code and lecture_lib, re-executed when either changed).

If they differ, a fresh execution decides: if it equals (2), the notebook is
deterministic and the stored outputs are merely out of date (nbval fails on that, with a
diff; regenerate them with course_tools/execute_notebooks.py), and this test passes with a
warning; if it differs from (2), the notebook is not reproducible and this test fails.

Compared like nbval compares (tests/notebook_runs.py: ``compared``): every output except
images, widget views, metadata and execution counts (so text/plain, text/html,
text/markdown, stdout, stderr and errors), streams merged by name, after the sanitizer
tests/nbval_sanitize.cfg, skipping cells marked NBVAL_IGNORE_OUTPUT / NBVAL_SKIP. A
difference means unseeded randomness, addresses, timings, unordered sets... and stored
outputs that cannot be a stable nbval reference.

One class per notebook, so pytest-xdist (--dist loadscope) spreads the notebooks over
the workers.
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

from notebook_runs import code_cells, compared, ignored, output_diff

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def differences(first, second) -> list[str]:
    cells_1, cells_2 = code_cells(first), code_cells(second)
    assert len(cells_1) == len(cells_2), "the two executions have different code cells"
    found = []
    for (index, one), (_, two) in zip(cells_1, cells_2):
        if ignored(one) or compared(one.get("outputs", [])) == compared(two.get("outputs", [])):
            continue
        first_line = one.source.splitlines()[0][:60] if one.source else ""
        found.append(f"cell {index} ({first_line!r}):\n{output_diff(one.get('outputs', []), two.get('outputs', []))}")
    return found


def _check(path: Path, runs, build_book_module):
    name = path.name
    stored = build_book_module.read_notebook(path)
    built = runs.execution(path)
    assert built is not None, f"{name} failed to execute: {runs.failure(path)}"
    if not differences(stored, built):
        return
    fresh = build_book_module.execute_notebook(path, ROOT)
    runs.record(path)
    assert fresh.error is None, f"{name} failed on its second execution: {fresh.error}"
    found = differences(built, fresh.notebook)
    assert not found, f"{name} gives different outputs on two executions:\n" + "\n".join(found)
    warnings.warn(f"{name}: deterministic, but its stored outputs are out of date "
                  f"(regenerate with course_tools/execute_notebooks.py {path.relative_to(ROOT)})")


def _make_class(path: Path):
    @pytest.mark.notebook_run("instructor")
    def test_two_executions_give_identical_outputs(self, notebook_runs_plugin, build_book_module):
        _check(path, notebook_runs_plugin, build_book_module)

    class_name = "TestDeterminism_" + path.stem
    return class_name, type(class_name, (), {"test_two_executions_give_identical_outputs":
                                             test_two_executions_give_identical_outputs})


for _path in CHAPTERS:
    _class_name, _class = _make_class(_path)
    setattr(sys.modules[__name__], _class_name, _class)


def test_there_are_notebooks_to_compare():
    assert CHAPTERS, "no chapters/*.ipynb found"


def test_the_comparison_notices_a_changed_output():
    """The comparison is not vacuous: it sees stdout, text/plain and stderr changes, not PNGs."""
    import nbformat

    def notebook(stdout, plain, stderr, png):
        cell = nbformat.v4.new_code_cell("x")
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text=stdout),
            nbformat.v4.new_output("stream", name="stderr", text=stderr),
            nbformat.v4.new_output("execute_result", data={"text/plain": plain, "image/png": png}, execution_count=1),
        ]
        return nbformat.v4.new_notebook(cells=[cell])

    base = notebook("1.0\n", "2", "", "AAAA")
    assert differences(base, notebook("1.0\n", "2", "", "BBBB")) == []          # PNG ignored, like nbval
    assert differences(base, notebook("1.1\n", "2", "", "AAAA"))
    assert differences(base, notebook("1.0\n", "3", "", "AAAA"))
    assert differences(base, notebook("1.0\n", "2", "warning\n", "AAAA"))
    at_1 = notebook("<Figure at 0x7f01>\n", "2", "", "AAAA")
    assert differences(at_1, notebook("<Figure at 0x7f99>\n", "2", "", "AAAA")) == []  # sanitized, like nbval
