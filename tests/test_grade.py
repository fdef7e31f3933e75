"""course_tools.grade on a whole class, honest and hostile: the exact gradebook, nobody else touched,
nothing left running, feedback that says what happened, resuming, nbgrader's folders, refusals.

The class is graded once (``hostile``, tests/hostile_class.py); the tests read what it left.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

import hostile_class  # tests/ is on sys.path (the root conftest.py)
from course_tools import grade, sandbox

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_2 = ROOT / "chapters" / "02_derivatives.ipynb"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tracked_files(checkout: Path) -> dict[str, str]:
    names = subprocess.run(["git", "ls-files", "-z"], cwd=checkout, capture_output=True, check=True,
                           text=True).stdout.split("\0")
    return {name: _sha(checkout / name) for name in names if name and (checkout / name).is_file()}


def _files(folder: Path) -> dict[Path, str]:
    return {p: _sha(p) for p in folder.rglob("*") if p.is_file()}


# Set while this module grades: bubblewrap's processes inherit the grader's environment, so a
# sandbox of this module is told from one that another test (another xdist worker) runs now.
_RUN_TOKEN = f"HOSTILE_CLASS_RUN={os.getpid()}"


def _left_behind() -> list[str]:
    """Processes this module's grading started (a sandbox, its worker, an attack's) still alive."""
    users = range(sandbox.sandbox_uid(0), sandbox.sandbox_uid(0) + 16) if os.geteuid() == 0 else range(0)
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environment = (entry / "environ").read_bytes().split(b"\0")
            uid = entry.stat().st_uid
        except OSError:
            continue
        if (hostile_class.MARKER in command or uid in users
                or (sandbox.WORKER_PATH in command and _RUN_TOKEN.encode() in environment)):
            found.append(f"{entry.name} (uid {uid}): {command[:120]}")
    return found


def _sandbox_available() -> bool:
    try:
        return sandbox.backend() == "bwrap"
    except sandbox.Unavailable:
        if os.environ.get("CI"):
            raise
        return False


# Generous enough for a loaded machine (an honest call never nears 1 s), short enough for the attacks.
SETTINGS = grade.Settings(notebook_timeout=60, call_timeout=1.0, step_timeout=4)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    if not _sandbox_available():
        pytest.skip("no sandbox on this machine: apt-get install bubblewrap")
    folder = tmp_path_factory.mktemp("hostile")
    hostile_class.build(folder, ROOT)
    submitted = _files(folder)
    checkout = _tracked_files(ROOT)
    name, value = _RUN_TOKEN.split("=")
    os.environ[name] = value
    try:
        grade.grade_folder(folder, jobs=2, settings=SETTINGS, progress=False)
    finally:
        del os.environ[name]
    return folder, submitted, checkout, _files(folder / "grades")


def test_the_hostile_class_gets_exactly_its_gradebook(hostile):
    folder = hostile[0]
    lines = (folder / "grades" / "grades.csv").read_text(encoding="utf-8").splitlines()
    expected = ["broken.ipynb,broken,,,,,,,,,invalid JSON: Expecting property name enclosed in double quotes: "
                "line 1 column 2 (char 1)",
                "empty.ipynb,empty,,,,,,,,,not a chapter of this course (no exercise of ours in it)",
                "notes.txt,notes,,,,,,,,,not a notebook (.ipynb)"]
    for student, marks in hostile_class.EXPECTED.items():
        if student == "frank":  # chapter 1
            first, score = marks.rsplit(",", 1)
            expected.append(f"frank/ch02/01_functions.ipynb,frank,1,{first},,,,{score},")
        else:
            expected.append(f"{student}/ch02/{hostile_class.NOTEBOOK},{student},2,,,,{marks},")
    assert lines[0] == "submission,student,chapter,1.1,1.2,1.3,2.1,2.2,2.3,score,problem"
    assert lines[1:] == sorted(expected), "\n".join(lines)


def test_nobody_else_is_touched_and_nothing_is_left_running(hostile):
    folder, submitted, checkout, graded = hostile
    time.sleep(0.5)  # a process that survived would be at work by now
    assert _left_behind() == []
    assert {p: h for p, h in _files(folder).items() if "grades" not in p.relative_to(folder).parts} == submitted
    assert _files(folder / "grades") == graded
    assert _tracked_files(ROOT) == checkout
    assert not (ROOT / "planted.txt").exists() and not (folder / "planted.txt").exists()
    assert not (folder / "results.json").exists()


def _feedback(folder: Path, student: str) -> str:
    path = folder / "grades" / "feedback" / student / "ch02" / "02_derivatives.md"
    return " ".join(path.read_text(encoding="utf-8").split())


def test_feedback_says_what_happened(hostile):
    folder = hostile[0]
    said = {
        "sys_exit": "SystemExit",
        "sys_exit_at_import": "`_ = sys.exit('bye')` (the cell defining `forward_diff`, line 2) called sys.exit('bye')",
        "os_exit": "the process exited with code 0 before the checks finished",
        "os_exit_at_import": "`EXIT = os._exit(1)` (the cell defining `forward_diff`, line 2) ended the grading process",
        "kills_itself": "SIGKILL",
        "memory_hog": "MemoryError",
        "endless_loop": "did not finish within 1 s",
        "endless_no_alarm": "a step ran longer than its time limit",
        "huge_output": "printed more than 2048 kB",
        "helpers": "Not run by the grader (of your exercise cells, only definitions, imports and assignments to "
                   "plain names count): - `print('my tests pass')` - `forward_diff(np.sin, 1.0)`",
        "tampered": "- `def check(*args):` - `lecture_lib.exercises.check = check`",
        "wrong_sign": "The subtraction is the wrong way round",
        "blank": "## Exercise 2.1 (`forward_diff`): not written",
    }
    for student, text in said.items():
        assert text in _feedback(folder, student), (student, _feedback(folder, student))
    for honest in ("alice", "decorated"):
        assert "Not run" not in _feedback(folder, honest) and "failed" not in _feedback(folder, honest)
    summary = (folder / "grades" / "summary.md").read_text(encoding="utf-8")
    correct = sum(marks.startswith("1") for student, marks in hostile_class.EXPECTED.items() if student != "frank")
    assert f"| 2.1 | {correct} | {len(hostile_class.EXPECTED) - 1} |" in summary


def test_a_notebook_that_never_finishes_is_stopped_and_reported(tmp_path):
    if not _sandbox_available():
        pytest.skip("no sandbox on this machine: apt-get install bubblewrap")
    solution = json.loads(CHAPTER_2.read_text(encoding="utf-8"))
    fay = hostile_class._with_cell(solution, "central_diff",  # the default value is never computed
                                   "def central_diff(func, x, delta=next(n for n in iter(int, 1) if n)):\n"
                                   "    return 0\n")
    (tmp_path / "fay.ipynb").write_text(json.dumps(fay), encoding="utf-8")
    settings = grade.Settings(notebook_timeout=3, call_timeout=0.5)
    grade.grade_folder(tmp_path, jobs=1, settings=settings, progress=False)
    row = (tmp_path / "grades" / "grades.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    assert row[-1] == "timed out (more than 3 s)", row
    assert row[-2] == "0", row  # nothing could be checked: no marks
    feedback = (tmp_path / "grades" / "feedback" / "fay.md").read_text(encoding="utf-8")
    assert "Chapter 2: 0 of 3 exercises correct." in feedback
    assert _left_behind() == []


def test_nbgrader_files_are_not_submissions_and_a_single_student_folder_keeps_its_id(tmp_path):
    single = tmp_path / "submitted" / "carol"
    (single / "ch02").mkdir(parents=True)
    (single / "ch02" / "02_derivatives.ipynb").write_text(CHAPTER_2.read_text(encoding="utf-8"), encoding="utf-8")
    (single / "ch02" / "timestamp.txt").write_text("2026-12-08 01:00:00 UTC", encoding="utf-8")
    (single / "ch02" / ".ipynb_checkpoints").mkdir()
    (single / "ch02" / ".ipynb_checkpoints" / "02_derivatives-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    assert list(grade.submissions(single)) == ["carol/ch02/02_derivatives.ipynb"]
    assert list(grade.submissions(tmp_path / "submitted")) == ["carol/ch02/02_derivatives.ipynb"]
    assert grade.Graded("carol/ch02/02_derivatives.ipynb").row([])["student"] == ""
    assert grade._student_of("carol/ch02/02_derivatives.ipynb") == "carol"


def test_clear_errors_for_a_missing_or_empty_folder(tmp_path):
    with pytest.raises(SystemExit, match="no such folder"):
        grade.grade_folder(tmp_path / "nowhere")
    (tmp_path / "readme.txt").write_text("x")
    with pytest.raises(SystemExit, match="holds no notebook"):
        grade.grade_folder(tmp_path)


def test_without_a_sandbox_the_grader_refuses_and_says_why(tmp_path, monkeypatch):
    (tmp_path / "alice.ipynb").write_text(CHAPTER_2.read_text(encoding="utf-8"), encoding="utf-8")

    def unavailable():
        raise sandbox.Unavailable("this is darwin, not Linux")
    monkeypatch.setattr(sandbox, "backend", unavailable)
    with pytest.raises(SystemExit, match="refusing to run students' code without a sandbox: this is darwin"):
        grade.grade_folder(tmp_path, progress=False)
    assert not (tmp_path / "grades").exists()


def test_a_second_run_regrades_only_changed_files(hostile, monkeypatch):
    # Last: it changes the class folder the tests above compare with what was submitted.
    folder = hostile[0]
    before = (folder / "grades" / "grades.csv").read_text(encoding="utf-8")
    graded = []
    original = grade.grade_file
    monkeypatch.setattr(grade, "grade_file", lambda path, *a, **kw: graded.append(path.name) or original(path, *a, **kw))
    (folder / "notes.txt").write_text("changed", encoding="utf-8")
    grade.grade_folder(folder, jobs=2, settings=SETTINGS, progress=False)
    assert graded == ["notes.txt"]
    assert (folder / "grades" / "grades.csv").read_text(encoding="utf-8") == before
