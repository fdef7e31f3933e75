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

from course_tools.student_edition import BEGIN, END, find_exercises, kept_cells, student_notebook
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
    # The edition leaves out the cells the book removes (the decks' slide-only cells).
    kept = kept_cells(instructor)
    for exercise, number in zip(found, registered):
        check = _source(student["cells"][kept.index(exercise.check_cell)])
        match = CHECK_CELL.match(check)
        assert match and match.group(2) == number, (
            f"{path.name}: the check cell of exercise {number} must be only `check(\"{number}\")`, got:\n{check}")
    # Lines that are already public elsewhere in the chapter (a plot's own code) give nothing away.
    secret = _solution_lines(instructor) - _code_outside_solutions(instructor)
    text = "\n".join(_source(c) for c in student["cells"])
    leaked = sorted(line for line in secret if len(line) > 12 and line in text)
    assert not leaked, f"{path.name}: solution lines visible in the student edition: {leaked}"
    assert "lambda" not in "\n".join(_source(student["cells"][kept.index(e.check_cell)]) for e in found)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_notebooks_open_in_jupyterlab_unmodified(path):
    """JupyterLab rewrites a kernelspec that differs from its own: the notebook would open as modified."""
    kernelspec = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("kernelspec")
    assert kernelspec == {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


# --------------------------------------------------------------------------- no solution code in the student's hands

def _wheel_files(tmp_path_factory) -> dict[str, str]:
    import zipfile

    from course_tools import student_kit

    wheel = student_kit.build_wheel(ROOT, tmp_path_factory.mktemp("wheel"))
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory):
    return _wheel_files(tmp_path_factory)


def test_the_kits_wheel_holds_lecture_lib_and_its_key_data_only(wheel_files):
    packages = {name.split("/")[0] for name in wheel_files if not name.split("/")[0].endswith(".dist-info")}
    assert packages == {"lecture_lib"}, f"the student's wheel holds {sorted(packages)}: course_tools is the instructor's"
    assert {f"lecture_lib/exercises/key/chapter_{n:02d}.json" for n in exercises_chapters()} <= set(wheel_files)


def exercises_chapters():
    from lecture_lib.exercises import CHAPTERS

    return CHAPTERS


def test_no_solution_line_and_no_reference_or_mistake_code_is_in_the_wheel(wheel_files):
    """No solution line of the instructor notebooks is in the exercise checks the student installs, and no line of
    the references and known mistakes (course_tools/exercise_key) is anywhere in the wheel.

    (The lecture's own modules — functions, calculus, matrix, multi_input, xor — are what the chapters show with
    show_source; a line they share with a solution is the lecture's. That none of their functions computes an
    answer the task does not forbid is the next test.)"""
    code = "\n".join(text for name, text in wheel_files.items() if name.endswith(".py"))
    checks = "\n".join(text for name, text in wheel_files.items()
                       if name.startswith("lecture_lib/exercises/") and name.endswith(".py"))
    instructor_lines = set()
    for path in CHAPTERS:
        instructor = json.loads(path.read_text(encoding="utf-8"))
        instructor_lines |= _solution_lines(instructor) - _code_outside_solutions(instructor)
    key_lines = set()
    for path in (ROOT / "course_tools" / "exercise_key").glob("chapter_*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if "lambda" in line or line.startswith("return "):
                key_lines.add(line.split("lambda", 1)[-1].strip() if "lambda" in line else line)
    check_lines = {line.strip() for line in checks.splitlines()}
    code_lines = {line.strip() for line in code.splitlines()}
    leaked = sorted({line for line in instructor_lines if len(line) > 16 and line in check_lines}
                    | {line for line in key_lines if len(line) > 16 and (line in code_lines or f"lambda {line}" in code)})
    assert not leaked, f"solution or reference code in the student's wheel: {leaked[:10]}"


LIBRARY_MODULES = ("functions", "calculus", "matrix", "multi_input", "xor", "exercises", "exercises.engine",
                   "exercises.judging", "exercises.running", "exercises.values", "exercises.general",
                   "exercises.registry", "exercises.rules") + tuple(f"exercises.chapter_{n:02d}" for n in range(1, 8))


def _library_functions():
    """Every function lecture_lib's computing modules hold: module level, in containers, in exercises' fields."""
    import dataclasses
    import importlib
    import types

    found, stack, seen = [], [], set()
    for name in LIBRARY_MODULES:
        module = importlib.import_module(f"lecture_lib.{name}")
        stack += list(vars(module).values())
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, types.ModuleType):
            continue
        seen.add(id(obj))
        if isinstance(obj, (list, tuple, set)):
            stack += list(obj)
        elif isinstance(obj, dict):
            stack += list(obj.values())
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            stack += [getattr(obj, f.name) for f in dataclasses.fields(obj)]
        elif isinstance(obj, types.FunctionType) and obj.__module__.startswith("lecture_lib"):
            found.append(obj)
            stack += [c.cell_contents for c in obj.__closure__ or () if _filled(c)]
            stack += list(obj.__defaults__ or ())
    return found


def _filled(cell) -> bool:
    try:
        cell.cell_contents
        return True
    except ValueError:
        return False


def test_no_function_of_lecture_lib_computes_an_exercises_answer_unless_the_task_forbids_it():
    """Called on every exercise's inputs, no function the student's lecture_lib holds gives the expected values
    everywhere, except the lecture's own functions the task forbids (lecture_lib's `deriv` is chapter 2's subject)."""
    import inspect

    from course_tools.exercise_key import grading_inputs, keys
    from lecture_lib.exercises import exercises
    from lecture_lib.exercises.engine import close
    from lecture_lib.exercises.running import call

    functions = _library_functions()
    assert len(functions) > 100
    for number, key in keys().items():
        if key.reference is None:
            continue
        exercise = exercises()[number]
        allowed = {id(target) for rule in exercise.forbidden for _, target in rule.objects()}
        inputs = grading_inputs(number)
        expected = [key.reference(*args) for args in inputs]
        for func in functions:
            try:
                inspect.signature(func).bind(*inputs[0])
            except (TypeError, ValueError):
                continue
            if id(func) in allowed:
                continue
            agrees = True
            for args, wanted in zip(inputs, expected):
                outcome = call(func, args, time_limit=1.0)
                if outcome.error or outcome.not_written is not None or not close(outcome.value, wanted, 1e-6, 1e-9):
                    agrees = False
                    break
            assert not agrees, f"lecture_lib's {func.__module__}.{func.__qualname__} computes exercise {number}'s answer"
