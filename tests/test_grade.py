"""course_tools.grade on a whole class folder: the exact gradebook, feedback, resuming, refusals."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from course_tools import grade
from course_tools.student_edition import student_notebook

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_2 = ROOT / "chapters" / "02_derivatives.ipynb"
CHAPTER_1 = ROOT / "chapters" / "01_functions.ipynb"


def _with_cell(notebook: dict, function: str, source: str) -> dict:
    """A copy of ``notebook`` whose cell defining ``function`` holds ``source`` instead."""
    notebook = json.loads(json.dumps(notebook))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and f"def {function}(" in "".join(cell["source"]):
            cell["source"] = source
    return notebook


def _tampered(notebook: dict) -> dict:
    """Every check cell printing "Correct", a fake checker in the exercise cell, wrong answers."""
    notebook = json.loads(json.dumps(notebook))
    for cell in notebook["cells"]:
        if "check(" in "".join(cell["source"]) and cell["cell_type"] == "code" and "def " not in "".join(cell["source"]):
            cell["source"] = 'print("Correct: `forward_diff` gives the expected result")'
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "Correct: all inputs\n"}]
    return _with_cell(notebook, "forward_diff",
                      "def check(*args):\n    return 'Correct'\n\n"
                      "def forward_diff(func, x, delta=0.001):\n    return 0.0\n\n"
                      "import lecture_lib.exercises\nlecture_lib.exercises.check = check\n")


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    solution = json.loads(CHAPTER_2.read_text(encoding="utf-8"))
    blank = student_notebook(solution)
    write = lambda name, nb: (folder / name).write_text(json.dumps(nb), encoding="utf-8")  # noqa: E731
    write("alice.ipynb", solution)
    write("bob.ipynb", blank)
    write("carol.ipynb", _with_cell(solution, "forward_diff",
                                    "def forward_diff(func, x, delta=0.001):\n    return (func(x) - func(x + delta)) / delta\n"))
    write("dave.ipynb", _tampered(blank))
    write("eve.ipynb", _with_cell(solution, "tangent_line", "def tangent_line(func, a, x):\n    while True:\n        pass\n"))
    write("frank.ipynb", json.loads(CHAPTER_1.read_text(encoding="utf-8")))
    (folder / "grace.ipynb").write_text("{not json", encoding="utf-8")
    (folder / "notes.txt").write_text("my answers are in the notebook", encoding="utf-8")
    write("henry.ipynb", {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    # A generous limit per notebook: a loaded machine must not turn a slow start into a failure
    # (the limit itself is tested below).
    grade.grade_folder(folder, jobs=2, notebook_timeout=120, call_timeout=0.5, progress=False)
    return folder


def test_a_notebook_that_never_finishes_is_stopped_and_reported(tmp_path):
    solution = json.loads(CHAPTER_2.read_text(encoding="utf-8"))
    fay = _with_cell(solution, "central_diff",  # the default value never finishes being computed
                     "def central_diff(func, x, delta=[n for n in iter(int, 1)]):\n    return 0\n")
    (tmp_path / "fay.ipynb").write_text(json.dumps(fay), encoding="utf-8")
    grade.grade_folder(tmp_path, jobs=1, notebook_timeout=3, call_timeout=0.5, progress=False)
    (row,) = _rows(tmp_path)
    assert row["problem"].startswith("timed out"), row
    assert row["score"] == "0", row  # nothing could be checked: no marks


def _rows(folder: Path) -> list[dict]:
    with (folder / "grades" / "grades.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_gradebook_is_exactly_what_the_class_earned(class_folder):
    rows = {row["submission"]: row for row in _rows(class_folder)}
    assert list(_rows(class_folder)[0]) == ["submission", "chapter", "1.1", "1.2", "1.3",
                                            "2.1", "2.2", "2.3", "score", "problem"]
    def marks(name):
        row = rows[name]
        return [row[k] for k in ("chapter", "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "score")]
    assert marks("alice.ipynb") == ["2", "", "", "", "1", "1", "1", "3"]
    assert marks("bob.ipynb") == ["2", "", "", "", "0", "0", "0", "0"]
    assert marks("carol.ipynb") == ["2", "", "", "", "0", "1", "1", "2"]
    assert marks("dave.ipynb") == ["2", "", "", "", "0", "0", "0", "0"]
    assert marks("eve.ipynb") == ["2", "", "", "", "1", "1", "0", "2"]
    assert marks("frank.ipynb") == ["1", "1", "1", "1", "", "", "", "3"]
    assert rows["grace.ipynb"]["problem"].startswith("invalid JSON")
    assert rows["notes.txt"]["problem"] == "not a notebook (.ipynb)"
    assert rows["henry.ipynb"]["problem"].startswith("not a chapter of this course")
    for name in ("alice.ipynb", "bob.ipynb", "carol.ipynb", "dave.ipynb", "eve.ipynb", "frank.ipynb"):
        assert rows[name]["problem"] == "", name


def test_feedback_says_what_the_student_would_see(class_folder):
    carol = (class_folder / "grades" / "feedback" / "carol.md").read_text(encoding="utf-8")
    assert "## Exercise 2.1 (`forward_diff`): wrong" in carol
    assert "The subtraction is the wrong way round" in " ".join(carol.split())
    eve = (class_folder / "grades" / "feedback" / "eve.md").read_text(encoding="utf-8")
    assert "did not finish within 0.5 s" in eve
    dave = (class_folder / "grades" / "feedback" / "dave.md").read_text(encoding="utf-8")
    assert "Not run by the grader" in dave and "def check(*args):" in dave
    summary = (class_folder / "grades" / "summary.md").read_text(encoding="utf-8")
    assert "| 2.1 | 2 | 5 |" in summary  # alice and eve, of the five chapter 2 notebooks


def test_a_second_run_regrades_only_changed_files(class_folder, monkeypatch):
    before = (class_folder / "grades" / "grades.csv").read_text(encoding="utf-8")
    graded = []
    original = grade.grade_file
    monkeypatch.setattr(grade, "grade_file", lambda path, **kw: graded.append(path.name) or original(path, **kw))
    (class_folder / "notes.txt").write_text("changed", encoding="utf-8")
    grade.grade_folder(class_folder, jobs=2, notebook_timeout=120, call_timeout=0.5, progress=False)
    assert graded == ["notes.txt"]
    assert (class_folder / "grades" / "grades.csv").read_text(encoding="utf-8") == before


def test_clear_errors_for_a_missing_or_empty_folder(tmp_path):
    with pytest.raises(SystemExit, match="no such folder"):
        grade.grade_folder(tmp_path / "nowhere")
    (tmp_path / "readme.txt").write_text("x")
    with pytest.raises(SystemExit, match="holds no notebook"):
        grade.grade_folder(tmp_path)
