"""The chapters in a real nbgrader course: release, autograde, export (no server; SQLite gradebook).

nbgrader 0.9.6 runs as the instructor's JupyterHub would: ``generate_assignment`` releases
a chapter with no solution in it; ``autograde`` gives full points to the solutions and none
to a blank student edition, a known wrong answer, or wrong answers whose cell unsets
``NBGRADER_EXECUTION`` first; ``export`` holds those scores. Then ``make grade`` takes the
collected ``submitted/`` folder as it is.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_tools import build_book, nbgrader_cells

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
NOTEBOOK = "06_matrix_graph.ipynb"  # two exercises, and one of the quickest chapters to run
ASSIGNMENT = "ch06"
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapters_carry_up_to_date_nbgrader_metadata(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert not nbgrader_cells.apply(notebook), (
        f"{path.name}: nbgrader cell metadata is out of date; run `python -m course_tools.nbgrader_cells`")


def test_solution_and_check_cells_are_marked_for_grading():
    notebook = json.loads((ROOT / "chapters" / NOTEBOOK).read_text(encoding="utf-8"))
    metas = [cell["metadata"]["nbgrader"] for cell in notebook["cells"]]
    solutions = [m["grade_id"] for m in metas if m["solution"]]
    checks = [(m["grade_id"], m["points"], m["locked"]) for m in metas if m["grade"]]
    assert solutions == ["exercise-6-1", "exercise-6-2"]
    assert checks == [("check-6-1", 1, True), ("check-6-2", 1, True)]
    assert all(m["locked"] for m in metas if not m["solution"])


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("NBGRADER_EXECUTION", None)
    # `nbgrader ARGS`, started without the 3 s import that nothing here uses (build_book's note).
    command = build_book.without_slow_imports("nbgrader.apps.nbgraderapp") + list(args)
    result = subprocess.run(command, cwd=course, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _replace_function(notebook: dict, function: str, source: str) -> dict:
    notebook = json.loads(json.dumps(notebook))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and f"def {function}(" in "".join(cell["source"]):
            cell["source"] = source
    return notebook


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("nbgrader_course")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.course_id = 'nn-lecture-1'\n"
        "c.ExecutePreprocessor.timeout = 300\n")
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    shutil.copy(ROOT / "chapters" / NOTEBOOK, source / NOTEBOOK)
    _nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    released = json.loads((course / "release" / ASSIGNMENT / NOTEBOOK).read_text(encoding="utf-8"))
    solutions = json.loads((source / NOTEBOOK).read_text(encoding="utf-8"))
    students = {
        "alice": solutions,
        "bob": released,
        "carol": _replace_function(solutions, "squared_sum_grad_X",  # right except 6.2: dL/dS without its 2
                                   "def squared_sum_grad_X(X, W):\n"
                                   "    N = X @ W\n"
                                   "    return (sigmoid(N) * sigmoid_deriv(N)) @ W.T\n"),
        # Two wrong answers, and the variable that makes a check raise under nbgrader unset first.
        "mallory": _replace_function(_replace_function(
            released, "sum_sigmoid_grad_W",
            "import os\nos.environ.pop('NBGRADER_EXECUTION', None)\n\n"
            "def sum_sigmoid_grad_W(X, W):\n    return np.zeros(W.shape)\n"),
            "squared_sum_grad_X", "def squared_sum_grad_X(X, W):\n    return np.zeros(X.shape)\n"),
    }
    for student, notebook in students.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(json.dumps(notebook), encoding="utf-8")
        (folder / "timestamp.txt").write_text("2026-12-08 01:00:00.000000 UTC", encoding="utf-8")  # as collect does
    _nbgrader(course, "autograde", ASSIGNMENT, "--force", "--create")
    _nbgrader(course, "export", "--to", "grades.csv")
    return course


def test_the_released_notebook_holds_no_solution(course):
    text = (course / "release" / ASSIGNMENT / NOTEBOOK).read_text(encoding="utf-8")
    assert "### BEGIN SOLUTION" not in text
    assert "2 * S * sigmoid_deriv(N)" not in text  # chapter 6.2's solution line
    assert text.count("raise NotImplementedError") == 2


def test_autograde_and_export_hold_the_scores(course):
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    assert scores == {"alice": 2.0, "bob": 0.0, "carol": 1.0, "mallory": 0.0}


def test_make_grade_takes_the_collected_folder_as_it_is(course, sandbox_available):
    from course_tools import grade
    csv_path = grade.grade_folder(course / "submitted", progress=False)
    with csv_path.open(encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert {student: (row["submission"], row["score"], row["problem"]) for student, row in rows.items()} == {
        student: (f"{student}/{ASSIGNMENT}/{NOTEBOOK}", score, "")
        for student, score in {"alice": "2", "bob": "0", "carol": "1", "mallory": "0"}.items()}
