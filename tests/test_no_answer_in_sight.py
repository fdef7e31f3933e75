"""The student edition shows no answer: no solution line, no reference, no catalogue of mistakes.

A check cell is only ``check("N.k")`` (the first one also imports ``check``): the references,
inputs and known mistakes live in lecture_lib/exercises/chapter_NN.py, which the notebook
does not show. And every notebook opens in JupyterLab unmodified.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course_tools.student_edition import BEGIN, END, find_exercises, student_notebook
from lecture_lib.exercises import exercises

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
CHECK_CELL = re.compile(r'^(from lecture_lib\.exercises import check\n\n)?check\("(\d+\.\d+)"\)[^\n]*\n?$')


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _solution_lines(notebook: dict) -> set[str]:
    """The meaningful lines of every solution region (not comments, not bare `return x`-style lines)."""
    lines = set()
    for cell in notebook["cells"]:
        inside = False
        for line in _source(cell).split("\n"):
            if line.strip() == BEGIN:
                inside = True
            elif line.strip() == END:
                inside = False
            elif inside and line.strip() and not line.strip().startswith("#"):
                lines.add(line.strip())
    return lines


def _code_outside_solutions(notebook: dict) -> set[str]:
    lines = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        inside = False
        for line in _source(cell).split("\n"):
            if line.strip() in (BEGIN, END):
                inside = line.strip() == BEGIN
            elif not inside:
                lines.add(line.strip())
    return lines


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_the_student_edition_shows_no_answer(path):
    instructor = json.loads(path.read_text(encoding="utf-8"))
    student = student_notebook(instructor)
    found = find_exercises(instructor)
    chapter = int(path.stem[:2])
    registered = exercises(chapter)
    assert [e.name for e in found] == [e.function for e in registered.values()], (
        f"{path.name}: the exercise cells and lecture_lib/exercises/chapter_{chapter:02d}.py disagree")
    for exercise, number in zip(found, registered):
        check = _source(student["cells"][exercise.check_cell])
        match = CHECK_CELL.match(check)
        assert match and match.group(2) == number, (
            f"{path.name}: the check cell of exercise {number} must be only `check(\"{number}\")`, got:\n{check}")
    # Lines that are already public elsewhere in the chapter (a plot's own code) give nothing away.
    secret = _solution_lines(instructor) - _code_outside_solutions(instructor)
    text = "\n".join(_source(c) for c in student["cells"])
    leaked = sorted(line for line in secret if len(line) > 12 and line in text)
    assert not leaked, f"{path.name}: solution lines visible in the student edition: {leaked}"
    assert "lambda" not in "\n".join(_source(student["cells"][e.check_cell]) for e in found)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_notebooks_open_in_jupyterlab_unmodified(path):
    """JupyterLab rewrites a kernelspec that differs from its own: the notebook would open as modified."""
    kernelspec = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("kernelspec")
    assert kernelspec == {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
