"""course_tools.grade on a whole class folder: the exact gradebook, feedback, resuming, refusals."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from course_tools import grade
import hostile_class  # tests/ is on sys.path (the root conftest.py)
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
    assert list(_rows(class_folder)[0]) == ["submission", "student", "chapter", "1.1", "1.2", "1.3",
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
    monkeypatch.setattr(grade, "grade_file", lambda path, *a, **kw: graded.append(path.name) or original(path, *a, **kw))
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


# --------------------------------------------------------------------------- a hostile class

def _tracked_files(checkout: Path) -> dict[str, str]:
    names = subprocess.run(["git", "ls-files", "-z"], cwd=checkout, capture_output=True, check=True,
                           text=True).stdout.split("\0")
    return {name: _sha(checkout / name) for name in names if name and (checkout / name).is_file()}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _left_behind() -> list[str]:
    """Processes an attack started, or a sandbox's worker, still alive."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if hostile_class.MARKER in command or "/sandbox/worker.py" in command:
            found.append(f"{entry.name}: {command[:120]}")
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    if not _sandbox_available():
        pytest.skip("no sandbox on this machine (bubblewrap)")
    folder = tmp_path_factory.mktemp("hostile")
    hostile_class.build(folder, ROOT)
    submitted = {p: _sha(p) for p in folder.rglob("*") if p.is_file()}
    checkout = _tracked_files(ROOT)
    settings = grade.Settings(notebook_timeout=60, call_timeout=0.5, step_timeout=3)
    grade.grade_folder(folder, jobs=2, settings=settings, progress=False)
    graded = {p: _sha(p) for p in (folder / "grades").rglob("*") if p.is_file()}
    return folder, submitted, checkout, graded


def _sandbox_available() -> bool:
    from course_tools import sandbox
    try:
        return sandbox.backend() == "bwrap"
    except sandbox.Unavailable:
        if os.environ.get("CI"):
            raise
        return False


def test_the_hostile_class_gets_exactly_its_gradebook(hostile):
    folder = hostile[0]
    lines = (folder / "grades" / "grades.csv").read_text(encoding="utf-8").splitlines()
    expected = ["submission,student,chapter,1.1,1.2,1.3,2.1,2.2,2.3,score,problem",
                "broken.ipynb,broken,,,,,,,,,invalid JSON: Expecting property name enclosed in double quotes: "
                "line 1 column 2 (char 1)"]
    for student, marks in sorted(hostile_class.EXPECTED.items()):
        if student == "frank":
            first, score = marks.rsplit(",", 1)
            expected.append(f"frank/ch02/01_functions.ipynb,frank,1,{first},,,,{score},")
        else:
            expected.append(f"{student}/ch02/{hostile_class.NOTEBOOK},{student},2,,,,{marks},")
    expected.append("notes.txt,notes,,,,,,,,,not a notebook (.ipynb)")
    assert sorted(lines[1:]) == sorted(expected[1:]) and lines[0] == expected[0], "\n".join(lines)


def test_nobody_else_is_touched_and_nothing_is_left_running(hostile):
    folder, submitted, checkout, graded = hostile
    time.sleep(0.5)  # a process that survived would now be at work
    assert _left_behind() == []
    assert {p: _sha(p) for p in folder.rglob("*") if p.is_file() and "grades" not in p.relative_to(folder).parts} \
        == submitted
    assert {p: _sha(p) for p in (folder / "grades").rglob("*") if p.is_file()} == graded
    assert _tracked_files(ROOT) == checkout
    assert not (ROOT / "planted.txt").exists() and not (folder / "planted.txt").exists()
    assert not (folder / "results.json").exists()


def _feedback(folder: Path, student: str) -> str:
    path = folder / "grades" / "feedback" / student / "ch02" / "02_derivatives.md"
    return " ".join(path.read_text(encoding="utf-8").split())


def test_each_attack_is_told_what_happened(hostile):
    folder = hostile[0]
    said = {
        "sys_exit": "SystemExit",
        "sys_exit_at_import": "`_ = sys.exit('bye')` (the cell defining `forward_diff`, line 2) called sys.exit('bye')",
        "os_exit": "the process exited with code 0 before the checks finished",
        "os_exit_at_import": "`EXIT = os._exit(1)` (the cell defining `forward_diff`, line 2) ended the grading process",
        "kills_itself": "SIGKILL",
        "memory_hog": "MemoryError",
        "endless_loop": "did not finish within 0.5 s",
        "endless_no_alarm": "a step ran longer than its time limit",
        "huge_output": "printed more than 2048 kB",
        "helpers": "- `print('my tests pass')` - `forward_diff(np.sin, 1.0)`",
    }
    for student, text in said.items():
        assert text in _feedback(folder, student), (student, _feedback(folder, student))
    assert "raised" not in _feedback(folder, "decorated") and "Not run" not in _feedback(folder, "decorated")


def test_nbgrader_files_are_not_submissions_and_a_single_student_folder_keeps_its_id(tmp_path):
    single = tmp_path / "submitted" / "carol"
    (single / "ch02").mkdir(parents=True)
    (single / "ch02" / "02_derivatives.ipynb").write_text(CHAPTER_2.read_text(encoding="utf-8"), encoding="utf-8")
    (single / "ch02" / "timestamp.txt").write_text("2026-12-08 01:00:00 UTC", encoding="utf-8")
    assert list(grade.submissions(single)) == ["carol/ch02/02_derivatives.ipynb"]
    assert list(grade.submissions(tmp_path / "submitted")) == ["carol/ch02/02_derivatives.ipynb"]
