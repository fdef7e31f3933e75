"""Both editions of every chapter, run for real.

- The student edition (generated into a temporary folder) executes top to bottom without
  an error, and every check cell says "Not yet written".
- The instructor edition executes cell by cell; right after each check cell, the exercise
  is redefined with every wrong answer registered in tests/wrong_answers.py and its check
  re-run: each must say "Wrong" with a message different from the correct one (and the
  correct solution's check says "Correct").
- Every exercise follows the conventions of lecture_lib/exercises.py (numbered heading,
  "Show solution" toggle, a check cell) and has at least one wrong answer registered.

One test class per chapter and edition, so pytest-xdist (--dist loadscope) runs them in
parallel; each class starts one kernel.
"""
from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import pytest

from course_tools.student_edition import BEGIN, END, find_exercises, generate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wrong_answers import WRONG_ANSWERS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
CELL_TIMEOUT = 600


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell) -> str:
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else text


def shown_text(cell) -> str:
    """What a cell displays as text: its result's text/plain, printed output."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] in ("execute_result", "display_data"):
            text = output.get("data", {}).get("text/plain", "")
            parts.append("".join(text) if isinstance(text, list) else text)
        elif output["output_type"] == "stream":
            text = output["text"]
            parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


def replace_solution(cell_source: str, code: str) -> str:
    """The cell with its solution region replaced by ``code``, indented like the markers."""
    lines = cell_source.split("\n")
    begin = next(i for i, line in enumerate(lines) if line.strip() == BEGIN)
    end = next(i for i, line in enumerate(lines) if line.strip() == END)
    indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
    body = textwrap.indent(textwrap.dedent(code).strip("\n"), indent).split("\n")
    return "\n".join(lines[:begin] + body + lines[end + 1:])


def new_client(path: Path):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "chapters")}},
    )
    return notebook, client


# ----------------------------------------------------------------- static checks (no kernel)

def all_exercises():
    return {path.stem: find_exercises(read(path)) for path in CHAPTERS}


def test_every_exercise_has_a_wrong_answer():
    missing = [f"{stem}: {exercise.name}" for stem, exercises in all_exercises().items()
               for exercise in exercises if not WRONG_ANSWERS.get(stem, {}).get(exercise.name)]
    assert not missing, "register wrong answers in tests/wrong_answers.py for: " + ", ".join(missing)


def test_no_wrong_answers_for_exercises_that_do_not_exist():
    known = {stem: {e.name for e in exercises} for stem, exercises in all_exercises().items()}
    stale = [f"{stem}: {name}" for stem, names in WRONG_ANSWERS.items() for name in names
             if name not in known.get(stem, set())]
    assert not stale, "wrong answers for unknown exercises: " + ", ".join(stale)


def test_wrong_answers_are_distinct_and_compile():
    for stem, exercises in WRONG_ANSWERS.items():
        for name, answers in exercises.items():
            bodies = [textwrap.dedent(a).strip() for a in answers]
            assert len(set(bodies)) == len(bodies), f"{stem}: {name} lists the same wrong answer twice"
            for body in bodies:
                compile(f"def {name}(*args):\n" + textwrap.indent(body, "    "), f"{stem}:{name}", "exec")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_exercises_follow_the_conventions(chapter):
    notebook = read(chapter)
    cells = notebook["cells"]
    exercises = find_exercises(notebook)
    number = int(chapter.stem.split("_")[0])
    headings = [m.group(1) for cell in cells if cell["cell_type"] == "markdown"
                for m in re.finditer(r"^### Exercise (\d+\.\d+)\b", source(cell), re.MULTILINE)]
    assert headings == [f"{number}.{k}" for k in range(1, len(exercises) + 1)], (
        f"{chapter.name}: expected one heading '### Exercise {number}.k' per exercise, numbered from 1; "
        f"found {headings} for {len(exercises)} exercises")
    names = [e.name for e in exercises]
    assert len(set(names)) == len(names), f"{chapter.name}: two exercises define the same function"
    for exercise in exercises:
        cell = cells[exercise.solution_cell]
        where = f"{chapter.name}, cell {exercise.solution_cell} ({exercise.name})"
        assert source(cell).count(BEGIN) == 1, f"{where}: one solution region per exercise cell"
        assert "hide-input" in cell["metadata"].get("tags", []), f"{where}: tag the cell 'hide-input'"
        prompts = cell["metadata"].get("mystnb", {})
        assert prompts.get("code_prompt_show") == "Show solution", f"{where}: set mystnb.code_prompt_show"
        assert prompts.get("code_prompt_hide") == "Hide solution", f"{where}: set mystnb.code_prompt_hide"
        assert exercise.check_cell is not None, f"{where}: no check cell after the exercise"
        check = source(cells[exercise.check_cell])
        assert re.search(r"check_(function|value)\(", check), f"{where}: the next code cell must be its check"
        assert exercise.name in check, f"{where}: the check cell does not mention {exercise.name}"


# ----------------------------------------------------------------- per chapter: run both editions

class _StudentEdition:
    chapter: Path

    @pytest.fixture(scope="class")
    @classmethod
    def student_run(cls, tmp_path_factory):
        """The student edition, generated into a temporary folder and executed top to bottom."""
        folder = tmp_path_factory.mktemp(f"student_{cls.chapter.stem}")
        [path] = generate([cls.chapter], folder)
        notebook, client = new_client(path)
        client.execute()  # raises CellExecutionError on any error
        return notebook

    def test_student_edition_runs_and_every_check_says_not_yet_written(self, student_run):
        for exercise in find_exercises(read(self.chapter)):
            text = shown_text(student_run.cells[exercise.check_cell])
            assert text.startswith("Not yet written: "), f"{exercise.name}: {text!r}"
            assert exercise.name in text

    def test_student_edition_has_no_solutions(self, student_run):
        for cell in student_run.cells:
            assert BEGIN not in source(cell) or cell.cell_type != "code"


class _InstructorEdition:
    chapter: Path

    @pytest.fixture(scope="class")
    @classmethod
    def instructor_run(cls):
        """{exercise: (correct check text, [(wrong answer, its check text), ...])}."""
        exercises = {e.check_cell: e for e in find_exercises(read(cls.chapter))}
        wrongs = WRONG_ANSWERS.get(cls.chapter.stem, {})
        notebook, client = new_client(cls.chapter)
        results = {}
        with client.setup_kernel():
            for index in range(len(notebook.cells)):
                cell = notebook.cells[index]
                if cell.cell_type != "code":
                    continue
                client.execute_cell(cell, index)
                exercise = exercises.get(index)
                if exercise is None:
                    continue
                correct_check = notebook.cells[index]
                solution = notebook.cells[exercise.solution_cell]
                tried = []
                for code in wrongs.get(exercise.name, []):
                    wrong_solution = solution.copy()
                    wrong_solution.source = replace_solution(source(solution), code)
                    wrong_solution.outputs = []
                    client.execute_cell(wrong_solution, exercise.solution_cell)
                    wrong_check = correct_check.copy()
                    wrong_check.outputs = []
                    client.execute_cell(wrong_check, index)
                    tried.append((code, shown_text(wrong_check)))
                # Restore the correct definition (and the cells) before the notebook goes on.
                client.execute_cell(solution.copy(), exercise.solution_cell)
                notebook.cells[exercise.solution_cell] = solution
                notebook.cells[index] = correct_check
                results[exercise.name] = (shown_text(correct_check), tried)
        return results

    def test_instructor_checks_say_correct(self, instructor_run):
        assert sorted(instructor_run) == sorted(e.name for e in find_exercises(read(self.chapter)))
        for name, (correct, _) in instructor_run.items():
            assert correct.startswith("Correct: "), f"{name}: {correct!r}"

    def test_every_wrong_answer_is_called_wrong(self, instructor_run):
        for name, (correct, tried) in instructor_run.items():
            assert len(tried) == len(WRONG_ANSWERS.get(self.chapter.stem, {}).get(name, []))
            for code, text in tried:
                mistake = textwrap.dedent(code).strip().splitlines()[0]
                assert text.startswith("Wrong: "), f"{name} accepted a wrong answer ({mistake}): {text!r}"
                assert text != correct


# One class per chapter and edition: pytest-xdist (--dist loadscope) runs them in parallel.
for _path in CHAPTERS:
    _stem = re.sub(r"\W", "_", _path.stem)
    for _base in (_StudentEdition, _InstructorEdition):
        _name = f"Test{_base.__name__[1:]}_{_stem}"
        globals()[_name] = type(_name, (_base,), {"chapter": _path})
del _path, _stem, _base, _name
